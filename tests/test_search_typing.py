"""Search as people type it: prefixes on the words as written, the half-typed last word of the
search box (typing=1), and why a quote matched when its text holds no match."""

import pytest

from indexer.bank import QuoteBank
from indexer.errors import ValidationError
from indexer.extraction import PageInfo
from tests.factories import StubExtractor, found_names, make_quote

TEXTS = {
    "innovation": "Innovation has to become a distributed activity.",
    "innovations": "Small innovations add up over the years.",
    "innovative": "An innovative team argues a lot.",
    "innovate": "We innovate when we must.",
    "inner": "Inner peace comes first.",
    "art": "Art is long and life is short.",
    # Many words starting with "art", for a higher score than "art" alone gets: typing must
    # still put the whole word first.
    "artist": "Artist artists artistry artisan artful artistic.",
}


@pytest.fixture(scope="module")
def named(tmp_path_factory):
    bank = QuoteBank(tmp_path_factory.mktemp("typing"), extractor=StubExtractor())
    ids = {name: bank.capture(make_quote(text=text))[0]["id"] for name, text in TEXTS.items()}
    yield bank, ids
    bank.close()


INNOV = {"innovation", "innovations", "innovative", "innovate"}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("inno*", INNOV),
        ("innova*", INNOV),
        ("innovat*", INNOV),  # longer than the stem "innov": found none before
        ("innovati*", {"innovation", "innovations", "innovative"}),
        ("innovatio*", {"innovation", "innovations"}),
        ("innovation*", {"innovation", "innovations"}),
        ("innovations*", {"innovations"}),
        ("innovat?on", {"innovation"}),  # wildcards too
        ("innovat* -team", INNOV - {"innovative"}),
    ],
)
def test_a_prefix_matches_the_words_as_written(named, q, expected):
    assert found_names(named, q) == expected


def test_a_prefix_marks_the_words_it_matched(named):
    bank, ids = named
    _, results = bank.search("innovati*")
    marks = {quote["id"]: quote["highlight"] for quote in results}
    assert marks[ids["innovation"]].startswith("<mark>Innovation</mark> has")
    assert "<mark>innovative</mark>" in marks[ids["innovative"]]


def test_prefixes_on_titles_and_names_are_as_written_too(data_dir):
    info = PageInfo(title="Notes on Innovation", author="Stowe Boyd")
    with QuoteBank(data_dir, extractor=StubExtractor(info)) as bank:
        quote, _ = bank.capture(make_quote(text="Nothing about it here."))
        assert [hit["id"] for hit in bank.search("innovati*")[1]] == [quote["id"]]


def test_without_typing_a_half_word_is_exact(named):
    assert found_names(named, "innova") == set()


def test_typing_innovation_letter_by_letter_never_finds_nothing(named):
    bank, ids = named
    for end in range(1, len("innovation") + 1):
        typed = "innovation"[:end]
        total, results = bank.search(typed, typing=True, limit=50)
        assert total == len(results) > 0, typed
        assert ids["innovation"] in {quote["id"] for quote in results}, typed


def test_typing_ranks_whole_word_matches_first(named):
    bank, ids = named
    total, results = bank.search("art", typing=True)
    assert total == 2
    assert [quote["id"] for quote in results] == [ids["art"], ids["artist"]]
    # The page after the whole-word matches continues with the prefix matches.
    assert [quote["id"] for quote in bank.search("art", typing=True, offset=1)[1]] == [
        ids["artist"]
    ]


def test_typing_a_stop_word_finds_the_words_it_begins(named):
    bank, _ = named
    with pytest.raises(ValidationError):
        bank.search("a")  # "a" alone is skipped, as the most common words are
    assert found_typing(named, "a") == {"innovation", "innovations", "innovative", "art", "artist"}


def test_typing_keeps_exclusions_phrases_and_fields_exact(named):
    assert found_typing(named, "innovat* -tea") == INNOV  # a -word being typed is not a prefix
    assert found_typing(named, '"art is') == found_names(named, '"art is')
    assert found_typing(named, "innova OR") == found_names(named, "innova OR")


def found_typing(named, q):
    bank, ids = named
    names = {quote_id: name for name, quote_id in ids.items()}
    total, results = bank.search(q, typing=True, limit=50)
    assert total == len(results)
    return {names[quote["id"]] for quote in results}


def test_the_api_takes_typing_and_keeps_exact_semantics_without_it(client):
    headers = {"Content-Type": "application/json"}
    body = make_quote(text="Innovation has to become a distributed activity.")
    assert client.post("/api/quotes", json=body, headers=headers).status_code == 201
    assert client.get("/api/search?q=innova").json["total"] == 0
    assert client.get("/api/search?q=innova&typing=0").json["total"] == 0
    found = client.get("/api/search?q=innova&typing=1").json
    assert found["total"] == 1
    assert found["results"][0]["highlight"].startswith("<mark>Innovation</mark>")
    refused = client.get("/api/search?q=innova&typing=yes")
    assert refused.status_code == 400
    assert refused.json["error"]["code"] == "invalid"
    assert "typing" in refused.json["error"]["message"]


def test_a_quote_matched_only_by_its_title_says_where_it_matched(data_dir):
    info = PageInfo(title="Notes on Innovation", author="Stowe Boyd", site_name="Gigaom")
    with QuoteBank(data_dir, extractor=StubExtractor(info)) as bank:
        bank.capture(make_quote(text="Nothing about it here.", note="Read in a café"))
        [by_title] = bank.search("innovation")[1]
        assert "<mark>" not in by_title["highlight"]
        assert by_title["matched_in"] == [
            {"field": "title", "highlight": "Notes on <mark>Innovation</mark>"}
        ]
        [by_note] = bank.search("cafe")[1]
        assert by_note["matched_in"] == [
            {"field": "note", "highlight": "Read in a <mark>café</mark>"}
        ]
        [by_prefix] = bank.search("gigao", typing=True)[1]
        assert by_prefix["matched_in"] == [
            {"field": "site_name", "highlight": "<mark>Gigaom</mark>"}
        ]
        [in_text] = bank.search("nothing")[1]
        assert "<mark>Nothing</mark>" in in_text["highlight"] and "matched_in" not in in_text


def test_while_typing_a_prefix_searches_only_its_most_frequent_words(data_dir, monkeypatch):
    monkeypatch.setattr("indexer.index.quote_index.TYPED_PREFIX_WORDS", 3)
    with QuoteBank(data_dir, extractor=StubExtractor()) as bank:
        for n, repeats in enumerate([1, 2, 3, 4, 5]):
            for _ in range(repeats):
                bank.capture(make_quote(text=f"A word: zeta{n}."))
        assert bank.search("zeta*")[0] == 15  # written out: every word it covers
        total, results = bank.search("zet", typing=True, limit=50)
        assert total == len(results) == 12  # typing: zeta4, zeta3 and zeta2 (5 + 4 + 3)
