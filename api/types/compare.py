"""Q5: vendors compared dimension by dimension, with profile thresholds."""

from __future__ import annotations

import strawberry

from api.types.common import Totals, VendorRef


@strawberry.type(description="Whether a vendor passes a selection profile (seeds/framework.yaml).")
class ProfileResult:
    profile_id: str
    name: str
    passes: bool
    failures: list[str] = strawberry.field(description="Each threshold it misses, in words.")
    scale_notes: list[str] = strawberry.field(
        description="Totals compared across scales by the scale rule of seeds/framework.yaml."
    )


@strawberry.type
class ComparedVendor:
    vendor: VendorRef
    version: int | None = strawberry.field(description="Version of the latest evaluation.")
    inpact: Totals
    goals: Totals
    profiles: list[ProfileResult]


@strawberry.type(description="One vendor's latest score on a dimension; null when unscored.")
class Cell:
    slug: str
    score: int | None
    max: int | None
    rationale: str | None


@strawberry.type(description="One dimension across the compared vendors, in their order.")
class DimensionRow:
    dimension: str
    framework: str
    letter: str
    name: str
    cells: list[Cell]


@strawberry.type
class Comparison:
    vendors: list[ComparedVendor]
    dimensions: list[DimensionRow]
