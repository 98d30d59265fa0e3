"""Which operation runs: a document with several needs operationName (the GraphQL spec's
rule, which strawberry leaves out: it would run the first)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import DocumentNode, GraphQLError, OperationDefinitionNode, ValidationRule
from strawberry.extensions import SchemaExtension

from api.errors import Code


class _OneOperationUnlessNamed(ValidationRule):
    """Refuses a document with several operations (added only when none is named)."""

    def enter_document(self, node: DocumentNode, *_: Any) -> None:
        operations = [d for d in node.definitions if isinstance(d, OperationDefinitionNode)]
        if len(operations) > 1:
            self.report_error(
                GraphQLError(
                    f"the document has {len(operations)} operations: name the one to run "
                    "in operationName",
                    operations,
                    extensions={"code": Code.BAD_USER_INPUT.value},
                )
            )


class RequireOperationName(SchemaExtension):
    """Adds _OneOperationUnlessNamed to a request that names no operation. The rule is one
    class, so the validation cache keys stay few: with a name and without."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        if context.operation_name is None:
            context.validation_rules = (*context.validation_rules, _OneOperationUnlessNamed)
        yield
