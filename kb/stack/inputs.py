"""Checks of a stack's input, before and after the one query, naming the field at fault.

Before: the profile, each pick's layer, duplicates, how many picks. After (on the query's
rows): each picked vendor exists, is evaluated, is not retired, and sits in the layer it was
picked for. The API words a StackInputError as `argument picks[2].vendor: ...`, the CLI as the
file's line or the --pick it came from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kb.errors import KbError
from kb.framework import FrameworkData, Profile
from kb.stack.model import Pick

MAX_PICKS = 28  # four per layer


class StackInputError(KbError):
    """A stack, profile or constraint the knowledge base cannot grade."""

    exit_code = 2

    def __init__(self, problem: str, field: str, index: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.field = field  # "profile", "layer", "vendor", "picks", "layers", ...
        self.index = index  # the pick's position, when it is about one


def profile_named(data: FrameworkData, profile_id: str) -> Profile:
    profile = data.profile(profile_id.strip())
    if profile is None:
        known = ", ".join(p.id for p in data.profiles) or "none"
        raise StackInputError(
            f"unknown profile {profile_id[:60]!r}; expected one of {known}", "profile"
        )
    return profile


def layer_named(data: FrameworkData, text: str, field: str, index: int | None = None) -> str:
    layer = data.resolve_layer(text[:200])
    if layer is None:
        known = ", ".join(x.id for x in data.layers)
        raise StackInputError(f"unknown layer {text[:60]!r}; expected {known}", field, index)
    return layer.id


def checked_picks(
    data: FrameworkData, picks: Sequence[tuple[str, str]], max_picks: int = MAX_PICKS
) -> list[Pick]:
    """(layer text, vendor slug) pairs -> picks with layer ids; duplicates and too many refused."""
    if len(picks) > max_picks:
        raise StackInputError(f"{len(picks)} picks; at most {max_picks} allowed", "picks")
    checked: list[Pick] = []
    for i, (layer_text, vendor) in enumerate(picks):
        layer = layer_named(data, layer_text, "layer", i)
        slug = vendor.strip()
        if not slug or len(slug) > 200:
            raise StackInputError("expected a vendor slug of 1 to 200 characters", "vendor", i)
        pick = Pick(layer, slug)
        if pick in checked:
            first = checked.index(pick)
            raise StackInputError(
                f"{slug!r} at {layer} is picked twice (first as pick {first + 1})", "vendor", i
            )
        checked.append(pick)
    return checked


def check_picked_vendors(picks: Sequence[Pick], rows: Sequence[Mapping[str, Any]]) -> None:
    """The query's pick rows (in pick order): each vendor must be there to be graded."""
    for i, (pick, row) in enumerate(zip(picks, rows, strict=True)):
        vendor = row["vendor"]
        if vendor is None:
            raise StackInputError(f"no vendor with slug {pick.vendor!r}", "vendor", i)
        if not vendor.get("evaluated"):
            raise StackInputError(
                f"{pick.vendor!r} is a stub (known only from another vendor's links): "
                "it has no scores to grade",
                "vendor",
                i,
            )
        if vendor.get("retired"):
            raise StackInputError(f"{pick.vendor!r} is retired", "vendor", i)
        if vendor.get("layer") != pick.layer:
            raise StackInputError(
                f"{pick.vendor!r} is in {vendor.get('layer') or 'no layer'}, not {pick.layer}",
                "layer",
                i,
            )
