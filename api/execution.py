"""GraphQL execution with a short path for plain leaf fields.

For every field graphql-core builds a resolve info, calls the resolver and walks complete_value;
on a large answer (assessStack: about 2,000 values) that walk is most of the API's own time. A
field that strawberry resolves as a plain attribute (no resolver function, no arguments, no
field extensions) and whose type is a scalar or an enum needs none of it: its value is read by
strawberry's own resolver and serialized by its own type. Anything else takes graphql-core's
path: a null on a non-null field, a value its scalar refuses, an error while reading, and every
field when a schema extension wraps resolvers. Answers and errors are therefore the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    is_leaf_type,
)
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext


@dataclass(frozen=True, slots=True)
class _Leaf:
    resolve: Callable[[Any, Any], Any]  # strawberry's resolver for a plain attribute
    serialize: Callable[[Any], Any]
    nullable: bool


# Per schema (tests build many): (type name, field name) -> its short path, or None.
_LEAVES: WeakKeyDictionary[GraphQLSchema, dict[tuple[str, str], _Leaf | None]] = WeakKeyDictionary()


def _leaf(field: GraphQLField) -> _Leaf | None:
    # strawberry marks the resolver it gives a field without resolver or extensions.
    if field.args or not getattr(field.resolve, "_is_default", False):
        return None
    nullable = not isinstance(field.type, GraphQLNonNull)
    named = field.type if nullable else field.type.of_type  # type: ignore[union-attr]
    if field.resolve is None or not is_leaf_type(named):
        return None
    leaf_type: GraphQLLeafType = named
    return _Leaf(field.resolve, leaf_type.serialize, nullable)


class ExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        middleware = self.middleware_manager
        wraps_resolvers = middleware is not None and bool(middleware.middlewares)
        self._leaves = None if wraps_resolvers else _LEAVES.setdefault(self.schema, {})

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        node = field_details_list[0].node
        if self._leaves is not None and not node.arguments:
            key = (parent_type.name, node.name.value)
            if key not in self._leaves:
                field = self.schema.get_field(parent_type, node.name.value)
                self._leaves[key] = None if field is None else _leaf(field)
            leaf = self._leaves[key]
            if leaf is not None:
                value = _short_path(leaf, source)
                if value is not Undefined:
                    return value
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )


def _short_path(leaf: _Leaf, source: Any) -> Any:
    """The serialized value, or Undefined: then graphql-core's path answers (or raises)."""
    try:
        value = leaf.resolve(source, None)
        if value is None:
            return None if leaf.nullable else Undefined
        serialized = leaf.serialize(value)
    except Exception:  # graphql-core's path reads it again and reports the error
        return Undefined
    return Undefined if serialized is None else serialized  # Undefined stays Undefined
