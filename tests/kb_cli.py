"""Run `kb` as a user does: a real subprocess from the checkout, output captured."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def kb(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`kb ARGS` in the checkout (relative paths in ARGS resolve there); never raises."""
    return subprocess.run(
        # Through kb.cli.main, so the test runs the code in this checkout, installed or not.
        [sys.executable, "-c", "from kb.cli import main; main()", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
