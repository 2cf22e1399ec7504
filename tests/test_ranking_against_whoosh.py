"""Ranking (indexer/ranking.py and indexer/index/scoring.py) against Whoosh where the random
banks of tests/test_ranking.py do not reach: fixed banks with stop words, accents, metadata
phrases and deletions in every segment, posting lists longer than one block, positions past two
bytes, tied scores across pages, the per-segment length bytes, recall, and the fallback's AND
NOT (indexer/index/queries.py) under a date filter."""

import math
import random
from pathlib import Path

import pytest
from whoosh import formats
from whoosh.matching import IntersectionMatcher, ListMatcher
from whoosh.util.numeric import byte_to_length

from indexer import ranking
from indexer.index import Filters, IndexLock, QuoteIndex, build_index
from indexer.index.queries import _AndNotMatcher, filter_query, ranking_plan, with_filters
from indexer.index.schema import SCORED_FIELDS
from indexer.index.scoring import (
    SegmentPostings,
    Statistics,
    _decode_positions,
    key_terms,
    whoosh_results,
)


def quote(quote_id: str, text: str, **fields) -> dict:
    return {
        "id": quote_id,
        "text": text,
        "title": fields.get("title"),
        "note": fields.get("note"),
        "author": fields.get("author"),
        "site_name": fields.get("site"),
        "tags": fields.get("tags", []),
        "published": fields.get("published"),
        "created_at": "2026-01-01T00:00:00Z",
    }


def open_bank(path: Path, batches: list[list[dict]], deletes: list[list[str]]) -> QuoteIndex:
    """The first batch as a rebuild, each later one as a commit deleting `deletes[i]` too."""
    build_index(path, batches[0], lambda n: None)
    index = QuoteIndex(path, IndexLock(path))
    later = max(len(batches) - 1, len(deletes))
    for batch, doomed in zip(
        batches[1:] + [[]] * (later - len(batches) + 1),
        deletes + [[]] * (later - len(deletes)),
        strict=True,
    ):
        with index.exclusive(5.0):
            index.apply(batch, deletes=doomed)
    return index


def leaves(index: QuoteIndex) -> list:
    return list(index._current().reader().leaf_readers())


def both_ways(index: QuoteIndex, q: str, chosen: Filters) -> tuple[int, dict, dict]:
    """(ranking.py's total, its {id: score}, Whoosh's {id: score}) for every match; the query
    must be one ranking.py takes."""
    combined = with_filters(index.parse(q), filter_query(chosen))
    plan = ranking_plan(combined)
    assert plan is not None, q
    with index._read_lock:
        searcher = index._current()
        segments = [(SegmentPostings(r), base) for r, base in searcher.reader().leaf_readers()]
        total, best = ranking.rank(plan, segments, Statistics(searcher), 1_000_000)
        ours = {searcher.stored_fields(d)["id"]: score for d, score in best}
        theirs = {
            hit["id"]: hit.score for hit in whoosh_results(searcher, combined, 1_000_000, False)
        }
    return total, ours, theirs


def assert_same(index: QuoteIndex, q: str, chosen: Filters | None = None) -> set[str]:
    chosen = chosen or Filters()
    total, ours, theirs = both_ways(index, q, chosen)
    assert ours.keys() == theirs.keys(), (q, chosen)
    assert total == len(theirs), (q, chosen)
    for quote_id, score in theirs.items():
        assert math.isclose(ours[quote_id], score, rel_tol=1e-9), (q, chosen, quote_id)
    # And through QuoteIndex.search, which takes the same path (scoring.ranked).
    hits = index.search(q, chosen, limit=500, offset=0)
    assert (hits.total, set(hits.ids)) == (len(theirs), set(theirs)), (q, chosen)
    return set(theirs)


# -- a fixed bank: stop words, accents, metadata, deletions in every segment --------------------

FIRST = [
    quote(
        "art",
        "The state of the art in river stone",
        title="History of the river",
        author="Ana Lima",
        site="River Stone",
        tags=["salt"],
    ),
    quote("gone1", "river stone state art", title="the history", author="Ana Lima"),
    quote(
        "history",
        "state art river",
        title="The history of the world",
        author="Bo Chen",
        site="Ana Lima",
        tags=["poetry"],
    ),
    quote("cafe", "Café crème is not the art of the state", author="Zoë Émile", site="Café Site"),
    quote("bare", "stone"),  # no title, note, author, site or tags: meta is empty
]
SECOND = [
    quote(
        "repeat",
        "river stone river stone: the history of the stone",
        title="art",
        author="River Stone",
        site="River Stone",
        tags=["salt", "climate"],
    ),
    quote("gone2", "river river stone salt", site="River Stone", tags=["salt"]),
    quote("note", "history of the art of the state", note="café crème", tags=["poetry"]),
]
THIRD = [
    quote("chen", "stone river river", site="Bo Chen", tags=["salt"]),
    quote("wind", "salt wind and rain", author="ana lima", site="River Stone"),
    quote("gone3", "salt wind river", author="Zoë Émile"),
]


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    path = tmp_path_factory.mktemp("review") / "index"
    index = open_bank(path, [FIRST, SECOND, THIRD], [["gone1"], ["gone2"], ["gone3"]])
    try:
        with index._read_lock:
            readers = [reader for reader, _ in leaves(index)]
            assert len(readers) >= 2 and all(r.has_deletions() for r in readers)
        yield index
    finally:
        index.close()


@pytest.mark.parametrize(
    "q",
    [
        '"the history of the"',  # one word left: a Term
        '"state of the art"',  # the stop words dropped on both sides
        '"history of the river"',
        '"river absentword"',  # a word no segment holds
        '"stone river"',
        '"river river"',
        '"river"',  # quoted single word: its field boosts are dropped by Whoosh too
        'meta:"history river"',
        'author:"ana lima"',
        'author:"zoë émile"',
        'site:"café site"',
        'site:"river stone"',
        "site:river -author:ana",
        "café",
        "CREME",
        "zoe",
        "(river OR salt) (stone OR wind)",
        "((river stone) OR (salt wind)) -rain",
        'river -"stone river"',
        "tag:salt -river",
        "text:river meta:history",
        "river ANDNOT stone",
        "stone OR -river",
    ],
)
def test_the_search_box_on_a_fixed_bank_ranks_as_whoosh(bank, q):
    assert_same(bank, q)


@pytest.mark.parametrize(
    "chosen",
    [
        Filters(tag="salt"),
        Filters(tag="SALT", site="River Stone"),
        Filters(author="Ana Lima"),
        Filters(author="zoë"),
        Filters(site="ana lima", tag="poetry"),
    ],
)
@pytest.mark.parametrize(
    "q", ["river", "river -salt", '"river stone"', "stone -wind", "art OR café"]
)
def test_filters_with_exclusions_rank_as_whoosh(bank, q, chosen):
    assert_same(bank, q, chosen)


def test_the_fixed_bank_exercises_what_it_claims(bank):
    # Phrases with stop words match across them (positions are renumbered without gaps)...
    assert assert_same(bank, '"state of the art"') == {"art", "history"}  # not "art of the state"
    # ...accents fold both ways, and names match as phrases...
    assert assert_same(bank, "creme") == {"cafe", "note"}
    assert assert_same(bank, 'author:"zoë émile"') == {"cafe"}  # gone3 was deleted
    # ...and deleted quotes are gone from every segment.
    assert not {"gone1", "gone2", "gone3"} & assert_same(bank, "river OR salt OR stone")


# -- long posting lists and large positions ------------------------------------------------------


def test_postings_over_several_blocks_and_positions_past_65535_rank_as_whoosh(tmp_path):
    words = ["river", "stone", "light", "bread", "salt"]
    rnd = random.Random(11)
    many = [
        quote(f"m{i}", " ".join(rnd.choice(words) for _ in range(rnd.choice([2, 5, 9]))) + " river")
        for i in range(400)
    ]
    huge = quote("huge", "salt " * 70_000 + "river stone light")  # positions past 65,535
    index = open_bank(
        tmp_path / "index",
        [many, [huge, quote("short", "light river stone")]],
        [[f"m{i}" for i in range(0, 400, 7)]],
    )
    try:
        with index._read_lock:
            first = next(r for r, _ in leaves(index) if r.doc_count_all() == 400)
            assert len(list(SegmentPostings(first).blocks("text", "river"))) > 1  # 128 a block
        for q in ["river", "river -bread", '"salt river"', '"river stone light"', '"salt salt"']:
            assert_same(index, q)
        assert "huge" in assert_same(index, '"salt river stone light"')
    finally:
        index.close()


@pytest.mark.parametrize(
    "positions",
    [
        [0],
        [255],
        [256],
        [65_535],
        [65_536],
        [2**31 + 7],
        [0, 1],
        [3, 3, 3],
        [254, 255, 256, 65_535, 65_536, 2**33],
        list(range(0, 3000, 3)),
    ],
)
def test_decode_positions_is_whooshs_with_or_without_the_final_stop(positions):
    value = formats.Positions().encode(positions)
    for stored in (value, value[:-1]):  # some storage paths cut the pickle's final "."
        assert _decode_positions(stored) == formats.Positions().decode_positions(stored)
        assert _decode_positions(stored) == positions


# -- length bytes ---------------------------------------------------------------------------------


def test_length_bytes_are_whooshs_field_lengths_even_where_a_field_is_missing(tmp_path):
    batches = [
        # the last documents lack author, site, tags and meta: past the end of those columns
        [quote("a0", "river stone", title="t", author="Ana", site="S", tags=["x"]),
         quote("a1", "river"), quote("a2", "stone")],
        # no document has anything but text: those fields have no length column at all
        [quote("b0", "only text"), quote("b1", "only text two")],
        # a field in the middle only
        [quote("c0", "x"), quote("c1", "y", title="has a title", tags=["p", "q"], author="A B"),
         quote("c2", "z"), quote("c3", "w")],
    ]  # fmt: skip
    index = open_bank(tmp_path / "index", batches, [])
    try:
        with index._read_lock:
            readers = [reader for reader, _ in leaves(index)]
            assert any(not r._perdoc.has_column("_meta_len") for r in readers)
            for reader in readers:
                postings = SegmentPostings(reader)
                for field in SCORED_FIELDS:
                    stored = postings.length_bytes(field)
                    assert len(stored) == reader.doc_count_all()
                    assert [byte_to_length(b) for b in stored] == [
                        reader.doc_field_length(d, field, 0) or 0
                        for d in range(reader.doc_count_all())
                    ], field
                    assert postings.length_bytes(field) == stored  # cached, unchanged
    finally:
        index.close()


# -- ties and paging ------------------------------------------------------------------------------


def test_pages_of_tied_scores_neither_repeat_nor_skip_and_follow_whooshs_order(tmp_path):
    batches = [
        [quote(f"a{i:02}", "river stone") for i in range(12)],
        [quote(f"b{i:02}", "river stone") for i in range(12)],
        [quote(f"c{i:02}", "river stone") for i in range(12)] + [quote("top", "river river")],
    ]
    index = open_bank(tmp_path / "index", batches, [["a03", "a07"], ["b11"]])
    try:
        whole = index.search("river", Filters(), limit=100, offset=0)
        assert whole.total == 34 and whole.ids[0] == "top" and len(set(whole.scores)) == 2
        paged: list[str] = []
        for offset in range(0, 40, 5):
            page = index.search("river", Filters(), limit=5, offset=offset)
            assert page.total == whole.total
            paged += page.ids
        assert paged == whole.ids
        with index._read_lock:
            combined = with_filters(index.parse("river"), [])
            theirs = [h["id"] for h in whoosh_results(index._current(), combined, 100, False)]
        assert whole.ids == theirs  # ties in document order, as Whoosh
    finally:
        index.close()


# -- recall ---------------------------------------------------------------------------------------


def test_recall_scores_are_the_weighted_sum_of_each_key_terms_bm25(tmp_path):
    rnd = random.Random(3)
    common = ["river", "stone", "light", "bread", "salt", "wind", "rain", "red"]
    rare = ["harbour", "lantern", "meadow", "quartz"]
    batches = [
        [
            quote(f"{b}-{i}", " ".join(rnd.choice(common) for _ in range(rnd.choice([3, 8, 20])))
                  + " " + " ".join(rnd.sample(rare, rnd.randint(0, 2))))
            for i in range(15)
        ]
        for b in range(3)
    ]  # fmt: skip
    index = open_bank(tmp_path / "index", batches, [["0-1", "0-2", "0-5"], ["1-3"]])
    draft = "harbour lantern lantern meadow quartz quartz quartz river"
    try:
        with index._read_lock:
            searcher = index._current()
            weights = key_terms(searcher, draft)
            assert len(weights) >= 3
            # What recall computed before ranking.py: Whoosh's own postings, term by term.
            expected: dict[str, float] = {}
            for term, weight in weights.items():
                postings = searcher.postings("text", term)  # without deleted documents
                while postings.is_active():
                    quote_id = searcher.stored_fields(postings.id())["id"]
                    expected[quote_id] = expected.get(quote_id, 0.0) + weight * postings.score()
                    postings.next()
        hits = index.recall(draft, limit=100)
        assert hits.total == len(expected) and set(hits.ids) == set(expected)
        for quote_id, score in zip(hits.ids, hits.scores, strict=True):
            assert score == pytest.approx(expected[quote_id], abs=1e-4)
        assert hits.scores == sorted(hits.scores, reverse=True)
        assert index.recall(draft, limit=5).ids == hits.ids[:5]
    finally:
        index.close()


# -- the Whoosh fallback's AND NOT ---------------------------------------------------------------


def test_and_not_matcher_skipping_past_its_last_match_stops_instead_of_failing():
    # `stone -river` inside an intersection: skip_to(3) runs "stone" ([0, 2]) off its end while
    # "river" ([1, 5]) still has postings. Whoosh's AndNotMatcher.skip_to (inherited) then calls
    # _find_next(), which reads the exhausted matcher's id().
    matcher = _AndNotMatcher(ListMatcher([0, 2]), ListMatcher([1, 5]))
    matcher.skip_to(3)
    assert not matcher.is_active()
    both = IntersectionMatcher(_AndNotMatcher(ListMatcher([0, 2, 6]), ListMatcher([1, 5, 9])),
                               ListMatcher([2, 4, 7]))  # fmt: skip
    assert list(both.all_ids()) == [2]


def test_an_exclusion_under_a_date_filter_survives_a_deleted_last_posting(tmp_path):
    # In Whoosh's collector Require(stone ANDNOT river, dates) skips the AND NOT forward. The last quote holding
    # "stone" was edited away: its deleted posting runs the "stone" matcher off its end.
    old, new = "2020-01-01", "2025-01-01"
    bank = [
        quote("s0", "stone", published=old),
        quote("s1", "stone salt", published=new),  # the one match
        quote("r2", "river", published=old),
        quote("s3", "stone", published=old),
        quote("r4", "river", published=new),
        quote("s5", "stone", published=new),  # deleted below
        quote("r6", "river", published=new),
    ]
    index = open_bank(tmp_path / "index", [bank], [["s5"]])
    try:
        with index._read_lock:
            assert [sorted(r.deleted_docs_set) for r, _ in leaves(index)] == [[5]]
        assert index.search("stone -river", Filters(), limit=10, offset=0).ids == ["s0", "s3", "s1"]
        # ranking.py takes the first (it filters by day); a prefix still goes to Whoosh.
        for q in ("stone -river", "sto* -river"):
            hits = index.search(q, Filters(since="2024-06-01"), limit=10, offset=0)
            assert hits.ids == ["s1"], q
    finally:
        index.close()
