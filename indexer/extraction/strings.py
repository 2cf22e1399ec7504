"""Small text helpers shared by every metadata source, so each one cleans values the same way."""

import html
import re

# Characters that are invisible on the page but break comparisons: soft hyphen, zero-width
# space/joiners, word joiner and the byte-order mark.
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))

_ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]+);", re.IGNORECASE)
_URL_LIKE = re.compile(r"^(?:https?:)?//|^www\.", re.IGNORECASE)


def squash(value: object) -> str | None:
    """Whitespace collapsed to single spaces and trimmed; None for non-strings and empty text."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.translate(INVISIBLE).split())
    return text or None


def unescape(value: str) -> str:
    """Decode HTML entities that a CMS left inside JSON or attribute text ("Don&#8217;t")."""
    return html.unescape(value) if _ENTITY.search(value) else value


def looks_like_url(value: str) -> bool:
    """True for values that are addresses rather than names (article:author often is one)."""
    return bool(_URL_LIKE.match(value.strip()))
