"""Visible bylines and <time> elements: the fallback when a page declares no structured metadata."""

import re

from lxml.html import HtmlElement

from indexer.extraction.facts import Facts

# Only the first elements of each kind are looked at: real bylines sit near the top, and a page of
# 200,000 <time> elements must not cost 200,000 ancestor walks.
MAX_CANDIDATES = 20
AUTHOR_CLASSES = frozenset(
    {
        "byline",
        "byline-author",
        "byline__author",
        "author",
        "authors",
        "author-name",
        "author__name",
        "entry-author",
        "post-author",
        "article-author",
        "p-author",
    }
)
DATE_CLASSES = frozenset(
    {"published", "entry-date", "post-date", "publish-date", "article-date", "dt-published"}
)
# One XPath pass narrows the candidates (a whole-tree scan costs ~0.3 s on a 10 MB page, so
# there is only one); the exact class-token tests are done in Python on the few it returns.
_CANDIDATES = (
    "descendant::*[@itemprop='datePublished' or contains(@class, 'author')"
    " or contains(@class, 'byline') or contains(@class, 'date') or contains(@class, 'published')]"
)
# A byline often carries more than the name: "Jane Doe | 3 March 2024 · 5 min read".
_BYLINE_SEPARATORS = re.compile(r"[|·•\n]")
_LEAD = re.compile(r"^(?:posted|written|published|words|story|text)\s+(?=by\b)", re.IGNORECASE)
# " on March 3", " on 2024-03-03", ", 3 March 2024", " at 10:00": what follows the name.
_TRAIL = re.compile(r"(?:\s+(?:on|at|le|am)\s+|,\s*)(?=\S*\d|[A-Z][a-z]+\.? \d).*$", re.DOTALL)
# Class or id tokens of the blocks whose bylines and dates are not the article's: comment threads
# ("comments", "comment-list", "gh-comments", "disqus_thread") and sidebars or "related posts"
# lists that show other articles' authors. Whole tokens only: "comments-open" on <body> or
# "has-sidebar" on a wrapper must not disqualify the whole page.
_FOREIGN_TOKEN = re.compile(
    r"^(?:[a-z0-9]+[-_])*(?:comments?|commentlist|replies|responses|disqus|disqus_thread"
    r"|sidebar|related|widget|recommended|more-stories|read-next)"
    r"(?:[-_](?:list|area|section|thread|wrapper|container|posts|articles|stories|widget))?$"
)
_FOREIGN_TAGS = frozenset({"aside", "nav"})


def _in_comments(element: HtmlElement) -> bool:
    """Inside a comment thread, a sidebar or a list of other articles."""
    for ancestor in element.iterancestors():
        if ancestor.tag in _FOREIGN_TAGS:
            return True
        tokens = f"{ancestor.get('class', '')} {ancestor.get('id', '')}".lower().split()
        if any(_FOREIGN_TOKEN.match(token) for token in tokens):
            return True
    return False


def _usable(elements: list[HtmlElement]) -> list[HtmlElement]:
    return [element for element in elements[:MAX_CANDIDATES] if not _in_comments(element)]


def _has_class(element: HtmlElement, classes: frozenset[str]) -> bool:
    return not classes.isdisjoint((element.get("class") or "").lower().split())


def _byline_name(element: HtmlElement) -> str:
    """The name inside a byline element: a marked-up name if any, else its first text segment."""
    for inner in element.iterdescendants():
        if isinstance(inner.tag, str) and _has_class(inner, frozenset({"name", "fn", "p-name"})):
            return inner.text_content()
    pieces = [piece for piece in _BYLINE_SEPARATORS.split(element.text_content()) if piece.strip()]
    return _strip_byline_words(pieces[0]) if pieces else ""


def _strip_byline_words(text: str) -> str:
    """ "Posted by Jane Doe on March 3, 2024" -> "Jane Doe"."""
    text = _LEAD.sub("", text.strip())
    return _TRAIL.sub("", text)


def _rel_authors(doc: HtmlElement) -> list[HtmlElement]:
    # iter(tags) filters in C: far cheaper than XPath over a big page.
    return [e for e in doc.iter("a", "link") if "author" in (e.get("rel") or "").lower().split()]


def _authors(linked: list[HtmlElement], candidates: list[HtmlElement]) -> list[str]:
    anchors = _usable([element for element in linked if element.tag == "a"])
    if anchors:
        return [element.text_content() for element in anchors]
    classed = [e for e in candidates if _has_class(e, AUTHOR_CLASSES)]
    return [_byline_name(element) for element in _usable(classed)]


def _date_value(element: HtmlElement) -> str:
    for attribute in ("datetime", "content", "value"):
        if element.get(attribute):
            return element.get(attribute)
    return element.text_content()


def _dates(doc: HtmlElement, candidates: list[HtmlElement]) -> list[str]:
    times = list(doc.iter("time"))
    marked = [e for e in times if e.get("pubdate") is not None]
    marked += [e for e in candidates if e.get("itemprop") == "datePublished"]
    classed = [e for e in candidates if _has_class(e, DATE_CLASSES)]
    dated = [e for e in times if e.get("datetime")]
    return [_date_value(element) for element in _usable(marked + classed + dated)]


def byline_facts(doc: HtmlElement) -> Facts:
    """Authors from rel=author links or byline elements; dates from <time> and date-classed elements."""
    linked = _rel_authors(doc)
    candidates = doc.xpath(_CANDIDATES)
    return Facts(
        authors=_authors(linked, candidates),
        author_links=[element.get("href") for element in linked if element.get("href")],
        dates=_dates(doc, candidates),
    )
