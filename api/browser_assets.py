"""The Neo4j Browser guide and style sheet, served for `:play` and `:style`.

Browser fetches both from the page it runs in (Neo4j's HTTP port), so they are cross-origin
requests: Browser sends `pragma` and `cache-control` headers with a guide request, which makes
the browser ask first (a CORS preflight). These two public, read-only documents answer any
origin; the rest of the API keeps its own CORS settings (CORS_ORIGINS).
"""

from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from kb.browser import GUIDE_PATH, STYLE_PATH, render_guide, style_sheet

PREFIX = "/browser/"

router = APIRouter()


@lru_cache(maxsize=8)  # one document per host name the API is reached by
def _guide(style_url: str) -> str:
    return render_guide(style_url)


@router.get(GUIDE_PATH, response_class=HTMLResponse)
async def browser_guide(request: Request) -> HTMLResponse:
    return HTMLResponse(_guide(str(request.url_for("browser_style"))))


@router.get(STYLE_PATH, response_class=PlainTextResponse)
async def browser_style() -> PlainTextResponse:
    return PlainTextResponse(style_sheet())


class BrowserAssetsCors:
    """Open CORS (any origin, GET, no credentials) for paths under /browser/ only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.open = CORSMiddleware(
            app, allow_origins=["*"], allow_methods=["GET"], allow_headers=["*"], max_age=600
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(PREFIX):
            await self.open(scope, receive, send)
        else:
            await self.app(scope, receive, send)
