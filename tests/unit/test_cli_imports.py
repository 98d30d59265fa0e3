"""What `kb` imports before it needs it: a re-seed of unchanged files is mostly start-up."""

from __future__ import annotations

import subprocess
import sys

# The parsers, the evaluation model and the planners: only when a file must be read.
_HEAVY = (
    "kb.model",
    "kb.validate",
    "kb.seeding.pipeline",
    "kb.seeding.validation",
    "kb.seeding.planning",
    "kb.seeding.writing",
    "kb.seeding.streaming",
    "kb.export",
    "kb.formats.load",
)


def _heavy_after(imports: str) -> str:
    """The heavy modules a fresh interpreter holds after `import <imports>`, comma-separated."""
    probe = f"import sys, {imports}; print(','.join(m for m in {_HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_the_cli_and_the_seed_entry_leave_the_parsers_unimported() -> None:
    assert _heavy_after("kb.cli, kb.seeding") == ""


def test_the_seed_command_imports_them_when_a_file_changed() -> None:
    # The probe sees them (the test above is not vacuous); kb.seeding.streaming and kb.export
    # come later still, when streaming and in `kb export`.
    assert _heavy_after("kb.seeding, kb.seeding.pipeline") == (
        "kb.model,kb.validate,kb.seeding.pipeline,kb.seeding.validation,kb.seeding.planning,"
        "kb.seeding.writing,kb.formats.load"
    )
