"""Search by meaning: the model loads offline, the vectors are a cache rebuilt like the index,
hybrid recall says why each quote came, and words alone still answer without the model."""

import socket
import sqlite3
from pathlib import Path

import pytest

from indexer import hybrid, paths
from indexer.bank import QuoteBank
from indexer.errors import Unavailable, ValidationError
from indexer.meaning import Embedder, passages
from tests.factories import StubExtractor, make_quote

QUOTES = {
    "report": "Nobody reads a forty-page document: write the one page they will.",
    "traffic": "Cities that build more highways just get more traffic; new lanes fill up fast.",
    "sleep": "Sleep is the single most effective thing we can do to reset our brain each day.",
    "bees": "Bees pollinate a third of the crops we eat.",
    "first": "The first snow of the year fell on the village in the night.",
}


def open_bank(folder: Path) -> QuoteBank:
    return QuoteBank(folder, extractor=StubExtractor())


def capture_all(bank: QuoteBank) -> dict[str, str]:
    ids = {}
    for name, text in QUOTES.items():
        quote, _ = bank.capture(make_quote(text=text))
        ids[name] = quote["id"]
    return ids


@pytest.fixture
def bank(data_dir):
    with open_bank(data_dir) as bank:
        yield bank


def test_the_model_loads_without_touching_the_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("the network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    embedder = Embedder()
    vectors = embedder.embed(["Bees pollinate crops.", ""])
    assert attempts == []
    assert vectors.shape == (2, embedder.dimensions)
    assert abs(float(vectors[0] @ vectors[0]) - 1.0) < 1e-5
    assert not vectors[1].any()  # no tokens, no direction


def test_a_capture_is_found_by_meaning(bank):
    ids = capture_all(bank)
    assert bank.meaning is not None and bank.meaning.count() == len(QUOTES)
    found = bank.recall("A good night's rest does more for your mind than anything else.")
    assert found and found[0]["id"] == ids["sleep"]
    assert found[0]["why"]["close_in_meaning"] is True and found[0]["why"]["words"] == []


def test_recall_says_which_words_are_shared(bank):
    ids = capture_all(bank)
    found = bank.recall("More highways bring more traffic to cities.")
    assert found[0]["id"] == ids["traffic"]
    why = found[0]["why"]
    assert {"highways", "traffic", "Cities"} <= set(why["words"])
    assert "<mark>highways</mark>" in found[0]["highlight"]


def test_a_lone_filler_word_far_in_meaning_is_not_a_fit(bank):
    ids = capture_all(bank)
    draft = "My first attempt at a sourdough starter collapsed after two days on the counter."
    keyword = bank.index.recall(draft, limit=10)
    assert ids["first"] in keyword.ids  # words alone would show it
    assert ids["first"] not in [quote["id"] for quote in bank.recall(draft)]


def test_deleted_quotes_leave_the_vectors(bank):
    ids = capture_all(bank)
    assert ids["sleep"] in [q["id"] for q in bank.recall("Rest does more for your mind.")]
    bank.delete(ids["sleep"])
    assert bank.meaning.count() == len(QUOTES) - 1
    assert ids["sleep"] not in [q["id"] for q in bank.recall("Rest does more for your mind.")]


def test_vectors_are_rebuilt_when_deleted(data_dir):
    with open_bank(data_dir) as bank:
        ids = capture_all(bank)
    paths.vectors_path(data_dir).unlink()
    with open_bank(data_dir) as bank:
        assert bank.rebuilt_on_open
        assert bank.meaning.count() == len(QUOTES)
        assert bank.related(ids["report"])  # by its stored vector


def test_damaged_vectors_are_rebuilt(data_dir):
    with open_bank(data_dir) as bank:
        capture_all(bank)
    for suffix in ("-wal", "-shm"):
        Path(f"{paths.vectors_path(data_dir)}{suffix}").unlink(missing_ok=True)
    paths.vectors_path(data_dir).write_bytes(b"not a database at all" * 100)
    with open_bank(data_dir) as bank:
        assert bank.rebuilt_on_open and bank.meaning.count() == len(QUOTES)


def test_vectors_from_another_model_version_are_rebuilt(data_dir):
    with open_bank(data_dir) as bank:
        capture_all(bank)
    conn = sqlite3.connect(paths.vectors_path(data_dir))
    conn.execute("UPDATE meta SET value = 'some-older-model' WHERE key = 'model'")
    conn.commit()
    conn.close()
    with open_bank(data_dir) as bank:
        assert bank.rebuilt_on_open and bank.meaning.count() == len(QUOTES)


def test_vectors_out_of_step_with_the_store_are_rebuilt(data_dir):
    with open_bank(data_dir) as bank:
        ids = capture_all(bank)
    conn = sqlite3.connect(paths.vectors_path(data_dir))
    conn.execute("DELETE FROM vectors WHERE quote_id = ?", (ids["bees"],))
    conn.commit()
    conn.close()
    with open_bank(data_dir) as bank:
        assert bank.rebuilt_on_open and bank.meaning.count() == len(QUOTES)


def test_another_process_sees_new_vectors(data_dir):
    with open_bank(data_dir) as reader, open_bank(data_dir) as writer:
        assert reader.meaning.count() == 0
        quote, _ = writer.capture(make_quote(text=QUOTES["bees"]))
        assert reader.meaning.count() == 1
        assert reader.related(quote["id"]) == []  # nothing else yet, and not itself


def test_reindex_rebuilds_the_vectors(bank):
    ids = capture_all(bank)
    bank.meaning.cache.apply([], bank.meaning.quote_vectors([]), deletes=[ids["bees"]])
    assert bank.meaning.count() == len(QUOTES) - 1
    bank.reindex()
    assert bank.meaning.count() == len(QUOTES)


def test_related_quotes_exclude_the_quote_itself(bank):
    ids = capture_all(bank)
    related = bank.related(ids["traffic"], limit=3)
    assert len(related) == 3 and ids["traffic"] not in [quote["id"] for quote in related]
    assert related[0]["score"] >= related[1]["score"] >= related[2]["score"]
    with pytest.raises(ValidationError):
        bank.related(ids["traffic"], limit=0)


def test_long_drafts_are_read_passage_by_passage(bank):
    ids = capture_all(bank)
    filler = " ".join(
        "The committee met on Tuesday to go over the quarterly budget figures in detail."
        for _ in range(8)
    )
    draft = f"{filler} Widening roads to ease congestion backfires: extra cars soon fill the space. {filler}"
    assert len(passages(draft)) >= 3
    found = [quote["id"] for quote in bank.recall(draft)]
    assert ids["traffic"] in found[:2]


def test_keyword_recall_answers_when_the_model_cannot_load(data_dir, monkeypatch):
    # The model's weights are missing (a broken install): words alone must still answer.
    monkeypatch.setattr("indexer.meaning.model.WEIGHTS", ("weights", "missing.safetensors"))
    with open_bank(data_dir) as bank:
        assert bank.meaning is None
        ids = capture_all(bank)
        found = bank.recall("More highways bring more traffic to cities.")
        assert found[0]["id"] == ids["traffic"]
        assert found[0]["why"] == {
            "words": ["Cities", "more", "highways", "traffic"],
            "close_in_meaning": False,
            "similarity": None,
        }
        assert bank.recall("Cutting a long report down so people finish it.") == []
        assert bank.search("traffic")[0] == 1
        with pytest.raises(Unavailable):
            bank.search("traffic", mode="meaning")
        with pytest.raises(Unavailable):
            bank.related(ids["traffic"])


def test_search_modes(bank):
    ids = capture_all(bank)
    total, results = bank.search("rest for the mind", mode="meaning")
    assert total >= 1 and results[0]["id"] == ids["sleep"]
    assert results[0]["why"]["close_in_meaning"] is True
    total, results = bank.search("insects and farming", mode="hybrid")
    assert results[0]["id"] == ids["bees"]
    assert bank.search("insects and farming")[0] == 0  # keyword, the default, shares no word


@pytest.mark.parametrize(
    "query", ['"one page"', "bees OR sleep", "-bees sleep", "poll*", "author:ada", "(bees)"]
)
def test_meaning_search_refuses_keyword_syntax(bank, query):
    with pytest.raises(ValidationError, match="mode=keyword"):
        bank.search(query, mode="meaning")


def test_meaning_search_refuses_field_filters_and_unknown_modes(bank):
    with pytest.raises(ValidationError, match="mode=keyword"):
        bank.search("bees", mode="hybrid", tag="nature")
    with pytest.raises(ValidationError, match="keyword, meaning, hybrid"):
        bank.search("bees", mode="semantic")


def test_unrelated_drafts_find_nothing_close(bank):
    capture_all(bank)
    assert bank.recall("zxqv wkrp") == []
    assert all(
        fit.similarity is None or fit.similarity < hybrid.CLOSE_IN_MEANING
        for fit in hybrid.fuse(["x"], {"x": 0.1}, {}, {"w": 1.0}, 5)
    )


def test_only_the_meaning_package_imports_the_model():
    from tests.test_layout import ROOT, imported_roots, sources

    def importers(*packages: str) -> set[str]:
        return {
            path.relative_to(ROOT).as_posix()
            for path in sources("indexer", "server", "bench")
            if imported_roots(path) & set(packages)
        }

    assert importers("wordllama", "safetensors", "tokenizers") == {"indexer/meaning/model.py"}
    assert all(path.startswith("indexer/meaning/") for path in importers("numpy"))
