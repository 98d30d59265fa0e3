"""A vendor page's risk and use-case entries open with a lowercase word, or the same word in
capitals ('HIGH …' was a warning and the risk was dropped); a capitalised first word ('Low
RTO targets…', 'The ABAC…') is prose and continues the entry above."""

from __future__ import annotations

from pathlib import Path

from kb.formats.load import parse_text

ARGILLA = Path(__file__).resolve().parents[2] / "seeds" / "evaluations" / "argilla.txt"


def risks(text: str) -> list[tuple[str, str]]:
    parsed = parse_text(text, "argilla.txt")
    assert [p for p in parsed.problems if p.level != "info"] == []
    [loaded] = parsed.evaluations
    return [(r.severity.value, r.text[:24]) for r in loaded.evaluation.risks]


def test_a_severity_word_in_capitals_opens_a_risk() -> None:
    text = ARGILLA.read_text(encoding="utf-8")
    expected = risks(text)
    assert expected[0] == ("high", "Annotation bottlenecks c")
    assert risks(text.replace("\nhigh Annotation", "\nHIGH Annotation")) == expected
    assert risks(text.replace("\nmedium Lack of ABAC", "\nMEDIUM Lack of ABAC")) == expected


def test_a_capitalised_severity_word_is_prose_and_continues_the_entry_above() -> None:
    text = ARGILLA.read_text(encoding="utf-8")
    expected = risks(text)
    prose = text.replace(
        "\nmedium Lack of ABAC", "\nLow RTO targets need a region\nmedium Lack of ABAC"
    )
    assert risks(prose) == expected  # no invented 'low' risk


def test_a_capitalised_other_word_continues_the_entry_above() -> None:
    text = ARGILLA.read_text(encoding="utf-8")
    continued = text.replace(
        "\nmedium Lack of ABAC", "\nThe ABAC gap is real\nmedium Lack of ABAC", 1
    )
    first, *others = parse_text(continued, "argilla.txt").evaluations[0].evaluation.risks
    assert len(others) == 2
    assert first.mitigation is not None  # the line after the first risk's mitigation
    assert first.mitigation.text.endswith("\nThe ABAC gap is real")
