"""``quotebank export`` (CliRunner) and ``GET /api/export`` (Flask's test client)."""

import csv
import io
import json
import re
import stat
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from indexer.bank import QuoteBank
from indexer.errors import ValidationError
from indexer.importers.run import import_file
from server.commands.exporting import export
from server.commands.importing import import_

SAMPLES = Path(__file__).parent / "samples"
SOURCES = ["kindle/My Clippings.txt", "readwise/readwise-export.csv", "hypothesis/annotations.json"]


@pytest.fixture
def filled(data_dir) -> Path:
    """The data folder with the Kindle, Readwise and Hypothesis samples in it (12 quotes)."""
    with QuoteBank.open(data_dir) as bank:
        for name in SOURCES:
            import_file(bank, SAMPLES / name)
    return data_dir


def run(*args: str):
    return CliRunner().invoke(export, list(args))


def quotes_in(folder: Path) -> list[dict]:
    with QuoteBank.open(folder) as bank:
        return sorted(bank.iter_quotes(), key=lambda quote: quote["id"])


def test_json_goes_to_stdout_with_every_quote(filled):
    result = run()
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout_bytes.decode("utf-8"))
    assert sorted(document["quotes"], key=lambda quote: quote["id"]) == quotes_in(filled)


def test_json_file_imports_into_a_fresh_folder_identically(filled, tmp_path):
    target = tmp_path / "export.json"
    result = run("-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Exported 12 quotes to {target}\n"
    fresh = tmp_path / "fresh"
    imported = CliRunner().invoke(import_, [str(target), "--data-dir", str(fresh)])
    assert "12 added, 0 already there, 0 bad rows." in imported.stdout
    assert quotes_in(fresh) == quotes_in(filled)
    assert list(tmp_path.glob(".export.json.*")) == []  # no temporary file left behind


def test_csv_opens_as_a_spreadsheet_with_a_bom_and_guarded_formulas(filled, tmp_path):
    target = tmp_path / "quotes.csv"
    assert run("--format", "csv", "--bom", "-o", str(target)).exit_code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbftext,author,title")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == 12
    formula = [row for row in rows if "HYPERLINK" in row["text"]]
    assert formula[0]["text"] == '\'=HYPERLINK("http://evil.example","click me")'
    multiline = [row for row in rows if row["title"] == "The Friendly Orange Glow"]
    assert multiline[0]["text"].count("\n") == 3


def test_bom_is_for_csv_only(filled):
    result = run("--format", "json", "--bom")
    assert result.exit_code == 2
    assert "--bom applies to --format csv only" in result.stderr


def test_tag_and_query_choose_the_quotes(filled):
    tagged = json.loads(run("--tag", "SELF-HELP").stdout)["quotes"]
    assert {quote["title"] for quote in tagged} == {"Atomic Habits"}
    assert len(tagged) == 2
    found = json.loads(run("--query", "chimpanzees").stdout)["quotes"]
    assert [quote["author"] for quote in found] == ["Harari, Yuval Noah"]
    assert json.loads(run("--query", "chimpanzees", "--tag", "self-help").stdout)["quotes"] == []


def test_a_bad_query_is_a_one_line_error(filled):
    result = run("--query", "x" * 1001)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "Error: q: is longer than 1,000 characters\n"


def test_markdown_to_stdout_is_one_document(filled):
    result = run("--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith('---\ntitle: "Quotes from quotebank"\n')
    assert len(re.findall(r"^## ", result.stdout, re.M)) == 10  # pages and books


def test_markdown_file_when_the_path_ends_in_md(filled, tmp_path):
    target = tmp_path / "all.md"
    assert run("--format", "markdown", "-o", str(target)).exit_code == 0
    assert target.read_text().count("\n## ") == 10


def test_markdown_folder_gets_one_obsidian_note_per_page(filled, tmp_path):
    folder = tmp_path / "vault" / "Quotes"
    result = run("--format", "markdown", "-o", str(folder))
    assert result.exit_code == 0, result.stderr
    notes = sorted(path.name for path in folder.iterdir())
    assert len(notes) == 10
    assert "Sapiens A Brief History of Humankind.md" in notes
    text = (folder / "On Attention A Short Essay.md").read_text()
    front = yaml.safe_load(text.split("---\n")[1])
    assert front == {
        "title": "On Attention: A Short Essay",
        "site": "example.org",
        "url": "https://example.org/essays/attention",
        "tags": ["attention", "focus"],
        "source": "quotebank",
    }
    assert "> Attention is the beginning of devotion.\n> Everything else follows from it." in text
    assert "**Yes.** Use this in the _attention_ chapter." in text


def test_markdown_folder_export_replaces_its_own_notes_only(filled, tmp_path):
    folder = tmp_path / "notes"
    assert run("--format", "markdown", "-o", str(folder)).exit_code == 0
    assert run("--format", "markdown", "-o", str(folder)).exit_code == 0  # again: replaces its own
    mine = folder / "Meditations.md"
    mine.write_text("# Meditations\nMy own reading notes.\n")
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    result = run("--format", "markdown", "-o", str(folder))
    assert result.exit_code == 1
    assert "Meditations.md exists and was not written by quotebank" in result.stderr
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


def test_a_failed_export_leaves_no_file(filled, tmp_path, monkeypatch):
    target = tmp_path / "export.json"
    target.write_text("the previous export")

    def failing(quotes, fmt, bom=False):
        yield "{"
        raise ValidationError("q", "went away")

    monkeypatch.setattr("server.commands.exporting.export_quotes", failing)
    result = run("-o", str(target), "--force")
    assert result.exit_code == 1
    assert target.read_text() == "the previous export"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["export.json"]


def test_an_unwritable_place_is_a_one_line_error(filled, tmp_path):
    result = run("-o", str(tmp_path / "missing" / "export.json"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write ")
    assert result.stderr.count("\n") == 1


def test_an_empty_bank_exports_an_empty_document(data_dir):
    assert json.loads(run().stdout)["quotes"] == []


# -- GET /api/export ------------------------------------------------------------------------


@pytest.fixture
def api(app, client):
    for name in SOURCES:
        import_file(app.extensions["quotebank"], SAMPLES / name)
    return client


def test_api_export_json_is_a_download_of_every_quote(api):
    response = api.get("/api/export?format=json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="quotebank.json"'
    assert len(response.get_json()["quotes"]) == 12


def test_api_export_csv_with_bom_and_a_tag(api):
    response = api.get("/api/export?format=csv&bom=1&tag=self-help")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufefftext,")
    assert len(list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))) == 2


def test_api_export_markdown_with_a_query(api):
    response = api.get("/api/export?format=markdown&q=chimpanzees")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="quotebank.md"'
    text = response.get_data(as_text=True)
    assert re.findall(r"^## (.*)$", text, re.M) == ["Sapiens: A Brief History of Humankind"]


def test_api_export_refuses_an_unknown_format_and_a_missing_token(app, api):
    response = api.get("/api/export?format=pdf")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid"
    assert app.test_client().get("/api/export?format=json").status_code == 401


def test_quotebank_export_is_registered(filled):
    from server.cli import main

    result = CliRunner().invoke(main, ["export", "--format", "csv"])
    assert result.exit_code == 0, result.output
    # Rows end in CRLF; the line breaks inside quotes stay LF.
    assert result.stdout_bytes.count(b"\r\n") == 1 + 12


def test_an_existing_file_is_kept_without_force(filled, tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("someone else's notes")
    result = run("-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {target} exists already; add --force to replace it\n"
    assert target.read_text() == "someone else's notes"


def test_force_replaces_a_file_and_keeps_its_mode(filled, tmp_path):
    target = tmp_path / "shared.json"
    target.write_text("old")
    target.chmod(0o644)
    result = run("-o", str(target), "--force")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(target.read_text())["quotes"]) == 12
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_new_export_file_is_private(filled, tmp_path):
    target = tmp_path / "new.json"
    assert run("-o", str(target)).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("quotebank.sqlite3", "json"),
        ("token", "csv"),
        ("fresh.json", "json"),
        ("notes", "markdown"),
    ],
)
def test_nothing_is_ever_written_inside_the_data_folder(filled, name, fmt):
    before = {path: path.read_bytes() for path in filled.rglob("*") if path.is_file()}
    target = filled / name
    result = run("--format", fmt, "-o", str(target), "--force")
    assert result.exit_code == 1
    assert "is inside the data folder" in result.stderr
    assert {path: path.read_bytes() for path in filled.rglob("*") if path.is_file()} == before
    assert len(quotes_in(filled)) == 12


def test_the_data_folder_is_recognised_through_a_relative_path(filled, monkeypatch):
    monkeypatch.chdir(filled)
    result = run("-o", "quotebank.sqlite3", "--force")
    assert result.exit_code == 1
    assert "is inside the data folder" in result.stderr
    assert len(quotes_in(filled)) == 12
