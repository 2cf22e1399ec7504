"""Plain HTML structure: <title>, the first <h1>, <html lang>, rel=canonical, rel=me and <base>."""

from lxml.html import HtmlElement

from indexer.extraction.facts import Facts

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _rel_links(doc: HtmlElement, rel: str) -> list[str]:
    """href of every <link>/<a> whose rel tokens include ``rel``, in page order."""
    # iter(tags) filters in C: far cheaper than XPath over a big page.
    return [
        element.get("href")
        for element in doc.iter("link", "a")
        if element.get("href") and rel in (element.get("rel") or "").lower().split()
    ]


def base_href(doc: HtmlElement) -> str | None:
    """The page's <base href>, which relative links resolve against instead of the page URL."""
    bases = [base.get("href") for base in doc.iter("base") if base.get("href")]
    return bases[0].strip() if bases else None


def rel_me_links(doc: HtmlElement) -> list[str]:
    """rel=me links: the page author's own profiles (IndieWeb, Mastodon verification)."""
    return _rel_links(doc, "me")


def title_text(doc: HtmlElement) -> str | None:
    """The <title> of the document (not an SVG's <title> further down, when the head has one)."""
    head = doc.find("head")
    title = head.find("title") if head is not None else None
    title = title if title is not None else doc.find(".//title")
    return title.text_content() if title is not None else None


def h1_text(doc: HtmlElement) -> str | None:
    h1 = doc.find(".//h1")
    return h1.text_content() if h1 is not None else None


def document_facts(doc: HtmlElement) -> Facts:
    """The page language and the canonical link (<title> and <h1> are weighed separately)."""
    return Facts(
        langs=[lang for lang in (doc.get("lang"), doc.get("xml:lang"), doc.get(_XML_LANG)) if lang],
        canonicals=_rel_links(doc, "canonical"),
    )
