"""Search by meaning on the search page, in real headless Chromium against a real server: the
mode switch, its errors, the Related action and recall's why line (issue 13)."""

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.seed import seed
from tests.support.server import ServerProcess
from tests.test_search_page import Page, browser, expect, playwright, qid, wait_until

pytestmark = pytest.mark.browser
__all__ = ["browser", "playwright"]  # fixtures used by the tests below

QUERY = "planting on top of buildings to feed people"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("meaning-page") / "data"
    seed(folder, n=20)
    server = ServerProcess(folder).start()
    yield server
    server.stop()


@pytest.fixture
def tab(browser, server) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = Page(context.new_page(), server)
    yield page
    context.close()
    assert page.errors == [], f"JavaScript errors on the page: {page.errors}"


def ids(found: dict[str, Any]) -> list[str]:
    return [quote["id"] for quote in found["results"]]


def test_the_mode_switch_searches_by_meaning(tab):
    by_meaning = tab.api("/api/search", q=QUERY, mode="meaning")
    assert by_meaning["results"][0]["id"] == qid("roofs")  # the API finds it by meaning
    tab.open()
    tab.page.locator("#q").fill(QUERY)
    tab.wait_results(tab.api("/api/search", q=QUERY))  # words first: the default
    tab.page.get_by_label("Meaning").check()
    tab.wait_results(by_meaning)
    expect(tab.page.locator("#result-count")).to_contain_text("close in meaning")
    expect(tab.card("roofs").locator(".quote__why")).to_contain_text("Close in meaning")
    expect(tab.page).to_have_url(re.compile(r"mode=meaning"))
    tab.page.get_by_label("Both").check()
    tab.wait_results(tab.api("/api/search", q=QUERY, mode="hybrid"))


def test_the_address_keeps_the_mode(tab):
    tab.open(f"/?q={QUERY.replace(' ', '+')}&mode=meaning")
    assert tab.page.get_by_label("Meaning").is_checked()
    tab.wait_results(tab.api("/api/search", q=QUERY, mode="meaning"))


def test_operators_by_meaning_offer_words_instead(tab):
    tab.open()
    tab.page.get_by_label("Meaning").check()
    tab.page.locator("#q").fill('"distributed activity"')
    message = tab.page.locator("#search-message")
    expect(message).to_contain_text("Search by meaning takes plain words")
    message.get_by_role("button", name="Search by words").click()
    tab.wait_results(tab.api("/api/search", q='"distributed activity"'))
    assert tab.page.get_by_label("Words").is_checked()


def test_related_shows_the_closest_quotes(tab):
    tab.open("/?q=roofs")
    card = tab.card("roofs")
    card.get_by_role("button", name="Related").click()
    related = tab.api(f"/api/quotes/{qid('roofs')}/related", limit=20)
    wait_until(lambda: tab.result_ids() == ids(related), "the related quotes")
    expect(tab.page.locator("#result-count")).to_contain_text("closest in meaning to “Cities will")
    tab.page.get_by_role("button", name="Back to the search").click()
    tab.wait_results(tab.api("/api/search", q="roofs"))


def test_recall_says_why_each_quote_came(tab):
    tab.open("/#recall")
    draft = "Growing vegetables on rooftops could feed whole neighbourhoods."
    tab.page.locator("#draft").fill(draft)
    fits = tab.page.locator("#recall-results li.quote")
    expect(fits.first).to_be_visible()
    expect(
        tab.page.locator(f'#recall-results li[data-id="{qid("roofs")}"] .quote__why')
    ).to_have_text(re.compile(r"Close in meaning|Shares"))


def test_a_near_duplicate_is_merged_from_the_related_list(tab, server):
    import requests

    headers = server.headers
    texts = {
        "keep": "Lighthouses were the first public service paid for by every passing ship.",
        "copy": "lighthouses were the first public service paid for by every passing ship",
    }
    saved = {}
    for name, text in texts.items():
        response = requests.post(
            f"{server.url}/api/quotes",
            json={"text": text, "url": f"https://sea.example/{name}", "tags": [name]},
            headers=headers,
            timeout=10,
        )
        assert response.status_code == 201
        saved[name] = response.json()
    assert saved["copy"]["near_duplicates"] == [saved["keep"]["id"]]
    wait_until(
        lambda: tab.api(f"/api/quotes/{saved['copy']['id']}/related")["results"], "the vectors"
    )
    tab.open("/?q=lighthouses")
    copy_card = tab.page.locator(f'#results li.quote[data-id="{saved["copy"]["id"]}"]')
    copy_card.get_by_role("button", name="Related").click()
    keep_card = tab.page.locator(f'#results li.quote[data-id="{saved["keep"]["id"]}"]')
    expect(keep_card.locator(".quote__why")).to_contain_text("Nearly the same quote")
    keep_card.get_by_role("button", name="Merge into this").click()
    wait_until(
        lambda: (
            requests.get(
                f"{server.url}/api/quotes/{saved['copy']['id']}", headers=headers, timeout=10
            ).status_code
            == 404
        ),
        "the merged copy to be gone",
    )
    kept = tab.api(f"/api/quotes/{saved['keep']['id']}")
    assert kept["tags"] == ["keep", "copy"]
