"""The kb seed / kb export commands as a user runs them: exit codes, summary, messages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import neo4j

from tests.integration.graph_helpers import (
    ARGILLA,
    graph_fixture,  # noqa: F401 (the `graph` fixture)
    rows,
)
from tests.neo4j_server import TestServer


def kb(server: TestServer, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEO4J_URI": server.uri, "COLUMNS": "120"}
    if server.auth:
        env["NEO4J_USER"], env["NEO4J_PASSWORD"] = server.auth
    return subprocess.run(
        [str(Path(sys.executable).with_name("kb")), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_bad_file_is_reported_the_rest_seeded_and_the_exit_code_is_1(
    graph: neo4j.Driver, neo4j_server: TestServer, tmp_path: Path
) -> None:
    shutil.copy(ARGILLA, tmp_path / "argilla.txt")
    bad = tmp_path / "broken.yaml"
    bad.write_text("vendor:\n  name: Broken\nscores: 12\n", encoding="utf-8")

    done = kb(neo4j_server, "seed", str(tmp_path))

    assert done.returncode == 1
    assert str(bad) in done.stderr
    assert "Traceback" not in done.stderr
    summary = {
        cells[0]: cells[1]
        for line in done.stdout.splitlines()
        if len(cells := [c.strip() for c in line.strip("│┃ ").split("│")]) == 2
    }
    assert summary["files read"] == "2"
    assert summary["vendors created"] == "1"
    assert summary["files failed"] == "1"
    assert rows(graph, "MATCH (v:Vendor {evaluated: true}) RETURN v.slug AS s") == [
        {"s": "argilla"}
    ]


def test_export_writes_vendor_files_and_a_dump(
    graph: neo4j.Driver, neo4j_server: TestServer, tmp_path: Path
) -> None:
    assert kb(neo4j_server, "seed", str(ARGILLA)).returncode == 0

    done = kb(neo4j_server, "export", str(tmp_path / "out"))

    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out" / "vendors").iterdir()) == ["argilla.yaml"]
    assert (tmp_path / "out" / "graph.json").is_file()
    assert "exported 1 vendors (1 evaluation versions)" in done.stdout


def test_no_neo4j_is_one_line_and_exit_2(tmp_path: Path) -> None:
    server = TestServer(uri="bolt://127.0.0.1:1", auth=None, how="NEO4J_URI")

    done = kb(server, "seed", str(ARGILLA))

    assert done.returncode == 2
    assert done.stderr.strip() == (
        "kb: error: no Neo4j answered at bolt://127.0.0.1:1 (ServiceUnavailable); "
        "`kb validate PATH...` checks the files without it"
    )
