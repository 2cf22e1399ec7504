"""Search in Chinese, Japanese and Korean text beyond tests/test_search.py: query tokens against
index tokens, phrases mixing CJK and Latin text, lone characters, NOT against -, highlighting,
snippets and recall. The xfail tests are known limits of indexing character pairs."""

import math
import re
from pathlib import Path

import pytest

from indexer import ranking
from indexer.bank import QuoteBank
from indexer.index import Filters, IndexLock, QuoteIndex, build_index, highlight_text
from indexer.index.analysis import TEXT_ANALYZER
from indexer.index.queries import filter_query, ranking_plan, with_filters
from indexer.index.scoring import SegmentPostings, Statistics, whoosh_results
from tests.factories import StubExtractor, capture_named, found_names, make_quote

TEXTS = {
    "case": "新しいiPhone用ケースを買った",
    "senyo": "iPhone専用",
    "tokyo_tour": "東京 the tour",
    "tour_tokyo": "tour of 東京",
    "osaka": "東京 大阪",
    "cat": "吾輩は猫である。名前はまだ無い。",
    "neko": "犬と猫",
    "kana": "ｶﾀｶﾅ 豈更 ᄀᄁᄂ",
    "mixed": "abc漢字def",
    "apart": "abc 漢字 xyz def",
    "english": "River stones and rain.",
}


@pytest.fixture(scope="module")
def cjk(tmp_path_factory):
    bank = QuoteBank(tmp_path_factory.mktemp("cjk"), extractor=StubExtractor())
    ids = capture_named(bank, TEXTS)
    yield bank, ids
    bank.close()


# -- positions: the same numbering when indexing and querying -----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "東京 the tour",
        "the 東京都庁 of a tour",
        "abc漢字def",
        "新しいiPhone用ケース",
        "ｶﾀｶﾅ 猫 豈更",
    ],
)
def test_query_tokens_are_the_index_tokens_without_the_run_final_characters(text):
    indexed = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in TEXT_ANALYZER(text, positions=True, chars=True, mode="index")
    ]
    queried = [(t.text, t.pos) for t in TEXT_ANALYZER(text, positions=True, mode="query")]
    # Each extra single character closes a pair and sits at that pair's position.
    extras = [
        i for i in range(1, len(indexed))
        if indexed[i][2:] == (indexed[i - 1][2] + 1, indexed[i - 1][3])
    ]  # fmt: skip
    for i in extras:
        assert indexed[i][1] == indexed[i - 1][1]
    kept = [(word, pos) for i, (word, pos, _, _) in enumerate(indexed) if i not in extras]
    assert kept == queried


# -- phrases: a CJK substring within one run is found exactly where it occurs --------------------


def test_cjk_phrases_of_two_to_four_characters_match_a_substring_search(cjk):
    for text in (TEXTS[key] for key in ("case", "cat", "kana", "mixed")):
        for run in re.findall(r"[^\W\d_a-zA-Z]+", text):
            for size in (2, 3, 4):
                for start in range(len(run) - size + 1):
                    piece = run[start : start + size]
                    expected = {k for k, t in TEXTS.items() if piece in t}
                    assert found_names(cjk, f'"{piece}"') == expected, piece


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"東京 tour"', {"tokyo_tour"}),  # the stop word between them is skipped on both sides
        ('"京 tour"', {"tokyo_tour"}),  # a run's last character, then the next word
        ('"tour 東京"', {"tour_tokyo"}),
        ('"東京 the tour"', {"tokyo_tour"}),
        ('"iPhone用ケース"', {"case"}),
        ('"しいiPhone"', {"case"}),
        ('"ケースを買った"', {"case"}),
        ('"abc漢字def"', {"mixed"}),  # not "abc 漢字 xyz def"
        ("abc漢字def", {"mixed", "apart"}),  # unquoted: every part anywhere
        ('"ﾀｶﾅ"', {"kana"}),  # half-width katakana
        ('"豈更"', {"kana"}),  # compatibility ideographs
        ('"ᄁᄂ"', {"kana"}),  # Hangul jamo
        ("ᄂ", {"kana"}),
        ("ﾀ", {"kana"}),
        ("(東京 NOT tour) OR 猫", {"osaka", "cat", "neko"}),  # "-tour" here trips Whoosh
        ("tour NOT 東京 NOT river", set()),
    ],
)
def test_phrases_mixing_cjk_and_latin_text(cjk, q, expected):
    assert found_names(cjk, q) == expected


@pytest.mark.parametrize(
    ("q", "wrongly_found"),
    [
        # A run's last character is indexed at its pair's position: unmarked, a lone character
        # in a phrase would match it where the previous word does not touch it.
        ('"iPhone用"', "senyo"),
        ('"tour 京"', "tour_tokyo"),
        ('"東京 阪"', "osaka"),  # 東京 大阪
    ],
)
def test_a_lone_cjk_character_in_a_phrase_does_not_match_the_end_of_another_run(
    cjk, q, wrongly_found
):
    assert TEXTS[wrongly_found].find(q.strip('"')) == -1
    assert wrongly_found not in found_names(cjk, q)


def test_the_iteration_mark_belongs_to_its_run(tmp_path):
    with QuoteBank(tmp_path, extractor=StubExtractor()) as bank:
        bank.capture(make_quote(text="佐々木さんに会った"))
        assert bank.search('"佐々木"')[0] == 1


@pytest.mark.xfail(strict=True, reason="a lone CJK character ending a phrase is not a prefix")
@pytest.mark.parametrize("q", ['"iPhone用"', '"2024年"'])
def test_a_phrase_ending_in_one_cjk_character_finds_it_at_the_start_of_a_run(tmp_path, q):
    with QuoteBank(tmp_path, extractor=StubExtractor()) as bank:
        for text in ("新しいiPhone用ケース", "2024年に東京へ行った", "佐々木さんに会った"):
            bank.capture(make_quote(text=text))
        _, results = bank.search(q)
        assert any(q.strip('"') in quote["text"] for quote in results)


@pytest.mark.xfail(strict=True, reason="pairs of two runs side by side read as one run")
def test_a_cjk_phrase_does_not_join_two_separate_runs(tmp_path):
    with QuoteBank(tmp_path, extractor=StubExtractor()) as bank:
        bank.capture(make_quote(text="東京 京都"))  # Tokyo, Kyoto: not 東京都
        assert bank.search('"東京都"')[0] == 0


# -- exclusions: NOT and - are one search -------------------------------------------------------


@pytest.mark.parametrize(
    ("with_not", "with_minus"),
    [
        ("tour NOT 猫 NOT 犬", "tour -猫 -犬"),
        ("text:東京 NOT meta:犬", "text:東京 -meta:犬"),
        ("東京 AND NOT 大阪", "東京 -大阪"),
        ("NOT 大阪 東京", "東京 -大阪"),
        ("NOT tour", "-tour"),
        ("猫 NOT 名前", "猫 -名前"),
    ],
)
def test_not_and_minus_give_the_same_results_with_cjk_and_fields(cjk, with_not, with_minus):
    bank, _ = cjk
    assert bank.search(with_not, limit=50) == bank.search(with_minus, limit=50)


def test_an_exclusion_of_one_cjk_character_excludes_it_anywhere_in_a_run(cjk):
    # "-猫" alone goes through _only_exclusions, which must rewrite 猫 as every other search.
    bank, _ = cjk
    assert "cat" not in found_names(cjk, "-猫")
    assert bank.search("-猫", limit=50) == bank.search("NOT 猫", limit=50)


def test_only_excluded_words_score_alike_with_not_and_minus(cjk):
    # Whoosh's NOT matcher scores 2.0 where "-river -rain" (an AND NOT of every quote) gives 1.0.
    bank, _ = cjk
    scored = [
        [(quote["id"], quote["score"]) for quote in bank.search(q, limit=50)[1]]
        for q in ("NOT river NOT rain", "-river -rain")
    ]
    assert scored[0] == scored[1]


# -- highlighting --------------------------------------------------------------------------------


def test_a_lone_cjk_character_is_marked_everywhere_and_the_rest_is_escaped():
    html = highlight_text("<猫>&猫 cats", frozenset({"猫", "cat"}))
    assert html == "&lt;<mark>猫</mark>&gt;&amp;<mark>猫</mark> <mark>cats</mark>"


def test_english_and_cjk_matches_in_one_word_are_marked_each():
    html = highlight_text("a<b abc漢字def", frozenset({"abc", "漢字", "def"}))
    assert html == "a&lt;b <mark>abc</mark><mark>漢字</mark><mark>def</mark>"


def test_a_long_cjk_quote_without_spaces_is_cut_around_its_match():
    text = "あ" * 500 + "東京都" + "い" * 500
    html = highlight_text(text, frozenset({"東京", "京都"}))
    assert html.startswith("…") and html.endswith("…")
    assert html.count("<mark>") == 1 and "<mark>東京都</mark>" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "")) <= 302


def test_a_long_cjk_quote_is_cut_where_a_lone_character_is_most_frequent():
    text = "猫" + "あ" * 600 + "猫あ" * 20
    html = highlight_text(text, frozenset({"猫"}))
    assert html.startswith("…") and html.count("<mark>猫</mark>") == 20


# -- recall --------------------------------------------------------------------------------------


def test_recall_of_a_cjk_draft_ignores_run_final_characters(tmp_path):
    # Analysed as the index is, a draft's run ends would be key terms: "北京" (Beijing) would
    # recall a quote about "東京" (Tokyo) through 京 alone.
    with QuoteBank(tmp_path, extractor=StubExtractor()) as bank:
        bank.capture(make_quote(text="東京"))
        bank.capture(make_quote(text="Gardens grow slowly."))
        # By words; by meaning the two capitals may well be close (then it says so).
        assert bank.index.recall("北京", limit=10).ids == []
        assert all(quote["why"]["words"] == [] for quote in bank.recall("北京"))


# -- ranking.py ranks CJK phrases as Whoosh does ------------------------------------------------


def test_cjk_phrases_and_terms_rank_as_whoosh(tmp_path: Path):
    path = tmp_path / "index"
    texts = [*TEXTS.values(), "東京都庁 東京 tour", "京 tour 東京東京", "用ケース用ケース"]
    quotes = [
        {"id": f"q{n}", "text": text, "created_at": "2026-01-01T00:00:00Z", "tags": []}
        for n, text in enumerate(texts)
    ]
    build_index(path, quotes, lambda n: None)
    index = QuoteIndex(path, IndexLock(path))
    try:
        for q in ['"東京 tour"', '"京 tour"', "東京都庁", '"用ケース"', "iPhone用ケース -専用"]:
            combined = with_filters(index.parse(q), filter_query(Filters()))
            plan = ranking_plan(combined)
            assert plan is not None, q
            with index._read_lock:
                searcher = index._current()
                segments = [
                    (SegmentPostings(r), base) for r, base in searcher.reader().leaf_readers()
                ]
                _, best = ranking.rank(plan, segments, Statistics(searcher), 1_000)
                ours = {searcher.stored_fields(d)["id"]: s for d, s in best}
                theirs = {
                    h["id"]: h.score for h in whoosh_results(searcher, combined, 1_000, False)
                }
            assert ours.keys() == theirs.keys() and ours, q
            for quote_id, score in theirs.items():
                assert math.isclose(ours[quote_id], score, rel_tol=1e-9), (q, quote_id)
    finally:
        index.close()
