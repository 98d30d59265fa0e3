"""The API benchmark's world: its own Neo4j, the seeded synthetic corpus, and two servers.

Everything lives under bench/.work/api/ (gitignored): the managed Neo4j (kb.neo4j_local, on
ports 57687/57474 with a larger heap and page cache than the default), the generated corpus, and
the logs of the API (uvicorn, port 58000, and its variants on 58002-58003) and of the
@neo4j/graphql baseline (Apollo, port 58001). Servers are started as child processes and
stopped by their own pid only.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import neo4j
import psutil

from bench.corpus import generate_corpus
from bench.servers import bench_server_settings, cpu_seconds
from kb import neo4j_local
from kb.graph.driver import open_driver
from kb.graph.queries import cypher
from kb.graph.schema import apply_schema
from kb.seeding import seed_paths
from kb.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work" / "api"
APOLLO = ROOT / "bench" / "apollo"
BOLT_PORT = 57687
HTTP_PORT = 57474
API_PORT = 58000
APOLLO_PORT = 58001
# With auth off the server accepts any credentials; production settings refuse placeholders.
BENCH_PASSWORD = "bench-only-not-a-secret"  # noqa: S105
# Seconds for a server to answer: the API is ready once every read is planned, which on a
# freshly started Neo4j and a busy 2-core machine took over a minute.
START_TIMEOUT = 300.0
# Seconds a load generator keeps an idle connection: under uvicorn's 5 s keep-alive, so that
# it never sends a request on a connection the server is closing (ServerDisconnectedError).
KEEPALIVE = 2.0


def neo4j_settings() -> Settings:
    """The API bench's own managed server."""
    return bench_server_settings(WORK / "kb", BOLT_PORT, HTTP_PORT, heap="1g")


def start_neo4j() -> tuple[Settings, bool]:
    """The bench's server, started (or found running: then True, and the caller leaves it be)."""
    settings = neo4j_settings()
    state = neo4j_local.start(settings)
    print(f"neo4j {state.version} at {state.bolt_uri} (pid {state.pid}, reused={state.reused})")
    return settings, state.reused


def stop_neo4j() -> None:
    neo4j_local.stop(neo4j_settings())


def seeded_vendor_count(settings: Settings) -> int:
    """Vendors in the graph, summed from the Q9 layer overview (no extra Cypher needed)."""
    with open_driver(settings) as driver:
        records, _, _ = driver.execute_query(
            cypher("read/layers_overview"),
            top=0,
            database_=settings.neo4j_database,
            routing_=neo4j.RoutingControl.READ,
        )
    return sum(int(r["vendorCount"] or 0) for r in records)


def ensure_corpus(settings: Settings, vendors: int) -> float | None:
    """Generate and seed `vendors` synthetic vendors unless the graph already holds them.

    Returns the seconds seeding took, or None when the graph was already seeded.
    """
    try:
        if seeded_vendor_count(settings) == vendors:
            with open_driver(settings) as driver:  # a corpus seeded before the graph version
                apply_schema(driver, settings.neo4j_database)  # gets one (else a no-op)
            return None
    except neo4j.exceptions.Neo4jError:
        pass  # a fresh database: the layers are not there yet
    corpus = WORK / f"corpus-{vendors}"
    if len(list(corpus.glob("*.yaml"))) != vendors:
        shutil.rmtree(corpus, ignore_errors=True)
        generate_corpus(vendors, corpus)
    start = time.perf_counter()
    summary = seed_paths([corpus], settings)
    if not summary.ok:
        raise RuntimeError(f"seeding the bench corpus failed: {list(summary.failed.items())[:3]}")
    return time.perf_counter() - start


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    url: str

    @property
    def pid(self) -> int:
        return self.process.pid

    def cpu_seconds(self) -> float:
        """CPU of the server process so far (uvicorn: one process, one worker)."""
        return cpu_seconds(self.pid)

    def rss_bytes(self) -> int:
        """Resident memory of the server and its children (uvicorn runs in one process)."""
        proc = psutil.Process(self.pid)
        return int(
            proc.memory_info().rss
            + sum(child.memory_info().rss for child in proc.children(recursive=True))
        )


def _wait_ready(server: Server, url: str, timeout: float, *, graphql: bool = False) -> None:
    """Poll `url` (GET, or a `{ __typename }` POST) until it answers 200, or fail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            log = WORK / f"{server.name}.log"
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}; see {log}")
        try:
            if graphql:
                response = httpx.post(url, json={"query": "{ __typename }"}, timeout=2.0)
            else:
                response = httpx.get(url, timeout=2.0)
            if response.status_code == 200 and server.process.poll() is None:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{server.name} did not answer {url} within {timeout:g} s")


def _port_free(port: int) -> None:
    """Refuse to start on a taken port: the bench would measure whoever holds it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise RuntimeError(
                f"port {port} is already in use on 127.0.0.1; stop what holds it"
            ) from None


@contextmanager
def _child(
    name: str, command: list[str], env: dict[str, str], cwd: Path, port: int
) -> Iterator[Server]:
    _port_free(port)
    WORK.mkdir(parents=True, exist_ok=True)
    with (WORK / f"{name}.log").open("wb") as log:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log
        )
        try:
            yield Server(name, process, "")
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


@contextmanager
def api_server(
    settings: Settings,
    name: str = "api",
    port: int = API_PORT,
    code: Path = ROOT,
    **env_overrides: str,
) -> Iterator[Server]:
    """The real API: uvicorn with the app factory, production settings, one worker;
    `env_overrides` are further settings (e.g. KB_CACHE_MIB="0"); `code` is the checkout it
    runs (another commit's, from `code_at`: uvicorn imports from its working directory)."""
    env = {
        **os.environ,
        "KB_WEB_DIST": str(ROOT / "web" / "dist"),
        "NEO4J_URI": settings.local_bolt_uri,
        "NEO4J_PASSWORD": BENCH_PASSWORD,
        "KB_ENV": "production",
        **env_overrides,
    }
    command = [
        sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port),
        "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    with _child(name, command, env, code, port) as server:
        server.url = f"http://127.0.0.1:{port}/graphql"
        _wait_ready(server, f"http://127.0.0.1:{port}/readyz", START_TIMEOUT)
        yield server


def code_at(commit: str) -> Path:
    """The project's files at `commit`, extracted once under bench/.work/api/ (git archive)."""
    target = WORK / f"code-{commit}"
    if not (target / "api" / "app.py").is_file():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", "--format=tar", commit],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def ensure_node_modules() -> None:
    if (APOLLO / "node_modules" / "@neo4j" / "graphql").is_dir():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm not found: install Node.js 20+ to run the @neo4j/graphql baseline")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=APOLLO, check=True)


@contextmanager
def apollo_server(settings: Settings) -> Iterator[Server]:
    """The baseline: @neo4j/graphql on Apollo Server (bench/apollo/server.mjs)."""
    ensure_node_modules()
    node = shutil.which("node") or "node"
    env = {
        **os.environ,
        "NEO4J_URI": settings.local_bolt_uri,
        "PORT": str(APOLLO_PORT),
        "NODE_ENV": "production",
    }
    with _child("apollo", [node, "server.mjs"], env, APOLLO, APOLLO_PORT) as server:
        server.url = f"http://127.0.0.1:{APOLLO_PORT}/"
        _wait_ready(server, server.url, START_TIMEOUT, graphql=True)
        yield server


if __name__ == "__main__":
    # `python -m bench.api_env [N]`: start the bench Neo4j and seed N vendors (default 10,000);
    # `python -m bench.api_env stop`: stop it.
    if sys.argv[1:2] == ["stop"]:
        stop_neo4j()
    else:
        bench_settings, _ = start_neo4j()
        took = ensure_corpus(bench_settings, int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
        print(f"seeded in {took:.1f} s" if took is not None else "already seeded")
