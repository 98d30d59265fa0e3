"""The planning bench's section in docs/benchmarks.md: one compact table, rewritten in place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench import bench_plan


def _rows(graph: str, statement: str, restart: float, cleared: float, warm: float) -> list[Any]:
    return [
        {"graph": graph, "statement": statement, "kind": kind, "wall_s": 9.0, "neo4j_cpu_s": cpu}
        for kind, cpu in (("restart", restart), ("cleared", cleared), ("warm", warm))
    ]


ROWS = [
    *_rows("seeds/", "risk_mitigators", 3.0, 0.5, 0.05),
    *_rows("seeds/", "vendors_page (sort name)", 0.6, 0.4, 0.02),
    *_rows("seeds/", "vendors_page (sort goalsTotal)", 1.7, 0.75, 0.04),
    *_rows("seeds/", "risk_mitigators (before)", 12.0, 2.0, 0.06),
    *_rows("seeds/", "search", 0.5, 0.2, 0.01),
    *_rows("seeds/", "flow", 0.9, 0.3, 0.03),
    {"graph": "seeds/", "statement": "risk_mitigators", "kind": "first after restart",
     "wall_s": 9.0, "neo4j_cpu_s": 3.5},
    {"graph": "seeds/", "statement": "risk_mitigators (before)", "kind": "first after restart",
     "wall_s": 9.0, "neo4j_cpu_s": 14.0},
]  # fmt: skip


def test_one_row_per_read_its_variants_as_ranges_and_the_quick_reads_in_one() -> None:
    lines = bench_plan.section(ROWS, "20261207T000000Z")
    table = [line for line in lines if line.startswith("| ")]
    assert table == [
        "| statement | seeds/: restart / cleared / warm |",
        "| risk_mitigators | 3.00 / 0.50 / 0.05 |",
        "| vendors_page (2 variants) | 0.60–1.70 / 0.40–0.75 / 0.02–0.04 |",
        "| search, flow | 0.50–0.90 / 0.20–0.30 / 0.01–0.03 |",
    ]


def test_q1_is_set_against_its_before() -> None:
    text = " ".join(" ".join(bench_plan.section(ROWS, "20261207T000000Z")).split())
    assert (
        "before / now (now / before): first after restart: seeds/ 14.00 / 3.50 (0.25); "
        "cleared: seeds/ 2.00 / 0.50 (0.25)."
    ) in text


def test_the_section_is_replaced_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text(
        "# Benchmarks\n\n## Query planning (cold start)\n\nold\ntable\n\n"
        "## Stack Builder\n\nkept\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(bench_plan, "DOC", doc)
    bench_plan.write_section(ROWS, "20261207T000000Z")
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\n## Query planning (cold start)\n\n`python -m bench")
    assert text.endswith("\n\n## Stack Builder\n\nkept\n")
    assert "old\ntable" not in text
    assert text.count("## Query planning") == 1
