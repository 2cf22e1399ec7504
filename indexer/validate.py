"""Checks on everything that arrives from outside (the browser, the CLI, an edit).

Each check returns the cleaned value or raises ValidationError naming the field, so a caller can
tell the user exactly what to fix. Unknown fields in a capture are ignored (a newer extension may
send more); unknown fields in an edit are rejected (a typo would otherwise lose the edit silently).
"""

import re
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from indexer import bidi
from indexer.errors import ValidationError
from indexer.importers.dates import format_utc
from indexer.urls import is_http_url, reader_view_page, strip_credentials

MAX_TEXT = 10_000
MAX_URL = 8_192
MAX_TITLE = 1_000
MAX_CONTEXT = 20_000
MAX_NOTE = 10_000
MAX_TAG = 100
MAX_TAGS = 50
MAX_LANG = 35  # the longest BCP 47 tag worth keeping
# A client's clock may be off by a time zone or so; a capture from before 2000 is a broken clock.
EARLIEST_CAPTURE = datetime(2000, 1, 1, tzinfo=UTC)
CLOCK_SKEW = timedelta(days=1)
EDITABLE = ("note", "tags", "title", "author", "speaker", "handle", "site_name", "published")

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_HANDLE = re.compile(r"^@[A-Za-z0-9_]{1,30}(@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?$")


def _string(field: str, value: Any, *, max_len: int, required: bool = False) -> str | None:
    if value is None:
        if required:
            raise ValidationError(field, "is required")
        return None
    if not isinstance(value, str):
        raise ValidationError(field, f"must be a string, not {type(value).__name__}")
    if "\x00" in value:
        raise ValidationError(field, "contains a NUL byte")
    if _SURROGATE.search(value):
        raise ValidationError(field, "contains an unpaired UTF-16 surrogate (invalid text)")
    value = value.strip()
    if required and not value:
        raise ValidationError(field, "must not be empty")
    if len(value) > max_len:
        raise ValidationError(field, f"is {len(value):,} characters; the limit is {max_len:,}")
    return value or None


def short_string(field: str, value: Any, max_len: int) -> str | None:
    """A one-line field shown beside others (a title, a name): checked like any string, and
    without bidi controls, so it cannot reorder the fields shown after it."""
    if isinstance(value, str):
        value = bidi.ALL_CONTROLS.sub("", value)
    return _string(field, value, max_len=max_len)


def quote_text(value: Any) -> str:
    text = _string("text", value, max_len=MAX_TEXT, required=True)
    assert text is not None  # required=True guarantees it
    return text


def http_url(value: Any, *, field: str = "url", required: bool = True) -> str | None:
    url = _string(field, value, max_len=MAX_URL, required=required)
    if url is None:
        return None
    if _CONTROL.search(url) or " " in url:
        raise ValidationError(field, "must not contain spaces or control characters")
    if not is_http_url(url):
        raise ValidationError(field, "must be an http:// or https:// address with a host")
    return strip_credentials(url)  # a user:password@ part is never stored


def quote_id(value: Any) -> str:
    """A UUID in its canonical form; a new one when the client sent none."""
    if value is None:
        return str(uuid.uuid4())
    if not isinstance(value, str):
        raise ValidationError("id", "must be a UUID string")
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ValidationError("id", f"{value[:60]!r} is not a UUID") from None


def tags(value: Any) -> list[str]:
    """Lower-cased, trimmed, unique, in the order given; "a, b" is two tags (a tag never holds
    a comma, so the index can keep tags comma-separated).

    Linear in the size of the input and refused as soon as it is known to be too much: a list
    of 40,000 tags must not hold a server worker for seconds before the refusal.
    """
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError("tags", "must be a list of strings")
    if len(value) > MAX_TAGS * 2:  # even with duplicates, this many is never a real request
        raise ValidationError("tags", f"at most {MAX_TAGS} tags (got a list of {len(value):,})")
    cleaned: dict[str, None] = {}  # an ordered set: membership in constant time
    parts = 0
    for item in value:
        if not isinstance(item, str):
            kind = "null" if item is None else type(item).__name__
            raise ValidationError("tags", f"must be a string, not {kind}")
        _string("tags", item, max_len=MAX_TAG * MAX_TAGS)  # character checks
        pieces = item.split(",")
        parts += len(pieces)
        if parts > MAX_TAGS * 10:  # "a,a,a,...": few tags, but each piece costs a check
            raise ValidationError("tags", f"at most {MAX_TAGS} tags (too many commas)")
        for part in pieces:
            tag = short_string("tags", part, MAX_TAG)
            if tag:
                cleaned[" ".join(tag.lower().split())] = None
        if len(cleaned) > MAX_TAGS:
            raise ValidationError("tags", f"at most {MAX_TAGS} tags")
    return list(cleaned)


def published(value: Any) -> str | None:
    text = _string("published", value, max_len=10)
    if text is None:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValidationError("published", "must be a date written YYYY-MM-DD") from None


def handle(value: Any) -> str | None:
    text = short_string("handle", value, 200)
    if text is None:
        return None
    if not text.startswith("@"):
        text = "@" + text
    if not _HANDLE.match(text):
        raise ValidationError("handle", "must look like @name or @name@instance.social")
    return text


def created_at(value: Any, *, now: datetime | None = None) -> str | None:
    """When the user clicked Save: the extension sends it, so a capture that waited in its
    offline queue keeps the moment it was made. None when not sent (the store's clock is used)."""
    text = _string("created_at", value, max_len=64)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            "created_at", "must be an ISO 8601 date and time, like 2026-03-01T10:00:00Z"
        ) from None
    if moment.tzinfo is None:
        raise ValidationError("created_at", "must give its time zone (end it with Z for UTC)")
    latest = (now or datetime.now(UTC)) + CLOCK_SKEW
    if not EARLIEST_CAPTURE <= moment <= latest:
        raise ValidationError(
            "created_at",
            f"{text!r} is before 2000 or more than a day ahead of this computer's clock",
        )
    return format_utc(moment)


def html_page(value: Any, *, max_bytes: int) -> str | None:
    """Page HTML is kept, not shown: junk in it must not cost the user the quote, so repair it."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValidationError("html", "must be a string")
    if len(value) > max_bytes:
        raise ValidationError("html", f"is larger than the {max_bytes:,}-byte limit")
    return _SURROGATE.sub("\ufffd", value.replace("\x00", ""))


def capture(payload: Any, *, max_html: int) -> dict[str, Any]:
    """The cleaned capture from a request body or CLI arguments."""
    if not isinstance(payload, Mapping):
        raise ValidationError("body", "must be a JSON object")
    return {
        "id": quote_id(payload.get("id")),
        "text": quote_text(payload.get("text")),
        "url": http_url(reader_view_page(payload.get("url"))),
        "html": html_page(payload.get("html"), max_bytes=max_html),
        "title": short_string("title", payload.get("title"), MAX_TITLE),
        "context": _string("context", payload.get("context"), max_len=MAX_CONTEXT),
        "note": _string("note", payload.get("note"), max_len=MAX_NOTE) or "",
        "tags": tags(payload.get("tags")),
        "created_at": created_at(payload.get("created_at")),
    }


def edit(payload: Any) -> dict[str, Any]:
    """The cleaned fields of an edit; an empty string clears a field."""
    if not isinstance(payload, Mapping):
        raise ValidationError("body", "must be a JSON object")
    unknown = sorted(set(payload) - set(EDITABLE))
    if unknown:
        raise ValidationError(
            unknown[0], f"cannot be edited; editable fields: {', '.join(EDITABLE)}"
        )
    cleaners = {
        "note": lambda v: _string("note", v, max_len=MAX_NOTE) or "",
        "tags": tags,
        "title": lambda v: short_string("title", v, MAX_TITLE),
        "author": lambda v: short_string("author", v, MAX_TITLE),
        "speaker": lambda v: short_string("speaker", v, MAX_TITLE),
        "handle": handle,
        "site_name": lambda v: short_string("site_name", v, MAX_TITLE),
        "published": published,
    }
    return {field: cleaners[field](value) for field, value in payload.items()}
