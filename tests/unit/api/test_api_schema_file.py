"""schema.graphql is the API's schema as `kb schema` prints it, so every change shows in review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def test_kb_schema_prints_the_sdl() -> None:
    from typer.testing import CliRunner

    from kb.cli import app

    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.output == sdl()


def test_parsed_and_validated_documents_are_cached() -> None:
    from strawberry.extensions.parser_cache import _get_parse_cache
    from strawberry.extensions.validation_cache import _get_validate_cache

    from api.schema import DOCUMENT_CACHE_SIZE

    def hits(cached: Any) -> int:
        count: int = cached.cache_info().hits  # functools.lru_cache wrappers
        return count

    parse_cache = _get_parse_cache(DOCUMENT_CACHE_SIZE)
    validate_cache = _get_validate_cache(DOCUMENT_CACHE_SIZE)
    schema = build_schema()
    query = "query CacheProbe { __typename }"
    parse_hits, validate_hits = hits(parse_cache), hits(validate_cache)
    for _ in range(3):
        assert schema.execute_sync(query).data == {"__typename": "Query"}
    assert hits(parse_cache) == parse_hits + 2
    assert hits(validate_cache) == validate_hits + 2
