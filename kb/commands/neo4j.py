"""`kb neo4j start|stop|status|logs`: the managed local Neo4j 5.26 Community server."""

from __future__ import annotations

from typing import Annotated

import typer

from kb import neo4j_local
from kb.settings import get_settings

MAX_TAIL = 1_000_000  # the most lines `logs -n` holds in memory at once

app = typer.Typer(
    help="A managed local Neo4j 5.26 Community server (no Docker needed).",
    no_args_is_help=True,
)


def _print_urls(state: neo4j_local.ServerState) -> None:
    typer.echo(f"  Bolt:    {state.bolt_uri}")
    typer.echo(f"  Browser: {state.browser_url}")


@app.command()
def start() -> None:
    """Start the server (the first start downloads it with Maven), or reuse ours if it runs."""
    settings = get_settings()
    state = neo4j_local.start(settings)
    if state.reused:
        typer.echo(f"Neo4j {state.version} is already running (pid {state.pid}); reusing it.")
    else:
        typer.echo(f"Neo4j {state.version} started (pid {state.pid}).")
    _print_urls(state)
    if not settings.neo4j_auth:
        typer.echo("  Authentication is off (NEO4J_AUTH=false).")


@app.command()
def stop() -> None:
    """Stop the server this KB started (the pid in its pid file) and wait for it to exit."""
    if neo4j_local.stop(get_settings()) is None:
        typer.echo("Neo4j is not running.")
    else:
        typer.echo("Neo4j stopped.")


@app.command()
def status() -> None:
    """Say whether the server runs, its version and URLs."""
    state = neo4j_local.status(get_settings())
    if state.running:
        typer.echo(f"running: Neo4j {state.version} (pid {state.pid})")
        _print_urls(state)
    else:
        typer.echo(f"stopped (Neo4j {state.version} is what `kb neo4j start` runs)")


@app.command()
def logs(
    lines: Annotated[
        int,
        typer.Option(
            "--tail", "-n", min=0, max=MAX_TAIL, help="Last N lines; 0 prints the whole log."
        ),
    ] = 50,
) -> None:
    """Print the server log (neo4j.log)."""
    for line in neo4j_local.read_log(get_settings(), lines):
        typer.echo(line)
