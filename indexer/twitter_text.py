"""Post length the way X counts it: twitter-text's weighted length under configuration v3.

X does not count characters. After NFC normalisation every code point weighs 2 units, except a
few ranges (Latin and most alphabetic scripts, some punctuation) that weigh 1; an emoji, however
many code points it is made of (ZWJ families, flags, keycaps, skin tones), weighs 2 as one unit;
and every link weighs 23, whatever its length. A post is valid from 1 to 280 units.

The link finder is a practical rendition of twitter-text's extractor: scheme URLs with any
alphabetic top-level domain, bare domains only with a top-level domain from ``data/tlds.txt``,
labels longer than 63 characters (after punycode) rejected. static/js/twitter-text.js is the same
algorithm for the browser; both are tested against the official conformance cases.
"""

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class WeightConfig:
    """The numbers of a twitter-text configuration file (weights are in 1/scale units)."""

    max_weighted_length: int
    scale: int
    default_weight: int
    transformed_url_length: int
    ranges: tuple[tuple[int, int, int], ...]  # (first code point, last code point, weight)
    emoji_parsing: bool


CONFIG_V3 = WeightConfig(
    max_weighted_length=280,
    scale=100,
    default_weight=200,
    transformed_url_length=23,
    ranges=((0, 4351, 100), (8192, 8205, 100), (8208, 8223, 100), (8242, 8247, 100)),
    emoji_parsing=True,
)
# v2 differs only in counting each code point of an emoji separately; the conformance data
# still has a suite for it, and keeping it proves the emoji grouping is what makes v3 differ.
CONFIG_V2 = replace(CONFIG_V3, emoji_parsing=False)

INVALID_CHARS = frozenset("\ufffe\ufeff\uffff")
MAX_LABEL_LENGTH = 63
MAX_URL_LENGTH = 4096

# --- emoji ---------------------------------------------------------------------------------

# An approximation of Unicode's Extended_Pictographic property, which Python does not expose.
_PICTOGRAPHIC = (
    "\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328\u23cf\u23e9-\u23f3"
    "\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe\u2600-\u27bf\u2934\u2935"
    "\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55\u3030\u303d\u3297\u3299"
    "\U0001f000-\U0001f1e5\U0001f200-\U0001f3fa\U0001f400-\U0001faff"
)
_ELEMENT = (
    f"[{_PICTOGRAPHIC}]\ufe0f?[\U0001f3fb-\U0001f3ff]?"  # base, emoji presentation, skin tone
    "(?:[\U000e0020-\U000e007e]+\U000e007f)?"  # tag sequence (subdivision flags)
)
EMOJI_RE = re.compile(
    "[\U0001f1e6-\U0001f1ff]{2}"  # flag: a pair of regional indicators
    "|[0-9#*]\ufe0f?\u20e3"  # keycap
    "|[\u00a9\u00ae]\ufe0f"  # (c) and (r) are emoji only when asked to be
    f"|{_ELEMENT}(?:\u200d{_ELEMENT})*"  # ZWJ sequence
    "|[\U0001f1e6-\U0001f1ff\U0001f3fb-\U0001f3ff]"  # a lone indicator or skin tone
)


def emoji_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every emoji in text, a ZWJ sequence or a flag being one emoji."""
    return [match.span() for match in EMOJI_RE.finditer(text)]


# --- links ---------------------------------------------------------------------------------


@cache
def known_tlds() -> frozenset[str]:
    """The top-level domains a link may end with (lower case; internationalised in Unicode)."""
    lines = resources.files("indexer").joinpath("data/tlds.txt").read_text("utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"  # letters or digits, with inner hyphens or underscores
_HOST = rf"{_LABEL}(?:\.{_LABEL})+"
_ASCII_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?"
_ASCII_HOST = rf"{_ASCII_LABEL}(?:\.{_ASCII_LABEL})+"
# Characters a path or query may hold (ASCII, Latin accents, Cyrillic), and those it may end
# with: punctuation that ends a sentence stays outside the link.
_PATH_CHARS = r"[A-Za-z0-9!*';:=+,.$/%#\[\]\-_~&|@?()\u00c0-\u024f\u0400-\u04ff]"
_PATH_END = re.compile(r"[A-Za-z0-9=_#/+\-&\u00c0-\u024f\u0400-\u04ff]")
URL_RE = re.compile(
    r"(?<![A-Za-z0-9@＠$#＃])"
    rf"(?:(?P<scheme>https?://)(?P<host>{_HOST})"
    rf"|(?<![-_./])(?P<bare>{_ASCII_HOST}))"
    rf"(?P<port>:[0-9]{{1,5}})?(?P<path>[/?#]{_PATH_CHARS}*)?",
    re.IGNORECASE,
)
_AFTER_TLD = re.compile(r"[A-Za-z0-9@+-]")  # what may not follow a top-level domain
_TCO_PATH = re.compile(r"/[A-Za-z0-9]+")
_LONGEST_TLD = 30


def _label_ok(label: str) -> bool:
    if label.isascii():
        return len(label) <= MAX_LABEL_LENGTH
    try:
        return len("xn--" + label.encode("punycode").decode("ascii")) <= MAX_LABEL_LENGTH
    except UnicodeError:
        return False


def _is_tld(label: str) -> bool:
    lowered = label.lower()
    return lowered in known_tlds() or lowered.startswith("xn--")


def _tld_prefix(label: str) -> int:
    """Length of the longest top-level domain that label starts with and that may end there.

    Text often runs into a link without a space ("http://example.com日本語"): the greedy host then
    ends in a label that is no domain, but starts with one.
    """
    for size in range(min(len(label) - 1, _LONGEST_TLD), 1, -1):
        if _is_tld(label[:size]) and not _AFTER_TLD.match(label[size]):
            return size
    return 0


def _short_bare_domain(host: str, path: str) -> bool:
    """twitter-text does not link "name.cc" written alone, except on .co and .tv (t.co)."""
    labels = host.lower().split(".")
    return not path and len(labels) == 2 and len(labels[1]) == 2 and labels[1] not in ("co", "tv")


def _trim_path(path: str) -> str:
    """Drop trailing punctuation, keeping a closing parenthesis that closes one in the path."""
    while path:
        last = path[-1]
        if last == ")" and path.count("(") >= path.count(")"):
            return path
        if _PATH_END.match(last):
            return path
        path = path[:-1]
    return path


def _link_end(match: re.Match[str]) -> int | None:
    """Where the link found by match really ends, or None when it is no link after all."""
    name = "host" if match["scheme"] else "bare"
    host = match[name]
    labels = host.split(".")
    if not _is_tld(labels[-1]):
        cut = _tld_prefix(labels[-1])
        if not cut:
            return None
        labels[-1] = labels[-1][:cut]
        host = ".".join(labels)
        path = ""  # the host ran into text: nothing after it belongs to the link
    else:
        path = _trim_path(match["path"] or "")
        port = match["port"] or ""
        if match["scheme"] and host.lower() == "t.co":
            slug = _TCO_PATH.match(path)
            path = slug.group() if slug else ""
        path = port + path
    if not all(_label_ok(label) for label in labels):
        return None
    if not match["scheme"] and _short_bare_domain(host, path):
        return None
    return match.start(name) + len(host) + len(path)


def url_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every link twitter-text would shorten to 23 units."""
    spans = []
    for match in URL_RE.finditer(text):
        end = _link_end(match)
        if end is not None and end - match.start() <= MAX_URL_LENGTH:
            spans.append((match.start(), end))
    return spans


# --- weighing ------------------------------------------------------------------------------


def _char_weight(char: str, config: WeightConfig) -> int:
    code = ord(char)
    for first, last, weight in config.ranges:
        if first <= code <= last:
            return weight
    return config.default_weight


def _weighted_units(text: str, config: WeightConfig) -> int:
    """The length in 1/scale units of an already normalised text."""
    url_ends = dict(url_spans(text))
    emoji_ends = dict(emoji_spans(text)) if config.emoji_parsing else {}
    units, index = 0, 0
    while index < len(text):
        if index in url_ends:
            units += config.transformed_url_length * config.scale
            index = url_ends[index]
        elif index in emoji_ends:
            units += config.default_weight
            index = emoji_ends[index]
        else:
            units += _char_weight(text[index], config)
            index += 1
    return units


def weighted_length(text: str, config: WeightConfig = CONFIG_V3) -> int:
    """The length X shows for text: NFC, weighted code points, emoji as 2, links as 23."""
    normalised = unicodedata.normalize("NFC", text)
    return _weighted_units(normalised, config) // config.scale


def is_valid_tweet(text: str, config: WeightConfig = CONFIG_V3) -> bool:
    """True when X would accept text: 1 to 280 weighted units and no forbidden code point."""
    normalised = unicodedata.normalize("NFC", text)
    if any(char in INVALID_CHARS for char in normalised):
        return False
    return 0 < _weighted_units(normalised, config) <= config.max_weighted_length * config.scale
