"""The page's canonical address: the one it declares (rel=canonical, og:url), else the captured one.

Every result is an absolute http(s) URL without a #fragment or tracking parameters, so that one
article read through a newsletter link and through a search result is stored as one page.
"""

import logging
from urllib.parse import urljoin, urlsplit

from indexer.urls import is_http_url, strip_tracking

log = logging.getLogger(__name__)

MAX_URL_LENGTH = 2048


def _join(base: str, href: str) -> str | None:
    try:
        return urljoin(base, href.strip())
    except ValueError as error:  # e.g. a broken IPv6 literal "http://[::1"
        log.debug("ignoring an unusable link %r: %s", href[:200], error)
        return None


def _is_site_root(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def _declared(candidates: list[str], url: str, base: str | None) -> str | None:
    base_url = (_join(url, base) if base else None) or url
    for href in candidates:
        # An empty href resolves to the page itself: it declares nothing.
        absolute = _join(base_url, href) if isinstance(href, str) and href.strip() else None
        if not absolute or len(absolute) > MAX_URL_LENGTH or not is_http_url(absolute):
            continue
        # A CMS misconfigured to give every page the home page as canonical would merge every
        # article of the site into one page; an article's canonical is never the bare site root.
        if _is_site_root(absolute) and is_http_url(url) and not _is_site_root(url):
            log.info("ignoring canonical %s: the site root for article %s", absolute, url)
            continue
        return strip_tracking(absolute)
    return None


def canonical_url(candidates: list[str], url: str, base: str | None = None) -> str | None:
    """The first usable declared canonical (resolved against <base> and the page URL), else the
    page URL without tracking; None only when neither is an http(s) URL."""
    declared = _declared(candidates, url, base)
    if declared:
        return declared
    return strip_tracking(url) if is_http_url(url) else None


def host_name(url: str | None) -> str | None:
    """The host of an address without "www.", as the last-resort site name."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None
