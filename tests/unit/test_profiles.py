"""kb.profiles: the scale rule and a profile's thresholds, on plain rows."""

from __future__ import annotations

from typing import Any

import pytest

from kb.framework import FrameworkData, Profile, ScaleRule, framework_data
from kb.profiles import check_profile, compared_total

HEALTHCARE = Profile(id="healthcare", name="H", min_totals={"INPACT": 28, "GOALS": 20})


def _data(**scale_rule: Any) -> FrameworkData:
    data = framework_data()
    if not scale_rule:
        return data
    return data.model_copy(update={"scale_rule": ScaleRule.model_validate(scale_rule)})


def _vendor(goals: int, goals_max: int, inpact: int = 30) -> dict[str, Any]:
    return {
        "inpactDeclared": inpact,
        "inpactDeclaredMax": 36,
        "goalsDeclared": goals,
        "goalsDeclaredMax": goals_max,
    }


def test_a_total_on_the_thresholds_scale_is_compared_as_is() -> None:
    check = check_profile(_data(), HEALTHCARE, _vendor(18, 25), {})
    assert [c.reason for c in check.checks] == [
        "INPACT total 30 >= 28",
        "GOALS total 18 < 20 (2 short)",
    ]
    assert check.scale_notes == []
    assert check.shortfall == 2.0


def test_the_snapshots_goals_30_is_a_label_compared_on_25() -> None:
    # The Stack Builder snapshot states Cerbos GOALS 21 "/30": relabelled, compared as 21/25.
    total = compared_total(_data(), _data().framework("GOALS"), _vendor(21, 30))  # type: ignore[arg-type]
    assert (total.stated, total.stated_max, total.compared, total.scale_max) == (21, 30, 21.0, 25)
    assert total.scale_note is not None
    assert total.scale_note.startswith("GOALS 21 stated on /30, compared as 21/25: the Stack")
    check = check_profile(_data(), HEALTHCARE, _vendor(21, 30), {})
    assert check.passes
    assert check.checks[1].reason == f"GOALS total 21 >= 20 [{total.scale_note}]"


def test_another_maximum_is_rescaled_and_said() -> None:
    check = check_profile(_data(), HEALTHCARE, _vendor(28, 40), {})
    goals = check.total("GOALS")
    assert goals.compared == 17.5
    assert goals.scale_note == "GOALS 28 stated on /40, rescaled to 17.5/25"
    assert check.failures[0].reason == (
        "GOALS total 17.5 < 20 (2.5 short) [GOALS 28 stated on /40, rescaled to 17.5/25]"
    )


def test_without_the_relabel_the_snapshots_30_is_rescaled_too() -> None:
    data = _data(relabel=[], otherwise="rescale")
    check = check_profile(data, HEALTHCARE, _vendor(21, 30), {})
    assert check.total("GOALS").compared == 17.5
    assert not check.passes


def test_refuse_counts_another_scale_as_missed() -> None:
    data = _data(relabel=[], otherwise="refuse")
    check = check_profile(data, HEALTHCARE, _vendor(24, 30), {})
    assert check.failures[0].reason == (
        "GOALS total not compared: GOALS 24 is stated on /30, not /25 (needs 20)"
    )
    assert check.failures[0].shortfall == 20.0


def test_computed_totals_stand_in_for_missing_declared_ones() -> None:
    vendor = {"inpactComputed": 21, "inpactComputedMax": 36, "goalsComputed": 14,
              "goalsComputedMax": 30}  # fmt: skip
    check = check_profile(_data(), HEALTHCARE, vendor, {})
    # 14 of five dimensions scored /6 is truly /30: a sum is never relabelled, it is rescaled.
    assert check.total("GOALS").compared == pytest.approx(14 * 25 / 30)
    assert check.total("GOALS").scale_note == "GOALS 14 summed on /30, rescaled to 11.7/25"
    assert [c.passes for c in check.checks] == [False, False]


def test_unscored_and_dimension_minima() -> None:
    profile = Profile(id="p", name="P", min_totals={"INPACT": 28}, min_dimensions={"INPACT.P": 4})
    check = check_profile(_data(), profile, {}, {"INPACT.P": 2})
    assert [c.reason for c in check.checks] == [
        "INPACT total not compared: unscored (needs 28)",
        "INPACT.P 2 < 4 (2 short)",
    ]
    assert check.shortfall == 30.0
