"""`kb seed`: evaluation files -> validated evaluations -> the graph, with progress and a summary.

Its entry, kb.seeding, comes here once a file is new or changed (seed_changed).

Decisions (docs/graph-model.md):
- Unchanged evaluations (same content hash as the vendor's latest version) write nothing.
- Each file is atomic. Files are packed into one write transaction up to a row budget for
  speed; if that transaction fails, its files are retried one transaction each, so a bad file
  fails alone and never leaves a vendor half-written.
- A vendor is written at most once per run: a second file evaluating it is skipped (warning).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import neo4j
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from kb.errors import Neo4jUnavailable
from kb.formats.load import describe_bug
from kb.framework import framework_data
from kb.graph.queries import cypher, query
from kb.graph.rows import Rows, UnwritableEvaluation, VersionToWrite, content_hash, rows_for
from kb.graph.writer import write_batch
from kb.problems import Problem
from kb.seeding import BATCH_ROWS, SeedSummary, prune
from kb.settings import Settings
from kb.validate import LoadedEvaluation, ValidationReport, validate_paths

# A batch closes when it holds BATCH_ROWS rows or this many files (whichever comes first).
BATCH_FILES = 500
# The first batch closes at batch_rows / 8 rows (a file with more rows still goes whole),
# the limit then doubles up to batch_rows.
FIRST_BATCH_SHARE = 8
STATE_CHUNK = 2_000


@dataclass
class VendorState:
    versions: dict[int, str]  # version -> content hash
    latest_hash: str | None
    evaluated: bool
    retired: bool
    source_file: str | None
    file_hash: str | None


@dataclass
class FileJob:
    path: str
    rows: Rows = field(default_factory=Rows)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def writes(self) -> bool:
        return self.rows.size() > 0


def read_state(driver: neo4j.Driver, database: str, slugs: Sequence[str]) -> dict[str, VendorState]:
    """What the graph already holds for these vendors (one read per STATE_CHUNK slugs)."""
    state: dict[str, VendorState] = {}
    for start in range(0, len(slugs), STATE_CHUNK):
        records, _, _ = driver.execute_query(
            cypher("read/seed_state"),
            slugs=list(slugs[start : start + STATE_CHUNK]),
            database_=database,
            routing_=neo4j.RoutingControl.READ,
        )
        for record in records:
            versions = {v["version"]: v["contentHash"] for v in record["versions"] if v["version"]}
            latest = next((v["contentHash"] for v in record["versions"] if v["latest"]), None)
            state[record["slug"]] = VendorState(
                versions=versions,
                latest_hash=latest,
                evaluated=bool(record["evaluated"]),
                retired=bool(record["retired"]),
                source_file=record["sourceFile"],
                file_hash=record["fileHash"],
            )
    return state


def _plan_evaluation(
    job: FileJob, loaded: LoadedEvaluation, known: VendorState | None, now: datetime
) -> None:
    """Add the rows that bring one vendor up to this evaluation (or nothing if unchanged)."""
    evaluation = loaded.evaluation
    source_file = evaluation.provenance.source_file or str(loaded.path)
    digest = content_hash(evaluation)
    file_hash = evaluation.provenance.content_hash
    retired = bool(evaluation.provenance.retired)  # only an export of a retired vendor says so
    if known is not None and known.latest_hash == digest:
        job.unchanged += 1
        if (known.retired, known.source_file, known.file_hash) != (retired, source_file, file_hash):
            job.rows.touches.append(
                {
                    "slug": evaluation.vendor.slug,
                    "sourceFile": source_file,
                    "fileHash": file_hash,
                    "retired": retired,
                }
            )
        return
    data = framework_data()
    existing = set(known.versions) if known else set()
    for past in evaluation.history:  # restoring an export: earlier versions first
        if past.version in existing:
            continue
        existing.add(past.version)
        job.rows.extend(
            rows_for(
                VersionToWrite(
                    evaluation=past.evaluation,
                    version=past.version,
                    content_hash=content_hash(past.evaluation),
                    source_file=past.evaluation.provenance.source_file or source_file,
                    ingested_at=past.ingested_at,
                    latest=False,
                ),
                data,
            )
        )
    item = VersionToWrite(
        evaluation=evaluation,
        version=max(existing, default=0) + 1,
        content_hash=digest,
        source_file=source_file,
        ingested_at=evaluation.provenance.ingested_at or now,
    )
    rows = rows_for(item, data)
    if known is None:
        rows.clear_slugs = []  # not in the graph when the run began: nothing to clear
    job.rows.extend(rows)
    if known is not None and known.evaluated:
        job.updated += 1
    else:
        job.created += 1


def plan_file(
    job: FileJob, evaluations: Iterable[tuple[LoadedEvaluation, VendorState | None]], now: datetime
) -> str | None:
    """Plan one file's evaluations (with what the graph holds of each vendor) into `job`; why
    the file cannot be written, or None. Shared by both seeding paths, so that a planning bug
    fails its file alike in each, never the run with a traceback."""
    try:
        for loaded, known in evaluations:
            _plan_evaluation(job, loaded, known, now)
    except UnwritableEvaluation as error:
        return str(error)
    except Exception as bug:
        detail = describe_bug(bug)
        return f"{job.path}: internal error while planning (a bug, please report it): {detail}"
    return None


def plan_jobs(
    report: ValidationReport, state: dict[str, VendorState], summary: SeedSummary, now: datetime
) -> Iterator[FileJob]:
    """One job per file, planned lazily (only the batch being built is held in memory);
    evaluations of a vendor already seen in this run are skipped."""
    claimed: dict[str, str] = {}

    def unclaimed(
        path: str, group: list[LoadedEvaluation]
    ) -> Iterator[tuple[LoadedEvaluation, VendorState | None]]:
        for loaded in group:
            slug = loaded.evaluation.vendor.slug
            if slug in claimed:
                summary.warnings.append(
                    Problem(
                        path,
                        loaded.line("vendor"),
                        "warning",
                        f"vendor {slug!r} is already evaluated by {claimed[slug]} "
                        "in this run; this evaluation is skipped",
                    )
                )
                continue
            claimed[slug] = path
            yield loaded, state.get(slug)

    for path, group in report.by_file().items():
        job = FileJob(path=str(path))
        why = plan_file(job, unclaimed(str(path), group), now)
        if why is not None:
            summary.failed[str(path)] = why
            continue
        yield job


def _batches(jobs: Iterable[FileJob | None], batch_rows: int) -> Iterator[list[FileJob]]:
    """Jobs in order, grouped up to a row limit that starts at an eighth of `batch_rows` and
    doubles up to it. Neo4j has nothing to do until the first group arrives; when files are
    parsed while written (kb.seed_stream), each group is written while the next, at most
    twice as large, is parsed (files parse about twice as fast as Neo4j writes them; a full
    second group left Neo4j idle 0.4 s at 10,000 files). A None closes the group gathered
    so far."""
    current: list[FileJob] = []
    size = 0
    limit = max(1, batch_rows // FIRST_BATCH_SHARE)
    for job in jobs:
        if job is None:
            if current:
                yield current
                current, size = [], 0
            continue
        if current and (size + job.rows.size() > limit or len(current) >= BATCH_FILES):
            yield current
            current, size, limit = [], 0, min(batch_rows, 2 * limit)
        current.append(job)
        size += job.rows.size()
    if current:
        yield current


def _merged(jobs: list[FileJob]) -> Rows:
    rows = Rows()
    for job in jobs:
        rows.extend(job.rows)
    return rows


def _write(driver: neo4j.Driver, database: str, rows: Rows) -> str | None:
    """Write one transaction; the reason on a database error, Neo4jUnavailable if it is gone."""
    try:
        write_batch(driver, database, rows)
    except (ServiceUnavailable, SessionExpired) as error:
        raise Neo4jUnavailable(f"Neo4j went away while seeding ({type(error).__name__})") from None
    except (Neo4jError, DriverError) as error:
        return f"{type(error).__name__}: {getattr(error, 'message', None) or error}"
    return None


def _write_one_batch(
    driver: neo4j.Driver,
    database: str,
    batch: list[FileJob],
    summary: SeedSummary,
    advance: Callable[[int], None],
) -> None:
    """One transaction for the batch; if it fails, one transaction per file."""
    writing = [job for job in batch if job.writes]
    failure = _write(driver, database, _merged(writing)) if writing else None
    for job in batch:
        reason = None
        if failure is not None and job.writes:
            reason = _write(driver, database, job.rows)
        if reason is None:
            summary.add(job)
        else:
            summary.failed[job.path] = reason
    if failure is not None:
        # A failed transaction's error keeps its frames, and with them the batch's rows, in
        # the driver's reference cycles; the collector may be off (kb seed while streaming).
        gc.collect()
    advance(len(batch))


def write_jobs(
    driver: neo4j.Driver,
    database: str,
    jobs: Iterable[FileJob | None],
    summary: SeedSummary,
    advance: Callable[[int], None] = lambda _: None,
    batch_rows: int = BATCH_ROWS,
) -> None:
    """Write every job in batches, in order (a None among them hands the batch gathered so far
    to the writer at once). One writer thread: while Neo4j commits a batch, this thread plans
    the next one (planning is Python work, writing is the server's)."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-seed-writer") as writer:
        pending: Future[None] | None = None
        for batch in _batches(jobs, batch_rows):
            if pending is not None:
                pending.result()  # at most one batch in flight; its errors surface here
            pending = writer.submit(_write_one_batch, driver, database, batch, summary, advance)
        if pending is not None:
            pending.result()


def seed_report(
    driver: neo4j.Driver,
    database: str,
    report: ValidationReport,
    *,
    prune_missing: bool = False,
    advance: Callable[[int], None] = lambda _: None,
    now: datetime | None = None,
    batch_rows: int = BATCH_ROWS,
) -> SeedSummary:
    """Write a validated report into a graph whose schema is applied."""
    summary = SeedSummary.of_validation(report)
    slugs = sorted({loaded.evaluation.vendor.slug for loaded in report.evaluations})
    state = read_state(driver, database, slugs)
    jobs = plan_jobs(report, state, summary, now or datetime.now(UTC))
    write_jobs(driver, database, jobs, summary, advance, batch_rows)
    return finish_seed(driver, database, report, summary, prune_missing=prune_missing)


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


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic collector off for the block, then left as it was found. Parsing and
    streaming allocate millions of acyclic objects that it would rescan again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _validate(paths: Sequence[Path], max_file_bytes: int) -> ValidationReport:
    """validate_paths with the collector paused (about 20% quicker at 10,000 files). What it
    returns is then frozen out of later collections, as it lives until the end of the seed."""
    with collector_paused():
        try:
            return validate_paths(paths, max_file_bytes=max_file_bytes)
        finally:
            gc.freeze()


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
    """Write while parsing (kb.seed_stream) when the files allow it; None when they do not."""
    from kb.seed_stream import seed_streaming, stream_resolver  # it builds on this module

    names = stream_resolver(walked, settings.max_file_bytes)
    if names is None:
        return None
    # No cyclic collection while streaming, as in _validate: the rows handed over by the
    # worker are millions of acyclic objects that every collection scanned (1.5 s of this
    # process's time at 10,000 files, with the GIL held). The driver's reference cycles no
    # longer keep a written batch's rows (kb.graph.writer.write_batch empties them), so
    # when the writes succeed the peak RSS is no higher than with the collector on
    # (in-process at 10,000: 263-269 MiB, against 307-382 MiB before). A failed batch is
    # collected at once (_write_one_batch).
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
    """kb.seeding.seed_paths once a file is new or changed: parse, validate and write,
    while parsing when the files allow it (kb.seed_stream), else validating first."""
    streamed = _seed_streaming(
        driver, database, walked, walk_problems, settings, prune_missing, progress, batch_rows
    )
    if streamed is not None:
        return streamed
    report = _validate(paths, settings.max_file_bytes)
    advance = progress(len(report.by_file())) if progress else (lambda _: None)
    return seed_report(
        driver,
        database,
        report,
        prune_missing=prune_missing,
        advance=advance,
        batch_rows=batch_rows,
    )
