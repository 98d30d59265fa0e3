"""/healthz, /readyz and Neo4j being unreachable."""

from __future__ import annotations

import socket
from typing import Any

import neo4j
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kb.graph.schema import apply_schema
from tests.neo4j_server import TestServer


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_readyz_reports_the_neo4j_version(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["neo4j"].startswith("5.26.")


def test_readyz_is_503_while_a_constraint_is_missing(
    client: TestClient, seeded: neo4j.Driver
) -> None:
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
