"""Where the project's data folders (cypher/, seeds/) are, installed or from a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent

# Where `kb schema-json` writes the canonical format's JSON Schema, relative to the checkout.
SCHEMA_PATH = "schemas/evaluation.schema.json"


def data_dir(name: str) -> Path:
    """`cypher` or `seeds`: inside an installed wheel (kb/_data/NAME) or at the checkout's top."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"the {name}/ folder is missing: looked in {installed} and {checkout}")


def web_dist_dir() -> Path:
    """The built web explorer in a checkout (web/dist, written by `make web`)."""
    return _PACKAGE.parent / "web" / "dist"
