"""Scores, totals, versions and flags are taken as written: YAML's '3', yes or 3.0 are not the
integer 3 (pydantic's lax mode made yes a score of 1), and no total overflows Neo4j's integers."""

from __future__ import annotations

import pytest

from kb.formats.load import parse_text

DIMENSION = (
    "scores:\n  - framework: INPACT\n    dimensions:\n      - {letter: I, score: %s, max: 6}\n"
)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("'3'", "Input should be a valid integer"),
        ("yes", "Input should be a valid integer"),
        ("3.0", "Input should be a valid integer"),
    ],
)
def test_a_score_must_be_an_integer_as_written(value: str, message: str) -> None:
    text = "vendor: {name: X}\nlayer: L1\n" + DIMENSION % value
    assert [str(p) for p in parse_text(text, "x.yaml").problems] == [
        f"x.yaml:6: error: scores.1.dimensions.1.score: {message}"
    ]


def test_a_declared_total_cannot_overflow() -> None:
    head = "vendor: {name: X}\nlayer: L1\nscores:\n  - {framework: INPACT, declared_total: "
    text = head + "1e23}\n"
    huge = head + "100000000000000000000000}\n"
    assert [str(p) for p in parse_text(text, "x.yaml").problems] == [
        "x.yaml:4: error: scores.1.declared_total: Input should be a valid integer"
    ]
    assert [str(p) for p in parse_text(huge, "x.yaml").problems] == [
        "x.yaml:4: error: scores.1.declared_total: Input should be less than or equal to 1000000"
    ]


def test_retired_must_be_a_boolean() -> None:
    text = "vendor: {name: X}\nlayer: L1\nprovenance: {retired: 'yes'}\n"
    assert [str(p) for p in parse_text(text, "x.yaml").problems] == [
        "x.yaml:3: error: provenance.retired: Input should be a valid boolean"
    ]
