"""Dates as other tools write them, turned into the two forms quotebank stores.

``created_at`` is ISO 8601 UTC to the second ("2025-03-03T14:22:01Z"); ``published`` is a bare
date ("2025-03-03"). Month names are English only: the formats we read (Kindle, Readwise,
spreadsheets) write them in English, and strptime's default C locale reads exactly that.
"""

from datetime import UTC, datetime

# Written-out dates a person or a spreadsheet might put in a "published" column. Purely numeric
# day/month orders (03/04/2025) are left out on purpose: they are ambiguous.
_DATE_FORMATS = ("%Y/%m/%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y")


def format_utc(moment: datetime) -> str:
    """An aware datetime in the stored form; naive ones are refused rather than guessed."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no time zone; say which one it is in")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_timestamp(value: str) -> str:
    """Any ISO 8601 date or datetime; one without an offset is taken to be UTC already."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(
            f"cannot read {value[:40]!r} as a date and time (use ISO 8601, 2025-03-03T14:22:01Z)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_utc(moment)


def local_timestamp(moment: datetime) -> str:
    """A naive datetime read on this computer's clock (as a Kindle writes it), in UTC."""
    return format_utc(moment.astimezone())


def iso_date(value: str) -> str:
    """A publication date as YYYY-MM-DD; the date part of a datetime is kept as written."""
    text = value.strip()
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass  # not ISO: try the written-out forms below
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"cannot read {text[:40]!r} as a date (use YYYY-MM-DD)")
