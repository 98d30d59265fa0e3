"""seeds/framework.yaml's profiles, scale rule and Stack Builder severities: a wrong file is
refused with file:line for every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.errors import ConfigError
from kb.framework import load_framework
from kb.paths import data_dir

SEEDS_FRAMEWORK = data_dir("seeds") / "framework.yaml"


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    text = SEEDS_FRAMEWORK.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "framework.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if fragment in line)


def test_the_shipped_rules_load() -> None:
    data = load_framework(SEEDS_FRAMEWORK)
    assert data.profile("healthcare") is not None
    assert data.scale_rule.relabelled("GOALS", 30) is not None
    assert data.scale_rule.relabelled("INPACT", 30) is None
    assert data.stack_rules.severities.unmitigated_risk["medium"] == "medium"


def test_an_unknown_framework_in_a_profile(tmp_path: Path) -> None:
    path = _edited(tmp_path, "min_totals: {INPACT: 28, GOALS: 20}", "min_totals: {INPCT: 28}")
    with pytest.raises(ConfigError) as error:
        load_framework(path)
    line = _line_of(path, "INPCT")
    assert str(error.value) == (
        f"{path}:{line}: error: profile 'healthcare': unknown framework 'INPCT' "
        "(expected INPACT, GOALS)"
    )


def test_an_unknown_severity_and_a_missing_one(tmp_path: Path) -> None:
    path = _edited(tmp_path, "broken_flow: medium", "broken_flow: severe")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "weakly_mitigated_risk: {critical: high, high: medium, medium: low, low: low}",
            "weakly_mitigated_risk: {critical: high, high: medium, medium: low}",
        ),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as error:
        load_framework(path)
    assert str(error.value).splitlines() == [
        f"{path}:{_line_of(path, 'broken_flow: severe')}: error: broken_flow: unknown "
        "severity 'severe' (expected one of critical, high, medium, low)",
        f"{path}:{_line_of(path, 'weakly_mitigated_risk:')}: error: weakly_mitigated_risk: no "
        "severity for risks of low",
    ]


def test_a_misspelt_key_and_a_bad_value(tmp_path: Path) -> None:
    path = _edited(tmp_path, "  otherwise: rescale", "  otherwize: rescale")
    with pytest.raises(ConfigError) as error:
        load_framework(path)
    assert str(error.value) == (
        f"{path}:{_line_of(path, 'otherwize')}: error: unknown key 'scale_rule.otherwize'"
    )
    path = _edited(tmp_path, "  otherwise: rescale", "  otherwise: guess")
    with pytest.raises(ConfigError) as error:
        load_framework(path)
    assert str(error.value).startswith(
        f"{path}:{_line_of(path, 'otherwise: guess')}: error: scale_rule.otherwise: Input "
        "should be 'rescale' or 'refuse'"
    )


def test_invalid_yaml_names_its_line(tmp_path: Path) -> None:
    path = _edited(tmp_path, "  suggestions: 3", "  suggestions: [3")
    with pytest.raises(ConfigError) as error:
        load_framework(path)
    assert str(error.value).startswith(f"{path}:")
    assert ": error: invalid YAML" in str(error.value)
