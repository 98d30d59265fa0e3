"""The request-body limit: declared lengths and streamed (chunked) bodies alike."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from api.bodylimit import BodySizeLimit

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about httpx2
    from starlette.testclient import TestClient


async def echo_size(request: Request) -> PlainTextResponse:
    return PlainTextResponse(str(len(await request.body())))


def client(max_bytes: int) -> TestClient:
    """Installed as api.app installs it: a middleware inside Starlette's error handling."""
    app = Starlette(
        routes=[Route("/", echo_size, methods=["GET", "POST"])],
        middleware=[Middleware(BodySizeLimit, max_bytes=max_bytes)],
    )
    return TestClient(app)


def chunks(count: int, size: int) -> Iterator[bytes]:
    for _ in range(count):
        yield b"x" * size


def test_bodies_within_the_limit_pass() -> None:
    test_client = client(100)
    assert test_client.post("/", content=b"x" * 100).text == "100"
    assert test_client.post("/", content=chunks(4, 25)).text == "100"
    assert test_client.get("/").text == "0"


def test_a_declared_length_over_the_limit_is_refused_unread() -> None:
    response = client(100).post("/", content=b"x" * 101)
    assert response.status_code == 413
    assert response.json() == {
        "errors": [
            {"message": "request body over 100 bytes", "extensions": {"code": "LIMIT_EXCEEDED"}}
        ]
    }


def test_a_streamed_body_is_cut_off_once_over_the_limit() -> None:
    response = client(100).post("/", content=chunks(5, 25))
    assert response.status_code == 413
