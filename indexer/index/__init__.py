"""The full-text index (Whoosh). The only package in quotebank that imports whoosh.

Choices that keep it fast and small (figures in docs/store-and-index.md):
- Only the quote id is stored; text for highlighting and every other field come from SQLite.
- Segments are written uncompound and read without mmap: Whoosh otherwise copies a whole compound
  segment into memory each time a reader opens.
- One searcher per process, refreshed after commits by reopening only the segments that changed.
  (whoosh-reloaded's own Searcher.refresh() is not used: it keeps readers of merged-away segments
  and ignores new deletions, so deleted or edited quotes would stay in, or show twice.)
- Searches are ranked by indexer/ranking.py a posting list at a time (scoring.py feeds it);
  Whoosh's own collector runs only the query forms ranking.py does not take.
- One writer at a time across threads and processes (IndexLock); a process that cannot get it
  leaves its work queued in SQLite for whichever process holds it.
- The folder can be rebuilt from SQLite at any time: built beside it, then swapped in; readers in
  other processes notice the swap and reopen.

Modules: analysis (the analyzers), schema (the fields; a quote as a document), codec (Whoosh's
codec, patched), lock, segments (opening readers), building (rebuilds), queries (the search
syntax and filters), scoring (ranking and recall), highlight, quote_index (QuoteIndex).
"""

from indexer.index.building import (
    build_index,
    install_parts,
    new_parts,
    remove_leftovers,
    write_part,
)
from indexer.index.errors import IndexBusy, IndexUnavailable
from indexer.index.highlight import highlight_text, matched_fields, matched_words, text_terms
from indexer.index.lock import IndexLock
from indexer.index.queries import Filters
from indexer.index.quote_index import QuoteIndex
from indexer.index.schema import SCHEMA_VERSION, VERSION_FILE, day_number
from indexer.index.scoring import Hits

__all__ = [
    "SCHEMA_VERSION",
    "VERSION_FILE",
    "Filters",
    "Hits",
    "IndexBusy",
    "IndexLock",
    "IndexUnavailable",
    "QuoteIndex",
    "build_index",
    "day_number",
    "highlight_text",
    "install_parts",
    "matched_fields",
    "matched_words",
    "new_parts",
    "remove_leftovers",
    "text_terms",
    "write_part",
]
