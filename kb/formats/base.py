"""What every parser returns, and helpers they share."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from pydantic import ValidationError

from kb.model import Evaluation, SourceFormat
from kb.problems import Level, Problem, dotted

# "Layer 5", "Layer5", "L5": a layer named inside running text.
LAYER_MENTION = re.compile(r"\b(?:Layer\s*|L)([0-9]{1,2})\b")


class LazyLines(Mapping[str, int]):
    """Line numbers worked out on first use by `compute` (only files with a problem need
    them); `compute` and what it holds are dropped once it has run."""

    def __init__(self, compute: Callable[[], Mapping[str, int]]) -> None:
        self._compute: Callable[[], Mapping[str, int]] | None = compute
        self._lines: Mapping[str, int] | None = None

    def _resolved(self) -> Mapping[str, int]:
        if self._lines is None:
            assert self._compute is not None
            self._lines, self._compute = self._compute(), None
        return self._lines

    def __getitem__(self, key: str) -> int:
        return self._resolved()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._resolved())

    def __len__(self) -> int:
        return len(self._resolved())

    def __repr__(self) -> str:
        return repr(self._resolved())


@dataclass
class ParsedEvaluation:
    evaluation: Evaluation
    lines: Mapping[str, int] = field(default_factory=dict)


@dataclass
class Parsed:
    """A parser's answer: evaluations (with line numbers) and the problems it met."""

    format: SourceFormat
    evaluations: list[ParsedEvaluation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Collector:
    """Collects problems for one file."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, level: Level, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.file, line, level, message))

    def error(self, line: int | None, message: str) -> None:
        self.add("error", line, message)

    def warning(self, line: int | None, message: str) -> None:
        self.add("warning", line, message)

    def info(self, line: int | None, message: str) -> None:
        self.add("info", line, message)


def layer_mentions(text: str) -> list[str]:
    """Layer ids named in `text`, in order, each once: 'through Layer 5 tools' -> ['L5']."""
    return list(dict.fromkeys(f"L{int(m.group(1))}" for m in LAYER_MENTION.finditer(text)))


def describe_validation_error(error: ValidationError) -> list[tuple[tuple[str | int, ...], str]]:
    """(location, message) for each of pydantic's errors, in words a curator understands."""
    described = []
    for item in error.errors():
        loc = tuple(item["loc"])
        # Item numbers count from 1 in messages, as in `kb validate` line keys.
        where = dotted(loc) or "(top level)"
        kind = item["type"]
        if kind == "extra_forbidden":
            parent = where.rpartition(".")[0]
            message = f"unknown key '{loc[-1]}'" + (f" in {parent}" if parent else "")
        elif kind == "missing":
            message = f"missing required key '{where}'"
        elif kind == "enum":
            expected = item.get("ctx", {}).get("expected", "")
            message = f"{where}: unknown value {item['input']!r} (expected {expected})"
        elif kind == "timezone_aware":
            # Without an offset Neo4j would store another type (LocalDateTime) than for the
            # other versions, and the two never compare.
            message = (
                f"{where}: {item['input']} has no time zone "
                "(expected an offset, as kb export writes: 2026-01-02 10:00:00+00:00)"
            )
        else:
            message = f"{where}: {item['msg']}"
        described.append((loc, message))
    return described
