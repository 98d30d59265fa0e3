"""docker-compose.yml, checked against the Compose Specification's JSON Schema (no Docker tools).

check-jsonschema (a dev dependency) ships the compose-spec schema as its builtin
`vendor.compose-spec`; the content checks read the file as Compose does (YAML, merge keys
resolved). Compose interpolates `${VAR:-default}` itself, so those values are checked as written.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from kb.neo4j_local.config import TX_LOG_RETENTION
from kb.neo4j_local.process import TUNED_JVM_OPTIONS

COMPOSE_FILE = Path(__file__).resolve().parents[2] / "docker-compose.yml"
PASSWORD = "${NEO4J_PASSWORD:-changeme-local-dev}"


def check_compose(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.compose-spec",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    parsed: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    return parsed


def test_the_file_is_valid_compose() -> None:
    result = check_compose(COMPOSE_FILE)
    assert (result.returncode, result.stdout.strip()) == (0, "ok -- validation done"), (
        result.stdout + result.stderr
    )


def test_the_check_refuses_what_compose_would_refuse(tmp_path: Path) -> None:
    broken = tmp_path / "docker-compose.yml"
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    broken.write_text(text.replace("    healthcheck:\n", "    health_check:\n", 1), "utf-8")
    result = check_compose(broken)
    assert result.returncode == 1
    assert "'health_check' was unexpected" in result.stdout


def test_neo4j_is_5_26_community_with_browser_bolt_and_a_named_volume(
    config: dict[str, Any],
) -> None:
    neo4j = config["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert neo4j["ports"] == ["127.0.0.1:7474:7474", "127.0.0.1:7687:7687"]
    assert neo4j["volumes"] == ["neo4j-data:/data"]
    assert config["volumes"] == {"neo4j-data": None}
    assert neo4j["environment"]["NEO4J_AUTH"] == f"neo4j/{PASSWORD}"


def test_neo4j_keeps_as_few_transaction_logs_as_the_managed_server(
    config: dict[str, Any],
) -> None:
    environment = config["services"]["neo4j"]["environment"]
    # The image's convention: NEO4J_ + the setting, '_' for '.', '__' for '_'.
    assert environment["NEO4J_db_tx__log_rotation_retention__policy"] == TX_LOG_RETENTION


def test_neo4j_gets_the_managed_servers_g1_region_size(config: dict[str, Any]) -> None:
    environment = config["services"]["neo4j"]["environment"]
    assert TUNED_JVM_OPTIONS == ("-XX:G1HeapRegionSize=8m",)
    assert environment["NEO4J_server_jvm_additional"] == " ".join(TUNED_JVM_OPTIONS)


def test_neo4j_has_a_healthcheck_that_runs_a_query(config: dict[str, Any]) -> None:
    healthcheck = config["services"]["neo4j"]["healthcheck"]
    # The password reaches cypher-shell through its environment, never its argv. (`$$` is
    # Compose's escape: the container's shell sees one `$`.)
    assert healthcheck["test"] == [
        "CMD-SHELL",
        "NEO4J_PASSWORD=\"$${NEO4J_AUTH#neo4j/}\" cypher-shell -u neo4j 'RETURN 1' || exit 1",
    ]
    assert healthcheck["retries"] == 24


def test_a_one_shot_seed_runs_once_neo4j_is_healthy(config: dict[str, Any]) -> None:
    seed = config["services"]["seed"]
    assert (COMPOSE_FILE.parent / seed["build"]).resolve() == COMPOSE_FILE.parent
    assert seed["command"] == ["kb", "seed", "seeds/"]
    assert seed["depends_on"] == {"neo4j": {"condition": "service_healthy"}}
    assert seed["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert "restart" not in seed


def test_api_is_built_here_and_serves_after_the_seed_succeeded(config: dict[str, Any]) -> None:
    api = config["services"]["api"]
    assert (COMPOSE_FILE.parent / api["build"]).resolve() == COMPOSE_FILE.parent
    assert api["command"] == ["kb", "serve"]
    assert api["depends_on"] == {"seed": {"condition": "service_completed_successfully"}}
    # The seed's environment, merged in (`<<: *kb-environment`), and the API's own.
    assert api["environment"] == {
        "KB_ENV": "${KB_ENV:-development}",
        "NEO4J_URI": "bolt://neo4j:7687",
        "NEO4J_USER": "neo4j",
        "NEO4J_PASSWORD": PASSWORD,
        # Inside its container the API listens on every interface; the host publishes
        # 127.0.0.1 only.
        "API_HOST": "0.0.0.0",  # noqa: S104
        "API_PORT": "8000",
    }
    assert api["ports"] == ["127.0.0.1:8000:8000"]


def test_every_service_takes_the_password_from_one_environment_variable(
    config: dict[str, Any],
) -> None:
    services = config["services"]
    assert services["neo4j"]["environment"]["NEO4J_AUTH"] == f"neo4j/{PASSWORD}"
    assert services["seed"]["environment"]["NEO4J_PASSWORD"] == PASSWORD
    assert services["api"]["environment"]["NEO4J_PASSWORD"] == PASSWORD
