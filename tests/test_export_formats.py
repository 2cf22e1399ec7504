"""The export formats on their own (no data folder): JSON, CSV and Markdown, hostile text included.

Markdown is checked by parsing it back: the front matter with PyYAML (as Obsidian reads YAML),
the body with markdown-it (a CommonMark parser), so "valid" means what a reader sees.
"""

import csv
import io
import json
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from indexer.exporters import EXPORT_FORMATS, export_quotes
from indexer.exporters.filenames import MAX_BYTES, UniqueNames, safe_stem
from indexer.exporters.markdown import is_quotebank_note, iter_notes, page_note
from indexer.exporters.mdtext import block_quote, escape_inline
from indexer.exporters.pages import group_by_page
from indexer.exporters.table import COLUMNS
from indexer.importers import generic_csv
from indexer.importers.records import ParsedQuote

BASE = {
    "id": "0b9d2a52-55b3-4c4e-9f0e-2a1c7f3e8d41",
    "text": "Innovation has to become a distributed activity.",
    "url": "https://gigaom.com/report/x?utm_source=t",
    "canonical_url": "https://gigaom.com/report/x",
    "title": "Distributed innovation",
    "author": "Stowe Boyd",
    "speaker": "Jane Smith",
    "handle": "@StoweBoyd",
    "site_name": "Gigaom Research",
    "published": "2013-04-02",
    "lang": "en",
    "context": None,
    "note": "",
    "tags": ["innovation", "work"],
    "created_at": "2024-11-05T08:30:00Z",
    "status": "ready",
}
HOSTILE_TITLES = [
    "Title: with a colon",
    "\"Quoted\" and 'single'",
    "- leading dash",
    "# not a comment",
    "[not, a, list]",
    "{not: a map}",
    "& anchor * alias ! tag | block > folded % directive @ reserved `tick`",
    "yes",
    "null",
    "2024-01-02",
    "123",
    "line one\nline two",
    "tab\there and a trailing space ",
    "NEL\x85 LS\u2028 PS\u2029 DEL\x7f C1\x9b BOM\ufeff",
    "emoji 🙂 and CJK 清楚",
    "back\\slash",
    "---",
]
COMMONMARK = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def joined(chunks) -> str:
    return "".join(chunks)


def quote(**fields) -> dict:
    return BASE | fields


def front_matter_of(note: str) -> dict:
    match = re.match(r"---\n(.*?)\n---\n", note, re.S)
    assert match, note
    return yaml.safe_load(match.group(1))


# -- JSON ------------------------------------------------------------------------------------


def test_json_export_has_every_field_one_quote_per_line():
    second = quote(id="5f7c1e0a-3d2b-4a8e-b6c1-9e2f4d8a7b10", text="Ce qui — 🙂\nsecond line")
    text = joined(export_quotes([BASE, second], "json"))
    document = json.loads(text)
    assert document["quotebank_export"] == 2
    assert document["quotes"] == [BASE, second]
    lines = text.split("\n")
    assert lines[1].startswith('{"id": "0b9d2a52') and lines[2].startswith('{"id": "5f7c1e0a')
    assert "Ce qui — 🙂" in text  # UTF-8, not \u escapes


def test_json_export_of_nothing_is_valid():
    assert json.loads(joined(export_quotes([], "json")))["quotes"] == []


# -- CSV -------------------------------------------------------------------------------------


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_export_one_row_per_quote_with_crlf_and_tags_joined():
    text = joined(export_quotes([BASE, quote(text="Two\nlines", tags=[])], "csv"))
    assert text.startswith(",".join(COLUMNS) + "\r\n")
    rows = read_csv(text)
    assert [row["text"] for row in rows] == [BASE["text"], "Two\nlines"]
    assert rows[0]["tags"] == "innovation, work"
    assert rows[0]["context"] == ""  # None is an empty cell, not "None"


def test_csv_bom_is_optional():
    assert not joined(export_quotes([BASE], "csv")).startswith("\ufeff")
    assert joined(export_quotes([BASE], "csv", bom=True)).startswith("\ufeff" + COLUMNS[0])
    # BOM is for spreadsheets only: never in JSON or Markdown.
    assert joined(export_quotes([BASE], "json", bom=True)).startswith("{")
    assert joined(export_quotes([BASE], "markdown", bom=True)).startswith("---")


@pytest.mark.parametrize("dangerous", ["=1+2", "+A1", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd"])
def test_csv_guards_every_cell_against_formulas(dangerous):
    hostile = quote(text=dangerous, title=dangerous, note=dangerous, tags=[dangerous.strip()])
    row = read_csv(joined(export_quotes([hostile], "csv")))[0]
    for column in ("text", "title", "note", "tags"):
        # The apostrophe comes first, or after leading tabs (a tab-splitting reader's cells).
        assert row[column].lstrip("\t").startswith("'"), column


def test_csv_export_is_streamed_in_chunks():
    many = [quote(id=f"00000000-0000-4000-8000-{n:012d}", text="x" * 500) for n in range(400)]
    chunks = list(export_quotes(many, "csv"))
    assert len(chunks) > 1
    assert len(read_csv("".join(chunks))) == 400


csv_text = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\x00\r"), min_size=1
).filter(lambda text: text.strip())


@settings(max_examples=60, deadline=None)
@given(
    text=csv_text,
    note=st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00\r")),
)
def test_csv_export_reads_back_through_the_csv_import(text, note):
    original = quote(text=text.strip(), note=note.strip())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        path.write_text(
            joined(export_quotes([original], "csv", bom=True)), encoding="utf-8", newline=""
        )
        (entry,) = generic_csv.parse(path)
    assert isinstance(entry, ParsedQuote), entry
    back = entry.fields
    assert (back["text"], back["note"], back["id"]) == (
        original["text"],
        original["note"],
        original["id"],
    )
    assert (back["tags"], back["created_at"], back["url"]) == (
        BASE["tags"],
        BASE["created_at"],
        BASE["url"],
    )


# -- Markdown: front matter ------------------------------------------------------------------


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_front_matter_stays_valid_yaml_whatever_the_title(title):
    page = group_by_page([quote(title=title, author=title, site_name=title)])[0]
    fields = front_matter_of(page_note(page))
    assert (fields["title"], fields["author"], fields["site"]) == (title, title, title)


def test_front_matter_fields_obsidian_reads():
    page = group_by_page([quote(tags=["machine learning", "#ai", "2024", "c++"])])[0]
    fields = front_matter_of(page_note(page))
    assert fields == {
        "title": "Distributed innovation",
        "author": "Stowe Boyd",
        "handle": "@StoweBoyd",
        "site": "Gigaom Research",
        "url": "https://gigaom.com/report/x",
        "published": __import__("datetime").date(2013, 4, 2),  # unquoted: a date property
        "tags": ["machine-learning", "ai"],  # Obsidian tags have no spaces, are not all digits
        "source": "quotebank",
    }


def test_front_matter_leaves_out_empty_fields():
    page = group_by_page(
        [quote(url=None, canonical_url=None, author=None, handle=None, published=None, tags=[])]
    )[0]
    assert set(front_matter_of(page_note(page))) == {"title", "site", "source"}


yaml_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)


@settings(max_examples=150, deadline=None)
@given(title=yaml_text, author=yaml_text, tags=st.lists(yaml_text, max_size=3))
def test_front_matter_round_trips_any_string(title, author, tags):
    page = group_by_page([quote(title=title or None, author=author or None, tags=tags)])[0]
    fields = front_matter_of(page_note(page))
    assert fields["title"] == (title or "Gigaom Research - report / x")  # site and path
    assert fields.get("author") == (author or None)


# -- Markdown: body --------------------------------------------------------------------------


def paragraphs_seen(markdown: str) -> list[str]:
    """The text of each paragraph a CommonMark reader shows, failing on any other markup."""
    allowed = {"blockquote_open", "blockquote_close", "paragraph_open", "paragraph_close"}
    found = []
    for token in COMMONMARK.parse(markdown):
        if token.type == "inline":
            kinds = {child.type for child in token.children}
            assert kinds <= {"text", "softbreak"}, (markdown, kinds)
            found.append("".join(c.content if c.type == "text" else "\n" for c in token.children))
        else:
            assert token.type in allowed, (markdown, token.type)
    return found


def paragraphs_of(text: str) -> list[str]:
    """The paragraphs the text has: runs of non-blank lines, each line trimmed."""
    paragraphs, current = [], []
    for line in [*re.split(r"\r\n|\r|\n", text), ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    return paragraphs


@pytest.mark.parametrize(
    "text",
    [
        "# Not a heading",
        "<img src=x onerror=alert(1)>",
        "[[Private note]] and ![[embed.png]] and [link](javascript:alert(1))",
        "Some text\n---\nmore",
        "Title\n===",
        "1. not a list\n2) nor this\n- nor this\n+ nor this\n* nor this",
        "    four spaces would be code",
        "```\nfenced\n```",
        "a | table | row\n--- | --- | ---",
        "==highlight== %%comment%% ~~strike~~ $math$ ^block-id #tag",
        "&amp; &#x27; entity",
        "ends with a backslash\\\nnext",
        "> already quoted",
        "bare\rcarriage return\r# heading",
        "*emphasis* and _this_ and `code`",
    ],
)
def test_block_quote_shows_the_text_not_markup(text):
    markdown = block_quote(text)
    assert paragraphs_seen(markdown) == paragraphs_of(text)


printable = st.text(st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n"))


@settings(max_examples=300, deadline=None)
@given(text=printable)
def test_block_quote_shows_any_text_as_written(text):
    assert paragraphs_seen(block_quote(text)) == paragraphs_of(text)


@settings(max_examples=200, deadline=None)
@given(text=printable)
def test_heading_text_is_never_markup(text):
    expected = " ".join(text.split())
    seen = paragraphs_seen(escape_inline(text)) if expected else []
    assert seen == ([expected] if expected else [])


def test_single_file_has_a_section_per_page_newest_first():
    other = quote(
        id="5f7c1e0a-3d2b-4a8e-b6c1-9e2f4d8a7b10",
        text="From a book.",
        url=None,
        canonical_url=None,
        title="Meditations",
        author="Marcus Aurelius",
        site_name=None,
        note="My *own* note, kept as written.",
        tags=["stoic"],
    )
    again = quote(id="9a1e6c3b-7f2d-4e5a-8b9c-0d1e2f3a4b5c", text="A second quote, same page.")
    text = joined(export_quotes([BASE, other, again], "markdown"))
    assert front_matter_of(text) == {"title": "Quotes from quotebank", "source": "quotebank"}
    assert re.findall(r"^## (.*)$", text, re.M) == ["Distributed innovation", "Meditations"]
    section = text.split("## Meditations")[1]
    assert "- Author: Marcus Aurelius" in section
    assert (
        "> From a book.\n\nTags: #stoic\n\n**Note:** My *own* note, kept as written.\n" in section
    )
    first = text.split("## Meditations")[0]
    assert first.index("> Innovation has") < first.index("> A second quote, same page.")
    assert "- URL: <https://gigaom.com/report/x>" in first
    assert (
        "> Innovation has to become a distributed activity.\n\nTags: #innovation #work\n" in first
    )
    assert "#stoic" not in first  # each quote's own tags, not the page's merged


def test_notes_are_one_per_page_with_stable_unique_names():
    same_title = quote(
        id="5f7c1e0a-3d2b-4a8e-b6c1-9e2f4d8a7b10",
        url="https://other.example/x",
        canonical_url=None,
        text="Same title, other page.",
    )
    kindle = quote(
        id="9a1e6c3b-7f2d-4e5a-8b9c-0d1e2f3a4b5c",
        url=None,
        canonical_url=None,
        site_name=None,
        title="Sapiens: A Brief History (Harari)",
    )
    notes = dict(iter_notes([BASE, same_title, kindle]))
    assert set(notes) == {
        "Distributed innovation.md",
        "Distributed innovation (2).md",
        "Sapiens A Brief History (Harari).md",
    }
    assert notes == dict(iter_notes([kindle, same_title, BASE]))  # order of quotes does not matter
    assert all(is_quotebank_note(text) for text in notes.values())


def test_a_note_written_by_someone_else_is_recognised():
    assert not is_quotebank_note("---\ntitle: Mine\n---\nsource: quotebank\n")
    assert not is_quotebank_note("# My note\nsource: quotebank")
    assert is_quotebank_note('---\ntitle: "x"\nsource: "quotebank"\n---\n')


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        (
            'What? A "title": with <all> the | bad * chars / \\ #^[]',
            "What A title with all the bad chars",
        ),
        ("CON", "CON_"),
        ("nul.txt", "nul_.txt"),  # the part before the first dot is the device name
        ("...", "Untitled"),
        ("  .hidden. ", "hidden"),
    ],
)
def test_file_names_are_safe(title, stem):
    assert safe_stem(title) == stem


@settings(max_examples=200, deadline=None)
@given(title=st.text(st.characters(exclude_categories=("Cs",))))
def test_any_title_gives_a_usable_file_name(title):
    stem = safe_stem(title)
    assert stem and len(stem.encode()) <= MAX_BYTES
    assert not re.search(r'[\\/:*?"<>|#^\[\]\x00-\x1f]', stem)
    assert stem == stem.strip(" .")


def test_unique_names_ignore_case():
    names = UniqueNames()
    assert [names.name_for(t) for t in ("Notes", "notes", "NOTES")] == [
        "Notes.md",
        "notes (2).md",
        "NOTES (3).md",
    ]


def test_unknown_format_is_refused():
    assert set(EXPORT_FORMATS) == {"json", "csv", "markdown"}
    with pytest.raises(ValueError, match="unknown export format"):
        export_quotes([], "pdf")
