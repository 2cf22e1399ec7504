"""find_context: the paragraph(s) of the article text that hold a quote.

The quote comes from a browser selection and the text from readability, so they differ in ways a
reader would not notice: whitespace and line breaks (a selection across paragraphs), letter case
(CSS text-transform), typographic quotes and dashes (the page may render "smart" punctuation), soft
hyphens and zero-width characters, ligatures. All of these are ignored when matching; whitespace is
ignored entirely, since a selection across blocks sometimes carries no separator at all.

The context is capped at MAX_CONTEXT characters: it is stored with every quote, indexed and shown
in search results, and on pages without paragraph markup one "paragraph" can be the whole article.
A 2,000-character window (a long paragraph or two, about 300 words) is what a reader needs to see
where the quote came from, and is centred on the quote so that both sides of it are kept.
"""

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

from indexer.extraction.strings import INVISIBLE

MAX_CONTEXT = 2000
ELLIPSIS = "…"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# Typographic variants a browser selection and the extracted text may disagree on.
_PUNCTUATION = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
)
_DROPPED = {**INVISIBLE, **{ord(c): None for c in " \t\n\r\f\v\u00a0\u2028\u2029\u3000"}}


def _fold(text: str) -> str:
    """The comparable form: compatibility-normalised, case-folded, uniform punctuation, no spaces."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_PUNCTUATION)
    return "".join(text.translate(_DROPPED).split())


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return _fold(char)


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index of the source character."""
    folded: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        piece = _fold_char(char)
        folded.append(piece)
        offsets.extend([index] * len(piece))
    return "".join(folded), offsets


def _span(paragraphs: list[str], needle: str) -> tuple[int, int] | None:
    """Indexes of the first and last paragraph the folded quote falls in, if it is there at all."""
    folded = [_fold(paragraph) for paragraph in paragraphs]
    starts: list[int] = []
    position = 0
    for piece in folded:
        starts.append(position)
        position += len(piece)
    found = "".join(folded).find(needle)
    if found < 0:
        return None
    first = bisect_right(starts, found) - 1
    last = bisect_right(starts, found + len(needle) - 1) - 1
    return first, last


def _window(context: str, needle: str) -> str:
    """At most MAX_CONTEXT characters of the context around the quote, cut at word boundaries."""
    folded, offsets = _fold_with_offsets(context)
    found = folded.find(needle)
    if found < 0:  # per-character folding can differ from whole-text folding (combining marks)
        start, end = 0, len(context)
    else:
        start, end = offsets[found], offsets[found + len(needle) - 1] + 1
    budget = MAX_CONTEXT - 2 * len(ELLIPSIS)
    if end - start >= budget:  # a quote longer than the cap: keep its beginning
        return _cut(context, start, start + budget, start, start + budget)
    left = max(0, start - (budget - (end - start)) // 2)
    right = min(len(context), left + budget)
    left = max(0, right - budget)
    return _cut(context, left, right, start, end)


def _cut(text: str, left: int, right: int, start: int, end: int) -> str:
    """text[left:right], moved inwards to whole words where that does not cut into the quote."""
    if 0 < left < start:
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    if end < right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space >= 0 else right
    piece = text[left:right].strip()
    return (ELLIPSIS if left > 0 else "") + piece + (ELLIPSIS if right < len(text) else "")


def find_context(text: str | None, quote: str) -> str | None:
    """The paragraph(s) of ``text`` holding ``quote``, joined by blank lines and capped at
    MAX_CONTEXT characters; None when the quote is not in the text."""
    if not text or not isinstance(quote, str):
        return None
    needle = _fold(quote)
    if not needle:
        return None
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
    span = _span(paragraphs, needle)
    if span is None:
        return None
    context = "\n\n".join(paragraphs[span[0] : span[1] + 1])
    return context if len(context) <= MAX_CONTEXT else _window(context, needle)


_WORD = re.compile(r"\w{4,}")


def _candidates(paragraphs: list[str], quote: str) -> tuple[int, int]:
    """The window of paragraphs (first, last + 1) that can hold the quote: those holding its
    longest word, as plain lower case finds it, with a neighbour on each side (a quote may run
    over paragraphs). The whole text when no word of the quote is found that way (a ligature or
    a typographic variant inside it)."""
    words = sorted(_WORD.findall(quote.lower()), key=len)
    if not words:
        return 0, len(paragraphs)
    found = [i for i, paragraph in enumerate(paragraphs) if words[-1] in paragraph.lower()]
    if not found:
        return 0, len(paragraphs)
    return max(0, found[0] - 1), min(len(paragraphs), found[-1] + 2)


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``text`` as (start, end) character offsets, matched as
    find_context matches (whitespace, case and typographic punctuation aside); None if absent.

    Folding is slow per character, so the paragraphs that may hold the quote are chosen first
    (plain lower case), then folded whole to find the ones the quote is in, and only those are
    folded character by character to map the match back to offsets in ``text``."""
    needle = _fold(quote) if isinstance(quote, str) else ""
    if not text or not needle:
        return None
    starts = [0, *(m.end() for m in _PARAGRAPH_BREAK.finditer(text))]
    ends = [*(m.start() for m in _PARAGRAPH_BREAK.finditer(text)), len(text)]
    paragraphs = [text[a:b] for a, b in zip(starts, ends, strict=True)]
    first, last = _candidates(paragraphs, quote)
    span = _span(paragraphs[first:last], needle)
    if span is None and (first, last) != (0, len(paragraphs)):
        first, last = 0, len(paragraphs)
        span = _span(paragraphs, needle)
    if span is None:
        return None
    base, end = starts[first + span[0]], ends[first + span[1]]
    folded, offsets = _fold_with_offsets(text[base:end])
    found = folded.find(needle)
    if found < 0:  # per-character folding can differ from whole-text folding (combining marks)
        return base, end
    return base + offsets[found], base + offsets[found + len(needle) - 1] + 1
