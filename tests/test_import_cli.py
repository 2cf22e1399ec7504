"""``quotebank import`` through click's CliRunner: summaries, exit statuses, one-line errors.

The command object is invoked directly, so these tests do not depend on its registration in
``server.cli.main``.
"""

from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.bank import QuoteBank
from server.commands.importing import import_

SAMPLES = Path(__file__).parent / "samples"
KINDLE = str(SAMPLES / "kindle" / "My Clippings.txt")


def run(*args: str):
    return CliRunner().invoke(import_, list(args))


def count(data_dir: Path) -> int:
    with QuoteBank.open(data_dir) as bank:
        return bank.store.count()


def test_import_prints_a_summary_with_the_bad_rows(data_dir):
    result = run(KINDLE)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "My Clippings.txt (kindle): 5 added, 0 already there, 2 bad rows, 3 skipped "
        "(1 earlier version of an extended highlight, 1 bookmark, "
        "1 note without a highlight at its place)."
    )
    assert lines[1].startswith("  line 48: cannot read the date")
    assert (
        lines[2] == "  line 57: the Kindle kept no text for this highlight (clipping limit reached)"
    )
    assert count(data_dir) == 5


def test_importing_again_adds_nothing(data_dir):
    run(KINDLE)
    result = run(KINDLE)
    assert result.exit_code == 0
    assert "0 added, 5 already there" in result.stdout
    assert count(data_dir) == 5


def test_dry_run_says_so_and_stores_nothing(data_dir):
    result = run(str(SAMPLES / "csv" / "quotes.csv"), "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "Dry run, nothing stored. quotes.csv (csv): 4 would be added, 0 already there, "
        "1 repeated in the file, 2 bad rows."
    )
    assert count(data_dir) == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("broken/truncated.json", "cannot import truncated.json: not valid JSON at line 3"),
        ("broken/latin1.csv", "cannot import latin1.csv: not UTF-8 text (byte 0xe9 on line 3)"),
        ("broken/unknown.txt", "cannot import unknown.txt: cannot tell the format"),
        ("broken/kindle-german.txt", "cannot import kindle-german.txt: no Kindle clipping"),
    ],
)
def test_an_unreadable_file_is_one_line_error_and_imports_nothing(data_dir, name, message):
    result = run(str(SAMPLES / name))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {message}")
    assert result.stderr.count("\n") == 1
    assert count(data_dir) == 0


def test_a_file_of_bad_rows_fails_after_listing_them(data_dir, tmp_path):
    path = tmp_path / "dates.csv"
    path.write_text("text,published\n" + "".join(f"Quote {n},someday\n" for n in range(7)))
    result = run(str(path))
    assert result.exit_code == 1
    assert "0 added, 0 already there, 7 bad rows." in result.stdout
    assert "  ... and 2 more bad rows" in result.stdout
    assert result.stderr.startswith("Error: nothing imported: every row of dates.csv was bad")
    assert count(data_dir) == 0


def test_format_can_be_forced_and_a_wrong_one_is_refused(data_dir):
    result = run(str(SAMPLES / "csv" / "quotes.csv"), "--format", "readwise")
    assert result.exit_code == 1
    assert "the header row needs the column(s) Highlight, Book Title" in result.stderr
    assert run(str(SAMPLES / "csv" / "quotes.csv"), "--format", "csv").exit_code == 0


def test_tags_are_added_and_checked(data_dir):
    result = run(str(SAMPLES / "hypothesis" / "annotations.json"), "--tag", "Web", "--tag", "2024")
    assert result.exit_code == 0
    with QuoteBank.open(data_dir) as bank:
        assert bank.list_quotes(tag="web")[0] == 2
        assert bank.list_quotes(tag="2024")[0] == 2
    too_long = run(str(SAMPLES / "csv" / "quotes.csv"), "--tag", "x" * 101)
    assert too_long.exit_code == 2
    assert "--tag" in too_long.stderr


def test_explicit_data_dir_wins(tmp_path):
    folder = tmp_path / "elsewhere"
    assert run(KINDLE, "--data-dir", str(folder)).exit_code == 0
    assert count(folder) == 5


def test_a_missing_file_is_a_usage_error():
    result = run("no-such-file.txt")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_quiet_and_non_tty_show_no_progress_bar(data_dir):
    result = run(KINDLE, "--quiet")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_quotebank_import_is_registered(data_dir):
    from server.cli import main

    result = CliRunner().invoke(main, ["import", KINDLE, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Dry run, nothing stored. My Clippings.txt (kindle): 5 would")
