"""A seeding process killed with SIGKILL mid-corpus: re-seeding gives the uninterrupted graph."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import neo4j

from bench.corpus import generate_corpus
from tests.integration.graph_helpers import (
    dump,
    graph_fixture,  # noqa: F401 (the `graph` fixture)
    rows,
    seed,
    wipe,
)
from tests.neo4j_server import TestServer

VENDORS = 200
BATCH_ROWS = 700  # about ten files per transaction: many commits to kill between


def _evaluations(driver: neo4j.Driver) -> int:
    return int(rows(driver, "MATCH (e:Evaluation) RETURN count(e) AS n")[0]["n"])


def _seed_and_kill(server: TestServer, corpus: Path, driver: neo4j.Driver) -> int:
    env = {**os.environ, "NEO4J_URI": server.uri}
    if server.auth:
        env["NEO4J_USER"], env["NEO4J_PASSWORD"] = server.auth
    kb = Path(sys.executable).with_name("kb")
    process = subprocess.Popen(
        [str(kb), "seed", str(corpus), "--batch-rows", str(BATCH_ROWS)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while _evaluations(driver) == 0:
            assert process.poll() is None, "kb seed ended before its first commit"
            assert time.monotonic() < deadline, "kb seed committed nothing in 120 s"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    return _evaluations(driver)


def test_sigkill_mid_corpus_then_reseed_equals_uninterrupted_seed(
    graph: neo4j.Driver, neo4j_server: TestServer, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    generate_corpus(VENDORS, corpus)
    seed(graph)  # schema and reference data, as `kb seed` would apply them

    committed = _seed_and_kill(neo4j_server, corpus, graph)

    assert 0 < committed < VENDORS, f"kill did not land mid-corpus ({committed} written)"
    # Whole files or nothing: every evaluated vendor is complete.
    shapes = rows(
        graph,
        "MATCH (v:Vendor {evaluated: true})-[:LATEST]->(e) "
        "RETURN COUNT { (e)-[:SCORED]->() } AS scores, COUNT { (v)-[:HAS_STRENGTH]->() } AS s, "
        "COUNT { (v)-[:HAS_LIMITATION]->() } AS l, COUNT { (v)-[:HAS_RISK]->() } AS r, "
        "COUNT { (v)-[:HAS_USE_CASE]->() } AS u, COUNT { (v)-[:ALTERNATIVE_TO]->() } AS a, "
        "count(*) AS vendors",
    )
    assert shapes == [{"scores": 11, "s": 5, "l": 5, "r": 3, "u": 3, "a": 3, "vendors": committed}]

    resumed = seed(graph, corpus)

    assert (resumed.created, resumed.unchanged, resumed.failed) == (
        VENDORS - committed,
        committed,
        {},
    )
    interrupted = dump(graph, "ingestedAt")
    wipe(graph)
    seed(graph, corpus)
    assert dump(graph, "ingestedAt") == interrupted
