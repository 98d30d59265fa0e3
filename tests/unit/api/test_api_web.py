"""The API serves the built explorer at / (files, client routes, headers) and GraphiQL from
the project's files; no Neo4j is needed for any of it."""

from __future__ import annotations

import gzip
import hashlib
import json
import warnings
from pathlib import Path

import pytest

from api.app import create_app
from api.web import CONTENT_SECURITY_POLICY
from kb.errors import ConfigError
from kb.settings import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about httpx2
    from fastapi.testclient import TestClient

INDEX = '<!doctype html><script type="module" src="/assets/app-1.js"></script>'


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "assets" / "app-1.js").write_text("console.log(1)")
    (tmp_path / "favicon.svg").write_text("<svg/>")
    return tmp_path


def client_for(dist: Path, **overrides: object) -> TestClient:
    values: dict[str, object] = {
        "_env_file": None,
        "neo4j_uri": "bolt://127.0.0.1:1",  # never reached: no route here reads the graph
        "kb_web_dist": dist,
    }
    values.update(overrides)
    return TestClient(create_app(Settings(**values)))  # type: ignore[arg-type]


def test_the_index_is_served_at_the_root_with_a_strict_csp(dist: Path) -> None:
    response = client_for(dist).get("/")
    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["content-security-policy"] == (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cache-control"] == "no-cache"
    assert "access-control-allow-origin" not in response.headers


def test_client_routes_get_the_index_and_assets_are_cached_for_good(dist: Path) -> None:
    client = client_for(dist)
    route = client.get("/vendor/argilla?x=1")
    assert (route.status_code, route.text) == (200, INDEX)
    asset = client.get("/assets/app-1.js")
    assert asset.text == "console.log(1)"
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert asset.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_the_builds_gzip_copies_go_to_clients_that_accept_gzip(dist: Path) -> None:
    (dist / "assets" / "app-1.js.gz").write_bytes(gzip.compress(b"console.log(1)"))
    (dist / "index.html.gz").write_bytes(gzip.compress(INDEX.encode()))
    client = client_for(dist)
    asset = client.get("/assets/app-1.js", headers={"Accept-Encoding": "gzip, br"})
    assert asset.text == "console.log(1)"  # decoded by the client
    assert asset.headers["content-encoding"] == "gzip"
    assert asset.headers["content-type"] == "text/javascript; charset=utf-8"
    assert asset.headers["vary"] == "Accept-Encoding"
    assert asset.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    route = client.get("/vendor/argilla", headers={"Accept-Encoding": "gzip"})
    assert (route.text, route.headers["content-encoding"]) == (INDEX, "gzip")
    plain = client.get("/assets/app-1.js", headers={"Accept-Encoding": "identity"})
    assert plain.text == "console.log(1)"
    assert "content-encoding" not in plain.headers
    assert plain.headers["vary"] == "Accept-Encoding"


def test_a_missing_file_is_a_404_not_the_index(dist: Path) -> None:
    client = client_for(dist)
    assert client.get("/assets/gone.js").status_code == 404
    assert client.get("/robots.txt").status_code == 404


def test_nothing_outside_the_build_is_served(dist: Path) -> None:
    (dist.parent / "secret.txt").write_text("secret")
    response = client_for(dist).get("/assets/..%2f..%2fsecret.txt")
    assert "secret" not in response.text


def test_a_path_the_file_system_cannot_name_is_an_answer_not_a_crash(dist: Path) -> None:
    client = client_for(dist)
    for path in ("/%00", "/assets/a%00.js", "/" + "x" * 300, "/assets/" + "y" * 300 + ".js"):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert response.headers["x-content-type-options"] == "nosniff", path


def test_the_api_routes_are_not_shadowed(dist: Path) -> None:
    with client_for(dist) as client:  # the lifespan makes the (unused) driver
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/metrics").headers["content-type"].startswith("text/plain")
        answer = client.post("/graphql", json={"query": "{ __typename }"})
        assert answer.json() == {"data": {"__typename": "Query"}}


def test_without_a_build_the_root_says_how_to_make_one(tmp_path: Path) -> None:
    response = client_for(tmp_path).get("/")
    assert response.status_code == 404
    assert response.text == (
        "The web explorer is not built: run `make web` (npm ci and npm run build in web/)."
    )


def test_graphiql_loads_its_files_from_the_project_not_a_cdn(dist: Path) -> None:
    with client_for(dist) as client:
        page = client.get("/graphql", headers={"Accept": "text/html"}).text
    assert "unpkg.com" not in page
    assert 'src="/graphiql/graphiql@3.8.3/graphiql.min.js"' in page
    assert 'src="/graphiql/react@18.2.0/umd/react.production.min.js"' in page


def test_a_manifest_whose_hash_is_not_its_documents_is_refused(dist: Path) -> None:
    wrong = "sha256:" + hashlib.sha256(b"{ other }").hexdigest()
    (dist / "persisted-documents.json").write_text(json.dumps({wrong: "{ layers { id } }"}))
    with pytest.raises(ConfigError) as refused:
        client_for(dist)
    assert str(refused.value) == (
        f"{dist / 'persisted-documents.json'}: entry {wrong}: the hash is not the document's"
    )


def test_a_manifest_that_is_not_json_is_refused(dist: Path) -> None:
    (dist / "persisted-documents.json").write_text("{")
    with pytest.raises(ConfigError, match=r"persisted-documents\.json: not JSON"):
        client_for(dist, kb_graphql_documents="trusted")
