"""Writing a whole new index (a rebuild) beside the old one and swapping it in."""

import os
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files
from whoosh.writing import MERGE_SMALL

from indexer.index.codec import Codec
from indexer.index.schema import SCHEMA, SCHEMA_VERSION, VERSION_FILE, document

LARGE_SEGMENT = 20_000  # documents; see merge_small_segments
BUILD_MEMORY_MB = 128


def merge_small_segments(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh's MERGE_SMALL policy, applied to the small segments only: left to itself it
    eventually merges the large segments of a rebuild too, and a capture's commit would then
    rewrite the whole index (a minute at 100,000 quotes). Their deleted documents are
    reclaimed by the next rebuild (quotebank reindex)."""
    large = [segment for segment in segments if segment.doc_count_all() >= LARGE_SEGMENT]
    small = [segment for segment in segments if segment.doc_count_all() < LARGE_SEGMENT]
    return large + MERGE_SMALL(writer, small)


def remove_leftovers(final: Path) -> int:
    """Remove the building and retired folders a killed rebuild left beside `final`; returns
    how many. The caller holds final's IndexLock, so no build of its own is under way."""
    removed = 0
    for pattern in (f"{final.name}.building-*", f"{final.name}.old-*"):
        for leftover in final.parent.glob(pattern):
            shutil.rmtree(leftover, ignore_errors=True)
            removed += 1
    return removed


@contextmanager
def new_parts(final: Path, count: int) -> Iterator[list[Path]]:
    """Fresh folders beside `final` to write a new index into, in `count` parts (one per
    process), removed on the way out whatever happens. The caller holds final's IndexLock, so
    any other building folder is a crashed build's leftover, removed too."""
    remove_leftovers(final)
    build = uuid.uuid4().hex[:8]
    parts = [final.with_name(f"{final.name}.building-{build}-{n}") for n in range(count)]
    try:
        yield parts
    finally:
        for part in parts:
            shutil.rmtree(part, ignore_errors=True)


def write_part(
    path: Path, quotes: Iterable[dict[str, Any]], progress: Callable[[int], None]
) -> None:
    """Index `quotes` into a new folder `path`, as one segment, with one writer."""
    path.mkdir(parents=True)
    ix = FileStorage(str(path), supports_mmap=False).create_index(SCHEMA)
    writer = ix.writer(limitmb=BUILD_MEMORY_MB, compound=False, codec=Codec())
    try:
        done = 0
        for quote in quotes:
            writer.add_document(**document(quote))
            done += 1
            if done % 500 == 0:
                progress(500)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=False)
    progress(done % 500)


def install_parts(final: Path, parts: Sequence[Path]) -> None:
    """Join the parts written by write_part() into one index (their segments side by side, no
    rewriting) and swap it in for `final`: the old folder is renamed away, the new one renamed
    in, the old one deleted. A failure before the swap leaves the old index in place."""
    target = parts[0]
    storage = FileStorage(str(target), supports_mmap=False)
    ix = storage.open_index(schema=SCHEMA)
    toc = ix._read_toc()
    segments = list(toc.segments)
    for part in parts[1:]:
        part_storage = FileStorage(str(part), supports_mmap=False)
        for segment in part_storage.open_index(schema=SCHEMA)._read_toc().segments:
            for name in segment.list_files(part_storage):
                os.replace(part / name, target / name)
            segments.append(segment)
    if len(parts) > 1:
        TOC(SCHEMA, segments, toc.generation + 1).write(storage, ix.indexname)
        clean_files(storage, ix.indexname, toc.generation + 1, segments)
    (target / VERSION_FILE).write_text(SCHEMA_VERSION + "\n", encoding="utf-8")
    retired = final.with_name(f"{final.name}.old-{uuid.uuid4().hex[:8]}")
    if final.exists():
        final.rename(retired)
    target.rename(final)
    shutil.rmtree(retired, ignore_errors=True)


def build_index(
    final: Path, quotes: Iterable[dict[str, Any]], progress: Callable[[int], None]
) -> None:
    """A new index of `quotes`, written by this process, swapped in for `final`. The caller
    holds final's IndexLock."""
    with new_parts(final, 1) as parts:
        write_part(parts[0], quotes, progress)
        install_parts(final, parts)
