"""Q7: full-text search across names, rationales, risks and mitigations."""

from __future__ import annotations

from api import reads
from api.context import Context
from api.fulltext import lucene_query
from api.types.common import VendorRef
from api.types.search import SearchField, SearchHit


async def search(context: Context, text: str, first: int | None) -> list[SearchHit]:
    query = lucene_query(text, "text", context.limits)
    rows = await reads.search(context.reader, query, context.limits.page_size(first))
    return [
        SearchHit(
            field=SearchField(row["field"]),
            score=float(row["score"]),
            text=row.get("text") or "",
            detail=row.get("detail"),
            vendor=VendorRef.from_row(row["vendor"]),
        )
        for row in rows
    ]
