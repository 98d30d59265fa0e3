"""The web explorer in Lighthouse 12 on the 10,000-vendor corpus.

`python -m bench web` (in `make bench`; run it under `flock /tmp/kb-bench.lock`): the API
bench's Neo4j and corpus (bench/api_env.py), the API in production with
KB_GRAPHQL_DOCUMENTS=trusted serving the built explorer (web/dist, `make web`), then Lighthouse
(bench/lighthouse/, `npm ci` on first use; its default mobile profile with simulated
throttling) on the system's Chromium (CHROME_PATH) for the landscape and a vendor page, RUNS
times each, alternating; medians. Also the JavaScript the explorer ships (gzip -9, as the
build's gzip copies that the API sends). Writes bench/results/web-*.json and the "Web explorer
(Lighthouse)" section at the end of docs/benchmarks.md.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import statistics
import subprocess
from pathlib import Path
from typing import Any

import httpx

from bench.api_env import API_PORT, api_server, ensure_corpus, start_neo4j, stop_neo4j
from bench.recorder import Recorder

VENDORS = 10_000
RUNS = 3
ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "web" / "dist"
LIGHTHOUSE = Path(__file__).resolve().parent / "lighthouse"
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Web explorer (Lighthouse)"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
TARGETS = {"performance": 90, "accessibility": 95}


def javascript_kib() -> tuple[float, float]:
    """The explorer's JavaScript: raw and gzip -9 KiB."""
    scripts = sorted((DIST / "assets").glob("*.js"))
    raw = sum(path.stat().st_size for path in scripts)
    packed = sum(len(gzip.compress(path.read_bytes(), 9)) for path in scripts)
    return raw / 1024, packed / 1024


def ensure_lighthouse() -> Path:
    binary = LIGHTHOUSE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm not found: install Node.js 20+ to run Lighthouse")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=LIGHTHOUSE, check=True)
    return binary


def a_vendor_slug(base: str) -> str:
    """The first L4 vendor, asked through a trusted document as the explorer asks."""
    manifest = json.loads((DIST / "persisted-documents.json").read_text())
    [page_id] = [key for key, text in manifest.items() if text.startswith("query VendorPage")]
    answer = httpx.post(
        f"{base}/graphql",
        json={"documentId": page_id, "variables": {"filter": {"layer": "L4"}, "first": 1}},
        timeout=30,
    ).json()
    slug: str = answer["data"]["vendors"]["edges"][0]["node"]["slug"]
    return slug


def lighthouse(binary: Path, url: str) -> dict[str, float]:
    command = [str(binary), url, "--quiet", "--output=json", "--output-path=stdout"]
    command += ["--only-categories=performance,accessibility"]
    command += ["--chrome-flags=--headless=new --no-sandbox"]
    result = subprocess.run(
        command,
        env={**os.environ, "CHROME_PATH": CHROME},
        capture_output=True,
        text=True,
        check=True,
    )
    report: dict[str, Any] = json.loads(result.stdout)
    audits = report["audits"]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
    }


def main(recorder: Recorder) -> None:
    if not (DIST / "index.html").is_file():
        raise RuntimeError("web/dist is not built: run `make web` first")
    binary = ensure_lighthouse()
    settings, reused = start_neo4j()
    try:
        ensure_corpus(settings, VENDORS)
        os.environ["KB_GRAPHQL_DOCUMENTS"] = "trusted"
        with api_server(settings):
            base = f"http://127.0.0.1:{API_PORT}"
            pages = {"landscape": "/", "vendor": f"/vendor/{a_vendor_slug(base)}"}
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in pages}
            lighthouse(binary, base + "/")  # warm-up: Neo4j plans the queries
            for _ in range(RUNS):
                for name, path in pages.items():
                    runs[name].append(lighthouse(binary, base + path))
    finally:
        if not reused:
            stop_neo4j()
    raw, packed = javascript_kib()
    rows = []
    for name, measured in runs.items():
        row: dict[str, Any] = {"page": name, "runs": len(measured)}
        for key in measured[0]:
            row[key] = statistics.median(run[key] for run in measured)
        row["performance_runs"] = [run["performance"] for run in measured]
        recorder.add(**row)
        rows.append(row)
    recorder.add(page="bundle", js_kib=round(raw, 1), js_gzip_kib=round(packed, 1))
    write_section(rows, raw, packed)


def write_section(rows: list[dict[str, Any]], raw: float, packed: float) -> None:
    lines = [
        SECTION,
        "",
        f"`python -m bench web` (in `make bench`): Lighthouse 12 (mobile profile, simulated "
        f"throttling) on Debian's Chromium, {VENDORS:,} synthetic vendors in the API bench's "
        f"Neo4j, the API in production with `KB_GRAPHQL_DOCUMENTS=trusted`; medians of {RUNS} "
        "runs per page after a warm-up, pages alternating. Targets: performance ≥ "
        f"{TARGETS['performance']}, accessibility ≥ {TARGETS['accessibility']}.",
        "",
        "| page | performance (runs) | accessibility | first contentful paint (ms) | "
        "largest contentful paint (ms) | total blocking time (ms) | CLS |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        runs = ", ".join(str(run) for run in row["performance_runs"])
        lines.append(
            f"| {row['page']} | {row['performance']:.0f} ({runs}) | {row['accessibility']:.0f} | "
            f"{row['fcp_ms']:.0f} | {row['lcp_ms']:.0f} | {row['tbt_ms']:.0f} | {row['cls']} |"
        )
    lines += [
        "",
        f"JavaScript shipped: {raw:.1f} KiB, {packed:.1f} KiB gzip (one bundle: Preact, the "
        "pages, the documents' hashes; the API sends the build's gzip copy).",
        "",
    ]
    text = DOC.read_text(encoding="utf-8")
    start = text.find(SECTION)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines)
    else:
        end = text.find("\n## ", start + 1)
        rest = text[end + 1 :] if end != -1 else ""
        text = text[:start] + "\n".join(lines) + ("\n" + rest if rest else "")
    DOC.write_text(text, encoding="utf-8")
