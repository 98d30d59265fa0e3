"""The response cache: a pure ASGI layer in front of GraphQL (docs/response-cache.md).

A cacheable request (GET or JSON POST to /graphql naming a document: api.cache_key) first
learns the graph version (api.graph_version), then is answered with the stored bytes of the
same request at that version when there are some: no FastAPI routing, no strawberry, no
Neo4j query. Otherwise GraphQL answers it and a successful answer (HTTP 200, no top-level
`errors`) is stored. While GraphQL answers it, the same request at the same version waits for
that answer instead of running it again (a burst after `kb seed` empties the cache runs each
query once); if the answer is not stored (an error), each waiting request runs on its own.
GET answers carry an ETag made of the version and the key (it changes when the graph does) and
KB_CACHE_CONTROL; a GET whose If-None-Match holds that ETag gets 304.
Anything else (other paths, a malformed request, Neo4j failing the version read, a graph with no
version yet) goes to the app untouched.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable
from typing import Any

import orjson
from fastapi import FastAPI
from neo4j.exceptions import DriverError, Neo4jError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.cache_key import Uncacheable, get_params, request_key
from api.graph_version import VersionReader, fetch_version
from api.metrics import OPERATION_SCOPE_KEY, Metrics
from api.response_store import Entry, Key, ResponseStore
from kb.settings import Settings

MIB = 1024 * 1024
_JSON = b"application/json"


def add_response_cache(app: FastAPI, settings: Settings, metrics: Metrics) -> None:
    """Put the cache in front of /graphql, unless KB_CACHE_MIB is 0. The version is read
    with the driver the app's lifespan creates (app.state.driver)."""
    if settings.kb_cache_mib == 0:
        return
    store = ResponseStore(settings.kb_cache_mib * MIB, metrics)

    async def fetch() -> Any:
        return await fetch_version(app.state.driver, settings.neo4j_database)

    versions = VersionReader(
        fetch, settings.kb_cache_max_staleness_ms / 1000, on_change=lambda _: store.clear()
    )
    app.state.response_store = store
    app.state.graph_versions = versions
    app.add_middleware(
        ResponseCache,
        store=store,
        versions=versions,
        metrics=metrics,
        cache_control=settings.kb_cache_control.encode(),
        trusted_only=settings.kb_graphql_documents == "trusted",
    )


class ResponseCache:
    def __init__(
        self,
        app: ASGIApp,
        *,
        store: ResponseStore,
        versions: VersionReader,
        metrics: Metrics,
        cache_control: bytes,
        trusted_only: bool,
        path: str = "/graphql",
    ) -> None:
        self.app = app
        self.store = store
        self.versions = versions
        self.metrics = metrics
        self.cache_control = cache_control
        self.trusted_only = trusted_only
        self.path = path
        # Requests GraphQL is answering now, by key: what each will store (None: nothing).
        self._in_flight: dict[Key, asyncio.Future[Entry | None]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        method = scope.get("method")
        if scope["type"] != "http" or scope["path"] != self.path or method not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        body = None
        if method == "POST":
            body = await _read_body(receive)
            if body is None:
                return  # the client went away
            receive = _replay(body, receive)
        key = await self._key(method, scope["query_string"], body, headers)
        if key is None:
            await self.app(scope, receive, send)
            return
        etag = _etag(key) if method == "GET" else None  # POST stays uncached by HTTP
        if etag is not None and _matches(headers.get(b"if-none-match"), etag):
            self.metrics.cache_not_modified.inc()
            await self._send(send, 304, b"", None, etag)
            return
        entry = self.store.get(key) or await self._in_flight_answer(key)
        if entry is not None:
            self.metrics.cache_hits.inc()
            await self._send(send, 200, entry.body, entry.content_type, etag)
            self.metrics.record(entry.operation, "ok", time.perf_counter() - started)
            return
        self.metrics.cache_misses.inc()
        # The answer waited for was not stored, and another identical request took over: this
        # one runs on its own rather than wait again.
        if key in self._in_flight:
            await self._answer_and_store(scope, receive, send, key, etag)
            return
        answered: asyncio.Future[Entry | None] = asyncio.get_running_loop().create_future()
        self._in_flight[key] = answered

        def settle(entry: Entry | None) -> None:
            if not answered.done():
                del self._in_flight[key]
                answered.set_result(entry)

        try:
            await self._answer_and_store(scope, receive, send, key, etag, settle)
        finally:
            settle(None)  # no answer to share: the app failed or the request was cancelled

    async def _in_flight_answer(self, key: Key) -> Entry | None:
        """The stored answer of the same request running now, once it is there."""
        answered = self._in_flight.get(key)
        # shield: a waiter whose client goes away must not cancel the shared future.
        return None if answered is None else await asyncio.shield(answered)

    async def _key(
        self, method: str, query_string: bytes, body: bytes | None, headers: dict[bytes, bytes]
    ) -> Key | None:
        """The request's key at the graph's current version; None leaves it to GraphQL."""
        try:
            params = get_params(query_string) if body is None else _json_object(body, headers)
            request = request_key(
                method, params, headers.get(b"accept", b""), trusted_only=self.trusted_only
            )
            version = await self.versions.current()
        except (Uncacheable, Neo4jError, DriverError):
            return None  # Neo4j failing the version read: GraphQL's own read reports it
        return None if version is None else (version.token, request)

    async def _answer_and_store(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        key: Key,
        etag: bytes | None,
        stored: Callable[[Entry | None], None] = lambda _: None,
    ) -> None:
        """Let GraphQL answer, holding its answer back until it is whole: whether it is stored,
        and whether it gets an ETag, depends on its body. `stored` learns what was stored
        before the answer is sent, so that a slow client holds no identical request back."""
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            else:
                await send(message)

        await self.app(scope, receive, capture)
        if start is None:
            return
        body = b"".join(chunks)
        headers = list(start.get("headers", []))
        content_type = dict(headers).get(b"content-type", b"")
        operation = scope.get(OPERATION_SCOPE_KEY)
        entry = None
        if start["status"] == 200 and operation is not None and _successful(body, content_type):
            entry = Entry(body, content_type, operation)
            self.store.put(key, entry)
            if etag is not None:  # the router's own Vary gives way to the cache's (the same)
                headers = [h for h in headers if h[0] != b"vary"] + self._http_cache_headers(etag)
        stored(entry)
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _send(
        self, send: Send, status: int, body: bytes, content_type: bytes | None, etag: bytes | None
    ) -> None:
        headers = [(b"content-length", b"%d" % len(body))] if status != 304 else []
        if content_type is not None:
            headers.append((b"content-type", content_type))
        if etag is not None:
            headers += self._http_cache_headers(etag)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _http_cache_headers(self, etag: bytes) -> list[tuple[bytes, bytes]]:
        # Vary: the answer's media type follows the Accept header.
        return [(b"etag", etag), (b"cache-control", self.cache_control), (b"vary", b"Accept")]


def _headers(scope: Scope) -> dict[bytes, bytes]:
    """The few request headers the cache reads (names arrive lower-cased in ASGI)."""
    wanted = (b"accept", b"content-type", b"if-none-match")
    return {name: value for name, value in scope["headers"] if name in wanted}


async def _read_body(receive: Receive) -> bytes | None:
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """`receive` for the app: the body read already, then the client's own messages."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _json_object(body: bytes, headers: dict[bytes, bytes]) -> dict[str, Any]:
    """A JSON POST's GraphQL parameters (another content type is GraphQL's to judge)."""
    if headers.get(b"content-type", b"").split(b";")[0].strip() != _JSON:
        raise Uncacheable
    try:
        params = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise Uncacheable from None
    if not isinstance(params, dict):
        raise Uncacheable
    return params


def _successful(body: bytes, content_type: bytes) -> bool:
    """A JSON answer without top-level errors (partial results carry errors too)."""
    if not content_type.startswith(b"application/") or b"json" not in content_type:
        return False
    try:
        answer = orjson.loads(body)
    except orjson.JSONDecodeError:
        return False
    return isinstance(answer, dict) and "data" in answer and not answer.get("errors")


def _etag(key: Key) -> bytes:
    """Made of the version and the request: it changes when the graph does."""
    token, request = key
    return b'"%s"' % hashlib.sha256(token.encode() + request).hexdigest()[:40].encode()


def _matches(if_none_match: bytes | None, etag: bytes) -> bool:
    """If-None-Match's weak comparison (RFC 9110 13.1.2): any listed tag, W/ or not. Not "*":
    whether this request has a (successful) answer is not known before running it."""
    if if_none_match is None:
        return False
    return etag in (tag.strip().removeprefix(b"W/") for tag in if_none_match.split(b","))
