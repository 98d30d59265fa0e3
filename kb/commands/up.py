"""`kb up` (what `make run` calls): Neo4j, then the graph, then the API."""

from __future__ import annotations

import contextlib
import threading

import typer

from kb import neo4j_local
from kb.browser import play_command
from kb.errors import KbError
from kb.graph.version import describe_version
from kb.neo4j_local.process import check_port_free
from kb.settings import Settings, get_settings

UVICORN_STARTUP_FAILURE = 3  # the exit code uvicorn.run gives when it could not start


def _prepare_graph(settings: Settings) -> None:
    """Apply the schema and seed seeds/evaluations/ (idempotent: unchanged files write nothing).

    A wrong URI or password, or a seed file that fails, stops here before the API starts.
    """
    from kb.paths import data_dir
    from kb.seeding import seed_paths

    summary = seed_paths([data_dir("seeds") / "evaluations"], settings, notify=typer.echo)
    typer.echo(
        f"Graph: schema applied; seeds/ {summary.created} created, {summary.updated} updated, "
        f"{summary.unchanged} unchanged, {len(summary.warnings)} warnings"
    )
    if not summary.ok:
        failed = "; ".join(summary.failed.values())
        raise KbError(f"seeding seeds/ failed: {failed}")
    typer.echo(f"Graph version: {describe_version(settings)}")


def up() -> None:
    """Start Neo4j when NEO4J_URI is unset, prepare the graph, and serve the API."""
    settings = get_settings()
    # Checked first: finding the API port taken after minutes of starting and seeding is late.
    check_port_free(settings.api_port, "API", "API_PORT", host=settings.api_host)
    server_pid = None
    if settings.neo4j_uri is None:
        state = neo4j_local.start(settings)
        server_pid = state.pid
        verb = "reusing" if state.reused else "started"
        typer.echo(f"Neo4j {state.version} {verb}: {state.bolt_uri}")
        typer.echo(f"Neo4j Browser: {state.browser_url}")
    else:
        typer.echo(f"Neo4j: {settings.neo4j_uri} (NEO4J_URI)")
    _prepare_graph(settings)
    _serve(settings, server_pid)
    if server_pid is not None:
        typer.echo("Neo4j keeps running; `kb neo4j stop` stops it.")


def _serve(settings: Settings, server_pid: int | None) -> None:
    """Serve the API until Ctrl-C, or until the managed Neo4j (`server_pid`) exits."""
    # Imported here: `kb neo4j ...` and the file commands should not pay for the web stack.
    import uvicorn

    from api.app import create_app

    api = f"http://{settings.api_host}:{settings.api_port}"
    typer.echo(f"API: {api}/graphql  ({api}/healthz, /readyz; Ctrl-C stops the API)")
    typer.echo(f"Explorer: {api}/")
    typer.echo(f"Neo4j Browser guide: {play_command(settings.api_host, settings.api_port)}")
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host=settings.api_host, port=settings.api_port)
    )
    neo4j_exited = threading.Event()
    if server_pid is not None:

        def stop_serving() -> None:
            neo4j_exited.set()
            server.should_exit = True  # uvicorn checks it ten times a second

        neo4j_local.watch(server_pid, stop_serving)
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn raises Ctrl-C again once it is done
        server.run()
    if neo4j_exited.is_set():
        raise neo4j_local.ServerStopped(
            f"Neo4j (pid {server_pid}) was stopped while the API was serving, so the API "
            f"stopped too; `kb up` starts both again"
        )
    if not server.started:  # uvicorn logged why (e.g. the port was taken meanwhile)
        raise typer.Exit(UVICORN_STARTUP_FAILURE)


def register(app: typer.Typer) -> None:
    app.command("up")(up)
