"""Stage 4, plan rows: what the graph already holds of each vendor, and the rows that bring it
up to its file (docs/graph-model.md).

- Unchanged evaluations (same content hash as the vendor's latest version) write nothing.
- A vendor is written at most once per run: a second file evaluating it is skipped (warning).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import neo4j

from kb.formats.load import describe_bug
from kb.framework import framework_data
from kb.graph.queries import cypher
from kb.graph.rows import Rows, UnwritableEvaluation, VersionToWrite, content_hash, rows_for
from kb.problems import Problem
from kb.seeding.summary import SeedSummary
from kb.validate import LoadedEvaluation, ValidationReport

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
