"""extract_page: parse once, read the metadata, then the article text. In-process, no time limit.

The two steps are separate functions because the time-limited extractor (extractor.py) sends the
cheap metadata to its caller before starting on the slow article text.
"""

import logging

from lxml.html import HtmlElement

from indexer.extraction.article import article_text
from indexer.extraction.canonical import canonical_url
from indexer.extraction.identify import identify_lang
from indexer.extraction.metadata import page_metadata
from indexer.extraction.page import PageInfo
from indexer.extraction.parse import parse_html

log = logging.getLogger(__name__)


def metadata_step(html: str | bytes, url: str) -> tuple[HtmlElement | None, PageInfo]:
    """The parsed page and its metadata. Never raises: on a failure, what is known so far."""
    try:
        doc = parse_html(html if isinstance(html, str | bytes) else "")
    except Exception:
        log.exception("could not parse the page at %s", url)
        return None, _fallback(url)
    try:
        return doc, page_metadata(doc, url)
    except Exception:
        log.exception("metadata extraction failed for %s", url)
        return doc, _fallback(url)


def text_step(doc: HtmlElement | None, url: str) -> tuple[str | None, bool]:
    """The article text of a page parsed by metadata_step, and whether the step ran to its end
    (False when it ran out of memory: the page may still succeed with more). Never raises."""
    if doc is None:
        return None, True
    try:
        return article_text(doc), True
    except MemoryError:
        log.warning("article text extraction ran out of memory for %s", url)
        return None, False
    except Exception:
        log.exception("article text extraction failed for %s", url)
        return None, True


def lang_from_text(lang: str | None, text: str | None) -> str | None:
    """The declared language, else the one the article text is written in (pages whose prose
    is not in <p> elements give the metadata step too little to tell). Never raises."""
    if lang or not text:
        return lang
    try:
        return identify_lang(text)
    except Exception:
        log.exception("language identification failed")
        return None


def _fallback(url: str) -> PageInfo:
    try:
        return PageInfo(canonical_url=canonical_url([], url))
    except Exception:
        log.exception("unusable page address %r", url)
        return PageInfo()


def extract_page(html: str | bytes, url: str) -> PageInfo:
    """Everything extraction finds on a page; never raises. ``bytes`` are decoded by sniffing."""
    doc, info = metadata_step(html, url)
    info.text, info.complete = text_step(doc, url)
    info.lang = lang_from_text(info.lang, info.text)
    return info
