"""Minimal Markdown escaping (indexer/markdown_escape.py), checked by rendering with markdown-it-py.

The promise has two halves: the rendered text is the text itself (nothing turned into markup),
and no backslash is added where the character would have been read as text anyway.
"""

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from indexer.markdown_escape import escape_heading, escape_line

# CommonMark plus the GitHub extensions an editor is likely to have.
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


def rendered(markdown: str) -> _Text:
    parser = _Text()
    parser.feed(MD.render(markdown))
    return parser


def as_paragraph(lines: list[str]) -> _Text:
    return rendered("\n".join(escape_line(line) for line in lines))


@pytest.mark.parametrize(
    "text",
    [
        "snake_case_name and file_name.py",
        "a * b = c, 2 * 3",
        "well-known, self-evident - a dash",
        "[sic] and [the company] said",
        "a < b > c, 3 <= 4",
        "AT&T and R&D",
        "~50 people",
        "#hashtag at the start",
        "C:\\Users\\ann",
    ],
)
def test_plain_text_gets_no_backslash(text):
    assert escape_line(text) == text
    assert rendered(text).text.strip() == text


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("*bold* and _em_", "\\*bold\\* and \\_em\\_"),
        ("[a link](https://x.example)", "\\[a link](https://x.example)"),
        ("![img](x.png)", "!\\[img](x.png)"),
        ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)>"),
        ("`code`", "\\`code\\`"),
        ("&amp; &#65; &#x41;", "\\&amp; \\&#65; \\&#x41;"),
        ("~~struck~~", "\\~\\~struck\\~\\~"),
        ("- a list item", "\\- a list item"),
        ("+ another", "\\+ another"),
        ("* and another", "\\* and another"),
        ("1. first", "1\\. first"),
        ("2) second", "2\\) second"),
        ("# Heading", "\\# Heading"),
        ("> quoted", "\\> quoted"),
        ("---", "\\---"),
        ("===", "\\==="),
        ("| --- | --- |", "\\| --- \\| --- \\|"),
        ("[label]: https://x.example", "\\[label]: https://x.example"),
        ("ends in a backslash\\", "ends in a backslash\\\\"),
        ("\\*not bold\\*", "\\\\\\*not bold\\\\\\*"),
    ],
)
def test_markup_is_escaped_and_reads_as_text(text, escaped):
    assert escape_line(text) == escaped
    result = as_paragraph([text])
    assert result.tags == ["p"], MD.render(escaped)
    assert result.text.strip() == text


def test_heading_keeps_a_closing_hash():
    heading = "## " + escape_heading("Issue #")
    assert rendered(heading).text.strip() == "Issue #"
    assert escape_heading("C# and F#") == "C# and F#"


# Lines built from the characters that matter to Markdown, and some that do not.
_line = (
    st.text(
        alphabet=st.sampled_from(list("ab1 _*`[]()<>&#;!-+=|~\\.:/x\"'")), min_size=1, max_size=30
    )
    .map(str.strip)
    .filter(bool)
)


@pytest.mark.parametrize("lines", [["[1", "]:1"], ["[a", "](b)"], ["a *b", "c* d"]])
def test_markup_across_lines_is_escaped(lines):
    result = as_paragraph(lines)
    assert result.tags == ["p"] and result.text.strip() == "\n".join(lines)


@settings(max_examples=400, deadline=None)
@given(st.lists(_line, min_size=1, max_size=4))
def test_any_text_renders_as_itself_in_one_paragraph(lines):
    result = as_paragraph(lines)
    assert result.tags == ["p"], (lines, MD.render("\n".join(map(escape_line, lines))))
    assert result.text.strip() == "\n".join(lines)
