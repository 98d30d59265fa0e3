"""Q7: full-text search hits."""

from __future__ import annotations

from enum import Enum

import strawberry

from api.types.common import VendorRef


@strawberry.enum(description="Which field a search hit matched.")
class SearchField(Enum):
    VENDOR_NAME = "VENDOR_NAME"
    SCORE_RATIONALE = "SCORE_RATIONALE"
    ALTERNATIVE_RATIONALE = "ALTERNATIVE_RATIONALE"
    RISK = "RISK"
    MITIGATION = "MITIGATION"


@strawberry.type
class SearchHit:
    field: SearchField
    score: float = strawberry.field(description="Lucene relevance; hits are sorted by it.")
    text: str = strawberry.field(description="The matching text.")
    detail: str | None = strawberry.field(
        description="SCORE_RATIONALE: the dimension key; ALTERNATIVE_RATIONALE: the "
        "alternative's slug."
    )
    vendor: VendorRef
