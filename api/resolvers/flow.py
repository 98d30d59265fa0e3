"""Q6: upstream and downstream of a vendor or a layer."""

from __future__ import annotations

from api import reads
from api.context import Context
from api.errors import BadUserInput
from api.resolvers.arguments import bounded, identifier, layer_id
from api.types.flow import Flow, FlowNode, FlowNodeKind, FlowStep
from kb.errors import NotFound


async def flow(context: Context, vendor: str | None, layer: str | None, depth: int) -> Flow:
    if (vendor is None) == (layer is None):
        raise BadUserInput("give exactly one of the arguments vendor and layer")
    bounded(depth, "depth", 1, context.limits.max_flow_depth)
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
