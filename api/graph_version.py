"""How the API learns the graph version (kb.graph.version) before answering from its cache.

Neo4j reads are read-committed: a version read after a query's data could label old data with
a new version, so a request learns the version before its query runs. Concurrent requests share
a version read only when it started after they arrived: a request that arrives while a read is
in flight (it may have started before a `kb seed` committed) waits for the next read, which
starts when that one ends and which every request arriving meanwhile joins. So there is at most
one read in flight and one queued, whatever the load, and no request is answered from a
version older than its own arrival. With a staleness bound > 0 (KB_CACHE_MAX_STALENESS_MS), a
version whose read started less than that long ago is reused without asking; once it is half
that old, a request reusing it also starts a read in the background, so that under steady
traffic no request waits for one.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable
from functools import partial

from neo4j import AsyncDriver

from api.repository import read_rows
from kb.graph.queries import cypher
from kb.graph.version import GraphVersion, version_of

Fetch = Callable[[], Awaitable[GraphVersion | None]]


async def fetch_version(driver: AsyncDriver, database: str) -> GraphVersion | None:
    """One auto-commit READ transaction on the version node's constraint index."""
    rows = await read_rows(driver, database, cypher("read/graph_version"), {})
    return version_of(rows[0] if rows else None)


class VersionReader:
    """The current graph version, read once per batch of requests that may share the read."""

    def __init__(
        self,
        fetch: Fetch,
        max_staleness_s: float = 0.0,
        *,
        on_change: Callable[[GraphVersion | None], None] = lambda _: None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetch = fetch
        self._staleness = max_staleness_s
        self._on_change = on_change
        self._clock = clock
        self._running: asyncio.Future[GraphVersion | None] | None = None
        self._queued: asyncio.Future[GraphVersion | None] | None = None
        self._known: GraphVersion | None = None
        self._known_since = -math.inf  # when the read that learned _known started
        self.reads = 0  # version reads started, for tests and curiosity

    async def current(self) -> GraphVersion | None:
        """The version as of a read that started after this call; Neo4j's errors raise."""
        age = self._clock() - self._known_since
        if age < self._staleness:
            if age >= self._staleness / 2 and self._running is None:
                self._start()  # refresh ahead: the next requests need not wait for a read
            return self._known
        if self._running is None:
            return await asyncio.shield(self._start())
        if self._queued is None:
            self._queued = asyncio.get_running_loop().create_future()
            self._queued.add_done_callback(_retrieve)
        return await asyncio.shield(self._queued)

    def _start(self) -> asyncio.Future[GraphVersion | None]:
        self.reads += 1
        task = asyncio.ensure_future(self._fetch())
        task.add_done_callback(_retrieve)
        task.add_done_callback(partial(self._finished, self._clock()))
        self._running = task
        return task

    def _finished(self, started: float, task: asyncio.Future[GraphVersion | None]) -> None:
        self._running = None
        if not task.cancelled() and task.exception() is None and started >= self._known_since:
            version = task.result()
            if _token(version) != _token(self._known):
                self._on_change(version)
            self._known, self._known_since = version, started
        if self._queued is not None:
            queued, self._queued = self._queued, None
            self._start().add_done_callback(partial(_pass_on, queued))


def _token(version: GraphVersion | None) -> str | None:
    return version.token if version else None


def _retrieve(future: asyncio.Future[GraphVersion | None]) -> None:
    """Mark an error as seen: its waiters may all have gone (asyncio would log it)."""
    if not future.cancelled():
        future.exception()


def _pass_on(
    target: asyncio.Future[GraphVersion | None], source: asyncio.Future[GraphVersion | None]
) -> None:
    if source.cancelled():
        target.cancel()
    elif (error := source.exception()) is not None:
        target.set_exception(error)
    else:
        target.set_result(source.result())
