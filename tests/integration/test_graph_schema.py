"""The schema: every declared constraint and index is created, online, and applied idempotently."""

from __future__ import annotations

import neo4j

from kb.graph.schema import apply_schema, declared_names, schema_in_place
from tests.integration.graph_helpers import (
    DB,
    graph_fixture,  # noqa: F401 (the `graph` fixture)
    label_counts,
    rows,
)


def test_schema_is_complete_online_and_idempotent(graph: neo4j.Driver) -> None:
    apply_schema(graph, DB)
    apply_schema(graph, DB)  # second time: nothing to create, reference data unchanged

    assert schema_in_place(graph, DB)
    names = {r["name"] for r in rows(graph, "SHOW INDEXES YIELD name RETURN name")}
    assert declared_names() <= names
    assert len(declared_names()) == 14 + 26 + 5  # the seed lock's and the version's among the 14
    constraints = rows(
        graph, "SHOW CONSTRAINTS YIELD labelsOrTypes, properties RETURN labelsOrTypes, properties"
    )
    keys = {(r["labelsOrTypes"][0], r["properties"][0]) for r in constraints}
    assert {
        ("Layer", "id"),
        ("Framework", "id"),
        ("Dimension", "key"),
        ("Vendor", "slug"),
        ("Evaluation", "id"),
        ("Risk", "id"),
        ("Mitigation", "id"),
        ("Strength", "id"),
        ("Limitation", "id"),
        ("UseCase", "id"),
        ("Segment", "id"),
        ("Certification", "id"),
        ("SeedLock", "id"),
        ("GraphVersion", "id"),
    } <= keys
    fulltext = rows(
        graph,
        "SHOW FULLTEXT INDEXES YIELD name, options "
        "RETURN name, options.indexConfig.`fulltext.eventually_consistent` AS eventual",
    )
    assert {r["name"]: r["eventual"] for r in fulltext if r["name"] in declared_names()} == {
        "vendorNames": True,
        "riskTexts": True,
        "mitigationTexts": True,
        "scoreRationales": True,
        "alternativeRationales": True,
    }
    assert label_counts(graph) == {"Layer": 7, "Framework": 2, "Dimension": 11, "GraphVersion": 1}
