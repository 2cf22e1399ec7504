"""Near-duplicates: a quote saved again in nearly the same words (the same sentence from
another address, a shorter or longer cut of it, other punctuation or case).

Candidates are the quotes sharing the new one's rarest words (keyword recall) and the closest in
meaning; the words decide: the two texts, folded (case, accents, punctuation, spacing), must be
nearly equal or one must hold the other. Quotes saying the same thing in other words are
related, not duplicates.
"""

import re
import unicodedata
from difflib import SequenceMatcher

CANDIDATES = 10
# Candidates by meaning below this cosine are not looked at (static vectors move a lot with
# case and length: a text and its upper-case copy have a cosine of about 0.4).
MIN_COSINE = 0.50
# Folded texts at least this similar (difflib's ratio) are the same quote.
MIN_RATIO = 0.90
# One folded text inside the other counts when the shorter is at least this part of it.
MIN_CONTAINED = 0.40
_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lower case, no accents, words separated by single spaces, punctuation gone."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub(" ", plain).strip()


def nearly_same(first: str, second: str) -> bool:
    """Whether two quote texts are the same quote, give or take a cut or the punctuation."""
    a, b = fold(first), fold(second)
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    if f" {shorter} " in f" {longer} ":
        return len(shorter) >= MIN_CONTAINED * len(longer)
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= MIN_RATIO
