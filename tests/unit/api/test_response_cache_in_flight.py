"""The response cache's requests in flight, on a stand-in ASGI app: an identical request waits
for the first one's answer, and gets it before the first one's client has read it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import orjson
from starlette.types import Message

from api.graph_version import VersionReader
from api.metrics import OPERATION_SCOPE_KEY, Metrics
from api.response_cache import ResponseCache
from api.response_store import ResponseStore
from kb.graph.version import GraphVersion

VERSION = GraphVersion("token-1", 1, datetime(2026, 12, 7, tzinfo=UTC))
BODY = b'{"data":{"layers":[{"id":"L1"}]}}'
REQUEST = orjson.dumps({"query": "{ layers { id } }"})


class GraphQLStandIn:
    """Answers every request with BODY after `delay` seconds, counting the requests it runs."""

    def __init__(self, delay: float, status: int = 200) -> None:
        self.delay = delay
        self.status = status
        self.runs = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.runs += 1
        await receive()
        await asyncio.sleep(self.delay)
        scope[OPERATION_SCOPE_KEY] = "layers"
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": BODY})


def _cache(app: GraphQLStandIn) -> ResponseCache:
    async def fetch() -> GraphVersion:
        return VERSION

    metrics = Metrics()
    return ResponseCache(
        app,
        store=ResponseStore(1024 * 1024, metrics),
        versions=VersionReader(fetch),
        metrics=metrics,
        cache_control=b"no-cache",
        trusted_only=False,
    )


async def _ask(cache: ResponseCache, send_delay: float = 0.0) -> bytes:
    """POST REQUEST through the cache; the client takes `send_delay` s to read the answer."""
    scope = {
        "type": "http",
        "path": "/graphql",
        "method": "POST",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"accept", b"application/json")],
    }
    sent: list[bytes] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": REQUEST, "more_body": False}

    async def send(message: Message) -> None:
        await asyncio.sleep(send_delay)
        if message["type"] == "http.response.body":
            sent.append(message["body"])

    await cache(scope, receive, send)
    return b"".join(sent)


def test_an_identical_request_is_not_held_back_by_a_slow_first_client() -> None:
    async def scenario() -> tuple[list[bytes], float, int]:
        app = GraphQLStandIn(delay=0.1)
        cache = _cache(app)
        first = asyncio.create_task(_ask(cache, send_delay=5.0))  # its client reads slowly
        await asyncio.sleep(0.02)
        started = asyncio.get_running_loop().time()
        second = await _ask(cache)
        waited = asyncio.get_running_loop().time() - started
        first.cancel()
        return [second], waited, app.runs

    answers, waited, runs = asyncio.run(scenario())
    assert answers == [BODY]
    assert runs == 1
    assert waited < 2.0  # the first client's 5 s per message is not waited out


def test_when_the_first_answer_is_not_stored_each_identical_request_runs() -> None:
    async def scenario() -> tuple[list[bytes], int]:
        app = GraphQLStandIn(delay=0.1, status=500)
        cache = _cache(app)
        answers = await asyncio.gather(*(_ask(cache) for _ in range(3)))
        return list(answers), app.runs

    answers, runs = asyncio.run(scenario())
    assert answers == [BODY] * 3
    assert runs == 3


def test_a_cancelled_first_request_lets_the_waiting_one_run() -> None:
    async def scenario() -> tuple[bytes, int]:
        app = GraphQLStandIn(delay=0.5)
        cache = _cache(app)
        first = asyncio.create_task(_ask(cache))
        await asyncio.sleep(0.05)
        second = asyncio.create_task(_ask(cache))
        await asyncio.sleep(0.05)
        first.cancel()  # its client went away while GraphQL answered
        return await second, app.runs

    answer, runs = asyncio.run(scenario())
    assert (answer, runs) == (BODY, 2)
