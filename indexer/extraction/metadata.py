"""Read every metadata source from the parsed page and merge them into a PageInfo (without text).

Each source reads the one shared tree. A source that fails (a bug, or a page shaped like nothing
we expected) is logged and counted as saying nothing, so the other sources still count.
"""

import itertools
import logging
from collections.abc import Callable
from typing import TypeVar

from lxml.html import HtmlElement

from indexer.extraction import merge
from indexer.extraction.byline import byline_facts
from indexer.extraction.canonical import canonical_url, host_name
from indexer.extraction.document import (
    base_href,
    document_facts,
    h1_text,
    rel_me_links,
    title_text,
)
from indexer.extraction.facts import Facts
from indexer.extraction.fallback_date import fallback_date
from indexer.extraction.jsonld import jsonld_facts
from indexer.extraction.meta import plain_facts, read_meta, social_facts
from indexer.extraction.microdata import microdata_facts
from indexer.extraction.page import PageInfo

log = logging.getLogger(__name__)

T = TypeVar("T")


def _safely(read: Callable[[], T], default: T, what: str) -> T:
    try:
        return read()
    except Exception:
        log.exception("metadata source %s failed on this page; ignoring it", what)
        return default


def read_sources(doc: HtmlElement) -> merge.Sources:
    tags = _safely(lambda: read_meta(doc), {}, "meta tags")
    return merge.Sources(
        jsonld=_safely(lambda: jsonld_facts(doc), Facts(), "JSON-LD"),
        social=_safely(lambda: social_facts(tags), Facts(), "OpenGraph/twitter"),
        microdata=_safely(lambda: microdata_facts(doc), Facts(), "microdata"),
        plain=_safely(lambda: plain_facts(tags), Facts(), "plain meta"),
        byline=_safely(lambda: byline_facts(doc), Facts(), "byline"),
        document=_safely(lambda: document_facts(doc), Facts(), "document"),
        title_tag=_safely(lambda: title_text(doc), None, "<title>"),
        h1=_safely(lambda: h1_text(doc), None, "<h1>"),
        rel_me=_safely(lambda: rel_me_links(doc), [], "rel=me"),
    )


MAX_SAMPLE_PARAGRAPHS = 30


def text_sample(doc: HtmlElement, sources: merge.Sources) -> str:
    """Some of the page's prose, to identify its language when it does not declare it: the
    headline and the first paragraphs (cheap: no article extraction needed yet)."""
    paragraphs = [p.text_content() for p in itertools.islice(doc.iter("p"), MAX_SAMPLE_PARAGRAPHS)]
    return " ".join([sources.title_tag or "", *paragraphs])


def page_metadata(doc: HtmlElement, url: str) -> PageInfo:
    """Everything but the article text."""
    sources = read_sources(doc)
    declared = [*sources.document.canonicals, *sources.social.canonicals]
    base = _safely(lambda: base_href(doc), None, "<base>")
    canonical = canonical_url(declared, url, base)
    host = host_name(canonical) or host_name(url)
    site = merge.pick_site(sources, host)
    sites = [*merge.declared_sites(sources), *([site] if site else [])]
    author = merge.pick_author(sources)
    lang = merge.pick_lang(sources, _safely(lambda: text_sample(doc, sources), "", "text sample"))
    published = merge.pick_date(sources, [url, canonical or ""], lang)
    return PageInfo(
        title=merge.pick_title(sources, sites, host, author),
        author=author,
        handle=merge.pick_handle_for(sources, host_name(url), author),
        site_name=site,
        published=published or fallback_date(doc, url),
        lang=lang,
        canonical_url=canonical,
    )
