"""What `kb` imports before it needs it: a re-seed of unchanged files is mostly start-up."""

from __future__ import annotations

import subprocess
import sys

# The parsers, the evaluation model and the planners: only when a file must be read.
_HEAVY = ("kb.model", "kb.validate", "kb.seed", "kb.seed_stream", "kb.export", "kb.formats.load")


def test_the_cli_and_the_seed_entry_leave_the_parsers_unimported() -> None:
    probe = (
        "import sys, kb.cli, kb.seeding; "
        f"print(','.join(m for m in {_HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_seed_command_imports_them_when_a_file_changed() -> None:
    probe = (
        "import sys, kb.seeding, kb.seed; "
        f"print(','.join(m for m in {_HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    # The probe sees them (the test above is not vacuous); kb.seed_stream and kb.export come
    # later still, when streaming and in `kb export`.
    assert result.stdout.strip() == "kb.model,kb.validate,kb.seed,kb.formats.load"
