"""QuoteBank's own duties: opening, status, exports' iteration, limits."""

from pathlib import Path

import pytest

from indexer.bank import QuoteBank
from indexer.errors import ValidationError
from tests.factories import StubExtractor, make_quote, seed


@pytest.fixture
def bank(data_dir: Path):
    with QuoteBank(data_dir, extractor=StubExtractor()) as bank:
        yield bank


def test_open_uses_the_data_folder_from_the_environment(data_dir):
    with QuoteBank.open(extractor=StubExtractor()) as bank:
        assert bank.folder == data_dir.resolve()
        assert (data_dir / "quotebank.sqlite3").exists() and (data_dir / "index").is_dir()


def test_open_creates_a_missing_folder(tmp_path):
    with QuoteBank(tmp_path / "new" / "folder", extractor=StubExtractor()) as bank:
        assert bank.status()["quotes"] == 0


def test_status_counts(bank):
    seed(bank, 3)
    status = bank.status()
    assert status["quotes"] == 3
    assert status["pending_index"] == 0 and status["pending_extraction"] == 0
    assert status["last_capture_at"].endswith("Z")
    assert status["last_extension_at"] is None


def test_iter_quotes_by_ids_tag_and_query(bank):
    first, second, third = seed(bank, 3)
    bank.update(second["id"], {"tags": ["keep"]})
    ids = [third["id"], first["id"], "00000000-0000-4000-8000-000000000000"]
    assert [q["id"] for q in bank.iter_quotes(ids=ids)] == [third["id"], first["id"]]
    assert [q["id"] for q in bank.iter_quotes(tag="KEEP")] == [second["id"]]
    by_query = list(bank.iter_quotes(query="resilient"))
    assert len(by_query) == 3 and "highlight" not in by_query[0]
    assert [q["id"] for q in bank.iter_quotes(query="resilient", tag="keep")] == [second["id"]]
    assert len(list(bank.iter_quotes())) == 3


def test_search_results_carry_the_quote_fields_highlight_and_score(bank):
    seed(bank, 1)
    _, [result] = bank.search("gardens")
    assert set(result) >= {
        "id", "text", "url", "canonical_url", "title", "author", "handle", "site_name",
        "published", "lang", "context", "note", "tags", "created_at", "status",
        "highlight", "score",
    }  # fmt: skip


def test_a_closed_bank_can_be_closed_again(data_dir):
    bank = QuoteBank(data_dir, extractor=StubExtractor())
    bank.close()
    bank.close()


@pytest.mark.parametrize("limit", [0, -1, 501, True, 2.5])
def test_list_and_recall_limits(bank, limit):
    with pytest.raises(ValidationError):
        bank.list_quotes(limit=limit)
    with pytest.raises(ValidationError):
        bank.recall("a draft about gardens", limit=limit)


def test_update_validates_fields(bank):
    quote, _ = bank.capture(make_quote())
    with pytest.raises(ValidationError):
        bank.update(quote["id"], {"text": "cannot edit the quote itself"})
    with pytest.raises(ValidationError):
        bank.update(quote["id"], {"published": "last week"})
    updated = bank.update(quote["id"], {"published": "2020-02-29", "handle": "someone"})
    assert (updated["published"], updated["handle"]) == ("2020-02-29", "@someone")
    assert bank.search("", since="2020-02-29", until="2020-02-29")[0] == 1
