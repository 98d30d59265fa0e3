"""The API's first minute after Neo4j starts: /readyz says ready only once every read is
planned, and no request fails because a plan is being built (restart, re-plan).

A managed local server of its own (temporary KB home, ports the OS hands out) is restarted
under a live API (uvicorn, its own process); the bursts are 32 loopback clients for 20 s.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import neo4j
import pytest

from bench.corpus import generate_corpus
from kb import neo4j_local
from kb.settings import Settings
from tests.integration.api.live import (
    MIXED,
    READY_TIMEOUT,
    ask,
    burst,
    live_api,
    readiness,
    two_free_ports,
)
from tests.integration.graph_helpers import SEEDS, seed
from tests.neo4j_server import copy_resolved_jars

Q1_DOCUMENT, Q1_VARIABLES = MIXED[0]
REPLAN_VENDORS = 500  # 21 -> 521 vendors: statistics far past Neo4j's divergence threshold


@pytest.fixture(scope="module")
def cold_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    home = tmp_path_factory.mktemp("cold-start") / "kb"
    bolt, http = two_free_ports()
    settings = Settings(
        _env_file=None,
        neo4j_uri=None,
        kb_home=home,
        neo4j_bolt_port=bolt,
        neo4j_http_port=http,
        neo4j_auth=False,
    )
    copy_resolved_jars(home)
    neo4j_local.start(settings)
    try:
        with neo4j.GraphDatabase.driver(settings.local_bolt_uri, auth=None) as driver:
            assert seed(driver, SEEDS).ok
        yield settings
    finally:
        neo4j_local.stop(settings)


def readiness_until_ready(url: str) -> list[tuple[int, str]]:
    """Every change of /readyz's (status, reason), polled until it answers 200."""
    seen: list[tuple[int, str]] = []
    deadline = time.monotonic() + READY_TIMEOUT
    while not seen or seen[-1][0] != 200:
        assert time.monotonic() < deadline, f"/readyz never turned 200: {seen}"
        state = readiness(url)
        if not seen or seen[-1] != state:
            seen.append(state)
        time.sleep(0.1)
    return seen


@pytest.fixture(scope="module")
def api(cold_server: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("cold-start-api") / "api.log"
    with live_api(cold_server.local_bolt_uri, log) as url:
        readiness_until_ready(url)
        yield url


@pytest.mark.timeout(1200)
def test_after_a_restart_ready_waits_for_the_warm_up_and_a_burst_gets_no_error(
    cold_server: Settings, api: str
) -> None:
    before = ask(api, Q1_DOCUMENT, Q1_VARIABLES, timeout=60)
    assert "errors" not in before and before["data"]["mitigatingTools"]

    neo4j_local.stop(cold_server)
    assert readiness(api) == (503, "Neo4j is not reachable")
    neo4j_local.start(cold_server)
    with ThreadPoolExecutor(max_workers=1) as pool:
        # The first Q1 goes out as soon as Bolt answers, before the warm-up is done.
        first_q1 = pool.submit(ask, api, Q1_DOCUMENT, Q1_VARIABLES, READY_TIMEOUT)
        seen = readiness_until_ready(api)
        first = first_q1.result(timeout=READY_TIMEOUT)

    assert first == before
    assert (503, "warming") in seen, seen
    assert all(status == 503 for status, _ in seen[:-1]), seen
    assert seen[-1] == (200, "")

    result = burst(api)
    assert result.errors == []
    assert result.answers >= len(MIXED)


@pytest.mark.timeout(1200)
def test_re_plans_after_a_large_seed_fail_no_request(
    cold_server: Settings, api: str, tmp_path: Path
) -> None:
    readiness_until_ready(api)
    corpus = tmp_path / "corpus"
    generate_corpus(REPLAN_VENDORS, corpus)
    with neo4j.GraphDatabase.driver(cold_server.local_bolt_uri, auth=None) as driver:
        assert seed(driver, corpus).ok
        # On top of the statistics' move, drop every plan: each read is re-planned at once.
        driver.execute_query("CALL db.clearQueryCaches()")

    result = burst(api)
    assert result.errors == []
    assert result.answers >= len(MIXED)
    assert readiness(api) == (200, "")
