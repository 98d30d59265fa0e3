"""The response cache's store: whole answers (bytes and media type) in a least-recently-used
map bounded by bytes (cachetools.LRUCache, sized by each entry's bytes)."""

from __future__ import annotations

from typing import NamedTuple

from cachetools import LRUCache

from api.metrics import Metrics

# Bytes an entry costs beyond its body: the key (a token and a 32-byte digest), the tuples, the
# map's slot. Counted so that many tiny answers cannot exceed the bound either.
ENTRY_OVERHEAD = 400

Key = tuple[str, bytes]  # (graph version token, api.cache_key.request_key)


class Entry(NamedTuple):
    body: bytes
    content_type: bytes
    operation: str  # its label in kb_graphql_requests_total (api.metrics)


def entry_size(entry: Entry) -> int:
    return len(entry.body) + len(entry.content_type) + ENTRY_OVERHEAD


class _CountingLRU(LRUCache[Key, Entry]):
    def __init__(self, max_bytes: int, metrics: Metrics) -> None:
        super().__init__(maxsize=max_bytes, getsizeof=entry_size)
        self.metrics = metrics

    def popitem(self) -> tuple[Key, Entry]:
        item = super().popitem()  # called by __setitem__ only to make room
        self.metrics.cache_evictions.inc()
        return item


class ResponseStore:
    def __init__(self, max_bytes: int, metrics: Metrics) -> None:
        self._entries = _CountingLRU(max_bytes, metrics)
        self.max_bytes = max_bytes
        metrics.cache_bytes.set_function(lambda: self._entries.currsize)
        metrics.cache_entries.set_function(lambda: len(self._entries))

    def get(self, key: Key) -> Entry | None:
        return self._entries.get(key)

    def put(self, key: Key, entry: Entry) -> None:
        if entry_size(entry) <= self.max_bytes:  # else cachetools refuses it (ValueError)
            self._entries[key] = entry

    def clear(self) -> None:
        """Forget every entry (the graph changed: no key of an older version is asked again)."""
        self._entries.clear()

    @property
    def stored_bytes(self) -> int:
        return int(self._entries.currsize)

    def __len__(self) -> int:
        return len(self._entries)
