"""`kb seed`'s entry: walk the files, hash them and ask Neo4j whether it holds them already.

Only when a file is new or changed are the parsers and planners imported (kb.seed): a re-seed
of an unchanged corpus is mostly this process starting, and importing them (the evaluation
model above all) took a tenth of it.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import neo4j

from kb.errors import KbError
from kb.graph.driver import open_driver
from kb.graph.queries import cypher
from kb.graph.schema import apply_schema
from kb.graph.writer import run_write
from kb.problems import Problem
from kb.settings import Settings
from kb.walk import walk_files

if TYPE_CHECKING:
    from kb.seed import FileJob
    from kb.validate import ValidationReport

# A batch closes when it holds this many rows (kb.seed).
BATCH_ROWS = 20_000


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


def seed_paths(
    paths: Sequence[Path],
    settings: Settings,
    *,
    prune_missing: bool = False,
    progress: Callable[[int], Any] | None = None,
    batch_rows: int = BATCH_ROWS,
) -> SeedSummary:
    """walk and hash -> apply schema -> (every file unchanged: done) -> parse, validate, write.

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
    # Hashing starts before Neo4j is asked (so a run without Neo4j walks the files before it
    # says so); the files' own errors still wait for a run that can write them.
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
        hashes.close()  # not needed past here (and no idle thread while process pools fork)
        from kb.seed import seed_changed  # the parsers and planners: only now

        return seed_changed(
            driver,
            database,
            paths,
            walked,
            walk_problems,
            settings,
            prune_missing=prune_missing,
            progress=progress,
            batch_rows=batch_rows,
        )
