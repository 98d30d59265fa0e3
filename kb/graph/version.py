"""The graph version: one (:GraphVersion {id: 'graph'}) node that every transaction changing
the graph moves, as its last statement, in that same transaction (docs/graph-model.md).

Its `token` is a random UUID, new on every change, so that a reader holding a token knows the
graph has not changed since (a restored backup or a wiped and re-seeded graph gets a new one;
a counter alone could come back to a value it had); `number` counts changes for people, and
`changedAt` says when. A transaction that changes nothing never runs the bump, so a re-seed of
unchanged files leaves the version alone (and so do the seed lock's own writes).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import neo4j

from kb.errors import KbError
from kb.graph.driver import open_driver
from kb.graph.queries import cypher
from kb.settings import Settings


@dataclass(frozen=True)
class GraphVersion:
    token: str
    number: int
    changed_at: datetime

    def __str__(self) -> str:
        return f"{self.number} (changed {self.changed_at.isoformat(timespec='seconds')})"


def bump_version(tx: neo4j.ManagedTransaction) -> None:
    """Move the version inside the caller's changing transaction."""
    tx.run(cypher("write/bump_graph_version")).consume()


def version_of(record: Any) -> GraphVersion | None:
    """A read/graph_version record (or None: no change recorded yet) as a GraphVersion."""
    if record is None:
        return None
    changed: Any = record["changedAt"]
    return GraphVersion(
        token=str(record["token"]),
        number=int(record["number"]),
        changed_at=changed.to_native() if hasattr(changed, "to_native") else changed,
    )


def read_version(driver: neo4j.Driver, database: str) -> GraphVersion | None:
    """The current version; None when no change has been recorded yet."""
    records, _, _ = driver.execute_query(
        cypher("read/graph_version"), database_=database, routing_=neo4j.RoutingControl.READ
    )
    return version_of(records[0] if records else None)


def describe_version(settings: Settings) -> str:
    """The graph version for a start-up line: number and time of the last change (never
    the URI's credentials: open_driver names the URI only)."""
    try:
        with open_driver(settings) as driver:
            version = read_version(driver, settings.neo4j_database)
    except (KbError, neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as error:
        return f"unknown ({error if isinstance(error, KbError) else type(error).__name__})"
    return str(version) if version else "none yet (no change recorded)"


@contextmanager
def changes_visible_on_exit(
    driver: neo4j.Driver, database: str, staleness_s: float
) -> Iterator[None]:
    """When the block moved the graph version, wait `staleness_s` before leaving: an API
    reuses a version it learned for at most that long (KB_CACHE_MAX_STALENESS_MS), so once
    the block is left no API answers from the graph as it was before."""
    if staleness_s <= 0:
        yield
        return
    before = read_version(driver, database)
    yield
    after = read_version(driver, database)
    if after is not None and (before is None or after.token != before.token):
        time.sleep(staleness_s)
