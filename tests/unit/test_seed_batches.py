"""kb.seeding.writing's batching of file jobs into write transactions (pure logic)."""

from __future__ import annotations

from kb.graph.rows import Rows
from kb.seeding.planning import FileJob
from kb.seeding.writing import FIRST_BATCH_SHARE, _batches


def _job(name: str, rows: int) -> FileJob:
    return FileJob(path=name, rows=Rows(vendors=[{"slug": name}] * rows))


def _sizes(batches: list[list[FileJob]]) -> list[int]:
    return [sum(job.rows.size() for job in batch) for batch in batches]


def test_the_first_batches_ramp_up_from_an_eighth_of_the_budget_and_order_is_kept() -> None:
    jobs = [_job(f"f{i}", 5) for i in range(60)]  # 300 rows
    batches = list(_batches(jobs, batch_rows=80))
    assert 80 // FIRST_BATCH_SHARE == 10
    assert _sizes(batches) == [10, 20, 40, 80, 80, 70]  # each twice the last, up to 80
    assert [job.path for batch in batches for job in batch] == [job.path for job in jobs]


def test_a_file_larger_than_the_budget_still_goes_whole() -> None:
    batches = list(_batches([_job("a", 3), _job("big", 500), _job("c", 3)], batch_rows=80))
    assert _sizes(batches) == [3, 500, 3]


def test_a_none_hands_over_the_batch_gathered_so_far() -> None:
    a, b, c = _job("a", 5), _job("b", 5), _job("c", 5)
    # A None closes the batch at once (kb.seeding.streaming: the last one, before the
    # cross-file pass).
    assert list(_batches([a, b, None, c], batch_rows=800)) == [[a, b], [c]]
    assert list(_batches([a, None, None], batch_rows=800)) == [[a]]
    assert list(_batches([None], batch_rows=800)) == []
