"""CSV export: one row per quote, for spreadsheets (and the generic CSV import reads it back).

UTF-8, CRLF row ends and minimal quoting, as RFC 4180 and Excel expect. Every cell goes through
the formula guard (spreadsheet.protect): a captured "quote" is untrusted text. ``bom`` puts a
byte-order mark first, which older Excel versions need to read the file as UTF-8.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from indexer.exporters.spreadsheet import protect

# The columns a person reads first come first; the generic CSV import matches them by name.
COLUMNS = (
    "text",
    "author",
    "title",
    "speaker",
    "site_name",
    "url",
    "published",
    "tags",
    "note",
    "created_at",
    "handle",
    "lang",
    "canonical_url",
    "context",
    "status",
    "id",
    "link",  # the address of the sentence in its page (read back by nothing: it is derived)
)
TAG_SEPARATOR = ", "
_FLUSH_AT = 64 * 1024


def export_csv(quotes: Iterable[dict[str, Any]], *, bom: bool = False) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        buffer.write("\ufeff")
    writer.writerow(COLUMNS)
    for quote in quotes:
        writer.writerow([protect(_cell(quote.get(name))) for name in COLUMNS])
        if buffer.tell() >= _FLUSH_AT:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return TAG_SEPARATOR.join(value)
    return str(value)
