"""The reference data (seeds/framework.yaml's layers, frameworks and dimensions) in the graph:
written, with the graph version's move, only when what the graph holds differs."""

from __future__ import annotations

from typing import Any

import neo4j

from kb.framework import FrameworkData
from kb.graph.queries import cypher
from kb.graph.version import bump_version


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


def write_reference_data(
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
