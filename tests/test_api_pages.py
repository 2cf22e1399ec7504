"""GET /api/quotes?url= (the quotes saved from a page, for the extension's badge) and
GET /api/tags (the tags in use, for suggestions), through the Flask test client."""

import pytest

from tests.test_api import PAGE, capture


def from_page(client, *urls: str, **params: str):
    query = [("url", url) for url in urls] + list(params.items())
    return client.get("/api/quotes", query_string=query)


def test_quotes_from_a_page_by_its_address(client):
    first = capture(client, text="First words", url="https://ledger.example/a").json
    second = capture(client, text="Second words", url="https://ledger.example/a").json
    capture(client, text="Elsewhere", url="https://ledger.example/b")

    listed = from_page(client, "https://ledger.example/a").json
    assert listed["total"] == 2
    assert [quote["id"] for quote in listed["results"]] == [second["id"], first["id"]]
    assert from_page(client, "https://ledger.example/c").json == {"total": 0, "results": []}


def test_tracking_parameters_and_fragments_either_side_still_match(client):
    saved = capture(client, url="https://ledger.example/g?id=4&utm_source=news#top").json
    for visit in [
        "https://ledger.example/g?id=4",
        "https://ledger.example/g?id=4&fbclid=xyz",
        "https://ledger.example/g?id=4#later",
        "https://ledger.example/g?id=4&utm_source=news#top",
    ]:
        listed = from_page(client, visit).json
        assert [quote["id"] for quote in listed["results"]] == [saved["id"]], visit
    # Another query that selects content is another page.
    assert from_page(client, "https://ledger.example/g?id=5").json["total"] == 0


def test_the_canonical_address_a_page_declares_matches(client):
    # Saved from a mobile address; the page declares https://ledger.example/gardens.
    saved = capture(client, html=PAGE, url="https://m.ledger.example/gardens?ref=app").json
    stored = client.get(f"/api/quotes/{saved['id']}").json
    assert stored["canonical_url"] == "https://ledger.example/gardens"

    by_canonical = from_page(client, "https://ledger.example/gardens").json
    assert [quote["id"] for quote in by_canonical["results"]] == [saved["id"]]
    # The browser's address and the declared one together: the quote once.
    both = from_page(client, "https://m.ledger.example/gardens?ref=app", stored["canonical_url"])
    assert both.json["total"] == 1
    assert [quote["id"] for quote in both.json["results"]] == [saved["id"]]


def test_quotes_from_a_page_carry_their_tags_and_page_by_limit(client):
    for n in range(3):
        capture(client, text=f"Quote {n}", url="https://ledger.example/t", tags=[f"t{n}"])
    page = from_page(client, "https://ledger.example/t", limit="2").json
    assert page["total"] == 3
    assert [quote["tags"] for quote in page["results"]] == [["t2"], ["t1"]]


@pytest.mark.parametrize(
    ("urls", "params", "field"),
    [
        (["javascript:alert(1)"], {}, "url"),
        (["not an address"], {}, "url"),
        (["https://ledger.example/a"] * 6, {}, "url"),
        (["https://ledger.example/a"], {"tag": "x"}, "url"),
        (["https://ledger.example/a"], {"limit": "0"}, "limit"),
    ],
)
def test_bad_page_lookups_are_400s(client, urls, params, field):
    response = from_page(client, *urls, **params)
    assert response.status_code == 400
    assert response.json["error"]["message"].startswith(f"{field}:")


def test_page_lookup_needs_the_token(anon_client):
    response = anon_client.get("/api/quotes?url=https://ledger.example/a")
    assert response.status_code == 401


def test_tags_most_used_first_with_counts_and_prefix(client):
    capture(client, text="One", tags=["climate", "cities"])
    capture(client, text="Two", tags=["climate", "compost"])
    capture(client, text="Three", tags=["Climate", "bees"])

    assert client.get("/api/tags").json["results"] == [
        {"tag": "climate", "count": 3},
        {"tag": "bees", "count": 1},
        {"tag": "cities", "count": 1},
        {"tag": "compost", "count": 1},
    ]
    assert client.get("/api/tags?prefix=C&limit=2").json["results"] == [
        {"tag": "climate", "count": 3},
        {"tag": "cities", "count": 1},
    ]
    # LIKE wildcards in a prefix are plain characters.
    assert client.get("/api/tags?prefix=%25").json["results"] == []
    assert client.get("/api/tags?prefix=_").json["results"] == []


def test_tags_bad_input(client):
    assert client.get("/api/tags?limit=0").status_code == 400
    assert client.get(f"/api/tags?prefix={'x' * 101}").status_code == 400


def test_tags_need_the_token(anon_client):
    assert anon_client.get("/api/tags").status_code == 401
