"""The framework's reference data (layers, frameworks, dimensions, profiles), loaded from seeds/."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

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
    min_totals: dict[str, int] = Field(default_factory=dict)
    min_dimensions: dict[str, int] = Field(default_factory=dict)  # "INPACT.P" -> 4


class FrameworkData(_Ref):
    layers: tuple[Layer, ...]
    frameworks: tuple[Framework, ...]
    severities: tuple[str, ...]
    fits: tuple[str, ...]
    profiles: tuple[Profile, ...] = ()

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


def load_framework(path: Path) -> FrameworkData:
    with path.open(encoding="utf-8") as handle:
        return FrameworkData.model_validate(yaml.safe_load(handle))


@lru_cache(maxsize=1)
def framework_data() -> FrameworkData:
    """The framework shipped in seeds/framework.yaml."""
    return load_framework(data_dir("seeds") / "framework.yaml")
