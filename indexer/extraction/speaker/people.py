"""The people an article names, so that "Smith", "Ms Smith", "she" or "the minister" in an
attribution can be given the full name the article used for them ("Jane Smith").

A name is a run of capitalised words (particles such as "van", "de" or "bin" may stand inside
it); titles in front of it ("Dr", "Foreign Minister") are not part of it but are remembered as
the person's roles, and so is an apposition after it ("Jane Smith, the foreign minister,").
Capitalised words that open a sentence ("But", "The") are not names.
"""

from dataclasses import dataclass, field

import regex

_TOKEN = r"\p{Lu}[\p{L}\p{M}'’]*(?:-\p{L}[\p{L}\p{M}'’]*)*\.?"
_ABBREVIATION = regex.compile(r"\A(?:\p{Lu}{2,4}|(?:\p{Lu}\.){2,3})\Z")  # CEO, DL, U.S.
_PARTICLE = r"(?:de|da|del|della|di|do|dos|das|du|van|von|der|den|ter|le|la|bin|ibn|al|el|y|zu)"
_RUN = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}.]){_TOKEN}(?:[ \u00a0](?:{_PARTICLE}[ \u00a0])*{_TOKEN}){{0,5}}"
)
_APPOSITION = regex.compile(
    r"\A,\s+(?:the|a|an|its|his|her|their)\s+([\p{Ll}\p{Lu}'’\- ]{2,60}?)(?=,|\.|;| who | of | at | for )"
)
TITLES = set(
    """mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady president
    vice prime minister secretary attorney senator sen. representative rep. congressman congresswoman
    governor gov. mayor judge justice general gen. colonel col. captain capt. lt. sgt. chancellor
    chief executive ceo director chairman chairwoman chair pope king queen prince princess saint
    st. rev. reverend father sister brother herr frau m. mme mme. mlle sr. sra. don doña dott.
    signor signora foreign finance health interior defence defense justice economy deputy
    former acting coach manager spokesman spokeswoman spokesperson founder""".split()
)
# Capitalised words that start sentences or stand in headings, never a person's first word.
NOT_NAMES = set(
    """the a an and but or so if as at in on of for to from by with without after before when
    while since though although because however meanwhile yet still then there here this that
    these those it its he she they we i you his her their our my your what who why how where
    which one some many most more all both each every no not now today yesterday tomorrow
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december also even just only mr ms mrs dr
    der die das ein eine und aber le la les un une et mais el los las y pero il lo gli
    selon según secondo segundo laut volgens menurut""".split()
)
# A run with one of these words names an organisation or a place, not a person.
ORGANISATION_WORDS = set(
    """house council committee department ministry university college school party inc inc.
    corp corp. company co. ltd ltd. llc association agency office court bank times news post
    journal press institute foundation group club league union commission government
    administration police army navy street avenue city county state states republic kingdom
    airlines airways motors media network""".split()
)
PRONOUNS = set(
    """he she they him her them his er sie il elle ils elles lui él ella ellos lei egli essa
    ele ela hij zij ze он она они dia beliau""".split()
)


@dataclass
class Person:
    name: str  # the fullest form the article gives
    first_seen: int
    roles: set[str] = field(default_factory=set)

    @property
    def surname(self) -> str:
        return self.name.split()[-1].casefold()


@dataclass
class Mention:
    position: int
    person: Person
    speaking: bool  # the subject of a reporting verb ("Smith said", "said Smith")
    possessive: bool  # "Smith's": a mention, but rarely whom the next "he" means


class People:
    """Every person named in an article, and where each was mentioned."""

    def __init__(self, text: str, verbs: regex.Pattern) -> None:
        self.persons: list[Person] = []
        self.mentions: list[Mention] = []
        self._verbs = verbs
        self._text = text
        self._by_word: dict[str, list[Person]] = {}  # surname or first name -> persons
        for match in _RUN.finditer(text):
            self._read(text, match)

    def _speaking(self, text: str, match: regex.Match) -> bool:
        """ "Smith said", or the inverted '," said Smith' (not "Cook told Benioff")."""
        after = self._verbs.match(text, match.end() + 1, match.end() + 40)
        before = text[max(0, match.start() - 30) : match.start()].rstrip()
        said = self._verbs.search(before[-20:])
        inverted = (
            said is not None
            and said.end() == len(before[-20:])
            and before[: len(before) - 20 + said.start()].rstrip().endswith((",", "”", '"'))
        )
        return bool(after and after.group("verb")) or inverted

    def _read(self, text: str, match: regex.Match) -> None:
        words = match.group().split()
        possessive = words[-1].endswith(("'s", "’s"))
        roles = {w.casefold().rstrip(".") for w in words if w.casefold() in TITLES}
        name = _person_name(words)
        if name is None:
            return
        words = name.split()
        apposition = _APPOSITION.match(text[match.end() : match.end() + 90])
        if apposition:
            roles.update(word.casefold() for word in apposition.group(1).split())
        person = self._person(name, match.start()) if len(words) >= 2 else self.find(name)
        if person is not None:
            person.roles |= roles
            speaking = self._speaking(text, match)
            self.mentions.append(Mention(match.start(), person, speaking, possessive))

    def _person(self, name: str, position: int) -> Person:
        """The person this full name is (a shorter form of a name seen before is the same
        person: "Jane Smith" after "Jane A. Smith"), recorded on first sight."""
        for person in self._by_word.get(name.split()[-1].casefold(), []):
            if person.name == name or name in person.name:
                return person
        person = Person(name, position)
        self.persons.append(person)
        words = name.split()
        for key in (words[-1].casefold(), words[0].casefold()):
            self._by_word.setdefault(key, []).append(person)
        return person

    def find(self, name: str, before: int | None = None) -> Person | None:
        """The person a partial name stands for: a surname ("Smith", "Eriksson Ek") or a first
        name; among those named before ``before`` when there are any."""
        key = name.casefold().rstrip(".")
        found = self._by_word.get(key.split()[-1], [])
        found = [p for p in found if p.name.casefold() != key and _part_of(key, p.name)] or [
            p for p in found if p.name.casefold() == key
        ]
        earlier = [p for p in found if before is None or p.first_seen < before] or found
        by_surname = [p for p in earlier if p.name.casefold().endswith(key)]
        return (by_surname or earlier or [None])[0]

    def last_before(self, position: int, paragraph_start: int) -> Person | None:
        """Whom a pronoun at ``position`` refers to: the last person named earlier in its own
        paragraph; else, in the nearest paragraph before that names anybody, the last person
        it quotes ("Cook told Benioff": Cook), else the last it names."""
        earlier = [m for m in self.mentions if m.position < position and not m.possessive]
        here = [m for m in earlier if m.position >= paragraph_start]
        if here or not earlier:
            return here[-1].person if here else None
        start = self._text.rfind("\n\n", 0, earlier[-1].position) + 1
        nearest = [m for m in earlier if m.position >= start]
        speaking = [m for m in nearest if m.speaking]
        return (speaking or nearest)[-1].person

    def with_role(self, role: str, before: int) -> Person | None:
        """The person last given this role ("minister", "spokeswoman") before ``before``."""
        role = role.casefold()
        for mention in reversed(self.mentions):
            if mention.position < before and role in mention.person.roles:
                return mention.person
        return None


def _part_of(key: str, name: str) -> bool:
    """True when ``key`` is the last words of ``name`` or its first word ("smith", "jane")."""
    folded = name.casefold()
    return folded.endswith(" " + key) or folded.split()[0] == key


def _person_name(words: list[str]) -> str | None:
    """The name in a run of capitalised words: titles and sentence openers ("But", "Monday")
    dropped, a possessive 's cut; None when the run names an organisation or nothing."""
    if any(word.casefold() in ORGANISATION_WORDS for word in words):
        return None
    # An abbreviation ends what stands before a name: "Browns DL Sheldon Richardson".
    # So does a possessive: "Apple's Tim Cook".
    cut = max(
        (
            i + 1
            for i, w in enumerate(words[:-1])
            if _ABBREVIATION.match(w) or w.endswith(("'s", "’s"))
        ),
        default=0,
    )
    words = words[cut:]
    while words and (words[0].casefold() in TITLES or words[0].casefold() in NOT_NAMES):
        words = words[1:]
    while words and words[-1].casefold() in NOT_NAMES:  # "Twitter Tuesday"
        words = words[:-1]
    if words and words[-1].endswith(("'s", "’s")):
        words[-1] = words[-1][:-2]
    return " ".join(words).rstrip(".") or None


def name_runs(phrase: str) -> list[str]:
    """The person names in ``phrase``, in order."""
    names = (_person_name(match.group().split()) for match in _RUN.finditer(phrase))
    return [name for name in names if name]
