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

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.requests import HTTPConnection

from api.bodylimit import BodySizeLimit
from api.browser_assets import BrowserAssetsCors
from api.browser_assets import router as browser_assets
from api.context import Context
from api.documents import load_documents
from api.health import check_readiness
from api.limits import Limits
from api.metrics import Metrics
from api.persisted_queries import AutomaticPersistedQueries, PersistedQueries
from api.repository import Reader, create_driver
from api.response_cache import add_response_cache
from api.router import KbGraphQLRouter
from api.schema import build_schema
from api.taxonomy import load_taxonomy
from api.warmup import Warmth, keep_warm
from api.web import mount_web
from kb.framework import framework_data
from kb.paths import web_dist_dir
from kb.settings import Settings, get_settings


def create_app(settings: Settings | None = None, limits: Limits | None = None) -> FastAPI:
    settings = settings or get_settings()
    limits = limits or Limits()
    production = settings.kb_env == "production"
    trusted_only = settings.kb_graphql_documents == "trusted"
    web_dist = settings.kb_web_dist or web_dist_dir()
    trusted_documents = load_documents(web_dist, settings.kb_graphql_documents)
    persisted_queries = PersistedQueries(
        limits.max_persisted_queries, limits.max_persisted_query_bytes
    )
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
    app.state.persisted_queries = persisted_queries

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
            documents=AutomaticPersistedQueries(trusted_documents, persisted_queries),
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
