"""PageInfo: what extraction found on one page, the one shape every caller sees."""

from dataclasses import dataclass

# The fields whose presence means extraction learnt something about the page (lang and the
# canonical URL are not enough: the canonical falls back to the captured URL itself).
FOUND_FIELDS = ("title", "author", "handle", "site_name", "published", "text")


@dataclass
class PageInfo:
    """Every field is None when it was not found."""

    title: str | None = None
    author: str | None = None
    handle: str | None = None
    site_name: str | None = None
    published: str | None = None  # YYYY-MM-DD
    lang: str | None = None  # "en", "fr", "pt-br": see lang.py
    canonical_url: str | None = None
    text: str | None = None  # the article text, paragraphs separated by blank lines
    complete: bool = True  # False when the time limit cut extraction short

    def metadata_found(self) -> bool:
        return any(getattr(self, name) for name in FOUND_FIELDS)
