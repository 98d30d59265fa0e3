"""Score snapshots: the site's JSON shape (own fixtures) and our own seeds record."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from kb.formats.load import load_file, parse_text

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "formats"
SEED = ROOT / "seeds" / "evaluations" / "stack-builder-2026-06-20.yaml"
# The public snapshot is never committed; CI has ../shared beside the clone, like this machine.
PUBLIC = ROOT.parent / "shared" / "seeds" / "tbi_stack_scores.json"

EXPECTED_SEED = {
    "PostgreSQL": ("L1", 29, 22),
    "Redis": ("L1", 23, 16),
    "Trino": ("L1", 27, 18),
    "Valkey": ("L1", 23, 16),
    "Apache Kafka (Self-hosted)": ("L2", 26, 20),
    "Confluent Cloud": ("L2", 28, 24),
    "dbt Core": ("L3", 25, 20),
    "Anthropic Claude": ("L4", 28, 23),
    "GPT-4o": ("L4", 29, 23),
    "OpenAI (GPT-4)": ("L4", 29, 24),
    "Auth0": ("L5", 28, 22),
    "Cerbos": ("L5", 31, 21),
    "HashiCorp Vault": ("L5", 26, 22),
    "Grafana": ("L6", 27, 22),
    "OpenTelemetry": ("L6", 25, 23),
    "Prometheus": ("L6", 25, 22),
    "LangGraph": ("L7", 27, 21),
    "Temporal": ("L7", 27, 23),
}


def totals(path: Path) -> dict[str, tuple[str | None, int | None, int | None]]:
    parsed = load_file(path, max_file_bytes=1_000_000)
    assert [p for p in parsed.problems if p.level != "info"] == []
    result = {}
    for item in parsed.evaluations:
        e = item.evaluation
        inpact, goals = e.framework("INPACT"), e.framework("GOALS")
        assert inpact is not None and goals is not None
        result[e.vendor.name] = (e.layer, inpact.declared_total, goals.declared_total)
    return result


def test_json_shape_with_stated_maxima_and_provenance() -> None:
    parsed = load_file(FIXTURES / "snapshot_stated.json", max_file_bytes=10_000)
    assert parsed.format == "snapshot"
    assert parsed.problems == []
    first = parsed.evaluations[0]
    e = first.evaluation
    assert (e.vendor.name, e.vendor.slug, e.layer) == ("Alpha DB", "alpha-db", "L1")
    assert [(s.framework, s.declared_total, s.declared_max, s.dimensions) for s in e.scores] == [
        ("INPACT", 30, 36, []),
        ("GOALS", 25, 30, []),
    ]
    assert e.provenance.source_url == "https://example.test/stack"
    assert e.provenance.evaluated_at == date(2026, 1, 2)
    assert e.provenance.format == "snapshot"
    assert first.lines == {"vendor": 6, "layer": 6, "scores.INPACT": 6, "scores.GOALS": 6}
    assert totals(FIXTURES / "snapshot_stated.json") == {
        "Alpha DB": ("L1", 30, 25),
        "Beta Bus": ("L2", 20, 12),
        "Gamma Guard": ("L5", 33, 29),
    }


def test_no_stated_maxima_gets_framework_defaults_and_an_info() -> None:
    parsed = load_file(FIXTURES / "snapshot_unstated.json", max_file_bytes=10_000)
    e = parsed.evaluations[0].evaluation
    assert [(s.framework, s.declared_max) for s in e.scores] == [("INPACT", 36), ("GOALS", 25)]
    assert e.provenance.evaluated_at is None
    assert [str(p) for p in parsed.problems] == [
        f"{FIXTURES / 'snapshot_unstated.json'}:1: info: no maximum stated for INPACT "
        "(framework default /36 used), GOALS (framework default /25 used)"
    ]


def test_bad_entries_are_errors_with_lines() -> None:
    text = (
        '{"scores": {\n'
        '  "A": {"layer": "L1", "inpact": "high", "goals": 3},\n'
        '  "B": {"layer": "L1", "inpact": 3},\n'
        '  "C": {"layer": "L1", "inpact": 3, "goals": 4, "stars": 5}\n'
        "}}"
    )
    parsed = parse_text(text, "s.json")
    assert [str(p) for p in parsed.problems if p.level == "error"] == [
        "s.json:2: error: A: inpact total must be a whole number, got 'high'",
        "s.json:3: error: B: missing GOALS total",
        "s.json:4: error: C: unknown key 'stars' (expected layer, inpact, goals)",
    ]
    assert parsed.evaluations == []


def test_what_the_model_refuses_is_an_entry_error_not_an_internal_one() -> None:
    """A name too long or without a slug, a total too large, a scrape time with a time of
    day: each was "internal error (a bug)" with pydantic's dump."""
    long_name = "x" * 201
    text = (
        "scraped_at: 2026-06-20 10:00:00\nscores:\n"
        '  "!!!": {layer: L4, inpact: 30, goals: 20}\n'
        "  Big: {layer: L4, inpact: 3000000, goals: 20}\n"
        f"  {long_name}: {{layer: L4, inpact: 30, goals: 20}}\n"
        "  Fine: {layer: L4, inpact: 30, goals: 20}\n"
    )
    parsed = parse_text(text, "s.yaml")
    assert [str(p) for p in parsed.problems if p.level == "error"] == [
        "s.yaml:1: error: scraped_at: expected a date YYYY-MM-DD, got a time too",
        "s.yaml:3: error: !!!: vendor: the name '!!!' gives no slug (it needs a letter or "
        "digit; or state a slug)",
        "s.yaml:4: error: Big: scores.1.declared_total: Input should be less than or equal to "
        "1000000",
        f"s.yaml:5: error: {long_name[:60]}: vendor.name: String should have at most 200 "
        "characters",
    ]
    assert [e.evaluation.vendor.slug for e in parsed.evaluations] == ["fine"]


def test_every_total_is_bounded_by_a_stated_or_default_maximum() -> None:
    """Partial or empty maxima left a framework unbounded (goals: 999 passed the rules), and
    an unknown framework in them was accepted."""
    for maxima, unknown in (("{INPACT: 36, FOO: 3}", 1), ("{}", 0)):
        text = f"maxima: {maxima}\nscores:\n  Big: {{layer: L4, inpact: 30, goals: 999}}\n"
        parsed = parse_text(text, "s.yaml")
        errors = [str(p) for p in parsed.problems if p.level == "error"]
        assert (
            errors
            == ["s.yaml:1: error: maxima: unknown framework FOO (expected INPACT, GOALS)"] * unknown
        )
        # The rules then find 999 outside 0..25 (kb validate).
        [big] = parsed.evaluations
        assert [(s.framework, s.declared_max) for s in big.evaluation.scores] == [
            ("INPACT", 36),
            ("GOALS", 25),
        ]


def test_framework_keys_in_any_case_are_totals() -> None:
    parsed = parse_text("scores:\n  A: {layer: L1, INPACT: 30, Goals: 20}\n", "s.yaml")
    assert [p.level for p in parsed.problems] == ["info"]  # the defaulted maxima
    (item,) = parsed.evaluations
    assert [(s.framework, s.declared_total) for s in item.evaluation.scores] == [
        ("INPACT", 30),
        ("GOALS", 20),
    ]


def test_damaged_entries_are_errors_not_a_skipped_file() -> None:
    text = (
        "scores:\n"
        "  Good: {layer: L1, inpact: 30, goals: 20}\n"
        "  No Layer: {inpact: 30, goals: 20}\n"
        '  " ": {layer: L1, inpact: 30, goals: 20}\n'
        "  Flat: 30\n"
        "  Numbered: {layer: 7, inpact: 30, goals: 20}\n"
    )
    parsed = parse_text(text, "s.yaml")
    assert [str(p) for p in parsed.problems if p.level == "error"] == [
        "s.yaml:3: error: No Layer: missing layer (a layer id such as L1)",
        "s.yaml:4: error: a vendor name is empty",
        "s.yaml:5: error: Flat: expected a mapping of layer, inpact, goals, got 30",
        "s.yaml:6: error: Numbered: layer must be a layer id such as L1, got 7",
    ]
    assert [item.evaluation.vendor.name for item in parsed.evaluations] == ["Good"]


def test_empty_scores_is_an_error() -> None:
    parsed = parse_text("source_url: https://x.test\nscores: {}\n", "s.yaml")
    assert [str(p) for p in parsed.problems if p.level == "error"] == [
        "s.yaml:2: error: scores is empty: expected vendor names with totals"
    ]


def test_seed_record_gives_18_evaluations_with_layers_totals_and_maxima() -> None:
    assert totals(SEED) == EXPECTED_SEED
    parsed = load_file(SEED, max_file_bytes=1_000_000)
    assert parsed.problems == []
    for item in parsed.evaluations:
        provenance = item.evaluation.provenance
        assert provenance.source_url == "https://trustbeforeintelligence.ai/tech-stack"
        assert provenance.evaluated_at == date(2026, 6, 20)
        assert [(s.framework, s.declared_max) for s in item.evaluation.scores] == [
            ("INPACT", 36),
            ("GOALS", 30),
        ]


def test_seed_record_agrees_with_the_public_snapshot() -> None:
    assert PUBLIC.exists(), f"the public snapshot is expected beside the clone at {PUBLIC}"
    public = json.loads(PUBLIC.read_text(encoding="utf-8"))
    assert totals(PUBLIC) == totals(SEED)
    assert {k: (v["layer"], v["inpact"], v["goals"]) for k, v in public["scores"].items()} == (
        EXPECTED_SEED
    )
    snapshot = load_file(PUBLIC, max_file_bytes=1_000_000).evaluations[0].evaluation
    seeded = load_file(SEED, max_file_bytes=1_000_000).evaluations[0].evaluation
    assert snapshot.provenance.source_url == seeded.provenance.source_url
    assert snapshot.provenance.evaluated_at == seeded.provenance.evaluated_at
    assert [s.declared_max for s in snapshot.scores] == [s.declared_max for s in seeded.scores]
