"""Who a quotation is attributed to: the reporting clause beside it, read as a name.

The clause stands after the quotation (`"...," Smith said.` / `, said Smith.` / `, according
to Smith.`), before it (`Smith told the BBC: "..."`), or between two parts of one quotation
(`"...," she said, "..."`). Its subject is a name, a pronoun, or a role ("the minister"), each
resolved through People to the full name the article gives.
"""

import regex

from indexer.extraction.speaker.people import PRONOUNS, People, name_runs
from indexer.extraction.speaker.quotation import Span
from indexer.extraction.speaker.verbs import verb_pattern

_CLAUSE_END = regex.compile(r"[.!?;]\s|[.!?;]$|[“„«»「\"]")
_SUBJECT_END = regex.compile(r"[,;:.!?()—–]|\s(?:who|in|on|at|to|during|after|when|while|of)\s")
_MAX_SUBJECT_WORDS = 7
_MAX_AHEAD_WORDS = 25  # "Will Moy, chief executive of the fact-checking website Full Fact, told"
_TAIL_CHARS = 160


def _clause_after(paragraph: str, span: Span) -> str:
    """The words after a quotation up to the end of its sentence or the next quotation."""
    tail = paragraph[span.end : span.end + _TAIL_CHARS]
    end = _CLAUSE_END.search(tail.lstrip(" ,—–-"))
    clause = tail.lstrip(" ,—–-")
    return clause[: end.start()] if end else clause


def _clause_before(paragraph: str, span: Span, previous_end: int) -> str:
    """The words between the previous sentence (or quotation) and this quotation's opening."""
    head = paragraph[previous_end : span.start]
    cut = max(head.rfind(". "), head.rfind("! "), head.rfind("? "))
    return head[cut + 2 :] if cut >= 0 else head


def _subjects(clause: str, lang: str | None, before_quote: bool) -> list[tuple[str, bool]]:
    """The candidate subjects of a reporting clause, nearest the quotation first, each with
    whether it stands ahead of its verb."""
    matches = list(verb_pattern(lang).finditer(clause))
    ordered = reversed(matches) if before_quote else matches
    return [found for verb in ordered for found in _subject(clause, verb)]


def _subject(clause: str, verb: regex.Match) -> list[tuple[str, bool]]:
    """The words ahead of a verb ("Smith said"), then those behind it ("said Smith")."""
    found = []
    ahead = clause[: verb.start()].strip(" ,—–-\u00a0")
    if verb.group("verb") and ahead:
        found.append((" ".join(ahead.split()[-_MAX_AHEAD_WORDS:]), True))
    behind = clause[verb.end() :]
    stop = _SUBJECT_END.search(behind)
    behind = (behind[: stop.start()] if stop else behind).strip()
    if behind:
        found.append((" ".join(behind.split()[:_MAX_SUBJECT_WORDS]), False))
    return found


def _resolve(
    subject: str, before_verb: bool, people: People, position: int, paragraph_start: int
) -> str | None:
    """The person a reporting clause's subject stands for. Ahead of the verb the subject is the
    clause's first name ("Will Moy, chief executive of Full Fact, told"); a lone capitalised
    word counts only when the article gives it as someone's name ("Later, Smith said")."""
    words = subject.split()
    if words[0 if before_verb else -1].casefold().strip(",.") in PRONOUNS or (
        before_verb and words[-1].casefold().strip(",.") in PRONOUNS
    ):
        person = people.last_before(position, paragraph_start)
        return person.name if person else None
    names = name_runs(subject)
    for name in names:
        person = people.find(name, before=position)  # "Ms Smith", "Eriksson Ek": the full name
        if person is not None:
            return person.name
        if len(name.split()) >= 2:
            return name
    if (names and not before_verb) or (len(names) == 1 and len(words) <= 2):
        return names[0]  # "said Steenburgen", "Steenburgen said": no fuller name given
    role = people.with_role(words[-1].casefold().strip(",."), position)  # "the minister"
    return role.name if role else None


def attribute(
    paragraph: str, offset: int, span: Span, previous_end: int, people: People, lang: str | None
) -> str | None:
    """The full name a quotation in ``paragraph`` is attributed to, or None.

    ``offset`` is where the paragraph starts in the article text (People counts positions
    there), ``previous_end`` where the text before the quotation may start (the end of the
    paragraph's previous quotation, or 0).
    """
    after = _clause_after(paragraph, span) if span.closed else ""
    before = _clause_before(paragraph, span, previous_end).rstrip()
    candidates = [
        *(_subjects(after, lang, before_quote=False) if after else []),
        *_subjects(before, lang, before_quote=True),  # "He said:", "said that Rudolph "...""
    ]
    for subject, before_verb in candidates:
        speaker = _resolve(subject, before_verb, people, offset + span.start, offset)
        if speaker:
            return speaker
    return None
