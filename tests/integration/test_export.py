"""kb export: canonical YAML with history plus a JSON dump; seeding it back gives the same graph."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import neo4j
import yaml

from bench.corpus import generate_corpus
from kb.export import export_graph
from tests.integration.graph_helpers import (
    ARGILLA,
    DB,
    SNAPSHOT,
    dump,
    graph_fixture,  # noqa: F401 (the `graph` fixture)
    rows,
    seed,
    wipe,
)
from tests.integration.test_seed import edited_argilla

# What names the file a vendor was read from: the export's files after a restore.
FILE_FIELDS = ("sourceFile", "fileHash", "format")


def test_export_then_wipe_then_seed_the_export_gives_the_same_graph(
    graph: neo4j.Driver, tmp_path: Path
) -> None:
    files = tmp_path / "files"
    files.mkdir()
    shutil.copy(ARGILLA, files / "argilla.txt")
    shutil.copy(SNAPSHOT, files / SNAPSHOT.name)
    generate_corpus(20, files / "corpus")  # explicit mitigation links, bare risks, stubs
    seed(graph, files)
    edited_argilla(files)
    seed(graph, files)  # argilla now has two versions
    before = dump(graph)

    done = export_graph(graph, DB, tmp_path / "export")

    assert (done.vendors, done.versions) == (18 + 1 + 20, 18 + 2 + 20)
    assert json.loads((tmp_path / "export" / "graph.json").read_text()) == json.loads(
        json.dumps(before)
    )
    argilla = yaml.safe_load((tmp_path / "export" / "vendors" / "argilla.yaml").read_text())
    assert [v["version"] for v in argilla["history"]] == [1]
    p_scores = [
        next(d["score"] for d in s["dimensions"] if d["letter"] == "P")
        for s in (argilla["history"][0]["evaluation"]["scores"][0], argilla["scores"][0])
    ]
    assert p_scores == [2, 3]

    wipe(graph)
    restored = seed(graph, tmp_path / "export")

    assert restored.failed == {}
    assert restored.created == 18 + 1 + 20
    assert dump(graph, *FILE_FIELDS) == dump_without(before, FILE_FIELDS)
    assert rows(
        graph, "MATCH (v:Vendor {slug: 'argilla'}) RETURN v.sourceFile AS f, v.format AS fmt"
    ) == [{"f": str(tmp_path / "export" / "vendors" / "argilla.yaml"), "fmt": "canonical"}]


def dump_without(
    full: dict[str, list[dict[str, object]]], fields: tuple[str, ...]
) -> dict[str, list[dict[str, object]]]:
    def strip(item: dict[str, object]) -> dict[str, object]:
        props = item["properties"]
        assert isinstance(props, dict)
        return {**item, "properties": {k: v for k, v in props.items() if k not in fields}}

    def order(items: list[dict[str, object]]) -> list[dict[str, object]]:
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True, default=str))

    return {
        "nodes": order([strip(n) for n in full["nodes"]]),
        "relationships": order([strip(r) for r in full["relationships"]]),
    }


def test_a_retired_vendor_stays_retired_through_export_and_restore(
    graph: neo4j.Driver, tmp_path: Path
) -> None:
    paths = generate_corpus(4, tmp_path / "corpus")
    seed(graph, tmp_path / "corpus")
    gone = paths[1]
    gone.rename(tmp_path / gone.name)
    pruned = seed(graph, tmp_path / "corpus", prune=True)
    assert pruned.retired == ["synthetic-vendor-00002"]
    before = dump(graph)

    export_graph(graph, DB, tmp_path / "export")
    exported = yaml.safe_load(
        (tmp_path / "export" / "vendors" / "synthetic-vendor-00002.yaml").read_text()
    )
    assert exported["provenance"]["retired"] is True
    kept = yaml.safe_load(
        (tmp_path / "export" / "vendors" / "synthetic-vendor-00001.yaml").read_text()
    )
    assert "retired" not in kept["provenance"]  # written only when true

    wipe(graph)
    seed(graph, tmp_path / "export")
    assert dump(graph, *FILE_FIELDS) == dump_without(before, FILE_FIELDS)
    again = seed(graph, tmp_path / "export")  # unchanged: nothing written, still retired
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert dump(graph, *FILE_FIELDS) == dump_without(before, FILE_FIELDS)
    assert rows(graph, "MATCH (v:Vendor {retired: true}) RETURN v.slug AS slug") == [
        {"slug": "synthetic-vendor-00002"}
    ]


def test_a_vendor_seeded_before_the_slug_check_is_skipped_and_named(
    graph: neo4j.Driver, tmp_path: Path
) -> None:
    generate_corpus(3, tmp_path / "corpus")
    seed(graph, tmp_path / "corpus")
    # As an older kb accepted it: a slug that would name a file outside DIR.
    for match in (
        "(x:Vendor {slug: $old}) SET x.slug",
        "(x:Evaluation {vendorSlug: $old}) SET x.vendorSlug",
    ):
        rows(graph, f"MATCH {match} = '../escaped'", old="synthetic-vendor-00002")

    done = export_graph(graph, DB, tmp_path / "out" / "export")

    assert done.skipped == {
        "../escaped": "vendor slug '../escaped' cannot name a file; fix its file, seed again"
    }
    assert (done.vendors, done.versions) == (2, 2)  # what was written
    written = sorted(p.name for p in (tmp_path / "out" / "export" / "vendors").iterdir())
    assert written == ["synthetic-vendor-00001.yaml", "synthetic-vendor-00003.yaml"]
    assert not (tmp_path / "out" / "escaped.yaml").exists()
    graph_json = json.loads((tmp_path / "out" / "export" / "graph.json").read_text())
    assert "../escaped" in {n["properties"].get("slug") for n in graph_json["nodes"]}
