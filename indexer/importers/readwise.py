"""Readwise's CSV export (readwise.io/export): one highlight per row, read as a stream.

Columns: Highlight, Book Title, Book Author, Amazon Book ID, Note, Color, Tags, Location Type,
Location, Highlighted at, Document tags. Readwise has no page address in this export, so the
quotes come without a URL; "Tags" (the highlight's) and "Document tags" (the book's) both become
tags. Color is a reading aid in Readwise and has no place in a quote, so it is dropped.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from indexer.importers.csvtable import Row, iter_rows
from indexer.importers.records import Entry, RowError, clean_text, record_or_error, stable_id

REQUIRED = ("Highlight", "Book Title")


def parse(path: Path) -> Iterator[Entry]:
    for item in iter_rows(path, REQUIRED):
        if isinstance(item, RowError):
            yield item
        else:
            line, row = item
            yield record_or_error(line, _raw(row))


def _raw(row: Row) -> dict[str, Any]:
    text = clean_text(row["highlight"])
    title = row["book title"].strip()
    author = row.get("book author", "").strip()
    # Articles have no Amazon id; the title and author then name the document.
    book = row.get("amazon book id", "").strip() or f"{title}\x1f{author}"
    location = f"{row.get('location type', '').strip()}:{row.get('location', '').strip()}"
    return {
        "id": stable_id("readwise", book, location, text),
        "text": text,
        "title": title,
        "author": author,
        "note": row.get("note"),
        "tags": _tags(row.get("tags", "")) + _tags(row.get("document tags", "")),
        "created_at": row.get("highlighted at"),
    }


def _tags(cell: str) -> list[str]:
    return cell.split(",") if cell.strip() else []
