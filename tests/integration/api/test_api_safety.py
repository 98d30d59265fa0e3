"""Safety over HTTP: read transactions, injection, error masking, production mode, CORS,
and a bounded number of Cypher round trips per request."""

from __future__ import annotations

import re
from typing import Any

import neo4j
import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

import api.repository
from api.app import create_app
from kb.graph.queries import cypher
from tests.neo4j_server import TestServer

LAYERS = "{ layers { id } }"


def graph_size(driver: neo4j.Driver) -> tuple[int, int]:
    records, _, _ = driver.execute_query(
        "MATCH (n) RETURN count(n) AS nodes, COUNT { ()-[]->() } AS relationships"
    )
    return records[0]["nodes"], records[0]["relationships"]


def replace_query(monkeypatch: pytest.MonkeyPatch, name: str, text: str) -> None:
    """Make the repository run `text` where it would run cypher/NAME.cypher."""

    def patched(asked: str) -> str:
        return text if asked == name else cypher(asked)

    monkeypatch.setattr(api.repository, "cypher", patched)


def test_a_write_through_the_resolver_path_fails_and_writes_nothing(
    gql: Any, seeded: neo4j.Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = graph_size(seeded)
    replace_query(
        monkeypatch,
        "read/layers_overview",
        "CREATE (n:Intruder {at: 1}) WITH n MATCH (v:Vendor) DETACH DELETE v RETURN n",
    )
    body = gql(LAYERS)
    assert body["errors"][0]["extensions"] == {"code": "INTERNAL"}
    assert graph_size(seeded) == before


def test_the_read_path_is_a_read_transaction(client: TestClient) -> None:
    reader = client.app.state.reader  # type: ignore[attr-defined]
    with pytest.raises(api.repository.QueryFailed) as failure:
        client.portal.call(reader.run_cypher, "CREATE (n:Intruder) RETURN n", {})  # type: ignore[union-attr]
    cause = failure.value.__cause__
    assert isinstance(cause, neo4j.exceptions.ClientError)
    assert cause.code == "Neo.ClientError.Statement.AccessMode"


def test_the_read_path_refuses_writes_in_inner_transactions_too(
    client: TestClient, seeded: neo4j.Driver
) -> None:
    """Auto-commit reads allow CALL { ... } IN TRANSACTIONS (a managed transaction does not);
    the READ access mode still has to refuse the writes inside it."""
    before = graph_size(seeded)
    reader = client.app.state.reader  # type: ignore[attr-defined]
    with pytest.raises(api.repository.QueryFailed) as failure:
        client.portal.call(  # type: ignore[union-attr]
            reader.run_cypher,
            "MATCH (v:Vendor) CALL (v) { CREATE (:Intruder)-[:OF]->(v) } IN TRANSACTIONS "
            "RETURN count(*) AS n",
            {},
        )
    cause = failure.value.__cause__
    assert isinstance(cause, neo4j.exceptions.ClientError)
    assert cause.code == "Neo.ClientError.Statement.AccessMode"
    assert graph_size(seeded) == before


def test_errors_are_masked_no_cypher_no_stack_trace(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    replace_query(monkeypatch, "read/layers_overview", "MATCH (secret:Layer RETURN broken")
    response = client.post("/graphql", json={"query": LAYERS})
    assert response.json() == {
        "data": {"layers": None},
        "errors": [
            {
                "message": "Internal server error.",
                "locations": [{"line": 1, "column": 3}],
                "path": ["layers"],
                "extensions": {"code": "INTERNAL"},
            }
        ],
    }
    for leak in ("secret", "MATCH", "Traceback", "neo4j", "File "):
        assert leak not in response.text


def test_an_unexpected_python_error_is_masked(gql: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("internal detail: /work/main/api/secret.py")

    monkeypatch.setattr(api.reads, "layers_overview", broken)
    body = gql(LAYERS)
    assert body["errors"][0]["message"] == "Internal server error."
    assert body["errors"][0]["extensions"] == {"code": "INTERNAL"}


PAYLOADS = [
    "' OR 1=1 //",
    '"}) MATCH (n) DETACH DELETE n //',
    "argilla'}) DETACH DELETE v RETURN 1 //",
    "*:* OR name:*",
    'text:"x" AND -y~2 [a TO z] {b TO c} ^3 \\',
    "$slug",
    "L5; MATCH (n) DELETE n",
    "\u0000\u202e<script>",
    "",
]

# Every string argument of every root field, each with a payload at $p.
INJECTABLE = [
    "query ($p: String) { mitigatingTools(riskId: $p) { toolCount } }",
    "query ($p: String) { mitigatingTools(riskText: $p) { toolCount } }",
    'query ($p: String) { mitigatingTools(riskText: "abac", layer: $p) { toolCount } }',
    "query ($p: String!) { vendor(slug: $p) { strengths } }",
    "query ($p: String!) { alternatives(slug: $p) { suggested { rationale } } }",
    "query ($p: String) { vendors(filter: {layer: $p}) { totalCount } }",
    "query ($p: String) { vendors(filter: {category: $p}) { totalCount } }",
    "query ($p: String) { vendors(filter: {certification: $p}) { totalCount } }",
    "query ($p: String) { vendors(filter: {segment: $p}) { totalCount } }",
    "query ($p: String!) { vendors(filter: {minScores: [{dimension: $p, min: 1}]}) { pageInfo "
    "{ hasNextPage } } }",
    "query ($p: String) { vendors(sort: {field: DIMENSION, dimension: $p}) { totalCount } }",
    "query ($p: String) { vendors(after: $p) { totalCount } }",
    'query ($p: String!) { compare(slugs: ["argilla", $p]) { vendors { version } } }',
    "query ($p: String) { flow(vendor: $p) { depth } }",
    "query ($p: String) { flow(layer: $p) { depth } }",
    "query ($p: String!) { search(text: $p) { text } }",
]


@pytest.mark.parametrize("query", INJECTABLE)
def test_injection_payloads_in_every_string_argument(
    gql: Any, seeded: neo4j.Driver, query: str
) -> None:
    before = graph_size(seeded)
    for payload in PAYLOADS:
        body = gql(query, p=payload)
        for error in body.get("errors", []):
            # Refused or not found; never a failed query (which would mean the text got in).
            assert error["extensions"]["code"] in {"BAD_USER_INPUT", "NOT_FOUND"}, (payload, body)
    assert graph_size(seeded) == before


def test_lucene_syntax_is_searched_literally(gql: Any) -> None:
    # "*:*" would match every vendor name if it reached Lucene as syntax.
    assert gql('{ search(text: "*:*") { text } }')["data"]["search"] == []


@pytest.fixture
def production(neo4j_server: TestServer, api_settings_for: Any) -> Any:
    settings = api_settings_for(
        neo4j_server, kb_env="production", neo4j_password="a-real-secret-for-the-test"
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_production_disables_introspection_graphiql_and_suggestions(
    production: TestClient, client: TestClient
) -> None:
    introspection = {"query": "{ __schema { queryType { name } } }"}
    assert "errors" not in client.post("/graphql", json=introspection).json()
    refused = production.post("/graphql", json=introspection).json()
    assert refused["data"] is None
    assert refused["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}

    html = {"accept": "text/html"}
    assert "graphiql" in client.get("/graphql", headers=html).text.lower()
    assert production.get("/graphql", headers=html).status_code != 200

    typo = {"query": '{ vendr(slug: "argilla") { strengths } }'}
    assert "Did you mean" in client.post("/graphql", json=typo).json()["errors"][0]["message"]
    message = production.post("/graphql", json=typo).json()["errors"][0]["message"]
    assert message == "Cannot query field 'vendr'."
    # Arguments, types, input fields and enum values: no names in production either.
    typos = [
        ('{ vendor(slug: "argilla", slugg: "a") { strengths } }', "Unknown argument 'slugg'"),
        ("query ($f: VendorFiltr) { vendors(filter: $f) { totalCount } }", "Unknown type"),
        ('{ vendors(filter: {layr: "L1"}) { totalCount } }', "unknown field 'layr'"),
        ("{ vendors(sort: {field: INPACT_TOTL}) { totalCount } }", "Value 'INPACT_TOTL'"),
    ]
    for query, mistake in typos:
        assert "Did you mean" in client.post("/graphql", json={"query": query}).text
        errors = production.post("/graphql", json={"query": query}).json()["errors"]
        messages = [e["message"] for e in errors]
        assert [m for m in messages if mistake in m], messages
        assert not [m for m in messages if "Did you mean" in m], messages
    # Variables are coerced after validation, with their own messages: no names either.
    by_variables = [
        ("query ($d: SortDirection!) { vendors(sort: {direction: $d}) { totalCount } }", "DES"),
        ("query ($f: VendorFilter) { vendors(filter: $f) { totalCount } }", {"layr": "L1"}),
    ]
    for query, value in by_variables:
        body = {"query": query, "variables": {"d" if "$d" in query else "f": value}}
        assert "Did you mean" in client.post("/graphql", json=body).text
        errors = production.post("/graphql", json=body).json()["errors"]
        assert len(errors) == 1 and "Did you mean" not in errors[0]["message"], errors
        assert errors[0]["extensions"] == {"code": "BAD_USER_INPUT"}
    # Nor a type the document did not name.
    untyped = {
        "{ vendor }": [
            "Field 'vendor' must have a selection of subfields.",
            "Argument 'Query.vendor(slug:)' is required, but it was not provided.",
        ],
        "{ vendors(filter: {minScores: [{}]}) { totalCount } }": [
            "Expected value to include required field 'dimension', found: {  }.",
            "Expected value to include required field 'min', found: {  }.",
        ],
    }
    for query, expected in untyped.items():
        assert " of type '" in client.post("/graphql", json={"query": query}).text
        errors = production.post("/graphql", json={"query": query}).json()["errors"]
        assert [e["message"] for e in errors] == expected
    # An enum value that does not exist: development names the enum type, production not.
    enum = {"query": "{ vendors(sort: {direction: DOWN}) { totalCount } }"}
    assert "in 'SortDirection' enum" in client.post("/graphql", json=enum).text
    errors = production.post("/graphql", json=enum).json()["errors"]
    assert [e["message"] for e in errors] == ["Value 'DOWN' does not exist in the enum."]


def bad_request(response: Any) -> tuple[int, str]:
    """Status and message of a request refused before GraphQL: JSON, one BAD_USER_INPUT."""
    body = response.json()
    assert list(body) == ["errors"], body
    [error] = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}, body
    return response.status_code, error["message"]


def test_a_body_that_is_not_json_is_a_400_not_a_crash(client: TestClient) -> None:
    broken = client.post(
        "/graphql",
        content=b'{"query": "{ layers { id } }"',
        headers={"content-type": "application/json"},
    )
    assert bad_request(broken) == (400, "Unable to parse request body as JSON")


@pytest.mark.parametrize("body", [b"5", b"null", b"true", b'"{ layers { id } }"'])
def test_a_json_body_that_is_not_an_object_is_a_400(client: TestClient, body: bytes) -> None:
    # strawberry called .get() on it: a 500 and a traceback in the log.
    response = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert bad_request(response) == (400, "the request body must be a JSON object")


@pytest.mark.parametrize("protocol", ["graphql-transport-ws", "graphql-ws"])
def test_a_websocket_upgrade_is_refused(client: TestClient, protocol: str) -> None:
    """The schema has no subscriptions; the upgrade crashed in the context getter (a 500 and
    a traceback per attempt) and bypassed the body limit, CORS and the error formatting."""
    with (
        client.websocket_connect("/graphql", subprotocols=[protocol]) as socket,
        pytest.raises(WebSocketDisconnect) as closed,
    ):
        socket.receive_text()
    assert (closed.value.code, closed.value.reason) == (4406, "Subprotocol not acceptable")


def test_requests_refused_before_graphql_are_json_errors_with_a_code(client: TestClient) -> None:
    as_text = client.post("/graphql", content=LAYERS, headers={"content-type": "text/plain"})
    assert bad_request(as_text) == (400, "Unsupported content type")
    batch = client.post("/graphql", json=[{"query": LAYERS}, {"query": LAYERS}])
    assert bad_request(batch) == (400, "Batching is not enabled")
    mutation = client.get("/graphql", params={"query": "mutation { x }"})
    assert bad_request(mutation) == (400, "mutations are not allowed when using GET")
    unknown = client.post(
        "/graphql", json={"query": "query A { layers { id } }", "operationName": "B"}
    )
    assert bad_request(unknown) == (400, 'Unknown operation named "B".')


def test_several_operations_need_an_operation_name(client: TestClient) -> None:
    document = 'query A { layers(top: 0) { id } } query B { search(text: "abac") { field } }'
    unnamed = client.post("/graphql", json={"query": document}).json()
    assert unnamed["data"] is None
    assert unnamed["errors"] == [
        {
            "message": "the document has 2 operations: name the one to run in operationName",
            "locations": [{"line": 1, "column": 1}, {"line": 1, "column": 35}],
            "extensions": {"code": "BAD_USER_INPUT"},
        }
    ]
    named = client.post("/graphql", json={"query": document, "operationName": "B"}).json()
    assert named == {"data": {"search": [{"field": "SCORE_RATIONALE"}, {"field": "RISK"}]}}
    # One operation needs no name, and a cached validation does not leak between the two.
    assert "errors" not in client.post("/graphql", json={"query": LAYERS}).json()
    again = client.post("/graphql", json={"query": document}).json()
    assert again["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


def test_queries_over_get_still_work(client: TestClient) -> None:
    response = client.get("/graphql", params={"query": LAYERS})
    assert [x["id"] for x in response.json()["data"]["layers"]][:2] == ["L1", "L2"]
    # `variables=null` is no variables (only a POST body must be a JSON object).
    nulls = client.get("/graphql", params={"query": LAYERS, "variables": "null"})
    assert nulls.status_code == 200, nulls.text
    assert len(nulls.json()["data"]["layers"]) == 7
    five = client.get("/graphql", params={"query": LAYERS, "variables": "5"})
    assert bad_request(five) == (
        400,
        "The GraphQL operation's `variables` must be an object or null, if provided.",
    )


def test_cors_is_closed_by_default_and_opens_to_configured_origins(
    client: TestClient, neo4j_server: TestServer, api_settings_for: Any
) -> None:
    preflight = {
        "origin": "https://ui.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
    }
    closed = client.options("/graphql", headers=preflight)
    assert "access-control-allow-origin" not in closed.headers
    settings = api_settings_for(neo4j_server, cors_origins=["https://ui.example"])
    with TestClient(create_app(settings)) as open_client:
        allowed = open_client.options("/graphql", headers=preflight)
        assert allowed.headers["access-control-allow-origin"] == "https://ui.example"
        other = open_client.options(
            "/graphql", headers={**preflight, "origin": "https://evil.example"}
        )
        assert "access-control-allow-origin" not in other.headers


def test_round_trips_are_one_per_root_field_whatever_the_result_size(
    gql: Any, round_trips: Any
) -> None:
    gql("{ vendors(first: 1) { edges { node { name } } } }")
    gql("{ vendors(first: 100) { totalCount edges { node { name } } } }")
    assert round_trips.names == ["read/vendors_page", "read/vendors_page"]

    everything = """
    {
      vendor(slug: "argilla") {
        history { scores { rationale } } risks { tools { name } layerTools { name } }
        strengths limitations useCases { title } upstream { what } downstream { what }
      }
      mitigatingTools(riskText: "abac annotation version") {
        tools { vendor { name } evidence { kind scores { score } } }
      }
      layers(top: 100) { topVendors { name } }
      compare(slugs: ["argilla", "cerbos", "auth0", "temporal"]) { dimensions { cells { score } } }
      search(text: "annotation", first: 100) { text }
    }
    """
    round_trips.names.clear()
    body = gql(everything)
    assert "errors" not in body
    assert sorted(round_trips.names) == [
        "read/layers_overview",
        "read/risk_mitigators",
        "read/search",
        "read/vendor_evaluation",
        "read/vendors_compare",
    ]


def sample(metrics_text: str, name: str) -> float:
    """The value of one sample line (`name` with its labels) in Prometheus text, else 0."""
    for line in metrics_text.splitlines():
        if line.startswith(name + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_operations_by_root_fields(client: TestClient) -> None:
    ok = 'kb_graphql_requests_total{operation="dataQuality",outcome="ok"}'
    failed = 'kb_graphql_requests_total{operation="vendor",outcome="error"}'
    timed = 'kb_graphql_request_seconds_count{operation="dataQuality"}'
    before = client.get("/metrics").text
    client.post("/graphql", json={"query": "{ dataQuality { stubCount } }"})
    client.post("/graphql", json={"query": '{ vendor(slug: "nope") { strengths } }'})
    after = client.get("/metrics").text
    assert sample(after, ok) - sample(before, ok) == 1
    assert sample(after, failed) - sample(before, failed) == 1
    assert sample(after, timed) - sample(before, timed) == 1


def test_a_failing_root_field_does_not_take_the_others_down(gql: Any) -> None:
    body = gql('{ layers { id } vendor(slug: "nope") { strengths } }')
    assert len(body["data"]["layers"]) == 7
    assert body["data"]["vendor"] is None
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        (["vendor"], "NOT_FOUND")
    ]


def test_each_read_sends_the_same_parameter_types_whatever_is_asked(
    gql: Any, round_trips: Any
) -> None:
    """Neo4j plans a query once per parameter types, and null is a type of its own: a
    top-level parameter that is sometimes null made each combination of given and missing
    filters a new plan (0.5-1.2 s of the server's CPU, on any client's request)."""
    asks = [
        "{ vendors { totalCount } }",
        '{ vendors(filter: {layer: "L7", category: "x", segment: "s", evaluated: true}) '
        "{ totalCount } }",
        '{ vendors(filter: {minInpactTotal: 3, certification: "SOC 2", minScores: '
        '[{dimension: "INPACT.P", min: 2}]}) { totalCount } }',
        '{ mitigatingTools(riskText: "abac access") { matchScore } }',
        '{ mitigatingTools(riskText: "abac", layer: "L5") { matchScore } }',
        '{ mitigatingTools(riskId: "argilla/4e5964d31b") { matchScore } }',
        '{ flow(vendor: "argilla") { start { id } } }',
        '{ flow(layer: "L4") { start { id } } }',
    ]
    for ask in asks:
        assert "errors" not in gql(ask), ask
    signatures: dict[str, set[tuple[tuple[str, str], ...]]] = {}
    for name, params in zip(round_trips.names, round_trips.params, strict=True):
        signature = tuple(sorted((key, type(value).__name__) for key, value in params.items()))
        signatures.setdefault(name, set()).add(signature)
    assert sorted(signatures) == ["read/flow", "read/risk_mitigators", "read/vendors_page"]
    assert {name: len(kinds) for name, kinds in signatures.items()} == {
        "read/flow": 1,
        "read/risk_mitigators": 1,
        "read/vendors_page": 1,
    }
    assert all(value is not None for params in round_trips.params for value in params.values())
    # ... and each map parameter holds exactly the keys its query reads (a missing key is null).
    for name, params in zip(round_trips.names, round_trips.params, strict=True):
        for param, value in params.items():
            if isinstance(value, dict):
                read = set(re.findall(rf"\${param}\.(\w+)", cypher(name)))
                assert set(value) == read, (name, param)
