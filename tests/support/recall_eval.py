"""The recall evaluation set (tests/data/recall/): hand-written quotes, each with a draft in
other words and a draft that shares words, hidden among real sentences from news pages.
Used by bench/recall.py (the figures) and tests/test_meaning_eval.py (a floor)."""

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data" / "recall"
KINDS = ("other", "shared")


@dataclass(frozen=True)
class Item:
    quote_id: str
    quote: str
    other: str
    shared: str


def items() -> list[Item]:
    raw = json.loads((DATA / "drafts.json").read_text(encoding="utf-8"))["items"]
    return [
        Item(str(uuid.UUID(int=n + 1, version=4)), item["quote"], item["other"], item["shared"])
        for n, item in enumerate(raw)
    ]


def records() -> Iterator[dict[str, Any]]:
    """The quotes and the real sentences, as import records (real sentences keep their page)."""
    for item in items():
        yield {"id": item.quote_id, "text": item.quote, "url": "https://quotes.example/eval"}
    data = json.loads((DATA / "sentences.json").read_text(encoding="utf-8"))
    for n, sentence in enumerate(data["sentences"]):
        yield {
            "id": str(uuid.UUID(int=10_000 + n, version=4)),
            "text": sentence["text"],
            "url": sentence["url"],
        }


def ranks(recall: Any, kind: str, limit: int = 10) -> list[int | None]:
    """For each item, the 1-based rank of its quote in recall(draft) (None: not in the top
    `limit`); `recall` is a function from a draft to a list of quotes with "id"."""
    out: list[int | None] = []
    for item in items():
        found = [quote["id"] for quote in recall(getattr(item, kind), limit)]
        out.append(found.index(item.quote_id) + 1 if item.quote_id in found else None)
    return out


def top(ranked: list[int | None], k: int) -> float:
    return sum(1 for rank in ranked if rank is not None and rank <= k) / len(ranked)


# English function words: what "no content word in common" leaves out.
FUNCTION_WORDS = frozenset(
    """a about above after again against all almost also although always am an and any are as
    at be because been before being below between both but by can could did do does doing done
    down during each either else even ever every few for from further get gets had has have
    having he her here hers him his how however i if in into is it its itself just least less
    like many may me might more most much must my never no nor not now of off often on once only
    or other others our ours out over own per quite rather s same several she should since so
    some such than that the their theirs them then there these they this those though through
    thus to too under until up upon us very was we were what whatever when where whether which
    while who whom whose why will with within without would yet you your yours""".split()
)


def content_terms(text: str, terms: Any) -> frozenset[str]:
    """The index terms of `text`'s content words (`terms`: the index's text_terms)."""
    words = re.findall(r"\w+", text)
    return terms(" ".join(word for word in words if word.lower() not in FUNCTION_WORDS))
