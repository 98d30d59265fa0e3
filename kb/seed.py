"""`kb seed`: evaluation files -> validated evaluations -> the graph, with progress and a summary.

Decisions (docs/graph-model.md):
- Unchanged evaluations (same content hash as the vendor's latest version) write nothing.
- Each file is atomic. Files are packed into one write transaction up to a row budget for
  speed; if that transaction fails, its files are retried one transaction each, so a bad file
  fails alone and never leaves a vendor half-written.
- A vendor is written at most once per run: a second file evaluating it is skipped (warning).
"""

from __future__ import annotations

import gc
import hashlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import neo4j
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from kb.errors import KbError, Neo4jUnavailable
from kb.formats.load import describe_bug
from kb.framework import framework_data
from kb.graph.driver import open_driver
from kb.graph.queries import cypher, query
from kb.graph.rows import Rows, UnwritableEvaluation, VersionToWrite, content_hash, rows_for
from kb.graph.schema import apply_schema
from kb.graph.writer import run_write, write_batch
from kb.problems import Problem
from kb.settings import Settings
from kb.validate import LoadedEvaluation, ValidationReport, validate_paths, walk_files

# A batch closes when it holds this many rows or files (whichever comes first).
BATCH_ROWS = 20_000
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


@dataclass
class SeedSummary:
    files: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # file -> why
    warnings: list[Problem] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def add(self, job: FileJob) -> None:
        self.created += job.created
        self.updated += job.updated
        self.unchanged += job.unchanged

    @classmethod
    def of_validation(cls, report: ValidationReport) -> SeedSummary:
        """What validation found, before anything is written: its warnings, its failed files."""
        summary = cls(files=len(report.by_file()) + len(report.failed_files))
        for problem in report.problems:
            if problem.level == "warning":
                summary.warnings.append(problem)
            elif problem.level == "error":
                summary.failed.setdefault(problem.file, str(problem))
        return summary


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


def _batches(jobs: Iterable[FileJob], batch_rows: int) -> Iterator[list[FileJob]]:
    """Jobs in order, grouped up to a row limit that starts at an eighth of `batch_rows` and
    doubles up to it. Neo4j has nothing to do until the first group arrives; when files are
    parsed while written (kb.seed_stream), each group is written while the next, at most
    twice as large, is parsed (files parse about twice as fast as Neo4j writes them; a full
    second group left Neo4j idle 0.4 s at 10,000 files)."""
    current: list[FileJob] = []
    size = 0
    limit = max(1, batch_rows // FIRST_BATCH_SHARE)
    for job in jobs:
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
    jobs: Iterable[FileJob],
    summary: SeedSummary,
    advance: Callable[[int], None] = lambda _: None,
    batch_rows: int = BATCH_ROWS,
) -> None:
    """Write every job in batches, in order. One writer thread: while Neo4j commits a batch,
    this thread plans the next one (planning is Python work, writing is the server's)."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-seed-writer") as writer:
        pending: Future[None] | None = None
        for batch in _batches(jobs, batch_rows):
            if pending is not None:
                pending.result()  # at most one batch in flight; its errors surface here
            pending = writer.submit(_write_one_batch, driver, database, batch, summary, advance)
        if pending is not None:
            pending.result()


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
    if gone:
        run_write(driver, database, "write/retire_vendors", slugs=gone)
    summary.retired = gone


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


def _file_hash(file: str, max_file_bytes: int) -> str | None:
    """A file's SHA-256, or None for a file over the size limit (not one the graph can hold:
    the full path reports it) or one that changes while it is read."""
    # os-level calls, no Path: at 10,000 files this takes half the time of Path.read_bytes.
    descriptor = os.open(file, os.O_RDONLY)
    try:
        size = os.fstat(descriptor).st_size
        if size > max_file_bytes:
            return None
        data = os.read(descriptor, size)
        if len(data) != size or os.read(descriptor, 1):
            return None
    finally:
        os.close(descriptor)
    return hashlib.sha256(data).hexdigest()


def _file_hashes(files: list[str], stop: threading.Event, max_file_bytes: int) -> list[str] | None:
    """Each file's SHA-256; None once `stop` is set (nobody wants the rest) or for a file
    _file_hash gives None for."""
    hashes = []
    for file in files:
        digest = None if stop.is_set() else _file_hash(file, max_file_bytes)
        if digest is None:
            return None
        hashes.append(digest)
    return hashes


class FileHashes:
    """The files' SHA-256s, computed in a thread from construction on (reading and hashing
    release the GIL): while Neo4j connects and answers, as a re-seed is little else."""

    def __init__(self, files: list[str], max_file_bytes: int) -> None:
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-seed-hash")
        self._hashing = self._pool.submit(_file_hashes, files, self._stop, max_file_bytes)

    def result(self) -> list[str] | None:
        """The hashes in file order; None if a file is over the limit, changed, gone or
        unreadable (the full path reports it)."""
        try:
            return self._hashing.result()
        except OSError:
            return None
        finally:
            self.close()

    def close(self) -> None:
        """Stop hashing (nobody wants the rest) and wait for the thread."""
        self._stop.set()
        self._pool.shutdown(wait=True)


def unchanged_vendors(
    driver: neo4j.Driver, database: str, files: list[str], hashes: FileHashes
) -> int | None:
    """The number of vendors the files evaluate if the graph holds every file byte for byte
    (nothing to parse or write), else None. Closes `hashes`."""
    try:
        if not files:
            return None
        records, _, _ = driver.execute_query(
            cypher("read/file_hashes"),
            files=files,
            database_=database,
            routing_=neo4j.RoutingControl.READ,
        )
        found = records[0]["files"]
        known = {r["file"]: r for r in found}
        if len(known) != len(files) or any(r["retired"] for r in found):
            return None  # a new file, or one that is not an evaluation: the full path decides
        digests = hashes.result()
    finally:
        hashes.close()  # returning early, or interrupted: the hashing thread stops too
    if digests is None:
        return None
    if any(known[file]["hashes"] != [digest] for file, digest in zip(files, digests, strict=True)):
        return None
    return sum(int(r["vendors"]) for r in found)


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


def seed_paths(
    paths: Sequence[Path],
    settings: Settings,
    *,
    prune_missing: bool = False,
    progress: Callable[[int], Any] | None = None,
    batch_rows: int = BATCH_ROWS,
) -> SeedSummary:
    """apply schema -> (every file unchanged: done) -> validate -> write.

    `progress(total)` returns an advance(n) callback.
    """
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise KbError(f"no such file or folder: {', '.join(missing)}")
    database = settings.neo4j_database
    # The files validate_paths reads, named as it names them: walked once for the unchanged
    # check and the streaming path (validate-first walks them again).
    walk_problems: list[Problem] = []
    walked = list(walk_files(paths, walk_problems))
    files = [str(path) for path, _ in walked]
    # A walk error (over MAX_FILES, a path that is neither file nor folder): the full path
    # reports it.
    walk_failed = any(p.level == "error" for p in walk_problems)
    # Hashing starts before Neo4j is asked; the files' own errors still wait for a run that
    # can write them.
    with (
        closing(FileHashes([] if walk_failed else files, settings.max_file_bytes)) as hashes,
        open_driver(settings, hint="`kb validate PATH...` checks the files without it") as driver,
    ):
        apply_schema(driver, database)
        unchanged = None if walk_failed else unchanged_vendors(driver, database, files, hashes)
        if unchanged is not None:
            # Re-seeding what the graph already holds: no parsing, no writes.
            summary = SeedSummary(files=len(files), unchanged=unchanged)
            if prune_missing:
                prune(driver, database, summary, set(), files)
            return summary
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
