"""Language codes, normalised so that one language is spelled one way.

The rule: the primary language subtag, lower-case ("en-US", "en_GB" and "EN" are all "en"),
because readers search and filter by language, not by country. Two languages keep their second
subtag, lower-case, because their regional or script variants are written differently enough to
matter to a reader: Portuguese ("pt-br", "pt-pt") and Chinese ("zh-cn", "zh-tw", "zh-hant").
Three-letter ISO 639-2 codes of common languages become their two-letter form; "und" (undetermined)
and other non-languages are no answer.
"""

import re

from indexer.extraction.strings import squash

KEEP_SECOND_SUBTAG = frozenset({"pt", "zh"})
NOT_LANGUAGES = frozenset({"und", "mul", "zxx", "mis"})
THREE_TO_TWO = {
    "eng": "en",
    "fra": "fr",
    "fre": "fr",
    "deu": "de",
    "ger": "de",
    "spa": "es",
    "ita": "it",
    "por": "pt",
    "nld": "nl",
    "dut": "nl",
    "rus": "ru",
    "jpn": "ja",
    "zho": "zh",
    "chi": "zh",
    "pol": "pl",
    "swe": "sv",
}
_PRIMARY = re.compile(r"^[a-z]{2,3}$")
_SUBTAG = re.compile(r"^[a-z0-9]{2,8}$")


def normalise_lang(value: object) -> str | None:
    """ "en-US" -> "en", "pt_BR" -> "pt-br", "zh-Hant-TW" -> "zh-hant"; None for anything else."""
    text = squash(value)
    if not text:
        return None
    # Content-Language may list several ("en-US, fr"); the first is the main one.
    first = text.split(",")[0].strip().lower().replace("_", "-")
    parts = first.split("-")
    primary = THREE_TO_TWO.get(parts[0], parts[0])
    if not _PRIMARY.match(primary) or primary in NOT_LANGUAGES:
        return None
    if primary in KEEP_SECOND_SUBTAG and len(parts) > 1 and _SUBTAG.match(parts[1]):
        return f"{primary}-{parts[1]}"
    return primary
