"""Stage 2, find what changed: hash the files (in a thread, while Neo4j connects) and ask the
graph whether it holds every one of them byte for byte. A re-seed of an unchanged corpus ends
here, without importing the parsers."""

from __future__ import annotations

import hashlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import neo4j

from kb.graph.queries import cypher


def _file_hash(file: str, max_file_bytes: int) -> str | None:
    """A file's SHA-256, or None for a file over the size limit (not one the graph can hold:
    the full path reports it) or one that changes while it is read."""
    # os-level calls, no Path: at 10,000 files this takes half the time of Path.read_bytes.
    descriptor = os.open(file, os.O_RDONLY)
    try:
        size = os.fstat(descriptor).st_size
        if size > max_file_bytes:
            return None
        data = os.read(descriptor, size)
        if len(data) != size or os.read(descriptor, 1):
            return None
    finally:
        os.close(descriptor)
    return hashlib.sha256(data).hexdigest()


def _file_hashes(files: list[str], stop: threading.Event, max_file_bytes: int) -> list[str] | None:
    """Each file's SHA-256; None once `stop` is set (nobody wants the rest) or for a file
    _file_hash gives None for."""
    hashes = []
    for file in files:
        digest = None if stop.is_set() else _file_hash(file, max_file_bytes)
        if digest is None:
            return None
        hashes.append(digest)
    return hashes


class FileHashes:
    """The files' SHA-256s, computed in a thread from construction on (reading and hashing
    release the GIL): while Neo4j connects and answers, as a re-seed is little else."""

    def __init__(self, files: list[str], max_file_bytes: int) -> None:
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-seed-hash")
        self._hashing = self._pool.submit(_file_hashes, files, self._stop, max_file_bytes)

    def result(self) -> list[str] | None:
        """The hashes in file order; None if a file is over the limit, changed, gone or
        unreadable (the full path reports it)."""
        try:
            return self._hashing.result()
        except OSError:
            return None
        finally:
            self.close()

    def close(self) -> None:
        """Stop hashing (nobody wants the rest) and wait for the thread."""
        self._stop.set()
        self._pool.shutdown(wait=True)


def unchanged_vendors(
    driver: neo4j.Driver, database: str, files: list[str], hashes: FileHashes
) -> int | None:
    """The number of vendors the files evaluate if the graph holds every file byte for byte
    (nothing to parse or write), else None. Closes `hashes`."""
    try:
        if not files:
            return None
        records, _, _ = driver.execute_query(
            cypher("read/file_hashes"),
            files=files,
            database_=database,
            routing_=neo4j.RoutingControl.READ,
        )
        found = records[0]["files"]
        known = {r["file"]: r for r in found}
        if len(known) != len(files) or any(r["retired"] for r in found):
            return None  # a new file, or one that is not an evaluation: the full path decides
        digests = hashes.result()
    finally:
        hashes.close()  # returning early, or interrupted: the hashing thread stops too
    if digests is None:
        return None
    if any(known[file]["hashes"] != [digest] for file, digest in zip(files, digests, strict=True)):
        return None
    return sum(int(r["vendors"]) for r in found)
