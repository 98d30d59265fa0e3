"""What the API adds to the floor, part by part: GraphQL execution measured on its own.

(i) − (ii) is the API's cost on top of its Cypher: HTTP in and out (the client included), and
strawberry/graphql-core turning rows into the answer. The second is measured here in the bench's
process, on rows fetched once and replayed, so neither Neo4j nor the network is in it: the same
schema, documents and variables as the API serves, CPU time per execution.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import neo4j

from api.context import Context
from api.limits import Limits
from api.metrics import Metrics
from api.repository import Reader, Row
from api.schema import build_schema
from api.taxonomy import load_taxonomy
from bench.api_queries import Question
from kb.framework import framework_data

ARGUMENT_SETS = 16
ROUNDS = 200


class ReplayingReader(Reader):
    """Answers each (statement, parameters) from rows fetched once from Neo4j."""

    def __init__(self, driver: neo4j.AsyncDriver, database: str) -> None:
        super().__init__(driver, database)
        self.fetched: dict[tuple[str, str], list[Row]] = {}

    async def run_cypher(self, text: str, params: dict[str, Any]) -> list[Row]:
        key = (text, repr(sorted(params.items())))
        if key not in self.fetched:
            self.fetched[key] = await super().run_cypher(text, params)
        return self.fetched[key]


async def graphql_execution_ms(
    question: Question, driver: neo4j.AsyncDriver, database: str
) -> float:
    """Median CPU milliseconds of one production-mode execution of the question's document."""
    framework = framework_data()
    limits = Limits()
    reader = ReplayingReader(driver, database)
    context = Context(reader, limits, framework, load_taxonomy(framework))
    # As create_app builds it: production mode, with the metrics extension.
    schema = build_schema(limits, production=True, metrics=Metrics())

    async def execute(n: int) -> None:
        result = await schema.execute(
            question.api_document,
            variable_values=question.api_variables(n % ARGUMENT_SETS),
            context_value=context,
        )
        if result.errors:
            raise RuntimeError(f"{question.key}: {result.errors[0].message}")

    for n in range(ARGUMENT_SETS):  # fetch every argument set's rows, warm the caches
        await execute(n)
    samples = []
    for n in range(ROUNDS):
        started = time.process_time()
        await execute(n)
        samples.append(time.process_time() - started)
    return statistics.median(samples) * 1000
