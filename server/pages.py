"""The local search page at /, and the one data file its scripts need.

The page is rendered with the API token in a <meta> tag so that its scripts can call /api. That is
safe only because no other site can read this page: there is no CORS on it, the Host allow-list
(server/security.py) defeats DNS rebinding, and `no-store` keeps the token out of the disk cache.
Everything else (search, edits, posts) happens in server/static/js through the JSON API.
"""

from importlib import resources

from flask import Blueprint, Response, current_app, render_template, request

from indexer import __version__
from indexer.posts import NETWORKS
from server.invocation import cli_command

bp = Blueprint("pages", __name__)

# The query parameters of the search form; /?q=... (the extension's popup) pre-fills the search.
SEARCH_PARAMS = ("q", "tag", "site", "author", "since", "until", "sort", "mode")


@bp.get("/")
def index() -> Response:
    # Imported here: server.app imports this module while it is being built.
    from server.app import extension_folder

    params = {name: request.args.get(name, "")[:1000] for name in SEARCH_PARAMS}
    html = render_template(
        "index.html",
        token=current_app.config["QUOTEBANK_TOKEN"],
        params=params,
        filters_open=any(params[name] for name in SEARCH_PARAMS[1:6]),
        networks=NETWORKS.values(),
        extension_folder=str(extension_folder()),
        server_url=request.host_url.rstrip("/"),
        version=__version__,
        command=cli_command(),  # hints on the page name the command as it runs here
    )
    response = Response(html, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/twitter-text/tlds.txt")
def tlds() -> Response:
    """The top-level domains X links (indexer/data/tlds.txt), so the browser's counter finds the
    same links as indexer/twitter_text.py without a second copy of the list to keep in step."""
    text = resources.files("indexer").joinpath("data/tlds.txt").read_text("utf-8")
    response = Response(text, mimetype="text/plain")
    response.headers["Cache-Control"] = "max-age=86400"
    return response
