"""Where the managed server keeps its files, and the one place its version is pinned."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The only pin of the server version: Maven coordinates, jar folder and `status` all use it.
NEO4J_VERSION = "5.26.30"
# Neo4j Browser is released separately; 5.24.0 is what the 5.26 distribution ships.
BROWSER_VERSION = "5.24.0"

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"


@dataclass(frozen=True)
class Layout:
    """The files of one managed server, all under `home` (settings.kb_home / "neo4j")."""

    home: Path

    @classmethod
    def at(cls, home: Path) -> Layout:
        return cls(home.expanduser().resolve())

    @property
    def jars(self) -> Path:
        return self.home / "jars" / NEO4J_VERSION

    @property
    def maven(self) -> Path:
        return self.home / "maven"

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def conf_file(self) -> Path:
        return self.conf_dir / "neo4j.conf"

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def log_file(self) -> Path:
        """Neo4j's user log: start-up, shutdown and errors."""
        return self.logs / "neo4j.log"

    @property
    def console_file(self) -> Path:
        """The JVM's stdout and stderr (errors before Neo4j's own logging starts)."""
        return self.logs / "console.log"

    @property
    def pid_file(self) -> Path:
        return self.home / "neo4j.pid"

    @property
    def auth_file(self) -> Path:
        """Written by set-initial-password; its presence means the password is set."""
        return self.data / "dbms" / "auth.ini"
