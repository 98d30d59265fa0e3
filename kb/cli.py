"""The `kb` command: one typer app; each command group lives in kb/commands/.

Every KbError becomes one line on stderr and an exit code; no traceback reaches a user.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from typer.exceptions import TyperException

from kb.commands import files, graph, neo4j, serve, up
from kb.errors import KbError

app = typer.Typer(
    name="kb",
    help="Trust Before Intelligence knowledge base: files, graph, API.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(neo4j.app, name="neo4j")
files.register(app)
graph.register(app)
serve.register(app)
up.register(app)

_stderr = Console(stderr=True, highlight=False, soft_wrap=True)


def main() -> None:
    try:
        # Without standalone mode click returns typer.Exit's code instead of exiting with it.
        result = app(standalone_mode=False, prog_name="kb")
        if isinstance(result, int) and result:
            if result == 130:  # typer turns Ctrl-C inside a command into exit code 130
                _stderr.print("kb: interrupted", markup=False)
            sys.exit(result)
    except KbError as error:
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
