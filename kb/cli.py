"""The `kb` command: one typer app; each command group lives in kb/commands/.

Every KbError becomes one line on stderr and an exit code; no traceback reaches a user.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

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
        result = app(standalone_mode=False)
        if isinstance(result, int) and result:
            sys.exit(result)
    except KbError as error:
        _stderr.print(f"kb: error: {error}", markup=False)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        _stderr.print("kb: interrupted", markup=False)
        sys.exit(130)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except Exception as error:  # click usage errors and the like
        import click

        if isinstance(error, click.ClickException):
            error.show()
            sys.exit(error.exit_code)
        if isinstance(error, click.exceptions.Abort):
            sys.exit(1)
        raise
