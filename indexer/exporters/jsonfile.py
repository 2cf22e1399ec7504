"""quotebank's own JSON export: every field of every quote, to be imported back with nothing lost.

    {"quotebank_export": 1, "exported_at": "2025-03-03T14:22:01Z", "quotes": [
    {"id": "...", "text": "...", ...},
    ...
    ]}

One quote per line, so an import can name the line of a quote it refuses, and a diff of two
exports reads quote by quote.
"""

import json
from collections.abc import Iterable, Iterator
from typing import Any

from indexer.clock import utc_now

VERSION_KEY = "quotebank_export"
EXPORT_VERSION = 2  # 2: speaker
QUOTES_KEY = "quotes"
# The format's own list (design.md's quote), not the store's: the format changes only with its
# version number.
FIELDS = (
    "id",
    "text",
    "url",
    "canonical_url",
    "title",
    "author",
    "speaker",
    "handle",
    "site_name",
    "published",
    "lang",
    "context",
    "note",
    "tags",
    "created_at",
    "status",
)


def export_json(quotes: Iterable[dict[str, Any]]) -> Iterator[str]:
    header = {VERSION_KEY: EXPORT_VERSION, "exported_at": utc_now()}
    yield json.dumps(header)[:-1] + f', "{QUOTES_KEY}": ['
    separator = "\n"
    for quote in quotes:
        yield separator + json.dumps({name: quote.get(name) for name in FIELDS}, ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"
