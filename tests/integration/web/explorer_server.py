"""The API and the built explorer in a thread, for the browser tests."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import uvicorn

from api.app import create_app
from kb.settings import Settings
from tests.integration.graph_helpers import ROOT
from tests.neo4j_server import TestServer

WEB_DIST = ROOT / "web" / "dist"
# Values for every variable the explorer's documents take (each ignores the others' names).
WARM_UP_VARIABLES = {
    "slug": "argilla",
    "slugs": ["argilla", "cerbos"],
    "depth": 1,
    "riskText": "ABAC authorization",
    "text": "annotation",
    "olderThanDays": 365,
    "filter": {"layer": "L7"},
    "profile": "healthcare",
    "picks": [{"layer": "L7", "vendor": "argilla"}],
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Explorer:
    url: str


def serve(settings: Settings) -> Iterator[Explorer]:
    """The API (and the built explorer) in a thread on a free port, for the module's tests."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the API did not start for the browser tests", pytrace=False)
        time.sleep(0.05)
    try:
        explorer = Explorer(f"http://127.0.0.1:{port}")
        plan_first(explorer)
        yield explorer
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def plan_first(explorer: Explorer) -> None:
    """Run each of the explorer's documents until it answers: on a loaded machine a fresh
    Neo4j may take longer than the API's 10 s read timeout to plan a query the first time."""
    manifest = json.loads((WEB_DIST / "persisted-documents.json").read_text())
    for document_id in manifest:
        for _ in range(5):
            answer = httpx.post(
                explorer.url + "/graphql",
                json={"documentId": document_id, "variables": WARM_UP_VARIABLES},
                timeout=60,
            ).json()
            if answer.get("data") is not None and not any(
                error["extensions"]["code"] == "UNAVAILABLE" for error in answer.get("errors", [])
            ):
                break


def explorer_settings(server: TestServer, **overrides: object) -> Settings:
    if not (WEB_DIST / "index.html").is_file():
        pytest.fail("web/dist is not built: run `make web` (make test does)", pytrace=False)
    user, password = server.auth or ("neo4j", "unused")
    values: dict[str, object] = {
        "_env_file": None,
        "neo4j_uri": server.uri,
        "neo4j_user": user,
        "neo4j_password": password,
        "kb_env": "development",
        "kb_web_dist": WEB_DIST,
        "kb_graphql_documents": "trusted",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]
