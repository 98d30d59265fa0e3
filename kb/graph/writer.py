"""Write `Rows` into Neo4j: one managed write transaction, statements from cypher/write/."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import neo4j

from kb.graph.queries import cypher
from kb.graph.version import bump_version

if TYPE_CHECKING:  # not at run time: kb.graph.schema writes through here, and the rows
    from kb.graph.rows import Rows  # module brings the evaluation model with it

Row = dict[str, Any]

# (statement, Rows field) in the order one transaction runs them. Current facts are cleared
# first, orphans are deleted last, so that a target re-linked in the same batch survives.
_WRITES: tuple[tuple[str, str], ...] = (
    ("write/upsert_vendors", "vendors"),
    ("write/create_past_evaluations", "past_evaluations"),
    ("write/create_evaluations", "evaluations"),
    ("write/create_scores", "scores"),
    ("write/create_strengths", "strengths"),
    ("write/create_limitations", "limitations"),
    ("write/create_use_cases", "use_cases"),
    ("write/upsert_risks", "risks"),
    ("write/link_segments", "segments"),
    ("write/link_certifications", "certifications"),
    ("write/link_alternatives", "alternatives"),
    ("write/link_layers", "layer_links"),
    ("write/link_vendor_mitigations", "vendor_mitigations"),
    ("write/link_layer_mitigations", "layer_mitigations"),
    ("write/touch_vendors", "touches"),
)

# Rows sent per statement call; bounds the size of one Bolt message.
CHUNK = 5000


class StatementRows(list[Row]):
    """One statement's rows, shown by their count.

    The driver formats every RUN's parameters with repr() for a debug line before it checks
    the log level (neo4j 6.4, Bolt5x5.run). For a batch of 441 files that is a 10.7 MB string
    built while Neo4j waits: 57 ms, more than packing the rows (49 ms). It also keeps the
    rows' text out of a debug log. The driver packs a list subclass as a list.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


def _chunks(rows: list[Row]) -> Iterable[StatementRows]:
    for start in range(0, len(rows), CHUNK):
        yield StatementRows(rows[start : start + CHUNK])


def write_rows(
    tx: neo4j.ManagedTransaction, rows: Rows, sent: list[StatementRows] | None = None
) -> None:
    """Run every statement of one batch inside the caller's transaction (adding the rows
    it sends to `sent`), and move the graph version in it: a batch holds only files that
    change the graph (the planner skips unchanged ones)."""
    candidates: list[str] = []
    if rows.clear_slugs:
        tx.run(cypher("write/clear_owned_facts"), slugs=rows.clear_slugs).consume()
        result = tx.run(cypher("write/clear_links"), slugs=rows.clear_slugs)
        for record in result:
            candidates.extend(record["candidates"])
    # Not consumed one by one: the driver then packs and sends each statement while Neo4j
    # still runs the one before, instead of after it. A failed statement's error comes out of
    # the next run() (Neo4j ignores what follows it), the last one's out of the commit.
    for name, attribute in _WRITES:
        for chunk in _chunks(getattr(rows, attribute)):
            if sent is not None:
                sent.append(chunk)  # before run(): a statement that fails holds it too
            tx.run(cypher(name), rows=chunk)
    if candidates:
        tx.run(cypher("write/delete_orphans"), ids=sorted(set(candidates))).consume()
    bump_version(tx)


def write_batch(driver: neo4j.Driver, database: str, rows: Rows) -> None:
    """One write transaction (retried by the driver on transient errors)."""
    sent: list[StatementRows] = []
    try:
        with driver.session(database=database) as session:
            session.execute_write(write_rows, rows, sent)
    finally:
        # The driver's results keep their parameters in reference cycles, which only the
        # cyclic collector frees; emptied, they no longer hold the rows, which then go with
        # the caller's Rows.
        for chunk in sent:
            chunk.clear()


def run_change(driver: neo4j.Driver, database: str, name: str, **params: Any) -> None:
    """A single cypher/write statement that changes the graph, in its own transaction with
    the graph version's move."""

    def change(tx: neo4j.ManagedTransaction) -> None:
        tx.run(cypher(name), params).consume()
        bump_version(tx)

    with driver.session(database=database) as session:
        session.execute_write(change)
