"""What an assessment and an advice hold: plain frozen dataclasses, no GraphQL, no driver."""

from __future__ import annotations

from dataclasses import dataclass

from kb.framework import FindingKind
from kb.profiles import ProfileCheck


@dataclass(frozen=True)
class Pick:
    layer: str  # "L5"
    vendor: str  # slug


@dataclass(frozen=True)
class Graded:
    """A vendor and how it fares against the profile."""

    slug: str
    name: str
    layer: str | None
    category: str | None
    check: ProfileCheck

    @property
    def passes(self) -> bool:
        return self.check.passes

    @property
    def misses(self) -> list[str]:
        """Each threshold it misses, in words ('INPACT total 27 < 28 (1 short)')."""
        return [c.reason for c in self.check.failures]


@dataclass(frozen=True)
class Suggestion:
    vendor: Graded
    rationale: str | None = None  # the alternative's rationale, when it is one
    alternative_of: str | None = None  # slug of the pick it is an alternative to


@dataclass(frozen=True)
class Evidence:
    risk: str | None = None
    risk_severity: str | None = None
    mitigation: str | None = None
    mitigation_layers: tuple[str, ...] = ()
    flow_direction: str | None = None  # "upstream" (consumes from) or "downstream" (feeds)
    flow_layer: str | None = None
    flow: str | None = None  # what flows
    thresholds: tuple[str, ...] = ()  # the thresholds missed, in words
    scale_notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    severity: str
    layer: str  # where the stack must change to close it
    reason: str
    vendor: str | None = None  # the pick it is about
    evidence: Evidence = Evidence()
    suggestions: tuple[Suggestion, ...] = ()

    @property
    def is_gap(self) -> bool:
        """Something to close; a note on scales is not."""
        return self.kind != "other_scale"


@dataclass(frozen=True)
class LayerResult:
    layer: str
    name: str
    picks: tuple[Graded, ...]
    findings: tuple[Finding, ...]
    closest: Graded | None  # when no vendor of the layer passes: the nearest one


@dataclass(frozen=True)
class BuildStep:
    step: int
    layer: str
    name: str
    severity: str
    kinds: tuple[FindingKind, ...]
    reasons: tuple[str, ...]
    suggestion: Suggestion | None


@dataclass(frozen=True)
class Summary:
    by_severity: tuple[tuple[str, int], ...]  # every severity, most severe first
    gaps: int
    layers_covered: tuple[str, ...]
    passes: bool


@dataclass(frozen=True)
class Assessment:
    profile: str
    layers: tuple[LayerResult, ...]
    build_order: tuple[BuildStep, ...]
    summary: Summary


@dataclass(frozen=True)
class Constraints:
    layers: tuple[str, ...] = ()  # empty: every layer
    exclude: tuple[str, ...] = ()  # vendor slugs
    categories: tuple[str, ...] = ()  # empty: any category
    certifications: tuple[str, ...] = ()  # certification ids, all required


@dataclass(frozen=True)
class AdvisedLayer:
    layer: str
    name: str
    best: Graded | None
    closest: Graded | None  # when nothing passes


@dataclass(frozen=True)
class Advice:
    profile: str
    layers: tuple[AdvisedLayer, ...]
    picks: tuple[Pick, ...]  # the best of each layer: feed it to assess
