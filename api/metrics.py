"""Prometheus metrics: requests and latency per GraphQL operation, Neo4j errors, and the
response cache (api.response_cache: hits, misses, 304s, evictions, bytes and entries stored).

Each app gets its own registry (tests build many apps in one process). The operation label is
the sorted set of root fields ("vendor,vendors"), not the client's operation name: label values
must come from a bounded set, and root fields are bounded by the schema and the root-field limit.
An answer the response cache sends counts as a request of the operation that answered it first,
with the cache's time: the label travels with the stored answer (OPERATION_SCOPE_KEY).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from graphql import FieldNode, OperationDefinitionNode
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from strawberry.extensions import SchemaExtension

# Where an operation leaves its label in the request's ASGI scope, for the response cache.
OPERATION_SCOPE_KEY = "kb.operation"


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "kb_graphql_requests",
            "GraphQL operations by root fields and outcome (ok, error).",
            ["operation", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "kb_graphql_request_seconds",
            "Time to answer a GraphQL operation, by root fields.",
            ["operation"],
            buckets=(0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=self.registry,
        )
        self.neo4j_errors = Counter(
            "kb_neo4j_errors",
            "Errors from Neo4j or the driver, by kind (unavailable, busy, query).",
            ["kind"],
            registry=self.registry,
        )
        self.cache_hits = Counter(
            "kb_cache_hits", "Answers sent from the response cache.", registry=self.registry
        )
        self.cache_misses = Counter(
            "kb_cache_misses",
            "Cacheable requests the cache did not hold (GraphQL answered them).",
            registry=self.registry,
        )
        self.cache_not_modified = Counter(
            "kb_cache_not_modified",
            "GET requests answered 304 Not Modified (If-None-Match).",
            registry=self.registry,
        )
        self.cache_evictions = Counter(
            "kb_cache_evictions",
            "Entries dropped to keep the cache within KB_CACHE_MIB.",
            registry=self.registry,
        )
        self.cache_bytes = Gauge(
            "kb_cache_bytes", "Bytes the response cache holds.", registry=self.registry
        )
        self.cache_entries = Gauge(
            "kb_cache_entries", "Answers the response cache holds.", registry=self.registry
        )

    def record(self, operation: str, outcome: str, seconds: float) -> None:
        """One GraphQL request answered: its operation label, "ok" or "error", its time."""
        self.latency.labels(operation).observe(seconds)
        self.requests.labels(operation, outcome).inc()


def operation_label(document: object, known: frozenset[str]) -> str:
    """The sorted known root field names of the document's operations, or "invalid"."""
    names: set[str] = set()
    for definition in getattr(document, "definitions", ()):
        if isinstance(definition, OperationDefinitionNode):
            for selection in definition.selection_set.selections:
                if isinstance(selection, FieldNode) and selection.name.value in known:
                    names.add(selection.name.value)
    return ",".join(sorted(names)) or "invalid"


class MeasureOperations(SchemaExtension):
    """Counts each operation and observes its latency."""

    def __init__(self, metrics: Metrics, root_fields: frozenset[str]) -> None:
        self.metrics = metrics
        self.root_fields = root_fields

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            context = self.execution_context
            label = operation_label(context.graphql_document, self.root_fields)
            failed = bool(context.pre_execution_errors) or bool(
                context.result is not None and context.result.errors
            )
            self.metrics.record(label, "error" if failed else "ok", time.perf_counter() - started)
            request = getattr(context.context, "request", None)
            if request is not None:
                request.scope[OPERATION_SCOPE_KEY] = label
