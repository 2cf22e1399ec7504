"""waitress, with connections that cannot starve the server (design.md: idle and slow connections
are bounded, so that a capture always gets through).

Plain waitress holds at most `connection_limit` sockets and, once full, stops accepting until one
closes; an idle one lasts `channel_timeout` (120 s) and one that trickles a byte now and then
lasts for ever. Any web page can open that many (names that resolve to 127.0.0.1), and a capture
from the extension then waited minutes. Every client is 127.0.0.1 here, so a per-address limit
would shut the extension out with the attacker; instead:

- an idle keep-alive connection is closed after IDLE_TIMEOUT;
- a request must arrive whole within REQUEST_DEADLINE of its first byte (slowloris);
- at the limit, the connections that are not being served and were least recently active are
  closed to make room, so a new connection (the capture) is always accepted;
- a connection closed right after an error answer (413 while the client is still sending) keeps
  reading for up to LINGER seconds, so the client reads the answer instead of a reset.
"""

import socket
import time
from typing import Any

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import MultiSocketServer, TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

CONNECTION_LIMIT = 100
IDLE_TIMEOUT = 10
REQUEST_DEADLINE = 30.0
CLEANUP_INTERVAL = 1
LINGER = 5.0
LINGER_BYTES = 64 * 1024 * 1024
EVICT_SHARE = 10  # at the limit, close a tenth of the connections at once (at least one)


class GuardedChannel(HTTPChannel):
    request_started: float | None = None  # first byte of the request still being received
    draining_until: float | None = None  # lingering close: reading and dropping until then
    drained = 0
    _closing_after_response = False

    def received(self, data: bytes) -> bool:
        if self.request is None and self.request_started is None:
            self.request_started = time.time()
        result = super().received(data)
        if self.request is None:
            self.request_started = None  # the request is whole and handed to a worker
        return result

    def handle_write(self) -> None:
        if self.draining_until is not None:
            self._really_close()  # only the maintenance or an eviction asks a drainer to write
            return
        self._closing_after_response = self.close_when_flushed
        super().handle_write()

    def handle_close(self) -> None:
        if self._closing_after_response and self.connected and self.draining_until is None:
            self._start_draining()
        else:
            self._really_close()

    def _start_draining(self) -> None:
        # Closing a socket with unread input sends a reset, and the client may lose the answer
        # it has not read yet. Send FIN after the answer instead, and drop what still arrives.
        self._closing_after_response = False
        try:
            self.socket.shutdown(socket.SHUT_WR)
        except OSError:
            self._really_close()
            return
        self.will_close = False
        self.draining_until = time.time() + LINGER

    def _really_close(self) -> None:
        if self.socket is not None:
            HTTPChannel.handle_close(self)

    def readable(self) -> bool:
        return True if self.draining_until is not None else super().readable()

    def writable(self) -> bool:
        if self.draining_until is not None:
            return self.will_close
        return super().writable()

    def handle_read(self) -> None:
        if self.draining_until is None:
            super().handle_read()
            return
        try:
            data = self.socket.recv(self.adj.recv_bytes)
        except OSError:
            data = b""
        self.drained += len(data)
        if not data or self.drained > LINGER_BYTES or time.time() > self.draining_until:
            self._really_close()

    def stale(self, now: float) -> bool:
        """Past its time: a request that trickles in, or a lingering close that lasts."""
        if self.requests:
            return False  # a worker is answering it
        if self.request_started is not None and now - self.request_started > REQUEST_DEADLINE:
            return True
        return self.draining_until is not None and now > self.draining_until


class GuardedServer(TcpWSGIServer):
    channel_class = GuardedChannel

    def maintenance(self, now: float) -> None:
        super().maintenance(now)  # idle connections, after channel_timeout
        for channel in list(self.active_channels.values()):
            if channel.stale(now):
                channel.will_close = True

    def readable(self) -> bool:
        if self.accepting and len(self._map) >= self.adj.connection_limit:
            self.make_room()
        return super().readable()

    def make_room(self) -> int:
        """Close the least recently active connections that no worker is answering."""
        waiting = [c for c in self.active_channels.values() if not c.requests and not c.will_close]
        waiting.sort(key=lambda channel: channel.last_activity)
        evicted = waiting[: max(1, len(self._map) // EVICT_SHARE)]
        for channel in evicted:
            channel.will_close = True
        return len(evicted)


def create_guarded_server(app: Any, **options: Any) -> TcpWSGIServer | MultiSocketServer:
    """waitress.create_server's work for TCP listeners, with GuardedServer and its limits.
    `options` are waitress adjustments (host, port, threads, max_request_body_size, ...)."""
    options = {
        "connection_limit": CONNECTION_LIMIT,
        "channel_timeout": IDLE_TIMEOUT,
        "cleanup_interval": CLEANUP_INTERVAL,
        "asyncore_use_poll": True,  # select() fails past 1,024 descriptors
        **options,
    }
    adj = Adjustments(**options)
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(adj.threads)
    socket_map: dict = {}
    servers = [
        GuardedServer(app, socket_map, dispatcher=dispatcher, adj=adj, sockinfo=sockinfo)
        for sockinfo in adj.listen
    ]
    if len(servers) == 1:
        return servers[0]
    listening = [(server.effective_host, server.effective_port) for server in servers]
    return MultiSocketServer(socket_map, adj, listening, dispatcher)
