"""The store of record: quotes, their pages and tags in SQLite.

Everything the index holds can be rebuilt from here. Every write that changes what a quote looks
like in search queues an index job in the same transaction (see migrations._m003_index_jobs), so
the index can lag the store but never lose a change.
"""

import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer import db, dedupe, integrity, paths
from indexer import store_duplicates as duplicates
from indexer.clock import utc_now
from indexer.errors import Conflict, NotFound
from indexer.migrations import migrate

QUOTE_FIELDS = (
    "id",
    "text",
    "url",
    "canonical_url",
    "title",
    "author",
    "speaker",
    "handle",
    "site_name",
    "published",
    "lang",
    "context",
    "note",
    "tags",
    "created_at",
    "status",
)
METADATA_FIELDS = ("title", "author", "handle", "site_name", "published", "lang")
_EDITABLE = {"note", "tags", "title", "author", "speaker", "handle", "site_name", "published"}

# Stored states beyond the public three: metadata is in but the index has not caught up yet.
_PUBLIC_STATUS = {
    "pending": "pending",
    "extracted": "pending",
    "extract_failed": "pending",
    "ready": "ready",
    "failed": "failed",
}
_INDEXED_STATUS = (
    "UPDATE quotes SET status = CASE status WHEN 'extracted' THEN 'ready'"
    " WHEN 'extract_failed' THEN 'failed' ELSE status END WHERE id = ?"
)
_TAG_SEP = "\x1f"
_QUOTE_COLUMNS = ", ".join(f"q.{name}" for name in QUOTE_FIELDS if name != "tags")
_SELECT_QUOTE = f"""
    SELECT {_QUOTE_COLUMNS}, q.rowid AS row_number,
           (SELECT group_concat(tag, '{_TAG_SEP}') FROM
              (SELECT tag FROM quote_tags WHERE quote_id = q.id ORDER BY position)) AS tag_list
    FROM quotes q
"""
_NEWEST_FIRST = "ORDER BY q.created_at DESC, q.rowid DESC"
_DAY = "coalesce(q.published, substr(q.created_at, 1, 10))"  # migrations._m006_quotes_by_day
_ID_CHUNK = 500  # well under SQLite's limit on bound parameters


@dataclass(frozen=True)
class PendingCapture:
    """What the extractor needs to work on one captured quote."""

    quote_id: str
    text: str
    url: str | None
    page_id: int | None
    html_zlib: bytes | None  # the page's raw HTML as stored, to drop it only if unchanged
    page_extracted: bool  # the page was extracted before (from another capture)
    browser_title: str | None
    browser_context: str | None

    @property
    def html(self) -> str:
        return zlib.decompress(self.html_zlib).decode("utf-8") if self.html_zlib else ""


@dataclass(frozen=True)
class ImportReport:
    added: int
    skipped: int


def row_to_quote(row: sqlite3.Row) -> dict[str, Any]:
    quote = {field: row[field] for field in QUOTE_FIELDS if field != "tags"}
    quote["tags"] = row["tag_list"].split(_TAG_SEP) if row["tag_list"] else []
    quote["status"] = _PUBLIC_STATUS[row["status"]]
    return quote


def compress_html(html: str | None) -> bytes | None:
    # Level 1: most of zlib's gain on HTML for a fraction of the time spent before the 201.
    return zlib.compress(html.encode("utf-8"), 1) if html else None


class Store:
    """One SQLite database; a connection per thread, since waitress serves from several."""

    def __init__(self, path: Path, *, quick_check: bool = True) -> None:
        """Check the file first (indexer/integrity.py): a damaged database is refused before
        anything writes to it. `quick_check=False` reads the header and schema only (fast
        command-line reads of a large store)."""
        self.path = path
        integrity.check_before_open(path, paths.index_path(path.parent))
        if path.exists():
            _check_read_only(path, quick_check)
        self._pool = db.ConnectionPool(path)
        migrate(self.conn)

    @property
    def conn(self) -> sqlite3.Connection:
        return self._pool.get()

    def close(self) -> None:
        self._pool.close()

    # -- writes ---------------------------------------------------------------------------

    def insert_capture(self, capture: dict[str, Any], canonical_url: str) -> tuple[dict, bool]:
        """Store a validated capture; (quote, True) if new, (stored quote, False) on a replay.

        A replay (same id) stores nothing; a replay whose text differs is a Conflict. A capture
        from the extension (source "extension"), new or replayed, also records when the
        extension last reached us, in the same transaction (one COMMIT, one fsync).
        """
        with db.write_transaction(self.conn) as conn:
            row = conn.execute("SELECT text FROM quotes WHERE id = ?", (capture["id"],)).fetchone()
            if (
                row is not None
                and row["text"] != capture["text"]
                and not dedupe.extends(row["text"], capture["text"])  # replaced since
            ):
                raise Conflict(f"quote {capture['id']} is already stored with a different text")
            if capture.get("source") == "extension":
                _touch_activity(conn, "extension")
            if row is not None:
                return _get(conn, capture["id"]), False
            known = _saved_before(conn, capture, canonical_url)
            if known is not None:
                return known, False
            now = utc_now()
            page_id = _page_for_capture(
                conn, canonical_url, compress_html(capture.get("html")), now
            )
            conn.execute(
                "INSERT INTO quotes (id, text, url, canonical_url, page_id, note, created_at,"
                " status, text_key, source_key) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
                (
                    capture["id"],
                    capture["text"],
                    capture["url"],
                    canonical_url,
                    page_id,
                    capture["note"],
                    capture.get("created_at") or now,  # the click, when the client says
                    dedupe.text_key(capture["text"]),
                    canonical_url,
                ),
            )
            conn.execute(
                "INSERT INTO captures (quote_id, browser_title, browser_context, source)"
                " VALUES (?, ?, ?, ?)",
                (
                    capture["id"],
                    capture.get("title"),
                    capture.get("context"),
                    capture.get("source", "api"),
                ),
            )
            _set_tags(conn, capture["id"], capture["tags"])
            _queue_index(conn, [capture["id"]])
            return _get(conn, capture["id"]), True

    def import_records(
        self, records: Iterable[dict[str, Any]], *, merge_duplicates: bool = True
    ) -> ImportReport:
        """Store finished quotes (no extraction), in one transaction; ids already present are
        skipped, whatever their text (an import is re-run, not a replay of one capture). With
        `merge_duplicates`, a quote with the text of one already saved from the same source is
        merged into it (its tags and note added), and one that extends an earlier one replaces
        its text (see store_duplicates): both count as skipped. Without (a restore of
        quotebank's own export), every quote is kept as it was."""
        records = list(records)
        added = []
        with db.write_transaction(self.conn) as conn:
            for record in records:
                if merge_duplicates and _merged_into_known(conn, record):
                    continue
                if _insert_record(conn, record):
                    added.append(record)
                    # Now, not after the batch: a later record may merge its tags into this one.
                    _set_tags(conn, record["id"], record.get("tags") or [])
            _queue_index(conn, [record["id"] for record in added])
        return ImportReport(len(added), len(records) - len(added))

    def update(self, quote_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Change a quote's editable fields (validate.edit's output)."""
        unknown = set(fields) - _EDITABLE
        if unknown:  # column names go into the SQL: only the known ones may
            raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
        with db.write_transaction(self.conn) as conn:
            if conn.execute("SELECT 1 FROM quotes WHERE id = ?", (quote_id,)).fetchone() is None:
                raise NotFound(f"no quote with id {quote_id}")
            columns = {k: v for k, v in fields.items() if k != "tags"}
            if columns:
                assignments = ", ".join(f"{name} = ?" for name in columns)
                conn.execute(
                    f"UPDATE quotes SET {assignments} WHERE id = ?", (*columns.values(), quote_id)
                )
            if "tags" in fields:
                _set_tags(conn, quote_id, fields["tags"])
            _queue_index(conn, [quote_id])
            quote = _get(conn, quote_id)
            assert quote is not None  # checked above, in the same transaction
            return quote

    def delete(self, quote_id: str) -> bool:
        """Delete a quote (its tags and capture go with it); its index job removes the doc."""
        with db.write_transaction(self.conn) as conn:
            row = conn.execute("SELECT page_id FROM quotes WHERE id = ?", (quote_id,)).fetchone()
            if row is None:
                return False
            conn.execute("DELETE FROM quotes WHERE id = ?", (quote_id,))
            if row["page_id"] is not None:
                # A page nobody quotes any more is the user's data too: it goes with the quote.
                conn.execute(
                    "DELETE FROM pages WHERE id = ?"
                    " AND NOT EXISTS (SELECT 1 FROM quotes WHERE page_id = ?)",
                    (row["page_id"], row["page_id"]),
                )
            _queue_index(conn, [quote_id])  # the job finds no row and deletes the document
            return True

    # -- reads ----------------------------------------------------------------------------

    def get(self, quote_id: str) -> dict[str, Any] | None:
        return _get(self.conn, quote_id)

    def get_many(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Quotes by id, in a few queries; ids not stored are absent from the answer."""
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), _ID_CHUNK):
            chunk = list(ids[start : start + _ID_CHUNK])
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(f"{_SELECT_QUOTE} WHERE q.id IN ({marks})", chunk):
                found[row["id"]] = row_to_quote(row)
        return found

    def article_texts(self, ids: Sequence[str]) -> dict[str, str]:
        """The stored article text of each quote's page (quotes without one are absent); quotes
        of one page share one string."""
        pages: dict[str, int] = {}
        texts: dict[int, str] = {}
        for start in range(0, len(ids), _ID_CHUNK):
            chunk = list(ids[start : start + _ID_CHUNK])
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT id, page_id FROM quotes WHERE page_id IS NOT NULL AND id IN ({marks})",
                chunk,
            )
            pages.update((row["id"], row["page_id"]) for row in rows)
        wanted = sorted(set(pages.values()))
        for start in range(0, len(wanted), _ID_CHUNK):
            chunk = wanted[start : start + _ID_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                "SELECT id, article_text FROM pages"
                f" WHERE article_text IS NOT NULL AND id IN ({marks})",
                chunk,
            )
            texts.update((row["id"], row["article_text"]) for row in rows)
        return {quote: texts[page] for quote, page in pages.items() if page in texts}

    def list_quotes(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        tag: str | None = None,
        site: str | None = None,
        author: str | None = None,
    ) -> tuple[int, list[dict[str, Any]]]:
        """Newest first, with the total that matched the filters."""
        where, params = _filters(tag=tag, site=site, author=author)
        return self._newest_first(where, params, limit, offset)

    def _newest_first(
        self, where: str, params: Sequence[Any], limit: int, offset: int
    ) -> tuple[int, list[dict[str, Any]]]:
        """One page of the quotes `where` selects, newest first, and how many it selects."""
        with db.read_snapshot(self.conn) as conn:
            total = conn.execute(f"SELECT count(*) FROM quotes q {where}", params).fetchone()[0]
            rows = conn.execute(
                f"{_SELECT_QUOTE} {where} {_NEWEST_FIRST} LIMIT ? OFFSET ?",
                (*params, limit, offset),
            ).fetchall()
        return total, [row_to_quote(row) for row in rows]

    def list_from_pages(
        self, addresses: Sequence[str], *, limit: int = 50, offset: int = 0
    ) -> tuple[int, list[dict[str, Any]]]:
        """Quotes saved from any of `addresses` (each also given in its tracking-free form, see
        urls.page_addresses), newest first: by the page they were saved from (source_key, the
        tracking-free address), their canonical URL, or the page row they point at. Every term
        is indexed, so SQLite answers from the indexes."""
        marks = ",".join("?" * len(addresses))
        where = (
            f"WHERE q.source_key IN ({marks}) OR q.canonical_url IN ({marks}) OR q.page_id IN"
            f" (SELECT id FROM pages WHERE canonical_url IN ({marks}))"
        )
        params = [*addresses, *addresses, *addresses]
        return self._newest_first(where, params, limit, offset)

    def tag_counts(self, *, prefix: str = "", limit: int = 50) -> list[dict[str, Any]]:
        """Tags in use, most used first (then by name), with how many quotes carry each."""
        literal = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.conn.execute(
            "SELECT tag, count(*) AS n FROM quote_tags WHERE tag LIKE ? ESCAPE '\\'"
            " GROUP BY tag ORDER BY n DESC, tag LIMIT ?",
            (f"{literal}%", limit),
        ).fetchall()
        return [{"tag": row["tag"], "count": row["n"]} for row in rows]

    def list_by_day(
        self, *, limit: int, offset: int, since: str | None = None, until: str | None = None
    ) -> tuple[int, list[dict[str, Any]]]:
        """Newest first by published date, else capture date (the index's date order), with
        since/until (YYYY-MM-DD) on that date, and the total that matched."""
        clauses, params = [], []
        for bound, operator in ((since, ">="), (until, "<=")):
            if bound:
                clauses.append(f"{_DAY} {operator} ?")
                params.append(bound)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        with db.read_snapshot(self.conn) as conn:
            total = conn.execute(f"SELECT count(*) FROM quotes q {where}", params).fetchone()[0]
            rows = conn.execute(
                f"{_SELECT_QUOTE} {where} ORDER BY {_DAY} DESC, q.created_at DESC, q.rowid DESC"
                " LIMIT ? OFFSET ?",
                (*params, limit, offset),
            ).fetchall()
        return total, [row_to_quote(row) for row in rows]

    def iter_all(
        self, batch: int = 2000, shard: tuple[int, int] = (0, 1)
    ) -> Iterator[dict[str, Any]]:
        """Every quote, newest first, read in batches so 100,000 quotes never sit in memory;
        with shard=(k, n), only the k-th of n disjoint shares (for building in n processes).

        Keyset paging on (created_at, rowid): a quote added meanwhile is either seen or not,
        never seen twice, and its index job covers it either way.
        """
        last: tuple[str, int] = ("\uffff", 0)  # after every ISO date
        share = "q.rowid % ? = ?"
        while True:
            rows = self.conn.execute(
                f"{_SELECT_QUOTE} WHERE (q.created_at, q.rowid) < (?, ?) AND {share}"
                f" {_NEWEST_FIRST} LIMIT ?",
                (*last, shard[1], shard[0], batch),
            ).fetchall()
            if not rows:
                return
            yield from (row_to_quote(row) for row in rows)
            last = (rows[-1]["created_at"], rows[-1]["row_number"])

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM quotes").fetchone()[0]

    def counts(self) -> dict[str, int]:
        """Quotes, queued index jobs and captures awaiting extraction, from one snapshot."""
        with db.read_snapshot(self.conn) as conn:
            return {
                "quotes": conn.execute("SELECT count(*) FROM quotes").fetchone()[0],
                "pending_index": conn.execute("SELECT count(*) FROM index_jobs").fetchone()[0],
                "pending_extraction": conn.execute(
                    "SELECT count(*) FROM quotes WHERE status = 'pending'"
                ).fetchone()[0],
            }

    def activity(self) -> dict[str, str]:
        return {row["name"]: row["at"] for row in self.conn.execute("SELECT * FROM activity")}

    def latest_capture_at(self) -> str | None:
        return self.conn.execute("SELECT max(created_at) FROM quotes").fetchone()[0]

    def page(self, page_id: int) -> dict[str, Any] | None:
        """A page's metadata and article text (as the extractor names them), without its HTML."""
        row = self.conn.execute(
            f"SELECT canonical_url, {', '.join(METADATA_FIELDS)}, article_text AS text,"
            " extracted_at FROM pages WHERE id = ?",
            (page_id,),
        ).fetchone()
        return dict(row) if row else None

    # -- extraction -----------------------------------------------------------------------

    def pending_captures(self, limit: int = 10) -> list[PendingCapture]:
        rows = self.conn.execute(
            "SELECT q.id, q.text, q.url, q.page_id, p.html_zlib, p.extracted_at,"
            " c.browser_title, c.browser_context"
            " FROM quotes q LEFT JOIN pages p ON p.id = q.page_id"
            " LEFT JOIN captures c ON c.quote_id = q.id"
            " WHERE q.status = 'pending' ORDER BY q.created_at, q.rowid LIMIT ?",
            (limit,),
        )
        return [
            PendingCapture(
                quote_id=row["id"],
                text=row["text"],
                url=row["url"],
                page_id=row["page_id"],
                html_zlib=row["html_zlib"],
                page_extracted=row["extracted_at"] is not None,
                browser_title=row["browser_title"],
                browser_context=row["browser_context"],
            )
            for row in rows
        ]

    def apply_extraction(
        self,
        capture: PendingCapture,
        page: dict[str, Any],
        context: str | None,
        ok: bool,
        speaker: str | None = None,
    ) -> None:
        """Record what extraction found; fields the user already edited are kept.

        On success the page row of the canonical URL the extractor found gets the metadata and
        the article text, the quote moves to it, and the raw HTML is dropped if no newer
        capture replaced it meanwhile. On failure the HTML stays for a later attempt.
        """
        with db.write_transaction(self.conn) as conn:
            still_pending = conn.execute(
                "SELECT 1 FROM quotes WHERE id = ? AND status = 'pending'", (capture.quote_id,)
            ).fetchone()
            if still_pending is None:  # deleted, or extracted by another process meanwhile
                return
            page_id = _record_page(conn, capture, page) if ok else capture.page_id
            metadata = {field: page.get(field) for field in METADATA_FIELDS}
            metadata["title"] = metadata["title"] or capture.browser_title
            keep_edits = ", ".join(f"{name} = coalesce({name}, ?)" for name in metadata)
            conn.execute(
                f"UPDATE quotes SET {keep_edits}, canonical_url = coalesce(?, canonical_url),"
                " speaker = coalesce(speaker, ?), page_id = ?, context = ?, status = ? WHERE id = ?",
                (
                    *metadata.values(),
                    page.get("canonical_url") if ok else None,
                    speaker,
                    page_id,
                    context or capture.browser_context,
                    "extracted" if ok else "extract_failed",
                    capture.quote_id,
                ),
            )
            if ok and capture.page_id not in (None, page_id):
                _drop_page_if_unused(conn, capture.page_id)
            _queue_index(conn, [capture.quote_id])

    # -- index jobs -----------------------------------------------------------------------

    def index_jobs(self, limit: int = 500) -> list[tuple[str, int]]:
        rows = self.conn.execute(
            "SELECT quote_id, seq FROM index_jobs ORDER BY seq LIMIT ?", (limit,)
        )
        return [(row[0], row[1]) for row in rows]

    def pending_job_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM index_jobs").fetchone()[0]

    def finish_jobs(self, jobs: Sequence[tuple[str, int]]) -> None:
        """Drop jobs the index has applied; a job re-queued meanwhile (newer seq) stays."""
        with db.write_transaction(self.conn) as conn:
            conn.executemany("DELETE FROM index_jobs WHERE quote_id = ? AND seq = ?", jobs)
            conn.executemany(_INDEXED_STATUS, [(quote_id,) for quote_id, _ in jobs])

    def max_job_seq(self) -> int:
        row = self.conn.execute("SELECT value FROM counters WHERE name = 'index_seq'").fetchone()
        return row[0]

    def finish_jobs_upto(self, seq: int) -> None:
        """After a full rebuild: every job queued before it started is applied."""
        with db.write_transaction(self.conn) as conn:
            jobs = conn.execute("SELECT quote_id FROM index_jobs WHERE seq <= ?", (seq,))
            ids = [(row[0],) for row in jobs]
            conn.execute("DELETE FROM index_jobs WHERE seq <= ?", (seq,))
            conn.executemany(_INDEXED_STATUS, ids)


# -- helpers (each runs inside the caller's transaction) ------------------------------------


def _check_read_only(path: Path, quick_check: bool) -> None:
    # Read-only: opening with the usual settings would already write (journal mode, migrations).
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        integrity.check_after_open(conn, path, quick_check=quick_check)
    finally:
        conn.close()


def _get(conn: sqlite3.Connection, quote_id: str) -> dict[str, Any] | None:
    row = conn.execute(f"{_SELECT_QUOTE} WHERE q.id = ?", (quote_id,)).fetchone()
    return row_to_quote(row) if row else None


def _saved_before(
    conn: sqlite3.Connection, capture: dict[str, Any], source: str
) -> dict[str, Any] | None:
    """The stored quote a capture is a second save of (flagged "duplicate"), or the earlier,
    shorter highlight it extends (given its text; flagged "extended"), with the capture's tags
    and note merged in; None for a new quote."""
    found = duplicates.find_duplicate(conn, capture["text"], source)
    flag, text = "duplicate", None
    if found is None:
        moment = capture.get("created_at") or utc_now()
        found = duplicates.find_extended(conn, capture["text"], source, moment)
        flag, text = "extended", capture["text"]
    if found is None:
        return None
    if duplicates.merge_into(conn, found, capture["tags"], capture["note"], text=text):
        _queue_index(conn, [found])
    return (_get(conn, found) or {}) | {flag: True}


def _merged_into_known(conn: sqlite3.Connection, record: dict[str, Any]) -> bool:
    """Whether an imported record is a quote already stored under another id (merged in)."""
    if conn.execute("SELECT 1 FROM quotes WHERE id = ?", (record["id"],)).fetchone():
        return False  # the same id: skipped by _insert_record
    source = _record_source(record)
    found = duplicates.find_duplicate(conn, record["text"], source)
    text = None
    if found is None:
        moment = record.get("created_at") or utc_now()
        found = duplicates.find_extended(conn, record["text"], source, moment)
        text = record["text"]
    if found is None:
        return False
    tags, note = record.get("tags") or [], record.get("note")
    if duplicates.merge_into(conn, found, tags, note, text=text):
        _queue_index(conn, [found])
    return True


def _record_source(record: dict[str, Any]) -> str | None:
    url = record.get("url") or record.get("canonical_url")
    return dedupe.source_key(url, record.get("title"), record.get("author"))


def _insert_record(conn: sqlite3.Connection, record: dict[str, Any]) -> bool:
    cursor = conn.execute(
        "INSERT INTO quotes (id, text, url, canonical_url, title, author, handle,"
        " site_name, published, lang, context, note, created_at, status, speaker, text_key,"
        " source_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(id) DO NOTHING",
        (
            record["id"],
            record["text"],
            record.get("url"),
            record.get("canonical_url") or record.get("url"),
            *(record.get(field) for field in METADATA_FIELDS),
            record.get("context"),
            record.get("note") or "",
            record.get("created_at") or utc_now(),
            # A quote whose extraction had failed stays failed: an export and import keep it.
            "extract_failed" if record.get("status") == "failed" else "extracted",
            record.get("speaker"),
            dedupe.text_key(record["text"]),
            _record_source(record),
        ),
    )
    return cursor.rowcount == 1


def _touch_activity(conn: sqlite3.Connection, name: str) -> None:
    conn.execute(
        "INSERT INTO activity VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET at = excluded.at",
        (name, utc_now()),
    )


def _set_tags(conn: sqlite3.Connection, quote_id: str, tags: Sequence[str]) -> None:
    conn.execute("DELETE FROM quote_tags WHERE quote_id = ?", (quote_id,))
    conn.executemany(
        "INSERT INTO quote_tags (quote_id, tag, position) VALUES (?, ?, ?)",
        [(quote_id, tag, position) for position, tag in enumerate(tags)],
    )


def _queue_index(conn: sqlite3.Connection, ids: Sequence[str]) -> None:
    seq = conn.execute(
        "UPDATE counters SET value = value + 1 WHERE name = 'index_seq' RETURNING value"
    ).fetchone()[0]
    conn.executemany(
        "INSERT INTO index_jobs (quote_id, seq) VALUES (?, ?)"
        " ON CONFLICT(quote_id) DO UPDATE SET seq = excluded.seq",
        [(quote_id, seq) for quote_id in ids],
    )


def _page_for_capture(
    conn: sqlite3.Connection, canonical_url: str, html_zlib: bytes | None, now: str
) -> int:
    """The page row of a capture's URL; the newest HTML replaces an older one."""
    return conn.execute(
        "INSERT INTO pages (canonical_url, html_zlib, captured_at) VALUES (?, ?, ?)"
        " ON CONFLICT(canonical_url) DO UPDATE SET"
        " html_zlib = coalesce(excluded.html_zlib, pages.html_zlib),"
        " captured_at = CASE WHEN excluded.html_zlib IS NULL THEN pages.captured_at"
        " ELSE excluded.captured_at END"
        " RETURNING id",
        (canonical_url, html_zlib, now),
    ).fetchone()[0]


def _record_page(conn: sqlite3.Connection, capture: PendingCapture, page: dict[str, Any]) -> int:
    """Store a successful extraction on the page row of its canonical URL; returns its id."""
    canonical = page.get("canonical_url") or _page_url(conn, capture.page_id) or capture.url
    fields = (*METADATA_FIELDS, "article_text")
    values = [page.get(field) for field in METADATA_FIELDS] + [page.get("text")]
    newer_wins = ", ".join(f"{name} = coalesce(excluded.{name}, pages.{name})" for name in fields)
    page_id = conn.execute(
        f"INSERT INTO pages (canonical_url, {', '.join(fields)}, extracted_at)"
        f" VALUES (?, {', '.join('?' * len(fields))}, ?)"
        f" ON CONFLICT(canonical_url) DO UPDATE SET {newer_wins},"
        " extracted_at = excluded.extracted_at RETURNING id",
        (canonical, *values, utc_now()),
    ).fetchone()[0]
    if capture.html_zlib is not None and page.get("complete", True):
        # Keep the raw HTML only while a better extraction might still be needed, and never
        # drop HTML that a newer capture of the page stored while this one was extracted.
        conn.execute(
            "UPDATE pages SET html_zlib = NULL WHERE id = ? AND html_zlib = ?",
            (capture.page_id, capture.html_zlib),
        )
    return page_id


def _page_url(conn: sqlite3.Connection, page_id: int | None) -> str | None:
    if page_id is None:
        return None
    row = conn.execute("SELECT canonical_url FROM pages WHERE id = ?", (page_id,)).fetchone()
    return row[0] if row else None


def _drop_page_if_unused(conn: sqlite3.Connection, page_id: int) -> None:
    conn.execute(
        "DELETE FROM pages WHERE id = ? AND html_zlib IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM quotes WHERE page_id = ?)",
        (page_id, page_id),
    )


def _filters(**filters: str | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if filters.get("tag"):
        clauses.append("q.id IN (SELECT quote_id FROM quote_tags WHERE tag = ?)")
        params.append(filters["tag"].strip().lower())
    if filters.get("site"):
        clauses.append("lower(q.site_name) = lower(?)")
        params.append(filters["site"].strip())
    if filters.get("author"):
        author = filters["author"].strip()
        literal = author.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        # The author filter finds the people quoted too: "quotes by Jane Smith" means both.
        clauses.append(
            "(lower(q.author) LIKE lower(?) ESCAPE '\\' OR lower(q.speaker) LIKE lower(?)"
            " ESCAPE '\\' OR lower(q.handle) = lower(?))"
        )
        handle = author if author.startswith("@") else f"@{author}"
        params.extend([f"%{literal}%", f"%{literal}%", handle])
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
