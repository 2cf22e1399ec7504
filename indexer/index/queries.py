"""The search box's syntax and the filters, as Whoosh queries; and those queries as
indexer/ranking.py nodes where ranking.py can run them."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from whoosh import qparser, query
from whoosh.fields import Schema
from whoosh.matching import (
    AndNotMatcher,
    ConstantScoreMatcher,
    MultiMatcher,
    NullMatcher,
    ReadTooFar,
)
from whoosh.support.charset import accent_map

from indexer import ranking
from indexer.errors import ValidationError
from indexer.index.analysis import NAME_ANALYZER, RUN_END, is_lone_cjk
from indexer.index.prefixes import on_words_as_written, with_last_word_as_prefix
from indexer.index.schema import (
    FIELD_BOOSTS,
    PHRASE_FIELDS,
    QUERY_FIELDS,
    SCHEMA,
    SCORED_FIELDS,
    SEARCH_FIELDS,
    day_number,
)

MAX_QUERY_CHARS = 1_000
MIN_PREFIX_CHARS = 2
# While typing, one letter is a prefix too: the search box must not go empty at "i".
MIN_TYPED_PREFIX_CHARS = 1
ONLY_STARS = re.compile(r"^[\s*]*(\*:\*)?[\s*]*$")
_MINUS_IN_PARENTHESES = re.compile(r"\((?:[^)]*\s)?-[^\s)]")
_EXCLUDED = re.compile(r'-"[^"]*"|-[^\s"]+')  # -word, -field:word or -"a phrase"


@dataclass(frozen=True)
class Filters:
    tag: str | None = None
    site: str | None = None
    author: str | None = None
    since: str | None = None
    until: str | None = None


class SearchSyntax:
    """Search box strings as Whoosh queries."""

    def __init__(self) -> None:
        self._parser = make_parser()

    def parse(self, text: str) -> query.Query | None:
        """The query for a search box string; None means every quote.

        Syntax: words (all must match, in the quote or its title, note, author, site or
        tags), "phrases", OR, -word or NOT word, prefix*, and author:, site:, tag: field
        queries. A lone * lists every quote.
        """
        if self.lists_everything(text):
            return None
        parsed = self._parse_raw(text)
        if parsed is query.NullQuery:
            return self._only_exclusions(text)
        return _rewritten(parsed)

    def parse_typing(self, text: str) -> list[query.Query | None]:
        """The queries for a search box string the user may still be typing, in the order
        their matches rank: the string as written, then (if it ends in a word) the quotes
        matching it with that last word as a prefix that the first did not match. [None]
        means every quote. A string that is invalid as written (a lone stop word, "the")
        may still be a valid prefix ("the*" finds "theory"); its error is raised otherwise."""
        if self.lists_everything(text):
            return [None]
        prefixed_text = with_last_word_as_prefix(text)
        try:
            exact = self.parse(text)
        except ValidationError:
            if prefixed_text is None:
                raise
            try:
                return [self._prefixed(prefixed_text)]
            except ValidationError:
                pass
            raise
        if prefixed_text is None or exact is None:
            return [exact]
        return [exact, _AndNot(self._prefixed(prefixed_text), exact)]

    def _prefixed(self, text: str) -> query.Query:
        parsed = self._parse_raw(text)
        if parsed is query.NullQuery:
            raise ValidationError("q", "has no words to search for")
        return _rewritten(parsed, min_prefix=MIN_TYPED_PREFIX_CHARS)

    def lists_everything(self, text: str) -> bool:
        """Whether parse(text) is None: nothing, or a lone *. Refuses what parse refuses
        first."""
        if not isinstance(text, str):
            raise ValidationError("q", "must be a string")
        if len(text) > MAX_QUERY_CHARS:
            raise ValidationError("q", f"is longer than {MAX_QUERY_CHARS:,} characters")
        return bool(ONLY_STARS.match(text))

    def _parse_raw(self, text: str) -> query.Query:
        try:
            return self._parser.parse(text)
        except Exception as exc:
            if _MINUS_IN_PARENTHESES.search(text):
                # Whoosh's - applies to the whole query only; its NOT works anywhere.
                raise ValidationError(
                    "q", "a -word cannot go inside parentheses; write NOT word there instead"
                ) from None
            # Whoosh's parser trips on a few odd inputs, e.g. "(-)": a user error, not ours.
            raise ValidationError(
                "q",
                f"could not be understood ({type(exc).__name__}); check the quotes, "
                "parentheses and - signs",
            ) from None

    def _only_exclusions(self, text: str) -> query.Query:
        words = _EXCLUDED.findall(text)
        if words and "".join(words).replace(" ", "") == text.replace(" ", ""):
            # "-draft -todo" or -"a phrase": everything except what they match.
            excluded = [self._parse_raw(word[1:]) for word in words]
            excluded = [_rewritten(part) for part in excluded if part is not query.NullQuery]
            if excluded:
                return _AndNot(query.Every(), query.Or(excluded))
        raise ValidationError(
            "q", "has no words to search for (the most common words, like 'the', are skipped)"
        )


def make_parser() -> qparser.QueryParser:
    schema = Schema(**{name: SCHEMA[name] for name in QUERY_FIELDS})
    parser = qparser.MultifieldParser(SEARCH_FIELDS, schema, fieldboosts=FIELD_BOOSTS)
    # + and - mark a word only at its start: Whoosh's defaults take the - of "well-known" too,
    # which searched for "well" without "known".
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+", minusexpr=r"(?<![^\s(])-"))
    parser.add_plugin(qparser.FieldAliasPlugin({"tag": ["tags"], "site": ["site_name"]}))
    # Ranges, boosts, fuzzy terms and regexes are not in the documented syntax (and a range or
    # regex over the lexicon can be slow): their characters stay plain text.
    for plugin in (
        qparser.BoostPlugin,
        qparser.FuzzyTermPlugin,
        qparser.RegexPlugin,
        qparser.RangePlugin,
        qparser.EveryPlugin,
    ):
        parser.remove_plugin_class(plugin)
    return parser


def _checked(parsed: query.Query, min_prefix: int = MIN_PREFIX_CHARS) -> query.Query:
    """Refuse wildcards that would expand to most of the lexicon; fold accents in the rest
    (the parser lower-cases a prefix but does not run the field's analyzer on it)."""
    for part in parsed.leaves():
        if isinstance(part, query.Every):
            raise ValidationError("q", "a lone * cannot be combined with other words")
        if isinstance(part, query.Wildcard | query.Prefix):
            if len(re.split(r"[*?]", str(part.text))[0]) < min_prefix:
                raise ValidationError(
                    "q", f"a wildcard needs at least {min_prefix} letters before the *"
                )
            part.text = str(part.text).translate(accent_map)
    return parsed


def filter_query(filters: Filters) -> list[query.Query]:
    """The filters as query parts (unscored: see with_filters)."""
    parts: list[query.Query] = []
    if filters.tag and filters.tag.strip():
        parts.append(query.Term("tag", filters.tag.strip().lower()))
    for fieldname, value in (("site", filters.site), ("author", filters.author)):
        words = [token.text for token in NAME_ANALYZER(value or "")]
        if len(words) == 1:
            parts.append(query.Term(fieldname, words[0]))
        elif words:
            parts.append(query.Phrase(fieldname, words))
    if filters.since or filters.until:
        low = _filter_day("since", filters.since)
        high = _filter_day("until", filters.until)
        if low is not None and high is not None and low > high:
            raise ValidationError("since", "is after until")
        parts.append(_DayRange(low or 1, high or 99_991_231))
    return parts


def with_filters(user_query: query.Query | None, filters: list[query.Query]) -> query.Query:
    """The user's query restricted by the filters, which add nothing to the score.

    Not Whoosh's filter= argument, nor ConstantScoreQuery: both turn a filter into the list of
    every document it matches (say, all quotes since 2005) before searching. Require()
    intersects, skipping through the filters from one match of the user's query to the next,
    and scores the user's query only.
    """
    if not filters:
        return user_query or query.Every()
    restriction = filters[0] if len(filters) == 1 else query.And(filters)
    if user_query is None:
        if not all(isinstance(part, _DayRange) for part in filters):
            return restriction
        user_query = query.Every()  # _DayRange reads a column: it knows nothing of deletions
    return query.Require(user_query, restriction)


def _normalized(part: query.Query) -> query.Query:
    """`a -b` and `a NOT b` as one _AndNot: Whoosh scores the second form one point higher
    (its NOT matcher adds a constant) through a slower path, and has the bugs _AndNotMatcher
    fixes in the first."""
    if type(part) is query.AndNot:
        return _AndNot(part.a, part.b)
    if type(part) is query.And and any(type(sub) is query.Not for sub in part.subqueries):
        kept = [sub for sub in part.subqueries if type(sub) is not query.Not]
        dropped = [sub.query for sub in part.subqueries if type(sub) is query.Not]
        return _AndNot(
            _joined(query.And, kept) if kept else query.Every(), _joined(query.Or, dropped)
        )
    return part


def _rewritten(parsed: query.Query, min_prefix: int = MIN_PREFIX_CHARS) -> query.Query:
    checked = _checked(parsed, min_prefix).accept(on_words_as_written)
    return checked.accept(_normalized).accept(_lone_cjk_character)


def _lone_cjk_character(part: query.Query) -> query.Query:
    """One Chinese, Japanese or Korean character as a word of its own: alone, every pair that
    starts with it, and the character itself where it stood alone or (marked) closed a run
    (analysis.py); first in a phrase, also where it closed a run (the phrase "京 tour" finds
    東京 tour)."""
    if getattr(part, "fieldname", None) not in SEARCH_FIELDS:
        return part
    if type(part) is query.Term and is_lone_cjk(part.text):
        return query.Prefix(part.fieldname, part.text, boost=part.boost)
    if type(part) is query.Phrase and len(part.words) > 1 and is_lone_cjk(part.words[0]):
        closing = [part.words[0] + RUN_END, *part.words[1:]]
        variant = query.Phrase(part.fieldname, closing, slop=part.slop, boost=part.boost)
        return query.Or([part, variant])
    return part


def _joined(kind: type, parts: list[query.Query]) -> query.Query:
    return parts[0] if len(parts) == 1 else kind(parts)


class _AndNot(query.AndNot):
    """`a -b` with _AndNotMatcher."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        kept = self.a.matcher(searcher, context)
        return _AndNotMatcher(kept, self.b.matcher(searcher, searcher.boolean_context()))


class _AndNotMatcher(AndNotMatcher):
    """Whoosh's, which returned the first match of `a` even when `b` matches it too, if `b`
    started on an earlier document: "stone -river" found "river stone" after a quote holding
    only "river" (whoosh issue #419, still in whoosh-reloaded 2.7.5).

    Also: its skip_to() called _find_next() after `a` had run out, which read the id of the
    exhausted matcher and failed (a date filter skips: "stone -river" since a date raised
    IndexError when the last "stone" posting was a deleted quote).
    """

    def _find_first(self) -> None:
        if self.a.is_active() and self.b.is_active():
            self._find_next()

    def _find_next(self) -> bool:
        if not self.a.is_active():
            return False
        return super()._find_next()


class _DayRange(query.Query):
    """Quotes dated (published, else captured) from `low` to `high` (YYYYMMDD, inclusive),
    read from the date column, and only on the documents the rest of the query matches."""

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high
        self.boost = 0.0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _DayRange) and (self.low, self.high) == (other.low, other.high)

    def __hash__(self) -> int:
        return hash((_DayRange, self.low, self.high))

    def __repr__(self) -> str:
        return f"_DayRange({self.low}, {self.high})"

    def is_leaf(self) -> bool:
        return True

    def estimate_size(self, ixreader: Any) -> int:
        return ixreader.doc_count()

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        if not searcher.is_atomic():  # searches go segment by segment; docs() does not
            parts = [(self.matcher(sub, context), offset) for sub, offset in searcher.subsearchers]
            return MultiMatcher([m for m, _ in parts], [offset for _, offset in parts])
        reader = searcher.reader()
        if not reader.has_column("date"):
            return NullMatcher()
        return _DayRangeMatcher(reader.column_reader("date"), self.low, self.high)


class _DayRangeMatcher(ConstantScoreMatcher):
    """Whoosh's ColumnMatcher, with a skip_to() that jumps instead of stepping."""

    def __init__(self, days: Any, low: int, high: int) -> None:
        super().__init__(0.0)
        self._days, self._low, self._high = days, low, high
        self._count = len(days)
        self._docnum = 0
        self._settle()

    def _settle(self) -> None:
        days, low, high = self._days, self._low, self._high
        while self._docnum < self._count and not low <= days[self._docnum] <= high:
            self._docnum += 1

    def is_active(self) -> bool:
        return self._docnum < self._count

    def id(self) -> int:
        return self._docnum

    def next(self) -> None:
        if not self.is_active():
            raise ReadTooFar
        self._docnum += 1
        self._settle()

    def skip_to(self, docnum: int) -> None:
        if not self.is_active():
            raise ReadTooFar
        if docnum > self._docnum:
            self._docnum = docnum
            self._settle()

    def reset(self) -> None:
        self._docnum = 0
        self._settle()

    def copy(self) -> "_DayRangeMatcher":
        twin = _DayRangeMatcher(self._days, self._low, self._high)
        twin._docnum = self._docnum
        return twin

    def supports(self, astype: str) -> bool:
        return False

    def all_ids(self) -> Iterator[int]:
        while self.is_active():
            yield self._docnum
            self.next()


def _filter_day(name: str, value: str | None) -> int | None:
    if not value:
        return None
    day = day_number(value.strip())
    if not day:
        raise ValidationError(name, "must be a date written YYYY-MM-DD")
    return day


def wanted_text_terms(
    user_query: query.Query | None, reader: Any, field: str = "text"
) -> frozenset[str]:
    """The terms of `field` (text, or text_words: the words as written) to highlight: those
    searched for, not those excluded with -word."""
    if user_query is None or isinstance(user_query, query.Not):
        return frozenset()
    if isinstance(user_query, query.AndNot):
        return wanted_text_terms(user_query.a, reader, field)
    if type(user_query) is query.Prefix and is_lone_cjk(user_query.text):
        # A lone CJK character (_lone_cjk_character): highlight.py marks the character itself.
        return frozenset([user_query.text]) if user_query.fieldname == field else frozenset()
    if user_query.is_leaf():
        return frozenset(
            value.decode("utf-8") if isinstance(value, bytes) else value
            for fieldname, value in user_query.existing_terms(reader, expand=True)
            if fieldname == field
        )
    found: frozenset[str] = frozenset()
    for child in user_query.children():
        found |= wanted_text_terms(child, reader, field)
    return found


def ranking_plan(parsed: query.Query, *, restriction: bool = False) -> ranking.Node | None:
    """The query as ranking.py nodes, or None when it holds a part only Whoosh runs (prefixes,
    wildcards, Every, unscored fields): those go to whoosh_results. Date ranges are taken in
    the filters (`restriction`) only."""
    kind = type(parsed)
    if kind is query.Term:
        if parsed.fieldname not in SCORED_FIELDS:
            return None
        return ranking.Term(parsed.fieldname, parsed.text, parsed.boost)
    if kind is query.Phrase:
        if parsed.fieldname not in PHRASE_FIELDS or parsed.slop != 1 or not parsed.words:
            return None
        return ranking.Phrase(parsed.fieldname, tuple(parsed.words), parsed.boost)
    if kind is _DayRange:
        return ranking.DayRange(parsed.low, parsed.high) if restriction else None
    if kind in (_AndNot, query.Require):
        first = ranking_plan(parsed.a)
        second = ranking_plan(parsed.b, restriction=kind is query.Require)
        if first is None or second is None:
            return None
        return ranking.Without(first, second) if kind is _AndNot else ranking.Within(first, second)
    if kind in (query.And, query.Or):
        inside = restriction and kind is query.And
        parts = [ranking_plan(part, restriction=inside) for part in parsed.subqueries]
        if not parts or None in parts:
            return None
        node = ranking.AllOf if kind is query.And else ranking.AnyOf
        return node(tuple(parts), parsed.boost)
    return None
