"""Prefixes and wildcards on the words as written, and the search box's half-typed last word.

The text and meta fields hold stems ("innovation" is "innov"), so a prefix longer than a stem
(`innovat*`) matched nothing there. A prefix or wildcard on those fields searches the same words
unstemmed instead (the text_words and meta_words fields), and is expanded into the words it
covers before a search runs, so that indexer/ranking.py scores it term by term like any word.
"""

import heapq
import re
from typing import Any

from whoosh import query

from indexer.index.analysis import is_cjk
from indexer.index.schema import WORDS_FIELDS

_PATTERNS = (query.Prefix, query.Wildcard)
_WORD_FIELD_NAMES = frozenset(WORDS_FIELDS.values())
# The last word of a search box string, as the user may still be typing it: letters or digits
# at the very end, after a space or "(" or at the start (not a -word, "a phrase" or field:word).
_LAST_WORD = re.compile(r"(?:^|(?<=[\s(]))(\w+)$")
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})


def on_words_as_written(part: query.Query) -> query.Query:
    """A prefix or wildcard on text or meta as the same pattern on the words as written
    (query.accept() visitor). Chinese, Japanese and Korean prefixes stay: those words are
    searched by their character pairs."""
    if (
        type(part) in _PATTERNS
        and part.fieldname in WORDS_FIELDS
        and not any(is_cjk(char) for char in str(part.text))
    ):
        return type(part)(WORDS_FIELDS[part.fieldname], part.text, boost=part.boost)
    return part


def expanded(parsed: query.Query, reader: Any, most: int | None = None) -> query.Query:
    """`parsed` with each pattern on the words as written replaced by the words it covers in
    this reader's index (one Term each, or their Or): ranking.py then scores them. `most`
    keeps only that many of each pattern's words, the most frequent: while typing, "k" covers
    thousands of words, and one letter must not take a second to search."""

    def expand(part: query.Query) -> query.Query:
        if type(part) not in _PATTERNS or part.fieldname not in _WORD_FIELD_NAMES:
            return part
        words = [_text(value) for value in _covered(part, reader, most)]
        if not words:
            # A word that is not in the index matches nothing, the way the pattern did.
            return query.Term(part.fieldname, str(part.text), boost=part.boost)
        terms = [query.Term(part.fieldname, word, boost=part.boost) for word in words]
        return terms[0] if len(terms) == 1 else query.Or(terms)

    return parsed.accept(expand)


def _covered(part: query.Query, reader: Any, most: int | None) -> list[Any]:
    if most is None:
        return list(part._btexts(reader))
    if type(part) is query.Prefix:
        return [text for _, text in reader.most_frequent_terms(part.fieldname, most, part.text)]
    words = list(part._btexts(reader))
    if len(words) <= most:
        return words
    return heapq.nlargest(most, words, key=lambda w: reader.doc_frequency(part.fieldname, w))


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def with_last_word_as_prefix(text: str) -> str | None:
    """The search box string with its last word also made a prefix (`innova` -> `innova*`),
    or None when the string does not end in a plain word the user may still be typing."""
    match = _LAST_WORD.search(text)
    if not match or match.group(1) in _OPERATORS or any(is_cjk(c) for c in match.group(1)):
        return None
    return text + "*"
