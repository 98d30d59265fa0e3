"""`kb seed PATH... [--prune]` and `kb export DIR`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kb.commands.arguments import non_empty_path
from kb.errors import KbError
from kb.graph.driver import open_driver
from kb.seeding import BATCH_ROWS, SeedSummary, seed_paths
from kb.settings import get_settings

_out = Console(highlight=False, soft_wrap=True)
_err = Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def _progress_bar() -> Iterator[Callable[[int], Callable[[int], None]]]:
    with Progress(
        TextColumn("seeding"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TimeElapsedColumn(),
        console=_err,
        transient=True,
        # Off a terminal a bar cannot redraw: it would leave a line (or a blank one) in the log.
        disable=not _err.is_terminal,
    ) as progress:

        def start(total: int) -> Callable[[int], None]:
            task = progress.add_task("seed", total=total)
            return lambda n: progress.advance(task, n)

        yield start


def summary_table(summary: SeedSummary) -> Table:
    table = Table(title="kb seed", show_header=True)
    table.add_column("")
    table.add_column("count", justify="right")
    table.add_row("files read", str(summary.files))
    table.add_row("vendors created", str(summary.created))
    table.add_row("vendors updated", str(summary.updated))
    table.add_row("vendors unchanged", str(summary.unchanged))
    table.add_row("files failed", str(len(summary.failed)))
    table.add_row("warnings", str(len(summary.warnings)))
    table.add_row("vendors retired (--prune)", str(len(summary.retired)))
    return table


def seed(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Evaluation files or folders.", parser=non_empty_path),
    ],
    prune: Annotated[
        bool, typer.Option("--prune", help="Retire vendors whose file is gone.")
    ] = False,
    batch_rows: Annotated[
        int,
        typer.Option(
            min=1, help="Rows per write transaction (several files each; a file is never split)."
        ),
    ] = BATCH_ROWS,
) -> None:
    """Validate evaluation files, apply the schema and write them into the graph."""
    settings = get_settings()
    with _progress_bar() as progress:
        summary = seed_paths(
            paths,
            settings,
            prune_missing=prune,
            progress=progress,
            batch_rows=batch_rows,
            notify=lambda line: _err.print(line, markup=False),
        )
    for problem in summary.warnings:
        _err.print(str(problem), markup=False)
    for file, why in summary.failed.items():
        _err.print(
            f"failed: {why}" if why.startswith(file) else f"failed: {file}: {why}", markup=False
        )
    for slug in summary.retired:
        _err.print(f"retired: {slug} (its file is gone)", markup=False)
    _out.print(summary_table(summary))
    if not summary.ok:
        count = len(summary.failed)
        raise KbError(f"{count} file{'s' if count > 1 else ''} failed; the others were seeded")


def export(
    out_dir: Annotated[
        Path,
        typer.Argument(help="Folder to write (created if missing).", parser=non_empty_path),
    ],
) -> None:
    """Write the knowledge base back to canonical YAML (history included) and a JSON dump."""
    from kb.export import export_graph  # the evaluation model: not imported for kb seed

    settings = get_settings()
    with open_driver(settings) as driver:
        done = export_graph(driver, settings.neo4j_database, out_dir)
    _out.print(
        f"exported {done.vendors} vendors ({done.versions} evaluation versions) to "
        f"{out_dir / 'vendors'} and {done.nodes} nodes, {done.relationships} relationships "
        f"to {out_dir / 'graph.json'}",
        markup=False,
    )
    for why in done.skipped.values():
        _err.print(f"kb: warning: not exported: {why}", markup=False)
    if done.skipped:
        count = len(done.skipped)
        raise KbError(
            f"{count} vendor{'s' if count > 1 else ''} not exported (above): the backup is "
            f"incomplete; graph.json holds {'them' if count > 1 else 'it'} still"
        )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the kb app."""
    app.command("seed")(seed)
    app.command("export")(export)
