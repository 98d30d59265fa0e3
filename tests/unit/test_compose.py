"""docker-compose.yml, checked by a real compose parser (no Docker engine needed)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from kb.neo4j_local.config import TX_LOG_RETENTION

COMPOSE_FILE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def _compose(
    *args: str, env_extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("docker-compose")
    if executable is None:
        pytest.fail(
            "docker-compose is not installed: install it (Debian/Ubuntu: apt-get install "
            "docker-compose) so the suite can parse docker-compose.yml; .ci/run does this",
            pytrace=False,
        )
    # A clean environment: the file's own defaults, not the developer's NEO4J_PASSWORD.
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NEO4J_", "KB_"))}
    env.update(env_extra or {})
    return subprocess.run(
        [executable, "-f", str(COMPOSE_FILE), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=COMPOSE_FILE.parent,
        check=False,
        timeout=60,
    )


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    result = _compose("config")
    assert result.returncode == 0, result.stderr
    parsed: dict[str, Any] = yaml.safe_load(result.stdout)
    return parsed


def test_compose_accepts_the_file() -> None:
    result = _compose("config", "-q")
    assert (result.returncode, result.stderr) == (0, "")


def test_neo4j_is_5_26_community_with_browser_bolt_and_a_named_volume(
    config: dict[str, Any],
) -> None:
    neo4j = config["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert sorted(neo4j["ports"]) == ["127.0.0.1:7474:7474/tcp", "127.0.0.1:7687:7687/tcp"]
    assert neo4j["volumes"] == ["neo4j-data:/data:rw"]
    assert "neo4j-data" in config["volumes"]
    assert neo4j["environment"]["NEO4J_AUTH"] == "neo4j/changeme-local-dev"


def test_neo4j_keeps_as_few_transaction_logs_as_the_managed_server(
    config: dict[str, Any],
) -> None:
    environment = config["services"]["neo4j"]["environment"]
    # The image's convention: NEO4J_ + the setting, '_' for '.', '__' for '_'.
    assert environment["NEO4J_db_tx__log_rotation_retention__policy"] == TX_LOG_RETENTION


def test_neo4j_has_a_healthcheck_that_runs_a_query(config: dict[str, Any]) -> None:
    test = config["services"]["neo4j"]["healthcheck"]["test"]
    # The password reaches cypher-shell through its environment, never its argv. (`config`
    # prints compose's `$$` escape as written; the container's shell sees one `$`.)
    assert test == [
        "CMD-SHELL",
        "NEO4J_PASSWORD=\"$${NEO4J_AUTH#neo4j/}\" cypher-shell -u neo4j 'RETURN 1' || exit 1",
    ]


def test_a_one_shot_seed_runs_once_neo4j_is_healthy(config: dict[str, Any]) -> None:
    seed = config["services"]["seed"]
    assert Path(seed["build"]["context"]) == COMPOSE_FILE.parent
    assert seed["command"] == ["kb", "seed", "seeds/"]
    assert seed["depends_on"] == {"neo4j": {"condition": "service_healthy"}}
    assert seed["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert "restart" not in seed


def test_api_is_built_here_and_serves_after_the_seed_succeeded(config: dict[str, Any]) -> None:
    api = config["services"]["api"]
    assert Path(api["build"]["context"]) == COMPOSE_FILE.parent
    assert api["command"] == ["kb", "serve"]
    assert api["depends_on"] == {"seed": {"condition": "service_completed_successfully"}}
    assert api["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert api["environment"]["NEO4J_PASSWORD"] == "changeme-local-dev"
    # Inside its container the API listens on every interface; the host publishes 127.0.0.1.
    assert api["environment"]["API_HOST"] == "0.0.0.0"  # noqa: S104
    assert api["ports"] == ["127.0.0.1:8000:8000/tcp"]


def test_the_password_comes_from_the_environment() -> None:
    result = _compose("config", env_extra={"NEO4J_PASSWORD": "from-the-environment-1"})
    services = yaml.safe_load(result.stdout)["services"]
    assert services["neo4j"]["environment"]["NEO4J_AUTH"] == "neo4j/from-the-environment-1"
    assert services["api"]["environment"]["NEO4J_PASSWORD"] == "from-the-environment-1"
    assert services["seed"]["environment"]["NEO4J_PASSWORD"] == "from-the-environment-1"
