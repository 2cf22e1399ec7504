"""A quote as escaped HTML with its matched words marked, cut to a snippet when long."""

import re
from html import escape
from typing import Any

from indexer.index.analysis import TEXT_ANALYZER, as_written, is_lone_cjk

HIGHLIGHT_WHOLE_UNDER = 400
SNIPPET_CHARS = 300


def highlight_text(text: str, terms: frozenset[str], words: frozenset[str] = frozenset()) -> str:
    """The quote as HTML: escaped text with <mark> around the words that matched `terms`
    (index terms: stemmed, folded) or `words` (words as written: folded, from a prefix*). A
    long quote is cut to a snippet around its matches."""
    spans = _matching_spans(text, terms, words) if terms or words else []
    start, end = 0, len(text)
    if len(text) > HIGHLIGHT_WHOLE_UNDER:
        start, end = _snippet_window(text, spans)
    pieces = ["…"] if start > 0 else []
    position = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(escape(text[position:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(escape(text[position:end]))
    if end < len(text):
        pieces.append("…")
    return "".join(pieces)


# The fields besides the text that a plain search covers (schema.document's meta), as shown.
MATCHED_FIELDS = ("title", "note", "author", "speaker", "handle", "site_name", "tags")


def matched_fields(
    quote: dict[str, Any], terms: frozenset[str], words: frozenset[str]
) -> list[dict[str, str]]:
    """Where else than in its text a quote matched: [{"field", "highlight"}] for each of
    MATCHED_FIELDS holding a matched word, highlighted as highlight_text does."""
    found = []
    for field in MATCHED_FIELDS:
        value = quote.get(field)
        if isinstance(value, list):
            value = ", ".join(value)
        if value:
            marked = highlight_text(value, terms, words)
            if "<mark>" in marked:
                found.append({"field": field, "highlight": marked})
    return found


def _matching_spans(
    text: str, terms: frozenset[str], words: frozenset[str]
) -> list[tuple[int, int]]:
    """The character spans of the matching words, overlapping ones joined (the character
    pairs of Chinese or Japanese text overlap: 東京 and 京都 mark 東京都). A CJK character
    searched alone is marked wherever it occurs."""
    found = [
        (token.startchar, token.endchar)
        for token in TEXT_ANALYZER(text, chars=True, keeporiginal=bool(words), mode="index")
        if (token.text in terms and not is_lone_cjk(token.text))
        or (words and as_written(token.original) in words)
    ]
    for term in terms:
        if is_lone_cjk(term):
            found.extend(
                (match.start(), match.end()) for match in re.finditer(re.escape(term), text)
            )
    spans: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def _snippet_window(text: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """About SNIPPET_CHARS characters holding the most matches, cut at spaces."""
    best_start, best_count = 0, 0
    for first, (span_start, _) in enumerate(spans):
        count = sum(1 for other, _ in spans[first:] if other < span_start + SNIPPET_CHARS)
        if count > best_count:
            best_start, best_count = span_start, count
    start = max(0, best_start - SNIPPET_CHARS // 4) if best_count else 0
    if start:
        space = text.find(" ", start, best_start if best_count else start + 40)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start + SNIPPET_CHARS // 2, end)
        end = space if space != -1 else end
    return start, end


def text_terms(text: str) -> frozenset[str]:
    """The index terms of a text (its content words, stemmed and folded; stop words left out):
    what a quote and a draft must have in common to share words."""
    return frozenset(token.text for token in TEXT_ANALYZER(text, mode="query"))


def matched_words(text: str, terms: frozenset[str]) -> list[str]:
    """The words of `text` that match `terms`, as written, each once, in order."""
    seen: dict[str, None] = {}
    for start, end in _matching_spans(text, terms, frozenset()) if terms else []:
        seen.setdefault(text[start:end], None)
    return list(seen)
