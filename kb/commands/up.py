"""`kb up` (what `make run` calls): Neo4j, then the graph, then the API."""

from __future__ import annotations

import typer

from kb import neo4j_local
from kb.errors import KbError
from kb.neo4j_local.process import check_port_free
from kb.settings import Settings, get_settings


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


def up() -> None:
    """Start Neo4j when NEO4J_URI is unset, prepare the graph, and serve the API."""
    settings = get_settings()
    # Checked first: finding the API port taken after minutes of starting and seeding is late.
    check_port_free(settings.api_port, "API", "API_PORT", host=settings.api_host)
    if settings.neo4j_uri is None:
        state = neo4j_local.start(settings)
        verb = "reusing" if state.reused else "started"
        typer.echo(f"Neo4j {state.version} {verb}: {state.bolt_uri}")
        typer.echo(f"Neo4j Browser: {state.browser_url}")
    else:
        typer.echo(f"Neo4j: {settings.neo4j_uri} (NEO4J_URI)")
    _prepare_graph(settings)

    # Imported here: `kb neo4j ...` and the file commands should not pay for the web stack.
    import uvicorn

    from api.app import create_app

    api = f"http://{settings.api_host}:{settings.api_port}"
    typer.echo(f"API: {api}/graphql  ({api}/healthz, /readyz; Ctrl-C stops the API)")
    uvicorn.run(create_app(settings), host=settings.api_host, port=settings.api_port)
    if settings.neo4j_uri is None:
        typer.echo("Neo4j keeps running; `kb neo4j stop` stops it.")


def register(app: typer.Typer) -> None:
    app.command("up")(up)
