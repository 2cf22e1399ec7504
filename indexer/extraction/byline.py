"""Visible bylines, datelines and <time> elements: what the reader sees, as Facts.

They are the fallback when a page declares no structured metadata, and the reader's view that
corrects a structured value (a UTC instant a day off, a publisher standing in for the byline).
"""

import re

from lxml.html import HtmlElement

from indexer.extraction.facts import Facts

# Only the first elements of each kind are looked at: real bylines sit near the top, and a page of
# 200,000 <time> elements must not cost 200,000 ancestor walks.
MAX_CANDIDATES = 20
MAX_PROFILE_LINKS = 40
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
# Parts of class names ("post-author-name", "c-article-card__author", "storyDate",
# "ArticlePage-datePublished-day"), split at -, _ and camelCase humps.
_AUTHOR_PARTS = frozenset({"author", "authors", "byline", "bylines"})
_NOT_AUTHOR_PARTS = frozenset(
    {"bio", "desc", "description", "avatar", "image", "img", "photo", "pic", "picture", "title"}
    | {"button", "comment", "comments", "by", "label", "prefix", "role", "job", "position"}
)
_DATE_PARTS = frozenset({"date", "published", "publish", "pubdate", "dateline"})
_NOT_DATE_PARTS = frozenset({"update", "updated", "modified", "modify", "edited", "ago", "today"})
# One XPath pass narrows the candidates (a whole-tree scan costs ~0.3 s on a 10 MB page, so
# there is only one); the exact class-token tests are done in Python on the few it returns.
_CANDIDATES = (
    "descendant::*[@itemprop='datePublished' or contains(@class, 'author')"
    " or contains(@class, 'Author') or contains(@class, 'byline') or contains(@class, 'date')"
    " or contains(@class, 'Date') or contains(@class, 'ublish')]"
)
_PARTS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
# A byline often carries more than the name: "Jane Doe | 3 March 2024 · 5 min read".
_BYLINE_SEPARATORS = re.compile(r"[|·•\n]")
_LEAD = re.compile(r"^(?:posted|written|published|words|story|text)\s+(?=by\b)", re.IGNORECASE)
# " on March 3", " on 2024-03-03", ", 3 March 2024", " at 10:00", " Monday, ...": what follows.
_TRAIL = re.compile(
    r"(?:\s+(?:on|at|le|am)\s+|,\s*)(?=\S*\d|[A-Z][a-z]+\.? \d).*$"
    r"|\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b.*$",
    re.DOTALL | re.IGNORECASE,
)
# A dateline that says when the page changed, not when it appeared.
_UPDATED = re.compile(
    r"^\W*(?:updated|modified|last updated|aktualisiert|atualizado|actualizado|mis à jour|aggiornato)",
    re.IGNORECASE,
)
# Class or id tokens of the blocks whose bylines and dates are not the article's: comment threads
# ("comments", "comment-list", "gh-comments", "disqus_thread") and sidebars or "related posts"
# lists that show other articles' authors. A block that holds the article's headline is the
# article's wrapper whatever its class says ("has-sidebar", Blogger's "widget Blog").
_FOREIGN_TOKEN = re.compile(
    r"^(?:[a-z0-9]+[-_])*(?:comments?|commentlist|replies|responses|disqus|disqus_thread"
    r"|sidebar|related|widget|recommended|more-stories|read-next)"
    r"(?:[-_](?:list|area|section|thread|wrapper|container|posts|articles|stories|widget))?$"
)
_FOREIGN_TAGS = frozenset({"aside", "nav"})
_OUTSIDE_TAGS = frozenset({"aside", "nav", "footer"})
_HEADLINE_CLASSES = frozenset({"entry-title", "post-title", "article-title", "headline"})
_PROFILE_HOSTS = ("twitter.com/", "x.com/", "/@")


def _foreign(element: HtmlElement, keep: frozenset) -> bool:
    """Inside a comment thread, a sidebar or a list of other articles (and not a wrapper of the
    article's own headline, ``keep``)."""
    for ancestor in element.iterancestors():
        if ancestor in keep:
            return False
        if foreign_block(ancestor):
            return True
    return False


def foreign_block(element: HtmlElement) -> bool:
    """Whether the element itself is a comment thread, a sidebar or a list of other articles."""
    if element.tag in _FOREIGN_TAGS:
        return True
    tokens = f"{element.get('class', '')} {element.get('id', '')}".lower().split()
    return any(_FOREIGN_TOKEN.match(token) for token in tokens)


def headline_wrappers(doc: HtmlElement) -> frozenset:
    """The ancestors of the article's headline: the first <h1> (else a title-classed heading)
    outside <aside>, <nav> and <footer>. Their class names cannot make the byline foreign: a
    layout class ("has-sidebar", Blogger's "widget Blog") sits on the article's own wrapper."""
    headings = [*doc.iter("h1")][:MAX_CANDIDATES]
    headings += [e for e in doc.iter("h2", "h3") if _has_class(e, _HEADLINE_CLASSES)][
        :MAX_CANDIDATES
    ]
    for heading in headings:
        ancestors = frozenset(heading.iterancestors())
        if not any(ancestor.tag in _OUTSIDE_TAGS for ancestor in ancestors):
            return ancestors
    return frozenset()


def _usable(elements: list[HtmlElement], keep: frozenset) -> list[HtmlElement]:
    return [element for element in elements[:MAX_CANDIDATES] if not _foreign(element, keep)]


def _has_class(element: HtmlElement, classes: frozenset[str]) -> bool:
    return not classes.isdisjoint((element.get("class") or "").lower().split())


def _class_parts(element: HtmlElement) -> list[set[str]]:
    return [
        {part.lower() for part in _PARTS.findall(token)}
        for token in (element.get("class") or "").split()
    ]


def _part_match(element: HtmlElement, wanted: frozenset[str], unwanted: frozenset[str]) -> bool:
    return any(parts & wanted and not parts & unwanted for parts in _class_parts(element))


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


def _bylines(candidates: list[HtmlElement], keep: frozenset) -> list[HtmlElement]:
    """Byline elements: the usual class names first, then any class naming an author."""
    exact = _usable([e for e in candidates if _has_class(e, AUTHOR_CLASSES)], keep)
    loose = [e for e in candidates if _part_match(e, _AUTHOR_PARTS, _NOT_AUTHOR_PARTS)]
    return exact + [e for e in _usable(loose, keep) if e not in exact]


def _authors(linked: list[HtmlElement], bylines: list[HtmlElement], keep: frozenset) -> list[str]:
    anchors = _usable([element for element in linked if element.tag == "a"], keep)
    if anchors:
        return [element.text_content() for element in anchors]
    exact = [_byline_name(e) for e in bylines if _has_class(e, AUTHOR_CLASSES)]
    if any(name.strip() for name in exact):
        return exact
    # A class that merely contains "author": only the first, the others are often teasers.
    loose = [_byline_name(e) for e in bylines if not _has_class(e, AUTHOR_CLASSES)]
    return [name for name in loose if name.strip()][:1]


def _date_value(element: HtmlElement) -> str:
    for attribute in ("datetime", "content", "value"):
        if element.get(attribute):
            return element.get(attribute)
    return element.text_content()


def _dates(doc: HtmlElement, candidates: list[HtmlElement], keep: frozenset) -> list[str]:
    times = list(doc.iter("time"))
    marked = [e for e in times if e.get("pubdate") is not None]
    marked += [e for e in candidates if e.get("itemprop") == "datePublished"]
    classed = [e for e in candidates if _has_class(e, DATE_CLASSES)]
    dated = [e for e in times if e.get("datetime")]
    text_only = [e for e in times if not e.get("datetime")]
    return [_date_value(element) for element in _usable(marked + classed + dated + text_only, keep)]


def _shown_dates(doc: HtmlElement, candidates: list[HtmlElement], keep: frozenset) -> list[str]:
    """The text of <time> and dateline elements, as the reader sees it, not the updated ones."""
    times = list(doc.iter("time"))
    classed = [e for e in candidates if _part_match(e, _DATE_PARTS, _NOT_DATE_PARTS)]
    texts = [" ".join(e.text_content().split()) for e in _usable(times + classed, keep)]
    return [text for text in texts if text and not _UPDATED.match(text)]


def _byline_links(bylines: list[HtmlElement]) -> list[str]:
    """The links of the byline and author box: the author's page and profiles."""
    links = [a.get("href") for byline in bylines for a in byline.iter("a") if a.get("href")]
    return list(dict.fromkeys(links))[:MAX_PROFILE_LINKS]


def _profile_links(doc: HtmlElement, keep: frozenset) -> list[str]:
    """X/fediverse profile links anywhere in the article (not in quoted posts)."""
    anywhere = [
        a
        for a in doc.iter("a")
        if any(mark in (a.get("href") or "") for mark in _PROFILE_HOSTS)
        and not any(ancestor.tag == "blockquote" for ancestor in a.iterancestors())
    ][:MAX_PROFILE_LINKS]
    links = [a.get("href") for a in _usable(anywhere, keep) if a.get("href")]
    return list(dict.fromkeys(links))


def byline_facts(doc: HtmlElement) -> Facts:
    """Authors from rel=author links or byline elements; dates from <time> and dateline elements."""
    linked = _rel_authors(doc)
    candidates = doc.xpath(_CANDIDATES)
    keep = headline_wrappers(doc)
    bylines = _bylines(candidates, keep)
    return Facts(
        authors=_authors(linked, bylines, keep),
        author_links=[e.get("href") for e in linked if e.get("href")] + _byline_links(bylines),
        profile_links=_profile_links(doc, keep),
        dates=_dates(doc, candidates, keep),
        shown_dates=_shown_dates(doc, candidates, keep),
    )
