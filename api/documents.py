"""Trusted documents: the GraphQL documents of the web explorer's build, looked up by hash.

The build writes web/dist/persisted-documents.json ({"sha256:<hex>": document}). A request may
send `documentId` instead of `query`; the router swaps the document in before GraphQL parses
it. With KB_GRAPHQL_DOCUMENTS=trusted a request must name a manifest document this way, so
the API executes nothing but the front-end's own operations.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import orjson

from api.errors import Code
from kb.errors import ConfigError

MANIFEST_NAME = "persisted-documents.json"
# The build's manifest holds a few dozen documents; anything near this size is not one.
MAX_MANIFEST_BYTES = 5_000_000
DOCUMENT_ID = re.compile(r"^sha256:[0-9a-f]{64}$")


class DocumentRefused(Exception):
    """A request whose document the API will not run; answered with `code` before GraphQL."""

    def __init__(self, code: Code, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class TrustedDocuments:
    documents: Mapping[str, str]
    trusted_only: bool

    def resolve(self, data: dict[str, Any]) -> dict[str, Any]:
        """The request data with `query` set from its `documentId`; refused when not allowed."""
        document_id = data.get("documentId")
        if document_id is None:
            if self.trusted_only:
                raise DocumentRefused(
                    Code.TRUSTED_DOCUMENT_REQUIRED,
                    "this API executes trusted documents only: send the documentId of a "
                    "document of the web explorer's manifest instead of a query",
                )
            return data
        if not isinstance(document_id, str) or not DOCUMENT_ID.match(document_id):
            raise DocumentRefused(
                Code.BAD_USER_INPUT, "documentId: expected 'sha256:' and 64 lowercase hex digits"
            )
        if data.get("query") is not None:
            raise DocumentRefused(Code.BAD_USER_INPUT, "send either query or documentId, not both")
        query = self.documents.get(document_id)
        if query is None:
            raise DocumentRefused(
                Code.TRUSTED_DOCUMENT_NOT_FOUND,
                f"documentId {document_id} is not a document of the web explorer's manifest",
            )
        return {**data, "query": query}

    def by_hash(self, sha256_hex: str) -> str | None:
        """The manifest's document whose text has this SHA-256 (the manifest's keys are
        "sha256:" and the hex digest of the text, checked when it is read)."""
        return self.documents.get(f"sha256:{sha256_hex}")


def load_documents(dist: Path, mode: Literal["trusted", "open"]) -> TrustedDocuments:
    """The manifest of the build in `dist`; none is needed in open mode."""
    path = dist / MANIFEST_NAME
    if not path.is_file():
        if mode == "trusted":
            raise ConfigError(
                f"KB_GRAPHQL_DOCUMENTS=trusted needs the web build's manifest {path}, which is "
                "missing (build the front-end: make web)"
            )
        return TrustedDocuments({}, trusted_only=False)
    return TrustedDocuments(_read_manifest(path), trusted_only=mode == "trusted")


def _read_manifest(path: Path) -> dict[str, str]:
    if path.stat().st_size > MAX_MANIFEST_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_MANIFEST_BYTES} bytes; not a build manifest")
    try:
        manifest = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as error:
        raise ConfigError(f"{path}: not JSON ({error})") from None
    if not isinstance(manifest, dict):
        raise ConfigError(f'{path}: expected an object {{"sha256:<hex>": document}}')
    for document_id, document in manifest.items():
        if not isinstance(document, str) or not DOCUMENT_ID.match(document_id):
            raise ConfigError(f'{path}: entry {document_id[:80]!r}: expected "sha256:<hex>": text')
        digest = hashlib.sha256(document.encode()).hexdigest()
        if document_id != f"sha256:{digest}":
            raise ConfigError(f"{path}: entry {document_id}: the hash is not the document's")
    return manifest
