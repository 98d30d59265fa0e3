"""`kb validate`, `kb convert` and `kb schema-json` as a user runs them (real subprocesses)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from kb.formats.load import load_file, parse_text
from tests.kb_cli import ROOT, kb

FIXTURES = Path("tests") / "fixtures" / "formats"
ARGILLA = Path("seeds") / "evaluations" / "argilla.txt"
SNAPSHOT = Path("seeds") / "evaluations" / "stack-builder-2026-06-20.yaml"


def test_validate_seeds_exits_0_with_the_two_argilla_warnings() -> None:
    done = kb("validate", "seeds/")
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stdout.splitlines() if ": warning: " in line]
    assert warnings == [
        "seeds/evaluations/argilla.txt:17: warning: INPACT: declared total 25/36 differs from "
        "the sum of its 6 dimensions (each /6), 21/36 (both kept; nothing rescaled)",
        "seeds/evaluations/argilla.txt:50: warning: GOALS: declared total 18/25 differs from "
        "the sum of its 5 dimensions (each /6), 14/30 (both kept; nothing rescaled)",
    ]
    assert ": error: " not in done.stdout
    assert done.stderr.strip() == "19 evaluations from 2 files; 0 errors, 2 warnings, 6 infos"


def test_validate_three_errors_exits_1_with_lines() -> None:
    done = kb("validate", str(FIXTURES / "three_errors.txt"))
    assert done.returncode == 1
    bad = FIXTURES / "three_errors.txt"
    assert [line for line in done.stdout.splitlines() if ": error: " in line] == [
        f"{bad}:3: error: unknown layer 'L9' in the vendor's layer "
        "(expected one of L1, L2, L3, L4, L5, L6, L7)",
        f"{bad}:17: error: INPACT is missing dimension C (Contextual)",
        f"{bad}:39: error: INPACT T score 7 is outside 0..6",
    ]
    assert done.stderr == (
        f"kb: error: 0 evaluations from 0 files; 3 errors, 2 warnings, 3 infos; failed: {bad}\n"
    )


def test_validate_json_format() -> None:
    done = kb("validate", "--format", "json", "seeds/", str(FIXTURES / "unknown_keys.yaml"))
    assert done.returncode == 1
    payload = json.loads(done.stdout)
    assert payload["ok"] is False
    assert payload["evaluations"] == 19
    assert payload["failed_files"] == [str(FIXTURES / "unknown_keys.yaml")]
    assert payload["counts"] == {"error": 3, "warning": 2, "info": 6}
    assert payload["problems"][-1] == {
        "file": str(FIXTURES / "unknown_keys.yaml"),
        "line": 13,
        "level": "error",
        "message": "unknown key 'weight' in scores.1",
    }


def test_convert_page_to_yaml_then_parse_gives_an_equal_model() -> None:
    done = kb("convert", str(ARGILLA), "--to", "yaml")
    assert done.returncode == 0, done.stderr
    converted = parse_text(done.stdout, "argilla.yaml")
    original = load_file(ROOT / ARGILLA, max_file_bytes=1_000_000).evaluations[0].evaluation
    assert converted.evaluations[0].evaluation.content() == original.content()


def test_convert_snapshot_writes_one_file_per_vendor(tmp_path: Path) -> None:
    done = kb("convert", str(SNAPSHOT), "--to", "json", "--output", str(tmp_path))
    assert done.returncode == 0, done.stderr
    snapshot = load_file(ROOT / SNAPSHOT, max_file_bytes=1_000_000).evaluations
    expected = {f"{item.evaluation.vendor.slug}.json": item.evaluation for item in snapshot}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(expected)
    assert len(expected) == 18
    for name, evaluation in expected.items():
        again = parse_text((tmp_path / name).read_text(encoding="utf-8"), name)
        assert again.evaluations[0].evaluation.content() == evaluation.content(), name
    # Written beside, then renamed: with the mode any file of the user's gets, not 0600.
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "temporal.json").stat().st_mode & 0o777 == 0o666 & ~umask
    before = (tmp_path / "temporal.json").read_text(encoding="utf-8")
    refused = kb("convert", str(SNAPSHOT), "--to", "json", "--output", str(tmp_path))
    assert refused.returncode == 1
    first = ", ".join(str(tmp_path / name) for name in list(expected)[:3])
    assert refused.stderr.splitlines()[-1] == (
        f"kb: error: {first} already exists (use --force to overwrite)"
    )
    assert (tmp_path / "temporal.json").read_text(encoding="utf-8") == before


def test_convert_refuses_a_file_with_errors_and_never_shows_a_traceback(tmp_path: Path) -> None:
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02")
    for args in (
        ("convert", str(FIXTURES / "three_errors.txt"), "--to", "yaml"),
        ("convert", str(binary), "--to", "yaml"),
        ("validate", str(binary)),
    ):
        done = kb(*args)
        assert done.returncode == 1, args
        assert "Traceback" not in done.stderr
        assert done.stderr.splitlines()[-1].startswith("kb: error: ")


def test_a_file_convert_cannot_read_is_its_line_then_one_summary(tmp_path: Path) -> None:
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02")
    done = kb("convert", str(binary), "--to", "yaml")
    problem = kb("validate", str(binary)).stdout.splitlines()[0]
    assert problem.startswith(f"{binary}: error: ")
    # Not "kb: error: x.bin: error: ...": the problem's line, then convert's own summary.
    assert done.stderr.splitlines() == [problem, f"kb: error: {binary}: not converted (1 errors)"]


def test_schema_json_check_says_why_it_cannot_compare(tmp_path: Path) -> None:
    (tmp_path / "latin1.json").write_bytes(b"\xff\xfe")
    missing = kb("schema-json", "--check", "-o", str(tmp_path / "none.json"))
    assert (
        missing.stderr
        == f"kb: error: {tmp_path / 'none.json'} does not exist: run `kb schema-json`\n"
    )
    garbled = kb("schema-json", "--check", "-o", str(tmp_path / "latin1.json"))
    assert garbled.stderr == f"kb: error: cannot read {tmp_path / 'latin1.json'}: not UTF-8 text\n"
    assert (missing.returncode, garbled.returncode) == (1, 1)


def test_schema_json_check_passes_on_the_committed_schema() -> None:
    done = kb("schema-json", "--check")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "schemas/evaluation.schema.json is current"


def test_unwritable_outputs_are_one_line_errors(tmp_path: Path) -> None:
    a_file = tmp_path / "afile"
    a_file.write_text("x\n", encoding="utf-8")
    a_dir = tmp_path / "adir"
    a_dir.mkdir()
    (a_dir / "argilla.yaml").mkdir()  # a folder where the converted file would go
    cases = {
        ("convert", str(ARGILLA), "--to", "yaml", "-o", f"{a_file}/out.yaml"): (
            f"kb: error: cannot write {a_file}/out.yaml: {a_file}: File exists"
        ),
        ("convert", str(ARGILLA), "--to", "yaml", "-o", str(a_dir), "--force"): (
            f"kb: error: cannot write {a_dir}/argilla.yaml: Is a directory"
        ),
        ("convert", str(SNAPSHOT), "--to", "json", "-o", str(a_file)): (
            f"kb: error: --output {a_file} is a file, but {SNAPSHOT} holds 18 evaluations: "
            "give a folder (one canonical file per vendor)"
        ),
        ("schema-json", "-o", str(a_dir)): f"kb: error: cannot write {a_dir}: Is a directory",
        ("schema-json", "--check", "-o", str(a_dir)): (
            f"kb: error: cannot read {a_dir}: Is a directory"
        ),
    }
    for args, message in cases.items():
        done = kb(*args)
        assert (done.returncode, done.stderr.splitlines()[-1]) == (1, message), done.stderr
        assert "Traceback" not in done.stderr
    page = a_dir / "page.txt"
    page.write_bytes((ROOT / ARGILLA).read_bytes())
    done = kb("convert", str(page), "--to", "yaml", "-o", str(page), "--force")
    assert (done.returncode, done.stderr.splitlines()[-1]) == (
        1,
        f"kb: error: --output would overwrite the input {page}: choose another file",
    )
    assert page.read_bytes() == (ROOT / ARGILLA).read_bytes()
    page.unlink()
    assert a_file.read_text(encoding="utf-8") == "x\n"
    assert sorted(p.name for p in a_dir.iterdir()) == ["argilla.yaml"]  # no temporary left


def test_the_size_limit_is_the_max_file_bytes_setting() -> None:
    done = kb("validate", str(ARGILLA), env={**os.environ, "MAX_FILE_BYTES": "1000"})
    size = (ROOT / ARGILLA).stat().st_size
    assert done.returncode == 1
    assert done.stdout == (
        f"{ARGILLA}: error: file is {size} bytes, over the limit of 1000 (setting MAX_FILE_BYTES)\n"
    )


def test_bad_inputs_are_one_located_line_each_and_never_a_traceback(tmp_path: Path) -> None:
    files: dict[str, bytes] = {
        "tag.yaml": b"vendor: !!python/object:os.system {}\n",
        "date.yaml": b"vendor: {name: X}\nlayer: L1\nprovenance:\n  evaluated_at: 2026-13-45\n",
        "control.yaml": b"vendor:\n  name: X\x01\n",
        "deep.json": b'{"vendor": {"name": "\\ud83d\\ude00"}, "x": '
        + b"[" * 3000
        + b"]" * 3000
        + b"}",
        "nan.json": b'{"vendor": {"name": "\\ud83d\\ude00"}, "layer": NaN}',
        "list.json": b"[1, 2]\n",
        "latin1.txt": b"L1 \xe9\n",
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    (tmp_path / "folder").mkdir()
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    names = [*files, "folder", "loop", "missing.yaml"]
    done = kb("validate", *(str(tmp_path / name) for name in names))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    t = tmp_path
    assert sorted(done.stdout.splitlines()) == sorted(
        [
            f"{t}/tag.yaml:1: error: YAML tag '!!python/object:os.system' refused: evaluation "
            "files hold plain values",
            f"{t}/date.yaml:4: error: invalid value '2026-13-45': month must be in 1..12",
            f"{t}/control.yaml:2: error: invalid YAML: control characters are not allowed "
            "(character #x0001)",
            f"{t}/deep.json: error: nested deeper than 32 levels",
            f"{t}/nan.json: error: invalid JSON: NaN is not a JSON number",
            f"{t}/list.json: error: not an evaluation file: no vendor page header ('L<n> — …'), "
            "no 'vendor:' or 'scores:' mapping",
            f"{t}/latin1.txt:1: error: invalid UTF-8 at byte offset 3 (byte 0xe9): evaluation "
            "files must be UTF-8",
            f"{t}/loop: error: broken symbolic link or symlink loop",
            f"{t}/missing.yaml: error: no such file or folder",
        ]
    )
