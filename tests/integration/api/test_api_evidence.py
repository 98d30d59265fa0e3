"""Q1's three kinds of evidence and their ranking, with two invented canonical files added to
the seed corpus: Kong links itself to Argilla's ABAC risk (EXPLICIT); Sentinel Gate sits in L5
(LAYER) and scores high on INPACT.P and GOALS.G (DIMENSION)."""

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
