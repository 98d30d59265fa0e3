"""kb.stack's grading on plain rows (the shape of read/stack_assessment's answer)."""

from __future__ import annotations

from typing import Any

import pytest

from kb.framework import framework_data
from kb.stack.grade import advise, assess
from kb.stack.inputs import StackInputError, check_picked_vendors, checked_picks
from kb.stack.model import Pick

DATA = framework_data()
HEALTHCARE = DATA.profiles[0]
LAYERS = [x.id for x in DATA.layers]


def vendor(slug: str, layer: str, inpact: int, goals: int, goals_max: int = 25) -> dict[str, Any]:
    return {
        "slug": slug,
        "name": slug.title(),
        "layer": layer,
        "category": "",
        "evaluated": True,
        "retired": False,
        "inpactDeclared": inpact,
        "inpactDeclaredMax": 36,
        "goalsDeclared": goals,
        "goalsDeclaredMax": goals_max,
        "dimensions": [],
    }


def pick_row(v: dict[str, Any], **facts: Any) -> dict[str, Any]:
    return {"vendor": v, "risks": [], "flows": [], "alternatives": [], **facts}


def rows(
    picks: list[dict[str, Any]], candidates: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    return {
        "picks": picks,
        "layers": [{"layer": x, "candidates": candidates.get(x, [])} for x in LAYERS],
    }


AGENT = vendor("agent", "L7", 25, 18)
GUARD = vendor("guard", "L5", 31, 21, goals_max=30)
WEAK_GUARD = vendor("weak-guard", "L5", 26, 22)
RISK = {
    "id": "agent/1",
    "text": "Annotators may see too much",
    "severity": "high",
    "position": 1,
    "mitigation": "Put an L5 policy engine in front",
    "mitigationLayers": ["L5"],
    "declaredLayers": [],
    "declaredVendors": [],
}


def _findings(result: Any, layer: str) -> list[tuple[str, str]]:
    found = next(x for x in result.layers if x.layer == layer).findings
    return [(f.kind, f.severity) for f in found]


def test_a_risk_is_graded_by_its_severity_and_closed_by_a_passing_tool() -> None:
    alone = assess(
        DATA, HEALTHCARE, [Pick("L7", "agent")], rows([pick_row(AGENT, risks=[RISK])], {})
    )
    assert _findings(alone, "L5") == [("empty_layer", "high"), ("unmitigated_risk", "high")]
    guarded = assess(
        DATA,
        HEALTHCARE,
        [Pick("L7", "agent"), Pick("L5", "guard")],
        rows([pick_row(AGENT, risks=[RISK]), pick_row(GUARD)], {}),
    )
    assert _findings(guarded, "L5") == [("other_scale", "low")]
    weak = assess(
        DATA,
        HEALTHCARE,
        [Pick("L7", "agent"), Pick("L5", "weak-guard")],
        rows([pick_row(AGENT, risks=[RISK]), pick_row(WEAK_GUARD)], {}),
    )
    assert _findings(weak, "L5") == [
        ("below_threshold", "high"),
        ("weakly_mitigated_risk", "medium"),
    ]


def test_an_explicitly_linked_vendor_mitigates_wherever_it_sits() -> None:
    linked = {**RISK, "mitigationLayers": [], "declaredVendors": ["guard"]}
    result = assess(
        DATA,
        HEALTHCARE,
        [Pick("L7", "agent"), Pick("L5", "guard")],
        rows([pick_row(AGENT, risks=[linked]), pick_row(GUARD)], {}),
    )
    assert "unmitigated_risk" not in [f.kind for x in result.layers for f in x.findings]


def test_a_risk_naming_no_layer_gives_no_finding() -> None:
    vague = {**RISK, "mitigationLayers": []}
    result = assess(
        DATA, HEALTHCARE, [Pick("L7", "agent")], rows([pick_row(AGENT, risks=[vague])], {})
    )
    assert [f.kind for x in result.layers for f in x.findings if f.layer == "L5"] == ["empty_layer"]


def test_suggestions_put_the_picks_passing_alternatives_first() -> None:
    better = vendor("better", "L7", 30, 22)
    best = vendor("best", "L7", 33, 24)
    other_layer = vendor("elsewhere", "L6", 33, 24)
    alternatives = [
        {"rationale": "other layer", "position": 1, "vendor": other_layer},
        {"rationale": "better at orchestration", "position": 2, "vendor": better},
    ]
    result = assess(
        DATA,
        HEALTHCARE,
        [Pick("L7", "agent")],
        rows([pick_row(AGENT, alternatives=alternatives)], {"L7": [best, better, AGENT]}),
    )
    [below] = next(x for x in result.layers if x.layer == "L7").findings
    assert [(s.vendor.slug, s.rationale, s.alternative_of) for s in below.suggestions] == [
        ("better", "better at orchestration", "agent"),
        ("best", None, None),
    ]


def test_the_build_order_is_severity_then_the_lower_layer() -> None:
    critical = {**RISK, "severity": "critical", "mitigationLayers": ["L6"]}
    result = assess(
        DATA,
        HEALTHCARE,
        [Pick("L7", "agent")] + [Pick(x, f"v{x}") for x in LAYERS[:5]],
        rows(
            [pick_row(AGENT, risks=[critical])]
            + [pick_row(vendor(f"v{x}", x, 30, 22)) for x in LAYERS[:5]],
            {},
        ),
    )
    assert [(s.layer, s.severity) for s in result.build_order] == [
        ("L6", "critical"),
        ("L7", "high"),
    ]
    assert result.summary.by_severity == (("critical", 1), ("high", 2), ("medium", 0), ("low", 0))
    assert result.summary.passes is False


def test_a_full_passing_stack_passes() -> None:
    picks = [Pick(x, f"v{x}") for x in LAYERS]
    result = assess(
        DATA, HEALTHCARE, picks, rows([pick_row(vendor(f"v{x}", x, 30, 22)) for x in LAYERS], {})
    )
    assert result.summary.passes is True
    assert result.summary.gaps == 0
    assert result.build_order == ()


def test_advice_takes_the_first_passing_vendor_else_names_the_closest() -> None:
    result = advise(
        DATA,
        HEALTHCARE,
        rows([], {"L5": [GUARD, WEAK_GUARD], "L7": [vendor("near", "L7", 27, 23), AGENT]}),
    )
    by_layer = {x.layer: x for x in result.layers}
    assert by_layer["L5"].best is not None and by_layer["L5"].best.slug == "guard"
    assert by_layer["L7"].best is None
    assert by_layer["L7"].closest is not None
    assert by_layer["L7"].closest.misses == ["INPACT total 27 < 28 (1 short)"]
    assert by_layer["L1"].best is None and by_layer["L1"].closest is None
    assert result.picks == (Pick("L5", "guard"),)


def test_picks_are_checked_before_and_after_the_query() -> None:
    with pytest.raises(StackInputError) as error:
        checked_picks(DATA, [("L7", "agent"), ("Layer 7", "agent")])
    assert (error.value.field, error.value.index) == ("vendor", 1)
    with pytest.raises(StackInputError) as error:
        checked_picks(DATA, [("L7", "agent")] * 3, max_picks=2)
    assert error.value.problem == "3 picks; at most 2 allowed"
    stub = {"slug": "kong", "name": "Kong", "evaluated": False}
    with pytest.raises(StackInputError, match="is a stub"):
        check_picked_vendors([Pick("L7", "kong")], [{"vendor": stub}])
    with pytest.raises(StackInputError, match="is retired"):
        check_picked_vendors([Pick("L7", "agent")], [{"vendor": {**AGENT, "retired": True}}])
