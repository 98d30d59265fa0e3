"""The response cache against a real Neo4j: repeated answers come from memory, never stale
after `kb seed` returns, bounded, errors never stored; HTTP caching with ETag and 304."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import neo4j
import orjson
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kb.seeding import seed_paths
from kb.settings import Settings
from tests.integration.api.conftest import RoundTrips, api_settings
from tests.integration.api.live import live_api
from tests.integration.graph_helpers import SEEDS, seeded_graph
from tests.integration.test_seed import edited_argilla
from tests.neo4j_server import TestServer

P_SCORE = (
    "query($s: String!) { vendor(slug: $s) { vendor { slug } latestScores { dimension score } } }"
)
ARGILLA = {"s": "argilla"}


def p_score(body: dict[str, Any]) -> int:
    assert "errors" not in body, body
    scores = body["data"]["vendor"]["latestScores"]
    return next(int(s["score"]) for s in scores if s["dimension"] == "INPACT.P")


def metric(client: TestClient, name: str) -> float:
    for line in client.get("/metrics").text.splitlines():
        if line.startswith(f"{name} "):
            return float(line.split()[1])
    raise AssertionError(f"no metric {name}")


@pytest.fixture
def fresh_graph(driver: neo4j.Driver) -> neo4j.Driver:
    """The seed corpus, as seeds/ holds it (tests here change it)."""
    return seeded_graph(driver)


@pytest.fixture
def app_client(
    neo4j_server: TestServer, fresh_graph: neo4j.Driver
) -> Iterator[Callable[..., TestClient]]:
    """An in-process app with the given settings overrides, started."""
    clients: list[TestClient] = []

    def start(**overrides: Any) -> TestClient:
        client = TestClient(create_app(api_settings(neo4j_server, **overrides)))
        client.__enter__()
        clients.append(client)
        return client

    yield start
    for client in clients:
        client.__exit__(None, None, None)


def post(client: TestClient, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def seed_settings(server: TestServer) -> Settings:
    return Settings(_env_file=None, neo4j_uri=server.uri)


def changed_argilla(server: TestServer, folder: Path) -> None:
    """`kb seed` of argilla.txt with P raised from 2 to 3."""
    summary = seed_paths([edited_argilla(folder)], seed_settings(server))
    assert summary.updated == 1, summary


def test_a_repeated_query_is_answered_from_the_cache_without_its_query(
    app_client: Callable[..., TestClient],
) -> None:
    client = app_client()
    trips = RoundTrips(client.app.state.reader)  # type: ignore[attr-defined]
    first = post(client, P_SCORE, ARGILLA)
    assert trips.names == ["read/vendor_evaluation"]
    again = [post(client, P_SCORE, ARGILLA) for _ in range(3)]
    assert trips.names == ["read/vendor_evaluation"]  # no driver call for the query
    assert again == [first] * 3
    assert (metric(client, "kb_cache_hits_total"), metric(client, "kb_cache_misses_total")) == (
        3.0,
        1.0,
    )
    versions = client.app.state.graph_versions  # type: ignore[attr-defined]
    assert versions.reads == 4  # one version read per request
    # A hit is a request of the operation that answered first, timed by the cache.
    assert metric(client, 'kb_graphql_requests_total{operation="vendor",outcome="ok"}') == 4.0
    assert metric(client, 'kb_graphql_request_seconds_count{operation="vendor"}') == 4.0


def test_after_kb_seed_the_very_next_request_gets_the_new_value(
    app_client: Callable[..., TestClient], neo4j_server: TestServer, tmp_path: Path
) -> None:
    client = app_client()
    assert p_score(post(client, P_SCORE, ARGILLA)) == 2
    assert p_score(post(client, P_SCORE, ARGILLA)) == 2
    changed_argilla(neo4j_server, tmp_path)
    assert p_score(post(client, P_SCORE, ARGILLA)) == 3


def test_an_unchanged_reseed_keeps_the_cache(
    app_client: Callable[..., TestClient], neo4j_server: TestServer
) -> None:
    client = app_client()
    trips = RoundTrips(client.app.state.reader)  # type: ignore[attr-defined]
    post(client, P_SCORE, ARGILLA)
    summary = seed_paths([SEEDS], seed_settings(neo4j_server))
    assert (summary.created, summary.updated) == (0, 0)
    post(client, P_SCORE, ARGILLA)
    assert trips.names == ["read/vendor_evaluation"]
    assert metric(client, "kb_cache_hits_total") == 1.0


def test_two_api_processes_over_one_neo4j_both_see_the_change(
    neo4j_server: TestServer, fresh_graph: neo4j.Driver, tmp_path: Path
) -> None:
    def ask(url: str) -> int:
        response = httpx.post(
            f"{url}/graphql", json={"query": P_SCORE, "variables": ARGILLA}, timeout=30
        )
        return p_score(response.json())

    with (
        live_api(neo4j_server.uri, tmp_path / "one.log") as one,
        live_api(neo4j_server.uri, tmp_path / "two.log") as two,
    ):
        assert [ask(one), ask(one), ask(two), ask(two)] == [2, 2, 2, 2]
        hits = [httpx.get(f"{url}/metrics").text for url in (one, two)]
        assert all("kb_cache_hits_total 1.0" in text for text in hits), hits
        changed_argilla(neo4j_server, tmp_path)
        assert [ask(one), ask(two)] == [3, 3]


def test_get_answers_304_while_unchanged_and_a_new_etag_after_a_change(
    app_client: Callable[..., TestClient], neo4j_server: TestServer, tmp_path: Path
) -> None:
    client = app_client(kb_cache_control="public, max-age=0, must-revalidate")
    params = {"query": P_SCORE, "variables": '{"s": "argilla"}'}
    first = client.get("/graphql", params=params)
    assert first.status_code == 200
    assert first.headers["cache-control"] == "public, max-age=0, must-revalidate"
    assert first.headers["vary"] == "Accept"
    etag = first.headers["etag"]

    unchanged = client.get("/graphql", params=params, headers={"If-None-Match": etag})
    assert (unchanged.status_code, unchanged.content, unchanged.headers["etag"]) == (304, b"", etag)
    other = client.get("/graphql", params=params, headers={"If-None-Match": '"something-else"'})
    assert (other.status_code, other.json()) == (200, first.json())

    changed_argilla(neo4j_server, tmp_path)
    after = client.get("/graphql", params=params, headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after.headers["etag"] != etag
    assert p_score(after.json()) == 3
    # POST stays uncached by HTTP.
    posted = client.post("/graphql", json={"query": P_SCORE, "variables": ARGILLA})
    assert "etag" not in posted.headers and "cache-control" not in posted.headers


def test_the_cache_never_exceeds_its_bound_and_counts_evictions(
    app_client: Callable[..., TestClient],
) -> None:
    client = app_client(kb_cache_mib=1)
    store = client.app.state.response_store  # type: ignore[attr-defined]
    document = (
        "query($s: String!) { vendor(slug: $s) { vendor { slug name } "
        "latestScores { dimension score rationale } strengths } }"
    )
    size = len(client.post("/graphql", json={"query": document, "variables": ARGILLA}).content)
    requests = 2 * (1024 * 1024) // size + 10  # twice what fits
    for pad in range(requests):  # a variable the document does not declare: a key of its own
        body = post(client, document, {**ARGILLA, "pad": pad})
        assert "errors" not in body
        assert store.stored_bytes <= 1024 * 1024
    evictions = metric(client, "kb_cache_evictions_total")
    assert evictions >= requests // 2 - 10
    assert metric(client, "kb_cache_entries") == len(store) == requests + 1 - evictions
    assert metric(client, "kb_cache_bytes") == store.stored_bytes


def test_errors_are_never_cached(app_client: Callable[..., TestClient]) -> None:
    client = app_client()
    trips = RoundTrips(client.app.state.reader)  # type: ignore[attr-defined]
    for _ in range(2):
        missing = post(client, P_SCORE, {"s": "no-such-vendor"})
        assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        invalid = client.post("/graphql", json={"query": "{ nope }"})
        assert "errors" in invalid.json()
    assert trips.names == ["read/vendor_evaluation"] * 2
    assert len(client.app.state.response_store) == 0  # type: ignore[attr-defined]
    assert metric(client, "kb_cache_hits_total") == 0.0


def test_kb_cache_mib_0_turns_the_cache_off(app_client: Callable[..., TestClient]) -> None:
    client = app_client(kb_cache_mib=0)
    trips = RoundTrips(client.app.state.reader)  # type: ignore[attr-defined]
    post(client, P_SCORE, ARGILLA)
    post(client, P_SCORE, ARGILLA)
    assert trips.names == ["read/vendor_evaluation"] * 2
    assert "etag" not in client.get("/graphql", params={"query": "{ layers { id } }"}).headers


def test_a_document_id_and_its_text_share_an_entry(
    app_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    (tmp_path / "persisted-documents.json").write_bytes(
        orjson.dumps({f"sha256:{hashlib.sha256(P_SCORE.encode()).hexdigest()}": P_SCORE})
    )
    client = app_client(kb_web_dist=tmp_path)
    trips = RoundTrips(client.app.state.reader)  # type: ignore[attr-defined]
    by_text = post(client, P_SCORE, ARGILLA)
    document_id = f"sha256:{hashlib.sha256(P_SCORE.encode()).hexdigest()}"
    by_id = client.post("/graphql", json={"documentId": document_id, "variables": ARGILLA})
    assert by_id.json() == by_text
    assert trips.names == ["read/vendor_evaluation"]
    # A trusted document by id over GET: HTTP caching too.
    params = {"documentId": document_id, "variables": '{"s": "argilla"}'}
    first = client.get("/graphql", params=params)
    assert first.json() == by_text
    again = client.get("/graphql", params=params, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def test_no_stale_answer_when_the_graph_is_wiped_and_reseeded(
    app_client: Callable[..., TestClient], driver: neo4j.Driver, tmp_path: Path
) -> None:
    client = app_client()
    assert p_score(post(client, P_SCORE, ARGILLA)) == 2
    shutil.copy(SEEDS / "argilla.txt", tmp_path / "argilla.txt")
    driver.execute_query("MATCH (n) DETACH DELETE n")
    # No version node: answered, never from the cache.
    assert post(client, P_SCORE, ARGILLA)["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    seeded_graph(driver)
    assert p_score(post(client, P_SCORE, ARGILLA)) == 2


def test_with_a_staleness_bound_versions_are_shared_and_kb_seed_waits_it_out(
    app_client: Callable[..., TestClient], neo4j_server: TestServer, tmp_path: Path
) -> None:
    client = app_client(kb_cache_max_staleness_ms=5000)
    versions = client.app.state.graph_versions  # type: ignore[attr-defined]
    assert [p_score(post(client, P_SCORE, ARGILLA)) for _ in range(3)] == [2, 2, 2]
    assert versions.reads == 1  # learned once, reused within 5 s
    settings = Settings(_env_file=None, neo4j_uri=neo4j_server.uri, kb_cache_max_staleness_ms=5000)
    assert seed_paths([edited_argilla(tmp_path)], settings).updated == 1  # returns after 5 s
    assert p_score(post(client, P_SCORE, ARGILLA)) == 3


def _at_once(
    client: TestClient, variables: dict[str, Any], requests: int
) -> tuple[list[dict[str, Any]], RoundTrips]:
    """P_SCORE asked `requests` times at once, each round trip made 0.5 s slower so that the
    requests overlap: the answers and the round trips counted."""
    reader = client.app.state.reader  # type: ignore[attr-defined]
    trips = RoundTrips(reader)
    counted = reader.run

    async def slow(name: str, params: Any = None, **options: Any) -> Any:
        await asyncio.sleep(0.5)
        return await counted(name, params, **options)

    reader.run = slow
    with ThreadPoolExecutor(requests) as pool:
        bodies = list(pool.map(lambda _: post(client, P_SCORE, variables), range(requests)))
    return bodies, trips


def test_identical_requests_at_once_run_the_query_once(
    app_client: Callable[..., TestClient],
) -> None:
    client = app_client()
    bodies, trips = _at_once(client, ARGILLA, 5)
    assert trips.names == ["read/vendor_evaluation"]
    assert bodies == [bodies[0]] * 5
    assert p_score(bodies[0]) == 2
    assert (metric(client, "kb_cache_hits_total"), metric(client, "kb_cache_misses_total")) == (
        4.0,
        1.0,
    )


def test_identical_requests_at_once_whose_answer_is_an_error_each_run(
    app_client: Callable[..., TestClient],
) -> None:
    client = app_client()
    bodies, trips = _at_once(client, {"s": "no-such-vendor"}, 3)
    assert [b["errors"][0]["extensions"]["code"] for b in bodies] == ["NOT_FOUND"] * 3
    assert trips.names == ["read/vendor_evaluation"] * 3
    assert metric(client, "kb_cache_hits_total") == 0.0
