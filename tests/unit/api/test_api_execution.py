"""api.execution's short path for plain fields: the same answers and errors as
graphql-core's own path, and the short path taken only where it may be."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from enum import Enum
from typing import Any, NewType

import pytest
import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.execution import _PLAIN, ExecutionContext


@strawberry.enum
class Colour(Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Item:
    name: str
    colour: Colour
    count: int
    ratio: float | None
    note: str | None
    tags: list[str]

    @strawberry.field
    def shout(self, times: int = 1) -> str:
        return self.name.upper() * times


def _item(**changes: Any) -> Item:
    values: dict[str, Any] = {
        "name": "argilla",
        "colour": Colour.BLUE,
        "count": 3,
        "ratio": 0.5,
        "note": None,
        "tags": ["a", "b"],
    }
    return Item(**{**values, **changes})


def _both(
    query: type, extensions: list[Any] | None = None, config: StrawberryConfig | None = None
) -> list[strawberry.Schema]:
    """The schema with graphql-core's execution context, then with api.execution's."""
    return [
        strawberry.Schema(
            query=query, extensions=extensions or [], config=config, execution_context_class=c
        )
        for c in (StrawberryGraphQLCoreExecutionContext, ExecutionContext)
    ]


def _answers_of(schemas: list[strawberry.Schema], document: str) -> list[tuple[Any, Any]]:
    """(data, [(message, path)]) of each schema's answer to the document."""
    answers = []
    for schema in schemas:
        result = schema.execute_sync(document)
        errors = [(e.message, e.path) for e in result.errors or []]
        answers.append((result.data, errors))
    return answers


@pytest.fixture
def resolve_infos(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the fields graphql-core builds a resolve info for, as they are built."""
    built: list[str] = []
    original = StrawberryGraphQLCoreExecutionContext.build_resolve_info

    def counting(self: Any, field_def: Any, field_nodes: Any, *args: Any) -> Any:
        built.append(field_nodes[0].name.value)
        return original(self, field_def, field_nodes, *args)

    monkeypatch.setattr(StrawberryGraphQLCoreExecutionContext, "build_resolve_info", counting)
    return built


def _schemas(item: Item, extensions: list[Any] | None = None) -> list[strawberry.Schema]:
    @strawberry.type
    class Query:
        @strawberry.field
        def items(self) -> list[Item]:
            return [item, _item(name="cerbos")]

    return _both(Query, extensions)


DOCUMENT = "{ items { name colour count ratio note tags shout(times: 2) } }"


def _answers(item: Item, extensions: list[Any] | None = None) -> list[tuple[Any, Any]]:
    return _answers_of(_schemas(item, extensions), DOCUMENT)


def test_plain_values_answer_as_graphql_core_does() -> None:
    standard, short = _answers(_item())
    assert short == standard
    assert short[0] == {
        "items": [
            {
                "name": "argilla",
                "colour": "BLUE",
                "count": 3,
                "ratio": 0.5,
                "note": None,
                "tags": ["a", "b"],
                "shout": "ARGILLAARGILLA",
            },
            {
                "name": "cerbos",
                "colour": "BLUE",
                "count": 3,
                "ratio": 0.5,
                "note": None,
                "tags": ["a", "b"],
                "shout": "CERBOSCERBOS",
            },
        ]
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": None}, "Cannot return null for non-nullable field Item.name."),
        ({"count": 2**40}, "Int cannot represent non 32-bit signed integer value: 1099511627776"),
        ({"colour": "green"}, "Enum 'Colour' cannot represent value: 'green'"),
        ({"tags": ["a", None]}, "Cannot return null for non-nullable field Item.tags."),
        ({"tags": "ab"}, "Expected Iterable, but did not find one for field 'Item.tags'."),
    ],
)
def test_a_value_the_field_refuses_gets_graphql_cores_error(
    changes: dict[str, Any], message: str
) -> None:
    standard, short = _answers(_item(**changes))
    assert short == standard
    field = next(iter(changes))
    where = ["items", 0, field, 1] if changes == {"tags": ["a", None]} else ["items", 0, field]
    assert short == (None, [(message, where)])


_RESOLVED: list[str] = []  # field names, as an extension's resolve hook sees them


class _CountResolves(SchemaExtension):
    def resolve(
        self, _next: Callable[..., Any], root: Any, info: Any, *args: Any, **kwargs: Any
    ) -> Any:
        _RESOLVED.append(info.field_name)
        return _next(root, info, *args, **kwargs)


def test_an_extension_that_wraps_resolvers_sees_every_field() -> None:
    _RESOLVED.clear()
    standard, short = _answers(_item(), [_CountResolves])
    assert short == standard
    per_item = ["name", "colour", "count", "ratio", "note", "tags", "shout"]
    one_run = ["items", *per_item, *per_item]
    assert sorted(_RESOLVED) == sorted(one_run + one_run)


def test_leaf_fields_skip_the_resolve_info(resolve_infos: list[str]) -> None:
    _schemas(_item())[1].execute_sync(DOCUMENT)
    # The root field and the field with a resolver (shout, once per item) take the usual path.
    assert resolve_infos == ["items", "shout", "shout"]


@strawberry.type
class Shelf:
    label: str
    items: list[Item]
    best: Item | None
    spare: list[Item | None]


def _shelf_schemas(shelf: Shelf) -> list[strawberry.Schema]:
    @strawberry.type
    class Query:
        @strawberry.field
        def shelf(self) -> Shelf:
            return shelf

    return _both(Query)


def _shelf(**changes: Any) -> Shelf:
    values: dict[str, Any] = {
        "label": "top",
        "items": [_item(), _item(name="kong", tags=[])],
        "best": _item(name="temporal"),
        "spare": [None, _item(name="cerbos")],
    }
    return Shelf(**{**values, **changes})


SHELF = "{ shelf { label items { name tags } best { __typename name count } spare { name } } }"


def _shelf_answers(shelf: Shelf) -> list[tuple[Any, Any]]:
    return _answers_of(_shelf_schemas(shelf), SHELF)


def test_plain_objects_and_lists_of_them_answer_as_graphql_core_does() -> None:
    standard, short = _shelf_answers(_shelf())
    assert short == standard
    assert short == (
        {
            "shelf": {
                "label": "top",
                "items": [{"name": "argilla", "tags": ["a", "b"]}, {"name": "kong", "tags": []}],
                "best": {"__typename": "Item", "name": "temporal", "count": 3},
                "spare": [None, {"name": "cerbos"}],
            }
        },
        [],
    )


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"items": [_item(), _item(name=None)]}, ["shelf", "items", 1, "name"]),
        ({"best": _item(count=None)}, ["shelf", "best", "count"]),
        ({"items": [_item(), None]}, ["shelf", "items", 1]),
        ({"items": "ab"}, ["shelf", "items"]),
        ({"best": "not an item"}, ["shelf", "best", "name"]),
    ],
)
def test_a_value_refused_deep_in_plain_objects_gets_graphql_cores_error(
    changes: dict[str, Any], where: list[Any]
) -> None:
    standard, short = _shelf_answers(_shelf(**changes))
    assert short == standard
    assert len(short[1]) == 1
    assert short[1][0][1][-len(where) :] == where


def test_objects_take_the_short_path_only_when_every_field_asked_is_plain(
    resolve_infos: list[str],
) -> None:
    # A field with a resolver under `best` sends `best` (not its siblings) down the usual path.
    with_resolver = "{ shelf { label best { name shout } items { name } } }"
    standard, short = _shelf_schemas(_shelf())
    expected = standard.execute_sync(with_resolver).data
    resolve_infos.clear()
    short.execute_sync(SHELF)
    assert resolve_infos == ["shelf"]
    resolve_infos.clear()
    assert short.execute_sync(with_resolver).data == expected
    assert resolve_infos == ["shelf", "best", "shout"]


def test_fragments_aliases_and_include_under_plain_objects_answer_as_graphql_core_does() -> None:
    document = """
        query ($with: Boolean!) {
          shelf {
            first: items { name }
            items { ...Named tags @include(if: $with) }
            best { ... on Item { count alias: name } }
            spare { __typename kind: __typename }
          }
        }
        fragment Named on Item { name colour }
    """
    for given in (True, False):
        standard, short = (
            schema.execute_sync(document, variable_values={"with": given})
            for schema in _shelf_schemas(_shelf())
        )
        assert (short.data, short.errors) == (standard.data, standard.errors)
        assert short.data is not None
        assert ("tags" in short.data["shelf"]["items"][0]) is given


Passed = NewType("Passed", object)
# A scalar that passes its values through (as a JSON scalar does).
PASSED = StrawberryConfig(
    scalar_map={
        Passed: strawberry.scalar(
            name="Passed", serialize=lambda value: value, parse_value=lambda value: value
        )
    }
)


@strawberry.type
class Holder:
    blob: Passed


@strawberry.type
class Outer:
    holder: Holder  # a plain object: its fields are the short path's to answer


def test_an_awaitable_a_scalar_passes_through_is_awaited_as_graphql_core_does() -> None:
    async def answer() -> dict[str, int]:
        return {"k": 1}

    @strawberry.type
    class Query:
        @strawberry.field
        def outer(self) -> Outer:
            return Outer(holder=Holder(blob=Passed(answer())))

    for schema in _both(Query, config=PASSED):
        result = asyncio.run(schema.execute("{ outer { holder { blob } } }"))
        assert (result.data, result.errors) == ({"outer": {"holder": {"blob": {"k": 1}}}}, None)


def test_schemas_answered_with_plain_objects_are_not_kept_alive() -> None:
    gc.collect()
    collected_before = len(_PLAIN)
    for _ in range(3):
        schema = _shelf_schemas(_shelf())[1]
        assert schema.execute_sync(SHELF).errors is None
        del schema
    gc.collect()
    assert len(_PLAIN) == collected_before
