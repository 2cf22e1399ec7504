"""Publication dates: many spellings in, one ISO ``YYYY-MM-DD`` out, placeholders rejected.

The date is the one the publisher wrote (2024-03-05T23:30:00-05:00 is 2024-03-05): converting to
UTC would move evening articles to the next day. A bare UTC instant (…Z, +00:00, GMT) or a clock
time without a zone says nothing about the page's own day, so merge.py lets a date written for
readers correct it by a day (see zone_kind).
"""

import re
from datetime import date, timedelta
from email.utils import parsedate_to_datetime

from indexer.extraction.written import find_written_date

# Epoch values that mean "no date" rather than a real publication day. Anything before EARLIEST
# (0001-01-01, the 1899-12-30 spreadsheet epoch...) is a placeholder too.
PLACEHOLDERS = frozenset({date(1900, 1, 1), date(1970, 1, 1), date(1980, 1, 1)})
EARLIEST = date(1900, 1, 1)
# Tomorrow is still accepted: a page published "today" in a time zone ahead of ours.
FUTURE_SLACK = timedelta(days=1)
MAX_LENGTH = 200

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s_])")
_SLASHED = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:$|T)")
_CLOCK = re.compile(r"\d{1,2}:\d\d")
_UTC = re.compile(r"(?:\d(?:Z|[+-]00:?00)|\b(?:UTC|GMT|Z)(?:[+-]00:?00)?)\s*$", re.IGNORECASE)
_OFFSET = re.compile(r"(?:[+-]\d\d:?\d\d|\b[A-Z]{2,4}T|\bIST|\bET|\bPT)\s*(?:\(.*\))?$")
_INSIDE_ZONE = re.compile(r"\b(?:UTC|GMT)\b")


def _numeric(text: str) -> date | None:
    for pattern in (_ISO, _SLASHED, _COMPACT):
        match = pattern.match(text)
        if match:
            year, month, day = (int(group) for group in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return None


def _rfc2822(text: str) -> date | None:
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def parse_date(value: object, today: date | None = None, lang: str | None = None) -> str | None:
    """``YYYY-MM-DD`` for a plausible publication date; None for junk, placeholders and the future.
    ``lang`` decides ambiguous slashed dates (05/06/2012): see written.month_first."""
    if not isinstance(value, str) or len(value) > MAX_LENGTH:
        return None
    text = " ".join(value.split())
    found = _numeric(text) or _rfc2822(text) or find_written_date(text, lang)
    limit = (today or date.today()) + FUTURE_SLACK
    if found is None or found in PLACEHOLDERS or not EARLIEST <= found <= limit:
        return None
    return found.isoformat()


def zone_kind(value: str) -> str:
    """How a date value places itself in time: "utc" (an instant in UTC), "floating" (a clock
    time with no zone), or "local" (a date only, a time with its own offset, a written date)."""
    text = " ".join(value.split())
    if not _CLOCK.search(text):
        return "local"
    if _UTC.search(text) or _INSIDE_ZONE.search(text):
        return "utc"
    if _OFFSET.search(text) or not _numeric(text):
        return "local"  # an offset, or a time written for readers ("Monday, May 4, 8:59 pm")
    return "floating"


def days_apart(first: str, second: str) -> int:
    return abs((date.fromisoformat(first) - date.fromisoformat(second)).days)


def utc_day(value: str) -> bool:
    """Whether the value is an instant that may fall on another day than the page's own."""
    return zone_kind(value) in ("utc", "floating")
