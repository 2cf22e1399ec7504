"""Where the quotations are in a paragraph: the spans between opening and closing quote marks.

Quote marks differ by language and by typesetting: “English”, „German“, «French», »German«,
‚single‘, 「Japanese」, and the straight " that plain-text pages use for both ends. A mark is read
as opening or closing from what stands beside it (a space or the paragraph's edge on one side,
a letter on the other), which also tells an apostrophe (don’t) from a closing single quote.

Only top-level quotations count: a quotation inside a quotation belongs to the outer speaker. A
paragraph that ends inside a quotation continues into the next one (the English convention for
a quotation over several paragraphs: each paragraph opens a mark, only the last one closes it).
"""

from dataclasses import dataclass

# Opening mark -> the marks that close it.
_CLOSERS = {
    "“": "”“",  # “English” and the Swedish/Finnish ”…” read as “…”
    "„": "“”",  # „German“, „Polish”
    "«": "»",
    "»": "«",  # »German«
    "‹": "›",
    "「": "」",
    "『": "』",
    "‚": "‘’",
    "‘": "’",
    '"': '"',
    "”": "”",
}
_OPEN_AFTER = set(" \t\n\u00a0([{—–-/:") | {""}  # what may stand before an opening mark
_SINGLE = set("‘’‚")
MIN_QUOTED_WORDS = 4  # fewer words between marks read as a scare quote or a title


@dataclass(frozen=True)
class Span:
    """One quotation: ``start`` is its opening mark, ``end`` just after its closing mark (or
    the paragraph's end when it runs on into the next paragraph)."""

    start: int
    end: int
    closed: bool

    def words(self, text: str) -> int:
        return len(text[self.start : self.end].split())


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if text[i] in "«‹":  # French sets them off with (narrow) spaces: « ainsi »
        return bool(after)
    if text[i] in "「『„‚":
        return bool(after) and not after.isspace()
    return before in _OPEN_AFTER and bool(after) and not after.isspace()


def _closes(text: str, i: int, opener: str) -> bool:
    if text[i] not in _CLOSERS[opener]:
        return False
    if text[i] in "」』":
        return True
    after = text[i + 1] if i + 1 < len(text) else ""
    if text[i] in _SINGLE and after.isalpha():  # an apostrophe: don’t, l’homme
        return False
    before = text[i - 1] if i > 0 else ""
    return not before.isspace() or not after or not after.isalnum()


def quotation_spans(text: str) -> list[Span]:
    """The top-level quotations of one paragraph, in order."""
    # Two single marks typed for one double mark (’’), as some wire copy does; same length.
    text = text.replace("‘‘", "“‘").replace("’’", "”’").replace("''", "\"'")
    spans: list[Span] = []
    opener, start = "", 0
    for i, char in enumerate(text):
        if opener:
            if _closes(text, i, opener):
                spans.append(Span(start, i + 1, True))
                opener = ""
        elif char in _CLOSERS and char != "’" and _opens(text, i):  # ’ never opens
            opener, start = char, i
    if opener:
        spans.append(Span(start, len(text), False))
    return spans


def continues_quotation(paragraph: str, previous: str) -> bool:
    """True when ``paragraph`` goes on with a quotation left open at the end of ``previous``."""
    spans = quotation_spans(previous)
    starts_quoted = bool(paragraph) and paragraph[0] in _CLOSERS and _opens(paragraph, 0)
    return bool(spans) and not spans[-1].closed and starts_quoted
