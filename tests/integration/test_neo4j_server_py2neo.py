"""py2neo, the optional extra `tbi-kb[py2neo]`, can read our graph over Bolt.

py2neo is end-of-life (docs/decisions/0001-py2neo.md); the KB itself uses the official driver
only. It is kept out of the project venv: this test installs the extra's pin into a throwaway
venv under .kb/test and runs it there.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import uuid
from pathlib import Path

import neo4j
import pytest

from tests.neo4j_server import TEST_KB_HOME, TestServer

ROOT = Path(__file__).resolve().parents[2]
VENV = TEST_KB_HOME / "py2neo-venv"

READ_WITH_PY2NEO = """
import json, os, sys
from py2neo import Graph
auth = (os.environ["P_USER"], os.environ["P_PASSWORD"]) if os.environ.get("P_PASSWORD") else None
graph = Graph(os.environ["P_URI"], auth=auth)
rows = graph.run(
    "MATCH (v:Py2neoProbe {run: $run})-[:IN_LAYER]->(l:Py2neoProbeLayer) "
    "RETURN v.name AS vendor, l.code AS layer",
    run=os.environ["P_RUN"],
).data()
print(json.dumps(rows))
"""


def py2neo_requirement() -> str:
    """The pin of the `py2neo` extra in pyproject.toml (one place to change it)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirement: str = project["optional-dependencies"]["py2neo"][0]
    return requirement


@pytest.fixture(scope="module")
def py2neo_python() -> Path:
    python = VENV / "bin" / "python"
    requirement = py2neo_requirement()
    stamp = VENV / "installed.txt"
    if not (python.exists() and stamp.exists() and stamp.read_text() == requirement):
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
        installed = subprocess.run(
            [str(python), "-m", "pip", "install", "-q", requirement],
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        if installed.returncode != 0:
            pytest.fail(f"could not pip install {requirement} (is PyPI reachable?):\n"
                        f"{installed.stderr[-2000:]}", pytrace=False)  # fmt: skip
        stamp.write_text(requirement)
    return python


def test_py2neo_reads_what_the_official_driver_wrote(
    driver: neo4j.Driver, neo4j_server: TestServer, py2neo_python: Path
) -> None:
    run = uuid.uuid4().hex
    driver.execute_query(
        "CREATE (:Py2neoProbe {run: $run, name: 'Argilla'})-[:IN_LAYER]->"
        "(:Py2neoProbeLayer {run: $run, code: 'L4'})",
        run=run,
    )
    try:
        user, password = neo4j_server.auth or ("", "")
        result = subprocess.run(
            [str(py2neo_python), "-c", READ_WITH_PY2NEO],
            capture_output=True,
            text=True,
            env={"P_URI": neo4j_server.uri, "P_USER": user, "P_PASSWORD": password, "P_RUN": run},
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == [{"vendor": "Argilla", "layer": "L4"}]
    finally:
        driver.execute_query(
            "MATCH (n) WHERE (n:Py2neoProbe OR n:Py2neoProbeLayer) AND n.run = $run "
            "DETACH DELETE n",
            run=run,
        )
