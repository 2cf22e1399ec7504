"""End-to-end, in real headless Chromium against a real `quotebank serve`: your quotes when you
come back to a page (the badge count, the popup's list with tags, "Show on page"), and tags and
a note added from the popup after "Save quote", delivered or kept in the offline queue.

The popup is opened as a page of its own with ?tab=ID (a test cannot click the toolbar button).
The test pages are on 127.0.0.1, which the extension may read without the optional "tabs"
permission, so tabs.onUpdated carries their address as it does for every tab once allowed.
"""

from typing import Any

import pytest
import requests

from tests import test_extension_e2e as base
from tests.test_extension_e2e import QUOTE, Extension, select_quote, stored_quotes, wait_for

sync_api, extension, site = base.sync_api, base.extension, base.site
pytestmark = pytest.mark.browser

# As saved earlier: straight quote marks and single spaces, where the page has curly marks,
# an <em>, a link and runs of white space; the second spans two paragraphs.
SAVED_ONE = 'Simplicity is the ultimate sophistication," and walked away'
SAVED_TWO = "Less, but better."
GONE = "A sentence the page no longer has."


def post(server, **body: Any) -> dict[str, Any]:
    reply = requests.post(f"{server.url}/api/quotes", json=body, headers=server.headers, timeout=10)
    assert reply.status_code == 201, reply.text
    return reply.json()


def open_popup(extension: Extension, tab_id: int) -> Any:
    popup = extension.context.new_page()
    popup.set_viewport_size({"width": 420, "height": 720})
    popup.goto(f"{extension.base}/popup/popup.html?tab={tab_id}")
    return popup


def tab_badge(extension: Extension, tab_id: int) -> str:
    return extension.run("(tabId) => chrome.action.getBadgeText({ tabId })", tab_id)


def test_coming_back_shows_the_count_lists_the_quotes_and_shows_them_on_the_page(
    extension, server_factory, site
):
    server = server_factory().start()
    extension.configure(server.url, server.token)
    url = f"{site}/revisit.html"
    post(server, text=SAVED_ONE, url=url, tags=["design", "simplicity"])
    post(server, text=SAVED_TWO, url=f"{url}?utm_source=newsletter", tags=["design"])
    # Saved from another address of the same article: found by the canonical link it declares.
    post(server, text=GONE, url="https://revisit.example/on-design")
    post(server, text="From another page entirely", url=f"{site}/article.html")

    page = extension.context.new_page()
    page.goto(url)
    tab_id = extension.run("async (url) => (await chrome.tabs.query({ url }))[0].id", url)
    # The badge, as soon as the page has loaded: found by the tab's address alone.
    wait_for(lambda: tab_badge(extension, tab_id) == "2", "the page count", pause=extension.pause)
    assert extension.badge() == ""  # the shared badge: nothing waits
    title = extension.run("(tabId) => chrome.action.getTitle({ tabId })", tab_id)
    assert title == "quotebank: 2 quotes saved from this page"

    popup = open_popup(extension, tab_id)
    expect = extension.expect
    expect(popup.locator("#page-count")).to_have_text("(3)")
    items = popup.locator("#page-quotes li")
    expect(items).to_have_count(3)
    expect(items.nth(0)).to_contain_text(GONE)  # newest first
    expect(items.nth(1)).to_contain_text(SAVED_TWO)
    expect(items.nth(2)).to_contain_text("Simplicity is the ultimate")
    expect(items.nth(2).locator(".tag")).to_have_text(["design", "simplicity"])
    assert tab_badge(extension, tab_id) == "3"  # the popup knew the canonical address too

    assert page.evaluate("scrollY") == 0
    popup.click("#show-on-page")
    expect(popup.locator("#page-status")).to_have_text(
        "2 of 3 highlighted; 1 not found in the page as it is now."
    )
    shown = page.evaluate(
        """() => [...CSS.highlights.get('quotebank-saved')].map((range) =>
             range.toString().replace(/\\s+/g, ' '))"""
    )
    assert sorted(shown) == sorted(
        ["Simplicity is the ultimate sophistication,” and walked away", "Less,but better."]
    )
    # Scrolled to the first in the page, which sits below a tall block.
    assert page.evaluate("scrollY") > 1500
    top = page.evaluate("document.getElementById('quote-one').getBoundingClientRect().top")
    assert 0 <= top <= page.viewport_size["height"]


def test_a_page_with_no_saved_quotes_shows_no_count_and_no_list(extension, server_factory, site):
    server = server_factory().start()
    extension.configure(server.url, server.token)
    url = f"{site}/revisit.html"
    page = extension.context.new_page()
    page.goto(url)
    tab_id = extension.run("async (url) => (await chrome.tabs.query({ url }))[0].id", url)
    popup = open_popup(extension, tab_id)
    extension.expect(popup.locator("#recent li")).to_have_text("Nothing saved yet.")
    assert popup.locator("#on-page").is_hidden()
    assert tab_badge(extension, tab_id) == ""


def test_tags_and_a_note_after_saving_with_suggestions(extension, server_factory, site):
    server = server_factory().start()
    extension.configure(server.url, server.token)
    post(server, text="An older quote", url=f"{site}/long.html", tags=["innovation", "work"])
    post(server, text="Another older one", url=f"{site}/long.html", tags=["innovation"])
    _, tab_id = extension.open_and_select(f"{site}/article.html", select_quote())
    result = extension.save(tab_id)
    assert result["kind"] == "delivered", result

    popup = open_popup(extension, tab_id)
    expect = extension.expect
    expect(popup.locator("#just-state")).to_have_text("Saved")
    expect(popup.locator("#just-text")).to_contain_text(QUOTE)
    # Suggested from the tags already in use, most used first.
    expect(popup.locator("#suggested button")).to_have_text(["innovation", "work"])
    popup.get_by_role("button", name="innovation").click()
    expect(popup.locator("#tags")).to_have_value("innovation")
    popup.locator("#tags").press_sequentially(", Research ")
    popup.get_by_label("Note").fill("For the chapter on teams")
    popup.get_by_role("button", name="Save tags and note").click()
    expect(popup.locator("#annotate-status")).to_have_text("Tags and note saved.")

    quote = requests.get(
        f"{server.url}/api/quotes/{result['id']}", headers=server.headers, timeout=10
    ).json()
    assert quote["tags"] == ["innovation", "research"]
    assert quote["note"] == "For the chapter on teams"
    # Opened again, the popup shows what the quote has now.
    again = open_popup(extension, tab_id)
    expect(again.locator("#tags")).to_have_value("innovation, research")
    expect(again.locator("#note")).to_have_value("For the chapter on teams")


def test_tags_and_a_note_for_a_capture_that_waits_go_with_it(extension, server_factory, site):
    server = server_factory().start()
    extension.configure(server.url, server.token)
    extension.record_posts()
    _, tab_id = extension.open_and_select(f"{site}/article.html", select_quote())
    server.stop()
    result = extension.save(tab_id)
    assert (result["kind"], result["reason"]) == ("retry", "network")

    popup = open_popup(extension, tab_id)
    expect = extension.expect
    expect(popup.locator("#just-state")).to_have_text("Kept: it goes to the server when it can")
    popup.get_by_label("Tags").fill("offline, Trains")
    popup.get_by_label("Note").fill("Read on the train")
    popup.get_by_role("button", name="Save tags and note").click()
    expect(popup.locator("#annotate-status")).to_have_text(
        "Kept with the quote; sent when the server has it."
    )
    [waiting] = extension.lists()["queue"]
    assert (waiting["tags"], waiting["note"]) == (["offline", "trains"], "Read on the train")

    server.start()
    assert extension.retry()["delivered"] == 1
    [quote] = stored_quotes(server)["results"]
    assert (quote["id"], quote["tags"], quote["note"]) == (
        result["id"],
        ["offline", "trains"],
        "Read on the train",
    )
    assert extension.posts()[-1]["tags"] == ["offline", "trains"]


def test_tags_added_while_the_server_is_away_are_patched_later(extension, server_factory, site):
    server = server_factory().start()
    extension.configure(server.url, server.token)
    _, tab_id = extension.open_and_select(f"{site}/article.html", select_quote())
    result = extension.save(tab_id)
    assert result["kind"] == "delivered"

    popup = open_popup(extension, tab_id)
    extension.expect(popup.locator("#just-state")).to_have_text("Saved")
    server.stop()
    popup.get_by_label("Tags").fill("later")
    popup.get_by_role("button", name="Save tags and note").click()
    extension.expect(popup.locator("#annotate-status")).to_have_text(
        "Tags and note kept: server not reachable: kept, sent with the next retry."
    )
    server.start()
    extension.retry()
    [quote] = stored_quotes(server)["results"]
    assert quote["tags"] == ["later"]
    assert extension.run("async () => (await chrome.storage.local.get('edits')).edits") == []
