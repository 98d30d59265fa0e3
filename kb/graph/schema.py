"""Apply the graph's schema (constraints, indexes) and reference data; idempotent."""

from __future__ import annotations

import re

import neo4j

from kb.framework import FrameworkData, framework_data
from kb.graph.queries import query
from kb.graph.writer import run_write

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
    upserted: one query instead of one round trip per schema statement.
    """
    if not schema_in_place(driver, database):
        _create_schema(driver, database)
    params = reference_params(data or framework_data())
    run_write(driver, database, "write/upsert_layers", layers=params["layers"])
    run_write(driver, database, "write/upsert_dimensions", frameworks=params["frameworks"])


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
