"""Mutated vendor pages: only the project's own validation error (or a report) ever comes out."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.formats.load import parse_bytes
from tests.unit.formats.outcome import assert_report_or_validation_error

ARGILLA = (Path(__file__).resolve().parents[3] / "seeds" / "evaluations" / "argilla.txt").read_text(
    encoding="utf-8"
)
LINES = ARGILLA.split("\n")


@st.composite
def mutated_pages(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        if not lines:
            break
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["drop", "duplicate", "swap", "truncate", "unicode"]))
        if action == "drop":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "truncate":
            lines = lines[: index + 1]
            lines[-1] = lines[-1][: draw(st.integers(min_value=0, max_value=len(lines[-1])))]
        else:
            noise = draw(st.text(min_size=1, max_size=8))
            at = draw(st.integers(min_value=0, max_value=len(lines[index])))
            lines[index] = lines[index][:at] + noise + lines[index][at:]
    return "\n".join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_pages())
def test_mutated_pages_give_a_report_or_a_validation_error(page: str) -> None:
    assert_report_or_validation_error(
        lambda: parse_bytes(page.encode("utf-8", "surrogatepass"), "mutated.txt"), "mutated.txt"
    )
