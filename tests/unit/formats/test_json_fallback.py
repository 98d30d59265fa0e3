"""JSON that YAML cannot read: duplicate keys, unpaired surrogates and line numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.formats.canonical import dump_canonical, parse_canonical
from kb.formats.load import load_file, parse_text
from kb.formats.rules import check_evaluation
from kb.formats.snapshot import parse_snapshot
from kb.formats.yamlsafe import YamlDocument, _json_lines, load_yaml
from kb.framework import framework_data
from kb.problems import FileRejected
from tests.kb_cli import kb

ROOT = Path(__file__).resolve().parents[3]
ARGILLA = ROOT / "seeds" / "evaluations" / "argilla.txt"
# A surrogate pair (json.dumps' "😀"): YAML refuses it, so the file is read as JSON.
PAIR = "\\ud83d\\ude00"
SURROGATE_HINT = (
    "not valid Unicode (expected a character, or a surrogate pair such as \\ud83d\\ude00)"
)


def rejected(text: str) -> list[str]:
    with pytest.raises(FileRejected) as caught:
        parse_text(text, "f.json")
    return [str(p) for p in caught.value.problems]


def argilla_json() -> str:
    evaluation = load_file(ARGILLA, max_file_bytes=1_000_000).evaluations[0].evaluation
    return dump_canonical(evaluation, "json")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"vendor": {"name": "X"},\n "layer": "L9",\n "layer": "L7"}',
            "f.json:3: error: duplicate key 'layer' (first on line 2)",
        ),
        (
            f'{{"vendor": {{"name": "{PAIR}",\n "name": "Y"}}}}',
            "f.json:2: error: duplicate key 'name' (first on line 1)",
        ),
        (
            f'{{"vendor": {{"name": "{PAIR}"}},\n "l\\u0061yer": "L9", "layer": "L7"}}',
            "f.json:2: error: duplicate key 'layer' (first on line 2)",
        ),
    ],
    ids=["yaml-refused-too", "nested", "escaped-spelling"],
)
def test_a_duplicate_json_key_is_an_error_with_its_lines(text: str, message: str) -> None:
    assert rejected(text) == [message]


def test_equal_keys_in_different_json_objects_are_fine() -> None:
    risks = [{"severity": "low", "text": "a"}, {"severity": "low", "text": "b"}]
    text = json.dumps({"vendor": {"name": "X 😀"}, "risks": risks})  # escapes 😀 as a pair
    assert parse_text(text, "f.json").problems == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"vendor": {"name": "X"},\n "category": "HITL \\ud800 Platform"}',
            "f.json:2: error: category: text holds an unpaired surrogate \\ud800, "
            + SURROGATE_HINT,
        ),
        (
            '{"vendor": {"name": "X"},\n "strengths": ["ok",\n "\\ude00\\ud83d"]}',
            f"f.json:3: error: strengths.2: text holds an unpaired surrogate \\ude00, "
            f"{SURROGATE_HINT}",
        ),
        (
            '{"vendor": {"name": "X"},\n "cat\\udc00": "HITL"}',
            "f.json:2: error: cat\\udc00: key holds an unpaired surrogate \\udc00, "
            + SURROGATE_HINT,
        ),
    ],
    ids=["value", "reversed-pair-in-list", "key"],
)
def test_an_unpaired_surrogate_is_refused_with_its_field(text: str, message: str) -> None:
    assert rejected(text) == [message]


def test_an_escaped_backslash_before_u_d800_is_plain_text() -> None:
    parsed = parse_text(f'{{"vendor": {{"name": "X {PAIR}"}}, "tagline": "\\\\ud800"}}', "f.json")
    assert parsed.problems == []
    assert parsed.evaluations[0].evaluation.tagline == "\\ud800"


@pytest.mark.parametrize(
    "text",
    [
        argilla_json(),
        '{"a": [[1, [true, null]], {}, [], {"b": "{x, y: [z]}", "c": "q\\"uote"}],\n "d": -1.5e3}',
        '{\r\n  "a": [\r\n    {"b": 1},\r\n    2\r\n  ]\r\n}\r\n',
        '{\r  "a": [\r    {"b": 1},\r    2\r  ]\r}\r',
    ],
    ids=["argilla", "compact", "crlf", "cr"],
)
def test_json_lines_are_the_lines_yaml_finds(text: str) -> None:
    assert _json_lines(text, "f.json") == load_yaml(text, "f.json").lines


def test_rules_give_json_fallback_files_their_lines() -> None:
    text = (
        argilla_json()
        .replace('"layer": "L7"', '"layer": "L9"')
        .replace('"HITL Platform"', f'"{PAIR}"')
    )
    (item,) = parse_text(text, "f.json").evaluations
    problems = check_evaluation(item.evaluation, item.lines, "f.json", framework_data()).problems
    assert [(p.line, p.level, p.message[:22]) for p in problems] == [
        (7, "error", "unknown layer 'L9' in "),
        (16, "warning", "INPACT: declared total"),
        (65, "warning", "GOALS: declared total "),
    ]


def test_an_unknown_line_is_left_out_never_line_0() -> None:
    data = json.loads(argilla_json())
    (canonical,) = parse_canonical(YamlDocument(data), "f.json").evaluations
    assert "scores.INPACT" not in canonical.lines
    problems = check_evaluation(canonical.evaluation, canonical.lines, "f.json", framework_data())
    assert str(problems.problems[0]) == (
        "f.json: warning: INPACT: declared total 25/36 differs from the sum of its 6 dimensions "
        "(each /6), 21/36 (both kept; nothing rescaled)"
    )
    snapshot = {"scores": {"Alpha": {"layer": "L1", "inpact": 30, "goals": 25}}}
    (entry,) = parse_snapshot(YamlDocument(snapshot), "s.json").evaluations
    assert dict(entry.lines) == {}


def test_cli_refuses_duplicate_keys_and_surrogates_without_a_traceback(tmp_path: Path) -> None:
    text = argilla_json()
    (tmp_path / "dup.json").write_text(
        text.replace('"layer": "L7",', '"layer": "L9",\n  "layer": "L7",'), encoding="utf-8"
    )
    (tmp_path / "surr.json").write_text(
        text.replace('"HITL Platform"', '"HITL \\ud800"'), encoding="utf-8"
    )
    dup, surr = tmp_path / "dup.json", tmp_path / "surr.json"
    done = kb("validate", str(dup))
    assert (done.returncode, done.stdout) == (
        1,
        f"{dup}:8: error: duplicate key 'layer' (first on line 7)\n",
    )
    for args in (("validate", str(surr)), ("convert", str(surr), "--to", "json")):
        done = kb(*args)
        assert done.returncode == 1, args
        assert "Traceback" not in done.stderr
        assert (
            f"{surr}:8: error: category: text holds an unpaired surrogate \\ud800, {SURROGATE_HINT}"
        ) in done.stdout + done.stderr
