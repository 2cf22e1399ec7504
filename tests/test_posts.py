"""Quotes formatted as posts: attribution rules, network limits, shortening, length counts."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.posts import (
    NETWORKS,
    attribution,
    format_post,
    get_network,
    grapheme_clusters,
    grapheme_length,
    mastodon_length,
)
from indexer.twitter_text import weighted_length

FULL = {
    "id": "q1",
    "text": "Innovation has to become a distributed activity.",
    "url": "https://gigaom.com/report?utm_source=feed",
    "canonical_url": "https://gigaom.com/report",
    "author": "Stowe Boyd",
    "handle": "@StoweBoyd",
    "site_name": "Gigaom Research",
}


def _quote(**fields) -> dict:
    return {"id": "q", "text": "A sentence worth keeping.", **fields}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"handle": "@ann", "author": "Ann", "site_name": "Site"}, "- @ann, Source: Site"),
        # The person quoted takes the author's place.
        (
            {"speaker": "Jane Smith", "handle": "@ann", "site_name": "Site"},
            "- Jane Smith via @ann, Source: Site",
        ),
        ({"handle": "ann", "site_name": "Site"}, "- @ann, Source: Site"),  # "@" added
        ({"handle": "@ann@mastodon.social", "site_name": "S"}, "- @ann@mastodon.social, Source: S"),
        ({"author": "Ann  Lee\n", "site_name": "Site"}, "- Ann Lee, Source: Site"),
        ({"site_name": "Site"}, "- Source: Site"),  # no person: the seed's dash kept
        ({"url": "https://www.example.com/a"}, "- Source: example.com"),  # host, no site name
        (
            {"url": "https://a.example/x", "canonical_url": "https://b.example/y"},
            "- Source: b.example",
        ),
        ({"author": "Ann", "url": None}, "- Ann"),  # imported, no URL
        # A book (Kindle, Readwise): no address, a title.
        ({"author": "Erin Meyer", "title": "The Culture Map"}, "- Erin Meyer, The Culture Map"),
        ({"title": "The Culture Map"}, "- The Culture Map"),
        # A web page's title is not its source: the site is.
        (
            {"title": "An article", "url": "https://e.com/a", "author": "Ann"},
            "- Ann, Source: e.com",
        ),
        ({"url": "javascript:alert(1)"}, ""),  # not a web address: no host to name
        ({"handle": "", "author": None, "site_name": "  "}, ""),
    ],
)
def test_attribution(fields, expected):
    assert attribution(_quote(**fields)) == expected


def test_post_has_quote_attribution_and_canonical_link():
    post = format_post(FULL, "x")
    assert post["text"] == (
        '"Innovation has to become a distributed activity." - @StoweBoyd, '
        "Source: Gigaom Research https://gigaom.com/report"
    )
    assert post["limit"] == 280
    assert post["length"] == weighted_length(post["text"])


def test_post_of_a_book_quote_names_the_book():
    quote = _quote(author="Erin Meyer", title="The Culture Map", url=None)
    assert format_post(quote, "x")["text"] == (
        '"A sentence worth keeping." - Erin Meyer, The Culture Map'
    )


def test_post_without_a_person_keeps_the_dash():
    post = format_post(_quote(site_name="Site", url="https://e.com/p"), "x")
    assert post["text"] == '"A sentence worth keeping." - Source: Site https://e.com/p'


def test_post_falls_back_to_page_url_and_never_links_other_schemes():
    assert format_post(_quote(url="https://e.com/p"), "x")["text"].endswith(
        "Source: e.com https://e.com/p"
    )
    hostile = format_post(_quote(url="javascript:alert(1)", author="Ann"), "mastodon")
    assert hostile["text"] == '"A sentence worth keeping." - Ann'


@pytest.mark.parametrize("key", list(NETWORKS))
def test_long_quote_is_cut_at_a_word_with_an_ellipsis(key):
    words = [f"word{n}" for n in range(2000)]
    post = format_post({**FULL, "text": " ".join(words)}, key)
    tail = " - @StoweBoyd, Source: Gigaom Research https://gigaom.com/report"
    assert post["text"].endswith('…"' + tail)
    kept = post["text"].removesuffix('…"' + tail).removeprefix('"').split(" ")
    assert kept == words[: len(kept)]  # whole words only
    assert post["length"] <= post["limit"] == NETWORKS[key].limit
    # The longest fit: one more word would not fit.
    longer = '"' + " ".join(words[: len(kept) + 1]) + '…"' + tail
    assert NETWORKS[key].measure(longer) > post["limit"]


def test_cut_drops_dangling_punctuation():
    text = "First clause, " + "second " * 60
    post = format_post({**FULL, "text": text}, "x")
    assert ",…" not in post["text"]


def test_text_without_spaces_is_cut_between_characters():
    post = format_post({**FULL, "text": "故人西辞黄鹤楼" * 40}, "x")
    assert post["length"] <= 280
    assert post["text"].startswith('"故人西辞黄鹤楼故') and '…" - @StoweBoyd' in post["text"]


def test_x_counts_cjk_double_and_emoji_once():
    post = format_post(_quote(text="日本語 👨‍👩‍👧‍👦"), "x")
    assert post["text"] == '"日本語 👨‍👩‍👧‍👦"'
    assert post["length"] == 2 + 6 + 1 + 2


def test_bluesky_counts_graphemes_including_the_link():
    post = format_post(_quote(text="🇫🇷é", url="https://example.com/" + "p" * 50), "bluesky")
    link = "https://example.com/" + "p" * 50
    assert post["length"] == len('"🇫🇷é" - Source: example.com ') - 1 + len(link)


def test_mastodon_counts_links_as_23_and_remote_mentions_locally():
    assert mastodon_length("https://example.com/" + "a" * 100) == 23
    assert mastodon_length("hi @ann@mastodon.social") == len("hi @ann")
    post = format_post(
        _quote(handle="@ann@hachyderm.io", url="https://e.com/" + "x" * 80), "mastodon"
    )
    assert post["length"] == len('"A sentence worth keeping." - @ann, Source: e.com ') + 23


def test_unknown_network_names_the_allowed_ones():
    with pytest.raises(ValueError, match="x, mastodon, bluesky, threads, linkedin"):
        format_post(FULL, "myspace")
    with pytest.raises(ValueError, match="myspace"):
        get_network("myspace")


def test_attribution_too_long_for_the_network_is_never_cut():
    quote = {**FULL, "site_name": "S" * 400}
    post = format_post(quote, "x")
    assert post["text"].endswith("Source: " + "S" * 400 + " https://gigaom.com/report")
    assert post["length"] > post["limit"]


def test_whitespace_is_tidied_but_paragraphs_kept():
    post = format_post(_quote(text="  one   two\n\n\n\nthree \t four  "), "linkedin")
    assert post["text"] == '"one two\n\nthree four"'


@pytest.mark.parametrize(
    ("text", "clusters"),
    [
        ("e\u0301a", ["e\u0301", "a"]),
        ("👨‍👩‍👧‍👦x", ["👨‍👩‍👧‍👦", "x"]),
        ("🇫🇷🇯🇵🇩", ["🇫🇷", "🇯🇵", "🇩"]),
        ("❤️👍🏽", ["❤️", "👍🏽"]),
        ("1️⃣\r\n", ["1️⃣", "\r\n"]),
        ("🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", ["🏴󠁧󠁢󠁳󠁣󠁴󠁿"]),
        ("नमस्ते", ["न", "म", "स्ते"]),  # a conjunct (consonant, virama, consonant) is one
        ("\u1100\u1161\u11a8x", ["\u1100\u1161\u11a8", "x"]),  # Hangul as jamo: one syllable
    ],
)
def test_grapheme_clusters(text, clusters):
    assert grapheme_clusters(text) == clusters
    assert grapheme_length(text) == len(clusters)


_captured = st.text(st.characters(codec="utf-8"), max_size=40)


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(st.characters(codec="utf-8"), min_size=1, max_size=1500),
    handle=_captured,
    site=_captured,
    key=st.sampled_from(list(NETWORKS)),
)
def test_post_fits_and_keeps_attribution_and_link(text, handle, site, key):
    quote = {**FULL, "text": text, "handle": handle or None, "site_name": site or None}
    post = format_post(quote, key)
    tail = attribution(quote) + " https://gigaom.com/report"
    assert post["text"].endswith(tail.lstrip())
    assert post["length"] == NETWORKS[key].measure(post["text"])
    assert post["length"] <= post["limit"]


def test_the_authors_handle_follows_the_person_quoted_only_where_it_costs_no_words():
    quoted = _quote(speaker="Jane Smith", handle="@ada", site_name="Example News", url=None)
    roomy = format_post({**quoted, "text": "We got it wrong."}, "x")["text"]
    assert roomy == '"We got it wrong." - Jane Smith via @ada, Source: Example News'
    tight = {**quoted, "text": "word " * 60}  # 300 characters: X's 280 cut the quote
    post = format_post(tight, "x")["text"]
    assert post.endswith("- Jane Smith, Source: Example News") and "via @ada" not in post
    assert format_post(tight, "mastodon")["text"].endswith(
        "- Jane Smith via @ada, Source: Example News"
    )
