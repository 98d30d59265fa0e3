"""Automatic persisted queries (Apollo's protocol): a client sends the SHA-256 of its document
in `extensions.persistedQuery {version: 1, sha256Hash}` instead of the document.

A hash the API does not know is answered PersistedQueryNotFound; the client then sends the
hash with the document, which is checked against the hash, run, and kept here (per process:
with several replicas, a replica that has not seen it yet answers PersistedQueryNotFound and
the client sends the document again). The web explorer's trusted documents (api.documents)
are known by hash from the start. With KB_GRAPHQL_DOCUMENTS=trusted a hash resolves through
the manifest only and no document is registered.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import orjson

from api.documents import DocumentRefused, TrustedDocuments
from api.errors import Code

# Apollo's clients recognise the error by this exact message (older ones) or by the code.
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


class PersistedQueryNotFound(DocumentRefused):
    def __init__(self) -> None:
        super().__init__(Code.PERSISTED_QUERY_NOT_FOUND, NOT_FOUND_MESSAGE)


class PersistedQueries:
    """Documents by the hex SHA-256 of their text, the least recently used dropped first once
    there are more than `max_entries` of them or more than `max_bytes` bytes of text."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._documents: OrderedDict[str, str] = OrderedDict()
        self._sizes: dict[str, int] = {}
        self.bytes = 0

    def __len__(self) -> int:
        return len(self._documents)

    def get(self, sha256_hex: str) -> str | None:
        document = self._documents.get(sha256_hex)
        if document is not None:
            self._documents.move_to_end(sha256_hex)
        return document

    def add(self, sha256_hex: str, document: str) -> None:
        if sha256_hex in self._documents:
            self._documents.move_to_end(sha256_hex)
            return
        size = len(document.encode())
        if size > self.max_bytes:
            return  # answered, but never kept: it would push out everything else
        self._documents[sha256_hex] = document
        self._sizes[sha256_hex] = size
        self.bytes += size
        while len(self._documents) > self.max_entries or self.bytes > self.max_bytes:
            oldest, _ = self._documents.popitem(last=False)
            self.bytes -= self._sizes.pop(oldest)


@dataclass(frozen=True)
class Registration:
    """A document sent with its verified hash, kept once it has run without a request error."""

    sha256_hex: str
    document: str


@dataclass(frozen=True)
class AutomaticPersistedQueries:
    trusted: TrustedDocuments
    registry: PersistedQueries

    def resolve(self, data: dict[str, Any]) -> tuple[dict[str, Any], Registration | None]:
        """The request data with `query` set from its hash (or from its documentId, through
        the trusted documents), and the document to register once it has run."""
        sha256_hex = requested_hash(data)
        if sha256_hex is None:
            return self.trusted.resolve(data), None
        if data.get("documentId") is not None:
            raise DocumentRefused(
                Code.BAD_USER_INPUT,
                "send either documentId or extensions.persistedQuery, not both",
            )
        query = data.get("query")
        if query is None:
            known = self.trusted.by_hash(sha256_hex)
            if known is None and not self.trusted.trusted_only:
                known = self.registry.get(sha256_hex)
            if known is None:
                raise PersistedQueryNotFound
            return {**data, "query": known}, None
        if not isinstance(query, str):
            return data, None  # strawberry refuses it: query must be a string
        actual = hashlib.sha256(query.encode()).hexdigest()
        if actual != sha256_hex:
            raise DocumentRefused(
                Code.BAD_USER_INPUT,
                f"extensions.persistedQuery.sha256Hash: {sha256_hex} is not the SHA-256 of "
                f"the query sent with it, which is {actual}",
            )
        if self.trusted.by_hash(sha256_hex) is not None:
            return data, None
        if self.trusted.trusted_only:
            raise DocumentRefused(
                Code.TRUSTED_DOCUMENT_REQUIRED,
                "this API executes trusted documents only: the query sent with "
                "extensions.persistedQuery is not a document of the web explorer's manifest, "
                "and no other document is registered",
            )
        return data, Registration(sha256_hex, query)


def requested_hash(data: dict[str, Any]) -> str | None:
    """`extensions.persistedQuery.sha256Hash`, checked; None when the request has none."""
    extensions = data.get("extensions")
    if not isinstance(extensions, dict) or extensions.get("persistedQuery") is None:
        return None  # strawberry refuses extensions that are not an object
    persisted = extensions["persistedQuery"]
    if not isinstance(persisted, dict):
        raise DocumentRefused(
            Code.BAD_USER_INPUT,
            "extensions.persistedQuery: expected an object {version: 1, sha256Hash}",
        )
    version = persisted.get("version")
    if version != 1 or isinstance(version, bool):
        shown = orjson.dumps(version).decode()[:40]
        raise DocumentRefused(
            Code.BAD_USER_INPUT, f"extensions.persistedQuery.version: expected 1, got {shown}"
        )
    sha256_hex = persisted.get("sha256Hash")
    if not isinstance(sha256_hex, str) or not SHA256_HEX.match(sha256_hex):
        raise DocumentRefused(
            Code.BAD_USER_INPUT,
            "extensions.persistedQuery.sha256Hash: expected 64 lowercase hex digits",
        )
    return sha256_hex
