"""`kb stack assess` and `kb stack advise` as a user runs them, against the seed corpus."""

from __future__ import annotations

import json
from pathlib import Path

import neo4j
import pytest

from kb.framework import framework_data
from kb.graph.queries import cypher
from kb.stack.model import Constraints, Pick
from kb.stack.query import assessment_params
from tests.integration.graph_helpers import seeded_graph
from tests.integration.test_seed_cli import kb
from tests.neo4j_server import TestServer

ROOT = Path(__file__).resolve().parents[2]
STACKS = ROOT / "stacks"


@pytest.fixture(scope="module")
def seeded(driver: neo4j.Driver) -> neo4j.Driver:
    graph = seeded_graph(driver)
    data = framework_data()
    # Planned once without a time limit, as the API tests do (a cold plan takes seconds).
    for picks in ([Pick("L7", "argilla")], []):
        graph.execute_query(
            cypher("read/stack_assessment"),
            assessment_params(data, data.profiles[0], picks, Constraints()),
        )
    return graph


def test_assess_a_stack_file_as_json(neo4j_server: TestServer, seeded: neo4j.Driver) -> None:
    done = kb(
        neo4j_server, "stack", "assess", str(STACKS / "argilla-alone.yaml"), "--format", "json"
    )
    assert (done.returncode, done.stderr) == (0, "")
    answer = json.loads(done.stdout)
    assert answer["summary"] == {
        "by_severity": {"critical": 0, "high": 7, "medium": 5, "low": 0},
        "gaps": 12,
        "layers_covered": ["L7"],
        "passes": False,
    }
    l7 = answer["layers"][6]
    assert l7["picks"][0]["misses"] == [
        "INPACT total 25 < 28 (3 short)",
        "GOALS total 18 < 20 (2 short)",
    ]
    l5 = answer["layers"][4]
    assert [f["kind"] for f in l5["findings"]] == ["empty_layer", "unmitigated_risk"]
    assert l5["findings"][1]["evidence"]["mitigation_layers"] == ["L5"]


def test_picks_on_the_command_line_and_cerbos_closes_the_risk(
    neo4j_server: TestServer, seeded: neo4j.Driver
) -> None:
    done = kb(
        neo4j_server, "stack", "assess", "--pick", "L7=argilla", "--pick", "Layer 5=cerbos",
        "--profile", "healthcare", "--format", "json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    l5 = json.loads(done.stdout)["layers"][4]
    assert [(f["kind"], f["severity"]) for f in l5["findings"]] == [("other_scale", "low")]


def test_the_table_names_gaps_build_order_and_summary(
    neo4j_server: TestServer, seeded: neo4j.Driver
) -> None:
    done = kb(neo4j_server, "stack", "assess", str(STACKS / "argilla-with-cerbos.yaml"))
    assert done.returncode == 0, done.stderr
    assert "Build order:" in done.stdout
    assert (
        "  1. L1 Multi-Modal Storage: high (empty_layer, broken_flow) → PostgreSQL" in done.stdout
    )
    assert done.stdout.rstrip().endswith(
        "Summary: 0 critical, 6 high, 4 medium, 1 low; 10 gaps; layers covered: L5, L7; the "
        "stack does not pass the healthcare profile."
    )


def test_advise_names_the_closest_where_nothing_passes(
    neo4j_server: TestServer, seeded: neo4j.Driver
) -> None:
    done = kb(neo4j_server, "stack", "advise", "--profile", "healthcare", "--format", "json")
    assert done.returncode == 0, done.stderr
    advice = json.loads(done.stdout)
    assert [
        (x["layer"], x["best"] and x["best"]["slug"], x["closest"] and x["closest"]["misses"])
        for x in advice["layers"]
    ] == [
        ("L1", "postgresql", None),
        ("L2", "confluent-cloud", None),
        ("L3", None, ["INPACT total 25 < 28 (3 short)"]),
        ("L4", "openai-gpt-4", None),
        ("L5", "cerbos", None),
        ("L6", None, ["INPACT total 27 < 28 (1 short)"]),
        ("L7", None, ["INPACT total 27 < 28 (1 short)"]),
    ]
    assert [x["closest"]["slug"] for x in advice["layers"] if x["closest"]] == [
        "dbt-core",
        "grafana",
        "temporal",
    ]


def test_bad_input_is_one_line_and_exit_2(
    neo4j_server: TestServer, seeded: neo4j.Driver, tmp_path: Path
) -> None:
    typo = tmp_path / "typo.yaml"
    typo.write_text("profile: healthcare\npicks:\n  L7: [argilla]\n  L5: [cerbos, argila]\n")
    misfiled = tmp_path / "misfiled.yaml"
    misfiled.write_text("name: x\nprofil: healthcare\npicks:\n  L7: [argilla]\n")
    twice = tmp_path / "twice.yaml"
    twice.write_text("picks:\n  L7: [argilla]\n  L7: [temporal]\n")
    cases = {
        (str(typo),): f"{typo}:4: no vendor with slug 'argila' (did you mean 'argilla'?)",
        (str(misfiled), "--profile", "healthcare"): (
            f"{misfiled}:2: unknown key 'profil' (expected name, profile, picks)"
        ),
        (str(twice), "--profile", "healthcare"): f"{twice}:3: duplicate key 'L7' (first on line 2)",
        ("--pick", "L9=x", "--profile", "healthcare"): (
            "--pick L9=x: unknown layer 'L9'; expected L1, L2, L3, L4, L5, L6, L7"
        ),
        ("--pick", "L7=kong", "--profile", "healthcare"): (
            "--pick L7=kong: 'kong' is a stub (known only from another vendor's links): it has "
            "no scores to grade"
        ),
        ("--pick", "L5=argilla", "--profile", "healthcare"): (
            "--pick L5=argilla: 'argilla' is in L7, not L5"
        ),
        ("--pick", "L7=argilla", "--pick", "L7=argilla", "--profile", "healthcare"): (
            "--pick L7=argilla: 'argilla' at L7 is picked twice (first as pick 1)"
        ),
        ("--pick", "L7=argilla", "--profile", "dentistry"): (
            "--profile: unknown profile 'dentistry'; expected one of healthcare"
        ),
        tuple(["--profile", "healthcare"] + ["--pick", "L7=argilla"] * 29): (
            "--pick: 29 picks; at most 28 allowed"
        ),
    }
    for args, message in cases.items():
        done = kb(neo4j_server, "stack", "assess", *args)
        assert (done.returncode, done.stdout, done.stderr) == (2, "", f"kb: error: {message}\n")
