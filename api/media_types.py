"""The response media type of a GraphQL request and, for it, the status code of its answer.

GraphQL over HTTP (the graphql/graphql-over-http draft that graphql-http's server audit
checks; docs/decisions/0006-graphql-over-http.md): `application/graphql-response+json` when
the client's Accept prefers it, answered with the status codes that tell a request error (no
`data`: 4xx, or 5xx when the server failed) from an executed operation (200, even with field
errors); `application/json` otherwise, answered as GraphQL servers always have (200 for
anything GraphQL itself reports).
"""

from __future__ import annotations

from enum import StrEnum

import mimeparse

from api.errors import Code


class MediaType(StrEnum):
    GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
    JSON = "application/json"

    @property
    def content_type(self) -> str:
        # application/json as the API always sent it (JSON is UTF-8 by definition); the
        # newer type with the charset the spec asks servers to state.
        return self.value if self is MediaType.JSON else f"{self.value}; charset=utf-8"


# In increasing preference for a tie (mimeparse.best_match): `*/*` and a missing Accept get
# application/json, as every client did before the newer type existed.
_SUPPORTED = [MediaType.GRAPHQL_RESPONSE_JSON.value, MediaType.JSON.value]


def not_acceptable(accept: str) -> str:
    """The message of a 406: what Accept allowed, and what it must allow."""
    return (
        "Accept: expected application/graphql-response+json or application/json (or a range "
        f"that includes one), got {accept[:200]!r}"
    )


def negotiate(accept: str | None) -> MediaType | None:
    """The media type to answer in; None when Accept allows neither (answered with 406)."""
    if accept is None or not accept.strip():
        return MediaType.JSON
    try:
        best = mimeparse.best_match(_SUPPORTED, accept)
    except ValueError:  # mimeparse.MimeTypeParseException: a range without a '/'
        return None
    return MediaType(best) if best else None


# Codes that mean the server, not the request, failed.
_SERVER_STATUS = {Code.INTERNAL: 500, Code.UNAVAILABLE: 503}


def request_error_status(codes: list[Code]) -> int:
    """The status of a graphql-response+json answer without `data`: 400 for the client's
    document or variables, 5xx when the server failed before executing it."""
    return max((_SERVER_STATUS.get(code, 400) for code in codes), default=400)
