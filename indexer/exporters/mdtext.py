"""Captured text written into Markdown so that it reads as the words it is, never as markup.

A quote is untrusted page text: "# Title", "<img onerror=...>", "[[Secret note]]" or a line
of "---" must not turn into a heading, HTML, an Obsidian link or a rule when the note is
opened. Each character that can start markup is backslash-escaped (CommonMark lets any ASCII
punctuation be escaped; Obsidian follows it), and so are the line-start markers.
"""

import re

# Anywhere on a line: emphasis, code, links and images, HTML, tables, strikethrough, math,
# entities, and Obsidian's #tags, ^block-ids, ==highlights== and %%comments%%.
_INLINE = re.compile(r"[\\`*_\[\]<>|~$&#^]|==|%%")
# At the start of a line: list items, setext underlines (a heading's # is escaped anywhere).
_MARKER = re.compile(r"[+\-=]")
# At the start of a line: an ordered list item ("1." or "1)").
_NUMBERED = re.compile(r"(\d+)([.)])")
_TAG = re.compile(r"[\w/-]+")


def escape_line(line: str) -> str:
    line = _INLINE.sub(lambda match: "".join("\\" + char for char in match.group()), line)
    if _MARKER.match(line):
        return "\\" + line
    return _NUMBERED.sub(r"\1\\\2", line, count=1) if _NUMBERED.match(line) else line


def escape_inline(text: str) -> str:
    """Text for one line (a heading, a list item): its line breaks become spaces."""
    return escape_line(" ".join(text.split()))


def block_quote(text: str) -> str:
    """The text as a Markdown block quote; blank lines stay inside it as paragraph breaks.

    Leading blanks are dropped: four of them would start a code block.
    """
    # CommonMark ends a line at CR too: a CR left in would start an unescaped line.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [escape_line(line.strip()) for line in text.split("\n")]
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def obsidian_tag(tag: str) -> str | None:
    """The tag as Obsidian spells it (no spaces), or None if Obsidian cannot have it as a tag."""
    name = "-".join(tag.lstrip("#").split())
    if _TAG.fullmatch(name) and not name.isdigit():
        return name
    return None
