"""The schema, as ordered migrations recorded in the database they changed.

A migration is applied once, in order, inside the same transaction that records it, so a crash
leaves the database at the previous version, never half-migrated. Never edit a released migration:
add the next one.
"""

import sqlite3
from collections.abc import Callable

from indexer import dedupe
from indexer.clock import utc_now
from indexer.db import write_transaction


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # Not conn.executescript: it COMMITs first, which would break the migration's transaction.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _m001_quotes_and_pages(conn: sqlite3.Connection) -> None:
    _run_script(
        conn,
        """
        CREATE TABLE pages (
            id INTEGER PRIMARY KEY,
            canonical_url TEXT NOT NULL UNIQUE,
            title TEXT, author TEXT, handle TEXT, site_name TEXT, published TEXT, lang TEXT,
            article_text TEXT,
            extracted_at TEXT NOT NULL
        );
        CREATE TABLE quotes (
            id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            url TEXT,
            canonical_url TEXT,
            page_id INTEGER REFERENCES pages(id) ON DELETE SET NULL,
            title TEXT, author TEXT, handle TEXT, site_name TEXT, published TEXT, lang TEXT,
            context TEXT,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
        );
        CREATE INDEX quotes_by_created ON quotes(created_at);
        CREATE TABLE quote_tags (
            quote_id TEXT NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (quote_id, tag)
        );
        CREATE INDEX quote_tags_by_tag ON quote_tags(tag);
        """,
    )


def _m002_raw_captures(conn: sqlite3.Connection) -> None:
    # What the browser sent, kept apart from the quote row so listing quotes never reads megabytes
    # of HTML; the HTML is dropped once extraction has succeeded.
    _run_script(
        conn,
        """
        CREATE TABLE captures (
            quote_id TEXT PRIMARY KEY REFERENCES quotes(id) ON DELETE CASCADE,
            html_zlib BLOB,
            browser_title TEXT,
            browser_context TEXT,
            source TEXT NOT NULL DEFAULT 'api'
        );
        """,
    )


def _m003_index_jobs(conn: sqlite3.Connection) -> None:
    # The index lags the store by design: every change to a quote queues a job in the same
    # transaction, and the indexer removes a job only after the Whoosh commit that applied it.
    # A crash in between leaves the job, which is applied on the next start.
    _run_script(
        conn,
        """
        CREATE TABLE index_jobs (
            quote_id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL
        );
        CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT INTO counters VALUES ('index_seq', 0);
        INSERT INTO index_jobs (quote_id, seq) SELECT id, 0 FROM quotes;
        """,
    )


def _m004_activity(conn: sqlite3.Connection) -> None:
    # When the extension last reached us, for the search page's "connected" indicator.
    conn.execute("CREATE TABLE activity (name TEXT PRIMARY KEY, at TEXT NOT NULL)")


def _m005_html_on_pages(conn: sqlite3.Connection) -> None:
    # One page row per canonical URL holds the raw HTML (compressed) until an extraction of it
    # succeeds, instead of one copy per quote: three quotes from one article keep one page.
    # A page row now exists from the capture on, so extracted_at may be NULL: SQLite cannot
    # drop a NOT NULL constraint, hence the table rebuild (foreign keys are off, see migrate()).
    _run_script(
        conn,
        """
        CREATE TABLE pages_new (
            id INTEGER PRIMARY KEY,
            canonical_url TEXT NOT NULL UNIQUE,
            title TEXT, author TEXT, handle TEXT, site_name TEXT, published TEXT, lang TEXT,
            article_text TEXT,
            html_zlib BLOB,
            captured_at TEXT,
            extracted_at TEXT
        );
        INSERT INTO pages_new (id, canonical_url, title, author, handle, site_name, published,
                               lang, article_text, extracted_at)
            SELECT id, canonical_url, title, author, handle, site_name, published, lang,
                   article_text, extracted_at FROM pages;
        DROP TABLE pages;
        ALTER TABLE pages_new RENAME TO pages;
        INSERT INTO pages (canonical_url, html_zlib, captured_at)
            SELECT coalesce(q.canonical_url, q.url), c.html_zlib, q.created_at
            FROM captures c JOIN quotes q ON q.id = c.quote_id
            WHERE c.html_zlib IS NOT NULL AND coalesce(q.canonical_url, q.url) IS NOT NULL
            ORDER BY q.created_at, q.rowid
            ON CONFLICT (canonical_url) DO UPDATE
                SET html_zlib = excluded.html_zlib, captured_at = excluded.captured_at;
        UPDATE quotes SET page_id =
            (SELECT id FROM pages WHERE canonical_url = coalesce(quotes.canonical_url, quotes.url))
            WHERE page_id IS NULL;
        ALTER TABLE captures DROP COLUMN html_zlib;
        CREATE INDEX quotes_by_page ON quotes(page_id);
        CREATE INDEX quotes_pending ON quotes(created_at) WHERE status = 'pending';
        CREATE INDEX index_jobs_by_seq ON index_jobs(seq);
        """,
    )


def _m006_quotes_by_day(conn: sqlite3.Connection) -> None:
    # Listing every quote newest first (an empty search) in the index's date order (published,
    # else captured) from SQLite: the index has to sort every document for that.
    conn.execute(
        "CREATE INDEX quotes_by_day ON quotes"
        " (coalesce(published, substr(created_at, 1, 10)) DESC, created_at DESC)"
    )


def _m007_speaker(conn: sqlite3.Connection) -> None:
    # Who said the quoted words (a quotation inside the article), per quote: two quotes from
    # one page can have different speakers. Older quotes stay NULL until re-extracted or edited.
    conn.execute("ALTER TABLE quotes ADD COLUMN speaker TEXT")


def _m008_duplicate_keys(conn: sqlite3.Connection) -> None:
    # Finding a second save of the same quote (indexer/dedupe.py): each quote's normalised text
    # as a key, and the page it was saved from (its address without tracking, or its book).
    conn.execute("ALTER TABLE quotes ADD COLUMN text_key TEXT")
    conn.execute("ALTER TABLE quotes ADD COLUMN source_key TEXT")
    rows = conn.execute("SELECT id, text, url, title, author FROM quotes").fetchall()
    conn.executemany(
        "UPDATE quotes SET text_key = ?, source_key = ? WHERE id = ?",
        [
            (dedupe.text_key(text), dedupe.source_key(url, title, author), quote_id)
            for quote_id, text, url, title, author in rows
        ],
    )
    conn.execute("CREATE INDEX quotes_by_text_key ON quotes(text_key)")
    conn.execute("CREATE INDEX quotes_by_source_key ON quotes(source_key)")
    conn.execute("CREATE INDEX quotes_by_canonical_url ON quotes(canonical_url)")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _m001_quotes_and_pages,
    _m002_raw_captures,
    _m003_index_jobs,
    _m004_activity,
    _m005_html_on_pages,
    _m006_quotes_by_day,
    _m007_speaker,
    _m008_duplicate_keys,
]


def schema_version(conn: sqlite3.Connection) -> int:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations"
        " (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    row = conn.execute("SELECT max(version) FROM migrations").fetchone()
    return row[0] or 0


def migrate(conn: sqlite3.Connection, upto: int | None = None) -> int:
    """Apply the migrations not yet recorded (up to `upto`, for tests); return the new version."""
    target = len(MIGRATIONS) if upto is None else upto
    if not 0 <= target <= len(MIGRATIONS):
        raise ValueError(f"no migration {target}: the last one is {len(MIGRATIONS)}")
    while True:
        # Rebuilding a table (the way SQLite changes a column) must not fire ON DELETE actions
        # on the rows that point at it; the pragma is a no-op inside a transaction, so it is
        # set around it, and the references are checked before COMMIT instead.
        conn.execute("PRAGMA foreign_keys=OFF")
        try:
            with write_transaction(conn):
                # Re-read inside the lock: another process may have migrated meanwhile.
                version = schema_version(conn)
                if version >= target:
                    return version
                step = MIGRATIONS[version]
                step(conn)
                broken = conn.execute("PRAGMA foreign_key_check").fetchone()
                if broken is not None:
                    raise sqlite3.IntegrityError(
                        f"{step.__name__} broke a reference: {tuple(broken)}"
                    )
                conn.execute(
                    "INSERT INTO migrations VALUES (?, ?, ?)",
                    (version + 1, step.__name__.lstrip("_"), utc_now()),
                )
        finally:
            conn.execute("PRAGMA foreign_keys=ON")
