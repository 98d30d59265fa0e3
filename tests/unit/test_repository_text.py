"""Tracked files speak of the project: no numbered or ordinal "session" of work in them."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_ORDINALS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
# An ordinal or a number before "session", "work" before it, or "of work" after it; Neo4j
# driver sessions and pytest's session-scoped fixtures do not match.
WORK_SESSION = re.compile(
    rf"\b(?:(?:{_ORDINALS}|\d+(?:st|nd|rd|th))\s+(?:work\s+)?sessions?|work\s+sessions?"
    r"|sessions?\s+of\s+work)\b",
    re.IGNORECASE,
)


def tracked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    return [ROOT / name for name in listed.split("\0") if name]


def work_session_mentions(text: str) -> list[str]:
    return [match.group(0) for match in WORK_SESSION.finditer(text)]


def test_the_pattern_finds_work_sessions_and_leaves_driver_sessions_alone() -> None:
    # Built from parts, so that this file does not hold the phrases it keeps out of the others.
    word = "sess" + "ion"
    found = work_session_mentions(
        f"Since the Tenth  {word} the bench warms up; runs of the 3rd {word}; "
        f"this work {word}; two {word}s of work.\n"
        "with driver.session(database=db) as session: session.run(q); "
        '@pytest.fixture(scope="session"); start_new_session=True; SessionExpired'
    )
    assert found == [f"Tenth  {word}", f"3rd {word}", f"work {word}", f"{word}s of work"]


def test_no_tracked_file_mentions_a_work_session() -> None:
    files = tracked_files()
    assert len(files) > 100  # the listing worked
    hits = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue  # binary, or deleted in the work tree
        for line_number, line in enumerate(text.splitlines(), start=1):
            hits += [
                f"{path.relative_to(ROOT)}:{line_number}: {m}" for m in work_session_mentions(line)
            ]
    assert hits == []
