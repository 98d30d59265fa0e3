"""The parameters of cypher/read/stack_assessment.cypher, built from the rules' data."""

from __future__ import annotations

from collections import Counter
from typing import Any

from kb.framework import FrameworkData, Profile
from kb.graph.score_properties import SCORE_PROPERTIES
from kb.stack.model import Constraints, Pick

QUERY = "read/stack_assessment"
MAX_ITEMS = 20  # flows, alternatives and declared mitigators read per pick (risks: all)


def scale_params(data: FrameworkData, profile: Profile, framework_id: str) -> dict[str, Any]:
    """A framework's threshold (or None), its scale and the scale rule's data for it."""
    framework = data.framework(framework_id)
    if framework is None:
        raise ValueError(f"seeds/framework.yaml has no framework {framework_id}")
    return {
        "minimum": profile.min_totals.get(framework_id),
        "max": framework.total_max,
        "relabel": [r.stated_max for r in data.scale_rule.relabel if r.framework == framework_id],
        "rescale": data.scale_rule.otherwise == "rescale",
    }


def candidates_per_layer(data: FrameworkData, picks: list[Pick]) -> int:
    """Vendors to read per layer: the suggestions, once the layer's own picks are left out
    (at least one: the closest vendor where none passes)."""
    most = max(Counter(p.layer for p in picks).values(), default=0)
    return max(1, data.stack_rules.suggestions + most)


def assessment_params(
    data: FrameworkData,
    profile: Profile,
    picks: list[Pick],
    constraints: Constraints,
) -> dict[str, Any]:
    return {
        # Lists inside maps: a top-level list parameter is planned again per size class.
        "stack": {
            "picks": [{"layer": p.layer, "slug": p.vendor} for p in picks],
            "layers": list(constraints.layers) or [x.id for x in data.layers],
            # The Vendor node holds INPACT and GOALS totals (inpactTotal, goalsTotal, ...).
            "inpact": scale_params(data, profile, "INPACT"),
            "goals": scale_params(data, profile, "GOALS"),
            "dimensionMinima": [
                {"key": key, "property": SCORE_PROPERTIES[key], "minimum": minimum}
                for key, minimum in profile.min_dimensions.items()
            ],
        },
        "constraints": {
            "exclude": list(constraints.exclude),
            "categories": [c.lower() for c in constraints.categories] or None,
            "certifications": list(constraints.certifications),
        },
        "perLayer": candidates_per_layer(data, picks),
        "maxItems": MAX_ITEMS,
    }
