"""Idle and slow connections cannot starve a real server: a capture always gets through
(server/connections.py). Bounded: about 110 loopback sockets, each test well under a minute."""

import contextlib
import http.client
import socket
import threading
import time

import pytest
import requests

from server.connections import CONNECTION_LIMIT

CAPTURE = {"text": "A sentence that must get through", "url": "https://example.org/post"}


def _open_idle(port: int, count: int) -> list[socket.socket]:
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sockets.append(sock)
    return sockets


def _slowloris(port: int, stop: threading.Event) -> list[socket.socket]:
    """Requests whose headers promise a body that then trickles in, one byte a second."""
    sockets = []
    for _ in range(3):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(
            f"POST /api/quotes HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{".encode()
        )
        sockets.append(sock)

    def trickle() -> None:
        deadline = time.monotonic() + 20  # bounded: it stops by itself
        while not stop.is_set() and time.monotonic() < deadline:
            for sock in sockets:
                with contextlib.suppress(OSError):
                    sock.send(b" ")
            stop.wait(1)

    threading.Thread(target=trickle, daemon=True).start()
    return sockets


def test_a_capture_gets_through_a_hundred_idle_and_slow_connections(live_server):
    stop = threading.Event()
    held = _open_idle(live_server.port, CONNECTION_LIMIT)
    held += _slowloris(live_server.port, stop)
    try:
        time.sleep(0.5)  # let the server accept them all: it is now at its limit
        # Plain waitress stops accepting here and the capture waited minutes; the timeout is a
        # bound on the test, not a speed claim.
        response = requests.post(
            f"{live_server.url}/api/quotes", json=CAPTURE, headers=live_server.headers, timeout=10
        )
        assert response.status_code == 201, response.text
        assert requests.get(f"{live_server.url}/api/health", timeout=10).ok
    finally:
        stop.set()
        for sock in held:
            sock.close()


@pytest.mark.slow
def test_idle_connections_are_closed_by_the_server(live_server):
    sock = socket.create_connection(("127.0.0.1", live_server.port), timeout=60)
    try:
        started = time.monotonic()
        # recv returns b"" when the server closes it (plain waitress: after 120 s, beyond this
        # socket's 60 s timeout, so the test would fail with a timeout).
        assert sock.recv(1) == b""
        assert time.monotonic() - started < 60
    finally:
        sock.close()


def test_an_error_answer_is_read_whole_while_the_client_is_still_sending(live_server):
    """A 413 arrives before the client has sent its body: the server must not reset the
    connection under it (lingering close), whatever the timing."""
    for _ in range(3):
        connection = http.client.HTTPConnection("127.0.0.1", live_server.port, timeout=30)
        body = b'{"text": "big", "html": "' + b"x" * (11 * 1024 * 1024) + b'"}'
        try:
            connection.request(
                "POST",
                "/api/quotes",
                body=body,
                headers={**live_server.headers, "Content-Type": "application/json"},
            )
            response = connection.getresponse()
            assert response.status == 413
            assert response.read()
        finally:
            connection.close()
