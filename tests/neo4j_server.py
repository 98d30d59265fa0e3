"""Find a real Neo4j for the test run (to be completed: testcontainers, managed local server)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class TestServer:
    __test__ = False  # not a test class, despite the name

    uri: str
    auth: tuple[str, str] | None
    how: str  # "NEO4J_URI", "testcontainers" or "managed local"


@contextmanager
def acquire_server() -> Iterator[TestServer]:
    uri = os.environ.get("NEO4J_URI")
    if uri:
        password = os.environ.get("NEO4J_PASSWORD")
        auth = (os.environ.get("NEO4J_USER", "neo4j"), password) if password else None
        yield TestServer(uri=uri, auth=auth, how="NEO4J_URI")
        return
    pytest.fail(
        "integration tests need Neo4j 5.26: set NEO4J_URI, or install Docker, "
        "or install Java 17+ and Maven so the suite can start a local server",
        pytrace=False,
    )
