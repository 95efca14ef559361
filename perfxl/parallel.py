"""Spreads independent writing jobs over the machine's cores, in order, falling back to one."""

from __future__ import annotations

import itertools
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
    return start_in_chunks(function, items, chunks_per_worker)()


def start_in_chunks(function: Callable[[Sequence[T]], list[R]], items: Sequence[T],
                    chunks_per_worker: int = 4) -> Callable[[], list[R]]:
    """Like `map_in_chunks`, but returns at once: call the result to wait for the answers.

    The caller can do other work meanwhile (write a workbook while documents render).
    """
    count = workers()
    if len(items) < MIN_JOBS or count < 2 or not sys.platform.startswith("linux"):
        results = function(items)
        return lambda: results
    import multiprocessing

    size = max(1, -(-len(items) // (count * chunks_per_worker)))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    global _TASK
    _TASK = function  # inherited by the forked workers
    pool = ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("fork"))
    futures = [pool.submit(_run_task, chunk) for chunk in chunks]

    def collect() -> list[R]:
        # The caller is free now: it takes the chunks no worker has started, from the end,
        # instead of waiting idle while its core could render them.
        done_here: dict[int, list[R]] = {}
        try:
            for index in reversed(range(len(futures))):
                if futures[index].cancel():
                    done_here[index] = function(chunks[index])
            return [item for index, future in enumerate(futures)
                    for item in (done_here[index] if index in done_here else future.result())]
        finally:
            pool.shutdown()

    return collect


def start_one(function: Callable[..., R], *args: Any) -> Callable[[], R]:
    """Run `function(*args)` in a forked process of its own; call the result to wait for it.

    The caller goes on meanwhile. A crash of that process raises BrokenProcessPool when
    waited for. Where fork is not available, the call runs when waited for.
    """
    if not sys.platform.startswith("linux"):
        return lambda: function(*args)
    import multiprocessing

    call = next(_CALL_NUMBERS)
    _CALLS[call] = (function, args)  # inherited by the forked process: nothing is pickled
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    future = pool.submit(_run_call, call)

    def wait() -> R:
        try:
            return future.result()
        finally:
            pool.shutdown()
            _CALLS.pop(call, None)

    return wait


_CALLS: dict[int, tuple[Callable[..., Any], tuple[Any, ...]]] = {}
_CALL_NUMBERS = itertools.count()


def _run_call(call: int) -> Any:
    function, args = _CALLS[call]
    return function(*args)


_TASK: Callable[..., list[Any]] | None = None


def _run_task(chunk: Sequence[Any]) -> list[Any]:
    assert _TASK is not None
    return _TASK(chunk)
