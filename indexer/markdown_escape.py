"""Text written into Markdown with a backslash only where the character would otherwise be markup.

A digest is pasted into editors that show the Markdown source (a blog's editor, a forum, a
README), where every needless ``\\-`` or ``\\_`` is noise. So, unlike the Obsidian export
(exporters/mdtext.py, which escapes every character that can ever start markup), a character is
escaped here only when CommonMark (and GitHub's extensions: strikethrough, tables) would read it
as markup where it stands: ``snake_case`` and ``a * b`` stay as they are, ``*bold*`` and
``[x](y)`` do not. Tests render the output with markdown-it-py and compare it with the text.
"""

import re

_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LINK_END = re.compile(r"\](?:[(\[:])")
# Line starts that open a block: a heading, a quote, a bullet, an ordered item, a rule or a
# setext underline, a fence of tildes.
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_BULLET = re.compile(r"[-+*](?:[ \t]|$)")
_ORDERED = re.compile(r"(\d{1,9})([.)])(?:[ \t]|$)")
_RULE = re.compile(r"([-*_=])(?:[ \t]*\1)*[ \t]*$")
_TABLE_DELIMITER = re.compile(r"[ \t|:-]*\|[ \t|:-]*")


def _flanked(text: str, index: int, test: str) -> tuple[bool, bool]:
    """Whether the characters before and after text[index] pass ``test`` ("space" or "word");
    the line's edges count as spaces."""
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    if test == "space":
        return before.isspace(), after.isspace()
    return before.isalnum(), after.isalnum()


def _inline_char(text: str, index: int) -> bool:
    """Whether text[index] would be read as markup inside a paragraph."""
    char = text[index]
    rest = text[index + 1 :]
    if char == "\\":
        return not rest or rest[0] in _ASCII_PUNCTUATION  # an escape, or a hard line break
    if char == "`":
        return True
    if char == "*":
        return not all(_flanked(text, index, "space"))  # "a * b" can open nothing
    if char == "_":
        # Intraword underscores never open or close emphasis (snake_case); lone ones neither.
        return not (all(_flanked(text, index, "word")) or all(_flanked(text, index, "space")))
    if char == "[":
        # "[sic]" alone is text; "[a](b)", "[a][b]" and "[a]: b" are links, and a bracket not
        # closed on its line may be closed on the next one.
        return "]" not in rest or _LINK_END.search(rest) is not None
    if char == "<":
        return bool(rest) and ((rest[0].isascii() and rest[0].isalpha()) or rest[0] in "/!?")
    if char == "&":
        return _ENTITY.match(text, index) is not None
    if char == "~":
        return "~" in rest or (index > 0 and text[index - 1] == "~")  # ~~strikethrough~~
    return False


def escape_text(text: str) -> str:
    """One paragraph's worth of text (no line starts handled): markup characters escaped."""
    return "".join(
        "\\" + char if char in "\\`*_[<&~" and _inline_char(text, index) else char
        for index, char in enumerate(text)
    )


def escape_line(line: str) -> str:
    """A line that starts a block (a paragraph's line, a quote's line): the inline escapes plus
    whatever at its start would make it a heading, a quote, a list item, a rule or a table."""
    escaped = escape_text(line)
    if _TABLE_DELIMITER.fullmatch(escaped) and "-" in escaped:
        escaped = escaped.replace("|", "\\|")
    if escaped.startswith("\\"):
        return escaped
    if _HEADING.match(escaped) or escaped.startswith(">") or _BULLET.match(escaped):
        return "\\" + escaped
    if _RULE.match(escaped):
        return "\\" + escaped
    ordered = _ORDERED.match(escaped)
    if ordered:
        return f"{ordered.group(1)}\\{escaped[len(ordered.group(1)) :]}"
    return escaped


def escape_heading(text: str) -> str:
    """Text for an ATX heading's line: a closing run of # would be dropped as the closing
    sequence, so it is escaped too."""
    escaped = escape_text(" ".join(text.split()))
    return re.sub(r"(^|[ \t])(#+)$", r"\1\\\2", escaped)
