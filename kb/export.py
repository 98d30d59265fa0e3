"""`kb export DIR`: the knowledge base back to files — the backup that `kb seed` restores.

DIR/vendors/<slug>.yaml  canonical YAML of each evaluated vendor's latest evaluation, with
                         `provenance.ingested_at` and a `history:` list of earlier versions
DIR/graph.json           a full dump of nodes and relationships with their properties

Seeding DIR into an empty database gives the same graph; only each vendor's file fields
(`sourceFile`, `format`) then name the exported file instead of the original one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import neo4j
from pydantic import ValidationError

from kb.errors import KbError
from kb.formats.canonical import dump_canonical
from kb.graph.dump import dump_graph
from kb.graph.queries import cypher
from kb.model import SLUG, Evaluation, PastVersion

CHUNK = 500
MAX_VENDORS = 1_000_000


@dataclass
class ExportSummary:
    vendors: int
    versions: int
    nodes: int
    relationships: int
    # Vendors whose file could not be written (slug -> why), seeded before today's checks:
    # the rest is still exported, and graph.json still holds everything.
    skipped: dict[str, str] = field(default_factory=dict)


def _ingested_at(record: Any) -> datetime:
    """The stored ingestion time, with a time zone: kb writes UTC, but a graph seeded before
    files had to state a zone may hold a LocalDateTime, which seeding the export would refuse."""
    value: datetime = record["ingestedAt"].to_native()
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _evaluation(record: Any) -> Evaluation:
    evaluation = Evaluation.model_validate_json(record["document"])
    evaluation.provenance.ingested_at = _ingested_at(record)
    return evaluation


def _vendor_file(records: list[Any], retired: bool) -> Evaluation:
    """The latest evaluation of one vendor with its earlier versions as history."""
    latest = next(r for r in records if r["latest"])
    evaluation = _evaluation(latest)
    evaluation.provenance.retired = True if retired else None  # seeding the export keeps it
    evaluation.history = [
        PastVersion(
            version=r["version"],
            ingested_at=_ingested_at(r),
            evaluation=Evaluation.model_validate_json(r["document"]),
        )
        for r in records
        if not r["latest"]
    ]
    return evaluation


def _checked_vendor_file(slug: str, records: list[Any], retired: bool) -> Evaluation:
    """_vendor_file, for a vendor whose slug and stored evaluations still pass today's checks;
    one seeded before a check was added (the slug's form, say) is named, not a traceback."""
    if not SLUG.fullmatch(slug):  # it names a file in DIR: '../x' would write outside it
        raise KbError(f"vendor slug {slug[:80]!r} cannot name a file; fix its file, seed again")
    try:
        return _vendor_file(records, retired)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise KbError(
            f"vendor {slug!r}: its stored evaluation does not validate any more "
            f"({where}: {first['msg']}); fix its file and seed it again"
        ) from None


def export_graph(driver: neo4j.Driver, database: str, out_dir: Path) -> ExportSummary:
    vendors_dir = out_dir / "vendors"
    vendors_dir.mkdir(parents=True, exist_ok=True)
    slugs_records, _, _ = driver.execute_query(
        cypher("read/export_vendor_slugs"),
        limit=MAX_VENDORS,
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    slugs = [r["slug"] for r in slugs_records]
    retired = {r["slug"] for r in slugs_records if r["retired"]}
    versions = 0
    skipped: dict[str, str] = {}
    for start in range(0, len(slugs), CHUNK):
        records, _, _ = driver.execute_query(
            cypher("read/export_evaluations"),
            slugs=slugs[start : start + CHUNK],
            database_=database,
            routing_=neo4j.RoutingControl.READ,
        )
        per_vendor: dict[str, list[Any]] = {}
        for record in records:
            per_vendor.setdefault(record["slug"], []).append(record)
        for slug, vendor_records in per_vendor.items():
            try:
                evaluation = _checked_vendor_file(slug, vendor_records, slug in retired)
            except KbError as why:
                skipped[slug] = str(why)
                continue
            versions += len(vendor_records)
            text = dump_canonical(evaluation, "yaml")
            (vendors_dir / f"{slug}.yaml").write_text(text, encoding="utf-8")
    dump = dump_graph(driver, database)
    (out_dir / "graph.json").write_text(
        json.dumps(dump, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
    return ExportSummary(
        vendors=len(slugs) - len(skipped),
        versions=versions,
        nodes=len(dump["nodes"]),
        relationships=len(dump["relationships"]),
        skipped=skipped,
    )
