"""QuoteBank: the one object the server and the CLI use. A thin service layer over the store,
the index and the pipeline: it wires them together and heals the index from the store.
"""

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from indexer import paths, validate
from indexer.errors import NotFound, ValidationError, is_disk_full
from indexer.extraction import PageExtractor
from indexer.finding import MODES, Finder
from indexer.fragments import quote_link
from indexer.index import (
    Filters,
    Hits,
    IndexBusy,
    IndexLock,
    IndexUnavailable,
    QuoteIndex,
    highlight_text,
    matched_fields,
    remove_leftovers,
)
from indexer.meaning import Meaning
from indexer.pipeline import BackgroundWorkers, Pipeline, open_meaning, rebuild_index
from indexer.store import ImportReport, Store
from indexer.urls import page_addresses, strip_tracking

log = logging.getLogger(__name__)

DEFAULT_MAX_HTML = 10 * 1024 * 1024
IMPORT_BATCH = 5_000
MAX_LIMIT = 500
LINK_BATCH = 200  # quotes whose article texts are read in one go (an export streams them)
MAX_DRAFT = 100_000
MAX_PAGE_URLS = 5  # a page's address and the canonical one it declares, with some room
# Another process may be rebuilding 100,000 quotes (under a minute at the budgeted rate).
REBUILD_WAIT = 600.0
# A rebuild that did not cure the index must not be retried on every request.
HEAL_COOLDOWN = 300.0
BACKGROUND_LOCK_WAIT = 1.0
BULK_REBUILD_FROM = 10_000

T = TypeVar("T")


def _no_progress(_: int) -> None:
    pass


class QuoteBank:
    def __init__(
        self,
        folder: Path,
        *,
        background: bool = False,
        max_html: int = DEFAULT_MAX_HTML,
        extract_timeout: float = 5.0,
        index_progress: Callable[[int], None] | None = None,
        extractor: PageExtractor | None = None,
    ) -> None:
        """Open (and migrate) the store, open the index, rebuilding it from the store when it
        is missing, unreadable or out of step, and index what was stored but not indexed.

        `background` runs extraction and indexing in threads (the server); otherwise they run
        inline in each call (the CLI). `index_progress` is told of quotes indexed by a rebuild.
        `extractor` replaces the PageExtractor started on first use (tests, benchmarks).
        """
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)  # it will hold the token too
        self.max_html = max_html
        self.store = Store(paths.database_path(folder))
        self._extract_timeout = extract_timeout
        self._extractor: PageExtractor | None = extractor
        self._lock = IndexLock(paths.index_path(folder))
        self._last_heal = -HEAL_COOLDOWN
        self._closed = False
        self.rebuilt_on_open = False
        self.meaning = self._open_meaning(index_progress or _no_progress)
        self.index = self._open_index(index_progress or _no_progress)
        self._remove_build_leftovers()
        self.pipeline = Pipeline(
            self.store, lambda: self.index, self._get_extractor, lambda: self.meaning
        )
        self.finder = Finder(self.store, lambda: self.index, lambda: self.meaning, self._healing)
        self._workers: BackgroundWorkers | None = None
        if background:
            self._workers = BackgroundWorkers(self.pipeline.extract_pending, self._index_quietly)
            self._workers.start()
            self._workers.wake()  # what a crash left unextracted or unindexed
        else:
            healed = self._index_pending()
            if healed:
                log.info("indexed %d changes that were stored but not yet indexed", healed)

    @classmethod
    def open(cls, folder: Path | str | None = None, **options: Any) -> "QuoteBank":
        return cls(paths.data_dir(folder), **options)

    def __enter__(self) -> "QuoteBank":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers, index what is still queued, and close everything."""
        if self._closed:
            return
        self._closed = True
        if self._workers:
            self._workers.stop()
        try:
            self.pipeline.index_pending()
        except IndexUnavailable as exc:
            log.warning("index unusable at close (%s); it is rebuilt at the next start", exc)
        except OSError as exc:
            if not is_disk_full(exc):
                raise
            log.warning("the disk is full: the index catches up at the next start")
        if self._extractor:
            self._extractor.close()
        self.index.close()
        if self.meaning:
            self.meaning.close()
        self.store.close()

    # -- capture and edits -----------------------------------------------------------------

    def capture(self, payload: Any, *, source: str = "api") -> tuple[dict[str, Any], bool]:
        """Validate and store a capture; (quote, created). Committed before this returns. A
        second save of a quote already saved from the same page returns that one, flagged
        "duplicate", and a longer selection containing an earlier one replaces its text,
        flagged "extended" (indexer/dedupe.py); new tags and note are merged into it."""
        capture = validate.capture(payload, max_html=self.max_html)
        capture["source"] = source
        quote, created = self.store.insert_capture(capture, strip_tracking(capture["url"]))
        if created:
            self._after_write(extract=True)
            if not self._workers:
                quote = self.store.get(quote["id"]) or quote
        elif quote.get("duplicate") or quote.get("extended"):
            self._after_write()  # merged tags and note, or the longer text, to the index
        return quote, created

    def near_duplicates(self, quote: dict[str, Any]) -> list[str]:
        """The ids of the other saved quotes nearly identical to `quote` (the same sentence
        from another address, a shorter or longer cut; see indexer/near_duplicates.py)."""
        return self.finder.near_duplicates(quote)

    def merge(self, quote_id: str, into: Any) -> dict[str, Any]:
        """Fold a quote into another (a near-duplicate): its tags and note join the other's,
        then it is deleted. The tags and note are committed before the delete, so a crash in
        between leaves both quotes, nothing lost."""
        target_id = validate.quote_id(into) if isinstance(into, str) else None
        if target_id is None:
            raise ValidationError("into", "must be the id of the quote to keep")
        if target_id == quote_id:
            raise ValidationError("into", "is the quote being merged")
        source, target = self.get(quote_id), self.get(target_id)
        tags = list(dict.fromkeys([*target["tags"], *source["tags"]]))
        notes = [note for note in (target["note"], source["note"]) if note]
        note = "\n\n".join(dict.fromkeys(notes))
        merged = self.store.update(target_id, validate.edit({"tags": tags, "note": note}))
        self.store.delete(quote_id)
        self._after_write()
        return merged

    def update(self, quote_id: str, payload: Any) -> dict[str, Any]:
        quote = self.store.update(quote_id, validate.edit(payload))
        self._after_write()
        return quote

    def delete(self, quote_id: str) -> None:
        if not self.store.delete(quote_id):
            raise NotFound(f"no quote with id {quote_id}")
        self._after_write()

    def import_records(
        self,
        records: Iterable[dict[str, Any]],
        progress: Callable[[int], None] | None = None,
        *,
        merge_duplicates: bool = True,
    ) -> ImportReport:
        """Store finished quotes, in batches of one transaction each (`progress` is told of
        each), then index them; ids already stored are skipped, and quotes already stored
        under another id merged into them unless not `merge_duplicates` (Store.import_records).

        Indexing comes after the last batch: a large import is then indexed by a rebuild,
        several times faster than adding to the index. Batches stored before an error are
        indexed all the same.
        """
        progress = progress or _no_progress
        added = skipped = 0
        iterator = iter(records)
        try:
            while batch := list(islice(iterator, IMPORT_BATCH)):
                report = self.store.import_records(batch, merge_duplicates=merge_duplicates)
                added, skipped = added + report.added, skipped + report.skipped
                progress(len(batch))
        finally:
            self._index_pending(batch=IMPORT_BATCH)
        return ImportReport(added, skipped)

    def _after_write(self, *, extract: bool = False) -> None:
        if self._workers:
            self._workers.wake()
            return
        if extract:
            self.pipeline.extract_pending()
        self._index_pending()

    # -- reading ---------------------------------------------------------------------------

    def get(self, quote_id: str) -> dict[str, Any]:
        quote = self.store.get(quote_id)
        if quote is None:
            raise NotFound(f"no quote with id {quote_id}")
        return quote

    def list_quotes(
        self, *, limit: int = 50, offset: int = 0, **filters: str | None
    ) -> tuple[int, list[dict[str, Any]]]:
        return self.store.list_quotes(limit=_limit(limit), offset=_offset(offset), **filters)

    def quotes_from_page(
        self, urls: list[str], *, limit: int = 50, offset: int = 0
    ) -> tuple[int, list[dict[str, Any]]]:
        """The quotes saved from a page, newest first, found by any of its addresses (the
        browser's and the canonical one it declares), with or without tracking parameters."""
        if not 1 <= len(urls) <= MAX_PAGE_URLS:
            raise ValidationError("url", f"give between 1 and {MAX_PAGE_URLS} addresses")
        addresses: list[str] = []
        for url in urls:
            addresses += page_addresses(validate.http_url(url))
        return self.store.list_from_pages(
            list(dict.fromkeys(addresses)), limit=_limit(limit), offset=_offset(offset)
        )

    def tags(self, *, prefix: str = "", limit: int = 50) -> list[dict[str, Any]]:
        """The tags in use, most used first, optionally only those starting with `prefix`."""
        if not isinstance(prefix, str) or len(prefix) > validate.MAX_TAG:
            raise ValidationError("prefix", f"must be at most {validate.MAX_TAG} characters")
        return self.store.tag_counts(prefix=prefix.strip().lower(), limit=_limit(limit))

    def search(
        self,
        q: str = "",
        *,
        limit: int = 20,
        offset: int = 0,
        sort: str = "relevance",
        tag: str | None = None,
        site: str | None = None,
        author: str | None = None,
        since: str | None = None,
        until: str | None = None,
        typing: bool = False,
        mode: str = "keyword",
    ) -> tuple[int, list[dict[str, Any]]]:
        """Quotes matching a query, each with `highlight` (escaped HTML with <mark>) and
        `score` (None when sorted by date). See QuoteIndex.parse for the syntax; `typing`: the
        last word is also a prefix, whole-word matches first (a search box being typed in).
        `mode` meaning or hybrid searches by meaning too (plain words only; Finder.search)."""
        if sort not in ("relevance", "date"):
            raise ValidationError("sort", "must be relevance or date")
        if not isinstance(q, str):
            raise ValidationError("q", "must be a string")
        if mode not in MODES:
            raise ValidationError("mode", f"must be one of {', '.join(MODES)}")
        filters = Filters(tag=tag, site=site, author=author, since=since, until=until)
        limit, offset = _limit(limit), _offset(offset)
        if mode != "keyword" and q.strip():
            filtered = any(value and value.strip() for value in (tag, site, author, since, until))
            return self.finder.search(q, mode, limit, offset, filtered)
        if self.index.lists_everything(q) and not (tag or site or author):
            # No words: a list by date, which SQLite answers from an index in a millisecond,
            # where Whoosh would sort every quote (half a second at 100,000).
            return self._list_by_day(limit, offset, since, until)
        hits = self._healing(
            lambda: self.index.search(
                q, filters, limit=limit, offset=offset, sort=sort, typing=typing
            )
        )
        quotes = self.store.get_many(hits.ids)
        results = [
            _with_highlight(quotes[quote_id], hits) | {"score": score}
            for quote_id, score in zip(hits.ids, hits.scores, strict=True)
            if quote_id in quotes  # deleted a moment ago, the index not caught up yet
        ]
        return hits.total, results

    def _list_by_day(
        self, limit: int, offset: int, since: str | None, until: str | None
    ) -> tuple[int, list[dict[str, Any]]]:
        since, until = _day("since", since), _day("until", until)
        if since and until and since > until:
            raise ValidationError("since", "is after until")
        total, quotes = self.store.list_by_day(limit=limit, offset=offset, since=since, until=until)
        return total, [
            quote | {"highlight": highlight_text(quote["text"], frozenset()), "score": None}
            for quote in quotes
        ]

    def recall(self, draft: Any, *, limit: int = 10) -> list[dict[str, Any]]:
        """The quotes that fit a draft, by words and by meaning, best first, each with
        `score`, `highlight` and `why` (see indexer/finding.py)."""
        if not isinstance(draft, str) or not draft.strip():
            raise ValidationError("draft", "must be a non-empty string")
        if len(draft) > MAX_DRAFT:
            raise ValidationError("draft", f"is longer than {MAX_DRAFT:,} characters")
        return self.finder.recall(draft, _limit(limit))

    def related(self, quote_id: str, *, limit: int = 10) -> list[dict[str, Any]]:
        """The quotes closest in meaning to one quote, each with `score` (its cosine)."""
        return self.finder.related(self.get(quote_id), _limit(limit))

    def iter_quotes(
        self, *, tag: str | None = None, query: str | None = None, ids: list[str] | None = None
    ) -> Iterator[dict[str, Any]]:
        """Every quote that matches (for export), newest first unless ids give the order."""
        if ids is not None:
            found = self.store.get_many(ids)
            yield from (found[quote_id] for quote_id in ids if quote_id in found)
            return
        if query:
            total, _ = self.search(query, limit=1, tag=tag)
            for offset in range(0, total, MAX_LIMIT):
                _, page = self.search(query, limit=MAX_LIMIT, offset=offset, sort="date", tag=tag)
                for quote in page:
                    quote.pop("highlight", None)
                    quote.pop("score", None)
                    yield quote
            return
        for quote in self.store.iter_all():
            if tag is None or tag.strip().lower() in quote["tags"]:
                yield quote

    def with_links(self, quotes: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Each quote with ``link``: its page's address with a text fragment to the sentence
        when the quote is found in the stored article text, else None (indexer.fragments)."""
        iterator = iter(quotes)
        while batch := list(islice(iterator, LINK_BATCH)):
            texts = self.store.article_texts([quote["id"] for quote in batch])
            for quote in batch:
                yield quote | {"link": quote_link(quote, texts.get(quote["id"]))}

    def status(self) -> dict[str, Any]:
        activity = self.store.activity()
        return {
            **self.store.counts(),
            "last_capture_at": self.store.latest_capture_at(),
            "last_extension_at": activity.get("extension"),
        }

    # -- the index -------------------------------------------------------------------------

    def reindex(self, progress: Callable[[int], None] | None = None) -> int:
        """Rebuild the whole index from SQLite (in a new folder, swapped in at the end);
        returns the number of quotes in it."""
        with self.index.exclusive(REBUILD_WAIT):
            self._rebuild(self.index, progress or _no_progress)
        self._index_pending()  # changes stored while the rebuild ran
        return self.index.doc_count()

    def _open_index(self, progress: Callable[[int], None]) -> QuoteIndex:
        path = paths.index_path(self.folder)
        try:
            index = QuoteIndex(path, self._lock)
        except IndexUnavailable as exc:
            if path.exists():
                log.warning("%s; rebuilding it from the database", exc)
            else:  # a new data folder: routine, and nothing in it should read like an error
                log.info("creating the search index in %s", path)
            return self._build_unopened(path, progress)
        if self._out_of_step(index):
            with index.exclusive(REBUILD_WAIT):
                if self._out_of_step(index):  # again, now that no one else can change it
                    log.warning("the index does not match the database; rebuilding it")
                    self._rebuild(index, progress)
                    self.rebuilt_on_open = True
        return index

    def _remove_build_leftovers(self) -> None:
        """A rebuild killed midway (kill -9) leaves its folders behind; the next start that can
        take the index lock at once removes them (one that cannot: a rebuild is running)."""
        try:
            with self._lock.hold(0):
                removed = remove_leftovers(paths.index_path(self.folder))
        except IndexBusy:
            return
        if removed:
            log.info("removed %d folders left by an interrupted index rebuild", removed)

    def _open_meaning(self, progress: Callable[[int], None]) -> Meaning | None:
        """The model and the vectors (rebuilt if need be); None without a model."""
        meaning, rebuilt = open_meaning(
            paths.vectors_path(self.folder), self.store, self._lock, REBUILD_WAIT, progress
        )
        self.rebuilt_on_open = self.rebuilt_on_open or rebuilt
        return meaning

    def _build_unopened(self, path: Path, progress: Callable[[int], None]) -> QuoteIndex:
        with self._lock.hold(REBUILD_WAIT):
            try:
                index = QuoteIndex(path, self._lock)  # another process rebuilt it meanwhile
            except IndexUnavailable:
                applied_upto = self.store.max_job_seq()
                rebuild_index(self.store, path, progress, self.meaning)
                self.store.finish_jobs_upto(applied_upto)
                self.rebuilt_on_open = True
                index = QuoteIndex(path, self._lock)
        return index

    def _out_of_step(self, index: QuoteIndex) -> bool:
        """No job is queued, yet the index and the store hold different numbers of quotes."""
        counts = self.store.counts()
        return counts["pending_index"] == 0 and index.doc_count() != counts["quotes"]

    def _rebuild(self, index: QuoteIndex, progress: Callable[[int], None]) -> None:
        # Every change queued up to now is in the rows the build reads; later ones stay queued.
        applied_upto = self.store.max_job_seq()
        rebuild_index(self.store, index.path, progress, self.meaning)
        index.reopen()
        self.store.finish_jobs_upto(applied_upto)

    def _healing(self, action: Callable[[], T]) -> T:
        """Run an index action; if the index turns out to be unusable, heal it and retry once."""
        try:
            return action()
        except IndexUnavailable as error:
            self._heal(error)
        return action()

    def _heal(self, error: IndexUnavailable) -> None:
        seen = self.index.folder_id
        with self.index.exclusive(REBUILD_WAIT):
            if self.index.swapped_since(seen):
                # Another process rebuilt it (we may have looked mid-swap): read the new one.
                try:
                    self.index.reopen()
                    return
                except IndexUnavailable:
                    pass
            if time.monotonic() - self._last_heal < HEAL_COOLDOWN:
                raise error  # a rebuild a moment ago did not cure it: rebuilding again won't
            self._last_heal = time.monotonic()
            log.error("the index is unusable (%s); rebuilding it from the database", error)
            self._rebuild(self.index, _no_progress)

    def _index_pending(self, batch: int | None = None, wait: float | None = None) -> int:
        """Apply the queued index jobs, or rebuild when that is faster (a big import)."""
        if self._rebuild_is_faster():
            try:
                with self.index.exclusive(REBUILD_WAIT if wait is None else wait):
                    if self._rebuild_is_faster():  # again, now that no one else can index
                        self._rebuild(self.index, _no_progress)
            except IndexBusy:
                return 0  # another writer holds the index; the jobs wait for it or for us
        options = {"batch": batch} if batch else {}
        return self._healing(lambda: self.pipeline.index_pending(wait=wait, **options))

    def _rebuild_is_faster(self) -> bool:
        # Adding to an index costs about twice what writing it afresh costs per quote (and a
        # rebuild uses every core): past as many queued jobs as indexed quotes, rebuild.
        pending = self.store.pending_job_count()
        return pending >= BULK_REBUILD_FROM and pending >= self.index.doc_count()

    def _index_quietly(self) -> int:
        # The background thread only waits briefly: it polls again soon anyway.
        return self._index_pending(wait=BACKGROUND_LOCK_WAIT)

    def _get_extractor(self) -> PageExtractor:
        if self._extractor is None:
            self._extractor = PageExtractor(timeout=self._extract_timeout)
        return self._extractor


def _with_highlight(quote: dict[str, Any], hits: Hits) -> dict[str, Any]:
    """The quote with its `highlight`; and when its text holds none of the words matched,
    `matched_in`: the other fields that do, highlighted (the page shows why it matched)."""
    marked = highlight_text(quote["text"], hits.terms, hits.words)
    found = {"highlight": marked}
    if "<mark>" not in marked:
        found["matched_in"] = matched_fields(quote, hits.terms, hits.words)
    return quote | found


def _day(name: str, value: str | None) -> str | None:
    """A since/until bound as YYYY-MM-DD (the form the index and SQLite compare)."""
    if not value or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ValidationError(name, "must be a date written YYYY-MM-DD") from None


def _limit(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_LIMIT:
        raise ValidationError("limit", f"must be a whole number between 1 and {MAX_LIMIT}")
    return value


def _offset(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
        raise ValidationError("offset", "must be a whole number between 0 and 1,000,000")
    return value
