"""Q9: the layers of the stack."""

from __future__ import annotations

import strawberry

from api.types.common import VendorRef


@strawberry.type(description="A layer with its vendors' numbers (retired vendors excluded).")
class LayerOverview:
    id: str
    name: str
    position: int
    description: str
    aliases: list[str]
    below: str | None = strawberry.field(description="The layer that supports this one.")
    above: str | None = strawberry.field(description="The layer this one supports.")
    vendor_count: int
    average_inpact_total: float | None
    best_inpact_total: int | None
    average_goals_total: float | None
    best_goals_total: int | None
    top_vendors: list[VendorRef] = strawberry.field(
        description="By INPACT total, then GOALS total, then name."
    )
