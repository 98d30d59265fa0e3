"""Apply the graph's schema (constraints, indexes) and reference data; idempotent, and a
no-op (no write, the graph version unmoved) when both are in place already."""

from __future__ import annotations

import re
from typing import Any

import neo4j

from kb.framework import FrameworkData, framework_data
from kb.graph.queries import cypher, query
from kb.graph.version import bump_version

SCHEMA_FILES = ("schema/constraints", "schema/indexes", "schema/fulltext")
INDEX_TIMEOUT_SECONDS = 300
_DECLARED = re.compile(r"CREATE\s+(?:CONSTRAINT|(?:FULLTEXT\s+)?INDEX)\s+(\w+)\s+IF NOT EXISTS")


def reference_params(data: FrameworkData) -> dict[str, object]:
    """Rows of write/upsert_layers and write/upsert_dimensions, from seeds/framework.yaml."""
    layers = [
        {
            "id": layer.id,
            "name": layer.name,
            "aliases": list(layer.aliases),
            "position": layer.position,
            "description": layer.description,
        }
        for layer in sorted(data.layers, key=lambda x: x.position)
    ]
    frameworks = [
        {
            "id": fw.id,
            "name": fw.name,
            "question": fw.question,
            "dimensionMax": fw.dimension_max,
            "totalMax": fw.total_max,
            "dimensions": [
                {
                    "key": f"{fw.id}.{dim.letter}",
                    "letter": dim.letter,
                    "name": dim.name,
                    "meaning": dim.meaning,
                    "position": position,
                }
                for position, dim in enumerate(fw.dimensions, 1)
            ],
        }
        for fw in data.frameworks
    ]
    return {"layers": layers, "frameworks": frameworks}


def declared_names() -> set[str]:
    """The names of every constraint and index the schema files create."""
    return {
        match
        for name in SCHEMA_FILES
        for statement in query(name).statements
        for match in _DECLARED.findall(statement)
    }


def schema_in_place(driver: neo4j.Driver, database: str) -> bool:
    """True when every declared constraint and index exists and is online (one query)."""
    records, _, _ = driver.execute_query(
        query("read/schema_indexes").cypher,
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    online = {r["name"] for r in records if r["state"] == "ONLINE"}
    return declared_names() <= online


def apply_schema(driver: neo4j.Driver, database: str, data: FrameworkData | None = None) -> None:
    """Constraints, indexes and full-text indexes (IF NOT EXISTS), then the reference data.

    When they are all there already (every start after the first), only the reference data is
    compared: one query instead of one round trip per schema statement.
    """
    created = not schema_in_place(driver, database)
    if created:
        _create_schema(driver, database)
    params = reference_params(data or framework_data())
    with driver.session(database=database) as session:
        session.execute_write(_write_reference_data, params, created)


def _write_reference_data(
    tx: neo4j.ManagedTransaction, params: dict[str, Any], schema_created: bool
) -> None:
    """Upsert the layers and dimensions when the stored ones differ, and move the graph version
    when anything changed. Neo4j runs schema changes in transactions of their own, so a schema
    just created moves it here, in the first transaction after them. A graph seeded before it
    had a version gets its first one here too."""
    stored = tx.run(cypher("read/reference_data")).single(strict=True)
    differs = _stored_reference(stored, params) != _expected_reference(params)
    if differs:
        tx.run(cypher("write/upsert_layers"), layers=params["layers"]).consume()
        tx.run(cypher("write/upsert_dimensions"), frameworks=params["frameworks"]).consume()
    versioned = tx.run(cypher("read/graph_version")).single() is not None
    if differs or schema_created or not versioned:
        bump_version(tx)


def _expected_reference(params: dict[str, Any]) -> dict[str, Any]:
    """What read/reference_data returns once the upserts of `params` have run."""
    by_position = {layer["position"]: layer["id"] for layer in params["layers"]}
    layers = [
        {**layer, "below": by_position.get(layer["position"] - 1)} for layer in params["layers"]
    ]
    frameworks = [
        {
            **framework,
            "dimensions": _by_key(
                [
                    {**dimension, "framework": framework["id"]}
                    for dimension in framework["dimensions"]
                ],
                "key",
            ),
        }
        for framework in params["frameworks"]
    ]
    return {"layers": _by_key(layers, "id"), "frameworks": _by_key(frameworks, "id")}


def _stored_reference(stored: Any, params: dict[str, Any]) -> dict[str, Any]:
    """The stored reference data, narrowed to the layers, frameworks and dimensions `params`
    names (others, if any, are left alone by the upserts too)."""
    layer_ids = {layer["id"] for layer in params["layers"]}
    dimension_keys = {
        dimension["key"]
        for framework in params["frameworks"]
        for dimension in framework["dimensions"]
    }
    framework_ids = {framework["id"] for framework in params["frameworks"]}
    frameworks = [
        {
            **f,
            "dimensions": _by_key(
                [d for d in f["dimensions"] if d["key"] in dimension_keys], "key"
            ),
        }
        for f in stored["frameworks"]
        if f["id"] in framework_ids
    ]
    return {
        "layers": _by_key([layer for layer in stored["layers"] if layer["id"] in layer_ids], "id"),
        "frameworks": _by_key(frameworks, "id"),
    }


def _by_key(items: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {item[key]: item for item in items}


def _create_schema(driver: neo4j.Driver, database: str) -> None:
    for name in SCHEMA_FILES:
        for statement in query(name).statements:
            # Schema changes run in their own auto-commit transactions.
            driver.execute_query(statement, database_=database)
    driver.execute_query(
        query("schema/await_indexes").cypher,
        timeoutSeconds=INDEX_TIMEOUT_SECONDS,
        database_=database,
    )
