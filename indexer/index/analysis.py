"""How text becomes index terms: one fused analyzer for quotes and their metadata, a plain
one for names."""

import re
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import (
    STOP_WORDS,
    CharsetFilter,
    Composable,
    LowercaseFilter,
    RegexTokenizer,
    Token,
)
from whoosh.lang import stemmer_for_language
from whoosh.support.charset import accent_map


class TextAnalyzer(Composable):
    """Words, lower-cased, accents folded, English stop words dropped, stemmed: the same tokens
    as RegexTokenizer | LowercaseFilter | CharsetFilter(accent_map) | StopFilter(minsize=1) |
    StemFilter(lang="en"), in one generator instead of five (analysis is a fifth of indexing).
    """

    is_morph = True
    _WORD = re.compile(r"\w+(\.?\w+)*", re.UNICODE)
    _CACHE_LIMIT = 200_000

    def __init__(self) -> None:
        self._stops = STOP_WORDS
        self._stems: dict[str, str] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {}  # pickled into the index's TOC: the cache need not go with it

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()

    def _stem(self, word: str) -> str:
        stemmed = self._stems.get(word)
        if stemmed is None:
            if len(self._stems) > self._CACHE_LIMIT:
                self._stems.clear()
            stemmed = self._stems[word] = _english_stem(word)
        return stemmed

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        matches = self._WORD.finditer(value) if tokenize else [_Whole(value)]
        kept_pos = None  # StopFilter(renumber=True): kept words numbered without gaps
        for raw_pos, match in enumerate(matches, start_pos):
            word = match.group(0)
            text = word.lower().translate(accent_map)
            token.stopped = not text or text in self._stops  # StopFilter(minsize=1)
            if token.stopped and removestops:
                continue
            if keeporiginal:
                token.original = word
            token.text = text if token.stopped else self._stem(text)
            token.boost = 1.0
            if positions:
                if token.stopped:
                    token.pos = raw_pos
                else:
                    kept_pos = raw_pos if kept_pos is None else kept_pos + 1
                    token.pos = kept_pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


class _Whole:
    """A regex match standing for the whole value (tokenize=False)."""

    def __init__(self, value: str) -> None:
        self._value = value

    def group(self, _: int) -> str:
        return self._value

    def start(self) -> int:
        return 0

    def end(self) -> int:
        return len(self._value)


_english_stem = stemmer_for_language("en")
TEXT_ANALYZER = TextAnalyzer()
NAME_ANALYZER = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
