"""The README's explore queries run as pasted (their :param values) against the seeded graph."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import neo4j

from kb.graph.queries import query
from tests.integration.graph_helpers import (
    ARGILLA,
    DB,
    SEEDS,
    graph_fixture,  # noqa: F401 (the `graph` fixture)
    seed,
)
from tests.integration.test_seed import edited_argilla

_PARAM = re.compile(r"^:param\s+(\w+)\s*=>\s*(.+)$", re.MULTILINE)


def run_as_pasted(driver: neo4j.Driver, name: str) -> list[dict[str, Any]]:
    """What Browser does: evaluate each :param literal, then run the statement with them."""
    q = query(name)
    params: dict[str, Any] = {}
    for key, literal in _PARAM.findall(q.text):
        records, _, _ = driver.execute_query(f"RETURN {literal} AS value", database_=DB)
        params[key] = records[0]["value"]
    records, _, _ = driver.execute_query(q.cypher, params, database_=DB)
    # graph objects kept as they are (data() would flatten paths to lists)
    return [dict(zip(r.keys(), r.values(), strict=True)) for r in records]


def _rel_types(found: list[dict[str, Any]], *columns: str) -> set[str]:
    return {
        type(rel).__name__
        for row in found
        for column in columns
        if row[column] is not None
        for rel in row[column].relationships
    }


def test_vendor_neighbourhood(graph: neo4j.Driver) -> None:
    seed(graph, SEEDS)
    found = run_as_pasted(graph, "read/explore_vendor_neighbourhood")
    assert _rel_types(found, "p", "q") == {
        "ALTERNATIVE_TO", "BEST_SUITED_FOR", "CONSUMES_FROM", "FEEDS",
        "HAS_LIMITATION", "HAS_RISK", "HAS_STRENGTH", "HAS_USE_CASE", "HOLDS_CERTIFICATION",
        "IMPACTS", "IN_LAYER", "LACKS_CERTIFICATION", "LATEST", "MITIGATES",
        "USE_WITH_CAUTION_FOR",
    }  # fmt: skip
    # Argilla's links: layer 1, latest 1, strengths 5, limitations 5, risks 3, use cases 3,
    # segments 3 + 3, certifications 1 + 2, alternatives 3, flows 2 + 2, impacts 3
    assert len(found) == 37


def test_alternatives_graph(graph: neo4j.Driver) -> None:
    seed(graph, SEEDS)
    found = run_as_pasted(graph, "read/explore_alternatives")
    ends = sorted(
        (row["p"].start_node["slug"], row["p"].end_node["slug"], row["p"].end_node["evaluated"])
        for row in found
    )
    assert ends == [
        ("argilla", "apache-airflow", False),
        ("argilla", "kong", False),
        ("argilla", "temporal", True),
    ]


def test_risks_with_mitigations_and_the_layers_that_apply_them(graph: neo4j.Driver) -> None:
    seed(graph, SEEDS)
    found = run_as_pasted(graph, "read/explore_risk_mitigations")
    tools = sorted(row["q"].end_node["name"] for row in found if row["q"] is not None)
    assert tools == ["Auth0", "Cerbos", "HashiCorp Vault"]
    assert len({row["p"].end_node["id"] for row in found}) == 2  # the two medium risks


def test_stack(graph: neo4j.Driver) -> None:
    seed(graph, SEEDS)
    found = run_as_pasted(graph, "read/explore_stack")
    assert len(found[0]["stack"].relationships) == 6
    per_layer: dict[str, int] = {}
    for row in found:
        layer = row["member"].end_node["id"]
        per_layer[layer] = per_layer.get(layer, 0) + 1
    assert per_layer == {"L1": 4, "L2": 2, "L3": 1, "L4": 3, "L5": 3, "L6": 3, "L7": 3}


def test_stack_gaps(graph: neo4j.Driver) -> None:
    seed(graph, SEEDS)
    found = run_as_pasted(graph, "read/explore_stack_gaps")
    placed = {(r["stack"].start_node["slug"], r["stack"].end_node["id"]) for r in found}
    assert placed == {("argilla", "L7"), ("postgresql", "L1"), ("openai-gpt-4", "L4")}
    gaps = {
        (r["gap"].start_node["slug"], r["gap"].nodes[1]["text"], r["gap"].end_node["id"])
        for r in found
        if r["gap"] is not None
    }
    # Argilla's ABAC risk: its mitigation applies at L5, where the stack has no vendor.
    assert gaps == {
        (
            "argilla",
            "Lack of ABAC means annotators may access sensitive data outside their "
            "authorization scope",
            "L5",
        )
    }
    assert {len(r["layers"].relationships) for r in found} == {1}


def test_score_history(graph: neo4j.Driver, tmp_path: Path) -> None:
    shutil.copy(ARGILLA, tmp_path / "argilla.txt")
    seed(graph, tmp_path)
    edited_argilla(tmp_path)
    seed(graph, tmp_path)
    found = run_as_pasted(graph, "read/explore_score_history")
    assert len(found) == 22
    assert [
        (r["version"], r["latest"], r["score"]) for r in found if r["dimension"] == "INPACT.P"
    ] == [(1, False, 2), (2, True, 3)]
