"""The re-seed's file hashes (kb.seeding.changes.FileHashes): what the unchanged check compares."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from kb.seeding.changes import FileHashes, _file_hashes


def _files(tmp_path: Path, contents: list[bytes]) -> list[str]:
    paths = []
    for index, content in enumerate(contents):
        path = tmp_path / f"f{index}.yaml"
        path.write_bytes(content)
        paths.append(str(path))
    return paths


def test_hashes_are_each_files_sha256_in_order(tmp_path: Path) -> None:
    contents = [b"vendor: {name: A}\n", b"", b"x" * 70_000]
    files = _files(tmp_path, contents)
    hashes = FileHashes(files, max_file_bytes=100_000)
    assert hashes.result() == [hashlib.sha256(c).hexdigest() for c in contents]


def test_a_file_over_the_limit_or_gone_gives_none(tmp_path: Path) -> None:
    files = _files(tmp_path, [b"a", b"b" * 11])
    assert FileHashes(files, max_file_bytes=10).result() is None
    assert FileHashes(files, max_file_bytes=11).result() == [
        hashlib.sha256(b"a").hexdigest(),
        hashlib.sha256(b"b" * 11).hexdigest(),
    ]
    Path(files[0]).unlink()
    assert FileHashes(files, max_file_bytes=11).result() is None  # the full path reports it


def test_a_stopped_hashing_gives_none(tmp_path: Path) -> None:
    files = _files(tmp_path, [b"a", b"b"])
    stop = threading.Event()
    assert _file_hashes(files, stop, 10) == [
        hashlib.sha256(b"a").hexdigest(),
        hashlib.sha256(b"b").hexdigest(),
    ]
    stop.set()
    assert _file_hashes(files, stop, 10) is None
