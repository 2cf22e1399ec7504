"""Dates written for readers: "30. Juli 2018", "22 de janeiro de 2018", "Nov. 19, 2019 8:03 am",
"16.12.2012", "2018년 9월 28일". Found anywhere inside a string, the first one wins.

Month names are those of the languages quotebank's pages come in (English, German, French,
Spanish, Portuguese, Italian, Dutch, Indonesian, Polish, Russian in the genitive that dates
use), with their usual abbreviations. Numeric dates: year first (2018-09-28, 2018/09/28), or
day first with dots (16.12.2012, always day-month-year); with slashes the day comes first unless
the page is in English and not British-style, where 12/16/2012 is month-first; a value that
can only be read one way (16/12/2012) is read that way whatever the language.
"""

import re
from datetime import date

_MONTHS = {
    1: "january jan januar janvier janv enero ene janeiro gennaio genn gen januari stycznia января янв",
    2: "february feb febr februar février févr fevrier febrero fevereiro fev febbraio februari lutego февраля фев",
    3: "march mar märz maerz mars marzo março marco maart maret marca марта мар",
    4: "april apr avril avr abril abr aprile kwietnia апреля",
    5: "may mai mayo maio maggio mag mei maja мая",
    6: "june jun juni juin junio junho giugno giu czerwca июня",
    7: "july jul juli juillet juil julio julho luglio lug lipca июля",
    8: "august aug août aout agosto ago augustus agustus agt sierpnia августа авг",
    9: "september sep sept septembre septiembre setiembre setembro set settembre sett września сентября сен",
    10: "october oct oktober okt octobre octubre outubro out ottobre ott października октября окт",
    11: "november nov novembre noviembre novembro novembre listopada ноября",
    12: "december dec dezember dez décembre déc decembre diciembre dic dezembro dicembre desember des grudnia декабря дек",
}
MONTH_NUMBER = {name: number for number, names in _MONTHS.items() for name in names.split()}
_MONTH = (
    "(?P<month>" + "|".join(sorted(map(re.escape, MONTH_NUMBER), key=len, reverse=True)) + r")\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º|°)?\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_CLOCK = r"(?:(?:at|à|um|às|alle|om|в)\s+)?\d{1,2}[:.h]\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?"
_OF = r"(?:\s+(?:de|del|di|van)\s+|,\s*|\s+)"
_PATTERNS = [
    # 30. Juli 2018, 22 de janeiro de 2018, 24 сентября 2018, 20th November 2019, 18 NOV 2019
    re.compile(rf"(?<!\w){_DAY}{_OF}{_MONTH}{_OF}{_YEAR}(?!\d)", re.IGNORECASE),
    # Nov. 19, 2019 / November 20 15:23 2019 / Oktober 27, 2015 / Tue Nov 19 2019
    re.compile(rf"(?<!\w){_MONTH}\s+{_DAY},?\s+(?:{_CLOCK},?\s+)?{_YEAR}(?!\d)", re.IGNORECASE),
    # 2018년 9월 28일, 2018年9月28日
    re.compile(
        r"(?P<year>(?:19|20)\d\d)\s*[년年]\s*(?P<month>\d{1,2})\s*[월月]\s*(?P<day>\d{1,2})\s*[일日]"
    ),
]
_YEAR_FIRST = re.compile(
    r"(?<![\d.])(?P<year>(?:19|20)\d\d)[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)(?!\d)"
)
_DAY_FIRST_DOTS = re.compile(
    r"(?<![\d.])(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)(?!\d)"
)
_SLASHED = re.compile(r"(?<![\d/])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<year>(?:19|20)\d\d)(?!\d)")
# English outside these regions writes month first (the United States, the Philippines...).
DAY_FIRST_ENGLISH = frozenset({"gb", "uk", "ie", "au", "nz", "in", "za", "ng", "ke", "pk", "sg"})


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month(value: str) -> int | None:
    return int(value) if value.isdigit() else MONTH_NUMBER.get(value.casefold())


def month_first(lang: str | None) -> bool:
    """Whether an ambiguous a/b/yyyy date on a page in this language is month/day/year."""
    if not lang:
        return True  # most undeclared pages with slashed dates are American
    primary, _, region = lang.lower().replace("_", "-").partition("-")
    return primary == "en" and region[:2] not in DAY_FIRST_ENGLISH


def _slashed(match: re.Match, lang: str | None) -> date | None:
    a, b, year = int(match["a"]), int(match["b"]), int(match["year"])
    if a > 12:
        return _make(year, b, a)
    if b > 12 or month_first(lang):
        return _make(year, a, b)
    return _make(year, b, a)


def find_written_date(text: str, lang: str | None = None) -> date | None:
    """The first date written in ``text``, in any of the forms above; None when there is none."""
    found: list[tuple[int, date]] = []
    for pattern in _PATTERNS:
        match = pattern.search(text)
        month = _month(match["month"]) if match else None
        day = _make(int(match["year"]), month, int(match["day"])) if match and month else None
        if day:
            found.append((match.start(), day))
    for pattern in (_YEAR_FIRST, _DAY_FIRST_DOTS):
        match = pattern.search(text)
        day = _make(int(match["year"]), int(match["month"]), int(match["day"])) if match else None
        if day:
            found.append((match.start(), day))
    match = _SLASHED.search(text)
    day = _slashed(match, lang) if match else None
    if day:
        found.append((match.start(), day))
    return min(found, key=lambda item: item[0])[1] if found else None
