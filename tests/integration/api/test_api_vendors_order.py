"""Q4's order, every sort it offers: the index-ordered query against the rule computed here.

The rule (cypher/read/vendors_page.cypher): scored vendors by the sort property in the asked
direction, ties by lower-cased name then slug; then the unscored, by lower-cased name then
slug; retired vendors never. Walking every page with cursors must give exactly that order and
the same totalCount on every page, for each total and dimension, both directions, with and
without a layer.
"""

from __future__ import annotations

from typing import Any

import neo4j
import pytest

from kb.graph.score_properties import SCORE_PROPERTIES

PAGE = """
query ($filter: VendorFilter, $sort: VendorSort, $first: Int, $after: String) {
  vendors(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    edges { node { slug } }
    pageInfo { hasNextPage endCursor }
  }
}
"""

SORTS: list[tuple[dict[str, Any], str]] = [
    ({"field": "INPACT_TOTAL"}, "inpactTotal"),
    ({"field": "GOALS_TOTAL"}, "goalsTotal"),
    *(({"field": "DIMENSION", "dimension": key}, prop) for key, prop in SCORE_PROPERTIES.items()),
]


@pytest.fixture(scope="module")
def vendors(seeded: neo4j.Driver) -> list[dict[str, Any]]:
    records, _, _ = seeded.execute_query(
        "MATCH (v:Vendor) WHERE NOT coalesce(v.retired, false) RETURN v {.*} AS v"
    )
    return [r["v"] for r in records]


def expected(rows: list[dict[str, Any]], prop: str, descending: bool) -> list[str]:
    def tie(v: dict[str, Any]) -> tuple[str, str]:
        return (v["name"].lower(), v["slug"])

    scored = sorted((v for v in rows if v.get(prop) is not None), key=tie)
    scored.sort(key=lambda v: v[prop], reverse=descending)  # stable: ties keep name order
    unscored = sorted((v for v in rows if v.get(prop) is None), key=tie)
    return [v["slug"] for v in scored + unscored]


def walk(gql: Any, filter: dict[str, Any], sort: dict[str, Any]) -> tuple[set[int], list[str]]:
    """Every page of 4: the totalCounts seen and the slugs in order."""
    totals: set[int] = set()
    slugs: list[str] = []
    after = None
    while True:
        body = gql(PAGE, filter=filter, sort=sort, first=4, after=after)
        assert "errors" not in body, body["errors"]
        page = body["data"]["vendors"]
        totals.add(page["totalCount"])
        slugs += [edge["node"]["slug"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return totals, slugs
        after = page["pageInfo"]["endCursor"]


@pytest.mark.parametrize("layer", [None, "L5", "L7"])
@pytest.mark.parametrize("direction", ["DESC", "ASC"])
def test_every_sort_pages_in_the_documented_order(
    gql: Any, vendors: list[dict[str, Any]], layer: str | None, direction: str
) -> None:
    rows = [v for v in vendors if layer is None or v.get("layer") == layer]
    assert len(rows) >= 3  # the seed corpus has vendors in each of these
    for sort, prop in SORTS:
        want = expected(rows, prop, direction == "DESC")
        totals, got = walk(gql, {"layer": layer}, {**sort, "direction": direction})
        assert (totals, got) == ({len(want)}, want), (layer, sort, direction)
