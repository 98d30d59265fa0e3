"""Problems found in evaluation files, and the one error type parsing raises.

A Problem is one line of `kb validate` output: `file:line: level: message`. Parsers collect
problems instead of stopping at the first, so a curator sees everything wrong in one pass.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from kb.errors import ValidationFailed

Level = Literal["error", "warning", "info"]


def dotted(path: tuple[str | int, ...]) -> str:
    """A value's path as line keys and messages name it: items count from 1 ('risks.2.text')."""
    return ".".join(str(p + 1) if isinstance(p, int) else p for p in path)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    level: Level
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.level}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class FileRejected(ValidationFailed):
    """A whole file cannot be read as an evaluation; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0] if problems else None
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{first}{more}" if first else "invalid evaluation file")
