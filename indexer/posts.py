"""A quote as a social post: `"<quote>" - @handle, Source: Site <link>`, fitted to a network.

Each network counts length its own way (X weighs code points, Bluesky counts graphemes, Mastodon
counts links as 23); a quote too long for the limit is shortened at a word boundary with "…",
never the attribution or the link. static/js/posts.js mirrors these rules for the live preview.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlsplit

import regex

from indexer.bidi import EMBEDDINGS
from indexer.twitter_text import url_spans, weighted_length
from indexer.urls import strip_secrets

ELLIPSIS = "…"
# Punctuation left dangling before the ellipsis reads badly ("word,…"), so it is dropped.
_DANGLING = " \t\n,;:.!?-–—(\"'“‘"
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")


# --- grapheme clusters ---------------------------------------------------------------------


_GRAPHEME = regex.compile(r"\X")


def grapheme_clusters(text: str) -> list[str]:
    """text split into user-perceived characters: Unicode's extended grapheme clusters
    (UAX #29, as the `regex` module implements them), which is how Bluesky's app and the
    page's Intl.Segmenter count."""
    return _GRAPHEME.findall(text)


def grapheme_length(text: str) -> int:
    return len(grapheme_clusters(text))


# --- networks ------------------------------------------------------------------------------

MASTODON_URL_LENGTH = 23
_REMOTE_MENTION = re.compile(r"(?<![=/\w])(@\w+(?:[\w.-]+\w)?)@\w+(?:[.-]+\w+)*")


def mastodon_length(text: str) -> int:
    """Mastodon's count: graphemes, each http(s) link as 23, "@name@server" as "@name"."""
    pieces, last = [], 0
    for start, end in url_spans(text):
        if text[start:end].lower().startswith(("http://", "https://")):
            pieces += [text[last:start], "x" * MASTODON_URL_LENGTH]
            last = end
    countable = "".join([*pieces, text[last:]])
    return grapheme_length(_REMOTE_MENTION.sub(r"\1", countable))


@dataclass(frozen=True)
class Network:
    key: str
    name: str
    limit: int
    measure: Callable[[str], int]
    counts: str  # how the limit is counted, in words for people


NETWORKS: dict[str, Network] = {
    network.key: network
    for network in (
        Network("x", "X", 280, weighted_length, "weighted characters, links as 23"),
        Network("mastodon", "Mastodon", 500, mastodon_length, "characters, links as 23"),
        Network("bluesky", "Bluesky", 300, grapheme_length, "graphemes"),
        Network("threads", "Threads", 500, len, "characters"),
        Network("linkedin", "LinkedIn", 3000, len, "characters"),
    )
}


def get_network(key: str) -> Network:
    """The network called key; ValueError naming the known ones otherwise."""
    try:
        return NETWORKS[key]
    except KeyError:
        allowed = ", ".join(NETWORKS)
        raise ValueError(f"unknown network {key!r}: use one of {allowed}") from None


# --- attribution ---------------------------------------------------------------------------


class Attribution(NamedTuple):
    who: str | None  # the person quoted, else "@handle", else the author's name
    site: str | None  # the publication, else the host of the link
    link: str | None  # the quote's link (with its text fragment), else canonical URL, else URL
    book: str | None = None  # the title of a quote with no address (a Kindle or Readwise book)
    via: str | None = None  # the author's @handle when the person quoted took the author's place


def _one_line(value: object) -> str | None:
    """A captured string on one line, or None when it holds nothing; without bidi embeddings,
    which would reorder what follows (static/js/posts.js drops the same)."""
    if not isinstance(value, str):
        return None
    return " ".join(EMBEDDINGS.sub("", value).split()) or None


def safe_link(value: object) -> str | None:
    """value when it is an http(s) URL with a host: anything else (javascript:...) is no link."""
    url = _one_line(value)
    if url is None or " " in url:
        return None
    parts = urlsplit(url)
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def _host(url: str | None) -> str | None:
    if url is None:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def attribution_parts(quote: dict) -> Attribution:
    """Who said it and where. ``link`` (made by indexer.fragments, the address with a text
    fragment to the sentence) is preferred to the bare addresses when the quote carries one."""
    link = (
        safe_link(quote.get("link"))
        or safe_link(quote.get("canonical_url"))
        or safe_link(quote.get("url"))
    )
    link = strip_secrets(link) if link else None  # stored before secrets were stripped
    handle = _one_line(quote.get("handle"))
    if handle and not handle.startswith("@"):
        handle = "@" + handle
    # The person whose words these are: the one quoted, else the article's author.
    speaker = _one_line(quote.get("speaker"))
    who = speaker or handle or _one_line(quote.get("author"))
    site = _one_line(quote.get("site_name")) or _host(link)
    # A quote with no address and a title comes from a book: the book is the source.
    book = None if link or site else _one_line(quote.get("title"))
    return Attribution(who, site, link, book, handle if speaker else None)


def attribution_text(
    who: str | None, site: str | None, book: str | None = None, via: str | None = None
) -> str:
    """ "- who, Source: site" or, for a book, "- who, Title"; whichever part is missing is
    dropped, the leading dash kept ("" when all are missing). ``via`` (the author's handle,
    when ``who`` is the person quoted) follows the name: "- Jane Smith via @ada, Source: Site".
    """
    who = f"{who} via {via}" if who and via else who
    if book:
        return f"- {who}, {book}" if who else f"- {book}"
    if who and site:
        return f"- {who}, Source: {site}"
    if who:
        return f"- {who}"
    return f"- Source: {site}" if site else ""


def attribution(quote: dict) -> str:
    """The attribution line of a quote: "- @handle, Source: Site" (without the link)."""
    parts = attribution_parts(quote)
    return attribution_text(parts.who, parts.site, parts.book, parts.via)


# --- the post ------------------------------------------------------------------------------


def clean_quote(text: str) -> str:
    """The quote with runs of spaces collapsed, at most one blank line between paragraphs, and
    no bidi controls (they would reorder the attribution after it)."""
    text = EMBEDDINGS.sub("", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.strip().splitlines())
    return _BLANK_LINES.sub("\n\n", "\n".join(lines))


def _post_tail(quote: dict) -> str:
    """What follows the quoted text and is never shortened: attribution and link."""
    parts = attribution_parts(quote)
    words = [attribution_text(parts.who, parts.site, parts.book, parts.via), parts.link or ""]
    return "".join(" " + word for word in words if word)


def _word_cuts(body: str) -> list[int]:
    return [match.start() for match in re.finditer(r"\s+", body)]


def _grapheme_cuts(body: str) -> list[int]:
    cuts, position = [], 0
    for cluster in grapheme_clusters(body)[:-1]:
        position += len(cluster)
        cuts.append(position)
    return cuts


def _shortened(body: str, cut: int) -> str | None:
    kept = body[:cut].rstrip(_DANGLING)
    return kept + ELLIPSIS if kept else None


def _best_cut(body: str, cuts: list[int], fits: Callable[[str], bool]) -> str | None:
    """The longest shortened body among cuts that fits: a binary search that only ever returns
    a candidate it has checked, since lengths are not strictly monotonic (a cut can break a link).
    """
    best, low, high = None, -1, len(cuts)
    while high - low > 1:
        middle = (low + high) // 2
        candidate = _shortened(body, cuts[middle])
        if candidate is not None and fits(candidate):
            best, low = candidate, middle
        else:
            high = middle
    return best


def _fitted(quote: dict, net: Network) -> tuple[str, str]:
    """The post within net's limit, and the part of the quote it kept."""
    body, tail = clean_quote(quote["text"]), _post_tail(quote)

    def fits(candidate: str) -> bool:
        return net.measure(f'"{candidate}"{tail}') <= net.limit

    if not fits(body):
        shorter = _best_cut(body, _word_cuts(body), fits) or _best_cut(
            body, _grapheme_cuts(body), fits
        )
        body = shorter or body
    return f'"{body}"{tail}', body


def format_post(quote: dict, network: str) -> dict:
    """`"<quote>" - @handle, Source: Site <link>` within the network's limit.

    The link is the quote's ``link`` (to the sentence, with a text fragment) when it has one.
    Where the network counts a link's real characters (Bluesky, Threads, LinkedIn) and that
    long link would cost words of the quote, the plain page address is used instead; X and
    Mastodon count every link as 23, so there the fragment is free. When the quote has a
    speaker, the author's handle follows the name ("- Jane Smith via @ada") unless it would
    cost words of the quote.

    Returns {"text", "length", "limit"}. When even the attribution and link alone leave no room
    for a word of the quote, the whole post is returned as it is, with its length over the limit.
    """
    net = get_network(network)
    # Best first: the link to the sentence, and the author's handle beside the person quoted;
    # each is dropped where it would cost words of the quote.
    variants = [quote]
    if quote.get("handle") and quote.get("speaker"):
        variants.append({**quote, "handle": None})
    if quote.get("link"):
        variants += [{**variant, "link": None} for variant in variants]
    fitted = [_fitted(variant, net) for variant in variants]
    text = max(fitted, key=lambda found: len(found[1]))[0]  # the first of the longest
    return {"text": text, "length": net.measure(text), "limit": net.limit}
