"""A live API (uvicorn, its own process) and a bounded burst of mixed questions against it.

Both listen on loopback ports the OS hands out, so parallel runs never collide.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[3]

# The mixed questions (Q1, Q2, Q4, Q5, Q6, Q7, Q9) on vendors of seeds/.
MIXED: list[tuple[str, dict[str, Any]]] = [
    (
        "query($t: String!) { mitigatingTools(riskText: $t) "
        "{ risk { id } toolCount tools { vendor { slug } evidence { kind } } } }",
        {"t": "access annotation"},
    ),
    (
        "query($s: String!) { vendor(slug: $s) { vendor { slug } latestScores { score } } }",
        {"s": "argilla"},
    ),
    (
        "query($l: String) { vendors(filter: {layer: $l}) { totalCount edges { node { slug } } } }",
        {"l": "L5"},
    ),
    (
        "query($s: [String!]!) { compare(slugs: $s) { vendors { vendor { slug } } } }",
        {"s": ["redis", "valkey"]},
    ),
    (
        "query($v: String) { flow(vendor: $v, depth: 2) { depth upstream { depth } } }",
        {"v": "argilla"},
    ),
    ("query($t: String!) { search(text: $t) { score text } }", {"t": "access"}),
    ("{ layers { id vendorCount } }", {}),
]


# Seconds the warm-up may take: every read planned on a cold server, on a busy 2-core machine.
READY_TIMEOUT = 300.0


def wait_until_ready(test_client: TestClient, timeout: float = READY_TIMEOUT) -> None:
    """Poll an in-process app's /readyz until 200; fail with its last answer after `timeout`."""
    deadline = time.monotonic() + timeout
    while (response := test_client.get("/readyz")).status_code != 200:
        if time.monotonic() > deadline:
            pytest.fail(f"/readyz still {response.status_code} {response.text} after {timeout} s")
        time.sleep(0.2)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def two_free_ports() -> tuple[int, int]:
    """Bolt and HTTP ports for a managed server of a test's own."""
    first = free_port()
    return first, next(port for port in iter(free_port, None) if port != first)


@contextmanager
def live_api(
    neo4j_uri: str, log_file: Path, extra_env: Mapping[str, str] | None = None
) -> Iterator[str]:
    """uvicorn serving api.app:create_app on a free port; yields its base URL."""
    port = free_port()
    env = {**os.environ, "NEO4J_URI": neo4j_uri, "KB_ENV": "development", **(extra_env or {})}
    command = [
        sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
    ]  # fmt: skip
    with log_file.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log
        )
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, log_file.read_text(errors="replace")
                try:
                    if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "the API did not start within 60 s"
                time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


def readiness(url: str) -> tuple[int, str]:
    """/readyz's status and reason; (0, the error's name) when it did not answer in 30 s."""
    try:
        response = httpx.get(f"{url}/readyz", timeout=30)
    except httpx.HTTPError as error:
        return 0, type(error).__name__
    return response.status_code, str(response.json().get("reason", ""))


def ask(url: str, document: str, variables: dict[str, Any], timeout: float) -> dict[str, Any]:
    response = httpx.post(
        f"{url}/graphql", json={"query": document, "variables": variables}, timeout=timeout
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@dataclass
class BurstResult:
    answers: int = 0
    errors: list[str] = field(default_factory=list)


async def _burst(url: str, clients: int, seconds: float) -> BurstResult:
    result = BurstResult()
    deadline = time.monotonic() + seconds
    # One connection per client; a request waits at most 60 s (the test's own bound).
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=60.0, limits=limits) as http:

        async def client(number: int) -> None:
            n = number
            while time.monotonic() < deadline:
                document, variables = MIXED[n % len(MIXED)]
                n += 1
                try:
                    response = await http.post(
                        "/graphql", json={"query": document, "variables": variables}
                    )
                    body = response.json()
                except (httpx.HTTPError, ValueError) as error:
                    result.errors.append(f"{type(error).__name__}: {error}")
                    continue
                if response.status_code != 200 or body.get("errors"):
                    result.errors.append(f"{response.status_code} {str(body)[:300]}")
                else:
                    result.answers += 1

        await asyncio.gather(*(client(i) for i in range(clients)))
    return result


def burst(url: str, clients: int = 32, seconds: float = 20.0) -> BurstResult:
    """`clients` concurrent clients sending the MIXED questions in turn for `seconds`."""
    return asyncio.run(_burst(url, clients, seconds))
