"""The one model of an evaluation: the contract between every file format and the graph.

Parsers only produce an `Evaluation`; the graph writer only consumes it; the canonical YAML is
its dump. Numbers are stored exactly as a file states them: declared totals and maxima are kept
beside the sums computed here, and nothing is rescaled.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Annotated

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StrictBool,
    StrictInt,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Fit(StrEnum):
    STRONG = "strong"
    MODERATE = "moderate"
    WEAK = "weak"


class SourceFormat(StrEnum):
    PAGE = "page"
    SNAPSHOT = "snapshot"
    CANONICAL = "canonical"


_NON_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=16_384)  # a seed slugifies each vendor name ~10 times (references)
def slugify(name: str) -> str:
    """'Apache Kafka (Self-hosted)' -> 'apache-kafka-self-hosted'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NON_SLUG.sub("-", ascii_name.lower()).strip("-")


# What slugify writes. A slug names the vendor's file in `kb convert -o DIR` and `kb export`
# (DIR/<slug>.yaml): '../x' or '/tmp/x' would write outside DIR, '' a hidden '.yaml'.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slug_form(slug: str) -> str:
    """A stated slug, if it has the form slugify writes ('' is left for the name to give)."""
    if slug and not SLUG.fullmatch(slug):
        raise PydanticCustomError(
            "slug",
            "{slug} is not a slug (expected lowercase letters, digits and single hyphens, "
            "as 'apache-kafka')",
            {"slug": repr(slug[:60])},
        )
    return slug


def slug_of(name: str) -> str:
    """slugify(name), refused when the name has no letter or digit to make one of."""
    slug = slugify(name)
    if not slug:
        raise PydanticCustomError(
            "slug",
            "the name {name} gives no slug (it needs a letter or digit; or state a slug)",
            {"name": repr(name[:60])},
        )
    return slug


def short_hash(text: str) -> str:
    """A stable 10-hex-digit id fragment for a piece of text."""
    return hashlib.sha256(" ".join(text.split()).lower().encode()).hexdigest()[:10]


# Scores, maxima and totals: integers as written (strict: '3', yes or 3.0 are not 3), and
# small enough for Neo4j's 64-bit integers; the rules check the ranges that matter (0..max).
ScoreInt = Annotated[int, Strict(), Field(ge=-1_000_000, le=1_000_000)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class VendorIdentity(_Model):
    name: str = Field(min_length=1, max_length=200)
    slug: str = Field(default="", max_length=200)
    aliases: list[str] = Field(default_factory=list, max_length=50)

    _slug_form = field_validator("slug")(slug_form)

    @model_validator(mode="after")
    def _derive_slug(self) -> VendorIdentity:
        self.slug = self.slug or slug_of(self.name)
        return self


class DimensionScore(_Model):
    letter: str = Field(min_length=1, max_length=2)
    name: str | None = None
    score: ScoreInt
    max: ScoreInt
    rationale: str = ""


class FrameworkScore(_Model):
    """One framework's scores as a file states them. A snapshot has totals and no dimensions."""

    framework: str  # "INPACT" | "GOALS"
    declared_total: ScoreInt | None = None
    declared_max: ScoreInt | None = None
    dimensions: list[DimensionScore] = Field(default_factory=list, max_length=20)

    @property
    def computed_total(self) -> int | None:
        return sum(d.score for d in self.dimensions) if self.dimensions else None

    @property
    def computed_max(self) -> int | None:
        return sum(d.max for d in self.dimensions) if self.dimensions else None

    def dimension(self, letter: str) -> DimensionScore | None:
        return next((d for d in self.dimensions if d.letter == letter), None)


class Certification(_Model):
    name: str = Field(min_length=1)
    scope: str | None = None


class IndustryFit(_Model):
    best_suited_for: list[str] = Field(default_factory=list, max_length=100)
    use_with_caution_for: list[str] = Field(default_factory=list, max_length=100)
    certifications_held: list[Certification] = Field(default_factory=list, max_length=100)
    certifications_not_held: list[Certification] = Field(default_factory=list, max_length=100)
    certifications_text: str = ""


class Alternative(_Model):
    name: str = Field(min_length=1)
    slug: str = ""
    rationale: str = ""

    _slug_form = field_validator("slug")(slug_form)

    @model_validator(mode="after")
    def _derive_slug(self) -> Alternative:
        self.slug = self.slug or slug_of(self.name)
        return self


class FlowLink(_Model):
    """One layer named in an Upstream/Downstream sentence, and what flows to or from it."""

    layer: str
    what: str = ""


class Flow(_Model):
    text: str = ""
    links: list[FlowLink] = Field(default_factory=list, max_length=20)


class Integration(_Model):
    role: str = ""
    upstream: Flow = Field(default_factory=Flow)
    downstream: Flow = Field(default_factory=Flow)


class Mitigation(_Model):
    text: str = Field(min_length=1)
    layers: list[str] = Field(default_factory=list, max_length=7)


class Risk(_Model):
    id: str = ""  # derived from the text when a file does not give one
    severity: Severity
    text: str = Field(min_length=1)
    mitigation: Mitigation | None = None
    # Explicit links (canonical files only): who mitigates this risk.
    mitigated_by_vendors: list[str] = Field(default_factory=list, max_length=100)
    mitigated_by_layers: list[str] = Field(default_factory=list, max_length=7)

    @model_validator(mode="after")
    def _derive_id(self) -> Risk:
        if not self.id:
            self.id = short_hash(self.text)
        return self


# A RiskLink's `risk` is an id when it looks like one (no spaces), otherwise the risk's text.
_RISK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class RiskLink(_Model):
    """An explicit link from a canonical file: this vendor mitigates another vendor's risk."""

    vendor: str = Field(min_length=1)  # slug of the vendor whose risk it is
    risk: str  # that risk's id, or its exact text
    note: str = ""

    _slug_form = field_validator("vendor")(slug_form)

    @property
    def risk_id(self) -> str:
        """The id of the risk meant: as written, or the id its text derives (Risk.id)."""
        return self.risk if _RISK_ID.fullmatch(self.risk) else short_hash(self.risk)


class UseCase(_Model):
    fit: Fit
    title: str = Field(min_length=1)
    rationale: str = ""


class StackImpact(_Model):
    layer: str
    text: str


class Provenance(_Model):
    source_file: str = ""
    format: SourceFormat = SourceFormat.CANONICAL
    content_hash: str = ""
    evaluated_at: date | None = None
    source_url: str | None = None
    # When the knowledge base ingested this version: written by `kb export` and restored by
    # `kb seed` from an export; parsers of other files never set it.
    ingested_at: AwareDatetime | None = None
    # True when `kb seed --prune` had retired the vendor: written by `kb export` so that
    # seeding the export keeps it retired; parsers of other files never set it.
    retired: StrictBool | None = None


class Evaluation(_Model):
    vendor: VendorIdentity
    layer: str | None = None
    category: str = ""
    pricing: str = ""
    tagline: str = ""
    analysis: str = ""
    tbi_view: str = ""  # the "Trust Before Intelligence" section
    scores: list[FrameworkScore] = Field(default_factory=list, max_length=5)
    strengths: list[str] = Field(default_factory=list, max_length=200)
    limitations: list[str] = Field(default_factory=list, max_length=200)
    industry_fit: IndustryFit = Field(default_factory=IndustryFit)
    alternatives: list[Alternative] = Field(default_factory=list, max_length=100)
    integration: Integration = Field(default_factory=Integration)
    risks: list[Risk] = Field(default_factory=list, max_length=200)
    mitigates: list[RiskLink] = Field(default_factory=list, max_length=200)
    use_cases: list[UseCase] = Field(default_factory=list, max_length=200)
    stack_impact: list[StackImpact] = Field(default_factory=list, max_length=50)
    watch_for: list[str] = Field(default_factory=list, max_length=200)
    poc_checklist: list[str] = Field(default_factory=list, max_length=200)
    provenance: Provenance = Field(default_factory=Provenance)
    # Earlier ingested versions, oldest first: only `kb export` writes them (the score timeline).
    history: list[PastVersion] = Field(default_factory=list, max_length=1000)

    def framework(self, framework_id: str) -> FrameworkScore | None:
        return next((s for s in self.scores if s.framework == framework_id), None)

    def content(self) -> dict[str, object]:
        """Everything but provenance and history: what 'equal evaluations' compares."""
        return self.model_dump(mode="json", exclude={"provenance", "history"})


class PastVersion(_Model):
    """An earlier version of a vendor's evaluation as the knowledge base stored it."""

    version: StrictInt = Field(ge=1)
    ingested_at: AwareDatetime
    evaluation: Evaluation


Evaluation.model_rebuild()
