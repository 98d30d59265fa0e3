"""The single-flight version reader: no request is answered from a read that started before
it arrived; concurrent requests share at most one read in flight and one queued (fakes)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from api.graph_version import VersionReader
from kb.graph.version import GraphVersion


def version(number: int) -> GraphVersion:
    return GraphVersion(f"token-{number}", number, datetime(2026, 1, 1, tzinfo=UTC))


class FakeGraph:
    """A version read that waits until the test lets it finish; answers what the graph holds
    when the read started."""

    def __init__(self) -> None:
        self.number = 1
        self.started: list[int] = []
        self.gates: list[asyncio.Event] = []

    async def fetch(self) -> GraphVersion:
        seen = self.number
        self.started.append(seen)
        gate = asyncio.Event()
        self.gates.append(gate)
        await gate.wait()
        return version(seen)


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


def test_a_request_arriving_during_a_read_waits_for_the_next_one() -> None:
    async def scenario() -> None:
        graph = FakeGraph()
        reader = VersionReader(graph.fetch)
        first = asyncio.create_task(reader.current())
        await settle()
        graph.number = 2  # a seed commits while the first read is in flight
        late = [asyncio.create_task(reader.current()) for _ in range(3)]
        await settle()
        assert graph.started == [1]  # the late requests queue; they do not start reads
        graph.gates[0].set()
        assert await first == version(1)
        await settle()
        assert graph.started == [1, 2]  # one queued read for all three, started after them
        graph.gates[1].set()
        assert [await task for task in late] == [version(2)] * 3
        assert reader.reads == 2

    asyncio.run(scenario())


def test_at_staleness_zero_every_request_reads_and_a_change_is_reported() -> None:
    async def scenario() -> None:
        changes: list[GraphVersion | None] = []
        graph = FakeGraph()
        reader = VersionReader(graph.fetch, on_change=changes.append)
        for number in (1, 1, 2):
            graph.number = number
            task = asyncio.create_task(reader.current())
            await settle()
            graph.gates[-1].set()
            assert await task == version(number)
        assert reader.reads == 3
        assert changes == [version(1), version(2)]

    asyncio.run(scenario())


def test_with_a_staleness_a_version_is_reused_only_while_its_read_is_younger() -> None:
    async def scenario() -> None:
        now = [100.0]
        graph = FakeGraph()
        reader = VersionReader(graph.fetch, 0.1, clock=lambda: now[0])
        task = asyncio.create_task(reader.current())
        await settle()
        now[0] = 100.05  # the read took 50 ms: its age counts from when it started
        graph.gates[0].set()
        assert await task == version(1)
        now[0] = 100.049
        assert await reader.current() == version(1)
        assert reader.reads == 1
        now[0] = 100.101
        graph.number = 2
        task = asyncio.create_task(reader.current())
        await settle()
        graph.gates[1].set()
        assert await task == version(2)

    asyncio.run(scenario())


def test_a_failed_read_fails_its_waiters_and_the_next_request_reads_again() -> None:
    async def scenario() -> None:
        calls = 0

        async def flaky() -> GraphVersion:
            nonlocal calls
            calls += 1
            await asyncio.sleep(0)
            if calls == 1:
                raise ConnectionError("Neo4j went away")
            return version(7)

        reader = VersionReader(flaky)
        with pytest.raises(ConnectionError):
            await reader.current()
        assert await reader.current() == version(7)

    asyncio.run(scenario())


def test_a_version_half_its_bound_old_is_served_and_refreshed_in_the_background() -> None:
    async def scenario() -> None:
        now = [100.0]
        graph = FakeGraph()
        reader = VersionReader(graph.fetch, 0.1, clock=lambda: now[0])
        task = asyncio.create_task(reader.current())
        await settle()
        graph.gates[0].set()
        assert await task == version(1)
        now[0] = 100.04  # younger than half the bound: no read
        assert await reader.current() == version(1)
        assert reader.reads == 1
        graph.number = 2
        now[0] = 100.06  # older than half: served at once, and a read starts behind it
        assert await reader.current() == version(1)
        assert reader.reads == 2
        await settle()
        graph.gates[1].set()
        await settle()
        now[0] = 100.105  # the first read is out of bounds; the one started at 100.06 is not
        assert await reader.current() == version(2)
        assert reader.reads == 2

    asyncio.run(scenario())
