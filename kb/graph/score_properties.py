"""The Vendor properties that hold a vendor's latest score per dimension ("scoreInpactP")."""

from __future__ import annotations

from kb.framework import FrameworkData, framework_data


def score_property(framework_id: str, letter: str) -> str:
    """'INPACT', 'P' -> 'scoreInpactP': the Vendor property holding the latest score."""
    return f"score{framework_id.capitalize()}{letter}"


def _score_properties(data: FrameworkData) -> dict[str, str]:
    return {
        f"{fw.id}.{dim.letter}": score_property(fw.id, dim.letter)
        for fw in data.frameworks
        for dim in fw.dimensions
    }


# The allow-list of per-dimension Vendor properties: dimension key -> property name.
SCORE_PROPERTIES: dict[str, str] = _score_properties(framework_data())
