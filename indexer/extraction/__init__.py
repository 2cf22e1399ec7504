"""Page extraction: who wrote a page, where, when, in what language, and its article text.

    extract_page(html, url)   in-process, no time limit (the CLI, tests, benchmarks)
    PageExtractor(timeout)    the same in a killable child process, within a time limit (server)
    find_context(text, quote) the paragraph(s) of the article text around a quote
    find_speaker(text, quote) whose words a quote is, when it is a quotation in the article

Module map: parse (one safe lxml parse) -> jsonld, meta, microdata, byline, document (what each
source claims, as Facts) -> merge (the sources weighed into fields) -> article + text (readability,
then plain paragraphs). docs/extraction.md describes the rules.
"""

from indexer.extraction.context import find_context
from indexer.extraction.extractor import PageExtractor
from indexer.extraction.page import PageInfo
from indexer.extraction.run import extract_page
from indexer.extraction.speaker import find_speaker

__all__ = ["PageExtractor", "PageInfo", "extract_page", "find_context", "find_speaker"]
