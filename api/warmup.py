"""Warm-up: every read the API runs is planned on the current Neo4j before /readyz says ready.

A task of the app's lifespan (`keep_warm`) asks Neo4j once a second when its database last
started (SHOW DATABASES, lastStartTime). Whenever that changes (the API starts, Neo4j restarted,
failed over, or came back after an outage) the reader's PlanGate forgets its plans and every
warm-up declared in api/reads.py runs once, in order, through the reader: each statement is
EXPLAINed with a long timeout by the gate, then run. /readyz answers 503 "warming" until the
pass is done. Requests that arrive meanwhile are answered all the same: they go through the
same gate, so at worst they wait for a planning in progress.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from neo4j import AsyncDriver
from neo4j.exceptions import DriverError, Neo4jError

from api.reads import WARM_UPS
from api.repository import Reader
from api.taxonomy import RiskTaxonomy
from kb.errors import KbError

log = logging.getLogger("api.warmup")

CHECK_INTERVAL = 1.0  # seconds between two looks at the server
_LAST_START = (
    "SHOW DATABASES YIELD name, lastStartTime WHERE name = $database "
    "RETURN toString(lastStartTime) AS started"
)


@dataclass
class Warmth:
    """Which server start the warm-up pass last completed for ("" = none yet)."""

    warmed_start: str = ""
    seen_start: str = ""
    failure: str = ""  # why the last pass stopped ("" = it did not fail)
    answered: bool = False  # the last look got the start time

    @property
    def warm(self) -> bool:
        return self.answered and bool(self.warmed_start) and self.warmed_start == self.seen_start


async def last_start(driver: AsyncDriver, database: str) -> str:
    """When `database` last started on the server the driver reaches; "" if it cannot say."""
    try:
        records, _, _ = await driver.execute_query(
            _LAST_START, database=database, routing_="r", database_="system"
        )
    except (DriverError, Neo4jError, OSError):
        return ""
    return str(records[0]["started"]) if records else ""


async def warm_every_read(reader: Reader, taxonomy: RiskTaxonomy) -> None:
    """Runs each warm-up of api/reads.py once (raises KbError when Neo4j fails on one)."""
    for warm_up in WARM_UPS:
        await warm_up.run(reader, taxonomy)


async def check_once(
    driver: AsyncDriver, reader: Reader, taxonomy: RiskTaxonomy, warmth: Warmth
) -> None:
    """One look at the server: warm up when its database started since the last pass."""
    started = await last_start(driver, reader.database)
    warmth.answered = bool(started)
    if not started:
        # Unreachable, or every connection busy: not ready until a look answers, since the
        # server may be restarting. The plans are kept: if the same start time comes back,
        # they are still on the server and /readyz is ready again at once.
        return
    if started != warmth.seen_start:
        if warmth.seen_start:  # not the API's first look: the server restarted, plans are gone
            reader.plans.forget()
            warmth.warmed_start = ""
        warmth.seen_start = started
    if warmth.warm:
        return
    try:
        await warm_every_read(reader, taxonomy)
    except KbError as error:
        if str(error) != warmth.failure:  # said once, not every second
            log.warning("warm-up interrupted, will retry: %s", error)
        warmth.failure = str(error)
        return
    warmth.failure = ""
    # A restart during the pass makes it count for nothing: the next look sees a new start.
    if await last_start(driver, reader.database) == started:
        warmth.warmed_start = started
        log.info("warm-up done: %d reads planned", len(WARM_UPS))


async def keep_warm(
    driver: AsyncDriver,
    reader: Reader,
    taxonomy: RiskTaxonomy,
    warmth: Warmth,
    interval: float = CHECK_INTERVAL,
) -> None:
    """Runs until cancelled (at shutdown)."""
    while True:
        try:
            await check_once(driver, reader, taxonomy, warmth)
        except Exception:  # a bug must not end the task: /readyz would say "warming" forever
            log.exception("warm-up failed, will retry")
        await asyncio.sleep(interval)
