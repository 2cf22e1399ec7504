"""Remove what readability leaves inside the article but a reader does not count as its text:
share bars, subscribe boxes, tag lists, bylines, "related" boxes, comment threads, ads.

Judged by whole parts of class and id names ("gh-post-upgrade-cta" -> gh, post, upgrade, cta), so
that "shadow", "header" or "tagline" never match "ad" or "tag". An element holding a large share of
the article's text is never removed, whatever its class says: that is the article itself wearing
an unlucky name ("article-body ad-free"). Nor is a word inside a sentence: sites link the names
in their prose to tag pages (`<a id="auto-tag_mary-steenburgen">`), and the sentence would lose
the name.
"""

import re

from lxml.html import HtmlElement

CLUTTER_PARTS = frozenset(
    {"share", "sharing", "sharedaddy", "social", "subscribe", "subscription", "newsletter"}
    | {"signup", "cta", "upgrade", "paywall", "related", "relatedposts", "recommended", "promo"}
    | {"ad", "ads", "advert", "advertisement", "sponsor", "sponsored", "comment", "comments"}
    | {"tag", "tags", "byline", "author", "authors", "breadcrumb", "breadcrumbs", "disqus"}
    | {"autor", "auteur", "autore"}
    # "share" in languages that themes name their classes in
    | {"partage", "partager", "teilen", "compartir", "condividi", "delen"}
)
CLUTTER_TAGS = ("nav", "form", "button", "input", "select", "textarea")
INLINE_TAGS = frozenset({"a", "span", "em", "strong", "b", "i", "abbr", "cite", "time", "mark"})
# The most of the article's text one element may hold and still be removed as clutter.
MAX_SHARE = 0.3
_PARTS = re.compile(r"[-_\s]+")


def _in_a_sentence(element: HtmlElement) -> bool:
    """An inline element with prose on either side of it inside its parent."""
    if element.tag not in INLINE_TAGS:
        return False
    parent = element.getparent()
    previous = element.getprevious()
    before = previous.tail if previous is not None else parent.text if parent is not None else ""
    return bool((before or "").strip()) and bool((element.tail or "").strip())


def _is_clutter(element: HtmlElement) -> bool:
    if element.tag in CLUTTER_TAGS:
        return True
    if _in_a_sentence(element):
        return False
    names = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return not CLUTTER_PARTS.isdisjoint(_PARTS.split(names))


def _word_count(element: HtmlElement) -> int:
    return len("".join(element.itertext()).split())


def remove_clutter(article: HtmlElement) -> int:
    """Remove clutter elements in place (their tail text stays); returns how many were removed."""
    # Only elements with a class or id can match by name (XPath finds them in C; one long XPath
    # testing every word was 50 times slower), plus the clutter tags themselves.
    named = article.xpath("descendant::*[@class or @id]")
    found = [e for e in named if _is_clutter(e)] + list(article.iter(*CLUTTER_TAGS))
    found = list(dict.fromkeys(element for element in found if element is not article))
    if not found:
        return 0
    chosen = set(found)
    # Only the outermost: their descendants go with them.
    outermost = [e for e in found if not any(a in chosen for a in e.iterancestors())]
    limit = MAX_SHARE * max(1, _word_count(article))
    removed = [element for element in outermost if _word_count(element) <= limit]
    for element in removed:
        element.drop_tree()
    return len(removed)
