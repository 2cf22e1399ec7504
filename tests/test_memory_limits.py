"""Concurrent large captures are bounded (server/limits.py): at most LARGE_AT_ONCE bodies over
LARGE_BODY are handled at once; small captures are never held back. The memory figures
themselves are measured by bench/memory.py, not here."""

import threading
import time

import pytest

from server.limits import LARGE_AT_ONCE, LARGE_BODY
from tests.factories import StubExtractor


@pytest.fixture
def counted_captures(app, monkeypatch):
    """bank.capture, recording how many run at once (each lasts a little, so they overlap)."""
    bank = app.extensions["quotebank"]
    monkeypatch.setattr(bank, "_extractor", StubExtractor())  # the limit is the point here
    real = bank.capture
    seen = {"active": 0, "most": 0}
    lock = threading.Lock()

    def capture(payload, **options):
        with lock:
            seen["active"] += 1
            seen["most"] = max(seen["most"], seen["active"])
        try:
            time.sleep(0.3)
            return real(payload, **options)
        finally:
            with lock:
                seen["active"] -= 1

    monkeypatch.setattr(bank, "capture", capture)
    return seen


def _post_at_once(app, bodies):
    token = app.config["QUOTEBANK_TOKEN"]
    statuses = []

    def post(body):
        client = app.test_client()
        response = client.post(
            "/api/quotes", json=body, headers={"Authorization": f"Bearer {token}"}
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=post, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return statuses


def test_at_most_a_few_large_bodies_are_handled_at_once(app, counted_captures):
    html = "<p>" + "word " * (LARGE_BODY // 4) + "</p>"  # over the large-body threshold
    bodies = [
        {"text": f"Large {n}", "url": f"https://example.org/{n}", "html": html} for n in range(6)
    ]
    statuses = _post_at_once(app, bodies)
    assert statuses == [201] * 6  # they wait their turn; none is refused
    assert counted_captures["most"] == LARGE_AT_ONCE
    assert app.extensions["quotebank_large_bodies"].in_flight == 0


def test_small_captures_are_never_held_back(app, counted_captures):
    bodies = [{"text": f"Small {n}", "url": f"https://example.org/s{n}"} for n in range(6)]
    statuses = _post_at_once(app, bodies)
    assert statuses == [201] * 6
    assert counted_captures["most"] > LARGE_AT_ONCE
