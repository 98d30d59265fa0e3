"""start / stop / status / logs of the managed local server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from kb.neo4j_local import exits, process
from kb.neo4j_local.config import conf_matches, set_initial_password, write_conf
from kb.neo4j_local.errors import LocalNeo4jError
from kb.neo4j_local.jars import ensure_jars, require_java
from kb.neo4j_local.layout import NEO4J_VERSION, Layout
from kb.settings import Settings


@dataclass(frozen=True)
class ServerState:
    running: bool
    pid: int | None
    version: str  # what the server reports when running; the pinned version otherwise
    bolt_uri: str
    browser_url: str
    reused: bool = False  # start found ours already running


def _layout(settings: Settings) -> Layout:
    return Layout.at(settings.neo4j_home)


@contextmanager
def _home_errors(settings: Settings) -> Iterator[None]:
    """A file in the way under KB_HOME, a read-only disk, ...: one line naming the path."""
    try:
        yield
    except OSError as error:
        where = error.filename or settings.neo4j_home
        raise LocalNeo4jError(
            f"cannot use {where}: {error.strerror or error} (the managed Neo4j keeps its files "
            f"under KB_HOME={settings.kb_home})"
        ) from None


def _browser_url(settings: Settings) -> str:
    return f"http://localhost:{settings.neo4j_http_port}/browser/"


def _state(settings: Settings, pid: int | None, *, reused: bool = False) -> ServerState:
    version = (process.http_version(settings.neo4j_http_port) if pid else None) or NEO4J_VERSION
    return ServerState(
        running=pid is not None,
        pid=pid,
        version=version,
        bolt_uri=settings.local_bolt_uri,
        browser_url=_browser_url(settings),
        reused=reused,
    )


def start(settings: Settings) -> ServerState:
    """Start the server (resolving jars the first time), or reuse ours if it runs."""
    with _home_errors(settings):
        return _start(settings)


def _start(settings: Settings) -> ServerState:
    layout = _layout(settings)
    java = require_java()
    running = process.our_process(layout)
    if running is not None:
        if not conf_matches(settings, layout):
            raise LocalNeo4jError(
                f"Neo4j is already running (pid {running.pid}) with other settings (ports, "
                f"memory or auth) than now; run `kb neo4j stop` first to apply them"
            )
        return _state(settings, running.pid, reused=True)
    layout.pid_file.unlink(missing_ok=True)  # stale: its process is gone or is not ours
    # Ports first: a refusal costs nothing, while resolving jars can take minutes when cold.
    process.check_port_free(settings.neo4j_bolt_port, "Bolt", "NEO4J_BOLT_PORT")
    process.check_port_free(settings.neo4j_http_port, "HTTP/Browser", "NEO4J_HTTP_PORT")
    ensure_jars(layout)
    write_conf(settings, layout)
    set_initial_password(settings, layout, java)
    server = process.launch(settings, layout, java)
    process.wait_until_ready(settings, layout, server)
    exits.reap_in_background(server)  # we are its parent: stopped by anyone, it leaves no zombie
    return _state(settings, server.pid)


def stop(settings: Settings) -> ServerState | None:
    """Stop our server and wait for it to exit; None when it was not running."""
    with _home_errors(settings):
        return _stop(settings)


def _stop(settings: Settings) -> ServerState | None:
    layout = _layout(settings)
    server = process.our_process(layout)
    if server is None:
        layout.pid_file.unlink(missing_ok=True)
        return None
    exits.terminate(server)
    layout.pid_file.unlink(missing_ok=True)
    return _state(settings, None)


def status(settings: Settings) -> ServerState:
    with _home_errors(settings):
        server = process.our_process(_layout(settings))
    return _state(settings, server.pid if server else None)


def read_log(settings: Settings, lines: int) -> list[str]:
    """The last `lines` lines of the server log (all of it when lines is 0)."""
    with _home_errors(settings):
        return process.tail(_layout(settings).log_file, lines if lines > 0 else None)
