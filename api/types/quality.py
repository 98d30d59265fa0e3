"""Q8: data quality findings."""

from __future__ import annotations

from datetime import date

import strawberry

from api.types.common import VendorRef


@strawberry.type(description="A latest evaluation whose declared total differs from its sum.")
class TotalMismatch:
    vendor: VendorRef
    evaluation_id: str
    inpact_declared: int | None
    inpact_computed: int | None
    goals_declared: int | None
    goals_computed: int | None


@strawberry.type(description="A vendor known only from links, and who links to it.")
class Stub:
    slug: str
    name: str
    linked_from: list[str]


@strawberry.type
class StaleEvaluation:
    vendor: VendorRef
    evaluation_id: str
    evaluated_at: date
    age_days: int


@strawberry.type
class DataQuality:
    total_mismatches: list[TotalMismatch]
    stub_count: int
    stubs: list[Stub]
    stale: list[StaleEvaluation]
