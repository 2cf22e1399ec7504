"""Bad input at the edges: deep JSON, tags of the wrong shape or in absurd numbers, default ports."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer import validate
from indexer.bank import QuoteBank
from indexer.errors import ValidationError
from server.app import close_app, create_app
from server.commands.importing import import_
from tests.conftest import LoopbackClient

GOOD = {"text": "A sentence worth keeping", "url": "https://example.org/post"}


def error_of(response) -> str:
    assert response.status_code == 400, response.get_data(as_text=True)
    return response.json["error"]["message"]


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deeply_nested_json_is_a_400(client, opener):
    body = opener * 100_000
    response = client.post("/api/quotes", data=body, content_type="application/json")
    assert error_of(response) == "body: nests arrays or objects too deeply"
    assert client.get("/api/quotes").json["total"] == 0


def test_deeply_nested_json_in_an_edit_is_a_400(client):
    quote_id = client.post("/api/quotes", json=GOOD).json["id"]
    response = client.patch(
        f"/api/quotes/{quote_id}", data="[" * 100_000, content_type="application/json"
    )
    assert error_of(response).startswith("body:")


def test_tags_as_a_string_are_refused(client):
    response = client.post("/api/quotes", json={**GOOD, "tags": "a string"})
    assert error_of(response) == "tags: must be a list of strings"
    quote_id = client.post("/api/quotes", json=GOOD).json["id"]
    response = client.patch(f"/api/quotes/{quote_id}", json={"tags": "a string"})
    assert error_of(response) == "tags: must be a list of strings"
    assert client.get(f"/api/quotes/{quote_id}").json["tags"] == []


@pytest.mark.parametrize("bad", [[None], ["ok", None], [["nested"]], [1.5]])
def test_tags_holding_a_non_string_are_a_400_on_post_and_patch(client, bad):
    response = client.post("/api/quotes", json={**GOOD, "tags": bad})
    assert error_of(response).startswith("tags: must be a string, not ")
    quote_id = client.post("/api/quotes", json=GOOD).json["id"]
    response = client.patch(f"/api/quotes/{quote_id}", json={"tags": bad})
    assert error_of(response).startswith("tags: must be a string, not ")


def test_a_null_tag_is_named_null():
    with pytest.raises(ValidationError, match="must be a string, not null"):
        validate.tags([None])


def test_comma_separated_tags_in_a_list_still_split():
    assert validate.tags(["Work, Future", "work"]) == ["work", "future"]


def test_forty_thousand_tags_are_refused_before_any_is_checked(client):
    tags = [f"tag{n}" for n in range(40_000)]
    response = client.post("/api/quotes", json={**GOOD, "tags": tags})
    assert error_of(response) == "tags: at most 50 tags (got a list of 40,000)"


def test_a_tag_string_of_only_commas_is_refused():
    # 100 strings of 2,500 pieces each would be 250,000 checks for one tag.
    with pytest.raises(ValidationError, match="too many commas"):
        validate.tags(["a," * 2_499 + "a"] * 100)


def test_many_duplicates_up_to_the_bound_are_one_tag():
    assert validate.tags(["same"] * 100) == ["same"]


def test_the_51st_distinct_tag_is_refused():
    assert len(validate.tags([f"t{n}" for n in range(50)])) == 50
    with pytest.raises(ValidationError, match="at most 50 tags"):
        validate.tags([f"t{n}" for n in range(51)])


def run_import(*args: str):
    return CliRunner().invoke(import_, list(args))


def stored_texts(data_dir: Path) -> set[str]:
    with QuoteBank.open(data_dir) as bank:
        return {quote["text"] for quote in bank.store.iter_all()}


def test_an_import_row_with_a_null_tag_is_reported_by_line(data_dir, tmp_path: Path):
    export = {
        "quotebank_export": 1,
        "quotes": [
            {"text": "first good quote", "url": "https://example.org/a", "tags": ["ok"]},
            {"text": "bad tags", "url": "https://example.org/b", "tags": [None]},
            {"text": "also bad", "url": "https://example.org/c", "tags": "not a list"},
            {"text": "second good quote", "url": "https://example.org/d"},
        ],
    }
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export, indent=1))
    result = run_import(str(path), "--quiet")
    assert result.exit_code == 0, result.output
    assert result.exception is None
    assert "2 added" in result.output and "2 bad rows" in result.output
    assert "line 11: tags: must be a string, not null" in result.output
    assert "line 18: tags: must be a list of strings" in result.output
    assert stored_texts(data_dir) == {"first good quote", "second good quote"}


def test_a_csv_tags_cell_is_still_comma_separated(data_dir, tmp_path: Path):
    path = tmp_path / "quotes.csv"
    path.write_text('text,url,tags\nA line,https://example.org/,"Work, Future"\n')
    result = run_import(str(path), "--quiet")
    assert result.exit_code == 0, result.output
    with QuoteBank.open(data_dir) as bank:
        assert [quote["tags"] for quote in bank.store.iter_all()] == [["work", "future"]]


def test_a_deeply_nested_import_file_fails_cleanly(data_dir, tmp_path: Path):
    path = tmp_path / "deep.json"
    path.write_text('{"quotebank_export": 1, "quotes": [' + "[" * 100_000 + "]}")
    result = run_import(str(path))
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "nested too deeply" in result.output
    assert stored_texts(data_dir) == set()


@pytest.fixture
def port80_client(data_dir):
    app = create_app({"DATA_DIR": str(data_dir), "PORT": 80, "BACKGROUND": False})
    app.config["TESTING"] = True
    app.test_client_class = LoopbackClient
    yield app.test_client()
    close_app(app)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "127.0.0.1:80"])
def test_port_80_accepts_the_host_header_without_its_port(port80_client, host):
    response = port80_client.get("/api/health", base_url=f"http://{host}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert port80_client.get("/", base_url=f"http://{host}").status_code == 200


def test_port_80_still_refuses_other_hosts(port80_client):
    assert port80_client.get("/api/health", base_url="http://evil.example").status_code == 403


def test_another_port_still_needs_its_port_in_the_host(client):
    assert client.get("/api/health", base_url="http://127.0.0.1").status_code == 403
