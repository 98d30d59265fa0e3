"""GraphQL over HTTP: `application/graphql-response+json` when Accept prefers it, with its
status codes (a request GraphQL refuses before executing: 4xx and no `data`; an executed one:
200, field errors and all); `application/json` as before for the clients that ask for it."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi.testclient import TestClient

NEW = "application/graphql-response+json"
NEW_CONTENT_TYPE = f"{NEW}; charset=utf-8"
LAYER_IDS = {"layers": [{"id": f"L{n}"} for n in range(1, 8)]}


def ask(client: TestClient, accept: str | None, query: str, **variables: Any) -> httpx.Response:
    headers = {} if accept is None else {"Accept": accept}
    body = {"query": query, "variables": variables}
    response: httpx.Response = client.post("/graphql", json=body, headers=headers)
    return response


def answer(response: httpx.Response) -> tuple[int, str, dict[str, Any]]:
    body: dict[str, Any] = response.json()
    return response.status_code, response.headers["content-type"], body


def test_an_answer_comes_in_the_type_accept_prefers(client: TestClient) -> None:
    query = "{ layers { id } }"
    expected = {"data": LAYER_IDS}
    assert answer(ask(client, NEW, query)) == (200, NEW_CONTENT_TYPE, expected)
    prefers_new = f"{NEW}, application/json;q=0.9"
    assert answer(ask(client, prefers_new, query)) == (200, NEW_CONTENT_TYPE, expected)
    for legacy in (None, "*/*", "application/json"):
        assert answer(ask(client, legacy, query)) == (200, "application/json", expected)


def test_a_document_that_does_not_parse_is_a_400_without_data(client: TestClient) -> None:
    status, content_type, body = answer(ask(client, NEW, "{ layers {"))
    assert (status, content_type) == (400, NEW_CONTENT_TYPE)
    assert body == {
        "errors": [
            {
                "message": "Syntax Error: Expected Name, found <EOF>.",
                "locations": [{"line": 1, "column": 11}],
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ]
    }


def test_a_document_that_does_not_validate_is_a_400_without_data(client: TestClient) -> None:
    status, _, body = answer(ask(client, NEW, "{ layers { nope } }"))
    assert status == 400
    assert "data" not in body
    [error] = body["errors"]
    assert error["message"] == (
        "Cannot query field 'nope' on type 'LayerOverview'. Did you mean 'name'?"
    )


def test_a_query_over_a_limit_before_execution_is_a_400_without_data(client: TestClient) -> None:
    many_roots = "{ " + " ".join(f"{alias}: layers {{ id }}" for alias in "abcdef") + " }"
    status, _, body = answer(ask(client, NEW, many_roots))
    assert (status, "data" in body) == (400, False)
    assert body["errors"] == [
        {
            "message": "the operation selects 6 root fields; the limit is 5",
            "locations": [{"line": 1, "column": 1}],
            "extensions": {"code": "LIMIT_EXCEEDED"},
        }
    ]


def test_variables_that_do_not_coerce_are_a_400_without_data(client: TestClient) -> None:
    query = "query($top: Int!) { layers(top: $top) { id } }"
    status, _, body = answer(ask(client, NEW, query, top="three"))
    assert (status, body) == (
        400,
        {
            "errors": [
                {
                    "message": (
                        "Variable '$top' has invalid value: "
                        "Int cannot represent non-integer value: 'three'"
                    ),
                    "locations": [{"line": 1, "column": 7}],
                    "extensions": {"code": "BAD_USER_INPUT"},
                }
            ]
        },
    )


def test_an_unknown_operation_name_is_a_400_without_data(client: TestClient) -> None:
    body = {"query": "query A { layers { id } }", "operationName": "B"}
    response = client.post("/graphql", json=body, headers={"Accept": NEW})
    assert (response.status_code, response.json()) == (
        400,
        {
            "errors": [
                {
                    "message": 'Unknown operation named "B".',
                    "extensions": {"code": "BAD_USER_INPUT"},
                }
            ]
        },
    )


def test_field_errors_with_partial_data_are_a_200_in_both_types(client: TestClient) -> None:
    query = "{ layers { id } vendors(first: 1000) { totalCount } }"
    for accept, content_type in ((NEW, NEW_CONTENT_TYPE), ("application/json", "application/json")):
        status, got_type, body = answer(ask(client, accept, query))
        assert (status, got_type) == (200, content_type)
        assert body["data"] == {**LAYER_IDS, "vendors": None}
        assert body["errors"] == [
            {
                "message": "argument first=1000 exceeds the page size limit of 100",
                "locations": [{"line": 1, "column": 17}],
                "path": ["vendors"],
                "extensions": {"code": "LIMIT_EXCEEDED"},
            }
        ]


def test_application_json_answers_refused_documents_as_before(client: TestClient) -> None:
    status, content_type, body = answer(ask(client, "application/json", "{ layers {"))
    assert (status, content_type) == (200, "application/json")
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


def test_requests_refused_before_graphql_come_in_the_negotiated_type(client: TestClient) -> None:
    response = client.post(
        "/graphql",
        content=b'{"query": ',
        headers={"Accept": NEW, "Content-Type": "application/json"},
    )
    assert answer(response) == (
        400,
        NEW_CONTENT_TYPE,
        {
            "errors": [
                {
                    "message": "Unable to parse request body as JSON",
                    "extensions": {"code": "BAD_USER_INPUT"},
                }
            ]
        },
    )


def test_an_accept_that_allows_neither_type_is_a_406_saying_so(client: TestClient) -> None:
    response = ask(client, "text/csv", "{ layers { id } }")
    assert answer(response) == (
        406,
        "application/json",
        {
            "errors": [
                {
                    "message": "Accept: expected application/graphql-response+json or "
                    "application/json (or a range that includes one), got 'text/csv'",
                    "extensions": {"code": "BAD_USER_INPUT"},
                }
            ]
        },
    )


def test_a_get_query_answers_in_the_newer_type_too(client: TestClient) -> None:
    response = client.get(
        "/graphql", params={"query": "{ layers { id } }"}, headers={"Accept": NEW}
    )
    assert answer(response) == (200, NEW_CONTENT_TYPE, {"data": LAYER_IDS})
    assert response.headers["vary"] == "Accept"  # a cache keeps one answer per media type
