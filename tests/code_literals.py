"""String literals of the project's Python code, for tests that check names used in it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def literals_matching(pattern: re.Pattern[str], *folders: str) -> set[str]:
    """Every string constant in the .py files under `folders` (relative to the repository)
    that `pattern` matches whole; docstrings never look like query names."""
    found: set[str] = set()
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if any(part.startswith(".") for part in path.relative_to(ROOT).parts):
                continue  # work folders (bench/.work holds other commits' code), .venv
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found.update(
                node.value
                for node in ast.walk(tree)
                if isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and pattern.fullmatch(node.value)
            )
    return found
