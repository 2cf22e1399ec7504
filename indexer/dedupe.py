"""When two saved quotes are the same quote: the exact-duplicate rules, in one place.

Two quotes are the same when they come from the same page (see `source_key`) and their texts
are equal once whitespace and quote marks are set aside (see `normalized_text`): a second save of
a sentence is the first one again. A quote whose normalised text contains an earlier one's from
the same page is that highlight extended (`extends`), and replaces it.

Anything that decides "is this already saved?" (captures, imports, and any later matching by
meaning) should start from these functions, so that every path agrees.
"""

import hashlib
import re
import unicodedata

from indexer.urls import strip_tracking

# Double quotation marks of any script, straight or curly, and the guillemets: dropped.
_DOUBLE_QUOTES = re.compile(
    '["\u00ab\u00bb\u201c\u201d\u201e\u201f\u2033\u2036\u301d\u301e\u301f\uff02\u2039\u203a]'
)
# Single quotation marks and apostrophes: one straight apostrophe (don't and don’t are one word).
_SINGLE_QUOTES = re.compile("[\u2018\u2019\u201a\u201b\u2032\u2035`\u00b4\uff07]")
_SPACES = re.compile(r"\s+")


def normalized_text(text: str) -> str:
    """The text as duplicates are compared: Unicode NFKC, double quote marks and guillemets
    dropped, curly apostrophes and single quotes made straight (and dropped at either end),
    every run of whitespace (no-break spaces and line breaks included) one space, trimmed.
    Case, dashes and every other character count."""
    text = unicodedata.normalize("NFKC", text)
    text = _DOUBLE_QUOTES.sub(" ", text)
    text = _SINGLE_QUOTES.sub("'", text)
    text = _SPACES.sub(" ", text).strip(" '")
    # A space left where a quote mark stood beside punctuation: "« Oui »," and "Oui," match.
    return re.sub(r" (?=[,.;:!?)\]])|(?<=[(\[]) ", "", text)


def text_key(text: str) -> str:
    """A short fixed-length key of normalized_text (SQLite indexes it to find duplicates)."""
    return hashlib.sha256(normalized_text(text).encode("utf-8")).hexdigest()[:32]


def source_key(url: str | None, title: str | None = None, author: str | None = None) -> str | None:
    """The page a quote came from, as duplicates are compared: its address without tracking
    parameters (the store also compares it with the canonical URL a page declared); for a
    quote with no address (a Kindle or Readwise book highlight), its book's title and author."""
    if url:
        return strip_tracking(url)
    if title:
        return f"book:{title.strip()}\x1f{(author or '').strip()}"
    return None


def extends(longer: str, shorter: str) -> bool:
    """Whether `longer` is `shorter` extended: its normalised text contains the other's, and
    is longer."""
    small, large = normalized_text(shorter), normalized_text(longer)
    return bool(small) and len(large) > len(small) and small in large
