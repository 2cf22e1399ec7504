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
from indexer.extraction.dates import days_apart, parse_date, utc_day
from indexer.extraction.facts import Facts
from indexer.extraction.handles import from_link, pick_handle
from indexer.extraction.identify import identify_lang
from indexer.extraction.lang import normalise_lang
from indexer.extraction.strings import looks_like_url, squash, unescape
from indexer.extraction.title import clean_title, is_segment, site_from_title, strip_site

MAX_SITE_LENGTH = 100
# /2024/03/05/slug, /story/2024-03-05/slug: many sites put the publication day in the address.
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)([/-])(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?:[/_-]|\.html|$)"
)
# "Example | News, Sport, Weather", "Example - The best of the 80s": a tagline after the name.
_SITE_TAGLINE = re.compile(r"\s+[|–—-]\s+.*$")


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
    """og:site_name first (the publication as it names itself: a syndicated story's JSON-LD
    publisher is the agency), then JSON-LD publisher, microdata, plain meta."""
    order = [sources.social, sources.jsonld, sources.microdata, sources.plain]
    return [name for facts in order for name in facts.site_names if clean_site(name)]


def _headlines(sources: Sources) -> list[str]:
    return [t for facts in sources.ranked for t in facts.titles if isinstance(t, str)] + [
        sources.h1 or ""
    ]


def pick_site(sources: Sources, host: str | None) -> str | None:
    """Declared names (JSON-LD publisher, og:site_name, microdata, application-name...), then
    the suffix the <title> adds to the headline, then the host."""
    declared = declared_sites(sources)
    if declared:
        name = clean_site(declared[0]) or ""
        return clean_site(_SITE_TAGLINE.sub("", name)) or name
    headlines = _headlines(sources)
    decorated_titles = [*sources.jsonld.titles, *sources.social.titles]
    for decorated in [sources.title_tag, *decorated_titles]:
        site = clean_site(site_from_title(clean_title(decorated), headlines, host))
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
    h1 = clean_title(sources.h1)
    for facts in sources.ranked:
        for value in facts.titles:
            title = _stripped(value, sites, host)
            if title and _key(title) not in site_keys:
                # "Opinion | Headline", "Headline › A Blog's Tagline": the <h1> is the headline
                # and the rest a section or tagline.
                return h1 if h1 and is_segment(h1, title) else title
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
    sites = declared_sites(sources)
    excluded = [name for name in sites if _key(name) not in people]
    shown = join_authors(sources.byline.authors, sites)
    for facts in [*sources.ranked, sources.byline]:
        authors = join_authors(facts.authors, excluded)
        organisation = authors and _key(authors) in {_key(name) for name in facts.organisations}
        if authors and shown and not organisation and _key(authors) in map(_key, sites):
            return shown  # "AppleInsider" as a Person, "By Jane Doe and John Roe" on the page
        if authors:
            return authors
    return None


def pick_handle_for(
    sources: Sources, page_host: str | None, author: str | None = None
) -> str | None:
    """Declared creator handles, then the authors' profile links, rel=me, rel=author links, then
    a profile link on the page whose account name carries the author's name; never one of the
    site's own accounts (twitter:site, the publisher's sameAs)."""
    declared = [h for facts in sources.ranked for h in facts.handles]
    profiles = [link for facts in sources.ranked for link in facts.author_links]
    # rel=author usually points at the author's page on the site itself; a /@name path there is
    # the site's URL scheme, not a fediverse account.
    authors = [link for link in sources.byline.author_links if _host(link) != page_host]
    own = [h for facts in sources.ranked for h in facts.site_handles]
    named = _named_profiles(sources.byline.profile_links, author)
    candidates = [
        c for c in [*declared, *profiles, *sources.rel_me, *authors, *named] if isinstance(c, str)
    ]
    return pick_handle(candidates, own)


def _named_profiles(links: list[str], author: str | None) -> list[str]:
    """Profile links whose account name holds an author's surname ("@megjamesLAT" for Meg
    James) or a first name of five letters or more: the author's own account, told from the
    links to the people the article mentions."""
    if not author:
        return []
    parts: set[str] = set()
    for name in split_names(author):
        words = [_key(word) for word in name.split()]
        if len(words) > 1:
            parts |= {words[-1]} if len(words[-1]) >= 3 else set()
            parts |= {words[0]} if len(words[0]) >= 5 else set()
    found = []
    for link in links:
        handle = from_link(link)
        account = _key(handle.split("@")[1]) if handle else ""
        if account and any(part in account for part in parts):
            found.append(link)
    return found


def _host(url: str) -> str | None:
    try:
        host = urlsplit(url.strip()).hostname
    except (ValueError, AttributeError):
        return None
    return host.removeprefix("www.") if host else None


def pick_date(sources: Sources, urls: list[str], lang: str | None = None) -> str | None:
    """The first valid publication date of the best source, then the dates the reader sees,
    then the address's /YYYY/MM/DD/. A UTC instant or a zoneless clock time (2019-11-20T03:59Z
    for an evening article of the 19th in New York) gives way to a date in the page's own zone
    one day off: a value with its offset, the visible dateline, the address."""
    values = [value for facts in [*sources.ranked, sources.byline] for value in facts.dates]
    shown = _first([parse_date(text, lang=lang) for text in sources.byline.shown_dates])
    url_dates = [_url_date(url) for url in urls]
    for value in values:
        date = parse_date(value, lang=lang)
        if date and utc_day(value):
            local = [parse_date(v, lang=lang) for v in values if not utc_day(v)]
            return (
                _first([d for d in [*local, shown, *url_dates] if d and days_apart(d, date) <= 1])
                or date
            )
        if date:
            return date
    return shown or _first(url_dates)


def _first(values: list[str | None]) -> str | None:
    return next((value for value in values if value), None)


def _url_date(url: str) -> str | None:
    match = _URL_DATE.search(_path(url))
    return parse_date(f"{match[1]}-{match[3]}-{match[4]}") if match else None


def _path(url: str | None) -> str:
    try:
        return urlsplit(url).path if url else ""
    except ValueError:
        return ""


def pick_lang(sources: Sources, sample: str = "") -> str | None:
    """<html lang> first: themes often leave a default og:locale (en_US) on pages in any language.
    When <html lang> is contradicted by another declaration (content-language, JSON-LD, Dublin
    Core: not og:locale, the usual theme default) and the text is written in that other
    language, the other one; with no declaration, the language identified from the text (None
    when there is too little)."""
    html = [lang for lang in map(normalise_lang, sources.document.langs) if lang]
    others = [
        lang
        for facts in (sources.jsonld, sources.plain, sources.microdata)
        for lang in map(normalise_lang, facts.langs)
        if lang
    ]
    social = [lang for lang in map(normalise_lang, sources.social.langs) if lang]
    if html and {_primary(lang) for lang in others} - {_primary(html[0])}:
        found = identify_lang(sample)
        agreeing = [lang for lang in others if _primary(lang) == found != _primary(html[0])]
        return agreeing[0] if agreeing else html[0]
    declared = [*html, *others, *social]
    return declared[0] if declared else identify_lang(sample)


def _primary(lang: str) -> str:
    return lang.split("-")[0]
