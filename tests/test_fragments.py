"""Links to the exact sentence (indexer/fragments.py): the text directive's encoding and choice of
terms, and where the API, posts, digests and exports carry it (issue 14)."""

import re
from urllib.parse import unquote

import pytest

from indexer.digest import compose_digest
from indexer.fragments import link_to_quote, text_directive, with_directive
from indexer.posts import format_post

ARTICLE = """Trees matter to cities. The cheapest air conditioner a city can buy is a tree that \
lives long enough to grow up.

A second paragraph says the tree again. The tree is here - and, yes, a tree & more.

Third: innovation has to become a distributed activity, not a thing of the few."""


def terms(directive: str) -> list[str]:
    """The directive's terms, decoded, with prefix/suffix marks kept."""
    assert directive.startswith("text=")
    return [unquote(term) for term in directive.removeprefix("text=").split(",")]


def test_a_short_quote_is_one_percent_encoded_term():
    assert text_directive("the tree again", ARTICLE) == "text=the%20tree%20again"


@pytest.mark.parametrize(
    ("quote", "encoded"),
    [
        ("here - and, yes", "here%20%2D%20and%2C%20yes"),  # - and , are the syntax
        ("a tree & more.", "a%20tree%20%26%20more%2E"),  # & ends the directive; . ends links
    ],
)
def test_the_syntax_characters_are_escaped(quote, encoded):
    directive = text_directive(quote, ARTICLE)
    assert directive.endswith(encoded)
    assert not re.search(r"[-&.,](?![^,]*-)", directive.removeprefix("text=").replace(",", ""))


def test_non_ascii_is_utf8_percent_encoded():
    directive = text_directive("Ünïcode 日本", "Before Ünïcode 日本 after")
    assert directive == "text=%C3%9Cn%C3%AFcode%20%E6%97%A5%E6%9C%AC"


def test_a_long_quote_is_a_range_of_its_first_and_last_words():
    quote = (
        "The cheapest air conditioner a city can buy is a tree that lives long enough to grow up."
    )
    assert terms(text_directive(quote, ARTICLE)) == [
        "The cheapest air conditioner",
        "enough to grow up.",
    ]


def test_an_ambiguous_start_gets_a_prefix():
    # "a tree" is first found in "is a tree that"; this one is the last words of paragraph 2.
    context = "A second paragraph says the tree again. The tree is here - and, yes, a tree & more."
    directive = text_directive("yes, a tree", ARTICLE, context=context)
    assert directive == "text=yes%2C%20a%20tree"  # unique as it is: no prefix needed
    directive = text_directive("a tree", ARTICLE, context=context)
    assert terms(directive) == ["yes,-", "a tree"]


def test_the_start_inside_an_earlier_word_is_ambiguous_too():
    assert terms(text_directive("tree", ARTICLE)) == ["a-", "tree"]


def test_a_quote_that_is_not_in_the_article_gets_no_directive():
    assert text_directive("Nothing like this is in the page.", ARTICLE) is None
    assert text_directive("the tree", None) is None
    assert text_directive("   ", ARTICLE) is None


def test_matching_ignores_case_spacing_and_curly_quotes_but_uses_the_page_characters():
    article = "He said \u201cInnovation  has to\nbecome distributed\u201d today."
    directive = text_directive('"innovation has to become distributed"', article)
    assert terms(directive) == ["\u201cInnovation has to become distributed\u201d"]


def test_a_selection_cut_inside_words_is_widened_to_whole_words():
    assert terms(text_directive("heapest air conditione", ARTICLE)) == ["cheapest air conditioner"]


def test_a_quote_across_paragraphs_is_a_range_with_each_term_in_one_paragraph():
    quote = "a tree & more. Third: innovation has"
    assert terms(text_directive(quote, ARTICLE)) == ["a tree & more.", "Third: innovation has"]


def test_the_directive_goes_after_the_fragment_and_replaces_an_old_one():
    assert with_directive("https://e.example/p", "text=a") == "https://e.example/p#:~:text=a"
    assert with_directive("https://e.example/p#top", "text=a") == "https://e.example/p#top:~:text=a"
    assert with_directive("https://e.example/p#:~:text=old", "text=a").endswith("#:~:text=a")
    assert link_to_quote(None, "the tree", ARTICLE) is None
    assert link_to_quote("https://e.example/p", "absent words", ARTICLE) is None


# -- where links carry it ----------------------------------------------------------------------

PAGE = f"""<!doctype html><html lang="en"><head><title>Street trees | Streets Quarterly</title>
<meta property="og:site_name" content="Streets Quarterly"><meta name="author" content="Marta Okafor">
<link rel="canonical" href="https://streets.example/trees"></head><body><article>
<h1>Street trees</h1>{"".join(f"<p>{p}</p>" for p in ARTICLE.split(chr(10) * 2))}
<p>{"A paragraph about soil, water and roots that makes the article long enough. " * 4}</p>
</article></body></html>"""
QUOTE = "The cheapest air conditioner a city can buy is a tree that lives long enough to grow up."


def _capture(client, text: str) -> dict:
    response = client.post(
        "/api/quotes", json={"text": text, "url": "https://streets.example/trees", "html": PAGE}
    )
    assert response.status_code == 201
    return client.get(f"/api/quotes/{response.json['id']}").json


def test_a_quote_found_in_its_article_links_to_the_sentence(client):
    quote = _capture(client, QUOTE)
    assert quote["link"] == (
        "https://streets.example/trees#:~:text=The%20cheapest%20air%20conditioner,"
        "enough%20to%20grow%20up%2E"
    )
    # The search results (the page's Source link), recall and edits carry it too.
    found = client.get("/api/search", query_string={"q": "conditioner"}).json["results"]
    assert found[0]["link"] == quote["link"]
    edited = client.patch(f"/api/quotes/{quote['id']}", json={"note": "n"}).json
    assert edited["link"] == quote["link"]


def test_a_quote_not_in_its_article_keeps_the_plain_link(client):
    quote = _capture(client, "Words the article does not have at all.")
    assert quote["link"] is None
    post = client.get(f"/api/quotes/{quote['id']}/post?network=x").json
    assert post["text"].endswith(" https://streets.example/trees")


def test_posts_digests_and_exports_carry_the_link(client):
    quote = _capture(client, QUOTE)
    link = quote["link"]
    post = client.get(f"/api/quotes/{quote['id']}/post?network=x").json
    assert post["text"].endswith(" " + link) and post["length"] <= 280
    markdown = client.post("/api/compose", json={"ids": [quote["id"]]}).json["text"]
    assert f"({link})" in markdown
    html = client.post("/api/compose", json={"ids": [quote["id"]], "format": "html"}).json["text"]
    assert f'href="{link}"' in html
    csv_text = client.get("/api/export?format=csv").get_data(as_text=True)
    assert link in csv_text
    notes = client.get("/api/export?format=markdown").get_data(as_text=True)
    assert f"[In the page](<{link}>)" in notes


LONG = {
    "id": "q",
    "text": " ".join(f"word{n}" for n in range(80)),
    "url": "https://e.com/p",  # a real TLD: X counts only those as links
    "link": "https://e.com/p#:~:text=" + "%20".join(f"word{n}" for n in range(8)),
    "author": "Ann",
}


@pytest.mark.parametrize("network", ["x", "mastodon"])
def test_networks_that_count_a_link_as_23_keep_the_fragment(network):
    post = format_post(LONG, network)
    assert post["text"].endswith(" " + LONG["link"]) and post["length"] <= post["limit"]


def test_where_the_fragment_would_cost_words_the_plain_link_is_used():
    post = format_post(LONG, "bluesky")  # counts the link's real characters
    assert post["text"].endswith(" https://e.com/p") and post["length"] <= 300
    short = {**LONG, "text": "word0 word1"}
    assert format_post(short, "bluesky")["text"].endswith(" " + LONG["link"])  # fits: kept


def test_a_digest_links_to_the_sentence_when_the_quote_has_a_link():
    text = compose_digest([{**LONG, "tags": []}], "markdown")
    assert f"({LONG['link']})" in text
