"""Telling an import file's format from its content, for ``quotebank import --format auto``.

Only the start of the file is read. File names are not trusted: Kindle's file is plain text
named "My Clippings.txt", and a "CSV" may arrive named .txt after a trip through email.
"""

import csv
from collections.abc import Mapping
from pathlib import Path

from indexer.exporters.jsonfile import QUOTES_KEY
from indexer.importers import hypothesis, kindle, readwise
from indexer.importers.csvtable import sniff_delimiter
from indexer.importers.jsondoc import open_listing
from indexer.importers.records import ImportFormatError
from indexer.importers.textfile import read_head, read_text

HEAD_BYTES = 1 << 20  # enough for the header of any of the formats, and the first JSON entry
_HYPOTHESIS_KEYS = frozenset({"target", "uri"})


def detect_format(path: Path) -> str:
    """One of kindle, readwise, hypothesis, json, csv; ImportFormatError if none fits."""
    head = read_head(path, HEAD_BYTES)
    if not head.strip():
        raise ImportFormatError("the file is empty")
    if head.lstrip()[:1] in ("{", "["):
        try:
            return _json_kind(head)
        except ImportFormatError:
            if path.stat().st_size <= HEAD_BYTES:
                raise
        # The head ended inside the document before it told: read all of it.
        return _json_kind(read_text(path))
    if any(line.strip() == kindle.SEPARATOR for line in head.split("\n")):
        return "kindle"
    columns = _header(head)
    if all(name.lower() in columns for name in readwise.REQUIRED):
        return "readwise"
    if "text" in columns:
        return "csv"
    raise ImportFormatError(
        "cannot tell the format: not a Kindle 'My Clippings.txt', not a CSV with a "
        "'Highlight' and 'Book Title' (Readwise) or a 'text' column, not JSON; "
        "name the format with --format"
    )


def _json_kind(text: str) -> str:
    listing = open_listing(text, (QUOTES_KEY, *hypothesis.LIST_KEYS))
    if listing.key is not None:
        return "json" if listing.key == QUOTES_KEY else "hypothesis"
    first = next(listing.entries(), (0, None))[1]
    if isinstance(first, Mapping) and _HYPOTHESIS_KEYS & first.keys():
        return "hypothesis"
    return "json"  # a bare list of quotes, or an empty list (which imports nothing either way)


def _header(head: str) -> set[str]:
    first_line = head.split("\n", 1)[0]
    row = next(csv.reader([first_line], delimiter=sniff_delimiter(first_line)), [])
    return {name.strip().lower() for name in row}
