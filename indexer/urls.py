"""Page addresses: tell http(s) URLs apart and drop the tracking noise that makes one page many."""

import re
from urllib.parse import unquote, urlsplit, urlunsplit

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

# Whitespace and control characters never belong in an address the browser sent us verbatim.
_BAD_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f\s]")


def is_http_url(url: str) -> bool:
    """True for an http or https URL with a host, free of whitespace and control characters."""
    if not isinstance(url, str) or not url or _BAD_CHARS.search(url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- reading it validates the port and raises on garbage
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _is_tracking(pair: str) -> bool:
    name = unquote(pair.split("=", 1)[0]).strip().lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def strip_tracking(url: str) -> str:
    """The URL without its #fragment and without campaign or click-id query parameters.

    The remaining parameters keep their order and their exact spelling (nothing is re-encoded),
    so a URL without tracking comes back unchanged apart from its fragment.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        # Not even splittable (e.g. a broken IPv6 literal): only the fragment can be dropped safely.
        return url.split("#", 1)[0]
    kept = [pair for pair in parts.query.split("&") if pair and not _is_tracking(pair)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(kept), ""))
