"""Error codes the API promises, and the one function that turns any error into a safe response.

Clients read `extensions.code`; messages of unexpected errors are replaced, so no stack trace,
Cypher text or driver detail ever leaves the process (the original is logged server-side).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from fastapi.responses import JSONResponse
from graphql import GraphQLError

from kb.errors import KbError, Neo4jUnavailable, NotFound

log = logging.getLogger("api.errors")


class Code(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    UNAVAILABLE = "UNAVAILABLE"
    INTERNAL = "INTERNAL"
    # KB_GRAPHQL_DOCUMENTS=trusted: a request sent a document instead of a trusted one's id.
    TRUSTED_DOCUMENT_REQUIRED = "TRUSTED_DOCUMENT_REQUIRED"
    # A documentId that is not in the web build's manifest.
    TRUSTED_DOCUMENT_NOT_FOUND = "TRUSTED_DOCUMENT_NOT_FOUND"
    # Automatic persisted queries: a hash the API does not know; the client sends the document
    # with it next (Apollo's protocol, whose clients read this code and the message).
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"


class ApiError(KbError):
    """A request the API refuses; the message is shown to the client as is."""

    code = Code.BAD_USER_INPUT


class BadUserInput(ApiError):
    code = Code.BAD_USER_INPUT


class LimitExceeded(ApiError):
    code = Code.LIMIT_EXCEEDED


INTERNAL_MESSAGE = "Internal server error."
UNAVAILABLE_MESSAGE = "The knowledge base is unavailable; try again shortly."


def limit_error(message: str, nodes: Any = None) -> GraphQLError:
    """A pre-execution error (validation, parsing) for a query over a limit."""
    return GraphQLError(message, nodes, extensions={"code": Code.LIMIT_EXCEEDED.value})


def classify(error: GraphQLError) -> tuple[Code, str]:
    """The code and the client-safe message for one error."""
    original = error.original_error
    if original is None:
        # Raised by parsing or validation: the message is about the client's own document.
        code = str((error.extensions or {}).get("code"))
        return (Code(code) if code in Code.__members__ else Code.BAD_USER_INPUT), error.message
    if isinstance(original, GraphQLError):
        code, message = classify(original)
        # graphql-core wraps its own error to say where it is ("Variable '$f' has invalid value
        # at .minInpactTotal: Int cannot represent ..."): that message only adds to the inner one.
        if original.original_error is None and error.message.endswith(original.message):
            return code, error.message
        return code, message
    if isinstance(original, ApiError):
        return original.code, str(original)
    if isinstance(original, NotFound):
        return Code.NOT_FOUND, str(original)
    if isinstance(original, Neo4jUnavailable):
        return Code.UNAVAILABLE, UNAVAILABLE_MESSAGE
    log.error("unexpected error in a resolver", exc_info=original)
    return Code.INTERNAL, INTERNAL_MESSAGE


# graphql-core's suggestions in a validation message: " Did you mean 'slug'?", at its end or
# before "Found: ..." (GraphQL names, quoted, never hold a '?').
_SUGGESTION = re.compile(r" Did you mean [^?]*\?")
# The schema's type names in graphql-core's messages ("Field 'vendor' of type
# 'VendorEvaluation' must have...", "used in position expecting type 'VendorFilter'",
# "Cannot query field 'x' on type 'VendorRef'"): the client wrote the field and argument
# names, not the types. ("Unknown type 'X'" names the client's own word and stays.)
_TYPE_NAMES = [
    (
        re.compile(r" as objects of type '[^']*' can never be of type '[^']*'"),
        ": its type condition can never match",
    ),
    (re.compile(r" expecting type '[^']*'"), " expecting another type"),
    (re.compile(r" (?:of|on|since) type '[^']*'"), ""),
    (re.compile(r" in '[^']*' enum"), " in the enum"),
    (re.compile(r"\bEnum '[^']*' cannot"), "The enum cannot"),
]


def _without_type_names(message: str) -> str:
    for pattern, replacement in _TYPE_NAMES:
        message = pattern.sub(replacement, message)
    return message


def _ours(error: GraphQLError) -> bool:
    """Whether the message is one of ours (a resolver's KbError), shown as written; the
    others are graphql-core's, validating the document or coercing its variables."""
    original = error.original_error
    while isinstance(original, GraphQLError):
        original = original.original_error
    return isinstance(original, KbError)


def format_error(error: GraphQLError, *, hide_suggestions: bool = False) -> dict[str, Any]:
    """The error as sent: message, locations, path and extensions.code, nothing else.

    hide_suggestions (production): a document's misspelt argument, type, input field or
    enum value is not answered with the schema's names, which would list the schema that
    disabled introspection hides (strawberry's option covers field names only), and no
    message names a type the document did not."""
    code, message = classify(error)
    if hide_suggestions and not _ours(error):
        message = _without_type_names(_SUGGESTION.sub("", message))
    formatted: dict[str, Any] = {"message": message}
    if error.locations:
        formatted["locations"] = [{"line": x.line, "column": x.column} for x in error.locations]
    if error.path:
        formatted["path"] = list(error.path)
    formatted["extensions"] = {"code": code.value}
    return formatted


def request_error(
    status_code: int,
    message: str,
    code: Code = Code.BAD_USER_INPUT,
    *,
    content_type: str = "application/json",
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """A request refused before GraphQL runs (not JSON, not an object, a content type, a
    mutation over GET, a document that is not trusted or not known by its hash), shaped like
    every other error: {"errors": [...]} with a code, in the negotiated media type."""
    body = {"errors": [{"message": message, "extensions": {"code": code.value}}]}
    return JSONResponse(body, status_code=status_code, headers=headers, media_type=content_type)
