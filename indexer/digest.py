"""A digest of several quotes, grouped by tag, as Markdown or HTML ready to paste.

Grouping: each quote appears once, under its FIRST tag (tags keep the order the user gave them),
so a digest never repeats a quote. Groups come in alphabetical order of tag; quotes without a tag
come last under "Other". Inside a group quotes keep the order they were given in.

Every captured string is untrusted: HTML output escapes all of them and links only http(s)
URLs; Markdown output backslash-escapes the characters that would turn text into markup.
"""

import html
import re
from collections.abc import Callable
from urllib.parse import quote as percent_encode

from indexer.posts import Attribution, attribution_parts, attribution_text, clean_quote

UNTAGGED = "Other"
FORMATS = ("markdown", "html")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
# Characters kept as they are inside a Markdown link target; parentheses and spaces are encoded
# because they would end it.
_URL_SAFE = ":/?#@!$&'*+,;=%~-._[]"


def group_by_tag(quotes: list[dict]) -> list[tuple[str, list[dict]]]:
    """(heading, quotes) pairs: each quote under its first tag, untagged ones last."""
    groups: dict[str, list[dict]] = {}
    untagged: list[dict] = []
    for quote in quotes:
        tags = [tag for tag in quote.get("tags") or [] if tag and tag.strip()]
        if tags:
            groups.setdefault(tags[0].strip(), []).append(quote)
        else:
            untagged.append(quote)
    ordered = sorted(groups.items())
    return [*ordered, (UNTAGGED, untagged)] if untagged else ordered


# --- Markdown ------------------------------------------------------------------------------


def _md_escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _md_attribution(parts: Attribution) -> str:
    line = _md_escape(attribution_text(parts.who, parts.site))
    if parts.link and parts.site:
        site = _md_escape(parts.site)
        target = percent_encode(parts.link, safe=_URL_SAFE)
        line = line.removesuffix(site) + f"[{site}]({target})"
    elif parts.link:
        line = f"{line} <{percent_encode(parts.link, safe=_URL_SAFE)}>".strip()
    # A line that starts with "- " would become a list item.
    return "\\" + line if line.startswith("-") else line


def _md_quote(quote: dict) -> str:
    lines = clean_quote(quote["text"]).split("\n")
    block = "\n".join(f"> {_md_escape(line)}".rstrip() for line in lines)
    attribution = _md_attribution(attribution_parts(quote))
    return f"{block}\n\n{attribution}" if attribution else block


def _markdown(groups: list[tuple[str, list[dict]]]) -> str:
    sections = []
    for heading, quotes in groups:
        blocks = "\n\n".join(_md_quote(quote) for quote in quotes)
        sections.append(f"## {_md_escape(heading)}\n\n{blocks}")
    return "\n\n".join(sections) + "\n"


# --- HTML ----------------------------------------------------------------------------------


def _html_attribution(parts: Attribution) -> str:
    line = html.escape(attribution_text(parts.who, parts.site))
    if parts.link:
        href = html.escape(parts.link)
        if parts.site:
            site = html.escape(parts.site)
            line = line.removesuffix(site) + f'<a href="{href}">{site}</a>'
        else:
            line = f'{line} <a href="{href}">{href}</a>'.strip()
    return f"<p>{line}</p>" if line else ""


def _html_quote(quote: dict) -> str:
    paragraphs = clean_quote(quote["text"]).split("\n\n")
    body = "".join(
        "<p>" + "<br>".join(html.escape(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
    )
    attribution = _html_attribution(attribution_parts(quote))
    return f"<blockquote>{body}</blockquote>" + (f"\n{attribution}" if attribution else "")


def _html(groups: list[tuple[str, list[dict]]]) -> str:
    sections = []
    for heading, quotes in groups:
        blocks = "\n".join(_html_quote(quote) for quote in quotes)
        sections.append(f"<section>\n<h2>{html.escape(heading)}</h2>\n{blocks}\n</section>")
    return "\n".join(sections) + "\n"


_RENDERERS: dict[str, Callable[[list[tuple[str, list[dict]]]], str]] = {
    "markdown": _markdown,
    "html": _html,
}


def compose_digest(quotes: list[dict], fmt: str) -> str:
    """The quotes as one post grouped by tag, in fmt "markdown" or "html" ("" for no quotes)."""
    if fmt not in _RENDERERS:
        raise ValueError(f"unknown digest format {fmt!r}: use one of {', '.join(FORMATS)}")
    if not quotes:
        return ""
    return _RENDERERS[fmt](group_by_tag(quotes))
