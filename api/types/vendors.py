"""Q4: vendors as a Relay connection with filters and sorting."""

from __future__ import annotations

from enum import Enum

import strawberry

from api.types.common import VendorRef


@strawberry.input(description="A minimum latest score on one dimension.")
class DimensionMinimum:
    dimension: str = strawberry.field(description='A dimension key, e.g. "INPACT.P".')
    min: int


@strawberry.input(description="All given conditions must hold.")
class VendorFilter:
    layer: str | None = strawberry.field(default=None, description='"L5", "Layer 5" or a name.')
    category: str | None = strawberry.field(default=None, description="Exact, case-insensitive.")
    min_inpact_total: int | None = None
    min_goals_total: int | None = None
    min_scores: list[DimensionMinimum] | None = None
    certification: str | None = strawberry.field(
        default=None, description="A certification the vendor holds, by name."
    )
    segment: str | None = strawberry.field(
        default=None, description="Text contained in one of its best-suited-for segments."
    )
    evaluated: bool | None = strawberry.field(
        default=None, description="true: evaluated vendors only; false: stubs only."
    )


@strawberry.enum
class VendorSortField(Enum):
    NAME = "NAME"
    INPACT_TOTAL = "INPACT_TOTAL"
    GOALS_TOTAL = "GOALS_TOTAL"
    DIMENSION = "DIMENSION"


@strawberry.enum
class SortDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input(description="Unscored vendors always come last; ties go by name.")
class VendorSort:
    field: VendorSortField = VendorSortField.NAME
    dimension: str | None = strawberry.field(
        default=None, description='With DIMENSION: the dimension key, e.g. "GOALS.G".'
    )
    direction: SortDirection | None = strawberry.field(
        default=None, description="Default: ASC for NAME (the only direction), DESC otherwise."
    )


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class VendorEdge:
    cursor: str
    node: VendorRef


@strawberry.type(description="One page of vendors (Relay connection).")
class VendorConnection:
    total_count: int = strawberry.field(description="All vendors matching the filter.")
    edges: list[VendorEdge]
    page_info: PageInfo
