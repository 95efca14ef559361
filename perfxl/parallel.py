"""Spreads independent writing jobs over the machine's cores, in order, falling back to one."""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_JOBS = 24  # below this, starting workers costs more than it saves

# Workers are forked on Linux, inheriting what they need; elsewhere they start afresh and are
# handed it (fork is unsafe on macOS and absent on Windows).
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"


def workers() -> int:
    return min(os.cpu_count() or 1, 8)


def process_pool(max_workers: int, initializer: Callable[[], None] | None = None
                 ) -> ProcessPoolExecutor:
    """Worker processes that never outlive perfxl, each set up by `worker_setup` and then
    `initializer` (which must be picklable where workers are not forked: START_METHOD)."""
    import multiprocessing

    return ProcessPoolExecutor(max_workers=max_workers, initializer=_set_up,
                               initargs=(initializer,),
                               mp_context=multiprocessing.get_context(START_METHOD))


# Ctrl-C and SIGTERM, which perfxl turns into KeyboardInterrupt (see perfxl.console)
_STOPS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM held back while a pool forks its workers and starts its thread
    (the first `submit`), and delivered as soon as it has. One arriving meanwhile was lost
    in fork's own handlers ("Exception ignored in _releaseLock": the run went on and ended
    0), or left a pool whose shutdown failed ("cannot join thread before it is started").
    Held by a handler that only notes them (a signal mask would not do: the signal may
    reach another thread, and Python raises it in the main one all the same)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # handlers can only be set from the main thread, where signals are raised
        return
    caught: list[int] = []
    previous = {stop: signal.signal(stop, lambda number, _frame: caught.append(number))
                for stop in _STOPS}
    try:
        yield
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, signal.SIG_DFL if handler is None else handler)
        if caught:
            signal.raise_signal(caught[0])  # now, to the handler perfxl had set


def _set_up(initializer: Callable[[], None] | None) -> None:
    worker_setup()
    if initializer is not None:
        initializer()


def worker_setup() -> None:
    """A worker ends when perfxl does. Ctrl-C reaches every process of the terminal: the
    workers leave it to perfxl, which cancels what they have not started. A worker whose
    parent is gone (killed, say) is sent SIGTERM by Linux and ends; otherwise it would wait
    for work forever on a pipe no one writes to, holding perfxl's output open."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            set_parent_death_signal = 1  # PR_SET_PDEATHSIG, from <sys/prctl.h>
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(set_parent_death_signal, signal.SIGTERM, 0, 0, 0)
            if os.getppid() == 1:  # the parent died before the request took effect
                os._exit(1)


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
    if len(items) < MIN_JOBS or count < 2 or START_METHOD != "fork":
        results = function(items)
        return lambda: results
    size = max(1, -(-len(items) // (count * chunks_per_worker)))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    call = _inherit(function)
    pool = process_pool(count)
    with signals_held():
        futures = [pool.submit(_run_inherited, call, chunk) for chunk in chunks]

    def collect() -> list[R]:
        try:
            return [item for future in futures for item in future.result()]
        finally:  # after an interruption, the chunks not started are not started
            pool.shutdown(cancel_futures=True)
            _INHERITED.pop(call, None)

    return collect


class Started(Generic[R]):
    """A call running in a process of its own: call this to wait for its result, or close
    it when the result is no longer wanted (so no process outlives the command)."""

    def __init__(self, function: Callable[..., R], *args: Any) -> None:
        self._function, self._args = function, args
        self._pool: ProcessPoolExecutor | None = None
        if START_METHOD == "fork":
            self._call = _inherit(function)
            self._pool = process_pool(1)
            with signals_held():
                self._future = self._pool.submit(_run_inherited, self._call, *args)

    def __call__(self) -> R:
        if self._pool is None:  # no fork here: the call runs when waited for
            return self._function(*self._args)
        try:
            return self._future.result()
        finally:
            self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            _INHERITED.pop(self._call, None)


def start_one(function: Callable[..., R], *args: Any) -> Started[R]:
    """Run `function(*args)` in a forked process of its own; call the result to wait for it.

    The caller goes on meanwhile. A crash of that process raises BrokenProcessPool when
    waited for. Where fork is not available, the call runs when waited for.
    """
    return Started(function, *args)


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
