"""QuoteIndex: one index folder, opened for this process."""

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import query
from whoosh.filedb.filestore import FileStorage
from whoosh.searching import Searcher

from indexer import ranking
from indexer.errors import ValidationError
from indexer.index.building import merge_small_segments
from indexer.index.codec import Codec
from indexer.index.errors import IndexUnavailable
from indexer.index.lock import IndexLock
from indexer.index.prefixes import expanded
from indexer.index.queries import (
    Filters,
    SearchSyntax,
    filter_query,
    ranking_plan,
    wanted_text_terms,
    with_filters,
)
from indexer.index.schema import SCHEMA, SCHEMA_VERSION, VERSION_FILE, document
from indexer.index.scoring import Hits, draft_weights, key_terms, ranked, whoosh_results
from indexer.index.segments import folder_identity, open_reader

WRITER_MEMORY_MB = 128
# While typing, a prefix searches at most this many of the words it covers, the most frequent
# (a prefix* typed in full searches them all).
TYPED_PREFIX_WORDS = 50


class QuoteIndex:
    """One Whoosh index folder, opened for this process. Thread-safe."""

    def __init__(self, path: Path, lock: IndexLock | None = None) -> None:
        self.path = path
        self.lock = lock or IndexLock(path)
        # Whoosh readers seek and read shared file objects: one search at a time per process.
        self._read_lock = threading.RLock()
        self._syntax = SearchSyntax()
        self._ix: Any = None
        self._searcher: Any = None
        self._generation = -1
        self._folder_id: tuple[int, int] | None = None
        with self._read_lock:
            self._open()

    @property
    def folder_id(self) -> tuple[int, int] | None:
        """Identifies the folder last opened; a rebuild swaps in a folder with another id."""
        return self._folder_id

    def swapped_since(self, folder_id: tuple[int, int] | None) -> bool:
        try:
            return folder_identity(self.path) != folder_id
        except OSError:
            return False

    def reopen(self) -> None:
        """Open the folder afresh (IndexUnavailable if it is not a sound index)."""
        with self._read_lock:
            self._open()

    def close(self) -> None:
        with self._read_lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    def doc_count(self) -> int:
        with self._read_lock:
            return self._current().doc_count()

    # -- opening and refreshing -------------------------------------------------------------

    def _open(self) -> None:
        """(Re)open the folder from scratch; IndexUnavailable if it is not a sound index."""
        try:
            folder_id = folder_identity(self.path)
            if (self.path / VERSION_FILE).read_text(encoding="utf-8").strip() != SCHEMA_VERSION:
                raise IndexUnavailable(f"the index at {self.path} was written by another version")
            ix = FileStorage(str(self.path), supports_mmap=False).open_index(schema=SCHEMA)
            reader, generation = open_reader(ix, reuse=None)
        except IndexUnavailable:
            raise
        except Exception as exc:  # any failure to open means: rebuild (SQLite is the record)
            raise IndexUnavailable(f"cannot open the index at {self.path}: {exc!r}") from exc
        old = self._searcher
        self._ix, self._generation, self._folder_id = ix, generation, folder_id
        self._searcher = Searcher(reader, fromindex=ix)
        if old is not None:
            old.close()

    def _current(self) -> Any:
        """The shared searcher, brought up to date with the last commit or rebuild.

        Call with self._read_lock held."""
        try:
            if folder_identity(self.path) != self._folder_id:
                self._open()  # rebuilt and swapped in, maybe by another process
            elif self._ix.latest_generation() != self._generation:
                self._refresh()
        except IndexUnavailable:
            raise
        except Exception as exc:
            raise IndexUnavailable(f"cannot refresh the index at {self.path}: {exc!r}") from exc
        return self._searcher

    def _refresh(self) -> None:
        old_reader = self._searcher.reader()
        for attempt in range(5):
            try:
                reader, generation = open_reader(self._ix, reuse=old_reader)
                break
            except FileNotFoundError:
                # A writer in another process replaced the files between our listing and open.
                if attempt == 4:
                    raise
                time.sleep(0.01)
        self._searcher = Searcher(reader, fromindex=self._ix)
        self._generation = generation

    # -- writing ----------------------------------------------------------------------------

    @contextmanager
    def exclusive(self, timeout: float) -> Iterator["QuoteIndex"]:
        """Hold the index lock (IndexBusy after `timeout` s): apply() and rebuilds need it."""
        with self.lock.hold(timeout):
            yield self

    def apply(self, upserts: Sequence[dict[str, Any]], deletes: Sequence[str] = ()) -> None:
        """Replace or add the given quotes and delete the given ids, in one commit."""
        if not self.lock.held_here():
            raise RuntimeError("QuoteIndex.apply() needs the index lock (use exclusive())")
        if not upserts and not deletes:
            return
        ids = [*deletes, *(quote["id"] for quote in upserts)]
        with self._read_lock:
            searcher = self._current()
            # With the lock held nobody else can commit: the searcher's document numbers are
            # the ones the writer sees, so deletes need no reader of their own (Whoosh would
            # open a full one per call otherwise).
            writer = self._ix.writer(
                timeout=5.0, limitmb=WRITER_MEMORY_MB, compound=False, codec=Codec()
            )
            try:
                doomed = list(query.Or([query.Term("id", i) for i in ids]).docs(searcher))
            except BaseException:
                writer.cancel()
                raise
        try:
            for docnum in doomed:
                writer.delete_document(docnum)
            for quote in upserts:
                writer.add_document(**document(quote))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merge_small_segments)

    # -- reading ----------------------------------------------------------------------------

    def search(
        self,
        text: str,
        filters: Filters,
        *,
        limit: int,
        offset: int,
        sort: str = "relevance",
        typing: bool = False,
    ) -> Hits:
        """Quotes matching a query (see parse()), best first or newest first. `typing`: the
        last word may be half typed, so it is a prefix too; whole-word matches rank first."""
        tiers = self._syntax.parse_typing(text) if typing else [self.parse(text)]
        restriction = filter_query(filters)
        by_date = sort == "date" or tiers == [None]
        with self._read_lock:
            searcher = self._current()
            try:
                reader = searcher.reader()
                terms = words = frozenset()
                for tier in tiers:  # the title, note... (meta) too: matched_fields shows them
                    for field in ("text", "meta"):
                        terms |= wanted_text_terms(tier, reader, field)
                    for field in ("text_words", "meta_words"):
                        words |= wanted_text_terms(tier, reader, field)
                most = TYPED_PREFIX_WORDS if typing else None
                combined = [
                    expanded(with_filters(tier, restriction), reader, most) for tier in tiers
                ]
                plans = [ranking_plan(part) for part in combined]
                if None not in plans:
                    if by_date and len(plans) > 1:
                        plans = [ranking.AnyOf(tuple(plans))]
                    return ranked(
                        searcher, plans, offset, limit, terms, newest_first=by_date, words=words
                    )
                whole = combined[0] if len(combined) == 1 else query.Or(combined)
                results = whoosh_results(searcher, whole, offset + limit, by_date)
                page = results[offset : offset + limit]
                return Hits(
                    total=len(results),
                    ids=[hit["id"] for hit in page],
                    scores=[None if by_date else round(hit.score, 4) for hit in page],
                    terms=terms,
                    words=words,
                )
            except query.QueryError as exc:
                raise ValidationError("q", f"cannot be searched: {exc}") from None
            except Exception as exc:
                raise IndexUnavailable(f"search failed on {self.path}: {exc!r}") from exc

    def recall(self, draft: str, *, limit: int) -> Hits:
        """Quotes that fit a draft: its rarest, most repeated terms in a bounded OR query."""
        with self._read_lock:
            searcher = self._current()
            try:
                weights = key_terms(searcher, draft)
                if not weights:
                    return Hits(total=0, ids=[], scores=[], weights=draft_weights(searcher, draft))
                # The key terms OR-ed, each term's score times its weight.
                plan = ranking.AnyOf(
                    tuple(ranking.Term("text", term, weight) for term, weight in weights.items())
                )
                hits = ranked(searcher, plan, 0, limit, frozenset(weights))
                hits.total = len(hits.ids)
                hits.weights = draft_weights(searcher, draft)
                return hits
            except Exception as exc:
                raise IndexUnavailable(f"recall failed on {self.path}: {exc!r}") from exc

    def parse(self, text: str) -> query.Query | None:
        """The query for a search box string; None means every quote (see SearchSyntax)."""
        return self._syntax.parse(text)

    def lists_everything(self, text: str) -> bool:
        """Whether parse(text) would be None, without parsing it."""
        return self._syntax.lists_everything(text)
