"""The graph version moves with every transaction that changes the graph, and with no other."""

from __future__ import annotations

import shutil
from pathlib import Path

import neo4j
import pytest

import kb.graph.version
import kb.graph.writer
from bench.corpus import generate_corpus
from kb.graph.schema import apply_schema
from kb.graph.version import GraphVersion, read_version
from kb.seeding import seed_paths
from kb.seeding.lock import seed_lock
from kb.settings import Settings
from tests.integration.graph_helpers import (
    ARGILLA,
    DB,
    graph_fixture,  # noqa: F401 (the `graph` fixture)
    rows,
    seed,
)
from tests.integration.test_seed import edited_argilla
from tests.neo4j_server import TestServer


def version(driver: neo4j.Driver) -> GraphVersion:
    found = read_version(driver, DB)
    assert found is not None, "no GraphVersion node"
    return found


def test_an_empty_graph_has_no_version_until_the_schema_step(graph: neo4j.Driver) -> None:
    assert read_version(graph, DB) is None
    apply_schema(graph, DB)  # writes the reference data: a change
    first = version(graph)
    apply_schema(graph, DB)  # everything in place: no write
    assert version(graph) == first


def test_the_schema_step_gives_an_unversioned_graph_a_version_and_rewrites_changed_data(
    graph: neo4j.Driver,
) -> None:
    apply_schema(graph, DB)
    graph.execute_query("MATCH (g:GraphVersion) DELETE g", database_=DB)
    apply_schema(graph, DB)
    first = version(graph)
    assert first.number == 1

    graph.execute_query("MATCH (l:Layer {id: 'L3'}) SET l.name = 'edited'", database_=DB)
    apply_schema(graph, DB)
    second = version(graph)
    assert (second.number, second.token != first.token) == (2, True)
    assert rows(graph, "MATCH (l:Layer {id: 'L3'}) RETURN l.name AS name") != [{"name": "edited"}]


def test_seeding_moves_the_version_and_an_unchanged_reseed_does_not(
    graph: neo4j.Driver, tmp_path: Path
) -> None:
    shutil.copy(ARGILLA, tmp_path / "argilla.txt")
    seed(graph, tmp_path)
    seeded = version(graph)

    assert seed(graph, tmp_path).unchanged == 1
    assert version(graph) == seeded

    edited_argilla(tmp_path)
    assert seed(graph, tmp_path).updated == 1
    changed = version(graph)
    assert changed.number == seeded.number + 1
    assert changed.token != seeded.token
    assert changed.changed_at >= seeded.changed_at


def test_the_version_moves_in_the_transaction_that_writes_and_a_failed_one_moves_nothing(
    graph: neo4j.Driver, tmp_path: Path
) -> None:
    generate_corpus(2, tmp_path)
    seed(graph, tmp_path)
    before = version(graph)
    # A transaction that fails at its last statement: neither the rows nor the version stay.
    broken = tmp_path / "vendor-00002.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("Synthetic", "Edited"))
    original = kb.graph.version.bump_version

    def failing_bump(tx: neo4j.ManagedTransaction) -> None:
        original(tx)
        tx.run("RETURN 1/0").consume()

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(kb.graph.writer, "bump_version", failing_bump)
        summary = seed(graph, tmp_path)
    assert list(summary.failed) == [str(broken)]
    assert version(graph) == before
    assert rows(graph, "MATCH (v:Vendor) WHERE v.name STARTS WITH 'Edited' RETURN v") == []


def test_prune_moves_the_version_once_and_the_seed_lock_never(
    graph: neo4j.Driver, neo4j_server: TestServer, tmp_path: Path
) -> None:
    paths = generate_corpus(3, tmp_path)
    seed(graph, tmp_path)
    before = version(graph)

    with seed_lock(graph, DB, timeout_s=5, notify=lambda _: None):
        pass
    assert version(graph) == before

    paths[2].unlink()
    settings = Settings(_env_file=None, neo4j_uri=neo4j_server.uri)
    assert seed_paths([tmp_path], settings, prune_missing=True).retired == [
        "synthetic-vendor-00003"
    ]
    assert version(graph).number == before.number + 1
    again = version(graph)
    assert seed_paths([tmp_path], settings, prune_missing=True).retired == []
    assert version(graph) == again


def test_with_a_staleness_a_changing_seed_returns_only_after_it(
    graph: neo4j.Driver, neo4j_server: TestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate_corpus(1, tmp_path)
    settings = Settings(_env_file=None, neo4j_uri=neo4j_server.uri, kb_cache_max_staleness_ms=250)
    waits: list[float] = []
    monkeypatch.setattr("kb.graph.version.time.sleep", waits.append)
    seed_paths([tmp_path], settings)
    assert waits == [0.25]
    seed_paths([tmp_path], settings)  # unchanged: nothing to wait for
    assert waits == [0.25]
