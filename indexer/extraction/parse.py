"""Parse a page once, safely, into the lxml tree every extraction step reads.

Safety comes from libxml2's HTML parser itself: it never loads external resources (no_network), and
it does not expand entities declared in a DOCTYPE (the HTML parser has no DTD processing, hence no
billion-laughs or XXE: lxml's HTMLParser has no ``resolve_entities`` switch because it has nothing
to resolve). huge_tree lifts the 10 MB text-node limit and raises the nesting limit from 256 to 2048
levels; deeper nesting stops the parse there instead of exhausting memory or the C stack.
"""

import logging
import re

import lxml.html
from lxml import etree

from indexer.extraction.charset import decode_html

log = logging.getLogger(__name__)

# C0 controls (except tab, newline, form feed, carriage return) and DEL cannot appear in HTML text
# and make lxml refuse a string; they only show up in binary junk.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_EMPTY_PAGE = b"<html><head></head><body></body></html>"


def _parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(
        encoding="utf-8",
        no_network=True,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
        default_doctype=False,
    )


def page_text(html: str | bytes) -> str:
    """The page as text: bytes decoded (charset sniffed), characters lxml cannot take removed."""
    text = decode_html(html) if isinstance(html, bytes) else html
    return _CONTROL.sub("", text)


def parse_html(html: str | bytes) -> lxml.html.HtmlElement:
    """The page's <html> element; an empty document for empty or unparseable input, never an error."""
    # Re-encoding to UTF-8 and naming the encoding makes libxml2 ignore the page's own charset label,
    # which decode_html has already judged; lone surrogates become "?".
    data = page_text(html).encode("utf-8", "replace")
    parser = _parser()  # parsers are not thread-safe; a fresh one costs microseconds
    try:
        doc = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError) as error:
        # Pages with no markup at all ("", whitespace, a lone comment) land here.
        log.debug("page has no parseable document (%s); using an empty one", error)
        return lxml.html.document_fromstring(_EMPTY_PAGE, parser=parser)
    _report_truncation(parser)
    return doc


def _report_truncation(parser: lxml.html.HTMLParser) -> None:
    """Say so when libxml2 gave up part-way (nesting deeper than its limit): the rest is lost."""
    fatal = parser.error_log.filter_from_level(etree.ErrorLevels.FATAL)
    if fatal:
        log.info("page parsed only up to a fatal error: %s", fatal[0].message)
