"""Bad input: each a clear 4xx naming what is wrong; the server stays up; nothing is stored."""

import json
import uuid

import pytest

GOOD = {"text": "A sentence worth keeping", "url": "https://example.org/post"}


def post_raw(client, data: str | bytes):
    return client.post("/api/quotes", data=data, content_type="application/json")


def stored(client) -> int:
    return client.get("/api/quotes").json["total"]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('{"text": "unterminated', "body"),
        ("", "body"),
        ("[1, 2, 3]", "body"),
        ('"just a string"', "body"),
        ("null", "body"),
        (b'{"text": "\xff\xfe bad utf-8", "url": "https://example.org/"}', "body"),
    ],
)
def test_malformed_bodies(client, raw, field):
    response = post_raw(client, raw)
    assert response.status_code == 400
    error = response.json["error"]
    assert error["code"] == "invalid"
    assert error["message"].startswith(f"{field}:")
    assert stored(client) == 0


LONG = "x" * 10_001


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": 5}, "text"),
        ({"text": ["a"]}, "text"),
        ({"text": ""}, "text"),
        ({"text": "   \n\t "}, "text"),
        ({"text": LONG}, "text"),
        ({"text": None}, "text"),
        ({"url": None}, "url"),
        ({"url": ""}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "data:text/html,<script>alert(1)</script>"}, "url"),
        ({"url": "file:///etc/passwd"}, "url"),
        ({"url": "ftp://example.org/"}, "url"),
        ({"url": "https://example.org/\r\nSet-Cookie: a=b"}, "url"),
        ({"url": "https://example.org/a\nb"}, "url"),
        ({"url": "https:///no-host"}, "url"),
        ({"url": "https://example.org:99999/"}, "url"),
        ({"url": 42}, "url"),
        ({"text": "nul\x00byte"}, "text"),
        ({"note": "nul\x00byte"}, "note"),
        ({"tags": "a" * 101}, "tags"),
        ({"tags": [1, 2]}, "tags"),
        ({"tags": {"a": 1}}, "tags"),
        ({"id": "not-a-uuid"}, "id"),
        ({"id": 12345}, "id"),
        ({"title": 7}, "title"),
        ({"html": 7}, "html"),
        ({"created_at": "yesterday"}, "created_at"),
        ({"created_at": "2026-03-01T10:00:00"}, "created_at"),  # no time zone: ambiguous
        ({"created_at": "1999-12-31T23:59:59Z"}, "created_at"),
        ({"created_at": "2999-01-01T00:00:00Z"}, "created_at"),
        ({"created_at": 1772359200}, "created_at"),
    ],
)
def test_invalid_fields_are_named(client, change, field):
    response = client.post("/api/quotes", json={**GOOD, **change})
    assert response.status_code == 400, response.json
    assert response.json["error"]["message"].startswith(f"{field}:")
    assert stored(client) == 0


def test_ten_thousand_characters_are_fine(client):
    assert client.post("/api/quotes", json={**GOOD, "text": "y" * 10_000}).status_code == 201


def test_lone_surrogates_are_refused(client):
    # json.dumps writes the lone surrogate as the escape \\ud800, which a JSON parser accepts.
    body = json.dumps({**GOOD, "text": "broken \ud800 text"})
    response = post_raw(client, body)
    assert response.status_code == 400
    assert "surrogate" in response.json["error"]["message"]
    assert stored(client) == 0


def test_unknown_fields_are_ignored(client):
    response = client.post("/api/quotes", json={**GOOD, "colour": "yellow", "status": "ready"})
    assert response.status_code == 201
    assert "colour" not in response.json


def test_replayed_id_with_a_different_text_is_409(client):
    quote_id = str(uuid.uuid4())
    assert client.post("/api/quotes", json={**GOOD, "id": quote_id}).status_code == 201
    response = client.post("/api/quotes", json={**GOOD, "id": quote_id, "text": "Other"})
    assert response.status_code == 409
    assert quote_id in response.json["error"]["message"]
    assert stored(client) == 1


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced phrase',
        "(open group",
        "close group)",
        "*",
        "**",
        "a*",
        "x" * 10_240,
        "author:",
        "tag:(",
        "-",
        "OR",
        "AND OR NOT",
        "\x00",
        "title:[a TO",
    ],
)
def test_hostile_search_queries_get_400_or_a_bounded_answer(client, query):
    client.post("/api/quotes", json=GOOD)
    response = client.get("/api/search", query_string={"q": query})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json["error"]["message"].startswith("q:")
    else:
        assert len(response.json["results"]) <= 20
    assert client.get("/api/health").status_code == 200


@pytest.mark.parametrize(
    "args",
    [
        {"limit": "0"},
        {"limit": "501"},
        {"limit": "ten"},
        {"offset": "-1"},
        {"sort": "random"},
        {"since": "2024-13-01"},
        {"until": "yesterday"},
    ],
)
def test_bad_search_parameters(client, args):
    response = client.get("/api/search", query_string={"q": "word", **args})
    assert response.status_code == 400
    assert response.json["error"]["message"].split(":")[0] in args


@pytest.mark.parametrize("args", [{"limit": "0"}, {"limit": "100000"}, {"offset": "x"}])
def test_bad_listing_parameters(client, args):
    response = client.get("/api/quotes", query_string=args)
    assert response.status_code == 400


def test_edit_with_unknown_field_is_refused(client):
    quote_id = client.post("/api/quotes", json=GOOD).json["id"]
    response = client.patch(f"/api/quotes/{quote_id}", json={"colour": "yellow"})
    assert response.status_code == 400
    assert response.json["error"]["message"].startswith("colour:")
    response = client.patch(f"/api/quotes/{quote_id}", json=["note"])
    assert response.status_code == 400


def test_a_date_range_that_ends_before_it_starts(client):
    response = client.get(
        "/api/search", query_string={"since": "2024-05-01", "until": "2024-01-01"}
    )
    assert response.status_code == 400
    assert response.json["error"]["message"].startswith("since:")
