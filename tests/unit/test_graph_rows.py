"""kb.graph.rows: an evaluation becomes exactly these parameter rows (pure logic)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kb.graph.rows import (
    UnwritableEvaluation,
    VersionToWrite,
    content_hash,
    rows_for,
)
from kb.graph.score_properties import SCORE_PROPERTIES
from kb.model import (
    Alternative,
    DimensionScore,
    Evaluation,
    Flow,
    FlowLink,
    FrameworkScore,
    Integration,
    Mitigation,
    Provenance,
    Risk,
    RiskLink,
    Severity,
    VendorIdentity,
    short_hash,
)

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


def evaluation(**changes: object) -> Evaluation:
    base = Evaluation(
        vendor=VendorIdentity(name="Acme Guard"),
        layer="Layer 5",
        scores=[
            FrameworkScore(
                framework="INPACT",
                declared_total=25,
                declared_max=36,
                dimensions=[DimensionScore(letter="P", score=2, max=6, rationale="ABAC missing")],
            ),
            FrameworkScore(framework="GOALS", declared_total=18, declared_max=30),
        ],
        risks=[
            Risk(
                severity=Severity.MEDIUM,
                text="Annotators see too much",
                mitigation=Mitigation(text="Use L5 tools", layers=["L5", "Agent-Aware Governance"]),
                mitigated_by_vendors=["Cerbos"],
                mitigated_by_layers=["Governance"],
            )
        ],
        mitigates=[RiskLink(vendor="argilla", risk="Lack of ABAC exposes data", note="n")],
        alternatives=[Alternative(name="Acme Guard"), Alternative(name="Open Policy Agent")],
        integration=Integration(upstream=Flow(links=[FlowLink(layer="RAG", what="prompts")])),
        provenance=Provenance(source_file="acme.yaml", content_hash="f" * 64),
    )
    return base.model_copy(update=changes)


def test_the_latest_version_carries_vendor_evaluation_scores_and_current_facts() -> None:
    ev = evaluation()
    rows = rows_for(VersionToWrite(ev, 3, content_hash(ev), "acme.yaml", NOW))

    assert rows.clear_slugs == ["acme-guard"]
    [vendor] = rows.vendors
    assert vendor["layer"] == "L5"
    props = vendor["props"]
    assert (props["inpactDeclared"], props["inpactComputed"], props["inpactTotal"]) == (25, 2, 25)
    assert (props["goalsDeclared"], props["goalsComputed"], props["goalsTotal"]) == (18, None, 18)
    assert props["scoreInpactP"] == 2
    assert props["scoreInpactI"] is None  # unscored: null removes a stale value
    assert props["fileHash"] == "f" * 64
    assert props["latestVersion"] == 3
    assert [r["id"] for r in rows.evaluations] == ["acme-guard@3"]
    assert rows.scores == [
        {
            "evaluation": "acme-guard@3",
            "dimension": "INPACT.P",
            "score": 2,
            "max": 6,
            "rationale": "ABAC missing",
        }
    ]
    risk_id = f"acme-guard/{short_hash('Annotators see too much')}"
    assert [(r["id"], r["severityRank"], r["mitigationLayers"]) for r in rows.risks] == [
        (risk_id, 2, ["L5"])
    ]
    assert rows.vendor_mitigations == [
        {
            "mitigator": "cerbos",
            "mitigatorName": "Cerbos",
            "risk": risk_id,
            "riskOwner": "acme-guard",
            "declaredBy": "acme-guard",
            "note": "",
        },
        {
            "mitigator": "acme-guard",
            "mitigatorName": "Acme Guard",
            "risk": f"argilla/{short_hash('Lack of ABAC exposes data')}",
            "riskOwner": "argilla",
            "declaredBy": "acme-guard",
            "note": "n",
        },
    ]
    assert rows.layer_mitigations == [{"layer": "L5", "risk": risk_id, "declaredBy": "acme-guard"}]
    # a vendor is never its own alternative; position keeps the file's numbering
    assert [(a["target"], a["position"]) for a in rows.alternatives] == [("open-policy-agent", 2)]
    assert [(x["kind"], x["layer"], x["what"]) for x in rows.layer_links] == [
        ("consumes", "L4", "prompts")
    ]


def test_an_earlier_version_writes_only_its_evaluation_and_scores() -> None:
    ev = evaluation()
    rows = rows_for(VersionToWrite(ev, 1, content_hash(ev), "acme.yaml", NOW, latest=False))

    assert [r["id"] for r in rows.past_evaluations] == ["acme-guard@1"]
    assert len(rows.scores) == 1
    assert rows.size() == 2


def test_the_content_hash_ignores_provenance_and_history_only() -> None:
    ev = evaluation()
    moved = ev.model_copy(update={"provenance": Provenance(source_file="elsewhere.txt")})
    changed = ev.model_copy(update={"tagline": "new"})
    assert content_hash(moved) == content_hash(ev)
    assert content_hash(changed) != content_hash(ev)


def test_an_unknown_dimension_cannot_be_written() -> None:
    bad = evaluation(
        scores=[
            FrameworkScore(
                framework="INPACT", dimensions=[DimensionScore(letter="Z", score=1, max=6)]
            )
        ]
    )
    with pytest.raises(UnwritableEvaluation, match=r"acme.yaml: unknown dimension INPACT\.Z"):
        rows_for(VersionToWrite(bad, 1, "h", "acme.yaml", NOW))


def test_score_properties_cover_every_dimension() -> None:
    assert SCORE_PROPERTIES["INPACT.P"] == "scoreInpactP"
    assert SCORE_PROPERTIES["GOALS.A"] == "scoreGoalsA"
    assert len(SCORE_PROPERTIES) == 11
