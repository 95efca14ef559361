"""Spreading work over forked processes: results in input order; a few jobs run here."""

from __future__ import annotations

from collections.abc import Sequence

from perfxl.parallel import MIN_JOBS, map_in_chunks, start_one

TABLE = {n: n * n for n in range(1000)}  # inherited by the forked workers, never pickled


def _squares(numbers: Sequence[int]) -> list[int]:
    return [TABLE[n] for n in numbers]


def test_results_come_back_in_input_order() -> None:
    numbers = list(range(MIN_JOBS * 5))
    assert map_in_chunks(_squares, numbers) == [n * n for n in numbers]
    assert map_in_chunks(_squares, numbers[:3]) == [0, 1, 4]  # few jobs: run here


def test_a_single_job_runs_aside_and_is_waited_for() -> None:
    assert start_one(_squares, [7, 8])() == [49, 64]

