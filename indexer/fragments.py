"""Links to the exact sentence: a URL text fragment (``#:~:text=...``) that finds the quote.

The URL Fragment Text Directives spec (WICG scroll-to-text-fragment) lets a link name the text
to scroll to and highlight: ``#:~:text=[prefix-,]start[,end][,-suffix]``. Chrome, Edge, Safari
and Firefox 131+ follow it; other browsers ignore it and open the page as usual.

A directive is made only when the quote is found in the page's stored article text (the quote
may have been edited, or come from another copy of the page), and it is taken from the article's
own characters, since that is what the browser searches. Browsers match case-insensitively, at
word boundaries, term by term within one block of text; so:
- a short quote is one term (``text=the whole quote``); a long one is a range of its first and
  last words (``text=first words,last words``), with the end lengthened until the range ends
  where the quote does;
- when the start is found earlier in the article than the quote (or the whole quote is there
  twice), words before it (a prefix) or after it (a suffix) are added until the first match the
  browser would find is the quote;
- every term is percent-encoded, ``-``, ``&`` and ``,`` included (they are the syntax).
The stored article is the page's main text only: a match in the site's menu or comments before
the article cannot be seen here, so on such pages the browser may land on that one instead.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote as percent_encode

from indexer.urls import strip_secrets

# Up to this many words a quote is one term; longer ones are a range of first and last words.
EXACT_WORDS = 8
RANGE_WORDS = 4
CONTEXT_WORDS = 5
CONTEXT_CHARS = 40  # per word of context looked for (a longer word is cut at the window)
# Characters that read alike are compared alike (the page and the saved quote can differ).
_ALIKE = (("‘", "'"), ("’", "'"), ("‚", "'"), ("‛", "'"), ("“", '"'), ("”", '"'), ("„", '"'))
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n\s*")


@dataclass(frozen=True)
class _Article:
    display: str  # the article's words joined by single spaces, as written
    normal: str  # the same, compared form (same length, character for character)
    breaks: frozenset[int]  # positions in display of the spaces that stand for a paragraph break


def _compared(text: str) -> str:
    """text in the form matches are compared in, character for character (same length)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two (İ): keep those as is
        lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    for curly, straight in _ALIKE:  # str.replace runs in C; translate() would not
        if curly in lowered:
            lowered = lowered.replace(curly, straight)
    return lowered


@lru_cache(maxsize=16)
def _article(text: str) -> _Article:
    blocks = [" ".join(block.split()) for block in _PARAGRAPH.split(text.strip())]
    blocks = [block for block in blocks if block]
    breaks, position = set(), 0
    for block in blocks[:-1]:
        position += len(block)
        breaks.add(position)  # the space that joins this block to the next
        position += 1
    display = " ".join(blocks)
    return _Article(display, _compared(display), frozenset(breaks))


@dataclass(frozen=True)
class _Directive:
    start: str
    end: str = ""
    prefix: str = ""
    suffix: str = ""

    def encoded(self) -> str:
        terms = [_encode(self.start)] + ([_encode(self.end)] if self.end else [])
        if self.prefix:
            terms.insert(0, _encode(self.prefix) + "-")
        if self.suffix:
            terms.append("-" + _encode(self.suffix))
        return "text=" + ",".join(terms)


def _encode(term: str) -> str:
    # quote() keeps "-" (an unreserved character), but in a directive it marks prefix and
    # suffix. "." "_" "~" are encoded too, so a link never ends in punctuation that an app
    # turning addresses into links (X, Mastodon) would leave out of it.
    encoded = percent_encode(term, safe="")
    return "".join(
        char if (char.isascii() and char.isalnum()) or char == "%" else f"%{ord(char):02X}"
        for char in encoded
    )


def _first_match(article: _Article, directive: _Directive) -> tuple[int, int] | None:
    """Where a browser's search for the directive lands first (over the compared text)."""
    normal = article.normal
    start, end = _compared(directive.start), _compared(directive.end)
    prefix, suffix = _compared(directive.prefix), _compared(directive.suffix)
    position = 0
    while True:
        if prefix:
            found = normal.find(f"{prefix} {start}", position)
            begin = found + len(prefix) + 1
        else:
            found = begin = normal.find(start, position)
        if found < 0:
            return None
        finish = begin + len(start)
        if end:
            found_end = normal.find(end, finish)
            if found_end < 0:
                return None
            finish = found_end + len(end)
        if not suffix or normal.startswith(f" {suffix}", finish):
            return begin, finish
        position = found + 1


def _word_spans(article: _Article, begin: int, finish: int) -> list[tuple[int, int]]:
    return [
        (match.start() + begin, match.end() + begin)
        for match in re.finditer(r"\S+", article.display[begin:finish])
    ]


def _crosses_break(article: _Article, begin: int, finish: int) -> bool:
    return any(begin <= at < finish for at in article.breaks)


def _context(article: _Article, begin: int, finish: int, count: int, before: bool) -> str:
    """Up to count words before begin (or after finish), within the same paragraph."""
    # Only a window next to the quote is looked at: a few words, however long the article.
    reach = CONTEXT_CHARS * count
    if before:
        words = _word_spans(article, max(begin - 1 - reach, 0), max(begin - 1, 0))[-count:]
    else:
        words = _word_spans(article, finish + 1, finish + 1 + reach)[:count]
    if not words:
        return ""
    first, last = words[0][0], words[-1][1]
    if before and _crosses_break(article, first, begin):
        return ""
    if not before and _crosses_break(article, finish, last + 1):
        return ""
    return article.display[first:last]


def _terms(article: _Article, begin: int, finish: int) -> list[_Directive]:
    """Candidate start/end pairs for the quote at [begin, finish), the shortest first."""
    words = _word_spans(article, begin, finish)
    text = article.display[begin:finish]
    candidates = []
    if len(words) <= EXACT_WORDS and not _crosses_break(article, begin, finish):
        candidates.append(_Directive(text))
    if len(words) > 2 * RANGE_WORDS or _crosses_break(article, begin, finish):
        start_words = RANGE_WORDS
        while start_words > 1 and _crosses_break(article, begin, words[start_words - 1][1]):
            start_words -= 1
        start = article.display[begin : words[start_words - 1][1]]
        # The end's words: four or more (the fewest that land right), else fewer when the
        # quote's last paragraph is shorter.
        available = len(words) - start_words
        longer = range(RANGE_WORDS, available + 1)
        for count in [*longer, *range(min(RANGE_WORDS - 1, available), 0, -1)]:
            first = words[-count][0]
            if _crosses_break(article, first, finish):
                continue
            candidates.append(_Directive(start, article.display[first:finish]))
    return candidates


def _disambiguated(article: _Article, directive: _Directive, target: tuple[int, int]):
    """The directive, with as little prefix or suffix as makes its first match the target."""
    if _first_match(article, directive) == target:
        return directive
    for count in range(1, CONTEXT_WORDS + 1):
        prefix = _context(article, target[0], target[1], count, before=True)
        suffix = _context(article, target[0], target[1], count, before=False)
        for candidate in (
            _Directive(directive.start, directive.end, prefix=prefix),
            _Directive(directive.start, directive.end, suffix=suffix),
            _Directive(directive.start, directive.end, prefix=prefix, suffix=suffix),
        ):
            if (candidate.prefix or candidate.suffix) and _first_match(
                article, candidate
            ) == target:
                return candidate
    return None


def _inside_word(display: str, at: int) -> bool:
    return 0 < at < len(display) and display[at - 1].isalnum() and display[at].isalnum()


def _occurrences(normal: str, wanted: str, begin: int, finish: int) -> list[int]:
    found, at = [], normal.find(wanted, begin, finish)
    while at >= 0:
        found.append(at)
        at = normal.find(wanted, at + 1, finish)
    return found


def _locate(article: _Article, quote_text: str, context: str | None) -> tuple[int, int] | None:
    """Where the quote is in the article's display text, widened to whole words: inside its
    saved context when that is found (it tells which of several copies was selected), the
    first copy at word boundaries, else the first copy."""
    wanted = _compared(" ".join(quote_text.split()))
    if not wanted:
        return None
    display, normal = article.display, article.normal
    window = (0, len(normal))
    if context:
        around = _compared(" ".join(context.split()))
        at = normal.find(around) if wanted in around else -1
        if at >= 0:
            window = (at, at + len(around))
    found = _occurrences(normal, wanted, *window) or _occurrences(normal, wanted, 0, len(normal))
    if not found:
        return None
    whole = [
        at
        for at in found
        if not _inside_word(display, at) and not _inside_word(display, at + len(wanted))
    ]
    begin = (whole or found)[0]
    finish = begin + len(wanted)
    # A selection can start or end inside a word; browsers match whole words only.
    while _inside_word(display, begin):
        begin -= 1
    while _inside_word(display, finish):
        finish += 1
    return begin, finish


def text_directive(
    quote_text: str, article_text: str | None, context: str | None = None
) -> str | None:
    """``text=...`` that leads a browser to the quote in the page, or None when the quote is not
    in the stored article text (or no directive would land on it). ``context`` (the paragraph
    saved with the quote) picks the right copy when the article has the quote more than once."""
    if not article_text or not quote_text or not quote_text.strip():
        return None
    article = _article(article_text)
    target = _locate(article, quote_text, context)
    if target is None:
        return None
    for directive in _terms(article, *target):
        found = _disambiguated(article, directive, target)
        if found is not None:
            return found.encoded()
    return None


def with_directive(url: str, directive: str) -> str:
    """url with the directive after ``:~:`` in its fragment (an existing directive replaced)."""
    base, _, fragment = url.partition("#")
    fragment = fragment.split(":~:", 1)[0]
    return f"{base}#{fragment}:~:{directive}"


def link_to_quote(
    url: str | None, quote_text: str, article_text: str | None, context: str | None = None
) -> str | None:
    """The page's address with a text fragment to the quote, or None (no address, or the quote
    is not in the article)."""
    if not url:
        return None
    directive = text_directive(quote_text, article_text, context)
    return with_directive(url, directive) if directive else None


def quote_link(quote: dict, article_text: str | None) -> str | None:
    """link_to_quote for a stored quote: its canonical address (else its address), without
    credentials or secret-looking parameters (it is shared)."""
    url = quote.get("canonical_url") or quote.get("url")
    url = strip_secrets(url) if url else None
    return link_to_quote(url, quote.get("text") or "", article_text, quote.get("context"))
