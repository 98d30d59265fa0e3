"""`kb stack assess` and `kb stack advise`: the Stack Builder and the Vendor Advisor on the
graph the settings name (one read each, as the API runs it)."""

from __future__ import annotations

import difflib
import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import neo4j
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kb.commands.arguments import non_empty_path
from kb.errors import KbError
from kb.settings import get_settings

if TYPE_CHECKING:
    from kb.stack.model import Assessment, Graded, LayerResult

app = typer.Typer(
    help="Grade a stack against a profile, or choose one (docs/stack-builder.md).",
    no_args_is_help=True,
)
_out = Console(highlight=False, soft_wrap=True)

SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "dim"}


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


class StackRefused(KbError):
    """Bad input to `kb stack`: one line naming where (file:line or --pick), exit 2."""

    exit_code = 2


def _read(query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    from kb.graph.driver import open_driver
    from kb.graph.queries import cypher

    settings = get_settings()
    with open_driver(settings) as driver:
        records, _, _ = driver.execute_query(
            cypher(query),
            params,
            database_=settings.neo4j_database,
            routing_=neo4j.RoutingControl.READ,
        )
    return [dict(r) for r in records]


def _closest_slug(slug: str) -> str:
    """' (did you mean 'argilla'?)' from the graph's vendor slugs and names, or ''."""
    known: dict[str, str] = {}
    for row in _read("read/vendor_names", {"limit": 100_000}):
        known[row["slug"]] = row["slug"]
        known.setdefault((row["name"] or "").casefold(), row["slug"])
    match = difflib.get_close_matches(slug.casefold(), list(known), n=1, cutoff=0.6)
    return f" (did you mean {known[match[0]]!r}?)" if match else ""


def _parse_pick(text: str) -> tuple[str, str]:
    layer, sep, vendor = text.partition("=")
    if not sep or not layer.strip() or not vendor.strip():
        raise StackRefused(f"--pick {text!r}: expected LAYER=VENDOR, e.g. L5=cerbos")
    return layer.strip(), vendor.strip()


def assess(
    stack_file: Annotated[
        Path | None,
        typer.Argument(help="A stack YAML file (stacks/).", parser=non_empty_path),
    ] = None,
    pick: Annotated[
        list[str] | None,
        typer.Option("--pick", help="LAYER=VENDOR, e.g. L5=cerbos (repeatable)."),
    ] = None,
    profile: Annotated[
        str | None, typer.Option(help="Profile id of seeds/framework.yaml (else the file's).")
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table (rich) or json.")
    ] = OutputFormat.TABLE,
) -> None:
    """Grade a stack: findings per layer, suggestions, build order and summary."""
    from kb.framework import framework_data
    from kb.stack.files import load_stack
    from kb.stack.grade import assess as grade
    from kb.stack.inputs import (
        StackInputError,
        check_picked_vendors,
        checked_picks,
        profile_named,
    )
    from kb.stack.model import Constraints
    from kb.stack.present import assessment_data
    from kb.stack.query import QUERY, assessment_params

    picks: list[tuple[str, str]] = []
    where: list[str] = []
    file_profile, profile_where = None, "--profile"
    if stack_file is not None:
        loaded = load_stack(stack_file)
        picks, where, file_profile = list(loaded.picks), list(loaded.where), loaded.profile
        if profile is None:
            profile_where = loaded.profile_where
    for text in pick or []:
        picks.append(_parse_pick(text))
        where.append(f"--pick {text}")
    if not picks:
        raise StackRefused("no picks: give a stack file or --pick LAYER=VENDOR")
    chosen_profile = profile or file_profile
    if chosen_profile is None:
        raise StackRefused("no profile: give --profile (e.g. healthcare) or `profile:` in the file")
    data = framework_data()

    def refused(error: StackInputError) -> StackRefused:
        if error.index is not None:
            at = where[error.index]
        else:
            at = profile_where if error.field == "profile" else "--pick"
        return StackRefused(f"{at}: {error.problem}")

    try:
        chosen = profile_named(data, chosen_profile)
        checked = checked_picks(data, picks)
    except StackInputError as error:
        raise refused(error) from None
    [row] = _read(QUERY, assessment_params(data, chosen, checked, Constraints()))
    try:
        check_picked_vendors(checked, row["picks"])
    except StackInputError as error:
        hint = ""
        if error.index is not None and row["picks"][error.index]["vendor"] is None:
            hint = _closest_slug(checked[error.index].vendor)
        raise StackRefused(f"{refused(error)}{hint}") from None
    result = grade(data, chosen, checked, row)
    if output_format is OutputFormat.JSON:
        _out.print_json(json.dumps(assessment_data(result)))
        return
    _print_assessment(result)


def _pick_line(vendor: Graded) -> str:
    if vendor.passes:
        return f"✓ {vendor.name}"
    return f"✗ {vendor.name} ({'; '.join(vendor.misses)})"


def _suggested(layer: LayerResult) -> str:
    names = list(dict.fromkeys(s.vendor.name for f in layer.findings for s in f.suggestions))
    if not names and layer.closest is not None:
        misses = "; ".join(layer.closest.misses)
        return f"none passes; closest {layer.closest.name}: {misses}"
    return ", ".join(names)


def _print_assessment(result: Assessment) -> None:
    table = Table(title=f"Stack against the {result.profile} profile", show_lines=True)
    for column in ("layer", "picks", "findings", "suggested"):
        table.add_column(column)
    for layer in result.layers:
        findings = "\n".join(
            f"[{SEVERITY_STYLE.get(f.severity, '')}]{f.severity.upper()}[/] {escape(f.reason)}"
            for f in layer.findings
        )
        table.add_row(
            f"{layer.layer} {layer.name}",
            escape("\n".join(_pick_line(p) for p in layer.picks)) or "—",
            findings or "—",
            escape(_suggested(layer)),
        )
    _out.print(table)
    if result.build_order:
        _out.print("Build order:")
    for step in result.build_order:
        suggestion = f" → {step.suggestion.vendor.name}" if step.suggestion else ""
        kinds = ", ".join(step.kinds)
        _out.print(
            f"  {step.step}. {step.layer} {step.name}: {step.severity} ({kinds}){suggestion}",
            markup=False,
        )
    summary = result.summary
    counts = ", ".join(f"{n} {severity}" for severity, n in summary.by_severity)
    covered = ", ".join(summary.layers_covered) or "none"
    verdict = "passes" if summary.passes else "does not pass"
    _out.print(
        f"Summary: {counts}; {summary.gaps} gaps; layers covered: {covered}; "
        f"the stack {verdict} the {result.profile} profile.",
        markup=False,
    )


def advise(
    profile: Annotated[str, typer.Option(help="Profile id of seeds/framework.yaml.")],
    layer: Annotated[
        list[str] | None, typer.Option("--layer", help="Layers to fill (default: all).")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="Vendor slugs never to choose.")
    ] = None,
    category: Annotated[
        list[str] | None, typer.Option("--category", help="Only these categories.")
    ] = None,
    certification: Annotated[
        list[str] | None, typer.Option("--certification", help="Required (all of them).")
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table (rich) or json.")
    ] = OutputFormat.TABLE,
) -> None:
    """The best vendor passing the profile per layer; where none passes, the closest."""
    from kb.framework import framework_data
    from kb.model import slugify
    from kb.stack.grade import advise as choose
    from kb.stack.inputs import StackInputError, layer_named, profile_named
    from kb.stack.model import Constraints
    from kb.stack.present import advice_data
    from kb.stack.query import QUERY, assessment_params

    data = framework_data()
    try:
        chosen = profile_named(data, profile)
        layers = [layer_named(data, text, "layer") for text in layer or []]
    except StackInputError as error:
        raise StackRefused(f"--{error.field}: {error.problem}") from None
    constraints = Constraints(
        layers=tuple(dict.fromkeys(layers)),
        exclude=tuple(exclude or ()),
        categories=tuple(category or ()),
        certifications=tuple(slugify(c) for c in certification or ()),
    )
    [row] = _read(QUERY, assessment_params(data, chosen, [], constraints))
    result = choose(data, chosen, row)
    if output_format is OutputFormat.JSON:
        _out.print_json(json.dumps(advice_data(result)))
        return
    table = Table(title=f"Best vendors for the {result.profile} profile")
    for column in ("layer", "best", "closest (none passes)", "misses"):
        table.add_column(column)
    for x in result.layers:
        table.add_row(
            f"{x.layer} {x.name}",
            x.best.name if x.best else "—",
            x.closest.name if x.closest else "",
            escape("; ".join(x.closest.misses)) if x.closest else "",
        )
    _out.print(table)
    picks = " ".join(f"--pick {p.layer}={p.vendor}" for p in result.picks)
    _out.print(f"As picks: kb stack assess {picks} --profile {result.profile}", markup=False)


app.command()(assess)
app.command()(advise)
