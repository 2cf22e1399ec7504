"""The right to write an index folder."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh.util.filelock import FileLock

from indexer.index.errors import IndexBusy


class IndexLock:
    """The right to change an index folder: one writer or rebuilder at a time, across threads
    (a thread lock) and processes (an OS file lock beside the folder, which survives swaps and
    is released by the OS if the process dies)."""

    POLL_SECONDS = 0.02

    def __init__(self, index_path: Path) -> None:
        self.path = index_path.with_name(index_path.name + ".lock")
        self._threads = threading.Lock()
        self.owner: int | None = None  # thread ident of the holder, for sanity checks

    @contextmanager
    def hold(self, timeout: float) -> Iterator[None]:
        deadline = time.monotonic() + timeout
        if not self._threads.acquire(timeout=max(timeout, 0)):
            raise IndexBusy("another thread is writing the index")
        try:
            file_lock = FileLock(str(self.path))
            while not file_lock.acquire(blocking=False):
                if time.monotonic() >= deadline:
                    raise IndexBusy("another process is writing the index")
                time.sleep(self.POLL_SECONDS)
            self.owner = threading.get_ident()
            try:
                yield
            finally:
                self.owner = None
                file_lock.release()
        finally:
            self._threads.release()

    def held_here(self) -> bool:
        return self.owner == threading.get_ident()
