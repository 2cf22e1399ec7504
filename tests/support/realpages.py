"""The hand-labelled real pages in tests/pages/real/ and how a field is judged right.

Shared by tests/test_extraction_real.py and bench/attribution.py, so that the test and the
benchmark count the same thing. Labels are a value per field plus, in `accept`, other values a
careful reader would also call right (see tests/pages/real/README.md).
"""

import gzip
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REAL = Path(__file__).resolve().parent.parent / "pages" / "real"
FIELDS = ("title", "author", "handle", "site_name", "published", "lang")

_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
        "…": "...",
    }
)
_NAME_LIST = re.compile(r"\s*(?:,|;|\s&\s|\sand\s)\s*", re.IGNORECASE)


@dataclass
class RealPage:
    name: str
    url: str
    html: bytes
    labels: dict


def pages() -> list[RealPage]:
    found = []
    for path in sorted(REAL.glob("*.html.gz")):
        name = path.name.removesuffix(".html.gz")
        labels = json.loads((REAL / f"{name}.expected.json").read_text(encoding="utf-8"))
        found.append(RealPage(name, labels["url"], gzip.decompress(path.read_bytes()), labels))
    return found


def _text(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).translate(_QUOTES)
    return " ".join(text.split())


def _name(value: str) -> str:
    return _text(value).casefold()


def authors_of(value: object) -> frozenset[str]:
    """A set of normalised names from a label (list) or an extractor's "A, B and C" string."""
    if value is None:
        return frozenset()
    names = value if isinstance(value, list) else _NAME_LIST.split(str(value))
    return frozenset(_name(name) for name in names if name and name.strip())


def _same_title(found: object, expected: object) -> bool:
    return _text(str(found)) == _text(str(expected)) if found and expected else found == expected


def _same_name(found: object, expected: object) -> bool:
    return _name(str(found)) == _name(str(expected)) if found and expected else found == expected


def _site(value: str) -> str:
    return _name(value).removeprefix("the ")  # "The Wall Street Journal" is "Wall Street Journal"


def _same_site(found: object, expected: object) -> bool:
    return _site(str(found)) == _site(str(expected)) if found and expected else found == expected


def _same_handle(found: object, expected: object) -> bool:
    return (
        (str(found).lower() == str(expected).lower()) if found and expected else found == expected
    )


def _same_date(found: object, expected: object) -> bool:
    return (found or None) == (expected or None)


def _primary(value: object) -> str | None:
    return re.split(r"[-_]", str(value).strip().lower())[0] if value else None


def _same_lang(found: object, expected: object) -> bool:
    return _primary(found) == _primary(expected)


def _same_authors(found: object, expected: object) -> bool:
    return authors_of(found) == authors_of(expected)


SAME: dict[str, Callable[[object, object], bool]] = {
    "title": _same_title,
    "author": _same_authors,
    "handle": _same_handle,
    "site_name": _same_site,
    "published": _same_date,
    "lang": _same_lang,
}


def right(page: RealPage, field: str, found: object) -> bool:
    """Whether an extractor's value for a field matches the label or an accepted alternative."""
    expected = [page.labels[field], *page.labels.get("accept", {}).get(field, [])]
    return any(SAME[field](found, value) for value in expected)


def known_failures() -> set[tuple[str, str]]:
    path = REAL / "known_failures.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    return {(item["page"], item["field"]) for item in data}


def article_bodies() -> dict[str, str]:
    """The benchmark's hand-checked article text of each page, by page name."""
    return json.loads((REAL / "article_bodies.json").read_text(encoding="utf-8"))


_TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4  # the article-extraction-benchmark compares runs of 4 words


def shingles(text: str | None) -> Counter:
    tokens = _TOKEN.findall((text or "").casefold())
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(max(0, len(tokens) - SHINGLE + 1)))


def text_scores(found: str | None, expected: str) -> tuple[int, int, int]:
    """True positives, false positives and false negatives of one page, in word 4-shingles."""
    ours, theirs = shingles(found), shingles(expected)
    common = sum((ours & theirs).values())
    return common, sum(ours.values()) - common, sum(theirs.values()) - common


def f1(scores: list[tuple[int, int, int]]) -> float:
    """F1 over all pages at once (shingles summed), as the benchmark reports it."""
    tp, fp, fn = (sum(values) for values in zip(*scores, strict=True))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0
