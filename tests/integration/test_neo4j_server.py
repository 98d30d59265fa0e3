"""The suite's Neo4j is a real 5.26 server."""

from __future__ import annotations

import neo4j

from tests.neo4j_server import TestServer


def test_the_server_is_neo4j_5_26(driver: neo4j.Driver, neo4j_server: TestServer) -> None:
    records, _, _ = driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition "
        "RETURN name, versions[0] AS version, edition",
        routing_=neo4j.RoutingControl.READ,
    )
    assert len(records) == 1
    assert records[0]["name"] == "Neo4j Kernel"
    assert records[0]["version"].startswith("5.26."), (neo4j_server.how, records[0]["version"])
