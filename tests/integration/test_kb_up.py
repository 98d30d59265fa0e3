"""`kb up`, what `make run` runs: Neo4j, then the seeded graph, then the API's health endpoints.

A managed server of its own (home .kb/test-up, free ports, auth off), stopped afterwards.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest

from kb.neo4j_local import NEO4J_VERSION
from tests.neo4j_server import ROOT, copy_resolved_jars

KB = Path(sys.executable).with_name("kb")
UP_HOME = ROOT / ".kb" / "test-up"  # jars persist between runs; data is wiped per run


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def get(url: str) -> tuple[int, bytes]:
    response = httpx.get(url, timeout=5)
    return response.status_code, response.content


@pytest.fixture
def up_env() -> Iterator[dict[str, str]]:
    shutil.rmtree(UP_HOME / "neo4j" / "data", ignore_errors=True)
    copy_resolved_jars(UP_HOME)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KB_", "API_"))}
    env = {
        **clean,
        "KB_HOME": str(UP_HOME),
        "NEO4J_BOLT_PORT": str(free_port()),
        "NEO4J_HTTP_PORT": str(free_port()),
        "NEO4J_AUTH": "false",
        "API_PORT": str(free_port()),
    }
    yield env
    subprocess.run([str(KB), "neo4j", "stop"], env=env, cwd=ROOT, capture_output=True, check=False)


def wait_for_readyz(api: str, up: subprocess.Popen[bytes]) -> tuple[int, bytes]:
    """/readyz's answer once it is 200, or the last one after 300 s; kb up must still run."""
    deadline = time.monotonic() + 300
    ready: tuple[int, bytes] = (0, b"")
    while time.monotonic() < deadline and up.poll() is None:
        try:
            ready = get(f"{api}/readyz")
        except httpx.TransportError:  # not listening yet
            time.sleep(0.5)
            continue
        if ready[0] == 200:
            break
        time.sleep(0.5)
    assert up.poll() is None, "kb up exited before the API was ready"
    return ready


@pytest.mark.timeout(600)
def test_kb_up_serves_healthz_and_readyz_with_the_neo4j_version(up_env: dict[str, str]) -> None:
    api = f"http://127.0.0.1:{up_env['API_PORT']}"
    guide = f"http://localhost:{up_env['API_PORT']}/browser/guide.html"
    up = subprocess.Popen(
        [str(KB), "up"], env=up_env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        ready = wait_for_readyz(api, up)
        assert ready == (200, f'{{"status":"ready","neo4j":"{NEO4J_VERSION}"}}'.encode())
        assert get(f"{api}/healthz") == (200, b'{"status":"ok"}')
        answer = httpx.post(f"{api}/graphql", json={"query": "{ layers { id } }"}, timeout=5)
        assert [layer["id"] for layer in answer.json()["data"]["layers"]] == [
            f"L{n}" for n in range(1, 8)
        ]
        assert get(guide)[0] == 200
    finally:
        up.send_signal(signal.SIGINT)  # Ctrl-C, as a user stops it
        output = up.communicate(timeout=60)[0].decode()
    lines = output.splitlines()
    # A fresh graph: the schema step, then one seeding batch, each moved the version.
    assert re.fullmatch(r"Graph version: 2 \(changed 20\d\d-\d\d-\d\dT[0-9:]{8}\+00:00\)", lines[3])
    assert lines[:3] + lines[4:7] == [
        f"Neo4j {NEO4J_VERSION} started: bolt://127.0.0.1:{up_env['NEO4J_BOLT_PORT']}",
        f"Neo4j Browser: http://localhost:{up_env['NEO4J_HTTP_PORT']}/browser/",
        "Graph: schema applied; seeds/ 19 created, 0 updated, 0 unchanged, 2 warnings",
        f"API: {api}/graphql  ({api}/healthz, /readyz; Ctrl-C stops the API)",
        f"Explorer: {api}/",
        f"Neo4j Browser guide: :play {guide}",
    ]
    assert "Neo4j keeps running; `kb neo4j stop` stops it." in output


@pytest.mark.timeout(600)
def test_kb_neo4j_stop_from_another_terminal_stops_neo4j_and_kb_up_in_one_line(
    up_env: dict[str, str],
) -> None:
    api = f"http://127.0.0.1:{up_env['API_PORT']}"
    up = subprocess.Popen(
        [str(KB), "up"], env=up_env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert wait_for_readyz(api, up)[0] == 200
        pid = int((UP_HOME / "neo4j" / "neo4j.pid").read_text())
        # Well under the minute a waiting `stop` once spent on the zombie before its traceback.
        stopped = subprocess.run(
            [str(KB), "neo4j", "stop"], env=up_env, cwd=ROOT, capture_output=True, text=True,
            timeout=30, check=False,
        )  # fmt: skip
        out, err = (text.decode() for text in up.communicate(timeout=30))
    finally:
        if up.poll() is None:
            up.kill()
            up.wait()
    assert (stopped.returncode, stopped.stdout, stopped.stderr) == (0, "Neo4j stopped.\n", "")
    assert not psutil.pid_exists(pid)
    assert not (UP_HOME / "neo4j" / "neo4j.pid").exists()
    assert up.returncode == 3
    assert "Traceback" not in out + err
    assert err.splitlines()[-1] == (
        f"kb: error: Neo4j (pid {pid}) was stopped while the API was serving, so the API "
        "stopped too; `kb up` starts both again"
    )
    assert "Neo4j keeps running" not in out
