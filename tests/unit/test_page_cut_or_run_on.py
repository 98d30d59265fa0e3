"""A vendor page cut short or run on: a score heading with nothing under it, or sections after
the footer line (a second vendor pasted in), are errors; they were accepted without a word."""

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


def test_a_section_after_the_footer_is_an_error_not_dropped() -> None:
    text = ARGILLA.read_text(encoding="utf-8")
    footer = text[: text.index("This analysis is AI-generated")].count("\n") + 1
    two_pages = text + "\n" + text  # the second vendor was lost without a word
    second = text.count("\n") + 1 + text[: text.index("AI Analysis")].count("\n") + 1
    assert errors(two_pages) == [
        f"a.txt:{second}: error: section 'AI Analysis' "
        f"after the footer line {footer} (the footer ends a vendor page: one vendor per file, "
        "sections before it)"
    ]


def test_the_site_name_after_the_footer_is_not_a_second_page() -> None:
    # 'Trust Before Intelligence' is both a section heading and the site's name.
    text = ARGILLA.read_text(encoding="utf-8")
    assert errors(text + "\nTrust Before Intelligence\n") == []
