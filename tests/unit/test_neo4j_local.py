"""Pure logic of the managed local server: conf, pom, Maven errors, ports, pid file, log."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from kb import neo4j_local
from kb.neo4j_local import process
from kb.neo4j_local.config import conf_matches, render_conf, write_conf
from kb.neo4j_local.jars import explain_maven_failure, java_major, render_pom
from kb.settings import Settings
from tests.kb_cli import kb


def _settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "kb_home": tmp_path,
        "neo4j_bolt_port": 17001,
        "neo4j_http_port": 17002,
        "neo4j_heap": "300m",
        "neo4j_pagecache": "100m",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_conf_listens_on_loopback_with_our_ports_memory_and_folders(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    layout = neo4j_local.Layout.at(settings.neo4j_home)
    lines = render_conf(settings, layout).splitlines()
    home = tmp_path.resolve() / "neo4j"
    assert lines[1:] == [
        "server.memory.heap.initial_size=300m",
        "server.memory.heap.max_size=300m",
        "server.memory.pagecache.size=100m",
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=127.0.0.1",
        "server.bolt.listen_address=127.0.0.1:17001",
        "server.bolt.advertised_address=127.0.0.1:17001",
        "server.http.listen_address=127.0.0.1:17002",
        "server.http.advertised_address=127.0.0.1:17002",
        "server.https.enabled=false",
        "dbms.security.auth_enabled=true",
        f"server.directories.data={home / 'data'}",
        f"server.directories.logs={home / 'logs'}",
        "db.tx_log.rotation.retention_policy=512M size",
        "browser.remote_content_hostname_whitelist=guides.neo4j.com,localhost,127.0.0.1",
        "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
    ]


def test_conf_turns_auth_off_when_asked(tmp_path: Path) -> None:
    settings = _settings(tmp_path, neo4j_auth=False)
    conf = render_conf(settings, neo4j_local.Layout.at(settings.neo4j_home))
    assert "dbms.security.auth_enabled=false" in conf.splitlines()


def test_everything_lives_under_kb_home_neo4j(tmp_path: Path) -> None:
    layout = neo4j_local.Layout.at(tmp_path / "neo4j")
    home = (tmp_path / "neo4j").resolve()
    assert layout.jars == home / "jars" / neo4j_local.NEO4J_VERSION
    assert layout.pid_file == home / "neo4j.pid"
    assert layout.log_file == home / "logs" / "neo4j.log"
    assert layout.conf_file == home / "conf" / "neo4j.conf"


def test_version_is_pinned_to_a_5_26_patch() -> None:
    major, minor, patch = neo4j_local.NEO4J_VERSION.split(".")
    assert (major, minor) == ("5", "26")
    assert patch.isdigit()


def test_pom_asks_for_the_entry_point_the_http_server_and_browser() -> None:
    pom = render_pom()
    version = neo4j_local.NEO4J_VERSION
    assert (
        f"<groupId>org.neo4j</groupId><artifactId>neo4j</artifactId><version>{version}</version>"
    ) in pom
    assert (
        "<groupId>org.neo4j.app</groupId><artifactId>neo4j-server</artifactId>"
        f"<version>{version}</version>"
    ) in pom
    assert (
        "<groupId>org.neo4j.client</groupId><artifactId>neo4j-browser</artifactId>"
        f"<version>{neo4j_local.BROWSER_VERSION}</version>"
    ) in pom


# What Maven 3.8.7 printed with its repository mirrored to a closed port (colour codes included).
UNREACHABLE = (
    "\x1b[0m\x1b[0m[ERROR] Plugin org.apache.maven.plugins:maven-dependency-plugin:3.8.1 or one "
    "of its dependencies could not be resolved: Failed to read artifact descriptor for "
    "org.apache.maven.plugins:maven-dependency-plugin:jar:3.8.1: Could not transfer artifact "
    "org.apache.maven.plugins:maven-dependency-plugin:pom:3.8.1 from/to nowhere "
    "(http://127.0.0.1:1/maven2): transfer failed for http://127.0.0.1:1/maven2/org/apache/maven/"
    "plugins/maven-dependency-plugin/3.8.1/maven-dependency-plugin-3.8.1.pom: Connect to "
    "127.0.0.1:1 [/127.0.0.1] failed: Connection refused -> [Help 1]\n"
    "[ERROR] \n"
    "[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.\x1b[0m\n"
)


def test_unreachable_maven_central_is_named_in_one_line() -> None:
    message = explain_maven_failure(UNREACHABLE)
    assert "\n" not in message
    assert message.startswith(
        f"Maven could not download Neo4j {neo4j_local.NEO4J_VERSION} from Maven Central"
    )
    assert message.endswith("Connect to 127.0.0.1:1 [/127.0.0.1] failed: Connection refused")


def test_other_maven_failures_pass_maven_s_first_error_through() -> None:
    output = "[ERROR] Failed to execute goal: disk full -> [Help 1]\n[ERROR] more\n"
    assert explain_maven_failure(output) == (
        f"Maven could not resolve Neo4j {neo4j_local.NEO4J_VERSION}: "
        "Failed to execute goal: disk full"
    )


def test_maven_output_without_an_error_line_is_joined_on_one_line() -> None:
    output = "The JAVA_HOME environment variable is not defined correctly,\n"
    output += "this environment variable is needed to run this program.\n\n"
    assert explain_maven_failure(output) == (
        f"Maven could not resolve Neo4j {neo4j_local.NEO4J_VERSION}: The JAVA_HOME environment "
        "variable is not defined correctly, this environment variable is needed to run this "
        "program."
    )
    assert explain_maven_failure("") == (
        f"Maven could not resolve Neo4j {neo4j_local.NEO4J_VERSION}: no output"
    )


def test_a_listening_port_is_refused_naming_the_port_and_the_setting() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(neo4j_local.PortInUse) as refused:
            process.check_port_free(port, "Bolt", "NEO4J_BOLT_PORT")
    assert str(refused.value) == (
        f"port {port} (Bolt) is already in use on 127.0.0.1; set NEO4J_BOLT_PORT to a free port"
    )


def test_an_unknown_host_is_named() -> None:
    with pytest.raises(neo4j_local.PortInUse) as refused:
        process.check_port_free(8000, "API", "API_PORT", host="no-such-host.invalid")
    assert str(refused.value).startswith("cannot listen on 'no-such-host.invalid' (API): ")


def test_kb_up_refuses_a_taken_api_port_before_starting_anything(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KB_", "API_"))}
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**clean, "KB_HOME": str(tmp_path / "kb"), "API_PORT": str(port)}
        done = kb("up", env=env)
    assert (done.returncode, done.stdout) == (3, "")
    assert done.stderr == (
        f"kb: error: port {port} (API) is already in use on 127.0.0.1; set API_PORT to a free "
        "port\n"
    )
    assert not (tmp_path / "kb").exists()


def test_a_free_port_passes() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process.check_port_free(port, "Bolt", "NEO4J_BOLT_PORT")  # raises if refused


def test_a_pid_that_is_not_our_server_is_not_ours(tmp_path: Path) -> None:
    layout = neo4j_local.Layout.at(tmp_path)
    layout.pid_file.parent.mkdir(parents=True, exist_ok=True)
    layout.pid_file.write_text(f"{os.getpid()}\n")  # alive, but it is pytest, not Neo4j
    assert process.our_process(layout) is None


def test_a_garbled_or_missing_pid_file_means_not_running(tmp_path: Path) -> None:
    layout = neo4j_local.Layout.at(tmp_path)
    assert process.our_process(layout) is None
    layout.pid_file.write_text("not a pid\n")
    assert process.our_process(layout) is None


def _clean_env(kb_home: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "KB_", "API_"))}
    return {**clean, "KB_HOME": str(kb_home)}


@pytest.mark.parametrize(
    "content",
    [b"-5\n", b"0\n", b"99999999999999999999\n", b"\xff\xfe\n", b"", b"12 34\n"],
    ids=["negative", "zero", "beyond-any-pid", "not-utf8", "empty", "two-numbers"],
)
def test_a_pid_file_naming_no_process_means_stopped(tmp_path: Path, content: bytes) -> None:
    pid_file = tmp_path / "neo4j" / "neo4j.pid"
    pid_file.parent.mkdir()
    pid_file.write_bytes(content)
    env = _clean_env(tmp_path)
    status = kb("neo4j", "status", env=env)
    assert (status.returncode, status.stderr) == (0, "")
    assert status.stdout == (
        f"stopped (Neo4j {neo4j_local.NEO4J_VERSION} is what `kb neo4j start` runs)\n"
    )
    stop = kb("neo4j", "stop", env=env)
    assert (stop.returncode, stop.stdout, stop.stderr) == (0, "Neo4j is not running.\n", "")
    assert not pid_file.exists()


def test_stop_leaves_alone_a_process_that_reused_the_pid(tmp_path: Path) -> None:
    stranger = subprocess.Popen(["sleep", "60"])
    try:
        pid_file = tmp_path / "neo4j" / "neo4j.pid"
        pid_file.parent.mkdir()
        pid_file.write_text(f"{stranger.pid}\n")
        stop = kb("neo4j", "stop", env=_clean_env(tmp_path))
        assert (stop.returncode, stop.stdout, stop.stderr) == (0, "Neo4j is not running.\n", "")
        assert stranger.poll() is None  # not signalled
        assert not pid_file.exists()
    finally:
        stranger.kill()
        stranger.wait()


def test_a_pid_file_that_is_a_folder_is_one_line_for_every_command(tmp_path: Path) -> None:
    pid_file = tmp_path.resolve() / "neo4j" / "neo4j.pid"
    pid_file.mkdir(parents=True)
    env = _clean_env(tmp_path)
    for command in ("start", "stop", "status"):
        done = kb("neo4j", command, env=env)
        assert (done.returncode, done.stdout) == (3, ""), command
        assert done.stderr == (
            f"kb: error: cannot use {pid_file}: Is a directory (the managed Neo4j keeps its "
            f"files under KB_HOME={tmp_path})\n"
        ), command


def test_logs_of_a_log_that_is_a_folder_or_not_utf8(tmp_path: Path) -> None:
    log = tmp_path.resolve() / "neo4j" / "logs" / "neo4j.log"
    log.mkdir(parents=True)
    env = _clean_env(tmp_path)
    done = kb("neo4j", "logs", env=env)
    assert (done.returncode, done.stdout) == (3, "")
    assert done.stderr == (
        f"kb: error: cannot use {log}: Is a directory (the managed Neo4j keeps its files "
        f"under KB_HOME={tmp_path})\n"
    )
    log.rmdir()
    log.write_bytes(b"ok\n\xff broken\n")
    done = kb("neo4j", "logs", env=env)
    assert (done.returncode, done.stdout, done.stderr) == (0, "ok\n\ufffd broken\n", "")


def test_logs_tail_beyond_any_log_is_refused_as_usage(tmp_path: Path) -> None:
    done = kb("neo4j", "logs", "--tail", str(10**30), env=_clean_env(tmp_path))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "Invalid value for '--tail' / '-n'" in done.stderr


def test_a_garbled_neo4j_conf_matches_no_settings(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    layout = neo4j_local.Layout.at(settings.neo4j_home)
    layout.conf_dir.mkdir(parents=True)
    layout.conf_file.write_bytes(b"\xff\xfe garbage")
    assert conf_matches(settings, layout) is False
    write_conf(settings, layout)
    assert conf_matches(settings, layout) is True


def test_stop_without_our_server_removes_a_stale_pid_file(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    layout = neo4j_local.Layout.at(settings.neo4j_home)
    layout.home.mkdir(parents=True)
    layout.pid_file.write_text(f"{os.getpid()}\n")
    assert neo4j_local.stop(settings) is None
    assert not layout.pid_file.exists()


def test_logs_tail_the_last_lines_or_all(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    log = neo4j_local.Layout.at(settings.neo4j_home).log_file
    log.parent.mkdir(parents=True)
    log.write_text("".join(f"line {n}\n" for n in range(1, 8)))
    assert neo4j_local.read_log(settings, 2) == ["line 6", "line 7"]
    assert neo4j_local.read_log(settings, 0) == [f"line {n}" for n in range(1, 8)]


def test_logs_before_any_start_are_empty(tmp_path: Path) -> None:
    assert neo4j_local.read_log(_settings(tmp_path), 0) == []
    assert neo4j_local.read_log(_settings(tmp_path), 5) == []


def test_a_file_in_the_way_under_kb_home_is_one_line_naming_it(tmp_path: Path) -> None:
    in_the_way = tmp_path / "afile"
    in_the_way.write_text("not a folder\n")
    settings = _settings(in_the_way)
    home = in_the_way.resolve() / "neo4j"
    calls: dict[str, Callable[[], object]] = {
        "start": lambda: neo4j_local.start(settings),
        "stop": lambda: neo4j_local.stop(settings),
        "status": lambda: neo4j_local.status(settings),
        "logs": lambda: neo4j_local.read_log(settings, 5),
    }
    culprit = {"logs": home / "logs" / "neo4j.log"}
    for name, call in calls.items():
        with pytest.raises(neo4j_local.LocalNeo4jError) as refused:
            call()
        assert str(refused.value) == (
            f"cannot use {culprit.get(name, home / 'neo4j.pid')}: Not a directory "
            f"(the managed Neo4j keeps its files under KB_HOME={in_the_way})"
        ), name


def test_status_of_a_home_never_started_is_stopped_with_the_pinned_version(
    tmp_path: Path,
) -> None:
    state = neo4j_local.status(_settings(tmp_path))
    assert (state.running, state.pid, state.version) == (False, None, neo4j_local.NEO4J_VERSION)
    assert state.bolt_uri == "bolt://127.0.0.1:17001"
    assert state.browser_url == "http://localhost:17002/browser/"


def test_a_failed_start_quotes_the_console_when_the_jvm_spoke(tmp_path: Path) -> None:
    layout = neo4j_local.Layout.at(tmp_path)
    layout.logs.mkdir(parents=True)
    layout.log_file.write_text("old neo4j.log line\n")
    layout.console_file.write_text("".join(f"jvm {n}\n" for n in range(30)))
    path, lines = process.failure_log(layout)
    assert path == layout.console_file
    assert lines == [f"jvm {n}" for n in range(10, 30)]


@pytest.mark.parametrize(
    ("output", "major"),
    [
        ('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment', 17),
        ('openjdk version "21" 2023-09-19', 21),
        ('java version "1.8.0_402"', 8),
        ("something else entirely", None),
    ],
)
def test_java_major_version_is_read_from_java_version(output: str, major: int | None) -> None:
    assert java_major(output) == major
