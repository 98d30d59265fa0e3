"""A full, ordered dump of the graph: nodes and relationships with every property.

Used by `kb export` (graph.json) and by tests that compare two graphs exactly.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

import neo4j
from neo4j.time import Date, DateTime

from kb.graph.queries import cypher


def _plain(value: Any) -> Any:
    """Neo4j temporal values become ISO strings so that a dump is JSON."""
    if isinstance(value, Date | DateTime):
        return value.iso_format()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _props(properties: dict[str, Any], ignore: Collection[str]) -> dict[str, Any]:
    return {k: _plain(v) for k, v in sorted(properties.items()) if k not in ignore}


def _sort_key(item: dict[str, Any]) -> str:
    return json.dumps(item, sort_keys=True, default=str)


def dump_graph(
    driver: neo4j.Driver, database: str, *, ignore: Collection[str] = ()
) -> dict[str, list[dict[str, Any]]]:
    """Every node and relationship, sorted; properties named in `ignore` left out."""
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        nodes = session.execute_read(
            lambda tx: [
                {
                    "labels": sorted(r["labels"]),
                    "key": r["key"],
                    "properties": _props(r["properties"], ignore),
                }
                for r in tx.run(cypher("read/dump_nodes"))
            ]
        )
        relationships = session.execute_read(
            lambda tx: [
                {
                    "from": [r["fromLabel"], r["fromKey"]],
                    "type": r["type"],
                    "to": [r["toLabel"], r["toKey"]],
                    "properties": _props(r["properties"], ignore),
                }
                for r in tx.run(cypher("read/dump_relationships"))
            ]
        )
    return {
        "nodes": sorted(nodes, key=_sort_key),
        "relationships": sorted(relationships, key=_sort_key),
    }
