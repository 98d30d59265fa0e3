"""Q1: tools that mitigate a risk."""

from __future__ import annotations

from api import reads
from api.context import Context
from api.errors import BadUserInput
from api.fulltext import lucene_query
from api.resolvers.arguments import bounded, identifier, layer_id
from api.types.mitigation import RiskMitigation
from kb.errors import NotFound
from kb.graph.score_properties import SCORE_PROPERTIES

# Score property -> dimension key, to name the dimensions of DIMENSION evidence.
_DIMENSION_OF = {prop: key for key, prop in SCORE_PROPERTIES.items()}


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
        query = lucene_query(risk_text, "riskText", context.limits)
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
    return [RiskMitigation.from_row(row, _DIMENSION_OF) for row in rows]
