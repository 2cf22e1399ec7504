"""Real pages (tests/pages/real/, labelled by hand): quotebank's metadata, field by field.

Not every field is right on every page yet. Each field's accuracy must stay at or above the
floor measured when the rules last changed (FLOORS), and the pages a field is known to get
wrong are listed in tests/pages/real/known_failures.json: those are strict expected failures,
so fixing one (or breaking another) shows up here. Run with UPDATE_REAL=1 to rewrite that list
from the current output, then raise FLOORS to the figures printed by bench/attribution.py.
"""

import json
import os

import lxml.html
import pytest

from indexer.extraction import PageInfo, extract_page
from indexer.extraction.parse import page_text
from tests.support import realpages

PAGES = realpages.pages()
BY_NAME = {page.name: page for page in PAGES}
KNOWN = realpages.known_failures()
UPDATE = os.environ.get("UPDATE_REAL") == "1"
# Share of the labelled pages each field gets right, measured; a regression falls below.
FLOORS = {
    "title": 1.0,
    "author": 0.98,
    "handle": 1.0,
    "site_name": 1.0,
    "published": 0.95,
    "lang": 1.0,
}
TEXT_F1_FLOOR = 0.96


@pytest.fixture(scope="module")
def results() -> dict[str, PageInfo]:
    found = {page.name: extract_page(page.html, page.url) for page in PAGES}
    if UPDATE:
        wrong = [
            {"page": page.name, "field": field, "found": getattr(found[page.name], field)}
            for page in PAGES
            for field in realpages.FIELDS
            if not realpages.right(page, field, getattr(found[page.name], field))
        ]
        text = json.dumps(wrong, indent=1, ensure_ascii=False) + "\n"
        (realpages.REAL / "known_failures.json").write_text(text, encoding="utf-8")
    return found


def test_there_are_enough_labelled_pages():
    assert len(PAGES) >= 60
    languages = {realpages._primary(page.labels["lang"]) for page in PAGES}
    assert len(languages) >= 6


@pytest.mark.parametrize("field", realpages.FIELDS)
def test_field_accuracy_is_at_least_its_floor(results, field):
    right = [realpages.right(page, field, getattr(results[page.name], field)) for page in PAGES]
    assert sum(right) / len(right) >= FLOORS[field]


def _cases() -> list:
    cases = []
    for page in PAGES:
        for field in realpages.FIELDS:
            known = (page.name, field) in KNOWN
            mark = [pytest.mark.xfail(strict=True, reason="known_failures.json")] if known else []
            cases.append(pytest.param(page.name, field, marks=mark, id=f"{page.name}-{field}"))
    return cases


@pytest.mark.parametrize(("name", "field"), _cases())
def test_field(results, name, field):
    page = BY_NAME[name]
    found = getattr(results[name], field)
    assert realpages.right(page, field, found), f"{name} {field}: {found!r}"


def test_known_failures_name_real_pages_and_fields():
    assert all(name in BY_NAME and field in realpages.FIELDS for name, field in KNOWN)


def test_article_text_against_the_benchmark_text(results):
    bodies = realpages.article_bodies()
    scores = [realpages.text_scores(results[name].text, bodies[name]) for name in BY_NAME]
    assert realpages.f1(scores) >= TEXT_F1_FLOOR


def _visible_text(html: bytes) -> str:
    doc = lxml.html.document_fromstring(page_text(html))
    for node in doc.xpath("//script|//style"):
        node.drop_tree()
    return " ".join(doc.text_content().split())


def test_speaker_labels_are_sentences_of_their_pages():
    """The highlights are what a reader can select: each is in its page's visible text, and
    there are both quotations (a speaker) and the author's own prose (null)."""
    labels = json.loads((realpages.REAL / "speakers.json").read_text(encoding="utf-8"))
    assert len(labels) >= 40
    assert sum(item["speaker"] is None for item in labels) >= 10
    assert sum(item["speaker"] is not None for item in labels) >= 25
    texts = {}
    for item in labels:
        page = BY_NAME[item["page"]]
        texts.setdefault(page.name, _visible_text(page.html))
        assert " ".join(item["text"].split()) in texts[page.name], item["text"]
