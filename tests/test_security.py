"""The security model of design.md, through the Flask test client (rules) and a real server."""

import http.client
import json

import pytest

from tests.conftest import TEST_PORT

TEXT = {"text": "A sentence worth keeping", "url": "https://example.org/post"}


def count(client) -> int:
    return client.get("/api/quotes").json["total"]


# -- Host allow-list (DNS rebinding) ------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    [
        f"127.0.0.1:{TEST_PORT}",
        f"localhost:{TEST_PORT}",
        f"[::1]:{TEST_PORT}",
        f"LOCALHOST:{TEST_PORT}",
    ],
)
def test_loopback_hosts_are_served(anon_client, host):
    assert anon_client.get("/api/health", base_url=f"http://{host}").status_code == 200


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        f"evil.example:{TEST_PORT}",
        "127.0.0.1",
        "127.0.0.1:9999",
        "localhost.evil:8765",
    ],
)
def test_other_hosts_get_403_everywhere(client, host):
    for path in ("/api/health", "/api/quotes", "/"):
        response = client.get(path, base_url=f"http://{host}")
        assert response.status_code == 403, path
    response = client.post("/api/quotes", json=TEXT, base_url=f"http://{host}")
    assert response.status_code == 403
    assert count(client) == 0


# -- the token ----------------------------------------------------------------------------------


API_GETS = ["/api/quotes", "/api/search?q=x", "/api/status", "/api/export", "/api/openapi.json"]


@pytest.mark.parametrize("path", API_GETS)
def test_every_api_route_but_health_needs_the_token(anon_client, path):
    response = anon_client.get(path)
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert "quotebank token" in response.json["error"]["message"]


@pytest.mark.parametrize(
    "authorization", ["Bearer wrong-token", "Basic dXNlcjpwYXNz", "Bearer", "", "bearer  "]
)
def test_wrong_tokens_are_refused(app, anon_client, authorization):
    response = anon_client.post("/api/quotes", json=TEXT, headers={"Authorization": authorization})
    assert response.status_code == 401
    token = app.config["QUOTEBANK_TOKEN"]
    assert (
        anon_client.get("/api/quotes", headers={"Authorization": f"Bearer {token}"}).json["total"]
        == 0
    )


def test_the_token_is_never_accepted_in_the_query_string(app, anon_client, client):
    token = app.config["QUOTEBANK_TOKEN"]
    for name in ("token", "access_token"):
        assert anon_client.get(f"/api/quotes?{name}={token}").status_code == 401
        # Even alongside a good header: a token in an address leaks into logs and history.
        assert client.get(f"/api/quotes?{name}={token}").status_code == 401


def test_token_file_is_private_and_stable(app, data_dir):
    path = data_dir / "token"
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_text().strip() == app.config["QUOTEBANK_TOKEN"]
    assert len(app.config["QUOTEBANK_TOKEN"]) >= 32


def test_token_is_compared_in_constant_time(monkeypatch, anon_client):
    import hmac

    calls = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    anon_client.get("/api/quotes", headers={"Authorization": "Bearer guess"})
    assert calls


# -- writes: JSON only, bounded ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "data"),
    [
        ("text/plain", json.dumps(TEXT)),
        ("application/x-www-form-urlencoded", "text=hello&url=https://example.org/"),
        (
            "multipart/form-data; boundary=xx",
            '--xx\r\nContent-Disposition: form-data; name="text"\r\n\r\nhi\r\n--xx--\r\n',
        ),
        (None, json.dumps(TEXT)),
    ],
)
def test_writes_accept_json_only(client, content_type, data):
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/api/quotes", data=data, headers=headers)
    assert response.status_code == 415
    assert response.json["error"]["code"] == "unsupported_media_type"
    quote_path = "/api/quotes/00000000-0000-4000-8000-000000000000"
    assert client.patch(quote_path, data="note=x", headers=headers).status_code == 415
    assert count(client) == 0


def test_json_with_charset_is_accepted(client):
    response = client.post(
        "/api/quotes",
        data=json.dumps(TEXT),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 201


def test_bodies_over_the_limit_get_413(app, client):
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = json.dumps({**TEXT, "html": "x" * limit})
    response = client.post("/api/quotes", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json["error"]["code"] == "request_entity_too_large"
    assert count(client) == 0


def test_html_over_the_html_limit_is_refused_by_name(app, client):
    body = {**TEXT, "html": "x" * (app.config["MAX_HTML"] + 1)}
    response = client.post("/api/quotes", json=body)
    assert response.status_code in (400, 413)
    assert count(client) == 0


def test_get_never_changes_anything(client, data_dir):
    quote_id = client.post("/api/quotes", json={**TEXT, "tags": ["a"]}).json["id"]
    before = client.get(f"/api/quotes/{quote_id}").json
    database = data_dir / "quotebank.sqlite3"
    for path in [
        *API_GETS,
        f"/api/quotes/{quote_id}",
        f"/api/quotes/{quote_id}/post?network=x",
        "/api/quotes?tag=a",
        "/",
        "/api/health",
    ]:
        client.get(path)
    assert client.get(f"/api/quotes/{quote_id}").json == before
    assert count(client) == 1
    # GET routes have no write path at all: a DELETE-looking GET does nothing either.
    assert client.get(f"/api/quotes/{quote_id}?method=DELETE").status_code == 200
    assert database.exists()


# -- CORS --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "origin",
    [
        "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
        "moz-extension://0a1b2c3d-1111-2222-3333-444455556666",
    ],
)
def test_cors_answers_extension_origins(client, origin):
    preflight = client.options(
        "/api/quotes",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == origin
    assert "authorization" in preflight.headers["Access-Control-Allow-Headers"].lower()
    response = client.post("/api/quotes", json=TEXT, headers={"Origin": origin})
    assert response.headers["Access-Control-Allow-Origin"] == origin


@pytest.mark.parametrize(
    "origin",
    ["https://evil.example", "null", "http://127.0.0.1:8765", "chrome-extension://x/../evil", "*"],
)
def test_cors_never_answers_web_origins(client, origin):
    preflight = client.options(
        "/api/quotes", headers={"Origin": origin, "Access-Control-Request-Method": "POST"}
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers
    response = client.get("/api/quotes", headers={"Origin": origin})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_no_cors_outside_the_api(client):
    origin = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
    response = client.get("/", headers={"Origin": origin})
    assert "Access-Control-Allow-Origin" not in response.headers


# -- the page's headers and errors ---------------------------------------------------------------


def test_page_has_a_strict_content_security_policy(anon_client):
    response = anon_client.get("/")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_errors_are_json_under_api_and_html_elsewhere(client):
    missing_api = client.get("/api/nothing-here")
    assert missing_api.status_code == 404
    assert missing_api.json["error"]["code"] == "not_found"
    wrong_method = client.put("/api/quotes", json={})
    assert wrong_method.status_code == 405
    assert wrong_method.json["error"]["code"] == "method_not_allowed"
    missing_page = client.get("/no-such-page")
    assert missing_page.status_code == 404
    assert missing_page.mimetype == "text/html"
    assert b"<h1>404</h1>" in missing_page.data


def test_no_stack_trace_reaches_a_client(app, client, monkeypatch):
    bank = app.extensions["quotebank"]

    def explode(*args, **kwargs):
        raise RuntimeError("secret internal detail /home/user/db")

    monkeypatch.setattr(bank, "list_quotes", explode)
    response = client.get("/api/quotes")
    assert response.status_code == 500
    assert response.json["error"]["code"] == "internal"
    assert b"secret internal detail" not in response.data
    assert b"Traceback" not in response.data


# -- the same attacks from outside, with raw HTTP against a real server --------------------------


def raw(server, method, path, headers, body=b""):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for name, value in headers.items():
        connection.putheader(name, value)
    connection.endheaders(body or None)
    response = connection.getresponse()
    result = response.status, dict(response.getheaders()), response.read()
    connection.close()
    return result


def test_attacks_on_a_real_server(live_server):
    host = f"127.0.0.1:{live_server.port}"
    auth = f"Bearer {live_server.token}"
    body = json.dumps(TEXT).encode()
    json_headers = {"Host": host, "Authorization": auth, "Content-Type": "application/json"}

    assert raw(live_server, "GET", "/api/health", {"Host": host})[0] == 200
    # DNS rebinding: the attacker's name resolves to 127.0.0.1, the Host header still says so.
    assert (
        raw(live_server, "GET", "/api/quotes", {"Host": "attacker.example", "Authorization": auth})[
            0
        ]
        == 403
    )
    assert raw(live_server, "GET", "/api/quotes", {"Host": host})[0] == 401
    assert (
        raw(live_server, "GET", f"/api/quotes?token={live_server.token}", {"Host": host})[0] == 401
    )
    form = {**json_headers, "Content-Type": "text/plain", "Content-Length": str(len(body))}
    assert raw(live_server, "POST", "/api/quotes", form, body)[0] == 415
    status, headers, _ = raw(
        live_server,
        "OPTIONS",
        "/api/quotes",
        {"Host": host, "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in headers
    status, headers, _ = raw(live_server, "GET", "/", {"Host": host})
    assert status == 200 and "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    good = {**json_headers, "Content-Length": str(len(body))}
    assert raw(live_server, "POST", "/api/quotes", good, body)[0] == 201
    status, _, listing = raw(
        live_server, "GET", "/api/quotes", {"Host": host, "Authorization": auth}
    )
    assert json.loads(listing)["total"] == 1


def test_chunked_body_over_the_limit_gets_413_from_a_real_server(server_factory, tmp_path):
    server = server_factory(tmp_path / "data").start()
    host = f"127.0.0.1:{server.port}"
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    headers = {
        "Host": host,
        "Authorization": f"Bearer {server.token}",
        "Content-Type": "application/json",
        "Transfer-Encoding": "chunked",
    }
    chunk = b"x" * (1024 * 1024)

    def chunks():
        yield b'{"text": "big", "url": "https://example.org/", "html": "'
        for _ in range(12):  # 12 MB: over the 10 MB HTML limit plus the body allowance
            yield chunk
        yield b'"}'

    try:
        connection.request(
            "POST", "/api/quotes", body=chunks(), headers=headers, encode_chunked=True
        )
        status = connection.getresponse().status
    finally:
        connection.close()
    assert status == 413
    listing = raw(
        server, "GET", "/api/quotes", {"Host": host, "Authorization": f"Bearer {server.token}"}
    )
    assert json.loads(listing[2])["total"] == 0
