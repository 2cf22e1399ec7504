"""The two steps after a capture is committed: extract its page, then bring the index up to date.

Both steps read their work from SQLite (quotes still `pending`, rows in `index_jobs`), so they
can run inline (the CLI), in background threads (the server), or after a crash, with the same
code, in any process: whichever holds the index lock applies everybody's queued jobs.
"""

import contextlib
import dataclasses
import logging
import multiprocessing
import multiprocessing.connection
import os
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from indexer import index as search_index
from indexer.errors import is_disk_full
from indexer.extraction import PageExtractor, find_context, find_speaker
from indexer.fit import fit_context, fit_page, fit_speaker
from indexer.index import IndexBusy, IndexLock, QuoteIndex
from indexer.meaning import Embedder, Meaning, MeaningUnavailable, VectorsUnavailable
from indexer.memory import release_free_memory
from indexer.store import PendingCapture, Store

log = logging.getLogger(__name__)

INDEX_BATCH = 500
# A rebuild of fewer quotes is written by this process: starting a child costs about a second.
PARALLEL_FROM = 10_000
MAX_BUILD_PROCESSES = 4
# How long an inline caller (the CLI) waits for another process's index writer before leaving
# its jobs queued; the server's background thread retries on its next poll instead.
INLINE_LOCK_WAIT = 10.0


class Pipeline:
    def __init__(
        self,
        store: Store,
        index: Callable[[], QuoteIndex],
        extractor: Callable[[], PageExtractor],
        meaning: Callable[[], Meaning | None] = lambda: None,
    ) -> None:
        self.store = store
        self._index = index  # callables: the bank may replace the index after a rebuild
        self._extractor = extractor
        self._meaning = meaning

    # -- extraction -------------------------------------------------------------------------

    def extract_pending(self, limit: int = 8) -> int:
        """Extract up to `limit` pending captures; returns how many were handled."""
        captures = self.store.pending_captures(limit)
        for capture in captures:
            self._extract_one(capture)
        return len(captures)

    def _extract_one(self, capture: PendingCapture) -> None:
        if capture.html_zlib is None and capture.page_extracted and capture.page_id is not None:
            self._reuse_page(capture)
            return
        try:
            info = self._extractor().extract(capture.html, capture.url or "http://localhost/")
            page = fit_page(dataclasses.asdict(info))
            ok = bool(info.metadata_found())
            context = fit_context(find_context(info.text, capture.text) if info.text else None)
            speaker = fit_speaker(find_speaker(info.text, capture.text, info.lang))
        except Exception:
            # The extractor promises not to raise; if it does, the quote must not be retried
            # for ever (it would block the queue): it is kept, searchable by its text.
            log.exception("extraction failed for quote %s (%s)", capture.quote_id, capture.url)
            page, ok, context, speaker = {}, False, None, None
        if not ok:
            log.warning("extraction found nothing for quote %s (%s)", capture.quote_id, capture.url)
        self.store.apply_extraction(capture, page, context, ok, speaker)

    def _reuse_page(self, capture: PendingCapture) -> None:
        """Another capture of the same page was extracted already: use what it found."""
        assert capture.page_id is not None
        page = fit_page(self.store.page(capture.page_id) or {})  # stored before the limits
        context = fit_context(
            find_context(page["text"], capture.text) if page.get("text") else None
        )
        speaker = fit_speaker(find_speaker(page.get("text"), capture.text, page.get("lang")))
        self.store.apply_extraction(capture, page, context, ok=bool(page), speaker=speaker)

    # -- indexing ---------------------------------------------------------------------------

    def index_pending(self, batch: int = INDEX_BATCH, wait: float | None = None) -> int:
        """Apply queued index jobs, `batch` per commit, until none is left; returns how many.

        Another writer (thread or process) holding the index for longer than `wait` seconds
        (default INLINE_LOCK_WAIT) is not an error: the jobs stay queued and that writer, or
        the next one, applies them.
        """
        index = self._index()
        try:
            with index.exclusive(INLINE_LOCK_WAIT if wait is None else wait):
                return self._apply_all(index, batch)
        except IndexBusy as busy:
            log.info("index busy (%s); %d jobs stay queued", busy, self.store.pending_job_count())
            return 0

    def _apply_all(self, index: QuoteIndex, batch: int) -> int:
        done = 0
        while jobs := self.store.index_jobs(batch):
            ids = [quote_id for quote_id, _ in jobs]
            quotes = self.store.get_many(ids)
            upserts = [quotes[quote_id] for quote_id in ids if quote_id in quotes]
            deletes = [quote_id for quote_id in ids if quote_id not in quotes]
            index.apply(upserts=upserts, deletes=deletes)
            self._apply_vectors(upserts, deletes)
            self.store.finish_jobs(jobs)
            done += len(jobs)
        return done

    def _apply_vectors(self, upserts: list[dict[str, Any]], deletes: list[str]) -> None:
        meaning = self._meaning()
        if meaning is None:
            return
        try:
            meaning.apply(upserts, deletes)
        except VectorsUnavailable as exc:
            # Words must keep being indexed: the vectors are a cache, rebuilt from the store.
            log.error("the vectors are unusable (%s); rebuilding them", exc)
            rebuild_vectors(self.store, meaning.recreated(), lambda _: None)


def open_meaning(
    path: Path, store: Store, lock: IndexLock, wait: float, progress: Callable[[int], None]
) -> tuple[Meaning | None, bool]:
    """The model and the vectors at `path`, and whether the vectors were rebuilt (they are when
    missing, damaged, from another model, or out of step with the store). No Meaning when the
    model cannot be loaded: recall and search then use words alone."""
    try:
        embedder = Embedder()
    except MeaningUnavailable as exc:
        log.warning("%s; recall and search use words alone", exc)
        return None, False
    if not path.exists():
        log.info("creating the vectors for search by meaning in %s", path)
    meaning = _open_sound(path, embedder)  # without the lock: the usual case
    if meaning is not None and _in_step(meaning, store):
        return meaning, False
    with lock.hold(wait):
        if meaning is None:
            meaning = _open_sound(path, embedder)  # another process may have rebuilt them
        if meaning is not None and _in_step(meaning, store):
            return meaning, False
        if meaning is None:
            meaning = Meaning.create(path, embedder)
        else:
            log.warning("the vectors do not match the database; rebuilding them")
        rebuild_vectors(store, meaning, progress)
        return meaning, True


def _open_sound(path: Path, embedder: Embedder) -> Meaning | None:
    """The vectors at `path`, or None when missing, damaged or from another model."""
    try:
        return Meaning.open(path, embedder)
    except VectorsUnavailable as exc:
        if path.exists():  # a new data folder has none yet: creating them is routine
            log.warning("%s; rebuilding them from the database", exc)
        return None


def _in_step(meaning: Meaning, store: Store) -> bool:
    """As many vectors as quotes, or jobs queued (which bring them in step)."""
    counts = store.counts()
    return bool(counts["pending_index"]) or meaning.count() == counts["quotes"]


def rebuild_vectors(store: Store, meaning: Meaning, progress: Callable[[int], None]) -> None:
    """Replace every vector by one computed from the stored quotes (the caller holds the lock)."""
    meaning.rebuild(store.iter_all(), progress)


def rebuild_index(
    store: Store,
    index_path: Path,
    progress: Callable[[int], None],
    meaning: Meaning | None = None,
) -> None:
    """Write a new index of every stored quote and swap it in, and the vectors too (given a
    Meaning), in a thread of this process while the index is written (the children doing the
    index leave this process's core free); the caller holds the lock.

    A large one is written by one child process per core, each indexing its share of the rows
    into its own segment (Whoosh's writer is pure Python: one core each), and the segments are
    then joined without rewriting. The children are spawned, never forked (this process may
    run threads), and the memory they use for building is given back when they exit, so a
    server that rebuilds keeps its own footprint small.
    """
    vectors = _VectorRebuild(store, meaning)
    try:
        processes = min(os.cpu_count() or 1, MAX_BUILD_PROCESSES)
        if store.count() < PARALLEL_FROM or processes == 1:
            search_index.build_index(index_path, store.iter_all(), progress)
        else:
            with search_index.new_parts(index_path, processes) as parts:
                _write_parts_in_children(store.path, parts, progress)
                search_index.install_parts(index_path, parts)
    finally:
        vectors.join()


class _VectorRebuild:
    """The vectors rebuilt in a thread; join() waits and raises what the thread raised."""

    def __init__(self, store: Store, meaning: Meaning | None) -> None:
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if meaning is not None:
            self._thread = threading.Thread(
                target=self._run, args=(store, meaning), name="quotebank-vectors", daemon=True
            )
            self._thread.start()

    def _run(self, store: Store, meaning: Meaning) -> None:
        try:
            rebuild_vectors(store, meaning, lambda _: None)
        except BaseException as exc:  # handed to join(), in the rebuilding thread
            self._error = exc

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error


def _write_parts_in_children(
    database: Path, parts: list[Path], progress: Callable[[int], None]
) -> None:
    context = multiprocessing.get_context("spawn")
    done = context.Queue()
    children = [
        context.Process(
            target=_write_part, args=(str(database), str(part), n, len(parts), done), daemon=True
        )
        for n, part in enumerate(parts)
    ]
    for child in children:
        child.start()
    try:
        while any(child.is_alive() for child in children) or not done.empty():
            with contextlib.suppress(queue.Empty):  # nothing new yet: look at the children again
                progress(done.get(timeout=0.2))
    finally:
        for child in children:
            child.join(5)
            if child.is_alive():  # only when this process is being interrupted
                child.kill()
    failed = [child.exitcode for child in children if child.exitcode != 0]
    if failed:
        raise RuntimeError(f"building the index failed in a child process (exit codes {failed})")


def exit_with_parent() -> None:
    """In a spawned child: exit as soon as the parent process is gone, even by kill -9.

    The parent holds the write end of a pipe whose read end is the child's parent sentinel
    (multiprocessing sets this up on every platform); the OS closes it when the parent dies,
    which wakes the watching thread. Without this, a killed `quotebank reindex` left its
    children writing index parts nobody would install.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)  # no cleanup to run: the next start removes the half-written part

    threading.Thread(target=watch, name="quotebank-parent-watch", daemon=True).start()


def _write_part(database: str, part: str, shard: int, shards: int, done: Any) -> None:
    exit_with_parent()
    store = Store(Path(database), quick_check=False)  # the parent checked it
    try:
        quotes = store.iter_all(shard=(shard, shards))
        search_index.write_part(Path(part), quotes, done.put)
    finally:
        store.close()


class BackgroundWorkers:
    """Two daemon threads: one extracts pages, one indexes. `wake()` after each write.

    Indexing does not wait for extraction: a new quote is searchable by its text within one
    index commit, and its metadata joins the index when extraction finishes.
    """

    POLL_SECONDS = 1.0  # also picks up work that another process (the CLI) stored

    def __init__(self, extract: Callable[[], int], index: Callable[[], int]) -> None:
        self._stop = threading.Event()
        self._extract_wanted = threading.Event()
        self._index_wanted = threading.Event()
        self._extract_step = extract
        self._index_step = index
        self._threads = [
            threading.Thread(target=self._run, args=(self._extract_wanted, self._extract),
                             name="quotebank-extract", daemon=True),
            threading.Thread(target=self._run, args=(self._index_wanted, self._index_step),
                             name="quotebank-index", daemon=True),
        ]  # fmt: skip

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def wake(self) -> None:
        self._index_wanted.set()
        self._extract_wanted.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Let the batch in hand finish (the index writer commits), then stop."""
        self._stop.set()
        self.wake()
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout)

    def _run(self, wanted: threading.Event, step: Callable[[], int]) -> None:
        while not self._stop.is_set():
            wanted.wait(self.POLL_SECONDS)
            wanted.clear()
            try:
                while step() and not self._stop.is_set():
                    pass
            except Exception as error:
                # Keep the worker alive: the work stays queued in SQLite and is retried.
                name = threading.current_thread().name
                if is_disk_full(error):
                    log.error("%s: the disk is full; its work waits until space is freed", name)
                else:
                    log.exception("%s failed; retrying shortly", name)
                self._stop.wait(self.POLL_SECONDS)

    def _extract(self) -> int:
        handled = self._extract_step()
        if handled:
            self._index_wanted.set()
            release_free_memory()  # the pages' HTML, decompressed for the child, is freed now
        return handled
