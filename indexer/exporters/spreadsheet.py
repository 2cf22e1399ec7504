"""Keeping spreadsheet software from running a quote as a formula (CSV injection).

Captured text is untrusted: a "quote" that starts with ``=`` would become a live formula in Excel
or LibreOffice. Such cells get a leading apostrophe, which spreadsheets show as plain text. As
OWASP's CSV-injection guidance warns, a formula can also follow separators and white space: a
spreadsheet that splits on ``;`` (the default where the decimal mark is a comma) reads the
cell ``;=cmd`` as an empty cell and ``=cmd``. So the trigger is looked for after any leading
separators and spaces. The rule also covers cells that already start with apostrophes before a
trigger, so ``unprotect`` can undo it exactly and a CSV export imports back unchanged.
"""

import re

# = + - @ start a formula; a leading tab or carriage return can hide one. The apostrophe goes
# after the last separator of the cell's start (";'=cmd"), since one before it (on ";=cmd")
# would be split off into a cell of its own by a spreadsheet that splits on ";" (or tabs).
_HEAD = r"(?P<head>(?:[\s,;|]*[,;|\t])?)"
_TRIGGER = r"\s*(?:[=+\-@]|[\t\r])"
_NEEDS_GUARD = re.compile(_HEAD + "'*" + _TRIGGER)
_GUARDED = re.compile(_HEAD + "'+" + _TRIGGER)


def protect(cell: str) -> str:
    match = _NEEDS_GUARD.match(cell)
    if match is None:
        return cell
    at = match.end("head")
    return cell[:at] + "'" + cell[at:]


def unprotect(cell: str) -> str:
    match = _GUARDED.match(cell)
    if match is None:
        return cell
    at = match.end("head")
    return cell[:at] + cell[at + 1 :]
