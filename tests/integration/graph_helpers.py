"""Helpers for the graph tests: seed into the test server, count, dump."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import neo4j
import pytest

from kb.graph.dump import dump_graph
from kb.graph.schema import apply_schema
from kb.graph.version import bump_version
from kb.seeding import BATCH_ROWS, SeedSummary
from kb.seeding.pipeline import seed_report
from kb.validate import validate_paths

ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = ROOT / "seeds"  # what `kb seed seeds/` reads: reference data files are skipped
SEEDS = SEEDS_DIR / "evaluations"
ARGILLA = SEEDS / "argilla.txt"
SNAPSHOT = SEEDS / "stack-builder-2026-06-20.yaml"
DB = "neo4j"


def seed(
    driver: neo4j.Driver, *paths: Path, prune: bool = False, batch_rows: int = BATCH_ROWS
) -> SeedSummary:
    apply_schema(driver, DB)
    report = validate_paths(list(paths))
    return seed_report(driver, DB, report, prune_missing=prune, batch_rows=batch_rows)


def rows(driver: neo4j.Driver, statement: str, **params: Any) -> list[dict[str, Any]]:
    """Test-only inspection queries (the product's Cypher lives in cypher/)."""
    records, _, _ = driver.execute_query(statement, params, database_=DB)
    return [record.data() for record in records]


def change_graph(driver: neo4j.Driver, statement: str, **params: Any) -> None:
    """A test's own change, made as every writer makes one: with the graph version's move in
    the same transaction (so that the API's response cache sees it)."""

    def change(tx: neo4j.ManagedTransaction) -> None:
        tx.run(statement, params).consume()
        bump_version(tx)

    with driver.session(database=DB) as session:
        session.execute_write(change)


def label_counts(driver: neo4j.Driver) -> dict[str, int]:
    found = rows(driver, "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n")
    return {r["label"]: r["n"] for r in found}


def type_counts(driver: neo4j.Driver) -> dict[str, int]:
    found = rows(driver, "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n")
    return {r["type"]: r["n"] for r in found}


def dump(driver: neo4j.Driver, *ignore: str) -> dict[str, list[dict[str, Any]]]:
    return dump_graph(driver, DB, ignore=ignore)


def wipe(driver: neo4j.Driver) -> None:
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=DB)


def seeded_graph(driver: neo4j.Driver, *extra: Path) -> neo4j.Driver:
    """An emptied graph seeded with the seed corpus and `extra` folders, every file accepted."""
    wipe(driver)
    summary = seed(driver, SEEDS, *extra)
    assert summary.ok, summary.failed
    return driver


@pytest.fixture(name="graph")
def graph_fixture(driver: neo4j.Driver) -> neo4j.Driver:
    """An empty graph (schema kept). Deletes in an auto-commit transaction: CALL ... IN
    TRANSACTIONS is refused inside the explicit transaction execute_query opens."""
    with driver.session(database=DB) as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()
    return driver
