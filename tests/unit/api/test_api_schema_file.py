"""schema.graphql is the API's schema as `kb schema` prints it, so every change shows in review."""

from __future__ import annotations

from pathlib import Path

import graphql

from api.schema import ROOT_FIELDS, build_schema, sdl

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "schema.graphql"


def test_schema_graphql_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == sdl(), (
        "schema.graphql is stale: run `kb schema > schema.graphql` and commit it"
    )


def test_root_fields_for_metrics_labels_are_the_query_fields() -> None:
    query_type = graphql.build_schema(build_schema().as_str()).query_type
    assert query_type is not None
    assert set(query_type.fields) == ROOT_FIELDS
