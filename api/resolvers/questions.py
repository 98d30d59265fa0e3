"""The nine questions' resolvers. Each checks its arguments, then makes exactly one read."""

from __future__ import annotations

import base64
import binascii

from api import reads
from api.context import Context
from api.errors import BadUserInput, LimitExceeded
from api.fulltext import lucene_query
from api.resolvers.arguments import bounded, dimension_key, identifier, layer_id, list_size
from api.taxonomy import score_property
from api.types.common import Totals, VendorRef, as_date
from api.types.compare import Cell, ComparedVendor, Comparison, DimensionRow, ProfileResult
from api.types.evaluation import Alternatives, VendorEvaluation
from api.types.flow import Flow, FlowNode, FlowNodeKind, FlowStep
from api.types.layers import LayerOverview
from api.types.mitigation import RiskMitigation
from api.types.quality import DataQuality, StaleEvaluation, Stub, TotalMismatch
from api.types.search import SearchField, SearchHit
from api.types.vendors import (
    PageInfo,
    SortDirection,
    VendorConnection,
    VendorEdge,
    VendorFilter,
    VendorSort,
    VendorSortField,
)
from kb.errors import NotFound


async def mitigating_tools(
    context: Context,
    risk_id: str | None,
    risk_text: str | None,
    layer: str | None,
    first: int | None,
    max_risks: int,
) -> list[RiskMitigation]:
    if (risk_id is None) == (risk_text is None):
        raise BadUserInput("give exactly one of the arguments riskId and riskText")
    query = None
    if risk_text is not None:
        query = lucene_query(risk_text, "riskText", context.limits.max_search_text)
    rows = await reads.risk_mitigators(
        context.reader,
        context.taxonomy,
        risk_id=identifier(risk_id, "riskId") if risk_id is not None else None,
        risk_query=query,
        layer=layer_id(context.framework, layer),
        max_risks=bounded(max_risks, "maxRisks", 1, 10),
        first=context.limits.page_size(first),
    )
    if risk_id is not None and not rows:
        raise NotFound(f"no risk with id {risk_id[:80]!r}")
    keys = {score_property(key): key for key in _dimension_keys(context)}
    return [RiskMitigation.from_row(row, keys) for row in rows]


async def vendor(context: Context, slug: str) -> VendorEvaluation:
    row = await reads.vendor_evaluation(
        context.reader, identifier(slug, "slug"), context.limits.max_page_size
    )
    if row is None:
        raise NotFound(f"no vendor with slug {slug[:80]!r}")
    return VendorEvaluation.from_row(row)


async def alternatives(context: Context, slug: str) -> Alternatives:
    row = await reads.vendor_alternatives(
        context.reader, identifier(slug, "slug"), context.limits.max_page_size
    )
    if row is None:
        raise NotFound(f"no vendor with slug {slug[:80]!r}")
    return Alternatives.from_row(row)


_CURSOR_PREFIX = "vendors:"


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    """The offset after which the next page starts; BadUserInput for anything not ours."""
    try:
        text = base64.urlsafe_b64decode(cursor.encode()[:64]).decode()
        if text.startswith(_CURSOR_PREFIX):
            offset = int(text.removeprefix(_CURSOR_PREFIX))
            if offset >= 0:
                return offset
    except (ValueError, binascii.Error, UnicodeDecodeError):
        pass
    raise BadUserInput("argument after is not a cursor returned by this API")


_SORT_PROPERTIES = {
    VendorSortField.NAME: "name",
    VendorSortField.INPACT_TOTAL: "inpactTotal",
    VendorSortField.GOALS_TOTAL: "goalsTotal",
}


async def vendors(
    context: Context,
    filter: VendorFilter | None,
    sort: VendorSort | None,
    first: int | None,
    after: str | None,
) -> VendorConnection:
    size = context.limits.page_size(first)
    offset = decode_cursor(after) + 1 if after is not None else 0
    f = filter or VendorFilter()
    s = sort or VendorSort()
    if s.field is VendorSortField.DIMENSION:
        if s.dimension is None:
            raise BadUserInput("sort.dimension is required when sort.field is DIMENSION")
        sort_property = score_property(
            dimension_key(context.framework, s.dimension, "sort.dimension")
        )
    else:
        sort_property = _SORT_PROPERTIES[s.field]
    direction = s.direction or (
        SortDirection.ASC if s.field is VendorSortField.NAME else SortDirection.DESC
    )
    if s.field is VendorSortField.NAME and direction is SortDirection.DESC:
        raise BadUserInput("sorting by NAME is ascending only")
    min_scores = f.min_scores or []
    list_size(context, list(min_scores), "filter.minScores")
    params = {
        "layer": layer_id(context.framework, f.layer, "filter.layer"),
        "category": _text(f.category, "filter.category"),
        "minInpact": f.min_inpact_total,
        "minGoals": f.min_goals_total,
        "minScores": [
            {
                "property": score_property(
                    dimension_key(context.framework, m.dimension, "filter.minScores.dimension")
                ),
                "min": m.min,
            }
            for m in min_scores
        ],
        "certification": _certification_id(f.certification),
        "segment": _text(f.segment, "filter.segment"),
        "evaluated": f.evaluated,
        "sortProperty": sort_property,
        "descending": direction is SortDirection.DESC,
        "offset": offset,
        "first": size,
    }
    row = await reads.vendors_page(context.reader, params)
    page = row["vendors"]
    edges = [
        VendorEdge(cursor=encode_cursor(offset + i), node=VendorRef.from_row(v))
        for i, v in enumerate(page[:size])
    ]
    return VendorConnection(
        total_count=row["totalCount"],
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(page) > size,
            has_previous_page=offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )


def _text(value: str | None, argument: str) -> str | None:
    if value is not None and len(value) > 200:
        raise BadUserInput(f"argument {argument} is longer than 200 characters")
    return value


def _certification_id(name: str | None) -> str | None:
    from kb.model import slugify

    return slugify(_text(name, "filter.certification") or "") or None if name is not None else None


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
    """Each profile: totals and per-dimension minima, every one checked independently."""
    results = []
    for profile in context.framework.profiles:
        failures = []
        for framework_id, minimum in profile.min_totals.items():
            total = vendor_row.get(f"{framework_id.lower()}Total")
            if total is None:
                failures.append(f"{framework_id} total unscored (needs {minimum})")
            elif total < minimum:  # type: ignore[operator]
                failures.append(f"{framework_id} total {total} < {minimum}")
        for key, minimum in profile.min_dimensions.items():
            score = scores.get(key, {}).get("score")
            if score is None:
                failures.append(f"{key} unscored (needs {minimum})")
            elif score < minimum:  # type: ignore[operator]
                failures.append(f"{key} {score} < {minimum}")
        results.append(
            ProfileResult(
                profile_id=profile.id, name=profile.name, passes=not failures, failures=failures
            )
        )
    return results


async def flow(context: Context, vendor: str | None, layer: str | None, depth: int) -> Flow:
    if (vendor is None) == (layer is None):
        raise BadUserInput("give exactly one of the arguments vendor and layer")
    if depth < 1 or depth > context.limits.max_flow_depth:
        raise LimitExceeded(
            f"argument depth={depth} must be between 1 and {context.limits.max_flow_depth}"
        )
    row = await reads.flow(
        context.reader,
        vendor=identifier(vendor, "vendor") if vendor is not None else None,
        layer=layer_id(context.framework, layer),
        depth=depth,
        max_items=context.limits.max_page_size * 2,
    )
    if row is None:
        raise NotFound(f"no vendor with slug {vendor[:80]!r}" if vendor else f"no layer {layer!r}")
    steps = [
        FlowStep(
            node=FlowNode(kind=FlowNodeKind(s["kind"]), id=s["id"], name=s["name"] or s["id"]),
            depth=s["depth"],
            via=s["viaId"],
            what=s.get("what") or "",
        )
        for s in row["steps"]
    ]
    start = FlowNode(kind=FlowNodeKind(row["kind"]), id=row["id"], name=row["name"] or row["id"])
    return Flow(
        start=start,
        depth=depth,
        upstream=[
            s for s, raw in zip(steps, row["steps"], strict=True) if raw["direction"] == "UPSTREAM"
        ],
        downstream=[
            s
            for s, raw in zip(steps, row["steps"], strict=True)
            if raw["direction"] == "DOWNSTREAM"
        ],
    )


async def search(context: Context, text: str, first: int | None) -> list[SearchHit]:
    query = lucene_query(text, "text", context.limits.max_search_text)
    rows = await reads.search(context.reader, query, context.limits.page_size(first))
    return [
        SearchHit(
            field=SearchField(row["field"]),
            score=float(row["score"]),
            text=row.get("text") or "",
            detail=row.get("detail"),
            vendor=VendorRef.from_row(row["vendor"]),
        )
        for row in rows
    ]


async def data_quality(context: Context, older_than_days: int) -> DataQuality:
    bounded(older_than_days, "olderThanDays", 0, 36500)
    row = await reads.data_quality(context.reader, older_than_days, context.limits.max_page_size)
    return DataQuality(
        total_mismatches=[
            TotalMismatch(
                vendor=VendorRef.from_row(m["vendor"]),
                evaluation_id=m["evaluationId"],
                inpact_declared=m.get("inpactDeclared"),
                inpact_computed=m.get("inpactComputed"),
                goals_declared=m.get("goalsDeclared"),
                goals_computed=m.get("goalsComputed"),
            )
            for m in row["totalMismatches"]
        ],
        stub_count=row["stubCount"],
        stubs=[
            Stub(slug=s["slug"], name=s.get("name") or s["slug"], linked_from=list(s["linkedFrom"]))
            for s in row["stubs"]
        ],
        stale=[
            StaleEvaluation(
                vendor=VendorRef.from_row(s["vendor"]),
                evaluation_id=s["evaluationId"],
                evaluated_at=as_date(s["evaluatedAt"]),  # type: ignore[arg-type]
                age_days=s["ageDays"],
            )
            for s in row["stale"]
        ],
    )


async def layers(context: Context, top: int) -> list[LayerOverview]:
    bounded(top, "top", 0, context.limits.max_page_size)
    rows = await reads.layers_overview(context.reader, top)
    return [
        LayerOverview(
            id=row["layer"]["id"],
            name=row["layer"]["name"],
            position=row["layer"]["position"],
            description=row["layer"].get("description") or "",
            aliases=list(row["layer"].get("aliases") or []),
            below=row["below"],
            above=row["above"],
            vendor_count=row["vendorCount"],
            average_inpact_total=row["avgInpact"],
            best_inpact_total=row["bestInpact"],
            average_goals_total=row["avgGoals"],
            best_goals_total=row["bestGoals"],
            top_vendors=[VendorRef.from_row(v) for v in row["topVendors"]],
        )
        for row in rows
    ]


def _dimension_keys(context: Context) -> list[str]:
    return [f"{f.id}.{d.letter}" for f in context.framework.frameworks for d in f.dimensions]
