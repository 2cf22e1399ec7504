"""Quotes gathered by the page (or book) they come from, for the Markdown export.

A page is its canonical URL, else its URL; a quote with no address (from a Kindle or Readwise)
belongs to its book: title and author. Each page takes, field by field, the first value any of
its quotes has, so one quote saved before extraction finished does not blank out the title.
Only what the Markdown shows is kept, which keeps 100,000 quotes in memory affordable.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

PAGE_FIELDS = ("title", "author", "handle", "site_name", "url", "published")


@dataclass
class Excerpt:
    text: str
    note: str
    tags: list[str] = field(default_factory=list)
    link: str | None = None  # the page's address with a text fragment to this quote


@dataclass
class Page:
    key: str
    title: str | None = None
    author: str | None = None
    handle: str | None = None
    site_name: str | None = None
    url: str | None = None
    published: str | None = None
    tags: list[str] = field(default_factory=list)
    excerpts: list[Excerpt] = field(default_factory=list)

    def add(self, quote: dict[str, Any]) -> None:
        for name in PAGE_FIELDS:
            if getattr(self, name) is None:
                setattr(self, name, _page_value(quote, name))
        self.tags += [tag for tag in quote.get("tags") or [] if tag not in self.tags]
        tags = list(quote.get("tags") or [])
        self.excerpts.append(Excerpt(quote["text"], quote.get("note") or "", tags, _link(quote)))

    @property
    def heading(self) -> str:
        """The title; an untitled page is named by its site and its path, since many pages of
        one site would otherwise all be called by the bare domain."""
        if self.title:
            return self.title
        where = _path_words(self.url)
        site = self.site_name or _host(self.url)
        if site and where:
            return f"{site} - {where}"
        return site or self.url or "Untitled"


def page_key(quote: dict[str, Any]) -> str:
    address = quote.get("canonical_url") or quote.get("url")
    if address:
        return f"url:{address}"
    if quote.get("title") or quote.get("author"):
        return f"book:{quote.get('title') or ''}\x1f{quote.get('author') or ''}"
    return "untitled"


def group_by_page(quotes: Iterable[dict[str, Any]]) -> list[Page]:
    """Pages in the order of their first quote (the export's order: newest first)."""
    pages: dict[str, Page] = {}
    for quote in quotes:
        key = page_key(quote)
        page = pages.get(key) or pages.setdefault(key, Page(key))
        page.add(quote)
    return list(pages.values())


def _page_value(quote: dict[str, Any], name: str) -> str | None:
    if name == "url":
        return quote.get("canonical_url") or quote.get("url")
    return quote.get(name)


def _link(quote: dict[str, Any]) -> str | None:
    link = quote.get("link")
    return link if isinstance(link, str) and link else None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    return (urlsplit(url).hostname or "").removeprefix("www.") or None


def _path_words(url: str | None) -> str:
    """ "2022 / tree-pits" for https://host/2022/tree-pits.html: the path a person reads."""
    if not url:
        return ""
    path = unquote(urlsplit(url).path).strip("/")
    parts = [part.rsplit(".", 1)[0] if "." in part else part for part in path.split("/")]
    return " / ".join(part for part in parts if part)
