"""An export's history is seeded as the vendor's score timeline: each earlier version must be
this vendor's, under its own version number, and keep the rules a current one keeps."""

from __future__ import annotations

from pathlib import Path

from kb.validate import validate_paths

HEAD = "vendor: {name: X}\nlayer: L1\nhistory:\n"
OVER = "scores: [{framework: INPACT, declared_total: 40, declared_max: 36}]"


def entry(version: int, evaluation: str) -> str:
    return (
        f"  - version: {version}\n    ingested_at: 2026-01-02 10:00:00+00:00\n"
        f"    evaluation: {evaluation}\n"
    )


def errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    report = validate_paths([path])
    return [str(p).removeprefix(f"{path}:") for p in report.problems if p.level == "error"]


def test_a_valid_history_passes(tmp_path: Path) -> None:
    assert errors(tmp_path, HEAD + entry(1, "{vendor: {name: X}, layer: L2}")) == []


def test_history_entries_keep_the_rules(tmp_path: Path) -> None:
    bad = "{vendor: {name: X}, layer: L99, " + OVER + "}"
    assert errors(tmp_path, HEAD + entry(1, bad)) == [
        "4: error: history 1 (version 1): INPACT declared total 40 is outside 0..36",
        "6: error: history 1 (version 1): unknown layer 'L99' in the vendor's layer "
        "(expected one of L1, L2, L3, L4, L5, L6, L7)",
    ]


def test_history_is_this_vendor_s_under_distinct_versions(tmp_path: Path) -> None:
    text = HEAD + entry(1, "{vendor: {name: X}, layer: L1}")
    text += entry(1, "{vendor: {name: Kong}, layer: L1}")
    assert errors(tmp_path, text) == [
        "7: error: history 2 (version 1): version 1 appears twice in the history",
        "9: error: history 2 (version 1): an evaluation of 'kong', not of this file's vendor 'x'",
    ]
