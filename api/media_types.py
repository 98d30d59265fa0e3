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
from functools import lru_cache

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


_SUPPORTED = [MediaType.GRAPHQL_RESPONSE_JSON, MediaType.JSON]


def not_acceptable(accept: str) -> str:
    """The message of a 406: what Accept allowed, and what it must allow."""
    return (
        "Accept: expected application/graphql-response+json or application/json (or a range "
        f"that includes one), got {accept[:200]!r}"
    )


@lru_cache(maxsize=64)  # clients send few distinct headers; parsing one costs 5-11 µs
def negotiate(accept: str | None) -> MediaType | None:
    """The media type to answer in; None when Accept allows neither (answered with 406).

    Each type takes the quality of the most specific range that matches it (RFC 9110). Of
    two types equally acceptable, the one named first wins (a client that lists
    `application/graphql-response+json, application/json` prefers the first), and where only
    a wildcard names them (`*/*`, or no Accept) application/json, as every client got before
    the newer type existed."""
    if accept is None or not accept.strip():
        return MediaType.JSON
    try:
        ranges = [mimeparse.parse_media_range(part) for part in accept.split(",") if part.strip()]
    except ValueError:  # mimeparse.MimeTypeParseException: a range without a '/'
        return None
    ranked = [(_rank(media_type, ranges), media_type) for media_type in _SUPPORTED]
    best_rank, best = max(ranked, key=lambda pair: pair[0])
    return best if best_rank[0] > 0 else None


def _rank(
    media_type: MediaType, ranges: list[tuple[str, str, dict[str, str]]]
) -> tuple[float, int, int, bool]:
    """(quality, specificity of the range that gave it, minus its position, is JSON)."""
    wanted_type, wanted_subtype = media_type.value.split("/")
    best: tuple[float, int, int, bool] = (0.0, -1, 0, False)
    for position, (type_, subtype, params) in enumerate(ranges):
        if type_ not in (wanted_type, "*") or subtype not in (wanted_subtype, "*"):
            continue
        specificity = (type_ != "*") + (subtype != "*")
        if specificity > best[1]:  # the most specific range decides, the first of equals
            is_json = media_type is MediaType.JSON
            best = (float(params["q"]), specificity, -position, is_json)
    return best


# Codes that mean the server, not the request, failed.
_SERVER_STATUS = {Code.INTERNAL: 500, Code.UNAVAILABLE: 503}


def request_error_status(codes: list[Code]) -> int:
    """The status of a graphql-response+json answer without `data`: 400 for the client's
    document or variables, 5xx when the server failed before executing it."""
    return max((_SERVER_STATUS.get(code, 400) for code in codes), default=400)
