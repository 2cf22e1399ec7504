"""Weigh what the metadata sources claim into PageInfo's fields.

Sources arrive best first: JSON-LD, then OpenGraph/twitter meta tags, then microdata, then the
free-form meta names; visible bylines and the plain document (<title>, <h1>, <html lang>) come
last. For each field the first source with a usable value wins; values are validated here, so a
junk value in a trusted source gives way to a good one in a lesser source.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from indexer.extraction.authors import join_authors, split_names
from indexer.extraction.dates import parse_date
from indexer.extraction.facts import Facts
from indexer.extraction.handles import pick_handle
from indexer.extraction.lang import normalise_lang
from indexer.extraction.strings import looks_like_url, squash, unescape
from indexer.extraction.title import clean_title, site_from_title, strip_site

MAX_SITE_LENGTH = 100
# /2024/03/05/slug: many blogs put the publication day in the address.
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])(?:/|$)")


@dataclass
class Sources:
    """What every source of one page claims."""

    jsonld: Facts = field(default_factory=Facts)
    social: Facts = field(default_factory=Facts)  # OpenGraph, article:*, twitter:*
    microdata: Facts = field(default_factory=Facts)
    plain: Facts = field(default_factory=Facts)  # meta name=author, Dublin Core, citation_*...
    byline: Facts = field(default_factory=Facts)
    document: Facts = field(default_factory=Facts)
    title_tag: str | None = None
    h1: str | None = None
    rel_me: list[str] = field(default_factory=list)

    @property
    def ranked(self) -> list[Facts]:
        """The structured sources, most trusted first."""
        return [self.jsonld, self.social, self.microdata, self.plain]


def _key(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


def clean_site(value: object) -> str | None:
    text = squash(value)
    text = squash(unescape(text)) if text else None
    if not text or looks_like_url(text) or len(text) > MAX_SITE_LENGTH or not _key(text):
        return None
    return text


def declared_sites(sources: Sources) -> list[str]:
    return [name for facts in sources.ranked for name in facts.site_names if clean_site(name)]


def _headlines(sources: Sources) -> list[str]:
    return [t for facts in sources.ranked for t in facts.titles if isinstance(t, str)] + [
        sources.h1 or ""
    ]


def pick_site(sources: Sources, host: str | None) -> str | None:
    """Declared names (JSON-LD publisher, og:site_name, microdata, application-name...), then
    the suffix the <title> adds to the headline, then the host."""
    declared = declared_sites(sources)
    if declared:
        return clean_site(declared[0])
    headlines = _headlines(sources)
    decorated_titles = [*sources.jsonld.titles, *sources.social.titles]
    for decorated in [sources.title_tag, *decorated_titles]:
        site = clean_site(site_from_title(clean_title(decorated), headlines))
        if site:
            return site
    return host


def pick_title(
    sources: Sources, sites: list[str], host: str | None, author: str | None = None
) -> str | None:
    """The first declared headline, else <h1>/<title>; always without the site's name (nor the
    author's: Medium's headlines read "Title - Author - Medium")."""
    site_keys = {_key(name) for name in sites}
    if author:
        names = split_names(author)
        sites = [*sites, author, *names, *(f"by {name}" for name in names)]
    for facts in sources.ranked:
        for value in facts.titles:
            title = _stripped(value, sites, host)
            if title and _key(title) not in site_keys:
                return title
    return _document_title(sources, sites, host, site_keys)


def _stripped(value: object, sites: list[str], host: str | None) -> str | None:
    title = clean_title(value)
    return clean_title(strip_site(title, sites, host)) if title else None


def _document_title(
    sources: Sources, sites: list[str], host: str | None, site_keys: set[str]
) -> str | None:
    full = clean_title(sources.title_tag)
    title = _stripped(full, sites, host)
    h1 = clean_title(sources.h1)
    # The <h1> is the headline the <title> decorates with an unknown suffix ("... - Confluence"),
    # unless it is the site's logo.
    if h1 and _key(h1) not in site_keys and (not full or _key(h1) in _key(full)):
        return h1
    if title and _key(title) not in site_keys:
        return title
    return h1 or title


def pick_author(sources: Sources) -> str | None:
    """Authors of the first source naming any. A name the page declares as its publisher or site
    name ("By Reuters") is not an author, unless a source says it is a person (the owner of a
    personal site). Site names guessed from the <title> or the host exclude nobody: on a personal
    blog "Small web · Nora Berg" the suffix is the author's own name."""
    people = {_key(name) for facts in sources.ranked for name in facts.people}
    excluded = [name for name in declared_sites(sources) if _key(name) not in people]
    for facts in [*sources.ranked, sources.byline]:
        authors = join_authors(facts.authors, excluded)
        if authors:
            return authors
    return None


def pick_handle_for(sources: Sources, page_host: str | None) -> str | None:
    """Declared creator handles, then the authors' profile links, rel=me, rel=author links;
    never one of the site's own accounts (twitter:site, the publisher's sameAs)."""
    declared = [h for facts in sources.ranked for h in facts.handles]
    profiles = [link for facts in sources.ranked for link in facts.author_links]
    # rel=author usually points at the author's page on the site itself; a /@name path there is
    # the site's URL scheme, not a fediverse account.
    authors = [link for link in sources.byline.author_links if _host(link) != page_host]
    own = [h for facts in sources.ranked for h in facts.site_handles]
    candidates = [
        c for c in [*declared, *profiles, *sources.rel_me, *authors] if isinstance(c, str)
    ]
    return pick_handle(candidates, own)


def _host(url: str) -> str | None:
    try:
        host = urlsplit(url.strip()).hostname
    except (ValueError, AttributeError):
        return None
    return host.removeprefix("www.") if host else None


def pick_date(sources: Sources, urls: list[str]) -> str | None:
    """The first valid publication date of the best source; the address's /YYYY/MM/DD/ last."""
    for facts in [*sources.ranked, sources.byline]:
        for value in facts.dates:
            date = parse_date(value)
            if date:
                return date
    for url in urls:
        match = _URL_DATE.search(_path(url))
        date = parse_date("-".join(match.groups())) if match else None
        if date:
            return date
    return None


def _path(url: str | None) -> str:
    try:
        return urlsplit(url).path if url else ""
    except ValueError:
        return ""


def pick_lang(sources: Sources) -> str | None:
    """<html lang> first: themes often leave a default og:locale (en_US) on pages in any language."""
    for facts in (
        sources.document,
        sources.jsonld,
        sources.plain,
        sources.social,
        sources.microdata,
    ):
        for value in facts.langs:
            lang = normalise_lang(value)
            if lang:
                return lang
    return None
