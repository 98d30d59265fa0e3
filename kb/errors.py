"""The one root exception type of the knowledge base.

Every error a user can cause derives from KbError; the CLI prints its message on one line and
exits with its exit code, and the API maps it to a GraphQL error code. Nothing else escapes.
"""

from __future__ import annotations


class KbError(Exception):
    """A problem the user can act on; `str(error)` is the whole message."""

    exit_code = 1


class ConfigError(KbError):
    """Settings are missing or unsafe."""


class Neo4jUnavailable(KbError):
    """No Neo4j answered where the settings say one is."""

    exit_code = 2


class ValidationFailed(KbError):
    """An evaluation file does not hold a valid evaluation (problems carry file:line)."""


class NotFound(KbError):
    """A named thing (vendor, risk, layer, query) does not exist."""
