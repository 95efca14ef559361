"""Benchmark for the "Fast ingest" issue: `perfxl check` against a naive openpyxl script.

    .venv/bin/python benchmarks/ingest.py                  # 1,000 returns
    .venv/bin/python benchmarks/ingest.py --returns 200 --repeat 3

Generates (once, cached under --dir) a synthetic bureau with N sections, 60 indicators each,
half of the returns with long 完成情况 texts and --broken of them with one bad self score;
then, on a fresh copy of the workspace each time (no archive/, no output/):

- times `perfxl check -w WS` as a whole process (wall clock, exit status 0 or 1);
- times `python benchmarks/naive.py check WS/inbox` (openpyxl load_workbook per file, the
  same basic score checks) as a whole process;
- checks the answers: perfxl must flag exactly the broken sections, naive the same count;
- times `python benchmarks/reader_floor.py WS/inbox` (python-calamine alone turning every
  sheet into values, in as many processes as perfxl uses, no checks): the ceiling of any
  checker built on that reader on this machine.

Memory: see benchmarks/measure.py. "peak" is the largest sum of PSS over the process tree
(perfxl's reader workers included) sampled every 50 ms; the largest single process
(ru_maxrss from wait4) is shown beside it.

Targets (issue "Fast ingest"): ≥ 500 returns/s, ≥ 5× the naive script, peak < 300 MB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import replace
from pathlib import Path

import synthetic
from measure import Measured, machine, mb, measure, perfxl_command, python

HERE = Path(__file__).resolve().parent
TARGET_RATE = 500
TARGET_RATIO = 5
TARGET_PEAK_MB = 300


def verify(workspace: Path, broken: dict[str, str]) -> tuple[bool, str]:
    """`perfxl check --json` (untimed): the broken sections in error, every other one ok."""
    result = measure([*perfxl_command(), "check", "-w", str(workspace), "--json"])
    report = json.loads(result.stdout)
    statuses = {s["code"]: s["status"] for s in report["sections"]}
    errors = [i for i in report["issues"] if i["severity"] == "error"]
    bad = sorted(code for code, status in statuses.items() if status != "ok")
    ok = bad == sorted(broken) and len(errors) == len(broken)
    text = (f"perfxl: {len(statuses) - len(bad)} sections ok, {len(bad)} not ok "
            f"({len(errors)} errors); expected {len(broken)} in error: "
            f"{', '.join(sorted(broken)) or 'none'}")
    return ok, text


def row(label: str, result: Measured, files: int) -> str:
    sampled = result.samples > 0 or result.peak_tree_pss > 0  # "—" where not sampled
    return (f"{label:<16}{result.seconds:>9.2f}{files / result.seconds:>10.1f}"
            f"{mb(result.peak):>12}"
            f"{mb(result.peak_tree_rss) if sampled else '—':>12}{mb(result.max_rss_single):>12}"
            f"{result.peak_processes if sampled else '—':>7}{result.other_load:>8.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--returns", type=int, default=1000, help="sections, one return each")
    parser.add_argument("--indicators", type=int, default=60, help="indicators per return")
    parser.add_argument("--broken", type=int, default=None,
                        help="returns with one bad self score (default 1%%)")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--repeat", type=int, default=3, help="timed `perfxl check` runs")
    parser.add_argument("--naive-repeat", type=int, default=1, help="timed naive runs")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive reference")
    parser.add_argument("--floor-repeat", type=int, default=3,
                        help="timed runs of calamine alone (0: skip)")
    parser.add_argument("--dir", type=Path, default=synthetic.BASE,
                        help="corpus cache and scratch folder (default %(default)s)")
    args = parser.parse_args()
    broken = args.broken if args.broken is not None else max(1, args.returns // 100)

    corpus = synthetic.corpus(args.returns, args.indicators, args.seed, broken=broken,
                              review_share=None, deductions_share=0.1, base=args.dir)
    info = synthetic.corpus_info(corpus)
    work = args.dir / "work" / f"ingest-{args.returns}"
    files = args.returns

    print(f"perfxl ingest benchmark: {files} returns × {args.indicators} indicators "
          f"({info['long_returns']} with long 完成情况), {len(info['broken'])} broken on purpose")
    print(f"machine: {machine()}")
    print(f"corpus:  {corpus} (generated in {info['seconds']} s)")

    checks: list[Measured] = []
    for n in range(args.repeat + 1):  # timed runs, then one sampling memory (see measure)
        synthetic.fresh_copy(corpus, work)
        memory_run = n == args.repeat
        result = measure([*perfxl_command(), "check", "-w", str(work)],
                         interval=0.05 if memory_run else None)
        if result.returncode not in (0, 1):
            print(result.stderr[-2000:], file=sys.stderr)
            raise SystemExit(f"perfxl check failed with exit status {result.returncode}")
        if memory_run:
            memory = result
            print(f"  perfxl check memory run: peak {mb(result.peak)} (sampled every 50 ms, "
                  f"which slows it: {result.seconds:.2f} s, not counted)", flush=True)
            continue
        print(f"  perfxl check run {n + 1}: {result.seconds:.2f} s, exit {result.returncode}, "
              f"largest process {mb(result.max_rss_single)}, other load "
              f"{result.other_load:.2f} cores", flush=True)
        checks.append(result)
    verified, verdict = verify(work, info["broken"])
    print(f"  {'OK' if verified else 'MISMATCH'} {verdict}")

    naives: list[Measured] = []
    naive_summary: dict[str, object] = {}
    if not args.no_naive:
        for n in range(args.naive_repeat):
            # one process: its ru_maxrss is its peak, no sampling needed to slow it
            result = measure([python(), str(HERE / "naive.py"), "check", str(work / "inbox")],
                             interval=None)
            if result.returncode != 0:
                print(result.stderr[-2000:], file=sys.stderr)
                raise SystemExit(f"naive.py failed with exit status {result.returncode}")
            naive_summary = json.loads(result.stdout.strip().splitlines()[-1])
            print(f"  naive run {n + 1}: {result.seconds:.2f} s, "
                  f"{naive_summary['problems']} problems in "
                  f"{naive_summary['files_with_problems']} files, peak {mb(result.peak)}, "
                  f"other load {result.other_load:.2f} cores", flush=True)
            naives.append(result)

    floors: list[Measured] = []
    for n in range(args.floor_repeat):
        result = measure([python(), str(HERE / "reader_floor.py"), str(work / "inbox")],
                         interval=None)
        if result.returncode != 0:
            print(result.stderr[-2000:], file=sys.stderr)
            raise SystemExit(f"reader_floor.py failed with exit status {result.returncode}")
        print(f"  calamine alone run {n + 1}: {result.seconds:.2f} s, "
              f"other load {result.other_load:.2f} cores", flush=True)
        floors.append(result)

    if naives and naive_summary.get("problems") != len(info["broken"]):
        verified = False
        print(f"  MISMATCH naive found {naive_summary.get('problems')} problems, "
              f"expected {len(info['broken'])}")
    check = sorted(checks, key=lambda r: r.seconds)[len(checks) // 2]  # the median run
    check = replace(check, peak_tree_rss=memory.peak_tree_rss, peak_tree_pss=memory.peak_tree_pss,
                    peak_processes=memory.peak_processes)  # the memory run's, sampled
    quiet = [r for r in checks if r.other_load < 0.2]
    print()
    print(f"{'':<16}{'wall s':>9}{'files/s':>10}{'peak PSS':>12}{'peak RSS':>12}"
          f"{'largest 1':>12}{'procs':>7}{'other':>8}")
    print(row("perfxl check", check, files))
    rate = files / check.seconds
    ratio = None
    if naives:
        naive = sorted(naives, key=lambda r: r.seconds)[len(naives) // 2]
        print(row("naive openpyxl", naive, files))
        ratio = naive.seconds / check.seconds
        print(f"{'ratio':<16}{ratio:>8.1f}×  (naive wall / perfxl wall)")
    floor_rate = None
    if floors:
        floor = min(floors, key=lambda r: r.seconds)  # the ceiling: its best run
        print(row("calamine alone", floor, files))
        floor_rate = files / floor.seconds
    if len(checks) > 1:
        times = [r.seconds for r in checks]
        print(f"perfxl check runs: {', '.join(f'{t:.2f}' for t in times)} s "
              f"(median {statistics.median(times):.2f}, best {min(times):.2f}; "
              f"{len(quiet)} of {len(checks)} on a quiet machine)")
    print("peak PSS = largest sampled sum of PSS over the process tree (perfxl: from a run "
          "of its own, sampled every 50 ms; the timed runs are not sampled, as sampling slows "
          "them); peak RSS = same with RSS; largest 1 = ru_maxrss of the biggest single "
          "process (the naive script's and calamine's figure); other = cores kept busy by "
          "other processes meanwhile (> 0.2: the machine was not quiet)")

    peak_mb = check.peak / 1024 / 1024
    verdicts = [
        f"≥{TARGET_RATE}/s {'met' if rate >= TARGET_RATE else 'MISSED'} ({rate:.0f}/s)",
        (f"≥{TARGET_RATIO}× naive {'met' if ratio >= TARGET_RATIO else 'MISSED'} "
         f"({ratio:.1f}×)") if ratio is not None else "≥5× naive not measured",
        f"peak <{TARGET_PEAK_MB} MB {'met' if peak_mb < TARGET_PEAK_MB else 'MISSED'} "
        f"({peak_mb:.0f} MB)",
    ]
    print("targets: " + "; ".join(verdicts))
    if floor_rate is not None:
        print(f"ceiling: python-calamine alone reads {floor_rate:.0f} files/s here (best run, "
              f"every sheet to values, no checks); {rate / floor_rate:.0%} of that is reached "
              f"by perfxl check" + (f"; ≥{TARGET_RATE}/s is above the reader's own ceiling"
                                     if floor_rate < TARGET_RATE else ""))
    naive_part = (f" vs naive {naive.seconds:.1f} s ({files / naive.seconds:.1f}/s, peak "
                  f"{mb(naive.peak)}) = {ratio:.1f}× faster") if naives and ratio else ""
    print(f"SUMMARY ingest: {files} returns: perfxl check {check.seconds:.2f} s "
          f"({rate:.0f}/s, peak {mb(check.peak)}){naive_part}; answers "
          f"{'verified' if verified else 'MISMATCH'}")
    return 0 if verified else 1


if __name__ == "__main__":
    sys.exit(main())
