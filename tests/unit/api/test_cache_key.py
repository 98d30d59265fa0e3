"""The response cache's key: what makes two requests' answers the same (pure logic)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from api.cache_key import Uncacheable, document_hash, get_params, request_key

QUERY = "query($s: String!) { vendor(slug: $s) { vendor { slug } } }"
SHA = hashlib.sha256(QUERY.encode()).hexdigest()


def key(params: dict[str, Any], accept: bytes = b"application/json", **options: Any) -> bytes:
    return request_key("POST", params, accept, trusted_only=options.get("trusted_only", False))


def test_text_an_apq_hash_and_a_document_id_name_the_same_document() -> None:
    apq = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": SHA}}}
    assert document_hash({"query": QUERY}, trusted_only=False) == SHA
    assert document_hash(apq, trusted_only=False) == SHA
    assert document_hash({"documentId": f"sha256:{SHA}"}, trusted_only=False) == SHA
    variables = {"variables": {"s": "argilla"}}
    assert key({"query": QUERY, **variables}) == key({**apq, **variables})
    assert key({"query": QUERY, **variables}) == key({"documentId": f"sha256:{SHA}", **variables})


def test_variables_are_canonical_at_every_depth_and_none_is_no_variables() -> None:
    one = key({"query": QUERY, "variables": {"a": 1, "f": {"y": [1, 2], "x": "b"}}})
    other = key({"query": QUERY, "variables": {"f": {"x": "b", "y": [1, 2]}, "a": 1}})
    assert one == other
    assert key({"query": QUERY, "variables": None}) == key({"query": QUERY, "variables": {}})
    assert key({"query": QUERY}) == key({"query": QUERY, "variables": {}})


@pytest.mark.parametrize(
    "change",
    [
        {"query": QUERY + " "},
        {"variables": {"s": "cerbos"}},
        {"variables": {"s": ["argilla"]}},
        {"operationName": "Vendor"},
    ],
)
def test_what_changes_the_answer_changes_the_key(change: dict[str, Any]) -> None:
    base = {"query": QUERY, "variables": {"s": "argilla"}}
    assert key({**base, **change}) != key(base)


def test_the_accept_header_and_the_method_are_part_of_the_key() -> None:
    params = {"query": QUERY}
    assert key(params, b"application/graphql-response+json") != key(params, b"application/json")
    assert request_key("GET", params, b"", trusted_only=False) != request_key(
        "POST", params, b"", trusted_only=False
    )


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"query": 3},
        {"query": QUERY, "extensions": "not an object"},
        {"query": QUERY, "variables": "not an object"},
        {"query": QUERY, "operationName": ["x"]},
        {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "ABC"}}},
        {"extensions": {"persistedQuery": {"version": 2, "sha256Hash": SHA}}},
        {"documentId": "md5:abc"},
        {"documentId": f"sha256:{SHA.upper()}"},
        {"query": QUERY, "documentId": f"sha256:{SHA}"},
        {"query": QUERY, "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}},
        {
            "documentId": f"sha256:{SHA}",
            "extensions": {"persistedQuery": {"version": 1, "sha256Hash": SHA}},
        },
    ],
)
def test_a_request_naming_no_document_or_two_or_malformed_is_left_to_graphql(
    params: dict[str, Any],
) -> None:
    with pytest.raises(Uncacheable):
        key(params)


def test_in_trusted_mode_only_a_document_id_is_cacheable() -> None:
    with pytest.raises(Uncacheable):
        key({"query": QUERY}, trusted_only=True)
    assert key({"documentId": f"sha256:{SHA}"}, trusted_only=True) == key(
        {"query": QUERY}, trusted_only=False
    )


def test_get_parameters_decode_variables_and_extensions() -> None:
    params = get_params(b"query=%7B+layers+%7B+id+%7D+%7D&variables=%7B%22a%22%3A1%7D")
    assert params == {"query": "{ layers { id } }", "variables": {"a": 1}}
    with pytest.raises(Uncacheable):
        get_params(b"query=x&variables=%7Bnot+json")
    with pytest.raises(Uncacheable):
        get_params(b"query=x&query=y")
