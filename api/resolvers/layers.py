"""Q9: the layers of the stack."""

from __future__ import annotations

from api import reads
from api.context import Context
from api.resolvers.arguments import bounded
from api.types.common import VendorRef
from api.types.layers import LayerOverview


async def layers(context: Context, top: int) -> list[LayerOverview]:
    bounded(top, "top", 0, context.limits.max_page_size)
    rows = await reads.layers_overview(context.reader, top)
    return [
        LayerOverview(
            id=row["layer"]["id"],
            name=row["layer"]["name"],
            position=row["layer"]["position"],
            description=row["layer"].get("description") or "",
            aliases=list(row["layer"].get("aliases") or []),
            below=row["below"],
            above=row["above"],
            vendor_count=row["vendorCount"],
            average_inpact_total=row["avgInpact"],
            best_inpact_total=row["bestInpact"],
            average_goals_total=row["avgGoals"],
            best_goals_total=row["bestGoals"],
            top_vendors=[VendorRef.from_row(v) for v in row["topVendors"]],
        )
        for row in rows
    ]
