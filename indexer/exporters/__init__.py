"""Export formats: quotebank JSON (lossless), CSV (spreadsheets) and Markdown (notes).

``export_quotes`` streams one document as text chunks; the server sends them as a download and
the CLI writes them to a file or stdout. The Markdown note-per-page folder is built from
``markdown.iter_notes`` by the CLI, since it is many files.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from indexer.exporters.jsonfile import export_json
from indexer.exporters.markdown import export_markdown
from indexer.exporters.table import export_csv

# format -> (mimetype, download file name). Flask adds "; charset=utf-8" to the text/ types.
EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    "json": ("application/json", "quotebank.json"),
    "csv": ("text/csv", "quotebank.csv"),
    "markdown": ("text/markdown", "quotebank.md"),
}


def export_quotes(
    quotes: Iterable[dict[str, Any]], fmt: str, *, bom: bool = False
) -> Iterator[str]:
    """The export of ``quotes`` in ``fmt``, in chunks. ``bom`` applies to CSV only: a BOM is
    invalid at the start of JSON and would hide Markdown front matter from Obsidian."""
    if fmt == "json":
        return export_json(quotes)
    if fmt == "csv":
        return export_csv(quotes, bom=bom)
    if fmt == "markdown":
        return export_markdown(quotes)
    raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(EXPORT_FORMATS)}")
