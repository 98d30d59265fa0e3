"""Settings: environment, .env, production safety, routing URIs, secrets kept out of repr."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.errors import ConfigError
from kb.settings import DEV_PASSWORD, Settings, load_settings


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No developer's NEO4J_* variables or .env leak into these tests."""
    for name in ("KB_ENV", "NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE",
                 "NEO4J_BOLT_PORT", "NEO4J_AUTH", "API_PORT", "KB_HOME", "NEO4J_HEAP",
                 "NEO4J_PAGECACHE"):  # fmt: skip
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
    monkeypatch.setenv("NEO4J_BOLT_PORT", "70000")
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert str(raised.value) == (
        "invalid settings: NEO4J_BOLT_PORT: Input should be less than or equal to 65535"
    )


@pytest.mark.parametrize("value", ["lots", "512 m", "0m", "512m\ndbms.security.auth_enabled=false"])
def test_memory_sizes_are_digits_and_a_unit_only(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("NEO4J_HEAP", value)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert str(raised.value) == (
        "invalid settings: NEO4J_HEAP: String should match pattern '^[1-9][0-9]*[kKmMgG]?$'"
    )


@pytest.mark.parametrize("value", ["512m", "2G", "1048576"])
def test_memory_sizes_neo4j_and_the_jvm_read_are_accepted(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("NEO4J_PAGECACHE", value)
    assert load_settings().neo4j_pagecache == value
