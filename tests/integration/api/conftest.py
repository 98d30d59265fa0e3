"""API fixtures: the seed corpus in the test Neo4j, and an HTTP client on a real app.

The graph is wiped and seeded from seeds/ once per test module (other suites wipe the shared
database per test); the API only reads, so tests within a module share it.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest

from api.app import create_app
from api.repository import Reader
from kb.settings import Settings
from tests.integration.graph_helpers import seeded_graph
from tests.neo4j_server import TestServer

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about httpx2
    from fastapi.testclient import TestClient

GraphQL = Callable[..., dict[str, Any]]


def api_settings(server: TestServer, **overrides: Any) -> Settings:
    user, password = server.auth or ("neo4j", "unused")
    values: dict[str, Any] = {
        "_env_file": None,
        "neo4j_uri": server.uri,
        "neo4j_user": user,
        "neo4j_password": password,
        "kb_env": "development",
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="module")
def seeded(driver: neo4j.Driver) -> neo4j.Driver:
    return seeded_graph(driver)


@pytest.fixture(scope="module")
def client(neo4j_server: TestServer, seeded: neo4j.Driver) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings(neo4j_server))) as test_client:
        yield test_client


def post(test_client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    response = test_client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def gql(client: TestClient) -> GraphQL:
    """POST a query (with variables as keyword arguments) and return the JSON body."""

    def run(query: str, **variables: Any) -> dict[str, Any]:
        return post(client, query, **variables)

    return run


class RoundTrips:
    """Counts Reader.run calls (one call = one Cypher round trip) on a live app, from an empty
    response cache (tests in a module share their app; an answer cached by an earlier test
    would run no query at all). The cache's version reads are not among them."""

    def __init__(self, reader: Reader, response_store: Any = None) -> None:
        if response_store is not None:
            response_store.clear()
        self.names: list[str] = []
        self.params: list[dict[str, Any]] = []
        self._run = reader.run

        async def counted(name: str, params: Any = None, **options: Any) -> Any:
            self.names.append(name)
            self.params.append(dict(params or {}))
            return await self._run(name, params, **options)

        reader.run = counted  # type: ignore[method-assign]
        self._reader = reader

    @property
    def count(self) -> int:
        return len(self.names)

    def restore(self) -> None:
        del self._reader.run  # the instance attribute; the class method shows again


@pytest.fixture
def round_trips(client: TestClient) -> Iterator[RoundTrips]:
    state = client.app.state  # type: ignore[attr-defined]
    counter = RoundTrips(state.reader, getattr(state, "response_store", None))
    yield counter
    counter.restore()


@pytest.fixture(scope="session")
def round_trips_on() -> Callable[[TestClient], RoundTrips]:
    """For tests with their own app: start counting its round trips."""

    def start(test_client: TestClient) -> RoundTrips:
        state = test_client.app.state  # type: ignore[attr-defined]
        return RoundTrips(state.reader, getattr(state, "response_store", None))

    return start


@pytest.fixture(scope="session")
def api_settings_for() -> Callable[..., Settings]:
    """Settings for an app on the test server, with overrides (kb_env, cors_origins, ...)."""
    return api_settings


@pytest.fixture(scope="module")
def app_serving(neo4j_server: TestServer, seeded: neo4j.Driver) -> Callable[..., TestClient]:
    """app_serving(dist, **settings): a client (not yet started) on an app over the seed corpus
    that serves the web build in `dist` (its persisted-documents.json is the manifest)."""

    def build(dist: Path, **overrides: Any) -> TestClient:
        return TestClient(create_app(api_settings(neo4j_server, kb_web_dist=dist, **overrides)))

    return build
