"""Stage 5, write in batches: whole files packed into one write transaction up to a row budget;
if that transaction fails, its files are retried one transaction each, so a bad file fails
alone and never leaves a vendor half-written."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import neo4j
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from kb.errors import Neo4jUnavailable
from kb.graph.rows import Rows
from kb.graph.writer import write_batch
from kb.seeding.planning import FileJob
from kb.seeding.summary import SeedSummary

# A batch closes when it holds batch_rows rows or this many files (whichever comes first).
BATCH_FILES = 500
# The first batch closes at batch_rows / 8 rows (a file with more rows still goes whole),
# the limit then doubles up to batch_rows.
FIRST_BATCH_SHARE = 8


def _batches(jobs: Iterable[FileJob | None], batch_rows: int) -> Iterator[list[FileJob]]:
    """Jobs in order, grouped up to a row limit that starts at an eighth of `batch_rows` and
    doubles up to it. Neo4j has nothing to do until the first group arrives; when files are
    parsed while written (kb.seeding.streaming), each group is written while the next, at most
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
    advance: Callable[[int], None],
    batch_rows: int,
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
