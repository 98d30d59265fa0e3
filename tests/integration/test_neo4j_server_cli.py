"""`kb neo4j` as a user runs it: a real process, real ports, real Maven and Java.

The lifecycle test starts a second server of its own (home .kb/test-cli, free ports, auth on),
so it never touches the suite's server or a developer's.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import neo4j
import psutil
import pytest
from neo4j.exceptions import AuthError

from kb import neo4j_local
from kb.neo4j_local import NEO4J_VERSION
from kb.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
KB = Path(sys.executable).with_name("kb")
CLI_HOME = ROOT / ".kb" / "test-cli"  # jars persist between runs; data and logs are wiped
# Spaces, quotes, a backslash and a hash: it must survive the set-initial-password @-file.
PASSWORD = 'life "cycle" \\ pass #1'


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def run_kb(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the real `kb` with only our settings (no developer NEO4J_*/KB_* or .env leaks in)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KB_", "API_"))}
    return subprocess.run(
        [str(KB), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**clean, **env},
        check=False,
        timeout=300,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("taken", "what", "setting"),
    [
        ("NEO4J_BOLT_PORT", "Bolt", "NEO4J_BOLT_PORT"),
        ("NEO4J_HTTP_PORT", "HTTP/Browser", "NEO4J_HTTP_PORT"),
    ],
)
def test_start_refuses_a_port_in_use_in_one_line(
    tmp_path: Path, taken: str, what: str, setting: str
) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        ports = {"NEO4J_BOLT_PORT": str(free_port()), "NEO4J_HTTP_PORT": str(free_port())}
        ports[taken] = str(port)
        result = run_kb("neo4j", "start", cwd=tmp_path, KB_HOME=str(tmp_path), **ports)
    line = assert_one_line_error(result)
    assert line == (
        f"kb: error: port {port} ({what}) is already in use on 127.0.0.1; "
        f"set {setting} to a free port"
    )
    assert not (tmp_path / "neo4j" / "jars").exists()  # refused before any download


def test_start_says_maven_central_is_unreachable_in_one_line(tmp_path: Path) -> None:
    # Maven reads ~/.m2 from user.home: point it at an empty repository mirrored to a closed port.
    m2 = tmp_path / "home" / ".m2"
    m2.mkdir(parents=True)
    (m2 / "settings.xml").write_text(
        f"<settings><localRepository>{tmp_path / 'repo'}</localRepository><mirrors><mirror>"
        "<id>closed</id><mirrorOf>*</mirrorOf><url>http://127.0.0.1:1/maven2</url>"
        "</mirror></mirrors></settings>"
    )
    result = run_kb(
        "neo4j", "start", cwd=tmp_path,
        KB_HOME=str(tmp_path / "kb"), MAVEN_OPTS=f"-Duser.home={tmp_path / 'home'}",
        NEO4J_BOLT_PORT=str(free_port()), NEO4J_HTTP_PORT=str(free_port()),
    )  # fmt: skip
    line = assert_one_line_error(result)
    assert line.startswith(
        f"kb: error: Maven could not download Neo4j {NEO4J_VERSION} from Maven Central"
    )
    assert "Connection refused" in line
    assert not (tmp_path / "kb" / "neo4j" / "jars").exists()


def test_start_without_java_says_what_to_install(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    result = run_kb("neo4j", "start", cwd=tmp_path, KB_HOME=str(tmp_path), PATH=str(empty))
    assert assert_one_line_error(result) == (
        "kb: error: java not found on PATH: install Java 17+ (e.g. apt-get install "
        "openjdk-17-jre-headless), or set NEO4J_URI to a running Neo4j"
    )


def test_start_without_maven_says_what_to_install(tmp_path: Path) -> None:
    java_only = tmp_path / "bin"
    java_only.mkdir()
    java = shutil.which("java")
    assert java is not None
    (java_only / "java").symlink_to(java)
    result = run_kb(
        "neo4j", "start", cwd=tmp_path, KB_HOME=str(tmp_path), PATH=str(java_only),
        NEO4J_BOLT_PORT=str(free_port()), NEO4J_HTTP_PORT=str(free_port()),
    )  # fmt: skip
    assert assert_one_line_error(result) == (
        "kb: error: mvn not found on PATH: install Maven (e.g. apt-get install maven), "
        "or set NEO4J_URI to a running Neo4j"
    )


@pytest.fixture
def cli_server() -> Iterator[dict[str, str]]:
    """Settings (as env) for a private server; stopped afterwards whatever the test did."""
    shutil.rmtree(CLI_HOME / "neo4j" / "data", ignore_errors=True)  # fresh: exercises the password
    shutil.rmtree(CLI_HOME / "neo4j" / "logs", ignore_errors=True)  # this run's log only
    env = {
        "KB_HOME": str(CLI_HOME),
        "NEO4J_BOLT_PORT": str(free_port()),
        "NEO4J_HTTP_PORT": str(free_port()),
        "NEO4J_PASSWORD": PASSWORD,
    }
    yield env
    run_kb("neo4j", "stop", cwd=ROOT, **env)


def test_start_reuse_status_stop(cli_server: dict[str, str]) -> None:
    bolt = f"bolt://127.0.0.1:{cli_server['NEO4J_BOLT_PORT']}"
    browser = f"http://localhost:{cli_server['NEO4J_HTTP_PORT']}/browser/"

    started = run_kb("neo4j", "start", cwd=ROOT, **cli_server)
    assert started.returncode == 0, started.stderr
    assert started.stdout.splitlines()[1:] == [f"  Bolt:    {bolt}", f"  Browser: {browser}"]
    pid = int((CLI_HOME / "neo4j" / "neo4j.pid").read_text())
    assert started.stdout.splitlines()[0] == f"Neo4j {NEO4J_VERSION} started (pid {pid})."

    with urllib.request.urlopen(browser, timeout=10) as page:
        assert "Neo4j Browser" in page.read().decode()

    with neo4j.GraphDatabase.driver(bolt, auth=("neo4j", PASSWORD)) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
        assert records[0]["one"] == 1
    with (
        neo4j.GraphDatabase.driver(bolt, auth=("neo4j", "not-the-password")) as intruder,
        pytest.raises(AuthError),
    ):
        intruder.verify_connectivity()
    # Started with Neo4j's own JVM options (module opens included), it can reach its
    # transaction logs' descriptors; without them every log it opened warned of it.
    debug_log = (CLI_HOME / "neo4j" / "logs" / "debug.log").read_text(encoding="utf-8")
    assert 'Checkpoint triggered by "Database init completed."' in debug_log
    assert [line for line in debug_log.splitlines() if "Incorrect file descriptor" in line] == []
    # The JVM started with our G1 region size too (an option it refused would have stopped it).
    (arguments,) = [line for line in debug_log.splitlines() if "VM Arguments: [" in line]
    assert "-XX:G1HeapRegionSize=8m," in arguments

    again = run_kb("neo4j", "start", cwd=ROOT, **cli_server)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0] == (
        f"Neo4j {NEO4J_VERSION} is already running (pid {pid}); reusing it."
    )

    moved = run_kb("neo4j", "start", cwd=ROOT, **{**cli_server, "NEO4J_HTTP_PORT": "1"})
    assert assert_one_line_error(moved) == (
        f"kb: error: Neo4j is already running (pid {pid}) with other settings (ports, memory or "
        "auth) than now; run `kb neo4j stop` first to apply them"
    )

    status = run_kb("neo4j", "status", cwd=ROOT, **cli_server)
    assert status.stdout.splitlines() == [
        f"running: Neo4j {NEO4J_VERSION} (pid {pid})",
        f"  Bolt:    {bolt}",
        f"  Browser: {browser}",
    ]

    logs = run_kb("neo4j", "logs", "-n", "0", cwd=ROOT, **cli_server)
    assert logs.returncode == 0, logs.stderr
    log = logs.stdout.splitlines()
    assert sum(line.endswith(" INFO  Started.") for line in log) == 1
    assert log[-1].endswith("The client is unauthorized due to authentication failure.")
    tail = run_kb("neo4j", "logs", "-n", "2", cwd=ROOT, **cli_server)
    assert tail.stdout.splitlines() == log[-2:]

    stopped = run_kb("neo4j", "stop", cwd=ROOT, **cli_server)
    assert stopped.stdout == "Neo4j stopped.\n"
    assert not psutil.pid_exists(pid)
    assert not (CLI_HOME / "neo4j" / "neo4j.pid").exists()
    after = run_kb("neo4j", "status", cwd=ROOT, **cli_server)
    assert after.stdout == f"stopped (Neo4j {NEO4J_VERSION} is what `kb neo4j start` runs)\n"
    again_stopped = run_kb("neo4j", "stop", cwd=ROOT, **cli_server)
    assert (again_stopped.returncode, again_stopped.stdout) == (0, "Neo4j is not running.\n")


def test_a_server_dying_during_start_is_reported_with_its_log(cli_server: dict[str, str]) -> None:
    # A well-formed heap the JVM refuses at once; auth off skips the initial-password step.
    env = {**cli_server, "NEO4J_AUTH": "false", "NEO4J_HEAP": "1k"}
    result = run_kb("neo4j", "start", cwd=ROOT, **env)
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    headline, *log = result.stderr.splitlines()
    console = CLI_HOME.resolve() / "neo4j" / "logs" / "console.log"
    assert headline == (
        f"kb: error: Neo4j exited while starting (exit code 1); last {len(log)} lines of {console}:"
    )
    assert "Too small maximum heap" in log
    assert not (CLI_HOME / "neo4j" / "neo4j.pid").exists()


def test_a_server_not_ready_in_time_is_stopped_and_reported(cli_server: dict[str, str]) -> None:
    env = {**cli_server, "NEO4J_AUTH": "false", "NEO4J_START_TIMEOUT": "0.5"}
    result = run_kb("neo4j", "start", cwd=ROOT, **env)
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(
        f"kb: error: Neo4j did not answer on bolt://127.0.0.1:{env['NEO4J_BOLT_PORT']} and port "
        f"{env['NEO4J_HTTP_PORT']} within 0.5 s (NEO4J_START_TIMEOUT); stopped it; last "
    )
    assert not (CLI_HOME / "neo4j" / "neo4j.pid").exists()
    home = f"--home-dir={CLI_HOME.resolve() / 'neo4j'}"
    assert [
        p.pid for p in psutil.process_iter(["cmdline"]) if home in (p.info["cmdline"] or [])
    ] == []


def test_a_server_we_started_and_another_process_stopped_leaves_no_zombie(
    cli_server: dict[str, str],
) -> None:
    # This process starts it, so this process is its parent, as `kb up` is.
    settings = Settings(
        _env_file=None,
        kb_home=CLI_HOME,
        neo4j_bolt_port=int(cli_server["NEO4J_BOLT_PORT"]),
        neo4j_http_port=int(cli_server["NEO4J_HTTP_PORT"]),
        neo4j_auth=False,
    )
    state = neo4j_local.start(settings)
    assert state.pid is not None and not state.reused
    assert psutil.Process(state.pid).ppid() == os.getpid()
    stopped = run_kb("neo4j", "stop", cwd=ROOT, **{**cli_server, "NEO4J_AUTH": "false"})
    assert (stopped.returncode, stopped.stdout, stopped.stderr) == (0, "Neo4j stopped.\n", "")
    deadline = time.monotonic() + 5
    while psutil.pid_exists(state.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not psutil.pid_exists(state.pid)  # reaped by us, not left a zombie
