"""At most a few large request bodies are handled at once, so concurrent large captures cannot
add up past the memory budget (design.md: 200 MB).

A 10 MB capture is held several times while it is handled (the body, the parsed JSON, the
encoded and the compressed HTML): eight at once took the server to 358 MB. Large bodies (and
chunked ones, whose size is not known up front) wait for one of LARGE_AT_ONCE slots; small
ones, the usual capture, never wait. When the last large one is done, the freed memory is handed
back to the system (indexer/memory.py).
"""

import threading

from flask import Flask, g, request
from werkzeug.exceptions import ServiceUnavailable

from indexer.memory import release_free_memory

LARGE_BODY = 1024 * 1024
LARGE_AT_ONCE = 2
WAIT_SECONDS = 120.0  # eight 10 MB captures, two at a time, take seconds; a client waits that


class LargeBodies:
    def __init__(self, at_once: int = LARGE_AT_ONCE) -> None:
        self._slots = threading.BoundedSemaphore(at_once)
        self._lock = threading.Lock()
        self.in_flight = 0

    @staticmethod
    def _is_large() -> bool:
        length = request.content_length
        if length is None:
            return "chunked" in request.headers.get("Transfer-Encoding", "").lower()
        return length > LARGE_BODY

    def enter(self) -> None:
        """before_request: take a slot for a large body, or wait for one."""
        if not self._is_large():
            return
        if not self._slots.acquire(timeout=WAIT_SECONDS):
            raise ServiceUnavailable("too many large captures at once; send it again shortly")
        with self._lock:
            self.in_flight += 1
        g.large_body_slot = True

    def leave(self, _error: BaseException | None = None) -> None:
        """teardown_request: free the slot; the last one out gives memory back."""
        if not g.pop("large_body_slot", False):
            return
        with self._lock:
            self.in_flight -= 1
            last = self.in_flight == 0
        self._slots.release()
        if last:
            release_free_memory()


def install(app: Flask) -> None:
    bodies = LargeBodies()
    app.extensions["quotebank_large_bodies"] = bodies
    app.before_request(bodies.enter)
    app.teardown_request(bodies.leave)
