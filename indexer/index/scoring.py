"""Ranking a search: indexer/ranking.py over Whoosh's posting blocks, or Whoosh's own collector
for the queries ranking.py does not take; and the key terms of a draft, for recall."""

import itertools
import math
import pickle
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh import collectors, formats, query
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.matching import FilterMatcher, ListMatcher
from whoosh.reading import SegmentReader
from whoosh.util.numeric import byte_to_length

from indexer import ranking
from indexer.index.analysis import TEXT_ANALYZER, is_cjk
from indexer.index.schema import SCHEMA

RECALL_TERMS = 24
RECALL_MIN_TERM_CHARS = 3
# Bound on the postings a recall query walks: the rarest key terms are kept within it.
RECALL_MAX_POSTINGS = 20_000


@dataclass
class Hits:
    total: int
    ids: list[str]
    scores: list[float | None]
    terms: frozenset[str] = field(default_factory=frozenset)  # text-field terms, for highlighting
    words: frozenset[str] = field(default_factory=frozenset)  # words as written, for highlighting
    weights: dict[str, float] = field(default_factory=dict)  # recall: every draft term's weight


def ranked(
    searcher: Any,
    plans: ranking.Node | Sequence[ranking.Node],
    offset: int,
    limit: int,
    terms: frozenset[str],
    *,
    newest_first: bool = False,
    words: frozenset[str] = frozenset(),
) -> Hits:
    """One page (`offset`, `limit`) of the plan's matches, best or newest first. A sequence of
    plans (which match no quote in common) ranks as tiers: all matches of the first, then
    those of the second, and so on."""
    segments = [
        (SegmentPostings(reader), base)
        for reader, base in searcher.reader().leaf_readers()
        if isinstance(reader, SegmentReader)
    ]
    stats = Statistics(searcher)
    total, best = 0, []
    for plan in [plans] if not isinstance(plans, Sequence) else plans:
        found, tier = ranking.rank(plan, segments, stats, offset + limit, newest_first=newest_first)
        total += found
        best.extend(tier)
    page = best[offset : offset + limit]
    return Hits(
        total=total,
        ids=[searcher.stored_fields(docnum)["id"] for docnum, _ in page],
        scores=[None if newest_first else round(score, 4) for _, score in page],
        terms=terms,
        words=words,
    )


class Statistics:
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


class SegmentPostings:
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

    def length_bytes(self, field: str) -> Sequence[int]:
        return self._reader._perdoc.numbers(f"_{field}_len", LENGTHS_COLUMN)

    def column(self, name: str) -> Sequence[int]:
        return self._reader._perdoc.numbers(name, SCHEMA[name].column_type)

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


def whoosh_results(searcher: Any, combined: query.Query, limit: int, by_date: bool) -> Any:
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


def draft_weights(searcher: Any, draft: str) -> dict[str, float]:
    """Every term of the draft with its weight (tf * idf), the terms no quote holds included
    (at the highest idf): what a quote's shared terms are a share of."""
    counts = Counter(token.text for token in TEXT_ANALYZER(draft, mode="query"))
    total_docs = max(searcher.doc_count(), 1)
    return {
        term: (1 + math.log(count))
        * math.log(1 + total_docs / max(searcher.doc_frequency("text", term), 1))
        for term, count in counts.items()
    }


def key_terms(searcher: Any, draft: str) -> dict[str, float]:
    """The draft's terms worth searching for, with their weights (tf * idf), rarest first
    within the postings budget."""
    counts = Counter(
        token.text
        for token in TEXT_ANALYZER(draft, mode="query")  # not the marked run ends
        if (len(token.text) >= RECALL_MIN_TERM_CHARS or is_cjk(token.text))
        and not token.text.isdigit()
    )
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
