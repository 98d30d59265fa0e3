"""Validate evaluation files: every problem in one pass, and the evaluations that passed.

This is the interface the seeder calls: `validate_paths(paths)` reads files and folders,
detects each file's format by content, parses it, applies the rules, resolves vendor names to
one slug across files, and returns a ValidationReport.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kb.formats.identity import Identity
from kb.formats.load import NotAnEvaluation, load_file
from kb.formats.names import NameConflict, NameResolver
from kb.formats.rules import check_evaluation
from kb.formats.vocabulary import vendor_aliases
from kb.framework import framework_data
from kb.model import (
    Alternative,
    Evaluation,
    Risk,
    RiskLink,
    Severity,
    VendorIdentity,
    slugify,
)
from kb.problems import FileRejected, Problem
from kb.walk import walk_files

__all__ = ["LoadedEvaluation", "Problem", "ValidationReport", "validate_paths"]

# In folders, failures of files with these suffixes are errors; other files are skipped (info).
EVALUATION_SUFFIXES = frozenset({".txt", ".yaml", ".yml", ".json"})


@dataclass
class LoadedEvaluation:
    """One evaluation and where its values are in its file.

    `lines` maps a value's key to its 1-based line: "vendor", "layer", "scores.INPACT" (the
    declared total), "scores.INPACT.P", "risks.1" (1-based item numbers), "risks.1.mitigation",
    "alternatives.2", "use_cases.3", "stack_impact.1", "strengths.4", ...
    """

    evaluation: Evaluation
    path: Path
    lines: Mapping[str, int] = field(default_factory=dict)  # canonical files: found on demand

    def line(self, key: str) -> int | None:
        return self.lines.get(key)


@dataclass
class ValidationReport:
    evaluations: list[LoadedEvaluation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed_files(self) -> list[str]:
        """Files with at least one error, in the order first reported."""
        return list(dict.fromkeys(p.file for p in self.problems if p.level == "error"))

    @property
    def ok(self) -> bool:
        return not any(p.level == "error" for p in self.problems)

    def by_file(self) -> dict[Path, list[LoadedEvaluation]]:
        """Evaluations grouped per file: the seeder writes one transaction per file."""
        groups: dict[Path, list[LoadedEvaluation]] = {}
        for loaded in self.evaluations:
            groups.setdefault(loaded.path, []).append(loaded)
        return groups


def _skipped(rejected: FileRejected, explicit: bool, path: Path) -> list[Problem]:
    """A folder's unrelated files are reported as info; files named explicitly as errors."""
    if explicit or (
        path.suffix.lower() in EVALUATION_SUFFIXES and not isinstance(rejected, NotAnEvaluation)
    ):
        return rejected.problems
    return [
        Problem(p.file, p.line, "info", f"skipped: {p.message}")
        for p in rejected.problems
        if p.level == "error"
    ][:1]


def read_one_file(
    path: Path, explicit: bool, max_file_bytes: int
) -> tuple[list[Problem], list[LoadedEvaluation]]:
    """One file's problems and evaluations: parsing and the rules that need no other file."""
    display = str(path)
    try:
        parsed = load_file(path, max_file_bytes=max_file_bytes, display=display)
    except FileRejected as rejected:
        return _skipped(rejected, explicit, path), []
    data = framework_data()
    problems = list(parsed.problems)
    loaded = []
    for item in parsed.evaluations:
        # Rules first without lines (finding a canonical file's lines costs a second
        # parse); only an evaluation with a problem is checked again to locate them.
        checked = check_evaluation(item.evaluation, {}, display, data)
        if checked.problems:
            checked = check_evaluation(item.evaluation, item.lines, display, data)
        problems.extend(checked.problems)
        loaded.append(LoadedEvaluation(item.evaluation, path, item.lines))
    return problems, loaded


def _resolve_names(loaded: list[LoadedEvaluation], out: list[Problem]) -> None:
    """Give every vendor and every vendor reference one slug; report clashes and stubs."""
    resolver = NameResolver(vendor_aliases().vendor_aliases)
    owners: dict[str, list[LoadedEvaluation]] = {}
    for item in loaded:
        vendor = item.evaluation.vendor
        derived = vendor.slug == slugify(vendor.name)
        slug = resolver.resolve(vendor.name) if derived else vendor.slug
        try:
            resolver.declare(slug, [vendor.name, *vendor.aliases])
        except NameConflict as clash:
            out.append(
                Problem(str(item.path), item.line("vendor"), "error", f"{vendor.name}: {clash}")
            )
        vendor.slug = slug
        owners.setdefault(slug, []).append(item)
    for slug, items in owners.items():
        for item in items:
            vendor = item.evaluation.vendor
            vendor.aliases = [n for n in resolver.names(slug) if n != vendor.name]
            others = [_place(o) for o in items if o is not item]
            if others:
                out.append(
                    Problem(
                        str(item.path),
                        item.line("vendor"),
                        "error",
                        f"vendor '{vendor.name}' ({slug}) is evaluated more than once: "
                        f"{_place(item)} and {', '.join(others)}",
                    )
                )
    evaluated = set(owners)  # once: per item it made the pass quadratic (6 s at 10,000)
    for item in loaded:
        _resolve_references(item, resolver, evaluated, out)
    risk_ids = {
        slug: {risk.id for item in items for risk in item.evaluation.risks}
        for slug, items in owners.items()
    }
    for item in loaded:
        _check_risk_links(item, risk_ids, out)


def _check_risk_links(
    item: LoadedEvaluation, risk_ids: dict[str, set[str]], out: list[Problem]
) -> None:
    """A `mitigates` link to a vendor evaluated in this run must name one of its risks: any
    other id would be written as a bare risk that no file describes."""
    for index, link in enumerate(item.evaluation.mitigates, start=1):
        owned = risk_ids.get(link.vendor)
        if owned is None or link.risk_id in owned:
            continue  # not evaluated here (a stub, or seeded before): nothing to compare
        shown = link.risk if len(link.risk) <= 60 else link.risk[:57] + "..."
        out.append(
            Problem(
                str(item.path),
                _nearest_line(item, f"mitigates.{index}"),
                "warning",
                f"mitigates.{index}: {link.vendor} has no risk '{shown}' (a link gives a "
                "risk's id, as kb convert shows it, or the exact text of a risk whose id is not "
                "stated; a text without spaces is read as an id): it will point at a bare risk",
            )
        )


def _resolve_references(
    item: LoadedEvaluation, resolver: NameResolver, evaluated: set[str], out: list[Problem]
) -> None:
    for name, slug, key, what in _references(item.evaluation, resolver):
        if slug not in evaluated:
            out.append(
                Problem(
                    str(item.path),
                    _nearest_line(item, key),
                    "info",
                    f"{what} '{name}' ({slug}) is not evaluated by any file: "
                    "it becomes a stub vendor",
                )
            )


def _nearest_line(item: LoadedEvaluation, key: str) -> int | None:
    """The line of `key` ('risks.2.mitigated_by_vendors.1'), or of its nearest ancestor that
    has one (a key without a line of its own: a snapshot's entries share one)."""
    while True:
        line = item.line(key)
        if line is not None or "." not in key:
            return line
        key = key.rsplit(".", 1)[0]


def _references(evaluation: Evaluation, resolver: NameResolver) -> list[tuple[str, str, str, str]]:
    """Give each vendor reference its slug; (name, slug, line key, what) for each."""
    found = []
    for index, alternative in enumerate(evaluation.alternatives, start=1):
        if alternative.slug == slugify(alternative.name):
            alternative.slug = resolver.resolve(alternative.name)
        found.append((alternative.name, alternative.slug, f"alternatives.{index}", "alternative"))
    for index, link in enumerate(evaluation.mitigates, start=1):
        name, link.vendor = link.vendor, resolver.resolve(link.vendor)
        found.append((name, link.vendor, f"mitigates.{index}", "mitigated vendor"))
    for index, risk in enumerate(evaluation.risks, start=1):
        names = risk.mitigated_by_vendors
        risk.mitigated_by_vendors = [resolver.resolve(v) for v in names]
        for number, (name, slug) in enumerate(
            zip(names, risk.mitigated_by_vendors, strict=True), 1
        ):
            key = f"risks.{index}.mitigated_by_vendors.{number}"
            found.append((name, slug, key, "mitigating vendor"))
    return found


def _place(item: LoadedEvaluation) -> str:
    """'file:line' of an evaluation's vendor, or 'file' when its line is not known."""
    line = item.line("vendor")
    return f"{item.path}:{line}" if line is not None else str(item.path)


def validate_paths(paths: Sequence[Path], *, max_file_bytes: int = 1_000_000) -> ValidationReport:
    """Read every evaluation file under `paths` (files or folders) and report all problems.

    - Formats are detected by content: vendor page, score snapshot or canonical YAML/JSON.
    - One snapshot file gives many evaluations; they share one `path` (the seeder writes one
      transaction per file, see `ValidationReport.by_file`).
    - Evaluations from files with any error are NOT in `.evaluations`; files without errors
      are, with their warnings and infos in `.problems`.
    - Files in folders that are not evaluations are skipped and reported as info.
    - Vendor and alternative slugs are resolved across files (declared aliases and
      seeds/aliases.yaml), so the same vendor has one slug everywhere.
    - Never raises for bad input: unreadable files become problems.
    """
    walk_problems: list[Problem] = []
    problems: list[Problem] = []
    loaded: list[LoadedEvaluation] = []
    # Files are read one after the other: worker processes were measured no faster on this
    # project's 2 shared cores (moving every parsed evaluation back costs what they save).
    for path, explicit in walk_files(paths, walk_problems):
        file_problems, evaluations = read_one_file(path, explicit, max_file_bytes)
        problems.extend(file_problems)
        loaded.extend(evaluations)
    return finish_report(loaded, problems, walk_problems)


def finish_report(
    loaded: list[LoadedEvaluation], problems: list[Problem], walk_problems: list[Problem]
) -> ValidationReport:
    """The cross-file pass over every file's evaluations and problems, in file order."""
    problems = [*problems, *walk_problems]
    _resolve_names(loaded, problems)
    order = {str(item.path): index for index, item in enumerate(loaded)}
    problems.sort(key=lambda p: (order.get(p.file, len(order)), p.file, p.line or 0))
    failed = {p.file for p in problems if p.level == "error"}
    report = ValidationReport(problems=problems)
    report.evaluations = [item for item in loaded if str(item.path) not in failed]
    return report


# Early name resolution: the seeder writes files while it still parses later ones. What a
# file writes depends on other files only through names (its references' slugs, duplicate
# vendors), so it may be written early only when the end result cannot differ, whichever
# later files fail to parse. That holds when (checked on every file's vendor block first):
# no name or slug is claimed by two files, and every vendor's names are ASCII and slugify to
# its slug. Removing any file's names then leaves every other vendor's slug as it was, and an
# ASCII reference resolves to the same slug with or without them.


def early_names(
    identities: Sequence[Identity | None],
) -> tuple[NameResolver, list[str]] | None:
    """The resolver `_resolve_names` ends with and each file's vendor slug, from the files'
    vendor blocks alone, when early resolution is safe (above); None when it is not."""
    resolver = NameResolver(vendor_aliases().vendor_aliases)
    slugs: dict[str, None] = {}
    for identity in identities:
        if identity is None:
            return None
        slug = identity.slug or slugify(identity.name)
        if slug == slugify(identity.name):
            slug = resolver.resolve(identity.name)
        names = [identity.name, *identity.aliases]
        if not slug or slug in slugs:
            return None
        if not all(name.isascii() and slugify(name) == slug for name in names):
            return None
        try:
            resolver.declare(slug, names)
        except NameConflict:
            return None
        slugs[slug] = None
    return resolver, list(slugs)


def reference_names(evaluation: Evaluation) -> list[str]:
    """Every vendor name an evaluation refers to (before resolution)."""
    return [
        *(a.name for a in evaluation.alternatives),
        *(link.vendor for link in evaluation.mitigates),
        *(v for risk in evaluation.risks for v in risk.mitigated_by_vendors),
    ]


def resolve_early(evaluation: Evaluation, resolver: NameResolver) -> bool:
    """Resolve one evaluation's names with `early_names`' resolver, exactly as
    `_resolve_names` will at the end; False (and nothing changed) when a reference is not
    ASCII, as its slug could still change."""
    if not all(name.isascii() for name in reference_names(evaluation)):
        return False
    vendor = evaluation.vendor
    if vendor.slug == slugify(vendor.name):
        vendor.slug = resolver.resolve(vendor.name)
    vendor.aliases = [n for n in resolver.names(vendor.slug) if n != vendor.name]
    _references(evaluation, resolver)
    return True


# An evaluation's names only: (vendor name, slug, aliases), alternatives (name, slug),
# mitigated risks (vendor, risk), and each risk's id and mitigating vendors. Cheap to send
# between processes.
NameFacts = tuple[
    tuple[str, str, tuple[str, ...]],
    tuple[tuple[str, str], ...],
    tuple[tuple[str, str], ...],
    tuple[tuple[str, tuple[str, ...]], ...],
]


def name_facts(evaluation: Evaluation) -> NameFacts:
    vendor = evaluation.vendor
    return (
        (vendor.name, vendor.slug, tuple(vendor.aliases)),
        tuple((a.name, a.slug) for a in evaluation.alternatives),
        tuple((link.vendor, link.risk) for link in evaluation.mitigates),
        tuple((risk.id, tuple(risk.mitigated_by_vendors)) for risk in evaluation.risks),
    )


def names_only(facts: NameFacts) -> Evaluation:
    """An evaluation holding nothing but these names: enough for the cross-file pass.
    (Every field is given: model_construct's defaults cost more than the rest together.)"""
    (name, slug, aliases), alternatives, mitigates, risks = facts
    vendor = VendorIdentity.model_construct(name=name, slug=slug, aliases=list(aliases))
    return _EMPTY.model_copy(
        update={
            "vendor": vendor,
            "alternatives": [
                Alternative.model_construct(name=n, slug=s, rationale="") for n, s in alternatives
            ],
            "mitigates": [
                RiskLink.model_construct(vendor=v, risk=risk, note="") for v, risk in mitigates
            ],
            "risks": [
                Risk.model_construct(
                    id=risk_id,
                    severity=Severity.LOW,
                    text="",
                    mitigation=None,
                    mitigated_by_vendors=list(by),
                    mitigated_by_layers=[],
                )
                for risk_id, by in risks
            ],
        }
    )


_EMPTY = Evaluation.model_construct(
    vendor=VendorIdentity.model_construct(name="", slug="", aliases=[])
)
