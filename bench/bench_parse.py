"""Parse throughput: vendor pages vs canonical YAML vs canonical JSON, side by side.

Generates N varied evaluations (layers, maxima 5/6, severities, fits, optional sections left
out, CRLF line endings), writes each as a page, a canonical YAML and a canonical JSON file in a
temporary folder, then times parsing every file of each format (best of R rounds), and
`validate_paths` over each whole folder. Writes the table to docs/benchmarks.md ("Parsing").
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import yaml

from bench.recorder import Recorder, machine
from kb.formats.canonical import dump_canonical
from kb.formats.load import load_file
from kb.framework import framework_data
from kb.model import Evaluation
from kb.validate import validate_paths

CANONICAL: tuple[Literal["yaml", "json"], ...] = ("yaml", "json")
FILES = 300
ROUNDS = 5
SEED = 20260620
ROOT = Path(__file__).resolve().parent.parent
ARGILLA = ROOT / "seeds" / "evaluations" / "argilla.txt"
DOC = ROOT / "docs" / "benchmarks.md"


def render_page(e: Evaluation, rng: random.Random) -> str:
    """A vendor page in the site's published shape (run-together lists included)."""
    data = framework_data()
    layer = data.layer(e.layer or "L1")
    assert layer is not None
    out = [e.vendor.name, "", f"{layer.id} — {layer.name} {e.category} {e.pricing}", ""]
    out += [e.tagline, "", "AI Analysis", "", e.analysis, ""]
    if e.tbi_view:
        out += ["Trust Before Intelligence", "", e.tbi_view, ""]
    for score in e.scores:
        out += [f"{score.framework} Score", "", f"{score.declared_total}/{score.declared_max}"]
        for d in score.dimensions:
            out += [f"{d.letter} — {d.name}", f"{d.score}/{d.max}", "", d.rationale, ""]
    out += ["AI-Identified Strengths", "", *(f"  • + {s}" for s in e.strengths), ""]
    out += ["AI-Identified Limitations", "", *(f"  • - {s}" for s in e.limitations), ""]
    fit = e.industry_fit
    out += ["Industry Fit", "", "Best suited for", "", "".join(fit.best_suited_for), ""]
    out += ["Compliance certifications", "", fit.certifications_text, ""]
    out += ["Use with caution for", "", "".join(fit.use_with_caution_for), ""]
    if e.alternatives:
        out += ["AI-Suggested Alternatives", ""]
        for a in e.alternatives:
            out += [a.name, "", a.rationale, "", "View analysis →"]
        out += [""]
    out += ["Integration in 7-Layer Architecture", "", f"Role: {e.integration.role}", ""]
    out += [f"Upstream: {e.integration.upstream.text}", ""]
    out += [f"Downstream: {e.integration.downstream.text}", "", "⚡ Trust Risks", ""]
    for r in e.risks:
        mitigation = r.mitigation.text if r.mitigation else ""
        out += [f"{r.severity.value} {r.text}", "", f"Mitigation: {mitigation}", ""]
    out += ["Use Case Scenarios", ""]
    for u in e.use_cases:
        out += [f"{u.fit.value} {u.title}", "", u.rationale, ""]
    out += ["Stack Impact", "", *(f"{s.layer} {s.text}" for s in e.stack_impact), ""]
    out += ["⚠ Watch For", "", *e.watch_for, "", "2-Week POC Checklist", "", *e.poc_checklist]
    out += ["", f"Visit {e.vendor.name} website →", "", "This analysis is AI-generated."]
    newline = "\r\n" if rng.random() < 0.3 else "\n"
    return newline.join(out) + newline


def vary(base: Evaluation, index: int, rng: random.Random) -> Evaluation:
    """A different vendor on the argilla template: name, layer, scores, lists, words."""
    data = framework_data()
    e = base.model_copy(deep=True)
    e.vendor.name, e.vendor.slug = f"Vendor {index:04d}", ""
    e.vendor = type(e.vendor)(name=f"Vendor {index:04d}")
    e.layer = rng.choice(data.layers).id
    for score in e.scores:
        top = rng.choice([5, 6])
        for d in score.dimensions:
            d.max, d.score = top, rng.randint(1, top)
        score.declared_total = sum(d.score for d in score.dimensions)
        score.declared_max = sum(d.max for d in score.dimensions)
    e.strengths = e.strengths[: rng.randint(1, 5)]
    e.risks = e.risks[: rng.randint(1, 3)]
    for r in e.risks:
        r.severity = rng.choice(list(type(r.severity)))
    for u in e.use_cases:
        u.fit = rng.choice(list(type(u.fit)))
    if rng.random() < 0.3:
        e.alternatives = []
    if rng.random() < 0.3:
        e.tbi_view = ""
    e.watch_for = [f"Watch item {n}" for n in range(rng.randint(0, 4))]
    e.poc_checklist = [f"Check step {n}" for n in range(rng.randint(0, 4))]
    return e


def best_rate(paths: list[Path], parse: Callable[[Path], object]) -> tuple[float, float]:
    """(files per second of the best round, median seconds per round)."""
    rounds = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for path in paths:
            parse(path)
        rounds.append(time.perf_counter() - start)
    return len(paths) / min(rounds), statistics.median(rounds)


def write_section(
    rows: list[dict[str, object]], run_id: str, load: tuple[float, float] | None
) -> None:
    """The "Parsing" section of docs/benchmarks.md; `load` is None for a run that predates
    recording it."""
    info = machine()
    table = [
        "## Parsing",
        "",
        f"`python -m bench parse`: {FILES} generated evaluations, each written as a vendor page, "
        "a canonical YAML and a canonical JSON file (same content in all three); best of "
        f"{ROUNDS} rounds. Run {run_id} (bench/results/parse-{run_id}.json); machine: "
        f"{info['cpus']} CPUs ({info['cpu']}), Python {info['python']}.",
        "",
        "| format | files | bytes/file | files/s (best) | ms/file | median round (s) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        table.append(
            f"| {row['format']} | {row['files']} | {row['bytes_per_file']} | "
            f"{row['files_per_s']:.0f} | {row['ms_per_file']:.2f} | {row['median_round_s']:.3f} |"
        )
    table += [
        "",
        "`validate_paths` rows include reading, format detection, rules and cross-file name "
        "resolution. Pages are parsed with regular expressions over lines. A plain canonical "
        f"document is built straight from libyaml's parser events (libyaml: "
        f"{yaml.__with_libyaml__}; kb.formats.yamlevents); an anchor, alias, tag, duplicate "
        "key or limit sends it to PyYAML's safe composer, which reports it with its line. "
        "Lines are looked up only when a file has a problem. JSON is read by the same loader "
        "so that it gets line numbers too. Rows are measured one after another on a shared "
        "2-core machine: compare them within one run, not across runs."
        + (
            f" Load average (1 min) before / after the measurements: {load[0]:.1f} / {load[1]:.1f}."
            if load
            else ""
        ),
        "",
    ]
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n\n"
    start = text.find("## Parsing")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + "\n".join(table)
    else:
        end = text.find("\n## ", start + 1)
        rest = text[end + 1 :] if end != -1 else ""
        text = text[:start] + "\n".join(table) + ("\n" + rest if rest else "")
    DOC.write_text(text, encoding="utf-8")


def main(recorder: Recorder) -> None:
    rng = random.Random(SEED)
    load_before = os.getloadavg()[0]
    base = load_file(ARGILLA, max_file_bytes=1_000_000).evaluations[0].evaluation
    with tempfile.TemporaryDirectory(prefix="kb-bench-parse-") as tmp:
        folders = {name: Path(tmp) / name for name in ("page", "yaml", "json")}
        for folder in folders.values():
            folder.mkdir()
        for index in range(FILES):
            e = vary(base, index, rng)
            (folders["page"] / f"v{index:04d}.txt").write_bytes(render_page(e, rng).encode("utf-8"))
            for to in CANONICAL:
                (folders[to] / f"v{index:04d}.{to}").write_text(
                    dump_canonical(e, to), encoding="utf-8"
                )
        rows: list[dict[str, object]] = []
        labels = {"page": "vendor page (.txt)", "yaml": "canonical YAML", "json": "canonical JSON"}
        for name, folder in folders.items():
            paths = sorted(folder.iterdir())
            size = sum(p.stat().st_size for p in paths) // len(paths)

            def parse(path: Path) -> object:
                parsed = load_file(path, max_file_bytes=1_000_000)
                assert len(parsed.evaluations) == 1, (path, parsed.problems)
                return parsed

            rate, median = best_rate(paths, parse)
            rows.append(
                {
                    "format": labels[name],
                    "files": len(paths),
                    "bytes_per_file": size,
                    "files_per_s": rate,
                    "ms_per_file": 1000 / rate,
                    "median_round_s": median,
                }
            )
        for name, folder in folders.items():
            report = validate_paths([folder])
            assert report.ok and len(report.evaluations) == FILES, report.problems[:3]
            rate, median = best_rate([folder], lambda f: validate_paths([f]))
            rows.append(
                {
                    "format": f"validate_paths, {labels[name]} folder",
                    "files": FILES,
                    "bytes_per_file": rows[len(rows) - 3]["bytes_per_file"],
                    "files_per_s": rate * FILES,
                    "ms_per_file": 1000 / (rate * FILES),
                    "median_round_s": median,
                }
            )
    for row in rows:
        recorder.add(**{k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()})
    load_after = os.getloadavg()[0]
    recorder.add(
        load_average_1m_before=round(load_before, 2), load_average_1m_after=round(load_after, 2)
    )
    write_section(rows, recorder.at, (load_before, load_after))
