"""Meaning over HTTP: recall's why, search modes, related quotes, and their errors."""

import pytest

SLEEP = "Sleep is the single most effective thing we can do to reset our brain each day."
BEES = "Bees pollinate a third of the crops we eat."
TRAFFIC = "Cities that build more highways just get more traffic; new lanes fill up fast."


@pytest.fixture
def ids(client):
    out = []
    for n, text in enumerate((SLEEP, BEES, TRAFFIC)):
        response = client.post("/api/quotes", json={"text": text, "url": f"https://a.example/{n}"})
        assert response.status_code == 201
        out.append(response.json["id"])
    return out


def test_recall_says_why(client, ids):
    response = client.post("/api/recall", json={"draft": "A good night's rest helps the mind."})
    assert response.status_code == 200
    first = response.json["results"][0]
    assert first["id"] == ids[0]
    assert first["why"]["close_in_meaning"] is True and first["why"]["words"] == []
    assert isinstance(first["why"]["similarity"], float)


def test_search_modes(client, ids):
    keyword = client.get("/api/search", query_string={"q": "insects and farming"}).json
    assert keyword["total"] == 0
    meaning = client.get(
        "/api/search", query_string={"q": "insects and farming", "mode": "meaning"}
    )
    assert meaning.status_code == 200 and meaning.json["results"][0]["id"] == ids[1]
    hybrid = client.get("/api/search", query_string={"q": "more traffic", "mode": "hybrid"}).json
    assert hybrid["results"][0]["id"] == ids[2]
    assert "<mark>traffic</mark>" in hybrid["results"][0]["highlight"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "bees", "mode": "semantic"},
        {"q": "bees OR sleep", "mode": "meaning"},
        {"q": "tag:nature", "mode": "hybrid"},
        {"q": "bees", "mode": "meaning", "since": "2020-01-01"},
    ],
)
def test_bad_modes_are_a_clear_400(client, ids, params):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid"
    assert response.json["error"]["message"].startswith("mode:")


def test_related(client, ids):
    response = client.get(f"/api/quotes/{ids[2]}/related", query_string={"limit": 2})
    assert response.status_code == 200
    results = response.json["results"]
    assert len(results) == 2 and ids[2] not in [quote["id"] for quote in results]
    assert all(isinstance(quote["score"], float) for quote in results)


def test_related_errors(client, ids):
    missing = client.get("/api/quotes/0c8e1d2a-0000-4000-8000-000000000000/related")
    assert missing.status_code == 404
    assert client.get("/api/quotes/nope/related").status_code == 400
    assert client.get(f"/api/quotes/{ids[0]}/related?limit=0").status_code == 400


def test_without_the_model_meaning_is_a_503_and_recall_uses_words(data_dir, monkeypatch):
    from server.app import close_app, create_app
    from tests.conftest import LoopbackClient

    # The model's weights are missing (a broken install): words alone must still answer.
    monkeypatch.setattr("indexer.meaning.model.WEIGHTS", ("weights", "missing.safetensors"))
    app = create_app({"DATA_DIR": str(data_dir), "PORT": 8765, "BACKGROUND": False})
    app.test_client_class = LoopbackClient
    try:
        client = app.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {app.config['QUOTEBANK_TOKEN']}"
        client.post("/api/quotes", json={"text": TRAFFIC, "url": "https://a.example/t"})
        recall = client.post("/api/recall", json={"draft": "highways and traffic"})
        assert recall.status_code == 200
        assert recall.json["results"][0]["why"]["similarity"] is None
        meaning = client.get("/api/search", query_string={"q": "roads", "mode": "meaning"})
        assert meaning.status_code == 503
        assert meaning.json["error"]["code"] == "unavailable"
    finally:
        close_app(app)


def test_capture_reports_near_duplicates_and_merge_folds_them(client, ids):
    again = client.post("/api/quotes", json={"text": BEES.upper(), "url": "https://b.example/"})
    assert again.status_code == 201 and again.json["near_duplicates"] == [ids[1]]
    merged = client.post(f"/api/quotes/{again.json['id']}/merge", json={"into": ids[1]})
    assert merged.status_code == 200 and merged.json["id"] == ids[1]
    assert client.get(f"/api/quotes/{again.json['id']}").status_code == 404


@pytest.mark.parametrize("body", [{}, {"into": 3}, [], {"into": "nope"}])
def test_merge_rejects_bad_bodies(client, ids, body):
    response = client.post(f"/api/quotes/{ids[0]}/merge", json=body)
    assert response.status_code == 400
    assert client.get(f"/api/quotes/{ids[0]}").status_code == 200
