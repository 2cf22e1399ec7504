"""Every route of design.md's HTTP API, through the Flask test client (extraction inline)."""

import uuid

import pytest

from indexer.clock import utc_now
from server.openapi import openapi_document

PAGE = """<!doctype html><html lang="en"><head><title>Gardens of tomorrow | The Ledger</title>
<meta property="og:site_name" content="The Ledger"><meta name="author" content="Ada Byron">
<meta name="twitter:creator" content="@adab"><link rel="canonical" href="https://ledger.example/gardens">
</head><body><article><h1>Gardens of tomorrow</h1>
<p>Cities will grow food on their roofs. Every garden is a small act of defiance against the heat.</p>
<p>A second paragraph about compost and bees, long enough to look like an article body.</p>
</article></body></html>"""


def capture(client, **fields):
    # A page of its own each time: the same text from the same page is one quote (duplicates).
    page = f"https://ledger.example/g/{uuid.uuid4().hex[:8]}"
    body = {"text": "Every garden is a small act of defiance", "url": page}
    body.update(fields)
    return client.post("/api/quotes", json=body)


def test_health_needs_no_token(anon_client):
    response = anon_client.get("/api/health")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["version"]


def test_capture_returns_the_stored_quote(client):
    response = capture(client, tags=[" Climate ", "cities", "climate"], note="for the essay")
    assert response.status_code == 201
    quote = response.json
    assert uuid.UUID(quote["id"])
    assert quote["text"] == "Every garden is a small act of defiance"
    assert quote["tags"] == ["climate", "cities"]
    assert quote["note"] == "for the essay"
    assert quote["created_at"].endswith("Z")
    assert quote["status"] in ("pending", "ready", "failed")
    assert quote.pop("near_duplicates") == []  # the capture answer's own field
    assert client.get(f"/api/quotes/{quote['id']}").json == quote


def test_a_capture_keeps_the_moment_the_client_says_it_was_saved(client):
    """A capture that waited in the extension's queue says when the user clicked."""
    quote = capture(client, created_at="2026-03-01T11:30:05.250+01:00").json
    assert quote["created_at"] == "2026-03-01T10:30:05Z"
    assert client.get(f"/api/quotes/{quote['id']}").json["created_at"] == "2026-03-01T10:30:05Z"
    # A replay with the same id stores nothing new, the first moment included.
    again = capture(client, id=quote["id"], created_at="2026-03-02T00:00:00Z")
    assert (again.status_code, again.json["created_at"]) == (200, "2026-03-01T10:30:05Z")
    # Sent by no one: the server's clock.
    before = utc_now()
    assert before <= capture(client).json["created_at"] <= utc_now()


def test_a_reader_view_address_is_stored_as_the_page_it_shows(client):
    """Firefox's Reader View: older extensions sent about:reader?url=<page>."""
    page = "https://ledger.example/g?id=4&lang=en"
    quote = capture(
        client, url="about:reader?url=https%3A%2F%2Fledger.example%2Fg%3Fid%3D4%26lang%3Den"
    )
    assert quote.status_code == 201, quote.json
    assert (quote.json["url"], quote.json["canonical_url"]) == (page, page)
    refused = capture(client, url="about:reader?url=javascript%3Aalert(1)")
    assert refused.status_code == 400
    assert refused.json["error"]["message"].startswith("url:")


def test_capture_strips_tracking_parameters_from_the_canonical_url(client):
    quote = capture(client, url="https://ledger.example/g?id=4&utm_source=x&fbclid=abc#top").json
    assert quote["url"] == "https://ledger.example/g?id=4&utm_source=x&fbclid=abc#top"
    assert quote["canonical_url"] == "https://ledger.example/g?id=4"


def test_capture_with_page_html_extracts_metadata_and_context(client):
    quote = capture(client, html=PAGE, url="https://ledger.example/gardens?utm_medium=mail").json
    stored = client.get(f"/api/quotes/{quote['id']}").json
    assert stored["status"] == "ready"
    assert stored["site_name"] == "The Ledger"
    assert stored["author"] == "Ada Byron"
    assert stored["handle"] == "@adab"
    assert stored["title"] == "Gardens of tomorrow"
    assert stored["canonical_url"] == "https://ledger.example/gardens"
    assert "small act of defiance against the heat" in stored["context"]


def test_replayed_id_stores_nothing_new(client):
    quote_id = str(uuid.uuid4())
    first = capture(client, id=quote_id)
    again = capture(client, id=quote_id)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["id"] == quote_id
    assert client.get("/api/quotes").json["total"] == 1


def test_replayed_id_with_another_text_is_a_conflict(client):
    quote_id = str(uuid.uuid4())
    capture(client, id=quote_id)
    response = capture(client, id=quote_id, text="Something else entirely")
    assert response.status_code == 409
    assert response.json["error"]["code"] == "conflict"
    assert client.get(f"/api/quotes/{quote_id}").json["text"].startswith("Every garden")


def test_list_is_newest_first_with_paging_and_filters(client):
    ids = [
        capture(client, text=f"Quote number {n}", tags=["even" if n % 2 else "odd"]).json["id"]
        for n in range(5)
    ]
    page = client.get("/api/quotes?limit=2&offset=1").json
    assert page["total"] == 5
    assert [q["id"] for q in page["results"]] == [ids[3], ids[2]]
    assert client.get("/api/quotes?tag=odd").json["total"] == 3
    assert client.get("/api/quotes?tag=none").json == {"total": 0, "results": []}


def test_list_filters_by_site_and_author(client):
    capture(client, html=PAGE, url="https://ledger.example/gardens")
    capture(client, text="Unrelated words", url="https://other.example/")
    assert client.get("/api/quotes?site=The Ledger").json["total"] == 1
    assert client.get("/api/quotes?author=Ada Byron").json["total"] == 1
    assert client.get("/api/quotes?author=Nobody").json["total"] == 0


def test_get_unknown_and_malformed_ids(client):
    assert client.get(f"/api/quotes/{uuid.uuid4()}").status_code == 404
    response = client.get("/api/quotes/not-a-uuid")
    assert response.status_code == 400
    assert response.json["error"]["message"].startswith("id:")


def test_patch_edits_note_tags_and_attribution(client):
    quote_id = capture(client).json["id"]
    edit = {
        "note": "use in chapter 2",
        "tags": ["Heat"],
        "author": "A. Byron",
        "speaker": "Ada Lovelace",
        "handle": "adab",
        "site_name": "Ledger",
        "title": "Gardens",
        "published": "2024-03-05",
    }
    response = client.patch(f"/api/quotes/{quote_id}", json=edit)
    assert response.status_code == 200
    assert response.json["tags"] == ["heat"]
    assert response.json["handle"] == "@adab"
    assert response.json["published"] == "2024-03-05"
    assert response.json["speaker"] == "Ada Lovelace"
    assert client.get(f"/api/quotes/{quote_id}").json["note"] == "use in chapter 2"
    assert client.get("/api/search?q=chapter").json["total"] == 1
    assert client.get('/api/search?q=speaker:"ada lovelace"').json["total"] == 1


@pytest.mark.parametrize(
    "edit",
    [{"text": "rewritten"}, {"published": "March 5"}, {"tags": "not-a-list-of-str"[0:0] or 5}],
)
def test_patch_rejects_what_cannot_be_edited(client, edit):
    quote_id = capture(client).json["id"]
    before = client.get(f"/api/quotes/{quote_id}").json
    response = client.patch(f"/api/quotes/{quote_id}", json=edit)
    assert response.status_code == 400
    assert client.get(f"/api/quotes/{quote_id}").json == before


def test_patch_and_delete_unknown_quote(client):
    missing = uuid.uuid4()
    assert client.patch(f"/api/quotes/{missing}", json={"note": "x"}).status_code == 404
    assert client.delete(f"/api/quotes/{missing}").status_code == 404


def test_delete_removes_from_store_and_search(client):
    quote_id = capture(client).json["id"]
    assert client.get("/api/search?q=garden").json["total"] == 1
    response = client.delete(f"/api/quotes/{quote_id}")
    assert response.status_code == 204
    assert response.data == b""
    assert client.get(f"/api/quotes/{quote_id}").status_code == 404
    assert client.get("/api/search?q=garden").json["total"] == 0


def test_search_highlights_and_filters(client):
    capture(client, tags=["climate"])
    capture(client, text="Bees <b>love</b> gardens & orchards", tags=["nature"])
    capture(client, text="Nothing to see here", url="https://else.example/")
    found = client.get("/api/search?q=garden").json
    assert found["total"] == 2
    highlights = {quote["highlight"] for quote in found["results"]}
    assert "Bees &lt;b&gt;love&lt;/b&gt; <mark>gardens</mark> &amp; orchards" in highlights
    assert client.get("/api/search?q=garden&tag=nature").json["total"] == 1
    assert client.get('/api/search?q="act of defiance"').json["total"] == 1
    assert client.get("/api/search?q=garden -bees").json["total"] == 1
    assert client.get("/api/search?q=orch*").json["total"] == 1


def test_search_with_empty_query_browses_newest_first(client):
    first = capture(client, text="Older quote").json["id"]
    second = capture(client, text="Newer quote").json["id"]
    results = client.get("/api/search").json["results"]
    assert [quote["id"] for quote in results][:2] in ([second, first], [first, second])
    assert len(results) == 2


def test_search_date_range(client):
    quote_id = capture(client).json["id"]
    client.patch(f"/api/quotes/{quote_id}", json={"published": "2020-06-01"})
    capture(client, text="Every garden grows again")  # published unknown: capture date counts
    assert client.get("/api/search?q=garden&until=2020-12-31").json["total"] == 1
    assert client.get("/api/search?q=garden&since=2021-01-01").json["total"] == 1
    response = client.get("/api/search?q=garden&since=last-week")
    assert response.status_code == 400
    assert "since" in response.json["error"]["message"]


def test_recall_finds_the_quote_that_fits_the_draft(client):
    fitting = capture(client, text="Urban rooftop gardens cool the city and feed its people").json
    capture(client, text="Quarterly revenue beat the analysts' expectations")
    capture(client, text="The orchestra played Mahler's fifth symphony")
    draft = (
        "I am writing about how cities adapt to heat waves. Rooftop gardens, green roofs and "
        "urban farming could cool the streets while feeding neighbourhoods."
    )
    response = client.post("/api/recall", json={"draft": draft, "limit": 2})
    assert response.status_code == 200
    results = response.json["results"]
    assert results[0]["id"] == fitting["id"]
    assert isinstance(results[0]["score"], float)


@pytest.mark.parametrize("body", [{}, {"draft": ""}, {"draft": 42}, {"draft": "x", "limit": "9"}])
def test_recall_rejects_bad_drafts(client, body):
    response = client.post("/api/recall", json=body)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid"


@pytest.mark.parametrize(
    ("network", "limit"),
    [("x", 280), ("mastodon", 500), ("bluesky", 300), ("linkedin", 3000), ("threads", 500)],
)
def test_post_fits_each_network(client, network, limit):
    quote_id = capture(client, html=PAGE, url="https://ledger.example/gardens").json["id"]
    client.patch(f"/api/quotes/{quote_id}", json={"handle": "@adab"})
    post = client.get(f"/api/quotes/{quote_id}/post?network={network}").json
    assert post["limit"] == limit
    assert post["length"] <= limit
    assert post["text"].startswith('"Every garden is a small act of defiance"')
    assert "@adab" in post["text"]
    assert "The Ledger" in post["text"]


def test_post_shortens_a_long_quote_but_keeps_the_attribution(client):
    words = " ".join(f"word{n}" for n in range(400))
    quote_id = capture(client, text=words, url="https://ledger.example/long").json["id"]
    client.patch(f"/api/quotes/{quote_id}", json={"handle": "@adab", "site_name": "The Ledger"})
    post = client.get(f"/api/quotes/{quote_id}/post?network=x").json
    assert post["length"] <= 280
    assert "…" in post["text"]
    assert post["text"].rstrip().endswith("https://ledger.example/long")
    assert "@adab" in post["text"]


def test_post_for_an_unknown_network(client):
    quote_id = capture(client).json["id"]
    response = client.get(f"/api/quotes/{quote_id}/post?network=myspace")
    assert response.status_code == 400
    assert response.json["error"]["message"].startswith("network:")


def test_compose_groups_by_tag(client):
    a = capture(client, text="Heat kills quietly", tags=["climate"]).json["id"]
    b = capture(client, text="Bees are pollinators", tags=["nature"]).json["id"]
    c = capture(client, text="Roofs can be farms", tags=["climate"]).json["id"]
    markdown = client.post("/api/compose", json={"ids": [a, b, c]}).json["text"]
    assert markdown.index("climate") < markdown.index("Heat kills") < markdown.index("Roofs can")
    assert markdown.index("Roofs can") < markdown.index("nature") < markdown.index("Bees are")
    assert "> Heat kills quietly" in markdown
    html = client.post("/api/compose", json={"ids": [a, b], "format": "html"}).json["text"]
    assert "<blockquote>" in html


@pytest.mark.parametrize(
    "body",
    [
        {"ids": []},
        {"ids": "abc"},
        {"ids": ["not-a-uuid"]},
        {"ids": [str(uuid.uuid4())]},
        {"ids": [str(uuid.uuid4())], "format": "pdf"},
    ],
)
def test_compose_rejects_bad_requests(client, body):
    response = client.post("/api/compose", json=body)
    assert response.status_code == 400
    assert response.json["error"]["message"]


def test_openapi_documents_every_api_route(app, client):
    document = client.get("/api/openapi.json").json
    assert document["openapi"].startswith("3.1")
    documented = {
        (path, method.upper())
        for path, operations in document["paths"].items()
        for method in operations
        if method != "parameters"
    }
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = rule.rule.replace("<quote_id>", "{quote_id}")
            served |= {(path, method) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert documented == served
    assert openapi_document("x")["info"]["version"] == "x"


def test_status_counts_quotes(client):
    capture(client)
    status = client.get("/api/status").json
    assert status["quotes"] == 1
    assert status["pending_index"] == 0


def test_status_says_when_the_extension_last_saved(client):
    capture(client)
    assert client.get("/api/status").json["last_extension_at"] is None
    origin = {"Origin": "chrome-extension://abcdefghijklmnopabcdefghijklmnop"}
    body = {"text": "From the browser", "url": "https://example.org/b", "id": str(uuid.uuid4())}
    assert client.post("/api/quotes", json=body, headers=origin).status_code == 201
    first = client.get("/api/status").json["last_extension_at"]
    assert first is not None and first.endswith("Z")
    # A replay from the extension is contact too, and stores nothing new.
    assert client.post("/api/quotes", json=body, headers=origin).status_code == 200
    assert client.get("/api/status").json["last_extension_at"] >= first
    assert client.get("/api/status").json["quotes"] == 2
