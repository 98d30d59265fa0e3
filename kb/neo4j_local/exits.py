"""When the server has exited, whoever stopped it: stop and wait, reap, watch.

The server is a child of the process that launched it (`kb neo4j start`, `kb up`, the test
suite). Once it exits, it stays a zombie until that parent reaps it, and to any other process a
zombie's pid still exists: so a zombie counts as exited here, and the parent reaps it at once
from a thread (`reap_in_background`).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable

import psutil

from kb.neo4j_local.errors import LocalNeo4jError

STOP_TIMEOUT = 60.0  # SIGTERM's grace: a clean shutdown takes a few seconds
KILL_TIMEOUT = 10.0
REAP_GRACE = 5.0
POLL_INTERVAL = 0.1
WATCH_INTERVAL = 0.5


def has_exited(process: psutil.Process) -> bool:
    """Whether the process is gone or a zombie (reaped here when it is our child)."""
    try:
        # is_running() also sees a recycled pid (another start time) as gone.
        if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
            return False
    except psutil.NoSuchProcess:
        return True
    except psutil.AccessDenied:
        return False  # alive, only not ours to inspect
    with contextlib.suppress(psutil.Error, ChildProcessError):
        process.wait(timeout=0)  # our child: reap it; anyone else's: its parent will
    return True


def _wait_for_exit(process: psutil.Process, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not has_exited(process):
        if time.monotonic() > deadline:
            return False
        time.sleep(POLL_INTERVAL)
    return True


def terminate(
    process: psutil.Process,
    grace: float = STOP_TIMEOUT,
    kill_wait: float = KILL_TIMEOUT,
    reap_wait: float = REAP_GRACE,
) -> None:
    """SIGTERM (Neo4j shuts down cleanly), then SIGKILL if it will not go; wait for the exit,
    and briefly for its parent to reap it."""
    try:
        process.terminate()
        exited = _wait_for_exit(process, grace)
        if not exited:
            process.kill()
    except psutil.NoSuchProcess:
        return
    except psutil.AccessDenied:
        raise LocalNeo4jError(
            f"not allowed to stop Neo4j (pid {process.pid}): it runs as another user; "
            f"stop it as that user"
        ) from None
    if not (exited or _wait_for_exit(process, kill_wait)):
        raise LocalNeo4jError(
            f"Neo4j (pid {process.pid}) did not exit within {grace + kill_wait:g} s of SIGTERM "
            f"and SIGKILL; its state is {_status(process)!r}"
        )
    _wait_for_reaping(process, reap_wait)


def _wait_for_reaping(process: psutil.Process, timeout: float) -> None:
    """Give the zombie's parent a moment: some reap at once, an init may take a second or two.
    It has exited either way, so a parent that never reaps only costs the wait."""
    deadline = time.monotonic() + timeout
    while process.is_running() and time.monotonic() < deadline:
        time.sleep(POLL_INTERVAL)


def _status(process: psutil.Process) -> str:
    try:
        return str(process.status())
    except psutil.Error:
        return "unknown"


def reap_in_background(process: psutil.Process) -> None:
    """Reap our child the moment it exits, however it is stopped, so no zombie lingers."""

    def reap() -> None:
        with contextlib.suppress(psutil.Error, ChildProcessError):
            process.wait()

    threading.Thread(target=reap, name=f"reap-neo4j-{process.pid}", daemon=True).start()


def watch(pid: int, on_exit: Callable[[], None], interval: float = WATCH_INTERVAL) -> None:
    """Call `on_exit` once, from a daemon thread, when the server with `pid` has exited."""
    try:
        process = psutil.Process(pid)
    except psutil.NoSuchProcess:
        on_exit()
        return

    def poll() -> None:
        while not has_exited(process):
            time.sleep(interval)
        on_exit()

    threading.Thread(target=poll, name=f"watch-neo4j-{pid}", daemon=True).start()
