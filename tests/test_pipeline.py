"""After the COMMIT: extraction of the page, then the index; inline (CLI) and in threads (server)."""

import sqlite3
import time
from pathlib import Path

from indexer import paths
from indexer.bank import QuoteBank
from indexer.extraction import PageInfo
from indexer.pipeline import BackgroundWorkers
from tests.factories import StubExtractor, make_quote

ARTICLE = "Intro paragraph.\n\nThe quote sits in this paragraph, with its neighbours.\n\nOutro."
PAGE = PageInfo(
    title="Headline",
    author="Ada Lovelace",
    handle="@ada",
    site_name="Analytical Engines",
    published="1843-09-01",
    lang="en",
    canonical_url="https://engines.example/notes",
    text=ARTICLE,
)


def pages(folder: Path) -> list[tuple]:
    with sqlite3.connect(paths.database_path(folder)) as conn:
        return conn.execute(
            "SELECT canonical_url, html_zlib IS NOT NULL, extracted_at IS NOT NULL FROM pages"
        ).fetchall()


def wait_for(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def test_extracted_metadata_and_context_are_stored_and_indexed(data_dir):
    extractor = StubExtractor(PAGE)
    with QuoteBank(data_dir, extractor=extractor) as bank:
        quote, _ = bank.capture(
            make_quote(
                url="https://engines.example/notes?utm_campaign=x",
                text="The quote sits in this paragraph",
                html="<html>page</html>",
            )
        )
        assert extractor.calls == [("<html>page</html>", quote["url"])]
        assert quote["status"] == "ready"
        assert {k: quote[k] for k in ("title", "author", "handle", "site_name", "lang")} == {
            "title": "Headline",
            "author": "Ada Lovelace",
            "handle": "@ada",
            "site_name": "Analytical Engines",
            "lang": "en",
        }
        assert quote["canonical_url"] == "https://engines.example/notes"
        assert quote["context"] == "The quote sits in this paragraph, with its neighbours."
        assert bank.search("author:lovelace")[0] == 1
        assert bank.search("site:engines")[0] == 1
        assert bank.search("headline")[0] == 1
    assert pages(data_dir) == [("https://engines.example/notes", 0, 1)]


def test_a_failed_extraction_keeps_the_quote_searchable_and_the_html(data_dir):
    with QuoteBank(data_dir, extractor=StubExtractor(PageInfo())) as bank:
        quote, _ = bank.capture(
            make_quote(text="Unlucky page, lucky quote.", html="<p>x</p>", title="Tab title")
        )
        assert quote["status"] == "failed"
        assert quote["title"] == "Tab title"  # what the browser said, at least
        assert bank.search("lucky")[0] == 1
    assert pages(data_dir) == [(quote["url"], 1, 0)]


def test_an_extraction_cut_short_keeps_the_html_for_a_later_attempt(data_dir):
    cut_short = PageInfo(title="Only the title", complete=False)
    with QuoteBank(data_dir, extractor=StubExtractor(cut_short)) as bank:
        quote, _ = bank.capture(make_quote(html="<p>huge page</p>"))
        assert quote["status"] == "ready" and quote["title"] == "Only the title"
    assert pages(data_dir) == [(quote["url"], 1, 1)]


def test_an_extractor_that_raises_does_not_block_the_queue(data_dir, caplog):
    def explode(html: str, url: str) -> PageInfo:
        if "bad" in html:
            raise RuntimeError("extractor bug")
        return PAGE

    with QuoteBank(data_dir, extractor=StubExtractor(explode)) as bank:
        bad, _ = bank.capture(make_quote(text="First, on a bad page.", html="<p>bad</p>"))
        good, _ = bank.capture(make_quote(text="Then a good one.", html="<p>good</p>"))
        assert bank.get(bad["id"])["status"] == "failed"
        assert bank.get(good["id"])["status"] == "ready"
        assert bank.search("bad page")[0] == 1
    assert "extractor bug" in caplog.text


def test_a_second_capture_of_an_extracted_page_reuses_it(data_dir):
    extractor = StubExtractor(PAGE)
    with QuoteBank(data_dir, extractor=extractor) as bank:
        bank.capture(make_quote(url="https://engines.example/notes", text="Intro", html="<p>a</p>"))
        second, _ = bank.capture(
            make_quote(url="https://engines.example/notes", text="Outro")  # no HTML this time
        )
        assert len(extractor.calls) == 1
        assert second["author"] == "Ada Lovelace" and second["status"] == "ready"
        assert second["context"] == "Outro."
    assert pages(data_dir) == [("https://engines.example/notes", 0, 1)]


def test_captures_of_one_page_under_other_addresses_end_on_its_canonical_row(data_dir):
    with QuoteBank(data_dir, extractor=StubExtractor(PAGE)) as bank:
        for url in ("https://engines.example/notes?page=1", "https://m.engines.example/notes"):
            bank.capture(make_quote(url=url, html="<p>the same article</p>"))
        assert bank.search("site:engines")[0] == 2
    assert pages(data_dir) == [("https://engines.example/notes", 0, 1)]


def test_a_capture_without_html_is_extracted_from_its_address(data_dir):
    extractor = StubExtractor(PageInfo(site_name="example.com"))
    with QuoteBank(data_dir, extractor=extractor) as bank:
        quote, _ = bank.capture(make_quote(url="https://example.com/a"))
        assert extractor.calls == [("", "https://example.com/a")]
        assert quote["site_name"] == "example.com" and quote["status"] == "ready"


def test_background_workers_make_a_capture_searchable_soon_after_the_commit(data_dir):
    with QuoteBank(data_dir, background=True, extractor=StubExtractor(PAGE)) as bank:
        quote, created = bank.capture(make_quote(text="Background thread quote."))
        assert created and quote["status"] == "pending"  # answered before extraction
        wait_for(lambda: bank.search("background")[0] == 1)
        wait_for(lambda: bank.get(quote["id"])["status"] == "ready")
        wait_for(lambda: bank.search("author:lovelace")[0] == 1)
        bank.update(quote["id"], {"tags": ["later"]})
        wait_for(lambda: bank.search("tag:later")[0] == 1)
        bank.delete(quote["id"])
        wait_for(lambda: bank.search("background")[0] == 0)


def test_close_stops_the_workers_with_everything_indexed(data_dir):
    bank = QuoteBank(data_dir, background=True, extractor=StubExtractor(PAGE))
    for n in range(20):
        bank.capture(make_quote(text=f"Saved just before closing {n}."))
    bank.close()
    with sqlite3.connect(paths.database_path(data_dir)) as conn:
        assert conn.execute("SELECT count(*) FROM index_jobs").fetchone()[0] == 0
    with QuoteBank(data_dir, extractor=StubExtractor(PAGE)) as reopened:
        assert reopened.search("closing")[0] == 20


def test_a_failing_background_step_is_logged_and_retried(caplog, monkeypatch):
    monkeypatch.setattr(BackgroundWorkers, "POLL_SECONDS", 0.01)
    calls: list[int] = []

    def flaky_index() -> int:
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk hiccup")
        return 0

    workers = BackgroundWorkers(extract=lambda: 0, index=flaky_index)
    workers.start()
    workers.wake()
    wait_for(lambda: len(calls) >= 2)
    workers.stop()
    assert "disk hiccup" in caplog.text


QUOTED = PageInfo(
    title="Talks go on",
    author="Ada Lovelace",
    site_name="Analytical Engines",
    lang="en",
    canonical_url="https://engines.example/talks",
    text=(
        "Foreign Minister Jane Smith arrived on Monday.\n\n"
        '"We got it wrong, and we will put it right," the minister said.\n\n'
        "The talks go on this week, as they have for a year."
    ),
)


def test_the_speaker_of_a_quotation_is_stored_searched_and_editable(data_dir):
    with QuoteBank(data_dir, extractor=StubExtractor(QUOTED)) as bank:
        said, _ = bank.capture(
            make_quote(url="https://engines.example/talks", text="We got it wrong", html="<p>x</p>")
        )
        prose, _ = bank.capture(
            make_quote(url="https://engines.example/talks", text="The talks go on this week")
        )
        assert (said["speaker"], said["author"]) == ("Jane Smith", "Ada Lovelace")
        assert prose["speaker"] is None  # the author's own prose
        assert [q["id"] for q in bank.search('speaker:"jane smith"')[1]] == [said["id"]]
        # The author filter means "by this person": written or said.
        assert [q["id"] for q in bank.search("", author="Jane Smith")[1]] == [said["id"]]
        assert {q["id"] for q in bank.search("", author="Lovelace")[1]} == {said["id"], prose["id"]}
        assert bank.list_quotes(author="jane smith")[0] == 1
        edited = bank.update(said["id"], {"speaker": "J. Smith"})
        assert edited["speaker"] == "J. Smith"
        assert bank.search('speaker:"j smith"')[0] == 1
