"""Export defects from issue 11: CSV formulas after separators, note file names, the Markdown
export's handle, tags, notes and untitled pages, and re-exporting into a folder of long notes."""

import csv
import io
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from markdown_it import MarkdownIt

from indexer.bank import QuoteBank
from indexer.exporters import export_quotes
from indexer.exporters.filenames import UniqueNames, name_key, safe_stem
from indexer.exporters.markdown import iter_notes
from indexer.exporters.pages import group_by_page
from indexer.importers import generic_csv
from server.commands.exporting import export

BASE = {
    "id": "0b9d2a52-55b3-4c4e-9f0e-2a1c7f3e8d41",
    "text": "Innovation has to become a distributed activity.",
    "url": "https://gigaom.com/report/x",
    "canonical_url": None,
    "title": "Distributed innovation",
    "author": "Stowe Boyd",
    "handle": "@StoweBoyd",
    "site_name": "Gigaom Research",
    "published": None,
    "lang": "en",
    "context": None,
    "note": "",
    "tags": [],
    "created_at": "2024-11-05T08:30:00Z",
    "status": "ready",
}
MD = MarkdownIt("commonmark")


def quote(number: int = 1, **fields) -> dict:
    return BASE | {"id": f"0b9d2a52-55b3-4c4e-9f0e-{number:012d}"} | fields


# -- CSV: formulas after separators ----------------------------------------------------------

DANGEROUS = [";=cmd|' /C calc'!A0", " ;=1+1", ",=1+1", ";;@SUM(A1)", "; -2+3", "|=x", ";\t=x"]


@pytest.mark.parametrize("separator", [",", ";", "\t"])
@pytest.mark.parametrize("dangerous", DANGEROUS)
def test_no_cell_starts_a_formula_whatever_the_spreadsheet_splits_on(separator, dangerous):
    hostile = quote(text=dangerous, title=dangerous, note=dangerous, author=dangerous)
    text = "".join(export_quotes([hostile], "csv"))
    # A spreadsheet set to another separator than the file's reads the line its own way.
    for row in csv.reader(io.StringIO(text), delimiter=separator):
        for cell in row:
            assert not re.match(r"[\s]*[=+\-@]", cell), (separator, cell)


@pytest.mark.parametrize("dangerous", DANGEROUS)
def test_guarded_cells_import_back_unchanged(dangerous, tmp_path):
    path = tmp_path / "export.csv"
    original = quote(text=dangerous, note=dangerous)
    path.write_text("".join(export_quotes([original], "csv")), encoding="utf-8", newline="")
    (entry,) = generic_csv.parse(path)
    # (the import trims the text's ends, as it does for any CSV)
    assert (entry.fields["text"], entry.fields["note"]) == (dangerous.strip(), dangerous.strip())


# -- note file names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        ("con.txt", "con_.txt"),  # CON whatever follows its first dot
        ("NUL.md", "NUL_.md"),
        ("CON .txt", "CON_.txt"),  # Windows ignores the space before the dot
        ("COM¹", "COM¹_"),  # superscript digits are device names too
        ("lpt³.notes", "lpt³_.notes"),
        ("COM0", "COM0_"),
        ("console", "console"),
        ("com10", "com10"),
        ("Contoso. A report", "Contoso. A report"),
    ],
)
def test_reserved_device_names_are_checked_on_the_part_windows_reads(title, stem):
    assert safe_stem(title) == stem


def test_names_equal_on_macos_or_windows_never_collide():
    names = UniqueNames()
    titles = ["Caf\u00e9", "Cafe\u0301", "CAFÉ", "café"]  # NFC, NFD, upper case, both
    given = [names.name_for(title) for title in titles]
    assert given == ["Café.md", "Café (2).md", "CAFÉ (3).md", "café (4).md"]
    assert all(unicodedata.is_normalized("NFC", name) for name in given)
    assert len({name_key(name) for name in given}) == len(given)


def test_notes_of_pages_titled_in_nfd_and_nfc_get_two_files():
    first = quote(1, title="Re\u0301sume\u0301", url="https://a.example/1")
    second = quote(2, title="R\u00e9sum\u00e9", url="https://b.example/2")
    names = [name for name, _ in iter_notes([first, second])]
    assert names == ["Résumé.md", "Résumé (2).md"]


# -- Markdown export: handle, tags per quote, labelled notes, untitled pages ----------------


def test_markdown_section_keeps_handle_tags_per_quote_and_labels_notes():
    one = quote(1, tags=["work"], note="Why it matters.")
    two = quote(2, text="Second quote.", tags=["ideas"])
    text = "".join(export_quotes([one, two], "markdown"))
    assert "- Handle: @StoweBoyd" in text
    assert "- Tags:" not in text  # no page-wide line merging every quote's tags
    first, second = text.split("> Second quote.")
    assert "Tags: #work" in first and "#ideas" not in first
    assert "Tags: #ideas" in second and "#work" not in second
    assert "**Note:** Why it matters." in first
    assert "<strong>Note:</strong> Why it matters." in MD.render(text)


def test_obsidian_note_has_the_handle_in_its_front_matter():
    ((_, note),) = list(iter_notes([quote(tags=["work"])]))
    fields = yaml.safe_load(re.match(r"---\n(.*?)\n---\n", note, re.S).group(1))
    assert fields["handle"] == "@StoweBoyd"
    assert next(iter(fields)) == "source"  # first, so no long field can push it out of reach


def test_untitled_pages_are_named_by_site_and_path_not_the_bare_domain():
    pages = group_by_page(
        [
            quote(1, title=None, site_name=None, url="https://www.e.example/2022/tree-pits.html"),
            quote(2, title=None, site_name="Streets", url="https://e.example/2023/soil/"),
            quote(3, title=None, site_name=None, url="https://e.example/"),
        ]
    )
    assert [page.heading for page in pages] == [
        "e.example - 2022 / tree-pits",
        "Streets - 2023 / soil",
        "e.example",
    ]


# -- export -o DIR, again, with a note whose front matter is over 4 KB -----------------------


def test_export_into_the_same_folder_again_with_a_long_url(data_dir, tmp_path):
    long_url = "https://e.example/a?" + "x=1&" * 1500  # front matter of about 6 KB
    with QuoteBank.open(data_dir) as bank:
        bank.capture({"text": "A quote from a long address.", "url": long_url[:-1]})
    folder = tmp_path / "vault"
    for _ in range(2):
        result = CliRunner().invoke(export, ["--format", "markdown", "-o", str(folder), "-q"])
        assert result.exit_code == 0, result.output
    (note,) = Path(folder).iterdir()
    assert len(note.read_text("utf-8").split("\n---\n")[0]) > 4096
