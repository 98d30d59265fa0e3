"""Q1: tools that mitigate a risk, with evidence."""

from __future__ import annotations

from enum import Enum

import strawberry

from api.repository import Row
from api.types.common import VendorRef


@strawberry.enum(description="Why a tool is said to mitigate a risk, strongest first.")
class EvidenceKind(Enum):
    EXPLICIT = "EXPLICIT"  # a canonical file links the vendor (or its layer) to the risk
    LAYER = "LAYER"  # the risk's mitigation applies at the vendor's layer
    DIMENSION = "DIMENSION"  # the taxonomy maps the risk to dimensions the vendor scores well on


@strawberry.type
class DimensionValue:
    dimension: str
    score: int | None


@strawberry.type(description="One piece of evidence, with the text it rests on.")
class Evidence:
    kind: EvidenceKind
    quote: str = strawberry.field(
        description="EXPLICIT: the link's note; LAYER: the mitigation text; "
        "DIMENSION: the taxonomy rules the risk's text matched."
    )
    layer_id: str | None
    declared_by: str | None = strawberry.field(description="Slug of the file that made the link.")
    scores: list[DimensionValue] = strawberry.field(
        description="DIMENSION: the tool's latest scores on the mapped dimensions."
    )


@strawberry.type
class MitigatingTool:
    rank: int = strawberry.field(description="1-based position in the ranking.")
    vendor: VendorRef
    strongest: EvidenceKind
    evidence: list[Evidence]


@strawberry.type
class RiskRef:
    id: str
    text: str | None
    severity: str | None
    owner: VendorRef | None = strawberry.field(description="The vendor whose risk it is.")


@strawberry.type(description="A risk and the tools that mitigate it, ranked.")
class RiskMitigation:
    risk: RiskRef
    match_score: float = strawberry.field(description="Full-text relevance; 1.0 for a risk by id.")
    mitigation: str | None
    mitigation_layers: list[str]
    matched_rules: list[str] = strawberry.field(
        description="Taxonomy rules (seeds/risk_taxonomy.yaml) the risk's text matched."
    )
    tool_count: int = strawberry.field(description="All qualifying tools, before `first`.")
    tools: list[MitigatingTool]

    @classmethod
    def from_row(cls, row: Row, property_keys: dict[str, str]) -> RiskMitigation:
        risk, owner = row["risk"], row.get("owner")
        tools = []
        for rank, tool in enumerate(row["tools"], start=1):
            evidence = [_evidence(item, property_keys) for item in tool["evidence"]]
            evidence.sort(key=lambda e: _STRENGTH[e.kind])
            tools.append(
                MitigatingTool(
                    rank=rank,
                    vendor=VendorRef.from_row(tool["vendor"]),
                    strongest=evidence[0].kind,
                    evidence=evidence,
                )
            )
        return cls(
            risk=RiskRef(
                id=risk["id"],
                text=risk.get("text"),
                severity=risk.get("severity"),
                owner=VendorRef.from_row(owner) if owner else None,
            ),
            match_score=float(row["matchScore"]),
            mitigation=row.get("mitigation"),
            mitigation_layers=sorted(row.get("mitigationLayers") or []),
            matched_rules=list(row.get("matchedRules") or []),
            tool_count=row["toolCount"],
            tools=tools,
        )


_STRENGTH = {EvidenceKind.EXPLICIT: 0, EvidenceKind.LAYER: 1, EvidenceKind.DIMENSION: 2}


def _evidence(item: Row, property_keys: dict[str, str]) -> Evidence:
    return Evidence(
        kind=EvidenceKind(item["kind"]),
        quote=item.get("quote") or "",
        layer_id=item.get("layer"),
        declared_by=item.get("declaredBy"),
        scores=[
            DimensionValue(
                dimension=property_keys.get(s["property"], s["property"]), score=s["score"]
            )
            for s in item.get("scores") or []
        ],
    )
