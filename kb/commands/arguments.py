"""Argument types shared by commands."""

from __future__ import annotations

from pathlib import Path

import typer


def non_empty_path(text: str) -> Path:
    """A path argument; '' (a variable that expanded to nothing) is refused, not read as the
    current folder (Path('') is '.'), which `kb validate ""` or `kb export ""` would then use."""
    if not text:
        raise typer.BadParameter("an empty path (expected a file or folder)")
    return Path(text)
