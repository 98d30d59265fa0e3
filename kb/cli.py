"""The `kb` command: one typer app; each command group lives in kb/commands/.

Every KbError becomes one line on stderr and an exit code; no traceback reaches a user.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any, TextIO, cast

import typer
from rich.console import Console
from typer.exceptions import TyperException

from kb.commands import files, graph, neo4j, serve, stack, up
from kb.errors import KbError

app = typer.Typer(
    name="kb",
    help="Trust Before Intelligence knowledge base: files, graph, API.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(neo4j.app, name="neo4j")
app.add_typer(stack.app, name="stack")
files.register(app)
graph.register(app)
serve.register(app)
up.register(app)

_stderr = Console(stderr=True, highlight=False, soft_wrap=True)


class _StdoutFailed(KbError):
    """Standard output cannot be written (a full disk, a lost terminal)."""


class _Stdout:
    """sys.stdout whose write errors become _StdoutFailed, with no side effect (click probes it).

    A closed pipe passes through: typer already ends quietly on one (exit 1), as `| head` wants.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as error:
            raise self._failed(error) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            raise self._failed(error) from None

    def _failed(self, error: OSError) -> Exception:
        if error.errno == errno.EPIPE:
            return error
        return _StdoutFailed(f"cannot write to standard output: {error.strerror or error}")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main() -> None:
    if sys.stdout is not None:  # None when the shell closed it (`kb … >&-`)
        sys.stdout = cast(TextIO, _Stdout(sys.stdout))
    try:
        # Without standalone mode click returns typer.Exit's code instead of exiting with it.
        result = app(standalone_mode=False, prog_name="kb")
        if isinstance(result, int) and result:
            if result == 130:  # typer turns Ctrl-C inside a command into exit code 130
                _stderr.print("kb: interrupted", markup=False)
            sys.exit(result)
    except KbError as error:
        if isinstance(error, _StdoutFailed) and sys.stdout is not None:
            # What could not be written would fail again when Python flushes stdout at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        _stderr.print(f"kb: error: {error}", markup=False)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        _stderr.print("kb: interrupted", markup=False)
        sys.exit(130)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.Abort:
        sys.exit(1)
    except TyperException as error:
        # Usage errors (unknown option, bad value, missing argument). Typer vendors its own
        # click, so `click.ClickException` would not catch them: they derive from this class.
        show = getattr(error, "show", None)
        if callable(show):
            show()
        else:
            _stderr.print(f"kb: error: {error.format_message()}", markup=False)
        sys.exit(error.exit_code)
