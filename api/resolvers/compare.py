"""Q5: vendors compared dimension by dimension, with the profiles of seeds/framework.yaml."""

from __future__ import annotations

from api import reads
from api.context import Context
from api.errors import BadUserInput, LimitExceeded
from api.resolvers.arguments import identifier
from api.types.common import Totals, VendorRef
from api.types.compare import Cell, ComparedVendor, Comparison, DimensionRow, ProfileResult
from kb.errors import NotFound
from kb.profiles import check_profile


async def compare(context: Context, slugs: list[str]) -> Comparison:
    if len(slugs) < 2:
        raise BadUserInput(f"argument slugs needs at least 2 vendors, got {len(slugs)}")
    if len(slugs) > context.limits.max_compare:
        raise LimitExceeded(
            f"argument slugs has {len(slugs)} vendors; at most {context.limits.max_compare}"
        )
    if len(set(slugs)) != len(slugs):
        raise BadUserInput("argument slugs names a vendor twice")
    rows = await reads.vendors_compare(context.reader, [identifier(s, "slugs") for s in slugs])
    missing = [row["slug"] for row in rows if row["vendor"] is None]
    if missing:
        raise NotFound(f"no vendor with slug {', '.join(repr(m[:80]) for m in missing)}")
    scores = {row["slug"]: {s["key"]: s for s in row["scores"]} for row in rows}
    compared = [
        ComparedVendor(
            vendor=VendorRef.from_row(row["vendor"]),
            version=row["version"],
            inpact=Totals.from_row(row["vendor"], "inpact"),
            goals=Totals.from_row(row["vendor"], "goals"),
            profiles=_profiles(context, row["vendor"], scores[row["slug"]]),
        )
        for row in rows
    ]
    dimensions = [
        DimensionRow(
            dimension=f"{fw.id}.{d.letter}",
            framework=fw.id,
            letter=d.letter,
            name=d.name,
            cells=[
                _cell(row["slug"], scores[row["slug"]].get(f"{fw.id}.{d.letter}")) for row in rows
            ],
        )
        for fw in context.framework.frameworks
        for d in fw.dimensions
    ]
    return Comparison(vendors=compared, dimensions=dimensions)


def _cell(slug: str, score: dict[str, object] | None) -> Cell:
    if score is None:
        return Cell(slug=slug, score=None, max=None, rationale=None)
    return Cell(
        slug=slug,
        score=score["score"],  # type: ignore[arg-type]
        max=score["max"],  # type: ignore[arg-type]
        rationale=score.get("rationale"),  # type: ignore[arg-type]
    )


def _profiles(
    context: Context, vendor_row: dict[str, object], scores: dict[str, dict[str, object]]
) -> list[ProfileResult]:
    """Each profile: totals (by the scale rule) and per-dimension minima, each checked alone."""
    plain_scores = {key: score.get("score") for key, score in scores.items()}
    results = []
    for profile in context.framework.profiles:
        check = check_profile(context.framework, profile, vendor_row, plain_scores)  # type: ignore[arg-type]
        results.append(
            ProfileResult(
                profile_id=profile.id,
                name=profile.name,
                passes=check.passes,
                failures=[c.reason for c in check.failures],
                scale_notes=check.scale_notes,
            )
        )
    return results
