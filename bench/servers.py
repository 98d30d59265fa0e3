"""The benchmarks' own managed Neo4j servers: private homes and ports, auth off."""

from __future__ import annotations

from pathlib import Path

import psutil

from kb.settings import Settings


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, all its threads, so far."""
    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system)


def bench_server_settings(home: Path, bolt_port: int, http_port: int, heap: str) -> Settings:
    """Settings for a bench server; explicit values win over any NEO4J_* in the environment."""
    return Settings(
        neo4j_uri=None,
        kb_home=home,
        neo4j_bolt_port=bolt_port,
        neo4j_http_port=http_port,
        neo4j_heap=heap,
        neo4j_pagecache="1g",
        neo4j_auth=False,
        neo4j_start_timeout=180.0,
    )
