"""Q2: a vendor's whole evaluation; Q3: its alternatives."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from api.repository import Row
from api.types.common import Score, Totals, VendorRef, as_date, as_datetime


@strawberry.type(description="One ingested version of a vendor's evaluation.")
class EvaluationVersion:
    id: str
    version: int
    latest: bool
    format: str | None
    source_file: str | None
    source_url: str | None
    evaluated_at: date | None
    ingested_at: datetime | None
    layer_id: str | None
    category: str | None
    inpact: Totals
    goals: Totals
    scores: list[Score]

    @classmethod
    def from_row(cls, row: Row) -> EvaluationVersion:
        return cls(
            id=row["id"],
            version=row["version"],
            latest=bool(row.get("latest")),
            format=row.get("format"),
            source_file=row.get("sourceFile"),
            source_url=row.get("sourceUrl"),
            evaluated_at=as_date(row.get("evaluatedAt")),
            ingested_at=as_datetime(row.get("ingestedAt")),
            layer_id=row.get("layer"),
            category=row.get("category") or None,
            inpact=Totals.from_row(row, "inpact"),
            goals=Totals.from_row(row, "goals"),
            scores=[Score.from_row(s) for s in row.get("scores") or []],
        )


@strawberry.type
class Certification:
    name: str
    scope: str | None


@strawberry.type(description="A current risk, its mitigation and who applies it.")
class VendorRisk:
    id: str
    severity: str
    text: str
    mitigation: str | None
    mitigation_layers: list[str] = strawberry.field(description="Layers the mitigation names.")
    explicit_layers: list[str] = strawberry.field(description="Layers linked explicitly.")
    tools: list[VendorRef] = strawberry.field(description="Vendors linked explicitly.")
    layer_tools: list[VendorRef] = strawberry.field(
        description="The 10 best (by INPACT total) vendors in the layers the mitigation names."
    )
    layer_tool_count: int = strawberry.field(
        description="How many vendors are in the layers the mitigation names."
    )


@strawberry.type
class UseCase:
    fit: str
    title: str
    rationale: str


@strawberry.type
class StackImpact:
    layer_id: str
    text: str


@strawberry.type(description="A layer the vendor consumes from (upstream) or feeds (downstream).")
class FlowLink:
    layer_id: str
    what: str


@strawberry.type(description="Everything the knowledge base holds about one vendor.")
class VendorEvaluation:
    vendor: VendorRef
    aliases: list[str]
    retired: bool
    pricing: str | None
    tagline: str | None
    analysis: str | None
    tbi_view: str | None = strawberry.field(description='The "Trust Before Intelligence" view.')
    role: str | None
    upstream_text: str | None
    downstream_text: str | None
    certifications_text: str | None
    watch_for: list[str]
    poc_checklist: list[str]
    source_file: str | None
    format: str | None
    evaluated_at: date | None
    latest_version: int | None
    inpact: Totals
    goals: Totals
    latest_scores: list[Score]
    history: list[EvaluationVersion] = strawberry.field(
        description="Every version, newest first, each with its own scores."
    )
    strengths: list[str]
    limitations: list[str]
    best_suited_for: list[str]
    use_with_caution_for: list[str]
    certifications_held: list[Certification]
    certifications_not_held: list[Certification]
    risks: list[VendorRisk] = strawberry.field(description="By severity, then file order.")
    use_cases: list[UseCase]
    stack_impact: list[StackImpact]
    upstream: list[FlowLink]
    downstream: list[FlowLink]

    @classmethod
    def from_row(cls, row: Row) -> VendorEvaluation:
        v = row["vendor"]
        history = [EvaluationVersion.from_row(e) for e in row["evaluations"]]
        latest = next((e for e in history if e.latest), None)
        return cls(
            vendor=VendorRef.from_row(v),
            aliases=list(v.get("aliases") or []),
            retired=bool(v.get("retired")),
            pricing=v.get("pricing") or None,
            tagline=v.get("tagline") or None,
            analysis=v.get("analysis") or None,
            tbi_view=v.get("tbiView") or None,
            role=v.get("role") or None,
            upstream_text=v.get("upstreamText") or None,
            downstream_text=v.get("downstreamText") or None,
            certifications_text=v.get("certificationsText") or None,
            watch_for=list(v.get("watchFor") or []),
            poc_checklist=list(v.get("pocChecklist") or []),
            source_file=v.get("sourceFile"),
            format=v.get("format"),
            evaluated_at=as_date(v.get("evaluatedAt")),
            latest_version=v.get("latestVersion"),
            inpact=Totals.from_row(v, "inpact"),
            goals=Totals.from_row(v, "goals"),
            latest_scores=latest.scores if latest else [],
            history=history,
            strengths=list(row["strengths"]),
            limitations=list(row["limitations"]),
            best_suited_for=list(row["bestSuitedFor"]),
            use_with_caution_for=list(row["useWithCautionFor"]),
            certifications_held=[Certification(**c) for c in row["certificationsHeld"]],
            certifications_not_held=[Certification(**c) for c in row["certificationsNotHeld"]],
            risks=[
                VendorRisk(
                    id=r["id"],
                    severity=r.get("severity") or "",
                    text=r.get("text") or "",
                    mitigation=r.get("mitigation"),
                    mitigation_layers=list(r.get("layers") or []),
                    explicit_layers=list(r.get("explicitLayers") or []),
                    tools=[VendorRef.from_row(t) for t in r.get("tools") or []],
                    layer_tools=[VendorRef.from_row(t) for t in r.get("layerTools") or []],
                    layer_tool_count=r.get("layerToolCount") or 0,
                )
                for r in row["risks"]
            ],
            use_cases=[
                UseCase(
                    fit=u.get("fit") or "", title=u["title"], rationale=u.get("rationale") or ""
                )
                for u in row["useCases"]
            ],
            stack_impact=[
                StackImpact(layer_id=s["layer"], text=s["text"]) for s in row["stackImpact"]
            ],
            upstream=[
                FlowLink(layer_id=f["layer"], what=f.get("what") or "") for f in row["upstream"]
            ],
            downstream=[
                FlowLink(layer_id=f["layer"], what=f.get("what") or "") for f in row["downstream"]
            ],
        )


@strawberry.type(description="A suggested alternative and the rationale its source file gives.")
class Alternative:
    vendor: VendorRef
    rationale: str


@strawberry.type(description="Alternatives in both directions.")
class Alternatives:
    vendor: VendorRef
    suggested: list[Alternative] = strawberry.field(
        description="Vendors this vendor's file suggests instead of it."
    )
    suggested_by: list[Alternative] = strawberry.field(
        description="Vendors whose files suggest this vendor as an alternative."
    )

    @classmethod
    def from_row(cls, row: Row) -> Alternatives:
        def alternative(item: Row) -> Alternative:
            return Alternative(
                vendor=VendorRef.from_row(item["vendor"]), rationale=item.get("rationale") or ""
            )

        return cls(
            vendor=VendorRef.from_row(row["vendor"]),
            suggested=[alternative(a) for a in row["suggested"]],
            suggested_by=[alternative(a) for a in row["suggestedBy"]],
        )
