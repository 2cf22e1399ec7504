"""File names for notes, one per page, that every desktop system and Obsidian accept.

Obsidian refuses link-breaking characters (# ^ [ ] |) in note names; Windows refuses \\ / : * ?
" < > | and a few device names; most file systems cap a name at 255 bytes. Names are compared
without case, since macOS and Windows do, so two pages never overwrite each other's note.
"""

import re

MAX_BYTES = 150  # leaves room for " (12).md" and for tools that add their own suffixes
_FORBIDDEN = re.compile(r'[\\/:*?"<>|#^\[\]\x00-\x1f\x7f]')
_RESERVED = re.compile(r"(?i)(con|prn|aux|nul|com\d|lpt\d)(\..*)?")


def safe_stem(title: str) -> str:
    """A file name (without extension) that reads like the title."""
    stem = " ".join(_FORBIDDEN.sub(" ", title).split()).strip(" .")
    stem = stem.encode("utf-8")[:MAX_BYTES].decode("utf-8", "ignore").strip(" .")
    if not stem:
        return "Untitled"
    return stem + "_" if _RESERVED.fullmatch(stem) else stem


class UniqueNames:
    """Hands out ``stem.md``, ``stem (2).md``, ... never the same name twice (ignoring case)."""

    def __init__(self, extension: str = ".md") -> None:
        self.extension = extension
        self._taken: set[str] = set()

    def name_for(self, title: str) -> str:
        stem = safe_stem(title)
        name, number = stem + self.extension, 1
        while name.casefold() in self._taken:
            number += 1
            name = f"{stem} ({number}){self.extension}"
        self._taken.add(name.casefold())
        return name
