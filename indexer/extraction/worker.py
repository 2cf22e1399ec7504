"""The child process that PageExtractor runs extraction in, so that a slow page can be killed.

Protocol over one duplex pipe: the child says ("ready",) once started; then for each request
(seq, html, url) it answers (seq, "meta", PageInfo fields) as soon as the metadata is known, then
(seq, "text", (article text, complete, language identified from that text when the page
declared none)). A None request, or the parent going away, ends the child.
"""

import dataclasses
import logging
import time
from multiprocessing.connection import Connection

from indexer.extraction.identify import identify_lang
from indexer.extraction.run import lang_from_text, metadata_step, text_step
from indexer.memory import release_free_memory

log = logging.getLogger(__name__)

READY = "ready"
LARGE_PAGE = 1024 * 1024


def _limit_memory(limit: int | None) -> None:
    """Cap the child's address space: a page that would eat all memory fails alone, with a
    MemoryError in the child, instead of pushing the user's machine into swap."""
    if not limit:
        return
    try:
        import resource  # Unix only
    except ImportError:
        log.info("no memory limit for the extraction process on this platform")
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def serve(conn: Connection, memory_limit: int | None = None, text_delay: float = 0.0) -> None:
    """Run requests until told to stop. ``text_delay`` (seconds) is a test hook: it holds the
    article text back so that a test can hit the time limit deterministically."""
    _limit_memory(memory_limit)
    identify_lang("warm up " * 20)  # load the language model now, not inside a page's time limit
    try:
        conn.send((READY,))
        while (request := conn.recv()) is not None:
            seq, html, url = request
            doc, info = metadata_step(html, url)
            conn.send((seq, "meta", dataclasses.asdict(info)))
            if text_delay:
                time.sleep(text_delay)
            text, complete = text_step(doc, url)
            conn.send((seq, "text", (text, complete, lang_from_text(info.lang, text))))
            large = len(html) > LARGE_PAGE
            del doc, html  # a 10 MB page's tree is freed before waiting for the next request
            if large:
                release_free_memory()  # and its memory given back, not kept by malloc
    except (EOFError, OSError):
        pass  # the parent closed the pipe or exited: nothing left to do
