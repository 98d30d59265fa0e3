"""A risk's node is keyed by its id: two risks of one file with the same id (given, or derived
from the same text) are refused, or the second would replace the first in the graph."""

from __future__ import annotations

from pathlib import Path

from kb.model import short_hash
from kb.validate import validate_paths

RISKS = "vendor: {name: X}\nlayer: L1\nrisks:\n"


def errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return [
        str(p).removeprefix(f"{path}:")
        for p in validate_paths([path]).problems
        if p.level == "error"
    ]


def test_the_same_id_twice_is_refused(tmp_path: Path) -> None:
    text = RISKS + (
        "  - {id: r1, severity: high, text: one}\n"
        "  - {id: r2, severity: low, text: two}\n"
        "  - {id: r1, severity: low, text: three}\n"
    )
    assert errors(tmp_path, text) == [
        "6: error: risk 3 has the id 'r1' of risk 1 (the same text, or the same id given "
        "twice; give each risk its own)"
    ]


def test_the_same_text_twice_derives_the_same_id(tmp_path: Path) -> None:
    text = (
        RISKS + "  - {severity: high, text: Same words}\n  - {severity: low, text: same  WORDS}\n"
    )
    assert errors(tmp_path, text) == [
        f"5: error: risk 2 has the id '{short_hash('Same words')}' of risk 1 (the same text, "
        "or the same id given twice; give each risk its own)"
    ]


def test_distinct_risks_pass(tmp_path: Path) -> None:
    text = RISKS + "  - {severity: high, text: one}\n  - {severity: low, text: two}\n"
    assert errors(tmp_path, text) == []
