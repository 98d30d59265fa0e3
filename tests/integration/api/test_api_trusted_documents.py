"""KB_GRAPHQL_DOCUMENTS: trusted runs only the build manifest's documents, by hash; open runs
any document and a manifest's by hash too."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kb.errors import ConfigError
from kb.settings import Settings
from tests.neo4j_server import TestServer

L7_COUNT = 'query L7Count { vendors(filter: {layer: "L7"}) { totalCount } }'
BY_LAYER = "query Count($layer: String!) { vendors(filter: {layer: $layer}) { totalCount } }"
AD_HOC = "{ layers { id } }"


def document_id(document: str) -> str:
    return "sha256:" + hashlib.sha256(document.encode()).hexdigest()


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build folder holding only a manifest of two documents."""
    folder = tmp_path_factory.mktemp("dist")
    manifest = {document_id(d): d for d in (L7_COUNT, BY_LAYER)}
    (folder / "persisted-documents.json").write_text(json.dumps(manifest))
    return folder


def plan_first(client: TestClient) -> None:
    """Run each document until it answers: on a loaded machine a fresh Neo4j may take longer
    than the API's 10 s read timeout to plan a query the first time (UNAVAILABLE)."""
    for document, variables in ((L7_COUNT, {}), (BY_LAYER, {"layer": "L1"})):
        for _ in range(5):
            body = client.post(
                "/graphql", json={"documentId": document_id(document), "variables": variables}
            ).json()
            if "errors" not in body:
                break


@pytest.fixture(scope="module")
def trusted(app_serving: Callable[..., TestClient], dist: Path) -> Iterator[TestClient]:
    with app_serving(dist, kb_graphql_documents="trusted") as client:
        plan_first(client)
        yield client


@pytest.fixture(scope="module")
def open_mode(app_serving: Callable[..., TestClient], dist: Path) -> Iterator[TestClient]:
    with app_serving(dist, kb_graphql_documents="open") as client:
        yield client


def error_of(body: dict[str, Any]) -> tuple[str, str]:
    [error] = body["errors"]
    return error["extensions"]["code"], error["message"]


def test_trusted_mode_refuses_an_ad_hoc_query_with_its_code(trusted: TestClient) -> None:
    response = trusted.post("/graphql", json={"query": AD_HOC})
    assert response.status_code == 400
    assert error_of(response.json()) == (
        "TRUSTED_DOCUMENT_REQUIRED",
        "this API executes trusted documents only: send the documentId of a document of the "
        "web explorer's manifest instead of a query",
    )


def test_trusted_mode_refuses_an_ad_hoc_query_over_get(trusted: TestClient) -> None:
    response = trusted.get("/graphql", params={"query": AD_HOC})
    assert response.status_code == 400
    assert error_of(response.json())[0] == "TRUSTED_DOCUMENT_REQUIRED"


def test_trusted_mode_runs_a_manifest_document_by_its_hash(trusted: TestClient) -> None:
    response = trusted.post("/graphql", json={"documentId": document_id(L7_COUNT)})
    assert response.status_code == 200
    assert response.json() == {"data": {"vendors": {"totalCount": 3}}}


def test_trusted_mode_runs_a_manifest_document_with_variables_over_get(
    trusted: TestClient,
) -> None:
    response = trusted.get(
        "/graphql",
        params={"documentId": document_id(BY_LAYER), "variables": '{"layer": "L1"}'},
    )
    assert response.json() == {"data": {"vendors": {"totalCount": 4}}}


def test_an_unknown_document_id_is_refused_with_its_code(trusted: TestClient) -> None:
    unknown = document_id(AD_HOC)
    response = trusted.post("/graphql", json={"documentId": unknown})
    assert response.status_code == 400
    assert error_of(response.json()) == (
        "TRUSTED_DOCUMENT_NOT_FOUND",
        f"documentId {unknown} is not a document of the web explorer's manifest",
    )


def test_a_malformed_document_id_is_bad_input(trusted: TestClient) -> None:
    response = trusted.post("/graphql", json={"documentId": "md5:abc"})
    assert error_of(response.json()) == (
        "BAD_USER_INPUT",
        "documentId: expected 'sha256:' and 64 lowercase hex digits",
    )


def test_trusted_mode_serves_no_graphiql(trusted: TestClient) -> None:
    response = trusted.get("/graphql", headers={"Accept": "text/html"})
    assert "graphiql" not in response.text.lower()


def test_open_mode_runs_ad_hoc_queries_and_manifest_documents(open_mode: TestClient) -> None:
    ad_hoc = open_mode.post("/graphql", json={"query": AD_HOC})
    assert [layer["id"] for layer in ad_hoc.json()["data"]["layers"]] == [
        "L1",
        "L2",
        "L3",
        "L4",
        "L5",
        "L6",
        "L7",
    ]
    by_hash = open_mode.post(
        "/graphql", json={"documentId": document_id(BY_LAYER), "variables": {"layer": "L7"}}
    )
    assert by_hash.json() == {"data": {"vendors": {"totalCount": 3}}}


def test_both_a_query_and_a_document_id_are_refused(open_mode: TestClient) -> None:
    response = open_mode.post(
        "/graphql", json={"query": AD_HOC, "documentId": document_id(BY_LAYER)}
    )
    assert error_of(response.json()) == (
        "BAD_USER_INPUT",
        "send either query or documentId, not both",
    )


def test_trusted_mode_without_a_build_stops_with_one_line(
    neo4j_server: TestServer, tmp_path: Path, api_settings_for: Callable[..., Settings]
) -> None:
    settings = api_settings_for(neo4j_server, kb_graphql_documents="trusted", kb_web_dist=tmp_path)
    with pytest.raises(ConfigError) as refused:
        create_app(settings)
    assert str(refused.value) == (
        f"KB_GRAPHQL_DOCUMENTS=trusted needs the web build's manifest "
        f"{tmp_path / 'persisted-documents.json'}, which is missing (build the front-end: make web)"
    )
