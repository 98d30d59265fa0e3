"""api.execution's short path against graphql-core's own path: every document the web explorer
sends, on the seed corpus, gives the same JSON body through both."""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

import api.schema
from api.app import create_app
from api.execution import ExecutionContext
from bench.api_queries import web_document
from tests.integration.api.conftest import api_settings
from tests.neo4j_server import TestServer

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about httpx2
    from fastapi.testclient import TestClient

STACKS = [
    [("L7", "argilla")],
    [("L7", "argilla"), ("L5", "cerbos")],
    [("L7", "argilla"), ("L5", "hashicorp-vault"), ("L1", "postgresql"), ("L7", "temporal")],
]

ASKED: list[tuple[str, dict[str, Any]]] = [
    ("Layers", {}),
    ("Framework", {}),
    ("VendorPage", {"first": 50}),
    ("CardTotals", {"slugs": ["argilla", "cerbos", "temporal"]}),
    ("VendorTotals", {"slug": "argilla"}),
    ("Vendor", {"slug": "argilla"}),
    ("VendorFlow", {"slug": "argilla", "depth": 2}),
    ("Compare", {"slugs": ["argilla", "cerbos", "temporal"]}),
    ("Risks", {"riskText": "access"}),
    ("Search", {"text": "argilla"}),
    ("DataQuality", {"olderThanDays": 30}),
    *[
        (
            "AssessStack",
            {"profile": "healthcare", "picks": [{"layer": la, "vendor": v} for la, v in stack]},
        )
        for stack in STACKS
    ],
    ("AdviseStack", {"profile": "healthcare"}),
]


@pytest.fixture(scope="module")
def both(neo4j_server: TestServer, seeded: neo4j.Driver) -> Iterator[tuple[TestClient, TestClient]]:
    """(the API as it runs, the API with graphql-core's execution context)."""
    settings = api_settings(neo4j_server)
    with TestClient(create_app(settings)) as short:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(api.schema, "ExecutionContext", StrawberryGraphQLCoreExecutionContext)
            standard_app = create_app(settings)
        with TestClient(standard_app) as standard:
            yield short, standard


@pytest.mark.parametrize(("operation", "variables"), ASKED, ids=[name for name, _ in ASKED])
def test_the_short_path_answers_as_graphql_core_does(
    both: tuple[TestClient, TestClient],
    operation: str,
    variables: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    short, standard = both
    document = web_document(operation)
    answered = Counter[str]()
    original = ExecutionContext._answer

    def counted(self: ExecutionContext, *args: Any) -> Any:
        answered[operation] += 1
        return original(self, *args)

    monkeypatch.setattr(ExecutionContext, "_answer", counted)
    body = {"query": document, "variables": variables}
    answer = short.post("/graphql", json=body)
    assert answered[operation] > 0  # the short path answered some fields
    assert answer.content == standard.post("/graphql", json=body).content  # byte for byte
    data = answer.json()
    assert "errors" not in data
    assert data["data"] and all(value is not None for value in data["data"].values())
