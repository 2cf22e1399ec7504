"""find_speaker on the highlights labelled by hand on real pages (tests/pages/real/speakers.json).

The labels say who said each highlighted sentence, or null for the author's own prose. The bar
is the issue's: at least 90% right, and never a speaker for the author's prose (a wrong name in
a published attribution is worse than none).
"""

import json

import pytest

from indexer.extraction import extract_page, find_speaker
from tests.support import realpages

LABELS = json.loads((realpages.REAL / "speakers.json").read_text(encoding="utf-8"))
PAGES = {page.name: page for page in realpages.pages()}


@pytest.fixture(scope="module")
def found() -> list[str | None]:
    infos = {}
    for name in {item["page"] for item in LABELS}:
        infos[name] = extract_page(PAGES[name].html, PAGES[name].url)
    return [
        find_speaker(infos[item["page"]].text, item["text"], infos[item["page"]].lang)
        for item in LABELS
    ]


def test_at_least_nine_in_ten_speakers_are_right(found):
    right = [got == item["speaker"] for got, item in zip(found, LABELS, strict=True)]
    assert sum(right) / len(right) >= 0.9


def test_the_authors_prose_is_never_given_a_speaker(found):
    pairs = zip(found, LABELS, strict=True)
    given = [item["text"] for got, item in pairs if item["speaker"] is None and got is not None]
    assert sum(item["speaker"] is None for item in LABELS) >= 10
    assert given == []
