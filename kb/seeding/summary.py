"""What a seed run reports: files read, vendors created, updated or unchanged, failures,
warnings and retired vendors. Every stage adds to it; it imports none of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from kb.problems import Problem

if TYPE_CHECKING:
    from kb.validate import ValidationReport


class VendorCounts(Protocol):
    """What one written file adds to the counts (kb.seeding.planning.FileJob)."""

    created: int
    updated: int
    unchanged: int


@dataclass
class SeedSummary:
    files: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # file -> why
    warnings: list[Problem] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def add(self, written: VendorCounts) -> None:
        self.created += written.created
        self.updated += written.updated
        self.unchanged += written.unchanged

    @classmethod
    def of_validation(cls, report: ValidationReport) -> SeedSummary:
        """What validation found, before anything is written: its warnings, its failed files."""
        summary = cls(files=len(report.by_file()) + len(report.failed_files))
        for problem in report.problems:
            if problem.level == "warning":
                summary.warnings.append(problem)
            elif problem.level == "error":
                summary.failed.setdefault(problem.file, str(problem))
        return summary
