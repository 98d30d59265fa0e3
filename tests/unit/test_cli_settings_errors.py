"""Bad settings and an unwritable stdout are one line on stderr, never a traceback or a secret."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import IO

import pytest

from kb.errors import Neo4jUnavailable
from kb.graph.driver import open_driver
from kb.settings import Settings
from tests.kb_cli import ROOT, kb

ARGILLA = "seeds/evaluations/argilla.txt"
NOT_A_URI = (
    "kb: error: invalid settings: NEO4J_URI: not a Neo4j URI "
    "(expected e.g. bolt://host:7687 or neo4j+s://host): "
)


def _env(**values: str) -> dict[str, str]:
    return {**os.environ, "NEO4J_URI": "bolt://127.0.0.1:1", **values}


@pytest.mark.parametrize(
    "args", [("seed", ARGILLA), ("export", "/tmp/kb-export"), ("serve",), ("up",)]
)
@pytest.mark.parametrize(
    ("uri", "why"),
    [
        ("foo", "the scheme is not one of bolt, bolt+s, bolt+ssc, neo4j, neo4j+s, neo4j+ssc"),
        ("bolt://[::1", "it does not parse as scheme://host[:port]"),
        ("bolt://127.0.0.1:1/db?x=1", "it has a path or fragment; set NEO4J_DATABASE to choose "
         "the database"),
        ("bolt://neo:s3cret@127.0.0.1:1", "it holds a user or password; set NEO4J_USER and "
         "NEO4J_PASSWORD instead"),
    ],
)  # fmt: skip
def test_a_bad_neo4j_uri_is_one_line_without_the_password(
    args: tuple[str, ...], uri: str, why: str
) -> None:
    done = kb(*args, env=_env(NEO4J_URI=uri))
    assert done.returncode == 1
    assert done.stderr == f"{NOT_A_URI}{why}\n"
    assert done.stdout == ""
    assert "s3cret" not in done.stdout + done.stderr


def test_a_host_the_resolver_refuses_is_neo4j_unavailable() -> None:
    settings = Settings.model_construct(neo4j_uri="bolt://a..b:7687")  # unvalidated
    with pytest.raises(Neo4jUnavailable) as raised, open_driver(settings):
        pass
    assert str(raised.value) == "no Neo4j answered at bolt://a..b:7687 (UnicodeError)"


@pytest.mark.parametrize(
    ("command", "name", "value", "why"),
    [
        (("neo4j", "status"), "CORS_ORIGINS", "notjson",
         'not JSON (expected a JSON list, e.g. ["https://ui.example"])'),
        (("validate", ARGILLA), "MAX_FILE_BYTES", "99999999999999999999999",
         "Input should be less than or equal to 100000000"),
        (("validate", ARGILLA), "MAX_FILE_BYTES", "100000000000",
         "Input should be less than or equal to 100000000"),
    ],
)  # fmt: skip
def test_a_bad_setting_is_one_line_naming_it(
    command: tuple[str, ...], name: str, value: str, why: str
) -> None:
    done = kb(*command, env=_env(**{name: value}))
    assert done.returncode == 1
    assert done.stderr == f"kb: error: invalid settings: {name}: {why}\n"
    assert done.stdout == ""


def test_the_file_commands_read_no_database_setting() -> None:
    """A curator checks files without a database: its settings, even broken ones, are not
    read (the production placeholder password and a bad NEO4J_URI stopped kb validate)."""
    broken = _env(KB_ENV="production", NEO4J_URI="http://x", CORS_ORIGINS="notjson")
    done = kb("validate", ARGILLA, env=broken)
    assert (done.returncode, done.stderr) == (
        0,
        "1 evaluations from 1 files; 0 errors, 2 warnings, 3 infos\n",
    )
    converted = kb("convert", ARGILLA, "--to", "yaml", env=broken)
    assert converted.returncode == 0
    assert "invalid settings" not in converted.stderr  # the file's two warnings are there
    assert "\nvendor:\n  name: Argilla\n" in converted.stdout
    seeding = kb("seed", ARGILLA, env=broken)
    assert (seeding.returncode, seeding.stdout) == (1, "")
    assert seeding.stderr.startswith("kb: error: invalid settings: ")


def _kb_in(
    cwd: Path, *args: str, stdout: int | IO[str] = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    """`kb ARGS` run from `cwd` (the checkout on PYTHONPATH), stderr captured."""
    return subprocess.run(
        [sys.executable, "-c", "from kb.cli import main; main()", *args],
        cwd=cwd,
        env={**_env(), "PYTHONPATH": str(ROOT)},
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_dot_env_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(b"NEO4J_PASSWORD=caf\xe9\n")
    done = _kb_in(tmp_path, "validate", str(ROOT / ARGILLA))
    assert done.returncode == 1
    assert done.stderr == (
        "kb: error: invalid settings: .env is not UTF-8 text (expected NAME=value lines)\n"
    )
    assert done.stdout == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [("validate", ARGILLA), ("schema",)])
def test_a_full_stdout_is_one_line(args: tuple[str, ...]) -> None:
    with Path("/dev/full").open("w") as full:
        done = _kb_in(ROOT, *args, stdout=full)
    assert done.returncode == 1
    assert done.stderr == "kb: error: cannot write to standard output: No space left on device\n"


def test_a_uri_only_the_driver_refuses_is_one_line() -> None:
    # 'address' is the driver's own routing-context key: the settings' check lets it through.
    done = kb("export", "/tmp/kb-never-written", env=_env(NEO4J_URI="neo4j://localhost?address=x"))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "kb: error: invalid settings: NEO4J_URI: the driver refuses it (ConfigurationError)\n"
    )
    assert not Path("/tmp/kb-never-written").exists()


def test_a_closed_stdout_is_no_traceback() -> None:
    # The shell closes it: sys.stdout is None, which the stdout guard must leave alone.
    script = 'exec "$@" >&-'
    command = [sys.executable, "-c", "from kb.cli import main; main()", "validate", ARGILLA]
    done = subprocess.run(
        ["sh", "-c", script, "sh", *command],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
