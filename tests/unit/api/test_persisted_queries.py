"""The automatic persisted queries' registry (bounded, least recently used out first) and the
checks of a request's `extensions.persistedQuery`."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from api.documents import DocumentRefused, TrustedDocuments
from api.errors import Code
from api.persisted_queries import (
    AutomaticPersistedQueries,
    PersistedQueries,
    PersistedQueryNotFound,
    Registration,
    requested_hash,
)

LAYERS = "{ layers { id } }"
TRUSTED = 'query L7 { layer(id: "L7") { id } }'


def sha(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def persisted(sha256_hex: str, version: Any = 1) -> dict[str, Any]:
    return {"persistedQuery": {"version": version, "sha256Hash": sha256_hex}}


def test_the_registry_drops_the_least_recently_used_past_its_entry_bound() -> None:
    registry = PersistedQueries(max_entries=2, max_bytes=1000)
    registry.add("a", "{ a }")
    registry.add("b", "{ b }")
    assert registry.get("a") == "{ a }"  # a is now the most recently used
    registry.add("c", "{ c }")
    assert (registry.get("a"), registry.get("b"), registry.get("c")) == ("{ a }", None, "{ c }")
    assert (len(registry), registry.bytes) == (2, 10)


def test_the_registry_never_holds_more_bytes_than_its_bound() -> None:
    registry = PersistedQueries(max_entries=100, max_bytes=25)
    for name in "abcdefgh":
        registry.add(name, f"{{ {name * 6} }}")  # 10 bytes each
    assert (len(registry), registry.bytes) == (2, 20)
    assert [registry.get(name) is not None for name in "abcdefgh"] == [False] * 6 + [True] * 2


def test_a_document_larger_than_the_whole_bound_is_not_kept() -> None:
    registry = PersistedQueries(max_entries=10, max_bytes=8)
    registry.add("small", "{ a }")
    registry.add("large", "{ abcdefgh }")
    assert (registry.get("large"), registry.get("small"), registry.bytes) == (None, "{ a }", 5)


def test_adding_a_known_hash_again_counts_it_once() -> None:
    registry = PersistedQueries(max_entries=10, max_bytes=100)
    registry.add("a", "{ a }")
    registry.add("a", "{ a }")
    assert (len(registry), registry.bytes) == (1, 5)


def apq(trusted_only: bool = False) -> AutomaticPersistedQueries:
    manifest = {f"sha256:{sha(TRUSTED)}": TRUSTED}
    return AutomaticPersistedQueries(
        TrustedDocuments(manifest, trusted_only=trusted_only), PersistedQueries(10, 10_000)
    )


def test_a_hash_and_its_document_are_answered_and_offered_for_registration() -> None:
    data = {"query": LAYERS, "extensions": persisted(sha(LAYERS))}
    assert apq().resolve(data) == (data, Registration(sha(LAYERS), LAYERS))


def test_an_unknown_hash_alone_is_not_found() -> None:
    with pytest.raises(PersistedQueryNotFound) as raised:
        apq().resolve({"extensions": persisted(sha(LAYERS))})
    assert (raised.value.code, raised.value.message) == (
        Code.PERSISTED_QUERY_NOT_FOUND,
        "PersistedQueryNotFound",
    )


def test_a_registered_hash_alone_gets_its_document() -> None:
    queries = apq()
    queries.registry.add(sha(LAYERS), LAYERS)
    resolved, registration = queries.resolve({"extensions": persisted(sha(LAYERS))})
    assert (resolved["query"], registration) == (LAYERS, None)


def test_a_trusted_document_is_known_by_its_hash_in_both_modes() -> None:
    for trusted_only in (False, True):
        resolved, _ = apq(trusted_only).resolve({"extensions": persisted(sha(TRUSTED))})
        assert resolved["query"] == TRUSTED


def test_trusted_mode_resolves_no_registered_hash_and_registers_nothing() -> None:
    queries = apq(trusted_only=True)
    queries.registry.add(sha(LAYERS), LAYERS)
    with pytest.raises(PersistedQueryNotFound):
        queries.resolve({"extensions": persisted(sha(LAYERS))})
    with pytest.raises(DocumentRefused) as raised:
        queries.resolve({"query": LAYERS, "extensions": persisted(sha(LAYERS))})
    assert raised.value.code is Code.TRUSTED_DOCUMENT_REQUIRED


def test_a_hash_that_is_not_the_documents_is_refused_saying_both() -> None:
    wrong = sha("{ vendors { totalCount } }")
    with pytest.raises(DocumentRefused) as raised:
        apq().resolve({"query": LAYERS, "extensions": persisted(wrong)})
    assert (raised.value.code, raised.value.message) == (
        Code.BAD_USER_INPUT,
        f"extensions.persistedQuery.sha256Hash: {wrong} is not the SHA-256 of the query sent "
        f"with it, which is {sha(LAYERS)}",
    )


@pytest.mark.parametrize(
    ("extensions", "message"),
    [
        (persisted("ab" * 32, version=2), "extensions.persistedQuery.version: expected 1, got 2"),
        (
            persisted("ab" * 32, version=None),
            "extensions.persistedQuery.version: expected 1, got null",
        ),
        (
            persisted("ab" * 32, version=True),
            "extensions.persistedQuery.version: expected 1, got true",
        ),
        (
            persisted("AB" * 32),
            "extensions.persistedQuery.sha256Hash: expected 64 lowercase hex digits",
        ),
        (persisted("ab"), "extensions.persistedQuery.sha256Hash: expected 64 lowercase hex digits"),
        (
            {"persistedQuery": "ab"},
            "extensions.persistedQuery: expected an object {version: 1, sha256Hash}",
        ),
    ],
)
def test_a_malformed_persisted_query_is_bad_input_saying_where(
    extensions: dict[str, Any], message: str
) -> None:
    with pytest.raises(DocumentRefused) as raised:
        requested_hash({"extensions": extensions})
    assert (raised.value.code, raised.value.message) == (Code.BAD_USER_INPUT, message)


@pytest.mark.parametrize(
    "data", [{}, {"extensions": None}, {"extensions": "x"}, {"extensions": {"other": 1}}]
)
def test_a_request_without_a_persisted_query_has_no_hash(data: dict[str, Any]) -> None:
    assert requested_hash(data) is None


def test_a_hash_and_a_document_id_together_are_refused() -> None:
    data = {"documentId": f"sha256:{sha(TRUSTED)}", "extensions": persisted(sha(TRUSTED))}
    with pytest.raises(DocumentRefused) as raised:
        apq().resolve(data)
    assert raised.value.message == "send either documentId or extensions.persistedQuery, not both"
