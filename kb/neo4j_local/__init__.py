"""A managed local Neo4j Community server, resolved from Maven Central (no Docker needed).

`start` resolves the pinned jars with Maven once, writes neo4j.conf from Settings, starts the
server in the background and waits until Bolt answers; `stop` ends only the process recorded in
our pid file; `watch` tells whoever serves on the server (`kb up`) that it exited. Everything
lives under `settings.kb_home / "neo4j"`.
"""

from kb.neo4j_local.errors import (
    LocalNeo4jError,
    PortInUse,
    ServerDied,
    ServerStopped,
    ToolMissing,
)
from kb.neo4j_local.exits import watch
from kb.neo4j_local.layout import BROWSER_VERSION, NEO4J_VERSION, Layout
from kb.neo4j_local.server import ServerState, read_log, start, status, stop

__all__ = [
    "BROWSER_VERSION",
    "NEO4J_VERSION",
    "Layout",
    "LocalNeo4jError",
    "PortInUse",
    "ServerDied",
    "ServerState",
    "ServerStopped",
    "ToolMissing",
    "read_log",
    "start",
    "status",
    "stop",
    "watch",
]
