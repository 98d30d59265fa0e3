"""Usage errors (bad option values, unknown commands) are click's usage message, no traceback."""

from __future__ import annotations

import pytest

from tests.kb_cli import kb


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("validate", "--format", "xml", "seeds/"), "Invalid value for '--format'"),
        (("validate",), "Missing argument 'paths'"),
        (("convert", "seeds/evaluations/argilla.txt"), "Missing option '--to'"),
        (("neo4j", "logs", "--tail", "-1"), "Invalid value for '--tail' / '-n'"),
        (("neo4j", "frobnicate"), "No such command 'frobnicate'"),
        (("neo4j", "start", "extra"), "Got unexpected extra argument(s) (extra)"),
        # Path('') is '.': an empty argument (a variable expanded to nothing) would be the
        # current folder.
        (("validate", ""), "Invalid value for 'paths': an empty path (expected a file or folder)"),
        (("seed", "seeds/", ""), "Invalid value for 'paths': an empty path"),
        (("export", ""), "Invalid value for 'out_dir': an empty path (expected a file or folder)"),
        (("convert", "", "--to", "yaml"), "Invalid value for 'file': an empty path"),
    ],
)
def test_usage_errors_exit_2_with_the_usage_message(args: tuple[str, ...], says: str) -> None:
    done = kb(*args)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert says in done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith(f"Usage: kb {args[0]}")
