"""Tests that fail when the docs fall behind the code."""

from pathlib import Path

from click.testing import CliRunner

from server.cli import main
from server.openapi import openapi_document

ROOT = Path(__file__).resolve().parent.parent


def test_every_api_route_is_in_the_api_doc():
    doc = (ROOT / "docs" / "api.md").read_text()
    for path, operations in openapi_document("test")["paths"].items():
        for method in operations:
            if method == "parameters":
                continue
            written = f"{method.upper()} {path.replace('{quote_id}', '<id>')}"
            assert written in doc, f"docs/api.md does not mention {written}"


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for name in main.list_commands(None):
        assert f"quotebank {name}" in readme, f"README.md does not mention 'quotebank {name}'"


def test_readme_set_up_is_make_run_and_make_test():
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme


def test_every_command_has_help():
    for name in main.list_commands(None):
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0
        assert len(result.output.splitlines()) > 3
