"""JSON-LD: the most trusted metadata source. Handles arrays, @graph, @id references and nesting."""

import json
import logging
import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from indexer.extraction.facts import Facts
from indexer.extraction.schema import (
    AUTHOR_PROPS,
    DATE_PROPS,
    LINK_PROPS,
    MAIN_TYPE_GROUPS,
    ORGANIZATION_TYPES,
    PERSON_TYPES,
    TITLE_PROPS,
    type_names,
)
from indexer.extraction.strings import unescape

log = logging.getLogger(__name__)

Node = dict[str, object]
# Article -> WebPage -> WebSite is the usual chain; a few more levels cost nothing and cycles stop.
MAX_PART_OF_DEPTH = 4
# CMSs wrap scripts in HTML comments or CDATA markers for ancient browsers; JSON chokes on them.
_WRAPPER = re.compile(
    r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*;?\s*$"
)


def _blocks(doc: HtmlElement) -> Iterator[object]:
    for script in doc.iter("script"):
        kind = (script.get("type") or "").split(";", 1)[0].strip().lower()
        if kind != "application/ld+json" or not script.text:
            continue
        try:
            yield json.loads(_WRAPPER.sub("", script.text), strict=False)
        except (ValueError, RecursionError) as error:
            # One broken (or absurdly nested) block must not hide the page's other metadata sources.
            log.info("ignoring a JSON-LD block that is not usable JSON: %s", error)


def _nodes(root: object) -> list[Node]:
    """Every object in the data, outermost first (an explicit stack: no recursion limit to hit)."""
    found: list[Node] = []
    stack = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return found


def _top_level(block: object) -> list[Node]:
    """The items a block describes directly (itself, its array, its @graph), not nested values."""
    top: list[Node] = []
    for item in block if isinstance(block, list) else [block]:
        if not isinstance(item, dict):
            continue
        top.append(item)
        members = item.get("@graph")
        top.extend(
            m for m in (members if isinstance(members, list) else [members]) if isinstance(m, dict)
        )
    return top


class Graph:
    """All JSON-LD objects of a page, with @id references resolvable to the full object."""

    def __init__(self, doc: HtmlElement) -> None:
        blocks = list(_blocks(doc))
        self.nodes = [node for block in blocks for node in _nodes(block)]
        self.top = [node for block in blocks for node in _top_level(block)]
        self.by_id: dict[str, Node] = {}
        for node in self.nodes:
            if isinstance(node.get("@id"), str) and len(node) > 1:
                self.by_id.setdefault(node["@id"], node)

    def resolve(self, value: object) -> object:
        """The full object for a bare {"@id": ...} reference; any other value unchanged."""
        if isinstance(value, dict) and isinstance(value.get("@id"), str):
            return self.by_id.get(value["@id"], value)
        return value

    def items(self, value: object) -> list[object]:
        """A property value as a list of resolved items (JSON-LD allows one value or an array)."""
        values = value if isinstance(value, list) else [value]
        return [self.resolve(item) for item in values if item is not None]

    def typed(self, types: frozenset[str], top_only: bool = False) -> list[Node]:
        nodes = self.top if top_only else self.nodes
        return [node for node in nodes if type_names(node.get("@type")) & types]

    def main_node(self) -> Node | None:
        """The page's item: an article before other works before the page; within a kind, a
        top-level item before one nested in another (a fact check's itemReviewed, a mention)."""
        for group in MAIN_TYPE_GROUPS:
            nodes = self.typed(group, top_only=True) or self.typed(group)
            if nodes:
                return nodes[0]
        return None


def _strings(values: list[object]) -> list[str]:
    return [unescape(value) for value in values if isinstance(value, str)]


def _name(item: object) -> str | None:
    """A person's or organisation's name: a plain string, or an object's name/given+family name."""
    if isinstance(item, str):
        return unescape(item)
    if not isinstance(item, dict):
        return None
    if isinstance(item.get("name"), str):
        return unescape(item["name"])
    parts = [item.get("givenName"), item.get("familyName")]
    joined = " ".join(part for part in parts if isinstance(part, str))
    return unescape(joined) or None


def _links(graph: Graph, item: object) -> list[str]:
    if not isinstance(item, dict):
        return []
    return [link for prop in LINK_PROPS for link in _strings(graph.items(item.get(prop)))]


def _values(graph: Graph, node: Node, props: tuple[str, ...]) -> list[str]:
    return [value for prop in props for value in _strings(graph.items(node.get(prop)))]


def _is_a(item: object, types: frozenset[str]) -> bool:
    return isinstance(item, dict) and bool(type_names(item.get("@type")) & types)


def _sites_above(graph: Graph, node: Node) -> list[object]:
    """The websites/periodicals the item is part of. isPartOf often names the WebPage first (whose
    name is the page title, not the site), so the chain is followed up to an organisation-like item.
    """
    found: list[object] = []
    level = graph.items(node.get("isPartOf"))
    for _ in range(MAX_PART_OF_DEPTH):
        found.extend(item for item in level if _is_a(item, ORGANIZATION_TYPES))
        level = [
            parent
            for item in level
            if isinstance(item, dict) and not _is_a(item, ORGANIZATION_TYPES)
            for parent in graph.items(item.get("isPartOf"))
        ]
    return found


def _site_facts(graph: Graph, node: Node | None, facts: Facts) -> None:
    publishers = graph.items(node.get("publisher")) if node else []
    parents = _sites_above(graph, node) if node else []
    # Only top-level organisations stand for the site: one nested in an author (worksFor,
    # affiliation) is someone's employer.
    organisations = graph.typed(ORGANIZATION_TYPES, top_only=True)
    for item in [*publishers, *parents, *organisations]:
        name = _name(item)
        if name:
            facts.site_names.append(name)
        if name and _is_a(item, PERSON_TYPES):
            facts.people.append(name)
    # A person publishing their own site owns its accounts, so only organisations count as "the site".
    for item in [*publishers, *organisations]:
        if _is_a(item, ORGANIZATION_TYPES):
            facts.site_handles.extend(_links(graph, item))


def jsonld_facts(doc: HtmlElement) -> Facts:
    """What the page's JSON-LD says about its main item (article first, then any work, then page)."""
    graph = Graph(doc)
    facts = Facts()
    node = graph.main_node()
    _site_facts(graph, node, facts)
    if node is None:
        return facts
    facts.titles = _values(graph, node, TITLE_PROPS)
    facts.dates = _values(graph, node, DATE_PROPS)
    facts.langs = _strings(graph.items(node.get("inLanguage")))
    if not facts.langs:  # Yoast puts inLanguage on the WebPage and WebSite, not the Article
        facts.langs = [v for n in graph.top for v in _strings(graph.items(n.get("inLanguage")))]
    authors = next((graph.items(node[p]) for p in AUTHOR_PROPS if node.get(p)), [])
    for author in authors:
        name = _name(author)
        if name:
            facts.authors.append(name)
        # An organisation given as the author (a foundation's own news, a fact-checker) is the
        # author even when it is also the publisher; a bare name equal to the site is not.
        if name and _is_a(author, PERSON_TYPES | ORGANIZATION_TYPES):
            facts.people.append(name)
        if name and _is_a(author, ORGANIZATION_TYPES):
            facts.organisations.append(name)
        facts.author_links.extend(_links(graph, author))
    return facts
