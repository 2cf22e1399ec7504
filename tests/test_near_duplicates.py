"""Near-duplicates at capture (the same sentence from another address, a shorter or longer cut)
and merging one into the other."""

import pytest

from indexer.bank import QuoteBank
from indexer.errors import NotFound, ValidationError
from indexer.near_duplicates import nearly_same
from tests.factories import StubExtractor, make_quote

SENTENCE = "Innovation has to become a distributed activity, not the job of a small department."


@pytest.fixture
def bank(data_dir):
    with QuoteBank(data_dir, extractor=StubExtractor()) as bank:
        yield bank


def save(bank, text, **fields):
    quote, created = bank.capture(make_quote(text=text, **fields))
    assert created
    return quote | {"near_duplicates": bank.near_duplicates(quote)}


def test_the_same_sentence_from_another_address_is_reported(bank):
    first = save(bank, SENTENCE)
    assert first["near_duplicates"] == []
    again = save(bank, SENTENCE.upper().replace(",", ""), url="https://mirror.example/copy")
    assert again["near_duplicates"] == [first["id"]]


def test_a_shorter_or_longer_cut_is_reported(bank):
    first = save(bank, SENTENCE)
    shorter = save(bank, "Innovation has to become a distributed activity")
    assert shorter["near_duplicates"] == [first["id"]]
    longer = save(bank, f"As the report says: {SENTENCE} Everyone owns it.")
    assert set(longer["near_duplicates"]) == {first["id"], shorter["id"]}


def test_the_same_idea_in_other_words_is_not_a_duplicate(bank):
    save(bank, SENTENCE)
    other = save(bank, "New ideas must come from everyone, not from one team behind a door.")
    assert other["near_duplicates"] == []
    assert save(bank, "Bees pollinate a third of the crops we eat.")["near_duplicates"] == []


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Café society is over.", "cafe SOCIETY is over", True),
        ("Write the one page they will read.", "write the one page they will", True),
        (
            "Write the one page.",
            "Write the one page they will read, and cut the other forty.",
            False,
        ),
        ("The city is hot.", "The city is not hot.", False),
        ("...", "...", False),
    ],
)
def test_nearly_same(first, second, same):
    assert nearly_same(first, second) is same


def test_merge_keeps_one_quote_with_both_tags_and_notes(bank):
    keep = save(bank, SENTENCE, tags=["work"], note="From the report.")
    copy = save(
        bank,
        SENTENCE,
        url="https://mirror.example/x",
        tags=["innovation", "work"],
        note="Seen again.",
    )
    merged = bank.merge(copy["id"], keep["id"])
    assert merged["id"] == keep["id"]
    assert merged["tags"] == ["work", "innovation"]
    assert merged["note"] == "From the report.\n\nSeen again."
    with pytest.raises(NotFound):
        bank.get(copy["id"])
    assert bank.meaning.count() == 1
    assert bank.search("distributed")[0] == 1


def test_merge_refuses_bad_targets(bank):
    quote = save(bank, SENTENCE)
    with pytest.raises(ValidationError):
        bank.merge(quote["id"], quote["id"])
    with pytest.raises(ValidationError):
        bank.merge(quote["id"], None)
    with pytest.raises(NotFound):
        bank.merge(quote["id"], "0c8e1d2a-0000-4000-8000-000000000000")
    assert bank.get(quote["id"])  # untouched


def test_related_marks_near_duplicates(bank):
    first = save(bank, SENTENCE)
    save(bank, "Bees pollinate a third of the crops we eat.")
    copy = save(bank, SENTENCE, url="https://mirror.example/y")
    related = {quote["id"]: quote["near_duplicate"] for quote in bank.related(first["id"])}
    assert related[copy["id"]] is True and list(related.values()).count(True) == 1
