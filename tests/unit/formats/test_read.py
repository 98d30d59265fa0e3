"""Reading a file's bytes up to the size limit (kb.formats.read.read_at_most)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.formats.read import read_at_most


def test_read_at_most_reads_the_whole_file_or_one_byte_over(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"x" * 100)
    for limit, expected in ((100, 100), (200, 100), (99, 100), (10, 11)):
        with path.open("rb") as handle:
            assert len(read_at_most(handle, limit)) == expected


def test_read_at_most_reads_on_when_the_file_grew_after_fstat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"y" * 50)

    class Stat:
        st_size = 10  # as if fstat ran before the file grew to 50 bytes

    monkeypatch.setattr("kb.formats.read.os.fstat", lambda _: Stat())
    with path.open("rb") as handle:
        assert read_at_most(handle, 1000) == b"y" * 50
    with path.open("rb") as handle:
        assert read_at_most(handle, 20) == b"y" * 21
