"""assessStack and adviseStack: arguments checked, one read (read/stack_assessment), graded by
kb.stack."""

from __future__ import annotations

from api import reads
from api.context import Context
from api.errors import BadUserInput, LimitExceeded
from api.resolvers.arguments import identifier, list_size
from api.types.stack import AdviceConstraints, StackAdvice, StackAssessment, StackPickInput
from kb.model import slugify
from kb.stack.grade import advise, assess
from kb.stack.inputs import (
    StackInputError,
    check_picked_vendors,
    checked_picks,
    layer_named,
    profile_named,
)
from kb.stack.model import Constraints
from kb.stack.query import assessment_params


def _argument(error: StackInputError) -> BadUserInput:
    """`argument picks[2].vendor: ...`: the argument, and the item and field at fault."""
    if error.index is None:
        where = error.field
    elif error.field in ("layer", "vendor"):
        where = f"picks[{error.index}].{error.field}"
    else:
        where = f"{error.field}[{error.index}]"
    return BadUserInput(f"argument {where}: {error.problem}")


async def assess_stack(
    context: Context, profile: str, picks: list[StackPickInput]
) -> StackAssessment:
    if len(picks) > context.limits.max_stack_picks:
        raise LimitExceeded(
            f"argument picks has {len(picks)} picks; at most {context.limits.max_stack_picks}"
        )
    data = context.framework
    try:
        chosen = profile_named(data, profile)
        checked = checked_picks(
            data, [(p.layer, p.vendor) for p in picks], context.limits.max_stack_picks
        )
    except StackInputError as error:
        raise _argument(error) from None
    params = assessment_params(data, chosen, checked, Constraints())
    rows = await reads.stack_assessment(context.reader, params)
    try:
        check_picked_vendors(checked, rows["picks"])
    except StackInputError as error:
        raise _argument(error) from None
    return StackAssessment.of(assess(data, chosen, checked, rows))


async def advise_stack(
    context: Context, profile: str, constraints: AdviceConstraints | None
) -> StackAdvice:
    data = context.framework
    given = constraints or AdviceConstraints()
    lists = {
        "constraints.layers": given.layers or [],
        "constraints.excludeVendors": given.exclude_vendors or [],
        "constraints.categories": given.categories or [],
        "constraints.certifications": given.certifications or [],
    }
    for argument, items in lists.items():
        list_size(context, list(items), argument)
    try:
        chosen = profile_named(data, profile)
        layers = [
            layer_named(data, text, "constraints.layers", i)
            for i, text in enumerate(lists["constraints.layers"])
        ]
    except StackInputError as error:
        raise _argument(error) from None
    checked = Constraints(
        layers=tuple(dict.fromkeys(layers)),
        exclude=tuple(
            identifier(s, "constraints.excludeVendors") for s in lists["constraints.excludeVendors"]
        ),
        categories=tuple(
            identifier(c, "constraints.categories") for c in lists["constraints.categories"]
        ),
        certifications=tuple(
            slugify(identifier(c, "constraints.certifications"))
            for c in lists["constraints.certifications"]
        ),
    )
    params = assessment_params(data, chosen, [], checked)
    rows = await reads.stack_assessment(context.reader, params)
    return StackAdvice.of(advise(data, chosen, rows))
