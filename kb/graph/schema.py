"""Apply the graph's schema (constraints, indexes) and reference data; idempotent, and a
no-op (no write, the graph version unmoved) when both are in place already."""

from __future__ import annotations

import re

import neo4j

from kb.framework import FrameworkData, framework_data
from kb.graph.queries import query
from kb.graph.reference import reference_params, write_reference_data

SCHEMA_FILES = ("schema/constraints", "schema/indexes", "schema/fulltext")
INDEX_TIMEOUT_SECONDS = 300
_DECLARED = re.compile(r"CREATE\s+(?:CONSTRAINT|(?:FULLTEXT\s+)?INDEX)\s+(\w+)\s+IF NOT EXISTS")


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
    with driver.session(database=database) as session:
        session.execute_write(
            write_reference_data, reference_params(data or framework_data()), created
        )


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
