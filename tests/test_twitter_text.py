"""X's weighted length against the official twitter-text conformance data (tests/data)."""

import json
from pathlib import Path

import pytest
import yaml

from indexer.twitter_text import (
    CONFIG_V2,
    CONFIG_V3,
    emoji_spans,
    is_valid_tweet,
    known_tlds,
    url_spans,
    weighted_length,
)

DATA = Path(__file__).parent / "data" / "twitter-text"
CASES = yaml.safe_load((DATA / "twitter-text-validate.yml").read_text("utf-8"))["tests"]


def _params(suite: str) -> list:
    return [
        pytest.param(case, id=f"{number}-{case['description'][:50]}")
        for number, case in enumerate(CASES[suite])
    ]


@pytest.mark.parametrize("case", _params("WeightedTweetsWithDiscountedEmojiCounterTest"))
def test_v3_weighted_length_matches_conformance(case):
    assert weighted_length(case["text"]) == case["expected"]["weightedLength"]
    assert is_valid_tweet(case["text"]) is case["expected"]["valid"]


@pytest.mark.parametrize("case", _params("WeightedTweetsCounterTest"))
def test_v2_weighted_length_matches_conformance(case):
    # The same rules without emoji grouping: every code point of an emoji weighs on its own.
    assert weighted_length(case["text"], CONFIG_V2) == case["expected"]["weightedLength"]
    assert is_valid_tweet(case["text"], CONFIG_V2) is case["expected"]["valid"]


@pytest.mark.parametrize("case", _params("UnicodeDirectionalMarkerCounterTest"))
def test_directional_markers_and_invalid_characters(case):
    assert weighted_length(case["text"]) == case["expected"]["weightedLength"]
    assert is_valid_tweet(case["text"]) is case["expected"]["valid"]


@pytest.mark.parametrize("case", _params("urls_without_protocol"))
def test_bare_domains_are_links(case):
    assert url_spans(case["text"]) == [(0, len(case["text"]))]


def test_embedded_config_is_the_v3_file():
    config = json.loads((DATA / "twitter-text-config-v3.json").read_text("utf-8"))
    assert CONFIG_V3.max_weighted_length == config["maxWeightedTweetLength"]
    assert CONFIG_V3.scale == config["scale"]
    assert CONFIG_V3.default_weight == config["defaultWeight"]
    assert CONFIG_V3.transformed_url_length == config["transformedURLLength"]
    assert CONFIG_V3.emoji_parsing is config["emojiParsingEnabled"]
    assert [list(r) for r in CONFIG_V3.ranges] == [
        [r["start"], r["end"], r["weight"]] for r in config["ranges"]
    ]


def _linked(text: str) -> list[str]:
    return [text[start:end] for start, end in url_spans(text)]


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("read https://example.com/a/b?x=1.", ["https://example.com/a/b?x=1"]),
        (
            "(see https://en.wikipedia.org/wiki/Foo_(bar))",
            ["https://en.wikipedia.org/wiki/Foo_(bar)"],
        ),
        ("mail me at someone@example.com", []),
        ("a file called notes.md", []),  # name.cc alone is not linked ...
        ("short t.co and foo.co.jp", ["t.co", "foo.co.jp"]),  # ... except .co, or with more labels
        ("script.py/run", ["script.py/run"]),  # ... or with a path
        ("http://example.com日本語です", ["http://example.com"]),
        ("https://example.com:8080/x", ["https://example.com:8080/x"]),
        ("https://t.co/abc123.def", ["https://t.co/abc123"]),
        ("http://localhost:8000/", []),
        ("example.notadomain", []),
        ("HTTPS://EXAMPLE.COM/UP", ["HTTPS://EXAMPLE.COM/UP"]),
    ],
)
def test_links_found_like_twitter_text(text, links):
    assert _linked(text) == links


def test_link_counts_23_whatever_its_length():
    short, long = "https://a.co", "https://example.com/" + "x" * 200
    assert weighted_length(short) == weighted_length(long) == 23


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("🇫🇷", 2),  # flag: two regional indicators
        ("#️⃣", 2),  # keycap with emoji presentation
        ("👍🏿", 2),  # skin tone
        ("🏳️‍🌈", 2),  # ZWJ sequence with a variation selector
        ("❤️", 2),
        ("©", 1),  # text presentation: an ordinary Latin-1 character
        ("©️", 2),
        ("日本", 4),
        ("Ünïcödé", 7),
        ("e\u0301", 1),  # NFC first: e + combining acute is one character
    ],
)
def test_emoji_and_scripts(text, length):
    assert weighted_length(text) == length


def test_emoji_spans_group_sequences():
    text = "a👨‍👩‍👧b🇯🇵"
    assert [text[s:e] for s, e in emoji_spans(text)] == ["👨‍👩‍👧", "🇯🇵"]


def test_validity_bounds():
    assert not is_valid_tweet("")
    assert is_valid_tweet("x" * 280)
    assert not is_valid_tweet("x" * 281)
    assert not is_valid_tweet("日" * 141)
    assert not is_valid_tweet("hello\ufeff")


def test_tld_list_is_loaded_from_package_data():
    tlds = known_tlds()
    assert {"com", "co", "jp", "pizza", "中国"} <= tlds
    assert all(tld == tld.lower() and "." not in tld for tld in tlds)
