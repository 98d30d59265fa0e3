"""The Stack Builder (assessStack) and the Vendor Advisor (adviseStack): GraphQL views of
kb.stack's results, built once per answer from its plain dataclasses."""

from __future__ import annotations

from enum import Enum

import strawberry

from kb.profiles import ComparedTotal as ComparedTotalModel
from kb.profiles import ThresholdCheck
from kb.stack import model


@strawberry.enum(description="What a finding is about (docs/stack-builder.md).")
class FindingKind(Enum):
    EMPTY_LAYER = "empty_layer"
    BELOW_THRESHOLD = "below_threshold"
    UNMITIGATED_RISK = "unmitigated_risk"
    WEAKLY_MITIGATED_RISK = "weakly_mitigated_risk"
    BROKEN_FLOW = "broken_flow"
    OTHER_SCALE = "other_scale"


@strawberry.input(description="One tool of the stack: a vendor slug at a layer.")
class StackPickInput:
    layer: str = strawberry.field(description='"L5", "Layer 5" or a layer name or alias.')
    vendor: str = strawberry.field(description="The vendor's slug.")


@strawberry.input(description="What adviseStack may choose from.")
class AdviceConstraints:
    layers: list[str] | None = strawberry.field(
        default=None, description="Layers to fill (default: all seven)."
    )
    exclude_vendors: list[str] | None = strawberry.field(
        default=None, description="Vendor slugs never to choose."
    )
    categories: list[str] | None = strawberry.field(
        default=None, description="Only vendors of these categories (case-insensitive)."
    )
    certifications: list[str] | None = strawberry.field(
        default=None, description="Certifications a vendor must hold, every one (by name)."
    )


@strawberry.type(description="A pick as adviseStack returns it, ready for assessStack.")
class StackPick:
    layer: str
    vendor: str


@strawberry.type(description="A framework total, as stated and as compared with thresholds.")
class ComparedTotal:
    framework: str
    stated: int | None = strawberry.field(
        description="Declared if the file states it, else summed."
    )
    stated_max: int | None
    compared: float | None = strawberry.field(
        description="On scaleMax, by the scale rule; null when unscored or not comparable."
    )
    scale_max: int
    scale_note: str | None = strawberry.field(
        description="Set when the total was stated on another scale: how it was compared."
    )

    @classmethod
    def of(cls, total: ComparedTotalModel) -> ComparedTotal:
        return cls(
            framework=total.framework,
            stated=total.stated,
            stated_max=total.stated_max,
            compared=total.compared,
            scale_max=total.scale_max,
            scale_note=total.scale_note,
        )


@strawberry.type(description="One threshold of the profile, checked on its own.")
class ThresholdResult:
    threshold: str = strawberry.field(description='"INPACT total" or a dimension "INPACT.P".')
    minimum: int
    value: float | None
    passes: bool
    shortfall: float = strawberry.field(description="Points short (0 when it passes).")
    reason: str

    @classmethod
    def of(cls, check: ThresholdCheck) -> ThresholdResult:
        return cls(
            threshold=check.threshold,
            minimum=check.minimum,
            value=check.value,
            passes=check.passes,
            shortfall=check.shortfall,
            reason=check.reason,
        )


@strawberry.type(description="A vendor graded against the profile.")
class GradedVendor:
    slug: str
    name: str
    layer_id: str | None
    category: str | None
    passes: bool
    shortfall: float = strawberry.field(description="Points short over every threshold.")
    totals: list[ComparedTotal]
    thresholds: list[ThresholdResult]
    misses: list[str] = strawberry.field(description="Each threshold it misses, in words.")

    @classmethod
    def of(cls, graded: model.Graded) -> GradedVendor:
        return cls(
            slug=graded.slug,
            name=graded.name,
            layer_id=graded.layer,
            category=graded.category,
            passes=graded.passes,
            shortfall=graded.check.shortfall,
            totals=[ComparedTotal.of(t) for t in graded.check.totals],
            thresholds=[ThresholdResult.of(c) for c in graded.check.checks],
            misses=graded.misses,
        )


class VendorViews:
    """One GradedVendor per slug and answer: a vendor suggested for several findings (and
    perhaps the layer's closest) is built once."""

    def __init__(self) -> None:
        self._views: dict[str, GradedVendor] = {}

    def __call__(self, graded: model.Graded) -> GradedVendor:
        view = self._views.get(graded.slug)
        if view is None:
            view = self._views[graded.slug] = GradedVendor.of(graded)
        return view


@strawberry.type(description="A passing vendor that would close a gap.")
class Suggestion:
    vendor: GradedVendor
    rationale: str | None = strawberry.field(
        description="When it is an alternative of the pick: the alternative's rationale."
    )
    alternative_of: str | None = strawberry.field(description="Slug of that pick.")

    @classmethod
    def of(cls, suggestion: model.Suggestion, views: VendorViews) -> Suggestion:
        return cls(
            vendor=views(suggestion.vendor),
            rationale=suggestion.rationale,
            alternative_of=suggestion.alternative_of,
        )


@strawberry.type(description="The texts a finding rests on.")
class FindingEvidence:
    risk: str | None
    risk_severity: str | None
    mitigation: str | None
    mitigation_layers: list[str]
    flow_direction: str | None = strawberry.field(description='"upstream" or "downstream".')
    flow_layer: str | None
    flow: str | None = strawberry.field(description="What flows.")
    thresholds: list[str] = strawberry.field(description="The thresholds missed, in words.")
    scale_notes: list[str]


@strawberry.type(description="One finding about the stack, at the layer where it is closed.")
class Finding:
    kind: FindingKind
    severity: str = strawberry.field(description="critical, high, medium or low.")
    layer_id: str
    vendor: str | None = strawberry.field(description="Slug of the pick it is about.")
    reason: str
    evidence: FindingEvidence
    suggestions: list[Suggestion] = strawberry.field(
        description="Passing vendors of the layer that would close it, best first."
    )

    @classmethod
    def of(cls, finding: model.Finding, views: VendorViews) -> Finding:
        e = finding.evidence
        return cls(
            kind=FindingKind(finding.kind),
            severity=finding.severity,
            layer_id=finding.layer,
            vendor=finding.vendor,
            reason=finding.reason,
            evidence=FindingEvidence(
                risk=e.risk,
                risk_severity=e.risk_severity,
                mitigation=e.mitigation,
                mitigation_layers=list(e.mitigation_layers),
                flow_direction=e.flow_direction,
                flow_layer=e.flow_layer,
                flow=e.flow,
                thresholds=list(e.thresholds),
                scale_notes=list(e.scale_notes),
            ),
            suggestions=[Suggestion.of(s, views) for s in finding.suggestions],
        )


@strawberry.type(description="One layer of the assessed stack.")
class StackLayer:
    layer_id: str
    name: str
    picks: list[GradedVendor]
    findings: list[Finding] = strawberry.field(description="Most severe first.")
    closest: GradedVendor | None = strawberry.field(
        description="When no vendor of the layer passes the profile: the nearest one."
    )


@strawberry.type(description="A layer to work on, in the order to close the gaps.")
class BuildStep:
    step: int
    layer_id: str
    name: str
    severity: str
    kinds: list[FindingKind]
    reasons: list[str]
    suggestion: Suggestion | None


@strawberry.type
class SeverityCount:
    severity: str
    count: int


@strawberry.type
class StackSummary:
    by_severity: list[SeverityCount]
    gaps: int = strawberry.field(description="Findings to close (scale notes are not gaps).")
    layers_covered: list[str]
    passes: bool = strawberry.field(
        description="Every layer has a tool and every tool passes the profile."
    )


@strawberry.type(description="A stack graded against a profile.")
class StackAssessment:
    profile: str
    layers: list[StackLayer]
    build_order: list[BuildStep]
    summary: StackSummary

    @classmethod
    def of(cls, assessment: model.Assessment) -> StackAssessment:
        views = VendorViews()
        return cls(
            profile=assessment.profile,
            layers=[
                StackLayer(
                    layer_id=x.layer,
                    name=x.name,
                    picks=[views(p) for p in x.picks],
                    findings=[Finding.of(f, views) for f in x.findings],
                    closest=None if x.closest is None else views(x.closest),
                )
                for x in assessment.layers
            ],
            build_order=[
                BuildStep(
                    step=s.step,
                    layer_id=s.layer,
                    name=s.name,
                    severity=s.severity,
                    kinds=[FindingKind(k) for k in s.kinds],
                    reasons=list(s.reasons),
                    suggestion=None if s.suggestion is None else Suggestion.of(s.suggestion, views),
                )
                for s in assessment.build_order
            ],
            summary=StackSummary(
                by_severity=[
                    SeverityCount(severity=s, count=n) for s, n in assessment.summary.by_severity
                ],
                gaps=assessment.summary.gaps,
                layers_covered=list(assessment.summary.layers_covered),
                passes=assessment.summary.passes,
            ),
        )


@strawberry.type(description="The advice for one layer.")
class AdvisedLayer:
    layer_id: str
    name: str
    best: GradedVendor | None = strawberry.field(description="The best passing vendor.")
    closest: GradedVendor | None = strawberry.field(
        description="When nothing passes: the nearest vendor (see its misses)."
    )


@strawberry.type(description="The best vendor per layer for a profile.")
class StackAdvice:
    profile: str
    layers: list[AdvisedLayer]
    picks: list[StackPick] = strawberry.field(
        description="The best vendors as picks: assessStack finds no threshold gap in them."
    )

    @classmethod
    def of(cls, advice: model.Advice) -> StackAdvice:
        return cls(
            profile=advice.profile,
            layers=[
                AdvisedLayer(
                    layer_id=x.layer,
                    name=x.name,
                    best=None if x.best is None else GradedVendor.of(x.best),
                    closest=None if x.closest is None else GradedVendor.of(x.closest),
                )
                for x in advice.layers
            ],
            picks=[StackPick(layer=p.layer, vendor=p.vendor) for p in advice.picks],
        )
