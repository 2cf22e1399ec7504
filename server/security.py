"""The rules that keep other web pages from using the local server (design.md, security model).

Every page the user opens can send requests to 127.0.0.1, so: the Host header must name this
server (DNS rebinding), every /api route but health needs the token, writes must be JSON (a page
cannot send that without a CORS preflight), and CORS answers only browser-extension origins.
"""

import hmac
import re

from flask import Flask, Response, current_app, request
from flask_cors import CORS
from werkzeug.exceptions import Forbidden, Unauthorized, UnsupportedMediaType

from server import remote
from server.invocation import hint

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
DEFAULT_HTTP_PORT = 80
EXTENSION_ORIGIN = re.compile(r"^(chrome-extension|moz-extension)://[A-Za-z0-9-]{1,64}$")
OPEN_API_PATHS = ("/api/health",)
WRITE_METHODS = ("POST", "PUT", "PATCH")
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
    "object-src 'none'"
)


def allowed_hosts(port: int, extra: tuple[str, ...] = ()) -> frozenset[str]:
    """Loopback names with this port (on port 80 also bare: clients leave the default port
    out); the names the user allowed (serve --allow-host, and the machine's own when bound
    wide) also bare, as they arrive through a proxy on port 80 or 443."""
    loopback = {f"{name}:{port}" for name in LOOPBACK_NAMES}
    if port == DEFAULT_HTTP_PORT:
        # Browsers and HTTP clients leave the default port out of the Host header.
        loopback.update(LOOPBACK_NAMES)
    named = {f"{name}:{port}" for name in extra} | set(extra)
    return frozenset(name.lower() for name in loopback | named)


def check_host() -> None:
    if request.host.lower() not in current_app.config["ALLOWED_HOSTS"]:
        raise Forbidden(
            f"host {request.host!r} is not allowed; open http://127.0.0.1:{current_app.config['PORT']}/"
        )


def check_token() -> None:
    if not request.path.startswith("/api/") or request.path in OPEN_API_PATHS:
        return
    if request.method == "OPTIONS":
        return  # a CORS preflight carries no credentials by design
    if "token" in request.args or "access_token" in request.args:
        raise Unauthorized("the token is never accepted in the address; send it in the header")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    expected = current_app.config["QUOTEBANK_TOKEN"]
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip(), expected):
        raise Unauthorized(
            "missing or wrong token: send 'Authorization: Bearer <token>'"
            f" (run '{hint('token')}' to see it)"
        )


def check_json_body() -> None:
    if request.path == remote.SIGN_IN_PATH:
        return  # a plain HTML form, so that signing in needs no script
    if request.method in WRITE_METHODS and request.mimetype != "application/json":
        raise UnsupportedMediaType("send the body as JSON with 'Content-Type: application/json'")


def security_headers(response: Response) -> Response:
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = PAGE_CSP
    # No other site may load anything of ours (an <img> of favicon.svg, a <link> to page.css)
    # and learn from it that quotebank runs here; the extension's fetches use CORS, not this.
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    if request.path.startswith("/api/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def install(app: Flask) -> None:
    app.before_request(check_host)
    app.before_request(remote.check_signed_in)
    app.before_request(check_token)
    app.before_request(check_json_body)
    app.after_request(security_headers)
    CORS(
        app,
        resources={r"/api/*": {"origins": [EXTENSION_ORIGIN]}},
        allow_headers=["Authorization", "Content-Type"],
        methods=["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
        supports_credentials=False,
        send_wildcard=False,
        max_age=600,
    )
