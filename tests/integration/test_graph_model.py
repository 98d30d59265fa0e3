"""docs/graph-model.md's diagram lists exactly the patterns a fully seeded graph holds."""

from __future__ import annotations

import re
from pathlib import Path

import neo4j

from bench.corpus import generate_corpus
from tests.integration.graph_helpers import (
    ROOT,
    SEEDS,
    graph_fixture,  # noqa: F401 (the `graph` fixture)
    rows,
    seed,
)

_EDGE = re.compile(r"^\s*(\w+) -->\|(\w+)\| (\w+)\s*$")


def diagram_patterns() -> set[tuple[str, str, str]]:
    text = (ROOT / "docs" / "graph-model.md").read_text(encoding="utf-8")
    block = text.split("```mermaid", 1)[1].split("```", 1)[0]
    return {m.groups() for line in block.splitlines() if (m := _EDGE.match(line))}  # type: ignore[misc]


def test_the_diagram_matches_the_seeded_graph(graph: neo4j.Driver, tmp_path: Path) -> None:
    generate_corpus(30, tmp_path)  # covers explicit vendor and layer mitigation links
    seed(graph, SEEDS, tmp_path)

    found = rows(
        graph,
        "MATCH (a)-[r]->(b) RETURN DISTINCT labels(a)[0] AS a, type(r) AS type, labels(b)[0] AS b",
    )

    assert {(r["a"], r["type"], r["b"]) for r in found} == diagram_patterns()
    assert len(diagram_patterns()) == 22
