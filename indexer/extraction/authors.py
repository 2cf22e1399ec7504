"""Author names: cleaned of byline decoration, de-duplicated, and joined "A, B and C".

Several authors are joined in English prose style: "A and B", "A, B and C" (no serial comma),
each name kept as the page wrote it. A name equal to the site's name is the publisher standing in
for a person, so it is dropped.
"""

import re

from indexer.extraction.strings import looks_like_url, squash, unescape

MAX_NAME_LENGTH = 100
MAX_NAME_WORDS = 8
# "By Jane Doe", "by: Jane Doe", "Par Jean Dupont". Not "Von", "Di" or "Van": they start surnames.
_BY_PREFIX = re.compile(r"^(?:by|par|por|door)\b\s*:?\s+", re.IGNORECASE)
# "Jane Doe (@jane)", "Jane Doe @jane@mastodon.social": the handle is found elsewhere, keep the name.
_TRAILING_HANDLE = re.compile(r"(?:\s+|\s*\()@[\w.-]+(?:@[\w.-]+)?\)?\s*$")
# Separators between several names in one value: "A, B and C", "A & B", "A; B". Only the English
# "and": names are re-joined in English, and splitting "et"/"und" would rewrite the page's wording.
_LIST_SEPARATORS = re.compile(r"\s*(?:,|;|\s&\s|\sand\s)\s*", re.IGNORECASE)


def clean_author(value: object) -> str | None:
    """A person's name as written, or None when the value is a URL, an address or prose."""
    text = squash(value)
    if not text:
        return None
    text = squash(_BY_PREFIX.sub("", unescape(text)))
    text = squash(_TRAILING_HANDLE.sub("", text or ""))
    if not text or looks_like_url(text) or "@" in text or not any(c.isalpha() for c in text):
        return None
    if len(text) > MAX_NAME_LENGTH or len(text.split()) > MAX_NAME_WORDS:
        return None
    return text


def split_names(value: str) -> list[str]:
    """One value naming several people ("A Smith, B Jones and C Lee") as separate names.

    Only split when every piece has at least two words: "Doe, Jane" (surname first) and
    "Simon & Schuster" are one name each.
    """
    text = squash(_BY_PREFIX.sub("", value.strip())) or ""
    pieces = [piece for piece in _LIST_SEPARATORS.split(text) if piece]
    if len(pieces) > 1 and all(len(piece.split()) >= 2 for piece in pieces):
        return pieces
    return [value]


def _key(name: str) -> str:
    return "".join(char for char in name.casefold() if char.isalnum())


def join_authors(values: list[str], site_names: list[str]) -> str | None:
    """The cleaned, distinct names joined "A, B and C"; None when no usable name remains."""
    excluded = {_key(name) for name in site_names}
    names: list[str] = []
    seen: set[str] = set()
    for value in values:
        for piece in split_names(value) if isinstance(value, str) else []:
            name = clean_author(piece)
            key = _key(name) if name else ""
            if key and key not in seen and key not in excluded:
                seen.add(key)
                names.append(name)
    if len(names) <= 1:
        return names[0] if names else None
    return ", ".join(names[:-1]) + " and " + names[-1]
