"""Publication dates: many spellings in, one ISO ``YYYY-MM-DD`` out, placeholders rejected.

The date is the one the publisher wrote (2024-03-05T23:30:00-05:00 is 2024-03-05): converting to
UTC would move evening articles to the next day.
"""

import re
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime

# Epoch values that mean "no date" rather than a real publication day. Anything before EARLIEST
# (0001-01-01, the 1899-12-30 spreadsheet epoch...) is a placeholder too.
PLACEHOLDERS = frozenset({date(1900, 1, 1), date(1970, 1, 1), date(1980, 1, 1)})
EARLIEST = date(1900, 1, 1)
# Tomorrow is still accepted: a page published "today" in a time zone ahead of ours.
FUTURE_SLACK = timedelta(days=1)

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s_])")
_SLASHED = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:$|T)")
_WRITTEN_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b. %d, %Y")


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


def _written(text: str) -> date | None:
    """English month names ("March 5, 2024", "5 Mar 2024") and e-mail style RFC 2822 dates."""
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    for fmt in _WRITTEN_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_date(value: object, today: date | None = None) -> str | None:
    """``YYYY-MM-DD`` for a plausible publication date; None for junk, placeholders and the future."""
    if not isinstance(value, str) or len(value) > 100:
        return None
    text = " ".join(value.split())
    found = _numeric(text) or _written(text)
    limit = (today or date.today()) + FUTURE_SLACK
    if found is None or found in PLACEHOLDERS or not EARLIEST <= found <= limit:
        return None
    return found.isoformat()
