"""Is the database whole? Checked before the store opens it, so that a damaged file is named with
what to do, never written into, and a store that existed is never silently replaced by an empty
one (SQLite itself would happily start afresh in a missing or zero-byte file).

Costs, measured at 100,000 quotes (92 MB, 2 cores): `PRAGMA quick_check` 0.4-0.9 s, paid by the
server's start and the commands that write; `PRAGMA integrity_check` 8.6 s, only in
`quotebank doctor`. Reads from the command line (search) check the header and the schema only.
"""

import sqlite3
from pathlib import Path

from indexer.errors import DamagedStore

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100
WHAT_TO_DO = "run 'quotebank doctor --recover' to save what can be read into a new file"


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


def check_before_open(path: Path, index_folder: Path) -> None:
    """Refuse a file that cannot be this store's database, and a missing one whose store
    existed (its index or write-ahead log is still there). Only the file system is read."""
    if not path.exists():
        leftovers = [p for p in (index_folder, *_sidecars(path)) if p.exists()]
        if leftovers:
            raise DamagedStore(
                f"the database {path} is missing, but {leftovers[0]} is there: a store existed "
                "here. Put the database back (from a backup), or, to start an empty store on "
                f"purpose, move {', '.join(str(p) for p in leftovers)} away"
            )
        return  # a new data folder
    size = path.stat().st_size
    if size == 0:
        raise DamagedStore(
            f"the database {path} is empty (0 bytes): the store it held is lost. Put it back "
            "from a backup, or, to start an empty store on purpose, delete that file"
        )
    with path.open("rb") as handle:
        header = handle.read(HEADER_SIZE)
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_HEADER):
        raise DamagedStore(
            f"the database {path} is damaged: it does not start like a SQLite database; "
            f"{WHAT_TO_DO}, or put it back from a backup"
        )


def problems(conn: sqlite3.Connection, *, thorough: bool = False) -> list[str]:
    """What SQLite finds wrong: quick_check (every page read, indexes not compared) or, when
    thorough, integrity_check. An empty list means whole."""
    pragma = "integrity_check" if thorough else "quick_check"
    try:
        rows = conn.execute(f"PRAGMA {pragma}(20)").fetchall()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    found = [str(row[0]) for row in rows]
    return [] if found == ["ok"] else found


def check_after_open(conn: sqlite3.Connection, path: Path, *, quick_check: bool) -> None:
    """The schema must be readable; with `quick_check`, every page too."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        raise DamagedStore(f"the database {path} is damaged ({error}); {WHAT_TO_DO}") from None
    found = problems(conn) if quick_check else []
    if found:
        raise DamagedStore(
            f"the database {path} is damaged ({found[0]}); nothing was written to it; {WHAT_TO_DO}"
        )
