"""Markdown export: one file with a section per page, or one Obsidian note per page.

Each quote is a block quote, followed by its own tags, a link to the sentence in the page (when
the quote was found in the stored article) and the user's note, labelled. Page text is escaped
(mdtext); the note is the user's own writing, often Markdown already (Hypothesis notes are), so
it is kept as written. Every note carries ``source: quotebank`` first in its front matter, which
is how a later export into the same folder knows which files it may replace.
"""

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from indexer.exporters.filenames import UniqueNames
from indexer.exporters.frontmatter import front_matter, yaml_string
from indexer.exporters.mdtext import block_quote, escape_inline, obsidian_tag
from indexer.exporters.pages import Page, group_by_page

SOURCE = "quotebank"
DOCUMENT_TITLE = "Quotes from quotebank"


def export_markdown(quotes: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One document: front matter, then a section per page, newest page first."""
    yield front_matter({"title": DOCUMENT_TITLE, "source": SOURCE})
    yield f"\n# {DOCUMENT_TITLE}\n"
    for page in group_by_page(quotes):
        yield "\n" + _section(page)


def iter_notes(quotes: Iterable[dict[str, Any]]) -> Iterator[tuple[str, str]]:
    """(file name, note) per page; names are stable from one export to the next."""
    names = UniqueNames()
    for page in sorted(group_by_page(quotes), key=lambda page: (page.heading.casefold(), page.key)):
        yield names.name_for(page.heading), page_note(page)


def page_note(page: Page) -> str:
    # source first: a long URL or title cannot push it out of the part a later export reads.
    fields = {
        "source": SOURCE,
        "title": page.heading,
        "author": page.author,
        "handle": page.handle,
        "site": page.site_name,
        "url": page.url,
        "published": page.published,
        "tags": [tag for tag in map(obsidian_tag, page.tags) if tag],
    }
    return front_matter(fields, dates=("published",)) + "\n" + _excerpts(page)


def _section(page: Page) -> str:
    details = {
        "Author": page.author and escape_inline(page.author),
        "Handle": page.handle and escape_inline(page.handle),
        "Site": page.site_name and escape_inline(page.site_name),
        "URL": page.url and _autolink(page.url),
        "Published": page.published,
    }
    lines = [f"## {escape_inline(page.heading)}", ""]
    lines += [f"- {label}: {value}" for label, value in details.items() if value]
    return "\n".join(lines).rstrip("\n") + "\n\n" + _excerpts(page)


def _excerpts(page: Page) -> str:
    parts = []
    for excerpt in page.excerpts:
        parts.append(block_quote(excerpt.text))
        details = []
        if excerpt.tags:
            details.append("Tags: " + " ".join(map(_inline_tag, excerpt.tags)))
        if excerpt.link:
            details.append(f"[In the page]({_link_target(excerpt.link)})")
        if details:
            parts.append(" · ".join(details))
        if excerpt.note.strip():
            parts.append("**Note:** " + excerpt.note.strip())
    return "\n\n".join(parts) + "\n"


def _link_target(url: str) -> str:
    # A link destination in <...> may hold anything but line breaks and unescaped < >.
    return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"


def _autolink(url: str) -> str:
    # Validated URLs hold no spaces, but may hold the brackets that would end the autolink.
    return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"


def _inline_tag(tag: str) -> str:
    name = obsidian_tag(tag)
    return f"#{name}" if name else escape_inline(tag)


# A front matter longer than this is not one of ours (ours are a few KB, a long URL included).
MAX_FRONT_MATTER = 1024 * 1024


def read_front_matter(path: Path) -> str:
    """The start of a file up to the end of its front matter (or MAX_FRONT_MATTER characters):
    enough for is_quotebank_note, however long the URL or title in it."""
    lines: list[str] = []
    size = 0
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle):
            lines.append(line)
            size += len(line)
            if (number and line.strip() == "---") or size > MAX_FRONT_MATTER:
                break
            if number == 0 and line.strip() != "---":
                break
    return "".join(lines)


def is_quotebank_note(head: str) -> bool:
    """Whether a file starting with ``head`` is a note this export wrote (its front matter
    says ``source: quotebank``), and so may be replaced by a newer export."""
    lines = [line.strip() for line in head.split("\n")]
    marks = {f"source: {SOURCE}", f"source: {yaml_string(SOURCE)}"}
    if lines[0] != "---":
        return False
    for line in lines[1:]:
        if line == "---":
            return False
        if line in marks:
            return True
    return False
