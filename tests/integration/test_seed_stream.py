"""`kb seed` writing while it parses (kb.seeding.streaming) gives exactly what validating every file
first gives: the same graph, the same counts, failures, warnings and messages."""

from __future__ import annotations

import gc
import re
from concurrent.futures import Future
from pathlib import Path

import neo4j
import pytest
from neo4j.exceptions import ServiceUnavailable

import kb.seeding.planning
import kb.seeding.streaming
import kb.seeding.writing
import kb.validate
from bench.corpus import generate_corpus
from kb.errors import KbError, Neo4jUnavailable
from kb.formats.names import NameResolver
from kb.model import Evaluation
from kb.seeding import SeedSummary, seed_paths
from kb.seeding.streaming import MIN_FILES, Prepared, _prepared_in_order
from kb.settings import Settings
from tests.integration.graph_helpers import (
    DB,
    dump,
    graph_fixture,  # noqa: F401 (the `graph` fixture)
    seed,
    wipe,
)
from tests.neo4j_server import TestServer

VENDORS = MIN_FILES + 10


def _settings(server: TestServer) -> Settings:
    values = {"neo4j_uri": server.uri, "neo4j_database": DB}
    if server.auth:
        values["neo4j_user"], values["neo4j_password"] = server.auth
    return Settings(**values)  # type: ignore[arg-type]


def _streamed(server: TestServer, folder: Path, monkeypatch: pytest.MonkeyPatch) -> SeedSummary:
    """seed_paths, which must take the streaming path for these files."""
    collector_on_while_streaming: list[bool] = []
    original = kb.seeding.streaming.seed_streaming

    def spy(*args: object, **kwargs: object) -> SeedSummary:
        collector_on_while_streaming.append(gc.isenabled())
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kb.seeding.streaming, "seed_streaming", spy)
    try:
        summary = seed_paths([folder], _settings(server))
    finally:
        assert gc.isenabled()  # on again, whether the seed ended well or not
    assert collector_on_while_streaming == [False]
    return summary


def _facts(summary: SeedSummary) -> tuple[object, ...]:
    return (
        summary.files,
        summary.created,
        summary.updated,
        summary.unchanged,
        sorted(summary.failed.items()),
        [str(w) for w in summary.warnings],
    )


def _compare(
    graph: neo4j.Driver, server: TestServer, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> SeedSummary:
    wipe(graph)
    classic = seed(graph, folder)
    expected = dump(graph, "ingestedAt")
    wipe(graph)
    streamed = _streamed(server, folder, monkeypatch)
    assert dump(graph, "ingestedAt") == expected
    assert _facts(streamed) == _facts(classic)
    return streamed


def test_a_canonical_corpus_streams_to_the_same_graph(
    graph: neo4j.Driver, neo4j_server: TestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate_corpus(VENDORS, tmp_path / "corpus")
    summary = _compare(graph, neo4j_server, tmp_path / "corpus", monkeypatch)
    assert (summary.created, summary.failed) == (VENDORS, {})


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    edited = re.sub(pattern, replacement, text, count=1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")


FIRST_ALTERNATIVE = r"- name: Synthetic Vendor \d+\n  slug: synthetic-vendor-\d+\n"


def test_bad_files_stubs_and_a_held_back_file_stream_to_the_same_graph(
    graph: neo4j.Driver, neo4j_server: TestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "corpus"
    paths = generate_corpus(VENDORS, folder)
    # An error of its own (a score out of range), one of pydantic's (an unknown key), a
    # reference to a vendor no file evaluates (a stub, with a located message), and a
    # non-ASCII reference, which only the cross-file pass may resolve: that file and every
    # later one are written after it.
    _edit(paths[3], r"score: ", "score: 9")
    _edit(paths[7], r"\nlayer:", "\ncolour: red\nlayer:")
    _edit(paths[11], FIRST_ALTERNATIVE, "- name: Nowhere Inc\n")
    _edit(paths[20], FIRST_ALTERNATIVE, "- name: Zürich Data\n")
    # A link to a risk its (evaluated) owner does not have: a warning from the cross-file pass.
    linking = next(p for p in paths if "\nmitigates:\n- vendor:" in p.read_text(encoding="utf-8"))
    _edit(linking, r"(\nmitigates:\n- vendor: \S+\n  risk: )'[^']*'", r"\1no-such-risk")
    owner = re.findall(r"\nmitigates:\n- vendor: (\S+)", linking.read_text(encoding="utf-8"))
    summary = _compare(graph, neo4j_server, folder, monkeypatch)
    assert sorted(Path(f).name for f in summary.failed) == [paths[3].name, paths[7].name]
    assert summary.created == VENDORS - 2
    assert [str(w) for w in summary.warnings if "no-such-risk" in str(w)] == [
        f"{linking}:{_line_of(linking, 'mitigates:') + 1}: warning: mitigates.1: {owner[0]} has "
        "no risk 'no-such-risk' (a link gives a risk's id, as kb convert shows it, or the exact "
        "text of a risk whose id is not stated; a text without spaces is read as an id): it "
        "will point at a bare risk"
    ]


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line == text)


def test_a_changed_file_streams_to_the_same_new_version(
    graph: neo4j.Driver, neo4j_server: TestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "corpus"
    paths = generate_corpus(VENDORS, folder)
    original = paths[5].read_text(encoding="utf-8")
    results = []
    for streamed in (False, True):
        wipe(graph)
        paths[5].write_text(original, encoding="utf-8")
        seed(graph, folder)
        _edit(paths[5], r"tagline: ", "tagline: Changed. ")
        summary = _streamed(neo4j_server, folder, monkeypatch) if streamed else seed(graph, folder)
        results.append((_facts(summary), dump(graph, "ingestedAt")))
    assert results[0] == results[1]
    assert results[1][0][1:4] == (0, 1, VENDORS - 1)  # created, updated, unchanged


def test_a_short_look_ahead_streams_to_the_same_graph(
    graph: neo4j.Driver, neo4j_server: TestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kb.seeding.streaming, "AHEAD", 3)  # the parser waits for the writer often
    generate_corpus(VENDORS, tmp_path / "corpus")
    summary = _compare(graph, neo4j_server, tmp_path / "corpus", monkeypatch)
    assert summary.created == VENDORS


def test_neo4j_going_away_mid_stream_is_reported_not_hung(
    graph: neo4j.Driver, neo4j_server: TestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate_corpus(VENDORS, tmp_path / "corpus")
    monkeypatch.setattr(kb.seeding.streaming, "AHEAD", 3)  # the feeder is waiting when it fails

    def gone(*_: object) -> None:
        raise ServiceUnavailable("connection lost")

    monkeypatch.setattr(kb.seeding.writing, "write_batch", gone)
    with pytest.raises(Neo4jUnavailable, match="Neo4j went away while seeding"):
        _streamed(neo4j_server, tmp_path / "corpus", monkeypatch)


def test_a_planning_bug_fails_its_file_alike_when_streamed_and_not(
    graph: neo4j.Driver, neo4j_server: TestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = generate_corpus(VENDORS, tmp_path / "corpus")
    plan = kb.seeding.planning._plan_evaluation

    def buggy(job: kb.seeding.planning.FileJob, *args: object) -> None:
        if job.path == str(paths[9]):
            raise RuntimeError("boom\n  here")
        plan(job, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(kb.seeding.planning, "_plan_evaluation", buggy)  # the worker forks with it
    summary = _compare(graph, neo4j_server, tmp_path / "corpus", monkeypatch)
    assert summary.failed == {
        str(paths[9]): f"{paths[9]}: internal error while planning (a bug, please report it): "
        "RuntimeError: boom here"
    }
    assert summary.created == VENDORS - 1


def test_a_bug_while_preparing_a_file_is_one_kb_error(
    graph: neo4j.Driver, neo4j_server: TestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = generate_corpus(VENDORS, tmp_path / "corpus")
    resolve = kb.validate.resolve_early

    def buggy(evaluation: Evaluation, resolver: NameResolver) -> bool:
        if evaluation.provenance.source_file == str(paths[4]):
            raise KeyError("slug")
        return resolve(evaluation, resolver)

    monkeypatch.setattr("kb.seeding.streaming.resolve_early", buggy)  # the worker forks with it
    with pytest.raises(KbError) as raised:
        _streamed(neo4j_server, tmp_path / "corpus", monkeypatch)
    assert str(raised.value) == (
        f"internal error while preparing {paths[4]} (a bug, please report it): KeyError: 'slug'"
    )


def test_the_worker_is_never_more_than_ahead_files_in_front(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(kb.seeding.streaming, "AHEAD", 24)  # three chunks of 8
    sent: list[str] = []

    class Executor:  # runs each chunk at once: the bound alone limits what is sent
        def submit(self, _: object, chunk: list[tuple[str, bool]]) -> Future[list[Prepared]]:
            sent.extend(path for path, _ in chunk)
            done: Future[list[Prepared]] = Future()
            done.set_result([Prepared(path, [], []) for path, _ in chunk])
            return done

    walked = [(Path(f"f{i:03}"), False) for i in range(100)]
    ahead: list[int] = []
    handed: list[str] = []
    for item in _prepared_in_order(Executor(), walked):  # type: ignore[arg-type]
        ahead.append(len(sent) - len(handed))  # sent, and not handed on before this one
        handed.append(item.path)
    assert handed == [str(path) for path, _ in walked]
    assert max(ahead) == 24
