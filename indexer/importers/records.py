"""The imported quote: its fields, its stable id, and the errors a parser reports.

Every parser hands its raw fields to ``build_record``, which cleans them with the same checks a
browser capture goes through (``indexer.validate``), so an import can never store something a
capture could not. A row that fails becomes a ``RowError`` carrying its line number; only a file
that cannot be read at all raises ``ImportFormatError``.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from indexer import validate
from indexer.clock import utc_now
from indexer.errors import ValidationError
from indexer.importers.dates import utc_timestamp
from indexer.store import QUOTE_FIELDS
from indexer.urls import strip_tracking

# What an import may set: every field of a stored quote but its status, which the store decides.
RECORD_FIELDS = tuple(field for field in QUOTE_FIELDS if field != "status")

# Fixed for ever: changing it would give every imported quote a new id, and importing a file a
# second time would then duplicate it.
_NAMESPACE = uuid.UUID("5b0f0d7e-3c1a-4e55-9a6b-8f1e2d3c4b5a")


class ImportFormatError(ValueError):
    """The whole file is unusable (unknown format, not UTF-8, broken JSON, missing column)."""


@dataclass(frozen=True)
class RowError:
    """One entry that was not imported, and why; ``line`` is where the entry starts (1-based)."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True)
class Skipped:
    """An entry that is not a quote on purpose (a bookmark, a page note, a reply)."""

    line: int
    reason: str


@dataclass(frozen=True)
class ParsedQuote:
    """A quote ready to store (``fields`` as ``build_record`` returns them) and where it began."""

    line: int
    fields: dict[str, Any]


# What a parser yields, in file order. Every entry knows its line, for reports and progress.
Entry = ParsedQuote | RowError | Skipped


def stable_id(source: str, *identity: str) -> str:
    """A UUID that depends only on where the quote came from, so a re-import finds it again."""
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join((source, *identity))))


def clean_text(value: str | None) -> str:
    """Text as it is stored: one newline convention, no surrounding blanks."""
    if value is None:
        return ""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def build_record(raw: Mapping[str, Any], *, lossless: bool = False) -> dict[str, Any]:
    """A clean quote dict from a parser's raw fields; raises ValidationError naming the field.

    ``raw`` must hold an ``id``. By default text, note and context get one newline convention,
    and a quote that has a URL but no canonical URL or site name gets the ones a capture would
    (the URL without tracking, the host). ``lossless`` (quotebank's own JSON) keeps the values
    exactly as exported: they passed these checks when they were first stored.
    """
    multiline = _same if lossless else _multiline
    edited = validate.edit({name: raw.get(name) for name in validate.EDITABLE})
    record: dict[str, Any] = {
        "id": validate.quote_id(raw["id"]),
        "text": validate.quote_text(multiline(raw.get("text"))),
        "url": validate.http_url(raw.get("url"), required=False),
        "canonical_url": validate.http_url(
            raw.get("canonical_url"), field="canonical_url", required=False
        ),
        **edited,
        "note": multiline(edited["note"]),
        "lang": validate.short_string("lang", raw.get("lang"), validate.MAX_LANG),
        "context": validate._string(
            "context", multiline(raw.get("context")), max_len=validate.MAX_CONTEXT
        ),
        "created_at": _created_at(raw.get("created_at")),
    }
    if not lossless and record["url"]:
        record["canonical_url"] = record["canonical_url"] or strip_tracking(record["url"])
        record["site_name"] = record["site_name"] or _host(record["url"])
    return {name: record[name] for name in RECORD_FIELDS}


def _multiline(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


def _same(value: Any) -> Any:
    return value


def _created_at(value: Any) -> str:
    if value is None or value == "":
        return utc_now()
    if not isinstance(value, str):
        raise ValidationError("created_at", "must be a date and time string")
    try:
        return utc_timestamp(value)
    except ValueError as error:
        raise ValidationError("created_at", str(error)) from None


def _host(url: str) -> str | None:
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def record_or_error(line: int, raw: Mapping[str, Any], *, lossless: bool = False) -> Entry:
    """``build_record`` as the entry for ``line``: a ParsedQuote, or the RowError saying why not."""
    try:
        return ParsedQuote(line, build_record(raw, lossless=lossless))
    except ValidationError as error:
        return RowError(line, str(error))
