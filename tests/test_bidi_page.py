"""On the search page, in real Chromium: a right-to-left override at the end of a stored author
does not reverse the attribution shown after it (each field is in its own bidi isolate)."""

from collections.abc import Iterator
from typing import Any

import pytest

from indexer.bank import QuoteBank
from tests.support.browser import launch_chromium, require_chromium
from tests.support.server import ServerProcess

pytestmark = pytest.mark.browser

RLO = "\u202e"
ARABIC = "\u0645\u062d\u0645\u062f"  # a name written right to left, no control in it


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("bidi") / "data"
    with QuoteBank.open(folder) as bank:
        quote, _ = bank.capture(
            {"text": "Gardens rehearse the future", "url": "https://n.example/"}
        )
        # As an older version stored it: the override straight into the row, no validation.
        bank.store.update(
            quote["id"],
            {
                "author": f"Real News Reporter{RLO}",
                "site_name": "Ledger",
                "title": f"Title{RLO}",
                "tags": [f"tag{RLO}"],
            },
        )
        arabic, _ = bank.capture({"text": "A second quote", "url": "https://m.example/"})
        bank.store.update(arabic["id"], {"author": ARABIC, "handle": "@mo", "title": "2024 Report"})
        bank.reindex()
    server = ServerProcess(folder).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def page(server) -> Iterator[Any]:
    with require_chromium().sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server.url + "/")
        page.wait_for_selector("html[data-ready]")
        page.wait_for_selector("#results li.quote")
        yield page
        browser.close()


# The x position of each visible character of an element's text, in reading order of the DOM.
CHARACTER_X = """element => {
  const xs = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      if (box.width > 0) xs.push([node.data[i], box.left]);
    }
  }
  return xs;
}"""


def card(page: Any, text: str) -> Any:
    return page.locator("#results li.quote", has_text=text)


def visible_order(page: Any, selector: str) -> str:
    """The element's characters (in the overridden quote's card) left to right on the screen."""
    characters = card(page, "Gardens rehearse").locator(selector).evaluate(CHARACTER_X)
    return "".join(char for char, _ in sorted(characters, key=lambda pair: pair[1]))


def test_the_attribution_after_an_override_reads_left_to_right(page):
    shown = visible_order(page, ".quote__attribution")
    # Unisolated, the override reverses ", Source: Ledger": "regdeL :ecruoS ,".
    assert ", Source: Ledger" in shown, shown
    assert shown.startswith("- "), shown


def test_the_meta_line_after_an_overridden_author_and_title_reads_in_order(page):
    meta = card(page, "Gardens rehearse").locator(".quote__meta").inner_text()
    assert "Title" in meta
    shown = visible_order(page, ".quote__meta")
    # What follows the title (the date) must not come out mirrored.
    assert "Saved" in shown and "devaS" not in shown, shown


def test_a_right_to_left_author_does_not_pull_the_title_before_it(page):
    # Unisolated, "<Arabic> · 2024 Report" is one right-to-left run: the title's number shows
    # left of the name. Isolated, the name stays first and the title after it.
    characters = card(page, "A second quote").locator(".quote__meta").evaluate(CHARACTER_X)
    title_digit = next(left for char, left in characters if char == "2")  # "2024", in DOM order
    assert title_digit > max(left for char, left in characters if char in ARABIC), characters
