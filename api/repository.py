"""Read access to the graph: every query the API runs goes through `Reader.run`.

One call of `run` is one Cypher round trip: an auto-commit transaction in READ access mode, so a
bug cannot write (the server refuses with Neo.ClientError.Statement.AccessMode). Auto-commit
rather than `execute_read`: a managed transaction costs a second round trip (BEGIN and RUN go
together, COMMIT on its own), which for a 2 ms query is a third of its time; a read has nothing
to commit (docs/decisions/0004-auto-commit-reads.md). Each question has a named query in
cypher/read/ and a function in api/reads.py that calls `run` once; the API benchmark's floor
sends the same statements through `read_rows`, as `run` does.

Neo4j down must fail at once, not hang: the driver is built with short connection and
acquisition timeouts, and auto-commit transactions are never retried by the driver. Instead
`run` retries exactly once,
immediately, when a pooled connection turns out to be dead (Neo4j restarted): the driver has
dropped the pool by then, so the retry opens a fresh connection; a dead connection also means
the server may have restarted with an empty plan cache, so the reader's PlanGate forgets what
it had planned (api/planning.py: each statement is planned once, with a long timeout, before
it runs under TRANSACTION_TIMEOUT).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase
from neo4j.exceptions import (
    ConnectionPoolError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from api.metrics import Metrics
from api.planning import PLAN_TIMEOUT, PlanGate, plan_key
from kb.errors import KbError, Neo4jUnavailable
from kb.graph.queries import cypher, sorted_by
from kb.settings import Settings

log = logging.getLogger("api.repository")

# Seconds. Short on purpose: a request never waits long for a database that is not there.
CONNECTION_TIMEOUT = 2.0
ACQUISITION_TIMEOUT = 3.0
TRANSACTION_TIMEOUT = 10.0  # server-side bound on any one read
POOL_SIZE = 50


class QueryFailed(KbError):
    """Neo4j refused a query (a bug on our side); the API reports it as INTERNAL."""


def create_driver(settings: Settings) -> AsyncDriver:
    return AsyncGraphDatabase.driver(
        settings.effective_neo4j_uri,
        auth=settings.neo4j_auth_tuple(),
        connection_timeout=CONNECTION_TIMEOUT,
        connection_acquisition_timeout=ACQUISITION_TIMEOUT,
        # A guard only: the API runs no managed transactions, whose retry loop this bounds.
        max_transaction_retry_time=0.0,
        max_connection_pool_size=POOL_SIZE,
        user_agent="tbi-kb-api",
        # Warnings about unknown property keys (e.g. optional link notes) are not errors.
        notifications_min_severity="OFF",
    )


Row = dict[str, Any]


class Reader:
    """Runs named read queries on one database."""

    def __init__(
        self,
        driver: AsyncDriver,
        database: str,
        metrics: Metrics | None = None,
        plans: PlanGate | None = None,
    ) -> None:
        self.driver = driver
        self.database = database
        self.metrics = metrics
        self.plans = plans or PlanGate()  # shared by readers of one server (the warm-up's)

    async def run(
        self,
        name: str,
        params: Mapping[str, Any] | None = None,
        *,
        sort: tuple[str, str] | None = None,
    ) -> list[Row]:
        """The rows of cypher/NAME.cypher (e.g. "read/vendor_evaluation") run with `params`;
        `sort` = (variable, property) sorts that variable by an allow-listed property instead of
        the one the file is written with (kb.graph.queries.sorted_by)."""
        text = cypher(name) if sort is None else sorted_by(name, *sort)
        return await self.run_cypher(text, dict(params or {}))

    async def run_cypher(self, text: str, params: dict[str, Any]) -> list[Row]:
        try:
            try:
                return await self._read(text, params)
            except (ServiceUnavailable, SessionExpired):
                self.plans.forget()
                return await self._read(text, params)
        except (ServiceUnavailable, SessionExpired) as error:
            self._count("unavailable")
            log.warning("Neo4j unavailable: %s", error)
            raise Neo4jUnavailable("Neo4j is not reachable") from None
        except Neo4jError as error:
            if _busy(error):
                # Not our bug: the server is starting, overloaded or hit the time limit.
                self._count("busy")
                log.warning("Neo4j busy: %s", error.code)
                raise Neo4jUnavailable("Neo4j did not answer in time") from None
            self._count("query")
            log.error("Neo4j refused a read: %s", error)
            raise QueryFailed("a read query failed") from error
        except ConnectionPoolError as error:
            # Every pooled connection busy for ACQUISITION_TIMEOUT: load, not a bug.
            self._count("busy")
            log.warning("Neo4j busy: %s", type(error).__name__)
            raise Neo4jUnavailable("Neo4j did not answer in time") from None
        except DriverError as error:
            self._count("query")
            log.error("Neo4j refused a read: %s", error)
            raise QueryFailed("a read query failed") from error

    async def _read(self, text: str, params: dict[str, Any]) -> list[Row]:
        async def plan() -> None:
            await read_rows(
                self.driver, self.database, f"EXPLAIN {text}", params, timeout=PLAN_TIMEOUT
            )

        async def execute() -> list[Row]:
            return await read_rows(self.driver, self.database, text, params)

        return await self.plans.run(plan_key(text, params), plan, execute)

    def _count(self, kind: str) -> None:
        if self.metrics is not None:
            self.metrics.neo4j_errors.labels(kind).inc()


def _busy(error: Neo4jError) -> bool:
    """Transient errors and transaction timeouts: worth a retry by the client, later."""
    return error.is_retryable() or (error.code or "").startswith(
        "Neo.ClientError.Transaction.TransactionTimedOut"
    )


async def read_rows(
    driver: AsyncDriver,
    database: str,
    text: str,
    params: dict[str, Any],
    *,
    timeout: float = TRANSACTION_TIMEOUT,
) -> list[Row]:
    """The statement's rows as dicts, run in one auto-commit READ transaction.

    `dict(record)`, not `Result.data()`: the read queries return only maps, lists and scalars,
    which the driver has already turned into Python values, so .data()'s second walk through
    every nested value is pure cost (about a third of the client's CPU on a large answer)."""
    async with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        result = await session.run(neo4j.Query(text, timeout=timeout), params)
        return [dict(record) async for record in result]
