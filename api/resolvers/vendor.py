"""Q2: a vendor's whole evaluation; Q3: its alternatives."""

from __future__ import annotations

from api import reads
from api.context import Context
from api.resolvers.arguments import identifier
from api.types.evaluation import Alternatives, VendorEvaluation
from kb.errors import NotFound


async def vendor(context: Context, slug: str) -> VendorEvaluation:
    row = await reads.vendor_evaluation(
        context.reader, identifier(slug, "slug"), context.limits.max_page_size
    )
    if row is None:
        raise NotFound(f"no vendor with slug {slug[:80]!r}")
    return VendorEvaluation.from_row(row)


async def alternatives(context: Context, slug: str) -> Alternatives:
    row = await reads.vendor_alternatives(
        context.reader, identifier(slug, "slug"), context.limits.max_page_size
    )
    if row is None:
        raise NotFound(f"no vendor with slug {slug[:80]!r}")
    return Alternatives.from_row(row)
