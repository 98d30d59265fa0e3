"""`kb seed`'s entry (stage 1): walk the files, hash them, ask Neo4j whether it holds them.

Only when a file is new or changed are the parsers and planners imported
(kb.seeding.pipeline): a re-seed of an unchanged corpus is mostly this process starting, and
importing them (the evaluation model above all) took a tenth of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import closing
from functools import partial
from pathlib import Path
from typing import Any

from kb.errors import KbError
from kb.graph.driver import open_driver
from kb.graph.schema import apply_schema
from kb.graph.version import changes_visible_on_exit
from kb.problems import Problem
from kb.seeding.changes import FileHashes, unchanged_vendors
from kb.seeding.finishing import prune
from kb.seeding.lock import seed_lock
from kb.seeding.summary import SeedSummary
from kb.settings import Settings
from kb.walk import walk_files

# A batch closes when it holds this many rows (kb.seeding.writing; `kb seed --batch-rows`).
BATCH_ROWS = 20_000


def seed_paths(
    paths: Sequence[Path],
    settings: Settings,
    *,
    prune_missing: bool = False,
    progress: Callable[[int], Any] | None = None,
    batch_rows: int = BATCH_ROWS,
    notify: Callable[[str], None] = lambda _: None,
) -> SeedSummary:
    """walk and hash -> apply schema -> (every file unchanged: done) -> take the seed lock ->
    parse, validate, write. When the graph changed and APIs may reuse a version they learned
    for KB_CACHE_MAX_STALENESS_MS, returns only after that long.

    `progress(total)` returns an advance(n) callback; `notify` gets the line saying that the
    run waits for another seed.
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
        changes_visible_on_exit(driver, database, settings.kb_cache_max_staleness_ms / 1000),
    ):
        apply_schema(driver, database)
        # Another seed may be writing: the unchanged check then sees part of its files and
        # sends this run the full way, which waits for it. Only writes take the lock.
        locked = partial(
            seed_lock, driver, database, timeout_s=settings.seed_lock_timeout, notify=notify
        )
        unchanged = None if walk_failed else unchanged_vendors(driver, database, files, hashes)
        if unchanged is not None:
            # Re-seeding what the graph already holds: no parsing, no writes.
            summary = SeedSummary(files=len(files), unchanged=unchanged)
            if prune_missing:
                with locked():
                    prune(driver, database, summary, set(), files)
            return summary
        hashes.close()  # not needed past here (and no idle thread while process pools fork)
        from kb.seeding.pipeline import seed_changed  # the parsers and planners: only now

        with locked():  # what the graph holds is read under it: no plan meets another's writes
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
