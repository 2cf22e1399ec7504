"""Remote mode (serve --allow-remote): every route needs the token, the page included, through a
sign-in cookie; the Host rule takes the names the user allowed. Loopback-only stays as it was."""

import http.client
import socket

import pytest
import requests

from server.app import close_app, create_app
from server.remote import SESSION_COOKIE
from tests.conftest import TEST_PORT, LoopbackClient

NAME = "quotes.example"


@pytest.fixture
def remote_app(data_dir):
    app = create_app(
        {
            "DATA_DIR": str(data_dir),
            "PORT": TEST_PORT,
            "BACKGROUND": False,
            "REMOTE": True,
            "EXTRA_HOSTS": (NAME,),
        }
    )
    app.config["TESTING"] = True
    app.test_client_class = LoopbackClient
    yield app
    close_app(app)


def _cookie(response) -> str:
    return next(v for v in response.headers.getlist("Set-Cookie") if v.startswith(SESSION_COOKIE))


def test_the_page_needs_a_sign_in_and_never_shows_the_token_before(remote_app):
    client = remote_app.test_client()
    token = remote_app.config["QUOTEBANK_TOKEN"]
    response = client.get("/")
    assert response.status_code == 303 and response.headers["Location"].endswith("/sign-in")
    assert token not in response.get_data(as_text=True)
    form = client.get("/sign-in")
    assert form.status_code == 200 and 'name="token"' in form.get_data(as_text=True)
    assert token not in form.get_data(as_text=True)
    for path in ("/static/favicon.svg", "/static/css/page.css", "/static/js/main.js"):
        assert client.get(path).status_code == 401, path


def test_a_wrong_token_does_not_sign_in(remote_app):
    client = remote_app.test_client()
    response = client.post("/sign-in", data={"token": "guess"})
    assert response.status_code == 401
    assert not response.headers.getlist("Set-Cookie")
    assert client.get("/").status_code == 303


def test_signing_in_sets_a_strict_httponly_cookie_that_opens_the_page(remote_app):
    client = remote_app.test_client()
    token = remote_app.config["QUOTEBANK_TOKEN"]
    response = client.post("/sign-in", data={"token": token})
    assert response.status_code == 303
    cookie = _cookie(response)
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Secure" not in cookie  # plain http: a Secure cookie would never come back
    assert token not in cookie  # an HMAC of the token, not the token
    page = client.get("/")
    assert page.status_code == 200 and token in page.get_data(as_text=True)
    assert client.get("/static/css/page.css").status_code == 200


def test_over_https_the_cookie_is_secure(remote_app):
    client = remote_app.test_client()
    token = remote_app.config["QUOTEBANK_TOKEN"]
    response = client.post(
        "/sign-in", data={"token": token}, base_url=f"https://{NAME}:{TEST_PORT}"
    )
    assert "Secure" in _cookie(response)


def test_the_cookie_never_opens_the_api(remote_app):
    client = remote_app.test_client()
    client.post("/sign-in", data={"token": remote_app.config["QUOTEBANK_TOKEN"]})
    assert client.get("/").status_code == 200
    assert client.get("/api/quotes").status_code == 401  # a cross-site form would carry a cookie
    capture = {"text": "x", "url": "https://example.org/"}
    assert client.post("/api/quotes", json=capture).status_code == 401


def test_a_rotated_token_signs_browsers_out(remote_app):
    client = remote_app.test_client()
    client.post("/sign-in", data={"token": remote_app.config["QUOTEBANK_TOKEN"]})
    remote_app.config["QUOTEBANK_TOKEN"] = "a-new-token-" + "x" * 40
    assert client.get("/").status_code == 303


def test_remote_hosts_are_the_allowed_names_only(remote_app):
    client = remote_app.test_client()
    assert client.get("/api/health", base_url=f"http://{NAME}:{TEST_PORT}").status_code == 200
    assert client.get("/api/health", base_url=f"http://{NAME}").status_code == 200  # via a proxy
    assert client.get("/api/health", base_url="http://other.example:8765").status_code == 403


def test_on_loopback_the_page_needs_no_sign_in(anon_client, app):
    page = anon_client.get("/")
    assert page.status_code == 200
    assert app.config["QUOTEBANK_TOKEN"] in page.get_data(as_text=True)
    assert anon_client.get("/sign-in").status_code == 303  # nothing to sign in to


# -- a real server bound wide -------------------------------------------------------------------


def _get(port, path, host, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
    connection.putheader("Host", host)
    for name, value in (headers or {}).items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    result = response.status, response.getheader("Location"), response.read().decode()
    connection.close()
    return result


def test_a_real_wide_server_serves_its_own_name_and_allowed_names_after_sign_in(server_factory):
    # Bound to every address, reached through 127.0.0.1 only: the Host header plays the name a
    # remote browser would use. Nothing leaves this machine.
    server = server_factory(
        None, "--host", "0.0.0.0", "--allow-remote", "--allow-host", NAME
    ).start()
    port, token = server.port, server.token
    machine = f"{socket.gethostname().lower()}:{port}"
    for host in (machine, f"{NAME}:{port}", f"127.0.0.1:{port}"):
        status, location, body = _get(port, "/", host)
        assert status == 303 and location.endswith("/sign-in"), host
        assert token not in body
        assert _get(port, "/api/quotes", host)[0] == 401, host
        bearer = {"Authorization": f"Bearer {token}"}
        assert _get(port, "/api/quotes", host, bearer)[0] == 200, host
    assert _get(port, "/", f"evil.example:{port}")[0] == 403

    # The browser's path, through requests' cookie jar: sign in, then the page has the token.
    session = requests.Session()
    signed = session.post(f"{server.url}/sign-in", data={"token": token}, timeout=10)
    assert signed.status_code == 200 and token in signed.text  # followed the 303 to the page
    assert session.cookies.get(SESSION_COOKIE)
    assert "signs in once" in server.log() and machine in server.log()
