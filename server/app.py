"""The Flask application factory: one QuoteBank per app, blueprints for the API and the pages."""

from pathlib import Path
from typing import Any

from flask import Flask

from indexer import paths
from indexer.bank import DEFAULT_MAX_HTML, QuoteBank
from server import api, errors, limits, pages, remote, security, tokens

DEFAULT_PORT = 8765
# The request body may hold the page HTML (up to max_html) plus the quote and its context.
BODY_OVERHEAD = 256 * 1024


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. `config` overrides the defaults (tests pass DATA_DIR, PORT, BACKGROUND...)."""
    app = Flask(__name__)
    app.config.update(
        DATA_DIR=None,
        PORT=DEFAULT_PORT,
        EXTRA_HOSTS=(),
        REMOTE=False,  # serve --allow-remote: the page needs a sign-in too (server/remote.py)
        MAX_HTML=DEFAULT_MAX_HTML,
        BACKGROUND=True,
        EXTRACT_TIMEOUT=5.0,
        INDEX_PROGRESS=None,  # told of quotes indexed if opening the folder rebuilds the index
    )
    app.config.update(config or {})
    app.json.sort_keys = False  # answers keep design.md's field order
    folder = paths.data_dir(app.config["DATA_DIR"])
    app.config["DATA_DIR"] = str(folder)
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_HTML"] + BODY_OVERHEAD
    app.config["ALLOWED_HOSTS"] = security.allowed_hosts(
        app.config["PORT"], tuple(app.config["EXTRA_HOSTS"])
    )
    if "QUOTEBANK_TOKEN" not in app.config:
        app.config["QUOTEBANK_TOKEN"] = tokens.load_or_create(folder)
    app.extensions["quotebank"] = QuoteBank(
        folder,
        background=app.config["BACKGROUND"],
        max_html=app.config["MAX_HTML"],
        extract_timeout=app.config["EXTRACT_TIMEOUT"],
        index_progress=app.config["INDEX_PROGRESS"],
    )
    security.install(app)
    limits.install(app)  # after the security checks: a refused request takes no slot
    errors.install(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(remote.bp)
    return app


def close_app(app: Flask) -> None:
    """Stop the background workers (the index writer commits) and close the store."""
    app.extensions["quotebank"].close()


def extension_folder() -> Path:
    """Where the unpacked browser extension lives in a source checkout."""
    return Path(__file__).resolve().parent.parent / "extension"
