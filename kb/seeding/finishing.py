"""Stage 6, finish and prune: after the writes, retire the vendors no file evaluates any more
(`kb seed --prune`) and wait for the full-text indexes. Also the re-seed's --prune, so it
imports no parser."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import neo4j

from kb.graph.queries import cypher, query
from kb.graph.writer import run_change
from kb.seeding.summary import SeedSummary

if TYPE_CHECKING:
    from kb.validate import ValidationReport


def _same_file(a: str, b: str) -> bool:
    return Path(a).resolve() == Path(b).resolve()


def prune(
    driver: neo4j.Driver,
    database: str,
    summary: SeedSummary,
    present: set[str],
    kept_files: Sequence[str],
) -> None:
    """Retire evaluated vendors no file of this run evaluates, unless their file is among
    `kept_files` (files that failed, or that were skipped as unchanged)."""
    records, _, _ = driver.execute_query(
        cypher("read/evaluated_vendors"),
        limit=10_000_000,
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    gone = [
        record["slug"]
        for record in records
        if record["slug"] not in present
        and not any(_same_file(record["sourceFile"] or "", f) for f in kept_files)
    ]
    if gone:  # evaluated and not retired: retiring them is a change
        run_change(driver, database, "write/retire_vendors", slugs=gone)
    summary.retired = gone


def finish_seed(
    driver: neo4j.Driver,
    database: str,
    report: ValidationReport,
    summary: SeedSummary,
    *,
    prune_missing: bool,
) -> SeedSummary:
    """After the writes, on either path: retire what no file evaluates (with --prune), then
    wait for the full-text indexes."""
    if prune_missing:
        present = {loaded.evaluation.vendor.slug for loaded in report.evaluations}
        prune(driver, database, summary, present, [*report.failed_files, *summary.failed])
    if summary.created or summary.updated:
        # Full-text indexes are eventually consistent: searches see every write once we return.
        driver.execute_query(query("schema/await_fulltext").cypher, database_=database)
    return summary
