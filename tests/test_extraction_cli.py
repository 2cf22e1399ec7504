"""`quotebank extract FILE... [--url URL] [--json] [--timeout SECONDS]`."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.extraction import extract_page
from server.cli import main

PAGES = Path(__file__).parent / "pages"
FIELDS = {
    "title",
    "author",
    "handle",
    "site_name",
    "published",
    "lang",
    "canonical_url",
    "text",
    "complete",
}


@pytest.fixture
def pages(tmp_path) -> dict[str, Path]:
    names = ("ghost_blog", "intranet_plain")
    for name in names:
        shutil.copy(PAGES / f"{name}.html", tmp_path / f"{name}.html")
    return {name: tmp_path / f"{name}.html" for name in names}


def run(*args: str):
    return CliRunner().invoke(main, ["extract", *args])


def test_human_readable_output(pages):
    result = run(str(pages["ghost_blog"]))
    assert result.exit_code == 0, result.output
    assert "title          Shipping small" in result.output
    assert "handle         @omar_builds" in result.output
    assert "canonical_url  https://blog.quietbuild.dev/shipping-small/" in result.output
    assert "complete       yes" in result.output
    assert "Every team I have worked on" in result.output


def test_json_lines_hold_the_file_and_every_field(pages):
    result = run("--json", str(pages["ghost_blog"]), str(pages["intranet_plain"]))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["file"] for line in lines] == [
        str(pages["ghost_blog"]),
        str(pages["intranet_plain"]),
    ]
    for line in lines:
        assert set(line) == FIELDS | {"file"}
    expected = extract_page(pages["ghost_blog"].read_bytes(), "http://localhost/ghost_blog.html")
    assert lines[0]["text"] == expected.text


def test_default_url_is_localhost_and_a_canonical_in_the_page_wins(pages):
    lines = [json.loads(x) for x in run("--json", *map(str, pages.values())).output.splitlines()]
    assert lines[0]["canonical_url"] == "https://blog.quietbuild.dev/shipping-small/"
    assert lines[1]["canonical_url"] == "http://localhost/intranet_plain.html"
    assert lines[1]["site_name"] == "localhost"


def test_url_option(pages):
    result = run(
        "--json",
        "--url",
        "https://www.intranet.example/travel?utm_source=x",
        str(pages["intranet_plain"]),
    )
    line = json.loads(result.output)
    assert line["canonical_url"] == "https://www.intranet.example/travel"
    assert line["site_name"] == "intranet.example"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "localhost/x"])
def test_url_must_be_http(pages, url):
    result = run("--url", url, str(pages["ghost_blog"]))
    assert result.exit_code == 2
    assert "http" in result.output


def test_an_unreadable_file_is_reported_after_the_others_and_fails(pages, tmp_path):
    missing = tmp_path / "missing.html"
    folder = tmp_path / "a-folder.html"
    folder.mkdir()
    result = run("--json", str(missing), str(pages["ghost_blog"]), str(folder))
    assert result.exit_code == 1
    assert json.loads(result.stdout)["file"] == str(pages["ghost_blog"])
    errors = result.stderr.splitlines()
    assert len(errors) == 2
    assert str(missing) in errors[0] and str(folder) in errors[1]


def test_with_a_time_limit_it_runs_as_the_server_does(pages):
    result = run("--json", "--timeout", "30", str(pages["ghost_blog"]))
    assert result.exit_code == 0, result.output
    line = json.loads(result.output)
    assert line["complete"] is True and line["title"] == "Shipping small"


def test_help_names_the_default_url():
    result = run("--help")
    assert result.exit_code == 0
    assert "http://localhost/FILENAME" in result.output
