"""Q1's three kinds of evidence and their ranking, and Q6 walks four hops deep, with three invented
canonical files added to the seed corpus: Kong links itself to Argilla's ABAC risk (EXPLICIT)
and consumes from L5, feeds L6; Sentinel Gate sits in L5 (LAYER), scores high on INPACT.P and
GOALS.G (DIMENSION), consumes from L4 and feeds L7; Ledger Warden's risk is linked to Sentinel
Gate, Kong and five unknown vendors (unscored stubs): an EXPLICIT group of seven."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest

from tests.integration.graph_helpers import change_graph, rows, seeded_graph

EVIDENCE = Path(__file__).resolve().parent / "evidence"
ABAC = "argilla/4e5964d31b"
STALE_RECORDS = "ledger-warden/081ce8ef40"  # Ledger Warden's risk

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
    return seeded_graph(driver, EVIDENCE)


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
    # Kong (EXPLICIT) takes the only place, ahead of the four LAYER tools; toolCount counts all
    # five tools whatever the page holds, even an empty one.
    assert page(gql, id=ABAC, first=1) == (5, [("Kong", "EXPLICIT", ["EXPLICIT"])])
    assert page(gql, id=ABAC, first=0) == (5, [])


def explicit_page(gql: Any, first: int) -> tuple[int, list[str]]:
    """Ledger Warden's risk: toolCount and the names on the page, every one EXPLICIT."""
    count, tools = page(gql, id=STALE_RECORDS, first=first)
    assert {(strongest, tuple(kinds)) for _, strongest, kinds in tools} <= {
        ("EXPLICIT", ("EXPLICIT",))
    }
    return count, [name for name, _, _ in tools]


STALE_RECORDS_TOOLS = [
    "Sentinel Gate",  # INPACT 30
    "Kong",  # INPACT 27, no GOALS total
    "amber-vault",  # the five stubs (named by their slugs), unscored: last, by name
    "brass-ledger",
    "cobalt-seal",
    "dune-notary",
    "echo-stamp",
]


def test_a_large_group_ranks_its_unscored_stubs_last(gql: Any) -> None:
    # Seven EXPLICIT tools: first=1 and first=3 read the scored ones in index order (7 > 2 x
    # first) and fill the places left with the unscored; first=4 and first=20 sort the group.
    assert explicit_page(gql, first=1) == (7, STALE_RECORDS_TOOLS[:1])
    assert explicit_page(gql, first=3) == (7, STALE_RECORDS_TOOLS[:3])
    assert explicit_page(gql, first=4) == (7, STALE_RECORDS_TOOLS[:4])
    assert explicit_page(gql, first=20) == (7, STALE_RECORDS_TOOLS)


def change_vendor(driver: neo4j.Driver, slug: str, **values: Any) -> dict[str, Any]:
    """Set (None: remove) properties of a vendor; returns all its properties as they were."""
    [found] = rows(driver, "MATCH (v:Vendor {slug: $slug}) RETURN properties(v) AS p", slug=slug)
    before: dict[str, Any] = found["p"]
    new = {key: value for key, value in {**before, **values}.items() if value is not None}
    change_graph(driver, "MATCH (v:Vendor {slug: $slug}) SET v = $new", slug=slug, new=new)
    return before


def restore_vendor(driver: neo4j.Driver, slug: str, properties: dict[str, Any]) -> None:
    change_graph(driver, "MATCH (v:Vendor {slug: $slug}) SET v = $p", slug=slug, p=properties)


Change = Callable[..., None]


@pytest.fixture
def changed(seeded: neo4j.Driver) -> Iterator[Change]:
    """changed(slug, name=value, ...): change_vendor for one test, restored after it."""
    saved: list[tuple[str, dict[str, Any]]] = []

    def change(slug: str, **values: Any) -> None:
        saved.append((slug, change_vendor(seeded, slug, **values)))

    yield change
    for slug, properties in reversed(saved):
        restore_vendor(seeded, slug, properties)


def test_names_tie_break_case_insensitively_in_both_paths(gql: Any, changed: Change) -> None:
    # "Zinc Vault" sorts before "brass-ledger" by code point, after it ignoring case.
    changed("amber-vault", name="Zinc Vault")
    expected = [*STALE_RECORDS_TOOLS[:2], *STALE_RECORDS_TOOLS[3:], "Zinc Vault"]
    assert explicit_page(gql, first=3) == (7, expected[:3])
    assert explicit_page(gql, first=20) == (7, expected)


def test_an_evaluated_vendor_without_an_inpact_total_ranks_with_the_unscored(
    gql: Any, changed: Change
) -> None:
    # Not every vendor without inpactTotal is a stub now, so Q1 scans for the unscored ones:
    # Sentinel Gate leads them (GOALS total 22; the stubs have none), in both paths.
    changed("sentinel-gate", inpactTotal=None)
    assert explicit_page(gql, first=1) == (7, ["Kong"])
    assert explicit_page(gql, first=3) == (7, ["Kong", "Sentinel Gate", "amber-vault"])
    assert explicit_page(gql, first=4) == (
        7,
        ["Kong", "Sentinel Gate", "amber-vault", "brass-ledger"],
    )


def test_a_vendor_without_evaluated_is_not_a_dimension_tool(gql: Any, changed: Change) -> None:
    # Not every vendor short of evaluated = true is a stub now, so Q1 scans for them: Sentinel
    # Gate, the only DIMENSION tool of the monitoring/feedback risk, is left out, and keeps
    # only its LAYER evidence for the ABAC risk.
    changed("sentinel-gate", evaluated=None)
    risk = answer(gql, text="annotation bottlenecks")
    assert (risk["toolCount"], risk["tools"]) == (0, [])
    assert page(gql, id=ABAC, layer="L5", first=2) == (
        4,
        [("Cerbos", "LAYER", ["LAYER"]), ("Sentinel Gate", "LAYER", ["LAYER"])],
    )


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
