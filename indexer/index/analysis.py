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
        raw_pos = start_pos - 1
        for word, start, end, kind in self._units(value, tokenize):
            if kind is _CJK_LAST:
                if mode == "query":
                    continue  # see _split_cjk
            else:
                raw_pos += 1
            if kind is _WORD:
                text = word.lower().translate(accent_map)
                # Untokenized is how the query parser hands in a prefix* or wildcard: as
                # written (prefixes.py), even a stop word ("the*" finds "theory").
                token.stopped = tokenize and (not text or text in self._stops)  # StopFilter
                if token.stopped and removestops:
                    continue
            else:
                text, token.stopped = word, False
            if keeporiginal:
                token.original = word
            stem = kind is _WORD and tokenize and not token.stopped
            token.text = self._stem(text) if stem else text
            token.boost = 1.0
            if positions:
                if token.stopped:
                    token.pos = raw_pos
                elif kind is not _CJK_LAST:  # that one shares the last pair's position
                    kept_pos = raw_pos if kept_pos is None else kept_pos + 1
                    token.pos = kept_pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token

    def _units(self, value: str, tokenize: bool) -> Iterator[tuple[str, int, int, str]]:
        """(word, start, end, kind) for each unit of the value."""
        if not tokenize:
            yield value, 0, len(value), _WORD
        elif not _CJK_RUN.search(value):
            for match in self._WORD.finditer(value):
                yield match.group(0), match.start(), match.end(), _WORD
        else:
            for match in self._WORD.finditer(value):
                yield from _split_cjk(match.group(0), match.start())


class WordsAnalyzer(Composable):
    """Words as written: lower-cased, accents folded, English stop words dropped, not stemmed,
    for prefix searches (`innovat*` must find "innovation", whose stem is "innov"). Words with
    Chinese, Japanese or Korean characters are left out: their prefixes are searched among the
    character pairs of the text field (see _split_cjk)."""

    _WORD = TextAnalyzer._WORD

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
        token.stopped, token.boost = False, 1.0
        position = start_pos
        matches = ((value, 0, len(value)),) if not tokenize else (
            (match.group(0), match.start(), match.end()) for match in self._WORD.finditer(value)
        )  # fmt: skip
        for word, start, end in matches:
            text = word.lower().translate(accent_map)
            if text in STOP_WORDS or _CJK_RUN.search(text):
                continue
            token.text = text
            if keeporiginal:
                token.original = word
            if positions:
                token.pos, position = position, position + 1
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


def as_written(word: str) -> str:
    """A word as the words-as-written fields hold it (WordsAnalyzer)."""
    return word.lower().translate(accent_map)


def _split_cjk(word: str, offset: int) -> Iterator[tuple[str, int, int, str]]:
    """A word with Chinese, Japanese or Korean characters in it: the other characters as
    words, and each run of CJK characters as its overlapping pairs. Those scripts do not put
    spaces between words, so pairs are what lets a search find part of a sentence: 東京都庁
    is 東京 京都 都庁, and 京都 finds it. A run's last character is also indexed, marked
    (庁~, at the last pair's position; never in queries), so that a search for one character
    can find every pair starting with it and that last one: 庁 finds 東京都庁. The mark keeps
    it apart from a run of one character, which is that character: the phrase "東京 阪"
    must not find 東京 大阪 through the 阪 that ends 大阪."""
    at = 0
    for run in _CJK_RUN.finditer(word):
        if run.start() > at:
            yield word[at : run.start()], offset + at, offset + run.start(), _WORD
        chars, first = run.group(0), offset + run.start()
        if len(chars) == 1:
            yield chars, first, first + 1, _CJK
        else:
            for index in range(len(chars) - 1):
                yield chars[index : index + 2], first + index, first + index + 2, _CJK
            yield chars[-1] + RUN_END, first + len(chars) - 1, first + len(chars), _CJK_LAST
        at = run.end()
    if at < len(word):
        yield word[at:], offset + at, offset + len(word), _WORD


_WORD, _CJK, _CJK_LAST = "word", "cjk", "cjk-last"
RUN_END = "~"  # never in a word: the analyzer's words are \w characters and dots


def is_cjk(text: str) -> bool:
    return bool(_CJK_RUN.fullmatch(text))


def is_lone_cjk(text: str) -> bool:
    """One CJK character: indexed only inside pairs or marked, so searched as a prefix."""
    return len(text) == 1 and is_cjk(text)


# Han (with extensions A to F and the compatibility ideographs), the iteration and closing marks
# 々〆〇, hiragana, katakana (with its phonetic extensions and half-width forms) and Hangul
# syllables and letters.
_CJK_RUN = re.compile(
    "[\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uff66-\uff9f\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\U00020000-\U0002fa1f]+"
)


_english_stem = stemmer_for_language("en")
TEXT_ANALYZER = TextAnalyzer()
WORDS_ANALYZER = WordsAnalyzer()
NAME_ANALYZER = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
