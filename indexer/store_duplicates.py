"""Finding and merging duplicates inside the store's write transactions (rules: dedupe.py).

Each quote row carries `text_key` (dedupe.text_key of its text) and `source_key` (the page it
was saved from, dedupe.source_key); migrations._m007_duplicate_keys indexes both. Every function
here runs inside the caller's transaction.
"""

import sqlite3
from collections.abc import Sequence
from typing import Any

from indexer import dedupe


def same_source(source: str | None) -> tuple[str, list[Any]]:
    """SQL (and its parameters) for the quotes saved from `source`: saved from that address,
    or whose page declared it as its canonical address."""
    return "(source_key = ? OR canonical_url = ?)", [source, source]


def find_duplicate(conn: sqlite3.Connection, text: str, source: str | None) -> str | None:
    """The id of a stored quote with the same text (normalised) from the same source."""
    if source is None:
        return None
    where, params = same_source(source)
    row = conn.execute(
        f"SELECT id FROM quotes WHERE text_key = ? AND {where} ORDER BY created_at LIMIT 1",
        [dedupe.text_key(text), *params],
    ).fetchone()
    return row[0] if row else None


def find_extended(
    conn: sqlite3.Connection, text: str, source: str | None, created_at: str
) -> str | None:
    """The id of the earliest quote stored from the same source, no later than `created_at`,
    whose text `text` extends (a highlight made longer comes after the one it extends)."""
    if source is None:
        return None
    where, params = same_source(source)
    # SQLite picks the candidates whose first characters (quote marks and blanks skipped) occur
    # in the new text, so that a book of a thousand highlights is not normalised whole for each.
    rows = conn.execute(
        f"SELECT id, text FROM quotes WHERE {where} AND length(text) < ? AND created_at <= ?"
        f" AND instr(?, substr(ltrim(text, ?), 1, {_HEAD})) > 0 ORDER BY created_at",
        [*params, len(text), created_at, text, _LEADING],
    )
    for row in rows:
        if dedupe.extends(text, row[1]):
            return row[0]
    return None


_HEAD = 12
_LEADING = " \t\n\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e"


def merge_into(
    conn: sqlite3.Connection,
    quote_id: str,
    tags: Sequence[str],
    note: str | None,
    *,
    text: str | None = None,
    source: str | None = None,
) -> bool:
    """Add `tags` and `note` to a stored quote (its own come first), and with `text` replace
    its text (the highlight extended; keys updated). Returns whether anything changed."""
    # Imported here: validate imports the importers, which import the store, which imports this.
    from indexer import validate

    row = conn.execute("SELECT note, text FROM quotes WHERE id = ?", (quote_id,)).fetchone()
    old_tags = [r[0] for r in conn.execute(
        "SELECT tag FROM quote_tags WHERE quote_id = ? ORDER BY position", (quote_id,)
    )]  # fmt: skip
    added = [tag for tag in dict.fromkeys(tags) if tag not in old_tags]
    added = added[: max(0, validate.MAX_TAGS - len(old_tags))]  # what an edit could store
    merged_note = merged_notes(row[0], note)
    changed = bool(added) or merged_note != row[0]
    if added:
        conn.executemany(
            "INSERT INTO quote_tags (quote_id, tag, position) VALUES (?, ?, ?)",
            [(quote_id, tag, len(old_tags) + n) for n, tag in enumerate(added)],
        )
    if merged_note != row[0]:
        conn.execute("UPDATE quotes SET note = ? WHERE id = ?", (merged_note, quote_id))
    if text is not None and text != row[1]:
        conn.execute(
            "UPDATE quotes SET text = ?, text_key = ?, source_key = coalesce(source_key, ?)"
            " WHERE id = ?",
            (text, dedupe.text_key(text), source, quote_id),
        )
        changed = True
    return changed


def merged_notes(old: str | None, new: str | None) -> str:
    """The stored note with a new one added below it, unless it already says it."""
    from indexer import validate  # see merge_into

    old, new = (old or "").strip(), (new or "").strip()
    if not new or new in old:
        return old
    if not old or old in new:
        return new[: validate.MAX_NOTE]
    return f"{old}\n\n{new}"[: validate.MAX_NOTE]
