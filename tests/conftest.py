"""Shared fixtures. Integration tests get a real Neo4j 5.26 and never skip.

Where the server comes from (tests/neo4j_server.py): NEO4J_URI if set; else testcontainers
when a Docker engine answers; else the managed local server (kb neo4j). If none can be had the
run fails and says what to install.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from tests.browser import chromium, chromium_path  # noqa: F401 (fixtures for every test)
from tests.neo4j_server import TestServer, acquire_server

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration" in item.path.as_posix():
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[TestServer]:
    with acquire_server() as server:
        yield server


@pytest.fixture(scope="session")
def driver(neo4j_server: TestServer) -> Iterator[neo4j.Driver]:
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as drv:
        drv.verify_connectivity()
        yield drv
