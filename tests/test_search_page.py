"""The search page (issue 6) in real headless Chromium against a real `quotebank serve`.

One seeded server and one browser serve the whole module (tests/seed.py: realistic quotes, hostile
ones, and 60 generated ones for paging); each test gets a fresh browser context. Tests that
change data use quotes no other test reads. Expected figures come from the server's own API, so
the page is checked against what the server says, not against numbers copied into the test.
"""

import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from indexer.digest import compose_digest
from tests.seed import HOSTILE, JS_URL, QUOTES, TEMPLATE, qid, seed
from tests.support.browser import launch_chromium, require_chromium
from tests.support.server import ServerProcess

pytestmark = pytest.mark.browser

GENERATED = 60
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    with require_chromium().sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright) -> Iterator[Any]:
    browser = launch_chromium(playwright)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("search-page") / "data"
    seed(folder, n=GENERATED)  # before the server holds the index writer
    server = ServerProcess(folder).start()
    yield server
    server.stop()


class Page:
    """A browser tab on the search page, recording JavaScript errors and alert() calls."""

    def __init__(self, page: Any, server: ServerProcess) -> None:
        self.page = page
        self.server = server
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: str = "/") -> "Page":
        self.page.goto(self.server.url + path)
        self.page.wait_for_selector("html[data-ready]")
        return self

    def api(self, path: str, **params: Any) -> Any:
        if path == "/api/search" and params.get("q"):
            params.setdefault("typing", 1)  # what the search box sends (search.js)
        response = requests.get(
            self.server.url + path, params=params, headers=self.server.headers, timeout=10
        )
        response.raise_for_status()
        return response.json()

    def card(self, name: str) -> Any:
        return self.page.locator(f'#results li.quote[data-id="{qid(name)}"]')

    def result_ids(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "#results li.quote", "els => els.map(e => e.dataset.id)"
        )

    def wait_count(self, text: str) -> None:
        from playwright.sync_api import expect

        expect(self.page.locator("#result-count")).to_have_text(text)

    def wait_results(self, found: dict) -> None:
        """Until the list shows exactly the API's first page (counts alone may match by chance)."""
        ids = [quote["id"] for quote in found["results"]]
        wait_until(lambda: self.result_ids() == ids, f"results {ids[:3]}...")

    def clipboard(self) -> str:
        return self.page.evaluate("navigator.clipboard.readText()")


@pytest.fixture
def tab(browser, server) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    page = Page(context.new_page(), server)
    yield page
    context.close()
    assert page.errors == [], f"JavaScript errors on the page: {page.errors}"
    assert page.dialogs == [], f"something called alert(): {page.dialogs}"


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def wait_until(check: Callable[[], Any], what: str, timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def matches(total: int) -> str:
    if total == 1:
        return "1 quote matches"
    return f"{total:,} quotes match"


# --- browsing and searching ------------------------------------------------------------------


def test_empty_query_browses_newest_first_with_the_total(tab):
    tab.open()
    listed = tab.api("/api/quotes", limit=20)
    tab.wait_count(f"{listed['total']:,} quotes, newest first")
    assert tab.result_ids() == [quote["id"] for quote in listed["results"]]
    assert listed["total"] == len(QUOTES) + len(HOSTILE) + GENERATED


def test_search_as_you_type_shows_the_api_total_and_highlights(tab):
    tab.open()
    tab.page.locator("#q").press_sequentially("defiance", delay=40)
    found = tab.api("/api/search", q="defiance")
    tab.wait_count(matches(found["total"]))
    assert tab.result_ids() == [quote["id"] for quote in found["results"]]
    marks = tab.card("garden").locator("blockquote mark")
    expect(marks).to_have_text(["defiance"])
    # The address follows the search, so a reload or a bookmark keeps it.
    expect(tab.page).to_have_url(re.compile(r"/\?q=defiance$"))


def test_query_syntax_phrase_field_prefix_and_exclusion(tab):
    tab.open()
    box = tab.page.locator("#q")
    for query in [
        '"distributed activity"',
        "author:okafor",
        "draft*",
        "writing -drafts",
        "tag:cities OR tag:food",
    ]:
        box.fill(query)
        found = tab.api("/api/search", q=query)
        assert found["total"] > 0, query
        tab.wait_results(found)
        tab.wait_count(matches(found["total"]))


def test_a_half_typed_query_keeps_the_results_until_a_pause(tab):
    tab.open("/?q=defiance")
    expect(tab.card("garden")).to_be_visible()
    box = tab.page.locator("#q")
    box.fill('"')  # the start of a phrase: the server says it has no words
    tab.page.wait_for_timeout(250)
    expect(tab.card("garden")).to_be_visible()
    expect(tab.page.locator("#search-message")).to_be_hidden()
    box.press_sequentially("small act")
    box.press("End")
    box.press_sequentially('"')
    tab.wait_results(tab.api("/api/search", q='"small act"'))
    expect(tab.page.locator("#search-message")).to_be_hidden()
    # Left half-typed, the reason shows after the pause.
    box.fill("-")
    expect(tab.page.locator("#search-message")).to_contain_text(
        "This search cannot be run: has no words to search for"
    )


def test_typing_a_word_letter_by_letter_never_shows_no_matches(tab):
    tab.open()
    box = tab.page.locator("#q")
    word = "innovation"
    for end in range(1, len(word) + 1):
        box.press(word[end - 1])
        found = tab.api("/api/search", q=word[:end])
        assert found["total"] > 0, word[:end]
        assert qid("boyd") in [quote["id"] for quote in found["results"]], word[:end]
        tab.wait_results(found)
        tab.wait_count(matches(found["total"]))
        expect(tab.page.locator("#search-message")).to_be_hidden()
    # The half-typed word is marked where it matched in the quote.
    expect(tab.card("boyd").locator("blockquote mark")).to_have_text(["Innovation"])
    exact = requests.get(
        tab.server.url + "/api/search", params={"q": "innova"}, headers=tab.server.headers
    )
    assert exact.json()["total"] == 0  # the API without typing=1 keeps whole words


def test_a_card_matched_only_by_its_title_shows_where(tab):
    tab.open("/?q=feed")
    card = tab.card("roofs")
    expect(card).to_be_visible()
    expect(card.locator("blockquote mark")).to_have_count(0)
    matched = card.locator(".quote__matched")
    expect(matched).to_be_visible()
    expect(matched).to_have_text("Matched in title: Roofs that feed")
    expect(matched.locator("mark")).to_have_text(["feed"])
    # A card matched in its text has no such line.
    tab.page.locator("#q").fill("defiance")
    expect(tab.card("garden").locator("blockquote mark")).to_have_text(["defiance"])
    expect(tab.card("garden").locator(".quote__matched")).to_be_hidden()


def test_address_prefills_the_search(tab):
    tab.open("/?q=defiance&tag=climate")
    assert tab.page.locator("#q").input_value() == "defiance"
    assert tab.page.locator("#f-tag").input_value() == "climate"
    expect(tab.page.locator("#filters")).to_have_attribute("open", "")
    found = tab.api("/api/search", q="defiance", tag="climate")
    tab.wait_count(matches(found["total"]))
    expect(tab.card("garden")).to_be_visible()


def test_filters_by_tag_site_author_and_dates(tab):
    tab.open()
    page = tab.page
    page.locator("#filters summary").click()
    cases = [
        {"tag": "writing"},
        {"site": "The Ledger"},
        {"site": "Streets Quarterly", "author": "Marta Okafor"},
        {"site": "Streets Quarterly", "author": "Marta Okafor", "since": "2022-08-25"},
    ]
    for params in cases:
        for name in ("tag", "site", "author", "since", "until"):
            page.locator(f"#f-{name}").fill(params.get(name, ""))
        # A tag alone is listed from the database (newest saved first); the rest is a search.
        found = tab.api("/api/quotes" if list(params) == ["tag"] else "/api/search", **params)
        assert found["total"] > 0, params
        tab.wait_results(found)
        tab.wait_count(f"{matches(found['total'])} the filters, newest first")
    assert tab.result_ids() == [qid("long-soil")]
    expect(page.locator("#filter-count")).to_have_text("3")
    expect(page).to_have_url(re.compile("since=2022-08-25"))
    page.locator("#clear-filters").click()
    tab.wait_count(f"{tab.api('/api/quotes')['total']:,} quotes, newest first")
    expect(page.locator("#filter-count")).to_be_hidden()


def test_date_range_until(tab):
    tab.open("/?until=2013-12-31")
    found = tab.api("/api/search", until="2013-12-31")
    tab.wait_count(f"{matches(found['total'])} the filters, newest first")
    assert qid("boyd") in tab.result_ids()
    assert all(q["published"] <= "2013-12-31" for q in found["results"])


def test_a_tag_on_a_result_filters_by_it(tab):
    tab.open()
    tab.card("garden").get_by_role("button", name="Show quotes tagged climate").click()
    found = tab.api("/api/quotes", tag="climate")
    assert found["total"] == tab.api("/api/search", tag="climate")["total"]
    tab.wait_results(found)
    tab.wait_count(f"{matches(found['total'])} the filters, newest first")
    assert tab.page.locator("#f-tag").input_value() == "climate"


def test_more_results_load_on_scroll_without_duplicates(tab):
    tab.open()
    total = tab.api("/api/quotes")["total"]
    expect(tab.page.locator("#results > li")).to_have_count(20)
    more = tab.page.locator("#load-more")
    expect(more).to_have_text(f"Show more quotes (20 of {total} shown)")
    # Scrolling near the end loads the next page by itself (no click).
    tab.page.mouse.wheel(0, 100_000)
    wait_until(lambda: len(tab.result_ids()) >= 40, "a second page")
    while more.is_visible():
        tab.page.mouse.wheel(0, 100_000)
        tab.page.wait_for_timeout(50)
    assert len(tab.result_ids()) == total
    ids = tab.result_ids()
    assert len(set(ids)) == len(ids) == total
    expect(tab.page.locator("#load-more")).to_be_hidden()


# --- what the results show -------------------------------------------------------------------


def test_a_result_shows_quote_attribution_date_tags_and_note(tab):
    tab.open("/?q=distributed")
    card = tab.card("boyd")
    expect(card.locator(".quote__attribution")).to_have_text(
        "- @StoweBoyd, Source: Gigaom Research (opens in a new tab)"
    )
    link = card.locator(".quote__attribution a")
    expect(link).to_have_attribute("href", "https://gigaom.com/report/the-future-of-work")
    expect(card.locator("time")).to_have_attribute("datetime", "2013-05-14")
    expect(card.locator(".tag")).to_have_count(2)
    expect(card.locator(".quote__note")).to_contain_text("Opening line for the essay on teams.")
    expect(card.get_by_role("link", name="Source (opens in a new tab)")).to_have_attribute(
        "href", "https://gigaom.com/report/the-future-of-work"
    )


def test_a_long_quote_is_folded_and_unfolds(tab):
    tab.open("/?q=soil&tag=trees")
    card = tab.card("long-soil")
    more = card.get_by_role("button", name="Show the whole quote")
    expect(more).to_have_attribute("aria-expanded", "false")
    more.click()
    expect(card.get_by_role("button", name="Show less")).to_have_attribute("aria-expanded", "true")
    expect(card.locator("blockquote")).to_have_text(QUOTES[4]["text"])


def test_hostile_strings_show_as_text_and_never_run(tab):
    from tests.seed import XSS_IMG, XSS_SCRIPT

    tab.open("/?tag=hostile")
    expect(tab.page.locator("#results > li")).to_have_count(len(HOSTILE))
    results = tab.page.locator("#results")
    # Nothing the captured strings describe exists as an element ...
    for selector in ("img", "script", "svg:not(.search__icon)", "style", "b", "textarea"):
        assert results.locator(selector).count() == 0, selector
    # ... they are there as text, {{7*7}} included (no template ran over them) ...
    text = results.inner_text()
    for attack in (XSS_IMG, XSS_SCRIPT, TEMPLATE, "<style>body{display:none}</style>"):
        assert attack in text
    assert "49" not in text
    # ... and only http(s) addresses became links.
    hrefs = results.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs and all(re.match(r"^https?://", href) for href in hrefs), hrefs
    hostile_img = tab.card("hostile-img")
    expect(hostile_img.locator('[data-action="source"]')).to_have_count(0)
    assert JS_URL not in hrefs
    # The search box pre-filled from the address holds the attack as text, too.
    tab.open("/?q=" + requests.utils.quote(XSS_SCRIPT))
    assert tab.page.locator("#q").input_value() == XSS_SCRIPT
    assert tab.page.locator("script:not([src])").count() == 0
    tab.page.wait_for_timeout(300)  # give a handler the chance to misfire


def test_highlight_keeps_literal_markup_in_the_quote_as_text(tab):
    tab.open("/?q=sparingly")
    block = tab.card("angle-text").locator("blockquote")
    expect(block.locator("mark")).to_have_text(["sparingly"])
    expect(block).to_have_text(QUOTES[-1]["text"])
    assert block.evaluate("b => [...b.querySelectorAll('*')].every(e => e.tagName === 'MARK')")


# --- copying ---------------------------------------------------------------------------------


def open_post(tab, name: str) -> Any:
    tab.card(name).get_by_role("button", name="Copy as post").click()
    dialog = tab.page.locator("#post-dialog")
    expect(dialog).to_be_visible()
    return dialog


def counter_of(tab) -> tuple[int, int]:
    row = tab.page.locator("#post-counter-row")
    return int(row.get_attribute("data-length")), int(row.get_attribute("data-limit"))


def test_post_preview_starts_from_the_server_and_counts_like_it(tab):
    tab.open("/?q=roadmap")
    dialog = open_post(tab, "emoji")
    for network in ("x", "mastodon", "bluesky", "threads", "linkedin"):
        dialog.locator(f'input[name="post-network"][value="{network}"]').check()
        post = tab.api(f"/api/quotes/{qid('emoji')}/post", network=network)
        expect(tab.page.locator("#post-text")).to_have_value(post["text"])
        counter = tab.page.locator("#post-counter")
        expect(counter).to_have_text(f"{post['length']:,} / {post['limit']:,}")
        assert counter_of(tab) == (post["length"], post["limit"]), network


def test_post_preview_counts_edits_live_and_flags_the_limit(tab):
    tab.open("/?q=cheapest")
    open_post(tab, "trees")
    area = tab.page.locator("#post-text")
    post = tab.api(f"/api/quotes/{qid('trees')}/post", network="x")
    expect(area).to_have_value(post["text"])
    # CJK weighs 2 on X, an emoji 2, a link 23 whatever its length.
    area.press("End")
    area.press_sequentially(" 日本 👩‍👩‍👧 https://example.com/" + "a" * 40)
    expect(tab.page.locator("#post-counter")).to_have_text(
        f"{post['length'] + 1 + 4 + 1 + 2 + 1 + 23:,} / 280"
    )
    area.fill("x" * 281)
    row = tab.page.locator("#post-counter-row")
    expect(row).to_have_class(re.compile(r"\bis-over\b"))
    expect(tab.page.locator("#post-rule")).to_contain_text("1 over X's limit")
    expect(tab.page.locator("#post-announce")).to_have_text("Over X's limit by 1.")
    area.press("Backspace")
    expect(row).not_to_have_class(re.compile(r"\bis-over\b"))
    # Reset brings the server's text back.
    tab.page.get_by_role("button", name="Reset text").click()
    expect(area).to_have_value(post["text"])


def test_a_long_quote_is_shortened_to_fit_and_copied_as_shown(tab):
    tab.open("/?q=soil&tag=trees")
    open_post(tab, "long-soil")
    post = tab.api(f"/api/quotes/{qid('long-soil')}/post", network="x")
    area = tab.page.locator("#post-text")
    expect(area).to_have_value(post["text"])
    assert post["text"].endswith(
        '…" - Marta Okafor, Source: Streets Quarterly https://streets.example/2022/soil'
    )
    assert counter_of(tab) == (post["length"], 280) and post["length"] <= 280
    # The fitted post leaves no room for more: an edit that would go over it disables Copy
    # (tests/test_page_posts.py), so this edit makes room first.
    edited = post["text"].replace("…", " #cities", 1).replace(" Marta Okafor", " M. Okafor")
    area.fill(edited)
    tab.page.get_by_role("button", name="Copy post").click()
    expect(tab.page.locator("#post-status")).to_have_text("Copied. Paste it into your post.")
    assert tab.clipboard() == edited
    tab.page.keyboard.press("Escape")
    expect(tab.page.locator("#post-dialog")).to_be_hidden()
    expect(tab.card("long-soil").get_by_role("button", name="Copy as post")).to_be_focused()


def _without_heading(digest: str, fmt: str) -> str:
    if fmt == "markdown":
        return digest.split("\n\n", 1)[1].removesuffix("\n")
    return re.sub(r"^<section>\n<h2>.*?</h2>\n|\n</section>\n$", "", digest)


@pytest.mark.parametrize(("button", "fmt"), [("Markdown", "markdown"), ("HTML", "html")])
def test_copy_as_markdown_and_html_matches_the_digest_format(tab, button, fmt):
    tab.open("/?q=distributed")
    tab.card("boyd").get_by_role("button", name=button, exact=True).click()
    expect(tab.page.locator("#toasts")).to_contain_text(f"Copied as {button}.")
    quote = tab.api(f"/api/quotes/{qid('boyd')}")
    assert tab.clipboard() == _without_heading(compose_digest([quote], fmt), fmt)


# --- recall and digest -----------------------------------------------------------------------


def test_recall_suggests_quotes_for_a_draft_and_inserts_one(tab):
    tab.open("/#recall")
    draft = tab.page.locator("#draft")
    expect(draft).to_be_visible()
    draft.press_sequentially(
        "Our street trees keep dying before they grow; the air conditioner ", delay=5
    )
    card = tab.page.locator(f'#recall-results li.quote[data-id="{qid("trees")}"]')
    expect(card).to_be_visible()
    expect(tab.page.locator("#recall-status")).to_contain_text("your draft, best first")
    card.get_by_role("button", name="Insert into draft").click()
    inserted = (
        '"The cheapest air conditioner a city can buy is a tree that lives long enough to grow up."'
        " - Marta Okafor, Source: Streets Quarterly https://streets.example/2022/tree-pits"
    )
    expect(draft).to_have_value(
        "Our street trees keep dying before they grow; the air conditioner \n\n" + inserted
    )
    expect(draft).to_be_focused()
    # The draft survives a reload.
    tab.page.reload()
    expect(tab.page.locator("#draft")).to_have_value(re.compile(re.escape(inserted)))


def test_digest_of_picked_quotes_in_markdown_and_html(tab):
    tab.open("/?q=tag:writing")
    ids = [qid("writing"), qid("phrase")]
    for name in ("writing", "phrase"):
        tab.card(name).get_by_role("checkbox", name="Add to Digest").check()
    expect(tab.page.locator("#digest-badge")).to_have_text("2")
    tab.page.get_by_role("link", name=re.compile("^Digest")).click()
    output = tab.page.locator("#digest-output")
    composed = requests.post(
        tab.server.url + "/api/compose",
        json={"ids": ids, "format": "markdown"},
        headers=tab.server.headers,
        timeout=10,
    ).json()["text"]
    expect(output).to_have_value(composed)
    assert "## writing" in composed
    tab.page.get_by_label("HTML").check()
    composed_html = requests.post(
        tab.server.url + "/api/compose",
        json={"ids": ids, "format": "html"},
        headers=tab.server.headers,
        timeout=10,
    ).json()["text"]
    expect(output).to_have_value(composed_html)
    tab.page.get_by_role("button", name="Copy digest").click()
    expect(tab.page.locator("#digest-status")).to_have_text("Copied.")
    assert tab.clipboard() == composed_html
    # Removing one recomposes; the pick survives a reload (sessionStorage).
    tab.page.get_by_role("button", name=re.compile("^Remove “Attention")).click()
    expect(tab.page.locator("#digest-count")).to_have_text("1 quote picked")
    tab.page.reload()
    expect(tab.page.locator("#digest-badge")).to_have_text("1")


def test_add_all_results_to_the_digest(tab):
    tab.open("/?q=tag:cities")
    total = tab.api("/api/search", q="tag:cities")["total"]
    tab.wait_count(matches(total))
    tab.page.get_by_role("button", name="Add all to digest").click()
    expect(tab.page.locator("#toasts")).to_contain_text(f"{total} quotes added to the digest.")
    expect(tab.page.locator("#digest-badge")).to_have_text(str(total))
    expect(tab.page.locator("#results .pick__box:checked")).to_have_count(total)


# --- edits and deletes -----------------------------------------------------------------------


def test_inline_edit_of_tags_note_and_attribution_is_saved(tab):
    tab.open("/?q=anxiety")
    card = tab.card("meetings")
    card.get_by_role("button", name="Edit").click()
    form = card.locator("form.edit")
    expect(form.get_by_label("Tags")).to_be_focused()
    form.get_by_label("Tags").fill("work, Decisions, teams")
    form.get_by_label("Note").fill("Use in the chapter on meetings.")
    form.get_by_label("Author").fill("Priya R. Raman")
    form.get_by_label("Handle").fill("not a handle!")
    form.get_by_role("button", name="Save").click()
    # The server refuses the handle: the message is shown and focus goes to that field.
    expect(form.locator(".message")).to_contain_text("handle: must look like")
    expect(form.get_by_label("Handle")).to_be_focused()
    form.get_by_label("Handle").fill("@praman@hachyderm.io")
    form.get_by_label("Site").fill("Worklife Magazine")
    form.get_by_label("Title").fill("Why we meet (revised)")
    form.get_by_role("button", name="Save").click()
    expect(card.locator(".quote__attribution")).to_have_text(
        "- @praman@hachyderm.io, Source: Worklife Magazine (opens in a new tab)"
    )
    expect(card.get_by_role("button", name="Edit")).to_be_focused()
    stored = tab.api(f"/api/quotes/{qid('meetings')}")
    assert stored["tags"] == ["work", "decisions", "teams"]
    assert stored["note"] == "Use in the chapter on meetings."
    assert stored["author"] == "Priya R. Raman"
    assert stored["handle"] == "@praman@hachyderm.io"
    assert stored["site_name"] == "Worklife Magazine"
    assert stored["title"] == "Why we meet (revised)"
    assert stored["published"] == "2024-03-05"  # untouched fields are not sent


def test_the_speaker_is_edited_and_shown_in_the_attribution_line(tab):
    tab.open("/?q=anxiety")
    card = tab.card("meetings")
    author = tab.api(f"/api/quotes/{qid('meetings')}")["author"]
    card.get_by_role("button", name="Edit").click()
    form = card.locator("form.edit")
    form.get_by_label("Speaker").fill("Jane Smith")
    form.get_by_role("button", name="Save").click()
    expect(card.locator(".quote__attribution")).to_contain_text("- Jane Smith")
    expect(card.locator(".quote__attribution")).to_contain_text(", Source:")
    expect(card.locator(".quote__meta")).to_contain_text(f"Article by {author}")
    assert tab.api(f"/api/quotes/{qid('meetings')}")["speaker"] == "Jane Smith"


def test_delete_offers_undo_and_undo_keeps_the_quote(tab):
    tab.open("/?q=manual")
    card = tab.card("untagged")
    before = tab.api("/api/search", q="manual")["total"]
    card.get_by_role("button", name="Delete").click()
    expect(card).to_have_count(0)
    undo = tab.page.locator("#toasts").get_by_role("button", name="Undo")
    expect(undo).to_be_focused()
    tab.wait_count(matches(before - 1) if before > 1 else "No quotes match")
    undo.click()
    expect(tab.card("untagged")).to_be_visible()
    expect(tab.card("untagged").get_by_role("button", name="Delete")).to_be_focused()
    tab.page.wait_for_timeout(200)
    assert tab.api(f"/api/quotes/{qid('untagged')}")["id"] == qid("untagged")


def test_delete_is_sent_when_the_notice_is_dismissed(tab):
    tab.open("/?q=archive")
    tab.card("no-attribution").get_by_role("button", name="Delete").click()
    tab.page.locator("#toasts").get_by_role("button", name="Dismiss").click()
    url = f"{tab.server.url}/api/quotes/{qid('no-attribution')}"
    wait_until(
        lambda: requests.get(url, headers=tab.server.headers, timeout=5).status_code == 404,
        "the DELETE",
    )


def test_a_waiting_delete_is_sent_when_the_page_is_left(tab):
    tab.open("/?q=cafe")
    tab.card("accents").get_by_role("button", name="Delete").click()
    tab.page.goto("about:blank")
    url = f"{tab.server.url}/api/quotes/{qid('accents')}"
    wait_until(
        lambda: requests.get(url, headers=tab.server.headers, timeout=5).status_code == 404,
        "the DELETE sent on leaving",
    )


# --- connect panel, empty and error states -----------------------------------------------------


def test_connect_panel_shows_token_folder_and_extension_status(tab):
    from server.app import extension_folder

    tab.open("/#connect")
    page = tab.page
    token = page.get_by_label("Token", exact=True)
    expect(token).to_have_attribute("type", "password")
    assert token.input_value() == tab.server.token
    page.get_by_role("button", name="Show the token").click()
    expect(token).to_have_attribute("type", "text")
    page.get_by_role("button", name="Copy the token").click()
    assert tab.clipboard() == tab.server.token
    assert page.get_by_label("Extension folder", exact=True).input_value() == str(
        extension_folder()
    )
    assert page.get_by_label("Server address", exact=True).input_value() == tab.server.url
    expect(page.locator("#connect-text")).to_have_text(re.compile("No extension has connected yet"))
    # An extension saves a quote: the panel says so the next time it looks.
    response = requests.post(
        tab.server.url + "/api/quotes",
        json={"text": "Saved from the extension", "url": "https://example.org/x"},
        headers={**tab.server.headers, "Origin": "chrome-extension://abcdefghijklmnop"},
        timeout=10,
    )
    assert response.status_code == 201
    nav = page.get_by_role("navigation", name="Sections")
    nav.get_by_role("link", name="Search").click()
    nav.get_by_role("link", name="Connect").click()
    expect(page.locator("#connect-text")).to_have_text(
        re.compile("^Connected: the extension last sent a quote")
    )


def test_server_errors_are_shown_with_their_message(tab):
    tab.page.route(
        re.compile(r".*/api/search\?.*"),
        lambda route: route.fulfill(
            status=500,
            content_type="application/json",
            body='{"error": {"code": "internal", "message": "the index is being rebuilt"}}',
        ),
    )
    tab.open("/?q=garden")
    message = tab.page.locator("#search-message")
    expect(message).to_contain_text("The server failed: the index is being rebuilt.")
    expect(message).to_have_attribute("role", "alert")
    tab.page.unroute(re.compile(r".*/api/search\?.*"))
    tab.page.get_by_role("button", name="Try again").click()
    expect(tab.card("garden")).to_be_visible()


def test_a_dead_server_and_a_bad_query_say_what_to_do(tab):
    tab.open()
    tab.page.route(re.compile(r".*/api/search\?.*"), lambda route: route.abort())
    tab.page.locator("#q").fill("garden")
    # The command as it runs on this machine: the venv's full path when it is not on the PATH.
    expect(tab.page.locator("#search-message")).to_contain_text(
        re.compile(r'Is "(\S*/)?quotebank serve" still running\?')
    )
    tab.page.unroute(re.compile(r".*/api/search\?.*"))
    tab.page.locator("#q").fill("g*")
    expect(tab.page.locator("#search-message")).to_contain_text(
        "This search cannot be run: a wildcard needs at least 2 letters before the *"
    )


def test_an_empty_bank_explains_how_to_start(browser, tmp_path):
    server = ServerProcess(tmp_path / "empty").start()
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(server.url + "/")
        message = page.locator("#search-message")
        expect(message).to_contain_text("No quotes yet.")
        expect(message.get_by_role("link", name="connect the browser extension")).to_have_attribute(
            "href", "#connect"
        )
        page.locator("#q").fill("anything")
        expect(message).to_contain_text("No quotes yet.")
        context.close()
    finally:
        server.stop()


# --- keyboard and accessibility --------------------------------------------------------------


def focused(tab) -> dict[str, str]:
    return tab.page.evaluate(
        """() => { const e = document.activeElement;
        const visible = (n) => [...n.childNodes].map(c => c.nodeType === 3 ? c.textContent
            : (c.hidden ? '' : visible(c))).join('');
        const label = e.getAttribute('aria-label') || e.labels?.[0]?.textContent || visible(e);
        return {id: e.id, text: (label || '').trim(),
                tag: e.tagName, card: e.closest('li.quote')?.dataset.id || ''}; }"""
    )


def test_keyboard_alone_reaches_search_and_result_actions(tab):
    tab.open("/?q=defiance")
    page = tab.page
    expect(tab.card("garden")).to_be_visible()
    # The search box has focus on arrival. Backwards from it: the sections, then the skip link.
    expect(page.locator("#q")).to_be_focused()
    before = []
    for _ in range(8):
        page.keyboard.press("Shift+Tab")
        before.append(focused(tab)["text"])
        if before[-1] == "Skip to content":
            break
    assert before[::-1] == [
        "Skip to content",
        "quotebank, search",
        "Search",
        "Recall",
        "Digest",
        "Connect",
    ]
    # Forwards from it: the filters, then each result's link, tags and actions in reading order.
    page.locator("#q").focus()
    order = []
    for _ in range(30):
        page.keyboard.press("Tab")
        order.append(focused(tab))
        if order[-1]["card"] and order[-1]["text"] == "Delete":
            break
    names = [step["text"] for step in order]
    first_card = next(i for i, step in enumerate(order) if step["card"])
    # "Words": the search mode's radio group (one stop; arrows move within it).
    assert names[:first_card] == ["Words", "Filters", "Add all to digest", "Export"]
    assert order[first_card]["card"] == qid("garden")
    assert names[first_card:] == [
        "The Ledger (opens in a new tab)",  # the attribution's link to the source
        "Show quotes tagged climate",
        "Show quotes tagged cities",
        "Add to Digest",
        "Copy as post",
        "Markdown",
        "HTML",
        "Source (opens in a new tab)",
        "Related",
        "Edit",
        "Delete",
    ]

    # Enter opens the post preview; Escape closes it and focus returns.
    card = tab.card("garden")
    card.get_by_role("button", name="Copy as post").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#post-dialog")).to_be_visible()
    expect(page.locator("#post-text")).to_be_focused()
    page.keyboard.press("Escape")
    expect(card.get_by_role("button", name="Copy as post")).to_be_focused()
    # Space ticks the digest box; Enter on Edit opens the form and Escape closes it.
    card.get_by_role("checkbox", name="Add to Digest").focus()
    page.keyboard.press("Space")
    expect(card.get_by_role("checkbox", name="Add to Digest")).to_be_checked()
    card.get_by_role("button", name="Edit").focus()
    page.keyboard.press("Enter")
    expect(card.locator("form.edit")).to_be_visible()
    page.keyboard.press("Escape")
    expect(card.locator("form.edit")).to_have_count(0)
    expect(card.get_by_role("button", name="Edit")).to_be_focused()
    # "/" brings focus back to the search box.
    page.keyboard.press("/")
    expect(page.locator("#q")).to_be_focused()


def test_every_control_has_a_name_and_landmarks_exist(tab):
    tab.open("/?q=distributed")
    page = tab.page
    tab.card("boyd").get_by_role("button", name="Edit").click()  # include the edit form
    for name in ("search", "recall", "digest", "connect"):
        page.goto(f"{tab.server.url}/?q=distributed#{name}")
        page.wait_for_selector("html[data-ready]")
        if name == "search":
            expect(tab.card("boyd")).to_be_visible()
            tab.card("boyd").get_by_role("button", name="Edit").click()
        cdp = page.context.new_cdp_session(page)
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
        cdp.detach()
        interactive = {
            "button",
            "link",
            "textbox",
            "searchbox",
            "checkbox",
            "radio",
            "combobox",
            "spinbutton",
        }
        unnamed = [
            node["role"]["value"]
            for node in nodes
            if not node.get("ignored")
            and node.get("role", {}).get("value") in interactive
            and not (node.get("name", {}).get("value") or "").strip()
        ]
        assert unnamed == [], f"{name}: controls without a name: {unnamed}"
        roles = {node.get("role", {}).get("value") for node in nodes if not node.get("ignored")}
        assert {"banner", "navigation", "main", "search" if name == "search" else "main"} <= roles
    # Every form control in the document (hidden views, the dialog and templates' clones
    # included) has a <label> or an aria-label.
    unlabeled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
        .filter(e => e.type !== 'hidden' && !e.closest('template'))
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                     && !e.getAttribute('aria-labelledby'))
        .map(e => e.outerHTML)"""
    )
    assert unlabeled == []
    assert page.evaluate("document.documentElement.lang") == "en"


def test_mobile_width_has_no_horizontal_scroll(browser, server):
    context = browser.new_context(
        viewport={"width": 360, "height": 760}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    for path in ("/?q=roadmap", "/?tag=hostile", "/#recall", "/#digest", "/#connect"):
        page.goto(server.url + path)
        page.wait_for_selector("html[data-ready]")
        page.wait_for_timeout(300)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide"
    context.close()


# --- screenshots (docs/screenshots/page-*.png when QUOTEBANK_SCREENSHOTS=1) -------------------


def test_screenshots_of_the_main_states(browser, server, tmp_path):
    target = SCREENSHOTS if os.environ.get("QUOTEBANK_SCREENSHOTS") == "1" else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1200, "height": 860}, device_scale_factor=1)
    page = context.new_page()

    def shot(name: str) -> None:
        page.wait_for_timeout(250)
        page.screenshot(path=str(target / f"page-{name}.png"))
        assert (target / f"page-{name}.png").stat().st_size > 10_000

    page.goto(server.url + "/?q=cities OR city OR garden*&sort=date")
    page.wait_for_selector("#results li.quote")
    page.evaluate("document.activeElement.blur()")
    shot("search")
    page.locator("#results li.quote").first.get_by_role("button", name="Copy as post").click()
    expect(page.locator("#post-text")).not_to_have_value("")
    shot("post-preview")
    page.keyboard.press("Escape")
    page.goto(server.url + "/#recall")
    page.locator("#draft").fill(
        "Notes for the essay: our street trees keep dying young, and the heat this summer "
        "made every garden on the roofs feel like a small act of defiance."
    )
    page.wait_for_selector("#recall-results li.quote")
    shot("recall")
    page.goto(server.url + "/?q=tag:writing OR tag:climate")
    page.wait_for_selector("#results li.quote")
    for box in page.locator("#results .pick__box").all()[:4]:
        box.check()
    page.get_by_role("link", name=re.compile("^Digest")).click()
    expect(page.locator("#digest-output")).not_to_have_value("")
    shot("digest")
    page.get_by_role("link", name="Connect").click()
    expect(page.locator("#connect-text")).not_to_have_text("Checking…")
    shot("connect")
    context.close()
    mobile = browser.new_context(
        viewport={"width": 360, "height": 780}, device_scale_factor=2, is_mobile=True
    )
    page = mobile.new_page()
    page.goto(server.url + "/?q=trees")
    page.wait_for_selector("#results li.quote")
    page.evaluate("document.activeElement.blur()")
    shot("mobile")
    mobile.close()
