"""The server process: ports, launch, readiness, pid file, stop."""

from __future__ import annotations

import errno
import http.client
import json
import socket
import subprocess
import time
import urllib.request
from collections import deque
from pathlib import Path

import neo4j
import psutil
from neo4j.exceptions import AuthError, DriverError, Neo4jError

from kb.neo4j_local.errors import LocalNeo4jError, PortInUse, ServerDied
from kb.neo4j_local.exits import has_exited, terminate
from kb.neo4j_local.layout import ENTRY_POINT, Layout
from kb.settings import Settings

LOG_TAIL_ON_FAILURE = 20

# The JVM options Neo4j 5's own launcher passes (`server.jvm.additional` in the neo4j.conf it
# ships, and so in the Docker image). We start the entry point directly, so we pass them
# ourselves: without the module opens Neo4j cannot reach a log file's descriptor, and its
# transaction logs are neither preallocated nor advised to the page cache (a WARN each time).
STOCK_JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+AlwaysPreTouch",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
)

# Ours, on top: G1 regions of 8 MiB (G1 picks 1 MiB for heaps up to 2 GiB). A seeding batch's
# transaction state holds primitive hash tables of 0.5-1 MiB, which in 1 MiB regions are
# "humongous": allocated straight into the old generation, each one may start a concurrent
# cycle (42 of them in one 10,000-vendor seed). Measured side by side (docs/benchmarks.md):
# GC CPU per 10,000-vendor seed 5.6 s -> 1.0 s, Neo4j's CPU 20.1 s -> 15.1 s. docker-compose
# passes the same option to the image.
TUNED_JVM_OPTIONS = ("-XX:G1HeapRegionSize=8m",)


def check_port_free(port: int, what: str, setting: str, host: str = "127.0.0.1") -> None:
    """Refuse a port someone already listens on (or we may not use), naming the setting."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except OSError as error:  # socket.gaierror: an unknown host name
        raise PortInUse(f"cannot listen on {host!r} ({what}): {error.strerror or error}") from None
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # SO_REUSEADDR: a port in TIME_WAIT is free for the server too; a listening one is not.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise PortInUse(
                    f"port {port} ({what}) is already in use on {host}; "
                    f"set {setting} to a free port"
                ) from None
            raise PortInUse(
                f"port {port} ({what}) cannot be used on {host}: {error.strerror or error}; "
                f"set {setting} to another port"
            ) from None


def read_pid(layout: Layout) -> int | None:
    """The pid in our pid file; None when there is none or it holds no process id."""
    try:
        pid = int(layout.pid_file.read_text(encoding="utf-8").strip())
    except (FileNotFoundError, ValueError):  # ValueError: not a number, or not UTF-8
        return None
    return pid if pid > 0 else None


def our_process(layout: Layout) -> psutil.Process | None:
    """The live server recorded in our pid file, if that pid still runs *our* server."""
    pid = read_pid(layout)
    if pid is None:
        return None
    try:
        process = psutil.Process(pid)
        if has_exited(process):
            return None
        cmdline = process.cmdline()
    except psutil.Error:  # gone, another user's, or a zombie someone else must reap
        return None
    # A recycled pid belongs to someone else: ours runs the entry point on this home.
    if ENTRY_POINT in cmdline and f"--home-dir={layout.home}" in cmdline:
        return process
    return None


def launch(settings: Settings, layout: Layout, java: str) -> psutil.Process:
    heap = settings.neo4j_heap
    command = [
        java, f"-Xms{heap}", f"-Xmx{heap}", *STOCK_JVM_OPTIONS, *TUNED_JVM_OPTIONS,
        "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8",
        "-cp", f"{layout.jars}/*", ENTRY_POINT,
        f"--home-dir={layout.home}", f"--config-dir={layout.conf_dir}",
    ]  # fmt: skip
    with layout.console_file.open("w", encoding="utf-8") as console:
        # A session of its own: Ctrl-C in the terminal that ran `kb neo4j start` leaves it be.
        child = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=console,
            stderr=subprocess.STDOUT,
            cwd=layout.home,
            start_new_session=True,
        )
    layout.pid_file.write_text(f"{child.pid}\n", encoding="utf-8")
    return psutil.Process(child.pid)


def tail(path: Path, lines: int | None) -> list[str]:
    """The last `lines` lines of a text file (all when None); [] when it does not exist."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return [line.rstrip("\n") for line in deque(handle, maxlen=lines)]
    except FileNotFoundError:
        return []


def failure_log(layout: Layout) -> tuple[Path, list[str]]:
    """Where a failed start explains itself: the JVM's console if it said anything, else
    Neo4j's own log."""
    console = tail(layout.console_file, LOG_TAIL_ON_FAILURE)
    if any(line.strip() for line in console):
        return layout.console_file, console
    return layout.log_file, tail(layout.log_file, LOG_TAIL_ON_FAILURE)


def _died(layout: Layout, headline: str) -> ServerDied:
    path, lines = failure_log(layout)
    body = "\n".join(lines) if lines else "(the log is empty)"
    return ServerDied(f"{headline}; last {len(lines)} lines of {path}:\n{body}")


def http_version(port: int) -> str | None:
    """The version in the HTTP discovery document (no credentials needed); None if silent."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
            document = json.load(response)
    except (OSError, ValueError, http.client.HTTPException):  # silent, or not an HTTP server
        return None
    version = document.get("neo4j_version") if isinstance(document, dict) else None
    return version if isinstance(version, str) else None


def _bolt_answers(driver: neo4j.Driver, settings: Settings, layout: Layout) -> bool:
    try:
        driver.verify_connectivity()
    except AuthError:
        raise LocalNeo4jError(
            f"Neo4j on {settings.local_bolt_uri} refused NEO4J_USER/NEO4J_PASSWORD: the password "
            f"was fixed at its first start; use that one, or run `kb neo4j stop` and delete "
            f"{layout.data} to start over (this deletes the graph)"
        ) from None
    except (DriverError, Neo4jError, OSError):
        return False  # not listening yet
    return True


def wait_until_ready(settings: Settings, layout: Layout, process: psutil.Process) -> None:
    """Poll until Bolt and then HTTP answer (Bolt opens first); fail at once if the process
    exits, or at the timeout."""
    deadline = time.monotonic() + settings.neo4j_start_timeout
    password = settings.neo4j_password.get_secret_value()
    auth = (settings.neo4j_user, password) if settings.neo4j_auth else None
    bolt_ready = False
    with neo4j.GraphDatabase.driver(
        settings.local_bolt_uri, auth=auth, connection_timeout=2.0, max_connection_pool_size=1
    ) as driver:
        while True:
            bolt_ready = bolt_ready or _bolt_answers(driver, settings, layout)
            if bolt_ready and http_version(settings.neo4j_http_port) is not None:
                return
            if not process.is_running() or process.status() == psutil.STATUS_ZOMBIE:
                code = process.wait(timeout=5)
                layout.pid_file.unlink(missing_ok=True)
                raise _died(layout, f"Neo4j exited while starting (exit code {code})")
            if time.monotonic() > deadline:
                terminate(process)
                layout.pid_file.unlink(missing_ok=True)
                raise _died(
                    layout,
                    f"Neo4j did not answer on {settings.local_bolt_uri} and port "
                    f"{settings.neo4j_http_port} within {settings.neo4j_start_timeout:g} s "
                    f"(NEO4J_START_TIMEOUT); stopped it",
                )
            time.sleep(0.25)
