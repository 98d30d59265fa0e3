"""The files under the paths `kb validate` and `kb seed` are given, in path order.

Kept apart from validation (and its parsers): a re-seed walks and hashes the files before it
knows whether anything needs parsing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from kb.problems import Problem

MAX_FILES = 10_000


def _missing(path: Path) -> str:
    # is_file() and is_dir() are both False for a broken link or a loop, and for what exists
    # but is neither (a device such as /dev/null, a FIFO, a socket): say which it is.
    if path.exists():
        return "not a regular file or folder (a device, a pipe or a socket)"
    return "broken symbolic link or symlink loop" if path.is_symlink() else "no such file or folder"


def _folder_entries(folder: Path | str, out: list[Problem]) -> Iterator[os.DirEntry[str]]:
    """Every entry under `folder` that is not a folder itself, hidden ones and linked folders
    not entered (as Path.rglob, but os.scandir's entries know their type without a stat).
    A folder that cannot be read is reported and skipped. Subfolders are entered by their
    entry's path, so every entry's path starts as the root's does (the sort relies on it:
    under ".", "./z.yaml" and "./a/b.yaml", not "a/b.yaml")."""
    try:
        with os.scandir(folder) as scan:
            entries = list(scan)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        message = f"skipped: cannot read folder ({reason})"
        out.append(Problem(str(Path(folder)), None, "info", message))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _folder_entries(entry.path, out)
        else:
            yield entry


def _folder_candidates(root: Path, out: list[Problem]) -> list[tuple[Path, bool]]:
    """The files under `root` in path order, each with whether it is a link."""
    candidates = []
    # Path order: an entry's path is its folder's (scandir joins with one separator), so its
    # components are Path.parts without building a Path (the walk's largest cost at 10,000).
    for entry in sorted(_folder_entries(root, out), key=lambda e: e.path.split(os.sep)):  # noqa: PTH206
        path = Path(entry.path)
        is_link = entry.is_symlink()
        # Path.is_file follows a link and says False for a loop (DirEntry.is_file raises).
        if path.is_file() if is_link else entry.is_file():
            candidates.append((path, is_link))
        elif not path.is_dir():  # a link to a folder is skipped quietly, as rglob does
            out.append(Problem(str(path), None, "info", f"skipped: {_missing(path)}"))
    return candidates


def _real_path(path: Path, is_link: bool, real_dirs: dict[str, str]) -> str:
    """str(path.resolve()), resolving each folder once (most of the walk's time at 10,000
    files went to resolving every file's folders again): a file that is not a link is its
    real folder's entry."""
    if is_link:
        return str(path.resolve())
    folder, name = os.path.split(str(path))
    real = real_dirs.get(folder)
    if real is None:
        real = real_dirs[folder] = str(path.parent.resolve())
    return os.path.join(real, name)  # noqa: PTH118 (a str key, no Path built)


def walk_files(paths: Sequence[Path], out: list[Problem]) -> Iterator[tuple[Path, bool]]:
    """(file, named explicitly) for every file under `paths`; hidden entries are skipped."""
    seen: set[str] = set()
    real_dirs: dict[str, str] = {}
    count = 0
    for root in paths:
        if root.is_dir():
            candidates = [(path, False, is_link) for path, is_link in _folder_candidates(root, out)]
        elif root.is_file():
            candidates = [(root, True, root.is_symlink())]
        else:
            out.append(Problem(str(root), None, "error", _missing(root)))
            continue
        for path, explicit, is_link in candidates:
            key = _real_path(path, is_link, real_dirs)
            if key in seen:
                continue
            seen.add(key)
            count += 1
            if count > MAX_FILES:
                message = f"more than {MAX_FILES} files: validate fewer at a time"
                out.append(Problem(str(root), None, "error", message))
                return
            yield path, explicit
