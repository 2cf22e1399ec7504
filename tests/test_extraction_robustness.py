"""Hostile and broken pages: extract_page never raises, never expands entities, never reads files."""

import dataclasses
import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.extraction import PageInfo, extract_page, find_context

URL = "https://example.org/post"
ARTICLE = "<p>" + "Plain sentences about gardens and the people who keep them going. " * 20 + "</p>"


def extracted(html: str | bytes, url: str = URL) -> PageInfo:
    info = extract_page(html, url)
    assert isinstance(info, PageInfo)
    return info


def all_output(info: PageInfo) -> str:
    return json.dumps(dataclasses.asdict(info), ensure_ascii=False)


def test_a_10_mb_page():
    paragraph = "<p>" + "Quiet sentences about gardens, tools and their keepers. " * 60 + "</p>\n"
    html = "<html><head><title>Big</title></head><body><article>"
    html += paragraph * (10_000_000 // len(paragraph)) + "</article></body></html>"
    assert len(html) >= 9_900_000
    info = extracted(html)
    assert info.title == "Big"
    assert len(info.text) > 5_000_000


def test_100_000_nested_divs():
    html = "<html><head><title>Deep</title></head><body>" + ARTICLE
    html += "<div>" * 100_000 + "deep text" + "</div>" * 100_000 + "</body></html>"
    info = extracted(html)
    assert info.title == "Deep"
    # libxml2 stops at depth 2048 (logged); what came before the nesting is kept.
    assert "Plain sentences about gardens" in info.text


def test_200_000_siblings():
    html = "<html><head><title>Wide</title></head><body><div>"
    html += "<span>x</span>" * 200_000 + "</div></body></html>"
    info = extracted(html)
    assert info.title == "Wide"
    assert info.text.count("x") == 200_000


def test_a_5_mb_text_node():
    html = (
        "<html><head><title>Node</title></head><body><p>"
        + "word " * 1_000_000
        + "</p></body></html>"
    )
    info = extracted(html)
    assert info.title == "Node"
    assert len(info.text) == len("word " * 1_000_000) - 1
    assert find_context(info.text, "word word word") is not None


BROKEN = [
    "<p>unclosed <b>bold <i>italic",
    "<p><div></p></div></span></html></html>",
    "<<<<>>>> <//p> </ > <p<p<p>",
    "<!-- an unclosed comment <p>text</p>",
    "<script>var x = '</scr' + 'ipt>';",
    "<![CDATA[ <p>inside</p> ]]>",
    '<a href="x>broken attribute</a><img src=">',
    "<html><head><title>One</title><title>Two</title></head><body><body><p>twice</p>",
    "<table><tr><td><table><tr><td>nested</td></table></td>",
    "<svg><title>svg title</title><script>x</script></svg><math><mi>x</mi></math>",
    "<div " + 'a="1" ' * 10_000 + ">many attributes</div>",
    '<div class="' + "x" * 1_000_000 + '">a huge attribute</div>',
    "text with a NUL \x00 byte and a lone surrogate \ud800 and controls \x01\x1f",
    '<meta property="og:title" content="\ud83d">',
    '<script type="application/ld+json">{"@type": "Article", "author": {"@id": "#a"}, "@id": "#a"}</script>',
    '<script type="application/ld+json">{"@graph": [{"@id": "#x", "isPartOf": {"@id": "#x"}, "@type": "Article"}]}</script>',
    '<link rel="canonical" href="http://[::1"><base href="http://[">',
    "<time datetime='99999-99-99'>never</time><time pubdate>yesterday</time>",
    "",
    "   \n\t  ",
    "just text, no markup at all",
]


@pytest.mark.parametrize("html", BROKEN)
def test_broken_markup(html):
    extracted(html)
    extracted(html.encode("utf-8", "surrogatepass"))


def test_binary_junk():
    rng = random.Random(20240506)
    junk = bytes(rng.getrandbits(8) for _ in range(300_000))
    extracted(junk)
    extracted(b"\x00" * 100_000)
    extracted(b"\xff\xfe" + junk[:10_000])  # a UTF-16 byte-order mark before junk
    extracted(junk.decode("latin-1"))


def test_invalid_utf8_is_replaced_not_fatal():
    """A UTF-8 page damaged in places stays UTF-8, with U+FFFD where the bytes are broken."""
    text = "<html><head><title>Café Müller</title></head><body>" + ARTICLE
    text += "<p>crème brûlée, naïve, Zoë, “quoted”, Straße</p>"
    html = text.encode() + b"<p>broken \xc3\x28 here \xff and \xf0\x28\x8c\xbc</p></body></html>"
    info = extracted(html)
    assert info.title == "Café Müller"
    assert "crème brûlée" in info.text and "\ufffd" in info.text
    extracted(b"\xc3\x28\xa0\xa1\xf0\x28\x8c\xbc" * 10_000)  # nothing but broken sequences


def test_a_wrong_charset_declaration_is_overruled_by_the_bytes():
    html = '<meta charset="iso-8859-1"><title>Müller’s café</title>' + ARTICLE
    assert extracted(html.encode("utf-8")).title == "Müller’s café"
    html = '<meta charset="utf-8"><title>Müller’s café</title>' + ARTICLE
    assert extracted(html.encode("cp1252")).title == "Müller’s café"


def test_billion_laughs_is_not_expanded():
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10)
    ]
    html = (
        '<?xml version="1.0"?><!DOCTYPE lolz [' + "".join(entities) + "]>"
        "<html><head><title>&lol9;</title></head><body><p>&lol9;</p>" + ARTICLE + "</body></html>"
    )
    info = extracted(html)
    assert "lollollol" not in all_output(info)
    assert len(all_output(info)) < 20_000


def test_external_entities_never_read_files(tmp_path):
    secret = "QUOTEBANK-SECRET-6f1d2c9a"
    target = tmp_path / "secret.txt"
    target.write_text(secret)
    uri = target.as_uri()
    html = (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "{uri}">'
        f'<!ENTITY % param SYSTEM "{uri}"> %param;]>'
        '<html xmlns:xi="http://www.w3.org/2001/XInclude"><head><title>&xxe;</title>'
        '<meta property="og:title" content="&xxe;">'
        f'<link rel="canonical" href="{uri}">'
        f'<script type="application/ld+json">{{"@context": "{uri}", "@type": "Article",'
        f' "headline": "&xxe;"}}</script></head>'
        f'<body><p>&xxe;</p><xi:include href="{uri}" parse="text"/>'
        f'<iframe src="{uri}"></iframe><object data="{uri}"></object>' + ARTICLE + "</body></html>"
    )
    for page in (html, html.encode()):
        info = extracted(page)
        assert secret not in all_output(info)
        assert info.canonical_url == URL


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a url",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "http://[::1",
        "https://" + "a" * 10_000,
    ],
)
def test_junk_page_addresses(url):
    info = extracted("<title>T</title>" + ARTICLE, url)
    assert info.title == "T"


_TOKENS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div class='content'>",
        "</div>",
        "<article>",
        "<br>",
        "<h1>",
        "</h1>",
        "<title>",
        "</title>",
        "<meta property='og:title' content='",
        "<meta name='author' content='",
        "'>",
        '<script type="application/ld+json">',
        "</script>",
        '{"@type": "Article", ',
        '"headline": "',
        '"author": [',
        '{"@id": "#a"}',
        "]",
        "}",
        '"',
        ", ",
        "<time datetime='",
        "2024-01-02",
        "0001-01-01",
        "<a rel='me' href='https://m.example/@x'>",
        "</a>",
        "&amp;",
        "&#0;",
        "&#x110000;",
        "\u2019",
        "\u00a0",
        "\x00",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "Words of the article. ",
        "<",
        ">",
        "<link rel=canonical href='",
        "//",
        "@",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TOKENS, max_size=60).map("".join), st.text(max_size=40))
def test_fuzzed_markup_and_addresses(html, url):
    info = extracted(html, url)
    assert info.published is None or len(info.published) == 10


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=3000))
def test_fuzzed_bytes(data):
    extracted(data)
