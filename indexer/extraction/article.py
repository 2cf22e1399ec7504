"""The article text: readability-lxml's choice of the main content, as plain paragraphs.

readability-lxml accepts an already-parsed tree (``Document(HtmlElement)``), so the page is parsed
once. It deletes hidden elements from the tree it is given (it copies the tree before its other
changes), so it runs after every metadata source has read the tree. After ``summary()`` its
``html`` attribute holds the article element it chose; its text is taken from there rather than
by parsing the HTML string ``summary()`` returns.

readability now and then keeps an empty element on a page whose article is plainly marked up
(``<article>``, ``itemprop=articleBody``); when its text is that short, the marked-up element with
the most paragraph text is taken instead, cleaned the same way.
"""

import copy
import logging

import lxml.html
from lxml.html import HtmlElement
from readability import Document
from readability.readability import Unparseable

from indexer.extraction.clutter import remove_clutter
from indexer.extraction.text import element_text

log = logging.getLogger(__name__)
# readability logs every failure with a traceback at ERROR level, and we log it again below with
# the page's context: one report is enough.
logging.getLogger("readability.readability").setLevel(logging.CRITICAL)


def readability_article(doc: HtmlElement) -> HtmlElement | None:
    """The element readability keeps as the article, or None when it gives up."""
    reader = Document(doc)
    try:
        summary = reader.summary()
    except Unparseable as error:
        if isinstance(error.__context__, MemoryError):
            # readability wraps every failure; running out of memory is a limit, not a verdict.
            raise MemoryError("readability ran out of memory") from error
        log.warning("readability could not find an article: %s", error)
        return None
    if isinstance(reader.html, HtmlElement):
        return reader.html
    # Not the attribute we rely on (a different readability version): parse what it returned.
    return lxml.html.document_fromstring(summary) if summary.strip() else None


# Fewer words than this from readability, on a page that marks up its article, is a miss.
MIN_WORDS = 25
MAX_MARKED = 20


def _marked_article(doc: HtmlElement) -> HtmlElement | None:
    """A copy of the element the page marks as its article (itemprop=articleBody, <article>,
    <main>) holding the most paragraph text; None when there is none."""
    marked = doc.xpath("//*[@itemprop='articleBody']")[:MAX_MARKED]
    marked = marked or [*doc.iter("article")][:MAX_MARKED] or [*doc.iter("main")][:MAX_MARKED]
    if not marked:
        return None
    best = max(marked, key=lambda e: sum(len(p.text_content()) for p in e.iter("p")))
    return copy.deepcopy(best)


def _cleaned_text(element: HtmlElement | None) -> str:
    if element is None:
        return ""
    remove_clutter(element)
    return element_text(element)


def article_text(doc: HtmlElement) -> str | None:
    """The article's text, paragraphs separated by blank lines; None when there is none."""
    text = _cleaned_text(readability_article(doc))
    if len(text.split()) < MIN_WORDS:
        marked = _cleaned_text(_marked_article(doc))
        text = marked if len(marked.split()) > len(text.split()) else text
    return text or None
