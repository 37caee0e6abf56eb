"""Keeping keep-alive connections spread evenly over the serving processes.

The kernel gives each new connection to one worker's socket by a hash of its addresses,
so 50 long-lived connections (browsers', or a proxy's) can split 32 and 18, and the
busier process sets the waiting time of most users. Each worker publishes how many
connections it holds in an array shared with the others; one holding more than its
share asks the next client it answers to reconnect (``Connection: close``), and the
kernel hashes the new connection afresh. The client notices nothing but a new TCP
connection.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Protocol

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: How often a worker publishes its count of open connections (seconds).
PUBLISH_EVERY = 0.25


def over_share(held: Sequence[int], index: int, closing: int) -> bool:
    """Whether worker ``index`` holds more than its share of all the connections held,
    not counting the ``closing`` ones it has already asked to reconnect."""
    share = -(-sum(held) // len(held))  # rounded up: 51 over 2 is 26 and 25, not 25
    return held[index] - closing > share


class Counts(Protocol):
    """Open connections per worker: an array in memory shared by the workers."""

    def __len__(self) -> int: ...
    def __getitem__(self, index: int, /) -> int: ...
    def __setitem__(self, index: int, value: int, /) -> None: ...


class Balancer:
    """One worker's view of the shared counts."""

    def __init__(self, held: Counts, index: int) -> None:
        self.held = held
        self.index = index
        self.closing = 0  # asked to reconnect since the last publication
        self._lock = threading.Lock()

    def publish(self, count: int) -> None:
        """Record this worker's open connections (those asked to close have gone)."""
        with self._lock:
            self.held[self.index] = count
            self.closing = 0

    def counts(self) -> list[int]:
        """Every worker's last published count."""
        return [self.held[i] for i in range(len(self.held))]

    def take_close(self) -> bool:
        """Whether to ask this request's client to reconnect; if so, counted as closing."""
        with self._lock:
            if over_share(self.counts(), self.index, self.closing):
                self.closing += 1
                return True
            return False

    def keep_publishing(self, count: Callable[[], int], stop: threading.Event) -> None:
        """Publish ``count()`` every :data:`PUBLISH_EVERY` seconds until ``stop`` is set
        (run in a thread of its own)."""
        while not stop.wait(PUBLISH_EVERY):
            self.publish(count())


class Rebalance:
    """ASGI middleware: answers with ``Connection: close`` while the worker holds more
    than its share of connections."""

    def __init__(self, app: ASGIApp, balancer: Balancer) -> None:
        self.app = app
        self.balancer = balancer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.balancer.take_close():
            await self.app(scope, receive, send)
            return

        async def send_closing(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"connection", b"close")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_closing)
