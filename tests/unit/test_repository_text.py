"""The repository's files speak of the project, not of how work on it was scheduled."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_ORDINALS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
# "<ordinal> session", "work session", "sessions of work"; Neo4j driver sessions and pytest's
# session-scoped fixtures do not match.
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
    found = work_session_mentions(
        "Since the Tenth  session the bench warms up; runs of the 3rd session; "
        "this work session; two sessions of work.\n"
        "with driver.session(database=db) as session: session.run(q); "
        '@pytest.fixture(scope="session"); start_new_session=True; SessionExpired'
    )
    assert found == ["Tenth  session", "3rd session", "work session", "sessions of work"]


def test_no_tracked_file_mentions_a_work_session() -> None:
    files = tracked_files()
    assert len(files) > 100  # the listing worked
    hits = []
    for path in files:
        if path == Path(__file__).resolve():
            continue  # its examples are the pattern's own test
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue  # binary, or deleted in the work tree
        for line_number, line in enumerate(text.splitlines(), start=1):
            hits += [
                f"{path.relative_to(ROOT)}:{line_number}: {m}" for m in work_session_mentions(line)
            ]
    assert hits == []
