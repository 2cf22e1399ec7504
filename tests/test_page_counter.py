"""The browser's length rules (server/static/js/twitter-text.js, posts.js) in real Chromium.

The live counter of the post preview must show what the server computes, so these run the page's
own ES modules, served by a real `quotebank serve`, against:
- the official twitter-text conformance cases (tests/data/twitter-text), as
  tests/test_twitter_text.py runs them against indexer/twitter_text.py;
- the Python implementation itself, on tricky strings, for every network's measure;
- indexer/posts.py for the attribution and the post text (one quote as Markdown or HTML is
  written by the server: tests/test_search_page.py checks the card's copies).
All cases are evaluated in the browser in one call per group, then checked one by one.
"""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from indexer.posts import NETWORKS, attribution, format_post
from indexer.twitter_text import CONFIG_V2, CONFIG_V3, is_valid_tweet, url_spans, weighted_length
from tests.seed import HOSTILE, QUOTES
from tests.support.browser import launch_chromium, require_chromium
from tests.support.server import ServerProcess

pytestmark = pytest.mark.browser

DATA = Path(__file__).parent / "data" / "twitter-text"
CASES = yaml.safe_load((DATA / "twitter-text-validate.yml").read_text("utf-8"))["tests"]
SUITES = {
    "WeightedTweetsWithDiscountedEmojiCounterTest": "v3",
    "WeightedTweetsCounterTest": "v2",
    "UnicodeDirectionalMarkerCounterTest": "v3",
}
PY_CONFIGS = {"v2": CONFIG_V2, "v3": CONFIG_V3}

# Strings where counting goes wrong easily: emoji sequences, CJK, combining marks, links that
# end in punctuation or run into text, bare domains, mentions, and the hostile strings.
TRICKY = [
    "",
    "plain ASCII text",
    "日本語のテキスト、漢字とかな。",
    "한국어 문장입니다",
    "Ünïcödé e\u0301 a\u0308",
    "👨‍👩‍👧‍👦 family, 🏳️‍🌈 flag, 👍🏿 tone, 🇫🇷🇯🇵 flags, #️⃣ keycap, ❤️ heart, ©️ and ©",
    "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f Scotland",
    "read https://example.com/a/b?x=1. then (see https://en.wikipedia.org/wiki/Foo_(bar))",
    "bare example.com and t.co and notes.md and foo.co.jp and script.py/run",
    "http://example.com日本語です",
    "https://t.co/abc123.def and HTTPS://EXAMPLE.COM/UP",
    "https://例え.テスト/パス and http://münchen.de/straße",
    "https://example.com/" + "x" * 300,
    "mail someone@example.com or @ann@mastodon.social or @bob",
    "x" * 280,
    "x" * 281,
    "日" * 140 + "x",
    "hello\ufeff",
    "\u200f\u200e directional",
    '"A sentence." - @StoweBoyd, Source: Gigaom Research https://gigaom.com/report',
    "<img src=x onerror=alert(1)> </script><script>alert(1)</script> javascript:alert(1) {{7*7}}",
    "line one\r\nline two\n\nline three",
    "\U0001d400\U0001d401 math bold, \u2160 roman numeral, 〇 ideographic zero",
    "word,\u00a0non-breaking\u3000ideographic space",
    "नमस्ते क्षत्रिय ஸ்ரீ, \u1100\u1161\u11a8 jamo, a\u0600b, 🧑🏻‍❤️‍💋‍🧑🏼",
]


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    """A tab on the real page with its modules imported as `window.qb`."""
    sync_playwright = require_chromium().sync_playwright
    import tempfile

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        server = ServerProcess(Path(folder) / "data").start()
        browser = launch_chromium(playwright)
        try:
            tab = browser.new_page()
            tab.goto(server.url + "/")
            tab.evaluate(
                """async () => {
                  const tt = await import('/static/js/twitter-text.js');
                  const posts = await import('/static/js/posts.js');
                  await tt.loadTlds();
                  window.qb = { tt, posts };
                }"""
            )
            yield tab
        finally:
            browser.close()
            server.stop()


def run_cases(page: Any) -> dict[str, list[dict]]:
    texts = {suite: [case["text"] for case in CASES[suite]] for suite in SUITES}
    return page.evaluate(
        """([texts, configs]) => {
          const out = {};
          for (const [suite, list] of Object.entries(texts)) {
            const config = configs[suite] === 'v2' ? qb.tt.CONFIG_V2 : qb.tt.CONFIG_V3;
            out[suite] = list.map(t => ({length: qb.tt.weightedLength(t, config),
                                         valid: qb.tt.isValidTweet(t, config)}));
          }
          return out;
        }""",
        [texts, SUITES],
    )


@pytest.fixture(scope="module")
def browser_results(page) -> dict[str, list[dict]]:
    return run_cases(page)


def _conformance_params() -> list:
    return [
        pytest.param(suite, number, id=f"{suite}-{number}-{case['description'][:40]}")
        for suite in SUITES
        for number, case in enumerate(CASES[suite])
    ]


@pytest.mark.parametrize(("suite", "number"), _conformance_params())
def test_js_weighted_length_matches_conformance(browser_results, suite, number):
    case = CASES[suite][number]
    got = browser_results[suite][number]
    config = PY_CONFIGS[SUITES[suite]]
    python = {
        "length": weighted_length(case["text"], config),
        "valid": is_valid_tweet(case["text"], config),
    }
    expected = {"length": case["expected"]["weightedLength"], "valid": case["expected"]["valid"]}
    # The contract: agree with the official answer wherever the Python side does, and never
    # disagree with the Python side (the server's count) anywhere.
    assert got == python
    if python == expected:
        assert got == expected


def test_js_finds_bare_domains_like_the_conformance_data(page):
    texts = [case["text"] for case in CASES["urls_without_protocol"]]
    spans = page.evaluate("texts => texts.map(t => qb.tt.urlSpans(t))", texts)
    for text, found in zip(texts, spans, strict=True):
        assert found == [[0, len(text.encode("utf-16-le")) // 2]], text


def test_js_config_is_the_v3_file(page):
    config = json.loads((DATA / "twitter-text-config-v3.json").read_text("utf-8"))
    js = page.evaluate("({...qb.tt.CONFIG_V3})")
    assert js["maxWeightedLength"] == config["maxWeightedTweetLength"]
    assert js["scale"] == config["scale"]
    assert js["defaultWeight"] == config["defaultWeight"]
    assert js["transformedUrlLength"] == config["transformedURLLength"]
    assert js["emojiParsing"] is config["emojiParsingEnabled"]
    assert js["ranges"] == [[r["start"], r["end"], r["weight"]] for r in config["ranges"]]


def _utf16_spans(text: str, spans: list[tuple[int, int]]) -> list[list[int]]:
    def offset(index: int) -> int:
        return len(text[:index].encode("utf-16-le")) // 2

    return [[offset(start), offset(end)] for start, end in spans]


@pytest.fixture(scope="module")
def measured(page) -> list[dict]:
    return page.evaluate(
        """texts => texts.map(t => ({
            spans: qb.tt.urlSpans(t),
            x: qb.posts.measure('x', t), mastodon: qb.posts.measure('mastodon', t),
            bluesky: qb.posts.measure('bluesky', t), threads: qb.posts.measure('threads', t),
            linkedin: qb.posts.measure('linkedin', t)}))""",
        TRICKY,
    )


@pytest.mark.parametrize("number", range(len(TRICKY)))
def test_every_network_measures_like_the_server(measured, number):
    text = TRICKY[number]
    got = measured[number]
    assert got["spans"] == _utf16_spans(text, url_spans(text))
    for key, network in NETWORKS.items():
        assert got[key] == network.measure(text), (key, text)


def test_the_page_has_a_measure_for_every_network(page):
    assert sorted(page.evaluate("Object.keys(qb.posts.MEASURES)")) == sorted(NETWORKS)


# Books (no address, a title), quotes with no person, and a quote carrying the server's link.
SHAPES = [
    {"id": "book-1", "text": "Q.", "author": "Erin Meyer", "title": "The Culture Map"},
    {"id": "book-2", "text": "Q.", "title": "The Culture Map"},
    {"id": "site-only", "text": "Q.", "site_name": "Site", "url": "https://e.example/p"},
    {"id": "host-only", "text": "Q.", "url": "https://www.e.example/p", "title": "A page"},
    {
        "id": "linked",
        "text": "Q.",
        "url": "https://e.example/p",
        "link": "https://e.example/p#:~:text=Q.",
        "author": "Ann",
    },
]
# A quote stored before bidi controls were stripped at capture: the page's posts must drop them
# as indexer/posts.py does.
BIDI = {
    "id": "b1d1b1d1-0000-4000-8000-000000000001",
    "text": "Words \u2067that\u2069 matter\u202e",
    "url": "https://news.example/a",
    "author": "Real News Reporter\u202e",
    "site_name": "\u202bThe Ledger",
    "tags": [],
}
ALL_QUOTES = [*QUOTES, *HOSTILE, *SHAPES, BIDI]


@pytest.fixture(scope="module")
def rendered(page) -> list[dict]:
    return page.evaluate(
        """quotes => quotes.map(q => {
            const p = qb.posts.attributionParts(q);
            return {attribution: qb.posts.attributionText(p.who, p.site, p.book),
                    post: qb.posts.quoteAsPost(q)};
        })""",
        ALL_QUOTES,
    )


@pytest.mark.parametrize("number", range(len(ALL_QUOTES)), ids=[q["id"][:8] for q in ALL_QUOTES])
def test_one_quote_attribution_and_post_match_python(rendered, number):
    quote = ALL_QUOTES[number]
    got = rendered[number]
    assert got["attribution"] == attribution(quote)
    # LinkedIn's 3,000 characters never shorten these: the server's post is the whole quote.
    assert got["post"] == format_post(quote, "linkedin")["text"]


@pytest.mark.parametrize(
    ("text", "graphemes"),
    [
        ("नमस्ते", 3),  # a conjunct (consonant + virama + consonant) is one grapheme
        ("क्षत्रिय", 3),
        ("\u1100\u1161\u11a8", 1),  # Hangul written as three jamo is one syllable
        ("a\u0600b", 2),  # a prepended concatenation mark joins what follows
        ("🧑🏻‍❤️‍💋‍🧑🏼", 1),
    ],
)
def test_bluesky_counts_unicode_graphemes_in_the_browser_and_the_server(page, text, graphemes):
    # Unicode's rules (UAX #29), as Bluesky's own app counts: Intl.Segmenter in the page, the
    # regex module's \X in indexer/posts.py.
    assert page.evaluate("t => qb.posts.measure('bluesky', t)", text) == graphemes
    assert NETWORKS["bluesky"].measure(text) == graphemes
