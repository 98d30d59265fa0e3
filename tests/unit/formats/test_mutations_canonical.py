"""Mutated canonical YAML: only the project's own validation error (or a report) comes out."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kb.formats.canonical import dump_canonical
from kb.formats.load import load_file, parse_text
from tests.unit.formats.outcome import assert_report_or_validation_error

ROOT = Path(__file__).resolve().parents[3]
ARGILLA = load_file(ROOT / "seeds" / "evaluations" / "argilla.txt", max_file_bytes=1_000_000)
LINES = dump_canonical(ARGILLA.evaluations[0].evaluation, "yaml").split("\n")
YAML_NOISE = st.text(alphabet=list(":-[]{}&*!|>'\"#%@`,? \t0123456789aZ—"), min_size=1, max_size=6)


@st.composite
def mutated_yaml(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["drop", "duplicate", "swap", "noise"]))
        if action == "drop" and len(lines) > 1:
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        else:
            at = draw(st.integers(min_value=0, max_value=len(lines[index])))
            lines[index] = lines[index][:at] + draw(YAML_NOISE) + lines[index][at:]
    return "\n".join(lines)


@settings(max_examples=200, deadline=None)
@given(mutated_yaml())
def test_mutated_canonical_files_give_a_report_or_a_validation_error(text: str) -> None:
    assert_report_or_validation_error(lambda: parse_text(text, "mutated.yaml"), "mutated.yaml")
