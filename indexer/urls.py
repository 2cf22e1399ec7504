"""Page addresses: tell http(s) URLs apart and drop the tracking noise that makes one page many.

An address is accepted only where Python's parser and a browser's (the WHATWG URL Standard, as
the ada-url library implements it) name the same host: `http://evil.example\\@good.example/`
reads as good.example to urlsplit and opens evil.example in a browser, so it is refused.
Credentials (`user:pass@`) never stay in a stored address, and parameters that look like secrets
(`?token=`, `api_key`, `sig`...) never reach a canonical address or a post.
"""

import ipaddress
import re
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

import ada_url

# Query parameters that identify a campaign or a click, never the page. ``ref`` alone is kept on
# purpose: on many sites (GitHub, shops) it selects content.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "mc_cid",
        "mc_eid",
        "igshid",
        "igsh",
        "_hsenc",
        "_hsmi",
        "__hstc",
        "__hssc",
        "__hsfp",
        "hsctatracking",
        "ref_src",
        "ref_url",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "vero_conv",
        "wickedid",
        "_ga",
        "_gl",
        "s_cid",
        "ncid",
        "sr_share",
        "at_medium",
        "at_campaign",
        "spm",
        "cmpid",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "itm_")

# Query parameters that carry a credential: shared in a post, they hand over the account or the
# signed download. Compared lower-cased, with "-" read as "_".
SECRET_PARAMS = frozenset(
    {
        "token",
        "access_token",
        "refresh_token",
        "id_token",
        "auth",
        "auth_token",
        "authtoken",
        "api_key",
        "apikey",
        "key_secret",
        "client_secret",
        "secret",
        "password",
        "passwd",
        "pwd",
        "pass",
        "sig",
        "signature",
        "session",
        "sessionid",
        "session_id",
        "jwt",
        "otp",
    }
)
# Cloud storage signatures: X-Amz-Signature, X-Amz-Credential, X-Goog-Signature...
SECRET_PREFIXES = ("x_amz_", "x_goog_")

# Whitespace and control characters never belong in an address the browser sent us verbatim.
_BAD_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f\s]")


READER_VIEW = "about:reader?"


def reader_view_page(url: Any) -> Any:
    """The page Firefox's Reader View shows at ``about:reader?url=<page>``; anything else as it
    is. Older extensions sent the reader's address, which is not http(s) and was refused."""
    if not isinstance(url, str) or not url.startswith(READER_VIEW):
        return url
    pages = parse_qs(url[len(READER_VIEW) :]).get("url")
    return pages[0] if pages else url


def is_http_url(url: str) -> bool:
    """True for an http or https URL with a host, free of whitespace and control characters."""
    if not isinstance(url, str) or not url or _BAD_CHARS.search(url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- reading it validates the port and raises on garbage
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return False
    return _same_host_as_browsers(url, parts.hostname)


def _same_host_as_browsers(url: str, python_host: str) -> bool:
    """True when a browser opening url goes to the host urlsplit found."""
    try:
        browser_host = ada_url.URL(url).hostname
    except ValueError:
        return False  # a browser would not open it at all
    try:  # IPv6 literals have many spellings: compare the addresses
        return ipaddress.ip_address(python_host) == ipaddress.ip_address(browser_host.strip("[]"))
    except ValueError:
        pass
    return ada_url.idna_to_ascii(python_host).decode("ascii", "replace") == browser_host


def _param_name(pair: str) -> str:
    return unquote(pair.split("=", 1)[0]).strip().lower()


def _is_tracking(pair: str) -> bool:
    name = _param_name(pair)
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def _is_secret(pair: str) -> bool:
    name = _param_name(pair).replace("-", "_")
    return name in SECRET_PARAMS or name.startswith(SECRET_PREFIXES)


def strip_credentials(url: str) -> str:
    """The URL without a `user:password@` part; unchanged otherwise (nothing is re-encoded)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def strip_secrets(url: str) -> str:
    """The URL without credentials nor secret-looking query parameters (for what is shared)."""
    url = strip_credentials(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    kept = [pair for pair in parts.query.split("&") if pair and not _is_secret(pair)]
    if len(kept) == len([pair for pair in parts.query.split("&") if pair]):
        return url
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(kept), parts.fragment))


def strip_tracking(url: str) -> str:
    """The URL without its #fragment, credentials, campaign or click-id query parameters, and
    secret-looking ones: the page's canonical address, shared in posts and exports.

    The remaining parameters keep their order and their exact spelling (nothing is re-encoded),
    so a URL without tracking comes back unchanged apart from its fragment.
    """
    try:
        parts = urlsplit(strip_credentials(url))
    except ValueError:
        # Not even splittable (e.g. a broken IPv6 literal): only the fragment can be dropped safely.
        return url.split("#", 1)[0]
    kept = [
        pair
        for pair in parts.query.split("&")
        if pair and not _is_tracking(pair) and not _is_secret(pair)
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(kept), ""))


def page_addresses(url: str) -> list[str]:
    """The forms under which quotes saved from the page at `url` are stored: the address as
    given and without its #fragment and tracking parameters (what a capture's canonical_url
    starts as), without repeats."""
    return list(dict.fromkeys((url, strip_tracking(url))))
