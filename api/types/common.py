"""Types shared by several questions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry

from api.repository import Row


def native(value: Any) -> Any:
    """neo4j.time values -> datetime.date / datetime.datetime; anything else unchanged."""
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def as_date(value: Any) -> date | None:
    result = native(value)
    if isinstance(result, datetime):
        return result.date()
    return result if isinstance(result, date) else None


def as_datetime(value: Any) -> datetime | None:
    result = native(value)
    return result if isinstance(result, datetime) else None


@strawberry.type(description="A vendor in brief: identity, layer and latest totals.")
class VendorRef:
    slug: str
    name: str
    layer_id: str | None = strawberry.field(description="The layer of its latest evaluation.")
    category: str | None
    evaluated: bool = strawberry.field(
        description="False for a stub: a vendor known only from another vendor's file."
    )
    inpact_total: int | None = strawberry.field(
        description="Latest INPACT total as declared (else computed), on the file's own scale."
    )
    goals_total: int | None = strawberry.field(
        description="Latest GOALS total as declared (else computed), on the file's own scale."
    )

    is_stub: bool = strawberry.field(
        description="True when the vendor is known only from links (not evaluated)."
    )

    @classmethod
    def from_row(cls, row: Row) -> VendorRef:
        return cls(
            slug=row["slug"],
            name=row.get("name") or row["slug"],
            layer_id=row.get("layer"),
            category=row.get("category") or None,
            evaluated=bool(row.get("evaluated")),
            inpact_total=row.get("inpactTotal"),
            goals_total=row.get("goalsTotal"),
            is_stub=not row.get("evaluated"),
        )


@strawberry.type(description="A framework total as the file declared it and as summed here.")
class Totals:
    declared: int | None
    declared_max: int | None
    computed: int | None = strawberry.field(description="Sum of the dimension scores.")
    computed_max: int | None
    agrees: bool | None = strawberry.field(
        description="Whether declared and computed agree; null if either is absent."
    )

    @classmethod
    def from_row(cls, row: Row, prefix: str) -> Totals:
        declared, computed = row.get(f"{prefix}Declared"), row.get(f"{prefix}Computed")
        return cls(
            declared=declared,
            declared_max=row.get(f"{prefix}DeclaredMax"),
            computed=computed,
            computed_max=row.get(f"{prefix}ComputedMax"),
            agrees=None if declared is None or computed is None else declared == computed,
        )


@strawberry.type(description="One dimension's score in one evaluation.")
class Score:
    dimension: str = strawberry.field(description='The dimension key, e.g. "INPACT.P".')
    framework: str
    letter: str
    name: str
    score: int
    max: int
    rationale: str

    @classmethod
    def from_row(cls, row: Row) -> Score:
        return cls(
            dimension=row["key"],
            framework=row["framework"],
            letter=row["letter"],
            name=row["name"],
            score=row["score"],
            max=row["max"],
            rationale=row.get("rationale") or "",
        )
