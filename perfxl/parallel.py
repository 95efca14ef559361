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
    call = _inherit(function)
    pool = ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("fork"))
    futures = [pool.submit(_run_inherited, call, chunk) for chunk in chunks]

    def collect() -> list[R]:
        try:
            return [item for future in futures for item in future.result()]
        finally:
            pool.shutdown()
            _INHERITED.pop(call, None)

    return collect


def start_one(function: Callable[..., R], *args: Any) -> Callable[[], R]:
    """Run `function(*args)` in a forked process of its own; call the result to wait for it.

    The caller goes on meanwhile. A crash of that process raises BrokenProcessPool when
    waited for. Where fork is not available, the call runs when waited for.
    """
    if not sys.platform.startswith("linux"):
        return lambda: function(*args)
    import multiprocessing

    call = _inherit(function)
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    future = pool.submit(_run_inherited, call, *args)

    def wait() -> R:
        try:
            return future.result()
        finally:
            pool.shutdown()
            _INHERITED.pop(call, None)

    return wait


# Functions handed to forked workers by number: the workers inherit this table when they are
# forked, so a function (a closure over the master, say) is never pickled.
_INHERITED: dict[int, Callable[..., Any]] = {}
_NUMBERS = itertools.count()


def _inherit(function: Callable[..., Any]) -> int:
    number = next(_NUMBERS)
    _INHERITED[number] = function
    return number


def _run_inherited(number: int, *args: Any) -> Any:
    return _INHERITED[number](*args)
