"""Time a command as a whole process and measure the memory of its process tree.

Memory is measured two ways, both reported:

- **tree peak**: a thread samples /proc every `interval` seconds and sums, over the child
  and all of its descendants (perfxl's reader workers), the RSS (/proc/PID/statm) and the
  PSS (/proc/PID/smaps_rollup). PSS splits pages shared by forked workers between them, so
  the PSS sum is what the tree really costs the machine; the RSS sum counts shared pages
  once per process and overstates it. Spikes shorter than the interval can be missed.
- **largest single process**: `ru_maxrss` from `os.wait4`, i.e. the maximum resident set
  of the command and of every descendant it waited for (not a sum). Linux carries the
  high-water mark of the memory a process had *before* exec into ru_maxrss, so a command
  spawned straight from this (large) benchmark process would report at least this process's
  size. The command is therefore started by a small launcher (this file run with --launch),
  which spawns it, waits for it with wait4 and reports its ru_maxrss and wall time; the
  launcher itself is left out of the tree sums. Wall time is the launcher's, from spawn to
  reaped, so the launcher's own start-up (~30 ms) is not counted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
MB = 1024 * 1024


@dataclass(frozen=True)
class Measured:
    command: list[str]
    seconds: float
    returncode: int
    stdout: str
    stderr: str
    max_rss_single: int  # bytes: the largest process of the tree (ru_maxrss)
    peak_tree_rss: int  # bytes: the largest sampled sum of RSS over the tree
    peak_tree_pss: int  # bytes: the largest sampled sum of PSS over the tree
    peak_processes: int  # the most processes seen alive at once in the tree
    samples: int
    cpu_seconds: float = 0.0  # user + system time of the command and its waited-for children
    machine_busy_seconds: float = 0.0  # CPU time the whole machine spent busy meanwhile

    @property
    def other_load(self) -> float:
        """Cores kept busy by *other* processes during the run, on average (0 = quiet).
        Anything above ~0.2 means the figures are inflated by competition for the CPUs."""
        if self.seconds <= 0:
            return 0.0
        return max(0.0, (self.machine_busy_seconds - self.cpu_seconds) / self.seconds)

    @property
    def peak(self) -> int:
        """The figure compared with memory targets: the tree's PSS sum, else its RSS sum."""
        return self.peak_tree_pss or self.peak_tree_rss or self.max_rss_single


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # the command name may hold spaces and brackets: fields follow the last ")"
        fields = stat[stat.rfind(b")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def _tree(root: int) -> list[int]:
    children = _children_map()
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, ()))
    return found


def _rss_pss(pid: int) -> tuple[int, int]:
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            rss = int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0, 0
    pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    pss = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError):
        pass
    return rss, pss


class _Sampler(threading.Thread):
    def __init__(self, pid: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.stop = threading.Event()
        self.peak_rss = self.peak_pss = self.peak_processes = self.samples = 0

    def run(self) -> None:
        pids: list[int] = []
        while not self.stop.is_set():
            if self.samples % 10 == 0:  # scanning all of /proc costs ~2 ms: not every time
                pids = _tree(self.pid)[1:]  # the launcher itself is not counted
            else:
                pids = [p for p in pids if os.path.exists(f"/proc/{p}")]
            rss = pss = 0
            for pid in pids:
                one_rss, one_pss = _rss_pss(pid)
                rss, pss = rss + one_rss, pss + one_pss
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_pss = max(self.peak_pss, pss)
            self.peak_processes = max(self.peak_processes, len(pids))
            self.samples += 1
            self.stop.wait(self.interval)


def _busy_seconds() -> float:
    """CPU seconds the machine has spent not idle since boot (all cores, /proc/stat)."""
    with open("/proc/stat") as handle:
        fields = [int(v) for v in handle.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def measure(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None,
            interval: float | None = 0.05) -> Measured:
    """Run `command` to its end; its wall time, exit status, output and memory.

    With `interval` None, memory is not sampled (only each process's ru_maxrss is known):
    sampling every 50 ms reads each process's smaps_rollup, which walks its page tables and
    costs the measured run about a tenth of its wall time on two cores; timed runs go
    without, and one more run takes the memory.

    Python may cache compiled bytecode, as in any installed package: an environment that
    forbids it (PYTHONDONTWRITEBYTECODE) would have an editable perfxl recompile its modules
    in every run, ~0.1 s that users, whose pip compiles the package once, never pay.
    """
    env = {**(os.environ if env is None else env)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(suffix=".json") as report:
        busy_before = _busy_seconds()
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--launch", report.name, "--",
             *command],
            cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        sampler = _Sampler(process.pid, interval or 0.05)
        if interval is not None:
            sampler.start()
        process.wait()
        outer = time.perf_counter() - started
        busy = _busy_seconds() - busy_before
        if interval is not None:
            sampler.stop.set()
            sampler.join()
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
        try:
            launched = json.loads(Path(report.name).read_text() or "{}")
        except ValueError:
            launched = {}
    return Measured(command, launched.get("seconds", outer),
                    launched.get("returncode", process.returncode), stdout, stderr,
                    launched.get("maxrss", 0), sampler.peak_rss, sampler.peak_pss,
                    sampler.peak_processes, sampler.samples, launched.get("cpu", 0.0),
                    busy * launched.get("seconds", outer) / outer if outer else busy)


def _launch(report: str, command: list[str]) -> int:
    """The launcher: run `command`, then write its wall time, status and ru_maxrss."""
    started = time.perf_counter()
    process = subprocess.Popen(command)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    with open(report, "w") as handle:
        json.dump({"seconds": seconds, "returncode": code, "maxrss": usage.ru_maxrss * 1024,
                   "cpu": usage.ru_utime + usage.ru_stime}, handle)
    return code if code >= 0 else 128 - code


def mb(value: int) -> str:
    return f"{value / MB:.0f} MB"


def python() -> str:
    """The interpreter running the benchmarks (the project's venv)."""
    return sys.executable


def perfxl_command() -> list[str]:
    """`perfxl` from the same venv as this interpreter, else `python -m perfxl`, its modules
    compiled first: an installed perfxl has its .pyc files (pip writes them), and the first
    timed run of an edited checkout would otherwise compile them (0.1-0.3 s of its start on
    this project's machine; `measure` lets the later runs cache them)."""
    import compileall

    import perfxl

    compileall.compile_dir(str(Path(perfxl.__file__).parent), quiet=1)
    script = Path(sys.executable).with_name("perfxl")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "perfxl"]


def machine() -> str:
    import platform

    import perfxl

    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    return (f"{os.cpu_count()} CPUs, {_memory_total()}, Python {platform.python_version()}, "
            f"perfxl {perfxl.__version__}; load average now {load}")


def _memory_total() -> str:
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / 1024 / 1024:.0f} GB RAM"
    except OSError:
        pass
    return "? RAM"


if __name__ == "__main__" and len(sys.argv) > 3 and sys.argv[1] == "--launch":
    sys.exit(_launch(sys.argv[2], sys.argv[4:]))
