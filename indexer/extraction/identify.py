"""The language a text is written in, for pages that do not declare theirs (or declare two).

py3langid (a maintained port of langid.py: a naive Bayes model over byte n-grams of 97
languages, 4.5 MB with its model, well under a millisecond per page once loaded). The model is
loaded on first use, once per process.
"""

import functools
import re

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

# Below this many letters an identifier guesses; the field is better left empty.
MIN_LETTERS = 60
MIN_PROBABILITY = 0.7
MAX_SAMPLE = 3000
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


@functools.cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def identify_lang(text: str | None) -> str | None:
    """The ISO 639-1 code of the text's language; None when the text is too short to tell or
    the identifier is not confident."""
    sample = (text or "")[:MAX_SAMPLE]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    lang, probability = _identifier().classify(sample)
    return lang if probability >= MIN_PROBABILITY else None
