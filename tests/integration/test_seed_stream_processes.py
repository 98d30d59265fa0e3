"""`kb seed`'s parsing process, seen from outside: Ctrl-C and a killed worker end the run with
one line and an exit code, never a traceback, a hang or a process left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import neo4j
import psutil

from bench.corpus import generate_corpus
from kb.seeding.streaming import CHUNK_FILES
from tests.integration.graph_helpers import (
    graph_fixture,  # noqa: F401 (the `graph` fixture)
    rows,
    seed,
)
from tests.kb_cli import ROOT
from tests.neo4j_server import TestServer

VENDORS = 300
BATCH_ROWS = 700  # about ten files per transaction: the run is still writing when signalled
WAIT = 60  # seconds: far longer than any of these runs takes, short of a hang


def _env(server: TestServer) -> dict[str, str]:
    env = {**os.environ, "NEO4J_URI": server.uri}
    if server.auth:
        env["NEO4J_USER"], env["NEO4J_PASSWORD"] = server.auth
    return env


def _kb_seed(server: TestServer, corpus: Path, prelude: str = "") -> subprocess.Popen[str]:
    """`kb seed CORPUS` through kb.cli.main (after `prelude`), in a process group of its own
    as a shell runs it: Ctrl-C signals that whole group."""
    code = f"{prelude}\nfrom kb.cli import main\nmain()"
    return subprocess.Popen(
        [sys.executable, "-c", code, "seed", str(corpus), "--batch-rows", str(BATCH_ROWS)],
        cwd=ROOT,
        env=_env(server),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _lines(stderr: str) -> list[str]:
    """What a user reads on stderr (the progress bar, on no terminal, leaves a blank line)."""
    return [line for line in stderr.splitlines() if line.strip()]


def _evaluations(driver: neo4j.Driver) -> int:
    return int(rows(driver, "MATCH (e:Evaluation) RETURN count(e) AS n")[0]["n"])


def _finish(process: subprocess.Popen[str]) -> str:
    """Its stderr once it has exited; a run still going after WAIT seconds is a hang."""
    try:
        _, stderr = process.communicate(timeout=WAIT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise AssertionError(f"kb seed still running {WAIT} s after the event") from None
    return stderr


def test_ctrl_c_mid_stream_exits_130_with_no_traceback_and_no_process_left(
    graph: neo4j.Driver, neo4j_server: TestServer, tmp_path: Path
) -> None:
    generate_corpus(VENDORS, tmp_path / "corpus")
    process = _kb_seed(neo4j_server, tmp_path / "corpus")
    deadline = time.monotonic() + WAIT
    while _evaluations(graph) == 0:  # writing while the worker parses
        assert process.poll() is None, f"kb seed ended before its first commit: {process.stderr}"
        assert time.monotonic() < deadline, f"kb seed committed nothing in {WAIT} s"
        time.sleep(0.02)
    children = psutil.Process(process.pid).children(recursive=True)
    assert children, "no parsing process while streaming"

    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    stderr = _finish(process)

    # One line from kb.cli and nothing from the worker (no KeyboardInterrupt traceback).
    assert (process.returncode, _lines(stderr)) == (130, ["kb: interrupted"])
    left = [c.pid for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
    assert left == []
    assert _evaluations(graph) < VENDORS  # it did stop mid-run


def test_a_killed_parsing_process_is_one_line_exit_1_not_a_hang(
    graph: neo4j.Driver, neo4j_server: TestServer, tmp_path: Path
) -> None:
    paths = sorted(generate_corpus(VENDORS, tmp_path / "corpus"))
    victim = paths[100]
    # As the OOM killer would: SIGKILL while preparing one file.
    prelude = (
        "import os, signal, kb.seeding.streaming as s\n"
        "prepare = s._prepare\n"
        "def dying(item):\n"
        f"    if item[0] == {str(victim)!r}:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return prepare(item)\n"
        "s._prepare = dying"
    )
    process = _kb_seed(neo4j_server, tmp_path / "corpus", prelude)
    stderr = _finish(process)

    first = paths[100 // CHUNK_FILES * CHUNK_FILES]  # the first file of the victim's chunk
    assert process.returncode == 1
    assert _lines(stderr) == [
        f"kb: error: the parsing process died (out of memory?) while preparing {first} or a "
        "few files after it; every file written before is whole; run kb seed again"
    ]
    written = _evaluations(graph)
    assert written < 100
    again = seed(graph, tmp_path / "corpus")  # as the message says: run it again
    assert (again.created, again.unchanged, again.failed) == (VENDORS - written, written, {})
