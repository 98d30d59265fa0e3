"""Canonical YAML/JSON: lossless round trips, safe loading, unknown keys, the JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest
import yaml

from kb.formats.canonical import dump_canonical
from kb.formats.load import load_file, parse_text
from kb.formats.schema import evaluation_schema, schema_text
from kb.formats.yamlsafe import MAX_DEPTH, MAX_VALUES, load_yaml
from kb.paths import SCHEMA_PATH
from kb.problems import FileRejected

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "formats"
PAGES = [ROOT / "seeds" / "evaluations" / "argilla.txt", FIXTURES / "page_variant.txt"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
@pytest.mark.parametrize("to", ["yaml", "json"])
def test_page_to_canonical_and_back_is_lossless(page: Path, to: str) -> None:
    original = load_file(page, max_file_bytes=1_000_000).evaluations[0].evaluation
    text = dump_canonical(original, to)  # type: ignore[arg-type]
    again = parse_text(text, f"converted.{to}")
    assert again.format == "canonical"
    assert again.problems == []
    assert again.evaluations[0].evaluation.content() == original.content()


def test_snapshot_provenance_survives_conversion() -> None:
    seed = ROOT / "seeds" / "evaluations" / "stack-builder-2026-06-20.yaml"
    temporal = load_file(seed, max_file_bytes=1_000_000).evaluations[-1].evaluation
    again = parse_text(dump_canonical(temporal, "yaml"), "t.yaml").evaluations[0].evaluation
    assert again.content() == temporal.content()
    assert again.provenance.evaluated_at == temporal.provenance.evaluated_at
    assert again.provenance.source_url == temporal.provenance.source_url
    assert again.provenance.format == "canonical"


def test_dumped_yaml_has_no_anchors_even_for_repeated_values() -> None:
    original = load_file(PAGES[0], max_file_bytes=1_000_000).evaluations[0].evaluation
    text = dump_canonical(original, "yaml")
    assert "&id" not in text and "*id" not in text


def test_explicit_links_aliases_and_lines() -> None:
    parsed = load_file(FIXTURES / "kong.yaml", max_file_bytes=100_000)
    assert parsed.problems == []
    item = parsed.evaluations[0]
    kong = item.evaluation
    assert kong.vendor.aliases == ["Kong Gateway"]
    assert [(m.vendor, m.risk[:20]) for m in kong.mitigates] == [
        ("argilla", "Lack of ABAC means a")
    ]
    assert (kong.risks[0].mitigated_by_vendors, kong.risks[0].mitigated_by_layers) == (
        ["Cerbos"],
        ["L5"],
    )
    assert {
        k: item.lines[k]
        for k in (
            "vendor",
            "layer",
            "scores.INPACT",
            "scores.INPACT.T",
            "risks.1",
            "mitigates.1",
            "alternatives.1",
        )
    } == {
        "vendor": 2,
        "layer": 5,
        "scores.INPACT": 11,
        "scores.INPACT.T": 19,
        "risks.1": 24,
        "mitigates.1": 30,
        "alternatives.1": 34,
    }


def test_unknown_keys_are_listed_with_their_lines() -> None:
    parsed = load_file(FIXTURES / "unknown_keys.yaml", max_file_bytes=10_000, display="u.yaml")
    assert [str(p) for p in parsed.problems] == [
        "u.yaml:4: error: unknown key 'colour'",
        "u.yaml:8: error: unknown key 'mitgation' in risks.1",
        "u.yaml:13: error: unknown key 'weight' in scores.1",
    ]
    assert parsed.evaluations == []


def test_enum_and_type_errors_say_what_was_expected() -> None:
    text = "vendor: {name: X}\nlayer: L1\nrisks:\n  - severity: severe\n    text: t\n"
    parsed = parse_text(text, "x.yaml")
    assert [str(p) for p in parsed.problems] == [
        "x.yaml:4: error: risks.1.severity: unknown value 'severe' "
        "(expected 'critical', 'high', 'medium' or 'low')"
    ]


@pytest.mark.parametrize(
    ("block", "line", "where"),
    [
        ("provenance:\n  ingested_at: 2026-01-02 10:00:00\n", 4, "provenance.ingested_at"),
        (
            "history:\n  - version: 1\n    ingested_at: 2026-01-02 10:00:00\n"
            "    evaluation: {vendor: {name: X}, layer: L1}\n",
            5,
            "history.1.ingested_at",
        ),
    ],
)
def test_an_ingestion_time_needs_its_time_zone(block: str, line: int, where: str) -> None:
    parsed = parse_text("vendor: {name: X}\nlayer: L1\n" + block, "x.yaml")
    assert [str(p) for p in parsed.problems] == [
        f"x.yaml:{line}: error: {where}: 2026-01-02 10:00:00 has no time zone "
        "(expected an offset, as kb export writes: 2026-01-02 10:00:00+00:00)"
    ]
    with_offset = block.replace("10:00:00\n", "10:00:00+02:00\n", 1)
    parsed = parse_text("vendor: {name: X}\nlayer: L1\n" + with_offset, "x.yaml")
    assert parsed.problems == []


def test_alias_bomb_is_refused_before_expansion() -> None:
    with pytest.raises(FileRejected) as caught:
        load_file(FIXTURES / "alias_bomb.yaml", max_file_bytes=10_000, display="bomb.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "bomb.yaml:3: error: YAML alias '*a' refused: evaluation files may not use anchors "
        "and aliases (they allow alias bombs)"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\na: 2\n", "f.yaml:2: error: duplicate key 'a' (first on line 1)"),
        ("a: 1\n---\nb: 2\n", "f.yaml:2: error: invalid YAML: but found another document"),
        (
            "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2),
            "f.yaml:1: error: nested deeper than 32 levels",
        ),
        ("? [a]\n: 1\n", "f.yaml:1: error: mapping keys must be plain strings"),
        (
            "vendor: !!python/object:os.system {}\n",
            "f.yaml:1: error: YAML tag '!!python/object:os.system' refused: "
            "evaluation files hold plain values",
        ),
        (
            "a: 1\nb: !!python/name:os.system\n",
            "f.yaml:2: error: YAML tag '!!python/name:os.system' refused: "
            "evaluation files hold plain values",
        ),
        (
            "a: !!set {x}\n",
            "f.yaml:1: error: YAML tag '!!set' refused: evaluation files hold plain values",
        ),
        (
            "a: !custom 1\n",
            "f.yaml:1: error: YAML tag '!custom' refused: evaluation files hold plain values",
        ),
        (
            "a:\n  b: 2026-13-45\n",
            "f.yaml:2: error: invalid value '2026-13-45': month must be in 1..12",
        ),
        (
            "a:\n  b: x\x01\n",
            "f.yaml:2: error: invalid YAML: control characters are not allowed (character #x0001)",
        ),
    ],
)
def test_unsafe_or_broken_yaml(text: str, message: str) -> None:
    with pytest.raises(FileRejected) as caught:
        load_yaml(text, "f.yaml")
    assert [str(p) for p in caught.value.problems] == [message]


def test_yaml_syntax_errors_give_the_line() -> None:
    # The wording comes from libyaml or PyYAML, whichever is installed; the line is ours.
    with pytest.raises(FileRejected) as caught:
        load_yaml("a: 1\nb: [1\n", "f.yaml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.level) == (3, "error")
    assert problem.message.startswith("invalid YAML: ") and "']'" in problem.message


def test_committed_schema_is_current() -> None:
    committed = (ROOT / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == schema_text(), "schemas/evaluation.schema.json is stale: run kb schema-json"


def test_schema_accepts_canonical_files_and_rejects_unknown_keys() -> None:
    schema = evaluation_schema()
    page = load_file(PAGES[0], max_file_bytes=1_000_000).evaluations[0].evaluation
    jsonschema.validate(json.loads(dump_canonical(page, "json")), schema)
    kong = yaml.safe_load((FIXTURES / "kong.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(json.dumps(kong, default=str)), schema)  # dates as strings
    with pytest.raises(jsonschema.ValidationError, match="colour"):
        jsonschema.validate({"vendor": {"name": "X"}, "colour": "blue"}, schema)


def test_json_that_yaml_cannot_read_is_read_as_json() -> None:
    # json.dumps escapes non-ASCII as surrogate pairs, which PyYAML refuses.
    text = json.dumps({"vendor": {"name": "Café 😀"}, "layer": "L3"})
    assert "\\ud83d\\ude00" in text
    parsed = parse_text(text, "f.json")
    assert parsed.problems == []
    assert parsed.evaluations[0].evaluation.vendor.name == "Café 😀"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"vendor": {"name": "\\ud83d\\ude00"}, "x": ' + "[" * 5000 + "]" * 5000 + "}",
            "f.json: error: nested deeper than 32 levels",
        ),
        (
            '{"vendor": {"name": "\\ud83d\\ude00"}, "x": ' + "[" * 40 + "]" * 40 + "}",
            "f.json: error: nested deeper than 32 levels",
        ),
        (
            '{"vendor": {"name": "\\ud83d\\ude00"}, "x": [' + "1," * MAX_VALUES + "1]}",
            f"f.json: error: more than {MAX_VALUES} values: too large for an evaluation",
        ),
        (
            '{"vendor": {"name": "\\ud83d\\ude00"}, "layer": NaN}',
            "f.json: error: invalid JSON: NaN is not a JSON number",
        ),
    ],
    ids=["recursion", "depth", "values", "nan"],
)
def test_json_fallback_keeps_the_limits(text: str, message: str) -> None:
    with pytest.raises(FileRejected) as caught:
        parse_text(text, "f.json")
    assert [str(p) for p in caught.value.problems] == [message]


def test_neither_yaml_nor_json_reports_the_yaml_error_with_its_line() -> None:
    with pytest.raises(FileRejected) as caught:
        parse_text('{"vendor": {"name": "\\ud83d\\ude00"},\n "layer": }', "f.json")
    (problem,) = caught.value.problems
    assert (problem.line, problem.message.startswith("invalid YAML: ")) == (1, True)


def test_a_parser_bug_is_one_line_from_load_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(text: str, file: str) -> None:
        raise RuntimeError("boom\n  second line")

    monkeypatch.setattr("kb.formats.load.parse_text", broken)
    path = tmp_path / "x.yaml"
    path.write_text("vendor: {name: X}\n", encoding="utf-8")
    with pytest.raises(FileRejected) as caught:
        load_file(path, max_file_bytes=1_000, display="x.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "x.yaml: error: internal error while parsing (a bug, please report it): "
        "RuntimeError: boom second line"
    ]


@pytest.mark.parametrize(
    ("text", "line", "where"),
    [
        ('vendor: {name: X}\nlayer: L1\ncategory: "API\\0Gateway"\n', 3, "category"),
        ('vendor: {name: X}\nlayer: L1\n"a\\0b": 1\n', 3, "(top level)"),
        (
            # JSON that YAML cannot read (an escaped surrogate pair) goes the JSON way
            '{"vendor": {"name": "X"}, "layer": "L1", "category": "A\\u0000B", '
            '"t": "\\ud83d\\ude00"}',
            1,
            "category",
        ),
    ],
)
def test_an_escaped_nul_is_refused(text: str, line: int, where: str) -> None:
    """A raw NUL byte makes a file binary; an escaped one reached the output and the graph."""
    with pytest.raises(FileRejected) as refused:
        parse_text(text, "x.yaml")
    [problem] = refused.value.problems
    assert str(problem).startswith(
        f"x.yaml:{line}: error: {where}: a NUL character (an escaped \\0 or \\u0000), which no "
        "text holds"
    )


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"], ids=["LS", "PS", "NEL"])
def test_lines_are_counted_as_an_editor_shows_them(separator: str) -> None:
    """YAML 1.1 also breaks lines at LS, PS and NEL; an editor shows them inside a line."""
    text = f'a: "one{separator}two"\r\nb: 1\rc: 2\n'
    assert load_yaml(text, "f.yaml").lines == {(): 1, ("a",): 1, ("b",): 2, ("c",): 3}
    with pytest.raises(FileRejected) as duplicate:
        load_yaml(text + "b: 3\n", "f.yaml")
    assert [str(p) for p in duplicate.value.problems] == [
        "f.yaml:4: error: duplicate key 'b' (first on line 2)"
    ]
    with pytest.raises(FileRejected) as broken:
        load_yaml(text + "d: [1\n", "f.yaml")
    assert [p.line for p in broken.value.problems] == [5]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: ééééé\nb: ééééé\nc: ééééé\nd: x\x07\n", 4),  # libyaml's offset is in bytes
        ("a: 1\rb: 2\rc: \x07\r", 3),
        ("a: 1\r\nb: \x07\r\n", 2),
    ],
)
def test_a_control_character_is_found_on_its_line(text: str, line: int) -> None:
    with pytest.raises(FileRejected) as refused:
        load_yaml(text, "f.yaml")
    assert [str(p) for p in refused.value.problems] == [
        f"f.yaml:{line}: error: invalid YAML: control characters are not allowed (character #x0007)"
    ]
