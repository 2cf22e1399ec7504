"""SQLite connections with the durability settings the design promises.

WAL so readers never block the writer; synchronous=FULL so a COMMIT survives power loss (we answer
201 only after it); a busy timeout so a second process waits instead of failing; writes in
BEGIN IMMEDIATE so two writers queue up front rather than deadlocking on a lock upgrade.
"""

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from indexer.errors import DamagedStore, is_corrupt

BUSY_TIMEOUT_MS = 30_000


class Damage:
    """Shared by one store's connections: set when SQLite first reports the file damaged, after
    which no connection writes to it again (each write would spread the damage)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.error: str | None = None

    def refuse_writes(self) -> None:
        if self.error is not None:
            raise DamagedStore(
                f"the database {self.path} is damaged ({self.error}); nothing more is written to "
                "it: stop quotebank and run 'quotebank doctor --recover'"
            )


class _Connection(sqlite3.Connection):
    damage: Damage | None = None

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.DatabaseError as error:
            if self.damage is not None and is_corrupt(error):
                self.damage.error = self.damage.error or str(error)
            raise

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        try:
            return super().executemany(sql, parameters)
        except sqlite3.DatabaseError as error:
            if self.damage is not None and is_corrupt(error):
                self.damage.error = self.damage.error or str(error)
            raise


def connect(path: Path, damage: Damage | None = None) -> sqlite3.Connection:
    """A connection in autocommit mode: transactions are explicit (write_transaction)."""
    conn = sqlite3.connect(
        path,
        isolation_level=None,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
        factory=_Connection,
    )
    conn.damage = damage
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT; rolled back on any exception, including a failed COMMIT.
    Refused up front on a connection whose database was found damaged."""
    damage = getattr(conn, "damage", None)
    if damage is not None:
        damage.refuse_writes()
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        # SQLite rolls some errors back by itself; a second ROLLBACK would then raise and hide
        # the error that matters.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


@contextmanager
def read_snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Several SELECTs that must see the same state of the database (one WAL snapshot)."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


class ConnectionPool:
    """One connection per thread (sqlite3 connections must not be shared while in use), all of
    them closed by close(), whichever thread opened them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.damage = Damage(path)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False

    def get(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            with self._lock:
                if self._closed:
                    raise sqlite3.ProgrammingError("the store is closed")
                conn = self._local.conn = connect(self.path, self.damage)
                self._all.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for conn in self._all:
                conn.close()
            self._all.clear()
