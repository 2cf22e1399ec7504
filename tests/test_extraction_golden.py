"""Golden pages: realistic saved pages in tests/pages/NAME.html, expected output beside them in
NAME.expected.json. Run with UPDATE_GOLDEN=1 to rewrite the expected fields from the current
output (the url, quote, text_contains and text_excludes written by hand are kept)."""

import json
import os
from pathlib import Path

import lxml.html
import pytest
from readability import Document

from indexer.extraction import PageInfo, extract_page, find_context
from indexer.extraction.parse import page_text
from indexer.extraction.text import element_text

PAGES = Path(__file__).parent / "pages"
NAMES = sorted(path.name.removesuffix(".html") for path in PAGES.glob("*.html"))
FIELDS = ("title", "author", "handle", "site_name", "published", "lang", "canonical_url")
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def load(name: str) -> tuple[bytes, dict]:
    expected = json.loads((PAGES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return (PAGES / f"{name}.html").read_bytes(), expected


def rewrite(name: str, expected: dict, info: PageInfo) -> None:
    updated = {"url": expected["url"], **{field: getattr(info, field) for field in FIELDS}}
    updated["quote"] = expected["quote"]
    updated["context"] = find_context(info.text, expected["quote"])
    updated["text_contains"] = expected["text_contains"]
    updated["text_excludes"] = expected["text_excludes"]
    text = json.dumps(updated, indent=2, ensure_ascii=False) + "\n"
    (PAGES / f"{name}.expected.json").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def results() -> dict[str, PageInfo]:
    """Each page extracted once for all the tests of this module (bytes in: charset sniffing)."""
    found = {}
    for name in NAMES:
        html, expected = load(name)
        found[name] = extract_page(html, expected["url"])
        if UPDATE:
            rewrite(name, expected, found[name])
    return found


def test_there_are_enough_golden_pages():
    assert len(NAMES) >= 12


@pytest.mark.parametrize("name", NAMES)
def test_metadata(results, name):
    _, expected = load(name)
    info = results[name]
    assert info.complete
    for field in FIELDS:
        assert getattr(info, field) == expected[field], f"{name}: {field}"


@pytest.mark.parametrize("name", NAMES)
def test_article_text(results, name):
    _, expected = load(name)
    text = results[name].text
    assert text, name
    for snippet in expected["text_contains"]:
        assert snippet in text, f"{name}: missing {snippet!r}"
    for snippet in expected["text_excludes"]:
        assert snippet not in text, f"{name}: should not contain {snippet!r}"
    assert "\n\n" in text  # paragraphs are separated by blank lines


@pytest.mark.parametrize("name", NAMES)
def test_context_of_the_quote(results, name):
    _, expected = load(name)
    context = find_context(results[name].text, expected["quote"])
    assert context == expected["context"]
    assert context is not None


def readability_paragraphs(html: bytes) -> list[str]:
    """readability-lxml's own article, through the same text conversion. It gets the page text
    decoded as ours is, so that a charset mistake of its own is not counted against either side."""
    summary = Document(page_text(html)).summary()
    return element_text(lxml.html.document_fromstring(summary)).split("\n\n")


@pytest.mark.parametrize("name", NAMES)
def test_at_least_as_complete_and_clean_as_readability(results, name):
    """design.md: never worse than readability-lxml. Every paragraph readability keeps is in our
    text, unless it is junk we remove on purpose (it holds one of the page's text_excludes)."""
    html, expected = load(name)
    text = results[name].text
    theirs = readability_paragraphs(html)
    junk = [p for p in theirs if any(snippet in p for snippet in expected["text_excludes"])]
    missing = [p for p in theirs if p not in junk and p not in text]
    assert missing == [], f"{name}: readability kept paragraphs we lost"
    assert len(theirs) > len(junk)  # the comparison compared something
