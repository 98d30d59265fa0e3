"""Query planning: the cold and warm planning time of every read the API runs.

`python -m bench plan`: on two graphs, seeds/ (bench/.work/plan/) and the API bench's
10,000-vendor corpus (bench/.work/api/, bench/api_env.py), each on a managed Neo4j of the
benchmarks' own (ports 57687/57474, one at a time), times `EXPLAIN` (planning without running)
of each statement the API's warm-up runs (api/reads.py's WARM_UPS, with their representative
parameters, as the API sends them):

- restart: the server is restarted, then each statement is EXPLAINed once, in warm-up order:
  what the API's warm-up pays after Neo4j starts. The first statement also pays for the JVM
  compiling Neo4j's planner; Q1 is also measured alone as the first statement after a restart.
- cleared: `CALL db.clearQueryCaches()` then EXPLAIN, in ROUNDS rounds that interleave the
  statements, median: a cold plan on a server whose JVM is warm, as when Neo4j re-plans after
  the statistics moved. That procedure
  empties the database's query caches (the EXPLAIN after it costs as much as a first one, far
  more than a cached one) but cannot undo the JVM's compilation, which only a restart does.
- warm: EXPLAIN again right after (the plan cached), median.

Q1's statement as it was before its planning was worked on (cypher/bench/
risk_mitigators_before.cypher) is measured in every run next to today's, with Q1's own
parameters: alone as the first statement after a restart (each after its own restart), and in
the cleared and warm rounds, so that the section's before/after ratio compares the two on the
same machine at the same time.

Each figure is wall time and the Neo4j process's CPU time (user + system) over the EXPLAIN,
which moves less than wall time on this shared machine. Writes bench/results/plan-*.json and
the "Query planning (cold start)" section of docs/benchmarks.md (one row per read).
"""

from __future__ import annotations

import asyncio
import statistics
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j

from api.reads import WARM_UPS
from api.repository import Reader, Row
from api.taxonomy import load_taxonomy
from bench import api_env
from bench.recorder import Recorder, cpu_probe_ms
from bench.servers import bench_server_settings, cpu_seconds
from kb import neo4j_local
from kb.framework import framework_data
from kb.graph.queries import cypher
from kb.seeding import seed_paths
from kb.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work" / "plan"
SEEDS = ROOT / "seeds"
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Query planning (cold start)"
ROUNDS = 5
VENDORS = 10_000  # the API bench's corpus (bench/bench_api.py)
WIDTH = 96  # docs/benchmarks.md's line length
TIMEOUT = 600.0  # seconds: a cold plan on a busy machine took 31 s
Q1 = "risk_mitigators"
BEFORE = "risk_mitigators (before)"  # cypher/bench/risk_mitigators_before.cypher
KINDS = ("restart", "cleared", "warm")
SMALL = 1.0  # seconds: reads that plan faster than this everywhere share a row of the table


# Written by hand from measurements on seeds/ and, for the split, on both graphs (2026-12-07,
# Neo4j CPU seconds; cleared: medians of six or seven interleaved rounds on a warm JVM; JFR
# execution samples of Neo4j); kept here so that a re-run keeps them in the section.
FINDINGS: list[str] = [
    "- **What the API does with it**: plans each statement once per start of Neo4j's database "
    "(one `EXPLAIN`, 120 s timeout) before it runs under the 10 s timeout; concurrent first "
    "requests wait for it; /readyz is 503 `warming` until all are planned (docs/decisions/0005).",
    "- **Q1's target is not met; the statement stands** (before's text: the ratios above are "
    "the bench's spread). As the first statement after a restart Q1 took 13.6-13.8 s (7.1-7.4 "
    "s in the JIT compiler's threads), its first 20 lines alone 5.4 s: more than a quarter of "
    "before. Cleared: 38 % "
    "of the samples in semantic analysis, 14 % logical planning, 10 % AST and plan rewriting, "
    "6 % parsing, growing with clauses times variables in scope (40 `WITH *` clauses up to 41 "
    "variables 0.42 s, with 2 variables 0.12 s); no part dominates (the risks 0.08-0.12 of the "
    "whole). Tried, as fractions of the whole: variants chosen in Python (by text, no layer, "
    "no scan fallbacks) 0.73-0.80, with four to warm up; without the eleven per-property "
    "branches (what one (dimension, value) index would allow) 0.76-0.80; both 0.67; branches "
    "flattened 0.91-0.97; `inferSchemaParts=off`, `planner=dp`, interpreted runtime 0.9-1.1.",
    "- **Q1 split into three small statements** (the risks with their links; the strong tools "
    "counted and ranked; the DIMENSION tools by `v[p]`, counted and ranked; the rest in "
    "Python), against before in the same runs: first after a restart 0.49-0.55 of before on "
    "both graphs, cleared 0.30-0.31 (every API statement planned first, as here). Any first "
    "statement after a restart pays for the JVM compiling the planner: a bare `RETURN 1` took "
    "1.6-1.8 s, 0.15 of before. The split also ran longer on 10,000 vendors (warm medians: "
    "67 ms with the first mapped property from its index, 104 ms all by `v[p]`, against Q1's "
    "24 ms: the DIMENSION tools sorted in Cypher), and each new parameter shape (a layer "
    "given, no owner, one property) was planned anew (0.36-0.51 s), so its warm-up needs "
    "several variants.",
]


@dataclass(frozen=True)
class Statement:
    label: str  # "risk_mitigators" or "vendors_page (sort scoreInpactI)"
    text: str
    params: dict[str, Any]


class _RecordingReader(Reader):
    """Keeps the statement and parameters of each warm-up's read instead of running it."""

    def __init__(self) -> None:
        super().__init__(driver=None, database="neo4j")  # type: ignore[arg-type]
        self.seen: list[tuple[str, dict[str, Any]]] = []

    async def run_cypher(self, text: str, params: dict[str, Any]) -> list[Row]:
        self.seen.append((text, params))
        return [{"names": []}]


def api_statements() -> list[Statement]:
    """Every distinct statement (text and parameter types) the warm-up plans, in its order."""
    reader = _RecordingReader()
    taxonomy = load_taxonomy(framework_data())
    labels: list[str] = []

    async def record() -> None:
        for warm_up in WARM_UPS:
            before = len(reader.seen)
            await warm_up.run(reader, taxonomy)
            sort = warm_up.arguments.get("params", {}).get("sortProperty")
            labels.extend(
                [f"{warm_up.name} (sort {sort})" if sort else warm_up.name]
                * (len(reader.seen) - before)
            )

    asyncio.run(record())
    statements: list[Statement] = []
    texts: set[str] = set()
    for label, (text, params) in zip(labels, reader.seen, strict=True):
        if text not in texts:  # e.g. the page sorted by name and by INPACT share one text
            texts.add(text)
            statements.append(Statement(label, text, params))
    return statements


class Planner:
    """EXPLAINs statements on one server and measures wall and server CPU seconds."""

    def __init__(self, settings: Settings, pid: int) -> None:
        self.driver = neo4j.GraphDatabase.driver(
            settings.local_bolt_uri, auth=None, notifications_min_severity="OFF"
        )
        self.database = settings.neo4j_database
        self.pid = pid

    def close(self) -> None:
        self.driver.close()

    def explain(self, statement: Statement) -> tuple[float, float]:
        cpu = cpu_seconds(self.pid)
        start = time.perf_counter()
        with self.driver.session(database=self.database) as session:
            query = neo4j.Query(f"EXPLAIN {statement.text}", timeout=TIMEOUT)
            session.run(query, statement.params).consume()
        return time.perf_counter() - start, cpu_seconds(self.pid) - cpu

    def clear_caches(self) -> None:
        self.driver.execute_query("CALL db.clearQueryCaches()", database_=self.database)


def _restart(settings: Settings) -> int:
    neo4j_local.stop(settings)
    state = neo4j_local.start(settings)
    assert state.pid is not None
    return state.pid


def _median(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def with_reference(statements: list[Statement]) -> list[Statement]:
    """The API's statements and, last, Q1's "before" with Q1's parameters."""
    q1 = next(s for s in statements if s.label == Q1)
    before = Statement(BEFORE, cypher("bench/risk_mitigators_before"), q1.params)
    return [*statements, before]


def measure(recorder: Recorder, graph: str, settings: Settings) -> None:
    statements = with_reference(api_statements())

    # Q1 and its "before" alone, each as the very first statement after a restart (the
    # issue's 9.6 s).
    for first in (s for s in statements if s.label in (Q1, BEFORE)):
        planner = Planner(settings, _restart(settings))
        try:
            first_wall, first_cpu = planner.explain(first)
        finally:
            planner.close()
        recorder.add(
            graph=graph,
            statement=first.label,
            kind="first after restart",
            wall_s=round(first_wall, 3),
            neo4j_cpu_s=round(first_cpu, 3),
            cpu_probe_ms=cpu_probe_ms(),
        )

    planner = Planner(settings, _restart(settings))
    try:
        restart = {s.label: planner.explain(s) for s in statements}
        # Rounds interleave the statements: the JVM keeps compiling during the first rounds,
        # and statement after statement would favour whichever comes last (Q1's before).
        cleared: dict[str, list[tuple[float, float]]] = {s.label: [] for s in statements}
        warm: dict[str, list[tuple[float, float]]] = {s.label: [] for s in statements}
        for _ in range(ROUNDS):
            for statement in statements:
                planner.clear_caches()
                cleared[statement.label].append(planner.explain(statement))
                warm[statement.label].append(planner.explain(statement))
        for statement in statements:
            for kind, (wall, cpu) in (
                ("restart", restart[statement.label]),
                ("cleared", _median(cleared[statement.label])),
                ("warm", _median(warm[statement.label])),
            ):
                recorder.add(
                    graph=graph,
                    statement=statement.label,
                    kind=kind,
                    wall_s=round(wall, 3),
                    neo4j_cpu_s=round(cpu, 3),
                )
    finally:
        planner.close()


def seeds_settings() -> Settings:
    return bench_server_settings(WORK / "kb", api_env.BOLT_PORT, api_env.HTTP_PORT, heap="1g")


def main(recorder: Recorder) -> None:
    settings = seeds_settings()
    neo4j_local.start(settings)
    try:
        summary = seed_paths([SEEDS], settings)
        if not summary.ok:
            raise RuntimeError(f"seeding seeds/ failed: {list(summary.failed.items())[:3]}")
        measure(recorder, "seeds/", settings)
    finally:
        neo4j_local.stop(settings)
    write_section(
        recorder.rows, recorder.at
    )  # the seeds/ table stands even if the corpus part is cut short

    settings, _ = api_env.start_neo4j()
    try:
        api_env.ensure_corpus(settings, VENDORS)
        measure(recorder, "10,000 vendors", settings)
    finally:
        api_env.stop_neo4j()
    write_section(recorder.rows, recorder.at)


def _read_of(label: str) -> str:
    """The read a statement belongs to: "vendors_page (sort goalsTotal)" -> "vendors_page"."""
    return label.split(" (sort ")[0]


def _span(values: list[float]) -> str:
    """One figure, or the range of a read's variants (e.g. Q4's sorts)."""
    low, high = min(values), max(values)
    return f"{low:.2f}" if f"{low:.2f}" == f"{high:.2f}" else f"{low:.2f}–{high:.2f}"


def _table(rows: list[dict[str, Any]], graphs: list[str]) -> list[str]:
    """One row per read (its variants as ranges), one column per graph, Neo4j CPU seconds; the
    reads that plan in under SMALL seconds everywhere share one row."""
    cpu: dict[str, dict[tuple[str, str], list[float]]] = {}
    variants: dict[str, set[str]] = {}
    for row in rows:
        # Q1's before has its own line (`_q1_against_before`): its restart row is planned last,
        # on a warm JVM, not a cold plan to compare.
        if row["kind"] == "first after restart" or row["statement"] == BEFORE:
            continue
        read = _read_of(row["statement"])
        cpu.setdefault(read, {}).setdefault((row["graph"], row["kind"]), []).append(
            row["neo4j_cpu_s"]
        )
        variants.setdefault(read, set()).add(row["statement"])
    small = [
        read
        for read, figures in cpu.items()
        if read not in (Q1, BEFORE) and max(max(v) for v in figures.values()) < SMALL
    ]
    shown: dict[str, dict[tuple[str, str], list[float]]] = {}
    for read, figures in cpu.items():
        if read in small:
            continue
        many = len(variants[read])
        shown[read if many == 1 else f"{read} ({many} variants)"] = figures
    if small:
        merged: dict[tuple[str, str], list[float]] = {}
        for read in small:
            for key, values in cpu[read].items():
                merged.setdefault(key, []).extend(values)
        shown[", ".join(small)] = merged
    lines = [
        "| statement | " + " | ".join(f"{g}: restart / cleared / warm" for g in graphs) + " |",
        "|---|" + "---|" * len(graphs),
    ]
    for name, figures in shown.items():
        cells = [
            " / ".join(_span(figures[g, k]) if (g, k) in figures else "-" for k in KINDS)
            for g in graphs
        ]
        lines.append(f"| {name} | {' | '.join(cells)} |")
    return lines


def _q1_against_before(rows: list[dict[str, Any]], graphs: list[str]) -> str:
    """Q1 against its before, as the first statement after a restart and cleared."""
    cpu = {(r["graph"], r["statement"], r["kind"]): r["neo4j_cpu_s"] for r in rows}
    kinds = []
    for kind in ("first after restart", "cleared"):
        parts = []
        for graph in graphs:
            before, now = cpu.get((graph, BEFORE, kind)), cpu.get((graph, Q1, kind))
            if before and now is not None:
                parts.append(f"{graph} {before:.2f} / {now:.2f} ({now / before:.2f})")
        kinds.append(f"{kind}: {', '.join(parts) or '-'}")
    return f"Q1, Neo4j CPU seconds, before / now (now / before): {'; '.join(kinds)}."


def section(rows: list[dict[str, Any]], run: str) -> list[str]:
    graphs = list(dict.fromkeys(r["graph"] for r in rows))
    intro = (
        "`python -m bench plan` (bench/bench_plan.py): Neo4j CPU seconds to plan (`EXPLAIN`) "
        "each statement the API runs, with its parameters: after a restart, in warm-up order "
        "(restart); after `CALL db.clearQueryCaches()` (cleared) and cached (warm), medians of "
        f"{ROUNDS}. before is Q1's "
        "text in cypher/bench/. Target: Q1's cold plan at most a quarter of before's. Run "
        f"plan-{run}:"
    )
    return [
        SECTION,
        "",
        textwrap.fill(intro, WIDTH, break_on_hyphens=False),
        "",
        *_table(rows, graphs),
        "",
        textwrap.fill(_q1_against_before(rows, graphs), WIDTH, break_on_hyphens=False),
        "",
        *(
            textwrap.fill(item, WIDTH, subsequent_indent="  ", break_on_hyphens=False)
            for item in FINDINGS
        ),
    ]


def write_section(rows: list[dict[str, Any]], run: str) -> None:
    """Replaces the section in docs/benchmarks.md (up to the next `##`), or appends it."""
    lines = section(rows, run)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    start = text.find("\n" + SECTION + "\n")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    else:
        end = text.find("\n## ", start + 1)
        rest = "\n" + text[end + 1 :] if end != -1 else ""
        text = text[: start + 1] + "\n".join(lines) + "\n" + rest
    DOC.write_text(text, encoding="utf-8")
