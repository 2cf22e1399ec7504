"""The vectors of every quote: a cache beside the Whoosh index, in its own SQLite file, held in
memory as one float32 matrix for search.

SQLite is used as a robust file format (atomic commits, a writer in one process and readers in
others): every row carries a revision number, so a process brings its matrix up to date by
reading only the rows changed since it last looked. A rebuild bumps the generation, and other
processes then reload everything. The file can be deleted at any time: it is rebuilt from the
store of record.
"""

import sqlite3
import threading
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from indexer import db
from indexer.meaning.model import DIMENSIONS, MODEL_VERSION

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vectors (
    quote_id TEXT PRIMARY KEY,
    rev INTEGER NOT NULL,
    vec BLOB  -- NULL: deleted since the last rebuild (other processes must drop it too)
);
CREATE INDEX IF NOT EXISTS vectors_rev ON vectors (rev);
"""
_ROW_BYTES = DIMENSIONS * 4


class VectorsUnavailable(Exception):
    """The cache file is missing, damaged or from another model version: rebuild it."""


class VectorCache:
    """The quotes' vectors, from `path`, kept up to date with other processes' writes.

    Writers (apply, replace_all) must hold the index lock, as for the Whoosh index."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._matrix = np.zeros((0, DIMENSIONS), dtype=np.float32)
        self._ids: list[str | None] = []
        self._rows: dict[str, int] = {}
        self._free: list[int] = []
        self._rev = 0
        self._generation = ""
        self._data_version = -1
        with self._lock:
            self._open()

    # -- opening -------------------------------------------------------------------------

    def _open(self) -> None:
        if not self.path.exists():
            raise VectorsUnavailable(f"no vectors at {self.path}")
        try:
            conn = self._conn or db.connect(self.path)
            self._conn = conn
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("model") != MODEL_VERSION:
                raise VectorsUnavailable(f"the vectors at {self.path} are from another model")
            self._load_all(meta["generation"])
        except VectorsUnavailable:
            raise
        except (sqlite3.DatabaseError, KeyError, ValueError) as exc:
            raise VectorsUnavailable(f"cannot read the vectors at {self.path}: {exc!r}") from exc

    def _load_all(self, generation: str) -> None:
        assert self._conn is not None
        with db.read_snapshot(self._conn) as conn:
            rev = conn.execute("SELECT coalesce(max(rev), 0) FROM vectors").fetchone()[0]
            rows = conn.execute(
                "SELECT quote_id, vec FROM vectors WHERE vec IS NOT NULL"
            ).fetchall()
        if any(len(row[1]) != _ROW_BYTES for row in rows):
            raise VectorsUnavailable(f"the vectors at {self.path} have the wrong size")
        matrix = np.frombuffer(b"".join(row[1] for row in rows), dtype=np.float32)
        capacity = max(1024, len(rows) + len(rows) // 4)
        self._matrix = np.zeros((capacity, DIMENSIONS), dtype=np.float32)
        self._matrix[: len(rows)] = matrix.reshape(len(rows), DIMENSIONS)
        self._ids = [row[0] for row in rows]
        self._rows = {quote_id: n for n, quote_id in enumerate(self._ids)}
        self._free = []
        self._rev, self._generation = rev, generation

    @classmethod
    def create(cls, path: Path) -> "VectorCache":
        """A new, empty cache at `path`, replacing whatever file was there (damaged, say)."""
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        conn = db.connect(path)
        try:
            conn.executescript(_SCHEMA)
            with db.write_transaction(conn):
                conn.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [("model", MODEL_VERSION), ("generation", uuid.uuid4().hex)],
                )
        finally:
            conn.close()
        return cls(path)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # -- writing ---------------------------------------------------------------------------

    def apply(self, ids: Sequence[str], vectors: np.ndarray, deletes: Sequence[str] = ()) -> None:
        """Store the vectors of `ids` (replacing theirs) and forget `deletes`, in one commit."""
        with self._lock:
            conn = self._connection()
            with db.write_transaction(conn):
                rev = conn.execute("SELECT coalesce(max(rev), 0) FROM vectors").fetchone()[0] + 1
                conn.executemany(
                    "INSERT OR REPLACE INTO vectors (quote_id, rev, vec) VALUES (?, ?, ?)",
                    [
                        *((quote_id, rev, None) for quote_id in deletes),
                        *(
                            (quote_id, rev, vector.tobytes())
                            for quote_id, vector in zip(ids, vectors, strict=True)
                        ),
                    ],
                )
            self._catch_up(force=True)

    def replace_all(self, batches: Iterable[tuple[Sequence[str], np.ndarray]]) -> int:
        """Replace every vector by the given ones (a rebuild), in one commit; returns the count.

        A new generation tells other processes to reload the whole matrix."""
        with self._lock:
            conn = self._connection()
            count = 0
            with db.write_transaction(conn):
                conn.execute("DELETE FROM vectors")
                for ids, vectors in batches:
                    conn.executemany(
                        "INSERT OR REPLACE INTO vectors (quote_id, rev, vec) VALUES (?, 1, ?)",
                        [(quote_id, v.tobytes()) for quote_id, v in zip(ids, vectors, strict=True)],
                    )
                    count += len(ids)
                conn.execute(
                    "UPDATE meta SET value = ? WHERE key = 'generation'", (uuid.uuid4().hex,)
                )
            self._open()
            return count

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise VectorsUnavailable("the vectors are closed")
        return self._conn

    # -- keeping up with other writers -------------------------------------------------------

    def _catch_up(self, force: bool = False) -> None:
        """Read what changed since we last looked: this process's writes (`force`) or another
        process's, which change SQLite's data_version (one cheap pragma when nothing did)."""
        conn = self._connection()
        try:
            version = conn.execute("PRAGMA data_version").fetchone()[0]
            if version == self._data_version and not force:
                return
            self._data_version = version
            with db.read_snapshot(conn) as snap:
                generation = snap.execute(
                    "SELECT value FROM meta WHERE key = 'generation'"
                ).fetchone()
                if generation is None or generation[0] != self._generation:
                    self._open()
                    return
                changed = snap.execute(
                    "SELECT quote_id, rev, vec FROM vectors WHERE rev > ? ORDER BY rev",
                    (self._rev,),
                ).fetchall()
        except sqlite3.DatabaseError as exc:
            raise VectorsUnavailable(f"cannot read the vectors at {self.path}: {exc!r}") from exc
        for quote_id, rev, vec in changed:
            if vec is None:
                self._forget(quote_id)
            else:
                self._put(quote_id, np.frombuffer(vec, dtype=np.float32))
            self._rev = max(self._rev, rev)

    def _put(self, quote_id: str, vector: np.ndarray) -> None:
        row = self._rows.get(quote_id)
        if row is None:
            row = self._free.pop() if self._free else len(self._ids)
            if row == len(self._ids):
                self._ids.append(None)
            if row >= len(self._matrix):
                grown = np.zeros((max(1024, len(self._matrix) * 2), DIMENSIONS), np.float32)
                grown[: len(self._matrix)] = self._matrix
                self._matrix = grown
            self._ids[row] = quote_id
            self._rows[quote_id] = row
        self._matrix[row] = vector

    def _forget(self, quote_id: str) -> None:
        row = self._rows.pop(quote_id, None)
        if row is not None:
            self._matrix[row] = 0.0  # similarity 0: never close in meaning
            self._ids[row] = None
            self._free.append(row)

    # -- reading ------------------------------------------------------------------------------

    def count(self) -> int:
        with self._lock:
            self._catch_up()
            return len(self._rows)

    def vector(self, quote_id: str) -> np.ndarray | None:
        with self._lock:
            self._catch_up()
            row = self._rows.get(quote_id)
            return None if row is None else self._matrix[row].copy()

    def similarities(
        self, queries: np.ndarray, wanted: Sequence[str] = ()
    ) -> tuple[np.ndarray, list[str | None], list[int | None]]:
        """For each query vector (rows of `queries`), its cosine with every stored quote; the
        quote ids of the columns (None for a free row); the columns of the `wanted` ids (None:
        no vector)."""
        with self._lock:
            self._catch_up()
            used = len(self._ids)
            columns = [self._rows.get(quote_id) for quote_id in wanted]
            return queries @ self._matrix[:used].T, list(self._ids), columns
