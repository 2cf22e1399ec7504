"""The extraction rules one by one: each metadata source, the merge order, the value cleaners."""

import logging

import lxml.html
import pytest

from indexer.extraction import PageInfo, extract_page
from indexer.extraction.authors import join_authors, split_names
from indexer.extraction.canonical import canonical_url, host_name
from indexer.extraction.charset import declared_charset, decode_html
from indexer.extraction.clutter import remove_clutter
from indexer.extraction.dates import parse_date
from indexer.extraction.handles import from_declared, from_link, pick_handle
from indexer.extraction.lang import normalise_lang
from indexer.extraction.parse import parse_html
from indexer.extraction.text import element_text
from indexer.extraction.title import site_from_title, strip_site

URL = "https://www.example.org/2024/05/06/post?utm_source=x&id=7#top"
BODY = "<p>" + "A sentence long enough to count as article text for readability. " * 8 + "</p>"


def page(head: str = "", body: str = BODY, html_attrs: str = "") -> str:
    return f"<html {html_attrs}><head>{head}</head><body><article>{body}</article></body></html>"


def meta(prop: str, content: str, attr: str = "property") -> str:
    return f'<meta {attr}="{prop}" content="{content}">'


def jsonld(data: str) -> str:
    return f'<script type="application/ld+json">{data}</script>'


# -- lang -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en", "en"),
        ("en-US", "en"),
        ("EN_gb", "en"),
        ("fr-FR", "fr"),
        ("pt-BR", "pt-br"),
        ("pt_PT", "pt-pt"),
        ("pt", "pt"),
        ("zh-Hant-TW", "zh-hant"),
        ("de-CH, en", "de"),
        ("eng", "en"),
        ("und", None),
        ("english", None),
        ("x-default", None),
        ("", None),
        (None, None),
    ],
)
def test_language_codes_are_normalised(value, expected):
    assert normalise_lang(value) == expected


def test_html_lang_beats_a_theme_default_og_locale():
    html = page(
        meta("og:locale", "en_US") + meta("content-language", "de", "http-equiv"),
        html_attrs='lang="fr"',
    )
    assert extract_page(html, URL).lang == "fr"


def test_lang_falls_back_to_json_ld_then_meta():
    assert (
        extract_page(page(jsonld('{"@type": "Article", "inLanguage": "es-MX"}')), URL).lang == "es"
    )
    assert extract_page(page(meta("content-language", "it", "http-equiv")), URL).lang == "it"


# -- canonical URL --------------------------------------------------------------------------


def test_canonical_is_resolved_against_the_page_and_base():
    assert canonical_url(["/a/b?utm_medium=x"], URL) == "https://www.example.org/a/b"
    assert (
        canonical_url(["c"], URL, base="https://cdn.example.org/dir/")
        == "https://cdn.example.org/dir/c"
    )
    assert canonical_url(["../x"], URL, base="/one/two/") == "https://www.example.org/one/x"


def test_canonical_skips_unusable_candidates():
    candidates = [
        "javascript:alert(1)",
        "ftp://example.org/x",
        "http://[::1",
        " ",
        "https://ok.example/p",
    ]
    assert canonical_url(candidates, URL) == "https://ok.example/p"


def test_a_site_root_canonical_on_an_article_is_ignored():
    assert (
        canonical_url(["https://www.example.org/"], URL)
        == "https://www.example.org/2024/05/06/post?id=7"
    )
    assert canonical_url(["/"], "https://example.org/") == "https://example.org/"


def test_without_a_canonical_the_url_loses_tracking_and_fragment():
    assert extract_page(page(), URL).canonical_url == "https://www.example.org/2024/05/06/post?id=7"
    assert canonical_url([], "file:///etc/passwd") is None
    assert canonical_url(["https://ok.example/"], "not a url") == "https://ok.example/"


def test_rel_canonical_beats_og_url():
    head = (
        meta("og:url", "https://example.org/og")
        + '<link rel="canonical" href="https://example.org/rel">'
    )
    assert extract_page(page(head), URL).canonical_url == "https://example.org/rel"


def test_host_name():
    assert host_name("https://www.Example.org:8080/x") == "example.org"
    assert host_name("http://[::1") is None
    assert host_name(None) is None


# -- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05T23:30:00-05:00", "2024-03-05"),
        ("2024/03/05", "2024-03-05"),
        ("20240305", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"),
        ("5 Mar 2024", "2024-03-05"),
        ("Tue, 05 Mar 2024 10:00:00 GMT", "2024-03-05"),
        ("0001-01-01T00:00:00Z", None),
        ("1970-01-01", None),
        ("1899-12-30", None),
        ("2999-01-01", None),
        ("2024-02-30", None),
        ("yesterday", None),
        (None, None),
        ("9" * 500, None),
    ],
)
def test_dates(value, expected):
    assert parse_date(value) == expected


def test_a_placeholder_date_gives_way_to_a_real_one_further_down():
    head = jsonld('{"@type": "BlogPosting", "datePublished": "0001-01-01T00:00:00Z"}')
    body = '<time datetime="2021-06-30T09:00:00Z">30 June</time>' + BODY
    assert extract_page(page(head, body), "https://example.org/x").published == "2021-06-30"


def test_the_date_in_the_address_is_the_last_resort():
    assert extract_page(page(), URL).published == "2024-05-06"
    assert extract_page(page(), "https://example.org/post").published is None


def test_comment_dates_are_not_the_article_date():
    body = BODY + '<div id="comments"><time datetime="2020-01-02">Jan 2</time></div>'
    assert extract_page(page(body=body), "https://example.org/x").published is None


# -- handles --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("@jane", "@jane"),
        ("jane_doe", "@jane_doe"),
        ("@jane@mastodon.social", "@jane@mastodon.social"),
        ("jane@Mastodon.Social", "@jane@mastodon.social"),
        ("https://twitter.com/jane", "@jane"),
        ("x.com/jane", "@jane"),
        ("https://x.com/intent/tweet", None),
        ("https://x.com/home", None),
        ("https://hachyderm.io/@omar", "@omar@hachyderm.io"),
        ("https://mastodon.social/@bob@other.example", "@bob@other.example"),
        ("https://medium.com/@yuki.tanaka", None),
        ("https://substack.com/@priya", None),
        ("Jane Doe", None),
        ("@this_name_is_far_too_long_for_x", None),
    ],
)
def test_handles(value, expected):
    assert from_declared(value) == expected


def test_the_sites_own_account_is_never_the_authors():
    assert pick_handle(["@DailyBrief", "https://x.com/jane"], ["@dailybrief"]) == "@jane"
    assert pick_handle(["@dailybrief"], ["https://twitter.com/DailyBrief"]) is None
    assert from_link("mailto:jane@example.org") is None


def test_handle_order_declared_then_profiles_then_rel_me():
    head = (
        meta("twitter:creator", "@declared", "name")
        + jsonld(
            '{"@type": "Article", "author": {"@type": "Person", "name": "A B", "sameAs": "https://x.com/profile"}}'
        )
        + '<link rel="me" href="https://social.example/@me">'
    )
    assert extract_page(page(head), URL).handle == "@declared"
    assert extract_page(page(head.replace("@declared", "")), URL).handle == "@profile"
    rel_me_only = '<link rel="me" href="https://social.example/@me">'
    assert extract_page(page(rel_me_only), URL).handle == "@me@social.example"


def test_a_rel_author_link_to_the_sites_own_at_path_is_not_a_fediverse_handle():
    body = '<p>By <a rel="author" href="/@jane">Jane Doe</a></p>' + BODY
    info = extract_page(page(body=body), "https://blog.example.org/post")
    assert info.author == "Jane Doe"
    assert info.handle is None


# -- authors --------------------------------------------------------------------------------


def test_authors_are_cleaned_and_joined():
    assert join_authors(["By Jane Doe"], []) == "Jane Doe"
    assert join_authors(["Jane Doe (@jane)", "jane doe"], []) == "Jane Doe"
    assert join_authors(["A Smith", "B Jones"], []) == "A Smith and B Jones"
    assert join_authors(["A Smith, B Jones and C Lee"], []) == "A Smith, B Jones and C Lee"
    assert join_authors(["https://example.org/jane", "jane@example.org", "1234"], []) is None
    assert join_authors(["Reuters"], ["Reuters"]) is None


def test_split_names_keeps_surname_first_and_company_names_whole():
    assert split_names("Doe, Jane") == ["Doe, Jane"]
    assert split_names("Simon & Schuster") == ["Simon & Schuster"]
    assert split_names("Ann Lee; Bo Kim") == ["Ann Lee", "Bo Kim"]


def test_an_organisation_named_like_the_site_is_not_an_author():
    head = meta("og:site_name", "The Ledger") + meta("author", "The Ledger", "name")
    assert extract_page(page(head), URL).author is None


def test_a_person_who_publishes_their_own_site_stays_the_author():
    head = jsonld(
        '{"@type": "BlogPosting", "author": {"@type": "Person", "name": "Nora Berg"},'
        ' "publisher": {"@type": "Person", "name": "Nora Berg"}}'
    )
    info = extract_page(page(head), URL)
    assert (info.author, info.site_name) == ("Nora Berg", "Nora Berg")


def test_byline_with_date_and_comment_authors():
    body = (
        '<p class="byline">Posted by Jane Doe on March 3, 2024</p>'
        + BODY
        + '<ol class="comment-list"><li><span class="author">Troll</span></li></ol>'
    )
    assert extract_page(page(body=body), URL).author == "Jane Doe"
    only_comments = BODY + '<div class="comments"><a rel="author" href="/u/t">Troll</a></div>'
    assert extract_page(page(body=only_comments), URL).author is None


def test_microdata_author_given_as_a_link():
    body = (
        '<div itemscope itemtype="https://schema.org/Article"><h1 itemprop="headline">H</h1>'
        '<a itemprop="author" href="https://x.com/jdoe">Jane Doe</a>' + BODY + "</div>"
    )
    info = extract_page(page(body=body), URL)
    assert (info.title, info.author, info.handle) == ("H", "Jane Doe", "@jdoe")


# -- JSON-LD --------------------------------------------------------------------------------


def test_json_ld_graph_with_references():
    head = jsonld(
        '{"@context": "https://schema.org", "@graph": ['
        '{"@type": "WebSite", "@id": "#site", "name": "Site Name"},'
        '{"@type": "WebPage", "@id": "#page", "name": "Headline - Site Name", "isPartOf": {"@id": "#site"}},'
        '{"@type": "NewsArticle", "headline": "Headline", "isPartOf": {"@id": "#page"},'
        ' "author": {"@id": "#jane"}, "datePublished": "2024-01-02"},'
        '{"@type": "Person", "@id": "#jane", "name": "Jane Doe", "sameAs": ["https://x.com/janed"],'
        ' "worksFor": {"@type": "Organization", "name": "Employer Inc"}}]}'
    )
    info = extract_page(page(head), URL)
    assert (info.title, info.author, info.handle) == ("Headline", "Jane Doe", "@janed")
    assert (info.site_name, info.published) == ("Site Name", "2024-01-02")


def test_a_broken_json_ld_block_does_not_hide_the_next_one(caplog):
    head = jsonld('{"@type": "Article", "headline": ') + jsonld(
        '{"@type": "Article", "headline": "Good"}'
    )
    with caplog.at_level(logging.INFO):
        assert extract_page(page(head), URL).title == "Good"
    assert "not usable JSON" in caplog.text


def test_absurdly_nested_json_ld_is_ignored():
    head = jsonld("[" * 100_000 + "]" * 100_000) + meta("og:title", "Fine")
    assert extract_page(page(head), URL).title == "Fine"


# -- site name and title --------------------------------------------------------------------


def test_site_name_fallback_order():
    publisher = jsonld(
        '{"@type": "Article", "publisher": {"@type": "Organization", "name": "JSON-LD Pub"}}'
    )
    og = meta("og:site_name", "OG Site")
    micro = '<div itemscope itemtype="https://schema.org/Article"><span itemprop="publisher">Micro Pub</span></div>'
    plain = meta("application-name", "App Name", "name")
    title = "<title>The headline | Title Suffix</title>"
    h1 = "<h1>The headline</h1>"
    url = "https://www.host.example/post"
    # og:site_name first: a syndicated story's JSON-LD publisher is the agency, not the site.
    assert (
        extract_page(page(publisher + og + plain + title, micro + h1 + BODY), url).site_name
        == "OG Site"
    )
    assert (
        extract_page(page(publisher + plain + title, micro + h1 + BODY), url).site_name
        == "JSON-LD Pub"
    )
    assert extract_page(page(plain + title, micro + h1 + BODY), url).site_name == "Micro Pub"
    assert extract_page(page(plain + title, h1 + BODY), url).site_name == "App Name"
    assert extract_page(page(title, h1 + BODY), url).site_name == "Title Suffix"
    assert (
        extract_page(page("<title>The headline</title>", h1 + BODY), url).site_name
        == "host.example"
    )


def test_title_fallback_order_and_suffix_stripping():
    ld = jsonld('{"@type": "Article", "headline": "LD headline"}')
    og = meta("og:title", "OG headline | Site") + meta("og:site_name", "Site")
    plain = meta("dc.title", "DC headline", "name")
    tag = "<title>Tag headline - Site</title>"
    h1 = "<h1>Tag headline</h1>"
    assert extract_page(page(ld + og + plain + tag, h1 + BODY), URL).title == "LD headline"
    assert extract_page(page(og + plain + tag, h1 + BODY), URL).title == "OG headline"
    assert extract_page(page(plain + tag, h1 + BODY), URL).title == "DC headline"
    assert extract_page(page(tag, h1 + BODY), URL).title == "Tag headline"
    assert (
        extract_page(page("<title>Team Wiki</title>", "<h1>Real title</h1>" + BODY), URL).title
        == "Team Wiki"
    )


def test_strip_site():
    assert strip_site("Headline | The Ledger", ["The Ledger"]) == "Headline"
    assert strip_site("The Ledger - Headline", ["The Ledger"]) == "Headline"
    assert strip_site("Notes - Yuki Tanaka - Medium", ["Medium", "Yuki Tanaka"]) == "Notes"
    assert strip_site("Rust - A Retrospective", ["Other"]) == "Rust - A Retrospective"
    assert strip_site("Post - the-ledger.co.uk", [], host="www.the-ledger.co.uk") == "Post"
    assert strip_site("e-mail tips", ["mail tips"]) == "e-mail tips"


def test_site_from_title_needs_the_headline_elsewhere():
    assert site_from_title("Onboarding - Team Wiki", ["Onboarding"]) == "Team Wiki"
    assert site_from_title("Team Wiki | Onboarding", ["Onboarding"]) == "Team Wiki"
    assert site_from_title("Rust - A Retrospective", ["Something else"]) is None
    assert site_from_title(None, ["x"]) is None


# -- charset --------------------------------------------------------------------------------


def test_charset_sniffing():
    assert decode_html("<p>café</p>".encode()) == "<p>café</p>"
    assert decode_html(b'<meta charset="utf-8"><p>caf\xe9 \x93q\x94</p>').endswith("café “q”</p>")
    assert decode_html(b'<meta charset="koi8-r"><p>\xc1\xc2</p>').endswith("<p>аб</p>")
    assert (
        decode_html(
            "\ufeff<p>é</p>".encode("utf-16-le")[0:0] + b"\xff\xfe" + "<p>é</p>".encode("utf-16-le")
        )
        == "<p>é</p>"
    )
    assert (
        decode_html(b'<meta charset="utf-16"><p>plain</p>') == '<meta charset="utf-16"><p>plain</p>'
    )


@pytest.mark.parametrize(
    "label", ["rot13", "base64", "hex", "zlib", "unicode_escape", "utf-7", "nonsense"]
)
def test_codecs_that_are_not_web_encodings_are_ignored(label):
    data = f'<meta charset="{label}"><p>caf'.encode() + b"\xe9</p>"
    assert declared_charset(data) is None
    assert decode_html(data).endswith("café</p>")


# -- article text ---------------------------------------------------------------------------


def test_text_conversion_keeps_paragraphs_and_line_breaks():
    root = lxml.html.fromstring(
        "<div><h2>Head  line</h2><p>a <b>bold</b>\n text<br>second line<script>x()</script>"
        " end<!-- note -->tail</p>loose<pre>code  x\n  y</pre><ul><li>one</li><li>two</li></ul>"
        "<table><tr><td>c1</td><td>c2</td></tr></table></div>"
    )
    assert element_text(root) == (
        "Head line\n\na bold text\nsecond line endtail\n\nloose\n\ncode x\ny\n\none\n\ntwo\n\nc1 c2"
    )


def test_clutter_is_removed_but_never_the_bulk_of_the_article():
    root = lxml.html.fromstring(
        "<div><p>" + "real words " * 40 + "</p><div class='Share-Bar'>Share on X</div>"
        "<form><button>Subscribe</button></form><p class='shadow tagline'>kept line</p>"
        "<div class='article-body ad-free'><p>" + "body text " * 200 + "</p></div></div>"
    )
    assert remove_clutter(root) == 2
    text = element_text(root)
    assert "Share on X" not in text and "Subscribe" not in text
    assert "kept line" in text and "body text" in text


def test_a_name_linked_to_a_tag_page_inside_a_sentence_is_kept():
    root = lxml.html.fromstring(
        "<div><p>" + "real words " * 40 + "</p><p>The actress <a id='auto-tag_mary-steenburgen'"
        " href='/t/mary-steenburgen/'>Mary Steenburgen</a> wrote it.</p>"
        "<div class='tags'><a class='tag' href='/t/music/'>Music</a></div></div>"
    )
    remove_clutter(root)
    text = element_text(root)
    assert "The actress Mary Steenburgen wrote it." in text
    assert "Music" not in text  # a tag list is still clutter


def test_hidden_elements_are_not_article_text():
    body = BODY + '<p hidden>secret hidden text</p><p style="display: none">also hidden</p>'
    text = extract_page(page(body=body), URL).text
    assert "hidden" not in text and "A sentence long enough" in text


# -- the whole --------------------------------------------------------------------------------


def test_str_and_bytes_give_the_same_result():
    html = page(meta("og:title", "Crème brûlée"), "<p>Crème brûlée " + BODY + "</p>")
    assert extract_page(html, URL) == extract_page(html.encode(), URL)


def test_metadata_found():
    assert not PageInfo().metadata_found()
    assert not PageInfo(lang="en", canonical_url="https://e.org/").metadata_found()
    assert PageInfo(text="x").metadata_found()
    assert PageInfo(site_name="e.org").metadata_found()


def test_a_failing_source_is_logged_and_the_others_still_count(monkeypatch, caplog):
    def broken(_doc):
        raise RuntimeError("boom")

    monkeypatch.setattr("indexer.extraction.metadata.jsonld_facts", broken)
    with caplog.at_level(logging.ERROR):
        info = extract_page(page(meta("og:title", "Still here")), URL)
    assert info.title == "Still here"
    assert "JSON-LD" in caplog.text and "boom" in caplog.text


def test_a_failing_text_step_is_logged_and_metadata_kept(monkeypatch, caplog):
    def broken(_doc):
        raise RuntimeError("readability exploded")

    monkeypatch.setattr("indexer.extraction.run.article_text", broken)
    with caplog.at_level(logging.ERROR):
        info = extract_page(page(meta("og:title", "Kept")), URL)
    assert (info.title, info.text) == ("Kept", None)
    assert "readability exploded" in caplog.text


def test_an_empty_page():
    info = extract_page("", "https://www.example.org/")
    assert info == PageInfo(site_name="example.org", canonical_url="https://www.example.org/")
    assert parse_html("").tag == "html"


def test_running_out_of_memory_inside_readability_marks_the_result_incomplete(monkeypatch, caplog):
    def exhausted(*_args, **_kwargs):
        raise MemoryError

    monkeypatch.setattr("readability.Document.score_paragraphs", exhausted)
    with caplog.at_level(logging.WARNING):
        info = extract_page(page(meta("og:title", "Kept")), URL)
    assert (info.title, info.text, info.complete) == ("Kept", None, False)
    assert "out of memory" in caplog.text
