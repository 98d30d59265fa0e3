"""A vendor page's score heading with nothing under it (a page cut short) is an error, as a
missing heading is; it was a framework scored with nothing."""

from __future__ import annotations

from pathlib import Path

from kb.formats.load import parse_text

ARGILLA = Path(__file__).resolve().parents[2] / "seeds" / "evaluations" / "argilla.txt"


def errors(text: str) -> list[str]:
    return [str(p) for p in parse_text(text, "a.txt").problems if p.level == "error"]


def test_a_page_cut_after_a_score_heading_is_an_error() -> None:
    text = ARGILLA.read_text(encoding="utf-8")
    cut = text[: text.index("GOALS Score") + len("GOALS Score")] + "\n"
    line = cut.count("\n")
    assert errors(cut) == [
        f"a.txt:{line}: error: GOALS Score has no total '<score>/<max>' and no scored dimension"
    ]
    assert errors(text) == []
