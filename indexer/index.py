"""The full-text index (Whoosh). The only module in quotebank that imports whoosh.

Choices that keep it fast and small (figures in docs/store-and-index.md):
- Only the quote id is stored; text for highlighting and every other field come from SQLite.
- Segments are written uncompound and read without mmap: Whoosh otherwise copies a whole compound
  segment into memory each time a reader opens.
- One searcher per process, refreshed after commits by reopening only the segments that changed.
  (whoosh-reloaded's own Searcher.refresh() is not used: it keeps readers of merged-away segments
  and ignores new deletions, so deleted or edited quotes would stay in, or show twice.)
- One writer at a time across threads and processes (IndexLock); a process that cannot get it
  leaves its work queued in SQLite for whichever process holds it.
- The folder can be rebuilt from SQLite at any time: built beside it, then swapped in; readers in
  other processes notice the swap and reopen.
"""

import itertools
import math
import os
import pickle
import re
import shutil
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import Any

from whoosh import collectors, columns, formats, qparser, query
from whoosh.analysis import (
    STOP_WORDS,
    CharsetFilter,
    Composable,
    LowercaseFilter,
    RegexTokenizer,
    Token,
)
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    W3Codec,
    W3LeafMatcher,
    W3PerDocReader,
    W3Segment,
)
from whoosh.fields import COLUMN, ID, KEYWORD, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files
from whoosh.lang import stemmer_for_language
from whoosh.matching import (
    AndNotMatcher,
    ConstantScoreMatcher,
    FilterMatcher,
    ListMatcher,
    MultiMatcher,
    NullMatcher,
    ReadTooFar,
)
from whoosh.reading import EmptyReader, MultiReader, SegmentReader
from whoosh.searching import Searcher
from whoosh.support.charset import accent_map
from whoosh.util.filelock import FileLock
from whoosh.util.numeric import byte_to_length
from whoosh.writing import MERGE_SMALL

from indexer import ranking
from indexer.errors import ValidationError

# Bump when SCHEMA or an analyzer changes: an index written by another version is rebuilt.
SCHEMA_VERSION = "quotebank-index-5"
VERSION_FILE = "quotebank-version"

MAX_QUERY_CHARS = 1_000
MIN_PREFIX_CHARS = 2
RECALL_TERMS = 24
RECALL_MIN_TERM_CHARS = 3
# Bound on the postings a recall query walks: the rarest key terms are kept within it.
RECALL_MAX_POSTINGS = 20_000
HIGHLIGHT_WHOLE_UNDER = 400
SNIPPET_CHARS = 300
WRITER_MEMORY_MB = 128
LARGE_SEGMENT = 20_000  # documents; see _merge_small_segments
BUILD_MEMORY_MB = 128


class _TextAnalyzer(Composable):
    """Words, lower-cased, accents folded, English stop words dropped, stemmed: the same tokens
    as RegexTokenizer | LowercaseFilter | CharsetFilter(accent_map) | StopFilter(minsize=1) |
    StemFilter(lang="en"), in one generator instead of five (analysis is a fifth of indexing).
    """

    is_morph = True
    _WORD = re.compile(r"\w+(\.?\w+)*", re.UNICODE)
    _CACHE_LIMIT = 200_000

    def __init__(self) -> None:
        self._stops = STOP_WORDS
        self._stems: dict[str, str] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {}  # pickled into the index's TOC: the cache need not go with it

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()

    def _stem(self, word: str) -> str:
        stemmed = self._stems.get(word)
        if stemmed is None:
            if len(self._stems) > self._CACHE_LIMIT:
                self._stems.clear()
            stemmed = self._stems[word] = _english_stem(word)
        return stemmed

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        matches = self._WORD.finditer(value) if tokenize else [_Whole(value)]
        kept_pos = None  # StopFilter(renumber=True): kept words numbered without gaps
        for raw_pos, match in enumerate(matches, start_pos):
            word = match.group(0)
            text = word.lower().translate(accent_map)
            token.stopped = not text or text in self._stops  # StopFilter(minsize=1)
            if token.stopped and removestops:
                continue
            if keeporiginal:
                token.original = word
            token.text = text if token.stopped else self._stem(text)
            token.boost = 1.0
            if positions:
                if token.stopped:
                    token.pos = raw_pos
                else:
                    kept_pos = raw_pos if kept_pos is None else kept_pos + 1
                    token.pos = kept_pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


class _Whole:
    """A regex match standing for the whole value (tokenize=False)."""

    def __init__(self, value: str) -> None:
        self._value = value

    def group(self, _: int) -> str:
        return self._value

    def start(self) -> int:
        return 0

    def end(self) -> int:
        return len(self._value)


_english_stem = stemmer_for_language("en")
_TEXT = _TextAnalyzer()
_NAME = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)

SCHEMA = Schema(
    id=ID(stored=True, unique=True),
    text=TEXT(analyzer=_TEXT, phrase=True),
    # Everything else a plain search looks at (title, note, author, handle, site, tags) in one
    # field: each field a search covers adds a matcher per matching quote, and with five fields
    # searches at 100,000 quotes missed their budget.
    meta=TEXT(analyzer=_TEXT, phrase=True),
    # Names for author: and site: (and the filters), not stemmed. The author field holds the
    # handle too, so author:stoweboyd and author:"stowe boyd" both find him.
    author=TEXT(analyzer=_NAME),
    site=TEXT(analyzer=_NAME),
    handle=KEYWORD(lowercase=True),
    # Tags never contain a comma (validate.tags splits on them).
    tag=KEYWORD(lowercase=True, commas=True, scorable=True),
    lang=ID,
    # Published date, else the capture date, as YYYYMMDD, and the capture time: sorted on and
    # (date) filtered on, never searched, so columns: a NUMERIC would add 8 and 16 index terms
    # per quote, a fifth of indexing time.
    date=COLUMN(columns.NumericColumn("i")),
    created=COLUMN(columns.NumericColumn("q")),
)
# The fields a query may name. id, date and created are internal: naming them reads as text.
QUERY_FIELDS = ("text", "meta", "author", "site", "handle", "tag", "lang")
SEARCH_FIELDS = ["text", "meta"]
FIELD_BOOSTS = {"text": 2.0, "meta": 1.0}
_SCORED_FIELDS = ("text", "meta", "author", "site", "tag")
_PHRASE_FIELDS = ("text", "meta", "author", "site")
_ONLY_STARS = re.compile(r"^[\s*]*(\*:\*)?[\s*]*$")


class _PerDocReader(W3PerDocReader):
    """Whoosh's per-document reader, remembering which columns a segment has: Whoosh asks for
    every posting of a field without lengths (id, dates), and each question was a stat() call,
    a third of the time spent writing a segment. A written segment's files never change."""

    def __init__(self, storage: Any, segment: Any) -> None:
        super().__init__(storage, segment)
        self._has_column: dict[str, bool] = {}
        self._length_bytes: dict[str, bytes] = {}

    def has_column(self, fieldname: str) -> bool:
        if fieldname not in self._has_column:
            self._has_column[fieldname] = super().has_column(fieldname)
        return self._has_column[fieldname]

    def length_bytes(self, fieldname: str) -> bytes:
        """Every document's stored length byte for the field, read in one go (for ranking.py;
        Whoosh reads them one document at a time). Documents past the column's end, like
        documents without the field, have 0."""
        if fieldname not in self._length_bytes:
            column = self._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
            stored = b"" if column is None else column._dbfile.get(column._basepos, column._count)
            self._length_bytes[fieldname] = stored.ljust(self._doccount, b"\0")
        return self._length_bytes[fieldname]


class _Codec(W3Codec):
    """Whoosh's current codec with the reader above (segments record their codec: readers of
    segments written with it use it too), and segment names that cannot repeat."""

    def per_document_reader(self, storage: Any, segment: Any) -> W3PerDocReader:
        return _PerDocReader(storage, segment)

    def new_segment(self, storage: Any, indexname: str) -> W3Segment:
        # Whoosh names segments with the global `random` module: anything that seeds it (the
        # hypothesis test runner does, per example) makes every new segment reuse one name and
        # overwrite the last one's files.
        segment = W3Segment(self, indexname)
        segment.segid = uuid.uuid4().hex[:16]
        return segment


class IndexUnavailable(Exception):
    """The index folder is missing, unreadable or corrupt: rebuild it from the store."""


class IndexBusy(Exception):
    """Another thread or process holds the index lock; the work stays queued in SQLite."""


@dataclass(frozen=True)
class Filters:
    tag: str | None = None
    site: str | None = None
    author: str | None = None
    since: str | None = None
    until: str | None = None


@dataclass
class Hits:
    total: int
    ids: list[str]
    scores: list[float | None]
    terms: frozenset[str] = field(default_factory=frozenset)  # text-field terms, for highlighting


# -- documents --------------------------------------------------------------------------------


def document(quote: dict[str, Any]) -> dict[str, Any]:
    """The indexed fields of one quote dict (design.md field names)."""
    handle = (quote.get("handle") or "").lstrip("@")
    tags = quote.get("tags") or []
    meta = (quote.get("title"), quote.get("note"), quote.get("author"), handle,
            quote.get("site_name"), " ".join(tags))  # fmt: skip
    return {
        "id": quote["id"],
        "text": quote["text"],
        "meta": "\n".join(part for part in meta if part),
        "author": " ".join(part for part in (quote.get("author"), handle) if part),
        "site": quote.get("site_name") or "",
        "handle": handle,
        "tag": ",".join(tags),
        "lang": quote.get("lang") or "",
        "date": day_number(quote.get("published") or (quote.get("created_at") or "")[:10]),
        "created": _epoch_seconds(quote.get("created_at")),
    }


def day_number(day: str | None) -> int:
    """YYYY-MM-DD as the integer YYYYMMDD; 0 when it is not such a date."""
    try:
        parsed = date.fromisoformat(day or "")
    except ValueError:
        return 0
    return parsed.year * 10_000 + parsed.month * 100 + parsed.day


def _epoch_seconds(created_at: str | None) -> int:
    try:
        return int(datetime.fromisoformat((created_at or "").replace("Z", "+00:00")).timestamp())
    except ValueError:
        return 0


# -- the lock ---------------------------------------------------------------------------------


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


# -- the index --------------------------------------------------------------------------------


class QuoteIndex:
    """One Whoosh index folder, opened for this process. Thread-safe."""

    def __init__(self, path: Path, lock: IndexLock | None = None) -> None:
        self.path = path
        self.lock = lock or IndexLock(path)
        # Whoosh readers seek and read shared file objects: one search at a time per process.
        self._read_lock = threading.RLock()
        self._parser = _make_parser()
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
            return _folder_id(self.path) != folder_id
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
            folder_id = _folder_id(self.path)
            if (self.path / VERSION_FILE).read_text(encoding="utf-8").strip() != SCHEMA_VERSION:
                raise IndexUnavailable(f"the index at {self.path} was written by another version")
            ix = FileStorage(str(self.path), supports_mmap=False).open_index(schema=SCHEMA)
            reader, generation = _open_reader(ix, reuse=None)
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
            if _folder_id(self.path) != self._folder_id:
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
                reader, generation = _open_reader(self._ix, reuse=old_reader)
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
                timeout=5.0, limitmb=WRITER_MEMORY_MB, compound=False, codec=_Codec()
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
        writer.commit(mergetype=_merge_small_segments)

    # -- reading ----------------------------------------------------------------------------

    def search(
        self, text: str, filters: Filters, *, limit: int, offset: int, sort: str = "relevance"
    ) -> Hits:
        """Quotes matching a query (see parse()), best first or newest first."""
        user_query = self.parse(text)
        combined = _with_filters(user_query, _filter_query(filters))
        by_date = sort == "date" or user_query is None
        plan = None if by_date else _plan(combined)
        with self._read_lock:
            searcher = self._current()
            try:
                terms = _wanted_text_terms(user_query, searcher.reader())
                if plan is not None:
                    return _ranked(searcher, plan, offset, limit, terms)
                results = _run(searcher, combined, offset + limit, by_date)
                page = results[offset : offset + limit]
                return Hits(
                    total=len(results),
                    ids=[hit["id"] for hit in page],
                    scores=[None if by_date else round(hit.score, 4) for hit in page],
                    terms=terms,
                )
            except query.QueryError as exc:
                raise ValidationError("q", f"cannot be searched: {exc}") from None
            except Exception as exc:
                raise IndexUnavailable(f"search failed on {self.path}: {exc!r}") from exc

    def recall(self, draft: str, *, limit: int) -> Hits:
        """Quotes that fit a draft: its rarest, most repeated terms in a bounded OR query."""
        counts = Counter(
            token.text
            for token in _TEXT(draft)
            if len(token.text) >= RECALL_MIN_TERM_CHARS and not token.text.isdigit()
        )
        with self._read_lock:
            searcher = self._current()
            try:
                weights = _key_terms(searcher, counts)
                if not weights:
                    return Hits(total=0, ids=[], scores=[])
                # The key terms OR-ed, each term's score times its weight.
                plan = ranking.AnyOf(
                    tuple(ranking.Term("text", term, weight) for term, weight in weights.items())
                )
                hits = _ranked(searcher, plan, 0, limit, frozenset(weights))
                hits.total = len(hits.ids)
                return hits
            except Exception as exc:
                raise IndexUnavailable(f"recall failed on {self.path}: {exc!r}") from exc

    def parse(self, text: str) -> query.Query | None:
        """The query for a search box string; None means every quote.

        Syntax: words (all must match, in the quote or its title, note, author, site or
        tags), "phrases", OR, -word or NOT word, prefix*, and author:, site:, tag: field
        queries. A lone * lists every quote.
        """
        if not isinstance(text, str):
            raise ValidationError("q", "must be a string")
        if len(text) > MAX_QUERY_CHARS:
            raise ValidationError("q", f"is longer than {MAX_QUERY_CHARS:,} characters")
        if _ONLY_STARS.match(text):
            return None
        parsed = self._parse_raw(text)
        if parsed is query.NullQuery:
            return self._only_exclusions(text)
        return _checked(parsed).accept(_fixed_and_not)

    def _parse_raw(self, text: str) -> query.Query:
        try:
            return self._parser.parse(text)
        except Exception as exc:
            # Whoosh's parser trips on a few odd inputs, e.g. "(-)": a user error, not ours.
            raise ValidationError(
                "q",
                f"could not be understood ({type(exc).__name__}); check the quotes, "
                "parentheses and - signs",
            ) from None

    def _only_exclusions(self, text: str) -> query.Query:
        words = text.split()
        if words and all(word.startswith("-") and len(word) > 1 for word in words):
            # "-draft -todo": everything except what they match.
            excluded = [self._parse_raw(word[1:]) for word in words]
            excluded = [part for part in excluded if part is not query.NullQuery]
            if excluded:
                return _AndNot(query.Every(), query.Or(excluded))
        raise ValidationError(
            "q", "has no words to search for (the most common words, like 'the', are skipped)"
        )


def _merge_small_segments(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh's MERGE_SMALL policy, applied to the small segments only: left to itself it
    eventually merges the large segments of a rebuild too, and a capture's commit would then
    rewrite the whole index (a minute at 100,000 quotes). Their deleted documents are
    reclaimed by the next rebuild (quotebank reindex)."""
    large = [segment for segment in segments if segment.doc_count_all() >= LARGE_SEGMENT]
    small = [segment for segment in segments if segment.doc_count_all() < LARGE_SEGMENT]
    return large + MERGE_SMALL(writer, small)


# -- building ---------------------------------------------------------------------------------


@contextmanager
def new_parts(final: Path, count: int) -> Iterator[list[Path]]:
    """Fresh folders beside `final` to write a new index into, in `count` parts (one per
    process), removed on the way out whatever happens. The caller holds final's IndexLock, so
    any other building folder is a crashed build's leftover, removed too."""
    for pattern in (f"{final.name}.building-*", f"{final.name}.old-*"):
        for leftover in final.parent.glob(pattern):
            shutil.rmtree(leftover, ignore_errors=True)
    build = uuid.uuid4().hex[:8]
    parts = [final.with_name(f"{final.name}.building-{build}-{n}") for n in range(count)]
    try:
        yield parts
    finally:
        for part in parts:
            shutil.rmtree(part, ignore_errors=True)


def write_part(
    path: Path, quotes: Iterable[dict[str, Any]], progress: Callable[[int], None]
) -> None:
    """Index `quotes` into a new folder `path`, as one segment, with one writer."""
    path.mkdir(parents=True)
    ix = FileStorage(str(path), supports_mmap=False).create_index(SCHEMA)
    writer = ix.writer(limitmb=BUILD_MEMORY_MB, compound=False, codec=_Codec())
    try:
        done = 0
        for quote in quotes:
            writer.add_document(**document(quote))
            done += 1
            if done % 500 == 0:
                progress(500)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=False)
    progress(done % 500)


def install_parts(final: Path, parts: Sequence[Path]) -> None:
    """Join the parts written by write_part() into one index (their segments side by side, no
    rewriting) and swap it in for `final`: the old folder is renamed away, the new one renamed
    in, the old one deleted. A failure before the swap leaves the old index in place."""
    target = parts[0]
    storage = FileStorage(str(target), supports_mmap=False)
    ix = storage.open_index(schema=SCHEMA)
    toc = ix._read_toc()
    segments = list(toc.segments)
    for part in parts[1:]:
        part_storage = FileStorage(str(part), supports_mmap=False)
        for segment in part_storage.open_index(schema=SCHEMA)._read_toc().segments:
            for name in segment.list_files(part_storage):
                os.replace(part / name, target / name)
            segments.append(segment)
    if len(parts) > 1:
        TOC(SCHEMA, segments, toc.generation + 1).write(storage, ix.indexname)
        clean_files(storage, ix.indexname, toc.generation + 1, segments)
    (target / VERSION_FILE).write_text(SCHEMA_VERSION + "\n", encoding="utf-8")
    retired = final.with_name(f"{final.name}.old-{uuid.uuid4().hex[:8]}")
    if final.exists():
        final.rename(retired)
    target.rename(final)
    shutil.rmtree(retired, ignore_errors=True)


def build_index(
    final: Path, quotes: Iterable[dict[str, Any]], progress: Callable[[int], None]
) -> None:
    """A new index of `quotes`, written by this process, swapped in for `final`. The caller
    holds final's IndexLock."""
    with new_parts(final, 1) as parts:
        write_part(parts[0], quotes, progress)
        install_parts(final, parts)


# -- readers ----------------------------------------------------------------------------------


def _folder_id(path: Path) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_dev, stat.st_ino


def _open_reader(ix: Any, reuse: Any) -> tuple[Any, int]:
    """A reader over the index's latest segments, reusing `reuse`'s readers of segments that
    did not change (same segment, same deletions), closing the rest."""
    toc = ix._read_toc()
    reusable = {}
    if reuse is not None:
        for leaf, _ in reuse.leaf_readers():
            if isinstance(leaf, SegmentReader):
                reusable[leaf.segment().segment_id()] = leaf
    readers, opened = [], []
    try:
        for segment in toc.segments:
            previous = reusable.pop(segment.segment_id(), None)
            if (
                previous is not None
                and previous.segment().deleted_count() == segment.deleted_count()
            ):
                readers.append(previous)
            else:
                opened.append(_checked_segment_reader(ix.storage, toc, segment))
                readers.append(opened[-1])
    except BaseException:
        for reader in opened:
            reader.close()
        raise
    for leftover in reusable.values():
        leftover.close()
    if not readers:
        return EmptyReader(SCHEMA), toc.generation
    if len(readers) == 1:
        return readers[0], toc.generation
    return MultiReader(readers, generation=toc.generation), toc.generation


def _checked_segment_reader(storage: Any, toc: Any, segment: Any) -> Any:
    """Open a segment and read a little of each of its files now: a damaged segment fails
    here rather than mid-search, and every file is held open before a later commit in another
    process may delete it (Whoosh opens some files lazily)."""
    reader = SegmentReader(storage, toc.schema, segment, generation=toc.generation)
    try:
        if reader.doc_count_all() == 0:
            return reader
        last = reader.doc_count_all() - 1
        reader.stored_fields(0)
        reader.stored_fields(last)
        for name in _SCORED_FIELDS:
            reader.doc_field_length(last, name)
        for name in ("date", "created"):
            reader.column_reader(name)[last]
        first_id = next(iter(reader.lexicon("id")), None)
        if first_id is None:
            raise IndexUnavailable(f"segment {segment.segment_id()} has documents but no ids")
        list(reader.postings("id", first_id).all_ids())
    except BaseException:
        reader.close()
        raise
    return reader


# -- queries ----------------------------------------------------------------------------------


def _ranked(
    searcher: Any, plan: ranking.Node, offset: int, limit: int, terms: frozenset[str]
) -> Hits:
    segments = [
        (_SegmentPostings(reader), base)
        for reader, base in searcher.reader().leaf_readers()
        if isinstance(reader, SegmentReader)
    ]
    total, best = ranking.rank(plan, segments, _Statistics(searcher), offset + limit)
    page = best[offset : offset + limit]
    return Hits(
        total=total,
        ids=[searcher.stored_fields(docnum)["id"] for docnum, _ in page],
        scores=[round(score, 4) for _, score in page],
        terms=terms,
    )


def _plan(parsed: query.Query) -> ranking.Node | None:
    """The query as ranking.py nodes, or None when it holds a part only Whoosh runs (prefixes,
    wildcards, Every, NOT alone, date ranges, unscored fields): those go to _run."""
    kind = type(parsed)
    if kind is query.Term:
        if parsed.fieldname not in _SCORED_FIELDS:
            return None
        return ranking.Term(parsed.fieldname, parsed.text, parsed.boost)
    if kind is query.Phrase:
        if parsed.fieldname not in _PHRASE_FIELDS or parsed.slop != 1 or not parsed.words:
            return None
        return ranking.Phrase(parsed.fieldname, tuple(parsed.words), parsed.boost)
    if kind in (_AndNot, query.Require):
        first, second = _plan(parsed.a), _plan(parsed.b)
        if first is None or second is None:
            return None
        return ranking.Without(first, second) if kind is _AndNot else ranking.Within(first, second)
    if kind in (query.And, query.Or):
        parts = [_plan(part) for part in parsed.subqueries]
        if not parts or None in parts:
            return None
        node = ranking.AllOf if kind is query.And else ranking.AnyOf
        return node(tuple(parts), parsed.boost)
    return None


class _Statistics:
    """ranking.Statistics from the searcher over the whole index, as Whoosh's BM25F reads them."""

    def __init__(self, searcher: Any) -> None:
        self._searcher = searcher

    def idf(self, field: str, text: str) -> float:
        return self._searcher.idf(field, text)

    def average_length(self, field: str) -> float:
        return self._searcher.avg_field_length(field) or 1

    def length_of_byte(self) -> Sequence[int]:
        return _LENGTH_OF_BYTE


def _decode_positions(value: bytes) -> list[int]:
    """formats.Positions.decode_positions, five times faster: a phrase of common words decodes
    tens of thousands of these. The value is a 4-byte count and the pickled list of position
    deltas (the final "." may be cut off); most words occur once in a quote, at a position
    under 256, which pickles as the opcodes PROTO 2, EMPTY_LIST, BINPUT 0, BININT1 n, APPEND."""
    if value.startswith(_ONE_SMALL_POSITION, 4) and value[11:12] == b"a":
        return [value[10]]
    pickled = value[4:] if value.endswith(b".") else value[4:] + b"."
    return list(itertools.accumulate(pickle.loads(pickled)))


_ONE_SMALL_POSITION = b"\x80\x02]q\x00K"


_LENGTH_OF_BYTE = tuple(byte_to_length(byte) for byte in range(256))


class _SegmentPostings:
    """ranking.Segment over one Whoosh segment reader.

    Whoosh's matchers hand out one posting per method call; this reads the codec's posting
    blocks whole (W3LeafMatcher's block methods, or the postings inlined in a rare term's
    entry). Those are private to whoosh-reloaded 2.7 (pinned in pyproject.toml); the tests that
    compare ranking with Whoosh's own scoring fail if they change."""

    def __init__(self, reader: SegmentReader) -> None:
        self._reader = reader
        # A phrase reads its words' blocks twice (frequencies, then positions): unpickling a
        # block is the dearest part, so each term's are kept for the rest of the search.
        self._read: dict[tuple[str, str], list[tuple[Sequence[int], Sequence[float], Any]]] = {}

    def blocks(self, field: str, text: str) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
        for docnums, weights, _ in self._posting_blocks(field, text):
            yield docnums, weights

    def positions(self, field: str, text: str, wanted: set[int]) -> dict[int, Sequence[int]]:
        decode = _decode_positions
        if type(self._reader.schema[field].format) is not formats.Positions:
            decode = self._reader.schema[field].format.decoder("positions")
        found = {}
        for docnums, _, values in self._posting_blocks(field, text):
            for index, docnum in enumerate(docnums):
                if docnum in wanted:
                    found[docnum] = decode(values[index])
        return found

    def length_bytes(self, field: str) -> bytes:
        return self._reader._perdoc.length_bytes(field)

    def deleted(self) -> Iterable[int]:
        return self._reader.deleted_docs_set or ()

    def _posting_blocks(
        self, field: str, text: str
    ) -> list[tuple[Sequence[int], Sequence[float], Sequence[Any]]]:
        if (field, text) not in self._read:
            self._read[field, text] = list(self._read_blocks(field, text))
        return self._read[field, text]

    def _read_blocks(
        self, field: str, text: str
    ) -> Iterator[tuple[Sequence[int], Sequence[float], Sequence[Any]]]:
        if (field, text) not in self._reader:
            return
        matcher = self._reader.postings(field, text)
        if isinstance(matcher, FilterMatcher):
            matcher = matcher.child  # it hides deleted documents: ranking.rank drops them
        if isinstance(matcher, ListMatcher):
            count = len(matcher._ids)
            weights = matcher._weights or [matcher._all_weights or 1.0] * count
            yield matcher._ids, weights, matcher._values or ()
            return
        if not isinstance(matcher, W3LeafMatcher):
            raise TypeError(f"unexpected postings reader {type(matcher).__name__}")
        while matcher.is_active():
            # One unpickling gives the block's ids, weights and values alike.
            matcher._read_ids()
            matcher._read_weights()
            matcher._read_values()
            yield matcher._ids, matcher._weights, matcher._values
            matcher._next_block()


def _run(searcher: Any, combined: query.Query, limit: int, by_date: bool) -> Any:
    """Whoosh results, with an exact total.

    Whoosh's default top-N collector swaps in cheaper matchers that skip documents unable to
    enter the top N, and then counts only the documents it looked at: "49 results" became 47.
    Without swaps or block skipping every match is scored and counted; measured, that costs
    no more here (the skipping rarely applies to an OR across fields).
    """
    if by_date:
        collector = collectors.SortingCollector(["date", "created"], limit=limit, reverse=True)
    else:
        collector = collectors.TopCollector(limit=limit, usequality=False, replace=0)
    searcher.search_with_collector(combined, collector)
    return collector.results()


def _make_parser() -> qparser.QueryParser:
    schema = Schema(**{name: SCHEMA[name] for name in QUERY_FIELDS})
    parser = qparser.MultifieldParser(SEARCH_FIELDS, schema, fieldboosts=FIELD_BOOSTS)
    parser.add_plugin(qparser.PlusMinusPlugin())
    parser.add_plugin(qparser.FieldAliasPlugin({"tag": ["tags"], "site": ["site_name"]}))
    # Ranges, boosts, fuzzy terms and regexes are not in the documented syntax (and a range or
    # regex over the lexicon can be slow): their characters stay plain text.
    for plugin in (
        qparser.BoostPlugin,
        qparser.FuzzyTermPlugin,
        qparser.RegexPlugin,
        qparser.RangePlugin,
        qparser.EveryPlugin,
    ):
        parser.remove_plugin_class(plugin)
    return parser


def _checked(parsed: query.Query) -> query.Query:
    """Refuse wildcards that would expand to most of the lexicon; fold accents in the rest
    (the parser lower-cases a prefix but does not run the field's analyzer on it)."""
    for part in parsed.leaves():
        if isinstance(part, query.Every):
            raise ValidationError("q", "a lone * cannot be combined with other words")
        if isinstance(part, query.Wildcard | query.Prefix):
            if len(re.split(r"[*?]", str(part.text))[0]) < MIN_PREFIX_CHARS:
                raise ValidationError(
                    "q", f"a wildcard needs at least {MIN_PREFIX_CHARS} letters before the *"
                )
            part.text = str(part.text).translate(accent_map)
    return parsed


def _filter_query(filters: Filters) -> list[query.Query]:
    """The filters as query parts (unscored: see _with_filters)."""
    parts: list[query.Query] = []
    if filters.tag and filters.tag.strip():
        parts.append(query.Term("tag", filters.tag.strip().lower()))
    for fieldname, value in (("site", filters.site), ("author", filters.author)):
        words = [token.text for token in _NAME(value or "")]
        if len(words) == 1:
            parts.append(query.Term(fieldname, words[0]))
        elif words:
            parts.append(query.Phrase(fieldname, words))
    if filters.since or filters.until:
        low = _filter_day("since", filters.since)
        high = _filter_day("until", filters.until)
        if low is not None and high is not None and low > high:
            raise ValidationError("since", "is after until")
        parts.append(_DayRange(low or 1, high or 99_991_231))
    return parts


def _with_filters(user_query: query.Query | None, filters: list[query.Query]) -> query.Query:
    """The user's query restricted by the filters, which add nothing to the score.

    Not Whoosh's filter= argument, nor ConstantScoreQuery: both turn a filter into the list of
    every document it matches (say, all quotes since 2005) before searching. Require()
    intersects, skipping through the filters from one match of the user's query to the next,
    and scores the user's query only.
    """
    if not filters:
        return user_query or query.Every()
    restriction = filters[0] if len(filters) == 1 else query.And(filters)
    if user_query is None:
        if not all(isinstance(part, _DayRange) for part in filters):
            return restriction
        user_query = query.Every()  # _DayRange reads a column: it knows nothing of deletions
    return query.Require(user_query, restriction)


def _fixed_and_not(part: query.Query) -> query.Query:
    return _AndNot(part.a, part.b) if type(part) is query.AndNot else part


class _AndNot(query.AndNot):
    """`a -b` with _AndNotMatcher."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        kept = self.a.matcher(searcher, context)
        return _AndNotMatcher(kept, self.b.matcher(searcher, searcher.boolean_context()))


class _AndNotMatcher(AndNotMatcher):
    """Whoosh's, which returned the first match of `a` even when `b` matches it too, if `b`
    started on an earlier document: "stone -river" found "river stone" after a quote holding
    only "river" (whoosh issue #419, still in whoosh-reloaded 2.7.5)."""

    def _find_first(self) -> None:
        if self.a.is_active() and self.b.is_active():
            self._find_next()


class _DayRange(query.Query):
    """Quotes dated (published, else captured) from `low` to `high` (YYYYMMDD, inclusive),
    read from the date column, and only on the documents the rest of the query matches."""

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high
        self.boost = 0.0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _DayRange) and (self.low, self.high) == (other.low, other.high)

    def __hash__(self) -> int:
        return hash((_DayRange, self.low, self.high))

    def __repr__(self) -> str:
        return f"_DayRange({self.low}, {self.high})"

    def is_leaf(self) -> bool:
        return True

    def estimate_size(self, ixreader: Any) -> int:
        return ixreader.doc_count()

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        if not searcher.is_atomic():  # searches go segment by segment; docs() does not
            parts = [(self.matcher(sub, context), offset) for sub, offset in searcher.subsearchers]
            return MultiMatcher([m for m, _ in parts], [offset for _, offset in parts])
        reader = searcher.reader()
        if not reader.has_column("date"):
            return NullMatcher()
        return _DayRangeMatcher(reader.column_reader("date"), self.low, self.high)


class _DayRangeMatcher(ConstantScoreMatcher):
    """Whoosh's ColumnMatcher, with a skip_to() that jumps instead of stepping."""

    def __init__(self, days: Any, low: int, high: int) -> None:
        super().__init__(0.0)
        self._days, self._low, self._high = days, low, high
        self._count = len(days)
        self._docnum = 0
        self._settle()

    def _settle(self) -> None:
        days, low, high = self._days, self._low, self._high
        while self._docnum < self._count and not low <= days[self._docnum] <= high:
            self._docnum += 1

    def is_active(self) -> bool:
        return self._docnum < self._count

    def id(self) -> int:
        return self._docnum

    def next(self) -> None:
        if not self.is_active():
            raise ReadTooFar
        self._docnum += 1
        self._settle()

    def skip_to(self, docnum: int) -> None:
        if not self.is_active():
            raise ReadTooFar
        if docnum > self._docnum:
            self._docnum = docnum
            self._settle()

    def reset(self) -> None:
        self._docnum = 0
        self._settle()

    def copy(self) -> "_DayRangeMatcher":
        twin = _DayRangeMatcher(self._days, self._low, self._high)
        twin._docnum = self._docnum
        return twin

    def supports(self, astype: str) -> bool:
        return False

    def all_ids(self) -> Iterator[int]:
        while self.is_active():
            yield self._docnum
            self.next()


def _filter_day(name: str, value: str | None) -> int | None:
    if not value:
        return None
    day = day_number(value.strip())
    if not day:
        raise ValidationError(name, "must be a date written YYYY-MM-DD")
    return day


def _key_terms(searcher: Any, counts: Counter[str]) -> dict[str, float]:
    """The draft's terms worth searching for, with their weights (tf * idf), rarest first
    within the postings budget."""
    total_docs = max(searcher.doc_count(), 1)
    weights: dict[str, float] = {}
    frequencies: dict[str, int] = {}
    for term, count in counts.items():
        frequency = searcher.doc_frequency("text", term)
        # Terms in over a third of the quotes say nothing about fit (small banks excepted).
        if frequency and (frequency <= total_docs / 3 or total_docs < 10):
            weights[term] = (1 + math.log(count)) * math.log(1 + total_docs / frequency)
            frequencies[term] = frequency
    chosen: dict[str, float] = {}
    postings = 0
    for term in sorted(weights, key=weights.__getitem__, reverse=True)[:RECALL_TERMS]:
        if chosen and postings + frequencies[term] > RECALL_MAX_POSTINGS:
            continue
        chosen[term] = weights[term]
        postings += frequencies[term]
    return chosen


def _wanted_text_terms(user_query: query.Query | None, reader: Any) -> frozenset[str]:
    """The text-field terms to highlight: those searched for, not those excluded with -word."""
    if user_query is None or isinstance(user_query, query.Not):
        return frozenset()
    if isinstance(user_query, query.AndNot):
        return _wanted_text_terms(user_query.a, reader)
    if user_query.is_leaf():
        return frozenset(
            value.decode("utf-8") if isinstance(value, bytes) else value
            for fieldname, value in user_query.existing_terms(reader, expand=True)
            if fieldname == "text"
        )
    found: frozenset[str] = frozenset()
    for child in user_query.children():
        found |= _wanted_text_terms(child, reader)
    return found


# -- highlighting -----------------------------------------------------------------------------


def highlight_text(text: str, terms: frozenset[str]) -> str:
    """The quote as HTML: escaped text with <mark> around the words that matched `terms`
    (index terms: stemmed, folded). A long quote is cut to a snippet around its matches."""
    spans = _matching_spans(text, terms) if terms else []
    start, end = 0, len(text)
    if len(text) > HIGHLIGHT_WHOLE_UNDER:
        start, end = _snippet_window(text, spans)
    pieces = ["…"] if start > 0 else []
    position = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(escape(text[position:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(escape(text[position:end]))
    if end < len(text):
        pieces.append("…")
    return "".join(pieces)


def _matching_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    return [
        (token.startchar, token.endchar)
        for token in _TEXT(text, chars=True, mode="index")
        if token.text in terms
    ]


def _snippet_window(text: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """About SNIPPET_CHARS characters holding the most matches, cut at spaces."""
    best_start, best_count = 0, 0
    for first, (span_start, _) in enumerate(spans):
        count = sum(1 for other, _ in spans[first:] if other < span_start + SNIPPET_CHARS)
        if count > best_count:
            best_start, best_count = span_start, count
    start = max(0, best_start - SNIPPET_CHARS // 4) if best_count else 0
    if start:
        space = text.find(" ", start, best_start if best_count else start + 40)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start + SNIPPET_CHARS // 2, end)
        end = space if space != -1 else end
    return start, end


__all__ = [
    "Filters",
    "Hits",
    "IndexBusy",
    "IndexLock",
    "IndexUnavailable",
    "QuoteIndex",
    "build_index",
    "day_number",
    "highlight_text",
    "install_parts",
    "new_parts",
    "write_part",
]
