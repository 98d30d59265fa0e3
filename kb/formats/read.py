"""Read an evaluation file's bytes into text, refusing what is not a readable text file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from kb.problems import FileRejected, Problem

# A NUL byte in the first block means binary (a folder's image, say); text files never hold one.
_SNIFF_BYTES = 8192


def reject(file: str, message: str, line: int | None = None) -> FileRejected:
    return FileRejected([Problem(file, line, "error", message)])


def decode(data: bytes, file: str) -> str:
    """UTF-8 text of `data` (a BOM is dropped), or FileRejected saying why not."""
    if not data.strip():
        raise reject(
            file, "empty file: expected a vendor page, a score snapshot or a YAML evaluation"
        )
    nul = data.find(b"\x00")
    if 0 <= nul < _SNIFF_BYTES:
        raise reject(file, "binary file (contains NUL bytes): expected UTF-8 text")
    if nul >= 0:  # further in: a text file with a NUL, which would reach the graph's text
        line = data.count(b"\n", 0, nul) + 1
        raise reject(file, f"a NUL byte at byte offset {nul}: evaluation files are text", line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise reject(
            file,
            f"invalid UTF-8 at byte offset {error.start} (byte 0x{data[error.start]:02x}): "
            "evaluation files must be UTF-8",
            line,
        ) from None
    return text.removeprefix("\ufeff")


def read_at_most(handle: BinaryIO, max_bytes: int) -> bytes:
    """An open file's bytes, max_bytes + 1 at most (so that the caller sees it is over).

    Asked for max_bytes + 1 at once, Python allocates that much (1 MB by default) for every
    file and shrinks it after: at 10,000 files of 10 KB, a third of reading's time. The
    size fstat gives is asked for first, and one byte more to see whether the file grew.
    """
    size = min(os.fstat(handle.fileno()).st_size, max_bytes)
    data = handle.read(size + 1)
    if len(data) > size:  # grew since fstat, or is over: read on up to the limit
        data += handle.read(max_bytes + 1 - len(data))
    return data


def read_text(path: Path, *, max_file_bytes: int, display: str | None = None) -> tuple[str, bytes]:
    """(text, raw bytes) of a file no larger than `max_file_bytes`."""
    file = display or str(path)
    try:
        size = path.stat().st_size
        if size > max_file_bytes:
            raise reject(
                file,
                f"file is {size} bytes, over the limit of {max_file_bytes} "
                "(setting MAX_FILE_BYTES)",
            )
        with path.open("rb") as handle:
            data = read_at_most(handle, max_file_bytes)
    except OSError as error:
        raise reject(file, f"cannot read file: {error.strerror or error}") from None
    if len(data) > max_file_bytes:  # grew while we looked
        raise reject(file, f"file is over the limit of {max_file_bytes} bytes")
    return decode(data, file), data
