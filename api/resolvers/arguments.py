"""Argument checks shared by resolvers. All run before the database is called."""

from __future__ import annotations

from api.context import Context
from api.errors import BadUserInput, LimitExceeded
from kb.framework import FrameworkData

MAX_ID_LENGTH = 200


def layer_id(framework: FrameworkData, text: str | None, argument: str = "layer") -> str | None:
    """'L5', 'Layer 5' or a layer's name or alias -> 'L5'; None stays None."""
    if text is None:
        return None
    layer = framework.resolve_layer(text[:MAX_ID_LENGTH])
    if layer is None:
        known = ", ".join(x.id for x in framework.layers)
        raise BadUserInput(f"argument {argument}: unknown layer {text[:60]!r}; expected {known}")
    return layer.id


def identifier(text: str, argument: str) -> str:
    """A slug or id: non-empty and short; anything else in it is harmless (a parameter)."""
    if not text.strip():
        raise BadUserInput(f"argument {argument} must not be empty")
    if len(text) > MAX_ID_LENGTH:
        raise BadUserInput(f"argument {argument} is longer than {MAX_ID_LENGTH} characters")
    return text


def dimension_key(framework: FrameworkData, text: str, argument: str) -> str:
    """'INPACT.P' (case-insensitive) -> 'INPACT.P'; BadUserInput names the known keys."""
    keys = {f"{f.id}.{d.letter}" for f in framework.frameworks for d in f.dimensions}
    key = text.strip().upper()
    if key not in keys:
        raise BadUserInput(
            f"argument {argument}: unknown dimension {text[:60]!r}; "
            f"expected one of {', '.join(sorted(keys))}"
        )
    return key


def bounded(value: int, argument: str, low: int, high: int) -> int:
    """Above `high` is a limit (LIMIT_EXCEEDED); below `low` the value is meaningless
    (BAD_USER_INPUT)."""
    if value < low:
        raise BadUserInput(f"argument {argument}={value} must be between {low} and {high}")
    if value > high:
        raise LimitExceeded(f"argument {argument}={value} must be between {low} and {high}")
    return value


def list_size(context: Context, items: list[object], argument: str) -> None:
    if len(items) > context.limits.max_list_argument:
        raise LimitExceeded(
            f"argument {argument} has {len(items)} items; at most "
            f"{context.limits.max_list_argument} allowed"
        )
