"""Metadata found on a page, made to obey the limits an edit obeys (indexer.validate).

A page may declare anything: an author field of 36,891 characters, a handle that is not one, a
canonical URL that is not http. Stored as found, such a value makes the quote impossible to edit
(the edit is checked against the limits) and drops it from an export's round trip (the import
is too). So every extracted field is fitted before it is stored: text is cut at a word, a list of
names after a whole name ("A, B and 40 others"), and a value that cannot be fitted (a bad
handle, date, language or address) is dropped, as if the page had not declared it.
"""

from collections.abc import Callable
from typing import Any

from indexer import validate
from indexer.errors import ValidationError

ELLIPSIS = "\u2026"
# Cut at the last space if it is this close to the limit; a longer word is cut in the middle.
_WORD_SLACK = 40
_NAME_SEPARATORS = (", ", " and ")


def fit_text(value: str | None, max_len: int) -> str | None:
    """``value`` if it fits, else its start up to the last whole word, and an ellipsis."""
    if value is None or len(value) <= max_len:
        return value
    head = value[: max_len - 1]
    space = head.rfind(" ")
    if space > 0 and space >= max_len - _WORD_SLACK:
        head = head[:space]
    return head.rstrip(" ,;:-") + ELLIPSIS


def fit_names(value: str | None, max_len: int) -> str | None:
    """A list of names "A, B and C" cut after a whole name: "A, B and 98 others"."""
    if value is None or len(value) <= max_len:
        return value
    names = _split_names(value)
    kept: list[str] = []
    for count, name in enumerate(names, start=1):
        others = len(names) - count
        candidate = ", ".join([*kept, name]) + (_others(others) if others else "")
        if len(candidate) > max_len:
            break
        kept.append(name)
    if not kept:  # one name longer than the limit: it is text, cut at a word
        return fit_text(value, max_len)
    return ", ".join(kept) + _others(len(names) - len(kept))


def _others(count: int) -> str:
    return " and 1 other" if count == 1 else f" and {count:,} others"


def _split_names(value: str) -> list[str]:
    names = [value]
    for separator in _NAME_SEPARATORS:
        names = [part.strip() for name in names for part in name.split(separator)]
    return [name for name in names if name]


def _or_none(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def checked(value: Any) -> Any:
        try:
            return check(value)
        except ValidationError:
            return None

    return checked


# Each extracted field and how it is fitted; fields not named here are left as they are.
_FITTERS: dict[str, Callable[[Any], Any]] = {
    "title": lambda value: fit_text(_clean(value), validate.MAX_TITLE),
    "author": lambda value: fit_names(_clean(value), validate.MAX_TITLE),
    "site_name": lambda value: fit_text(_clean(value), validate.MAX_TITLE),
    "handle": _or_none(validate.handle),
    "published": _or_none(validate.published),
    "lang": _or_none(lambda value: validate.short_string("lang", value, validate.MAX_LANG)),
    "canonical_url": _or_none(
        lambda value: validate.http_url(value, field="canonical_url", required=False)
    ),
}


def _clean(value: Any) -> str | None:
    """A string as validation would take it, apart from its length; None if it is unusable."""
    if not isinstance(value, str):
        return None
    try:
        return validate.short_string("field", value, len(value))
    except ValidationError:
        return None


def fit_page(page: dict[str, Any]) -> dict[str, Any]:
    """The page's extracted fields (a PageInfo as a dict, or a stored page row), fitted."""
    return page | {name: fit(page.get(name)) for name, fit in _FITTERS.items() if name in page}


def fit_speaker(speaker: str | None) -> str | None:
    """A speaker found in the article text: one name, fitted like an author."""
    return fit_names(_clean(speaker), validate.MAX_TITLE)


def fit_context(context: str | None) -> str | None:
    return fit_text(context, validate.MAX_CONTEXT)
