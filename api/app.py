"""The FastAPI app: `create_app(settings)` builds it; `kb serve` and uvicorn use the factory.

One async Neo4j driver per process, created in the lifespan and closed on shutdown. Routes:
/graphql (POST, and GET for queries; GraphiQL in development only), /healthz (the process is
up), /readyz (Neo4j reachable, the schema applied and every read planned, else 503 with the
reason), /metrics, Neo4j Browser's guide and style sheet under /browser/ (api.browser_assets),
and the web explorer's built files at / (api.web). The lifespan also runs
api.warmup.keep_warm, which plans every read after each start of Neo4j's database.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

import orjson
from cross_web import HTTPException
from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.requests import HTTPConnection
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from api.bodylimit import BodySizeLimit
from api.browser_assets import BrowserAssetsCors
from api.browser_assets import router as browser_assets
from api.context import Context
from api.documents import DocumentRefused, TrustedDocuments, load_documents
from api.errors import format_error, request_error
from api.graphiql import self_hosted
from api.health import check_readiness
from api.limits import Limits
from api.metrics import Metrics
from api.repository import Reader, create_driver
from api.response_cache import add_response_cache
from api.schema import build_schema
from api.taxonomy import load_taxonomy
from api.warmup import Warmth, keep_warm
from api.web import mount_web
from kb.framework import framework_data
from kb.paths import web_dist_dir
from kb.settings import Settings, get_settings


class KbGraphQLRouter(GraphQLRouter[Context, None]):
    """Formats every error through api.errors: codes, no stack traces, no Cypher (and, in
    production, no suggestions); a request strawberry refuses before GraphQL (bad JSON, a
    body that is not an object, a content type, a mutation over GET) gets a GraphQL-shaped
    JSON error too. Reads and writes JSON with orjson (the stdlib encoder was ~4% of the
    API's CPU on large answers). A `documentId` is swapped for its trusted document before
    GraphQL parses the request (api.documents)."""

    def __init__(
        self,
        *args: Any,
        documents: TrustedDocuments,
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
        return self.documents.resolve(parsed) if isinstance(parsed, dict) else parsed

    def parse_query_params(self, params: Any) -> dict[str, Any]:
        # Synchronous: no other request runs between setting the flag and clearing it.
        self._parsing_query_params = True
        try:
            parsed = super().parse_query_params(params)
        finally:
            self._parsing_query_params = False
        return self.documents.resolve(parsed)

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        try:
            return await super().run(request, context, root_value)
        except HTTPException as error:
            return request_error(error.status_code, error.reason)
        except DocumentRefused as refused:
            return request_error(400, refused.message, refused.code)

    def should_render_graphql_ide(self, request: Any) -> bool:
        # A GET naming a trusted document is a request for data, not a visit to GraphiQL.
        visit: bool = super().should_render_graphql_ide(request)
        return visit and request.query_params.get("documentId") is None

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return HTMLResponse(self_hosted(self.graphql_ide_html))

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        response: GraphQLHTTPResponse = {"data": result.data}
        if result.errors:
            response["errors"] = [
                format_error(error, hide_suggestions=self.hide_suggestions)
                for error in result.errors
            ]
        if result.extensions:
            response["extensions"] = result.extensions
        return response


def create_app(settings: Settings | None = None, limits: Limits | None = None) -> FastAPI:
    settings = settings or get_settings()
    limits = limits or Limits()
    production = settings.kb_env == "production"
    trusted_only = settings.kb_graphql_documents == "trusted"
    web_dist = settings.kb_web_dist or web_dist_dir()
    documents = load_documents(web_dist, settings.kb_graphql_documents)
    metrics = Metrics()
    framework = framework_data()
    taxonomy = load_taxonomy(framework)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        driver = create_driver(settings)
        app.state.driver = driver
        reader = Reader(driver, settings.neo4j_database, metrics)
        app.state.reader = reader
        app.state.warmth = Warmth()
        # The warm-up's own reader on the same plans: app.state.reader runs requests only.
        warm_up_reader = Reader(driver, settings.neo4j_database, metrics, plans=reader.plans)
        warming = asyncio.create_task(keep_warm(driver, warm_up_reader, taxonomy, app.state.warmth))
        try:
            yield
        finally:
            warming.cancel()
            with suppress(asyncio.CancelledError):
                await warming
            await driver.close()

    app = FastAPI(
        title="Trust Before Intelligence knowledge base",
        lifespan=lifespan,
        docs_url=None if production else "/docs",
        redoc_url=None,
        openapi_url=None if production else "/openapi.json",
    )
    app.state.settings = settings
    app.state.metrics = metrics
    app.state.limits = limits

    # An HTTPConnection, not a Request: FastAPI resolves it for the WebSocket route too, which
    # strawberry then refuses (no subscription protocols) instead of crashing with a 500.
    async def context_getter(connection: HTTPConnection) -> Context:
        return Context(connection.app.state.reader, limits, framework, taxonomy)

    schema = build_schema(limits, production=production, metrics=metrics)
    app.include_router(
        KbGraphQLRouter(
            schema,
            path="/graphql",
            # GraphiQL sends documents of its own: none in trusted mode.
            graphql_ide=None if production or trusted_only else "graphiql",
            allow_queries_via_get=True,
            context_getter=context_getter,
            multipart_uploads_enabled=False,
            subscription_protocols=(),  # no subscriptions: a WebSocket is closed at once (4406)
            hide_suggestions=production,
            documents=documents,
        )
    )
    app.include_router(browser_assets)
    add_response_cache(app, settings, metrics)  # inside the body limit and CORS
    app.add_middleware(BodySizeLimit, max_bytes=limits.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Authorization"],
        )
    # Outermost, so that the configured CORS above never refuses Browser's preflight.
    app.add_middleware(BrowserAssetsCors)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz")
    async def readyz(request: Request) -> JSONResponse:
        state = request.app.state
        readiness = await check_readiness(state.driver, state.reader, state.warmth)
        body: dict[str, Any] = {"status": "ready" if readiness.ready else "not ready"}
        if readiness.neo4j_version:
            body["neo4j"] = readiness.neo4j_version
        if readiness.reason:
            body["reason"] = readiness.reason
        return JSONResponse(body, status_code=200 if readiness.ready else 503)

    @app.get("/metrics")
    async def prometheus_metrics() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    mount_web(app, web_dist)  # last: its catch-all route must not shadow the ones above
    return app
