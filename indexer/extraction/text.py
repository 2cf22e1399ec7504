"""An element's text as plain paragraphs: blocks separated by blank lines, <br> as a line break.

Whitespace inside a paragraph collapses as a browser renders it (except inside <pre>, whose line
breaks are kept). The walk is iterative (lxml's iterwalk), so no nesting depth can exhaust the
stack. It runs once per element of the article, so the loop is kept lean.
"""

from lxml import etree
from lxml.html import HtmlElement

BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "caption", "center", "dd", "details", "dialog"}
    | {"div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3"}
    | {"h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre"}
    | {"section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul", "body", "html"}
)
CELL_TAGS = frozenset({"td", "th"})
# Elements whose content is never visible text (readability keeps "VIDEO" inside iframes).
SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "iframe", "object", "svg", "math", "select"}
    | {"head", "title", "button", "textarea", "canvas"}
)
LINE_BREAK = "\x00"  # never in page text: parse_html removes control characters


class _Paragraphs:
    """Collects text pieces; a block boundary turns them into one paragraph."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.pieces: list[str] = []
        self.in_pre = 0

    def add(self, text: str) -> None:
        if LINE_BREAK in text:
            text = text.replace(LINE_BREAK, "")
        self.pieces.append(text.replace("\n", LINE_BREAK) if self.in_pre else text)

    def line_break(self) -> None:
        self.pieces.append(LINE_BREAK)

    def end_paragraph(self) -> None:
        if not self.pieces:
            return
        text = "".join(self.pieces)
        self.pieces = []
        if LINE_BREAK in text:
            lines = (" ".join(line.split()) for line in text.split(LINE_BREAK))
            paragraph = "\n".join(line for line in lines if line)
        else:
            paragraph = " ".join(text.split())
        if paragraph:
            self.paragraphs.append(paragraph)


def element_text(root: HtmlElement) -> str:
    """The visible text under ``root``, paragraphs separated by blank lines ("" when none)."""
    out = _Paragraphs()
    walk = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, element in walk:
        tag = element.tag
        if event == "start":
            if tag in SKIPPED_TAGS:
                walk.skip_subtree()
                continue
            if tag in BLOCK_TAGS:
                out.end_paragraph()
                if tag == "pre":
                    out.in_pre += 1
            elif tag in CELL_TAGS:
                out.add(" ")
            elif tag == "br":
                out.line_break()
            if element.text:
                out.add(element.text)
            continue
        if event == "end":
            if tag in BLOCK_TAGS:
                out.end_paragraph()
                if tag == "pre":
                    out.in_pre -= 1
            elif tag in CELL_TAGS:
                out.add(" ")
        # "end", comments and processing instructions: what follows the element is text (the
        # comment's own content is not); the root's tail lies outside the element asked for.
        if element.tail and element is not root:
            out.add(element.tail)
    out.end_paragraph()
    return "\n\n".join(out.paragraphs)
