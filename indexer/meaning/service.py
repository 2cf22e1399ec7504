"""Meaning: the model and the vectors together, as the bank uses them."""

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from indexer.meaning.model import Embedder
from indexer.meaning.vectors import VectorCache, VectorsUnavailable

REBUILD_BATCH = 2_000
# A quote's vector leans on its own words; its context paragraph and title say what it is
# about when the quote itself is short or elliptic. Chosen a priori, not tuned.
CONTEXT_WEIGHT = 0.35
TITLE_WEIGHT = 0.2
# Drafts longer than this many words are also looked at sentence by sentence, so one topic in
# a long draft still finds its quotes.
PASSAGE_WORDS = 60
MIN_PASSAGE_WORDS = 8
# Each passage is a pass over every vector (about 1.3 CPU-ms at 100,000 quotes).
MAX_PASSAGES = 12
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")


class Meaning:
    """Vectors for the quotes of one data folder, and searches by meaning over them."""

    def __init__(self, path: Path, embedder: Embedder, cache: VectorCache) -> None:
        self.path = path
        self.embedder = embedder
        self.cache = cache

    @classmethod
    def open(cls, path: Path, embedder: Embedder) -> "Meaning":
        """Open the cache at `path`; VectorsUnavailable if it must be rebuilt (see create)."""
        return cls(path, embedder, VectorCache(path))

    @classmethod
    def create(cls, path: Path, embedder: Embedder) -> "Meaning":
        """A new empty cache at `path` (fill it with rebuild())."""
        return cls(path, embedder, VectorCache.create(path))

    def close(self) -> None:
        self.cache.close()

    def recreated(self) -> "Meaning":
        """This Meaning with its cache file made anew, empty (it was damaged): rebuild it."""
        self.cache.close()
        self.cache = VectorCache.create(self.path)
        return self

    # -- writing -----------------------------------------------------------------------------

    def quote_vectors(self, quotes: Sequence[dict[str, Any]]) -> np.ndarray:
        """One unit vector per quote: its text, with its context and title as lesser parts."""
        texts = [quote["text"] for quote in quotes]
        contexts = [quote.get("context") or "" for quote in quotes]
        titles = [quote.get("title") or "" for quote in quotes]
        vectors = self.embedder.embed([*texts, *contexts, *titles])
        n = len(quotes)
        combined = (
            vectors[:n] + CONTEXT_WEIGHT * vectors[n : 2 * n] + TITLE_WEIGHT * vectors[2 * n :]
        )
        return _unit_rows(combined)

    def apply(self, upserts: Sequence[dict[str, Any]], deletes: Sequence[str] = ()) -> None:
        """Embed and store the given quotes, forget the deleted ids (the caller holds the
        index lock)."""
        if upserts or deletes:
            ids = [quote["id"] for quote in upserts]
            self.cache.apply(ids, self.quote_vectors(upserts), deletes)

    def rebuild(self, quotes: Iterable[dict[str, Any]], progress: Callable[[int], None]) -> int:
        """Replace every vector by those of `quotes` (the caller holds the index lock)."""

        def batches() -> Iterator[tuple[list[str], np.ndarray]]:
            iterator = iter(quotes)
            while batch := list(islice(iterator, REBUILD_BATCH)):
                yield [quote["id"] for quote in batch], self.quote_vectors(batch)
                progress(len(batch))

        return self.cache.replace_all(batches())

    def count(self) -> int:
        return self.cache.count()

    # -- reading -----------------------------------------------------------------------------

    def draft_vectors(self, draft: str) -> np.ndarray:
        """The whole draft's vector, and one per passage when the draft is long."""
        return self.embedder.embed([draft, *passages(draft)])

    def nearest(
        self,
        queries: np.ndarray,
        limit: int,
        exclude: str | None = None,
        also: Sequence[str] = (),
    ) -> tuple[list[tuple[str, float]], dict[str, float]]:
        """The `limit` quotes closest to any of the query vectors, closest first, with the
        best cosine each got; and the best cosine of each quote in `also` that has a vector."""
        sims, ids, columns = self.cache.similarities(np.atleast_2d(queries), also)
        if not ids:
            return [], {}
        best = sims.max(axis=0)
        take = min(limit + 1, len(best))
        top = np.argpartition(-best, take - 1)[:take]
        top = top[np.argsort(-best[top], kind="stable")]
        found = [(ids[n], float(best[n])) for n in top if ids[n] is not None and ids[n] != exclude]
        extra = {
            quote_id: float(best[column])
            for quote_id, column in zip(also, columns, strict=True)
            if column is not None
        }
        return found[:limit], extra

    def vector_of(self, quote_id: str) -> np.ndarray | None:
        return self.cache.vector(quote_id)


def passages(draft: str) -> list[str]:
    """A long draft's sentences (one topic in a long draft is often one sentence), short ones
    joined to the next; at most MAX_PASSAGES, neighbours joined beyond that (each passage
    costs a pass over every vector)."""
    if len(draft.split()) <= PASSAGE_WORDS:
        return []
    units: list[str] = []
    pending = ""
    for sentence in filter(None, (s.strip() for s in _SENTENCE_END.split(draft))):
        pending = f"{pending} {sentence}".strip()
        if len(pending.split()) >= MIN_PASSAGE_WORDS:
            units.append(pending)
            pending = ""
    if pending:
        units.append(pending)
    if len(units) > MAX_PASSAGES:
        size = -(-len(units) // MAX_PASSAGES)  # ceiling division
        units = [" ".join(units[n : n + size]) for n in range(0, len(units), size)]
    return units


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


__all__ = ["Meaning", "VectorsUnavailable", "passages"]
