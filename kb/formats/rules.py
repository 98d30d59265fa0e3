"""Rules every evaluation must keep, whatever file it came from (no cross-file rules here)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from kb.formats.base import Collector
from kb.framework import FrameworkData
from kb.model import Evaluation, FrameworkScore


def _check_layer(
    out: Collector, data: FrameworkData, layer: str, line: int | None, what: str
) -> None:
    if data.layer(layer) is None:
        known = ", ".join(x.id for x in data.layers)
        out.error(line, f"unknown layer '{layer}' in {what} (expected one of {known})")


def _check_scores(
    out: Collector, data: FrameworkData, score: FrameworkScore, lines: Mapping[str, int]
) -> None:
    fid = score.framework
    line = lines.get(f"scores.{fid}")
    framework = data.framework(fid)
    if framework is None:
        known = ", ".join(f.id for f in data.frameworks)
        out.error(line, f"unknown framework '{fid}' (expected {known})")
        return
    seen: set[str] = set()
    for dimension in score.dimensions:
        where = lines.get(f"scores.{fid}.{dimension.letter}", line)
        if framework.dimension(dimension.letter) is None:
            out.error(where, f"{fid} has no dimension '{dimension.letter}'")
        elif dimension.letter in seen:
            out.error(where, f"{fid} dimension {dimension.letter} is scored twice")
        seen.add(dimension.letter)
        if dimension.max <= 0:
            out.error(
                where, f"{fid} {dimension.letter}: maximum must be positive, got {dimension.max}"
            )
        elif not 0 <= dimension.score <= dimension.max:
            out.error(
                lines.get(f"scores.{fid}.{dimension.letter}.score", where),
                f"{fid} {dimension.letter} score {dimension.score} is outside 0..{dimension.max}",
            )
    if score.dimensions:
        missing = [d for d in framework.dimensions if d.letter not in seen]
        if missing:
            names = ", ".join(f"{d.letter} ({d.name})" for d in missing)
            out.error(line, f"{fid} is missing dimension{'s' if len(missing) > 1 else ''} {names}")
    total, maximum = score.declared_total, score.declared_max
    if maximum is not None and maximum <= 0:
        out.error(line, f"{fid} declared maximum must be positive, got {maximum}")
    elif total is not None and maximum is not None and not 0 <= total <= maximum:
        out.error(line, f"{fid} declared total {total} is outside 0..{maximum}")
    elif total is not None and total < 0:
        out.error(line, f"{fid} declared total {total} is negative")
    _compare_totals(out, score, line)


def _compare_totals(out: Collector, score: FrameworkScore, line: int | None) -> None:
    """Declared and computed totals are both kept; a difference is a warning, never fixed."""
    computed, computed_max = score.computed_total, score.computed_max
    if computed is None or computed_max is None:
        return
    maxima = {d.max for d in score.dimensions}
    each = f" (each /{maxima.pop()})" if len(maxima) == 1 else ""
    count = len(score.dimensions)
    declared = f"{score.declared_total}" + (
        f"/{score.declared_max}" if score.declared_max is not None else ""
    )
    summed = f"the sum of its {count} dimensions{each}, {computed}/{computed_max}"
    if score.declared_total is not None and score.declared_total != computed:
        out.warning(
            line,
            f"{score.framework}: declared total {declared} differs from {summed} "
            "(both kept; nothing rescaled)",
        )
    elif score.declared_max is not None and score.declared_max != computed_max:
        out.warning(
            line,
            f"{score.framework}: declared maximum {score.declared_max} differs from {summed} "
            "(both kept; nothing rescaled)",
        )


def check_evaluation(
    evaluation: Evaluation, lines: Mapping[str, int], file: str, data: FrameworkData
) -> Collector:
    """Errors and warnings for one evaluation; `lines` locates each value."""
    out = Collector(file)
    if evaluation.layer is None:
        out.error(lines.get("vendor"), f"{evaluation.vendor.name}: no layer")
    else:
        _check_layer(out, data, evaluation.layer, lines.get("layer"), "the vendor's layer")
    frameworks_seen: set[str] = set()
    for score in evaluation.scores:
        if score.framework in frameworks_seen:
            out.error(lines.get(f"scores.{score.framework}"), f"{score.framework} scored twice")
            continue
        frameworks_seen.add(score.framework)
        _check_scores(out, data, score, lines)
    for index, impact in enumerate(evaluation.stack_impact, start=1):
        _check_layer(out, data, impact.layer, lines.get(f"stack_impact.{index}"), "stack impact")
    for direction in ("upstream", "downstream"):
        flow = getattr(evaluation.integration, direction)
        for link in flow.links:
            where = lines.get(f"integration.{direction}")
            _check_layer(out, data, link.layer, where, f"integration {direction}")
    first_with_id: dict[str, int] = {}
    for index, risk in enumerate(evaluation.risks, start=1):
        # A risk's node is keyed by its id (given, or derived from its text): a second risk
        # with the same id would silently replace the first in the graph.
        earlier = first_with_id.setdefault(risk.id, index)
        if earlier != index:
            out.error(
                lines.get(f"risks.{index}"),
                f"risk {index} has the id '{risk.id}' of risk {earlier} (the same text, or the "
                "same id given twice; give each risk its own)",
            )
        where = lines.get(f"risks.{index}.mitigation", lines.get(f"risks.{index}"))
        named = [*(risk.mitigation.layers if risk.mitigation else []), *risk.mitigated_by_layers]
        for layer in dict.fromkeys(named):
            _check_layer(out, data, layer, where, f"risk {index}'s mitigation")
    _check_history(out, evaluation, lines, data)
    return out


def _check_history(
    out: Collector, evaluation: Evaluation, lines: Mapping[str, int], data: FrameworkData
) -> None:
    """Earlier versions (an export's history) are seeded as the vendor's score timeline: each
    must be this vendor's, under its own version number, and keep the same rules. Their
    warnings were given when they were current."""
    seen: set[int] = set()
    for index, past in enumerate(evaluation.history, start=1):
        key = f"history.{index}"
        where = lines.get(key)
        label = f"history {index} (version {past.version})"
        if past.version in seen:
            out.error(where, f"{label}: version {past.version} appears twice in the history")
        seen.add(past.version)
        slug = past.evaluation.vendor.slug
        if slug != evaluation.vendor.slug:
            out.error(
                lines.get(f"{key}.evaluation.vendor", where),
                f"{label}: an evaluation of '{slug}', not of this file's vendor "
                f"'{evaluation.vendor.slug}'",
            )
        inner = check_evaluation(past.evaluation, _Within(lines, f"{key}.evaluation."), "", data)
        for problem in inner.problems:
            if problem.level == "error":
                out.error(problem.line or where, f"{label}: {problem.message}")


class _Within(Mapping[str, int]):
    """The lines of a nested evaluation: its keys, looked up under `prefix`."""

    def __init__(self, lines: Mapping[str, int], prefix: str) -> None:
        self.lines = lines
        self.prefix = prefix

    def __getitem__(self, key: str) -> int:
        return self.lines[self.prefix + key]

    def __iter__(self) -> Iterator[str]:
        return (k.removeprefix(self.prefix) for k in self.lines if k.startswith(self.prefix))

    def __len__(self) -> int:
        return sum(1 for _ in self)
