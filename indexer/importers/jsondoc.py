"""A JSON document holding a list of entries, decoded one entry at a time with its line number.

``json.load`` cannot say where an entry was, and a bad row must be reported by line. So the
top level is walked by hand (an object's members, or a bare array) and each entry is decoded
with the C decoder's ``raw_decode``, which also returns where the entry ended.

Broken JSON must stop an import before anything is stored, yet a large export should not sit in
memory as a list of decoded entries. So ``Listing.check`` walks the whole document once (syntax
only, entries thrown away) and ``Listing.entries`` walks it again, lazily.
"""

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

from indexer.importers.records import ImportFormatError

_DECODER = json.JSONDecoder()
_BLANKS = re.compile(r"[ \t\n\r]*")


class _Cursor:
    def __init__(self, text: str, pos: int = 0) -> None:
        self.text = text
        self.pos = pos

    def peek(self) -> str:
        self.pos = _BLANKS.match(self.text, self.pos).end()
        return self.text[self.pos : self.pos + 1]

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise self.error(f"expected {char!r}")
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        try:
            value, self.pos = _DECODER.raw_decode(self.text, self.pos)
        except json.JSONDecodeError as error:
            if error.pos >= len(self.text):
                self.pos = error.pos
                raise self.error("cut short") from None
            message = error.msg.removesuffix(" at")  # "Unterminated string starting at"
            raise ImportFormatError(
                f"not valid JSON at line {error.lineno} column {error.colno}: {message}"
            ) from None
        except RecursionError:
            line = self.text.count("\n", 0, self.pos) + 1
            raise ImportFormatError(
                f"not usable JSON at line {line}: arrays or objects nested too deeply"
            ) from None
        return value

    def members(self, *, first: bool = True) -> Iterator[str]:
        """The keys of the object being read, up to and including its closing brace; ``first``
        is False when resuming after a member already read."""
        while self.peek() != "}":
            if not first:
                self.expect(",")
            first = False
            key = self.value()
            if not isinstance(key, str):
                raise self.error("expected a member name")
            self.expect(":")
            yield key
        self.pos += 1

    def end(self) -> None:
        if self.peek():
            raise self.error("unexpected text after the end of the document")

    def line(self) -> int:
        return self.text.count("\n", 0, self.pos) + 1

    def error(self, message: str) -> ImportFormatError:
        if self.pos >= len(self.text):
            return ImportFormatError("not valid JSON: the file ends too early (cut short?)")
        column = self.pos - self.text.rfind("\n", 0, self.pos)
        return ImportFormatError(f"not valid JSON at line {self.line()} column {column}: {message}")


class Listing:
    """The entry list of one document: ``key`` names the member holding it (None for a bare
    array) and ``meta`` holds the members before it (e.g. a format version)."""

    def __init__(self, text: str, key: str | None, meta: dict[str, Any], start: int) -> None:
        self.key = key
        self.meta = meta
        self._text = text
        self._start = start  # where the list's "[" is

    def check(self) -> int:
        """Read the whole document once; ImportFormatError if any of it is not valid JSON."""
        return sum(1 for _ in self.entries())

    def entries(self) -> Iterator[tuple[int, Any]]:
        """(line where the entry starts, decoded entry), then the rest of the document is
        checked, so a file cut short after the list is refused too."""
        cursor = _Cursor(self._text, self._start)
        cursor.expect("[")
        line, counted_upto = 1, 0
        first = True
        while cursor.peek() != "]":
            if not first:
                cursor.expect(",")
                cursor.peek()
            first = False
            # Count newlines incrementally: rescanning from the start would be quadratic.
            line += cursor.text.count("\n", counted_upto, cursor.pos)
            counted_upto = cursor.pos
            yield line, cursor.value()
        cursor.pos += 1
        if self.key is not None:
            for _key in cursor.members(first=False):
                cursor.value()
        cursor.end()


def open_listing(text: str, keys: Sequence[str]) -> Listing:
    """Find the entry list: a bare array, or the first member named in ``keys`` holding one."""
    cursor = _Cursor(text)
    start = cursor.peek()
    if start == "[":
        return Listing(text, None, {}, cursor.pos)
    if start != "{":
        raise cursor.error("expected an object or an array")
    cursor.pos += 1
    meta: dict[str, Any] = {}
    for key in cursor.members():
        if key in keys and cursor.peek() == "[":
            return Listing(text, key, meta, cursor.pos)
        meta[key] = cursor.value()
    raise ImportFormatError(f"no list of entries found (looked for {', '.join(keys)})")
