"""Turn evaluations into the parameter rows of the cypher/write statements (pure, no I/O).

One `Rows` holds every row of one write transaction, grouped by statement. The graph layout
is docs/graph-model.md; this module is its only translator from `kb.model`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from kb.errors import KbError
from kb.framework import FrameworkData, framework_data
from kb.graph.score_properties import SCORE_PROPERTIES
from kb.model import Evaluation, FrameworkScore, short_hash, slugify

Row = dict[str, Any]

SEVERITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}


class UnwritableEvaluation(KbError):
    """An evaluation names something the graph has no place for (an unknown dimension)."""


def content_hash(evaluation: Evaluation) -> str:
    """sha256 of the evaluation's content (provenance and history excluded): pydantic's JSON
    in field order, which is stable for a given model."""
    content = evaluation.model_dump_json(exclude={"provenance", "history"})
    return hashlib.sha256(content.encode()).hexdigest()


# Provenance fields that describe one particular file, not the evaluation: the graph keeps
# them as node properties (sourceFile, format), the stored document leaves them out.
_FILE_FIELDS = {"source_file", "format", "content_hash", "ingested_at", "retired"}


def document(evaluation: Evaluation) -> str:
    """The JSON kept on the Evaluation node, for `kb export`: the evaluation without history
    and without the fields that name its file."""
    return evaluation.model_dump_json(exclude={"history": True, "provenance": _FILE_FIELDS})


@dataclass(frozen=True)
class VersionToWrite:
    """One evaluation version the seeder decided to write."""

    evaluation: Evaluation
    version: int
    content_hash: str
    source_file: str
    ingested_at: datetime
    latest: bool = True


@dataclass
class Rows:
    """Every parameter row of one write transaction, per statement."""

    clear_slugs: list[str] = field(default_factory=list)
    vendors: list[Row] = field(default_factory=list)
    past_evaluations: list[Row] = field(default_factory=list)
    evaluations: list[Row] = field(default_factory=list)
    scores: list[Row] = field(default_factory=list)
    strengths: list[Row] = field(default_factory=list)
    limitations: list[Row] = field(default_factory=list)
    use_cases: list[Row] = field(default_factory=list)
    risks: list[Row] = field(default_factory=list)
    segments: list[Row] = field(default_factory=list)
    certifications: list[Row] = field(default_factory=list)
    alternatives: list[Row] = field(default_factory=list)
    layer_links: list[Row] = field(default_factory=list)
    vendor_mitigations: list[Row] = field(default_factory=list)
    layer_mitigations: list[Row] = field(default_factory=list)
    touches: list[Row] = field(default_factory=list)  # unchanged vendors whose file moved

    def extend(self, other: Rows) -> None:
        for f in fields(self):
            getattr(self, f.name).extend(getattr(other, f.name))

    def size(self) -> int:
        return sum(len(getattr(self, f.name)) for f in fields(self))


# Per framework data (by identity: hashing its layers cost seven models' hashes per lookup;
# the data is held, so its id is not reused), layer text -> layer id: files repeat the same
# few layer names.
_LAYERS: dict[int, tuple[FrameworkData, dict[str, str | None]]] = {}
_LAYER_TEXTS_KEPT = 4_096


def _layer_id(text: str | None, data: FrameworkData) -> str | None:
    if not text:
        return None
    known = _LAYERS.setdefault(id(data), (data, {}))[1]
    if text in known:
        return known[text]
    layer = data.resolve_layer(text)
    if len(known) < _LAYER_TEXTS_KEPT:
        known[text] = layer.id if layer else None
    return layer.id if layer else None


def _totals(scores: list[FrameworkScore], data: FrameworkData) -> Row:
    """inpactDeclared, inpactDeclaredMax, inpactComputed, inpactComputedMax for each framework."""
    props: Row = {}
    for fw in data.frameworks:
        prefix = fw.id.lower()
        stated = next((s for s in scores if s.framework == fw.id), None)
        props[f"{prefix}Declared"] = stated.declared_total if stated else None
        props[f"{prefix}DeclaredMax"] = stated.declared_max if stated else None
        props[f"{prefix}Computed"] = stated.computed_total if stated else None
        props[f"{prefix}ComputedMax"] = stated.computed_max if stated else None
    return props


def _score_rows(evaluation_id: str, item: VersionToWrite, data: FrameworkData) -> list[Row]:
    rows: list[Row] = []
    for stated in item.evaluation.scores:
        for dim in stated.dimensions:
            key = f"{stated.framework}.{dim.letter}"
            if key not in SCORE_PROPERTIES:
                raise UnwritableEvaluation(
                    f"{item.source_file}: unknown dimension {key} "
                    f"(expected one of {', '.join(SCORE_PROPERTIES)})"
                )
            rows.append(
                {
                    "evaluation": evaluation_id,
                    "dimension": key,
                    "score": dim.score,
                    "max": dim.max,
                    "rationale": dim.rationale,
                }
            )
    return rows


def _evaluation_props(item: VersionToWrite, data: FrameworkData) -> Row:
    evaluation = item.evaluation
    provenance = evaluation.provenance
    return {
        "vendorSlug": evaluation.vendor.slug,
        "version": item.version,
        "contentHash": item.content_hash,
        "sourceFile": item.source_file,
        "format": provenance.format.value,
        "sourceUrl": provenance.source_url,
        "evaluatedAt": provenance.evaluated_at,
        "ingestedAt": item.ingested_at,
        "layer": _layer_id(evaluation.layer, data),
        "category": evaluation.category,
        **_totals(evaluation.scores, data),
        "document": document(evaluation),
    }


def _vendor_props(item: VersionToWrite, layer: str | None, totals: Row) -> Row:
    evaluation = item.evaluation
    fit = evaluation.industry_fit
    props: Row = {
        "name": evaluation.vendor.name,
        "layer": layer,
        "aliases": list(evaluation.vendor.aliases),
        "aliasText": " | ".join(evaluation.vendor.aliases),
        "evaluated": True,
        "retired": bool(evaluation.provenance.retired),
        "category": evaluation.category,
        "pricing": evaluation.pricing,
        "tagline": evaluation.tagline,
        "analysis": evaluation.analysis,
        "tbiView": evaluation.tbi_view,
        "role": evaluation.integration.role,
        "upstreamText": evaluation.integration.upstream.text,
        "downstreamText": evaluation.integration.downstream.text,
        "certificationsText": fit.certifications_text,
        "watchFor": list(evaluation.watch_for),
        "pocChecklist": list(evaluation.poc_checklist),
        "sourceFile": item.source_file,
        "fileHash": evaluation.provenance.content_hash,
        "format": evaluation.provenance.format.value,
        "evaluatedAt": evaluation.provenance.evaluated_at,
        "latestVersion": item.version,
    }
    for fw in ("inpact", "goals"):
        props.update({k: v for k, v in totals.items() if k.startswith(fw)})
        declared = totals.get(f"{fw}Declared")
        props[f"{fw}Total"] = declared if declared is not None else totals.get(f"{fw}Computed")
    for prop in SCORE_PROPERTIES.values():
        props[prop] = None  # null removes a score the new version no longer states
    for stated in evaluation.scores:
        for dim in stated.dimensions:
            props[SCORE_PROPERTIES[f"{stated.framework}.{dim.letter}"]] = dim.score
    return props


def _current_fact_rows(item: VersionToWrite, rows: Rows, data: FrameworkData) -> None:
    """Everything that is replaced wholesale on a new version (docs/graph-model.md)."""
    evaluation = item.evaluation
    slug = evaluation.vendor.slug
    for position, text in enumerate(evaluation.strengths, 1):
        rows.strengths.append(
            {"slug": slug, "id": f"{slug}/strength/{position}", "text": text, "position": position}
        )
    for position, text in enumerate(evaluation.limitations, 1):
        rows.limitations.append(
            {
                "slug": slug,
                "id": f"{slug}/limitation/{position}",
                "text": text,
                "position": position,
            }
        )
    for position, case in enumerate(evaluation.use_cases, 1):
        rows.use_cases.append(
            {
                "slug": slug,
                "id": f"{slug}/use-case/{position}",
                "fit": case.fit.value,
                "title": case.title,
                "rationale": case.rationale,
                "position": position,
            }
        )
    seen_risks: set[str] = set()
    for position, risk in enumerate(evaluation.risks, 1):
        risk_id = f"{slug}/{risk.id}"
        if risk_id in seen_risks:
            continue  # the same risk twice in one file: the first one counts
        seen_risks.add(risk_id)
        layers = [_layer_id(x, data) for x in risk.mitigation.layers] if risk.mitigation else []
        rows.risks.append(
            {
                "slug": slug,
                "id": risk_id,
                "severity": risk.severity.value,
                "severityRank": SEVERITY_RANK[risk.severity.value],
                "text": risk.text,
                "position": position,
                "mitigation": risk.mitigation.text if risk.mitigation else None,
                "mitigationLayers": sorted({x for x in layers if x}),
            }
        )
        for name in risk.mitigated_by_vendors:
            rows.vendor_mitigations.append(
                {
                    "mitigator": slugify(name),
                    "mitigatorName": name,
                    "risk": risk_id,
                    "riskOwner": slug,
                    "declaredBy": slug,
                    "note": "",
                }
            )
        for layer_text in risk.mitigated_by_layers:
            layer_id = _layer_id(layer_text, data)
            if layer_id:
                rows.layer_mitigations.append(
                    {"layer": layer_id, "risk": risk_id, "declaredBy": slug}
                )
    for link in evaluation.mitigates:
        rows.vendor_mitigations.append(
            {
                "mitigator": slug,
                "mitigatorName": evaluation.vendor.name,
                "risk": f"{link.vendor}/{link.risk_id}",
                "riskOwner": link.vendor,
                "declaredBy": slug,
                "note": link.note,
            }
        )
    fit = evaluation.industry_fit
    for kind, texts in (("best", fit.best_suited_for), ("caution", fit.use_with_caution_for)):
        for position, text in enumerate(texts, 1):
            rows.segments.append(
                {
                    "slug": slug,
                    "kind": kind,
                    "id": short_hash(text),
                    "text": text,
                    "position": position,
                }
            )
    for held, certs in ((True, fit.certifications_held), (False, fit.certifications_not_held)):
        for position, cert in enumerate(certs, 1):
            rows.certifications.append(
                {
                    "slug": slug,
                    "held": held,
                    "id": slugify(cert.name),
                    "name": cert.name,
                    "scope": cert.scope,
                    "position": position,
                }
            )
    for position, alt in enumerate(evaluation.alternatives, 1):
        if alt.slug == slug:
            continue  # a vendor is not its own alternative
        rows.alternatives.append(
            {
                "slug": slug,
                "target": alt.slug,
                "targetName": alt.name,
                "rationale": alt.rationale,
                "position": position,
            }
        )
    flows = (
        ("consumes", [(x.layer, x.what) for x in evaluation.integration.upstream.links]),
        ("feeds", [(x.layer, x.what) for x in evaluation.integration.downstream.links]),
        ("impacts", [(x.layer, x.text) for x in evaluation.stack_impact]),
    )
    for kind, links in flows:
        for position, (layer_text, what) in enumerate(links, 1):
            layer_id = _layer_id(layer_text, data)
            if layer_id:
                rows.layer_links.append(
                    {
                        "slug": slug,
                        "kind": kind,
                        "layer": layer_id,
                        "what": what,
                        "position": position,
                    }
                )


def rows_for(item: VersionToWrite, data: FrameworkData | None = None) -> Rows:
    """The rows that write one evaluation version (latest: with its current facts)."""
    data = data or framework_data()
    evaluation = item.evaluation
    slug = evaluation.vendor.slug
    evaluation_id = f"{slug}@{item.version}"
    rows = Rows()
    eval_props = _evaluation_props(item, data)
    rows.scores.extend(_score_rows(evaluation_id, item, data))
    if not item.latest:
        rows.past_evaluations.append(
            {"slug": slug, "name": evaluation.vendor.name, "id": evaluation_id, "props": eval_props}
        )
        return rows
    totals = {k: v for k, v in eval_props.items() if k.startswith(("inpact", "goals"))}
    rows.clear_slugs.append(slug)
    rows.vendors.append(
        {
            "slug": slug,
            "layer": eval_props["layer"],
            "props": _vendor_props(item, eval_props["layer"], totals),
        }
    )
    rows.evaluations.append({"slug": slug, "id": evaluation_id, "props": eval_props})
    _current_fact_rows(item, rows, data)
    return rows
