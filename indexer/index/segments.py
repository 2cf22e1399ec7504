"""Opening the index's segments for reading."""

import os
from pathlib import Path
from typing import Any

from whoosh.reading import EmptyReader, MultiReader, SegmentReader

from indexer.index.errors import IndexUnavailable
from indexer.index.schema import SCHEMA, SCORED_FIELDS


def folder_identity(path: Path) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_dev, stat.st_ino


def open_reader(ix: Any, reuse: Any) -> tuple[Any, int]:
    """A reader over the index's latest segments, reusing `reuse`'s readers of segments that
    did not change (same segment, same deletions), closing the rest."""
    toc = ix._read_toc()
    reusable = {}
    if reuse is not None:
        for leaf, _ in reuse.leaf_readers():
            if isinstance(leaf, SegmentReader):
                reusable[leaf.segment().segment_id()] = leaf
    readers, opened = [], []
    try:
        for segment in toc.segments:
            previous = reusable.pop(segment.segment_id(), None)
            if (
                previous is not None
                and previous.segment().deleted_count() == segment.deleted_count()
            ):
                readers.append(previous)
            else:
                opened.append(_checked_segment_reader(ix.storage, toc, segment))
                readers.append(opened[-1])
    except BaseException:
        for reader in opened:
            reader.close()
        raise
    for leftover in reusable.values():
        leftover.close()
    if not readers:
        return EmptyReader(SCHEMA), toc.generation
    if len(readers) == 1:
        return readers[0], toc.generation
    return MultiReader(readers, generation=toc.generation), toc.generation


def _checked_segment_reader(storage: Any, toc: Any, segment: Any) -> Any:
    """Open a segment and read a little of each of its files now: a damaged segment fails
    here rather than mid-search, and every file is held open before a later commit in another
    process may delete it (Whoosh opens some files lazily)."""
    reader = SegmentReader(storage, toc.schema, segment, generation=toc.generation)
    try:
        if reader.doc_count_all() == 0:
            return reader
        last = reader.doc_count_all() - 1
        reader.stored_fields(0)
        reader.stored_fields(last)
        for name in SCORED_FIELDS:
            reader.doc_field_length(last, name)
        for name in ("date", "created"):
            reader.column_reader(name)[last]
        first_id = next(iter(reader.lexicon("id")), None)
        if first_id is None:
            raise IndexUnavailable(f"segment {segment.segment_id()} has documents but no ids")
        list(reader.postings("id", first_id).all_ids())
    except BaseException:
        reader.close()
        raise
    return reader
