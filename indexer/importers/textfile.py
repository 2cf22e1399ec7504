"""Reading an import file as UTF-8 text, with a clear error when it is not.

The encoding is checked over the whole file before any row is parsed, so a file that turns out
to be Latin-1 half-way through is refused whole instead of being half imported.
"""

import codecs
from pathlib import Path
from typing import TextIO

from indexer.importers.records import ImportFormatError

_CHUNK = 1 << 20


def check_utf8(path: Path) -> None:
    """Raise ImportFormatError naming the line of the first byte that is not UTF-8.

    Like every ImportFormatError message, it leaves the file name to the caller.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                # error.object is this chunk behind any bytes of a character split across
                # chunks; those are never newlines, so counting in it is exact.
                line += error.object.count(b"\n", 0, error.start)
                raise _not_utf8(line, error.object[error.start]) from None
            line += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise ImportFormatError("the file ends in the middle of a character") from None


def _not_utf8(line: int, byte: int) -> ImportFormatError:
    return ImportFormatError(
        f"not UTF-8 text (byte 0x{byte:02x} on line {line}); save it as UTF-8 and import it again"
    )


def read_text(path: Path) -> str:
    """The whole file, without a byte-order mark."""
    check_utf8(path)
    return path.read_text(encoding="utf-8-sig")


def open_text(path: Path) -> TextIO:
    """The file opened for the csv module (newlines untranslated), without a byte-order mark."""
    check_utf8(path)
    return path.open(encoding="utf-8-sig", newline="")


def count_lines(path: Path) -> int:
    """Lines in the file, as an editor numbers them (the total of an import's progress bar)."""
    lines, last = 0, b"\n"
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


def read_head(path: Path, size: int) -> str:
    """The first ``size`` bytes as text (a character cut at the end dropped), without a BOM."""
    with path.open("rb") as stream:
        data = stream.read(size)
    try:
        return codecs.getincrementaldecoder("utf-8-sig")().decode(data, final=False)
    except UnicodeDecodeError:
        check_utf8(path)  # raises, naming the line
        raise
