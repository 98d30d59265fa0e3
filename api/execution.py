"""GraphQL execution with a short path for plain fields.

For every field graphql-core builds a resolve info, calls the resolver and walks complete_value;
on a large answer (assessStack: about 2,000 values) that walk is most of the API's own time. A
field that strawberry resolves as a plain attribute (no resolver function, no arguments, no
field extensions) needs none of it when its type is a scalar or an enum, an object type that
checks nothing (no is_type_of), or a list of them, and when every field asked of such an object
is plain too: its attribute is read as strawberry's resolver reads it, a leaf is coerced by its
own type as graphql-core coerces it, and an object's fields are answered the same way.

The short path only reads and records nothing, so anything it does not answer exactly is
answered from scratch by graphql-core's path, the field with everything under it: a null where
the type forbids it, a value its scalar refuses, an awaitable, an error while reading, a field
with directives or under @defer, a field with a resolver anywhere under it, and every field when
a schema extension wraps resolvers. Answers and errors are therefore the same; such a field's
attributes are then read twice, which plain attributes allow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from typing import Any, Final
from weakref import WeakKeyDictionary

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    is_leaf_type,
    is_specified_scalar_type,
)
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter


@dataclass(frozen=True, slots=True)
class _Plain:
    """How to answer a plain field: a leaf (coerce) or an object (object_type), or a list."""

    read: Callable[[Any], Any]  # the attribute, as strawberry's resolver reads it
    nullable: bool
    is_list: bool
    items_nullable: bool
    coerce: Callable[[Any], Any] | None = None
    # A custom scalar may pass values through, an awaitable too (graphql-core would await it);
    # GraphQL's own scalars and enums never do.
    may_pass_awaitables: bool = False
    # The object type's name: the type itself leads back to its schema, which would then
    # never leave _PLAIN.
    object_type: str | None = None


# Per schema (tests build many): (type name, field name) -> how to answer it, or None.
_PLAIN: WeakKeyDictionary[GraphQLSchema, dict[tuple[str, str], _Plain | None]] = WeakKeyDictionary()

_TYPENAME: Final = "__typename"

# What an object is asked: (response name, field details, how to answer it; None for
# __typename) per field; a selection is None when one of them is not plain.
_Asked = tuple[str, Any, _Plain | None]
_Selection = list[_Asked] | None


def _unwrap(type_: GraphQLOutputType) -> tuple[GraphQLOutputType, bool]:
    """(the type inside NonNull, whether null is allowed)."""
    if isinstance(type_, GraphQLNonNull):
        return type_.of_type, False
    return type_, True


def _plain(field: GraphQLField) -> _Plain | None:
    # strawberry marks the resolver it gives a field without resolver or extensions.
    definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if (
        field.resolve is None
        or field.args
        or not getattr(field.resolve, "_is_default", False)
        or not getattr(definition, "is_basic_field", False)
    ):
        return None
    outer, nullable = _unwrap(field.type)
    is_list = isinstance(outer, GraphQLList)
    inner, items_nullable = (
        _unwrap(outer.of_type) if isinstance(outer, GraphQLList) else (outer, True)
    )
    read = _reader(definition, field.resolve)
    if is_leaf_type(inner):
        # As graphql-core's complete_leaf_value coerces it.
        coerce = inner.coerce_output_value
        custom = not (is_specified_scalar_type(inner) or isinstance(inner, GraphQLEnumType))
        return _Plain(
            read, nullable, is_list, items_nullable, coerce=coerce, may_pass_awaitables=custom
        )
    if isinstance(inner, GraphQLObjectType) and inner.is_type_of is None:
        return _Plain(read, nullable, is_list, items_nullable, object_type=inner.name)
    return None


def _reader(definition: Any, resolve: Callable[..., Any]) -> Callable[[Any], Any]:
    # What strawberry's basic resolver does (definition.get_result: its default resolver, getattr
    # unless configured, on the Python name), without the calls around it.
    if definition.default_resolver is getattr:
        return attrgetter(definition.python_name)
    return lambda source: resolve(source, None)


class ExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        middleware = self.middleware_manager
        wraps_resolvers = middleware is not None and bool(middleware.middlewares)
        self._plain_fields = None if wraps_resolvers else _PLAIN.setdefault(self.schema, {})
        # (object type, id of the field details) -> (those details, kept alive; the selection).
        self._selections: dict[tuple[GraphQLObjectType, int], tuple[Any, _Selection]] = {}

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        plain = self._plain_field(parent_type, field_details_list)
        if plain is not None:
            try:
                value = self._answer(plain, source, field_details_list)
            except Exception:  # graphql-core's path reads it again and reports the error
                value = Undefined
            if value is not Undefined:
                return value
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )

    def _plain_field(
        self, parent_type: GraphQLObjectType, field_details_list: Any
    ) -> _Plain | None:
        if self._plain_fields is None or any(
            details.node.arguments or details.node.directives or details.defer_usage
            for details in field_details_list
        ):
            return None
        name = field_details_list[0].node.name.value
        key = (parent_type.name, name)
        if key not in self._plain_fields:
            field = self.schema.get_field(parent_type, name)
            self._plain_fields[key] = None if field is None else _plain(field)
        return self._plain_fields[key]

    def _answer(self, plain: _Plain, source: Any, field_details_list: Any) -> Any:
        """The field's completed value, or Undefined when graphql-core's path must answer."""
        value = plain.read(source)
        if value is None:
            return None if plain.nullable else Undefined
        complete: Callable[[Any], Any]
        if plain.object_type is None:
            complete = plain.coerce  # type: ignore[assignment]
        else:
            object_type = self.schema.type_map[plain.object_type]
            selection = self._selection(object_type, field_details_list)  # type: ignore[arg-type]
            if selection is None:
                return Undefined
            complete = partial(self._object, plain.object_type, selection)
        if not plain.is_list:
            completed = complete(value)
            if plain.may_pass_awaitables and completed is value and self.is_awaitable(value):
                return Undefined
            return Undefined if completed is None else completed  # Undefined stays Undefined
        if not isinstance(value, list | tuple):
            return Undefined
        items: list[Any] = []
        for item in value:
            if item is None:
                if not plain.items_nullable:
                    return Undefined
                items.append(None)
                continue
            completed = complete(item)
            if completed is None or completed is Undefined:
                return Undefined
            if plain.may_pass_awaitables and completed is item and self.is_awaitable(item):
                return Undefined
            items.append(completed)
        return items

    def _object(self, type_name: str, selection: list[_Asked], source: Any) -> Any:
        """The object's asked fields, or Undefined."""
        answer = {}
        for response_name, details, field in selection:
            if field is None:
                answer[response_name] = type_name
                continue
            completed = self._answer(field, source, details)
            if completed is Undefined:
                return Undefined
            answer[response_name] = completed
        return answer

    def _selection(self, object_type: GraphQLObjectType, field_details_list: Any) -> _Selection:
        """The fields asked of an object and how to answer each, or None when one is not plain."""
        key = (object_type, id(field_details_list))
        known = self._selections.get(key)
        if known is not None:
            return known[1]
        self._selections[key] = (field_details_list, self._collect(object_type, field_details_list))
        return self._selections[key][1]

    def _collect(self, object_type: GraphQLObjectType, field_details_list: Any) -> _Selection:
        grouped, defer_usages, _ = self.collect_subfields(object_type, field_details_list)
        if defer_usages:
            return None
        selection: list[_Asked] = []
        for response_name, details in grouped.items():
            if details[0].node.name.value == _TYPENAME:
                selection.append((response_name, details, None))
                continue
            field = self._plain_field(object_type, details)
            if field is None:
                return None
            selection.append((response_name, details, field))
        return selection
