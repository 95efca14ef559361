"""Spreads independent writing jobs over the machine's cores, in order, falling back to one."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_JOBS = 24  # below this, starting workers costs more than it saves


def workers() -> int:
    return min(os.cpu_count() or 1, 8)


def map_in_chunks(function: Callable[[Sequence[T]], list[R]], items: Sequence[T],
                  chunks_per_worker: int = 4) -> list[R]:
    """`function` over chunks of `items` on every core; results flattened in input order.

    Workers are forked, so `function` may be a closure over large read-only data (the master)
    without pickling it. Where fork is not available, or for few items, it runs here.
    """
    count = workers()
    if len(items) < MIN_JOBS or count < 2 or not sys.platform.startswith("linux"):
        return function(items)
    import multiprocessing

    size = max(1, -(-len(items) // (count * chunks_per_worker)))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    global _TASK
    _TASK = function  # inherited by the forked workers
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        results: list[list[R]] = list(pool.map(_run_task, chunks))
    return [item for chunk in results for item in chunk]


_TASK: Callable[..., list[Any]] | None = None


def _run_task(chunk: Sequence[Any]) -> list[Any]:
    assert _TASK is not None
    return _TASK(chunk)
