"""The store of record: idempotent captures, migrations, pages, deletes and the SQLite settings."""

import sqlite3
import zlib
from pathlib import Path

import pytest

from indexer import db, migrations, paths
from indexer.bank import QuoteBank
from indexer.errors import Conflict, NotFound, ValidationError
from indexer.extraction import PageInfo
from indexer.store import Store
from tests.factories import StubExtractor, make_quote, seed

PAGE = PageInfo(
    title="The Distributed Firm",
    author="Stowe Boyd",
    handle="@StoweBoyd",
    site_name="Gigaom Research",
    published="2013-05-02",
    canonical_url="https://gigaom.example/distributed-firm",
    text="First paragraph.\n\nInnovation has to become a distributed activity.",
)


@pytest.fixture
def bank(data_dir: Path):
    with QuoteBank(data_dir, extractor=StubExtractor(PAGE)) as bank:
        yield bank


def rows(data_dir: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(paths.database_path(data_dir)) as conn:
        return conn.execute(sql, params).fetchall()


# -- idempotency --------------------------------------------------------------------------------


def test_replay_with_same_id_and_text_returns_stored_quote_and_stores_nothing(bank, data_dir):
    payload = make_quote(tags=["a"])
    first, created = bank.capture(payload)
    replay, created_again = bank.capture(payload | {"tags": ["b"], "note": "other"})
    assert created and not created_again
    assert replay == first  # the stored quote, not the replayed payload
    assert rows(data_dir, "SELECT count(*) FROM quotes") == [(1,)]
    assert rows(data_dir, "SELECT count(*) FROM index_jobs") == [(0,)]


def test_replay_with_surrounding_spaces_is_the_same_text(bank):
    payload = make_quote(text="  The same words.  ")
    bank.capture(payload)
    _, created = bank.capture(payload | {"text": "The same words."})
    assert not created


def test_replay_with_different_text_is_a_conflict(bank, data_dir):
    payload = make_quote()
    bank.capture(payload)
    with pytest.raises(Conflict):
        bank.capture(payload | {"text": "Something else entirely."})
    assert rows(data_dir, "SELECT text FROM quotes") == [(payload["text"],)]


def test_ids_are_stored_in_canonical_uuid_form(bank):
    quote, _ = bank.capture(make_quote(id="A0B1C2D3-0000-4000-8000-00000000000A"))
    assert quote["id"] == "a0b1c2d3-0000-4000-8000-00000000000a"
    _, created = bank.capture(make_quote(id=quote["id"].upper(), text=quote["text"]))
    assert not created


@pytest.mark.parametrize(
    "payload",
    [
        {"text": "", "url": "https://example.com/"},
        {"text": "x" * 10_001, "url": "https://example.com/"},
        {"text": "ok", "url": "javascript:alert(1)"},
        {"text": "ok", "url": "https://example.com/", "id": "not-a-uuid"},
        {"text": "ok\x00", "url": "https://example.com/"},
    ],
)
def test_invalid_captures_store_nothing(bank, data_dir, payload):
    with pytest.raises(ValidationError):
        bank.capture(payload)
    assert rows(data_dir, "SELECT count(*) FROM quotes") == [(0,)]


def test_tags_are_lowercased_trimmed_unique_and_split_on_commas(bank):
    quote, _ = bank.capture(make_quote(tags=[" Work ", "work", "a, B", "b"]))
    assert quote["tags"] == ["work", "a", "b"]


# -- imports --------------------------------------------------------------------------------


def test_import_skips_known_ids_and_indexes_the_rest(bank):
    records = [
        {"id": quote["id"], "text": quote["text"], "url": quote["url"], "tags": ["x"]}
        for quote in (make_quote() for _ in range(3))
    ]
    assert bank.import_records(records).added == 3
    report = bank.import_records(records)
    assert (report.added, report.skipped) == (0, 3)
    assert bank.search("tag:x")[0] == 3
    assert {quote["status"] for quote in bank.list_quotes()[1]} == {"ready"}


# -- pages and their HTML ---------------------------------------------------------------------


def test_one_page_row_per_canonical_url_holding_text_and_no_html_once_extracted(bank, data_dir):
    html = "<html><p>Innovation has to become a distributed activity.</p></html>"
    for n in range(3):
        bank.capture(
            make_quote(
                url=f"https://gigaom.example/distributed-firm?utm_source=x{n}",
                text="Innovation has to become a distributed activity",
                html=html,
            )
        )
    pages = rows(data_dir, "SELECT canonical_url, article_text, html_zlib FROM pages")
    assert pages == [("https://gigaom.example/distributed-firm", PAGE.text, None)]
    quotes = rows(data_dir, "SELECT DISTINCT page_id, context FROM quotes")
    assert len(quotes) == 1
    assert quotes[0][1] == "Innovation has to become a distributed activity."


def test_raw_html_is_kept_compressed_until_extraction_succeeds(data_dir):
    html = "<html><body>" + "<p>nothing to see</p>" * 50 + "</body></html>"
    with QuoteBank(data_dir, extractor=StubExtractor(PageInfo())) as bank:
        quote, _ = bank.capture(make_quote(html=html))
        assert bank.get(quote["id"])["status"] == "failed"
    [(blob,)] = rows(data_dir, "SELECT html_zlib FROM pages")
    assert zlib.decompress(blob).decode() == html
    assert len(blob) < len(html) / 5


def test_newer_html_of_a_page_is_not_dropped_by_an_older_extraction(data_dir):
    store = Store(paths.database_path(data_dir))
    try:
        for n, html in enumerate(["<p>old</p>", None]):
            capture = make_quote(url="https://site.example/a", html=html, id=None)
            capture |= {"id": f"00000000-0000-4000-8000-00000000000{n}", "tags": []}
            store.insert_capture(capture, "https://site.example/a")
        [pending, _] = store.pending_captures()
        with db.write_transaction(store.conn) as conn:  # a newer capture stores newer HTML
            conn.execute("UPDATE pages SET html_zlib = ?", (zlib.compress(b"<p>new</p>"),))
        store.apply_extraction(pending, {"title": "T", "text": "old"}, None, ok=True)
        [(blob,)] = store.conn.execute("SELECT html_zlib FROM pages").fetchall()
        assert zlib.decompress(blob) == b"<p>new</p>"
    finally:
        store.close()


def test_deleting_the_last_quote_of_a_page_deletes_the_page(bank, data_dir):
    first, _ = bank.capture(make_quote(url="https://a.example/x", html="<p>x</p>"))
    second, _ = bank.capture(make_quote(url="https://a.example/x", html="<p>x</p>"))
    bank.delete(first["id"])
    assert rows(data_dir, "SELECT count(*) FROM pages") == [(1,)]
    bank.delete(second["id"])
    assert rows(data_dir, "SELECT count(*) FROM pages") == [(0,)]
    assert rows(data_dir, "SELECT count(*) FROM captures") == [(0,)]
    assert rows(data_dir, "SELECT count(*) FROM quote_tags") == [(0,)]


def test_delete_and_update_of_unknown_ids(bank):
    with pytest.raises(NotFound):
        bank.delete("00000000-0000-4000-8000-000000000000")
    with pytest.raises(NotFound):
        bank.update("00000000-0000-4000-8000-000000000000", {"note": "x"})


def test_user_edits_survive_a_later_extraction(data_dir):
    with QuoteBank(data_dir, background=False, extractor=StubExtractor(PAGE)) as bank:
        store = bank.store
        capture = make_quote()
        capture |= {"html": None, "title": None, "context": None}
        quote, _ = store.insert_capture(capture, capture["url"])
        store.update(quote["id"], {"author": "Somebody Else"})
        bank.pipeline.extract_pending()
        assert bank.get(quote["id"])["author"] == "Somebody Else"
        assert bank.get(quote["id"])["site_name"] == "Gigaom Research"


# -- listing ----------------------------------------------------------------------------------


def test_list_quotes_newest_first_with_filters(bank):
    seed(bank, 3, tags=["one"])
    newest, _ = bank.capture(make_quote(tags=["two"]))
    total, quotes = bank.list_quotes(limit=2)
    assert total == 4 and quotes[0]["id"] == newest["id"] and len(quotes) == 2
    assert bank.list_quotes(tag="ONE")[0] == 3
    assert bank.list_quotes(site="gigaom research")[0] == 4
    assert bank.list_quotes(author="stowe")[0] == 4
    assert bank.list_quotes(author="@stoweboyd")[0] == 4
    assert bank.list_quotes(author="%")[0] == 0  # no LIKE wildcards from the user


def test_iter_all_sees_every_quote_once_across_batches(bank):
    stored = {quote["id"] for quote in seed(bank, 7)}
    assert [q["id"] for q in bank.store.iter_all(batch=3)] == [
        q["id"] for q in bank.list_quotes(limit=10)[1]
    ]
    assert {q["id"] for q in bank.store.iter_all(batch=3)} == stored


# -- SQLite settings and migrations -----------------------------------------------------------


def test_connection_settings(data_dir):
    conn = db.connect(data_dir / "x.sqlite3")
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == db.BUSY_TIMEOUT_MS
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        conn.close()


def test_write_transaction_rolls_back_on_error(data_dir):
    conn = db.connect(data_dir / "x.sqlite3")
    conn.execute("CREATE TABLE t (x)")
    with pytest.raises(RuntimeError), db.write_transaction(conn):
        conn.execute("INSERT INTO t VALUES (1)")
        raise RuntimeError("boom")
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    assert not conn.in_transaction
    conn.close()


def test_migrations_from_empty_are_recorded_in_order(data_dir):
    conn = db.connect(data_dir / "x.sqlite3")
    assert migrations.migrate(conn) == len(migrations.MIGRATIONS)
    recorded = conn.execute("SELECT version, name FROM migrations ORDER BY version").fetchall()
    assert [tuple(row) for row in recorded] == [
        (n, step.__name__.lstrip("_")) for n, step in enumerate(migrations.MIGRATIONS, 1)
    ]
    assert migrations.migrate(conn) == len(migrations.MIGRATIONS)  # nothing left to apply
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_migration_from_the_previous_schema_keeps_the_data(data_dir):
    last = len(migrations.MIGRATIONS)
    conn = db.connect(paths.database_path(data_dir))
    assert migrations.migrate(conn, upto=last - 1) == last - 1
    with db.write_transaction(conn):  # rows as a bank at the previous version holds them
        for n, published in enumerate(("2020-02-02", None)):
            conn.execute(
                "INSERT INTO quotes (id, text, url, published, created_at, status)"
                " VALUES (?, ?, 'https://old.example/', ?, '2024-01-01T00:00:00Z', 'ready')",
                (f"00000000-0000-4000-8000-00000000000{n}", f"Older quote {n}", published),
            )
            conn.execute(
                "INSERT INTO quote_tags VALUES (?, 'kept', 0)",
                (f"00000000-0000-4000-8000-00000000000{n}",),
            )
    conn.close()
    with QuoteBank(data_dir, extractor=StubExtractor(PageInfo())) as bank:
        assert bank.search("older tag:kept")[0] == 2  # indexed from the migrated rows
        total, listed = bank.search("")  # by published date, else capture date (2024)
        assert total == 2 and [q["published"] for q in listed] == [None, "2020-02-02"]
    assert rows(data_dir, "SELECT max(version) FROM migrations") == [(last,)]


def test_migration_5_moves_the_raw_html_onto_the_page_rows(data_dir):
    database = paths.database_path(data_dir)
    conn = db.connect(database)
    last = len(migrations.MIGRATIONS)
    assert migrations.migrate(conn, upto=4) == 4
    html = zlib.compress(b"<p>Kept through the migration.</p>")
    with db.write_transaction(conn):
        conn.execute(
            "INSERT INTO pages (canonical_url, title, article_text, extracted_at)"
            " VALUES ('https://old.example/done', 'Done', 'Article.', '2024-01-01T00:00:00Z')"
        )
        conn.execute(
            "INSERT INTO quotes (id, text, url, canonical_url, page_id, title, created_at, status)"
            " VALUES ('00000000-0000-4000-8000-000000000001', 'Extracted quote',"
            " 'https://old.example/done', 'https://old.example/done', 1, 'Done',"
            " '2024-01-01T00:00:00Z', 'ready')"
        )
        conn.execute(
            "INSERT INTO quotes (id, text, url, canonical_url, created_at, status)"
            " VALUES ('00000000-0000-4000-8000-000000000002', 'Pending quote about gardens',"
            " 'https://old.example/pending?utm_source=x', 'https://old.example/pending',"
            " '2024-01-02T00:00:00Z', 'pending')"
        )
        conn.execute(
            "INSERT INTO captures (quote_id, html_zlib, browser_title)"
            " VALUES ('00000000-0000-4000-8000-000000000002', ?, 'Browser title')",
            (html,),
        )
        conn.execute(
            "INSERT INTO quote_tags VALUES ('00000000-0000-4000-8000-000000000002', 'kept', 0)"
        )
    conn.close()

    with QuoteBank(data_dir, extractor=StubExtractor(PageInfo())) as bank:
        assert bank.status()["quotes"] == 2
        assert bank.get("00000000-0000-4000-8000-000000000001")["title"] == "Done"
        pending = bank.get("00000000-0000-4000-8000-000000000002")
        assert pending["tags"] == ["kept"]
        assert bank.search("gardens")[0] == 1  # the old rows were indexed at open
        captures = bank.store.pending_captures()
        assert [c.html for c in captures] == ["<p>Kept through the migration.</p>"]
        assert captures[0].browser_title == "Browser title"
    assert rows(data_dir, "SELECT max(version) FROM migrations") == [(last,)]
    assert rows(data_dir, "SELECT canonical_url FROM pages ORDER BY id") == [
        ("https://old.example/done",),
        ("https://old.example/pending",),
    ]
    assert rows(data_dir, "SELECT count(*) FROM quotes WHERE page_id IS NULL") == [(0,)]
    columns = [row[1] for row in rows(data_dir, "PRAGMA table_info(captures)")]
    assert "html_zlib" not in columns


def test_migrate_refuses_an_unknown_target(data_dir):
    conn = db.connect(data_dir / "x.sqlite3")
    with pytest.raises(ValueError):
        migrations.migrate(conn, upto=len(migrations.MIGRATIONS) + 1)
    conn.close()


def test_store_connections_are_closed_from_any_thread(data_dir):
    import threading

    store = Store(paths.database_path(data_dir))
    opened = []
    thread = threading.Thread(target=lambda: opened.append(store.conn))
    thread.start()
    thread.join()
    store.close()
    with pytest.raises(sqlite3.ProgrammingError):
        opened[0].execute("SELECT 1")


def test_store_update_takes_only_editable_columns(bank):
    quote, _ = bank.capture(make_quote())
    with pytest.raises(ValueError):
        bank.store.update(quote["id"], {"status = 'ready', text": "x"})
