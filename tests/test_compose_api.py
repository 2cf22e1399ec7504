"""POST /api/compose options (issue 11): title, intro, group order, each tag, ungrouped."""

import pytest


def _capture(client, text, tags):
    response = client.post(
        "/api/quotes", json={"text": text, "url": "https://e.example/a", "tags": tags}
    )
    assert response.status_code == 201
    return response.json["id"]


def test_compose_takes_title_intro_order_and_each_tag(client):
    a = _capture(client, "First one.", ["zoo", "cats"])
    b = _capture(client, "Second one.", ["cats"])
    body = {
        "ids": [b, a],
        "title": "My digest",
        "intro": "Hello.",
        "groups": ["zoo"],
        "each_tag": True,
    }
    text = client.post("/api/compose", json=body).json["text"]
    assert text.startswith("# My digest\n\nHello.\n\n## zoo\n\n> First one.")
    cats = text.split("## cats\n\n", 1)[1]
    assert cats.index("Second one.") < cats.index("First one.")  # the order of ids
    flat = client.post("/api/compose", json={"ids": [a], "grouped": False}).json["text"]
    assert flat.startswith("> First one.")


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"title": 3}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"intro": ["x"]}, "intro"),
        ({"groups": "zoo"}, "groups"),
        ({"groups": [1]}, "groups"),
        ({"each_tag": "yes"}, "each_tag"),
        ({"grouped": None}, "grouped"),
    ],
)
def test_compose_refuses_bad_options(client, extra, field):
    a = _capture(client, "First one.", [])
    response = client.post("/api/compose", json={"ids": [a], **extra})
    assert response.status_code == 400
    assert response.json["error"]["message"].startswith(f"{field}:")
