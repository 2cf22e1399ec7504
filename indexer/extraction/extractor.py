"""PageExtractor: extract_page under a time limit, in a long-lived, killable child process.

A thread cannot be stopped in Python, so a page that makes the parser or readability run for
minutes could only be abandoned, not stopped, in-process. The child is started lazily on first
use, reused across pages (starting one costs a few hundred milliseconds of imports), killed when
a page overruns and replaced on the next call. It is started with the "forkserver" method (or
"spawn" where there is none): the server is multi-threaded, and forking a threaded process can
deadlock the child on a lock some other thread held.

The child sends the metadata first and the article text second; when the limit strikes between
the two, the caller still gets the metadata, marked complete=False.
"""

import dataclasses
import logging
import multiprocessing
import threading
import time
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from indexer.extraction import worker
from indexer.extraction.page import PageInfo

log = logging.getLogger(__name__)

START_TIMEOUT = 60.0  # a cold start imports lxml and readability; on a busy machine that is slow
STOP_TIMEOUT = 5.0
MEMORY_LIMIT = 3 * 1024**3  # address space, not resident memory: about 10x a 10 MB page's needs
PAGES_PER_CHILD = 500  # a fresh child now and then returns memory fragmentation to the system
_MISSING = object()


def _context() -> multiprocessing.context.BaseContext:
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


class PageExtractor:
    """Thread-safe; one request runs at a time (the child is single-threaded)."""

    def __init__(
        self,
        timeout: float = 5.0,
        *,
        memory_limit: int | None = MEMORY_LIMIT,
        text_delay: float = 0.0,
    ) -> None:
        self.timeout = timeout
        self._memory_limit = memory_limit
        self._text_delay = text_delay  # test hook, see worker.serve
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._seq = 0
        self._served = 0

    @property
    def child_pid(self) -> int | None:
        """The running child's process id, None before the first page and after close()."""
        process = self._process
        try:
            return process.pid if process is not None and process.is_alive() else None
        except ValueError:  # closed by another thread's _stop() meanwhile
            return None

    def __enter__(self) -> "PageExtractor":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def extract(self, html: str | bytes, url: str) -> PageInfo:
        """What extract_page finds, within ``timeout`` seconds (after the child has started);
        never raises. complete=False when the limit or a crash of the child cut it short."""
        with self._lock:
            try:
                return self._extract(html, url)
            except Exception:
                log.exception("page extraction failed for %s", url)
                self._stop()
                return PageInfo(complete=False)

    def start(self) -> bool:
        """Start the child now rather than on the first page (a warm-up); True when it runs."""
        with self._lock:
            return self._child() is not None

    def close(self) -> None:
        """Stop the child (a later extract() starts a new one)."""
        with self._lock:
            self._stop(politely=True)

    # -- the child ------------------------------------------------------------------------

    def _extract(self, html: str | bytes, url: str) -> PageInfo:
        conn = self._child()
        if conn is None:
            return PageInfo(complete=False)
        self._seq += 1
        self._served += 1
        deadline = time.monotonic() + self.timeout
        try:
            conn.send((self._seq, html, url))
        except (OSError, ValueError) as error:
            log.warning("the extraction process is gone (%s); restarting it", error)
            self._stop()
            return PageInfo(complete=False)
        metadata = self._receive(conn, "meta", deadline)
        if metadata is _MISSING:
            self._stop()
            return PageInfo(complete=False)
        info = PageInfo(**metadata)
        answer = self._receive(conn, "text", deadline)
        if answer is _MISSING:
            self._stop()
            return dataclasses.replace(info, text=None, complete=False)
        info.text, info.complete, lang = answer
        info.lang = info.lang or lang
        if self._served >= PAGES_PER_CHILD:
            self._stop(politely=True)
        return info

    def _receive(self, conn: Connection, kind: str, deadline: float) -> object:
        """The payload of this request's ``kind`` message, or _MISSING at the deadline/crash."""
        while True:
            remaining = deadline - time.monotonic()
            try:
                if remaining <= 0 or not conn.poll(remaining):
                    log.warning("page extraction over its %.1f s limit; stopping it", self.timeout)
                    return _MISSING
                message = conn.recv()
            except (EOFError, OSError) as error:
                log.warning("the extraction process died (%r); restarting it", error)
                return _MISSING
            if message[0] == self._seq and message[1] == kind:
                return message[2]
            log.warning("ignoring an out-of-turn message from the extraction process")

    def _child(self) -> Connection | None:
        if self._process is not None and self._process.is_alive() and self._conn is not None:
            return self._conn
        self._stop()
        return self._start()

    def _start(self) -> Connection | None:
        context = _context()
        parent_end, child_end = context.Pipe(duplex=True)
        process = context.Process(
            target=worker.serve,
            args=(child_end, self._memory_limit, self._text_delay),
            name="quotebank-extract",
            daemon=True,
        )
        process.start()
        child_end.close()  # only the child holds it now: its death shows up as EOF here
        self._process, self._conn, self._served = process, parent_end, 0
        try:
            if parent_end.poll(START_TIMEOUT) and parent_end.recv() == (worker.READY,):
                return parent_end
        except (EOFError, OSError) as error:
            log.error("the extraction process failed to start: %r", error)
        else:
            log.error("the extraction process did not start within %.0f s", START_TIMEOUT)
        self._stop()
        return None

    def _stop(self, politely: bool = False) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if process is None:
            return
        if politely and conn is not None and process.is_alive():
            try:
                conn.send(None)
                process.join(STOP_TIMEOUT)
            except (OSError, ValueError) as error:
                log.info("the extraction process did not take a stop request: %r", error)
        if process.is_alive():
            process.kill()
            process.join(STOP_TIMEOUT)
        if conn is not None:
            conn.close()
        if not process.is_alive():
            process.close()  # frees its sentinel descriptor now rather than at garbage collection
