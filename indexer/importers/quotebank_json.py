"""quotebank's own JSON export (see indexer/exporters/jsonfile.py): the lossless format.

Every field comes back as it was exported, the id and the original ``created_at`` included, so
an export imported into another data folder gives the same quotes, and re-importing it into the
same folder adds nothing. A quote whose extraction had failed keeps ``status: "failed"``; any
other is stored as extracted (an import has no page left to extract). A bare list of quote
objects is accepted too.
"""

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from indexer.exporters.jsonfile import EXPORT_VERSION, QUOTES_KEY, VERSION_KEY
from indexer.importers.jsondoc import open_listing
from indexer.importers.records import (
    RECORD_FIELDS,
    Entry,
    ImportFormatError,
    ParsedQuote,
    RowError,
    record_or_error,
    stable_id,
)
from indexer.importers.textfile import read_text


def parse(path: Path) -> Iterator[Entry]:
    listing = open_listing(read_text(path), (QUOTES_KEY,))
    _check_version(listing.meta.get(VERSION_KEY, EXPORT_VERSION))
    listing.check()  # broken JSON must stop the whole import before anything is stored
    for line, quote in listing.entries():
        yield _entry(line, quote)


def _check_version(version: Any) -> None:
    if type(version) is not int or version > EXPORT_VERSION:
        raise ImportFormatError(
            f"this export has format version {version!r}; this quotebank reads version "
            f"{EXPORT_VERSION} (update quotebank to import it)"
        )


def _entry(line: int, quote: Any) -> Entry:
    if not isinstance(quote, Mapping):
        return RowError(line, "a quote must be a JSON object")
    raw = {name: quote.get(name) for name in RECORD_FIELDS}
    if raw["id"] is None:
        text, url = quote.get("text"), quote.get("url")
        raw["id"] = stable_id("json", str(url or ""), str(text or "").strip())
    entry = record_or_error(line, raw, lossless=True)
    if isinstance(entry, ParsedQuote) and quote.get("status") == "failed":
        entry.fields["status"] = "failed"
    return entry
