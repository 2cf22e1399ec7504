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
        kept_pos = None  # StopFilter(renumber=True): kept words numbered without gaps
        for raw_pos, (word, start, end, cjk) in enumerate(self._units(value, tokenize), start_pos):
            if cjk:
                text, token.stopped = word, False
            else:
                text = word.lower().translate(accent_map)
                token.stopped = not text or text in self._stops  # StopFilter(minsize=1)
                if token.stopped and removestops:
                    continue
            if keeporiginal:
                token.original = word
            token.text = text if token.stopped or cjk else self._stem(text)
            token.boost = 1.0
            if positions:
                if token.stopped:
                    token.pos = raw_pos
                else:
                    kept_pos = raw_pos if kept_pos is None else kept_pos + 1
                    token.pos = kept_pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token

    def _units(self, value: str, tokenize: bool) -> Iterator[tuple[str, int, int, bool]]:
        """(word, start, end, is CJK) for each unit of the value."""
        if not tokenize:
            yield value, 0, len(value), False
        elif not _CJK_RUN.search(value):
            for match in self._WORD.finditer(value):
                yield match.group(0), match.start(), match.end(), False
        else:
            for match in self._WORD.finditer(value):
                yield from _split_cjk(match.group(0), match.start())


def _split_cjk(word: str, offset: int) -> Iterator[tuple[str, int, int, bool]]:
    """A word with Chinese, Japanese or Korean characters in it: the other characters as
    words, and each run of CJK characters as its overlapping pairs (one character alone as
    itself). Those scripts do not put spaces between words, so pairs are what lets a search
    find part of a sentence: 東京都庁 is 東京 京都 都庁, and 京都 finds it."""
    at = 0
    for run in _CJK_RUN.finditer(word):
        if run.start() > at:
            yield word[at : run.start()], offset + at, offset + run.start(), False
        chars, first = run.group(0), offset + run.start()
        if len(chars) == 1:
            yield chars, first, first + 1, True
        for index in range(len(chars) - 1):
            yield chars[index : index + 2], first + index, first + index + 2, True
        at = run.end()
    if at < len(word):
        yield word[at:], offset + at, offset + len(word), False


def is_cjk(text: str) -> bool:
    return bool(_CJK_RUN.fullmatch(text))


# Han (with extension A and compatibility ideographs), hiragana, katakana (with half-width
# forms) and Hangul syllables and letters.
_CJK_RUN = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+"
)


_english_stem = stemmer_for_language("en")
TEXT_ANALYZER = TextAnalyzer()
NAME_ANALYZER = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
