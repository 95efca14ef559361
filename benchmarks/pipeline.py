"""Benchmark for the "City scale" issue: `perfxl templates` and `perfxl run` at 12, 100, 1000
sections, against a naive openpyxl + pandas script.

    .venv/bin/python benchmarks/pipeline.py                       # 12, 100, 1000 sections
    .venv/bin/python benchmarks/pipeline.py --sections 100 --profile

For each N: a cached synthetic workspace (60 indicators per return, half with long texts,
review.xlsx changing 5% of the scores, deductions for 10% of sections), then, each on a
fresh copy and as a whole process (wall clock, memory of the process tree, see measure.py):

- `perfxl templates -w WS` on a copy without returns;
- `perfxl run -w WS` with PERFXL_TIMINGS=1 (and PERFXL_PROFILE=1): perfxl prints its own
  stage laps (`timing<TAB>stage<TAB>seconds` on stderr), shown as they come;
- the stage breakdown (--stages, on by default): this script in a child process calls
  `perfxl.pipeline.run` with timers wrapped around the library functions it goes through
  (STAGES below), reporting exclusive wall time and RSS per stage;
- `python benchmarks/naive.py run WS` (openpyxl load_workbook per return, pandas totals,
  openpyxl ranking workbook); its totals are compared with perfxl's manifest.

--profile adds a cProfile of `perfxl run` at the largest N (main process only: the reader
workers are not in it) and prints the top functions by cumulative time.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import inspect
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import synthetic
from measure import MB, Measured, machine, mb, measure, perfxl_command, python

HERE = Path(__file__).resolve().parent

# (stage, "module:attribute") wrapped in --measure-stages mode. A stage's time excludes the
# stages called inside it; what no stage covers is "(rest, in no stage)". Functions imported inside
# `pipeline.run` (`from perfxl.x import f`) are looked up at call time, so wrapping the
# module attribute catches them. Extend this table as the pipeline grows stages.
STAGES: tuple[tuple[str, str], ...] = (
    ("master", "perfxl.pipeline:load_master"),
    ("history", "perfxl.history:load_previous"),
    ("history", "perfxl.history:compare_years"),
    ("hash+archive returns", "perfxl.ingest:sha256_file"),
    ("hash+archive returns", "perfxl.ingest:archive_file"),
    # read and check run together in the workers; a generator: time spent in next()
    ("read+check (workers)", "perfxl.ingest:iter_checked"),
    ("check", "perfxl.ingest:choose_returns"),
    ("check", "perfxl.ingest:attach_materials"),
    ("archive inputs", "perfxl.pipeline:_archive_inputs"),
    ("deductions", "perfxl.deductions:load_deductions"),
    ("review (read)", "perfxl.review:load_review"),
    ("score", "perfxl.scoring:score_sections"),
    ("score", "perfxl.ranking:rank_and_grade"),
    ("score", "perfxl.analysis:assess"),
    # narratives start here and render on the other cores while the workbook is written
    ("narratives (start)", "perfxl.pipeline:start_narrative_outputs"),
    ("binders", "perfxl.pipeline:write_binders"),
    ("problem list+feedback", "perfxl.pipeline:write_check_outputs"),
    ("workbook", "perfxl.report_writer:write_report"),
    ("review workbook", "perfxl.review:write_review"),
    ("manifest", "perfxl.pipeline:RunResult.to_json"),
    ("manifest", "perfxl.manifest:dumps"),
)
STAGE_ORDER = tuple(dict.fromkeys(label for label, _ in STAGES))


def _rss() -> int:
    with open("/proc/self/statm", "rb") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@dataclass
class _Stat:
    seconds: float = 0.0
    calls: int = 0
    rss_after: int = 0
    rss_growth: int = 0  # RSS at the end minus RSS at the start, exclusive of nothing


@dataclass
class StageTimer:
    """Exclusive wall time per stage label: time spent in nested stages goes to them."""

    stats: dict[str, _Stat] = field(default_factory=dict)
    stack: list[list[float]] = field(default_factory=list)  # [child seconds] per open call

    def wrap(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            result = self._timed_call(label, function, *args, **kwargs)
            if inspect.isgenerator(result):  # time the generator's work, not its creation
                return self._timed_generator(label, result)
            return result

        return timed

    def _timed_generator(self, label: str, generator: Iterator[Any]) -> Iterator[Any]:
        while True:
            try:
                item = self._timed_call(label, next, generator, count=False)
            except StopIteration:
                return
            yield item

    def _timed_call(self, label: str, function: Callable[..., Any], *args: Any,
                    count: bool = True, **kwargs: Any) -> Any:
        self.stack.append([0.0])
        rss_before = _rss()
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - started
            children = self.stack.pop()[0]
            if self.stack:
                self.stack[-1][0] += elapsed
            stat = self.stats.setdefault(label, _Stat())
            stat.seconds += elapsed - children
            stat.calls += 1 if count else 0
            stat.rss_after = _rss()
            stat.rss_growth += stat.rss_after - rss_before

    def install(self) -> list[str]:
        """Wrap every STAGES target that exists; the ones missing are returned."""
        missing = []
        for label, target in STAGES:
            module_name, _, path = target.partition(":")
            try:
                owner: Any = importlib.import_module(module_name)
                *parents, name = path.split(".")
                for parent in parents:
                    owner = getattr(owner, parent)
                original = getattr(owner, name)
            except (ImportError, AttributeError):
                missing.append(target)
                continue
            setattr(owner, name, self.wrap(label, original))
        return missing


def measure_stages(workspace: Path) -> dict[str, Any]:
    """`perfxl.pipeline.run` in this process with STAGES timed (the --measure-stages mode)."""
    started = time.perf_counter()
    from perfxl import pipeline

    imported = time.perf_counter() - started
    timer = StageTimer()
    missing = timer.install()
    started = time.perf_counter()
    outcome = pipeline.run(workspace)
    total = time.perf_counter() - started
    import resource

    stages = [
        {"stage": label, "seconds": timer.stats[label].seconds, "calls": timer.stats[label].calls,
         "rss_after": timer.stats[label].rss_after, "rss_growth": timer.stats[label].rss_growth}
        for label in STAGE_ORDER if label in timer.stats
    ]
    covered = sum(s["seconds"] for s in stages)
    stages.append({"stage": "(rest, in no stage)", "seconds": total - covered, "calls": 0,
                   "rss_after": 0, "rss_growth": 0})
    return {"total": total, "import": imported, "stages": stages, "missing": missing,
            "max_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "errors": outcome.has_errors}


def parse_profile(stderr: str) -> list[dict[str, Any]] | None:
    """Stage timings printed by `perfxl run` itself: `timing<TAB>stage<TAB>seconds` lines
    (PERFXL_TIMINGS=1), or a JSON line {"stages": [{"stage", "seconds"}]}; None if neither."""
    stages: list[dict[str, Any]] = []
    for line in stderr.splitlines():
        parts = line.strip().split("\t")
        if len(parts) == 3 and parts[0] == "timing":
            try:
                stages.append({"stage": parts[1], "seconds": float(parts[2])})
            except ValueError:
                continue
        elif line.startswith("{") and '"stages"' in line:
            try:
                found: list[dict[str, Any]] = json.loads(line)["stages"]
                return found
            except (ValueError, KeyError):
                continue
    return stages or None


# --- the benchmark ------------------------------------------------------------------------------


@dataclass
class Figures:
    sections: int
    templates: Measured
    run: Measured
    stages: dict[str, Any] | None = None
    own_stages: dict[str, Any] | None = None
    stages_process: Measured | None = None
    naive: Measured | None = None
    agree: str = ""


def _checked(result: Measured, what: str, allowed: tuple[int, ...] = (0,)) -> Measured:
    if result.returncode not in allowed:
        print(result.stdout[-1500:], result.stderr[-3000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"{what} failed with exit status {result.returncode}")
    return result


def compare_totals(workspace: Path, totals_path: Path) -> str:
    manifest = json.loads((workspace / "output" / "manifest.json").read_text(encoding="utf-8"))
    naive = json.loads(totals_path.read_text(encoding="utf-8"))
    sections = manifest["sections"]
    same = sum(1 for s in sections if s["total"] is not None and s["code"] in naive
               and abs(float(s["total"]) - naive[s["code"]]) < 0.006)
    return f"totals agree {same}/{len(sections)}"


def bench(sections: int, args: argparse.Namespace) -> Figures:
    corpus = synthetic.corpus(sections, args.indicators, args.seed, broken=0,
                              review_share=0.05, deductions_share=0.1, base=args.dir)
    info = synthetic.corpus_info(corpus)
    work = args.dir / "work" / f"pipeline-{sections}"
    print(f"\n== {sections} sections × {args.indicators} indicators "
          f"({info['long_returns']} returns with long texts, review changed "
          f"{info['review_rows_changed']} scores) — corpus {corpus.name}", flush=True)

    synthetic.fresh_copy(corpus, work, returns=False)
    templates = _checked(measure([*perfxl_command(), "templates", "-w", str(work)]),
                         "perfxl templates")
    print(f"  perfxl templates: {templates.seconds:.2f} s, peak {mb(templates.peak)}, "
          f"other load {templates.other_load:.2f}", flush=True)

    synthetic.fresh_copy(corpus, work)
    env = {**os.environ, "PERFXL_PROFILE": "1", "PERFXL_TIMINGS": "1"}
    run = _checked(measure([*perfxl_command(), "run", "-w", str(work)], env=env),
                   "perfxl run", (0, 1))
    print(f"  perfxl run:       {run.seconds:.2f} s, exit {run.returncode}, "
          f"peak {mb(run.peak)}, other load {run.other_load:.2f}", flush=True)
    figures = Figures(sections, templates, run)
    reported = parse_profile(run.stderr)
    if reported is not None:
        figures.own_stages = {"total": run.seconds, "stages": reported,
                              "source": "perfxl's own PERFXL_TIMINGS=1, in the timed run"}

    if not args.no_naive:
        out = args.dir / "work" / f"naive-{sections}"
        naive = _checked(measure([python(), str(HERE / "naive.py"), "run", str(work),
                                  "--out", str(out)]), "naive.py run")
        figures.naive = naive
        figures.agree = compare_totals(work, out / "totals.json")
        print(f"  naive run:        {naive.seconds:.2f} s, peak {mb(naive.peak)}, "
              f"other load {naive.other_load:.2f}; {figures.agree}", flush=True)

    if args.stages:
        synthetic.fresh_copy(corpus, work)
        process = _checked(measure([python(), str(Path(__file__).resolve()),
                                    "--measure-stages", str(work)]), "stage measurement")
        figures.stages = json.loads(process.stdout.strip().splitlines()[-1])
        figures.stages["other_load"] = process.other_load
        figures.stages_process = process
    return figures


def print_stages(stages: dict[str, Any] | None) -> None:
    if not stages:
        return
    total = stages["total"]
    source = stages.get("source", "in-process timers around perfxl.pipeline.run")
    what = "pipeline.run" if "import" in stages else "whole process"
    print(f"  stages ({source}; {what} {total:.2f} s"
          + (f", imports {stages['import']:.2f} s" if "import" in stages else "")
          + (f", other load {stages['other_load']:.2f}" if "other_load" in stages else "")
          + "):")
    for stage in stages["stages"]:
        share = stage["seconds"] / total * 100 if total else 0
        memory = (f"  RSS after {stage['rss_after'] / MB:5.0f} MB"
                  f" (+{stage['rss_growth'] / MB:.0f})" if stage.get("rss_after") else "")
        calls = f"{stage['calls']:>6}×" if stage.get("calls") else "       "
        print(f"    {stage['stage']:<24}{stage['seconds']:>8.2f} s {share:>5.1f}% {calls}{memory}")
    if stages.get("missing"):
        print(f"    (not found, not timed: {', '.join(stages['missing'])})")
    if "max_rss" in stages:
        print(f"    main process max RSS {mb(stages['max_rss'])}; reader workers not included")


def print_figures(figures: Figures) -> None:
    n = figures.sections
    print(f"\n-- {n} sections --")
    print(f"  {'':<18}{'wall s':>9}{'sections/s':>12}{'peak PSS':>11}{'peak RSS':>11}"
          f"{'largest 1':>11}{'other':>7}")
    rows = [("perfxl templates", figures.templates), ("perfxl run", figures.run)]
    if figures.naive:
        rows.append(("naive run", figures.naive))
    for label, result in rows:
        print(f"  {label:<18}{result.seconds:>9.2f}{n / result.seconds:>12.1f}"
              f"{mb(result.peak):>11}{mb(result.peak_tree_rss):>11}"
              f"{mb(result.max_rss_single):>11}{result.other_load:>7.2f}")
    if figures.naive:
        print(f"  naive / perfxl run: {figures.naive.seconds / figures.run.seconds:.2f}× time, "
              f"{figures.naive.peak / figures.run.peak:.2f}× peak; {figures.agree}")
    print_stages(figures.own_stages)
    print_stages(figures.stages)


def summary_line(figures: Figures) -> str:
    run, templates = figures.run, figures.templates
    text = (f"SUMMARY pipeline N={figures.sections}: templates {templates.seconds:.2f} s "
            f"(peak {mb(templates.peak)}), run {run.seconds:.2f} s (peak {mb(run.peak)})")
    if figures.naive:
        text += (f", naive {figures.naive.seconds:.2f} s (peak {mb(figures.naive.peak)}), "
                 f"run is {figures.naive.seconds / run.seconds:.1f}× the naive speed")
    return text


def profile_run(sections: int, args: argparse.Namespace, top: int = 30) -> None:
    """cProfile of `perfxl run` (main process) on a fresh copy; top functions by cumtime."""
    import pstats

    corpus = synthetic.corpus(sections, args.indicators, args.seed, broken=0,
                              review_share=0.05, deductions_share=0.1, base=args.dir)
    work = args.dir / "work" / f"profile-{sections}"
    synthetic.fresh_copy(corpus, work)
    output = args.dir / f"perfxl-run-{sections}.prof"
    started = time.perf_counter()
    _checked(measure([python(), "-m", "cProfile", "-o", str(output), "-m", "perfxl", "run",
                      "-w", str(work)]), "profiled perfxl run", (0, 1))
    print(f"\n== cProfile of perfxl run at {sections} sections ({time.perf_counter() - started:.1f}"
          f" s under the profiler; reader workers not included) — {output}")
    stats = pstats.Stats(str(output))
    stats.sort_stats("cumulative").print_stats(top)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sections", default="12,100,1000", help="comma-separated N")
    parser.add_argument("--indicators", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--no-naive", action="store_true")
    parser.add_argument("--stages", action=argparse.BooleanOptionalAction, default=True,
                        help="per-stage figures from an in-process run (default on)")
    parser.add_argument("--profile", action="store_true",
                        help="cProfile `perfxl run` at the largest N")
    parser.add_argument("--dir", type=Path, default=synthetic.BASE)
    parser.add_argument("--measure-stages", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_stages is not None:
        print(json.dumps(measure_stages(args.measure_stages)))
        return 0

    sizes = [int(n) for n in args.sections.split(",") if n.strip()]
    print(f"perfxl pipeline benchmark: N = {', '.join(map(str, sizes))} sections")
    print(f"machine: {machine()}")
    results = [bench(n, args) for n in sizes]
    for figures in results:
        print_figures(figures)
    print("\nother = cores kept busy by other processes during the run (> 0.2: not quiet)")
    print()
    for figures in results:
        print(summary_line(figures))
    by_n = {f.sections: f for f in results}
    if 100 in by_n and 1000 in by_n:
        small, big = by_n[100], by_n[1000]
        parts = [f"{label} time {getattr(big, attr).seconds / getattr(small, attr).seconds:.1f}×"
                 f" peak {getattr(big, attr).peak / getattr(small, attr).peak:.1f}×"
                 for label, attr in (("templates", "templates"), ("run", "run"))]
        if big.naive and small.naive:
            parts.append(f"naive time {big.naive.seconds / small.naive.seconds:.1f}× "
                         f"peak {big.naive.peak / small.naive.peak:.1f}×")
        print("RATIO 1000/100 (10× the sections; linear = 10×): " + "; ".join(parts))
    if args.profile:
        profile_run(max(sizes), args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
