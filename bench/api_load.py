"""A small closed-loop load generator: `concurrency` workers each send one request at a time.

Bounded twice: at most `max_requests` requests and at most `max_seconds` of wall time. Each
request is timed from send to the last byte read; a failed request (transport error, non-200
status, or a GraphQL `errors` entry) counts as an error and not as a latency sample.

The machine is shared (other tests and benchmarks come and go), so configurations are
never measured one after the other in long blocks: latency runs interleave them request by
request, and throughput runs rotate them in short slices, so a burst of outside load hits all
of them alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import neo4j
import psutil

from api.repository import read_rows

Call = Callable[[int], Awaitable[None]]


class RequestFailed(Exception):
    """A request the server did not answer properly."""


@dataclass
class Run:
    concurrency: int
    latencies: list[float] = field(default_factory=list)  # seconds, completed requests only
    errors: int = 0
    first_error: str = ""
    elapsed: float = 0.0

    @property
    def completed(self) -> int:
        return len(self.latencies)

    def percentile(self, q: float) -> float:
        """Nearest-rank percentile in milliseconds (q in 0..100)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
        return ordered[rank - 1] * 1000

    @property
    def throughput(self) -> float:
        return self.completed / self.elapsed if self.elapsed else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "concurrency": self.concurrency,
            "requests": self.completed,
            "errors": self.errors,
            "seconds": round(self.elapsed, 3),
            "p50_ms": round(self.percentile(50), 3),
            "p99_ms": round(self.percentile(99), 3),
            "mean_ms": round(statistics.fmean(self.latencies) * 1000, 3)
            if self.latencies
            else None,
            "throughput_rps": round(self.throughput, 2),
        }


async def closed_loop(
    call: Call, concurrency: int, max_requests: int, max_seconds: float, first_index: int = 0
) -> Run:
    """Requests first_index, first_index + 1, ... from `concurrency` workers, until a bound."""
    run = Run(concurrency)
    next_index = first_index
    last_index = first_index + max_requests
    deadline = time.perf_counter() + max_seconds

    async def worker() -> None:
        nonlocal next_index
        while next_index < last_index and time.perf_counter() < deadline:
            index = next_index
            next_index += 1
            start = time.perf_counter()
            try:
                await call(index)
            except Exception as error:  # every failure is counted; none stops the run
                run.errors += 1
                run.first_error = run.first_error or f"{type(error).__name__}: {error}"[:300]
                continue
            run.latencies.append(time.perf_counter() - start)

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    run.elapsed = time.perf_counter() - start
    return run


async def interleaved(
    calls: dict[str, Call], max_rounds: int, max_seconds: float
) -> dict[str, Run]:
    """Latency at concurrency 1: round n sends request n to each configuration in turn."""
    runs = {name: Run(1) for name in calls}
    deadline = time.perf_counter() + max_seconds
    for n in range(max_rounds):
        if time.perf_counter() >= deadline:
            break
        for name, call in calls.items():
            run = runs[name]
            start = time.perf_counter()
            try:
                await call(n)
            except Exception as error:  # every failure is counted; none stops the run
                run.errors += 1
                run.first_error = run.first_error or f"{type(error).__name__}: {error}"[:300]
                continue
            took = time.perf_counter() - start
            run.latencies.append(took)
            run.elapsed += took
    return runs


async def rotated(
    calls: dict[str, Call], concurrency: int, rounds: int, slice_seconds: float
) -> dict[str, Run]:
    """Throughput: each configuration in turn gets a closed-loop slice, `rounds` times over."""
    runs = {name: Run(concurrency) for name in calls}
    for _ in range(rounds):
        for name, call in calls.items():
            run = runs[name]
            part = await closed_loop(
                call, concurrency, 1_000_000, slice_seconds, first_index=run.completed + run.errors
            )
            run.latencies += part.latencies
            run.errors += part.errors
            run.first_error = run.first_error or part.first_error
            run.elapsed += part.elapsed
    return runs


async def cpu_per_call(
    call: Call, meters: dict[str, Callable[[], float]], requests: int
) -> dict[str, float]:
    """Mean CPU milliseconds per request of each metered process, requests sent one at a time
    (so each process's CPU belongs to these requests alone)."""
    before = {name: meter() for name, meter in meters.items()}
    for n in range(requests):
        await call(n)
    return {name: (meter() - before[name]) / requests * 1000 for name, meter in meters.items()}


def graphql_call(
    client: aiohttp.ClientSession,
    url: str,
    document: str,
    variables: Callable[[int], dict[str, Any]],
) -> Call:
    """POST the document with request n's variables; errors in the answer raise.

    aiohttp, not httpx: at concurrency 1 the client's own CPU is part of every measured
    latency, and httpx spent 1.6-1.8 ms of it per request against aiohttp's 0.3-0.6 ms."""

    async def call(n: int) -> None:
        async with client.post(url, json={"query": document, "variables": variables(n)}) as answer:
            body = await answer.read()
        # A byte search, not a JSON parse: the client shares 2 cores with the servers.
        if answer.status != 200 or b'"errors":' in body:
            raise RequestFailed(f"HTTP {answer.status}: {body[:300]!r}")

    return call


def driver_call(
    driver: neo4j.AsyncDriver, database: str, text: str, params: Callable[[int], dict[str, Any]]
) -> Call:
    """The floor: the statement through the driver exactly as the API's reader sends it
    (api.repository.read_rows: one auto-commit READ transaction, rows as dicts)."""

    async def call(n: int) -> None:
        await read_rows(driver, database, text, params(n))

    return call


class RssSampler:
    """Samples a process's resident memory in the background while load runs."""

    def __init__(self, rss: Callable[[], int], interval: float = 0.2) -> None:
        self.rss = rss
        self.interval = interval
        self.peak = 0
        self.samples: list[int] = []
        self._task: asyncio.Task[None] | None = None

    async def _loop(self) -> None:
        while True:
            try:
                value = self.rss()
            except psutil.Error:
                return
            self.samples.append(value)
            self.peak = max(self.peak, value)
            await asyncio.sleep(self.interval)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
