"""Importing into a real data folder: what is stored, idempotency, dry runs, broken files."""

import json
from pathlib import Path

import pytest

from indexer.bank import QuoteBank
from indexer.importers import ImportFormatError, parse_file
from indexer.importers.records import ParsedQuote
from indexer.importers.run import KEPT_ERRORS, import_file
from indexer.importers.textfile import count_lines

SAMPLES = Path(__file__).parent / "samples"
GOOD = [
    ("kindle/My Clippings.txt", "kindle", 5, 2),
    ("readwise/readwise-export.csv", "readwise", 5, 3),
    ("hypothesis/annotations.json", "hypothesis", 2, 3),
    ("quotebank/export.json", "json", 3, 2),
    ("csv/quotes.csv", "csv", 4, 2),
]
BROKEN = [
    "broken/truncated.json",
    "broken/latin1.csv",
    "broken/kindle-german.txt",
    "broken/unknown.txt",
]


@pytest.fixture
def bank(data_dir):
    with QuoteBank.open(data_dir) as bank:
        yield bank


def stored(bank: QuoteBank) -> dict[str, dict]:
    return {quote["id"]: quote for quote in bank.iter_quotes()}


@pytest.mark.parametrize(("name", "fmt", "added", "bad"), GOOD)
def test_importing_a_file_twice_adds_nothing_the_second_time(bank, name, fmt, added, bad):
    first = import_file(bank, SAMPLES / name)
    assert (first.format, first.added, first.already, first.bad) == (fmt, added, 0, bad)
    second = import_file(bank, SAMPLES / name)
    assert (second.added, second.already, second.bad) == (0, added, bad)
    assert bank.store.count() == added


def test_stored_quotes_are_the_parsed_ones_with_original_dates(bank):
    path = SAMPLES / "readwise" / "readwise-export.csv"
    import_file(bank, path)
    parsed = [e.fields for e in parse_file(path, "readwise") if isinstance(e, ParsedQuote)]
    quotes = stored(bank)
    for fields in parsed:
        if fields["created_at"] != quotes[fields["id"]]["created_at"]:
            continue  # the one row with no date was stamped at import time, after parsing
        assert quotes[fields["id"]] == fields | {"status": "ready"}
    assert quotes[parsed[0]["id"]]["created_at"] == "2023-01-15T14:22:01Z"
    assert all(quote["url"] is None for quote in quotes.values())


def test_imported_quotes_are_searchable(bank):
    import_file(bank, SAMPLES / "kindle" / "My Clippings.txt")
    total, results = bank.search("chimpanzees")
    assert total == 1
    assert results[0]["author"] == "Harari, Yuval Noah"


def test_dry_run_stores_nothing_and_counts_what_would_happen(bank):
    path = SAMPLES / "hypothesis" / "annotations.json"
    dry = import_file(bank, path, dry_run=True)
    assert (dry.dry_run, dry.added, dry.already, dry.bad) == (True, 2, 0, 3)
    assert bank.store.count() == 0
    import_file(bank, path)
    again = import_file(bank, path, dry_run=True)
    assert (again.added, again.already) == (0, 2)


@pytest.mark.parametrize("name", BROKEN)
def test_a_file_that_cannot_be_read_imports_nothing(bank, name):
    with pytest.raises(ImportFormatError):
        import_file(bank, SAMPLES / name)
    assert bank.store.count() == 0


def test_a_forced_wrong_format_imports_nothing(bank):
    with pytest.raises(ImportFormatError, match="Highlight, Book Title"):
        import_file(bank, SAMPLES / "csv" / "quotes.csv", "readwise")
    assert bank.store.count() == 0


def test_tags_given_on_import_join_the_quote_tags(bank):
    import_file(bank, SAMPLES / "csv" / "quotes.csv", tags=["From-CSV", "work"])
    tags = {tuple(quote["tags"]) for quote in bank.iter_quotes()}
    assert ("innovation", "work", "from-csv") in tags
    assert ("books", "from-csv", "work") in tags
    assert bank.list_quotes(tag="from-csv")[0] == 4


def test_too_many_tags_make_a_bad_row(bank, tmp_path):
    path = tmp_path / "quotes.csv"
    many = ", ".join(f"t{n}" for n in range(50))
    path.write_text(f'text,tags\nFull of tags,"{many}"\nFew tags,a\n')
    summary = import_file(bank, path, tags=["extra"])
    assert (summary.added, summary.bad) == (1, 1)
    assert str(summary.errors[0]) == "line 2: tags: at most 50 tags"


def test_a_quote_repeated_in_the_file_is_counted_once(bank):
    summary = import_file(bank, SAMPLES / "csv" / "quotes.csv")
    assert (summary.added, summary.duplicates) == (4, 1)


def test_every_bad_row_is_counted_and_the_first_reasons_kept(bank, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("text,url\n" + "".join(f"quote {n},ftp://x/{n}\n" for n in range(30)) + "ok,\n")
    summary = import_file(bank, path)
    assert (summary.added, summary.bad, len(summary.errors)) == (1, 30, KEPT_ERRORS)
    assert summary.errors[0].line == 2 and summary.errors[-1].line == KEPT_ERRORS + 1
    assert not summary.nothing_usable


def test_a_file_of_only_bad_rows_is_nothing_usable(bank, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("text,published\nOne,someday\nTwo,never\n")
    summary = import_file(bank, path)
    assert summary.nothing_usable and summary.bad == 2


def test_an_empty_listing_imports_nothing_and_is_fine(bank, tmp_path):
    path = tmp_path / "empty.json"
    path.write_text('{"total": 0, "rows": []}')
    summary = import_file(bank, path)
    assert (summary.format, summary.added, summary.bad, summary.nothing_usable) == (
        "hypothesis",
        0,
        0,
        False,
    )


def test_progress_follows_stored_batches_by_line(bank, tmp_path, monkeypatch):
    monkeypatch.setattr("indexer.bank.IMPORT_BATCH", 4)
    path = tmp_path / "quotes.csv"
    path.write_text("text\n" + "".join(f"quote number {n}\n" for n in range(10)))
    steps: list[int] = []
    import_file(bank, path, progress=steps.append)
    assert steps == [5, 4, 2]  # batches end on lines 5, 9 and 11
    assert sum(steps) == count_lines(path)


def test_failed_status_survives_a_json_import(bank):
    import_file(bank, SAMPLES / "quotebank" / "export.json")
    assert bank.get("9a1e6c3b-7f2d-4e5a-8b9c-0d1e2f3a4b5c")["status"] == "failed"


def test_quotebank_export_sample_comes_back_field_for_field(bank):
    import_file(bank, SAMPLES / "quotebank" / "export.json")
    exported = json.loads((SAMPLES / "quotebank" / "export.json").read_text())["quotes"][:2]
    quotes = stored(bank)
    for quote in exported:
        # A version 1 file, from before quotes had a speaker: that field comes back empty.
        assert quotes[quote["id"]] == {**quote, "speaker": None}
