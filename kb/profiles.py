"""A vendor against a selection profile: every threshold checked on its own, totals compared on
their framework's scale by the one scale rule of seeds/framework.yaml (`scale_rule`).

Pure functions over plain rows (a Vendor node's totals as cypher/read/ returns them), used by
compare's profile results, the Stack Builder and the Vendor Advisor alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from kb.framework import Framework, FrameworkData, Profile


@dataclass(frozen=True)
class ComparedTotal:
    """A framework total as the file states it and as compared with a threshold."""

    framework: str
    stated: int | None  # declared if the file states it, else summed from its dimensions
    stated_max: int | None
    compared: float | None  # on scale_max; None when unscored or not comparable
    scale_max: int  # the framework's total_max, the scale thresholds are written on
    scale_note: str | None  # set when stated_max differs from scale_max


@dataclass(frozen=True)
class ThresholdCheck:
    threshold: str  # "INPACT total" or "INPACT.P"
    minimum: int
    value: float | None  # what was compared (None: unscored or not comparable)
    passes: bool
    shortfall: float  # how far below the minimum (0 when it passes; the minimum if unscored)
    scale_note: str | None

    @property
    def reason(self) -> str:
        """The check in words: 'INPACT total 25 < 28 (3 short)'."""
        if self.value is None:
            why = self.scale_note or "unscored"
            return f"{self.threshold} not compared: {why} (needs {self.minimum})"
        relation = ">=" if self.passes else "<"
        short = "" if self.passes else f" ({number(self.shortfall)} short)"
        note = f" [{self.scale_note}]" if self.scale_note else ""
        return f"{self.threshold} {number(self.value)} {relation} {self.minimum}{short}{note}"


@dataclass(frozen=True)
class ProfileCheck:
    profile: str
    totals: tuple[ComparedTotal, ...]  # one per framework, in seeds/framework.yaml's order
    checks: tuple[ThresholdCheck, ...]

    def total(self, framework_id: str) -> ComparedTotal:
        return next(t for t in self.totals if t.framework == framework_id)

    # Cached: a graded vendor is asked again for each finding it could close.
    @cached_property
    def passes(self) -> bool:
        return all(c.passes for c in self.checks)

    @property
    def failures(self) -> list[ThresholdCheck]:
        return [c for c in self.checks if not c.passes]

    @cached_property
    def shortfall(self) -> float:
        return sum(c.shortfall for c in self.checks)

    @property
    def scale_notes(self) -> list[str]:
        notes = (t.scale_note for t in self.totals)
        return list(dict.fromkeys(n for n in notes if n))


def number(value: float) -> str:
    """21.0 -> '21', 17.5 -> '17.5' (one decimal at most)."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def stated_total(
    vendor: Mapping[str, Any], framework_id: str
) -> tuple[int | None, int | None, bool]:
    """(total, its maximum, declared?): the declared total when the file states one, else the
    sum of its dimensions."""
    prefix = framework_id.lower()
    if vendor.get(f"{prefix}Declared") is not None:
        return vendor[f"{prefix}Declared"], vendor.get(f"{prefix}DeclaredMax"), True
    return vendor.get(f"{prefix}Computed"), vendor.get(f"{prefix}ComputedMax"), False


def compared_total(
    data: FrameworkData, framework: Framework, vendor: Mapping[str, Any]
) -> ComparedTotal:
    """The scale rule: same maximum -> as is; a declared total on a relabelled maximum -> as
    is, said; any other -> rescaled (or refused) as `scale_rule.otherwise` says, said. A sum
    of dimensions is on the maximum its dimensions add up to: never relabelled."""
    total, stated_max, declared = stated_total(vendor, framework.id)
    scale = framework.total_max

    def result(compared: float | None, note: str | None) -> ComparedTotal:
        return ComparedTotal(framework.id, total, stated_max, compared, scale, note)

    if total is None:
        return result(None, None)
    if stated_max is None or stated_max == scale:
        return result(float(total), None)
    relabel = data.scale_rule.relabelled(framework.id, stated_max) if declared else None
    if relabel is not None:
        return result(
            float(total),
            f"{framework.id} {total} stated on /{stated_max}, compared as {total}/{scale}: "
            f"{relabel.why}",
        )
    kind = "stated" if declared else "summed"
    if data.scale_rule.otherwise == "refuse":
        return result(None, f"{framework.id} {total} is {kind} on /{stated_max}, not /{scale}")
    rescaled = total * scale / stated_max
    return result(
        rescaled,
        f"{framework.id} {total} {kind} on /{stated_max}, rescaled to {number(rescaled)}/{scale}",
    )


def check_profile(
    data: FrameworkData,
    profile: Profile,
    vendor: Mapping[str, Any],
    scores: Mapping[str, int | None],
) -> ProfileCheck:
    """Every threshold of `profile` checked independently; `scores` maps "INPACT.P" -> score."""
    totals = {f.id: compared_total(data, f, vendor) for f in data.frameworks}
    checks = [_total_check(totals[key], minimum) for key, minimum in profile.min_totals.items()]
    for key, minimum in profile.min_dimensions.items():
        score = scores.get(key)
        checks.append(
            ThresholdCheck(
                threshold=key,
                minimum=minimum,
                value=None if score is None else float(score),
                passes=score is not None and score >= minimum,
                shortfall=float(minimum if score is None else max(0, minimum - score)),
                scale_note=None,
            )
        )
    return ProfileCheck(profile.id, tuple(totals.values()), tuple(checks))


def _total_check(total: ComparedTotal, minimum: int) -> ThresholdCheck:
    value = total.compared
    return ThresholdCheck(
        threshold=f"{total.framework} total",
        minimum=minimum,
        value=value,
        passes=value is not None and value >= minimum,
        shortfall=float(minimum) if value is None else max(0.0, minimum - value),
        scale_note=total.scale_note,
    )
