"""The API serves Neo4j Browser's guide and style sheet to any origin, the rest as configured."""

from __future__ import annotations

import warnings

from api.app import create_app
from kb.browser import render_guide, style_sheet
from kb.settings import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about httpx2
    from fastapi.testclient import TestClient

BROWSER = "http://localhost:7474"  # where Neo4j Browser's page comes from


def _client() -> TestClient:
    # A front-end origin is configured: the guide must not depend on it. No lifespan runs
    # (no `with`), so no Neo4j is needed: these routes never read the graph.
    settings = Settings(_env_file=None, cors_origins=["https://ui.example"])
    return TestClient(create_app(settings), base_url="http://localhost:8000")


def test_the_guide_names_the_style_sheet_on_the_host_it_was_asked_from() -> None:
    response = _client().get("/browser/guide.html", headers={"Origin": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.text == render_guide("http://localhost:8000/browser/style.grass")


def test_the_style_sheet_is_served_as_text() -> None:
    response = _client().get("/browser/style.grass", headers={"Origin": BROWSER})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.text == style_sheet()


def test_browsers_preflight_for_the_guide_is_answered() -> None:
    # Browser sends pragma and cache-control with a guide request, so the page asks first.
    response = _client().options(
        "/browser/guide.html",
        headers={
            "Origin": BROWSER,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "pragma,cache-control",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["access-control-allow-methods"] == "GET"
    assert response.headers["access-control-allow-headers"] == "pragma,cache-control"


def test_other_routes_keep_the_configured_origins() -> None:
    response = _client().options(
        "/graphql",
        headers={"Origin": BROWSER, "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers
    allowed = _client().get("/healthz", headers={"Origin": "https://ui.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://ui.example"
