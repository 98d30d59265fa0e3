"""Validate evaluation files: every problem in one pass, and the evaluations that passed.

This is the interface the seeder calls: `validate_paths(paths)` reads files and folders,
detects each file's format by content, parses it, applies the rules, resolves vendor names to
one slug across files, and returns a ValidationReport.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kb.model import Evaluation
from kb.problems import Problem

__all__ = ["LoadedEvaluation", "Problem", "ValidationReport", "validate_paths"]


@dataclass
class LoadedEvaluation:
    """One evaluation and where its values are in its file.

    `lines` maps a value's key to its 1-based line: "vendor", "layer", "scores.INPACT" (the
    declared total), "scores.INPACT.P", "risks.1" (1-based item numbers), "risks.1.mitigation",
    "alternatives.2", "use_cases.3", "stack_impact.1", "strengths.4", ...
    """

    evaluation: Evaluation
    path: Path
    lines: dict[str, int] = field(default_factory=dict)

    def line(self, key: str) -> int | None:
        return self.lines.get(key)


@dataclass
class ValidationReport:
    evaluations: list[LoadedEvaluation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed_files(self) -> list[str]:
        """Files with at least one error, in the order first reported."""
        return list(dict.fromkeys(p.file for p in self.problems if p.level == "error"))

    @property
    def ok(self) -> bool:
        return not any(p.level == "error" for p in self.problems)

    def by_file(self) -> dict[Path, list[LoadedEvaluation]]:
        """Evaluations grouped per file: the seeder writes one transaction per file."""
        groups: dict[Path, list[LoadedEvaluation]] = {}
        for loaded in self.evaluations:
            groups.setdefault(loaded.path, []).append(loaded)
        return groups


def validate_paths(paths: Sequence[Path], *, max_file_bytes: int = 1_000_000) -> ValidationReport:
    """Read every evaluation file under `paths` (files or folders) and report all problems.

    - Formats are detected by content: vendor page, score snapshot or canonical YAML/JSON.
    - One snapshot file gives many evaluations; they share one `path` (the seeder writes one
      transaction per file, see `ValidationReport.by_file`).
    - Evaluations from files with any error are NOT in `.evaluations`; files without errors
      are, with their warnings and infos in `.problems`.
    - Files in folders that are not evaluations are skipped and reported as info.
    - Vendor and alternative slugs are resolved across files (declared aliases and
      seeds/aliases.yaml), so the same vendor has one slug everywhere.
    - Never raises for bad input: unreadable files become problems.
    """
    raise NotImplementedError
