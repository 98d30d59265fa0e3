"""/healthz, /readyz and Neo4j being unreachable."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import neo4j
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.repository import Reader
from kb.errors import Neo4jUnavailable
from kb.graph.schema import apply_schema
from tests.integration.api.live import wait_until_ready
from tests.neo4j_server import TestServer


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


@pytest.mark.timeout(600)  # a cold server plans every read first (api/warmup.py)
def test_readyz_reports_the_neo4j_version(client: TestClient) -> None:
    wait_until_ready(client)
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["neo4j"].startswith("5.26.")


@pytest.mark.timeout(600)
def test_readyz_is_503_while_a_constraint_is_missing(
    client: TestClient, seeded: neo4j.Driver
) -> None:
    wait_until_ready(client)
    seeded.execute_query("DROP CONSTRAINT vendor_slug")
    try:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["reason"] == "schema not applied: missing constraints vendor_slug"
    finally:
        apply_schema(seeded, "neo4j")
    assert client.get("/readyz").status_code == 200


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.timeout(60)  # a hang guard, not a speed test: without it a hang blocks the suite
def test_neo4j_down_gives_unavailable_and_503(
    neo4j_server: TestServer, api_settings_for: Any
) -> None:
    settings = api_settings_for(neo4j_server, neo4j_uri=f"bolt://127.0.0.1:{unused_port()}")
    with TestClient(create_app(settings)) as down:
        assert down.get("/healthz").status_code == 200
        ready = down.get("/readyz")
        assert (ready.status_code, ready.json()) == (
            503,
            {"status": "not ready", "reason": "Neo4j is not reachable"},
        )
        body = down.post("/graphql", json={"query": "{ layers { id } }"}).json()
        assert body == {
            "data": {"layers": None},
            "errors": [
                {
                    "message": "The knowledge base is unavailable; try again shortly.",
                    "locations": [{"line": 1, "column": 3}],
                    "path": ["layers"],
                    "extensions": {"code": "UNAVAILABLE"},
                }
            ],
        }
        metrics = down.get("/metrics").text
        assert 'kb_neo4j_errors_total{kind="unavailable"} 1.0' in metrics


def test_a_pool_with_no_free_connection_is_unavailable_not_internal(
    neo4j_server: TestServer, seeded: neo4j.Driver
) -> None:
    """Every connection busy past the acquisition timeout is load (UNAVAILABLE, retry later),
    not a bug in a query (it was INTERNAL, with a traceback in the log)."""

    async def read_while_the_only_connection_is_held() -> str:
        driver = neo4j.AsyncGraphDatabase.driver(
            neo4j_server.uri,
            auth=neo4j_server.auth,
            max_connection_pool_size=1,
            connection_acquisition_timeout=0.5,
        )
        try:
            async with driver.session(database="neo4j") as holder:
                transaction = await holder.begin_transaction()
                try:
                    await Reader(driver, "neo4j").run("read/layers_overview", {"top": 1})
                except Neo4jUnavailable as refused:
                    return str(refused)
                finally:
                    await transaction.rollback()
            return "answered"
        finally:
            await driver.close()

    assert asyncio.run(read_while_the_only_connection_is_held()) == "Neo4j did not answer in time"
