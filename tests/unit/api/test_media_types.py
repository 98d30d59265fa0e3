"""Content negotiation of /graphql's Accept header, and the status of an answer without data."""

from __future__ import annotations

import pytest

from api.errors import Code
from api.media_types import MediaType, negotiate, request_error_status

GRAPHQL_RESPONSE = MediaType.GRAPHQL_RESPONSE_JSON
JSON = MediaType.JSON


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),  # no Accept: as every client before the newer type
        ("", JSON),
        ("*/*", JSON),
        ("application/*", JSON),
        ("application/json", JSON),
        ("application/json; charset=utf-8", JSON),
        ("application/graphql-response+json", GRAPHQL_RESPONSE),
        ("application/graphql-response+json, application/json;q=0.9", GRAPHQL_RESPONSE),
        ("application/json;q=0.5, application/graphql-response+json", GRAPHQL_RESPONSE),
        ("application/graphql-response+json;q=0.5, application/json", JSON),
        ("application/graphql-response+json, */*;q=0.1", GRAPHQL_RESPONSE),
        ("application/graphql-response+json, application/json", GRAPHQL_RESPONSE),
        ("application/json, application/graphql-response+json", JSON),
        ("application/graphql-response+json, application/json, multipart/mixed", GRAPHQL_RESPONSE),
        ("application/*, application/graphql-response+json;q=0.2", JSON),
        ("*/*;q=0.5, application/graphql-response+json;q=0.4", JSON),
        ("application/graphql-response+json;q=0", None),
        ("text/html,application/xhtml+xml,*/*;q=0.8", JSON),  # a browser's navigation
    ],
)
def test_the_preferred_supported_type_is_chosen(
    accept: str | None, expected: MediaType | None
) -> None:
    assert negotiate(accept) is expected


@pytest.mark.parametrize(
    "accept", ["text/html", "application/xml, text/plain", "application/json;q=0", "garbage"]
)
def test_an_accept_that_allows_neither_type_gets_none(accept: str) -> None:
    assert negotiate(accept) is None


def test_the_newer_type_states_its_charset_and_json_is_as_before() -> None:
    assert GRAPHQL_RESPONSE.content_type == "application/graphql-response+json; charset=utf-8"
    assert JSON.content_type == "application/json"


@pytest.mark.parametrize(
    ("codes", "status"),
    [
        ([Code.BAD_USER_INPUT], 400),
        ([Code.LIMIT_EXCEEDED, Code.BAD_USER_INPUT], 400),
        ([Code.UNAVAILABLE], 503),
        ([Code.BAD_USER_INPUT, Code.INTERNAL], 500),
        ([], 400),
    ],
)
def test_a_request_error_is_a_400_unless_the_server_failed(codes: list[Code], status: int) -> None:
    assert request_error_status(codes) == status
