"""Writes one benchmark's results, with the machine's description, to bench/results/."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    try:
        java = subprocess.run(
            ["java", "-version"], capture_output=True, text=True, check=False
        ).stderr.splitlines()[0]
    except (OSError, IndexError):
        java = "none"
    mem_kb = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        mem_kb = int(meminfo.read_text().split()[1])
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next(
            (
                ln.split(":", 1)[1].strip()
                for ln in cpuinfo.read_text().splitlines()
                if ln.startswith("model name")
            ),
            "unknown",
        )
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "java": java,
    }


PROBE_LOOPS = 3_000_000


def cpu_probe_ms() -> float:
    """CPU milliseconds one core takes for a fixed pure-Python loop: how fast this machine is
    right now. On these shared VMs the same loop takes ~85 ms when the host is quiet and
    ~140 ms when a neighbour is busy, within the same minute; results are only comparable
    between runs whose probes are close."""
    start = time.process_time()
    total = 0
    for number in range(PROBE_LOOPS):
        total += number
    return round((time.process_time() - start) * 1000, 1)


@dataclass
class Recorder:
    """Collects rows for one benchmark and writes them as JSON."""

    name: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    # The run's id: the results file's time stamp, known from the start so that a
    # benchmark's section in docs/benchmarks.md can name the run it shows.
    at: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"))

    def add(self, **row: Any) -> None:
        self.rows.append(row)
        print(f"[{self.name}] " + ", ".join(f"{k}={v}" for k, v in row.items()), flush=True)

    def write(self) -> Path:
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"{self.name}-{self.at}.json"
        payload = {"benchmark": self.name, "at": self.at, "machine": machine(), "rows": self.rows}
        path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        return path
