"""Seeds of one graph wait for each other (kb.seeding.lock): two `kb seed` at once over
overlapping folders both succeed and leave the graph one seed of the union leaves."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import neo4j

from bench.corpus import generate_corpus
from kb.seeding.lock import seed_lock
from tests.integration.graph_helpers import (
    DB,
    dump,
    graph_fixture,  # noqa: F401 (the `graph` fixture)
    rows,
    wipe,
)
from tests.neo4j_server import TestServer

WAITING = "waiting for another seed (started "


def _env(server: TestServer, **extra: str) -> dict[str, str]:
    env = {**os.environ, "NEO4J_URI": server.uri, **extra}
    if server.auth:
        env["NEO4J_USER"], env["NEO4J_PASSWORD"] = server.auth
    return env


def _start_seed(server: TestServer, log: Path, *folders: Path) -> subprocess.Popen[bytes]:
    kb = Path(sys.executable).with_name("kb")
    with log.open("wb") as stderr:
        return subprocess.Popen(
            [str(kb), "seed", *map(str, folders)],
            env=_env(server),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )


def _kb_seed(server: TestServer, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    kb = Path(sys.executable).with_name("kb")
    return subprocess.run(
        [str(kb), "seed", *args],
        env=_env(server, **env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _wait_for_line(logs: list[Path], text: str, processes: list[subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + 120
    while not all(text in log.read_text(encoding="utf-8") for log in logs):
        for process, log in zip(processes, logs, strict=True):
            assert process.poll() is None, log.read_text(encoding="utf-8")
        assert time.monotonic() < deadline, f"no {text!r} in 120 s"
        time.sleep(0.1)


def _split_corpus(root: Path) -> tuple[Path, Path, Path]:
    """60 vendors in a/, 60 in shared/, 60 in b/ (linked across folders: stubs too)."""
    paths = generate_corpus(180, root / "all")
    folders = (root / "a", root / "shared", root / "b")
    for index, path in enumerate(paths):
        target = folders[index // 60]
        target.mkdir(exist_ok=True)
        shutil.move(path, target / path.name)
    return folders


def _lock_nodes(driver: neo4j.Driver) -> int:
    return int(rows(driver, "MATCH (n:SeedLock) RETURN count(n) AS n")[0]["n"])


def test_two_seeds_at_once_over_overlapping_folders_equal_one_seed_of_the_union(
    graph: neo4j.Driver, neo4j_server: TestServer, tmp_path: Path
) -> None:
    a, shared, b = _split_corpus(tmp_path)
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    # Held here until both have planned nothing yet and wait: then they race for it.
    with seed_lock(graph, DB, timeout_s=10, notify=lambda _: None):
        processes = [
            _start_seed(neo4j_server, logs[0], a, shared),
            _start_seed(neo4j_server, logs[1], shared, b),
        ]
        _wait_for_line(logs, WAITING, processes)
    for process in processes:
        process.wait(timeout=300)
    messages = [log.read_text(encoding="utf-8") for log in logs]

    assert [p.returncode for p in processes] == [0, 0], messages
    for text in messages:
        assert f"by pid {os.getpid()} on host {socket.gethostname()}" in text
        assert "Error" not in text and "Node(" not in text
    assert _lock_nodes(graph) == 0
    assert rows(graph, "MATCH (e:Evaluation) RETURN count(e) AS n") == [{"n": 180}]
    together = dump(graph, "ingestedAt")

    wipe(graph)
    union = _kb_seed(neo4j_server, str(a), str(shared), str(b))
    assert union.returncode == 0, union.stderr
    assert dump(graph, "ingestedAt") == together


def test_a_seed_gives_up_waiting_with_one_line_and_writes_nothing(
    graph: neo4j.Driver, neo4j_server: TestServer, tmp_path: Path
) -> None:
    generate_corpus(3, tmp_path)
    with seed_lock(graph, DB, timeout_s=10, notify=lambda _: None):
        done = _kb_seed(neo4j_server, str(tmp_path), SEED_LOCK_TIMEOUT="1.5")

    holder = f"started {{}} by pid {os.getpid()} on host {socket.gethostname()}"
    lines = done.stderr.splitlines()
    assert done.returncode == 1
    assert len(lines) == 2, done.stderr
    started = lines[0].removeprefix(WAITING).split(" by pid ")[0]
    assert lines == [
        f"waiting for another seed ({holder.format(started)}); giving up after 1.5 s",
        f"kb: error: another seed ({holder.format(started)}) still holds the graph's seed lock "
        "after 1.5 s (SEED_LOCK_TIMEOUT); no evaluation was written; run kb seed again once it "
        "has ended",
    ]
    assert rows(graph, "MATCH (e:Evaluation) RETURN count(e) AS n") == [{"n": 0}]
    assert _lock_nodes(graph) == 0  # the holder released it


def _leave_lock(driver: neo4j.Driver, pid: int, host: str, expires_in_s: int) -> None:
    """A lock node as a seed killed with SIGKILL leaves it."""
    rows(
        driver,
        "CREATE (:SeedLock {id: 'seed', owner: 'killed', pid: $pid, host: $host, "
        "startedAt: datetime(), expiresAt: datetime() + duration({seconds: $expires}) })",
        pid=pid,
        host=host,
        expires=expires_in_s,
    )


def test_a_killed_seeds_lock_on_this_host_is_taken_over_at_once(
    graph: neo4j.Driver, neo4j_server: TestServer, tmp_path: Path
) -> None:
    generate_corpus(3, tmp_path)
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()  # its pid is gone now
    _leave_lock(graph, ended.pid, socket.gethostname(), expires_in_s=3600)

    done = _kb_seed(neo4j_server, str(tmp_path), SEED_LOCK_TIMEOUT="30")

    assert done.returncode == 0, done.stderr
    assert "waiting" not in done.stderr
    assert rows(graph, "MATCH (e:Evaluation) RETURN count(e) AS n") == [{"n": 3}]
    assert _lock_nodes(graph) == 0


def test_a_lock_from_another_host_is_taken_once_its_lease_has_run_out(
    graph: neo4j.Driver, neo4j_server: TestServer, tmp_path: Path
) -> None:
    generate_corpus(3, tmp_path)
    _leave_lock(graph, os.getpid(), "another-host", expires_in_s=-1)

    done = _kb_seed(neo4j_server, str(tmp_path), SEED_LOCK_TIMEOUT="30")

    assert done.returncode == 0, done.stderr
    assert "waiting" not in done.stderr
    assert _lock_nodes(graph) == 0


def test_a_live_lock_from_another_host_is_waited_for(
    graph: neo4j.Driver, neo4j_server: TestServer, tmp_path: Path
) -> None:
    generate_corpus(3, tmp_path)
    _leave_lock(graph, 4321, "another-host", expires_in_s=3600)

    done = _kb_seed(neo4j_server, str(tmp_path), SEED_LOCK_TIMEOUT="1")

    assert done.returncode == 1
    assert "by pid 4321 on host another-host" in done.stderr
    assert rows(graph, "MATCH (e:Evaluation) RETURN count(e) AS n") == [{"n": 0}]
    assert _lock_nodes(graph) == 1  # not this run's to release
