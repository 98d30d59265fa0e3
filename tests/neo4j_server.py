"""Find a real Neo4j 5.26 for the test run; never skip.

In this order: NEO4J_URI if set; else a testcontainers `neo4j:5.26-community` when a Docker
engine answers; else the managed local server (kb neo4j) under `.kb/test`, auth off, on ports
KB_TEST_BOLT_PORT / KB_TEST_HTTP_PORT (17687 / 17474). A local server this test run started is
stopped at its end; one that was already running is reused and left running.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from kb import neo4j_local
from kb.errors import KbError
from kb.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
TEST_KB_HOME = ROOT / ".kb" / "test"
DOCKER_IMAGE = "neo4j:5.26-community"

_INSTALL_HINT = (
    "set NEO4J_URI to a Neo4j 5.26, or install Docker, "
    "or install Java 17+ and Maven so the suite can start a local server"
)


@dataclass(frozen=True)
class TestServer:
    __test__ = False  # not a test class, despite the name

    uri: str
    auth: tuple[str, str] | None
    how: str  # "NEO4J_URI", "testcontainers" or "managed local"
    # Neo4j Browser's address; from NEO4J_BROWSER_URL when the server is NEO4J_URI's.
    browser_url: str | None = None


def local_test_settings() -> Settings:
    """Settings of the suite's own managed server (also used by tests that need its ports)."""
    return Settings(
        _env_file=None,
        neo4j_uri=None,
        kb_home=TEST_KB_HOME,
        neo4j_bolt_port=int(os.environ.get("KB_TEST_BOLT_PORT", "17687")),
        neo4j_http_port=int(os.environ.get("KB_TEST_HTTP_PORT", "17474")),
        neo4j_auth=False,
    )


def docker_engine_answers() -> bool:
    """True when a Docker engine replies to a ping within two seconds."""
    try:
        import docker

        client = docker.from_env(timeout=2)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:  # no socket, no permission, no engine: all mean "no Docker here"
        return False


@contextmanager
def _from_env(uri: str) -> Iterator[TestServer]:
    password = os.environ.get("NEO4J_PASSWORD")
    auth = (os.environ.get("NEO4J_USER", "neo4j"), password) if password else None
    yield TestServer(
        uri=uri, auth=auth, how="NEO4J_URI", browser_url=os.environ.get("NEO4J_BROWSER_URL")
    )


@contextmanager
def _from_testcontainers() -> Iterator[TestServer]:
    from testcontainers.neo4j import Neo4jContainer

    with Neo4jContainer(image=DOCKER_IMAGE) as container:
        yield TestServer(
            uri=container.get_connection_url(),
            auth=(container.username, container.password),
            how="testcontainers",
            browser_url=f"http://localhost:{container.get_exposed_port(7474)}/browser/",
        )


@contextmanager
def _from_managed_local() -> Iterator[TestServer]:
    settings = local_test_settings()
    try:
        state = neo4j_local.start(settings)
    except KbError as error:
        pytest.fail(f"no Neo4j for the integration tests: {error} ({_INSTALL_HINT})", pytrace=False)
    try:
        yield TestServer(
            uri=state.bolt_uri, auth=None, how="managed local", browser_url=state.browser_url
        )
    finally:
        if not state.reused:
            neo4j_local.stop(settings)


@contextmanager
def acquire_server() -> Iterator[TestServer]:
    uri = os.environ.get("NEO4J_URI")
    if uri:
        source = _from_env(uri)
    elif docker_engine_answers():
        source = _from_testcontainers()
    else:
        source = _from_managed_local()
    with source as server:
        yield server


def copy_resolved_jars(home: Path) -> None:
    """Give the managed server at `home` (a KB_HOME) jars another one already resolved.

    Saves a Maven run (and 137 MB of downloads) per test home; without any, `start` resolves.
    """
    target = neo4j_local.Layout.at(home / "neo4j").jars
    if target.exists():
        return
    for other in (TEST_KB_HOME, ROOT / ".kb"):
        source = neo4j_local.Layout.at(other / "neo4j").jars
        if (source / ".complete").is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(source, target, symlinks=True)
            return
