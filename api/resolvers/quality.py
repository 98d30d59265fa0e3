"""Q8: data quality findings."""

from __future__ import annotations

from api import reads
from api.context import Context
from api.resolvers.arguments import bounded
from api.types.common import VendorRef, as_date
from api.types.quality import DataQuality, StaleEvaluation, Stub, TotalMismatch


async def data_quality(context: Context, older_than_days: int) -> DataQuality:
    bounded(older_than_days, "olderThanDays", 0, 36500)
    row = await reads.data_quality(context.reader, older_than_days, context.limits.max_page_size)
    return DataQuality(
        total_mismatches=[
            TotalMismatch(
                vendor=VendorRef.from_row(m["vendor"]),
                evaluation_id=m["evaluationId"],
                inpact_declared=m.get("inpactDeclared"),
                inpact_computed=m.get("inpactComputed"),
                goals_declared=m.get("goalsDeclared"),
                goals_computed=m.get("goalsComputed"),
            )
            for m in row["totalMismatches"]
        ],
        stub_count=row["stubCount"],
        stubs=[
            Stub(slug=s["slug"], name=s.get("name") or s["slug"], linked_from=list(s["linkedFrom"]))
            for s in row["stubs"]
        ],
        stale=[
            StaleEvaluation(
                vendor=VendorRef.from_row(s["vendor"]),
                evaluation_id=s["evaluationId"],
                evaluated_at=as_date(s["evaluatedAt"]),  # type: ignore[arg-type]
                age_days=s["ageDays"],
            )
            for s in row["stale"]
        ],
    )
