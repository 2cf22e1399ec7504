"""Remote mode (`serve --allow-remote`): other machines may reach the server, so every route needs
the token, the search page included (design.md, security model).

On loopback the page may carry the token because only this machine's browser can load it and the
Host check stops DNS rebinding. Anyone who can reach a wider bind could load it too, so in remote
mode a browser signs in once: it posts the token to /sign-in and gets an HttpOnly, SameSite=Strict
cookie (Secure over https) that opens the page and its files. The cookie is an HMAC of the token,
so rotating the token signs every browser out; it never opens /api, which still needs the
Authorization header (a cookie would be sent by cross-site forms; a header cannot be).
/api/health stays open, as on loopback: it says only that quotebank answers, and the extension's
"Test connection" reads it before it sends the token.
"""

import hashlib
import hmac
import ipaddress
import socket

from flask import Blueprint, Response, current_app, redirect, render_template, request
from werkzeug.exceptions import Unauthorized

SESSION_COOKIE = "quotebank_session"
SIGN_IN_PATH = "/sign-in"
# What the sign-in page itself needs before anyone has signed in.
OPEN_PATHS = (SIGN_IN_PATH, "/static/error.css", "/api/health")
SESSION_DAYS = 30

bp = Blueprint("remote", __name__)


def session_value(token: str) -> str:
    return hmac.new(token.encode(), b"quotebank page session", hashlib.sha256).hexdigest()


def _signed_in() -> bool:
    given = request.cookies.get(SESSION_COOKIE, "")
    return hmac.compare_digest(given, session_value(current_app.config["QUOTEBANK_TOKEN"]))


def check_signed_in() -> Response | None:
    """before_request: in remote mode, the page and its files need the sign-in cookie."""
    if not current_app.config.get("REMOTE") or request.path in OPEN_PATHS:
        return None
    if request.path.startswith("/api/") or request.path == "/api":
        return None  # the token check (server/security.py) guards every API route
    if _signed_in():
        return None
    if request.method == "GET" and request.path == "/":
        return redirect(SIGN_IN_PATH, code=303)
    raise Unauthorized(f"sign in first at {SIGN_IN_PATH} with the token ('quotebank token')")


def _sign_in_page(message: str = "", status: int = 200) -> Response:
    response = Response(render_template("sign-in.html", message=message), status=status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get(SIGN_IN_PATH)
def sign_in_form() -> Response:
    if not current_app.config.get("REMOTE"):
        return redirect("/", code=303)  # on loopback the page needs no sign-in
    return _sign_in_page()


@bp.post(SIGN_IN_PATH)
def sign_in() -> Response:
    if not current_app.config.get("REMOTE"):
        return redirect("/", code=303)
    token = current_app.config["QUOTEBANK_TOKEN"]
    given = request.form.get("token", "").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        return _sign_in_page("That is not this server's token.", status=401)
    response = redirect("/", code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session_value(token),
        max_age=SESSION_DAYS * 86400,
        path="/",
        httponly=True,
        samesite="Strict",
        secure=request.is_secure,
    )
    return response


def _is_wide(host: str) -> bool:
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host not in ("localhost",)


def host_names(bind: str, allowed: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The names other machines may use in the Host header: the --allow-host names and, when the
    bind is wider than loopback, this machine's own names and addresses."""
    names = list(allowed)
    if bind not in ("0.0.0.0", "::", "127.0.0.1", "localhost", "::1"):
        names.append(bind)  # a specific address (127.0.0.2, a LAN address) is a name too
    if _is_wide(bind):
        hostname = socket.gethostname()
        names += [hostname, socket.getfqdn()]
        names += _addresses(hostname)
    unique = dict.fromkeys(_bracketed(name.strip().lower()) for name in names if name.strip())
    return tuple(unique)


def _addresses(hostname: str) -> list[str]:
    try:
        found = socket.getaddrinfo(hostname, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return []  # no resolvable name: --allow-host ADDRESS names it instead
    return [info[4][0] for info in found]


def _bracketed(name: str) -> str:
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return name
    return f"[{address}]" if address.version == 6 else str(address)
