"""Ranking (indexer/ranking.py): its own rules on a fake segment, then the same totals and scores
as Whoosh's scoring on random banks and queries, since it stands in for Whoosh's on every search."""

import math
import tempfile
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer import ranking
from indexer.index import Filters, IndexLock, QuoteIndex, build_index
from indexer.index.queries import filter_query, ranking_plan, with_filters
from indexer.index.scoring import SegmentPostings, Statistics, whoosh_results

# -- the rules, on a fake segment ---------------------------------------------------------------


class FakeSegment:
    """Postings as {(field, word): {docnum: [positions]}}; every length byte is 1."""

    def __init__(
        self, postings: dict, size: int, deleted: tuple[int, ...] = (), days: tuple = ()
    ) -> None:
        self.postings, self.size, self._deleted = postings, size, deleted
        self._days = days or (0,) * size

    def blocks(self, field, text):
        found = self.postings.get((field, text), {})
        docnums = sorted(found)
        yield docnums, [float(len(found[d])) for d in docnums]

    def positions(self, field, text, wanted):
        return {d: p for d, p in self.postings.get((field, text), {}).items() if d in wanted}

    def length_bytes(self, field):
        return bytes([1]) * self.size

    def column(self, name):
        return self._days if name == "date" else (0,) * self.size

    def deleted(self):
        return self._deleted


class FlatStatistics:
    """idf 1, average length 1, each length byte standing for length 1."""

    def idf(self, field, text):
        return 1.0

    def average_length(self, field):
        return 1.0

    def length_of_byte(self):
        return [1] * 256


def bm25(tf: float) -> float:
    return tf * (ranking.K1 + 1) / (tf + ranking.K1)  # idf 1, length = average length


def ranked(node, *segments, limit=10):
    return ranking.rank(node, [(s, offset) for s, offset in segments], FlatStatistics(), limit)


TEXT = {
    ("text", "quick"): {0: [1], 1: [5], 2: [0, 7]},
    ("text", "fox"): {0: [2], 1: [3], 2: [8], 3: [0]},
    ("text", "dog"): {3: [4]},
}


def test_a_term_scores_bm25_times_its_boost():
    segment = FakeSegment(TEXT, 4)
    total, best = ranked(ranking.Term("text", "quick", boost=2.0), (segment, 0))
    assert total == 3
    assert dict(best) == pytest.approx({0: 2 * bm25(1), 1: 2 * bm25(1), 2: 2 * bm25(2)})
    assert best[0][0] == 2  # the higher frequency first


def test_a_phrase_needs_its_words_in_order_and_next_to_each_other():
    segment = FakeSegment(TEXT, 4)
    total, best = ranked(ranking.Phrase("text", ("quick", "fox")), (segment, 0))
    # doc 0: quick@1 fox@2; doc 1: fox before quick; doc 2: quick@7 fox@8; doc 3: no "quick"
    assert total == 2
    assert {docnum for docnum, _ in best} == {0, 2}
    assert dict(best)[2] == pytest.approx(bm25(2) + bm25(1))


def test_a_phrase_may_repeat_a_word():
    segment = FakeSegment({("text", "very"): {0: [1, 2], 1: [1, 3]}}, 2)
    total, best = ranked(ranking.Phrase("text", ("very", "very")), (segment, 0))
    assert (total, [d for d, _ in best]) == (1, [0])


def test_or_adds_scores_and_and_keeps_the_common_documents():
    segment = FakeSegment(TEXT, 4)
    quick, fox = ranking.Term("text", "quick"), ranking.Term("text", "fox")
    total, best = ranked(ranking.AnyOf((quick, fox)), (segment, 0))
    assert total == 4
    assert dict(best)[3] == pytest.approx(bm25(1))
    assert dict(best)[0] == pytest.approx(2 * bm25(1))
    total, best = ranked(ranking.AllOf((quick, fox)), (segment, 0))
    assert (total, sorted(d for d, _ in best)) == (3, [0, 1, 2])


def test_without_drops_and_within_restricts_without_scoring_the_restriction():
    segment = FakeSegment(TEXT, 4)
    quick, fox = ranking.Term("text", "quick"), ranking.Term("text", "fox")
    total, best = ranked(ranking.Without(fox, quick), (segment, 0))
    assert (total, [d for d, _ in best]) == (1, [3])
    total, best = ranked(ranking.Within(quick, fox), (segment, 0))
    assert total == 3
    assert dict(best)[0] == pytest.approx(bm25(1))


def test_a_day_range_filters_by_day_without_changing_scores():
    segment = FakeSegment(TEXT, 4, days=(20200101, 20240615, 20251231, 20240101))
    fox = ranking.Term("text", "fox")
    total, best = ranked(ranking.Within(fox, ranking.DayRange(20240101, 20241231)), (segment, 0))
    assert (total, sorted(d for d, _ in best)) == (2, [1, 3])
    assert dict(best)[1] == pytest.approx(bm25(1))
    both = ranking.AllOf((ranking.Term("text", "quick"), ranking.DayRange(20240101, 20991231)))
    total, best = ranked(ranking.Within(fox, both), (segment, 0))
    assert (total, sorted(d for d, _ in best)) == (2, [1, 2])


def test_deleted_documents_are_not_counted_and_ties_go_to_the_lower_number():
    first = FakeSegment(TEXT, 4, deleted=(0,))
    second = FakeSegment(TEXT, 4)
    total, best = ranked(ranking.Term("text", "fox"), (first, 0), (second, 4), limit=3)
    assert total == 7  # 4 + 4 matches, one deleted
    assert [docnum for docnum, _ in best] == [1, 2, 3]  # all score the same


# -- the same as Whoosh -----------------------------------------------------------------------

WORDS = ["river", "stone", "light", "bread", "salt", "wind", "rain", "red"]
NAMES = ["ana lima", "bo chen", "river stone"]
TAGS = ["salt", "poetry", "climate"]


@st.composite
def quotes(draw) -> dict:
    length = draw(st.sampled_from([3, 8, 20, 300]))  # 300: positions past one byte
    words = draw(st.lists(st.sampled_from(WORDS), min_size=length, max_size=length))
    return {
        "id": str(uuid.uuid4()),
        "text": " ".join(words),
        "title": " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=4))),
        "author": draw(st.sampled_from([*NAMES, None])),
        "site_name": draw(st.sampled_from([*NAMES, None])),
        "tags": draw(st.lists(st.sampled_from(TAGS), max_size=2, unique=True)),
        "published": draw(st.sampled_from([None, "2019-03-01", "2023-07-15", "2025-12-31"])),
        "created_at": draw(st.sampled_from(["2026-01-01T00:00:00Z", "2026-03-01T09:30:00Z"])),
    }


word = st.sampled_from(WORDS)
queries = st.one_of(
    word,
    st.builds("{} {}".format, word, word),
    st.builds("{} OR {}".format, word, word),
    st.builds("{} -{}".format, word, word),
    st.builds('"{} {}"'.format, word, word),
    st.builds('"{} {} {}"'.format, word, word, word),
    st.builds("({} OR {}) {}".format, word, word, word),
    st.builds("author:{}".format, st.sampled_from(["ana", "chen", "river"])),
    st.builds('site:"{}"'.format, st.sampled_from(NAMES)),
    st.builds("tag:{} {}".format, st.sampled_from(TAGS), word),
)
filters = st.builds(
    Filters,
    tag=st.sampled_from([None, *TAGS]),
    author=st.sampled_from([None, "ana lima", "chen"]),
    site=st.sampled_from([None, "river stone"]),
    since=st.sampled_from([None, "2020-01-01", "2023-07-15"]),  # never after until
    until=st.sampled_from([None, "2023-07-15", "2026-01-01"]),
)


def both_ways(index: QuoteIndex, q: str, chosen: Filters) -> tuple[dict, dict] | None:
    """{id: score} from ranking.py and from Whoosh's own collector, for every match; checks
    on the way that both list them in the same order newest first."""
    combined = with_filters(index.parse(q), filter_query(chosen))
    plan = ranking_plan(combined)
    if plan is None:
        return None
    with index._read_lock:
        searcher = index._current()
        segments = [(SegmentPostings(r), base) for r, base in searcher.reader().leaf_readers()]
        total, best = ranking.rank(plan, segments, Statistics(searcher), 1_000_000)
        ours = {searcher.stored_fields(d)["id"]: score for d, score in best}
        assert total == len(ours)
        theirs = {
            hit["id"]: hit.score for hit in whoosh_results(searcher, combined, 1_000_000, False)
        }
        # Newest first: the same order exactly, ties included (many quotes share a day).
        total, newest = ranking.rank(
            plan, segments, Statistics(searcher), 1_000_000, newest_first=True
        )
        assert [searcher.stored_fields(d)["id"] for d, _ in newest] == [
            hit["id"] for hit in whoosh_results(searcher, combined, 1_000_000, True)
        ], q
    return ours, theirs


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    batches=st.lists(st.lists(quotes(), min_size=1, max_size=12), min_size=1, max_size=3),
    doomed=st.integers(min_value=0, max_value=3),
    checks=st.lists(st.tuples(queries, filters), min_size=5, max_size=5),
)
def test_totals_and_scores_are_whooshs(batches, doomed, checks):
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "index"
        build_index(path, batches[0], lambda n: None)
        index = QuoteIndex(path, IndexLock(path))
        try:
            # More segments, and deletions in them: what commits leave between rebuilds.
            for batch in batches[1:]:
                with index.exclusive(5.0):
                    index.apply(batch, deletes=[quote["id"] for quote in batches[0][:doomed]])
            for q, chosen in checks:
                compared = both_ways(index, q, chosen)
                if compared is None:
                    continue
                ours, theirs = compared
                assert ours.keys() == theirs.keys(), q
                for quote_id, score in theirs.items():
                    assert math.isclose(ours[quote_id], score, rel_tol=1e-9), (q, quote_id)
        finally:
            index.close()


def test_the_queries_of_the_search_box_are_ranked_here_and_the_rest_by_whoosh(tmp_path):
    path = tmp_path / "index"
    build_index(path, [], lambda n: None)
    index = QuoteIndex(path, IndexLock(path))
    try:
        for q in ["river", "river stone", '"red wind"', "a OR b", "river -salt", "author:ana"]:
            assert ranking_plan(index.parse(q)) is not None, q
        for q in ["riv*", "-salt", "handle:someone"]:
            assert ranking_plan(index.parse(q)) is None, q
    finally:
        index.close()
