"""kb seed against a real Neo4j: exact contents, idempotence, versions, stubs, atomicity, prune."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import neo4j
import pytest

import kb.graph.writer
import kb.seeding.validation
from bench.corpus import generate_corpus
from kb.graph.rows import Rows
from kb.graph.writer import StatementRows, write_batch
from kb.seeding import seed_paths
from kb.settings import Settings
from tests.integration.graph_helpers import (
    ARGILLA,
    DB,
    SEEDS,
    SEEDS_DIR,
    SNAPSHOT,
    dump,
    graph_fixture,  # noqa: F401 (the `graph` fixture)
    label_counts,
    rows,
    seed,
    type_counts,
)
from tests.neo4j_server import TestServer

SNAPSHOT_VENDORS = 18

ABAC_RISK = (
    "medium Lack of ABAC means annotators may access sensitive data outside their "
    "authorization scope\n\nMitigation: Deploy enterprise IAM integration through Layer 5 "
    "governance tools before annotation workflows access production data\n\n"
)


def edited_argilla(folder: Path) -> Path:
    """argilla.txt without its ABAC risk and with P raised from 2 to 3."""
    text = ARGILLA.read_text(encoding="utf-8")
    assert ABAC_RISK in text and "P — Permitted\n2/6" in text
    text = text.replace(ABAC_RISK, "").replace("P — Permitted\n2/6", "P — Permitted\n3/6")
    target = folder / "argilla.txt"
    target.write_text(text, encoding="utf-8")
    return target


def test_seed_corpus_exact_graph(graph: neo4j.Driver) -> None:
    summary = seed(graph, SEEDS_DIR)

    assert (summary.created, summary.updated, summary.unchanged) == (SNAPSHOT_VENDORS + 1, 0, 0)
    assert summary.failed == {}
    assert label_counts(graph) == {
        "Layer": 7,
        "Framework": 2,
        "Dimension": 11,
        "Vendor": 21,  # 18 snapshot + Argilla + 2 stubs
        "Evaluation": 19,
        "Strength": 5,
        "Limitation": 5,
        "Risk": 3,
        "Mitigation": 3,
        "UseCase": 3,
        "Segment": 6,
        "Certification": 3,
        "GraphVersion": 1,
    }
    assert type_counts(graph) == {
        "SUPPORTS": 6,
        "PART_OF": 11,
        "IN_LAYER": 19,
        "LATEST": 19,
        "EVALUATES": 19,
        "SCORED": 11,
        "HAS_STRENGTH": 5,
        "HAS_LIMITATION": 5,
        "HAS_RISK": 3,
        "MITIGATES": 3,
        "APPLIES_AT": 1,
        "HAS_USE_CASE": 3,
        "BEST_SUITED_FOR": 3,
        "USE_WITH_CAUTION_FOR": 3,
        "HOLDS_CERTIFICATION": 1,
        "LACKS_CERTIFICATION": 2,
        "ALTERNATIVE_TO": 3,
        "CONSUMES_FROM": 2,
        "FEEDS": 2,
        "IMPACTS": 3,
    }
    frameworks = rows(
        graph,
        "MATCH (d:Dimension)-[:PART_OF]->(f:Framework) "
        "RETURN f.id AS f, collect(d.letter) AS letters ORDER BY f",
    )
    assert [(r["f"], sorted(r["letters"])) for r in frameworks] == [
        ("GOALS", ["A", "G", "L", "O", "S"]),
        ("INPACT", ["A", "C", "I", "N", "P", "T"]),
    ]
    stack = rows(
        graph,
        "MATCH (a:Layer)-[:SUPPORTS]->(b:Layer) RETURN a.id AS a, b.id AS b ORDER BY a",
    )
    assert [(r["a"], r["b"]) for r in stack] == [(f"L{i}", f"L{i + 1}") for i in range(1, 7)]


def test_rows_reach_neo4j_whole_but_the_driver_debug_log_shows_only_their_count(
    graph: neo4j.Driver, caplog: pytest.LogCaptureFixture
) -> None:
    # The driver's own RUN line (neo4j 6.4.1: "C: RUN <query> <parameters> <extra>").
    with caplog.at_level(logging.DEBUG, logger="neo4j"):
        seed(graph, ARGILLA)

    strengths = rows(
        graph,
        "MATCH (:Vendor {slug: 'argilla'})-[:HAS_STRENGTH]->(s:Strength) RETURN s.text AS text",
    )
    assert len(strengths) == 5
    runs = [r.getMessage() for r in caplog.records if "C: RUN" in r.getMessage()]
    strength_runs = [m for m in runs if ":Strength {id: row.id" in m]
    assert strength_runs and all("{'rows': <5 rows>}" in m for m in strength_runs)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert not [s["text"] for s in strengths if s["text"] in logged]


def test_a_failing_last_statement_fails_the_batch_and_writes_nothing(
    graph: neo4j.Driver,
) -> None:
    # The batch's statements are not consumed one by one: the last one's error comes out
    # only at commit, which must still raise and roll the transaction back.
    graph.execute_query("CREATE (:Vendor {slug: 'a', sourceFile: 'old'}), (:Vendor {slug: 'b'})")
    touches: list[dict[str, object]] = [
        {"slug": "a", "sourceFile": "new", "fileHash": "h", "retired": False},
        {"slug": "b", "sourceFile": "new", "fileHash": "h", "retired": {"not": "a value"}},
    ]

    batch = Rows(touches=touches)
    with pytest.raises(neo4j.exceptions.ClientError, match="Property values"):
        write_batch(graph, DB, batch)

    assert rows(graph, "MATCH (v:Vendor) RETURN v.slug AS slug, v.sourceFile AS file") == [
        {"slug": "a", "file": "old"},
        {"slug": "b", "file": None},
    ]
    # The writer empties only its own copies of the rows: its callers' Rows stay whole.
    assert [row["slug"] for row in batch.touches] == ["a", "b"]


def test_a_written_batch_leaves_the_driver_no_rows_and_the_caller_all(
    graph: neo4j.Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The driver's results keep their parameters until a collection; kb seed streams with
    # the collector off, so the rows sent must be emptied once the transaction is over.
    graph.execute_query("CREATE (:Vendor {slug: 'a', sourceFile: 'old'})")
    sent_lists: list[list[StatementRows]] = []
    sizes_when_sent: list[list[int]] = []
    original = kb.graph.writer.write_rows

    def spy(
        tx: neo4j.ManagedTransaction, written: Rows, sent: list[StatementRows] | None = None
    ) -> None:
        original(tx, written, sent)
        assert sent is not None
        sent_lists.append(sent)
        sizes_when_sent.append([len(chunk) for chunk in sent])

    monkeypatch.setattr(kb.graph.writer, "write_rows", spy)
    batch = Rows(touches=[{"slug": "a", "sourceFile": "new", "fileHash": "h", "retired": False}])

    write_batch(graph, DB, batch)

    assert sizes_when_sent == [[1]]
    assert [len(chunk) for chunk in sent_lists[0]] == [0]
    assert len(batch.touches) == 1
    assert rows(graph, "MATCH (v:Vendor) RETURN v.sourceFile AS file") == [{"file": "new"}]


def test_temporal_is_one_node_both_snapshot_vendor_and_alternative(
    graph: neo4j.Driver,
) -> None:
    seed(graph, SEEDS)

    temporal = rows(
        graph,
        "MATCH (t:Vendor) WHERE t.name = 'Temporal' "
        "OPTIONAL MATCH (a:Vendor {slug: 'argilla'})-[alt:ALTERNATIVE_TO]->(t) "
        "RETURN t.slug AS slug, t.evaluated AS evaluated, t.layer AS layer, "
        "t.inpactTotal AS inpact, t.goalsTotal AS goals, t.goalsDeclaredMax AS goalsMax, "
        "alt.position AS position",
    )
    assert temporal == [
        {
            "slug": "temporal",
            "evaluated": True,
            "layer": "L7",
            "inpact": 27,
            "goals": 23,
            "goalsMax": 30,
            "position": 1,
        }
    ]
    stubs = rows(
        graph,
        "MATCH (s:Vendor {evaluated: false}) "
        "RETURN s.slug AS slug, s.name AS name, COUNT { (s)--() } AS links ORDER BY slug",
    )
    assert stubs == [
        {"slug": "apache-airflow", "name": "Apache Airflow", "links": 1},
        {"slug": "kong", "name": "Kong", "links": 1},
    ]


def test_argilla_is_seeded_fully(graph: neo4j.Driver) -> None:
    seed(graph, SEEDS)

    vendor = rows(
        graph,
        "MATCH (v:Vendor {slug: 'argilla'})-[:IN_LAYER]->(l:Layer) "
        "RETURN v.category AS category, v.pricing AS pricing, l.id AS layer, "
        "v.inpactDeclared AS inpactDeclared, v.inpactComputed AS inpactComputed, "
        "v.goalsDeclared AS goalsDeclared, v.goalsComputed AS goalsComputed, "
        "v.scoreInpactP AS p, v.scoreGoalsA AS goalsA, v.latestVersion AS version",
    )
    assert vendor == [
        {
            "category": "HITL Platform",
            "pricing": "Free (OSS) / Argilla Cloud",
            "layer": "L7",
            "inpactDeclared": 25,
            "inpactComputed": 21,
            "goalsDeclared": 18,
            "goalsComputed": 14,
            "p": 2,
            "goalsA": 3,
            "version": 1,
        }
    ]
    scores = rows(
        graph,
        "MATCH (:Vendor {slug: 'argilla'})-[:LATEST]->(:Evaluation)-[s:SCORED]->(d:Dimension) "
        "RETURN d.key AS key, s.score AS score, s.max AS max ORDER BY key",
    )
    assert {r["key"]: (r["score"], r["max"]) for r in scores} == {
        "GOALS.A": (3, 6),
        "GOALS.G": (2, 6),
        "GOALS.L": (2, 6),
        "GOALS.O": (4, 6),
        "GOALS.S": (3, 6),
        "INPACT.A": (4, 6),
        "INPACT.C": (3, 6),
        "INPACT.I": (3, 6),
        "INPACT.N": (4, 6),
        "INPACT.P": (2, 6),
        "INPACT.T": (5, 6),
    }
    risks = rows(
        graph,
        "MATCH (:Vendor {slug: 'argilla'})-[:HAS_RISK]->(r:Risk)<-[:MITIGATES]-(m:Mitigation) "
        "OPTIONAL MATCH (m)-[:APPLIES_AT]->(l:Layer) "
        "RETURN r.position AS position, r.severity AS severity, left(r.text, 22) AS text, "
        "collect(l.id) AS layers "
        "ORDER BY position",
    )
    assert risks == [
        {"position": 1, "severity": "high", "text": "Annotation bottlenecks", "layers": []},
        {"position": 2, "severity": "medium", "text": "Lack of ABAC means ann", "layers": ["L5"]},
        {"position": 3, "severity": "medium", "text": "Version inconsistency ", "layers": []},
    ]
    flows = rows(
        graph,
        "MATCH (:Vendor {slug: 'argilla'})-[f:CONSUMES_FROM|FEEDS]->(l:Layer) "
        "RETURN type(f) AS type, l.id AS layer ORDER BY type, f.position",
    )
    assert [(r["type"], r["layer"]) for r in flows] == [
        ("CONSUMES_FROM", "L4"),
        ("CONSUMES_FROM", "L1"),
        ("FEEDS", "L4"),
        ("FEEDS", "L6"),
    ]
    alternatives = rows(
        graph,
        "MATCH (:Vendor {slug: 'argilla'})-[a:ALTERNATIVE_TO]->(t:Vendor) "
        "RETURN t.slug AS slug ORDER BY a.position",
    )
    assert [r["slug"] for r in alternatives] == ["temporal", "apache-airflow", "kong"]


def test_seeding_twice_writes_nothing_and_the_graph_is_identical(
    graph: neo4j.Driver,
) -> None:
    seed(graph, SEEDS_DIR)
    before = dump(graph)

    again = seed(graph, SEEDS_DIR)

    assert (again.created, again.updated, again.unchanged) == (0, 0, SNAPSHOT_VENDORS + 1)
    assert dump(graph) == before  # every property, ingestedAt included


def test_changed_file_moves_latest_and_replaces_current_facts(
    graph: neo4j.Driver, tmp_path: Path
) -> None:
    shutil.copy(ARGILLA, tmp_path / "argilla.txt")
    shutil.copy(SNAPSHOT, tmp_path / SNAPSHOT.name)
    seed(graph, tmp_path)
    edited_argilla(tmp_path)

    summary = seed(graph, tmp_path)

    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, SNAPSHOT_VENDORS)
    current = rows(
        graph,
        "MATCH (v:Vendor {slug: 'argilla'}) "
        "RETURN v.scoreInpactP AS p, v.inpactComputed AS computed, v.latestVersion AS version, "
        "COUNT { (v)-[:HAS_RISK]->() } AS risks",
    )
    assert current == [{"p": 3, "computed": 22, "version": 2, "risks": 2}]
    history = rows(
        graph,
        "MATCH (e:Evaluation {vendorSlug: 'argilla'})-[s:SCORED]->(:Dimension {key: 'INPACT.P'}) "
        "RETURN e.version AS version, e.latest AS latest, s.score AS p ORDER BY version",
    )
    assert history == [
        {"version": 1, "latest": False, "p": 2},
        {"version": 2, "latest": True, "p": 3},
    ]
    latest = rows(
        graph,
        "MATCH (:Vendor {slug: 'argilla'})-[:LATEST]->(e) RETURN e.id AS id",
    )
    assert latest == [{"id": "argilla@2"}]
    # The dropped risk is gone with its mitigation and the layer it applied at.
    assert label_counts(graph)["Risk"] == 2
    assert label_counts(graph)["Mitigation"] == 2
    assert "APPLIES_AT" not in type_counts(graph)
    assert type_counts(graph)["SCORED"] == 22


def test_a_stub_link_never_wipes_a_full_vendor(graph: neo4j.Driver) -> None:
    seed(graph, SNAPSHOT)
    before = rows(graph, "MATCH (t:Vendor {slug: 'temporal'}) RETURN properties(t) AS p")

    seed(graph, ARGILLA)

    after = rows(graph, "MATCH (t:Vendor {slug: 'temporal'}) RETURN properties(t) AS p")
    assert after == before
    assert after[0]["p"]["evaluated"] is True


def test_a_stub_becomes_full_in_place_and_orphan_stubs_go(
    graph: neo4j.Driver, tmp_path: Path
) -> None:
    seed(graph, ARGILLA)
    assert rows(graph, "MATCH (t:Vendor {slug: 'temporal'}) RETURN t.evaluated AS e") == [
        {"e": False}
    ]
    seed(graph, SNAPSHOT)
    assert rows(
        graph,
        "MATCH (t:Vendor {slug: 'temporal'})<-[:ALTERNATIVE_TO]-(:Vendor {slug: 'argilla'}) "
        "RETURN t.evaluated AS e, t.inpactTotal AS inpact",
    ) == [{"e": True, "inpact": 27}]

    text = ARGILLA.read_text(encoding="utf-8")
    kong = text.index("Kong\n\nKong offers")
    end = text.index("View analysis →", kong) + len("View analysis →\n")
    (tmp_path / "argilla.txt").write_text(text[:kong] + text[end:], encoding="utf-8")
    seed(graph, tmp_path / "argilla.txt")

    assert rows(graph, "MATCH (s:Vendor {evaluated: false}) RETURN s.slug AS slug") == [
        {"slug": "apache-airflow"}
    ]


def test_a_file_failing_in_a_batch_fails_alone(graph: neo4j.Driver, tmp_path: Path) -> None:
    generate_corpus(5, tmp_path)
    # A node squatting on vendor 2's first strength id makes its write break a constraint.
    graph.execute_query("CREATE (:Strength {id: 'synthetic-vendor-00002/strength/1'})")

    summary = seed(graph, tmp_path)

    assert list(summary.failed) == [str(tmp_path / "vendor-00002.yaml")]
    assert (
        "already exists with label `Strength`"
        in summary.failed[str(tmp_path / "vendor-00002.yaml")]
    )
    assert summary.created == 4
    evaluated = rows(
        graph,
        "MATCH (e:Evaluation) RETURN e.vendorSlug AS slug ORDER BY slug",
    )
    assert [r["slug"] for r in evaluated] == [
        "synthetic-vendor-00001",
        "synthetic-vendor-00003",
        "synthetic-vendor-00004",
        "synthetic-vendor-00005",
    ]
    # Vendor 2 is at most a stub others link to: nothing of its own file was written.
    assert rows(
        graph,
        "MATCH (v:Vendor {slug: 'synthetic-vendor-00002'}) "
        "RETURN v.evaluated AS evaluated, COUNT { (v)-->() } AS outgoing",
    ) in ([], [{"evaluated": False, "outgoing": 0}])


def test_prune_retires_vendors_whose_file_is_gone_and_a_return_restores_them(
    graph: neo4j.Driver, tmp_path: Path
) -> None:
    paths = generate_corpus(3, tmp_path)
    seed(graph, tmp_path)
    kept = paths[2].read_bytes()
    paths[2].unlink()

    pruned = seed(graph, tmp_path, prune=True)

    assert pruned.retired == ["synthetic-vendor-00003"]
    retired = rows(graph, "MATCH (v:Vendor {evaluated: true}) RETURN v.slug AS s, v.retired AS r")
    assert sorted((r["s"], r["r"]) for r in retired) == [
        ("synthetic-vendor-00001", False),
        ("synthetic-vendor-00002", False),
        ("synthetic-vendor-00003", True),
    ]

    paths[2].write_bytes(kept)
    back = seed(graph, tmp_path, prune=True)

    assert (back.unchanged, back.retired) == (3, [])
    assert rows(
        graph, "MATCH (v:Vendor {slug: 'synthetic-vendor-00003'}) RETURN v.retired AS r"
    ) == [{"r": False}]


def test_reseeding_unchanged_files_parses_nothing(
    graph: neo4j.Driver, neo4j_server: TestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate_corpus(3, tmp_path)
    settings = Settings(neo4j_uri=neo4j_server.uri)
    first = seed_paths([tmp_path], settings)
    assert first.created == 3

    def no_parsing(*_: object, **__: object) -> None:
        raise AssertionError("validate_paths called for unchanged files")

    with monkeypatch.context() as patched:
        patched.setattr(kb.seeding.validation, "validate_paths", no_parsing)
        again = seed_paths([tmp_path], settings)
    assert (again.files, again.created, again.unchanged) == (3, 0, 3)

    # Same evaluation, other bytes: parsed, nothing versioned, the new file hash recorded ...
    with (tmp_path / "vendor-00001.yaml").open("a", encoding="utf-8") as handle:
        handle.write("# a curator's comment\n")
    touched = seed_paths([tmp_path], settings)
    assert (touched.created, touched.updated, touched.unchanged) == (0, 0, 3)
    assert rows(graph, "MATCH (e:Evaluation) RETURN count(e) AS n") == [{"n": 3}]
    # ... so the next run is the fast one again.
    with monkeypatch.context() as patched:
        patched.setattr(kb.seeding.validation, "validate_paths", no_parsing)
        assert seed_paths([tmp_path], settings).unchanged == 3
