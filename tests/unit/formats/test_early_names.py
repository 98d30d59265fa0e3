"""Early name resolution: a canonical file's vendor block read alone, and when the seeder may
resolve names before it has parsed every file (kb.validate.early_names)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import kb.seeding.streaming
from bench.corpus import generate_corpus
from kb.errors import KbError
from kb.formats.identity import Identity, read_identity
from kb.problems import Problem
from kb.validate import (
    LoadedEvaluation,
    _resolve_names,
    early_names,
    name_facts,
    names_only,
    read_one_file,
    resolve_early,
    validate_paths,
)

ROOT = Path(__file__).resolve().parents[3]
ARGILLA = ROOT / "seeds" / "evaluations" / "argilla.txt"
SNAPSHOT = ROOT / "seeds" / "evaluations" / "stack-builder-2026-06-20.yaml"

HEAD = "# a comment\nvendor:\n  name: Acme Search\n"


def _identity(tmp_path: Path, text: str) -> Identity | None:
    path = tmp_path / "vendor.yaml"
    path.write_text(text, encoding="utf-8")
    return read_identity(path, max_file_bytes=1_000_000)


def test_the_vendor_block_of_a_canonical_file(tmp_path: Path) -> None:
    text = HEAD + "  slug: acme\n  aliases: [Acme, 'ACME Inc']\nlayer: L2\n"
    assert _identity(tmp_path, text) == Identity("Acme Search", "acme", ("Acme", "ACME Inc"))
    assert _identity(tmp_path, HEAD + "layer: L2\n") == Identity("Acme Search", "", ())


@pytest.mark.parametrize(
    "text",
    [
        "layer: L2\n" + HEAD.removeprefix("# a comment\n"),  # vendor is not the first key
        HEAD.replace("Acme Search", "123"),  # a number, not a str
        HEAD.replace("Acme Search", "yes"),  # a bool
        HEAD + "  name: Other\n",  # a duplicate key
        HEAD + "  owner: someone\n",  # a key the model refuses
        HEAD + "  aliases: &names [A]\n",  # an anchor
        HEAD.replace("Acme Search", "!!str Acme"),  # an explicit tag
        HEAD + "  aliases: [[A]]\n",  # an alias that is no str
        "vendor:\n  slug: acme\n",  # no name
        "vendor: [unclosed\n",  # not YAML
        "- vendor: a\n",  # a list
    ],
)
def test_anything_unusual_gives_no_identity(tmp_path: Path, text: str) -> None:
    assert _identity(tmp_path, text) is None


def test_pages_snapshots_and_big_files_give_no_identity(tmp_path: Path) -> None:
    assert read_identity(ARGILLA, max_file_bytes=1_000_000) is None
    assert read_identity(SNAPSHOT, max_file_bytes=1_000_000) is None
    path = tmp_path / "vendor.yaml"
    path.write_text(HEAD, encoding="utf-8")
    assert read_identity(path, max_file_bytes=10) is None
    assert read_identity(tmp_path / "missing.yaml", max_file_bytes=1_000_000) is None


def test_early_names_for_plain_vendors_resolve_as_the_cross_file_pass() -> None:
    found = early_names([Identity("Acme Search", "", ()), Identity("Bolt", "bolt", ())])
    assert found is not None
    resolver, slugs = found
    assert slugs == ["acme-search", "bolt"]
    assert resolver.resolve("ACME search") == "acme-search"
    assert resolver.resolve("Airflow") == "apache-airflow"  # seeds/aliases.yaml


@pytest.mark.parametrize(
    "identities",
    [
        [Identity("Acme", "", ()), None],  # a file that is not canonical
        [Identity("Acme", "", ()), Identity("ACME", "", ())],  # one vendor twice
        [Identity("Acme", "", ("Bolt",)), Identity("Bolt", "", ())],  # a name claimed twice
        [Identity("Acme", "acme-inc", ())],  # a slug the name does not give
        [Identity("Acme", "", ("Acme Corp",))],  # an alias with another slug
        [Identity("Açme", "", ())],  # not ASCII
        [Identity("Airflow", "", ())],  # seeds/aliases.yaml gives it another slug
        [Identity("!!", "", ())],  # no slug at all
    ],
)
def test_early_names_refuse_what_a_failed_file_could_change(
    identities: list[Identity | None],
) -> None:
    assert early_names(identities) is None


def test_resolve_early_leaves_a_non_ascii_reference_to_the_cross_file_pass(
    tmp_path: Path,
) -> None:
    paths = generate_corpus(3, tmp_path)
    report = validate_paths([tmp_path])
    found = early_names([read_identity(p, max_file_bytes=1_000_000) for p in paths])
    assert found is not None
    evaluation = report.evaluations[0].evaluation
    before = name_facts(evaluation)
    evaluation.alternatives[0].name = "Zürich Data"
    evaluation.alternatives[0].slug = "zurich-data"
    assert resolve_early(evaluation, found[0]) is False
    assert name_facts(evaluation)[0] == before[0]


def test_names_only_resolve_like_the_full_evaluations(tmp_path: Path) -> None:
    paths = generate_corpus(12, tmp_path / "corpus")
    report = validate_paths([tmp_path / "corpus"])
    parsed = [read_one_file(path, False, 1_000_000)[1][0] for path in paths]  # not resolved
    stand_ins = [
        LoadedEvaluation(names_only(name_facts(x.evaluation)), x.path, x.lines) for x in parsed
    ]
    problems: list[Problem] = []
    _resolve_names(stand_ins, problems)
    assert [str(p) for p in problems] == [str(p) for p in report.problems]
    assert [name_facts(x.evaluation) for x in stand_ins] == [
        name_facts(x.evaluation) for x in report.evaluations
    ]


def test_a_killed_vendor_block_reader_is_one_kb_error_not_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pre-pass runs in two forked processes: one dying (the OOM killer, a crash) must end
    the seed with a message, not leave it waiting for answers that never come."""
    generate_corpus(60, tmp_path)
    walked = [(path, False) for path in sorted(tmp_path.glob("*.yaml"))]
    victim = walked[30][0]

    def dies_on_one_file(path: Path, max_file_bytes: int) -> Identity | None:
        if path == victim:
            os._exit(1)  # in the forked worker: as if killed
        return read_identity(path, max_file_bytes=max_file_bytes)

    monkeypatch.setattr(kb.seeding.streaming, "read_identity", dies_on_one_file)
    with pytest.raises(KbError) as failure:
        kb.seeding.streaming.stream_resolver(walked, max_file_bytes=1_000_000)
    assert str(failure.value) == (
        "a process reading the files' vendor blocks died (out of memory?); nothing was "
        "written; run kb seed again"
    )
