"""Faults of the managed local server, each a one-line KbError."""

from __future__ import annotations

from kb.errors import KbError


class LocalNeo4jError(KbError):
    """The managed local Neo4j could not be started or stopped."""

    exit_code = 3


class ToolMissing(LocalNeo4jError):
    """Java or Maven is not installed."""


class PortInUse(LocalNeo4jError):
    """Another process listens on a port the server needs."""


class MavenFailed(LocalNeo4jError):
    """Maven could not resolve the server jars (often: Maven Central unreachable)."""


class ServerDied(LocalNeo4jError):
    """The server process exited (or never answered) while starting."""


class ServerStopped(LocalNeo4jError):
    """The server exited while `kb up` served the API on it."""
