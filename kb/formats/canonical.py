"""The canonical format: one vendor per YAML (or JSON) file, the Evaluation model as data.

Reading uses kb.formats.yamlsafe (no aliases, limits, line numbers); every unknown key and
every invalid value is reported with its line. Writing dumps the model without the fields that
describe a particular file (path, format, hash), which are set again when the file is read.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from kb.formats.base import (
    Collector,
    LazyLines,
    Parsed,
    ParsedEvaluation,
    describe_validation_error,
)
from kb.formats.yamlsafe import YamlDocument
from kb.model import Evaluation, SourceFormat
from kb.problems import dotted

SCHEMA_HINT = "# yaml-language-server: $schema=../../schemas/evaluation.schema.json\n"
_FILE_FIELDS = {"source_file", "format", "content_hash"}


def is_canonical(data: object) -> bool:
    return isinstance(data, dict) and "vendor" in data


def _semantic_lines(evaluation: Evaluation, doc: YamlDocument) -> dict[str, int]:
    """Line keys in the page parser's style: 'risks.1', 'scores.INPACT.P', 'layer'."""
    lines: dict[str, int] = {}
    for path, line in doc.lines.items():
        if path:
            lines[dotted(path)] = line
    for index, score in enumerate(evaluation.scores):
        base = ("scores", index)
        found = {f"scores.{score.framework}": doc.line((*base, "declared_total"))}
        for position, dimension in enumerate(score.dimensions):
            key = f"scores.{score.framework}.{dimension.letter}"
            found[key] = doc.line((*base, "dimensions", position))
            found[f"{key}.score"] = doc.line((*base, "dimensions", position, "score"))
        # An unknown line stays out: a message then names no line (never "line 0").
        lines.update((key, line) for key, line in found.items() if line is not None)
    return lines


def parse_canonical(doc: YamlDocument, file: str) -> Parsed:
    out = Collector(file)
    parsed = Parsed(SourceFormat.CANONICAL, problems=out.problems)
    data = doc.data
    assert isinstance(data, dict)
    try:
        evaluation = Evaluation.model_validate(data)
    except ValidationError as error:
        located = [(doc.line(loc), message) for loc, message in describe_validation_error(error)]
        for line, message in sorted(located, key=lambda pair: pair[0] or 0):
            out.error(line, message)
        return parsed
    evaluation.provenance.format = SourceFormat.CANONICAL
    parsed.evaluations.append(
        ParsedEvaluation(
            evaluation, LazyLines(partial(_semantic_lines, evaluation, doc.without_data()))
        )
    )
    return parsed


class _NoAliasDumper(yaml.SafeDumper):
    """Never write anchors: our own reader refuses aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def canonical_data(evaluation: Evaluation) -> dict[str, Any]:
    data = evaluation.model_dump(mode="json", exclude={"provenance": _FILE_FIELDS})
    provenance = data.get("provenance", {})
    if not provenance.get("retired"):
        provenance.pop("retired", None)  # only an export of a retired vendor says so
    if not any(v is not None for v in provenance.values()):
        data.pop("provenance", None)
    if not data.get("history"):
        data.pop("history", None)
    return data


def dump_canonical(evaluation: Evaluation, to: Literal["yaml", "json"]) -> str:
    """The canonical text of one evaluation; reading it back gives an equal `content()`."""
    data = canonical_data(evaluation)
    if to == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    body = yaml.dump(data, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True, width=100)
    return SCHEMA_HINT + body
