"""`kb serve` (the GraphQL API on an existing Neo4j) and `kb schema` (print the GraphQL SDL)."""

from __future__ import annotations

from typing import Annotated

import typer

from kb.graph.version import describe_version
from kb.settings import get_settings


def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on (API_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (API_PORT).")] = None,
    workers: Annotated[int, typer.Option(min=1, max=32, help="Worker processes.")] = 1,
) -> None:
    """Serve the GraphQL API (/graphql, /healthz, /readyz, /metrics) on the configured Neo4j."""
    settings = get_settings()
    # Imported here: the file and graph commands should not pay for the web stack.
    import uvicorn

    from api.taxonomy import load_taxonomy
    from kb.framework import framework_data

    # Fail here, as one line, rather than inside each worker with a traceback.
    load_taxonomy(framework_data())

    host = host or settings.api_host
    port = port or settings.api_port
    typer.echo(f"API: http://{host}:{port}/graphql  (Neo4j: {settings.effective_neo4j_uri})")
    typer.echo(f"Explorer: http://{host}:{port}/")
    typer.echo(f"Graph version: {describe_version(settings)}")
    # A factory: each worker process builds its own app and its own driver.
    uvicorn.run(
        "api.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="info"
    )


def schema() -> None:
    """Print the GraphQL schema (SDL); schema.graphql at the repository's top is this output."""
    from api.schema import sdl

    typer.echo(sdl(), nl=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("schema")(schema)
