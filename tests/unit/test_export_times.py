"""kb.export's ingestion times: always written with a time zone (pure logic on driver values)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import neo4j.time

from kb.export import _ingested_at


def test_a_stored_local_time_is_exported_as_utc() -> None:
    # What the driver returns for a LocalDateTime (a graph seeded from a file without a zone).
    record = {"ingestedAt": neo4j.time.DateTime(2026, 1, 2, 10, 0, 0)}
    assert _ingested_at(record) == datetime(2026, 1, 2, 10, 0, 0, tzinfo=UTC)


def test_a_stored_zoned_time_keeps_its_offset() -> None:
    plus_two = timezone(timedelta(hours=2))
    stored = neo4j.time.DateTime.from_native(datetime(2026, 1, 2, 10, 0, tzinfo=plus_two))
    exported = _ingested_at({"ingestedAt": stored})
    assert (exported.isoformat(), exported.utcoffset()) == (
        "2026-01-02T10:00:00+02:00",
        timedelta(hours=2),
    )
