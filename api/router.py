"""The /graphql endpoint: strawberry's FastAPI router with the API's HTTP protocol around it.

Formats every error through api.errors: codes, no stack traces, no Cypher (and, in
production, no suggestions); a request strawberry refuses before GraphQL (bad JSON, a body
that is not an object, a content type, a mutation over GET) gets a GraphQL-shaped error too.
Answers in the media type the client's Accept prefers (api.media_types), with that type's
status codes. Reads and writes JSON with orjson (the stdlib encoder was ~4% of the API's CPU
on large answers). A `documentId` or a persisted query's hash is swapped for its document
before GraphQL parses the request (api.documents, api.persisted_queries).
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import orjson
from cross_web import HTTPException
from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from graphql import GraphQLError
from starlette.websockets import WebSocket
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.unset import UNSET

from api.context import Context
from api.documents import DocumentRefused
from api.errors import Code, format_error, request_error
from api.graphiql import self_hosted
from api.media_types import MediaType, negotiate, not_acceptable, request_error_status
from api.persisted_queries import AutomaticPersistedQueries, PersistedQueryNotFound, Registration

# Apollo's header on PersistedQueryNotFound: no cache may keep the miss, since the client is
# about to register the document and ask again.
NOT_FOUND_HEADERS = {"Cache-Control": "private, no-cache, must-revalidate"}


@dataclass
class Exchange:
    """One request's answer as it is worked out: its media type, its status once GraphQL has
    reported, and the persisted query to keep if it runs."""

    media_type: MediaType
    status: int = 200
    registration: Registration | None = None


# The request being answered; strawberry's parsing hooks are given no request.
_exchange: ContextVar[Exchange] = ContextVar("graphql_exchange")


def refused_before_execution(result: ExecutionResult) -> bool:
    """Whether GraphQL refused the request without executing it: parsing, validation or a
    limit (strawberry's PreExecutionError), or graphql-core's coercion of the variables and
    choice of the operation (no data and no error with a path, which every field error has)."""
    if isinstance(result, PreExecutionError):
        return True
    errors: list[GraphQLError] = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)


class KbGraphQLRouter(GraphQLRouter[Context, None]):
    def __init__(
        self,
        *args: Any,
        documents: AutomaticPersistedQueries,
        hide_suggestions: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.documents = documents
        self.hide_suggestions = hide_suggestions
        self._parsing_query_params = False

    def decode_json(self, data: str | bytes) -> object:
        # orjson.JSONDecodeError is a json.JSONDecodeError: strawberry still answers 400.
        return orjson.loads(data)

    def parse_json(self, data: str | bytes) -> Any:
        parsed = super().parse_json(data)
        # A list: strawberry refuses batches itself. GET's `variables=null` parses here too
        # (and strawberry checks its type after): only a request body must be an object.
        if self._parsing_query_params:
            return parsed
        if not isinstance(parsed, dict | list):
            raise HTTPException(400, "the request body must be a JSON object")
        return self._resolve(parsed) if isinstance(parsed, dict) else parsed

    def parse_query_params(self, params: Any) -> dict[str, Any]:
        # Synchronous: no other request runs between setting the flag and clearing it.
        self._parsing_query_params = True
        try:
            parsed = super().parse_query_params(params)
        finally:
            self._parsing_query_params = False
        return self._resolve(parsed)

    def _resolve(self, data: dict[str, Any]) -> dict[str, Any]:
        resolved, registration = self.documents.resolve(data)
        _exchange.get().registration = registration
        return resolved

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        if isinstance(request, WebSocket):
            return await super().run(request, context, root_value)
        response = await self._answer(request, context, root_value)
        # The media type, status and body (or GraphiQL's page) follow Accept: so must caches.
        response.headers["Vary"] = "Accept"
        return response

    async def _answer(self, request: Request, context: Any, root_value: Any) -> Response:
        accept = request.headers.get("accept")
        media_type = negotiate(accept)
        if media_type is None and not self.should_render_graphql_ide(
            self.request_adapter_class(request)
        ):
            return request_error(406, not_acceptable(accept or ""))
        exchange = Exchange(media_type or MediaType.JSON)
        token = _exchange.set(exchange)
        try:
            response: Response = await super().run(request, context, root_value)
        except HTTPException as error:
            return self._refused(exchange, error.status_code, error.reason)
        except PersistedQueryNotFound as missing:
            # 200 for application/json, as Apollo's clients expect; the newer type answers
            # no `data` with a 4xx, and Apollo's clients retry on any but 400 and 500.
            status = 200 if exchange.media_type is MediaType.JSON else 404
            return self._refused(exchange, status, missing.message, missing.code, NOT_FOUND_HEADERS)
        except DocumentRefused as refused:
            return self._refused(exchange, 400, refused.message, refused.code)
        finally:
            _exchange.reset(token)
        if exchange.media_type is MediaType.GRAPHQL_RESPONSE_JSON and not isinstance(
            response, HTMLResponse
        ):
            response.status_code = exchange.status
            response.headers["content-type"] = exchange.media_type.content_type
        return response

    @staticmethod
    def _refused(
        exchange: Exchange,
        status: int,
        message: str,
        code: Code = Code.BAD_USER_INPUT,
        headers: dict[str, str] | None = None,
    ) -> Response:
        content_type = exchange.media_type.content_type
        return request_error(status, message, code, content_type=content_type, headers=headers)

    def should_render_graphql_ide(self, request: Any) -> bool:
        # A GET naming a trusted document or a persisted query's hash asks for data, not for
        # GraphiQL.
        visit: bool = super().should_render_graphql_ide(request)
        params = request.query_params
        return visit and params.get("documentId") is None and params.get("extensions") is None

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return HTMLResponse(self_hosted(self.graphql_ide_html))

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        exchange = _exchange.get()
        refused = refused_before_execution(result)
        response: GraphQLHTTPResponse = {}
        # No `data` in the newer type when nothing ran; application/json as it always was.
        if not (refused and exchange.media_type is MediaType.GRAPHQL_RESPONSE_JSON):
            response["data"] = result.data
        errors = [
            format_error(error, hide_suggestions=self.hide_suggestions)
            for error in result.errors or []
        ]
        if errors:
            response["errors"] = list[object](errors)
        if result.extensions:
            response["extensions"] = result.extensions
        if refused:
            exchange.status = request_error_status([Code(e["extensions"]["code"]) for e in errors])
        elif exchange.registration is not None:
            registration = exchange.registration
            self.documents.registry.add(registration.sha256_hex, registration.document)
        return response
