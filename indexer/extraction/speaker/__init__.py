"""find_speaker: whose words a highlighted sentence is, when it is a quotation in the article.

The highlight is found in the article text (as find_context finds it). It is a quotation when
most of it stands between quote marks of a quotation of MIN_QUOTED_WORDS words or more (fewer
are scare quotes or titles, the author's own prose), or when it is a quotation with its own
reporting clause (`"We got it wrong," the minister said.`). The speaker is then read from the
reporting clause in the same paragraph, in the other paragraphs of a quotation that runs over
several, or in a paragraph that ends with a colon before a paragraph that is all quotation; an
interview's `Name:` turns name their speaker too. Everything else, and every case where the
clause cannot be read as a person, is None: a wrong name is worse than none.
"""

import regex

from indexer.extraction.context import locate
from indexer.extraction.speaker.attribution import attribute
from indexer.extraction.speaker.people import TITLES, People
from indexer.extraction.speaker.quotation import (
    MIN_QUOTED_WORDS,
    Span,
    continues_quotation,
    quotation_spans,
)
from indexer.extraction.speaker.verbs import verb_pattern

_PARAGRAPH = regex.compile(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]+)*")
_TURN = regex.compile(r"\A(\p{Lu}[\p{L}\p{M}.'’\- ]{0,40}?):\s")
_INTERVIEWER = {"q", "question", "interviewer", "frage", "question posée"}
_MAX_ATTRIBUTION_WORDS = 25
_MAX_INTRODUCER_WORDS = 8

__all__ = ["find_speaker"]


def _paragraphs(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _PARAGRAPH.finditer(text)]


def _letters(text: str) -> int:
    return sum(char.isalnum() for char in text)


def _quoted_span(paragraph: str, start: int, end: int, lang: str | None) -> Span | None:
    """The quotation the highlight [start, end) of ``paragraph`` is, or None for own prose.

    It is one when nearly all of it is quoted, or when what is not quoted is a reporting
    clause: a short introducer before the quotation ("She added,") or the clause after it
    ("," Will Moy, chief executive of Full Fact, told the BBC."). A quotation of fewer than
    MIN_QUOTED_WORDS words counts only when it is nearly all of the highlight: inside prose it
    is a scare quote or a title."""
    spans = [s for s in quotation_spans(paragraph) if s.start < end and s.end > start]
    if not spans:
        return None
    pieces = list(
        zip([start] + [s.end for s in spans], [s.start for s in spans] + [end], strict=True)
    )
    lead = paragraph[start : max(start, spans[0].start)]
    rest = " ".join(paragraph[a:b] for a, b in pieces[1:] if b > a)
    inside = sum(_letters(paragraph[max(s.start, start) : min(s.end, end)]) for s in spans)
    outside = _letters(lead) + _letters(rest)
    if outside <= 0.3 * (inside + outside):
        return max(spans, key=lambda s: min(s.end, end) - max(s.start, start))
    verbs = verb_pattern(lang)
    clause_after = len(rest.split()) <= _MAX_ATTRIBUTION_WORDS and verbs.search(rest) is not None
    if not _letters(lead) and clause_after:  # "“That’s perfect,” Boudreau said."
        return spans[0]
    spans = [s for s in spans if s.words(paragraph) >= MIN_QUOTED_WORDS]
    introduced = len(lead.split()) <= _MAX_INTRODUCER_WORDS and lead.rstrip().endswith((":", ","))
    # Reported speech quoting its words: "Noem tweeted that the epidemic “needs to be ...”".
    reported = verbs.search(lead) is not None and inside >= 0.4 * (inside + outside)
    lead_ok = not _letters(lead) or introduced or reported
    rest_ok = _letters(rest) <= 0.3 * (inside + outside) or clause_after
    return spans[0] if spans and lead_ok and rest_ok else None


def _interview_turn(paragraph: str, people: People, position: int) -> str | None:
    turn = _TURN.match(paragraph)
    if not turn:
        return None
    label = turn.group(1).strip()
    if label.casefold() in _INTERVIEWER or len(label.split()) > 4:
        return None
    words = [w for w in label.split() if w.casefold() not in TITLES]
    if len(words) >= 2:
        return " ".join(w.capitalize() if w.isupper() else w for w in words)
    person = people.find(words[0], before=position) if words else None
    return person.name if person else None


def find_speaker(text: str | None, quote: str, lang: str | None = None) -> str | None:
    """The full name of the person whose words ``quote`` is, as the article ``text`` gives it;
    None for the author's own prose and whenever the article does not make it clear."""
    if not text or not quote:
        return None
    found = locate(text, quote)
    if found is None:
        return None
    paragraphs = _paragraphs(text)
    index = max(i for i, (offset, _) in enumerate(paragraphs) if offset <= found[0])
    offset, paragraph = paragraphs[index]
    start, end = found[0] - offset, min(found[1] - offset, len(paragraph))
    primary = (lang or "").split("-")[0].casefold() or None
    # Names after the quotation's paragraph cannot be whom it refers to.
    people = People(text[: offset + len(paragraph)], verb_pattern(primary))
    span = _quoted_span(paragraph, start, end, primary)
    if span is None:
        return _interview_turn(paragraph, people, found[0])
    previous_end = max(
        (s.end for s in quotation_spans(paragraph) if s.end <= span.start), default=0
    )
    speaker = attribute(paragraph, offset, span, previous_end, people, primary)
    # News writing attributes a paragraph's quotations once: any clause in it will do.
    speaker = speaker or _attributed_in(paragraph, offset, people, primary)
    return speaker or _from_elsewhere(paragraphs, index, people, primary)


def _attributed_in(paragraph: str, offset: int, people: People, lang: str | None) -> str | None:
    """The first attribution of any quotation in the paragraph."""
    previous_end = 0
    for span in quotation_spans(paragraph):
        speaker = attribute(paragraph, offset, span, previous_end, people, lang)
        if speaker:
            return speaker
        previous_end = span.end
    return None


def _from_elsewhere(
    paragraphs: list[tuple[int, str]], index: int, people: People, lang: str | None
) -> str | None:
    """The attribution of a quotation not attributed in its own paragraph: in the other
    paragraphs of a quotation that runs over several, or in a paragraph ending with a colon."""
    first = last = index
    while first > 0 and continues_quotation(paragraphs[first][1], paragraphs[first - 1][1]):
        first -= 1
    while last + 1 < len(paragraphs) and continues_quotation(
        paragraphs[last + 1][1], paragraphs[last][1]
    ):
        last += 1
    for other in [*range(first, index), *range(index + 1, last + 1)]:
        offset, paragraph = paragraphs[other]
        speaker = _attributed_in(paragraph, offset, people, lang)
        if speaker:
            return speaker
    if index > 0 and paragraphs[index - 1][1].rstrip().endswith(":"):
        offset, paragraph = paragraphs[index - 1]
        lead = Span(len(paragraph), len(paragraph), True)
        return attribute(paragraph + " ", offset, lead, 0, people, lang)
    return None
