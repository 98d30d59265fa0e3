"""The GraphQL API against its floor and against @neo4j/graphql, on 10,000 synthetic vendors.

`python -m bench api`: starts the bench's own Neo4j (bench/api_env.py), generates and seeds the
synthetic corpus with `kb seed`'s code unless the graph already holds it, then serves
(i) our API with uvicorn in separate processes (production settings): with the response cache
(staleness 0, and a variant with KB_CACHE_MAX_STALENESS_MS) and (i') without it, and
(iii) @neo4j/graphql 7 on Apollo Server 5 (bench/apollo/, `npm ci` on first use),
and runs, for each question of bench/api_queries.py and each configuration
(i), (i'), (ii) the same named Cypher with the same parameters through the async driver in this
process, and (iii): a warm-up, then p50/p99 latency at concurrency 1 and throughput at
concurrency 16 (closed loop, bench/api_load.py), on a small fixed set of argument sets that
repeats (the warm-up asks each once). Then it fills (i)'s cache to its bound and samples RSS.
Writes bench/results/api-*.json (recorder) and the "GraphQL API" section of docs/benchmarks.md.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import statistics
import subprocess
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import neo4j

from api.repository import read_rows
from bench.api_breakdown import graphql_execution_ms
from bench.api_env import (
    KEEPALIVE,
    Server,
    api_server,
    apollo_server,
    code_at,
    ensure_corpus,
    start_neo4j,
    stop_neo4j,
)
from bench.api_load import (
    Call,
    RequestFailed,
    RssSampler,
    Run,
    closed_loop,
    cpu_per_call,
    driver_call,
    graphql_call,
    interleaved,
    rotated,
)
from bench.api_queries import Params, Question, document_problems, questions
from bench.corpus import vendor_name
from bench.recorder import Recorder, machine
from kb.graph.queries import cypher
from kb.model import slugify
from kb.settings import Settings

VENDORS = 10_000
# BENCH_API_QUICK=1: a smoke run of the harness (small budgets, docs/benchmarks.md untouched).
QUICK = os.environ.get("BENCH_API_QUICK") == "1"
WARMUP_REQUESTS = 5 if QUICK else 20
# Latency: up to C1_ROUNDS rounds of one request to each configuration, at most C1_SECONDS.
C1_ROUNDS, C1_SECONDS = (30, 5.0) if QUICK else (300, 45.0)
# Throughput: C16 workers, closed loop, SLICES slices of SLICE_SECONDS per configuration.
C16, SLICES, SLICE_SECONDS = 16, (1 if QUICK else 3), (2.0 if QUICK else 3.0)
# CPU per request: this many sequential requests to (i) and to (ii), metered per process.
CPU_REQUESTS = 20 if QUICK else 200
ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## GraphQL API"

# Requests cycle through this many argument sets per question (the same sequence for every
# configuration): front-ends ask the same questions again and again.
REPEATED_ARGUMENTS = 8
STALENESS_MS = 100
# The API variants: name -> (port, settings).
API_VARIANTS: dict[str, tuple[int, dict[str, str]]] = {
    "api": (58000, {}),
    "api-stale": (58002, {"KB_CACHE_MAX_STALENESS_MS": str(STALENESS_MS)}),
    "api-nocache": (58003, {"KB_CACHE_MIB": "0"}),
    "api-before": (58004, {}),  # runs the code of BEFORE_CACHE
}
# The API's code before the response cache (and before GraphQL over HTTP's media types), run
# beside today's so that (i') is compared with it side by side.
BEFORE_CACHE = "b3e088b"
# (i')/(i₀) p50 counted as "no slower": this machine's side-by-side noise on one run.
COLD_PATH_NOISE = 1.1
CONFIGS = {
    "api": "(i) the API with its response cache (KB_CACHE_MAX_STALENESS_MS=0, the default)",
    "api-stale": f"(i, {STALENESS_MS} ms) the same with KB_CACHE_MAX_STALENESS_MS={STALENESS_MS}",
    "api-nocache": "(i') the API without it (KB_CACHE_MIB=0)",
    "api-before": f"(i₀) the API's code before the cache (commit {BEFORE_CACHE}), beside (i')",
    "driver": "(ii) same Cypher, driver in process",
    "neo4j-graphql": "(iii) @neo4j/graphql + Apollo",
}
CACHE_MIB = 64  # the default KB_CACHE_MIB, which (i) runs with

# Written by hand after reading the results and profiling (2026-11-28, same data and server);
# kept here so that a re-run keeps them in the section.
FINDINGS: list[str] = [
    "- **Earlier work on the uncached path**, kept in bench/results/api-2026112*.json: Q1 reads "
    "vendor sets from range indexes (19920fd, driver p50 97.7 -> 17.1 ms), Q4 reads its page "
    "in index order (fc0764a, 48.7 -> 1.4 ms), reads are one auto-commit READ transaction "
    "(ebba222). What (i') adds to (ii) is graphql-core completing every field (~3-5 us each) "
    "and the process's socket writes: ~1.6-2.2 ms of CPU per 20-vendor page, which is why the "
    "cache answers without running GraphQL at all.",
    "- **The version read**: at staleness 0 every cacheable request first reads the graph "
    "version (one auto-commit READ on the GraphVersion constraint, through the async driver), "
    "so a hit costs HTTP plus one Bolt round trip, as much as the whole query of Q4: (i) "
    "cannot reach 0.5 x (ii) there. With a staleness bound a version is reused within it and "
    "refreshed in the background from half of it on, so a hit costs HTTP alone.",
    "- **Memory**: with its cache full (64.0 MiB counted: bodies plus 400 bytes per entry) the "
    "API's RSS went from 98.7 MiB idle to 235.8 MiB (run 20261207T060432Z). Not all of the "
    "difference is entries: filling it answered ~4,900 distinct questions at concurrency 16, "
    "whose garbage CPython keeps in its heap; this run does not separate the two. Plan about "
    "twice KB_CACHE_MIB of memory for the cache.",
    "- **Noise**: other benchmarks and test suites share the 2 cores (load average "
    "recorded per run); compare the ratios of one run (interleaved), not absolute numbers "
    "across runs.",
]


@dataclass
class Measured:
    question: Question
    config: str
    c1: Run
    c16: Run
    response_bytes: int


async def _check(call_json: Any, label: str) -> int:
    """One request whose answer must be non-empty and error-free; returns its size in bytes."""
    body = await call_json
    if isinstance(body, dict) and body.get("errors"):
        raise RuntimeError(f"{label}: the answer has errors: {json.dumps(body['errors'])[:500]}")
    text = json.dumps(body, default=str)
    if len(text) < 50:
        raise RuntimeError(f"{label}: suspiciously small answer: {text}")
    return len(text.encode())


async def _measure(calls: dict[str, Call], key: str) -> dict[str, tuple[Run, Run]]:
    for name, call in calls.items():
        warm = await closed_loop(call, 1, WARMUP_REQUESTS, 30.0)
        if warm.errors:
            raise RuntimeError(f"{key} {name}: warm-up failed: {warm.first_error}")
    c1 = await interleaved(calls, C1_ROUNDS, C1_SECONDS)
    c16 = await rotated(calls, C16, SLICES, SLICE_SECONDS)
    for name in calls:
        for run in (c1[name], c16[name]):
            print(f"  {key} {name} c={run.concurrency}: {run.summary()}", flush=True)
    return {name: (c1[name], c16[name]) for name in calls}


def repeated(arguments: Callable[[int], Params]) -> Callable[[int], Params]:
    """Request n's arguments from a fixed set of REPEATED_ARGUMENTS, in turn."""
    return lambda n: arguments(n % REPEATED_ARGUMENTS)


async def _cache_metrics(client: aiohttp.ClientSession, api: Server) -> dict[str, float]:
    async with client.get(api.url.replace("/graphql", "/metrics")) as response:
        text = await response.text()
    names = ("kb_cache_bytes", "kb_cache_entries", "kb_cache_evictions_total")
    return {
        name: float(line.split()[1])
        for line in text.splitlines()
        for name in names
        if line.startswith(f"{name} ")
    }


async def _fill_cache(
    client: aiohttp.ClientSession, api: Server, question: Question, answer_bytes: int
) -> dict[str, float]:
    """Distinct questions (Q2 for one vendor after another) until the cache has had to evict:
    full."""

    def vendor(n: int) -> Params:
        return {"slug": slugify(vendor_name(n % VENDORS + 1))}

    call = graphql_call(client, api.url, question.api_document, vendor)
    batch = 2 * (CACHE_MIB * 1024 * 1024) // answer_bytes // 10
    first = REPEATED_ARGUMENTS
    for _ in range(30):
        run = await closed_loop(call, C16, batch, 120.0, first_index=first)
        first += batch
        if run.errors:
            raise RuntimeError(f"filling the cache failed: {run.first_error}")
        metrics = await _cache_metrics(client, api)
        if metrics.get("kb_cache_evictions_total", 0) > 0:
            return metrics
        if QUICK:
            break
    return await _cache_metrics(client, api)


async def _run_all(settings: Settings, apis: dict[str, Server], apollo: Server) -> dict[str, Any]:
    results: list[Measured] = []
    execution: dict[str, float] = {}  # question -> GraphQL execution CPU ms (api_breakdown)
    cpu: dict[str, dict[str, float]] = {}  # question -> CPU ms per request, by process (i')
    connector = aiohttp.TCPConnector(limit=C16 * 2, keepalive_timeout=KEEPALIVE)
    driver = neo4j.AsyncGraphDatabase.driver(
        settings.local_bolt_uri,
        auth=None,
        max_connection_pool_size=50,
        notifications_min_severity="OFF",
    )
    api, uncached = apis["api"], apis["api-nocache"]
    api_rss = RssSampler(api.rss_bytes)
    apollo_rss = RssSampler(apollo.rss_bytes)
    idle = {"api": api.rss_bytes(), "neo4j-graphql": apollo.rss_bytes()}
    load_before = os.getloadavg()[0]
    api_rss.start()
    apollo_rss.start()
    try:
        async with aiohttp.ClientSession(
            connector=connector, timeout=aiohttp.ClientTimeout(total=30.0)
        ) as client:

            async def post(url: str, document: str, variables: dict[str, Any]) -> Any:
                async with client.post(
                    url, json={"query": document, "variables": variables}
                ) as response:
                    if response.status != 200:
                        body = await response.read()
                        raise RequestFailed(f"{url}: HTTP {response.status}: {body[:300]!r}")
                    return await response.json()

            async def rows(question: Question) -> Any:
                return await read_rows(
                    driver,
                    settings.neo4j_database,
                    cypher(question.cypher),
                    question.cypher_params(0),
                )

            # The HTTP stack and this client alone: GET /healthz, no GraphQL, no database.
            async def healthz(_: int) -> None:
                async with client.get(api.url.replace("/graphql", "/healthz")) as response:
                    await response.read()
                    if response.status != 200:
                        raise RequestFailed(f"GET /healthz: HTTP {response.status}")

            http_floor = (await interleaved({"healthz": healthz}, 300, 10.0))["healthz"]
            print(f"  healthz c=1: {http_floor.summary()}", flush=True)

            # What a cache hit at staleness 0 waits for, beside the cheapest read there is.
            def no_params(_: int) -> Params:
                return {}

            version_reads = await interleaved(
                {
                    "graph version": driver_call(
                        driver, settings.neo4j_database, cypher("read/graph_version"), no_params
                    ),
                    "RETURN 1": driver_call(
                        driver, settings.neo4j_database, "RETURN 1 AS one", no_params
                    ),
                },
                300,
                10.0,
            )
            print(f"  version read c=1: {version_reads['graph version'].summary()}", flush=True)

            for question in questions(VENDORS):
                print(question.title, flush=True)
                variables = repeated(question.api_variables)
                sizes = {
                    name: await _check(
                        post(server.url, question.api_document, variables(0)),
                        f"{question.key} {name}",
                    )
                    for name, server in apis.items()
                }
                sizes["driver"] = await _check(rows(question), f"{question.key} driver")
                calls: dict[str, Call] = {
                    name: graphql_call(client, server.url, question.api_document, variables)
                    for name, server in apis.items()
                }
                calls["driver"] = driver_call(
                    driver,
                    settings.neo4j_database,
                    cypher(question.cypher),
                    repeated(question.cypher_params),
                )
                if question.apollo_document and question.apollo_variables:
                    apollo_variables = repeated(question.apollo_variables)
                    sizes["neo4j-graphql"] = await _check(
                        post(apollo.url, question.apollo_document, apollo_variables(0)),
                        f"{question.key} neo4j-graphql",
                    )
                    calls["neo4j-graphql"] = graphql_call(
                        client, apollo.url, question.apollo_document, apollo_variables
                    )
                for config, (c1, c16) in (await _measure(calls, question.key)).items():
                    results.append(Measured(question, config, c1, c16, sizes[config]))
                cpu[question.key] = {
                    **await cpu_per_call(
                        calls["api-nocache"],
                        {"api_server": uncached.cpu_seconds, "api_client": time.process_time},
                        CPU_REQUESTS,
                    ),
                    **await cpu_per_call(
                        calls["driver"], {"driver_client": time.process_time}, CPU_REQUESTS
                    ),
                }
                print(f"  {question.key} CPU ms per request (i'): {cpu[question.key]}", flush=True)
                execution[question.key] = await graphql_execution_ms(
                    question, driver, settings.neo4j_database
                )
                print(f"  {question.key} GraphQL execution alone: {execution[question.key]:.2f} ms")
            q2 = next(q for q in questions(VENDORS) if q.key == "Q2")
            q2_bytes = next(m.response_bytes for m in results if m.question.key == "Q2")
            full = await _fill_cache(client, api, q2, q2_bytes)
            full_rss = api.rss_bytes()
            print(f"  cache filled: {full}, API RSS {_mib(full_rss)} MiB", flush=True)
    finally:
        await api_rss.stop()
        await apollo_rss.stop()
        await driver.close()
    for server in (*apis.values(), apollo):  # the measured servers were ours, alive to the end
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited during the run; see bench/.work/api/")
    return {
        "results": results,
        "execution": execution,
        "cpu": cpu,
        "http_floor": http_floor,
        "version_reads": version_reads,
        "load": {"before": load_before, "after": os.getloadavg()[0]},
        "cache": full,
        "rss": {
            "api": {
                "idle": idle["api"],
                "peak": api_rss.peak,
                "end": api.rss_bytes(),
                "full_cache": full_rss,
            },
            "neo4j-graphql": {
                "idle": idle["neo4j-graphql"],
                "peak": apollo_rss.peak,
                "end": apollo.rss_bytes(),
            },
        },
    }


def _mib(value: int) -> float:
    return round(value / 1024 / 1024, 1)


def _ratio(a: float, b: float) -> float:
    return a / b if b and not math.isnan(a) and not math.isnan(b) else float("nan")


def _fmt(value: float, digits: int = 1) -> str:
    return "–" if math.isnan(value) else f"{value:.{digits}f}"


def _mean_ms(run: Run) -> float:
    return statistics.fmean(run.latencies) * 1000 if run.latencies else math.nan


def cpu_estimate(floor_mean_ms: float, cpu: dict[str, float]) -> float:
    """(i)/(ii) as the API's CPU predicts it: at concurrency 1 the API process's work beyond
    its driver call (which (ii) also does) happens before or after the query, not during it,
    so on average (i) takes at least (ii) plus that work. An estimate, not a strict bound: a
    little of that CPU (closing the request) comes after the answer has left, and the driver
    CPU is measured in the bench's process, which also runs its event loop."""
    beyond_driver = cpu["api_server"] - cpu["driver_client"]
    return _ratio(floor_mean_ms + beyond_driver, floor_mean_ms)


def write_section(
    measured: list[Measured],
    rss: dict[str, dict[str, int]],
    cache: dict[str, float],
    seed_seconds: float | None,
    load: dict[str, float],
    http_floor: Run,
    version_reads: dict[str, Run],
    version: str,
    run_id: str,
) -> None:
    info = machine()
    by = {(m.question.key, m.config): m for m in measured}
    keys = list(dict.fromkeys(m.question.key for m in measured))
    stale = f"(i, {STALENESS_MS} ms)"
    lines = [
        SECTION,
        "",
        f"`python -m bench api` (in `make bench`): {VENDORS:,} synthetic vendors "
        "(bench/corpus.py, seeded with `kb seed`'s code) in a Neo4j 5.26 of the bench's own "
        "(heap 1 GiB, page cache 1 GiB); every configuration in one run, on one machine "
        f"({info['cpus']} CPUs, {info['cpu']}, Python {info['python']}) shared by the load "
        "generator (aiohttp), the servers and Neo4j. Requests cycle through "
        f"{REPEATED_ARGUMENTS} argument sets per question (the same sequence for every "
        f"configuration; the {WARMUP_REQUESTS} warm-up requests ask each). Latency: up to "
        f"{C1_ROUNDS} rounds (at most {C1_SECONDS:g} s) of one sequential request to each "
        f"configuration in turn, p50/p99 in ms; throughput: {C16} workers in a closed loop, "
        f"{SLICES} slices of {SLICE_SECONDS:g} s per configuration in turn, requests/s. The APIs "
        "run `uvicorn api.app:create_app --factory`, one worker, `KB_ENV=production`, POST.",
        "",
        *(f"- {label}" for label in CONFIGS.values()),
        "",
        f"| question | (i) p50 / p99 | {stale} | (i') | (i₀) | (ii) | (iii) | (i)/(ii) p50 "
        f"| {stale}/(ii) | req/s at 16: (i) / {stale} / (i') / (i₀) / (ii) / (iii) "
        "| (i)/(iii) req/s | (i')/(i₀) p50 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    verdicts = []
    for key in keys:
        runs = {config: by.get((key, config)) for config in CONFIGS}

        def lat(m: Measured | None) -> str:
            return f"{_fmt(m.c1.percentile(50))} / {_fmt(m.c1.percentile(99))}" if m else "–"

        def p50_over_floor(config: str, runs: dict[str, Measured | None] = runs) -> float:
            m, floor = runs[config], runs["driver"]
            return _ratio(m.c1.percentile(50), floor.c1.percentile(50)) if m and floor else math.nan

        def cold_over_before(runs: dict[str, Measured | None] = runs) -> float:
            m, before = runs["api-nocache"], runs["api-before"]
            return (
                _ratio(m.c1.percentile(50), before.c1.percentile(50)) if m and before else math.nan
            )

        base = runs["neo4j-graphql"]
        tput = (
            _ratio(runs["api"].c16.throughput, base.c16.throughput)
            if base and runs["api"]
            else math.nan
        )
        tputs = " / ".join(_fmt(m.c16.throughput, 0) if m else "–" for m in runs.values())
        lines.append(
            f"| {key} | {' | '.join(lat(m) for m in runs.values())} "
            f"| {_fmt(p50_over_floor('api'), 2)} | {_fmt(p50_over_floor('api-stale'), 2)} "
            f"| {tputs} | {_fmt(tput, 1)} | {_fmt(cold_over_before(), 2)} |"
        )
        ratio, ratio_stale = p50_over_floor("api"), p50_over_floor("api-stale")
        verdict = (
            f"{key}: (i)/(ii) p50 {_fmt(ratio, 2)} "
            + ("(met)" if ratio <= 0.5 else "(**missed**)")
            + f", {stale} {_fmt(ratio_stale, 2)} "
            + ("(met)" if ratio_stale <= 0.5 else "(**missed**)")
            + f"; (i)/(iii) req/s {_fmt(tput, 1)} "
            + ("(met)" if tput >= 5 else "(**missed**)")
            + f"; (i')/(i₀) p50 {_fmt(cold_over_before(), 2)} "
            + ("(met)" if cold_over_before() <= COLD_PATH_NOISE else "(**missed**)")
        )
        errors = sum(m.c1.errors + m.c16.errors for m in runs.values() if m)
        if errors:
            verdict += f"; {errors} failed requests"
        verdicts.append(verdict)
    lines += [
        "",
        "Targets: (i) p50 ≤ 0.5 × (ii); (i) req/s at 16 ≥ 5 × (iii); (i') no slower than the "
        f"code before the cache (i₀), side by side: p50 within noise, ≤ {COLD_PATH_NOISE:g}×.",
        "",
        *(f"- {v}" for v in verdicts),
    ]
    api_rss, base_rss = rss["api"], rss["neo4j-graphql"]
    lines += [
        "",
        f"Memory (psutil RSS) of (i): {_mib(api_rss['idle'])} MiB idle after start, "
        f"{_mib(api_rss['full_cache'])} MiB with a full cache (KB_CACHE_MIB={CACHE_MIB}: "
        f"{int(cache.get('kb_cache_entries', 0)):,} answers of Q2, "
        f"{_mib(int(cache.get('kb_cache_bytes', 0)))} MiB counted, "
        f"{int(cache.get('kb_cache_evictions_total', 0)):,} evictions); Apollo "
        f"{_mib(base_rss['idle'])} idle, {_mib(base_rss['peak'])} MiB peak.",
        f"Run {run_id} (bench/results/api-{run_id}.json), code measured: {version}. GET /healthz "
        f"on the API (HTTP and client alone): p50 {_fmt(http_floor.percentile(50), 2)} ms; "
        "the version read through the driver (in this process): p50 "
        f"{_fmt(version_reads['graph version'].percentile(50), 2)} ms (`RETURN 1`: "
        f"{_fmt(version_reads['RETURN 1'].percentile(50), 2)} ms). "
        f"Load average before / after: {load['before']:.1f} / {load['after']:.1f}."
        + (f" Seeding the corpus took {seed_seconds:.0f} s." if seed_seconds is not None else ""),
        "",
        "What (iii) answers of each question:",
        "",
    ]
    for key in keys:
        question = by[(key, "api")].question
        lines.append(f"- {question.title}: {question.apollo_coverage}.")
    if FINDINGS:
        lines += ["", "Findings:", "", *FINDINGS]
    lines.append("")
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n\n"
    start = text.find(SECTION)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines)
    else:
        end = text.find("\n## ", start + 1)
        rest = text[end + 1 :] if end != -1 else ""
        text = text[:start] + "\n".join(lines) + ("\n" + rest if rest else "")
    DOC.write_text(text, encoding="utf-8")


def code_version() -> str:
    """The commit measured, and which measured folders had uncommitted changes."""

    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return result.stdout.rstrip() if result.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = sorted(
        {
            line[3:].split("/")[0]
            for line in git("status", "--porcelain", "api", "cypher", "kb").splitlines()
        }
    )
    return commit + (
        f" with uncommitted changes in {', '.join(d + '/' for d in dirty)}" if dirty else ""
    )


def main(recorder: Recorder) -> None:
    problems = document_problems(ROOT / "schema.graphql")
    if problems:  # the API's schema moved: adjust bench/api_queries.py
        raise RuntimeError(
            "bench/api_queries.py does not fit schema.graphql: " + "; ".join(problems)
        )
    version = code_version()
    settings, was_running = start_neo4j()
    try:
        seed_seconds = ensure_corpus(settings, VENDORS)
        with ExitStack() as servers:
            apis = {
                name: servers.enter_context(
                    api_server(
                        settings,
                        name,
                        port,
                        code_at(BEFORE_CACHE) if name == "api-before" else ROOT,
                        **env,
                    )
                )
                for name, (port, env) in API_VARIANTS.items()
            }
            apollo = servers.enter_context(apollo_server(settings))
            outcome = asyncio.run(_run_all(settings, apis, apollo))
    finally:
        if not was_running:  # a server someone started by hand stays up
            stop_neo4j()
    measured: list[Measured] = outcome["results"]
    for m in measured:
        for run in (m.c1, m.c16):
            recorder.add(
                question=m.question.key,
                config=m.config,
                **run.summary(),
                response_bytes=m.response_bytes,
                first_error=run.first_error or None,
            )
    http_floor: Run = outcome["http_floor"]
    recorder.add(question="healthz", config="api", **http_floor.summary())
    version_reads: dict[str, Run] = outcome["version_reads"]
    for name, run in version_reads.items():
        recorder.add(question=name, config="driver", **run.summary())
    execution: dict[str, float] = outcome["execution"]
    for key, ms in execution.items():
        recorder.add(question=key, config="graphql-execution", cpu_ms=round(ms, 3))
    cpu: dict[str, dict[str, float]] = outcome["cpu"]
    by = {(m.question.key, m.config): m for m in measured}
    for key, used in cpu.items():
        recorder.add(
            question=key,
            config="cpu-per-request",
            **{f"{name}_ms": round(ms, 3) for name, ms in used.items()},
            api_over_floor_from_cpu=round(cpu_estimate(_mean_ms(by[(key, "driver")].c1), used), 2),
        )
    rss = outcome["rss"]
    recorder.add(
        question="rss",
        config="api",
        idle_mib=_mib(rss["api"]["idle"]),
        peak_mib=_mib(rss["api"]["peak"]),
        end_mib=_mib(rss["api"]["end"]),
        full_cache_mib=_mib(rss["api"]["full_cache"]),
        **{name: int(value) for name, value in outcome["cache"].items()},
        neo4j_graphql_idle_mib=_mib(rss["neo4j-graphql"]["idle"]),
        neo4j_graphql_peak_mib=_mib(rss["neo4j-graphql"]["peak"]),
        seed_seconds=round(seed_seconds, 1) if seed_seconds is not None else None,
        load_before=round(outcome["load"]["before"], 2),
        load_after=round(outcome["load"]["after"], 2),
        code=version,
    )
    if not QUICK:
        write_section(
            measured,
            rss,
            outcome["cache"],
            seed_seconds,
            outcome["load"],
            http_floor,
            version_reads,
            version,
            recorder.at,
        )
