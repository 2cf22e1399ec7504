"""Importing quotes from other tools' files: one parser per format, chosen by name or by content.

A parser is ``parse(path) -> Iterator[Entry]``: each entry a ParsedQuote, a RowError (a bad row,
with its line) or a Skipped (not a quote, on purpose), in file order. The contract that keeps a
broken file from being half imported: a parser raises ImportFormatError only before its first
entry, so everything that makes a file unusable (not UTF-8, broken JSON, a missing column) is
found before anything is stored.
"""

from collections.abc import Callable, Iterator
from pathlib import Path

from indexer.importers import generic_csv, hypothesis, kindle, quotebank_json, readwise
from indexer.importers.detect import detect_format
from indexer.importers.records import Entry, ImportFormatError

Parser = Callable[[Path], Iterator[Entry]]

FORMATS: dict[str, Parser] = {
    "kindle": kindle.parse,
    "readwise": readwise.parse,
    "hypothesis": hypothesis.parse,
    "json": quotebank_json.parse,
    "csv": generic_csv.parse,
}


def resolve_format(path: Path, fmt: str = "auto") -> str:
    """The format to read ``path`` as: ``fmt`` itself, or the one its content shows."""
    if fmt == "auto":
        return detect_format(path)
    if fmt not in FORMATS:
        raise ImportFormatError(f"unknown format {fmt!r}; known: auto, {', '.join(FORMATS)}")
    return fmt


def parse_file(path: Path, fmt: str) -> Iterator[Entry]:
    return FORMATS[fmt](path)


__all__ = ["FORMATS", "ImportFormatError", "detect_format", "parse_file", "resolve_format"]
