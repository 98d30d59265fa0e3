"""The risk taxonomy (seeds/risk_taxonomy.yaml): risk wording -> INPACT/GOALS dimensions.

Loaded once at start-up and checked against seeds/framework.yaml, so a typo in a dimension fails
the start, not a request. Matching happens inside the Q1 Cypher (one round trip): the rules go
in as a parameter, each with the Vendor score properties it maps to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kb.errors import ConfigError
from kb.framework import FrameworkData
from kb.graph.score_properties import SCORE_PROPERTIES
from kb.paths import data_dir


class TaxonomyRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    terms: tuple[str, ...] = Field(min_length=1)
    dimensions: tuple[str, ...] = Field(min_length=1)  # "INPACT.P"


class RiskTaxonomy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    threshold: int = Field(ge=0)
    rules: tuple[TaxonomyRule, ...]

    def cypher_rules(self) -> list[dict[str, Any]]:
        """The rules as the Q1 query's $rules parameter."""
        return [
            {
                "name": rule.name,
                "terms": [term.lower() for term in rule.terms],
                "dimensions": list(rule.dimensions),
                "properties": [score_property(key) for key in rule.dimensions],
            }
            for rule in self.rules
        ]


def score_property(dimension_key: str) -> str:
    """'INPACT.P' -> 'scoreInpactP', looked up in the graph's allow-list of score properties."""
    return SCORE_PROPERTIES[dimension_key]


def dimension_keys(framework: FrameworkData) -> list[str]:
    return [f"{f.id}.{d.letter}" for f in framework.frameworks for d in f.dimensions]


def load_taxonomy(framework: FrameworkData, path: Path | None = None) -> RiskTaxonomy:
    path = path or data_dir("seeds") / "risk_taxonomy.yaml"
    try:
        with path.open(encoding="utf-8") as handle:
            taxonomy = RiskTaxonomy.model_validate(yaml.safe_load(handle))
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise ConfigError(f"{path}: not a valid risk taxonomy: {error}") from None
    known = set(dimension_keys(framework))
    for rule in taxonomy.rules:
        unknown = [key for key in rule.dimensions if key not in known]
        if unknown:
            raise ConfigError(
                f"{path}: rule {rule.name!r} names unknown dimensions {unknown}; "
                f"known: {', '.join(sorted(known))}"
            )
    return taxonomy
