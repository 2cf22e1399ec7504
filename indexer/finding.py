"""Finding quotes by words and by meaning together: recall for a draft, search modes, related
quotes. The bank hands each call its store, its index and its Meaning (None when the model
could not be loaded: then words alone answer, as before meaning existed)."""

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from indexer import hybrid, near_duplicates
from indexer.errors import Unavailable, ValidationError
from indexer.index import Hits, QuoteIndex, highlight_text, matched_words, text_terms
from indexer.meaning import Meaning
from indexer.store import Store

MODES = ("keyword", "meaning", "hybrid")
# Query syntax that only keyword search understands: "phrases", OR/AND/NOT, -exclusions,
# prefix*, field:value, parentheses.
_OPERATORS = re.compile(r"[\"*():]|(?:^|\s)-\S|\b(?:OR|AND|NOT)\b")


class Finder:
    def __init__(
        self,
        store: Store,
        index: Callable[[], QuoteIndex],
        meaning: Callable[[], Meaning | None],
        healing: Callable[[Callable[[], Hits]], Hits],
    ) -> None:
        self.store = store
        self._index = index
        self._meaning = meaning
        self._healing = healing

    def recall(self, draft: str, limit: int) -> list[dict[str, Any]]:
        """The quotes that fit a draft, by words and by meaning, each with `score`,
        `highlight` and `why`."""
        hits = self._healing(lambda: self._index().recall(draft, limit=hybrid.CANDIDATES))
        meaning = self._meaning()
        near: list[tuple[str, float]] = []
        similarity: dict[str, float] = {}
        if meaning is not None:
            near, similarity = meaning.nearest(
                meaning.draft_vectors(draft), hybrid.CANDIDATES, also=hits.ids
            )
            similarity.update(near)
        return self._fused(hits, near, similarity, limit)

    def search(
        self, q: str, mode: str, limit: int, offset: int, filtered: bool
    ) -> tuple[int, list[dict[str, Any]]]:
        """Search by meaning (closest first) or hybrid (fused with the keyword ranking)."""
        if _OPERATORS.search(q) or filtered:
            raise ValidationError(
                "mode",
                f"{mode} search takes plain words: use mode=keyword for quotes, OR, -, *,"
                " field:value and the tag, site, author, since and until filters",
            )
        meaning = self._meaning()
        if meaning is None:
            raise Unavailable("search by meaning is unavailable: the model could not be loaded")
        wanted = offset + limit
        vectors = meaning.embedder.embed([q])
        if mode == "meaning":
            near, _ = meaning.nearest(vectors, max(wanted, hybrid.CANDIDATES))
            close = [(i, score) for i, score in near if score >= hybrid.CLOSE_IN_MEANING]
            terms = self._index().recall(q, limit=1).terms
            return len(close), self._close(close[offset:wanted], terms)
        hits = self._healing(lambda: self._index().recall(q, limit=max(wanted, hybrid.CANDIDATES)))
        near, similarity = meaning.nearest(vectors, max(wanted, hybrid.CANDIDATES), also=hits.ids)
        similarity.update(near)
        fused = self._fused(hits, near, similarity, hybrid.CANDIDATES + wanted)
        return len(fused), fused[offset:wanted]

    def _close(self, page: list[tuple[str, float]], terms: frozenset[str]) -> list[dict[str, Any]]:
        """Quotes found by meaning alone, with their highlight and why."""
        quotes = self.store.get_many([quote_id for quote_id, _ in page])
        out = []
        for quote_id, score in page:
            if quote_id in quotes:
                text = quotes[quote_id]["text"]
                fit = hybrid.Fit(
                    quote_id, round(score, 4), tuple(matched_words(text, terms)), score
                )
                out.append(
                    quotes[quote_id]
                    | {
                        "highlight": highlight_text(text, terms),
                        "score": fit.score,
                        "why": fit.why(),
                    }
                )
        return out

    def related(self, quote: dict[str, Any], limit: int) -> list[dict[str, Any]]:
        """The quotes closest in meaning to `quote` (itself left out)."""
        meaning = self._meaning()
        if meaning is None:
            raise Unavailable("related quotes are unavailable: the model could not be loaded")
        vector = meaning.vector_of(quote["id"])
        if vector is None:  # saved a moment ago, not embedded yet
            vector = meaning.quote_vectors([quote])[0]
        near, _ = meaning.nearest(vector, limit, exclude=quote["id"])
        quotes = self.store.get_many([quote_id for quote_id, _ in near])
        return [
            quotes[quote_id]
            | {
                "score": round(score, 4),
                "near_duplicate": near_duplicates.nearly_same(
                    quote["text"], quotes[quote_id]["text"]
                ),
            }
            for quote_id, score in near
            if quote_id in quotes
        ]

    def near_duplicates(self, quote: dict[str, Any]) -> list[str]:
        """The ids of other saved quotes nearly identical to `quote` (see near_duplicates.py).
        Candidates share its rarest words (the keyword recall: case and cut do not matter) or
        are close in meaning; the folded texts decide."""
        hits = self._healing(
            lambda: self._index().recall(quote["text"], limit=near_duplicates.CANDIDATES)
        )
        candidates = list(hits.ids)
        meaning = self._meaning()
        if meaning is not None:
            vector = meaning.embedder.embed([quote["text"]])
            near, _ = meaning.nearest(vector, near_duplicates.CANDIDATES, exclude=quote["id"])
            candidates += [i for i, score in near if score >= near_duplicates.MIN_COSINE]
        candidates = [i for i in dict.fromkeys(candidates) if i != quote["id"]]
        others = self.store.get_many(candidates)
        return [
            quote_id
            for quote_id in candidates
            if quote_id in others
            and near_duplicates.nearly_same(quote["text"], others[quote_id]["text"])
        ]

    def _fused(
        self,
        hits: Hits,
        near: list[tuple[str, float]],
        similarity: dict[str, float],
        limit: int,
    ) -> list[dict[str, Any]]:
        ids = list(dict.fromkeys([*hits.ids, *(quote_id for quote_id, _ in near)]))
        quotes = self.store.get_many(ids)
        shared = {i: text_terms(quote["text"]) & hits.terms for i, quote in quotes.items()}
        fitted = hybrid.fuse(
            [quote_id for quote_id in ids if quote_id in quotes],
            similarity,
            shared,
            hits.weights,
            limit,
        )
        out = []
        for fit in fitted:  # the words as written, for the quotes shown only
            text = quotes[fit.quote_id]["text"]
            words = tuple(matched_words(text, hits.terms))
            out.append(
                quotes[fit.quote_id]
                | {
                    "score": fit.score,
                    "highlight": highlight_text(text, hits.terms),
                    "why": dataclasses.replace(fit, words=words).why(),
                }
            )
        return out
