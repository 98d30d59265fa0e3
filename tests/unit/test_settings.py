"""Settings: environment, .env, production safety, routing URIs, secrets kept out of repr."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.errors import ConfigError
from kb.settings import DEV_PASSWORD, MAX_FILE_BYTES_LIMIT, Settings, load_settings

NOT_A_URI = (
    "invalid settings: NEO4J_URI: not a Neo4j URI "
    "(expected e.g. bolt://host:7687 or neo4j+s://host): "
)


def config_error(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> str:
    """The one ConfigError loading settings gives with NAME=value in the environment."""
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    return str(raised.value)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No developer's NEO4J_* variables or .env leak into these tests."""
    for name in ("KB_ENV", "NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE",
                 "NEO4J_BOLT_PORT", "NEO4J_AUTH", "API_PORT", "KB_HOME", "NEO4J_HEAP",
                 "NEO4J_PAGECACHE", "CORS_ORIGINS", "MAX_FILE_BYTES"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults_point_at_the_managed_local_server() -> None:
    settings = Settings()
    assert settings.neo4j_uri is None
    assert settings.effective_neo4j_uri == "bolt://127.0.0.1:7687"
    assert settings.neo4j_home == Path(".kb/neo4j")
    assert settings.neo4j_auth_tuple() == ("neo4j", DEV_PASSWORD)


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://db.internal:7687")
    monkeypatch.setenv("NEO4J_USER", "kb")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-from-env")
    monkeypatch.setenv("NEO4J_DATABASE", "tbi")
    monkeypatch.setenv("API_PORT", "9001")
    settings = Settings()
    assert settings.effective_neo4j_uri == "bolt://db.internal:7687"
    assert settings.neo4j_auth_tuple() == ("kb", "s3cret-from-env")
    assert settings.neo4j_database == "tbi"
    assert settings.api_port == 9001


def test_a_dot_env_file_is_read_and_the_environment_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("NEO4J_BOLT_PORT=7999\nNEO4J_DATABASE=from-dotenv\n")
    monkeypatch.setenv("NEO4J_DATABASE", "from-env")
    settings = Settings()
    assert settings.neo4j_bolt_port == 7999
    assert settings.neo4j_database == "from-env"


@pytest.mark.parametrize(
    "uri",
    ["neo4j://cluster.example.com:7687", "neo4j+s://abcd1234.databases.neo4j.io"],
)
def test_routing_uris_are_used_as_given(monkeypatch: pytest.MonkeyPatch, uri: str) -> None:
    monkeypatch.setenv("NEO4J_URI", uri)
    assert Settings().effective_neo4j_uri == uri


@pytest.mark.parametrize("password", [DEV_PASSWORD, "neo4j", "password", ""])
def test_placeholder_passwords_are_refused_in_production(
    monkeypatch: pytest.MonkeyPatch, password: str
) -> None:
    monkeypatch.setenv("KB_ENV", "production")
    monkeypatch.setenv("NEO4J_PASSWORD", password)
    with pytest.raises(ConfigError, match="NEO4J_PASSWORD is a placeholder"):
        load_settings()


def test_a_real_password_is_accepted_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_ENV", "production")
    monkeypatch.setenv("NEO4J_PASSWORD", "a-real-secret-9f3c")
    assert load_settings().kb_env == "production"


def test_placeholders_are_fine_in_development(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "neo4j")
    assert load_settings().neo4j_password.get_secret_value() == "neo4j"


def test_the_password_stays_out_of_repr_and_str(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "do-not-print-me-42")
    settings = Settings()
    assert "do-not-print-me-42" not in repr(settings)
    assert "do-not-print-me-42" not in str(settings)
    assert "do-not-print-me-42" not in settings.model_dump_json()


def test_auth_off_gives_the_local_server_no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_AUTH", "false")
    assert Settings().neo4j_auth_tuple() is None


def test_an_invalid_port_is_one_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    assert config_error(monkeypatch, "NEO4J_BOLT_PORT", "70000") == (
        "invalid settings: NEO4J_BOLT_PORT: Input should be less than or equal to 65535"
    )


@pytest.mark.parametrize("value", ["lots", "512 m", "0m", "512m\ndbms.security.auth_enabled=false"])
def test_memory_sizes_are_digits_and_a_unit_only(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    assert config_error(monkeypatch, "NEO4J_HEAP", value) == (
        "invalid settings: NEO4J_HEAP: String should match pattern '^[1-9][0-9]*[kKmMgG]?$'"
    )


@pytest.mark.parametrize("value", ["512m", "2G", "1048576"])
def test_memory_sizes_neo4j_and_the_jvm_read_are_accepted(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("NEO4J_PAGECACHE", value)
    assert load_settings().neo4j_pagecache == value


SCHEME = "the scheme is not one of bolt, bolt+s, bolt+ssc, neo4j, neo4j+s, neo4j+ssc"
PATH = "it has a path or fragment; set NEO4J_DATABASE to choose the database"
PORT = "the port is not a number from 0 to 65535"
QUERY = "the query (routing context) must be key=value pairs, each key once"
USERINFO = "it holds a user or password; set NEO4J_USER and NEO4J_PASSWORD instead"


@pytest.mark.parametrize(
    ("uri", "why"),
    [
        ("foo", SCHEME),
        ("http://db:7474", SCHEME),
        ("bolt://[::1", "it does not parse as scheme://host[:port]"),
        ("bolt://", "it names no host"),
        (
            "bolt://a..b:7687",
            "the host is not a name of dot-separated labels of 1 to 63 characters",
        ),
        ("bolt://db:abc", PORT),
        ("bolt://db:70000", PORT),
        ("bolt://db:7687/tbi", PATH),
        ("bolt://127.0.0.1:1/db?x=1", PATH),
        ("bolt://db:7687?x=1", "a query (routing context) needs a neo4j:// scheme"),
        ("neo4j://db?x=1&x=2", QUERY),
        ("neo4j://db?x", QUERY),
        ("bolt://neo:s3cret@db:7687", USERINFO),
        ("neo4j+s://neo:s3cret@db", USERINFO),
    ],
)
def test_a_uri_the_driver_would_refuse_is_one_config_error(
    monkeypatch: pytest.MonkeyPatch, uri: str, why: str
) -> None:
    message = config_error(monkeypatch, "NEO4J_URI", uri)
    assert message == NOT_A_URI + why
    assert "s3cret" not in message


@pytest.mark.parametrize(
    "uri", ["bolt://[::1]:7687", "BOLT://db/", "neo4j://db:7687?region=eu&policy=fast", ""]
)
def test_uris_the_driver_takes_are_accepted(monkeypatch: pytest.MonkeyPatch, uri: str) -> None:
    monkeypatch.setenv("NEO4J_URI", uri)
    assert load_settings().neo4j_uri == uri


@pytest.mark.parametrize(
    ("value", "origins"), [('["https://ui.example", "http://localhost:3000"]', 2), ("", 0)]
)
def test_cors_origins_is_a_json_list(
    monkeypatch: pytest.MonkeyPatch, value: str, origins: int
) -> None:
    monkeypatch.setenv("CORS_ORIGINS", value)
    assert len(load_settings().cors_origins) == origins


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("notjson", 'not JSON (expected a JSON list, e.g. ["https://ui.example"])'),
        ('"https://ui.example"', "Input should be a valid list"),
    ],
)
def test_cors_origins_that_are_not_a_json_list_are_one_config_error(
    monkeypatch: pytest.MonkeyPatch, value: str, why: str
) -> None:
    assert (
        config_error(monkeypatch, "CORS_ORIGINS", value) == f"invalid settings: CORS_ORIGINS: {why}"
    )


@pytest.mark.parametrize("value", ["100000001", "100000000000", "99999999999999999999999"])
def test_max_file_bytes_has_an_upper_bound(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    assert config_error(monkeypatch, "MAX_FILE_BYTES", value) == (
        "invalid settings: MAX_FILE_BYTES: Input should be less than or equal to 100000000"
    )


def test_max_file_bytes_takes_its_upper_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAX_FILE_BYTES", str(MAX_FILE_BYTES_LIMIT))
    assert load_settings().max_file_bytes == 100_000_000


def test_a_dot_env_that_is_not_utf8_is_one_config_error(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(b"NEO4J_USER=caf\xe9\n")
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert str(raised.value) == (
        "invalid settings: .env is not UTF-8 text (expected NAME=value lines)"
    )
