"""Stopping, reaping and watching a server process, on real processes standing in for Neo4j."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator

import psutil
import pytest

from kb.neo4j_local import LocalNeo4jError, exits

# Prints its child's pid and then never reaps it, as `kb up` did with Neo4j.
NEGLECTFUL_PARENT = """
import subprocess, sys, time
child = subprocess.Popen(["sleep", "60"])
print(child.pid, flush=True)
time.sleep(60)
"""

DEAF_TO_SIGTERM = """
import signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("deaf", flush=True)
time.sleep(60)
"""


def eventually(condition: Callable[[], bool], within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@pytest.fixture
def sleeper() -> Iterator[subprocess.Popen[bytes]]:
    """Our own child, as the server is a child of the process that started it."""
    child = subprocess.Popen(["sleep", "60"])
    yield child
    child.kill()
    child.wait()


def test_a_zombie_someone_else_must_reap_counts_as_stopped() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", NEGLECTFUL_PARENT], stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None
        server = psutil.Process(int(parent.stdout.readline()))
        # Were a zombie still running, this would end in "did not exit" after the grace.
        exits.terminate(server, grace=10, kill_wait=1, reap_wait=0.5)
        assert server.status() == psutil.STATUS_ZOMBIE  # still there: only its parent can reap
        assert exits.has_exited(server)
    finally:
        parent.kill()
        parent.wait()


def test_a_server_deaf_to_sigterm_is_killed_after_the_grace() -> None:
    deaf = subprocess.Popen([sys.executable, "-c", DEAF_TO_SIGTERM], stdout=subprocess.PIPE)
    assert deaf.stdout is not None
    assert deaf.stdout.readline() == b"deaf\n"  # the handler is in place
    exits.terminate(psutil.Process(deaf.pid), grace=0.5, kill_wait=5)
    assert not psutil.pid_exists(deaf.pid)  # killed, and reaped by us, its parent
    deaf.stdout.close()


def test_a_server_gone_before_the_stop_is_stopped(sleeper: subprocess.Popen[bytes]) -> None:
    server = psutil.Process(sleeper.pid)
    sleeper.kill()
    sleeper.wait()
    exits.terminate(server, grace=0.1, kill_wait=0.1)  # no error: it is already gone


class Unkillable(psutil.Process):
    """A process whose signals go nowhere, as one stuck in the kernel (state D) ignores them."""

    def terminate(self) -> None:
        pass

    def kill(self) -> None:
        pass


def test_a_server_that_outlives_sigkill_is_one_line_naming_it(
    sleeper: subprocess.Popen[bytes],
) -> None:
    with pytest.raises(LocalNeo4jError) as refused:
        exits.terminate(Unkillable(sleeper.pid), grace=0.2, kill_wait=0.3)
    assert str(refused.value) == (
        f"Neo4j (pid {sleeper.pid}) did not exit within 0.5 s of SIGTERM and SIGKILL; "
        "its state is 'sleeping'"
    )


def test_our_child_stopped_by_another_process_is_reaped_at_once(
    sleeper: subprocess.Popen[bytes],
) -> None:
    exits.reap_in_background(psutil.Process(sleeper.pid))
    os.kill(sleeper.pid, signal.SIGTERM)  # as `kb neo4j stop` from another terminal does
    assert eventually(lambda: not psutil.pid_exists(sleeper.pid))  # no zombie left behind


def test_watch_calls_back_once_the_server_has_exited(sleeper: subprocess.Popen[bytes]) -> None:
    calls: list[int] = []
    called = threading.Event()

    def on_exit() -> None:
        calls.append(sleeper.pid)
        called.set()

    exits.watch(sleeper.pid, on_exit, interval=0.02)
    assert not called.wait(0.3)  # still running
    os.kill(sleeper.pid, signal.SIGTERM)
    assert called.wait(5)
    time.sleep(0.1)
    assert calls == [sleeper.pid]


def test_watch_of_a_server_already_gone_calls_back_at_once(
    sleeper: subprocess.Popen[bytes],
) -> None:
    sleeper.kill()
    sleeper.wait()
    calls: list[str] = []
    exits.watch(sleeper.pid, lambda: calls.append("exited"))
    assert calls == ["exited"]
