"""One seed at a time per graph: a lock held in the graph itself, the way schema-migration tools
do it, so that seeds from other terminals, machines or containers wait for each other.

The lock is one (:SeedLock) node (docs/graph-model.md) naming its holder: an owner id, pid and
host, when it started, and when its lease runs out. The holder renews the lease from a thread
while it seeds and deletes the node at the end. A seed killed with SIGKILL leaves the node: the
next seed takes it at once when the holder's pid is gone on this host, else when its lease runs
out. Two seeds planning against the same graph state is what made one of them fail (two
creates of one node); waiting makes the second plan against what the first wrote.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j.exceptions import (
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from kb.errors import KbError, Neo4jUnavailable
from kb.graph.queries import cypher

# How long a holder that stops renewing (killed, or cut off) keeps the lock.
LEASE_SECONDS = 60
RENEW_SECONDS = 15
POLL_SECONDS = 0.5

# A fork (the parsing processes) waits for a renewal in flight: no child starts with a copy of
# a driver lock that the renewing thread held, and that nothing in the child would release.
_RENEWING = threading.Lock()
os.register_at_fork(
    before=_RENEWING.acquire,
    after_in_parent=_RENEWING.release,
    after_in_child=_RENEWING.release,
)


@dataclass(frozen=True)
class Holder:
    """Who holds the lock, as the lock node names it."""

    owner: str
    pid: int
    host: str
    started: str

    def __str__(self) -> str:
        return f"started {self.started} by pid {self.pid} on host {self.host}"


def _take(driver: neo4j.Driver, database: str, owner: str, replaces: str | None) -> Holder | None:
    """Take the lock in one transaction: None when taken, else who holds it. Auto-commit, so
    that a TransientError (a deadlock between two seeds creating the node) comes here, to be
    tried again at the next poll, instead of to the driver's retry and its warning on stderr."""
    with driver.session(database=database, default_access_mode=neo4j.WRITE_ACCESS) as session:
        parameters = {
            "owner": owner,
            "replaces": replaces,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "leaseSeconds": LEASE_SECONDS,
        }
        record = session.run(cypher("write/take_seed_lock"), parameters).single(strict=True)
    if record["taken"]:
        return None
    started: Any = record["startedAt"]
    return Holder(
        owner=record["owner"],
        pid=int(record["pid"]),
        host=record["host"],
        started=started.to_native().strftime("%Y-%m-%d %H:%M:%S UTC"),
    )


def _gone(holder: Holder) -> bool:
    """True when the holder is a process of this host that no longer runs (killed)."""
    if holder.host != socket.gethostname():
        return False  # another machine's or container's: only its lease tells
    import psutil  # only here: a seed that never waits does not pay for the import

    try:
        return psutil.Process(holder.pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _wait_and_take(
    driver: neo4j.Driver,
    database: str,
    owner: str,
    timeout_s: float,
    notify: Callable[[str], None],
) -> None:
    deadline = time.monotonic() + timeout_s
    replaces: str | None = None
    announced: Holder | None = None
    while True:
        try:
            holder = _take(driver, database, owner, replaces)
        except TransientError:
            holder = announced  # it changed hands at that very moment: look again
        except (ServiceUnavailable, SessionExpired) as error:
            raise Neo4jUnavailable(
                f"Neo4j went away while waiting for the seed lock ({type(error).__name__})"
            ) from None
        else:
            if holder is None:
                return
            if _gone(holder):
                replaces = holder.owner  # a killed seed's lock: taken over on the next try
                continue
        if time.monotonic() >= deadline:
            raise KbError(
                f"another seed{f' ({holder})' if holder else ''} still holds the graph's seed "
                f"lock after {timeout_s:g} s (SEED_LOCK_TIMEOUT); no evaluation was written; "
                "run kb seed again once it has ended"
            )
        if holder is not None and holder != announced:
            notify(f"waiting for another seed ({holder}); giving up after {timeout_s:g} s")
            announced = holder
        time.sleep(POLL_SECONDS)


def _renew_until(driver: neo4j.Driver, database: str, owner: str, stop: threading.Event) -> None:
    while not stop.wait(RENEW_SECONDS):
        # Neo4j gone: the seed's own next write says so.
        with _RENEWING, suppress(Neo4jError, DriverError):
            driver.execute_query(
                cypher("write/renew_seed_lock"),
                owner=owner,
                leaseSeconds=LEASE_SECONDS,
                database_=database,
                routing_=neo4j.RoutingControl.WRITE,
            )


def _release(driver: neo4j.Driver, database: str, owner: str) -> None:
    # Neo4j gone: the lease runs out; the error that ended the seed is the one to show.
    with suppress(Neo4jError, DriverError):
        driver.execute_query(
            cypher("write/release_seed_lock"),
            owner=owner,
            database_=database,
            routing_=neo4j.RoutingControl.WRITE,
        )


@contextmanager
def seed_lock(
    driver: neo4j.Driver,
    database: str,
    *,
    timeout_s: float,
    notify: Callable[[str], None],
) -> Iterator[None]:
    """Hold the graph's seed lock for the block, waiting up to `timeout_s` for another seed to
    end (`notify` is told once per holder). The schema must be applied (its constraint makes
    the lock node unique)."""
    owner = uuid.uuid4().hex
    _wait_and_take(driver, database, owner, timeout_s, notify)
    stop = threading.Event()
    renewer = threading.Thread(
        target=_renew_until, args=(driver, database, owner, stop), name="kb-seed-lock"
    )
    renewer.start()
    try:
        yield
    finally:
        stop.set()
        renewer.join()
        _release(driver, database, owner)
