"""<meta> tags, read once into a dictionary, then split into the two trust levels they carry.

OpenGraph, article:* and twitter:* tags are written deliberately for sharing and come second only to
JSON-LD; the older free-form names (author, dc.*, date...) are less reliable and come after microdata.
"""

from lxml.html import HtmlElement

from indexer.extraction.facts import Facts
from indexer.extraction.strings import looks_like_url, squash

MetaTags = dict[str, list[str]]

OG_TITLES = ("og:title", "twitter:title")
OG_AUTHORS = ("article:author", "og:article:author", "book:author")
OG_HANDLES = ("twitter:creator", "fediverse:creator")
OG_DATES = ("article:published_time", "og:article:published_time", "og:published_time")

PLAIN_TITLES = ("dc.title", "dcterms.title", "citation_title", "parsely-title")
PLAIN_AUTHORS = (
    "author",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
    "parsely-author",
    "sailthru.author",
    "byl",
)
PLAIN_SITES = (
    "application-name",
    "apple-mobile-web-app-title",
    "dc.publisher",
    "citation_publisher",
)
PLAIN_DATES = (
    "citation_publication_date",
    "citation_date",
    "dc.date.issued",
    "dc.date",
    "dcterms.issued",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
    "publish-date",
    "publish_date",
    "publication_date",
    "pubdate",
    "date",
    "article_date_original",  # Advance Local's sites (nj.com, cleveland.com...): the local time
)
PLAIN_LANGS = ("content-language", "language", "dc.language")


def read_meta(doc: HtmlElement) -> MetaTags:
    """Every <meta> content under its lower-cased property, name and http-equiv keys, in page order."""
    tags: MetaTags = {}
    for meta in doc.iter("meta"):
        content = squash(meta.get("content"))
        if not content:
            continue
        for attribute in ("property", "name", "http-equiv"):
            key = (meta.get(attribute) or "").strip().lower()
            if key:
                tags.setdefault(key, []).append(content)
    return tags


def _all(tags: MetaTags, keys: tuple[str, ...]) -> list[str]:
    return [value for key in keys for value in tags.get(key, [])]


def social_facts(tags: MetaTags) -> Facts:
    """OpenGraph, article:* and twitter:* (plus fediverse:creator)."""
    authors = _all(tags, OG_AUTHORS)
    return Facts(
        titles=_all(tags, OG_TITLES),
        # article:author is often the author's profile URL rather than a name.
        authors=[value for value in authors if not looks_like_url(value)],
        author_links=[value for value in authors if looks_like_url(value)],
        handles=_all(tags, OG_HANDLES),
        site_names=_all(tags, ("og:site_name",)),
        site_handles=_all(tags, ("twitter:site",)),
        dates=_all(tags, OG_DATES),
        langs=_all(tags, ("og:locale",)),
        canonicals=_all(tags, ("og:url",)),
    )


def plain_facts(tags: MetaTags) -> Facts:
    """The free-form names: meta name=author, Dublin Core, citation_*, parse.ly and friends."""
    return Facts(
        titles=_all(tags, PLAIN_TITLES),
        authors=_all(tags, PLAIN_AUTHORS),
        site_names=_all(tags, PLAIN_SITES),
        dates=_all(tags, PLAIN_DATES),
        langs=_all(tags, PLAIN_LANGS),
    )
