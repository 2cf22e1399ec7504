"""Posts, digests, exports and links to the sentence on the search page, in real headless Chromium
against a real `quotebank serve` (issues 11 and 14).

Quotes are captured through the API with their page's HTML, so the server extracts and stores the
article text and links to the sentence, as it does for the extension. The article itself is
served by a second local HTTP server, so Chromium can follow a generated link to it.
"""

import http.server
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from indexer.bank import QuoteBank
from tests.support.browser import launch_chromium, require_chromium
from tests.support.png import rgb_pixels
from tests.support.server import ServerProcess

pytestmark = pytest.mark.browser

FILLER = "".join(
    f"<p>Paragraph {n} about soil, water, roots and the slow work of keeping a street tree"
    " alive through its first summers, long enough to push the sentence far down.</p>"
    for n in range(40)
)
SENTENCE = (
    "The cheapest air conditioner a city can buy is a tree that lives long enough to grow up."
)
ARTICLE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Street trees | Streets Quarterly</title>
<meta property="og:site_name" content="Streets Quarterly"><meta name="author" content="Marta Okafor">
</head><body><article><h1>Street trees</h1>{FILLER}
<p id="target">Cities plant trees every spring. {SENTENCE} Most of them die before that.</p>
{FILLER}</article></body></html>"""


class _Article(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = ARTICLE.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture(scope="module")
def article_url() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Article)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{httpd.server_address[1]}/2022/tree-pits"
    httpd.shutdown()
    httpd.server_close()


def wait_until(check: Callable[[], Any], what: str, timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def server(tmp_path_factory, article_url) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("page-posts") / "data"
    book = {"text": "Trust is built by doing.", "title": "The Culture Map", "author": "Erin Meyer"}
    with QuoteBank.open(folder) as bank:  # as `quotebank import` does a Kindle clipping
        bank.import_records([{**book, "id": "7d4f1c2e-8b3a-4e6f-9a1d-2c5b8e7f0a13"}])
    server = ServerProcess(folder).start()
    server.ids = {"book": "7d4f1c2e-8b3a-4e6f-9a1d-2c5b8e7f0a13"}

    def capture(name: str, **body: Any) -> None:
        response = requests.post(
            server.url + "/api/quotes", json=body, headers=server.headers, timeout=10
        )
        assert response.status_code == 201, response.text
        server.ids[name] = response.json()["id"]

    capture("tree", text=SENTENCE, url=article_url, html=ARTICLE, tags=["cities", "trees"])
    capture("plain", text="Paste-ready *digest* text", url="https://e.example/x", tags=["zz"])
    capture("long", text="word " * 400 + "end.", url="https://e.example/long", tags=["cities"])

    def ready() -> bool:
        quote = requests.get(
            f"{server.url}/api/quotes/{server.ids['tree']}", headers=server.headers, timeout=10
        ).json()
        return quote["status"] == "ready" and quote["link"]

    wait_until(ready, "the article to be extracted")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with require_chromium().sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server, tmp_path) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == []


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def api(server: ServerProcess, path: str, **params: Any) -> Any:
    response = requests.get(server.url + path, params=params, headers=server.headers, timeout=10)
    response.raise_for_status()
    return response.json()


def open_search(page: Any, server: ServerProcess, query: str) -> None:
    page.goto(f"{server.url}/?q={query}")
    page.wait_for_selector("html[data-ready]")


def card(page: Any, server: ServerProcess, name: str) -> Any:
    return page.locator(f'#results li.quote[data-id="{server.ids[name]}"]')


# -- links to the sentence (issue 14) ----------------------------------------------------------


def test_a_generated_link_scrolls_chromium_to_the_sentence_and_highlights_it(
    page, server, article_url
):
    link = api(server, f"/api/quotes/{server.ids['tree']}")["link"]
    assert link.startswith(article_url + "#:~:text=")
    # Without the fragment the page opens at its top: the control for what follows.
    page.goto(article_url)
    assert page.evaluate("window.scrollY") == 0
    page.goto(link)
    # Chromium scrolls the first match into view (the sentence is ~40 paragraphs down) ...
    wait_until(lambda: page.evaluate("window.scrollY") > 1000, "the scroll to the sentence")
    box = page.locator("#target").bounding_box()
    assert 0 <= box["y"] < 900, box  # the paragraph with the sentence is on screen
    # ... and paints it with the ::target-text highlight: the same paragraph, screenshotted
    # without the fragment, has no pixel of that colour.
    page.add_style_tag(content="::target-text { background: rgb(255, 0, 255); color: black; }")
    highlighted = page.locator("#target").screenshot()
    page.goto(article_url)
    page.add_style_tag(content="::target-text { background: rgb(255, 0, 255); color: black; }")
    plain = page.locator("#target").screenshot()
    assert _magenta(highlighted) > 500 and _magenta(plain) == 0


def _magenta(png: bytes) -> int:
    """How many pixels of the screenshot are the ::target-text colour."""
    return sum(1 for r, g, b in rgb_pixels(png) if r > 240 and g < 20 and b > 240)


def test_the_source_link_on_a_result_carries_the_fragment(page, server):
    open_search(page, server, "conditioner")
    link = api(server, f"/api/quotes/{server.ids['tree']}")["link"]
    source = card(page, server, "tree").locator('[data-action="source"]')
    expect(source).to_have_attribute("href", link)
    site = card(page, server, "tree").locator(".quote__attribution a")
    expect(site).to_have_attribute("href", link)


def test_a_book_quote_shows_its_book(page, server):
    open_search(page, server, "trust")
    expect(card(page, server, "book").locator(".quote__attribution")).to_have_text(
        "- Erin Meyer, The Culture Map"
    )


# -- the post preview (issue 11) ---------------------------------------------------------------


def test_copy_is_disabled_and_explained_when_the_post_is_over_the_limit(page, server):
    open_search(page, server, "conditioner")
    card(page, server, "tree").get_by_role("button", name="Copy as post").click()
    area = page.locator("#post-text")
    post = api(server, f"/api/quotes/{server.ids['tree']}/post", network="x")
    expect(area).to_have_value(post["text"])
    copy = page.get_by_role("button", name="Copy post")
    expect(copy).to_be_enabled()
    expect(page.locator("#post-copy-why")).to_be_hidden()
    area.fill("x" * 281)
    expect(copy).to_be_disabled()
    why = page.locator("#post-copy-why")
    expect(why).to_be_visible()
    expect(why).to_have_text(re.compile(r"^Copy is off: the post is 1 over X's limit\."))
    expect(copy).to_have_attribute("aria-describedby", "post-copy-why")
    area.press("Backspace")
    expect(copy).to_be_enabled()
    expect(why).to_be_hidden()


# -- the digest (issue 11) ---------------------------------------------------------------------


def _pick(page, server, query: str, name: str) -> None:
    open_search(page, server, query)
    card(page, server, name).get_by_role("checkbox", name="Add to Digest").check()


def _compose(server: ServerProcess, **body: Any) -> str:
    response = requests.post(
        server.url + "/api/compose", json=body, headers=server.headers, timeout=10
    )
    response.raise_for_status()
    return response.json()["text"]


def test_digest_html_is_copied_as_html_with_a_plain_text_alternative(page, server):
    _pick(page, server, "conditioner", "tree")
    page.get_by_role("link", name=re.compile("^Digest")).click()
    page.get_by_label("HTML").check()
    composed = _compose(server, ids=[server.ids["tree"]], format="html", groups=["cities"])
    expect(page.locator("#digest-output")).to_have_value(composed)
    page.get_by_role("button", name="Copy digest").click()
    expect(page.locator("#digest-status")).to_have_text("Copied.")
    types, html, text = page.evaluate(
        """async () => {
          const [item] = await navigator.clipboard.read();
          const html = await (await item.getType('text/html')).text();
          const text = await (await item.getType('text/plain')).text();
          return [item.types, html, text];
        }"""
    )
    assert "text/html" in types and "text/plain" in types
    assert "<blockquote>" in html and text == composed


def test_digest_title_intro_each_tag_and_order_of_groups_and_quotes(page, server):
    _pick(page, server, "conditioner", "tree")
    _pick(page, server, "digest", "plain")
    page.get_by_role("link", name=re.compile("^Digest")).click()
    output = page.locator("#digest-output")
    page.get_by_label("Title").fill("Street reading")
    page.get_by_label(re.compile("^Introduction")).fill("What I kept this week.")
    page.get_by_label(re.compile("under each of its tags")).check()
    groups = page.locator("#digest-groups .picked__text")
    expect(groups).to_have_text(["cities", "trees", "zz"])
    # Move "zz" to the top, then the second quote above the first.
    page.get_by_role("button", name="Move the group “zz” up").click()
    expect(page.get_by_role("button", name="Move the group “zz” up")).to_be_focused()
    page.get_by_role("button", name="Move the group “zz” up").click()
    expect(groups).to_have_text(["zz", "cities", "trees"])
    page.get_by_role("button", name="Move “Paste-ready *digest* text” up").click()
    ids = [server.ids["plain"], server.ids["tree"]]
    expected = _compose(
        server,
        ids=ids,
        format="markdown",
        title="Street reading",
        intro="What I kept this week.",
        groups=["zz", "cities", "trees"],
        each_tag=True,
    )
    expect(output).to_have_value(expected)
    text = output.input_value()
    assert text.startswith("# Street reading\n\nWhat I kept this week.\n\n## zz\n")
    assert text.count(f"> {SENTENCE}") == 2  # under "cities" and under "trees"
    assert "Paste-ready \\*digest\\* text" in text and "Paste\\-ready" not in text
    # The choices survive a reload, like the pick.
    page.reload()
    page.wait_for_selector("html[data-ready]")
    expect(page.get_by_label("Title")).to_have_value("Street reading")
    expect(output).to_have_value(expected)


def test_a_card_copies_as_markdown_written_by_the_server(page, server):
    open_search(page, server, "trust")
    card(page, server, "book").get_by_role("button", name="Markdown", exact=True).click()
    expect(page.locator("#toasts")).to_contain_text("Copied as Markdown.")
    expected = _compose(server, ids=[server.ids["book"]], grouped=False).removesuffix("\n")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert expected.endswith("-\u00a0Erin Meyer, The Culture Map")


# -- export from the page (issue 11) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "name", "check"),
    [
        ("JSON", "quotebank.json", lambda text: '"quotebank_export"' in text),
        ("CSV", "quotebank.csv", lambda text: text.startswith("text,")),
        ("Markdown", "quotebank.md", lambda text: "## Street trees" in text),
    ],
)
def test_export_menu_saves_a_download_fetched_with_the_token_header(
    page, server, tmp_path, label, name, check
):
    requests_seen: list[Any] = []
    page.on("request", lambda request: requests_seen.append(request))
    open_search(page, server, "")
    page.get_by_text("Export", exact=True).click()
    with page.expect_download() as info:
        page.locator("#export-menu").get_by_role("button", name=re.compile(f"^{label}")).click()
    download = info.value
    assert download.suggested_filename == name
    saved = Path(tmp_path) / name
    download.save_as(saved)
    assert check(saved.read_text("utf-8"))
    expect(page.locator("#export-status")).to_contain_text(f"Saved {name}")
    (request,) = [r for r in requests_seen if "/api/export" in r.url]
    assert request.headers["authorization"] == f"Bearer {server.token}"
    assert server.token not in request.url  # never in the address
