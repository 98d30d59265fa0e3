"""Q1's three kinds of evidence and their ranking, and Q6 walks four hops deep, with two invented
canonical files added to the seed corpus: Kong links itself to Argilla's ABAC risk (EXPLICIT)
and consumes from L5, feeds L6; Sentinel Gate sits in L5 (LAYER), scores high on INPACT.P and
GOALS.G (DIMENSION), consumes from L4 and feeds L7."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import neo4j
import pytest

from tests.integration.graph_helpers import SEEDS, seed, wipe

EVIDENCE = Path(__file__).resolve().parent / "evidence"
ABAC = "argilla/4e5964d31b"

Q1 = """
query ($id: String, $text: String, $layer: String) {
  mitigatingTools(riskId: $id, riskText: $text, layer: $layer) {
    risk { id } matchedRules toolCount
    tools {
      vendor { name }
      strongest
      evidence { kind quote declaredBy layerId scores { dimension score } }
    }
  }
}
"""


@pytest.fixture(scope="module")
def seeded(driver: neo4j.Driver) -> neo4j.Driver:
    """Overrides the conftest fixture: the seed corpus plus this module's two files."""
    wipe(driver)
    summary = seed(driver, SEEDS, EVIDENCE)
    assert summary.ok, summary.failed
    return driver


def answer(gql: Any, **variables: Any) -> dict[str, Any]:
    body = gql(Q1, **variables)
    assert "errors" not in body, body
    first: dict[str, Any] = body["data"]["mitigatingTools"][0]
    return first


def test_explicit_beats_layer_and_dimension_evidence_is_quoted(gql: Any) -> None:
    risk = answer(gql, id=ABAC)
    assert risk["toolCount"] == 5
    assert [(t["vendor"]["name"], t["strongest"]) for t in risk["tools"]] == [
        ("Kong", "EXPLICIT"),
        ("Cerbos", "LAYER"),
        ("Sentinel Gate", "LAYER"),
        ("Auth0", "LAYER"),
        ("HashiCorp Vault", "LAYER"),
    ]
    kong, _, sentinel, _, _ = risk["tools"]
    assert kong["evidence"] == [
        {
            "kind": "EXPLICIT",
            "quote": "Kong's ABAC plugins gate annotation endpoints.",
            "declaredBy": "kong",
            "layerId": None,
            "scores": [],
        }
    ]
    assert [e["kind"] for e in sentinel["evidence"]] == ["LAYER", "DIMENSION"]
    assert sentinel["evidence"][1] == {
        "kind": "DIMENSION",
        "quote": "access control",
        "declaredBy": None,
        "layerId": None,
        "scores": [{"dimension": "INPACT.P", "score": 6}, {"dimension": "GOALS.G", "score": 5}],
    }


def test_layer_filter_keeps_the_explicit_link_in_l7(gql: Any) -> None:
    risk = answer(gql, id=ABAC, layer="Multi-Agent Orchestration")
    assert [t["vendor"]["name"] for t in risk["tools"]] == ["Kong"]


def test_dimension_evidence_alone(gql: Any) -> None:
    # Monitoring ("silently") -> GOALS.O and feedback ("degrade") -> INPACT.A: only Sentinel
    # Gate scores both (4 and 5); Kong has no GOALS dimensions.
    risk = answer(gql, text="annotation bottlenecks")
    assert risk["matchedRules"] == ["monitoring", "feedback and adaptation"]
    assert [(t["vendor"]["name"], t["strongest"]) for t in risk["tools"]] == [
        ("Sentinel Gate", "DIMENSION")
    ]
    assert risk["tools"][0]["evidence"][0]["scores"] == [
        {"dimension": "GOALS.O", "score": 4},
        {"dimension": "INPACT.A", "score": 5},
    ]


Q1_PAGE = """
query ($id: String, $layer: String, $first: Int) {
  mitigatingTools(riskId: $id, layer: $layer, first: $first) {
    toolCount
    tools { vendor { name } strongest evidence { kind layerId } }
  }
}
"""


def page(gql: Any, **variables: Any) -> tuple[int, list[tuple[str, str, list[str]]]]:
    body = gql(Q1_PAGE, **variables)
    assert "errors" not in body, body
    risk = body["data"]["mitigatingTools"][0]
    tools = [
        (t["vendor"]["name"], t["strongest"], [e["kind"] for e in t["evidence"]])
        for t in risk["tools"]
    ]
    return risk["toolCount"], tools


def test_a_group_over_twice_the_page_is_read_in_index_order(gql: Any) -> None:
    # L5 has 4 LAYER tools: more than 2 x first=1, so the page comes from the inpactTotal index
    # (the sorted path, first=2, must agree); toolCount still counts every tool.
    assert page(gql, id=ABAC, layer="L5", first=1) == (4, [("Cerbos", "LAYER", ["LAYER"])])
    assert page(gql, id=ABAC, layer="L5", first=2) == (
        4,
        [("Cerbos", "LAYER", ["LAYER"]), ("Sentinel Gate", "LAYER", ["LAYER", "DIMENSION"])],
    )


def test_the_page_is_filled_group_by_group(gql: Any) -> None:
    # Kong (EXPLICIT) takes the only place; the LAYER group is not ranked, only counted.
    assert page(gql, id=ABAC, first=1) == (5, [("Kong", "EXPLICIT", ["EXPLICIT"])])
    assert page(gql, id=ABAC, first=0) == (5, [])


Q6 = """
query ($vendor: String, $layer: String) {
  flow(vendor: $vendor, layer: $layer, depth: 4) {
    upstream { node { kind id } depth via what }
    downstream { node { kind id } depth via what }
  }
}
"""


def walk(gql: Any, direction: str, **start: Any) -> list[tuple[str, str, int, str, str]]:
    body = gql(Q6, **start)
    assert "errors" not in body, body
    return [
        (s["node"]["kind"], s["node"]["id"], s["depth"], s["via"], s["what"])
        for s in body["data"]["flow"][direction]
    ]


def test_q6_downstream_of_argilla_four_hops(gql: Any) -> None:
    assert walk(gql, "downstream", vendor="argilla") == [
        ("LAYER", "L4", 1, "argilla", "improved model weights and training data"),
        ("LAYER", "L6", 1, "argilla", "annotation insights"),
        ("VENDOR", "sentinel-gate", 2, "L4", "model outputs"),
        ("LAYER", "L7", 3, "sentinel-gate", "policy decisions"),
    ]


def test_q6_upstream_of_l7_four_hops(gql: Any) -> None:
    assert walk(gql, "upstream", layer="L7") == [
        ("VENDOR", "sentinel-gate", 1, "L7", "policy decisions"),
        ("LAYER", "L4", 2, "sentinel-gate", "model outputs"),
        ("VENDOR", "argilla", 3, "L4", "improved model weights and training data"),
        ("LAYER", "L1", 4, "argilla", "annotation data"),
    ]


def test_q6_downstream_of_l5(gql: Any) -> None:
    assert walk(gql, "downstream", layer="L5") == [
        ("VENDOR", "kong", 1, "L5", "access decisions"),
        ("LAYER", "L6", 2, "kong", "gateway telemetry"),
    ]
