"""The built web explorer at `/`: its files, and index.html for the client's own routes.

Registered after /graphql, /healthz, /readyz and /metrics, so it never shadows them. Every
answer carries a strict Content-Security-Policy (the build has no inline script or style and
loads nothing from elsewhere) and the usual hardening headers.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

# Vite names these by their content's hash: a new build has new names.
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def mount_web(app: FastAPI, dist: Path) -> None:
    """Serve `dist` (web/dist) at `/`; without a build, `/` says how to make one."""
    root = dist.resolve()

    @app.get("/{path:path}", include_in_schema=False)
    async def web(path: str, request: Request) -> Response:
        index = root / "index.html"
        if not index.is_file():
            response: Response = PlainTextResponse(
                "The web explorer is not built: run `make web` (npm ci and npm run build in web/).",
                status_code=404,
            )
        elif (file := _file_in(root, path)) is not None:
            response = _file_response(file, request)
            response.headers["Cache-Control"] = (
                IMMUTABLE if file.parent.name == "assets" else REVALIDATE
            )
        elif _looks_like_a_file(path):
            response = PlainTextResponse("Not found", status_code=404)
        else:  # a client route such as /vendor/argilla: the app reads the path itself
            response = _file_response(index, request)
            response.headers["Cache-Control"] = REVALIDATE
        response.headers.update(SECURITY_HEADERS)
        return response


def _file_response(file: Path, request: Request) -> Response:
    """The file, or its gzip copy from the build (file.gz) when the client accepts gzip."""
    compressed = file.with_name(file.name + ".gz")
    if not compressed.is_file():
        return FileResponse(file)
    if "gzip" in request.headers.get("accept-encoding", ""):
        media_type, _ = mimetypes.guess_type(file.name)
        response = FileResponse(compressed, media_type=media_type or "application/octet-stream")
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = FileResponse(file)
    response.headers["Vary"] = "Accept-Encoding"  # caches keep both forms apart
    return response


def _file_in(root: Path, path: str) -> Path | None:
    """The file `path` names inside `root`, never outside it (no `..`, no symlink out)."""
    if not path:
        return None
    try:
        candidate = (root / path).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    except (OSError, ValueError):  # a NUL byte, a name too long for the file system
        return None
    return None


def _looks_like_a_file(path: str) -> bool:
    """/assets/x.js or /favicon.ico: a missing file is a 404, not the app's page."""
    last = path.rsplit("/", 1)[-1]
    return path.startswith("assets/") or "." in last
