"""The strawberry Schema: the Query type (one root field per question) and its extensions.

Extensions, in order: query limits (tokens before parsing; depth, aliases and root fields as
validation rules), operationName required when a document has several operations, parsed
and validated document caches, metrics, and — in production — no introspection. Errors are
shaped once, at the HTTP layer (api.router.KbGraphQLRouter). Plain fields are executed by
api.execution's short path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig

from api.context import Info
from api.execution import ExecutionContext
from api.limits import Limits, limit_extensions
from api.metrics import MeasureOperations, Metrics
from api.operation_name import RequireOperationName
from api.resolvers import compare as q5
from api.resolvers import flow as q6
from api.resolvers import layers as q9
from api.resolvers import mitigation as q1
from api.resolvers import quality as q8
from api.resolvers import search as q7
from api.resolvers import stack
from api.resolvers import vendor as q2_q3
from api.resolvers import vendors as q4
from api.types.compare import Comparison
from api.types.evaluation import Alternatives, VendorEvaluation
from api.types.flow import Flow
from api.types.layers import LayerOverview
from api.types.mitigation import RiskMitigation
from api.types.quality import DataQuality
from api.types.search import SearchHit
from api.types.stack import AdviceConstraints, StackAdvice, StackAssessment, StackPickInput
from api.types.vendors import VendorConnection, VendorFilter, VendorSort

DOCUMENT_CACHE_SIZE = 256


async def _mitigating_tools(
    info: Info,
    risk_id: str | None = None,
    risk_text: str | None = None,
    layer: str | None = None,
    first: int | None = None,
    max_risks: int = 3,
) -> list[RiskMitigation]:
    return await q1.mitigating_tools(info.context, risk_id, risk_text, layer, first, max_risks)


async def _vendor(info: Info, slug: str) -> VendorEvaluation:
    return await q2_q3.vendor(info.context, slug)


async def _alternatives(info: Info, slug: str) -> Alternatives:
    return await q2_q3.alternatives(info.context, slug)


async def _vendors(
    info: Info,
    filter: VendorFilter | None = None,
    sort: VendorSort | None = None,
    first: int | None = None,
    after: str | None = None,
) -> VendorConnection:
    return await q4.vendors(info.context, filter, sort, first, after)


async def _compare(info: Info, slugs: list[str]) -> Comparison:
    return await q5.compare(info.context, slugs)


async def _flow(
    info: Info, vendor: str | None = None, layer: str | None = None, depth: int = 1
) -> Flow:
    return await q6.flow(info.context, vendor, layer, depth)


async def _search(info: Info, text: str, first: int | None = None) -> list[SearchHit]:
    return await q7.search(info.context, text, first)


async def _data_quality(info: Info, older_than_days: int = 365) -> DataQuality:
    return await q8.data_quality(info.context, older_than_days)


async def _layers(info: Info, top: int = 3) -> list[LayerOverview]:
    return await q9.layers(info.context, top)


async def _assess_stack(info: Info, profile: str, picks: list[StackPickInput]) -> StackAssessment:
    return await stack.assess_stack(info.context, profile, picks)


async def _advise_stack(
    info: Info, profile: str, constraints: AdviceConstraints | None = None
) -> StackAdvice:
    return await stack.advise_stack(info.context, profile, constraints)


@strawberry.type(
    description="Questions the Trust Before Intelligence knowledge base answers. Root fields "
    "are nullable: a field that fails is null with its error, the others still answer."
)
class Query:
    mitigating_tools: list[RiskMitigation] | None = strawberry.field(
        resolver=_mitigating_tools,
        description="Q1: tools that mitigate a risk, ranked, each with its evidence. Give the "
        "risk by id or by free text (the best full-text matches, up to maxRisks).",
    )
    vendor: VendorEvaluation | None = strawberry.field(
        resolver=_vendor, description="Q2: a vendor's whole evaluation, by slug."
    )
    alternatives: Alternatives | None = strawberry.field(
        resolver=_alternatives, description="Q3: alternatives to a vendor, in both directions."
    )
    vendors: VendorConnection | None = strawberry.field(
        resolver=_vendors,
        description="Q4: vendors, filtered and sorted, as a Relay connection with totalCount.",
    )
    compare: Comparison | None = strawberry.field(
        resolver=_compare, description="Q5: 2 to 10 vendors compared dimension by dimension."
    )
    flow: Flow | None = strawberry.field(
        resolver=_flow,
        description="Q6: what is upstream and downstream of a vendor or a layer, to a depth.",
    )
    search: list[SearchHit] | None = strawberry.field(
        resolver=_search,
        description="Q7: full-text search over vendor names, rationales, risks and mitigations.",
    )
    data_quality: DataQuality | None = strawberry.field(
        resolver=_data_quality,
        description="Q8: declared totals that disagree with their dimensions, stubs, and "
        "evaluations older than olderThanDays.",
    )
    layers: list[LayerOverview] | None = strawberry.field(
        resolver=_layers, description="Q9: the seven layers with counts, totals and top vendors."
    )
    assess_stack: StackAssessment | None = strawberry.field(
        resolver=_assess_stack,
        description="Stack Builder: a stack (vendor picks per layer; a layer may be empty) "
        "graded against a profile: findings per layer with suggestions, a build order and a "
        "summary.",
    )
    advise_stack: StackAdvice | None = strawberry.field(
        resolver=_advise_stack,
        description="Vendor Advisor: the best vendor passing a profile per layer, within the "
        "constraints; where none passes, the closest and what it misses.",
    )


ROOT_FIELDS = frozenset(
    {
        "mitigatingTools",
        "vendor",
        "alternatives",
        "vendors",
        "compare",
        "flow",
        "search",
        "dataQuality",
        "layers",
        "assessStack",
        "adviseStack",
    }
)


class KbSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """No logging here: api.errors logs unexpected errors once, with their traceback;
        a client's own mistakes (validation, limits, not found) are not server errors."""


def build_schema(
    limits: Limits | None = None, *, production: bool = False, metrics: Metrics | None = None
) -> strawberry.Schema:
    limits = limits or Limits()
    extensions: list[Callable[[], SchemaExtension]] = [
        *limit_extensions(limits),
        RequireOperationName,
        lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
    ]
    if metrics is not None:
        extensions.append(lambda: MeasureOperations(metrics, ROOT_FIELDS))
    if production:
        extensions.append(DisableIntrospection)
    return KbSchema(
        query=Query,
        extensions=extensions,
        config=StrawberryConfig(disable_field_suggestions=production),
        execution_context_class=ExecutionContext,
    )


def sdl() -> str:
    """The schema in SDL, as `kb schema` prints it and schema.graphql holds it."""
    return build_schema().as_str() + "\n"
