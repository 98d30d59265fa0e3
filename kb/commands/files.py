"""`kb validate`, `kb convert` and `kb schema-json`: evaluation files, no database needed."""

from __future__ import annotations

import json
import os
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kb.commands.arguments import non_empty_path
from kb.errors import KbError, ValidationFailed
from kb.paths import SCHEMA_PATH
from kb.problems import FileRejected, Problem
from kb.settings import get_file_settings

# The parsers and the evaluation model are imported by the commands that use them: every kb
# command (a re-seed of unchanged files above all) would pay for them at start-up.


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class Target(StrEnum):
    YAML = "yaml"
    JSON = "json"


def _counts(problems: list[Problem]) -> dict[str, int]:
    return {
        level: sum(p.level == level for p in problems) for level in ("error", "warning", "info")
    }


def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Evaluation files or folders.", parser=non_empty_path),
    ],
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="text: one line per problem; json.")
    ] = ReportFormat.TEXT,
) -> None:
    """Check evaluation files: every problem, one line each; exit 1 on any error."""
    from kb.validate import validate_paths

    report = validate_paths(paths, max_file_bytes=get_file_settings().max_file_bytes)
    counts = _counts(report.problems)
    if output_format is ReportFormat.JSON:
        payload = {
            "ok": report.ok,
            "evaluations": len(report.evaluations),
            "files": sorted({str(e.path) for e in report.evaluations}),
            "failed_files": report.failed_files,
            "counts": counts,
            "problems": [p.as_dict() for p in report.problems],
        }
        typer.echo(json.dumps(payload, indent=2))
    else:
        for problem in report.problems:
            typer.echo(str(problem))
    files = len({e.path for e in report.evaluations})
    summary = (
        f"{len(report.evaluations)} evaluations from {files} files; {counts['error']} errors, "
        f"{counts['warning']} warnings, {counts['info']} infos"
    )
    if not report.ok:
        # Raised, not typer.Exit(1): the kb entry point turns a KbError into exit code 1.
        raise ValidationFailed(f"{summary}; failed: {', '.join(report.failed_files)}")
    if output_format is ReportFormat.TEXT:
        typer.echo(summary, err=True)


def _cannot_write(path: Path, error: OSError, *, name_culprit: bool = False) -> KbError:
    # mkdir's errors name a parent ("afile: File exists" when a parent is a file): keep it.
    culprit = f"{error.filename}: " if name_culprit and error.filename else ""
    return KbError(f"cannot write {path}: {culprit}{error.strerror or error}")


def _write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _cannot_write(path, error, name_culprit=True) from None
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError as error:
        raise _cannot_write(path, error) from None
    try:
        # mkstemp makes the file private (0600); what we write is as shareable as any file
        # the user creates: 0666 less their umask.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(handle, 0o666 & ~umask)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        Path(temporary).replace(path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _cannot_write(path, error) from None
        raise


def convert(
    file: Annotated[
        Path,
        typer.Argument(help="A vendor page, snapshot or canonical file.", parser=non_empty_path),
    ],
    to: Annotated[Target, typer.Option("--to", help="Canonical output format.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File (one vendor) or folder (a snapshot)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    """Convert an evaluation file to the canonical format (stdout, a file, or a folder)."""
    from kb.formats.canonical import dump_canonical
    from kb.formats.load import load_file
    from kb.formats.rules import check_evaluation
    from kb.framework import framework_data

    display = str(file)
    try:
        parsed = load_file(file, max_file_bytes=get_file_settings().max_file_bytes, display=display)
    except FileRejected as rejected:  # its lines as kb validate prints them, then one summary
        for problem in rejected.problems:
            typer.echo(str(problem), err=True)
        raise ValidationFailed(
            f"{display}: not converted ({len(rejected.problems)} errors)"
        ) from None
    problems = list(parsed.problems)
    for item in parsed.evaluations:
        problems += check_evaluation(
            item.evaluation, item.lines, display, framework_data()
        ).problems
    for problem in problems:
        typer.echo(str(problem), err=True)
    errors = sum(p.level == "error" for p in problems)
    if errors or not parsed.evaluations:
        raise ValidationFailed(f"{display}: not converted ({errors} errors)")
    evaluations = [item.evaluation for item in parsed.evaluations]
    if output is None:
        if len(evaluations) > 1:
            raise KbError(
                f"{display} holds {len(evaluations)} evaluations: give --output FOLDER "
                "(one canonical file per vendor)"
            )
        typer.echo(dump_canonical(evaluations[0], to.value), nl=False)
        return
    if len(evaluations) > 1 and output.exists() and not output.is_dir():
        raise KbError(
            f"--output {output} is a file, but {display} holds {len(evaluations)} evaluations: "
            "give a folder (one canonical file per vendor)"
        )
    if len(evaluations) > 1 or output.is_dir():
        targets = [(output / f"{e.vendor.slug}.{to.value}", e) for e in evaluations]
    else:
        targets = [(output, evaluations[0])]
    if any(path.resolve() == file.resolve() for path, _ in targets):
        raise KbError(f"--output would overwrite the input {display}: choose another file")
    existing = [str(path) for path, _ in targets if path.exists()]
    if existing and not force:
        raise KbError(f"{', '.join(existing[:3])} already exists (use --force to overwrite)")
    for path, evaluation in targets:
        _write_atomically(path, dump_canonical(evaluation, to.value))
    typer.echo(f"wrote {len(targets)} file(s) to {output}", err=True)


def schema_json(
    output: Annotated[Path, typer.Option("--output", "-o")] = Path(SCHEMA_PATH),
    check: Annotated[bool, typer.Option("--check", help="Only check the file is current.")] = False,
) -> None:
    """Write the canonical format's JSON Schema, generated from the model."""
    from kb.formats.schema import schema_text

    text = schema_text()
    if check:
        try:
            current = output.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise KbError(f"{output} does not exist: run `kb schema-json`") from None
        except (OSError, UnicodeDecodeError) as error:
            reason = "not UTF-8 text" if isinstance(error, UnicodeDecodeError) else error.strerror
            raise KbError(f"cannot read {output}: {reason or error}") from None
        if current != text:
            raise KbError(f"{output} is out of date: run `kb schema-json`")
        typer.echo(f"{output} is current")
        return
    _write_atomically(output, text)
    typer.echo(f"wrote {output}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the kb app."""
    app.command()(validate)
    app.command()(convert)
    app.command("schema-json")(schema_json)
