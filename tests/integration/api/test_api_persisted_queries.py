"""Automatic persisted queries (Apollo's protocol) over HTTP against the seeded graph: an unknown
hash is PersistedQueryNotFound; the hash with its document is checked, answered and kept; the
hash alone is then answered, by POST and by GET. Trusted mode resolves the manifest only."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import neo4j
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.limits import Limits
from kb.settings import Settings
from tests.neo4j_server import TestServer

NOT_FOUND = {
    "errors": [
        {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
    ]
}
L7_COUNT = 'query L7Count { vendors(filter: {layer: "L7"}) { totalCount } }'
L7_ANSWER = {"data": {"vendors": {"totalCount": 3}}}


def sha(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def persisted(document: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha(document)}}


def layer_count(layer: str) -> str:
    """A document of its own per test (the registry lives as long as the module's app)."""
    return f'query Count{layer} {{ vendors(filter: {{layer: "{layer}"}}) {{ totalCount }} }}'


def post(client: TestClient, body: dict[str, Any], accept: str = "*/*") -> httpx.Response:
    response: httpx.Response = client.post("/graphql", json=body, headers={"Accept": accept})
    return response


def get_by_hash(
    client: TestClient, document: str, *, send_document: bool = False
) -> httpx.Response:
    params = {"extensions": json.dumps(persisted(document))}
    if send_document:
        params["query"] = document
    response: httpx.Response = client.get("/graphql", params=params)
    return response


def test_an_unknown_hash_is_not_found_then_registered_and_answered_by_hash(
    client: TestClient,
) -> None:
    document = layer_count("L1")
    missing = post(client, {"extensions": persisted(document)})
    assert (missing.status_code, missing.json()) == (200, NOT_FOUND)
    assert missing.headers["cache-control"] == "private, no-cache, must-revalidate"
    registered = post(client, {"query": document, "extensions": persisted(document)})
    assert registered.json() == {"data": {"vendors": {"totalCount": 4}}}
    by_hash = post(client, {"extensions": persisted(document)})
    assert (by_hash.status_code, by_hash.json()) == (200, {"data": {"vendors": {"totalCount": 4}}})
    assert get_by_hash(client, document).json() == {"data": {"vendors": {"totalCount": 4}}}


def test_the_protocol_runs_over_get_alone(client: TestClient) -> None:
    document = layer_count("L2")
    assert get_by_hash(client, document).json() == NOT_FOUND
    registered = get_by_hash(client, document, send_document=True)
    assert registered.json() == {"data": {"vendors": {"totalCount": 2}}}
    assert get_by_hash(client, document).json() == {"data": {"vendors": {"totalCount": 2}}}


def test_variables_travel_with_the_hash(client: TestClient) -> None:
    document = "query ByLayer($l: String!) { vendors(filter: {layer: $l}) { totalCount } }"
    post(client, {"query": document, "extensions": persisted(document), "variables": {"l": "L3"}})
    answers = [
        post(client, {"extensions": persisted(document), "variables": {"l": layer}}).json()
        for layer in ("L3", "L7")
    ]
    assert answers == [
        {"data": {"vendors": {"totalCount": 1}}},
        {"data": {"vendors": {"totalCount": 3}}},
    ]


def test_not_found_is_a_404_in_the_newer_media_type(client: TestClient) -> None:
    document = layer_count("L4")
    missing = post(client, {"extensions": persisted(document)}, "application/graphql-response+json")
    assert (missing.status_code, missing.json()) == (404, NOT_FOUND)
    assert missing.headers["content-type"] == "application/graphql-response+json; charset=utf-8"


def test_a_hash_that_is_not_the_documents_is_refused_and_nothing_is_kept(
    client: TestClient,
) -> None:
    document, other = layer_count("L5"), layer_count("L6")
    wrong = {"query": document, "extensions": persisted(other)}
    refused = post(client, wrong)
    assert refused.status_code == 400
    assert refused.json()["errors"] == [
        {
            "message": f"extensions.persistedQuery.sha256Hash: {sha(other)} is not the SHA-256 "
            f"of the query sent with it, which is {sha(document)}",
            "extensions": {"code": "BAD_USER_INPUT"},
        }
    ]
    assert post(client, {"extensions": persisted(other)}).json() == NOT_FOUND


def test_a_version_other_than_1_is_refused_saying_so(client: TestClient) -> None:
    document = layer_count("L5")
    body = {"extensions": {"persistedQuery": {"version": 2, "sha256Hash": sha(document)}}}
    refused = post(client, body)
    assert (refused.status_code, refused.json()["errors"]) == (
        400,
        [
            {
                "message": "extensions.persistedQuery.version: expected 1, got 2",
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ],
    )


def test_a_document_graphql_refuses_is_not_kept(client: TestClient) -> None:
    invalid = "{ layers { nope } }"
    answered = post(client, {"query": invalid, "extensions": persisted(invalid)}).json()
    assert answered["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    assert post(client, {"extensions": persisted(invalid)}).json() == NOT_FOUND


def test_a_manifest_document_is_known_by_its_hash_from_the_start(
    open_with_manifest: TestClient,
) -> None:
    by_hash = post(open_with_manifest, {"extensions": persisted(L7_COUNT)})
    assert by_hash.json() == L7_ANSWER


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    manifest = {f"sha256:{sha(L7_COUNT)}": L7_COUNT}
    (folder / "persisted-documents.json").write_text(json.dumps(manifest))
    return folder


def app_on(settings: Settings, limits: Limits | None = None) -> TestClient:
    return TestClient(create_app(settings, limits))


@pytest.fixture(scope="module")
def open_with_manifest(app_serving: Callable[..., TestClient], dist: Path) -> Iterator[TestClient]:
    with app_serving(dist) as client:
        yield client


@pytest.fixture(scope="module")
def trusted(app_serving: Callable[..., TestClient], dist: Path) -> Iterator[TestClient]:
    with app_serving(dist, kb_graphql_documents="trusted") as client:
        yield client


def test_trusted_mode_answers_a_manifest_hash_by_post_and_get(trusted: TestClient) -> None:
    assert post(trusted, {"extensions": persisted(L7_COUNT)}).json() == L7_ANSWER
    assert get_by_hash(trusted, L7_COUNT).json() == L7_ANSWER
    with_document = {"query": L7_COUNT, "extensions": persisted(L7_COUNT)}
    assert post(trusted, with_document).json() == L7_ANSWER


def test_trusted_mode_registers_no_new_document(trusted: TestClient) -> None:
    document = layer_count("L1")
    assert post(trusted, {"extensions": persisted(document)}).json() == NOT_FOUND
    refused = post(trusted, {"query": document, "extensions": persisted(document)})
    assert refused.status_code == 400
    assert refused.json()["errors"] == [
        {
            "message": "this API executes trusted documents only: the query sent with "
            "extensions.persistedQuery is not a document of the web explorer's manifest, and "
            "no other document is registered",
            "extensions": {"code": "TRUSTED_DOCUMENT_REQUIRED"},
        }
    ]
    assert post(trusted, {"extensions": persisted(document)}).json() == NOT_FOUND


def test_the_registry_keeps_the_most_recently_used_within_its_bound(
    neo4j_server: TestServer, seeded: neo4j.Driver, api_settings_for: Callable[..., Settings]
) -> None:
    limits = Limits(max_persisted_queries=2)
    # Without the response cache, which would answer an evicted hash from the answers it keeps.
    settings = api_settings_for(neo4j_server).model_copy(update={"kb_cache_mib": 0})
    with app_on(settings, limits) as client:
        documents = [layer_count(layer) for layer in ("L1", "L2", "L3")]
        for document in documents:
            post(client, {"query": document, "extensions": persisted(document)})
        registry = client.app.state.persisted_queries  # type: ignore[attr-defined]
        assert len(registry) == 2
        answers = [post(client, {"extensions": persisted(d)}).json() for d in documents]
        assert answers == [
            NOT_FOUND,
            {"data": {"vendors": {"totalCount": 2}}},
            {"data": {"vendors": {"totalCount": 1}}},
        ]
