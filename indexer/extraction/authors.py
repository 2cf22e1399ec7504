"""Author names: cleaned of byline decoration, de-duplicated, and joined "A, B and C".

Several authors are joined in English prose style: "A and B", "A, B and C" (no serial comma),
each name kept as the page wrote it. A name equal to the site's name is the publisher standing in
for a person, so it is dropped, and so is the site's name with more words ("Example News
Bureau"). Never names: byline labels ("Text:", "View all posts by"), a job title after the name
("Jane Doe, Staff Writer", "Jane Doe - Contributor"), an outlet after it ("Jane Doe | Example
Media", "Jane Doe, example.com"), desk placeholders ("Staff", "Editorial", "Wire services") and
login names ("wpadmin", "jdoe42", "KWCHCIK"). An organisation is kept when a source declares it
as the author (see merge.pick_author).
"""

import re

from indexer.extraction.strings import looks_like_url, squash, unescape

MAX_NAME_LENGTH = 100
MAX_NAME_WORDS = 8
# "By Jane Doe", "by: Jane Doe", "Par Jean Dupont". Not "Von", "Di" or "Van": they start surnames.
_BY_PREFIX = re.compile(r"^(?:by|par|por|door)\b\s*:?\s+", re.IGNORECASE)
# Labels before a name: "Text: Jane Doe", "Текст: ...", "View all posts by Jane Doe".
_LABEL = re.compile(
    r"^(?:(?:text|texte|texto|testo|tekst|текст|autor|autora|author|auteur|autore|words|story"
    r"|reporting|interview|redakcja|von|di|de)\s*:\s*"
    r"|(?:view|see) all (?:posts|articles|stories) by\s+|alle (?:beiträge|artikel) von\s+"
    r"|voir tous les articles de\s+|ver todas las entradas de\s+|ver todos os posts de\s+"
    r"|tutti gli articoli di\s+|все (?:записи|статьи) автора\s+"
    r"|(?:analysis|opinion|commentary|written|posted|reviewed|words|story|text|reporting) by\s+)",
    re.IGNORECASE,
)
# What follows a name after " | " or " - ": an outlet or a job title, never a second name.
_AFTER_NAME = re.compile(r"\s+[|–—-]\s+.*$")
# Last words that make a piece of a byline a job title or a desk, not a person.
_NOT_NAME_WORDS = frozenset(
    {"writer", "reporter", "correspondent", "editor", "editors", "contributor", "contributors"}
    | {"columnist", "journalist", "producer", "photographer", "analyst", "critic", "staff"}
    | {"bureau", "desk", "team", "editorial", "newsroom", "admin", "administrator", "webmaster"}
    | {"redaktion", "redakteur", "redakteurin", "korrespondent", "rédaction", "rédacteur"}
    | {"journaliste", "redazione", "redattore", "giornalista", "redacción", "redactor"}
    | {"periodista", "redação", "redator", "repórter", "редакция", "корреспондент"}
    | {"wires", "services", "sources", "guest", "intern", "freelance", "freelancer"}
)
_WORD = re.compile(r"\w+")
_LOGIN = re.compile(r"^(?:\S*\d\S*|[a-z][a-z0-9._-]*|\S*admin\S*|[A-Z]{5,}|[A-Z]{1,2})$")
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
    text = squash(_BY_PREFIX.sub("", _LABEL.sub("", unescape(text))))
    text = squash(_TRAILING_HANDLE.sub("", text or ""))
    if text and len(text.split()) > 2 and _AFTER_NAME.search(text):
        head = _AFTER_NAME.sub("", text)
        text = head if len(head.split()) >= 2 else text
    if not text or looks_like_url(text) or "@" in text or not any(c.isalpha() for c in text):
        return None
    if not _is_name(text):
        return None
    if len(text) > MAX_NAME_LENGTH or len(text.split()) > MAX_NAME_WORDS:
        return None
    return text


def _is_name(text: str) -> bool:
    # "AP Auto Writer", "IGN Staff", "Example News Bureau", "Wire services": the last word
    # says what the piece is.
    words = _WORD.findall(text)
    if words and words[-1].casefold() in _NOT_NAME_WORDS:
        return False
    # A login, initials or an account code ("wpadmin", "jdoe42", "KWCHCIK").
    return " " in text or not _LOGIN.match(text)


def split_names(value: str) -> list[str]:
    """One value naming several people ("A Smith, B Jones and C Lee") as separate names.

    Only split when every piece has at least two words: "Doe, Jane" (surname first) and
    "Simon & Schuster" are one name each.
    """
    text = squash(_BY_PREFIX.sub("", value.strip())) or ""
    pieces = [piece for piece in _LIST_SEPARATORS.split(text) if piece]
    if len(pieces) > 1 and all(len(piece.split()) >= 2 for piece in pieces):
        return pieces
    # "Jane Doe, Futurism", "Jane Doe, example.com": a full name, then one-word affiliations.
    if len(pieces) > 1 and len(pieces[0].split()) >= 2 and "," in text:
        return [pieces[0]]
    return [value]


def _key(name: str) -> str:
    return "".join(char for char in name.casefold() if char.isalnum())


def _publisher_string(key: str, sites: set[str]) -> bool:
    """ "Example News Bureau", "Example Online Weekly": the site's name and more words."""
    return any(len(site) >= 4 and key != site and key.startswith(site) for site in sites)


def join_authors(values: list[str], site_names: list[str]) -> str | None:
    """The cleaned, distinct names joined "A, B and C"; None when no usable name remains."""
    excluded = {_key(name) for name in site_names}
    names: list[str] = []
    seen: set[str] = set()
    for value in values:
        for piece in split_names(value) if isinstance(value, str) else []:
            name = clean_author(piece)
            key = _key(name) if name else ""
            if (
                key
                and key not in seen
                and key not in excluded
                and not _publisher_string(key, excluded)
            ):
                seen.add(key)
                names.append(name)
    if len(names) <= 1:
        return names[0] if names else None
    return ", ".join(names[:-1]) + " and " + names[-1]
