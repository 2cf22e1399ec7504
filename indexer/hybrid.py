"""Fusing the two ways of finding quotes: by words (the Whoosh index, BM25) and by meaning (the
vectors). Pure ranking logic: the bank fetches both candidate lists and asks here what to show.

A blend, tuned on the evaluation set in tests/data/recall/ (bench/recall.py): a quote's score
is its cosine with the draft plus WORDS_WEIGHT times the square of the share of the draft's
key-term weight (BM25's idf-based weights) that the quote holds. Raw BM25 scores are not
comparable across drafts; that share is, from 0 (no key word) to 1 (every key word of the
draft). Squared, a quote sharing one word of five hardly moves, one sharing most of them
comes first: on the evaluation set a plain share let such one-word matches push the quotes
close in meaning down (top-3 of other-words drafts 18% at weight 1, 50% squared at 0.5).
"""

from collections.abc import Sequence
from dataclasses import dataclass

CANDIDATES = 100
WORDS_WEIGHT = 0.5
# Cosine at or above which a quote is "close in meaning" to a draft. Cosines of unrelated
# sentences sit below it (see docs/store-and-index.md for the figures).
CLOSE_IN_MEANING = 0.30
# A quote sharing few words with the draft (under FEW_WORDS of its key-term weight) and not
# close in meaning matched a word used in another sense, or a filler word ("first", "room"):
# it is not shown as fitting.
FEW_WORDS = 0.15


@dataclass(frozen=True)
class Fit:
    """A quote that fits, and why: the words it shares, its closeness in meaning."""

    quote_id: str
    score: float
    words: tuple[str, ...]
    similarity: float | None

    @property
    def close_in_meaning(self) -> bool:
        return self.similarity is not None and self.similarity >= CLOSE_IN_MEANING

    def why(self) -> dict[str, object]:
        return {
            "words": list(self.words),
            "close_in_meaning": self.close_in_meaning,
            "similarity": None if self.similarity is None else round(self.similarity, 3),
        }


def coverage(shared_terms: frozenset[str], weights: dict[str, float]) -> float:
    """The share of the draft's key-term weight among the terms a quote shares with it."""
    total = sum(weights.values())
    return sum(weights.get(term, 0.0) for term in shared_terms) / total if total else 0.0


def fits(share: float, similarity: float | None) -> bool:
    """Whether a quote is shown: close in meaning, or sharing enough of the draft's words
    (with no model, any shared key word will do)."""
    if similarity is None:
        return share > 0
    return similarity >= CLOSE_IN_MEANING or share >= FEW_WORDS


def fuse(
    candidates: Sequence[str],
    similarity: dict[str, float],
    shared: dict[str, frozenset[str]],
    weights: dict[str, float],
    limit: int,
) -> list[Fit]:
    """The candidates that fit, best first. `similarity`: each one's cosine with the draft
    (absent without a model); `shared`: the key terms it shares with the draft; `weights`:
    the draft's terms' weights. The Fits' words are left for the caller to fill in."""
    found: list[Fit] = []
    for quote_id in dict.fromkeys(candidates):
        share = coverage(shared.get(quote_id, frozenset()), weights)
        cosine = similarity.get(quote_id)
        if fits(share, cosine):
            score = (cosine or 0.0) + WORDS_WEIGHT * share**2
            found.append(Fit(quote_id, round(score, 4), (), cosine))
    found.sort(key=lambda fit: fit.score, reverse=True)
    return found[:limit]
