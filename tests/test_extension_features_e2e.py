"""End-to-end, in real headless Chromium: what the extension must never read, the token check
on the options page, the popup and options page for screen readers and in dark mode, and a
server whose disk is full. The fixtures and helpers are those of test_extension_e2e.py."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests import test_extension_e2e as base
from tests.test_extension_e2e import QUOTE, Extension, select_quote, stored_quotes, wait_for

# The same fixtures as the main end-to-end tests (pytest finds them by these names).
sync_api, extension, site = base.sync_api, base.extension, base.site

pytestmark = pytest.mark.browser

SELECT_FIELD = """([id, start, end]) => {
  const field = document.getElementById(id);
  field.focus();
  field.setSelectionRange(start ?? 0, end ?? field.value.length);
  return field.value.slice(start ?? 0, end ?? field.value.length);
}"""


def open_fields(extension: Extension, site: str, field: str, start=None, end=None):
    page = extension.context.new_page()
    page.goto(f"{site}/fields.html")
    page.bring_to_front()
    selected = page.evaluate(SELECT_FIELD, [field, start, end])
    assert selected.strip()
    tab_id = extension.run(
        "async (url) => (await chrome.tabs.query({ url }))[0].id", f"{site}/fields.html"
    )
    return page, tab_id


@pytest.mark.parametrize("field", ["password", "card"])
def test_a_password_or_card_field_is_never_read(extension, server_factory, site, field):
    server = server_factory().start()
    extension.configure(server.url, server.token)
    extension.record_posts()
    _, tab_id = open_fields(extension, site, field)

    result = extension.save(tab_id)
    assert (result["kind"], result["reason"]) == ("empty", "sensitive-field"), result
    assert extension.posts() == []
    assert extension.lists() == {"queue": [], "failed": []}
    assert stored_quotes(server)["total"] == 0


def test_the_page_html_sent_carries_no_password(extension, server_factory, site):
    server = server_factory().start()
    extension.configure(server.url, server.token)
    extension.record_posts()
    page, tab_id = open_fields(extension, site, "draft", 0, 15)

    assert extension.save(tab_id)["kind"] == "delivered"
    [body] = extension.posts()
    assert body["text"] == "First paragraph"
    assert 'id="password"' in body["html"]
    assert "hunter2" not in body["html"]
    assert "correct horse" not in body["html"]
    # The page itself is left as it was.
    assert page.get_attribute("#password", "value") == "hunter2-in-the-attribute"


def test_a_word_selected_in_a_textarea_sends_its_paragraph_as_context(
    extension, server_factory, site
):
    server = server_factory().start()
    extension.configure(server.url, server.token)
    extension.record_posts()
    third = "Third paragraph: this word is the one selected."
    value = (
        "First paragraph: every word here is about the weather.\n"
        "Second paragraph: nothing to see.\n" + third
    )
    start = value.index("word", value.index(third))
    _, tab_id = open_fields(extension, site, "draft", start, start + 4)

    assert extension.save(tab_id)["kind"] == "delivered"
    [body] = extension.posts()
    assert body["text"] == "word"
    assert body["context"] == third


def test_test_connection_checks_the_saved_token_and_says_when_typing_is_unsaved(
    extension, server_factory
):
    server = server_factory().start()
    page = extension.configure(server.url, server.token)
    extension.expect(page.locator("#status")).to_have_text(
        f"Saved. Connected to quotebank {_version(extension, page)} at {server.url}: "
        "0 quotes stored."
    )
    # A wrong token typed but not saved: captures still use the saved one, and the test says so.
    page.fill("#token", "typed-but-not-saved")
    message = extension.test_connection(page, "Connected")
    assert message.endswith("The changes typed above are not saved: click Save to use them.")
    stored = extension.run("async () => (await chrome.storage.local.get('settings')).settings")
    assert stored["token"] == server.token

    # Saving a wrong token says at once that the server refuses it.
    page.click("#save")
    extension.expect(page.locator("#status")).to_contain_text(
        "Saved, but the server refused this token. Wrong token"
    )
    message = extension.test_connection(page, "refused")
    assert message.startswith("The saved token was refused. Wrong token")


def _version(extension: Extension, page: Any) -> str:
    return page.locator("#status").inner_text().split("quotebank ", 1)[1].split(" ", 1)[0]


def test_the_popup_has_a_heading(extension):
    popup = extension.context.new_page()
    popup.goto(f"{extension.base}/popup/popup.html")
    heading = popup.get_by_role("heading", level=1)
    extension.expect(heading).to_have_text("quotebank")
    extension.expect(popup.get_by_role("heading", name="Last saved")).to_be_visible()


# Effective colours of an element: its text colour and the first opaque background behind it.
COLOURS = """(selector) => {
  const element = document.querySelector(selector);
  const rgba = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  let node = element;
  let background = null;
  while (node) {
    const value = rgba(getComputedStyle(node).backgroundColor);
    if (value.length === 3 || value[3] > 0) { background = value.slice(0, 3); break; }
    node = node.parentElement;
  }
  return { color: rgba(getComputedStyle(element).color).slice(0, 3), background,
           border: getComputedStyle(element).borderStyle };
}"""


def _luminance(rgb: list[float]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[float], b: list[float]) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_options_page_in_dark_mode_is_readable_and_shows_disabled_retry(
    extension, server_factory, tmp_path
):
    server = server_factory().start()
    page = extension.configure(server.url, server.token)
    page.emulate_media(color_scheme="dark")
    extension.expect(page.locator("#retry")).to_be_disabled()  # nothing waits
    body = page.evaluate(COLOURS, "body")
    assert _luminance(body["background"]) < 0.05, body  # dark mode is on

    for selector in ["h1", "label[for=server]", "label small", "#server", "#token", "#save",
                     "#test", "#search-link", "#status", ".hint", "#queue .empty"]:  # fmt: skip
        colours = page.evaluate(COLOURS, selector)
        ratio = contrast(colours["color"], colours["background"])
        assert ratio >= 4.5, f"{selector}: contrast {ratio:.2f} in dark mode ({colours})"

    retry = page.evaluate(COLOURS, "#retry")
    save = page.evaluate(COLOURS, "#save")
    assert retry["background"] != save["background"], "disabled Retry looks like enabled Save"
    assert retry["border"] == "dashed"
    page.screenshot(path=str(tmp_path / "options-dark.png"), full_page=True)


class _DiskFullHandler(BaseHTTPRequestHandler):
    """A quotebank that answers like one whose disk is full: health and lists fine, writes 507."""

    def _json(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin", "*"))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path.startswith("/api/health"):
            self._json(200, {"status": "ok", "version": "disk-full"})
        else:
            self._json(200, {"total": 0, "results": []})

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._json(507, {"error": {"code": "disk_full", "message": "the disk is full"}})

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def full_disk_server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _DiskFullHandler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_full_disk_keeps_the_capture_and_says_so(
    extension, server_factory, site, full_disk_server
):
    extension.configure(full_disk_server, "any-token")
    _, tab_id = extension.open_and_select(f"{site}/article.html", select_quote())
    result = extension.save(tab_id)
    assert (result["kind"], result["reason"], result["badge"]) == ("retry", "disk-full", "1")

    options = extension.open_options()
    extension.expect(options.locator("#queue li .error")).to_have_text(
        "the server's disk is full: kept here, will retry once there is space"
    )
    extension.expect(options.locator("#retry")).to_be_enabled()

    # Space again (here: the real server): the capture arrives, once.
    server = server_factory().start()
    extension.configure(server.url, server.token)
    # Save retries what waits once the check passes; a retry run after that finds nothing.
    wait_for(lambda: extension.lists()["queue"] == [], "the queue to empty", pause=extension.pause)
    assert extension.retry()["waiting"] == 0
    listed = stored_quotes(server)
    assert [(q["id"], q["text"]) for q in listed["results"]] == [(result["id"], QUOTE)]


def test_saving_a_selection_already_saved_says_already_saved(extension, server_factory, site):
    server = server_factory().start()
    extension.configure(server.url, server.token)
    _, tab_id = extension.open_and_select(f"{site}/article.html", select_quote())
    first = extension.save(tab_id)
    assert first["kind"] == "delivered", first
    second = extension.save(tab_id)
    assert (second["kind"], second["duplicate"], second["id"]) == ("delivered", True, first["id"])
    assert second["message"].startswith("Already saved: ")
    assert stored_quotes(server)["total"] == 1
    assert extension.lists() == {"queue": [], "failed": []}

    popup = extension.context.new_page()
    popup.goto(f"{extension.base}/popup/popup.html?tab={tab_id}")
    extension.expect(popup.locator("#just-state")).to_have_text("Already saved")
