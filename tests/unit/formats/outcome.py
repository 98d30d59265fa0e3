"""What every parse of a damaged file must end in: a report, or the project's own error."""

from __future__ import annotations

from collections.abc import Callable

from kb.errors import ValidationFailed
from kb.formats.base import Parsed
from kb.formats.rules import check_evaluation
from kb.framework import framework_data


def assert_report_or_validation_error(parse: Callable[[], Parsed], file: str) -> None:
    """`parse()` raises only ValidationFailed, and every message is one line naming `file`."""
    try:
        parsed = parse()
    except ValidationFailed as error:
        assert str(error).startswith(file)
        assert "\n" not in str(error)
        return
    problems = list(parsed.problems)
    for item in parsed.evaluations:
        problems += check_evaluation(item.evaluation, item.lines, file, framework_data()).problems
    for problem in problems:
        assert problem.file == file
        assert "\n" not in str(problem)
