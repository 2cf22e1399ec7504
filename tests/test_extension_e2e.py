"""End-to-end: the browser extension in real headless Chromium against a real `quotebank serve`.

The extension is loaded unpacked from extension/, set up through its own options page, and
saves selections from pages served on loopback (tests/extension_site/) through the same
function the context menu and the keyboard shortcut use (globalThis.quotebank.saveSelection).
"""

import functools
import http.server
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.support.browser import launch_with_extension, require_chromium
from tests.support.server import ServerProcess, free_port

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
EXTENSION = ROOT / "extension"
SITE = Path(__file__).resolve().parent / "extension_site"

QUOTE = "Innovation has to become a distributed activity"
PARAGRAPH = (
    "The lesson from our interviews is plain. Innovation has to become a distributed activity, "
    "spread across the whole company and its partners, or it does not happen at all. Teams that "
    "waited for headquarters were overtaken by those that did not."
)
BROWSER_TITLE = "The Distributed Innovation Manifesto - Gigaom Research"
HEADLINE = "The Distributed Innovation Manifesto"


@pytest.fixture(scope="module")
def sync_api():
    return require_chromium()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """tests/extension_site/ over HTTP on loopback (the extension may script 127.0.0.1 pages)."""
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def wait_for(
    check: Callable[[], Any],
    what: str,
    timeout: float = 15.0,
    pause: Callable[[], Any] | None = None,
) -> Any:
    """Poll `check` until it gives something true. `pause` waits between polls; Playwright's sync
    API only takes in browser events (a page navigating, say) while one of its calls runs."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        (pause or (lambda: time.sleep(0.1)))()


class Extension:
    """The loaded extension: its service worker, its pages, and the browser around it."""

    def __init__(self, context: Any, worker: Any, sync_api: Any) -> None:
        self.context = context
        self.worker = worker
        self.expect = sync_api.expect
        self.base = worker.url.rsplit("/background/", 1)[0]

    def pause(self) -> None:
        self.run("() => new Promise((resolve) => setTimeout(resolve, 100))")

    def run(self, script: str, arg: Any = None) -> Any:
        """Evaluate `script` (a JS function of one argument) in the service worker."""
        return self.worker.evaluate(script, arg)

    def options_tab(self) -> Any:
        for page in self.context.pages:
            if page.url == f"{self.base}/options/options.html":
                return page
        return None

    def open_options(self) -> Any:
        page = self.context.new_page()
        page.goto(f"{self.base}/options/options.html")
        self.expect(page.locator("#server")).not_to_have_value("")
        return page

    def configure(self, server_url: str, token: str) -> Any:
        """Fill the options page and click Save, as a user would; returns the page."""
        page = self.open_options()
        page.fill("#server", server_url)
        page.fill("#token", token)
        page.click("#save")
        # Save tests what it saved at once; wait for that check to end.
        status = page.locator("#status")
        self.expect(status).to_contain_text("Saved")
        self.expect(status).not_to_contain_text("Testing")
        return page

    def test_connection(self, page: Any, pattern: str) -> str:
        page.click("#test")
        status = page.locator("#status")
        self.expect(status).not_to_have_text("Testing…")
        self.expect(status).to_contain_text(pattern)
        return status.inner_text()

    def open_and_select(self, url: str, script: str) -> tuple[Any, int]:
        """Open `url` in a tab, run `script` there to select text; (page, tab id)."""
        page = self.context.new_page()
        page.goto(url)
        page.bring_to_front()
        selected = page.evaluate(script)
        assert selected.strip(), "the page script selected nothing"
        tab_id = self.run("async (url) => (await chrome.tabs.query({ url }))[0].id", url)
        return page, tab_id

    def save(self, tab_id: int) -> dict[str, Any]:
        return self.run("(tabId) => globalThis.quotebank.saveSelection(tabId)", tab_id)

    def retry(self) -> dict[str, Any]:
        return self.run("() => globalThis.quotebank.retryQueue()")

    def badge(self) -> str:
        return self.run("() => chrome.action.getBadgeText({})")

    def lists(self) -> dict[str, list[dict[str, Any]]]:
        return self.run("() => globalThis.quotebank.readLists()")

    def record_posts(self) -> None:
        """Keep every body the worker sends, to check what went over the wire."""
        self.run(
            """() => {
              const send = globalThis.fetch;
              globalThis.sentBodies = [];
              globalThis.fetch = (url, init) => {
                if (init?.method === 'POST') globalThis.sentBodies.push(JSON.parse(init.body));
                return send(url, init);
              };
            }"""
        )

    def posts(self) -> list[dict[str, Any]]:
        return self.run("() => globalThis.sentBodies")


@pytest.fixture
def extension(sync_api, tmp_path) -> Iterator[Extension]:
    with sync_api.sync_playwright() as playwright:
        context = launch_with_extension(playwright, tmp_path / "profile", EXTENSION)
        try:
            worker = (
                context.service_workers[0]
                if context.service_workers
                else context.wait_for_event("serviceworker", timeout=20_000)
            )
            loaded = Extension(context, worker, sync_api)
            # A first install opens the options page; let that happen before the test opens
            # its own pages, so two navigations cannot race.
            welcome = wait_for(
                loaded.options_tab, "the options page opened on install", pause=loaded.pause
            )
            welcome.close()
            yield loaded
        finally:
            context.close()


def select_quote() -> str:
    """JS for the article page: select the emphasised sentence, as a reader would."""
    return """() => {
      const range = document.createRange();
      range.selectNodeContents(document.querySelector('#quote-paragraph em'));
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return selection.toString();
    }"""


def stored_quotes(server: ServerProcess) -> dict[str, Any]:
    reply = requests.get(f"{server.url}/api/quotes", headers=server.headers, timeout=10)
    reply.raise_for_status()
    return reply.json()


def _version(server: ServerProcess) -> str:
    return requests.get(f"{server.url}/api/health", timeout=10).json()["version"]


def test_options_page_sets_the_server_and_says_what_is_wrong(extension, server_factory, site):
    server = server_factory().start()
    page = extension.configure(server.url, "not-the-token")
    extension.expect(page.locator("#status")).to_contain_text(
        "Saved, but the server refused this token."
    )
    message = extension.test_connection(page, "Wrong token")
    assert message.startswith('The saved token was refused. Wrong token: run "quotebank token"')

    page.fill("#token", server.token)
    page.click("#save")
    extension.expect(page.locator("#status")).to_contain_text("Saved. Connected")
    message = extension.test_connection(page, "Connected")
    assert message == f"Connected to quotebank {_version(server)} at {server.url}: 0 quotes stored."
    stored = extension.run("async () => (await chrome.storage.local.get('settings')).settings")
    assert stored == {"serverUrl": server.url, "token": server.token}
    assert page.get_attribute("#search-link", "href") == f"{server.url}/"

    # Save checks what it saved: a wrong address is named at once.
    nobody = f"http://127.0.0.1:{free_port()}"
    page.fill("#server", nobody)
    page.click("#save")
    extension.expect(page.locator("#status")).to_contain_text(
        f"Saved, but it does not work yet. Not running: nothing answers at {nobody}"
    )
    page.fill("#server", site)  # a web server, but not quotebank
    page.click("#save")
    extension.expect(page.locator("#status")).to_contain_text(
        f"Wrong address: {site} answers, but it is not a quotebank server"
    )


def test_a_saved_selection_arrives_with_its_page(extension, server_factory, site):
    server = server_factory().start()
    extension.configure(server.url, server.token)
    extension.record_posts()
    url = f"{site}/article.html"
    _, tab_id = extension.open_and_select(url, select_quote())

    result = extension.save(tab_id)
    assert result["kind"] == "delivered", result
    assert extension.badge() == "✓"

    # What went over the wire: the contract's fields, and the page as its scripts left it.
    [body] = extension.posts()
    assert body["id"] == result["id"]
    assert body["text"] == QUOTE
    assert body["url"] == url
    assert body["title"] == BROWSER_TITLE
    assert body["context"] == PARAGRAPH
    assert body["html"].startswith('<html lang="en"><head>')
    assert '<meta name="author" content="Stowe Boyd">' in body["html"]  # added by late-meta.js

    # What the server kept, once its extraction is done (the first page also starts the
    # extraction process: seconds on a busy machine).
    def extracted() -> dict[str, Any] | None:
        listed = stored_quotes(server)
        return listed if all(q["status"] != "pending" for q in listed["results"]) else None

    listed = wait_for(extracted, "metadata extraction", timeout=60)
    assert listed["total"] == 1
    [quote] = listed["results"]
    assert quote["id"] == result["id"]
    assert quote["text"] == QUOTE
    assert quote["url"] == url
    assert quote["title"].startswith(HEADLINE)
    assert "The lesson from our interviews is plain." in quote["context"]
    assert QUOTE in quote["context"]
    assert "Companies used to keep" not in quote["context"]

    # The popup lists it, and its search box opens the search page with the query.
    popup = extension.context.new_page()
    popup.goto(f"{extension.base}/popup/popup.html")
    first = popup.locator("#recent li").first
    extension.expect(first).to_contain_text(QUOTE)
    popup.fill("#q", "distributed activity")
    with extension.context.expect_page() as opened:
        popup.click("#search button")
    search = opened.value
    search.wait_for_load_state()
    assert search.url == f"{server.url}/?q=distributed%20activity"


def test_the_server_gets_the_metadata_the_page_declares(extension, server_factory, site):
    """The HTML sent is the page after its scripts ran: the author meta tag exists only there.

    Depends on the server's metadata extraction (indexer/extraction), not only on the extension.
    """
    server = server_factory().start()
    extension.configure(server.url, server.token)
    _, tab_id = extension.open_and_select(f"{site}/article.html", select_quote())
    result = extension.save(tab_id)
    assert result["kind"] == "delivered", result

    def extracted() -> dict[str, Any] | None:
        reply = requests.get(
            f"{server.url}/api/quotes/{result['id']}", headers=server.headers, timeout=10
        )
        data = reply.json()
        return data if data.get("status") != "pending" else None

    quote = wait_for(extracted, "metadata extraction", timeout=60)
    assert quote["status"] == "ready", server.log()[-2000:]
    assert quote["author"] == "Stowe Boyd"
    assert quote["site_name"] == "Gigaom Research"
    assert quote["handle"] == "@stoweboyd"
    assert quote["published"] == "2013-05-14"
    assert quote["lang"] == "en"
    assert quote["canonical_url"] == (
        "https://gigaom.example/2013/05/14/distributed-innovation-manifesto/"
    )
    assert quote["title"] == HEADLINE
    assert QUOTE in quote["context"]


def test_offline_saves_wait_and_arrive_once(extension, server_factory, site):
    server = server_factory().start()
    extension.configure(server.url, server.token)
    extension.record_posts()
    _, tab_id = extension.open_and_select(f"{site}/article.html", select_quote())

    server.stop()
    result = extension.save(tab_id)
    assert (result["kind"], result["reason"], result["badge"]) == ("retry", "network", "1")
    assert extension.badge() == "1"
    [waiting] = extension.lists()["queue"]
    assert (waiting["id"], waiting["text"], waiting["attempts"]) == (result["id"], QUOTE, 1)

    # The options page shows what waits, and why.
    options = extension.open_options()
    extension.expect(options.locator("#queue-count")).to_have_text("(1)")
    extension.expect(options.locator("#queue li")).to_contain_text(QUOTE)
    extension.expect(options.locator("#queue li .error")).to_contain_text("not reachable")

    server.start()
    summary = extension.retry()
    assert (summary["delivered"], summary["waiting"], summary["badge"]) == (1, 0, "")
    listed = stored_quotes(server)
    assert listed["total"] == 1
    assert listed["results"][0]["id"] == result["id"]
    assert listed["results"][0]["text"] == QUOTE

    again = extension.retry()
    assert (again["delivered"], again["waiting"]) == (0, 0)
    assert stored_quotes(server)["total"] == 1
    assert extension.badge() == ""
    assert [post["id"] for post in extension.posts()] == [result["id"], result["id"]]
    extension.expect(options.locator("#queue-count")).to_have_text("(0)")


def test_a_refused_quote_is_listed_and_can_be_retried_or_dismissed(extension, server_factory, site):
    server = server_factory().start()
    extension.configure(server.url, server.token)
    select_all = """() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('long'));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      return getSelection().toString();
    }"""
    _, tab_id = extension.open_and_select(f"{site}/long.html", select_all)

    result = extension.save(tab_id)
    assert result["kind"] == "failed", result
    assert "limit is 10,000" in result["message"]
    assert "(HTTP 400)" in result["message"]
    assert extension.badge() == "1"
    assert stored_quotes(server)["total"] == 0
    # Not retried by the minute alarm.
    assert extension.retry()["delivered"] == 0
    assert len(extension.lists()["failed"]) == 1

    options = extension.open_options()
    item = options.locator("#failed li")
    extension.expect(item).to_contain_text("All work and no play")
    extension.expect(item.locator(".error")).to_contain_text("limit is 10,000")
    item.get_by_role("button", name="Retry").click()
    extension.expect(options.locator("#status")).to_contain_text("Not delivered")
    extension.expect(options.locator("#failed-count")).to_have_text("(1)")

    options.locator("#failed li").get_by_role("button", name="Dismiss").click()
    extension.expect(options.locator("#failed-count")).to_have_text("(0)")
    assert extension.lists() == {"queue": [], "failed": []}
    assert extension.badge() == ""
    leftovers = extension.run("async () => Object.keys(await chrome.storage.local.get(null))")
    assert not [key for key in leftovers if key.startswith("html:")]


def test_the_extension_declares_what_it_shows(extension):
    """The menu item and shortcut the user is told about."""
    manifest = extension.run("() => chrome.runtime.getManifest()")
    assert manifest["commands"]["save-quote"]["suggested_key"]["default"] == "Alt+Shift+Q"
    commands = extension.run("() => chrome.commands.getAll()")
    assert any(c["name"] == "save-quote" and c["shortcut"] == "Alt+Shift+Q" for c in commands)
    alarm = wait_for(
        lambda: extension.run("() => chrome.alarms.get('quotebank-retry')"), "the retry alarm"
    )
    assert alarm["periodInMinutes"] == 1
