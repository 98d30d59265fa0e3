"""One test per query limit: each answers LIMIT_EXCEEDED and makes no database call."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.limits import Limits
from tests.neo4j_server import TestServer

TIGHT = Limits(
    max_depth=3,
    max_aliases=2,
    max_tokens=40,
    max_root_fields=2,
    max_page_size=5,
    max_body_bytes=2000,
)


def _serving(server: TestServer, api_settings_for: Any, limits: Limits) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings_for(server), limits)) as test_client:
        yield test_client


def _counting(test_client: TestClient, round_trips_on: Any) -> Iterator[Any]:
    counter = round_trips_on(test_client)
    yield counter
    counter.restore()


@pytest.fixture(scope="module")
def tight(neo4j_server: TestServer, seeded: Any, api_settings_for: Any) -> Iterator[TestClient]:
    yield from _serving(neo4j_server, api_settings_for, TIGHT)


@pytest.fixture
def calls(tight: TestClient, round_trips_on: Any) -> Iterator[Any]:
    yield from _counting(tight, round_trips_on)


def refused(test_client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    """The one error of a refused query; no field has data (the document limits stop it
    before execution; the page-size limit nulls its field before the database is called)."""
    response = test_client.post("/graphql", json={"query": query, "variables": variables})
    body: dict[str, Any] = response.json()
    assert body["data"] is None or set(body["data"].values()) == {None}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["LIMIT_EXCEEDED"], body
    error: dict[str, Any] = body["errors"][0]
    return error


def test_within_the_limits_the_query_runs(tight: TestClient, calls: Any) -> None:
    body = tight.post("/graphql", json={"query": "{ layers(top: 1) { id } }"}).json()
    assert len(body["data"]["layers"]) == 7
    assert calls.count == 1


def test_depth(tight: TestClient, calls: Any) -> None:
    # Depth counts from 0 at the root field: dimension is at depth 4.
    query = '{ mitigatingTools(riskText: "abac") { tools { evidence { scores { dimension } } } } }'
    error = refused(tight, query)
    assert error["message"] == "'anonymous' exceeds maximum operation depth of 3"
    assert calls.count == 0


def test_aliases(tight: TestClient, calls: Any) -> None:
    error = refused(tight, "{ layers { a: id b: id c: id } }")
    assert error["message"] == "3 aliases found. Allowed: 2"
    assert calls.count == 0


def test_tokens(tight: TestClient, calls: Any) -> None:
    fields = " ".join(["id name position"] * 13)  # 39 names + 4 braces + "layers"
    error = refused(tight, f"{{ layers {{ {fields} }} }}")
    assert error["message"] == "the document has more than 40 tokens"
    assert calls.count == 0


def test_root_fields(tight: TestClient, calls: Any) -> None:
    error = refused(tight, '{ layers { id } dataQuality { stubCount } search(text: "x") { text } }')
    assert error["message"] == "the operation selects 3 root fields; the limit is 2"
    assert calls.count == 0


def test_root_fields_counts_through_fragments(tight: TestClient, calls: Any) -> None:
    query = (
        "query { ...Three } fragment Three on Query "
        '{ layers { id } dataQuality { stubCount } search(text: "x") { text } }'
    )
    refused(tight, query)
    assert calls.count == 0


def test_page_size(tight: TestClient, calls: Any) -> None:
    error = refused(tight, "query ($n: Int) { vendors(first: $n) { totalCount } }", n=6)
    assert error["message"] == "argument first=6 exceeds the page size limit of 5"
    assert calls.count == 0


def test_negative_page_size_is_bad_input_not_a_limit(tight: TestClient, calls: Any) -> None:
    body = tight.post("/graphql", json={"query": '{ search(text: "abac", first: -1) { text } }'})
    assert body.json()["errors"] == [
        {
            "message": "argument first must be at least 0, got -1",
            "locations": [{"line": 1, "column": 3}],
            "path": ["search"],
            "extensions": {"code": "BAD_USER_INPUT"},
        }
    ]
    assert calls.count == 0


@pytest.mark.parametrize(
    ("query", "argument"),
    [
        ("query ($t: String!) { search(text: $t) { text } }", "text"),
        ("query ($t: String!) { mitigatingTools(riskText: $t) { matchScore } }", "riskText"),
        ("query ($t: String!) { vendors(filter: {segment: $t}) { totalCount } }", "filter.segment"),
        (
            "query ($t: String!) { vendors(filter: {certification: $t}) { totalCount } }",
            "filter.certification",
        ),
        (
            "query ($t: String!) { vendors(filter: {category: $t}) { totalCount } }",
            "filter.category",
        ),
    ],
)
def test_free_text_length(tight: TestClient, calls: Any, query: str, argument: str) -> None:
    error = refused(tight, query, t="a" * 201)
    assert error["message"] == f"argument {argument} is 201 characters long; at most 200 allowed"
    assert calls.count == 0


def test_request_body_size(tight: TestClient, calls: Any) -> None:
    padding = " " * (TIGHT.max_body_bytes + 1)
    response = tight.post(
        "/graphql",
        content=f'{{"query": "{{ layers {{ id }} }}{padding}"}}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"] == {"code": "LIMIT_EXCEEDED"}
    assert calls.count == 0


@pytest.fixture(scope="module")
def small_expansion(
    neo4j_server: TestServer, seeded: Any, api_settings_for: Any
) -> Iterator[TestClient]:
    yield from _serving(neo4j_server, api_settings_for, Limits(max_expanded_fields=20))


@pytest.fixture
def expansion_calls(small_expansion: TestClient, round_trips_on: Any) -> Iterator[Any]:
    yield from _counting(small_expansion, round_trips_on)


def test_fragments_that_expand_past_the_limit(
    small_expansion: TestClient, expansion_calls: Any
) -> None:
    """Twenty fragments, each spreading the next twice: 2**20 paths for every validation rule
    that follows them (seconds of a blocked event loop before the limit)."""
    chain = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(20))
    document = f"{{ ...F0 }} {chain} fragment F20 on Query {{ layers {{ id }} }}"
    error = refused(small_expansion, document)
    assert error["message"] == "the document expands to more than 20 fields through its fragments"
    assert expansion_calls.count == 0
    within = "{ a: layers { ...L } b: layers { ...L } } fragment L on LayerOverview { id name }"
    body = small_expansion.post("/graphql", json={"query": within}).json()
    assert [len(body["data"][alias]) for alias in ("a", "b")] == [7, 7]
    assert expansion_calls.count == 2  # one query per root field
