"""File names for notes, one per page, that every desktop system and Obsidian accept.

Obsidian refuses link-breaking characters (# ^ [ ] |) in note names; Windows refuses \\ / : * ?
" < > | and the device names (CON, NUL, COM1, COM¹, LPT1, ...) whatever extension follows them
("con.txt.md" is the device CON too); most file systems cap a name at 255 bytes. Names are
written in Unicode NFC and compared without case and normalisation, as macOS and Windows compare
them, so two pages never overwrite each other's note.
"""

import re
import unicodedata

from indexer.bidi import ALL_CONTROLS

MAX_BYTES = 150  # leaves room for " (12).md" and for tools that add their own suffixes
_FORBIDDEN = re.compile(r'[\\/:*?"<>|#^\[\]\x00-\x1f\x7f]')
# Windows' reserved device names, superscript digits included; only the part before the first
# dot counts, and Windows ignores spaces at its end.
_RESERVED = re.compile(r"(?i)(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def safe_stem(title: str) -> str:
    """A file name (without extension) that reads like the title."""
    title = ALL_CONTROLS.sub("", title)  # "Notes\u202egpj.md" would show as "Notesdm.jpg"
    stem = " ".join(_FORBIDDEN.sub(" ", _nfc(title)).split()).strip(" .")
    stem = stem.encode("utf-8")[:MAX_BYTES].decode("utf-8", "ignore").strip(" .")
    if not stem:
        return "Untitled"
    base, dot, rest = stem.partition(".")
    if not _RESERVED.fullmatch(base.rstrip(" ")):
        return stem
    stem = f"{base.rstrip(' ')}_{dot}{rest}"
    return stem.encode("utf-8")[:MAX_BYTES].decode("utf-8", "ignore").rstrip(" .")


def name_key(name: str) -> str:
    """What two names have in common when macOS or Windows would take them for one file."""
    return _nfc(_nfc(name).casefold())


class UniqueNames:
    """Hands out ``stem.md``, ``stem (2).md``, ... never the same name twice (ignoring case and
    Unicode normalisation)."""

    def __init__(self, extension: str = ".md") -> None:
        self.extension = extension
        self._taken: set[str] = set()

    def name_for(self, title: str) -> str:
        stem = safe_stem(title)
        name, number = stem + self.extension, 1
        while name_key(name) in self._taken:
            number += 1
            name = f"{stem} ({number}){self.extension}"
        self._taken.add(name_key(name))
        return name
