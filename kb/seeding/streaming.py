"""Stages 3-4 in a worker, file by file, while `kb seed` writes the files parsed before.

Validation used to finish before the first write: names are resolved across all files. When
every file is canonical YAML and its vendor block allows it (kb.validate.early_names), the
resolution is known from those blocks alone, so a worker process parses, checks, resolves and
plans each file (the same code as kb.seeding.planning) while this process writes the earlier
ones: parsing runs on one core while Neo4j writes on the other. The cross-file pass still
runs at the end, on every file's names, for its messages; it must agree with what was written.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import neo4j

from kb.errors import KbError
from kb.formats.base import LazyLines
from kb.formats.identity import Identity, read_identity
from kb.formats.load import describe_bug, load_file
from kb.formats.names import NameResolver
from kb.problems import FileRejected, Problem
from kb.seeding.finishing import finish_seed
from kb.seeding.planning import FileJob, VendorState, plan_file, plan_jobs, read_state
from kb.seeding.summary import SeedSummary
from kb.seeding.writing import write_jobs
from kb.validate import (
    LoadedEvaluation,
    NameFacts,
    ValidationReport,
    early_names,
    finish_report,
    name_facts,
    names_only,
    read_one_file,
    resolve_early,
)

# Processes that parse; Neo4j and this process's writes need the other core.
PARSE_WORKERS = 1
# Below this many files the classic path is as quick (no process to start).
MIN_FILES = 50
# Files parsed ahead of the writer at most: the worker is quicker than Neo4j, and what it has
# parsed waits in memory (all 10,000 files' rows otherwise).
AHEAD = 1_000
# Files sent to the worker at a time (fewer round trips than one by one).
CHUNK_FILES = 8


@dataclass
class _Context:
    """What every worker needs, inherited when the pool forks."""

    resolver: NameResolver
    state: dict[str, VendorState]
    now: datetime
    max_file_bytes: int
    parent: int = field(default_factory=os.getpid)


@dataclass
class Prepared:
    """One file, parsed and planned by a worker."""

    path: str
    problems: list[Problem]
    parsed: list[NameFacts]  # each evaluation's names as the file states them
    resolved: list[NameFacts] = field(default_factory=list)  # after early resolution
    job: FileJob | None = None  # None: the file has errors, or is held back
    held: bool = False  # a name that only the cross-file pass may resolve
    early: bool = False  # written before the cross-file pass
    unwritable: str | None = None


_WORK: _Context | None = None
_PR_SET_PDEATHSIG = 1
_COLLECT_EVERY = 500
_done = 0


def _start_worker(context: _Context | None = None) -> None:
    """Every worker process's initializer. Ctrl-C reaches the whole process group: only this
    process handles it (`kb: interrupted`); a worker interrupted mid-task would print its own
    traceback and could leave its pool waiting for it."""
    global _WORK
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    if context is not None:  # the parsing worker
        _WORK = context
        gc.disable()  # as in kb.seeding.validation; collected every few hundred files instead
        # What the worker inherited lives as long as it does: collections skip it (~58,000
        # objects; 4,000 files took 4.25 CPU-s instead of 4.33, medians of 4).
        gc.freeze()


def _die_with_parent() -> None:
    """A parent killed with SIGKILL cannot stop its workers: have Linux kill them too, or
    they would parse on (and block on a full pipe) for nobody."""
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _prepare(item: tuple[str, bool]) -> Prepared:
    global _done
    assert _WORK is not None
    _done += 1
    if _done % _COLLECT_EVERY == 0:
        gc.collect()
    if os.getppid() != _WORK.parent:
        os._exit(1)  # the parent is gone (where PR_SET_PDEATHSIG is not available)
    path, explicit = item
    problems, loaded = read_one_file(Path(path), explicit, _WORK.max_file_bytes)
    prepared = Prepared(path, problems, [name_facts(x.evaluation) for x in loaded])
    if any(p.level == "error" for p in problems):
        return prepared
    if not all(resolve_early(x.evaluation, _WORK.resolver) for x in loaded):
        prepared.held = True
        return prepared
    prepared.resolved = [name_facts(x.evaluation) for x in loaded]
    job = FileJob(path=path)
    known = _WORK.state
    prepared.unwritable = plan_file(
        job, ((x, known.get(x.evaluation.vendor.slug)) for x in loaded), _WORK.now
    )
    if prepared.unwritable is None:
        prepared.job = job
    return prepared


def _prepare_chunk(items: list[tuple[str, bool]]) -> list[Prepared]:
    prepared = []
    for item in items:
        try:
            prepared.append(_prepare(item))
        except (
            Exception
        ) as bug:  # not planning's (kb.seeding.planning.plan_file): reading or resolving
            raise KbError(
                f"internal error while preparing {item[0]} (a bug, please report it): "
                f"{describe_bug(bug)}"
            ) from None
    return prepared


def _prepared_in_order(
    executor: ProcessPoolExecutor, walked: list[tuple[Path, bool]]
) -> Iterator[Prepared]:
    """Every file prepared by the worker, in file order, with at most AHEAD files sent to it
    and not yet handed on (what it has prepared waits here, in memory)."""
    size = max(1, min(CHUNK_FILES, AHEAD))
    in_flight: deque[tuple[Future[list[Prepared]], str]] = deque()
    for start in range(0, len(walked), size):
        if in_flight and (len(in_flight) + 1) * size > AHEAD:
            yield from _result(*in_flight.popleft())
        chunk = [(str(path), explicit) for path, explicit in walked[start : start + size]]
        in_flight.append((executor.submit(_prepare_chunk, chunk), chunk[0][0]))
    while in_flight:
        yield from _result(*in_flight.popleft())


def _result(future: Future[list[Prepared]], first: str) -> list[Prepared]:
    try:
        return future.result()
    except BrokenProcessPool:
        # Killed (the OOM killer, a crash): Pool would start another and wait forever.
        raise KbError(
            f"the parsing process died (out of memory?) while preparing {first} or a few files "
            "after it; every file written before is whole; run kb seed again"
        ) from None


def _reread_lines(path: Path, index: int, max_file_bytes: int) -> Mapping[str, int]:
    """An evaluation's line numbers, from reading its file again (for LazyLines)."""
    try:
        return load_file(path, max_file_bytes=max_file_bytes).evaluations[index].lines
    except (FileRejected, IndexError):  # changed since: no lines
        return {}


def stream_resolver(
    walked: list[tuple[Path, bool]], max_file_bytes: int
) -> tuple[NameResolver, list[str]] | None:
    """The early resolver for these files and their vendors' slugs, or None when they must
    be validated first."""
    if len(walked) < MIN_FILES:
        return None
    read = partial(_read_identity, max_file_bytes=max_file_bytes)
    paths = [str(path) for path, _ in walked]
    # Two processes: Neo4j has nothing to do yet, and this comes before the first write.
    with ProcessPoolExecutor(
        2, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker
    ) as executor:
        try:
            identities = list(executor.map(read, paths, chunksize=max(1, len(paths) // 8)))
        except BrokenProcessPool:
            raise KbError(
                "a process reading the files' vendor blocks died (out of memory?); nothing was "
                "written; run kb seed again"
            ) from None
    return early_names(identities)


def _read_identity(path: str, max_file_bytes: int) -> Identity | None:
    return read_identity(Path(path), max_file_bytes=max_file_bytes)


def seed_streaming(
    driver: neo4j.Driver,
    database: str,
    walked: list[tuple[Path, bool]],
    walk_problems: list[Problem],
    names: tuple[NameResolver, list[str]],
    *,
    max_file_bytes: int,
    prune_missing: bool = False,
    advance: Callable[[int], None],
    batch_rows: int,
) -> SeedSummary:
    """Parse in a worker, write here; then the cross-file pass, checked against the writes."""
    resolver, slugs = names
    state = read_state(driver, database, sorted(slugs))
    context = _Context(resolver, state, datetime.now(UTC), max_file_bytes)
    written = SeedSummary()
    results: list[Prepared] = []
    result_names: list[list[LoadedEvaluation]] = []  # per result, for the cross-file pass
    later: list[Prepared] = []  # from the first held-back file on, written after the pass
    passed: list[tuple[ValidationReport, dict[str, list[LoadedEvaluation]]]] = []

    def early_jobs(prepared: Iterator[Prepared]) -> Iterator[FileJob | None]:
        for item in prepared:
            results.append(item)
            # A held-back file is read in full by the pass: its names alone would go unused.
            result_names.append([] if item.held else _names_loaded(item, max_file_bytes))
            if item.job is None and not item.held:
                advance(1)  # nothing to write
            if item.held or later:
                later.append(item)
            elif item.unwritable is not None:
                written.failed[item.path] = item.unwritable
            elif item.job is not None:
                job, item.job, item.early = item.job, None, True  # its rows go once written
                yield job
        # Every file is parsed: the last batch goes to the writer now (None closes it), and the
        # cross-file pass runs here while Neo4j writes it. Its files were planned early, as
        # every batch before it was; when the last batch waited for the pass, Neo4j idled
        # 0.5-0.7 s at 10,000 files and then wrote it alone. Should the pass or the agreement
        # check fail (a bug), the files written before it stay written, this batch's too, as
        # the batches before it always did.
        yield None
        passed.append(_cross_file_pass(results, result_names, walk_problems, max_file_bytes))
        _check_agreement(results, passed[0][0])

    switch = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)  # the writer thread gets the GIL back sooner
    executor = ProcessPoolExecutor(
        PARSE_WORKERS,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(context,),
    )
    try:
        prepared = _prepared_in_order(executor, walked)
        write_jobs(driver, database, early_jobs(prepared), written, advance, batch_rows)
    finally:
        # After a failure or Ctrl-C, files not yet started are dropped, not parsed for nobody.
        executor.shutdown(wait=True, cancel_futures=True)
        sys.setswitchinterval(switch)

    report, loaded = passed[0]
    if later:
        jobs = _late_jobs(later, loaded, report, state, context.now, written)
        write_jobs(driver, database, jobs, written, advance, batch_rows)
    return finish_seed(
        driver, database, report, _summary(report, written), prune_missing=prune_missing
    )


def _names_loaded(item: Prepared, max_file_bytes: int) -> list[LoadedEvaluation]:
    """A file's evaluations as the cross-file pass reads them: names only, lines on demand.
    Made as each file arrives: made in the pass, they delayed the last batch (the pass at
    10,000 files took 1.4 s, now 0.5 s)."""
    path = Path(item.path)
    return [
        LoadedEvaluation(
            names_only(facts), path, LazyLines(partial(_reread_lines, path, i, max_file_bytes))
        )
        for i, facts in enumerate(item.parsed)
    ]


def _cross_file_pass(
    results: list[Prepared],
    names: list[list[LoadedEvaluation]],
    walk_problems: list[Problem],
    max_file_bytes: int,
) -> tuple[ValidationReport, dict[str, list[LoadedEvaluation]]]:
    """validate_paths' last step, on names only (held-back files: their full evaluations)."""
    problems: list[Problem] = []
    loaded: list[LoadedEvaluation] = []
    by_file: dict[str, list[LoadedEvaluation]] = {}
    for item, items in zip(results, names, strict=True):
        problems.extend(item.problems)
        if item.held:
            _, items = read_one_file(Path(item.path), False, max_file_bytes)
        by_file[item.path] = items
        loaded.extend(items)
    return finish_report(loaded, problems, walk_problems), by_file


def _check_agreement(results: list[Prepared], report: ValidationReport) -> None:
    """Every file planned early must be one the cross-file pass accepts, with the same names."""
    failed = set(report.failed_files)
    final: dict[str, list[NameFacts]] = {}
    for item in report.evaluations:
        final.setdefault(str(item.path), []).append(name_facts(item.evaluation))
    for prepared in results:
        if not prepared.early and prepared.job is None:
            continue  # not planned before the pass
        if prepared.path in failed or final.get(prepared.path) != prepared.resolved:
            raise KbError(
                f"internal error: {prepared.path} was resolved differently before and after "
                "the cross-file pass (a bug, please report it)"
            )


def _late_jobs(
    later: list[Prepared],
    loaded: dict[str, list[LoadedEvaluation]],
    report: ValidationReport,
    state: dict[str, VendorState],
    now: datetime,
    written: SeedSummary,
) -> Iterator[FileJob]:
    """The files from the first held-back one on, in file order."""
    failed = set(report.failed_files)
    for item in later:
        if item.held:
            if item.path not in failed:
                held = ValidationReport(evaluations=loaded[item.path])
                yield from plan_jobs(held, state, written, now)
        elif item.unwritable is not None:
            written.failed[item.path] = item.unwritable
        elif item.job is not None:
            yield item.job


def _summary(report: ValidationReport, written: SeedSummary) -> SeedSummary:
    """As kb.seeding.pipeline.seed_report counts: validation problems first, then what writing
    found."""
    summary = SeedSummary.of_validation(report)
    summary.warnings.extend(written.warnings)
    for path, why in written.failed.items():
        summary.failed.setdefault(path, why)
    summary.created, summary.updated, summary.unchanged = (
        written.created,
        written.updated,
        written.unchanged,
    )
    return summary
