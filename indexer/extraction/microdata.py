"""schema.org microdata (itemscope/itemprop) read straight from the parsed tree."""

from collections.abc import Iterator

from lxml.html import HtmlElement

from indexer.extraction.facts import Facts
from indexer.extraction.schema import (
    AUTHOR_PROPS,
    DATE_PROPS,
    LINK_PROPS,
    MAIN_TYPE_GROUPS,
    PERSON_TYPES,
    TITLE_PROPS,
    type_names,
)

_LINK_TAGS = frozenset({"a", "area", "link"})
# Where an element keeps its machine-readable value (HTML microdata spec, "property value").
_VALUE_ATTRIBUTES = {
    "meta": "content",
    "a": "href",
    "link": "href",
    "area": "href",
    "img": "src",
    "audio": "src",
    "video": "src",
    "source": "src",
    "object": "data",
    "time": "datetime",
    "data": "value",
    "meter": "value",
}


def _properties(scope: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    """(name, element) for each itemprop that belongs to this item, not to an item nested in it."""
    stack = list(reversed(scope))
    while stack:
        element = stack.pop()
        if not isinstance(element.tag, str):
            continue
        for name in (element.get("itemprop") or "").split():
            yield name, element
        if element.get("itemscope") is None:
            stack.extend(reversed(element))


def _value(element: HtmlElement) -> str:
    attribute = _VALUE_ATTRIBUTES.get(element.tag)
    if attribute and element.get(attribute) is not None:
        return element.get(attribute)
    if element.get("content") is not None:
        return element.get("content")
    return element.text_content()


def _collect(scope: HtmlElement, names: tuple[str, ...]) -> list[HtmlElement]:
    return [element for name, element in _properties(scope) if name in names]


def _item_name(element: HtmlElement) -> str:
    """The name of a nested item (a Person, an Organization), else the element's own value."""
    if element.get("itemscope") is None:
        # <a itemprop="author" href="/people/jane">Jane Doe</a>: the name is the text, not the href.
        return element.text_content() if element.tag in _LINK_TAGS else _value(element)
    names = _collect(element, ("name",))
    return _value(names[0]) if names else ""


def _item_links(element: HtmlElement) -> list[str]:
    """Profile links of an author: its sameAs/url properties, or the href of a plain author link."""
    if element.get("itemscope") is not None:
        return [_value(link) for link in _collect(element, LINK_PROPS)]
    href = element.get("href") if element.tag in _LINK_TAGS else None
    return [href] if href else []


def _people(elements: list[HtmlElement]) -> list[str]:
    return [
        _item_name(element)
        for element in elements
        if element.get("itemscope") is not None
        and type_names(element.get("itemtype")) & PERSON_TYPES
    ]


def _main_scope(doc: HtmlElement) -> HtmlElement | None:
    scopes = doc.xpath("descendant-or-self::*[@itemscope]")
    for group in MAIN_TYPE_GROUPS:
        for scope in scopes:
            if type_names(scope.get("itemtype")) & group:
                return scope
    return None


def microdata_facts(doc: HtmlElement) -> Facts:
    """What the page's main microdata item (an article, else any work, else the page) says."""
    scope = _main_scope(doc)
    if scope is None:
        return Facts()
    authors = _collect(scope, AUTHOR_PROPS)
    publishers = _collect(scope, ("publisher",))
    return Facts(
        titles=[_value(element) for element in _collect(scope, TITLE_PROPS)],
        authors=[_item_name(element) for element in authors],
        author_links=[link for author in authors for link in _item_links(author)],
        site_names=[_item_name(element) for element in publishers],
        # datePublished before dateCreated whatever their order on the page.
        dates=[_value(e) for prop in DATE_PROPS for e in _collect(scope, (prop,))],
        langs=[_value(element) for element in _collect(scope, ("inLanguage",))],
        people=_people(authors + publishers),
    )
