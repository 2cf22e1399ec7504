"""The publication date of a page that declares none in its markup: htmldate's fast search.

htmldate (adbar, Apache-2.0) reads what our own sources do not: dates in free text near the
headline, in link and image addresses, in a wider range of class names and formats. It runs only
when the structured sources, the visible datelines and the address gave nothing, in its fast mode
(no search through the whole text) and with original_date=True (the first publication, not an
update). It gets a copy of the page without its comment threads, sidebars and lists of other
articles (their dates are not the article's); pages too big to copy cheaply are left without a
date rather than slowed down.
"""

import copy
import itertools
import logging

import htmldate
from lxml.html import HtmlElement

from indexer.extraction.byline import foreign_block, headline_wrappers
from indexer.extraction.dates import parse_date

log = logging.getLogger(__name__)

# htmldate deep-copies the tree: on pages with more elements than this the copy alone would
# cost more than the rest of extraction.
MAX_ELEMENTS = 15_000


def fallback_date(doc: HtmlElement, url: str) -> str | None:
    if next(itertools.islice(doc.iter(), MAX_ELEMENTS, None), None) is not None:
        return None
    try:
        pruned = _without_foreign_blocks(doc)
        found = htmldate.find_date(pruned, url=url, original_date=True, extensive_search=False)
    except Exception:  # a bug in the library must not cost the page its other metadata
        log.exception("htmldate failed on %s", url)
        return None
    return parse_date(found)


def _without_foreign_blocks(doc: HtmlElement) -> HtmlElement:
    pruned = copy.deepcopy(doc)
    keep = headline_wrappers(pruned)
    for element in list(pruned.iter()):
        if element not in keep and element.getparent() is not None and foreign_block(element):
            element.drop_tree()
    return pruned
