"""The synchronous driver the CLI uses (the API creates its own async one in its lifespan)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import neo4j
from neo4j.exceptions import AuthError, ConfigurationError, ServiceUnavailable

from kb.errors import ConfigError, Neo4jUnavailable
from kb.settings import Settings


@contextmanager
def open_driver(settings: Settings, *, hint: str = "") -> Iterator[neo4j.Driver]:
    """A connected driver, or Neo4jUnavailable naming the URI (never the password) and, after
    it, `hint`: what the user can do without a Neo4j."""
    uri = settings.effective_neo4j_uri
    try:
        driver = neo4j.GraphDatabase.driver(
            uri,
            auth=settings.neo4j_auth_tuple(),
            # Server notifications (e.g. "property key does not exist" on a fresh graph) are
            # noise for a CLI user.
            notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
        )
    except ConfigurationError as error:  # what the settings' own URI check lets through
        raise ConfigError(
            f"invalid settings: NEO4J_URI: the driver refuses it ({type(error).__name__})"
        ) from None
    try:
        try:
            driver.verify_connectivity()
        except (ServiceUnavailable, AuthError, OSError, ValueError) as error:
            # ValueError: the resolver refusing a host the settings let through ("label too long").
            reason = type(error).__name__
            message = f"no Neo4j answered at {uri} ({reason})"
            raise Neo4jUnavailable(f"{message}; {hint}" if hint else message) from None
        yield driver
    finally:
        driver.close()
