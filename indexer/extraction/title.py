"""Headlines without the " - Site Name" / " | Site" decoration pages add to <title> and og:title."""

import re

from indexer.extraction.strings import squash, unescape

MAX_TITLE_LENGTH = 500
# Spaces around the separator are required: "e-mail" or "24/7" are not separators.
_SEPARATOR = re.compile(r"\s+(?:[|\-–—·•»›/~]|::)\s+")


def clean_title(value: object) -> str | None:
    text = squash(value)
    if text:
        text = squash(unescape(text))
    return text if text and len(text) <= MAX_TITLE_LENGTH else None


def _key(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


def _host_keys(host: str | None) -> set[str]:
    """ "www.the-ledger.co.uk" is also called "the-ledger.co.uk" and "The Ledger" in titles."""
    if not host:
        return set()
    host = host.lower().removeprefix("www.")
    return {_key(host), _key(host.split(".")[0])}


def _split(title: str) -> list[tuple[str, str]]:
    """Every (head, tail) split of the title at a separator, last separator first."""
    return [
        (title[: m.start()], title[m.end() :]) for m in reversed(list(_SEPARATOR.finditer(title)))
    ]


def strip_site(title: str, site_names: list[str], host: str | None = None) -> str:
    """The title without leading or trailing segments that name the site (or the author, when
    the caller passes author names too): "Notes - Yuki Tanaka - Medium" -> "Notes"."""
    known = {_key(name) for name in site_names if name} | _host_keys(host)
    known.discard("")
    while True:
        shorter = _strip_once(title, known)
        if shorter == title:
            return title
        title = shorter


def _strip_once(title: str, known: set[str]) -> str:
    for head, tail in _split(title):
        if _key(tail) in known and _key(head):
            return head.strip()
        if _key(head) in known and _key(tail):
            return tail.strip()
    return title


def is_segment(headline: str, title: str) -> bool:
    """Whether ``title`` is ``headline`` plus a section or tagline at a separator
    ("Opinion | Headline", "Headline › A Blog's Tagline")."""
    key = _key(headline)
    return (
        bool(key)
        and key != _key(title)
        and any(key in (_key(head), _key(tail)) for head, tail in _split(title))
    )


def site_from_title(
    page_title: str | None, headlines: list[str], host: str | None = None
) -> str | None:
    """The site name a <title> adds to the headline ("Headline - Team Wiki" -> "Team Wiki").

    Only trusted when the rest of the <title> is exactly a headline found elsewhere on the page:
    otherwise "Rust - A Retrospective" would give away half of its own title.
    """
    if not page_title:
        return None
    known = {_key(headline) for headline in headlines if headline}
    known.discard("")
    hosts = _host_keys(host)
    for head, tail in _split(page_title):
        if _key(tail) in hosts and _key(head):  # "Headline - Example" on example.co.kr
            return squash(tail)
        if not _key(head) or not _key(tail):
            continue
        if _key(head) in known:
            return squash(tail)
        if _key(tail) in known:  # "Team Wiki | Onboarding checklist"
            return squash(head)
    return None
