"""Keeping spreadsheet software from running a quote as a formula (CSV injection).

Captured text is untrusted: a "quote" that starts with ``=`` would become a live formula in Excel
or LibreOffice. Such cells get a leading apostrophe, which spreadsheets show as plain text. The
rule also covers cells that already start with apostrophes before a trigger character, so
``unprotect`` can undo it exactly and a CSV export imports back unchanged.
"""

import re

# = + - @ start a formula; a leading tab or carriage return can hide one of them.
_NEEDS_GUARD = re.compile(r"'*[=+\-@\t\r]")
_GUARDED = re.compile(r"'+[=+\-@\t\r]")


def protect(cell: str) -> str:
    return "'" + cell if _NEEDS_GUARD.match(cell) else cell


def unprotect(cell: str) -> str:
    return cell[1:] if _GUARDED.match(cell) else cell
