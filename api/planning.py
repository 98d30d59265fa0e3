"""Plan each statement once per server, before it runs under the transaction timeout.

Neo4j counts planning in a transaction's timeout, and a cold server plans slowly (the JVM has
not compiled its planner yet): Q1's first plan took 9.6 s of its 10 s. Neo4j also lets every
concurrent first request plan the same statement on its own, so a burst of first requests
shares two cores between as many plannings and all of them time out.

`PlanGate` keeps, per server, the statements known to be planned (statement text plus the
types of its parameters: Neo4j plans once per combination). The first request for a statement
that is not known EXPLAINs it with a long timeout (EXPLAIN plans and caches the plan without
running it), the other requests for it wait for that one planning, then all run as usual. When
a planned statement times out (Neo4j re-plans after the graph's statistics moved, e.g. a large
`kb seed`), it is planned once more the same way and run again, once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from neo4j.exceptions import Neo4jError

T = TypeVar("T")

# Seconds a planning may take: a cold server planned Q1 in 9.6 s on a busy 2-core machine.
PLAN_TIMEOUT = 120.0

PlanKey = tuple[str, tuple[tuple[str, str], ...]]


def plan_key(text: str, params: Mapping[str, Any]) -> PlanKey:
    """What Neo4j caches a plan under: the statement and its parameters' types (the driver
    maps each Python type the API sends to one Cypher type; None is a type of its own)."""
    return text, tuple(sorted((name, type(value).__name__) for name, value in params.items()))


def timed_out(error: BaseException) -> bool:
    """The server ended the transaction at its timeout (planning counts)."""
    return isinstance(error, Neo4jError) and (error.code or "").startswith(
        "Neo.ClientError.Transaction.TransactionTimedOut"
    )


class PlanGate:
    """Which statements the current server has planned; one planning at a time per statement."""

    def __init__(self) -> None:
        self._planned: set[PlanKey] = set()
        self._locks: dict[PlanKey, asyncio.Lock] = {}
        self._generation = 0  # bumped by `forget`: a planning begun before it counts for nothing

    def forget(self) -> None:
        """The server restarted (or may have): nothing is planned there any more."""
        self._planned.clear()
        self._generation += 1

    def is_planned(self, key: PlanKey) -> bool:
        return key in self._planned

    async def run(
        self,
        key: PlanKey,
        plan: Callable[[], Awaitable[object]],
        execute: Callable[[], Awaitable[T]],
    ) -> T:
        """`execute()` once `key` is planned (by `plan()`, called by one request at a time);
        if a planned statement times out, plan it again and execute once more."""
        replanned = await self._ensure_planned(key, plan)
        try:
            return await execute()
        except Neo4jError as error:
            if replanned or not timed_out(error):
                raise
            self._planned.discard(key)
            await self._ensure_planned(key, plan)
            return await execute()

    async def _ensure_planned(self, key: PlanKey, plan: Callable[[], Awaitable[object]]) -> bool:
        """Plan `key` unless known planned; True when this call waited for a planning."""
        if key in self._planned:
            return False
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            if key not in self._planned:
                generation = self._generation
                await plan()
                if generation == self._generation:
                    self._planned.add(key)
        return True
