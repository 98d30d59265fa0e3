"""One Settings object, read from the environment and an optional `.env` file."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, TypeVar
from urllib.parse import parse_qsl, urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from kb.errors import ConfigError

# Passwords that ship in examples; refused when KB_ENV=production.
PLACEHOLDER_PASSWORDS = frozenset(
    {"", "neo4j", "password", "changeme", "changeme-local-dev", "test"}
)

# A memory size as both Neo4j and the JVM read it: "512m", "2g", "1048576".
MEMORY_SIZE = r"^[1-9][0-9]*[kKmMgG]?$"

DEV_PASSWORD = "changeme-local-dev"  # noqa: S105 (a development placeholder, refused in production)

NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

# The reader reserves MAX_FILE_BYTES up front; evaluation files are a few kB.
MAX_FILE_BYTES_LIMIT = 100_000_000


class FileSettings(BaseSettings):
    """What the file commands (validate, convert) read: no database setting, so that a bad
    NEO4J_URI or a production placeholder password does not stop a curator's check."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    # Evaluation files larger than this are refused before parsing.
    max_file_bytes: int = Field(default=1_000_000, gt=0, le=MAX_FILE_BYTES_LIMIT)


class Settings(FileSettings):
    """Everything configurable. Env names are the field names upper-cased."""

    kb_env: Literal["development", "production"] = "development"

    # Where the knowledge base's Neo4j is. Unset: the managed local server (`kb neo4j start`).
    # neo4j:// and neo4j+s:// routing URIs are passed to the driver as given (clusters, Aura).
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr(DEV_PASSWORD)
    neo4j_database: str = "neo4j"

    # The managed local server (kb neo4j ...).
    kb_home: Path = Path(".kb")
    neo4j_bolt_port: int = Field(default=7687, ge=1, le=65535)
    neo4j_http_port: int = Field(default=7474, ge=1, le=65535)
    # Written into neo4j.conf and the JVM's -Xms/-Xmx: digits and a unit only, so a value can
    # never add a line to the conf (e.g. one turning authentication off).
    neo4j_heap: str = Field(default="512m", pattern=MEMORY_SIZE)
    neo4j_pagecache: str = Field(default="256m", pattern=MEMORY_SIZE)
    # false: the local server runs without authentication (throwaway test servers only).
    neo4j_auth: bool = True
    neo4j_start_timeout: float = Field(default=120.0, gt=0)
    # How long `kb seed` waits for another seed of the same graph to end (kb.seeding.lock).
    seed_lock_timeout: float = Field(default=600.0, gt=0, le=86_400)

    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)
    # Origins allowed by CORS, a JSON list; empty means closed.
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Which GraphQL documents the API executes: "open", any (within api.limits); "trusted", only
    # the web explorer's, by hash, from its build's manifest (production's recommended setting).
    kb_graphql_documents: Literal["trusted", "open"] = "open"
    # The built web explorer (`make web`); unset: the checkout's web/dist.
    kb_web_dist: Path | None = None
    # The API's response cache (docs/response-cache.md): its size in MiB (0 turns it off);
    # how long, in ms, a graph version learned may be reused before asking again (0: every
    # request asks; `kb seed` waits this long after a change, so that no API answers from the
    # graph it changed once it returns); the Cache-Control sent with GET answers.
    kb_cache_mib: int = Field(default=64, ge=0, le=65_536)
    kb_cache_max_staleness_ms: int = Field(default=0, ge=0, le=60_000)
    kb_cache_control: str = Field(default="no-cache", pattern=r"^[\x20-\x7e]{1,200}$")

    @field_validator("neo4j_uri")
    @classmethod
    def _a_neo4j_uri(cls, uri: str | None) -> str | None:
        problem = uri and _neo4j_uri_problem(uri)
        if problem:
            raise ValueError(
                f"not a Neo4j URI (expected e.g. bolt://host:7687 or neo4j+s://host): {problem}"
            )
        return uri

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _json_list(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value) if value.strip() else []
        except ValueError:
            raise ValueError(
                'not JSON (expected a JSON list, e.g. ["https://ui.example"])'
            ) from None

    @model_validator(mode="after")
    def _refuse_placeholders_in_production(self) -> Settings:
        password = self.neo4j_password.get_secret_value()
        if self.kb_env == "production" and password in PLACEHOLDER_PASSWORDS:
            raise ValueError(
                "NEO4J_PASSWORD is a placeholder; set a real secret when KB_ENV=production"
            )
        return self

    @property
    def neo4j_home(self) -> Path:
        return self.kb_home / "neo4j"

    @property
    def local_bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.neo4j_bolt_port}"

    @property
    def effective_neo4j_uri(self) -> str:
        """The configured URI, or the managed local server's."""
        return self.neo4j_uri or self.local_bolt_uri

    def neo4j_auth_tuple(self) -> tuple[str, str] | None:
        """Credentials for the driver; None when the local server runs without auth."""
        if self.neo4j_uri is None and not self.neo4j_auth:
            return None
        return (self.neo4j_user, self.neo4j_password.get_secret_value())


def _neo4j_uri_problem(uri: str) -> str | None:
    """Why the driver would refuse or misread `uri`, without quoting it (it may hold a password)."""
    try:
        parts = urlsplit(uri)
    except ValueError:  # e.g. an unclosed "[" (IPv6); the message may quote the URI
        return "it does not parse as scheme://host[:port]"
    if parts.scheme not in NEO4J_SCHEMES:
        return f"the scheme is not one of {', '.join(NEO4J_SCHEMES)}"
    if "@" in parts.netloc:
        return "it holds a user or password; set NEO4J_USER and NEO4J_PASSWORD instead"
    if not parts.hostname:
        return "it names no host"
    try:
        parts.hostname.encode("idna")
    except UnicodeError:
        return "the host is not a name of dot-separated labels of 1 to 63 characters"
    try:
        parts.port  # noqa: B018 (raises unless the port is a number from 0 to 65535)
    except ValueError:
        return "the port is not a number from 0 to 65535"
    if parts.path not in ("", "/") or parts.fragment:
        return "it has a path or fragment; set NEO4J_DATABASE to choose the database"
    if parts.query and not parts.scheme.startswith("neo4j"):
        return "a query (routing context) needs a neo4j:// scheme"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if not all(value for _, value in pairs) or len(dict(pairs)) < len(pairs):
        return "the query (routing context) must be key=value pairs, each key once"
    return None


def load_settings() -> Settings:
    """Build Settings, turning pydantic's error into one readable KbError."""
    return _build(Settings)


_Kind = TypeVar("_Kind", bound=FileSettings)


def _build(kind: type[_Kind]) -> _Kind:
    try:
        return kind()
    except ValidationError as error:
        raise ConfigError(
            "invalid settings: " + "; ".join(map(_describe, error.errors()))
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(
            "invalid settings: .env is not UTF-8 text (expected NAME=value lines)"
        ) from None


def _describe(problem: ErrorDetails) -> str:
    """'NEO4J_BOLT_PORT: Input should be ...'; model-level checks have no field name."""
    message = problem["msg"].removeprefix("Value error, ")
    field = ".".join(str(part) for part in problem["loc"]).upper()
    return f"{field}: {message}" if field else message


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()


@lru_cache(maxsize=1)
def get_file_settings() -> FileSettings:
    return _build(FileSettings)
