"""Stacks kept as small YAML files (stacks/*.yaml):

    name: Argilla alone
    profile: healthcare        # optional; `kb stack assess --profile` wins
    picks:
      L7: [argilla]            # layer (id, "Layer 7" or a name) -> vendor slugs
      L5: [cerbos]

Loaded with the evaluation files' safe YAML (no aliases, no duplicate keys, limits), and every
problem reported as `file:line: error: message`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kb.errors import KbError
from kb.formats.yamlsafe import YamlDocument, load_yaml
from kb.problems import FileRejected, Problem, dotted

MAX_STACK_FILE_BYTES = 64 * 1024


class StackFileError(KbError):
    """A stack file that cannot be read; the message is its problems, one per line."""

    exit_code = 2


class _StackFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = ""
    profile: str | None = None
    picks: dict[str, list[str]] = Field(default_factory=dict)


@dataclass(frozen=True)
class StackFile:
    name: str
    profile: str | None
    picks: list[tuple[str, str]]  # (layer as written, vendor slug), in file order
    where: list[str]  # "file:line" of each pick
    profile_where: str  # "file:line" of the profile


def load_stack(path: Path) -> StackFile:
    display = str(path)
    try:
        if path.stat().st_size > MAX_STACK_FILE_BYTES:
            raise StackFileError(f"{display}: larger than {MAX_STACK_FILE_BYTES} bytes")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise StackFileError(f"{display}: cannot read: {error}") from None
    try:
        doc = load_yaml(text, display)
    except FileRejected as rejected:
        raise StackFileError(_one_line([_plain(p) for p in rejected.problems])) from None
    try:
        parsed = _StackFile.model_validate(doc.data)
    except ValidationError as error:
        raise StackFileError(_one_line(_problems(error, doc, display))) from None
    picks, where = [], []
    for layer, vendors in parsed.picks.items():
        for i, vendor in enumerate(vendors):
            picks.append((layer, vendor))
            where.append(f"{display}:{doc.line(('picks', layer, i)) or 1}")
    profile_where = f"{display}:{doc.line(('profile',)) or 1}"
    return StackFile(parsed.name, parsed.profile, picks, where, profile_where)


def _plain(problem: Problem) -> str:
    where = problem.file if problem.line is None else f"{problem.file}:{problem.line}"
    return f"{where}: {problem.message}"


def _one_line(problems: list[str]) -> str:
    """The first problem, and how many more: the CLI reports bad input on one line."""
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return problems[0] + more


def _problems(error: ValidationError, doc: YamlDocument, display: str) -> list[str]:
    problems = []
    for item in error.errors():
        loc = tuple(item["loc"])
        field = dotted(loc) or "(top level)"
        if item["type"] == "extra_forbidden":
            message = f"unknown key {field!r} (expected name, profile, picks)"
        elif item["type"] == "missing":
            message = f"missing required key {field!r}"
        else:
            message = f"{field}: {item['msg']}"
        problems.append(_plain(Problem(display, doc.line(loc), "error", message)))
    return problems
