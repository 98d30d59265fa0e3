"""The warm-up covers every read the API runs and follows the server's starts; the plan gate
plans each statement once."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from neo4j.exceptions import Neo4jError, ServiceUnavailable

from api.health import check_readiness
from api.planning import PlanGate, plan_key
from api.reads import WARM_UPS
from api.repository import Reader, Row
from api.taxonomy import load_taxonomy
from api.warmup import Warmth, check_once
from kb.framework import framework_data
from kb.graph.queries import SORT_PROPERTIES
from tests.code_literals import literals_matching

_READ_NAME = re.compile(r"read/[a-z0-9_]+")


def read_names_in_api() -> set[str]:
    """Every read query name written in api/ (the queries the API runs)."""
    return literals_matching(_READ_NAME, "api")


class RecordingReader(Reader):
    """Records which named query (and sort) each call runs; answers one empty row."""

    def __init__(self) -> None:
        super().__init__(driver=None, database="neo4j")  # type: ignore[arg-type]
        self.calls: list[tuple[str, tuple[str, str] | None]] = []

    async def run(
        self, name: str, params: Any = None, *, sort: tuple[str, str] | None = None
    ) -> list[Row]:
        self.calls.append((name, sort))
        return [{"names": []}]


def warmed_calls() -> list[tuple[str, tuple[str, str] | None]]:
    reader = RecordingReader()
    taxonomy = load_taxonomy(framework_data())

    async def run_all() -> None:
        for warm_up in WARM_UPS:
            await warm_up.run(reader, taxonomy)

    asyncio.run(run_all())
    return reader.calls


def test_every_read_query_the_api_runs_has_a_warm_up() -> None:
    names = read_names_in_api()
    assert "read/risk_mitigators" in names  # the scan finds the API's queries
    assert sorted(names - {name for name, _ in warmed_calls()}) == []


def test_every_sort_of_the_vendor_page_is_warmed() -> None:
    sorts = {sort for name, sort in warmed_calls() if name == "read/vendors_page"}
    assert sorts == {None} | {("ranked", p) for p in SORT_PROPERTIES}


def test_a_warm_up_calls_its_read_once() -> None:
    assert len(warmed_calls()) == len(WARM_UPS)


def test_plan_key_tells_parameter_types_apart() -> None:
    assert plan_key("RETURN 1", {"a": None}) != plan_key("RETURN 1", {"a": "x"})
    assert plan_key("RETURN 1", {"a": "x", "b": 1}) == plan_key("RETURN 1", {"b": 2, "a": "y"})
    assert plan_key("RETURN 1", {}) != plan_key("RETURN 2", {})


class TimedOut(Neo4jError):
    code = "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"


class Server:
    """A fake server: counts plannings and executions; planning takes a little while."""

    def __init__(self, fail_executions: int = 0) -> None:
        self.plans = 0
        self.executions = 0
        self.fail_executions = fail_executions

    async def plan(self) -> None:
        self.plans += 1
        await asyncio.sleep(0.05)

    async def execute(self) -> str:
        self.executions += 1
        if self.fail_executions:
            self.fail_executions -= 1
            raise TimedOut("timed out")
        return "rows"


def test_concurrent_first_requests_share_one_planning() -> None:
    gate, server = PlanGate(), Server()
    key = plan_key("RETURN 1", {})

    async def burst() -> list[str]:
        return await asyncio.gather(
            *(gate.run(key, server.plan, server.execute) for _ in range(32))
        )

    assert asyncio.run(burst()) == ["rows"] * 32
    assert (server.plans, server.executions) == (1, 32)
    assert gate.is_planned(key)


def test_a_forgotten_plan_is_planned_again() -> None:
    gate, server = PlanGate(), Server()
    key = plan_key("RETURN 1", {})
    asyncio.run(gate.run(key, server.plan, server.execute))
    gate.forget()
    assert not gate.is_planned(key)
    asyncio.run(gate.run(key, server.plan, server.execute))
    assert server.plans == 2


def test_a_planned_statement_that_times_out_is_planned_again_and_run_once_more() -> None:
    gate, server = PlanGate(), Server()
    key = plan_key("RETURN 1", {})
    asyncio.run(gate.run(key, server.plan, server.execute))
    server.fail_executions = 1
    assert asyncio.run(gate.run(key, server.plan, server.execute)) == "rows"
    assert (server.plans, server.executions) == (2, 3)


def test_a_timeout_right_after_planning_is_not_retried() -> None:
    gate, server = PlanGate(), Server(fail_executions=2)
    key = plan_key("RETURN 1", {})
    with pytest.raises(TimedOut):
        asyncio.run(gate.run(key, server.plan, server.execute))
    assert (server.plans, server.executions) == (1, 1)


def test_a_failed_planning_leaves_the_statement_unplanned() -> None:
    gate = PlanGate()
    key = plan_key("RETURN 1", {})

    async def broken_plan() -> None:
        raise TimedOut("no")

    async def execute() -> str:
        return "rows"

    with pytest.raises(TimedOut):
        asyncio.run(gate.run(key, broken_plan, execute))
    assert not gate.is_planned(key)


class FakeDriver:
    """Answers SHOW DATABASES with the start time it is given ("" = unreachable)."""

    def __init__(self) -> None:
        self.started = "2026-12-07T01:00:00Z"

    async def execute_query(self, *args: Any, **kwargs: Any) -> tuple[list[Row], None, None]:
        if not self.started:
            raise ServiceUnavailable("down")
        return [{"started": self.started}], None, None


def test_a_new_start_of_the_database_forgets_the_plans_and_warms_up_again() -> None:
    driver, reader, warmth = FakeDriver(), RecordingReader(), Warmth()
    taxonomy = load_taxonomy(framework_data())
    key = plan_key("RETURN 1", {})

    async def look() -> None:
        await check_once(driver, reader, taxonomy, warmth)  # type: ignore[arg-type]

    async def plan() -> None:
        return None

    async def execute() -> None:
        return None

    asyncio.run(look())
    assert warmth.warm and len(reader.calls) == len(WARM_UPS)
    asyncio.run(reader.plans.run(key, plan, execute))
    asyncio.run(look())  # same start: nothing to do
    assert len(reader.calls) == len(WARM_UPS) and reader.plans.is_planned(key)

    driver.started = ""  # a look that fails (an outage, or a busy pool): not ready, plans kept
    asyncio.run(look())
    assert not warmth.warm and reader.plans.is_planned(key)
    driver.started = "2026-12-07T01:00:00Z"  # the same start: ready again, nothing re-planned
    asyncio.run(look())
    assert warmth.warm and reader.plans.is_planned(key)
    assert len(reader.calls) == len(WARM_UPS)
    driver.started = ""
    asyncio.run(look())
    driver.started = "2026-12-07T01:05:00Z"  # back after a restart
    asyncio.run(look())
    assert warmth.warm and not reader.plans.is_planned(key)
    assert len(reader.calls) == 2 * len(WARM_UPS)

    driver.started = "2026-12-07T01:09:00Z"  # a restart nobody saw as an outage
    asyncio.run(reader.plans.run(key, plan, execute))
    asyncio.run(look())
    assert warmth.warm and not reader.plans.is_planned(key)
    assert len(reader.calls) == 3 * len(WARM_UPS)


class ServerInfoDriver:
    """Answers get_server_info only (what /readyz asks the driver)."""

    async def get_server_info(self) -> Any:
        class Info:
            agent = "Neo4j/5.26.0"

        return Info()


class NoConstraintsReader:
    """A graph without the schema: constraint_names reads an empty list."""

    async def run(self, name: str, params: Any = None) -> list[Row]:
        assert name == "read/schema_constraints"
        return [{"names": []}]


def test_readyz_names_a_missing_schema_when_the_warm_up_keeps_failing() -> None:
    def reason(warmth: Warmth) -> str:
        readiness = asyncio.run(
            check_readiness(ServerInfoDriver(), NoConstraintsReader(), warmth)  # type: ignore[arg-type]
        )
        assert not readiness.ready
        return readiness.reason

    assert reason(Warmth()) == "warming"  # planning: answered at once, no query
    failed = reason(Warmth(failure="there is no such fulltext schema index: riskTexts"))
    assert failed.startswith("schema not applied: missing constraints ")
    assert "vendor_slug" in failed
