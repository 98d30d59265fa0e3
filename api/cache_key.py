"""The response cache's key for a GraphQL request: what makes two requests' answers the same.

A request's document is named by the sha256 of its text: of `query` when the request carries
one; else Apollo's persisted-query hash (`extensions.persistedQuery.sha256Hash`, by definition
the sha256 of the text); else a trusted `documentId` ("sha256:<hex>" of the text). So a hash-only
request and a full one share an entry. Beside it: the method, `operationName`, the variables
as canonical JSON (keys sorted at every depth; none and {} alike) and the Accept header, which
chooses the answer's media type. The graph version is added by the cache itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

import orjson

_HEX = frozenset("0123456789abcdef")


class Uncacheable(Exception):
    """The request is left to GraphQL as it is: it names no document the cache can key on, or
    is malformed (GraphQL then says what is wrong)."""


def document_hash(params: Mapping[str, Any], *, trusted_only: bool) -> str:
    """The sha256 (hex) naming the request's document. With `trusted_only` only a documentId
    names one: a request with text is GraphQL's to refuse. So is a request whose names
    disagree (text and a documentId, or text and another persisted-query hash)."""
    query = params.get("query")
    document_id = params.get("documentId")
    extensions = params.get("extensions")
    if not (extensions is None or isinstance(extensions, dict)):
        raise Uncacheable  # malformed: the router refuses it, even when its query has an answer
    persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
    apq_hash = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
    if persisted is not None and (not isinstance(persisted, dict) or persisted.get("version") != 1):
        raise Uncacheable  # a protocol the router refuses, even for a hash with an answer
    if (trusted_only and document_id is None) or (query is not None and document_id is not None):
        raise Uncacheable
    if isinstance(query, str):
        digest = hashlib.sha256(query.encode()).hexdigest()
        if apq_hash is not None and apq_hash != digest:
            raise Uncacheable
        return digest
    if query is not None:
        raise Uncacheable
    if _is_sha256(apq_hash):
        if document_id is not None:
            raise Uncacheable
        return str(apq_hash)
    if isinstance(document_id, str) and _is_sha256(document_id.removeprefix("sha256:")):
        return document_id.removeprefix("sha256:")
    raise Uncacheable


def request_key(
    method: str, params: Mapping[str, Any], accept: bytes, *, trusted_only: bool
) -> bytes:
    """The key of a decoded request (a POST body, or GET parameters through `get_params`)."""
    operation = params.get("operationName")
    variables = params.get("variables")
    if not (operation is None or isinstance(operation, str)):
        raise Uncacheable
    if not (variables is None or isinstance(variables, dict)):
        raise Uncacheable
    canonical = orjson.dumps(
        [
            method,
            document_hash(params, trusted_only=trusted_only),
            operation,
            variables or {},
            accept.decode("latin-1"),
        ],
        option=orjson.OPT_SORT_KEYS,
    )
    return hashlib.sha256(canonical).digest()


def get_params(query_string: bytes) -> dict[str, Any]:
    """A GET request's GraphQL parameters, `variables` and `extensions` decoded from JSON."""
    params: dict[str, Any] = {}
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if name in params:
            raise Uncacheable  # a parameter given twice: GraphQL's to judge
        params[name] = value
    for name in ("variables", "extensions"):
        if name in params:
            try:
                params[name] = orjson.loads(params[name])
            except orjson.JSONDecodeError:
                raise Uncacheable from None
    return params


def _is_sha256(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and _HEX.issuperset(value)
