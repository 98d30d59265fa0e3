"""Run every bench/bench_*.py (or the ones named: python -m bench parse seed)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from bench.recorder import Recorder


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    names = argv or sorted(p.stem.removeprefix("bench_") for p in here.glob("bench_*.py"))
    for name in names:
        module = importlib.import_module(f"bench.bench_{name}")
        recorder = Recorder(name)
        module.main(recorder)
        print(f"wrote {recorder.write()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
