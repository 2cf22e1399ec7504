"""Exact duplicates: a second save of the same quote from the same page, and a highlight
extended since it was saved (captures and imports alike; rules in indexer/dedupe.py)."""

import json
import sqlite3

import pytest

from indexer import dedupe, paths
from indexer.bank import QuoteBank
from indexer.db import connect
from indexer.importers.run import import_file
from indexer.migrations import migrate
from tests.factories import StubExtractor, make_quote

HEADERS = {"Content-Type": "application/json"}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Innovation is hard.", "  Innovation   is\nhard. "),
        ('He said "it works".', "He said \u201cit works\u201d."),
        ("Il a dit \u00ab\u00a0oui\u00a0\u00bb, puis rien.", 'Il a dit "oui", puis rien.'),
        ("Don\u2019t stop.", "Don't stop."),
        ("\u201cQuoted whole.\u201d", "Quoted whole."),
        ("'Single quoted.'", "\u2018Single quoted.\u2019"),
    ],
)
def test_whitespace_and_quote_marks_are_set_aside(a, b):
    assert dedupe.normalized_text(a) == dedupe.normalized_text(b)
    assert dedupe.text_key(a) == dedupe.text_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Innovation is hard.", "innovation is hard."), ("One - two.", "One, two."), ("a b", "ab")],
)
def test_other_differences_count(a, b):
    assert dedupe.text_key(a) != dedupe.text_key(b)


def test_extends_needs_the_whole_earlier_text():
    assert dedupe.extends("Before. He said \u201cyes\u201d. After.", 'He said "yes".')
    assert not dedupe.extends('He said "yes".', 'He said "yes".')
    assert not dedupe.extends("He said no. After.", 'He said "yes".')


@pytest.fixture
def bank(data_dir):
    with QuoteBank(data_dir, extractor=StubExtractor()) as bank:
        yield bank


def test_a_second_save_from_the_same_page_returns_the_first_with_tags_and_note_merged(client):
    first = make_quote(
        text='She wrote "less,  but better".',
        url="https://example.com/essay?utm_source=feed",
        tags=["design"],
        note="From the talk.",
    )
    saved = client.post("/api/quotes", json=first, headers=HEADERS)
    assert saved.status_code == 201 and "duplicate" not in saved.json
    again = make_quote(
        text="She wrote \u201cless, but better\u201d.",
        url="https://example.com/essay",
        tags=["craft", "design"],
        note="Quoted by Rams.",
    )
    second = client.post("/api/quotes", json=again, headers=HEADERS)
    assert second.status_code == 200
    assert second.json["duplicate"] is True
    assert second.json["id"] == first["id"]
    assert second.json["tags"] == ["design", "craft"]
    assert second.json["note"] == "From the talk.\n\nQuoted by Rams."
    assert client.get("/api/quotes").json["total"] == 1
    assert client.get("/api/search?q=craft").json["total"] == 1  # the merged tag is indexed


def test_the_same_text_from_another_page_is_another_quote(bank):
    first, _ = bank.capture(make_quote(text="Same words.", url="https://a.example/1"))
    second, created = bank.capture(make_quote(text="Same words.", url="https://a.example/2"))
    assert created and second["id"] != first["id"]
    assert bank.store.count() == 2


def test_a_longer_selection_containing_a_saved_one_replaces_it(bank):
    url = "https://example.com/article"
    short, _ = bank.capture(
        make_quote(text="the mythical glue", url=url, tags=["myth"], note="Key idea.")
    )
    longer = make_quote(
        text="We are bound by the mythical glue of shared stories.", url=url, tags=["story"]
    )
    quote, created = bank.capture(longer)
    assert not created and quote["extended"] is True
    assert quote["id"] == short["id"]
    assert quote["text"] == longer["text"]
    assert quote["tags"] == ["myth", "story"]
    assert quote["note"] == "Key idea."
    assert quote["created_at"] == short["created_at"]
    assert bank.store.count() == 1
    assert [hit["id"] for hit in bank.search("stories")[1]] == [short["id"]]
    # A retry of the first capture (same id, the shorter text) is still a replay, not a conflict.
    replay = make_quote(text="the mythical glue", url=url, id=short["id"])
    assert bank.capture(replay)[0]["text"] == longer["text"]


def test_a_shorter_selection_inside_a_saved_one_is_a_quote_of_its_own(bank):
    url = "https://example.com/article"
    bank.capture(make_quote(text="We are bound by the mythical glue of stories.", url=url))
    _, created = bank.capture(make_quote(text="the mythical glue", url=url))
    assert created and bank.store.count() == 2


def test_an_import_of_a_quote_already_captured_merges_into_it(bank, tmp_path):
    captured, _ = bank.capture(
        make_quote(text="Less, but better.", url="https://example.com/rams", tags=["design"])
    )
    path = tmp_path / "quotes.csv"
    path.write_text(
        'text,url,tags,note\n"\u201cLess, but better.\u201d",https://example.com/rams?utm_medium=x,'
        "rams,Ten\n",
        encoding="utf-8",
    )
    summary = import_file(bank, path)
    assert (summary.added, summary.already) == (0, 1)
    [quote] = list(bank.iter_quotes())
    assert quote["id"] == captured["id"]
    assert quote["tags"] == ["design", "rams"] and quote["note"] == "Ten"


KINDLE_SHORT = """\ufeffSapiens (Harari, Yuval Noah)
- Your Highlight on page 23 | Location 341-343 | Added on Monday, 3 March 2025 14:22:01

The real difference between us and chimpanzees is the mythical glue.
==========
"""
KINDLE_LONGER = """\ufeffSapiens (Harari, Yuval Noah)
- Your Highlight on page 23 | Location 341-345 | Added on Monday, 3 March 2025 14:23:10

The real difference between us and chimpanzees is the mythical glue. It binds us.
==========
\ufeffSapiens (Harari, Yuval Noah)
- Your Note on page 23 | Location 345 | Added on Monday, 3 March 2025 14:23:40

Compare with Dunbar.
==========
"""


def test_a_kindle_highlight_extended_since_the_last_import_replaces_it(bank, tmp_path):
    first = tmp_path / "first" / "My Clippings.txt"
    first.parent.mkdir()
    first.write_text(KINDLE_SHORT, encoding="utf-8")
    import_file(bank, first)
    [earlier] = list(bank.iter_quotes())
    bank.update(earlier["id"], {"tags": ["myth"], "note": "Mine."})
    later = tmp_path / "later" / "My Clippings.txt"
    later.parent.mkdir()
    later.write_text(KINDLE_SHORT + KINDLE_LONGER, encoding="utf-8")
    import_file(bank, later)
    [quote] = list(bank.iter_quotes())
    assert quote["id"] == earlier["id"]
    assert quote["text"].endswith("It binds us.")
    assert quote["tags"] == ["myth"]
    assert quote["note"] == "Mine.\n\nCompare with Dunbar."  # the note at location 345 joins it
    assert quote["created_at"] == earlier["created_at"]
    import_file(bank, later)  # again: nothing changes
    assert list(bank.iter_quotes()) == [quote]


READWISE_HEADER = (
    "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,"
    "Highlighted at,Document tags\n"
)


def test_a_readwise_highlight_merged_since_the_last_import_replaces_it(bank, tmp_path):
    path = tmp_path / "readwise.csv"
    path.write_text(
        READWISE_HEADER + "Plant a tree.,Habits,James Clear,B07,First,yellow,trees,location,"
        "10,2023-01-15 14:22:01+00:00,\n",
        encoding="utf-8",
    )
    import_file(bank, path)
    [earlier] = list(bank.iter_quotes())
    path.write_text(
        READWISE_HEADER + "The best time was 20 years ago. Plant a tree.,Habits,James Clear,B07,"
        ",yellow,,location,9,2023-02-01 10:00:00+00:00,\n",
        encoding="utf-8",
    )
    summary = import_file(bank, path)
    assert (summary.added, summary.already) == (0, 1)
    [quote] = list(bank.iter_quotes())
    assert quote["id"] == earlier["id"]
    assert quote["text"] == "The best time was 20 years ago. Plant a tree."
    assert (quote["tags"], quote["note"]) == (["trees"], "First")
    assert quote["created_at"] == "2023-01-15T14:22:01Z"


def test_a_restore_of_quotebanks_own_export_keeps_every_quote_as_it_was(bank, tmp_path):
    url = "https://example.com/page"
    bank.capture(make_quote(text="A short one.", url=url))
    bank.store.import_records([make_quote(text="Before it. A short one.", url=url) | {
        "canonical_url": url, "created_at": "2030-01-01T00:00:00Z", "tags": []}])  # fmt: skip
    assert bank.store.count() == 1  # merged: it extends the first
    document = {"quotes": [
        make_quote(text="A short one.", url=url) | {"canonical_url": url},
        make_quote(text="Before it. A short one.", url=url) | {"canonical_url": url},
    ]}  # fmt: skip
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert import_file(bank, path).added == 2


def test_the_migration_gives_stored_quotes_their_keys(data_dir):
    database = paths.database_path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    conn = connect(database)
    migrate(conn, upto=7)
    conn.execute(
        "INSERT INTO quotes (id, text, url, canonical_url, note, created_at, status) VALUES"
        " ('0b1c2d3e-0000-4000-8000-000000000001', 'Old  \u201cwords\u201d.',"
        " 'https://example.com/old?utm_source=x', 'https://example.com/old', '',"
        " '2024-01-01T00:00:00Z', 'ready')"
    )
    conn.commit()
    conn.close()
    with QuoteBank(data_dir, extractor=StubExtractor()) as bank:
        quote, created = bank.capture(
            make_quote(text='Old "words".', url="https://example.com/old")
        )
        assert not created and quote["duplicate"] is True
    with sqlite3.connect(database) as raw:
        keys = raw.execute("SELECT text_key, source_key FROM quotes").fetchall()
    assert keys == [(dedupe.text_key("Old words."), "https://example.com/old")]
