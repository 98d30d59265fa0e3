"""Neo4j stops and comes back: the same running API answers UNAVAILABLE, then answers again.

Uses a managed local server of its own (kb.neo4j_local) in a temporary KB home on ports the OS
hands out, so neither the shared test server, a benchmark's server (47687, 57687) nor another
run of this test is touched.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kb import neo4j_local
from kb.settings import Settings
from tests.integration.api.live import two_free_ports, wait_until_ready
from tests.integration.graph_helpers import SEEDS, seed
from tests.neo4j_server import TestServer

ROOT = Path(__file__).resolve().parents[3]


def local_settings(home: Path) -> Settings:
    bolt, http = two_free_ports()
    return Settings(
        _env_file=None,
        neo4j_uri=None,
        kb_home=home,
        neo4j_bolt_port=bolt,
        neo4j_http_port=http,
        neo4j_auth=False,
    )


def reuse_resolved_jars(settings: Settings) -> None:
    """Copy jars another managed server already resolved, so Maven need not run again."""
    target = neo4j_local.Layout.at(settings.neo4j_home).jars
    for home in (ROOT / ".kb" / "test", ROOT / ".kb"):
        source = neo4j_local.Layout.at(home / "neo4j").jars
        if (source / ".complete").is_file() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(source, target, symlinks=True)
            return


@pytest.fixture
def restartable(tmp_path: Path) -> Iterator[Settings]:
    settings = local_settings(tmp_path / "kb")
    reuse_resolved_jars(settings)
    neo4j_local.start(settings)
    try:
        yield settings
    finally:
        neo4j_local.stop(settings)


@pytest.mark.timeout(1200)  # two warm-ups of a cold server (api/warmup.py)
def test_api_answers_again_after_neo4j_restarts(
    restartable: Settings, api_settings_for: Any
) -> None:
    uri = restartable.local_bolt_uri
    with neo4j.GraphDatabase.driver(uri, auth=None) as driver:
        assert seed(driver, SEEDS).ok
    server = TestServer(uri=uri, auth=None, how="managed local")
    query = {"query": "{ layers { id vendorCount } }"}

    with TestClient(create_app(api_settings_for(server))) as client:
        assert len(client.post("/graphql", json=query).json()["data"]["layers"]) == 7
        wait_until_ready(client)

        neo4j_local.stop(restartable)
        down = client.post("/graphql", json=query).json()
        assert down["errors"][0]["extensions"] == {"code": "UNAVAILABLE"}
        assert client.get("/readyz").status_code == 503

        neo4j_local.start(restartable)
        # While the restarted database warms up a request may still be refused, but only as
        # UNAVAILABLE; then the same app answers, with no restart of its own.
        answer = None
        for _ in range(60):
            body = client.post("/graphql", json=query).json()
            if "errors" not in body:
                answer = body
                break
            assert body["errors"][0]["extensions"] == {"code": "UNAVAILABLE"}, body
            time.sleep(1)
        assert answer is not None, "the API never answered after Neo4j came back"
        assert [x["vendorCount"] for x in answer["data"]["layers"]] == [4, 2, 1, 3, 3, 3, 3]
        # Ready again once every read is planned on the restarted server (api/warmup.py).
        wait_until_ready(client)
