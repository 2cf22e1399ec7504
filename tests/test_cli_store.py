"""The add, search and reindex commands, without a server."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.extraction import PageInfo
from server.commands.add import add
from server.commands.reindex import reindex
from server.commands.search import search
from tests.factories import StubExtractor

PAGE = PageInfo(
    author="Stowe Boyd",
    handle="@StoweBoyd",
    site_name="Gigaom Research",
    published="2013-05-02",
    canonical_url="https://gigaom.example/firm",
)
TEXT = "Innovation has to become a distributed activity"


@pytest.fixture(autouse=True)
def stub_extractor(monkeypatch):
    """No extraction child process: the pages 'say' PAGE."""
    monkeypatch.setattr("indexer.bank.PageExtractor", lambda timeout: StubExtractor(PAGE))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run_ok(runner: CliRunner, command, *args: str) -> str:
    result = runner.invoke(command, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_add_prints_the_attribution_line_and_id(runner):
    output = run_ok(runner, add, "--url", "https://gigaom.example/firm", "--text", TEXT)
    assert output.startswith("Saved ")
    assert output.rstrip().endswith("- @StoweBoyd, Source: Gigaom Research")


def test_add_json_tags_note_html_and_replay(runner, tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_bytes(b"<html><p>caf\xc3\xa9 \xff</p></html>")
    args = ["--url", "https://gigaom.example/firm", "--text", TEXT, "--html", str(page)]
    args += ["--tag", "Future", "--tag", "work", "--note", "for the essay", "--json"]
    args += ["--id", "6f1c2d3e-0000-4000-8000-000000000001"]
    quote = json.loads(run_ok(runner, add, *args))
    assert quote["id"] == "6f1c2d3e-0000-4000-8000-000000000001"
    assert quote["tags"] == ["future", "work"] and quote["note"] == "for the essay"
    assert quote["status"] == "ready"
    replay = run_ok(runner, add, *args)
    assert json.loads(replay) == quote
    again = run_ok(runner, add, *[a for a in args if a != "--json"])
    assert again.startswith("Already saved 6f1c2d3e")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--url", "ftp://x.example/", "--text", "t"], "url"),
        (["--url", "https://x.example/", "--text", "   "], "text"),
        (["--url", "https://x.example/", "--text", "t", "--id", "nope"], "id"),
    ],
)
def test_add_refuses_bad_input_with_one_line(runner, args, message):
    result = runner.invoke(add, args)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and message in result.output
    assert result.output.count("\n") == 1


def test_add_with_a_conflicting_replay_fails(runner):
    args = ["--url", "https://x.example/", "--id", "6f1c2d3e-0000-4000-8000-000000000002"]
    run_ok(runner, add, *args, "--text", "first")
    result = runner.invoke(add, [*args, "--text", "second"])
    assert result.exit_code == 1 and "different text" in result.output


def _add_some(runner: CliRunner) -> None:
    for text, tag in [(TEXT, "future"), ("Gardens grow slowly <b>&</b> surely.", "nature")]:
        run_ok(runner, add, "--url", "https://gigaom.example/firm", "--text", text, "--tag", tag)


def test_search_prints_quotes_with_attribution_and_date(runner):
    _add_some(runner)
    output = run_ok(runner, search, "distributed")
    assert output.splitlines()[:2] == [
        f'"{TEXT}"',
        "    - @StoweBoyd, Source: Gigaom Research  2013-05-02",
    ]


def test_search_json_lines_with_highlight(runner):
    _add_some(runner)
    lines = run_ok(runner, search, "gardens", "--json").splitlines()
    [quote] = [json.loads(line) for line in lines]
    assert quote["highlight"] == "<mark>Gardens</mark> grow slowly &lt;b&gt;&amp;&lt;/b&gt; surely."
    assert quote["tags"] == ["nature"] and "score" not in quote


def test_search_filters_limit_and_listing(runner):
    _add_some(runner)
    assert len(run_ok(runner, search, "--json").splitlines()) == 2
    assert len(run_ok(runner, search, "--json", "--limit", "1").splitlines()) == 1
    assert len(run_ok(runner, search, "", "--tag", "nature", "--json").splitlines()) == 1
    assert len(run_ok(runner, search, "*", "--site", "Gigaom Research", "--json").splitlines()) == 2
    assert run_ok(runner, search, "--author", "nobody", "--json") == ""
    assert len(run_ok(runner, search, "--since", "2013-05-02", "--json").splitlines()) == 2


def test_search_with_no_match_says_so_on_stderr(runner):
    _add_some(runner)
    result = runner.invoke(search, ["zeppelin"])
    assert result.exit_code == 0
    assert result.stdout == "" and "No quotes match" in result.stderr


@pytest.mark.parametrize("query", ["a*", "(-)", "x" * 2_000])
def test_a_bad_query_is_a_one_line_error(runner, query):
    _add_some(runner)
    result = runner.invoke(search, [query])
    assert result.exit_code == 1
    assert result.output.startswith("Error: q: ") and result.output.count("\n") == 1


def test_search_help_documents_the_json_format(runner):
    output = run_ok(runner, search, "--help")
    assert "JSON Lines" in output and "highlight" in output


def test_reindex_rebuilds_and_counts(runner, data_dir):
    _add_some(runner)
    assert run_ok(runner, reindex).strip() == "Indexed 2 quotes."
    shutil.rmtree(data_dir / "index")
    assert run_ok(runner, reindex, "--quiet").strip() == "Indexed 2 quotes."
    assert len(run_ok(runner, search, "--json").splitlines()) == 2


def test_commands_take_data_dir(runner, tmp_path):
    folder = tmp_path / "elsewhere"
    run_ok(runner, add, "--data-dir", str(folder), "--url", "https://x.example/", "--text", "Hi.")
    assert (folder / "quotebank.sqlite3").exists()
    assert len(run_ok(runner, search, "--data-dir", str(folder), "--json").splitlines()) == 1
    assert run_ok(runner, search, "--json") == ""  # the default folder is another one


def test_registered_in_the_quotebank_command():
    from server.cli import main

    if not {"add", "search", "reindex"} <= set(main.commands):
        pytest.skip("the lead has not registered add/search/reindex in server.commands yet")
    runner = CliRunner()
    assert "QUERY" in run_ok(runner, main, "search", "--help")
    assert run_ok(runner, main, "add", "--url", "https://x.example/", "--text", "Via main.")
    assert "Via main." in run_ok(runner, main, "search", "main")
    assert run_ok(runner, main, "reindex").strip() == "Indexed 1 quote."
    result = runner.invoke(main, ["search", "(-)"])
    assert result.exit_code == 1 and result.output.startswith("Error: q: ")
