"""One function per question: builds the parameters and runs the question's named read query.

Each function is exactly one round trip (`Reader.run`), whatever the size of the answer, and
returns plain rows. The GraphQL resolvers call these; so can benchmarks, for the floor.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from api.repository import Reader, Row
from api.taxonomy import RiskTaxonomy
from kb.stack.query import QUERY as STACK_QUERY


async def risk_mitigators(
    reader: Reader,
    taxonomy: RiskTaxonomy,
    *,
    risk_id: str | None,
    risk_query: str | None,
    layer: str | None,
    max_risks: int,
    first: int,
) -> list[Row]:
    """Q1: one row per risk (by id, or the best full-text matches), each with ranked tools."""
    return await reader.run(
        "read/risk_mitigators",
        {
            "asked": {"riskId": risk_id, "riskQuery": risk_query, "layer": layer},
            "maxRisks": max_risks,
            "first": first,
            "rules": taxonomy.cypher_rules(),
            "threshold": taxonomy.threshold,
        },
    )


async def vendor_evaluation(reader: Reader, slug: str, max_items: int) -> Row | None:
    """Q2: the vendor's whole evaluation, or None."""
    rows = await reader.run("read/vendor_evaluation", {"slug": slug, "maxItems": max_items})
    return rows[0] if rows else None


async def vendor_alternatives(reader: Reader, slug: str, max_items: int) -> Row | None:
    """Q3: alternatives in both directions, or None when there is no such vendor."""
    rows = await reader.run("read/vendor_alternatives", {"slug": slug, "maxItems": max_items})
    return rows[0] if rows else None


async def vendors_page(reader: Reader, params: dict[str, Any]) -> Row:
    """Q4: {totalCount, vendors}; `params` as cypher/read/vendors_page.cypher documents them.
    A sort by a total or a dimension is written into the query (`ranked.<property>`) so that
    its range index orders the page; the sort by name has its own part of the query."""
    prop = params["sortProperty"]
    sort = None if prop == "name" else ("ranked", prop)
    rows = await reader.run("read/vendors_page", params, sort=sort)
    return rows[0]


async def vendors_compare(reader: Reader, slugs: list[str]) -> list[Row]:
    """Q5: one row per slug, in order; `vendor` is None for unknown slugs."""
    return await reader.run("read/vendors_compare", {"slugs": slugs})


async def flow(
    reader: Reader, *, vendor: str | None, layer: str | None, depth: int, max_items: int
) -> Row | None:
    """Q6: the start node and the steps reached up and down the flow, or None."""
    rows = await reader.run(
        "read/flow",
        {"asked": {"vendor": vendor, "layer": layer}, "depth": depth, "maxItems": max_items},
    )
    return rows[0] if rows else None


async def search(reader: Reader, lucene: str, first: int) -> list[Row]:
    """Q7: ranked hits; `lucene` must already be escaped (api.fulltext.lucene_query)."""
    return await reader.run("read/search", {"query": lucene, "first": first})


async def data_quality(
    reader: Reader, older_than_days: int, max_items: int, today: date | None = None
) -> Row:
    """Q8: mismatching totals, stubs, stale evaluations."""
    rows = await reader.run(
        "read/data_quality",
        {"olderThanDays": older_than_days, "maxItems": max_items, "today": today},
    )
    return rows[0]


async def stack_assessment(reader: Reader, params: dict[str, Any]) -> Row:
    """assessStack and adviseStack: the picks' facts and each layer's ranked vendors, in one
    row; `params` from kb.stack.query.assessment_params."""
    rows = await reader.run(STACK_QUERY, params)
    return rows[0]


async def layers_overview(reader: Reader, top: int) -> list[Row]:
    """Q9: the seven layers in stack order with counts, totals and top vendors."""
    return await reader.run("read/layers_overview", {"top": top})
