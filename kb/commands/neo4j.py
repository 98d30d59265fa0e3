"""`kb neo4j start|stop|status|logs` (to be filled)."""

from __future__ import annotations

import typer

app = typer.Typer(help="A managed local Neo4j 5.26 Community server (no Docker needed).")
