"""End-to-end: the extension in real headless Firefox (firefox-esr) against a real `quotebank serve`.

The same pages (tests/extension_site/) and the same promises as the Chromium tests in
test_extension_e2e.py, but everything goes through Firefox's own surfaces: the options page is
filled by its labels, quotes are saved with a real right-click and Firefox's context menu, or
with Alt+Shift+Q typed into the browser window. Plus what only Firefox showed: a server at an
address other than 127.0.0.1/localhost (Firefox upgraded those requests to https), and Save
quote in Reader View (about:reader?url=...).
"""

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote as percent_encode

import pytest
import requests

from indexer.clock import utc_now
from tests.support.firefox import Firefox, Tab, require_firefox
from tests.support.server import ServerProcess, free_port
from tests.test_extension_e2e import (
    BROWSER_TITLE,
    HEADLINE,
    PARAGRAPH,
    QUOTE,
    select_quote,
    stored_quotes,
    wait_for,
)
from tests.test_extension_e2e import site as chromium_site

pytestmark = pytest.mark.browser
site = chromium_site  # tests/extension_site/ on loopback, the same fixture as for Chromium

MENU_ITEM = "Save quote"
SHORTCUT = "Alt+Shift+Q"
OPTIONS = "options/options.html"


class FirefoxExtension:
    """The extension in one Firefox: its options page, its background page, Firefox's menu."""

    def __init__(self, firefox: Firefox) -> None:
        self.firefox = firefox

    def run(self, script: str, arg: Any = None) -> Any:
        """`script(arg, bg)` in an extension page; `bg` is the background page's window."""
        return self.firefox.background(script, arg)

    def open_options(self) -> Tab:
        tab = self.firefox.open(self.firefox.page_url(OPTIONS))
        wait_for(lambda: tab.evaluate("() => document.getElementById('server').value"), "settings")
        return tab

    def status(self, tab: Tab, expected: str, *, absent: str = "Testing") -> str:
        """Wait until the status line contains `expected` (and not `absent`); its text."""

        def current() -> str | None:
            text = tab.text("#status") or ""
            return text if expected in text and absent not in text else None

        try:
            return wait_for(current, f"status {expected!r}")
        except AssertionError:
            raise AssertionError(f"status is {tab.text('#status')!r}, not {expected!r}") from None

    def configure(self, server_url: str, token: str, expected: str = "Saved") -> Tab:
        """Fill the options page by its labels and click Save, as a user would."""
        tab = self.open_options()
        assert tab.fill("Server address", server_url) == server_url
        assert tab.fill("Token", token) == token
        tab.click("Save")
        self.status(tab, expected)
        return tab

    def test_connection(self, tab: Tab, expected: str) -> str:
        tab.click("Test connection")
        return self.status(tab, expected)

    def open_and_select(self, url: str, script: str = select_quote()) -> Tab:
        tab = self.firefox.open(url)
        assert tab.evaluate(script).strip(), "the page script selected nothing"
        return tab

    def save_from_menu(self, tab: Tab, selector: str) -> None:
        """Right-click the selection and choose Save quote in Firefox's own menu."""
        tab.right_click(selector)
        chosen = self.firefox.choose_menu_item(MENU_ITEM)
        assert chosen["chosen"], f"no {MENU_ITEM!r} in the context menu: {chosen}"

    def badge(self) -> str:
        return self.run("() => browser.action.getBadgeText({})")

    def lists(self) -> dict[str, list[dict[str, Any]]]:
        return self.run("(_, bg) => bg.quotebank.readLists()")

    def record_posts(self) -> None:
        """Keep every body the background page sends, to check what went over the wire."""
        self.run(
            """(_, bg) => {
              const send = bg.fetch;
              bg.sentBodies = [];
              bg.fetch = (url, init) => {
                if (init?.method === 'POST') bg.sentBodies.push(init.body);
                return send.call(bg, url, init);
              };
            }"""
        )

    def posts(self) -> list[dict[str, Any]]:
        return [json.loads(body) for body in self.run("(_, bg) => [...bg.sentBodies]")]


LOCAL_NAME = "quotebank.test"  # resolved to this machine by Firefox (network.dns.localDomains)


@pytest.fixture(scope="module")
def firefox(tmp_path_factory) -> Iterator[Firefox]:
    """One Firefox for the module; each test gets the extension installed anew."""
    log = tmp_path_factory.mktemp("firefox") / "firefox.log"
    browser = Firefox(require_firefox(), log, {"network.dns.localDomains": LOCAL_NAME})
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def extension(firefox) -> FirefoxExtension:
    firefox.fresh_extension()
    # A first install opens the options page; close it so it cannot race the test's pages.
    options = firefox.page_url(OPTIONS)
    welcome = wait_for(
        lambda: [tab for tab in firefox.tabs() if tab["url"] == options],
        "the options page opened on install",
    )
    Tab(firefox.driver, welcome[0]["context"]).close()
    return FirefoxExtension(firefox)


def _version(server: ServerProcess) -> str:
    return requests.get(f"{server.url}/api/health", timeout=10).json()["version"]


def _one_quote(server: ServerProcess) -> dict[str, Any]:
    listed = wait_for(lambda: stored_quotes(server)["total"] and stored_quotes(server), "a quote")
    assert listed["total"] == 1, listed
    return listed["results"][0]


def _extracted(server: ServerProcess, quote_id: str) -> dict[str, Any]:
    def ready() -> dict[str, Any] | None:
        reply = requests.get(f"{server.url}/api/quotes/{quote_id}", headers=server.headers)
        data = reply.json()
        return data if data.get("status") != "pending" else None

    return wait_for(ready, "metadata extraction")


def test_firefox_options_page_sets_the_server_and_says_what_is_wrong(
    extension, server_factory, site
):
    server = server_factory().start()
    tab = extension.configure(server.url, "not-the-token", "the server refused this token")
    message = extension.test_connection(tab, "Wrong token")
    assert 'Wrong token: run "quotebank token"' in message

    tab.fill("Token", server.token)
    tab.click("Save")
    extension.status(tab, "Saved. Connected")
    message = extension.test_connection(tab, "Connected")
    assert message == f"Connected to quotebank {_version(server)} at {server.url}: 0 quotes stored."
    stored = extension.run("async () => (await browser.storage.local.get('settings')).settings")
    assert stored == {"serverUrl": server.url, "token": server.token}
    assert tab.evaluate("() => document.getElementById('search-link').href") == f"{server.url}/"

    nobody = f"http://127.0.0.1:{free_port()}"
    tab.fill("Server address", nobody)
    tab.click("Save")
    extension.status(tab, f"Not running: nothing answers at {nobody}")
    tab.fill("Server address", site)  # a web server, but not quotebank
    tab.click("Save")
    extension.status(tab, f"Wrong address: {site} answers, but it is not a quotebank server")


def test_firefox_context_menu_saves_the_selection_with_its_page(extension, server_factory, site):
    server = server_factory().start()
    extension.configure(server.url, server.token, "Connected")
    extension.record_posts()
    url = f"{site}/article.html"
    tab = extension.open_and_select(url)

    extension.save_from_menu(tab, "#quote-paragraph em")
    quote = _one_quote(server)
    assert (quote["text"], quote["url"]) == (QUOTE, url)
    wait_for(lambda: extension.badge() == "✓", "the ✓ badge")

    # What went over the wire: the contract's fields, and the page as its scripts left it.
    [body] = extension.posts()
    assert body["id"] == quote["id"]
    assert (body["text"], body["url"], body["title"]) == (QUOTE, url, BROWSER_TITLE)
    assert body["context"] == PARAGRAPH
    assert body["html"].startswith('<html lang="en"><head>')
    assert '<meta name="author" content="Stowe Boyd">' in body["html"]  # added by late-meta.js

    # What the server found in it.
    quote = _extracted(server, quote["id"])
    assert quote["status"] == "ready", server.log()[-2000:]
    assert (quote["author"], quote["site_name"], quote["handle"]) == (
        "Stowe Boyd",
        "Gigaom Research",
        "@stoweboyd",
    )
    assert (quote["published"], quote["lang"], quote["title"]) == ("2013-05-14", "en", HEADLINE)
    assert quote["canonical_url"] == (
        "https://gigaom.example/2013/05/14/distributed-innovation-manifesto/"
    )
    assert "The lesson from our interviews is plain." in quote["context"]
    assert "Companies used to keep" not in quote["context"]


def test_firefox_shortcut_saves_the_selection(extension, server_factory, site):
    server = server_factory().start()
    extension.configure(server.url, server.token, "Connected")
    commands = extension.run("() => browser.commands.getAll()")
    assert any(c["name"] == "save-quote" and c["shortcut"] == SHORTCUT for c in commands)
    alarm = extension.run("() => browser.alarms.get('quotebank-retry')")
    assert alarm["periodInMinutes"] == 1

    extension.record_posts()
    url = f"{site}/article.html"
    tab = extension.open_and_select(url)
    tab.front()
    extension.firefox.type_shortcut(SHORTCUT)
    quote = _one_quote(server)
    assert (quote["text"], quote["url"]) == (QUOTE, url)
    # The shortcut reads the page itself, as the menu does.
    [body] = extension.posts()
    assert (body["id"], body["title"], body["context"]) == (quote["id"], BROWSER_TITLE, PARAGRAPH)
    assert '<meta name="author" content="Stowe Boyd">' in body["html"]


def _seconds(iso: str) -> str:
    """The extension's createdAt (milliseconds) as the server stores times (seconds)."""
    moment = datetime.fromisoformat(iso).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_firefox_offline_saves_wait_arrive_once_and_keep_the_click_time(
    extension, server_factory, site
):
    server = server_factory().start()
    options = extension.configure(server.url, server.token, "Connected")
    extension.record_posts()
    tab = extension.open_and_select(f"{site}/article.html")

    server.stop()
    extension.save_from_menu(tab, "#quote-paragraph em")
    wait_for(lambda: extension.badge() == "1", "the badge to count one waiting")
    [waiting] = extension.lists()["queue"]
    assert (waiting["text"], waiting["attempts"]) == (QUOTE, 1)
    clicked = _seconds(waiting["createdAt"])

    # The options page shows what waits, and why.
    wait_for(lambda: options.text("#queue-count") == "(1)", "the queue count")
    assert QUOTE in options.text("#queue li")
    assert "not reachable" in options.text("#queue li .error")

    # The server comes back in a later second than the click, so the two times differ.
    wait_for(lambda: utc_now() > clicked, "the next second")
    back = utc_now()
    server.start()
    options.click("Retry now")
    extension.status(options, "1 delivered, 0 still waiting", absent="Sending")
    quote = _one_quote(server)
    assert (quote["id"], quote["text"]) == (waiting["id"], QUOTE)
    assert quote["created_at"] == clicked < back

    # Nothing left to send: a second run sends nothing, and the server still has one.
    again = extension.run("(_, bg) => bg.quotebank.retryQueue()")
    assert (again["delivered"], again["waiting"]) == (0, 0)
    assert stored_quotes(server)["total"] == 1
    assert extension.badge() == ""
    posts = extension.posts()
    assert [post["id"] for post in posts] == [waiting["id"], waiting["id"]]
    assert {post["created_at"] for post in posts} == {waiting["createdAt"]}
    wait_for(lambda: options.text("#queue-count") == "(0)", "the emptied queue")


def test_firefox_a_refused_quote_is_listed_and_can_be_retried_or_dismissed(
    extension, server_factory, site
):
    server = server_factory().start()
    options = extension.configure(server.url, server.token, "Connected")
    select_all = """() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('long'));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      return getSelection().toString();
    }"""
    tab = extension.open_and_select(f"{site}/long.html", select_all)
    extension.save_from_menu(tab, "#long")
    wait_for(lambda: extension.lists()["failed"], "the refused list")
    assert extension.badge() == "1"
    assert stored_quotes(server)["total"] == 0

    wait_for(lambda: options.text("#failed-count") == "(1)", "the refused count")
    assert "All work and no play" in options.text("#failed li")
    assert "limit is 10,000" in options.text("#failed li .error")
    options.click("Retry")
    extension.status(options, "Not delivered")
    assert options.text("#failed-count") == "(1)"

    options.click("Dismiss")
    wait_for(lambda: options.text("#failed-count") == "(0)", "the emptied refused list")
    assert extension.lists() == {"queue": [], "failed": []}
    assert extension.badge() == ""
    keys = extension.run("async () => Object.keys(await browser.storage.local.get(null))")
    assert not [key for key in keys if key.startswith("html:")]


def test_firefox_reaches_a_server_at_another_name_over_plain_http(extension, server_factory, site):
    """Firefox upgraded http to https for any server but 127.0.0.1/localhost (the default CSP
    of Manifest V3 extension pages carries upgrade-insecure-requests), so Test connection said
    NetworkError and no capture arrived. The name resolves to this machine in Firefox only
    (network.dns.localDomains), the server accepts it (--allow-host)."""
    server = server_factory(None, "--allow-host", LOCAL_NAME).start()
    address = f"http://{LOCAL_NAME}:{server.port}"
    options = extension.configure(address, server.token, "Connected")
    message = extension.test_connection(options, "Connected")
    assert message == f"Connected to quotebank {_version(server)} at {address}: 0 quotes stored."

    url = f"{site}/article.html"
    extension.save_from_menu(extension.open_and_select(url), "#quote-paragraph em")
    quote = _one_quote(server)
    assert (quote["text"], quote["url"]) == (QUOTE, url)


def test_firefox_without_the_host_permission_saves_arrive_and_test_connection_says_so(
    extension, server_factory, site
):
    """What docs/extension.md says: Firefox lets a user take the loopback permission away;
    captures still arrive (the server answers the extension's origin with CORS headers), only
    Test connection refuses to run until Save asks for the permission again."""
    server = server_factory().start()
    options = extension.configure(server.url, server.token, "Connected")
    removed = extension.run(
        "() => browser.permissions.remove({ origins: ['http://127.0.0.1/*', 'http://localhost/*'] })"
    )
    assert removed is True
    assert not extension.run(
        "() => browser.permissions.contains({ origins: ['http://127.0.0.1/*'] })"
    )

    url = f"{site}/article.html"
    extension.save_from_menu(extension.open_and_select(url), "#quote-paragraph em")
    quote = _one_quote(server)
    assert (quote["text"], quote["url"]) == (QUOTE, url)

    options.front()
    message = extension.test_connection(options, "No permission to reach")
    assert message.startswith(f"No permission to reach {server.url} yet: click Save")


def test_firefox_reader_view_saves_the_page_address(extension, server_factory, site):
    server = server_factory().start()
    extension.configure(server.url, server.token, "Connected")
    page = f"{site}/article.html"
    reader = extension.firefox.open(f"about:reader?url={percent_encode(page, safe='')}")
    wait_for(lambda: QUOTE in (reader.text(".moz-reader-content") or ""), "Reader View to show it")
    select_in_reader = """() => {
      const em = [...document.querySelectorAll('.moz-reader-content em')]
        .find((node) => node.textContent.includes('distributed activity'));
      const range = document.createRange();
      range.selectNodeContents(em);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      return getSelection().toString();
    }"""
    assert reader.evaluate(select_in_reader).strip()
    extension.save_from_menu(reader, ".moz-reader-content em")
    quote = _one_quote(server)
    assert (quote["text"], quote["url"]) == (QUOTE, page)
    assert extension.lists() == {"queue": [], "failed": []}
