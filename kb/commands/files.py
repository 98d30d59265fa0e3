"""CLI commands: files (to be filled)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the kb app."""
