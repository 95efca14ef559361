"""The reader's floor: python-calamine alone over an inbox, as its own process.

    python benchmarks/reader_floor.py INBOX [--workers N]

Opens every .xlsx under INBOX with python-calamine and turns every sheet into Python values,
in N worker processes (default: the workers `perfxl check` uses), and nothing else: no
metadata, no checks, no archive, no report. Whatever `perfxl check` does on top of this can
only add time, so files/s here bound what any checker built on calamine can reach on this
machine. The last line printed is a JSON summary the benchmarks read.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

BATCH = 16  # as perfxl's ingest hands files to its workers


def read_values(paths: list[str]) -> int:
    """Every sheet of every file as Python values; the number of cells seen."""
    import python_calamine

    cells = 0
    for path in paths:
        with open(path, "rb") as handle:
            book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(handle.read()))
        try:
            for name in book.sheet_names:
                cells += sum(len(row) for row in book.get_sheet_by_name(name).to_python())
        finally:
            book.close()
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inbox", type=Path)
    parser.add_argument("--workers", type=int, default=min(os.cpu_count() or 1, 8))
    args = parser.parse_args()
    start = time.perf_counter()
    paths = sorted(str(p) for p in args.inbox.rglob("*.xlsx"))
    batches = [paths[i:i + BATCH] for i in range(0, len(paths), BATCH)]
    with ProcessPoolExecutor(args.workers) as pool:
        cells = sum(pool.map(read_values, batches))
    seconds = time.perf_counter() - start
    print(json.dumps({"files": len(paths), "cells": cells, "workers": args.workers,
                      "seconds_in_process": round(seconds, 3)}))


if __name__ == "__main__":
    main()
