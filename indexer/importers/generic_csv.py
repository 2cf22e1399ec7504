"""Any CSV with a header row and a ``text`` column, such as a spreadsheet of quotes.

The other columns are optional and named like the quote's fields: url, title, author, site_name,
published, tags (comma-separated), note, and also id, canonical_url, handle, lang, context and
created_at, so quotebank's own CSV export imports back unchanged. Other columns are ignored.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from indexer.exporters.spreadsheet import unprotect
from indexer.importers.csvtable import Row, iter_rows
from indexer.importers.dates import iso_date
from indexer.importers.records import (
    RECORD_FIELDS,
    Entry,
    RowError,
    clean_text,
    record_or_error,
    stable_id,
)

REQUIRED = ("text",)


def parse(path: Path) -> Iterator[Entry]:
    for item in iter_rows(path, REQUIRED):
        if isinstance(item, RowError):
            yield item
            continue
        line, row = item
        raw = _raw(row)
        try:
            raw["published"] = _published(raw.get("published", ""))
        except ValueError as error:
            yield RowError(line, f"published: {error}")
            continue
        yield record_or_error(line, raw)


def _raw(row: Row) -> dict[str, Any]:
    raw: dict[str, Any] = {name: unprotect(row[name]) for name in RECORD_FIELDS if name in row}
    raw["text"] = clean_text(raw["text"])
    if "tags" in raw:
        raw["tags"] = [raw["tags"]]  # one cell, "a, b": the tag check splits it at the commas
    if not raw.get("id", "").strip():
        raw["id"] = stable_id("csv", raw.get("url", "").strip(), raw["text"])
    return raw


def _published(cell: str) -> str | None:
    # Spreadsheets rewrite dates as they like, so the written-out forms are accepted here too.
    return iso_date(cell) if cell.strip() else None
