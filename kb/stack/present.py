"""An assessment or an advice as plain JSON-ready data (`kb stack ... --format json`), with the
same fields as the GraphQL answer, in snake_case."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from kb.stack.model import Advice, Assessment, Finding, Graded, Suggestion


def graded(vendor: Graded) -> dict[str, Any]:
    return {
        "slug": vendor.slug,
        "name": vendor.name,
        "layer": vendor.layer,
        "category": vendor.category,
        "passes": vendor.passes,
        "shortfall": vendor.check.shortfall,
        "totals": [asdict(t) for t in vendor.check.totals],
        "misses": vendor.misses,
    }


def _suggestion(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "vendor": graded(suggestion.vendor),
        "rationale": suggestion.rationale,
        "alternative_of": suggestion.alternative_of,
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind,
        "severity": finding.severity,
        "layer": finding.layer,
        "vendor": finding.vendor,
        "reason": finding.reason,
        "evidence": asdict(finding.evidence),
        "suggestions": [_suggestion(s) for s in finding.suggestions],
    }


def assessment_data(assessment: Assessment) -> dict[str, Any]:
    return {
        "profile": assessment.profile,
        "layers": [
            {
                "layer": x.layer,
                "name": x.name,
                "picks": [graded(p) for p in x.picks],
                "findings": [_finding(f) for f in x.findings],
                "closest": None if x.closest is None else graded(x.closest),
            }
            for x in assessment.layers
        ],
        "build_order": [
            {
                "step": s.step,
                "layer": s.layer,
                "name": s.name,
                "severity": s.severity,
                "kinds": list(s.kinds),
                "reasons": list(s.reasons),
                "suggestion": None if s.suggestion is None else _suggestion(s.suggestion),
            }
            for s in assessment.build_order
        ],
        "summary": {
            "by_severity": dict(assessment.summary.by_severity),
            "gaps": assessment.summary.gaps,
            "layers_covered": list(assessment.summary.layers_covered),
            "passes": assessment.summary.passes,
        },
    }


def advice_data(advice: Advice) -> dict[str, Any]:
    return {
        "profile": advice.profile,
        "layers": [
            {
                "layer": x.layer,
                "name": x.name,
                "best": None if x.best is None else graded(x.best),
                "closest": None if x.closest is None else graded(x.closest),
            }
            for x in advice.layers
        ],
        "picks": [{"layer": p.layer, "vendor": p.vendor} for p in advice.picks],
    }
