"""Q4: vendors, filtered and sorted, one Relay page at a time.

Cursors are opaque offsets: simple and stable for a given filter and sort. Deep pages cost a
SKIP on the server; every page also reports totalCount, counted without projecting nodes."""

from __future__ import annotations

import base64
import binascii
import re

from api import reads
from api.context import Context
from api.errors import BadUserInput
from api.resolvers.arguments import dimension_key, layer_id, list_size
from api.taxonomy import score_property
from api.types.common import VendorRef
from api.types.vendors import (
    PageInfo,
    SortDirection,
    VendorConnection,
    VendorEdge,
    VendorFilter,
    VendorSort,
    VendorSortField,
)
from kb.model import slugify

_CURSOR_PREFIX = "vendors:"
_CURSOR = re.compile(re.escape(_CURSOR_PREFIX) + r"[0-9]{1,9}")


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    """The offset after which the next page starts; BadUserInput for anything not ours.

    Only what encode_cursor writes: the prefix and at most 9 digits (int() alone would take
    " 2", "+2" or "2_0", and a 19-digit offset overflows Neo4j's integers in SKIP)."""
    try:
        text = base64.urlsafe_b64decode(cursor.encode()[:64]).decode("ascii")
    except (ValueError, binascii.Error):  # UnicodeDecodeError is a ValueError
        text = ""
    if _CURSOR.fullmatch(text):
        return int(text.removeprefix(_CURSOR_PREFIX))
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
    filters = {
        "layer": layer_id(context.framework, f.layer, "filter.layer"),
        "category": _text(context, f.category, "filter.category"),
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
        "certification": _certification_id(context, f.certification),
        "segment": _text(context, f.segment, "filter.segment"),
        "evaluated": f.evaluated,
    }
    params = reads.page_params(
        filters,
        sort_property=sort_property,
        descending=direction is SortDirection.DESC,
        offset=offset,
        first=size,
    )
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


def _text(context: Context, value: str | None, argument: str) -> str | None:
    return None if value is None else context.limits.free_text(value, argument)


def _certification_id(context: Context, name: str | None) -> str | None:
    """Certification nodes are keyed by slugify(name); a name with nothing to key on (only
    punctuation) is refused rather than read as "no filter"."""
    if name is None:
        return None
    key = slugify(_text(context, name, "filter.certification") or "")
    if not key:
        raise BadUserInput(
            f"argument filter.certification: {name[:60]!r} names no certification "
            "(expected a name such as 'SOC 2 Type II')"
        )
    return key
