"""Social handles: ``@name`` on X/Twitter, ``@name@instance`` on the fediverse.

A handle comes either declared (twitter:creator, fediverse:creator, in any of the spellings sites
use) or from a profile link (JSON-LD sameAs, rel=me). The site's own account is never an author's.
"""

import re
from urllib.parse import parse_qs, urlsplit

from indexer.urls import is_http_url

_TWITTER_NAME = re.compile(r"^[A-Za-z0-9_]{1,15}$")
_FEDI_NAME = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?$")
_INSTANCE = re.compile(r"^(?=.{4,253}$)[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,63}$")
TWITTER_HOSTS = frozenset({"twitter.com", "x.com", "mobile.twitter.com", "mobile.x.com"})
# Paths on x.com that are pages, not accounts.
TWITTER_RESERVED = frozenset(
    {"home", "share", "intent", "i", "search", "hashtag", "explore", "login", "signup", "tos"}
    | {"privacy", "settings", "messages", "notifications", "compose", "about", "download"}
)
# Well-known sites that also use https://host/@name profile URLs but are not fediverse servers.
NOT_FEDIVERSE = frozenset(
    {"medium.com", "youtube.com", "tiktok.com", "threads.net", "threads.com", "substack.com"}
    | {"producthunt.com", "hashnode.com", "figma.com", "replit.com", "glitch.com"}
    | {"observablehq.com", "vimeo.com", "flickr.com"}
)


def _twitter(name: str) -> str | None:
    name = name.removeprefix("@")
    if _TWITTER_NAME.match(name) and name.lower() not in TWITTER_RESERVED:
        return "@" + name
    return None


def _fediverse(name: str, instance: str) -> str | None:
    instance = instance.lower().rstrip(".")
    if _FEDI_NAME.match(name) and _INSTANCE.match(instance) and not _is_not_fediverse(instance):
        return f"@{name}@{instance}"
    return None


def _is_not_fediverse(host: str) -> bool:
    return any(host == known or host.endswith("." + known) for known in NOT_FEDIVERSE)


def from_link(url: str) -> str | None:
    """The handle of an x.com/twitter.com or fediverse (https://instance/@name) profile URL."""
    url = url.strip()
    if not is_http_url(url):
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    segments = [segment for segment in parts.path.split("/") if segment]
    if host in TWITTER_HOSTS and segments in (["intent", "follow"], ["intent", "user"]):
        # twitter.com/intent/follow?screen_name=jane: a "Follow @jane" button.
        names = parse_qs(parts.query).get("screen_name", [])
        return _twitter(names[0]) if len(names) == 1 else None
    if len(segments) != 1:
        return None
    if host in TWITTER_HOSTS:
        return _twitter(segments[0])
    if segments[0].startswith("@"):
        name, _, remote = segments[0][1:].partition("@")
        # https://instance/@name@other is instance's view of an account that lives on "other".
        return _fediverse(name, remote or host)
    return None


def from_declared(value: str) -> str | None:
    """A handle written as "@name", "name", "@name@instance", "name@instance" or a profile URL."""
    value = value.strip()
    if "/" in value:
        return from_link(value if "://" in value else "https://" + value)
    name, _, instance = value.removeprefix("@").partition("@")
    return _fediverse(name, instance) if instance else _twitter(name)


def pick_handle(candidates: list[str], site: list[str]) -> str | None:
    """The first valid handle among ``candidates`` (declared values or profile URLs, best first)
    that is not one of the ``site``'s own accounts."""
    own = {handle.lower() for handle in map(from_declared, site) if handle}
    for handle in map(from_declared, candidates):
        if handle and handle.lower() not in own:
            return handle
    return None
