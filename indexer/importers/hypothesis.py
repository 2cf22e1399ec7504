"""Hypothesis annotations: the API's search answer ``{"rows": [...]}``, the web app's export
``{"annotations": [...]}``, or a bare list of annotations.

The quote is the ``exact`` of the target's TextQuoteSelector; the annotation's own ``text`` is
the user's note. Page notes and replies quote nothing, so they are skipped, not imported.
"""

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from indexer.importers.jsondoc import open_listing
from indexer.importers.records import (
    Entry,
    RowError,
    Skipped,
    clean_text,
    record_or_error,
    stable_id,
)
from indexer.importers.textfile import read_text
from indexer.urls import is_http_url

LIST_KEYS = ("rows", "annotations")


def parse(path: Path) -> Iterator[Entry]:
    listing = open_listing(read_text(path), LIST_KEYS)
    listing.check()  # broken JSON must stop the whole import before anything is stored
    for line, annotation in listing.entries():
        yield _entry(line, annotation)


def _entry(line: int, annotation: Any) -> Entry:
    if not isinstance(annotation, Mapping) or not isinstance(annotation.get("id"), str):
        return RowError(line, 'an annotation must be an object with an "id"')
    if annotation.get("references"):
        return Skipped(line, "reply")
    exact = _exact(annotation.get("target"))
    if not exact:
        return Skipped(line, "page note (no quoted text)")
    uri = annotation.get("uri")
    entry = record_or_error(
        line,
        {
            "id": stable_id("hypothesis", annotation["id"]),
            "text": exact,
            # PDFs and local files have urn: or file: addresses, which are not page URLs.
            "url": uri if isinstance(uri, str) and is_http_url(uri) else None,
            "title": _title(annotation.get("document")),
            "note": annotation.get("text"),
            "tags": annotation.get("tags"),
            "created_at": annotation.get("created"),
        },
    )
    if isinstance(entry, RowError):
        # A minified API answer is one long line: the annotation's id finds it.
        return RowError(line, f"annotation {annotation['id'][:40]}: {entry.reason}")
    return entry


def _exact(targets: Any) -> str:
    for target in targets if isinstance(targets, list) else []:
        selectors = target.get("selector") if isinstance(target, Mapping) else None
        for selector in selectors if isinstance(selectors, list) else []:
            if isinstance(selector, Mapping) and selector.get("type") == "TextQuoteSelector":
                exact = selector.get("exact")
                if isinstance(exact, str) and exact.strip():
                    return clean_text(exact)
    return ""


def _title(document: Any) -> str | None:
    """``document.title`` is a list in the API (a page may declare several); take the first."""
    titles = document.get("title") if isinstance(document, Mapping) else None
    if isinstance(titles, str):
        return titles
    if isinstance(titles, list) and titles and isinstance(titles[0], str):
        return titles[0]
    return None
