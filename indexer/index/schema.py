"""The index's fields, and a quote as an index document."""

from datetime import date, datetime
from typing import Any

from whoosh import columns
from whoosh.fields import COLUMN, ID, KEYWORD, TEXT, Schema

from indexer.index.analysis import NAME_ANALYZER, TEXT_ANALYZER, WORDS_ANALYZER

# Bump when SCHEMA or an analyzer changes: an index written by another version is rebuilt.
# 6: CJK text as character pairs; 7: speaker; 8: the words as written, for prefixes.
SCHEMA_VERSION = "quotebank-index-8"
VERSION_FILE = "quotebank-version"

SCHEMA = Schema(
    id=ID(stored=True, unique=True),
    text=TEXT(analyzer=TEXT_ANALYZER, phrase=True),
    # Everything else a plain search looks at (title, note, author, handle, site, tags) in one
    # field: each field a search covers adds a matcher per matching quote, and with five fields
    # searches at 100,000 quotes missed their budget.
    meta=TEXT(analyzer=TEXT_ANALYZER, phrase=True),
    # The same words as written (not stemmed), for prefix* searches: the stem of "innovation"
    # is "innov", so `innovat*` finds nothing among stems. Frequencies only, no positions.
    text_words=TEXT(analyzer=WORDS_ANALYZER, phrase=False),
    meta_words=TEXT(analyzer=WORDS_ANALYZER, phrase=False),
    # Names for author:, speaker: and site: (and the filters), not stemmed. The author field
    # holds the handle too, so author:stoweboyd and author:"stowe boyd" both find him, and the
    # speaker: the author filter finds the quotes of a person whether they wrote or said them.
    author=TEXT(analyzer=NAME_ANALYZER),
    speaker=TEXT(analyzer=NAME_ANALYZER),
    site=TEXT(analyzer=NAME_ANALYZER),
    handle=KEYWORD(lowercase=True),
    # Tags never contain a comma (validate.tags splits on them).
    tag=KEYWORD(lowercase=True, commas=True, scorable=True),
    lang=ID,
    # Published date, else the capture date, as YYYYMMDD, and the capture time: sorted on and
    # (date) filtered on, never searched, so columns: a NUMERIC would add 8 and 16 index terms
    # per quote, a fifth of indexing time.
    date=COLUMN(columns.NumericColumn("i")),
    created=COLUMN(columns.NumericColumn("q")),
)
# The fields a query may name. id, date and created are internal: naming them reads as text.
QUERY_FIELDS = ("text", "meta", "author", "speaker", "site", "handle", "tag", "lang")
SEARCH_FIELDS = ["text", "meta"]
FIELD_BOOSTS = {"text": 2.0, "meta": 1.0}
# Where a prefix* or wildcard on a field searched by default looks instead (queries.py).
WORDS_FIELDS = {"text": "text_words", "meta": "meta_words"}
SCORED_FIELDS = ("text", "meta", "text_words", "meta_words", "author", "speaker", "site", "tag")
PHRASE_FIELDS = ("text", "meta", "author", "speaker", "site")


def document(quote: dict[str, Any]) -> dict[str, Any]:
    """The indexed fields of one quote dict (design.md field names)."""
    handle = (quote.get("handle") or "").lstrip("@")
    tags = quote.get("tags") or []
    speaker = quote.get("speaker")
    meta = (quote.get("title"), quote.get("note"), quote.get("author"), speaker, handle,
            quote.get("site_name"), " ".join(tags))  # fmt: skip
    people = (quote.get("author"), speaker, handle)
    meta_text = "\n".join(part for part in meta if part)
    return {
        "id": quote["id"],
        "text": quote["text"],
        "meta": meta_text,
        "text_words": quote["text"],
        "meta_words": meta_text,
        "author": " ".join(part for part in people if part),
        "speaker": speaker or "",
        "site": quote.get("site_name") or "",
        "handle": handle,
        "tag": ",".join(tags),
        "lang": quote.get("lang") or "",
        "date": day_number(quote.get("published") or (quote.get("created_at") or "")[:10]),
        "created": epoch_seconds(quote.get("created_at")),
    }


def day_number(day: str | None) -> int:
    """YYYY-MM-DD as the integer YYYYMMDD; 0 when it is not such a date."""
    try:
        parsed = date.fromisoformat(day or "")
    except ValueError:
        return 0
    return parsed.year * 10_000 + parsed.month * 100 + parsed.day


def epoch_seconds(created_at: str | None) -> int:
    try:
        return int(datetime.fromisoformat((created_at or "").replace("Z", "+00:00")).timestamp())
    except ValueError:
        return 0
