"""neo4j.conf for the managed server, and its initial password."""

from __future__ import annotations

import os
import subprocess

from kb.neo4j_local.errors import LocalNeo4jError
from kb.neo4j_local.layout import ADMIN_TOOL, Layout
from kb.settings import Settings

# Neo4j keeps transaction logs for 2 days by default (for backups, an Enterprise feature): a
# day of benchmark seeds left 30 GB of them and filled the disk. Logs beyond the newest 512 MiB
# go at the next checkpoint. docker-compose.yml gives its Neo4j the same.
TX_LOG_RETENTION = "512M size"

# Hosts Neo4j Browser may fetch guides (`:play`) and style sheets (`:style`) from: Neo4j's
# default (its own guides, localhost) and 127.0.0.1, so the KB's guide served by the API on
# this machine loads by either name. docker-compose.yml gives its Neo4j the same.
BROWSER_REMOTE_CONTENT_HOSTS = "guides.neo4j.com,localhost,127.0.0.1"


def render_conf(settings: Settings, layout: Layout) -> str:
    """The whole neo4j.conf: loopback only, explicit small memory, our folders, our ports."""
    bolt = f"127.0.0.1:{settings.neo4j_bolt_port}"
    http = f"127.0.0.1:{settings.neo4j_http_port}"
    auth = "true" if settings.neo4j_auth else "false"
    lines = [
        "# Written by `kb neo4j start` from the KB settings; edits are overwritten.",
        f"server.memory.heap.initial_size={settings.neo4j_heap}",
        f"server.memory.heap.max_size={settings.neo4j_heap}",
        f"server.memory.pagecache.size={settings.neo4j_pagecache}",
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=127.0.0.1",
        f"server.bolt.listen_address={bolt}",
        f"server.bolt.advertised_address={bolt}",
        f"server.http.listen_address={http}",
        f"server.http.advertised_address={http}",
        "server.https.enabled=false",
        f"dbms.security.auth_enabled={auth}",
        f"server.directories.data={layout.data}",
        f"server.directories.logs={layout.logs}",
        f"db.tx_log.rotation.retention_policy={TX_LOG_RETENTION}",
        f"browser.remote_content_hostname_whitelist={BROWSER_REMOTE_CONTENT_HOSTS}",
        # Netty's default 5 s quiet period, paid twice, made every stop take 10 s.
        "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
    ]
    return "\n".join(lines) + "\n"


def conf_matches(settings: Settings, layout: Layout) -> bool:
    """Whether the running server was started with what these settings would write."""
    try:
        return layout.conf_file.read_text(encoding="utf-8") == render_conf(settings, layout)
    except (FileNotFoundError, UnicodeDecodeError):  # a garbled file matches nothing we write
        return False


def write_conf(settings: Settings, layout: Layout) -> None:
    layout.conf_dir.mkdir(parents=True, exist_ok=True)
    layout.data.mkdir(parents=True, exist_ok=True)
    layout.logs.mkdir(parents=True, exist_ok=True)
    layout.conf_file.write_text(render_conf(settings, layout), encoding="utf-8")


def _picocli_quoted(value: str) -> str:
    """One argument for a picocli @-file: double-quoted, backslashes and quotes escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def set_initial_password(settings: Settings, layout: Layout, java: str) -> None:
    """`neo4j-admin dbms set-initial-password`, run from the same jars; only before first start.

    Neo4j ignores it once the system database exists, so it runs only while there is no auth
    file. The password reaches the tool through a private @-file (picocli expands it), so it
    never shows in the process list.
    """
    if not settings.neo4j_auth or layout.auth_file.exists():
        return
    env = {**os.environ, "NEO4J_HOME": str(layout.home), "NEO4J_CONF": str(layout.conf_dir)}
    secret = layout.home / "initial-password.args"
    descriptor = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(_picocli_quoted(settings.neo4j_password.get_secret_value()) + "\n")
    try:
        result = subprocess.run(
            [java, "-cp", f"{layout.jars}/*", ADMIN_TOOL, "dbms", "set-initial-password",
             f"@{secret}"],
            capture_output=True,
            text=True,
            env=env,
            cwd=layout.home,
            check=False,
        )  # fmt: skip
    finally:
        secret.unlink(missing_ok=True)
    if result.returncode != 0:
        reason = (result.stderr.strip() or result.stdout.strip()).splitlines()
        detail = reason[0] if reason else f"exit code {result.returncode}"
        raise LocalNeo4jError(
            f"could not set the initial Neo4j password (NEO4J_PASSWORD): {detail}"
        )
