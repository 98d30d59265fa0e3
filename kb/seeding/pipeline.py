"""The path of a new or changed file, stage by stage: validate (stage 3), plan (4), write (5),
finish (6). Either all files are validated first, or, when the files allow it, a worker
validates and plans them one by one while they are written (kb.seeding.streaming)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import neo4j

from kb.problems import Problem
from kb.seeding.finishing import finish_seed
from kb.seeding.planning import plan_jobs, read_state
from kb.seeding.summary import SeedSummary
from kb.seeding.validation import collector_paused, validate_all
from kb.seeding.writing import write_jobs
from kb.settings import Settings
from kb.validate import ValidationReport


def seed_report(
    driver: neo4j.Driver,
    database: str,
    report: ValidationReport,
    *,
    batch_rows: int,
    prune_missing: bool = False,
    advance: Callable[[int], None] = lambda _: None,
    now: datetime | None = None,
) -> SeedSummary:
    """Write a validated report into a graph whose schema is applied."""
    summary = SeedSummary.of_validation(report)
    slugs = sorted({loaded.evaluation.vendor.slug for loaded in report.evaluations})
    state = read_state(driver, database, slugs)
    jobs = plan_jobs(report, state, summary, now or datetime.now(UTC))
    write_jobs(driver, database, jobs, summary, advance, batch_rows)
    return finish_seed(driver, database, report, summary, prune_missing=prune_missing)


def _seed_streaming(
    driver: neo4j.Driver,
    database: str,
    walked: list[tuple[Path, bool]],
    walk_problems: list[Problem],
    settings: Settings,
    prune_missing: bool,
    progress: Callable[[int], Any] | None,
    batch_rows: int,
) -> SeedSummary | None:
    """Write while parsing (kb.seeding.streaming) when the files allow it; None when they do
    not."""
    # Imported only when a run may stream: small runs (kb up's seeds/) skip its imports.
    from kb.seeding.streaming import seed_streaming, stream_resolver

    names = stream_resolver(walked, settings.max_file_bytes)
    if names is None:
        return None
    # No cyclic collection while streaming, as in validate_all: the rows handed over by the
    # worker are millions of acyclic objects that every collection scanned (1.5 s of this
    # process's time at 10,000 files, with the GIL held). The driver's reference cycles no
    # longer keep a written batch's rows (kb.graph.writer.write_batch empties them), so
    # when the writes succeed the peak RSS is no higher than with the collector on
    # (in-process at 10,000: 263-269 MiB, against 307-382 MiB before). A failed batch is
    # collected at once (kb.seeding.writing).
    with collector_paused():
        gc.freeze()
        try:
            return seed_streaming(
                driver,
                database,
                walked,
                walk_problems,
                names,
                max_file_bytes=settings.max_file_bytes,
                prune_missing=prune_missing,
                advance=progress(len(walked)) if progress else (lambda _: None),
                batch_rows=batch_rows,
            )
        finally:
            gc.unfreeze()


def seed_changed(
    driver: neo4j.Driver,
    database: str,
    paths: Sequence[Path],
    walked: list[tuple[Path, bool]],
    walk_problems: list[Problem],
    settings: Settings,
    *,
    prune_missing: bool,
    progress: Callable[[int], Any] | None,
    batch_rows: int,
) -> SeedSummary:
    """Parse, validate and write once a file is new or changed: while parsing when the files
    allow it (kb.seeding.streaming), else validating first."""
    streamed = _seed_streaming(
        driver, database, walked, walk_problems, settings, prune_missing, progress, batch_rows
    )
    if streamed is not None:
        return streamed
    report = validate_all(paths, settings.max_file_bytes)
    advance = progress(len(report.by_file())) if progress else (lambda _: None)
    return seed_report(
        driver,
        database,
        report,
        prune_missing=prune_missing,
        advance=advance,
        batch_rows=batch_rows,
    )
