"""Detect an evaluation file's format by content and parse it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from kb.formats.base import Parsed
from kb.formats.canonical import is_canonical, parse_canonical
from kb.formats.page import is_page, parse_page
from kb.formats.read import decode, read_text
from kb.formats.snapshot import is_snapshot, parse_snapshot
from kb.formats.yamlsafe import YamlDocument, load_json, load_yaml
from kb.problems import FileRejected, Problem

# Top-level keys of the reference data files in seeds/ (not evaluations): framework.yaml,
# aliases.yaml, page_vocabulary.yaml, risk_taxonomy.yaml.
_REFERENCE_KEYS = (
    {"layers", "frameworks"},
    {"vendor_aliases"},
    {"pricing_starters"},
    {"threshold", "rules"},
)


class NotAnEvaluation(FileRejected):
    """The file holds no evaluation in any known format (in a folder: skipped, as info)."""


def _not_an_evaluation(file: str, why: str) -> NotAnEvaluation:
    return NotAnEvaluation([Problem(file, None, "error", f"not an evaluation file: {why}")])


# What a YAML value that is neither a mapping nor a list is, in a curator's words.
_WHAT: dict[type, str] = {str: "a text", int: "a number", float: "a number", bool: "true/false"}


def _misshapen_scores(doc: YamlDocument, file: str) -> FileRejected:
    """A mapping with `scores:` is meant as an evaluation: an error, never skipped as info."""
    assert isinstance(doc.data, dict)
    scores = doc.data["scores"]
    if isinstance(scores, list):  # canonical's list of framework scores
        line, message = doc.line(()), "a canonical evaluation needs a 'vendor:' block with its name"
    else:
        got = _WHAT.get(type(scores), "another value") if scores is not None else "nothing"
        line = doc.line(("scores",))
        message = (
            "scores: expected vendor names mapped to their scores (a score snapshot), "
            f"indented under it; got {got}"
        )
    return FileRejected([Problem(file, line, "error", message)])


def _load_structured(text: str, file: str) -> YamlDocument:
    try:
        return load_yaml(text, file)
    except FileRejected as yaml_error:
        if not text.lstrip().startswith("{"):
            raise
        try:
            return load_json(text, file)
        except json.JSONDecodeError:
            raise yaml_error from None  # not JSON either: YAML's error has the line


def parse_text(text: str, file: str) -> Parsed:
    """Parse `text` in whichever format its content shows; raises only FileRejected."""
    if is_page(text):
        return parse_page(text, file)
    stripped = text.lstrip()
    if not stripped:
        raise FileRejected([Problem(file, None, "error", "empty file")])
    doc = _load_structured(text, file)
    if is_canonical(doc.data):
        return parse_canonical(doc, file)
    if is_snapshot(doc.data):
        return parse_snapshot(doc, file)
    if isinstance(doc.data, dict):
        keys = set(doc.data)
        if any(reference <= keys for reference in _REFERENCE_KEYS):
            raise _not_an_evaluation(file, "reference data")
        if "scores" in keys:
            raise _misshapen_scores(doc, file)
        raise _not_an_evaluation(
            file, "a mapping without 'vendor:' (canonical) or 'scores:' (snapshot)"
        )
    raise _not_an_evaluation(
        file, "no vendor page header ('L<n> — …'), no 'vendor:' or 'scores:' mapping"
    )


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_bytes(data: bytes, file: str) -> Parsed:
    parsed = parse_text(decode(data, file), file)
    digest = content_hash(data)
    for item in parsed.evaluations:
        item.evaluation.provenance.source_file = file
        item.evaluation.provenance.content_hash = digest
    return parsed


def describe_bug(bug: BaseException) -> str:
    """An unexpected exception as one short line, for a message that names its file."""
    return " ".join(f"{type(bug).__name__}: {bug}".split())[:300]


def load_file(path: Path, *, max_file_bytes: int, display: str | None = None) -> Parsed:
    """Read and parse one file; raises only FileRejected (NotAnEvaluation for other files)."""
    file = display or str(path)
    _, data = read_text(path, max_file_bytes=max_file_bytes, display=file)
    try:
        return parse_bytes(data, file)
    except FileRejected:
        raise
    except Exception as bug:
        # A parser bug must not hide the other files of a run, nor show a user a traceback.
        # (parse_bytes itself lets it through, so the mutation tests see it.)
        message = f"internal error while parsing (a bug, please report it): {describe_bug(bug)}"
        raise FileRejected([Problem(file, None, "error", message)]) from bug
