"""A CSV file with a header row, read one row at a time with the line each row starts on.

Shared by the Readwise and generic CSV importers. Column names are matched case-insensitively.
The delimiter is taken from the header line, because spreadsheets in many European locales save
"CSV" with semicolons.
"""

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

from indexer.importers.records import ImportFormatError, RowError
from indexer.importers.textfile import open_text

_DELIMITERS = (",", ";", "\t")

Row = dict[str, str]


def iter_rows(path: Path, required: Sequence[str]) -> Iterator[tuple[int, Row] | RowError]:
    """(line, {column: value}) per data row, or a RowError for a row that does not fit.

    Raises ImportFormatError, before the first row, if the header lacks a required column.
    A CSV syntax error ends the reading with a RowError, since nothing after it can be trusted.
    """
    with open_text(path) as handle:
        delimiter = sniff_delimiter(handle.readline())
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        columns = _header(next(reader, []), required)
        while True:
            line = reader.line_num + 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield RowError(
                    line, f"CSV syntax error ({error}); the rest of the file was not read"
                )
                return
            if any(value.strip() for value in values):
                yield _row(line, columns, values)


def sniff_delimiter(header_line: str) -> str:
    """The delimiter a header line uses most (a comma when it has none of them)."""
    return max(_DELIMITERS, key=header_line.count) if header_line.strip() else ","


def _header(names: list[str], required: Sequence[str]) -> list[str]:
    columns = [name.strip().lower() for name in names]
    missing = [name for name in required if name.lower() not in columns]
    if missing:
        found = ", ".join(name for name in names if name.strip()) or "nothing"
        raise ImportFormatError(
            f"the header row needs the column(s) {', '.join(missing)}; found {found}"
        )
    return columns


def _row(line: int, columns: list[str], values: list[str]) -> tuple[int, Row] | RowError:
    extra = values[len(columns) :]
    if any(value.strip() for value in extra):
        return RowError(
            line,
            f"has {len(values)} fields but the header has {len(columns)} (a stray delimiter or quote?)",
        )
    row: Row = {}
    for name, value in zip(columns, values, strict=False):
        row.setdefault(name, value)  # a repeated column name: the first one wins
    for name in columns:
        row.setdefault(name, "")  # a short row (spreadsheets drop trailing empty cells)
    return line, row
