"""Digests: grouping by first tag, Markdown and HTML rendering, hostile strings kept inert."""

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from indexer.digest import UNTAGGED, DigestOptions, compose_digest, group_by_tag


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
    # "-" then a no-break space: the attribution is a paragraph, not a list item, with no "\-".
    assert text == (
        "## animals\n\n"
        "> About animals.\n\n"
        "-\u00a0Ann, Source: [Example](https://example.com/3)\n\n"
        "## zoo\n\n"
        "> Zebra first.\n\n"
        "-\u00a0@zed, Source: [Example](https://example.com/1)\n\n"
        "> Also the zoo.\n\n"
        "-\u00a0Source: [Example](https://example.com/4)\n\n"
        "## Other\n\n"
        "> No tag here.\n\n"
        "-\u00a0Source: [Example](https://example.com/2)\n"
    )


def test_markdown_escapes_markup_and_keeps_paragraphs():
    quote = _quote("1", "Be *bold* [x](javascript:alert(1))\n\n<b>two</b>", [])
    text = compose_digest([quote], "markdown")
    assert "> Be \\*bold\\* \\[x](javascript:alert(1))\n>\n> \\<b>two\\</b>" in text


def test_markdown_link_target_cannot_be_broken_out_of():
    quote = _quote("1", "q", [], url="https://e.com/a_(b)?x=1)")
    line = compose_digest([quote], "markdown").splitlines()[-1]
    assert line == "-\u00a0Source: [Example](https://e.com/a_%28b%29?x=1%29)"


def test_html_digest_structure():
    text = compose_digest(QUOTES[:2], "html")
    assert text == (
        "<section>\n<h2>zoo</h2>\n"
        "<blockquote><p>Zebra first.</p></blockquote>\n"
        '<p>- @zed, Source: <a href="https://example.com/1">Example</a></p>\n'
        "</section>\n"
        "<section>\n<h2>Other</h2>\n"
        "<blockquote><p>No tag here.</p></blockquote>\n"
        '<p>- Source: <a href="https://example.com/2">Example</a></p>\n'
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


# --- paste-ready: minimal escapes, title and intro, order, each tag (issue 11) ---------------

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def test_markdown_digest_has_no_needless_backslashes_and_renders_as_written():
    quote = _quote(
        "1",
        "A well-known snake_case name, 2 * 3 and [sic] - all plain text.",
        ["some_tag"],
        author="Ann-Marie O_Neil",
        site_name="My_Site",
    )
    text = compose_digest([quote], "markdown")
    assert "\\" not in text
    html = _MD.render(text)
    assert "<li>" not in html  # the attribution line is no list item
    assert "<h2>some_tag</h2>" in html
    assert "A well-known snake_case name, 2 * 3 and [sic] - all plain text." in html
    assert '-\u00a0Ann-Marie O_Neil, Source: <a href="https://example.com/1">My_Site</a>' in html


def test_markdown_digest_of_hostile_text_renders_no_markup():
    quote = _quote("1", "*x* <b>y</b> [a](javascript:alert(1)) # no\n- item\n1. one", ["t"])
    parser = _Collector()
    parser.feed(_MD.render(compose_digest([quote], "markdown")))
    assert parser.tags == ["h2", "blockquote", "p", "p", "a"]
    assert parser.hrefs == ["https://example.com/1"]


def test_title_and_intro_come_first():
    options = DigestOptions(title="Reading *list*", intro="What I read this **week**.")
    markdown = compose_digest(QUOTES[:1], "markdown", options)
    assert markdown.startswith("# Reading \\*list\\*\n\nWhat I read this **week**.\n\n## zoo\n")
    html = compose_digest(QUOTES[:1], "html", DigestOptions(title="<T>", intro="a <b>\n\nc"))
    assert html.startswith("<h1>&lt;T&gt;</h1>\n<p>a &lt;b&gt;</p><p>c</p>\n<section>\n<h2>zoo")


def test_the_user_orders_the_groups_and_the_quotes():
    groups = group_by_tag(list(reversed(QUOTES)), order=["Other", "zoo"])
    assert [(heading, [q["id"] for q in qs]) for heading, qs in groups] == [
        (UNTAGGED, ["2"]),
        ("zoo", ["4", "1"]),  # the order the quotes were given in
        ("animals", ["3"]),  # not named: after, alphabetically
    ]


def test_each_tag_puts_a_quote_under_every_tag():
    groups = group_by_tag(QUOTES, each_tag=True)
    assert [(heading, [q["id"] for q in qs]) for heading, qs in groups] == [
        ("animals", ["1", "3"]),
        ("zoo", ["1", "4"]),
        (UNTAGGED, ["2"]),
    ]
    text = compose_digest(QUOTES, "markdown", DigestOptions(each_tag=True))
    assert text.count("> Zebra first.") == 2


def test_ungrouped_digest_has_no_headings_and_keeps_the_order():
    text = compose_digest(QUOTES[:2], "html", DigestOptions(grouped=False))
    assert "<h2>" not in text and "<section>" not in text
    assert text.index("Zebra first.") < text.index("No tag here.")


def test_a_book_is_named_in_the_digest():
    book = {"id": "b", "text": "Q.", "tags": [], "author": "Erin Meyer", "title": "The Culture Map"}
    assert compose_digest([book], "markdown").endswith("-\u00a0Erin Meyer, The Culture Map\n")
    assert "<p>- Erin Meyer, The Culture Map</p>" in compose_digest([book], "html")
