"""Liveness and readiness.

Ready means: Neo4j answers, every constraint that cypher/schema/ creates exists (so the
schema has been applied and keys are unique), and every read the API runs has been planned on
the server's current start (api/warmup.py; until then the reason is "warming"). The expected
constraint names are read from the schema files themselves, so adding a constraint there needs
no change here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from neo4j import AsyncDriver
from neo4j.exceptions import DriverError, Neo4jError

from api.reads import constraint_names
from api.repository import Reader
from api.warmup import Warmth
from kb.errors import KbError
from kb.graph.queries import registry

_CONSTRAINT_NAME = re.compile(r"CREATE\s+CONSTRAINT\s+(\w+)", re.IGNORECASE)


def expected_constraints() -> frozenset[str]:
    names: set[str] = set()
    for name, query in registry().items():
        if name.startswith("schema/"):
            names.update(_CONSTRAINT_NAME.findall(query.text))
    return frozenset(names)


@dataclass(frozen=True)
class Readiness:
    ready: bool
    reason: str = ""
    neo4j_version: str = ""


async def check_readiness(driver: AsyncDriver, reader: Reader, warmth: Warmth) -> Readiness:
    try:
        info = await driver.get_server_info()
    except (DriverError, Neo4jError, OSError):
        return Readiness(False, "Neo4j is not reachable")
    version = info.agent.removeprefix("Neo4j/")
    if not warmth.warm and not warmth.failure:
        # Checked before the constraints so that /readyz answers at once while Neo4j is busy
        # planning. A failing pass (e.g. no schema: the fulltext indexes are missing) goes on
        # to the constraints, so that the reason names what is wrong.
        return Readiness(False, "warming", version)
    try:
        names = await constraint_names(reader)
    except KbError:
        return Readiness(False, "Neo4j did not list its constraints", version)
    missing = sorted(expected_constraints() - set(names))
    if missing:
        return Readiness(
            False, f"schema not applied: missing constraints {', '.join(missing)}", version
        )
    if not warmth.warm:
        return Readiness(False, "warming", version)
    return Readiness(True, "", version)
