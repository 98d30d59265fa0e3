"""GraphQL execution with a short path for plain leaf fields.

For every field graphql-core builds a resolve info, calls the resolver and walks complete_value;
on a large answer (assessStack: about 2,000 values) that walk is most of the API's own time. A
field that strawberry resolves as a plain attribute (no resolver function, no arguments, no
field extensions) and whose type is a scalar or an enum, or a list of them, needs none of it:
its value is read by strawberry's own resolver and serialized by its own type. Anything else
takes graphql-core's path: a null where the type forbids it, a value its scalar refuses, an
error while reading, a field with directives (@stream), and every field when a schema
extension wraps resolvers. Answers and errors are therefore the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from graphql import (
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    is_leaf_type,
)
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext


@dataclass(frozen=True, slots=True)
class _Leaf:
    """How to answer a plain leaf field (or list of leaves) without graphql-core's walk."""

    resolve: Callable[[Any, Any], Any]  # strawberry's resolver for a plain attribute
    serialize: Callable[[Any], Any]
    nullable: bool
    is_list: bool = False
    items_nullable: bool = False


# Per schema (tests build many): (type name, field name) -> its short path, or None.
_LEAVES: WeakKeyDictionary[GraphQLSchema, dict[tuple[str, str], _Leaf | None]] = WeakKeyDictionary()


def _unwrap(type_: GraphQLOutputType) -> tuple[GraphQLOutputType, bool]:
    """(the type inside NonNull, whether null is allowed)."""
    if isinstance(type_, GraphQLNonNull):
        return type_.of_type, False
    return type_, True


def _leaf(field: GraphQLField) -> _Leaf | None:
    # strawberry marks the resolver it gives a field without resolver or extensions.
    if field.resolve is None or field.args or not getattr(field.resolve, "_is_default", False):
        return None
    outer, nullable = _unwrap(field.type)
    if is_leaf_type(outer):
        return _Leaf(field.resolve, outer.serialize, nullable)
    if isinstance(outer, GraphQLList):
        item, items_nullable = _unwrap(outer.of_type)
        if is_leaf_type(item):
            serialize = item.serialize
            return _Leaf(field.resolve, serialize, nullable, True, items_nullable)
    return None


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
        if self._leaves is not None and not node.arguments and not node.directives:
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
        if not leaf.is_list:
            return _serialized(leaf.serialize, value, nullable=False)
        if not isinstance(value, list | tuple):
            return Undefined
        items = [_serialized(leaf.serialize, item, leaf.items_nullable) for item in value]
    except Exception:  # graphql-core's path reads it again and reports the error
        return Undefined
    return Undefined if any(item is Undefined for item in items) else items


def _serialized(serialize: Callable[[Any], Any], value: Any, nullable: bool) -> Any:
    if value is None:
        return None if nullable else Undefined
    serialized = serialize(value)
    return Undefined if serialized is None else serialized  # Undefined stays Undefined
