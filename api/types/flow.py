"""Q6: the flow up and down the stack from a vendor or a layer."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum
class FlowNodeKind(Enum):
    VENDOR = "VENDOR"
    LAYER = "LAYER"


@strawberry.type
class FlowNode:
    kind: FlowNodeKind
    id: str = strawberry.field(description="A vendor slug or a layer id.")
    name: str


@strawberry.type(description="A node reached at `depth` hops; `via` is the node before it.")
class FlowStep:
    node: FlowNode
    depth: int
    via: str
    what: str = strawberry.field(description="What flows on the last hop, as the file says.")


@strawberry.type
class Flow:
    start: FlowNode
    depth: int
    upstream: list[FlowStep]
    downstream: list[FlowStep]
