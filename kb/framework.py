"""The framework's reference data (layers, frameworks, dimensions, profiles, the scale rule
and the Stack Builder's severities), loaded from seeds/framework.yaml.

A file that does not hold valid data fails with its problems as `file:line: error: message`,
like an evaluation file, and nothing runs on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kb.errors import ConfigError
from kb.paths import data_dir


class _Ref(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Layer(_Ref):
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    description: str = ""

    @property
    def position(self) -> int:
        return int(self.id[1:])


class Dimension(_Ref):
    letter: str
    name: str
    meaning: str = ""


class Band(_Ref):
    min: int
    max: int
    label: str


class Framework(_Ref):
    id: str
    name: str
    question: str = ""
    dimension_max: int
    total_max: int
    dimensions: tuple[Dimension, ...]
    bands: tuple[Band, ...] = ()

    def dimension(self, letter: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.letter == letter), None)


class Profile(_Ref):
    id: str
    name: str
    source: str = ""  # where the numbers come from
    min_totals: dict[str, int] = Field(default_factory=dict)
    min_dimensions: dict[str, int] = Field(default_factory=dict)  # "INPACT.P" -> 4


class Relabel(_Ref):
    """A maximum that is a source's label: its totals are compared on the framework's own."""

    framework: str
    stated_max: int = Field(gt=0)
    why: str


class ScaleRule(_Ref):
    relabel: tuple[Relabel, ...] = ()
    otherwise: Literal["rescale", "refuse"] = "rescale"

    def relabelled(self, framework_id: str, stated_max: int) -> Relabel | None:
        return next(
            (r for r in self.relabel if r.framework == framework_id and r.stated_max == stated_max),
            None,
        )


FindingKind = Literal[
    "empty_layer",
    "below_threshold",
    "unmitigated_risk",
    "weakly_mitigated_risk",
    "broken_flow",
    "other_scale",
]


class StackSeverities(_Ref):
    empty_layer: str
    below_threshold: str
    broken_flow: str
    other_scale: str
    unmitigated_risk: dict[str, str]  # the risk's severity -> the finding's
    weakly_mitigated_risk: dict[str, str]


class StackRules(_Ref):
    suggestions: int = Field(default=3, ge=0, le=10)
    severities: StackSeverities


class FrameworkData(_Ref):
    layers: tuple[Layer, ...]
    frameworks: tuple[Framework, ...]
    severities: tuple[str, ...]
    fits: tuple[str, ...]
    profiles: tuple[Profile, ...] = ()
    scale_rule: ScaleRule = ScaleRule()
    stack_rules: StackRules

    def profile(self, profile_id: str) -> Profile | None:
        return next((p for p in self.profiles if p.id == profile_id), None)

    def layer(self, layer_id: str) -> Layer | None:
        return next((x for x in self.layers if x.id == layer_id), None)

    def framework(self, framework_id: str) -> Framework | None:
        return next((f for f in self.frameworks if f.id == framework_id), None)

    def resolve_layer(self, text: str) -> Layer | None:
        """'L5', 'Layer 5', 'layer5' or any name or alias (case-insensitive) -> the layer."""
        cleaned = " ".join(text.split()).strip()
        match = re.fullmatch(r"(?i)(?:L|Layer\s*)([1-7])", cleaned)
        if match:
            return self.layer(f"L{match.group(1)}")
        folded = cleaned.casefold()
        for layer in self.layers:
            if folded in {layer.name.casefold(), *(a.casefold() for a in layer.aliases)}:
                return layer
        return None


Problem = tuple[tuple[str | int, ...], str]  # where in the document, and what is wrong


def load_framework(path: Path) -> FrameworkData:
    """The data in `path`, or ConfigError listing every problem as file:line: error: message."""
    text = path.read_text(encoding="utf-8")
    try:
        data = FrameworkData.model_validate(yaml.safe_load(text))
    except (yaml.YAMLError, ValidationError) as error:
        raise _rejected(path, text, _described(error)) from None
    problems = list(_cross_checks(data))
    if problems:
        raise _rejected(path, text, problems)
    return data


def _described(error: yaml.YAMLError | ValidationError) -> list[Problem]:
    if isinstance(error, yaml.YAMLError):
        return [((), f"invalid YAML: {' '.join(str(error).split())}")]
    described: list[Problem] = []
    for item in error.errors():
        loc = tuple(item["loc"])
        where = ".".join(str(p + 1) if isinstance(p, int) else p for p in loc) or "(top level)"
        if item["type"] == "extra_forbidden":
            described.append((loc, f"unknown key {where!r}"))
        elif item["type"] == "missing":
            described.append((loc, f"missing required key {where!r}"))
        else:
            described.append((loc, f"{where}: {item['msg']}"))
    return described


def _cross_checks(data: FrameworkData) -> Iterator[Problem]:
    """What the models cannot see alone: names that must exist elsewhere in the file."""
    frameworks = {f.id: f for f in data.frameworks}
    dimensions = {f"{f.id}.{d.letter}" for f in data.frameworks for d in f.dimensions}
    for i, profile in enumerate(data.profiles):
        for key in profile.min_totals:
            if key not in frameworks:
                yield (
                    ("profiles", i, "min_totals", key),
                    f"profile {profile.id!r}: unknown framework {key!r} "
                    f"(expected {', '.join(frameworks)})",
                )
        for key in profile.min_dimensions:
            if key not in dimensions:
                yield (
                    ("profiles", i, "min_dimensions", key),
                    f"profile {profile.id!r}: unknown dimension {key!r} (expected e.g. INPACT.P)",
                )
    ids = [p.id for p in data.profiles]
    for i, profile_id in enumerate(ids):
        if profile_id in ids[:i]:
            yield (("profiles", i, "id"), f"profile {profile_id!r} is defined twice")
    for i, relabel in enumerate(data.scale_rule.relabel):
        if relabel.framework not in frameworks:
            yield (
                ("scale_rule", "relabel", i, "framework"),
                f"unknown framework {relabel.framework!r} (expected {', '.join(frameworks)})",
            )
    yield from _severity_checks(data.stack_rules.severities, data.severities)


def _severity_checks(severities: StackSeverities, known: tuple[str, ...]) -> Iterator[Problem]:
    where = ("stack_rules", "severities")
    expected = f"expected one of {', '.join(known)}"
    for kind in ("empty_layer", "below_threshold", "broken_flow", "other_scale"):
        value = getattr(severities, kind)
        if value not in known:
            yield ((*where, kind), f"{kind}: unknown severity {value!r} ({expected})")
    for kind in ("unmitigated_risk", "weakly_mitigated_risk"):
        mapping: dict[str, str] = getattr(severities, kind)
        missing = [s for s in known if s not in mapping]
        if missing:
            yield ((*where, kind), f"{kind}: no severity for risks of {', '.join(missing)}")
        for risk, value in mapping.items():
            if risk not in known:
                yield ((*where, kind, risk), f"{kind}: unknown risk severity {risk!r}")
            if value not in known:
                yield ((*where, kind, risk), f"{kind}.{risk}: unknown severity {value!r}")


def _rejected(path: Path, text: str, problems: list[Problem]) -> ConfigError:
    """One line per problem, each with the line of the value it is about."""
    from kb.formats.yamlsafe import load_yaml  # only when the file is wrong
    from kb.problems import FileRejected

    try:
        lines = load_yaml(text, str(path))
    except FileRejected as rejected:
        return ConfigError("\n".join(str(p) for p in rejected.problems))
    return ConfigError(
        "\n".join(f"{path}:{lines.line(loc) or 1}: error: {message}" for loc, message in problems)
    )


@lru_cache(maxsize=1)
def framework_data() -> FrameworkData:
    """The framework shipped in seeds/framework.yaml."""
    return load_framework(data_dir("seeds") / "framework.yaml")
