"""The attribution rules of issue 12, one by one, on small pages: dates as pages write them,
the page's own day, bylines cleaned, the author's own handle, site and title, the language."""

import pytest

from indexer.extraction import extract_page
from indexer.extraction.authors import join_authors
from indexer.extraction.dates import parse_date, zone_kind
from indexer.extraction.handles import from_link
from indexer.extraction.identify import identify_lang
from indexer.extraction.written import find_written_date

URL = "https://news.example.org/story/post"  # no date in the address
ENGLISH = (
    "<p>" + "The council met on a rainy evening and argued about the new bridge. " * 8 + "</p>"
)
GERMAN = (
    "<p>"
    + "Der Rat traf sich an einem regnerischen Abend und stritt über die neue Brücke. " * 8
    + "</p>"
)


def page(head: str = "", body: str = ENGLISH, html_attrs: str = "") -> str:
    return f"<html {html_attrs}><head>{head}</head><body><article>{body}</article></body></html>"


def meta(prop: str, content: str, attr: str = "property") -> str:
    return f'<meta {attr}="{prop}" content="{content}">'


def jsonld(data: str) -> str:
    return f'<script type="application/ld+json">{data}</script>'


# -- dates as pages write them ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("publiziert am 30. Juli 2018", "de", "2018-07-30"),
        ("segunda-feira, 22 de janeiro de 2018 às 0:13", "pt", "2018-01-22"),
        ("24 сентября 2018", "ru", "2018-09-24"),
        ("le 3 février 2021", "fr", "2021-02-03"),
        ("Oktober 27, 2015", "id", "2015-10-27"),
        ("Nov. 19, 2019 8:03 am ET", "en", "2019-11-19"),
        ("Posted: Fri 6:45 PM, Feb 16, 2018", "en", "2018-02-16"),
        ("November 20 15:23 2019", "en", "2019-11-20"),
        ("01:38:07 PM IST Nov 20, 2019", "en", "2019-11-20"),
        ("Wednesday, 20th November 2019", "en-gb", "2019-11-20"),
        ("2018년 9월 28일", "ko", "2018-09-28"),
        ("16.12.2012", "en", "2012-12-16"),  # dots: always day first
        ("16/12/2012", "en", "2012-12-16"),  # only one reading
        ("05/06/2012", "fr", "2012-06-05"),  # day first where the language reads it so
        ("05/06/2012", "en-gb", "2012-06-05"),
        ("05/06/2012", "en-us", "2012-05-06"),
        ("Copyright 2019", "en", None),
        ("11:15 05.10.18", "ru", None),  # a two-digit year is not trusted
    ],
)
def test_written_dates(text, lang, expected):
    found = find_written_date(text, lang)
    assert (found.isoformat() if found else None) == expected


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("2019-11-19T07:03:25+00:00", "utc"),
        ("2019-11-19T13:03:00.000Z", "utc"),
        ("19 Nov 2019 07:09 GMT", "utc"),
        ("2019-11-19 02:24:00", "floating"),
        ("2019-11-20T04:31:13-06:00", "local"),
        ("Mon, 18 Nov 2019 16:07:38 -0600", "local"),
        ("2019-11-19", "local"),
        ("Monday, November 18, 2019, 08:19 PM", "local"),
    ],
)
def test_how_a_value_places_itself_in_time(value, kind):
    assert zone_kind(value) == kind


def test_a_utc_instant_gives_way_to_the_visible_date_of_the_page():
    """An evening article in New York: JSON-LD says 03:59Z on the 20th, the page says the 19th."""
    head = jsonld('{"@type": "NewsArticle", "datePublished": "2019-11-20T03:59:00Z"}')
    body = '<time datetime="2019-11-20T03:59:00Z">November 19, 2019 10:59 pm</time>' + ENGLISH
    assert extract_page(page(head, body), URL).published == "2019-11-19"
    # ... or to a value with its own offset, or to the address.
    local = meta("sailthru.date", "2019-11-19 22:59:00 -0500", "name")
    assert extract_page(page(head + local), URL).published == "2019-11-19"
    assert extract_page(page(head), "https://x.example/2019/11/19/slug").published == "2019-11-19"


def test_a_date_with_its_offset_is_not_corrected():
    head = jsonld('{"@type": "NewsArticle", "datePublished": "2019-11-20T01:00:00+01:00"}')
    body = "<time>November 19, 2019</time>" + ENGLISH
    assert extract_page(page(head, body), URL).published == "2019-11-20"


def test_a_visible_date_far_from_the_declared_one_corrects_nothing():
    head = jsonld('{"@type": "NewsArticle", "datePublished": "2019-11-20T03:59:00Z"}')
    body = "<time>March 3, 2017</time>" + ENGLISH
    assert extract_page(page(head, body), URL).published == "2019-11-20"


@pytest.mark.parametrize(
    "dateline",
    [
        "<time>30 June 2021</time>",  # <time> with text only
        '<span class="article-publish-date">June 30, 2021, 9:02 AM</span>',
        '<span class="storyDate">Posted: Wed 6:45 PM, Jun 30, 2021</span>',
        '<div class="c-post__date">30.06.2021</div>',
        '<abbr class="published" title="2021-06-30T10:00:00+02:00">Wednesday</abbr>',  # Blogger
    ],
)
def test_visible_datelines_are_read(dateline):
    assert extract_page(page(body=dateline + ENGLISH), URL).published == "2021-06-30"


def test_updated_datelines_and_sidebars_are_not_the_publication_date():
    body = (
        '<span class="date-updated">Updated: July 4, 2021</span>'
        '<aside class="sidebar"><span class="post-date">May 1, 2020</span></aside>'
        '<span class="dateline">Updated July 5, 2021</span>'
        '<span class="post-date">June 30, 2021</span>' + ENGLISH
    )
    assert extract_page(page(body=body), URL).published == "2021-06-30"
    sidebar = '<div class="sidebar"><span class="post-date">May 1, 2020</span></div>'
    assert extract_page(page(body=sidebar + ENGLISH), URL).published is None


def test_dates_in_the_address_with_dashes():
    url = "https://news.example.org/story/2019-11-19/disney-plus"
    assert extract_page(page(), url).published == "2019-11-19"


def test_microdata_date_published_beats_date_created_whatever_the_order():
    body = (
        '<div itemscope itemtype="https://schema.org/Article">'
        '<meta itemprop="dateCreated" content="2018-09-25T20:52:55+03:00">'
        '<meta itemprop="datePublished" content="2018-09-24T16:45:00+03:00"></div>' + ENGLISH
    )
    assert extract_page(page(body=body), URL).published == "2018-09-24"


def test_a_written_structured_date_is_parsed():
    assert parse_date("01:38:07 PM IST Nov 20, 2019") == "2019-11-20"
    assert parse_date("November 19, 2019, 07:47 PM EST") == "2019-11-19"


# -- authors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("By TOM KRISHER, AP Auto Writer", "TOM KRISHER"),
        ("Text: Jane Doe", "Jane Doe"),
        ("Текст: Венера Ерофеева", "Венера Ерофеева"),
        ("View all posts by Jane Doe", "Jane Doe"),
        ("Alle Beiträge von Jana Novak", "Jana Novak"),
        ("Analysis by Jane Doe", "Jane Doe"),
        ("Jane Doe - Example Contributor", "Jane Doe"),
        ("Jane Doe | Example Media for Example.com", "Jane Doe"),
        ("Jane Q. Doe, Example.com", "Jane Q. Doe"),
        ("Jane Doe, Futurism", "Jane Doe"),
        ("Eric Song, IGN Staff", "Eric Song"),
        ("Doe, Jane", "Doe, Jane"),  # surname first is one name
        ("Staff", None),
        ("Editorial", None),
        ("Multiple Sources", None),
        ("Detroit News wire services", None),
        ("wpadmin", None),
        ("admin", None),
        ("jane.doe", None),
        ("jdoe42", None),
        ("KWCHCIK", None),
        ("Reuters", "Reuters"),
        ("Regan", "Regan"),
    ],
)
def test_bylines_are_cleaned_to_names(value, expected):
    assert join_authors([value], []) == expected


def test_a_publisher_string_is_not_an_author():
    assert join_authors(["Example News Bureau"], ["Example News"]) is None
    assert join_authors(["Example News"], ["Example News"]) is None


def test_an_organisation_declared_as_the_author_is_kept_even_when_it_is_the_site():
    head = jsonld(
        '{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Open Trails"},'
        ' "publisher": {"@type": "Organization", "name": "Open Trails"}}'
    )
    assert extract_page(page(head), URL).author == "Open Trails"


def test_a_publisher_posing_as_a_person_gives_way_to_the_visible_byline():
    head = jsonld('{"@type": "Article", "author": {"@type": "Person", "name": "Gadget Daily"}}')
    head += meta("og:site_name", "Gadget Daily")
    body = '<p class="byline">By Mike Rowe and Ana Lima Monday, November 18, 2019</p>' + ENGLISH
    assert extract_page(page(head, body), URL).author == "Mike Rowe and Ana Lima"


def test_a_byline_whose_class_merely_contains_author_counts():
    body = '<span class="c-article-card__author"><a href="/a/jana">Jana Novak</a></span>' + ENGLISH
    assert extract_page(page(body=body), URL).author == "Jana Novak"


def test_a_sidebar_class_on_the_articles_own_wrapper_does_not_drop_its_byline():
    body = (
        '<div class="widget Blog"><h1>The bridge</h1><span class="post-author">Jana Novak</span>'
        + ENGLISH
        + '</div><div class="sidebar"><span class="author">Someone Else</span></div>'
    )
    assert extract_page(page(body=body), URL).author == "Jana Novak"


# -- handle ----------------------------------------------------------------------------------


def test_follow_buttons_name_an_account():
    assert from_link("https://twitter.com/intent/follow?screen_name=jane") == "@jane"
    assert from_link("https://twitter.com/intent/tweet?text=hello") is None


def test_the_authors_account_is_found_by_their_name_but_not_the_sites_or_a_mentioned_one():
    head = meta("twitter:site", "@gadgetdaily", "name") + meta("author", "Meg James", "name")
    body = (
        '<a href="https://twitter.com/gadgetdaily">Follow us</a>'
        '<a href="https://twitter.com/bobsmith">Bob Smith</a>'
        + ENGLISH
        + '<p>Follow Meg on <a href="https://twitter.com/megjamesLAT">Twitter</a></p>'
    )
    assert extract_page(page(head, body), URL).handle == "@megjamesLAT"
    assert extract_page(page(head, ENGLISH), URL).handle is None


def test_a_profile_link_inside_the_byline_is_the_authors():
    body = (
        '<div class="author-info"><a href="/author/dave">Dave Ellis</a>'
        '<a href="https://twitter.com/intent/follow?screen_name=dellisfilm">@dellisfilm</a></div>'
        + ENGLISH
    )
    assert extract_page(page(body=body), URL).handle == "@dellisfilm"


# -- site and title --------------------------------------------------------------------------


def test_og_site_name_beats_the_syndicated_publisher_and_loses_its_tagline():
    head = meta("og:site_name", "Link Daily | Nigeria's popular news platform") + jsonld(
        '{"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "Wire Agency"}}'
    )
    assert extract_page(page(head), URL).site_name == "Link Daily"


def test_a_title_suffix_that_is_the_host_names_the_site():
    html = page("<title>A long headline about the bridge - Entermedia</title>")
    assert extract_page(html, "http://entermedia.co.kr/news/1").site_name == "Entermedia"


def test_a_section_or_tagline_around_the_declared_title_loses_to_the_h1():
    for og in ("Opinion | The bridge we need", "The bridge we need › A blog about towns"):
        html = page(meta("og:title", og), "<h1>The bridge we need</h1>" + ENGLISH)
        assert extract_page(html, URL).title == "The bridge we need"


# -- language --------------------------------------------------------------------------------


def test_a_page_without_a_declared_language_gets_the_one_of_its_text():
    assert extract_page(page(body=GERMAN), URL).lang == "de"
    assert extract_page(page(body="<p>Hi.</p>"), URL).lang is None  # too little to tell


def test_when_declarations_disagree_the_text_decides():
    head = meta("content-language", "de", "http-equiv")
    assert extract_page(page(head, GERMAN, 'lang="en"'), URL).lang == "de"
    assert extract_page(page(head, ENGLISH, 'lang="en"'), URL).lang == "en"


def test_language_of_prose_outside_paragraphs_comes_from_the_article_text():
    body = "<div>" + "Der Rat traf sich an einem regnerischen Abend.<br>" * 30 + "</div>"
    assert extract_page(page(body=body), URL).lang == "de"


def test_identifier_needs_enough_letters():
    assert identify_lang("12 34 56 !!") is None
    french = "Le conseil s'est réuni un soir de pluie pour discuter longuement du nouveau pont."
    assert identify_lang(french) == "fr"


# -- article text ----------------------------------------------------------------------------


def test_when_readability_keeps_nothing_the_marked_up_article_is_taken(monkeypatch):
    from indexer.extraction import article

    monkeypatch.setattr(article, "readability_article", lambda doc: None)
    body = '<nav><a href="/">Home</a></nav><div itemprop="articleBody">' + ENGLISH + "</div>"
    text = extract_page(page(body=body), URL).text
    assert text and text.startswith("The council met") and "Home" not in text


def test_a_real_page_where_readability_finds_nothing_keeps_its_article():
    from tests.support import realpages

    cleveland = next(p for p in realpages.pages() if p.name == "35b158918c676ff2")
    text = extract_page(cleveland.html, cleveland.url).text
    assert text and "The Doobie Brothers will look to ride" in text
