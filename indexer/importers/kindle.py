"""Kindle's "My Clippings.txt": highlights, with the notes typed at the same place.

Each clipping is a title line "Title (Author)", a line like
"- Your Highlight on page 23 | Location 341-343 | Added on Monday, 3 March 2025 14:22:01",
a blank line, the text, and a line of ten "=". The Kindle only ever appends to this file, so
extending or moving a highlight leaves the earlier version in it too; of overlapping versions of
one passage only the longest is kept, with the time of the first. A longer version imported later
replaces the earlier one already stored (indexer/store_duplicates.py). Times are the Kindle's clock, taken as this computer's.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from indexer.importers.dates import format_utc, local_timestamp
from indexer.importers.records import (
    Entry,
    ImportFormatError,
    RowError,
    Skipped,
    clean_text,
    record_or_error,
    stable_id,
)
from indexer.importers.textfile import read_text

SEPARATOR = "=========="
_KIND = re.compile(r"^-\s*(?:Your\s+)?(Highlight|Note|Bookmark|Clip|Article Clip)\b", re.I)
_LOCATION = re.compile(r"\b(?:location|loc\.)\s*(\d+)(?:\s*-\s*(\d+))?", re.I)
_PAGE = re.compile(r"\bpage\s+(\d+)(?:\s*-\s*(\d+))?", re.I)
_ADDED = re.compile(r"\|\s*Added on\s+(.+?)\s*$", re.I)
_WEEKDAY = re.compile(r"^[A-Za-z]+,\s*")
_GMT_OFFSET = re.compile(r"\s*GMT\s*([+-])(\d{1,2}):?(\d{2})$", re.I)
# UK and US forms of current Kindles, then the older ones ("March 01, 2012, 09:55 AM";
# "26 July 14 21:37:48 GMT+01:00", whose offset is cut off before these are tried).
_DATE_FORMATS = (
    "%d %B %Y %H:%M:%S",
    "%B %d, %Y %I:%M:%S %p",
    "%B %d, %Y, %I:%M %p",
    "%B %d, %Y %I:%M %p",
    "%d %B %Y %H:%M",
    "%d %B %y %H:%M:%S",
)
_CLIPPING_LIMIT = "<You have reached the clipping limit for this item>"


@dataclass
class _Clipping:
    line: int
    title: str
    author: str | None
    kind: str  # "highlight", "note" or "bookmark"
    place: str  # as the Kindle wrote it ("location 341-343"): part of the stable id
    span: tuple[int, int] | None
    added: str
    text: str

    @property
    def book(self) -> tuple[str, str | None]:
        return self.title, self.author


def parse(path: Path) -> Iterator[Entry]:
    text = read_text(path)
    if SEPARATOR not in text:
        raise ImportFormatError(f"no Kindle clippings in it (no '{SEPARATOR}' lines)")
    clippings: list[_Clipping] = []
    entries: list[Entry] = []
    for line, lines in _blocks(text):
        item = _clipping(line, lines)
        (entries if isinstance(item, RowError) else clippings).append(item)
    if not clippings:
        reason = f" ({entries[0]})" if entries else ""
        raise ImportFormatError(f"no Kindle clipping could be read{reason}")
    entries += [Skipped(c.line, "bookmark") for c in clippings if c.kind == "bookmark"]
    highlights, older = _longest_versions([c for c in clippings if c.kind == "highlight"])
    entries += [Skipped(c.line, "earlier version of an extended highlight") for c in older]
    notes, older = _longest_versions([c for c in clippings if c.kind == "note"])
    entries += [Skipped(c.line, "earlier version of an edited note") for c in older]
    attached, orphans = _attach_notes(highlights, notes)
    entries += [Skipped(c.line, "note without a highlight at its place") for c in orphans]
    entries += [_record(h, attached.get(id(h), "")) for h in highlights]
    yield from sorted(entries, key=lambda entry: entry.line)


def _blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line of the title, the clipping's lines) for each clipping, blank lines around trimmed."""
    start, lines = 0, []
    # split, not splitlines: U+2028 or a form feed inside a highlight is not a line break.
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.lstrip("\ufeff").rstrip()
        if line == SEPARATOR:
            if lines:
                yield start, lines
            start, lines = 0, []
        elif line or lines:
            start = start or number
            lines.append(line)
    if any(lines):
        yield start, lines  # a file cut short after its last clipping


def _clipping(line: int, lines: list[str]) -> _Clipping | RowError:
    if len(lines) < 2:
        return RowError(line, "a clipping needs a title line and a '- Your Highlight ...' line")
    kind = _KIND.match(lines[1])
    if not kind:
        return RowError(line, f"not an English Kindle clipping line: {lines[1][:70]!r}")
    added = _ADDED.search(lines[1])
    if not added:
        return RowError(line + 1, "the clipping line has no '| Added on <date>'")
    try:
        created = _added_at(added.group(1))
    except ValueError as error:
        return RowError(line + 1, str(error))
    title, author = split_title(lines[0])
    place, span = _place(lines[1][: added.start()])
    return _Clipping(
        line,
        title,
        author,
        _kind(kind.group(1)),
        place,
        span,
        created,
        clean_text("\n".join(lines[2:])),
    )


def split_title(header: str) -> tuple[str, str | None]:
    """ "Title (Author)" into its parts; the author is the last parenthesised group, so
    "Sapiens (A Brief History) (Harari, Yuval)" keeps its own parentheses in the title."""
    header = header.strip()
    if not header.endswith(")"):
        return header, None
    depth = 0
    for index in range(len(header) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(header[index], 0)
        if depth == 0:
            title, author = header[:index].strip(), header[index + 1 : -1].strip()
            if not title or not author:
                return header, None
            return title, "; ".join(part.strip() for part in author.split(";"))
    return header, None  # unbalanced parentheses: keep the line whole


def _kind(word: str) -> str:
    word = word.lower()
    return word if word in ("note", "bookmark") else "highlight"


def _place(text: str) -> tuple[str, tuple[int, int] | None]:
    """The position for the id and for matching notes: Location if given, else the page."""
    for pattern, name in ((_LOCATION, "location"), (_PAGE, "page")):
        found = pattern.search(text)
        if found:
            first, last = found.group(1), found.group(2) or found.group(1)
            if int(last) < int(first):  # old Kindles shorten "1234-1240" to "1234-40"
                last = first[: len(first) - len(last)] + last
            return f"{name} {first}-{last}", (int(first), int(last))
    return "", None


def _added_at(text: str) -> str:
    text = _WEEKDAY.sub("", text)
    offset = _GMT_OFFSET.search(text)
    zone = None
    if offset:
        sign = -1 if offset.group(1) == "-" else 1
        zone = timezone(sign * timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3))))
        text = text[: offset.start()]
    for pattern in _DATE_FORMATS:
        try:
            moment = datetime.strptime(text, pattern)
        except ValueError:
            continue
        return format_utc(moment.replace(tzinfo=zone)) if zone else local_timestamp(moment)
    raise ValueError(f"cannot read the date {text!r} (only English Kindle dates are known)")


def _same_passage(a: _Clipping, b: _Clipping) -> bool:
    """Two versions of one highlight: one text inside the other, at overlapping places."""
    if a.book != b.book:
        return False
    if a.span is None or b.span is None:
        return a.text == b.text
    overlap = a.span[0] <= b.span[1] and b.span[0] <= a.span[1]
    return overlap and (a.text in b.text or b.text in a.text)


def _longest_versions(clippings: list[_Clipping]) -> tuple[list[_Clipping], list[_Clipping]]:
    """(the longest version of each passage, the shorter versions it replaces)."""
    by_book: dict[tuple[str, str | None], list[_Clipping]] = {}
    replaced: list[_Clipping] = []
    for clipping in clippings:
        kept = by_book.setdefault(clipping.book, [])  # versions never cross books: stay linear
        versions = [k for k in kept if _same_passage(k, clipping)]
        if not versions:
            kept.append(clipping)
            continue
        # Ties go to the later clipping: the Kindle appends, so it is the current one.
        best = max([*versions, clipping], key=lambda c: (len(c.text), c.line))
        # The passage was highlighted when its first version was: that time is kept.
        best.added = min(c.added for c in [*versions, clipping])
        replaced += [c for c in [*versions, clipping] if c is not best]
        kept[:] = [k for k in kept if not any(k is v for v in versions)] + [best]
    return [c for kept in by_book.values() for c in kept], replaced


def _attach_notes(
    highlights: list[_Clipping], notes: list[_Clipping]
) -> tuple[dict[int, str], list[_Clipping]]:
    """Each note joins the highlight that ends where the note was typed (else that covers it)."""
    attached: dict[int, list[str]] = {}
    orphans = []
    for note in notes:
        target = _highlight_at(highlights, note)
        if target is None or not note.text:
            orphans.append(note)
        else:
            attached.setdefault(id(target), []).append(note.text)
    return {key: "\n\n".join(texts) for key, texts in attached.items()}, orphans


def _highlight_at(highlights: list[_Clipping], note: _Clipping) -> _Clipping | None:
    if note.span is None:
        return None
    spot = note.span[0]
    covering = [
        h for h in highlights if h.book == note.book and h.span and h.span[0] <= spot <= h.span[1]
    ]
    ending_here = [h for h in covering if h.span and h.span[1] == spot]
    return (ending_here or covering or [None])[-1]


def _record(highlight: _Clipping, note: str) -> Entry:
    if highlight.text == _CLIPPING_LIMIT:
        return RowError(
            highlight.line, "the Kindle kept no text for this highlight (clipping limit reached)"
        )
    return record_or_error(
        highlight.line,
        {
            "id": stable_id(
                "kindle", highlight.title, highlight.author or "", highlight.place, highlight.text
            ),
            "text": highlight.text,
            "title": highlight.title,
            "author": highlight.author,
            "note": note,
            "created_at": highlight.added,
        },
    )
