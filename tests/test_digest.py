"""Digests: grouping by first tag, Markdown and HTML rendering, hostile strings kept inert."""

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.digest import UNTAGGED, compose_digest, group_by_tag


def _quote(qid: str, text: str, tags: list[str], **fields) -> dict:
    return {
        "id": qid,
        "text": text,
        "tags": tags,
        "url": f"https://example.com/{qid}",
        "handle": None,
        "author": None,
        "site_name": "Example",
        **fields,
    }


QUOTES = [
    _quote("1", "Zebra first.", ["zoo", "animals"], handle="@zed"),
    _quote("2", "No tag here.", []),
    _quote("3", "About animals.", ["animals"], author="Ann"),
    _quote("4", "Also the zoo.", ["zoo"]),
]


def test_each_quote_once_under_its_first_tag_untagged_last():
    groups = group_by_tag(QUOTES)
    assert [(heading, [q["id"] for q in qs]) for heading, qs in groups] == [
        ("animals", ["3"]),
        ("zoo", ["1", "4"]),
        (UNTAGGED, ["2"]),
    ]


def test_markdown_digest():
    text = compose_digest(QUOTES, "markdown")
    assert text == (
        "## animals\n\n"
        "> About animals.\n\n"
        "\\- Ann, Source: [Example](https://example.com/3)\n\n"
        "## zoo\n\n"
        "> Zebra first.\n\n"
        "\\- @zed, Source: [Example](https://example.com/1)\n\n"
        "> Also the zoo.\n\n"
        "Source: [Example](https://example.com/4)\n\n"
        "## Other\n\n"
        "> No tag here.\n\n"
        "Source: [Example](https://example.com/2)\n"
    )


def test_markdown_escapes_markup_and_keeps_paragraphs():
    quote = _quote("1", "Be *bold* [x](javascript:alert(1))\n\n<b>two</b>", [])
    text = compose_digest([quote], "markdown")
    assert "> Be \\*bold\\* \\[x\\](javascript:alert(1))\n>\n> \\<b\\>two\\</b\\>" in text


def test_markdown_link_target_cannot_be_broken_out_of():
    quote = _quote("1", "q", [], url="https://e.com/a_(b)?x=1)")
    line = compose_digest([quote], "markdown").splitlines()[-1]
    assert line == "Source: [Example](https://e.com/a_%28b%29?x=1%29)"


def test_html_digest_structure():
    text = compose_digest(QUOTES[:2], "html")
    assert text == (
        "<section>\n<h2>zoo</h2>\n"
        "<blockquote><p>Zebra first.</p></blockquote>\n"
        '<p>- @zed, Source: <a href="https://example.com/1">Example</a></p>\n'
        "</section>\n"
        "<section>\n<h2>Other</h2>\n"
        "<blockquote><p>No tag here.</p></blockquote>\n"
        '<p>Source: <a href="https://example.com/2">Example</a></p>\n'
        "</section>\n"
    )


HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "{{7*7}}",
]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]
        self.hrefs += [value for name, value in attrs if name == "href"]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_html_escapes_every_captured_string(hostile):
    quote = _quote(
        "1", hostile, [hostile], author=hostile, site_name=hostile, url="javascript:alert(1)"
    )
    parser = _Collector()
    parser.feed(compose_digest([quote], "html"))
    assert set(parser.tags) <= {"section", "h2", "blockquote", "p", "br", "a"}
    assert parser.attributes == []  # no link: the URL was not http(s)


def test_html_links_only_web_addresses():
    quotes = [
        _quote("1", "a", [], url="javascript:alert(1)", site_name=None),
        _quote("2", "b", [], url="data:text/html,x", site_name=None),
        _quote("3", "c", [], url="https://ok.example/p?a=1&b=2", site_name=None),
    ]
    parser = _Collector()
    parser.feed(compose_digest(quotes, "html"))
    assert parser.hrefs == ["https://ok.example/p?a=1&b=2"]


def test_unknown_format_and_empty_list():
    with pytest.raises(ValueError, match="markdown, html"):
        compose_digest(QUOTES, "pdf")
    assert compose_digest([], "html") == ""


_tag = st.text("abcxyz-", min_size=1, max_size=5)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=60).filter(str.strip), st.lists(_tag, max_size=3)),
        max_size=8,
    )
)
def test_html_digest_keeps_every_quote_once_as_text(items):
    quotes = [_quote(str(n), text, tags) for n, (text, tags) in enumerate(items)]
    parser = _Collector()
    output = compose_digest(quotes, "html")
    parser.feed(output)
    assert parser.tags.count("blockquote") == len(quotes)
    assert len(re.findall(r"<a href=", output)) == len(quotes)
    assert set(parser.tags) <= {"section", "h2", "blockquote", "p", "br", "a"}
