"""Grading a stack (assess) and choosing one (advise): pure functions over the query's rows.

The rows are those of cypher/read/stack_assessment.cypher: `picks` (each picked vendor with its
risks, flows and alternatives) and `layers` (each layer's vendors, fewest points short of the
profile first). Severities come from `stack_rules` in seeds/framework.yaml; docs/stack-builder.md
says what each finding means.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from itertools import chain, islice
from typing import Any

from kb.framework import FrameworkData, Profile, StackRules
from kb.profiles import check_profile
from kb.stack.model import (
    Advice,
    AdvisedLayer,
    Assessment,
    BuildStep,
    Evidence,
    Finding,
    Graded,
    LayerResult,
    Pick,
    Suggestion,
    Summary,
)

Row = Mapping[str, Any]


class _Context:
    """What every finding needs: the rules, the profile, the stack's picks graded per layer."""

    def __init__(self, data: FrameworkData, profile: Profile, rows: Row) -> None:
        self.data = data
        self.rules: StackRules = data.stack_rules
        self.profile = profile
        self.names = {x.id: x.name for x in data.layers}
        self.positions = {x.id: x.position for x in data.layers}
        self.ranks = {s: len(data.severities) - i for i, s in enumerate(data.severities)}
        # A vendor read twice (a pick, a layer's candidate, an alternative) is graded once.
        self.graded: dict[str, Graded] = {}
        self.candidates = {
            layer["layer"]: [self.grade(v) for v in layer["candidates"]] for layer in rows["layers"]
        }

    def grade(self, vendor: Row) -> Graded:
        slug = vendor["slug"]
        known = self.graded.get(slug)
        if known is not None:
            return known
        # `dimensions` holds the scores of the profile's min_dimensions, in their order.
        scores = dict(
            zip(self.profile.min_dimensions, vendor.get("dimensions") or [], strict=False)
        )
        graded = Graded(
            slug=slug,
            name=vendor.get("name") or slug,
            layer=vendor.get("layer"),
            category=vendor.get("category") or None,
            check=check_profile(self.data, self.profile, vendor, scores),
        )
        self.graded[slug] = graded
        return graded

    def label(self, layer: str) -> str:
        return f"{layer} {self.names[layer]}"

    def rank(self, severity: str) -> int:
        """Higher is more severe (seeds/framework.yaml lists severities most severe first)."""
        return self.ranks[severity]


def assess(data: FrameworkData, profile: Profile, picks: Sequence[Pick], rows: Row) -> Assessment:
    """The stack graded: findings per layer, suggestions, build order, summary."""
    ctx = _Context(data, profile, rows)
    graded = [ctx.grade(row["vendor"]) for row in rows["picks"]]
    by_layer: dict[str, list[Graded]] = {x.id: [] for x in data.layers}
    for pick, vendor in zip(picks, graded, strict=True):
        by_layer[pick.layer].append(vendor)
    suggest = _Suggester(ctx, {v.slug: row for row, v in zip(rows["picks"], graded, strict=True)})
    findings = [suggest(finding) for finding in _findings(ctx, by_layer, rows["picks"], graded)]
    at_layer: dict[str, list[Finding]] = {x.id: [] for x in data.layers}
    for finding in sorted(findings, key=lambda f: -ctx.rank(f.severity)):
        at_layer[finding.layer].append(finding)
    layers = tuple(
        LayerResult(
            layer=x.id,
            name=x.name,
            picks=tuple(by_layer[x.id]),
            findings=tuple(at_layer[x.id]),
            closest=_closest(ctx.candidates.get(x.id, [])),
        )
        for x in data.layers
    )
    return Assessment(
        profile=profile.id,
        layers=layers,
        build_order=_build_order(ctx, findings),
        summary=_summary(ctx, findings, by_layer),
    )


def _findings(
    ctx: _Context,
    by_layer: Mapping[str, list[Graded]],
    pick_rows: Sequence[Row],
    graded: Sequence[Graded],
) -> Iterator[Finding]:
    severities = ctx.rules.severities
    for layer, vendors in by_layer.items():
        if not vendors:
            yield Finding(
                "empty_layer",
                severities.empty_layer,
                layer,
                f"no tool at {ctx.label(layer)}",
            )
    for vendor in graded:
        layer = vendor.layer or ""
        if not vendor.passes:
            misses = tuple(vendor.misses)
            yield Finding(
                "below_threshold",
                severities.below_threshold,
                layer,
                f"{vendor.name} misses the {ctx.profile.id} profile: {'; '.join(misses)}",
                vendor.slug,
                Evidence(thresholds=misses),
            )
        notes = tuple(vendor.check.scale_notes)
        if notes:
            yield Finding(
                "other_scale",
                severities.other_scale,
                layer,
                f"{vendor.name}: {'; '.join(notes)}",
                vendor.slug,
                Evidence(scale_notes=notes),
            )
    picked = {v.slug: v for v in graded}
    for row, vendor in zip(pick_rows, graded, strict=True):
        yield from _risk_findings(ctx, by_layer, picked, row, vendor)
        yield from _flow_findings(ctx, by_layer, row, vendor)


def _risk_findings(
    ctx: _Context,
    by_layer: Mapping[str, list[Graded]],
    picked: Mapping[str, Graded],
    row: Row,
    vendor: Graded,
) -> Iterator[Finding]:
    """A risk whose mitigation applies at layers where the stack has no passing tool.

    A risk whose mitigation names no layer and no vendor cannot be judged from the graph."""
    for risk in _in_file_order(row["risks"]):
        layers = sorted(
            {*risk["mitigationLayers"], *risk["declaredLayers"]}, key=ctx.positions.__getitem__
        )
        mitigators = [picked[s] for s in risk["declaredVendors"] if s in picked]
        if not layers and not risk["declaredVendors"]:
            continue
        at_layers = [v for layer in layers for v in by_layer[layer]]
        tools = [*mitigators, *at_layers]
        if any(t.passes for t in tools):
            continue
        evidence = Evidence(
            risk=risk["text"],
            risk_severity=risk["severity"],
            mitigation=risk["mitigation"],
            mitigation_layers=tuple(layers),
        )
        target = layers[0] if layers else (vendor.layer or "")
        where = ", ".join(ctx.label(x) for x in layers) or "the vendors named to mitigate it"
        quoted = f'{vendor.name}\'s {risk["severity"]} risk "{risk["text"]}"'
        if tools:
            failing = ", ".join(dict.fromkeys(t.name for t in tools))
            yield Finding(
                "weakly_mitigated_risk",
                ctx.rules.severities.weakly_mitigated_risk[risk["severity"]],
                target,
                f"{quoted} is mitigated at {where} only by tools that fail the "
                f"{ctx.profile.id} profile ({failing}); mitigation: {risk['mitigation']}",
                vendor.slug,
                evidence,
            )
        else:
            yield Finding(
                "unmitigated_risk",
                ctx.rules.severities.unmitigated_risk[risk["severity"]],
                target,
                f"{quoted} is unmitigated: its mitigation applies at {where}, where the stack "
                f"has no tool; mitigation: {risk['mitigation']}",
                vendor.slug,
                evidence,
            )


def _flow_findings(
    ctx: _Context, by_layer: Mapping[str, list[Graded]], row: Row, vendor: Graded
) -> Iterator[Finding]:
    ordered = _in_file_order(row["flows"])
    upstream = [f for f in ordered if f["direction"] == "upstream"]
    downstream = [f for f in ordered if f["direction"] == "downstream"]
    flows = [("upstream", f, "consumes", "from") for f in upstream] + [
        ("downstream", f, "feeds", "to") for f in downstream
    ]
    for direction, flow, verb, preposition in flows:
        layer = flow["layer"]
        if by_layer.get(layer):
            continue
        what = flow.get("what") or "data"
        yield Finding(
            "broken_flow",
            ctx.rules.severities.broken_flow,
            layer,
            f"{vendor.name} {verb} {what} {preposition} {ctx.label(layer)} ({direction}), "
            "where the stack has nothing",
            vendor.slug,
            Evidence(flow_direction=direction, flow_layer=layer, flow=what),
        )


def _in_file_order(items: Sequence[Row]) -> list[Row]:
    """The query reads a pick's risks, flows and alternatives unordered: their file order."""
    return sorted(items, key=lambda item: item.get("position") or 0)


class _Suggester:
    """Up to N passing vendors of a gap's layer that would close it: for a pick below the
    profile, its own passing alternatives first, with their rationale; then the layer's
    passing vendors not in the stack, best first (the same for every gap of the layer)."""

    def __init__(self, ctx: _Context, pick_rows: Mapping[str, Row]) -> None:
        self.ctx = ctx
        self.pick_rows = pick_rows  # picked slug -> its row of the query
        self._open: dict[str, tuple[Suggestion, ...]] = {}

    def __call__(self, finding: Finding) -> Finding:
        if not finding.is_gap:
            return finding
        alternatives = self._alternatives(finding)
        named = {s.vendor.slug for s in alternatives}
        others = (s for s in self._open_vendors(finding.layer) if s.vendor.slug not in named)
        chosen = tuple(islice(chain(alternatives, others), self.ctx.rules.suggestions))
        return replace(finding, suggestions=chosen)

    def _alternatives(self, finding: Finding) -> list[Suggestion]:
        if finding.kind != "below_threshold" or finding.vendor is None:
            return []
        suggestions = []
        for alternative in _in_file_order(self.pick_rows[finding.vendor]["alternatives"]):
            other = alternative["vendor"]
            if other.get("layer") != finding.layer or other["slug"] in self.pick_rows:
                continue  # graded only if it could close the gap
            option = self.ctx.grade(other)
            if option.passes:
                suggestions.append(Suggestion(option, alternative["rationale"], finding.vendor))
        return suggestions

    def _open_vendors(self, layer: str) -> tuple[Suggestion, ...]:
        if layer not in self._open:
            self._open[layer] = tuple(
                Suggestion(c)
                for c in self.ctx.candidates.get(layer, [])
                if c.passes and c.slug not in self.pick_rows
            )
        return self._open[layer]


def _closest(candidates: Sequence[Graded]) -> Graded | None:
    """The nearest vendor of a layer where none passes (the query ranks by points short)."""
    if not candidates or candidates[0].passes:
        return None
    return candidates[0]


def _build_order(ctx: _Context, findings: Sequence[Finding]) -> tuple[BuildStep, ...]:
    """One step per layer with gaps: the most severe first, then the lower layer (the stack
    is built upwards: each layer supports the one above it)."""
    gaps: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.is_gap:
            gaps.setdefault(finding.layer, []).append(finding)
    ordered = sorted(
        gaps.items(),
        key=lambda item: (-max(ctx.rank(f.severity) for f in item[1]), ctx.positions[item[0]]),
    )
    steps = []
    for number, (layer, layer_findings) in enumerate(ordered, start=1):
        worst = sorted(layer_findings, key=lambda f: -ctx.rank(f.severity))
        suggestion = next((f.suggestions[0] for f in worst if f.suggestions), None)
        steps.append(
            BuildStep(
                step=number,
                layer=layer,
                name=ctx.names[layer],
                severity=worst[0].severity,
                kinds=tuple(dict.fromkeys(f.kind for f in worst)),
                reasons=tuple(f.reason for f in worst),
                suggestion=suggestion,
            )
        )
    return tuple(steps)


def _summary(
    ctx: _Context, findings: Sequence[Finding], by_layer: Mapping[str, list[Graded]]
) -> Summary:
    gaps = [f for f in findings if f.is_gap]
    return Summary(
        by_severity=tuple(
            (s, sum(1 for f in findings if f.severity == s)) for s in ctx.data.severities
        ),
        gaps=len(gaps),
        layers_covered=tuple(layer for layer, vendors in by_layer.items() if vendors),
        passes=not gaps,
    )


def advise(data: FrameworkData, profile: Profile, rows: Row) -> Advice:
    """The best passing vendor of each layer asked, else the closest one and what it misses."""
    ctx = _Context(data, profile, rows)
    layers = []
    for layer in rows["layers"]:
        candidates = ctx.candidates[layer["layer"]]
        best = candidates[0] if candidates and candidates[0].passes else None
        layers.append(
            AdvisedLayer(
                layer=layer["layer"],
                name=ctx.names[layer["layer"]],
                best=best,
                closest=_closest(candidates),
            )
        )
    picks = tuple(Pick(x.layer, x.best.slug) for x in layers if x.best is not None)
    return Advice(profile=profile.id, layers=tuple(layers), picks=picks)
