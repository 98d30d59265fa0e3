"""validate_paths: rules, cross-file checks, name resolution and bad input, in one pass."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kb.formats.canonical import dump_canonical
from kb.formats.load import load_file
from kb.model import Evaluation, VendorIdentity
from kb.problems import Problem
from kb.validate import (
    LoadedEvaluation,
    ValidationReport,
    _place,
    validate_paths,
)
from kb.walk import walk_files

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "formats"
SEEDS = ROOT / "seeds"
ARGILLA = SEEDS / "evaluations" / "argilla.txt"
SNAPSHOT = SEEDS / "evaluations" / "stack-builder-2026-06-20.yaml"


def lines(report: ValidationReport, level: str | None = None) -> list[str]:
    return [str(p) for p in report.problems if level is None or p.level == level]


def test_seeds_validate_clean_with_the_two_argilla_total_warnings() -> None:
    report = validate_paths([SEEDS])
    assert report.ok
    assert lines(report, "error") == []
    assert lines(report, "warning") == [
        f"{ARGILLA}:17: warning: INPACT: declared total 25/36 differs from the sum of its 6 "
        "dimensions (each /6), 21/36 (both kept; nothing rescaled)",
        f"{ARGILLA}:50: warning: GOALS: declared total 18/25 differs from the sum of its 5 "
        "dimensions (each /6), 14/30 (both kept; nothing rescaled)",
    ]
    assert len(report.evaluations) == 19
    assert {path.name: len(items) for path, items in report.by_file().items()} == {
        "argilla.txt": 1,
        "stack-builder-2026-06-20.yaml": 18,
    }


def test_seeds_stubs_and_one_slug_for_temporal() -> None:
    report = validate_paths([SEEDS])
    assert lines(report, "info") == [
        f"{ARGILLA}:113: info: alternative 'Apache Airflow' (apache-airflow) is not evaluated "
        "by any file: it becomes a stub vendor",
        f"{ARGILLA}:118: info: alternative 'Kong' (kong) is not evaluated by any file: it "
        "becomes a stub vendor",
        *(
            f"{SEEDS / name}: info: skipped: not an evaluation file: reference data"
            for name in (
                "aliases.yaml",
                "framework.yaml",
                "page_vocabulary.yaml",
                "risk_taxonomy.yaml",
            )
        ),
    ]
    slugs = {e.evaluation.vendor.name: e.evaluation.vendor.slug for e in report.evaluations}
    argilla = next(
        e.evaluation for e in report.evaluations if e.evaluation.vendor.slug == "argilla"
    )
    assert argilla.alternatives[0].slug == slugs["Temporal"] == "temporal"


def test_reference_and_unrelated_files_in_folders_are_info(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# Notes\n\nNothing to see.\n", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    shutil.copy(SEEDS / "framework.yaml", tmp_path / "framework.yaml")
    report = validate_paths([tmp_path])
    assert report.ok
    assert lines(report) == [
        f"{tmp_path / 'framework.yaml'}: info: skipped: not an evaluation file: reference data",
        f"{tmp_path / 'logo.png'}: info: skipped: binary file (contains NUL bytes): expected "
        "UTF-8 text",
        f"{tmp_path / 'notes.md'}: info: skipped: not an evaluation file: no vendor page header "
        "('L<n> — …'), no 'vendor:' or 'scores:' mapping",
    ]


def test_a_mapping_with_scores_in_a_folder_is_an_error_not_skipped(tmp_path: Path) -> None:
    """A snapshot whose vendors lost their indentation, or a canonical file without its
    vendor block, is meant as an evaluation: skipping it as info would hide it."""
    (tmp_path / "a.yaml").write_text(
        "source_url: https://example.org\nscores:\nTemporal: {layer: L2, inpact: 30}\n",
        encoding="utf-8",
    )
    (tmp_path / "b.yaml").write_text(
        "layer: L1\nscores:\n  - framework: INPACT\n", encoding="utf-8"
    )
    report = validate_paths([tmp_path])
    assert not report.ok
    assert lines(report) == [
        f"{tmp_path / 'a.yaml'}:2: error: scores: expected vendor names mapped to their scores "
        "(a score snapshot), indented under it; got nothing",
        f"{tmp_path / 'b.yaml'}:1: error: a canonical evaluation needs a 'vendor:' block with "
        "its name",
    ]
    assert report.failed_files == [str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")]


def test_out_of_range_missing_dimension_and_unknown_layer_are_three_errors() -> None:
    report = validate_paths([FIXTURES / "three_errors.txt"])
    bad = FIXTURES / "three_errors.txt"
    assert lines(report, "error") == [
        f"{bad}:3: error: unknown layer 'L9' in the vendor's layer "
        "(expected one of L1, L2, L3, L4, L5, L6, L7)",
        f"{bad}:17: error: INPACT is missing dimension C (Contextual)",
        f"{bad}:39: error: INPACT T score 7 is outside 0..6",
    ]
    assert report.evaluations == []
    assert report.failed_files == [str(bad)]


def test_same_vendor_in_two_files_is_an_error_naming_both(tmp_path: Path) -> None:
    page = tmp_path / "argilla.txt"
    shutil.copy(ARGILLA, page)
    evaluation = load_file(ARGILLA, max_file_bytes=1_000_000).evaluations[0].evaluation
    canonical = tmp_path / "argilla-copy.yaml"
    canonical.write_text(dump_canonical(evaluation, "yaml"), encoding="utf-8")
    report = validate_paths([tmp_path])
    assert lines(report, "error") == [
        f"{canonical}:2: error: vendor 'Argilla' (argilla) is evaluated more than once: "
        f"{canonical}:2 and {page}:1",
        f"{page}:1: error: vendor 'Argilla' (argilla) is evaluated more than once: "
        f"{page}:1 and {canonical}:2",
    ]
    assert report.evaluations == []
    assert sorted(report.failed_files) == sorted([str(canonical), str(page)])


def test_airflow_and_apache_airflow_resolve_to_one_slug(tmp_path: Path) -> None:
    airflow = tmp_path / "airflow.yaml"
    airflow.write_text("vendor: {name: Airflow}\nlayer: L7\n", encoding="utf-8")
    report = validate_paths([airflow, ARGILLA, FIXTURES / "kong.yaml"])
    assert report.ok
    by_slug = {e.evaluation.vendor.slug: e.evaluation for e in report.evaluations}
    assert by_slug["apache-airflow"].vendor.aliases == ["Apache Airflow"]
    assert by_slug["argilla"].alternatives[1].slug == "apache-airflow"
    assert by_slug["kong"].alternatives[0].slug == "apache-airflow"
    assert by_slug["kong"].mitigates[0].vendor == "argilla"
    # Kong and Apache Airflow are evaluated now: only Temporal and Cerbos stay stubs.
    assert [p.message for p in report.problems if p.level == "info"] == [
        "alternative 'Temporal' (temporal) is not evaluated by any file: it becomes a stub vendor",
        "mitigating vendor 'Cerbos' (cerbos) is not evaluated by any file: it becomes a stub "
        "vendor",
    ]


def test_an_alias_claimed_by_two_vendors_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "vendor: {name: Alpha, aliases: [Shared]}\nlayer: L1\n", encoding="utf-8"
    )
    (tmp_path / "b.yaml").write_text(
        "vendor: {name: Beta, aliases: [Shared]}\nlayer: L2\n", encoding="utf-8"
    )
    report = validate_paths([tmp_path])
    assert lines(report, "error") == [
        f"{tmp_path / 'b.yaml'}:1: error: Beta: 'Shared' already names vendor 'alpha'"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "error: empty file: expected a vendor page, a score snapshot or a YAML evaluation"),
        (
            b"  \n\n",
            "error: empty file: expected a vendor page, a score snapshot or a YAML evaluation",
        ),
        (
            b"PK\x03\x04\x00\x00binary",
            "error: binary file (contains NUL bytes): expected UTF-8 text",
        ),
        (
            b"Argilla\nL7 \xe2\x80 broken\n",
            "2: error: invalid UTF-8 at byte offset 11 (byte 0xe2): evaluation files must be UTF-8",
        ),
        (
            b"just: a mapping\n",
            "error: not an evaluation file: a mapping without 'vendor:' "
            "(canonical) or 'scores:' (snapshot)",
        ),
    ],
)
def test_bad_files_named_explicitly_are_errors(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    report = validate_paths([path])
    separator = ":" if message[0].isdigit() else ": "
    assert lines(report) == [f"{path}{separator}{message}"]
    assert not report.ok


def test_files_over_the_size_limit_are_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 2_000, encoding="utf-8")
    report = validate_paths([path], max_file_bytes=1_000)
    assert lines(report) == [
        f"{path}: error: file is 2000 bytes, over the limit of 1000 (setting MAX_FILE_BYTES)"
    ]


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    report = validate_paths([tmp_path / "nope"])
    assert lines(report) == [f"{tmp_path / 'nope'}: error: no such file or folder"]


def test_broken_links_and_loops_are_named(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").symlink_to(tmp_path / "nowhere")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a folder loop: not followed
    in_folder = validate_paths([tmp_path])
    assert lines(in_folder) == [
        f"{tmp_path / name}: info: skipped: broken symbolic link or symlink loop"
        for name in ("broken.yaml", "loop.yaml", "loop2")
    ]
    assert in_folder.ok
    named = validate_paths([tmp_path / "broken.yaml", tmp_path / "loop.yaml"])
    assert lines(named) == [
        f"{tmp_path / name}: error: broken symbolic link or symlink loop"
        for name in ("broken.yaml", "loop.yaml")
    ]


def test_what_is_neither_file_nor_folder_is_named_so(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")  # reading it would block: it is never opened
    named = validate_paths([tmp_path / "pipe.yaml", Path("/dev/null")])
    assert lines(named) == [
        f"{path}: error: not a regular file or folder (a device, a pipe or a socket)"
        for path in (Path("/dev/null"), tmp_path / "pipe.yaml")  # in path order
    ]
    in_folder = validate_paths([tmp_path])
    assert lines(in_folder) == [
        f"{tmp_path / 'pipe.yaml'}: info: skipped: not a regular file or folder "
        "(a device, a pipe or a socket)"
    ]


def test_a_file_reached_twice_is_read_once(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    (real / "b.yaml").write_text("x: 2\n", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(real / "a.yaml")
    (tmp_path / "alias").symlink_to(real)  # the same folder under a second name
    walked = list(
        walk_files([real, real / "b.yaml", tmp_path / "link.yaml", tmp_path / "alias"], [])
    )
    assert walked == [(real / "a.yaml", False), (real / "b.yaml", False)]
    via_alias = list(walk_files([tmp_path / "alias" / "b.yaml", real], []))
    assert via_alias == [(tmp_path / "alias" / "b.yaml", True), (real / "a.yaml", False)]


def test_a_folder_is_walked_in_path_order_without_hidden_entries(tmp_path: Path) -> None:
    for name in ("a-b.yaml", "a/b.yaml", "a/.hidden.yaml", ".git/x.yaml", "A.yaml", "a.b.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x: 1\n", encoding="utf-8")
    walked = [path.relative_to(tmp_path).as_posix() for path, _ in walk_files([tmp_path], [])]
    # As Path.rglob sorted: by path parts, so a/b.yaml comes before a-b.yaml ("-" < "/").
    assert walked == ["A.yaml", "a/b.yaml", "a-b.yaml", "a.b.yaml"]


def test_a_folder_that_cannot_be_read_is_reported_and_skipped(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Tests run as root, whom a mode of 000 does not stop: the refusal is simulated.
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("x: 1\n", encoding="utf-8")
    real_scandir = os.scandir

    def refusing(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    problems: list[Problem] = []
    assert list(walk_files([tmp_path], problems)) == [(tmp_path / "b.yaml", False)]
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'locked'}: info: skipped: cannot read folder (Permission denied)"
    ]


def test_canonical_rules_cover_layers_named_anywhere(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(
        "vendor: {name: X}\n"
        "layer: L3\n"
        "stack_impact:\n"
        "  - {layer: L8, text: t}\n"
        "risks:\n"
        "  - severity: low\n"
        "    text: r\n"
        "    mitigated_by_layers: [L0]\n"
        "scores:\n"
        "  - framework: GOALS\n"
        "    declared_total: 31\n"
        "    declared_max: 30\n",
        encoding="utf-8",
    )
    report = validate_paths([path])
    assert [p.message for p in report.problems] == [
        "unknown layer 'L8' in stack impact (expected one of L1, L2, L3, L4, L5, L6, L7)",
        "unknown layer 'L0' in risk 1's mitigation (expected one of L1, L2, L3, L4, L5, L6, L7)",
        "GOALS declared total 31 is outside 0..30",
    ]
    assert [p.line for p in report.problems] == [4, 6, 11]


def test_at_most_max_files_are_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("kb.walk.MAX_FILES", 2)
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.yaml").write_text(f"vendor: {{name: {name}}}\nlayer: L1\n")
    report = validate_paths([tmp_path])
    assert lines(report, "error") == [
        f"{tmp_path}: error: more than 2 files: validate fewer at a time"
    ]
    assert sorted(e.evaluation.vendor.name for e in report.evaluations) == ["a", "b"]


def test_at_most_max_vendors_per_snapshot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("kb.formats.snapshot.MAX_VENDORS", 2)
    path = tmp_path / "s.yaml"
    path.write_text(
        "scores:\n" + "".join(f"  V{n}: {{layer: L1, inpact: 1, goals: 1}}\n" for n in range(3))
    )
    assert lines(validate_paths([path]), "error") == [
        f"{path}:1: error: more than 2 vendors in one snapshot"
    ]


def test_at_most_max_values_per_yaml_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("kb.formats.yamlsafe.MAX_VALUES", 10)
    path = tmp_path / "x.yaml"
    path.write_text("vendor: {name: X}\nlayer: L1\nstrengths: [a, b, c, d, e, f, g, h]\n")
    assert lines(validate_paths([path])) == [
        f"{path}:3: error: more than 10 values: too large for an evaluation"
    ]


def test_a_place_without_a_known_line_names_the_file_only() -> None:
    evaluation = Evaluation(vendor=VendorIdentity(name="X"), layer="L1")
    assert _place(LoadedEvaluation(evaluation, Path("a.json"), {"vendor": 3})) == "a.json:3"
    assert _place(LoadedEvaluation(evaluation, Path("a.json"), {})) == "a.json"


def test_a_nul_byte_past_the_first_block_is_an_error_with_its_line(tmp_path: Path) -> None:
    # The first 8 KiB decide "binary" (a folder's image is skipped); a NUL further in went
    # through to the converted output and the graph.
    text = ARGILLA.read_text(encoding="utf-8")
    at = text.rindex("Always validate")
    (tmp_path / "a.txt").write_text(text[:at] + "\x00" + text[at:], encoding="utf-8")
    offset = len(text[:at].encode("utf-8"))
    assert lines(validate_paths([tmp_path / "a.txt"]), "error") == [
        f"{tmp_path / 'a.txt'}:{text[:at].count(chr(10)) + 1}: error: a NUL byte at byte offset "
        f"{offset}: evaluation files are text"
    ]


def test_a_stub_mitigating_vendor_is_reported_at_its_own_line() -> None:
    """At the name in mitigated_by_vendors (line 27), not at the risk it belongs to (24)."""
    kong = FIXTURES / "kong.yaml"
    report = validate_paths([kong])
    assert [p for p in lines(report, "info") if "Cerbos" in p] == [
        f"{kong}:27: info: mitigating vendor 'Cerbos' (cerbos) is not evaluated by any file: "
        "it becomes a stub vendor"
    ]


def test_a_link_to_a_risk_its_evaluated_owner_lacks_is_a_warning(tmp_path: Path) -> None:
    """It would be written as a bare risk that no file describes. A link by id, or by the
    exact text of a risk without a stated id (case and spacing aside), finds its risk; an
    owner no file evaluates has nothing to compare with."""
    shutil.copy(ARGILLA, tmp_path / "argilla.txt")
    abac = next(
        risk.text
        for risk in load_file(ARGILLA, max_file_bytes=1_000_000).evaluations[0].evaluation.risks
        if risk.id == "4e5964d31b"
    )
    (tmp_path / "guard.yaml").write_text(
        "vendor: {name: Guard}\n"
        "layer: L5\n"
        "mitigates:\n"
        "  - {vendor: argilla, risk: 4e5964d31b}\n"
        f"  - {{vendor: argilla, risk: '{abac.upper()}  '}}\n"
        "  - {vendor: argilla, risk: Lack of ABAC means annotators may access data}\n"
        "  - {vendor: nobody, risk: anything}\n",
        encoding="utf-8",
    )
    report = validate_paths([tmp_path])
    assert report.ok
    assert [line for line in lines(report, "warning") if "guard.yaml" in line] == [
        f"{tmp_path / 'guard.yaml'}:6: warning: mitigates.3: argilla has no risk 'Lack of ABAC "
        "means annotators may access data' (a link gives a risk's id, as kb convert shows it, "
        "or the exact text of a risk whose id is not stated; a text without spaces is read as "
        "an id): it will point at a bare risk"
    ]
