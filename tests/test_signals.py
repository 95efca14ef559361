"""Ending perfxl from outside: Ctrl-C or SIGTERM mid-run, or its process killed outright."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from perfxl.workspace import Workspace
from tests.conftest import ReturnFactory

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads /proc and relies on Linux's parent-death signal")


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):  # a thread that ended meanwhile
            found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _busy_workspace(workspace: Workspace, returns: ReturnFactory) -> None:
    """Enough returns (copies of three) that reading them takes the workers a while."""
    first = returns.write_all()
    for number in range(300):
        for path in first:
            shutil.copyfile(path, path.with_name(f"{path.stem}-{number}.xlsx"))


def _start_and_wait_for_workers(workspace: Workspace) -> tuple[subprocess.Popen[bytes], set[int]]:
    process = subprocess.Popen([sys.executable, "-m", "perfxl", "check", "-w",
                                str(workspace.root)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2 and process.poll() is None:
        workers = _children(process.pid)
        time.sleep(0.01)
    assert len(workers) >= 2, "the workers never started"
    return process, workers


def _gone(pids: set[int], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(_alive(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_run_ends_with_its_workers(
    workspace: Workspace, returns: ReturnFactory, sent: signal.Signals
) -> None:
    """SIGTERM (kill, a scheduler's timeout) killed perfxl at once and left its reader
    workers waiting forever, holding its output open; Ctrl-C said "Aborted!" with exit 1,
    the status of a finished run with faulty inputs. Both now end every process, say so in
    one line and exit 130."""
    _busy_workspace(workspace, returns)
    process, workers = _start_and_wait_for_workers(workspace)
    process.send_signal(sent)
    assert process.wait(timeout=60) == 130
    assert process.stderr is not None
    message = process.stderr.read().decode().strip()
    assert message.startswith("已中止") and "\n" not in message and "Traceback" not in message
    assert _gone(workers)
    assert not list(workspace.root.rglob(".perfxl-*"))  # no temporary file left behind


def test_workers_end_when_perfxl_is_killed(workspace: Workspace, returns: ReturnFactory) -> None:
    """kill -9 gives perfxl no chance to stop its workers: Linux tells them instead."""
    _busy_workspace(workspace, returns)
    process, workers = _start_and_wait_for_workers(workspace)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert _gone(workers)


def test_a_stop_while_workers_are_forked_waits_until_they_are() -> None:
    """Ctrl-C landing while a pool forked its workers was lost in fork's own handlers
    ("Exception ignored in _releaseLock": the run went on and ended 0), or broke the pool's
    shutdown ("cannot join thread before it is started", a traceback). Held back there, it
    arrives as soon as the pool is up; the workers stay stoppable."""
    from perfxl.parallel import process_pool, signals_held

    pool = process_pool(2)
    reached = False
    try:
        with pytest.raises(KeyboardInterrupt), signals_held():
            os.kill(os.getpid(), signal.SIGINT)  # arrives mid-fork, as in the race
            worker = pool.submit(os.getpid).result()
            reached = True
        assert reached  # held until the block was done, then raised
        os.kill(worker, signal.SIGTERM)
        assert _gone({worker})
    finally:
        pool.shutdown(cancel_futures=True)


def test_a_signal_while_python_shuts_down_is_no_kill() -> None:
    """A SIGTERM landing after the command had written and said everything, while Python
    shut down, ended it as killed (exit 143, or -2 for Ctrl-C) with no message."""
    code = ("import signal, sys\n"
            "sys.argv = ['perfxl', '--help']\n"
            "from perfxl import console\n"
            "try:\n"
            "    console()\n"
            "except SystemExit:\n"
            "    print('ignored' if signal.getsignal(signal.SIGTERM) == signal.SIG_IGN\n"
            "          and signal.getsignal(signal.SIGINT) == signal.SIG_IGN else 'not')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert done.returncode == 0 and done.stdout.decode("utf-8").rstrip().endswith("ignored")
