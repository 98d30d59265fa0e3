"""Q1's tools and toolCount against the same ranking computed here, in Python, from plain vendor,
risk and link rows: every risk of the seed corpus plus the evidence files (stubs, unscored
vendors, a vendor without GOALS total, large and small groups), with and without a layer, for
several page sizes (both the sorted and the index-order path)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest

from api.taxonomy import RiskTaxonomy, load_taxonomy
from kb.framework import framework_data
from kb.graph.score_properties import SCORE_PROPERTIES
from tests.integration.api.test_api_evidence import EVIDENCE, change_vendor, restore_vendor
from tests.integration.graph_helpers import rows, seeded_graph

LAYERS = [None, "L1", "L2", "L3", "L4", "L5", "L6", "L7"]
FIRSTS = [1, 3, 4, 20]
RANK = {"EXPLICIT": 3, "LAYER": 2, "DIMENSION": 1}

Q1 = """
query ($id: String, $layer: String, $first: Int) {
  mitigatingTools(riskId: $id, layer: $layer, first: $first) {
    toolCount tools { vendor { slug } strongest }
  }
}
"""


@pytest.fixture(scope="module")
def seeded(driver: neo4j.Driver) -> neo4j.Driver:
    """Overrides the conftest fixture: the seed corpus plus the evidence files."""
    return seeded_graph(driver, EVIDENCE)


class Graph:
    """The rows Q1 ranks from, read with plain test-only queries."""

    def __init__(self, driver: neo4j.Driver) -> None:
        properties = list(SCORE_PROPERTIES.values())
        self.vendors = {
            v["slug"]: v
            for v in rows(
                driver,
                "MATCH (v:Vendor) RETURN v.slug AS slug, v.name AS name, v.layer AS layer,"
                " v.evaluated AS evaluated, coalesce(v.retired, false) AS retired,"
                " v.inpactTotal AS inpactTotal, v.goalsTotal AS goalsTotal,"
                " [p IN $properties | v[p]] AS scores",
                properties=properties,
            )
        }
        for vendor in self.vendors.values():
            vendor["scores"] = dict(zip(properties, vendor["scores"], strict=True))
        self.risks = rows(
            driver,
            "MATCH (r:Risk) OPTIONAL MATCH (owner:Vendor)-[:HAS_RISK]->(r)"
            " RETURN r.id AS id, toLower(coalesce(r.text, '')) AS wording, owner.slug AS owner,"
            " [(v:Vendor)-[:MITIGATES]->(r) | v.slug] AS vendorLinks,"
            " [(l:Layer)-[:MITIGATES]->(r) | l.id] AS layerLinks,"
            " [(m:Mitigation)-[:MITIGATES]->(r) | [(m)-[:APPLIES_AT]->(l:Layer) | l.id]]"
            "   AS mitigationLayers ORDER BY id",
        )

    def expected(
        self, risk: dict[str, Any], layer: str | None, first: int, taxonomy: RiskTaxonomy
    ) -> tuple[int, list[tuple[str, str]], int]:
        """(toolCount, [(slug, strongest)] of the first `first` tools, the largest group's size)."""
        strongest: dict[str, str] = {}
        for slug, vendor in self.vendors.items():
            if vendor["layer"] in risk["layerLinks"] or slug in risk["vendorLinks"]:
                strongest[slug] = "EXPLICIT"
            elif any(vendor["layer"] in layers for layers in risk["mitigationLayers"]):
                strongest[slug] = "LAYER"
        properties: list[str] = []
        for rule in taxonomy.cypher_rules():
            if any(term in risk["wording"] for term in rule["terms"]):
                properties += [p for p in rule["properties"] if p not in properties]
        for slug, vendor in self.vendors.items():
            scores = [vendor["scores"][p] for p in properties]
            if (
                properties
                and slug not in strongest
                and vendor["evaluated"] is True
                and all(score is not None and score >= taxonomy.threshold for score in scores)
            ):
                strongest[slug] = "DIMENSION"
        tools = [
            slug
            for slug in strongest
            if slug != risk["owner"]
            and not self.vendors[slug]["retired"]
            and (layer is None or self.vendors[slug]["layer"] == layer)
        ]
        tools.sort(key=lambda slug: self.order(slug, strongest[slug]))
        largest = max(Counter(strongest[slug] for slug in tools).values(), default=0)
        return len(tools), [(slug, strongest[slug]) for slug in tools[:first]], largest

    def order(self, slug: str, strongest: str) -> tuple[Any, ...]:
        """Strongest evidence, then INPACT and GOALS totals (unscored last), name, slug."""
        vendor = self.vendors[slug]
        inpact, goals = vendor["inpactTotal"], vendor["goalsTotal"]
        return (
            -RANK[strongest],
            inpact is None,
            -(inpact or 0),
            goals is None,
            -(goals or 0),
            vendor["name"].lower(),
            slug,
        )


# Vendor properties changed before comparing (None: removed), restored after.
CHANGES: dict[str, dict[str, dict[str, Any]]] = {
    "as seeded": {},
    # The fallback scans: an evaluated vendor without INPACT total, one without `evaluated`.
    "no inpactTotal": {"sentinel-gate": {"inpactTotal": None}},
    "no evaluated": {"sentinel-gate": {"evaluated": None}},
    "retired": {"cerbos": {"retired": True}, "kong": {"retired": True}},
}


@pytest.fixture(params=list(CHANGES))
def changes(request: pytest.FixtureRequest, seeded: neo4j.Driver) -> Iterator[None]:
    before = {
        slug: change_vendor(seeded, slug, **values)
        for slug, values in CHANGES[request.param].items()
    }
    yield
    for slug, properties in before.items():
        restore_vendor(seeded, slug, properties)


def test_q1_ranks_every_risk_as_computed_from_plain_rows(
    seeded: neo4j.Driver, changes: None, gql: Any
) -> None:
    graph = Graph(seeded)
    taxonomy = load_taxonomy(framework_data())
    assert len(graph.risks) == 4  # three of Argilla's, one of Ledger Warden's
    seen = set()
    for risk in graph.risks:
        for layer in LAYERS:
            for first in FIRSTS:
                body = gql(Q1, id=risk["id"], layer=layer, first=first)
                assert "errors" not in body, body
                [answer] = body["data"]["mitigatingTools"]
                tools = [(t["vendor"]["slug"], t["strongest"]) for t in answer["tools"]]
                count, page, largest = graph.expected(risk, layer, first, taxonomy)
                assert (answer["toolCount"], tools) == (count, page), (risk["id"], layer, first)
                seen.add((count > 0, largest > 2 * first))
    # Risks without tools, and with tools in small groups (sorted) and in large ones (read in
    # index order) were all compared.
    assert seen == {(False, False), (True, False), (True, True)}
