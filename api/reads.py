"""One function per question: builds the parameters and runs the question's named read query.

Each function is exactly one round trip (`Reader.run`), whatever the size of the answer, and
returns plain rows. The GraphQL resolvers call these; so can benchmarks, for the floor.

Each function is declared with `@warm_up(...)`: representative arguments, built the way its
callers build them (Neo4j plans a statement once per parameter types, and a sort writes its
own statement). api/warmup.py runs every one of them before /readyz says ready, so a cold
server plans them before users ask; tests/unit/api/test_warm_up.py fails when a read query the
API runs has no warm-up.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, TypeVar

from api.repository import Reader, Row
from api.taxonomy import RiskTaxonomy
from kb.graph.queries import SORT_PROPERTIES
from kb.stack.query import QUERY as STACK_QUERY

Read = TypeVar("Read", bound=Callable[..., Awaitable[Any]])


@dataclass(frozen=True)
class WarmUp:
    """One call of a read function with representative arguments."""

    read: Callable[..., Awaitable[Any]]
    arguments: Mapping[str, Any]

    @property
    def name(self) -> str:
        return self.read.__name__

    async def run(self, reader: Reader, taxonomy: RiskTaxonomy) -> None:
        # The taxonomy is the app's, not an example: given to the reads that take it.
        needs_taxonomy = "taxonomy" in inspect.signature(self.read).parameters
        extra = {"taxonomy": taxonomy} if needs_taxonomy else {}
        await self.read(reader, **extra, **self.arguments)


WARM_UPS: list[WarmUp] = []


def warm_up(*examples: Mapping[str, Any]) -> Callable[[Read], Read]:
    """Registers the read with each example's keyword arguments (one per statement variant)."""

    def register(read: Read) -> Read:
        WARM_UPS.extend(WarmUp(read, example) for example in examples)
        return read

    return register


@warm_up({})
async def constraint_names(reader: Reader) -> list[str]:
    """The constraints that exist (/readyz compares them with cypher/schema/)."""
    rows = await reader.run("read/schema_constraints")
    return list(rows[0]["names"]) if rows else []


@warm_up({})
async def graph_version(reader: Reader) -> Row | None:
    """The graph version. The response cache reads it with this statement before every
    cacheable request, outside the reader (api.graph_version: no plan gate, not counted as a
    question's round trip); it is planned here with the others."""
    rows = await reader.run("read/graph_version")
    return rows[0] if rows else None


@warm_up(
    {"risk_id": None, "risk_query": "access control", "layer": None, "max_risks": 3, "first": 20}
)
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


@warm_up({"slug": "argilla", "max_items": 100})
async def vendor_evaluation(reader: Reader, slug: str, max_items: int) -> Row | None:
    """Q2: the vendor's whole evaluation, or None."""
    rows = await reader.run("read/vendor_evaluation", {"slug": slug, "maxItems": max_items})
    return rows[0] if rows else None


@warm_up({"slug": "argilla", "max_items": 100})
async def vendor_alternatives(reader: Reader, slug: str, max_items: int) -> Row | None:
    """Q3: alternatives in both directions, or None when there is no such vendor."""
    rows = await reader.run("read/vendor_alternatives", {"slug": slug, "maxItems": max_items})
    return rows[0] if rows else None


# Q4's filter with nothing asked: every key cypher/read/vendors_page.cypher reads, each unset.
NO_FILTER: Mapping[str, Any] = MappingProxyType(
    {
        "layer": None,
        "category": None,
        "minInpact": None,
        "minGoals": None,
        "minScores": (),
        "certification": None,
        "segment": None,
        "evaluated": None,
    }
)


def page_params(
    filters: Mapping[str, Any], *, sort_property: str, descending: bool, offset: int, first: int
) -> dict[str, Any]:
    """Q4's parameters: `filters` (keys of NO_FILTER; the others stay unset) in one map, so
    that Neo4j plans one query for every combination (cypher/read/vendors_page.cypher)."""
    unknown = set(filters) - set(NO_FILTER)
    if unknown:
        raise ValueError(f"not a filter of cypher/read/vendors_page.cypher: {sorted(unknown)}")
    return {
        "filter": {**NO_FILTER, "minScores": [], **filters},  # a list of its own per call
        "sortProperty": sort_property,
        "descending": descending,
        "offset": offset,
        "first": first,
    }


def _first_page(sort_property: str) -> dict[str, Any]:
    return page_params(
        {}, sort_property=sort_property, descending=sort_property != "name", offset=0, first=20
    )


@warm_up(*({"params": _first_page(p)} for p in ["name", *sorted(SORT_PROPERTIES)]))
async def vendors_page(reader: Reader, params: dict[str, Any]) -> Row:
    """Q4: {totalCount, vendors}; `params` as cypher/read/vendors_page.cypher documents them.
    A sort by a total or a dimension is written into the query (`ranked.<property>`) so that
    its range index orders the page; the sort by name has its own part of the query."""
    prop = params["sortProperty"]
    sort = None if prop == "name" else ("ranked", prop)
    rows = await reader.run("read/vendors_page", params, sort=sort)
    return rows[0]


@warm_up({"slugs": ["argilla", "kong"]})
async def vendors_compare(reader: Reader, slugs: list[str]) -> list[Row]:
    """Q5: one row per slug, in order; `vendor` is None for unknown slugs."""
    return await reader.run("read/vendors_compare", {"slugs": slugs})


@warm_up(
    {"vendor": "argilla", "layer": None, "depth": 2, "max_items": 200},
)
async def flow(
    reader: Reader, *, vendor: str | None, layer: str | None, depth: int, max_items: int
) -> Row | None:
    """Q6: the start node and the steps reached up and down the flow, or None."""
    rows = await reader.run(
        "read/flow",
        {"asked": {"vendor": vendor, "layer": layer}, "depth": depth, "maxItems": max_items},
    )
    return rows[0] if rows else None


@warm_up({"lucene": "access", "first": 20})
async def search(reader: Reader, lucene: str, first: int) -> list[Row]:
    """Q7: ranked hits; `lucene` must already be escaped (api.fulltext.lucene_query)."""
    return await reader.run("read/search", {"query": lucene, "first": first})


@warm_up({"older_than_days": 365, "max_items": 100})
async def data_quality(
    reader: Reader, older_than_days: int, max_items: int, today: date | None = None
) -> Row:
    """Q8: mismatching totals, stubs, stale evaluations."""
    rows = await reader.run(
        "read/data_quality",
        {"olderThanDays": older_than_days, "maxItems": max_items, "today": today},
    )
    return rows[0]


# The query's own :param example (cypher/read/stack_assessment.cypher): healthcare, two picks.
STACK_EXAMPLE = {
    "stack": {
        "picks": [{"layer": "L7", "slug": "argilla"}, {"layer": "L5", "slug": "cerbos"}],
        "layers": ["L1", "L2", "L3", "L4", "L5", "L6", "L7"],
        "inpact": {"minimum": 28, "max": 36, "relabel": [], "rescale": True},
        "goals": {"minimum": 20, "max": 25, "relabel": [30], "rescale": True},
        "dimensionMinima": [],
    },
    "constraints": {"exclude": [], "categories": None, "certifications": []},
    "perLayer": 5,
    "maxItems": 20,
}


@warm_up({"params": STACK_EXAMPLE})
async def stack_assessment(reader: Reader, params: dict[str, Any]) -> Row:
    """assessStack and adviseStack: the picks' facts and each layer's ranked vendors, in one
    row; `params` from kb.stack.query.assessment_params."""
    rows = await reader.run(STACK_QUERY, params)
    return rows[0]


@warm_up({"top": 3})
async def layers_overview(reader: Reader, top: int) -> list[Row]:
    """Q9: the seven layers in stack order with counts, totals and top vendors."""
    return await reader.run("read/layers_overview", {"top": top})
