"""A digest of several quotes, grouped by tag, as Markdown or HTML ready to paste.

Grouping: by default each quote appears once, under its FIRST tag (tags keep the order the user
gave them); with ``each_tag`` it appears under every one of its tags. Groups come in the order
the user gave (``groups``), then the others in alphabetical order; quotes without a tag come last
under "Other" unless the user placed "Other" elsewhere. Inside a group quotes keep the order they
were given in. ``grouped=False`` gives the quotes in order with no headings (a card's copy).

Every captured string is untrusted: HTML output escapes all of them and links only http(s)
URLs; Markdown output escapes what would be read as markup (indexer.markdown_escape), and
nothing else, so the text pastes clean into an editor that shows the source. The title is
escaped too; the intro is the user's own writing, kept as written in Markdown (it may be
Markdown) and escaped in HTML.
"""

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote as percent_encode

from indexer.bidi import EMBEDDINGS
from indexer.errors import ValidationError
from indexer.markdown_escape import escape_heading, escape_line, escape_text
from indexer.posts import Attribution, attribution_parts, attribution_text, clean_quote

UNTAGGED = "Other"
FORMATS = ("markdown", "html")
# Characters kept as they are inside a Markdown link target; parentheses and spaces are encoded
# because they would end it.
_URL_SAFE = ":/?#@!$&'*+,;=%~-._[]"
# After the attribution's dash: a no-break space, so that "- Ann, Source: ..." is a paragraph
# and not a list item, without a backslash showing in the source.
_DASH = "-\u00a0"

Groups = list[tuple[str | None, list[dict]]]


@dataclass(frozen=True)
class DigestOptions:
    title: str | None = None
    intro: str | None = None
    groups: Sequence[str] = ()  # headings in the order the user wants them
    each_tag: bool = False  # a quote under every one of its tags, not only its first
    grouped: bool = True  # False: the quotes in order, with no headings


MAX_TITLE = 300
MAX_INTRO = 10_000
MAX_GROUPS = 500


def _optional_text(body: dict, name: str, limit: int) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(name, "must be a string")
    if len(value) > limit:
        raise ValidationError(name, f"is longer than {limit:,} characters")
    return value


def _flag(body: dict, name: str, default: bool) -> bool:
    value = body.get(name, default)
    if not isinstance(value, bool):
        raise ValidationError(name, "must be true or false")
    return value


def digest_options(body: dict) -> DigestOptions:
    """The options of POST /api/compose, checked: ValidationError names a bad field."""
    groups = body.get("groups", [])
    if not isinstance(groups, list) or not all(isinstance(name, str) for name in groups):
        raise ValidationError("groups", 'must be a list of tag names (and "Other")')
    if len(groups) > MAX_GROUPS:
        raise ValidationError("groups", f"at most {MAX_GROUPS} names")
    return DigestOptions(
        title=_optional_text(body, "title", MAX_TITLE),
        intro=_optional_text(body, "intro", MAX_INTRO),
        groups=tuple(name.strip() for name in groups),
        each_tag=_flag(body, "each_tag", False),
        grouped=_flag(body, "grouped", True),
    )


def _tags(quote: dict) -> list[str]:
    seen: list[str] = []
    for tag in quote.get("tags") or []:
        # A heading must not reorder the quotes under it (tags stored before bidi was stripped).
        tag = EMBEDDINGS.sub("", tag).strip() if isinstance(tag, str) else ""
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def group_by_tag(
    quotes: list[dict], *, order: Sequence[str] = (), each_tag: bool = False
) -> list[tuple[str, list[dict]]]:
    """(heading, quotes) pairs: each quote under its first tag (or each of its tags), the
    headings named in ``order`` first in that order, then the others alphabetically, untagged
    ones last unless ``order`` names "Other"."""
    groups: dict[str, list[dict]] = {}
    for quote in quotes:
        tags = _tags(quote) or [UNTAGGED]
        for tag in tags if each_tag else tags[:1]:
            groups.setdefault(tag, []).append(quote)
    wanted = [name for name in dict.fromkeys(order) if name in groups]
    rest = sorted(name for name in groups if name not in wanted and name != UNTAGGED)
    if UNTAGGED in groups and UNTAGGED not in wanted:
        rest.append(UNTAGGED)
    return [(name, groups[name]) for name in [*wanted, *rest]]


# --- Markdown ------------------------------------------------------------------------------


def _md_link_target(link: str) -> str:
    return percent_encode(link, safe=_URL_SAFE)


def _md_attribution(parts: Attribution) -> str:
    text = attribution_text(parts.who, parts.site, parts.book, parts.via)
    if not text:
        return f"<{_md_link_target(parts.link)}>" if parts.link else ""
    line = _DASH + escape_text(text.removeprefix("- "))
    if parts.link and parts.site:
        site = escape_text(parts.site)
        line = line.removesuffix(site) + f"[{site}]({_md_link_target(parts.link)})"
    return line


def _md_quote(quote: dict) -> str:
    lines = clean_quote(quote["text"]).split("\n")
    block = "\n".join(f"> {escape_line(line)}" if line else ">" for line in lines)
    attribution = _md_attribution(attribution_parts(quote))
    return f"{block}\n\n{attribution}" if attribution else block


def _md_head(options: DigestOptions) -> list[str]:
    parts = []
    if options.title and options.title.strip():
        parts.append(f"# {escape_heading(options.title)}")
    if options.intro and options.intro.strip():
        parts.append(options.intro.strip())
    return parts


def _markdown(groups: Groups, options: DigestOptions) -> str:
    sections = _md_head(options)
    for heading, quotes in groups:
        blocks = "\n\n".join(_md_quote(quote) for quote in quotes)
        sections.append(f"## {escape_heading(heading)}\n\n{blocks}" if heading else blocks)
    return "\n\n".join(sections) + "\n"


# --- HTML ----------------------------------------------------------------------------------


def _html_attribution(parts: Attribution) -> str:
    line = html.escape(attribution_text(parts.who, parts.site, parts.book, parts.via))
    if parts.link:
        href = html.escape(parts.link)
        if parts.site:
            site = html.escape(parts.site)
            line = line.removesuffix(site) + f'<a href="{href}">{site}</a>'
        else:
            line = f'{line} <a href="{href}">{href}</a>'.strip()
    return f"<p>{line}</p>" if line else ""


def _html_paragraphs(text: str) -> str:
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in clean_quote(text).split("\n\n")
    )


def _html_quote(quote: dict) -> str:
    body = _html_paragraphs(quote["text"])
    attribution = _html_attribution(attribution_parts(quote))
    return f"<blockquote>{body}</blockquote>" + (f"\n{attribution}" if attribution else "")


def _html(groups: Groups, options: DigestOptions) -> str:
    parts = []
    if options.title and options.title.strip():
        parts.append(f"<h1>{html.escape(' '.join(options.title.split()))}</h1>")
    if options.intro and options.intro.strip():
        parts.append(_html_paragraphs(options.intro))
    for heading, quotes in groups:
        blocks = "\n".join(_html_quote(quote) for quote in quotes)
        if heading:
            blocks = f"<section>\n<h2>{html.escape(heading)}</h2>\n{blocks}\n</section>"
        parts.append(blocks)
    return "\n".join(parts) + "\n"


_RENDERERS: dict[str, Callable[[Groups, DigestOptions], str]] = {
    "markdown": _markdown,
    "html": _html,
}


def compose_digest(quotes: list[dict], fmt: str, options: DigestOptions | None = None) -> str:
    """The quotes as one post grouped by tag, in fmt "markdown" or "html" ("" for no quotes)."""
    if fmt not in _RENDERERS:
        raise ValueError(f"unknown digest format {fmt!r}: use one of {', '.join(FORMATS)}")
    if not quotes:
        return ""
    options = options or DigestOptions()
    groups: Groups
    if options.grouped:
        groups = list(group_by_tag(quotes, order=options.groups, each_tag=options.each_tag))
    else:
        groups = [(None, quotes)]
    return _RENDERERS[fmt](groups, options)
