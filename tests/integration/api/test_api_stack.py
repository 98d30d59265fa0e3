"""assessStack and adviseStack over HTTP against the seed corpus (seeds/), exact answers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import neo4j
import pytest

from kb.framework import Profile, framework_data
from kb.graph.queries import cypher
from kb.stack.grade import advise
from kb.stack.model import Constraints, Pick
from kb.stack.query import assessment_params
from tests.integration.api.test_api_evidence import change_vendor, restore_vendor
from tests.integration.api.test_api_questions import (
    ABAC_MITIGATION,
    CERBOS_GOALS,
    data,
)

ABAC_RISK = (
    "Lack of ABAC means annotators may access sensitive data outside their authorization scope"
)
ABAC_FINDING = (
    f'Argilla\'s medium risk "{ABAC_RISK}" is unmitigated: its mitigation applies at L5 '
    f"Agent-Aware Governance, where the stack has no tool; mitigation: {ABAC_MITIGATION}"
)
L4 = "L4 Intelligence Orchestration & Retrieval (RAG)"


@pytest.fixture(scope="module", autouse=True)
def planned(seeded: neo4j.Driver) -> None:
    """Neo4j plans the query once, without the API's 10 s limit: a cold plan of its
    subqueries takes seconds on a loaded machine, and the first test is not about that."""
    data = framework_data()
    healthcare = data.profiles[0]
    for picks in ([Pick("L7", "argilla")], []):
        params = assessment_params(data, healthcare, picks, Constraints())
        seeded.execute_query(cypher("read/stack_assessment"), params)


@pytest.fixture
def changed(seeded: neo4j.Driver) -> Iterator[Callable[..., None]]:
    """changed(slug, property=value, ...) for one test; the vendor is restored after it."""
    saved: list[tuple[str, dict[str, Any]]] = []

    def change(slug: str, **values: Any) -> None:
        saved.append((slug, change_vendor(seeded, slug, **values)))

    yield change
    for slug, properties in reversed(saved):
        restore_vendor(seeded, slug, properties)


ASSESS = """
query ($profile: String!, $picks: [StackPickInput!]!) {
  assessStack(profile: $profile, picks: $picks) {
    profile
    layers {
      layerId
      picks { slug passes misses totals { framework stated statedMax compared scaleNote } }
      findings {
        kind severity layerId vendor reason
        evidence { risk riskSeverity mitigation mitigationLayers flowDirection flowLayer flow
                   thresholds scaleNotes }
        suggestions { vendor { slug } rationale alternativeOf }
      }
      closest { slug misses }
    }
    buildOrder { step layerId severity kinds suggestion { vendor { slug } } }
    summary { bySeverity { severity count } gaps layersCovered passes }
  }
}
"""


def _assess(gql: Any, *picks: tuple[str, str], profile: str = "healthcare") -> dict[str, Any]:
    body = gql(ASSESS, profile=profile, picks=[{"layer": la, "vendor": v} for la, v in picks])
    result: dict[str, Any] = data(body)["assessStack"]
    return result


def _layer(assessment: dict[str, Any], layer_id: str) -> dict[str, Any]:
    return next(x for x in assessment["layers"] if x["layerId"] == layer_id)


def _kinds(layer: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f["kind"], f["severity"]) for f in layer["findings"]]


def test_only_argilla_at_l7_leaves_every_other_layer_a_gap(gql: Any) -> None:
    a = _assess(gql, ("L7", "argilla"))
    assert a["profile"] == "healthcare"
    assert {x["layerId"]: _kinds(x) for x in a["layers"]} == {
        "L1": [("EMPTY_LAYER", "high"), ("BROKEN_FLOW", "medium")],
        "L2": [("EMPTY_LAYER", "high")],
        "L3": [("EMPTY_LAYER", "high")],
        "L4": [("EMPTY_LAYER", "high"), ("BROKEN_FLOW", "medium"), ("BROKEN_FLOW", "medium")],
        "L5": [("EMPTY_LAYER", "high"), ("UNMITIGATED_RISK", "medium")],
        "L6": [("EMPTY_LAYER", "high"), ("BROKEN_FLOW", "medium")],
        "L7": [("BELOW_THRESHOLD", "high")],
    }
    assert a["summary"] == {
        "bySeverity": [
            {"severity": "critical", "count": 0},
            {"severity": "high", "count": 7},
            {"severity": "medium", "count": 5},
            {"severity": "low", "count": 0},
        ],
        "gaps": 12,
        "layersCovered": ["L7"],
        "passes": False,
    }


def test_argilla_fails_inpact_25_below_28_and_goals_18_below_20(gql: Any) -> None:
    l7 = _layer(_assess(gql, ("L7", "argilla")), "L7")
    misses = ["INPACT total 25 < 28 (3 short)", "GOALS total 18 < 20 (2 short)"]
    assert l7["picks"] == [
        {
            "slug": "argilla",
            "passes": False,
            "misses": misses,
            "totals": [
                {
                    "framework": "INPACT",
                    "stated": 25,
                    "statedMax": 36,
                    "compared": 25.0,
                    "scaleNote": None,
                },
                {
                    "framework": "GOALS",
                    "stated": 18,
                    "statedMax": 25,
                    "compared": 18.0,
                    "scaleNote": None,
                },
            ],
        }
    ]
    [finding] = l7["findings"]
    assert finding["reason"] == f"Argilla misses the healthcare profile: {'; '.join(misses)}"
    assert finding["evidence"]["thresholds"] == misses
    # Its alternatives (Temporal; Airflow and Kong are stubs) pass nothing; no L7 vendor does.
    assert finding["suggestions"] == []
    assert l7["closest"] == {
        "slug": "temporal",
        "misses": ["INPACT total 27 < 28 (1 short)"],
    }


def test_the_abac_risk_is_unmitigated_while_l5_is_empty(gql: Any) -> None:
    l5 = _layer(_assess(gql, ("L7", "argilla")), "L5")
    risk = l5["findings"][1]
    assert risk == {
        "kind": "UNMITIGATED_RISK",
        "severity": "medium",
        "layerId": "L5",
        "vendor": "argilla",
        "reason": ABAC_FINDING,
        "evidence": {
            "risk": ABAC_RISK,
            "riskSeverity": "medium",
            "mitigation": ABAC_MITIGATION,
            "mitigationLayers": ["L5"],
            "flowDirection": None,
            "flowLayer": None,
            "flow": None,
            "thresholds": [],
            "scaleNotes": [],
        },
        "suggestions": [
            {"vendor": {"slug": "cerbos"}, "rationale": None, "alternativeOf": None},
            {"vendor": {"slug": "auth0"}, "rationale": None, "alternativeOf": None},
        ],
    }


def test_cerbos_at_l5_closes_the_abac_risk_by_the_scale_rule(gql: Any) -> None:
    a = _assess(gql, ("L7", "argilla"), ("L5", "cerbos"))
    l5 = _layer(a, "L5")
    # Cerbos: INPACT 31/36, GOALS 21 stated on the snapshot's /30, compared as 21/25 >= 20.
    assert l5["picks"][0]["passes"] is True
    assert l5["picks"][0]["totals"][1] == {
        "framework": "GOALS",
        "stated": 21,
        "statedMax": 30,
        "compared": 21.0,
        "scaleNote": CERBOS_GOALS,
    }
    assert l5["findings"] == [
        {
            "kind": "OTHER_SCALE",
            "severity": "low",
            "layerId": "L5",
            "vendor": "cerbos",
            "reason": f"Cerbos: {CERBOS_GOALS}",
            "evidence": {
                "risk": None,
                "riskSeverity": None,
                "mitigation": None,
                "mitigationLayers": [],
                "flowDirection": None,
                "flowLayer": None,
                "flow": None,
                "thresholds": [],
                "scaleNotes": [CERBOS_GOALS],
            },
            "suggestions": [],
        }
    ]
    everywhere = [f["kind"] for x in a["layers"] for f in x["findings"]]
    assert "UNMITIGATED_RISK" not in everywhere
    assert "WEAKLY_MITIGATED_RISK" not in everywhere
    assert a["summary"]["layersCovered"] == ["L5", "L7"]
    assert a["summary"]["gaps"] == 10


def test_a_failing_tool_at_l5_leaves_the_risk_only_weakly_mitigated(gql: Any) -> None:
    l5 = _layer(_assess(gql, ("L7", "argilla"), ("L5", "hashicorp-vault")), "L5")
    assert _kinds(l5) == [
        ("BELOW_THRESHOLD", "high"),
        ("OTHER_SCALE", "low"),
        ("WEAKLY_MITIGATED_RISK", "low"),
    ]
    weak = l5["findings"][2]
    assert weak["reason"] == (
        f'Argilla\'s medium risk "{ABAC_RISK}" is mitigated at L5 Agent-Aware Governance only '
        "by tools that fail the healthcare profile (HashiCorp Vault); mitigation: "
        f"{ABAC_MITIGATION}"
    )
    assert [s["vendor"]["slug"] for s in weak["suggestions"]] == ["cerbos", "auth0"]


def test_broken_flows_quote_what_flows(gql: Any) -> None:
    l4 = _layer(_assess(gql, ("L7", "argilla")), "L4")
    flows = [f for f in l4["findings"] if f["kind"] == "BROKEN_FLOW"]
    assert [f["reason"] for f in flows] == [
        f"Argilla consumes model outputs from {L4} (upstream), where the stack has nothing",
        f"Argilla feeds improved model weights and training data to {L4} (downstream), "
        "where the stack has nothing",
    ]
    assert [(f["evidence"]["flowDirection"], f["evidence"]["flow"]) for f in flows] == [
        ("upstream", "model outputs"),
        ("downstream", "improved model weights and training data"),
    ]
    assert [s["vendor"]["slug"] for s in flows[0]["suggestions"]] == [
        "openai-gpt-4",
        "gpt-4o",
        "anthropic-claude",
    ]


def test_the_build_order_takes_severity_then_the_lower_layer(gql: Any) -> None:
    a = _assess(gql, ("L7", "argilla"), ("L5", "hashicorp-vault"), ("L1", "postgresql"))
    assert [
        (
            s["step"],
            s["layerId"],
            s["severity"],
            s["kinds"],
            s["suggestion"] and s["suggestion"]["vendor"]["slug"],
        )
        for s in a["buildOrder"]
    ] == [
        (1, "L2", "high", ["EMPTY_LAYER"], "confluent-cloud"),
        (2, "L3", "high", ["EMPTY_LAYER"], None),
        (3, "L4", "high", ["EMPTY_LAYER", "BROKEN_FLOW"], "openai-gpt-4"),
        (4, "L5", "high", ["BELOW_THRESHOLD", "WEAKLY_MITIGATED_RISK"], "cerbos"),
        (5, "L6", "high", ["EMPTY_LAYER", "BROKEN_FLOW"], None),
        (6, "L7", "high", ["BELOW_THRESHOLD"], None),
    ]


ADVISE = """
query ($profile: String!, $constraints: AdviceConstraints) {
  adviseStack(profile: $profile, constraints: $constraints) {
    profile
    layers { layerId best { slug } closest { slug misses totals { compared } } }
    picks { layer vendor }
  }
}
"""


def _advise(gql: Any, **constraints: Any) -> dict[str, Any]:
    body = gql(ADVISE, profile="healthcare", constraints=constraints or None)
    result: dict[str, Any] = data(body)["adviseStack"]
    return result


def test_advise_healthcare_finds_nothing_passing_at_l3_l6_l7(gql: Any) -> None:
    advice = _advise(gql)
    one_short = ["INPACT total 27 < 28 (1 short)"]
    assert [
        (
            x["layerId"],
            x["best"] and x["best"]["slug"],
            x["closest"] and x["closest"]["slug"],
            x["closest"] and x["closest"]["misses"],
        )
        for x in advice["layers"]
    ] == [
        ("L1", "postgresql", None, None),
        ("L2", "confluent-cloud", None, None),
        ("L3", None, "dbt-core", ["INPACT total 25 < 28 (3 short)"]),
        ("L4", "openai-gpt-4", None, None),
        ("L5", "cerbos", None, None),
        ("L6", None, "grafana", one_short),
        ("L7", None, "temporal", one_short),
    ]
    assert advice["picks"] == [
        {"layer": "L1", "vendor": "postgresql"},
        {"layer": "L2", "vendor": "confluent-cloud"},
        {"layer": "L4", "vendor": "openai-gpt-4"},
        {"layer": "L5", "vendor": "cerbos"},
    ]


def test_advice_fed_back_to_assess_has_no_threshold_findings(gql: Any) -> None:
    picks = [(p["layer"], p["vendor"]) for p in _advise(gql)["picks"]]
    a = _assess(gql, *picks)
    kinds = {f["kind"] for x in a["layers"] for f in x["findings"]}
    assert kinds == {"EMPTY_LAYER", "OTHER_SCALE"}
    assert [x["layerId"] for x in a["layers"] if ("EMPTY_LAYER", "high") in _kinds(x)] == [
        "L3",
        "L6",
        "L7",
    ]


def test_advise_constraints(gql: Any) -> None:
    excluded = _advise(gql, layers=["Layer 5", "L7"], excludeVendors=["cerbos"])
    assert [(x["layerId"], x["best"] and x["best"]["slug"]) for x in excluded["layers"]] == [
        ("L5", "auth0"),
        ("L7", None),
    ]
    certified = _advise(gql, layers=["L7"], certifications=["SOC 2 Type II"])
    assert certified["layers"][0]["closest"]["slug"] == "argilla"
    hitl = _advise(gql, layers=["L7"], categories=["hitl platform"])
    assert hitl["layers"][0]["closest"]["slug"] == "argilla"
    nothing = _advise(gql, layers=["L7"], categories=["no such category"])
    assert nothing["layers"] == [{"layerId": "L7", "best": None, "closest": None}]


STACK_OF_14 = [
    ("L1", "postgresql"), ("L1", "trino"), ("L2", "confluent-cloud"),
    ("L2", "apache-kafka-self-hosted"), ("L3", "dbt-core"), ("L4", "openai-gpt-4"),
    ("L4", "anthropic-claude"), ("L5", "cerbos"), ("L5", "auth0"), ("L6", "grafana"),
    ("L6", "prometheus"), ("L7", "argilla"), ("L7", "temporal"), ("L7", "langgraph"),
]  # fmt: skip


def test_one_round_trip_per_assessment_for_1_and_14_picks(gql: Any, round_trips: Any) -> None:
    _assess(gql, ("L7", "argilla"))
    assert round_trips.names == ["read/stack_assessment"]
    _assess(gql, *STACK_OF_14)
    assert round_trips.names == ["read/stack_assessment"] * 2
    assert len(round_trips.params[1]["stack"]["picks"]) == 14
    _advise(gql)
    assert round_trips.count == 3


def _error(body: dict[str, Any]) -> tuple[str, str]:
    assert body["data"]["assessStack" if "assessStack" in body["data"] else "adviseStack"] is None
    [error] = body["errors"]
    return error["extensions"]["code"], error["message"]


def test_bad_input_names_the_argument_before_any_read(gql: Any, round_trips: Any) -> None:
    def bad(profile: str, *picks: tuple[str, str]) -> tuple[str, str]:
        return _error(
            gql(ASSESS, profile=profile, picks=[{"layer": la, "vendor": v} for la, v in picks])
        )

    assert bad("dentistry", ("L7", "argilla")) == (
        "BAD_USER_INPUT",
        "argument profile: unknown profile 'dentistry'; expected one of healthcare",
    )
    assert bad("healthcare", ("L7", "argilla"), ("L9", "x")) == (
        "BAD_USER_INPUT",
        "argument picks[1].layer: unknown layer 'L9'; expected L1, L2, L3, L4, L5, L6, L7",
    )
    assert bad("healthcare", ("L7", "argilla"), ("Layer 7", "argilla")) == (
        "BAD_USER_INPUT",
        "argument picks[1].vendor: 'argilla' at L7 is picked twice (first as pick 1)",
    )
    code, message = bad("healthcare", *([("L7", "argilla")] * 29))
    assert (code, message) == ("LIMIT_EXCEEDED", "argument picks has 29 picks; at most 28")
    assert round_trips.count == 0


def test_unknown_stub_and_misplaced_vendors_are_refused(gql: Any) -> None:
    def bad(*picks: tuple[str, str]) -> tuple[str, str]:
        return _error(
            gql(ASSESS, profile="healthcare", picks=[{"layer": la, "vendor": v} for la, v in picks])
        )

    assert bad(("L7", "argilla"), ("L5", "nope")) == (
        "BAD_USER_INPUT",
        "argument picks[1].vendor: no vendor with slug 'nope'",
    )
    assert bad(("L7", "kong")) == (
        "BAD_USER_INPUT",
        "argument picks[0].vendor: 'kong' is a stub (known only from another vendor's links): "
        "it has no scores to grade",
    )
    assert bad(("L5", "argilla")) == (
        "BAD_USER_INPUT",
        "argument picks[0].layer: 'argilla' is in L7, not L5",
    )


def test_advise_refuses_an_unknown_profile_or_layer(gql: Any) -> None:
    body = gql(ADVISE, profile="nope", constraints=None)
    assert _error(body) == (
        "BAD_USER_INPUT",
        "argument profile: unknown profile 'nope'; expected one of healthcare",
    )
    body = gql(ADVISE, profile="healthcare", constraints={"layers": ["L1", "L8"]})
    assert _error(body) == (
        "BAD_USER_INPUT",
        "argument constraints.layers[1]: unknown layer 'L8'; expected L1, L2, L3, L4, L5, L6, L7",
    )


def test_a_total_on_its_own_scale_is_rescaled_in_the_query_and_the_grade(
    gql: Any, changed: Any
) -> None:
    # dbt Core as if a snapshot stated its GOALS on /40: 28/40 is 17.5/25, below 20, though
    # 28 itself is not; 32/40 is 20/25 and passes. The query ranks and the grade agree.
    changed("dbt-core", inpactDeclared=30, goalsDeclared=28, goalsDeclaredMax=40)
    l3 = _advise(gql, layers=["L3"])["layers"][0]
    assert l3["best"] is None
    assert l3["closest"]["misses"] == [
        "GOALS total 17.5 < 20 (2.5 short) [GOALS 28 stated on /40, rescaled to 17.5/25]"
    ]
    assert l3["closest"]["totals"] == [{"compared": 30.0}, {"compared": 17.5}]
    changed("dbt-core", goalsDeclared=32)
    assert _advise(gql, layers=["L3"])["layers"][0]["best"] == {"slug": "dbt-core"}


def test_a_profile_with_dimension_minima_ranks_and_grades_by_them(seeded: neo4j.Driver) -> None:
    # A profile of one's own: Permitted at least 3. Argilla scores P 2 (1 short); the snapshot
    # vendors have no dimension scores (3 short each).
    data = framework_data()
    permitted = Profile(id="permitted", name="P", min_dimensions={"INPACT.P": 3})
    params = assessment_params(data, permitted, [], Constraints(layers=("L7",)))
    records, _, _ = seeded.execute_query(cypher("read/stack_assessment"), params)
    [layer] = records[0]["layers"]
    assert [(v["slug"], v["dimensions"]) for v in layer["candidates"]] == [
        ("argilla", [2]),
        ("temporal", [None]),  # ties on points short, then INPACT: GOALS 23 before 21
        ("langgraph", [None]),
    ]
    [advised] = advise(data, permitted, records[0]).layers
    assert advised.closest is not None
    assert (advised.closest.slug, advised.closest.misses) == (
        "argilla",
        ["INPACT.P 2 < 3 (1 short)"],
    )


def _ranked(seeded: neo4j.Driver, profile: Profile, layer: str) -> list[str]:
    """The candidates the query ranks at one layer for an advice (3: the suggestions)."""
    params = assessment_params(framework_data(), profile, [], Constraints(layers=(layer,)))
    records, _, _ = seeded.execute_query(cypher("read/stack_assessment"), params)
    [ranked] = records[0]["layers"]
    return [v["slug"] for v in ranked["candidates"]]


LOW = Profile(id="low", name="Low", min_totals={"INPACT": 23, "GOALS": 16})


def test_enough_passing_vendors_are_ranked_from_the_index_seeks(seeded: neo4j.Driver) -> None:
    # INPACT >= 23 and GOALS >= 16: all four L1 vendors pass, three are asked for. By INPACT:
    # PostgreSQL 29, Trino 27, then Redis and Valkey 23 (GOALS 16 both: by name).
    assert _ranked(seeded, LOW, "L1") == ["postgresql", "trino", "redis"]


def test_a_vendor_on_another_inpact_maximum_is_not_left_out_of_the_seeks(
    seeded: neo4j.Driver, changed: Any
) -> None:
    # Valkey's INPACT as if stated 22/24: below 23 as stated, 33/36 rescaled, so it ranks first.
    changed("valkey", inpactDeclared=22, inpactDeclaredMax=24, inpactTotal=22)
    assert _ranked(seeded, LOW, "L1") == ["valkey", "postgresql", "trino"]


def test_too_few_passing_vendors_rank_the_whole_layer(seeded: neo4j.Driver) -> None:
    # Healthcare at L1: only PostgreSQL passes; Trino (INPACT 27, below the 28 the seek starts
    # at) is 3 points short, Redis and Valkey 9 each (by name).
    healthcare = framework_data().profiles[0]
    assert _ranked(seeded, healthcare, "L1") == ["postgresql", "trino", "redis"]
