"""Addresses as browsers read them (WHATWG), without credentials, and no secrets in what is shared."""

import pytest

from indexer.posts import format_post
from indexer.urls import is_http_url, strip_credentials, strip_secrets, strip_tracking

GOOD = {"text": "A sentence worth keeping"}


@pytest.mark.parametrize(
    "url",
    [
        "http://evil.example\\@good.example/",
        "https://evil.example\\\\good.example/",
        "http://good.example\\@evil.example/",
        "http://ev%69l.example/",  # the browser decodes the host; we would not
        "http://0x7f.1/",  # the browser reads 127.0.0.1
    ],
)
def test_hosts_that_browsers_read_differently_are_refused(client, url):
    assert not is_http_url(url)
    response = client.post("/api/quotes", json={**GOOD, "url": url})
    assert response.status_code == 400
    assert response.json["error"]["message"].startswith("url:")
    assert client.get("/api/quotes").json["total"] == 0


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a\\b",  # a backslash in the path changes no host
        "https://例え.jp/パス",
        "https://xn--r8jz45g.jp/",
        "http://[::1]:8080/x",
        "https://Example.ORG:443/x?q=1#f",
        "https://user:pw@example.org/",
    ],
)
def test_ordinary_addresses_still_pass(url):
    assert is_http_url(url)


def test_credentials_are_stripped_at_capture(client):
    url = "https://alice:s3cret@example.org/post?id=4"
    quote = client.post("/api/quotes", json={**GOOD, "url": url}).json
    assert quote["url"] == "https://example.org/post?id=4"
    assert "s3cret" not in str(client.get(f"/api/quotes/{quote['id']}").json)


def test_secret_parameters_never_reach_the_canonical_url_or_a_post(client):
    url = "https://example.org/doc?id=7&token=abc&Access_Token=def&X-Amz-Signature=f00&page=2"
    quote = client.post("/api/quotes", json={**GOOD, "url": url}).json
    assert quote["url"] == url  # the user's own record of where they were
    assert quote["canonical_url"] == "https://example.org/doc?id=7&page=2"
    post = client.get(f"/api/quotes/{quote['id']}/post?network=mastodon").json["text"]
    assert "abc" not in post and "def" not in post and "f00" not in post
    assert "https://example.org/doc?id=7&page=2" in post


def test_a_post_of_an_older_quote_drops_secrets_from_its_url():
    quote = {"text": "Words", "url": "https://u:p@example.org/x?api_key=K&sig=S&a=1"}
    text = format_post(quote, "linkedin")["text"]
    assert text.endswith(" https://example.org/x?a=1")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a:b@example.org/x", "https://example.org/x"),
        ("https://a@example.org:8443/x", "https://example.org:8443/x"),
        ("https://example.org/x?q=a@b", "https://example.org/x?q=a@b"),
        ("https://example.org/x", "https://example.org/x"),
    ],
)
def test_strip_credentials(url, expected):
    assert strip_credentials(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://e.org/?password=x&q=1", "https://e.org/?q=1"),
        ("https://e.org/?api-key=x", "https://e.org/"),
        ("https://e.org/?keyword=x&tokens=y", "https://e.org/?keyword=x&tokens=y"),
        ("https://e.org/?sig=1#frag", "https://e.org/#frag"),
    ],
)
def test_strip_secrets_keeps_everything_else(url, expected):
    assert strip_secrets(url) == expected


def test_strip_tracking_drops_secrets_and_credentials():
    url = "https://u:p@e.org/a?utm_source=x&token=t&id=1#f"
    assert strip_tracking(url) == "https://e.org/a?id=1"
