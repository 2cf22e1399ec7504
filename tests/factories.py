"""Test data with defaults, for any test that needs quotes.

    make_quote(**overrides)  a capture payload (what POST /api/quotes takes), unique each call
    seed(bank, n)            n captured quotes, returned as stored
    capture_named(bank, texts)   one quote per {name: text}; returns {name: id}
    found_names((bank, ids), q)  the names of the quotes a search finds
    StubExtractor            stands in for PageExtractor: no child process, a fixed answer

Keep these simple and stable: other engineers' tests use them.
"""

import itertools
import uuid
from typing import Any

from indexer.extraction import PageInfo

_counter = itertools.count(1)
# Each process's quotes get addresses of their own: the same text from the same page is one quote
# (indexer/dedupe.py), and two test processes count from 1 alike.
_RUN = uuid.uuid4().hex[:8]


def make_quote(**overrides: Any) -> dict[str, Any]:
    """A valid capture payload; every call gets a new id, URL and text."""
    n = next(_counter)
    quote: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "url": f"https://example.com/articles/{_RUN}-{n}",
        "text": f"Quote number {n}: resilient gardens grow from patient work.",
        "tags": [],
        "note": "",
    }
    quote.update(overrides)
    return quote


def seed(bank: Any, n: int, **overrides: Any) -> list[dict[str, Any]]:
    """Capture n quotes (make_quote with `overrides`) into `bank`; returns them as stored."""
    return [bank.capture(make_quote(**overrides))[0] for _ in range(n)]


def capture_named(bank: Any, texts: dict[str, str]) -> dict[str, str]:
    """Capture one quote per text (make_quote otherwise); returns {name: quote id}."""
    return {name: bank.capture(make_quote(text=text))[0]["id"] for name, text in texts.items()}


def found_names(named: tuple[Any, dict[str, str]], q: str, **filters: Any) -> set[str]:
    """The names (see capture_named) of the quotes `bank.search(q, **filters)` finds, all of
    them on its first page."""
    bank, ids = named
    names = {quote_id: name for name, quote_id in ids.items()}
    total, results = bank.search(q, limit=50, **filters)
    assert total == len(results)
    return {names[quote["id"]] for quote in results}


class StubExtractor:
    """A PageExtractor that answers `info` (a PageInfo, or a callable (html, url) -> PageInfo)
    at once and records the calls."""

    def __init__(self, info: Any = None) -> None:
        self.info = info if info is not None else PageInfo()
        self.calls: list[tuple[str, str]] = []

    def extract(self, html: str, url: str) -> PageInfo:
        self.calls.append((html, url))
        return self.info(html, url) if callable(self.info) else self.info

    def close(self) -> None:
        pass
