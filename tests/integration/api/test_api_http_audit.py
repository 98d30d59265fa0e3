"""The graphql-http project's GraphQL-over-HTTP server audit (npm, tests/http_audit/) against a
live API on the suite's Neo4j: every one of its 61 checks passes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import neo4j

from tests.integration.api.live import ROOT, live_api
from tests.neo4j_server import TestServer

AUDIT = ROOT / "tests" / "http_audit"
CHECKS = 61


def run_audit(url: str) -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "node is not installed: the audit runs on Node.js"
    assert (AUDIT / "node_modules" / "graphql-http").is_dir(), (
        f"graphql-http is not installed: run `npm ci` in {AUDIT} (make test does)"
    )
    done = subprocess.run(
        [node, "audit.mjs", f"{url}/graphql"],
        cwd=AUDIT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    summary: dict[str, Any] = json.loads(done.stdout)
    return summary


def test_every_check_of_the_graphql_http_server_audit_passes(
    neo4j_server: TestServer, seeded: neo4j.Driver, tmp_path: Path
) -> None:
    auth = {}
    if neo4j_server.auth:
        auth = {"NEO4J_USER": neo4j_server.auth[0], "NEO4J_PASSWORD": neo4j_server.auth[1]}
    with live_api(neo4j_server.uri, tmp_path / "api.log", auth) as url:
        summary = run_audit(url)
    failing = "\n".join(
        f"{check['id']} {check['status']}: {check['name']} ({check['reason']})"
        for check in summary["failing"]
    )
    assert (summary["total"], summary["ok"]) == (CHECKS, CHECKS), failing
    assert (summary["warn"], summary["error"], summary["notice"]) == (0, 0, 0), failing
