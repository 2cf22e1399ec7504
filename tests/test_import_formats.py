"""Each import format read from a realistic sample in tests/samples, awkward cases included.

These tests stop at the parser: what each entry of a file becomes (a quote, a bad row with its
line, or a deliberate skip). Storing is tested in test_import_run.py.
"""

import json
import re
import time
from pathlib import Path

import pytest

from indexer.importers import detect_format, parse_file
from indexer.importers.detect import HEAD_BYTES
from indexer.importers.records import ImportFormatError, ParsedQuote, RowError, Skipped

SAMPLES = Path(__file__).parent / "samples"
KINDLE = SAMPLES / "kindle" / "My Clippings.txt"
READWISE = SAMPLES / "readwise" / "readwise-export.csv"
HYPOTHESIS = SAMPLES / "hypothesis" / "annotations.json"
HYPOTHESIS_MIN = SAMPLES / "hypothesis" / "annotations-min.json"
QUOTEBANK = SAMPLES / "quotebank" / "export.json"
GENERIC = SAMPLES / "csv" / "quotes.csv"
SEMICOLON = SAMPLES / "csv" / "quotes-semicolon.csv"
BROKEN = SAMPLES / "broken"


def entries(path: Path, fmt: str):
    return list(parse_file(path, fmt))


def quotes(path: Path, fmt: str) -> dict[int, dict]:
    return {e.line: e.fields for e in entries(path, fmt) if isinstance(e, ParsedQuote)}


def errors(path: Path, fmt: str) -> dict[int, str]:
    return {e.line: e.reason for e in entries(path, fmt) if isinstance(e, RowError)}


def skipped(path: Path, fmt: str) -> dict[int, str]:
    return {e.line: e.reason for e in entries(path, fmt) if isinstance(e, Skipped)}


@pytest.fixture
def paris_clock(monkeypatch):
    """A Kindle writes local times: read them as a computer in Paris would (CET, UTC+1)."""
    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# -- format detection ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (KINDLE, "kindle"),
        (READWISE, "readwise"),
        (HYPOTHESIS, "hypothesis"),
        (HYPOTHESIS_MIN, "hypothesis"),
        (QUOTEBANK, "json"),
        (GENERIC, "csv"),
        (SEMICOLON, "csv"),
        (BROKEN / "kindle-german.txt", "kindle"),
    ],
)
def test_the_format_is_told_from_the_content(path, expected):
    assert detect_format(path) == expected


def test_detection_ignores_the_file_name(tmp_path):
    disguised = tmp_path / "notes.txt"
    disguised.write_bytes(READWISE.read_bytes())
    assert detect_format(disguised) == "readwise"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"  \r\n\r\n", "the file is empty"),
        (b"Dear diary,\nnothing saved today.\n", "cannot tell the format"),
        (b"name,page\nAda,3\n", "cannot tell the format"),
        (b'{"rows" [1, 2]}', "not valid JSON at line 1 column 9: expected ':'"),
        (b'{"items": []}', "no list of entries found"),
        (b"caf\xe9,text\n", "not UTF-8 text (byte 0xe9 on line 1)"),
    ],
)
def test_detection_refuses_what_it_cannot_tell(tmp_path, content, message):
    path = tmp_path / "input"
    path.write_bytes(content)
    with pytest.raises(ImportFormatError, match=re.escape(message)):
        detect_format(path)


def test_detection_reads_on_when_the_head_is_not_enough(tmp_path):
    # The Hypothesis web export puts its metadata first; here it outgrows the head.
    document = {
        "export_date": "2025-03-03",
        "client_version": "x" * (HEAD_BYTES + 10),
        "annotations": [],
    }
    path = tmp_path / "hypothesis.json"
    path.write_text(json.dumps(document))
    assert detect_format(path) == "hypothesis"


# -- Kindle ----------------------------------------------------------------------------------


def test_kindle_keeps_the_longest_version_of_an_extended_highlight(paris_clock):
    found = quotes(KINDLE, "kindle")
    sapiens = [q for q in found.values() if q["title"].startswith("Sapiens")]
    assert len(sapiens) == 1
    assert sapiens[0]["text"].endswith("This glue has made us the masters of creation.")
    # Highlighted first at 14:22:01 in Paris, extended at 14:23:10: the first time is kept.
    assert sapiens[0]["created_at"] == "2025-03-03T13:22:01Z"
    assert skipped(KINDLE, "kindle")[1] == "earlier version of an extended highlight"


def test_kindle_attaches_a_note_to_the_highlight_at_its_place(paris_clock):
    found = quotes(KINDLE, "kindle")
    assert found[6]["note"] == "Compare with Dunbar's number."
    assert (
        found[21]["note"] == 'Same idea as the boy scout rule: "leave it better than you found it".'
    )
    assert skipped(KINDLE, "kindle")[52] == "note without a highlight at its place"


def test_kindle_title_and_author_come_from_the_header_line(paris_clock):
    found = quotes(KINDLE, "kindle")
    pragmatic = found[21]
    assert pragmatic["title"] == "The Pragmatic Programmer (20th Anniversary Edition)"
    assert pragmatic["author"] == "David Thomas; Andrew Hunt"
    assert found[6]["author"] == "Harari, Yuval Noah"  # "Last, First" as the Kindle wrote it
    assert (found[37]["title"], found[37]["author"]) == ("Field Notes on Attention", None)
    assert all(not q["title"].startswith("\ufeff") for q in found.values())


def test_kindle_reads_each_english_date_form(paris_clock):
    found = quotes(KINDLE, "kindle")
    assert found[21]["created_at"] == "2025-03-05T20:15:42Z"  # US: March 5, 2025 9:15:42 PM
    assert found[32]["created_at"] == "2012-03-01T08:55:00Z"  # old: March 01, 2012, 09:55 AM
    assert found[37]["created_at"] == "2025-03-07T09:00:00Z"  # UK: 7 March 2025 10:00:00
    assert found[42]["created_at"] == "2014-07-26T20:37:48Z"  # 26 July 14 ... GMT+01:00


def test_kindle_text_keeps_its_lines_and_loses_the_crlf(paris_clock):
    found = quotes(KINDLE, "kindle")
    assert found[21]["text"] == (
        "Don't live with broken windows.\nFix each one as soon as it is discovered."
    )
    assert found[32]["url"] is None and found[32]["site_name"] is None


def test_kindle_reports_bad_clippings_by_line_and_skips_bookmarks(paris_clock):
    assert errors(KINDLE, "kindle") == {
        48: "cannot read the date 'the 32nd of Nevember' (only English Kindle dates are known)",
        57: "the Kindle kept no text for this highlight (clipping limit reached)",
    }
    assert skipped(KINDLE, "kindle")[16] == "bookmark"


def test_kindle_ids_are_stable_and_distinct():
    first = [q["id"] for q in quotes(KINDLE, "kindle").values()]
    again = [q["id"] for q in quotes(KINDLE, "kindle").values()]
    assert first == again
    assert len(set(first)) == len(first) == 5


def test_kindle_file_in_another_language_is_refused_whole():
    with pytest.raises(ImportFormatError, match="no Kindle clipping could be read"):
        entries(BROKEN / "kindle-german.txt", "kindle")


def test_kindle_refuses_a_file_without_clippings():
    with pytest.raises(ImportFormatError, match="no Kindle clippings"):
        entries(GENERIC, "kindle")


def test_kindle_line_separator_inside_a_highlight_is_not_a_line_break(tmp_path):
    path = tmp_path / "My Clippings.txt"
    path.write_text(
        "Book (Author)\n- Your Highlight on Location 5-6 | Added on Monday, 3 March 2025 14:22:01\n"
        "\nOne\u2028two\x0cthree\n==========\nBook (Author)\n"
        "- Your Highlight on Location 9-9 | Added on Monday, 3 March 2025 14:22:01\n\nnext\n"
        "==========\n",
        encoding="utf-8",
    )
    assert [(line, q["text"]) for line, q in quotes(path, "kindle").items()] == [
        (1, "One\u2028two\x0cthree"),
        (6, "next"),
    ]


# -- Readwise --------------------------------------------------------------------------------


def test_readwise_reads_quoted_multiline_fields():
    found = quotes(READWISE, "readwise")
    glow = found[3]
    assert glow["text"] == (
        'He said, "Write it down."\nThen he left the room.\n\nNobody wrote anything.'
    )
    assert glow["note"] == "Scene setting, worth\nquoting in the talk"
    assert glow["tags"] == ["history", "computing"]
    assert (glow["title"], glow["author"]) == ("The Friendly Orange Glow", "Brian Dear")


def test_readwise_keeps_dates_has_no_url_and_merges_both_tag_columns():
    found = quotes(READWISE, "readwise")
    assert found[2]["created_at"] == "2023-01-15T14:22:01Z"
    assert found[2]["url"] is None
    assert found[2]["tags"] == ["self-help"]
    assert found[8]["tags"] == ["favorite", "philosophy", "attention"]


def test_readwise_keeps_a_formula_as_plain_text():
    # Readwise does not guard its cells; the text is what the user highlighted.
    assert quotes(READWISE, "readwise")[11]["text"].startswith("=HYPERLINK(")


def test_readwise_reports_bad_rows_with_their_line():
    assert errors(READWISE, "readwise") == {
        9: "text: must not be empty",
        10: "created_at: cannot read 'sometime last spring' as a date and time "
        "(use ISO 8601, 2025-03-03T14:22:01Z)",
        12: "has 12 fields but the header has 11 (a stray delimiter or quote?)",
    }


def test_readwise_needs_its_columns():
    with pytest.raises(ImportFormatError, match="needs the column"):
        entries(GENERIC, "readwise")


# -- Hypothesis ------------------------------------------------------------------------------


def test_hypothesis_quote_is_the_exact_selector_and_text_is_the_note():
    first = quotes(HYPOTHESIS, "hypothesis")[4]
    assert (
        first["text"] == "Attention is the beginning of devotion.\nEverything else follows from it."
    )
    assert first["note"].startswith("**Yes.** Use this")
    assert first["title"] == "On Attention: A Short Essay"
    assert first["tags"] == ["attention", "focus"]
    assert first["created_at"] == "2024-05-02T09:15:30Z"
    assert first["url"] == "https://example.org/essays/attention?utm_source=newsletter"
    assert first["canonical_url"] == "https://example.org/essays/attention"
    assert first["site_name"] == "example.org"


def test_hypothesis_pdf_has_no_url_and_its_date_goes_to_utc():
    pdf = quotes(HYPOTHESIS, "hypothesis")[161]
    assert (pdf["url"], pdf["canonical_url"], pdf["site_name"]) == (None, None, None)
    assert pdf["created_at"] == "2024-06-12T05:40:05Z"


def test_hypothesis_skips_replies_and_page_notes_and_reports_bad_annotations():
    assert skipped(HYPOTHESIS, "hypothesis") == {118: "page note (no quoted text)", 72: "reply"}
    found = errors(HYPOTHESIS, "hypothesis")
    assert found[224].startswith("annotation N1sU8gjFEe-Qm5r2z7Kp1b: created_at: cannot read")
    assert found[287] == "annotation P7vX2gjFEe-Hn4s9y6Lq0c: tags: must be a string, not int"
    assert found[353] == 'an annotation must be an object with an "id"'


def test_hypothesis_minified_answer_names_the_annotation():
    assert list(errors(HYPOTHESIS_MIN, "hypothesis")) == [1]
    assert "N1sU8gjFEe-Qm5r2z7Kp1b" in errors(HYPOTHESIS_MIN, "hypothesis")[1]


# -- quotebank JSON --------------------------------------------------------------------------


def test_quotebank_json_keeps_every_field_as_exported():
    exported = json.loads(QUOTEBANK.read_text())["quotes"][0]
    found = quotes(QUOTEBANK, "json")[2]
    # The sample is a version 1 file, from before quotes had a speaker: that field comes empty.
    assert "speaker" not in exported and found["speaker"] is None
    assert found == {name: exported.get(name) for name in found}
    assert found["note"] == 'Opening line for the talk.\r\nKeep the "distributed" framing.'


def test_quotebank_json_carries_a_failed_status_and_reports_bad_entries():
    found = quotes(QUOTEBANK, "json")
    assert found[4]["status"] == "failed"
    assert "status" not in found[2]
    assert found[3]["text"] == "Ce qui se conçoit bien s'énonce clairement — 清楚地表达 🙂"
    assert errors(QUOTEBANK, "json") == {
        5: "text: must not be empty",
        6: "a quote must be a JSON object",
    }


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ('{"quotebank_export": 3, "quotes": []}', "format version 3"),
        ('{"quotebank_export": "1", "quotes": []}', "format version '1'"),
        ('{"quotes": [{"text": "a"}]} trailing', "unexpected text after the end"),
        ('{"quotes": [{"text": "a"}], "more": ', "ends too early"),
        ('[{"text": "a"},, {"text": "b"}]', "not valid JSON at line 1 column 16"),
    ],
)
def test_quotebank_json_refuses_a_broken_document_whole(tmp_path, document, message):
    path = tmp_path / "export.json"
    path.write_text(document)
    with pytest.raises(ImportFormatError, match=message):
        entries(path, "json")


def test_truncated_export_is_refused_before_any_entry():
    parsed = parse_file(BROKEN / "truncated.json", "json")
    with pytest.raises(ImportFormatError, match="line 3 column 157: Unterminated string"):
        next(parsed)


def test_bare_list_without_ids_gets_stable_ids(tmp_path):
    path = tmp_path / "list.json"
    path.write_text('[\n{"text": "One", "url": "https://a.example/"},\n{"text": "Two"}\n]')
    first = [q["id"] for q in quotes(path, "json").values()]
    assert first == [q["id"] for q in quotes(path, "json").values()]
    assert len(set(first)) == 2


# -- generic CSV -----------------------------------------------------------------------------


def test_generic_csv_reads_the_documented_columns():
    found = quotes(GENERIC, "csv")
    first = found[2]
    assert first["text"] == "Innovation has to become a distributed activity."
    assert first["canonical_url"] == "https://gigaom.com/report/distributed-innovation/"
    assert (first["title"], first["author"], first["site_name"]) == (
        "Distributed innovation",
        "Stowe Boyd",
        "Gigaom Research",
    )
    assert (first["published"], first["tags"], first["note"]) == (
        "2013-04-02",
        ["innovation", "work"],
        "The line for the talk.",
    )


def test_generic_csv_fills_what_a_capture_would_and_nothing_without_url():
    found = quotes(GENERIC, "csv")
    assert found[3]["published"] == "2025-03-03"  # "March 3, 2025"
    assert (found[3]["url"], found[3]["site_name"]) == (None, None)
    assert found[4]["site_name"] == "example.org"
    assert found[4]["text"] == "Two lines,\nand a comma."


def test_generic_csv_undoes_the_formula_guard_of_a_quotebank_export():
    assert quotes(GENERIC, "csv")[9]["text"] == "=1+2 is how a spreadsheet formula starts"


def test_generic_csv_reports_bad_rows_and_gives_a_repeated_row_the_same_id():
    assert errors(GENERIC, "csv") == {
        6: "url: must be an http:// or https:// address with a host",
        7: "published: cannot read '03/04/2025' as a date (use YYYY-MM-DD)",
    }
    found = quotes(GENERIC, "csv")
    assert found[2]["id"] == found[8]["id"]


def test_generic_csv_with_semicolons():
    (quote,) = quotes(SEMICOLON, "csv").values()
    assert (quote["text"], quote["author"], quote["tags"]) == (
        "Eine Idee, mit Komma.",
        "Ada Lovelace",
        ["math", "poetry"],
    )


def test_not_utf8_is_refused_with_its_line():
    with pytest.raises(ImportFormatError, match=r"not UTF-8 text \(byte 0xe9 on line 3\)"):
        entries(BROKEN / "latin1.csv", "csv")
