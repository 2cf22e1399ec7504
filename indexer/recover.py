"""Save what can be read from a damaged database into a new one (`quotebank doctor --recover`).

The sqlite3 command line and its `.recover` are not always installed, and `iterdump` stops at the
first damaged page, so rows are read table by table in rowid order; where a read fails, the
rowids after it are probed one by one (a damaged page holds tens of rows), then in growing steps,
until reads work again. Rows go into a new file made by the migrations (the current schema); the
damaged file is renamed beside it, never changed, and the search index is rebuilt from the new
one at the next start.
"""

import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from indexer import db, paths
from indexer.clock import utc_now
from indexer.migrations import migrate

# Parents before children, so that references find their rows. index_jobs and counters are not
# copied: the index is rebuilt from the quotes.
TABLES = ("pages", "quotes", "quote_tags", "captures", "activity")
PROBE_ONE_BY_ONE = 10_000
MAX_ROWID = 2**63 - 1


@dataclass
class Recovery:
    saved: dict[str, int] = field(default_factory=dict)
    unreadable: dict[str, int] = field(default_factory=dict)  # failed reads, not rows
    database: Path | None = None
    damaged_copy: Path | None = None


def recover(folder: Path) -> Recovery:
    """Copy the readable rows of the folder's database into a new file, then swap it in and
    keep the damaged one as quotebank.damaged-STAMP.sqlite3. Raises OSError/sqlite3 errors
    only when nothing could be read (the file is then left as it was)."""
    path = paths.database_path(folder)
    stamp = utc_now().replace(":", "").replace("-", "")[:15]
    target = path.with_name(f"quotebank.recovered-{stamp}.sqlite3")
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    report = Recovery()
    try:
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()  # raises if unreadable
        fresh = db.connect(target)
        try:
            migrate(fresh)
            for table in TABLES:
                _copy_table(source, fresh, table, report)
        finally:
            fresh.close()
    except BaseException:
        target.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        raise
    finally:
        source.close()
    report.damaged_copy = path.with_name(f"quotebank.damaged-{stamp}.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        old = path.with_name(path.name + suffix)
        if old.exists():
            old.rename(report.damaged_copy.with_name(report.damaged_copy.name + suffix))
    target.rename(path)
    shutil.rmtree(paths.index_path(folder), ignore_errors=True)  # rebuilt from the new file
    report.database = path
    return report


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _copy_table(
    source: sqlite3.Connection, fresh: sqlite3.Connection, table: str, report: Recovery
) -> None:
    try:
        theirs = _columns(source, table)
    except sqlite3.DatabaseError:
        theirs = []
    columns = [name for name in _columns(fresh, table) if name in theirs]
    report.saved[table] = report.unreadable[table] = 0
    if not columns:
        return
    names = ", ".join(columns)
    insert = f"INSERT OR IGNORE INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"
    with db.write_transaction(fresh):
        for row in _readable_rows(source, table, names, report):
            if _insert(fresh, insert, columns, row):
                report.saved[table] += 1


def _insert(fresh: sqlite3.Connection, insert: str, columns: list[str], row: tuple) -> bool:
    try:
        return fresh.execute(insert, row).rowcount == 1
    except sqlite3.IntegrityError:
        if "page_id" not in columns:
            return False  # a tag or capture whose quote was lost
        # A quote whose page was lost keeps its own copy of the page's fields.
        row = tuple(None if name == "page_id" else v for name, v in zip(columns, row, strict=True))
        return fresh.execute(insert, row).rowcount == 1


def _readable_rows(
    source: sqlite3.Connection, table: str, names: str, report: Recovery
) -> Iterator[tuple]:
    start = -MAX_ROWID
    select = f"SELECT rowid, {names} FROM {table} WHERE rowid >= ? ORDER BY rowid"
    while start <= MAX_ROWID:
        try:
            for row in source.execute(select, (start,)):
                start = row[0] + 1
                yield row[1:]
            return
        except sqlite3.DatabaseError:
            report.unreadable[table] += 1
            start = _next_readable(source, table, start + 1)


def _next_readable(source: sqlite3.Connection, table: str, start: int) -> int:
    """The first rowid from `start` on whose read works (or past the end)."""
    step, probes = 1, 0
    while start <= MAX_ROWID:
        try:
            source.execute(f"SELECT rowid FROM {table} WHERE rowid = ?", (start,)).fetchone()
            return start
        except sqlite3.DatabaseError:
            probes += 1
            if probes > PROBE_ONE_BY_ONE:
                step *= 2
            start += step
    return start
