"""The risk taxonomy (seeds/risk_taxonomy.yaml) loads, and a bad one fails at start-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.taxonomy import load_taxonomy, score_property
from kb.errors import ConfigError
from kb.framework import framework_data


def test_shipped_taxonomy_maps_access_to_p_and_g() -> None:
    taxonomy = load_taxonomy(framework_data())
    rules = {rule["name"]: rule for rule in taxonomy.cypher_rules()}
    assert rules["access control"]["dimensions"] == ["INPACT.P", "GOALS.G"]
    assert rules["access control"]["properties"] == ["scoreInpactP", "scoreGoalsG"]
    assert "abac" in rules["access control"]["terms"]
    assert rules["recovery"]["dimensions"] == ["GOALS.A"]
    assert taxonomy.threshold == 4


def test_score_property_matches_the_graph_model() -> None:
    assert score_property("GOALS.A") == "scoreGoalsA"
    assert score_property("INPACT.T") == "scoreInpactT"


def test_unknown_dimension_is_refused_with_the_rule_named(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(
        "threshold: 4\nrules:\n  - {name: typo, terms: [x], dimensions: [INPACT.Q]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"rule 'typo' names unknown dimensions \['INPACT.Q'\]"):
        load_taxonomy(framework_data(), path)


def test_malformed_taxonomy_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text("threshold: -1\nrules: []\nextra: 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a valid risk taxonomy"):
        load_taxonomy(framework_data(), path)
