"""Score snapshots: vendor -> layer and framework totals, as the Stack Builder publishes them.

Two spellings of the same shape are read: the site's JSON (`_doc`, `_source`, `_scraped_at`,
`scores`) and our own YAML record (`source_url`, `scraped_at`, `maxima`, `scores`). Maxima are
what the file states (explicit `maxima`, else "INPACT (/36)" in `_doc`); a file that states none
gets the framework's defaults, and says so in an info.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from pydantic import ValidationError

from kb.formats.base import Collector, Parsed, ParsedEvaluation, describe_validation_error
from kb.formats.yamlsafe import YamlDocument
from kb.framework import framework_data
from kb.model import Evaluation, Provenance, SourceFormat

MAX_VENDORS = 10_000
_METADATA = {"_doc", "_source", "_scraped_at", "source_url", "scraped_at", "maxima", "note"}


def is_snapshot(data: object) -> bool:
    """A mapping without `vendor:` whose `scores` maps vendor names to entries.

    Only the shape of `scores` decides (canonical files hold a list there): a damaged entry
    must be reported as an error, not make the whole file "not an evaluation" and skipped.
    """
    return isinstance(data, dict) and "vendor" not in data and isinstance(data.get("scores"), dict)


def _stated_maxima(data: dict[str, object], out: Collector, doc: YamlDocument) -> dict[str, int]:
    frameworks = framework_data().frameworks
    explicit = data.get("maxima")
    stated: dict[str, int] = {}
    if explicit is not None:
        if not isinstance(explicit, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in explicit.values()
        ):
            out.error(doc.line(("maxima",)), "maxima must map framework ids to positive numbers")
        else:
            stated = {str(k).upper(): int(v) for k, v in explicit.items()}
            known = [f.id for f in frameworks]
            unknown = [k for k in stated if k not in known]
            if unknown:
                out.error(
                    doc.line(("maxima",)),
                    f"maxima: unknown framework {', '.join(unknown)} (expected {', '.join(known)})",
                )
    # A framework without a stated maximum gets its default, so every total is bounded.
    text = data.get("_doc")
    if explicit is None and isinstance(text, str):
        for framework in frameworks:
            match = re.search(rf"\b{framework.id}\b\W{{0,3}}/\s*([0-9]+)", text)
            if match:
                stated[framework.id] = int(match.group(1))
    defaulted = [f for f in frameworks if f.id not in stated]
    if defaulted:
        out.info(
            doc.line(()),
            "no maximum stated for "
            + ", ".join(f"{f.id} (framework default /{f.total_max} used)" for f in defaulted),
        )
        stated.update({f.id: f.total_max for f in defaulted})
    return stated


def _scraped_at(data: dict[str, object], out: Collector, doc: YamlDocument) -> date | None:
    for key in ("scraped_at", "_scraped_at"):
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, datetime):  # a datetime is a date too, but not one of its days
            out.error(doc.line((key,)), f"{key}: expected a date YYYY-MM-DD, got a time too")
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            out.error(doc.line((key,)), f"{key}: expected a date YYYY-MM-DD, got {value!r}")
    return None


def parse_snapshot(doc: YamlDocument, file: str) -> Parsed:
    out = Collector(file)
    parsed = Parsed(SourceFormat.SNAPSHOT, problems=out.problems)
    data = doc.data
    assert isinstance(data, dict)
    for key in data:
        if key not in _METADATA and key != "scores":
            out.error(doc.line((key,)), f"unknown key '{key}' in a score snapshot")
    maxima = _stated_maxima(data, out, doc)
    url = data.get("source_url", data.get("_source"))
    provenance = Provenance(
        format=SourceFormat.SNAPSHOT,
        source_url=str(url) if url is not None else None,
        evaluated_at=_scraped_at(data, out, doc),
    )
    scores = data["scores"]
    assert isinstance(scores, dict)
    if len(scores) > MAX_VENDORS:
        out.error(doc.line(("scores",)), f"more than {MAX_VENDORS} vendors in one snapshot")
        return parsed
    if not scores:
        out.error(doc.line(("scores",)), "scores is empty: expected vendor names with totals")
    for name, entry in scores.items():
        item = _entry(str(name), entry, maxima, provenance, doc, out)
        if item is not None:
            parsed.evaluations.append(item)
    return parsed


def _entry(
    name: str,
    entry: object,
    maxima: dict[str, int],
    provenance: Provenance,
    doc: YamlDocument,
    out: Collector,
) -> ParsedEvaluation | None:
    """One vendor's line, `Name: {layer: L1, inpact: 29, goals: 22}`; None after an error."""
    framework_ids = {f.id.casefold(): f.id for f in framework_data().frameworks}
    expected = "layer, " + ", ".join(framework_ids)
    line = doc.line(("scores", name))
    if not name.strip():
        out.error(line, "a vendor name is empty")
        return None
    if not isinstance(entry, dict):
        out.error(line, f"{name}: expected a mapping of {expected}, got {entry!r:.60}")
        return None
    lines = {"vendor": line, "layer": doc.line(("scores", name, "layer"))}
    totals: list[dict[str, object]] = []
    errors = 0
    for key, value in entry.items():
        key_line = doc.line(("scores", name, key))
        framework_id = framework_ids.get(str(key).casefold())
        if key == "layer":
            continue
        if framework_id is None:
            out.error(key_line, f"{name}: unknown key '{key}' (expected {expected})")
            errors += 1
        elif not isinstance(value, int) or isinstance(value, bool):
            out.error(key_line, f"{name}: {key} total must be a whole number, got {value!r}")
            errors += 1
        else:
            lines[f"scores.{framework_id}"] = key_line
            totals.append(
                {
                    "framework": framework_id,
                    "declared_total": value,
                    "declared_max": maxima.get(framework_id),
                }
            )
    given = {str(key).casefold() for key in entry}
    missing = [fid for folded, fid in framework_ids.items() if folded not in given]
    if missing:
        out.error(line, f"{name}: missing {', '.join(missing)} total")
        errors += 1
    layer = entry.get("layer")
    if layer is None:
        out.error(line, f"{name}: missing layer (a layer id such as L1)")
        errors += 1
    elif not isinstance(layer, str):
        out.error(line, f"{name}: layer must be a layer id such as L1, got {layer!r}")
        errors += 1
    if errors:
        return None
    try:
        evaluation = Evaluation.model_validate(
            {
                "vendor": {"name": name.strip()},
                "layer": str(layer).strip(),
                "scores": totals,
                "provenance": provenance.model_copy(),
            }
        )
    except ValidationError as error:  # a name too long or without a slug, a total too large
        for _, message in describe_validation_error(error):
            out.error(line, f"{name[:60]}: {message}")
        return None
    # An unknown line stays out: a message then names no line (never "line 0").
    return ParsedEvaluation(evaluation, {k: v for k, v in lines.items() if v is not None})
