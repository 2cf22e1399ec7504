"""The search page as the server renders it (Flask test client): no browser needed.

The browser behaviour is in tests/test_search_page.py; here, what the HTML and the headers must
hold for that behaviour to be safe: the token only in a same-origin page that is never cached,
the strict CSP with no inline script or style, captured or typed strings escaped.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from indexer.twitter_text import known_tlds
from server.app import extension_folder
from server.pages import SEARCH_PARAMS

STATIC = Path(__file__).resolve().parent.parent / "server" / "static"


class Elements(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(html)
    return parser.tags


def test_page_carries_the_token_and_is_never_cached(app, client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "no-store"
    metas = [attrs for tag, attrs in elements(response.text) if tag == "meta"]
    token = next(m["content"] for m in metas if m.get("name") == "quotebank-token")
    assert token == app.config["QUOTEBANK_TOKEN"]


def test_page_has_the_strict_csp_and_nothing_inline(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    for tag, attrs in elements(response.text):
        assert "style" not in attrs, f"<{tag} style=...> is blocked by the CSP"
        assert not any(name.startswith("on") for name in attrs), f"<{tag}> has an inline handler"
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/"), "inline or foreign script"
        if tag == "link" and attrs.get("rel") == "stylesheet":
            assert attrs["href"].startswith("/static/")
    assert "<style" not in response.text


def test_page_has_no_cors_and_refuses_a_foreign_host(anon_client):
    response = anon_client.get("/", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers
    assert anon_client.get("/", base_url="http://evil.example:8765").status_code == 403


@pytest.mark.parametrize(
    "value",
    [
        '"><script>alert(1)</script>',
        "<img src=x onerror=alert(1)>",
        "{{7*7}}",
        "' autofocus onfocus='alert(1)",
    ],
)
def test_search_parameters_prefill_the_form_escaped(anon_client, value):
    query = {name: value for name in SEARCH_PARAMS}
    html = anon_client.get("/", query_string=query).text
    values = {
        attrs.get("id"): attrs.get("value") for tag, attrs in elements(html) if tag == "input"
    }
    for field in ("q", "f-tag", "f-site", "f-author", "f-since", "f-until"):
        assert values[field] == value  # the parser got the exact string back: nothing broke out
    # ... and {{7*7}} came back as written: Jinja escapes values, it never evaluates them.
    assert "<script>alert" not in html and "<img src=x" not in html


def test_filters_open_when_the_address_sets_one(anon_client):
    closed = anon_client.get("/?q=garden").text
    opened = anon_client.get("/?tag=climate").text
    assert '<details class="filters" id="filters">' in closed
    assert '<details class="filters" id="filters" open>' in opened


def test_connect_panel_shows_the_extension_folder_and_address(anon_client):
    html = anon_client.get("/").text
    values = {
        attrs.get("id"): attrs.get("value") for tag, attrs in elements(html) if tag == "input"
    }
    assert values["extension-folder"] == str(extension_folder())
    assert values["server-url"] == "http://127.0.0.1:8765"


def test_every_network_is_offered_with_its_limit(anon_client):
    from indexer.posts import NETWORKS

    radios = [
        attrs
        for tag, attrs in elements(anon_client.get("/").text)
        if tag == "input" and attrs.get("name") == "post-network"
    ]
    assert [r["value"] for r in radios] == list(NETWORKS)
    assert [int(r["data-limit"]) for r in radios] == [n.limit for n in NETWORKS.values()]


def test_tld_list_for_the_browser_is_the_python_one(anon_client):
    response = anon_client.get("/twitter-text/tlds.txt")
    assert response.status_code == 200
    listed = {
        line.strip().lower()
        for line in response.text.splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert listed == known_tlds()


def test_every_static_file_the_page_uses_is_served(anon_client):
    html = anon_client.get("/").text
    urls = [
        attrs.get("src") or attrs.get("href")
        for tag, attrs in elements(html)
        if tag in ("script", "link")
    ]
    # ES modules import one another: follow the imports too.
    pending = [url for url in urls if url and url.startswith("/static/")]
    seen = set()
    while pending:
        url = pending.pop()
        if url in seen:
            continue
        seen.add(url)
        response = anon_client.get(url)
        assert response.status_code == 200, url
        if url.endswith(".js"):
            for name in re.findall(r"from '\./([\w-]+\.js)'", response.text):
                pending.append(url.rsplit("/", 1)[0] + "/" + name)
    assert "/static/js/main.js" in seen and len([u for u in seen if u.endswith(".js")]) >= 10


def test_scripts_never_write_html_from_strings():
    # The rule the page's safety rests on: captured text goes in with textContent. Nothing
    # may assign innerHTML/outerHTML or call insertAdjacentHTML, document.write or eval.
    forbidden = re.compile(
        r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function"
    )
    for path in (STATIC / "js").glob("*.js"):
        code = re.sub(r"^\s*//.*$", "", path.read_text("utf-8"), flags=re.MULTILINE)
        assert not forbidden.search(code), path.name


def test_error_page_stylesheet_exists(anon_client):
    response = anon_client.get("/static/error.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
