"""Real LibreOffice for the tests: fill, edit and convert workbooks the way a section would.

LibreOffice's Python bridge (python3-uno) imports only under the system interpreter, so the
work is done by `tests/lo_driver.py` run with `/usr/bin/python3`; this module (venv side)
writes the job, runs the driver with a timeout and makes sure no soffice is left behind.

Tests call `require_libreoffice()`: it skips when soffice or python3-uno is missing, and fails
instead when PERFXL_REQUIRE_LIBREOFFICE=1 (CI sets it, so the round trip is never skipped
there by accident).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest

DRIVER = Path(__file__).with_name("lo_driver.py")
SYSTEM_PYTHON = "/usr/bin/python3"
REQUIRE_ENV = "PERFXL_REQUIRE_LIBREOFFICE"
DEFAULT_TIMEOUT = 120  # seconds for one driver run (one soffice start)

Cells = Iterable[tuple[str, str, Any]]  # (sheet, A1 cell, value: number or text)


class LibreOfficeError(RuntimeError):
    """The driver could not do its job."""


def soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return "/usr/bin/soffice" if os.access("/usr/bin/soffice", os.X_OK) else None


@functools.lru_cache(maxsize=1)
def missing_reason() -> str | None:
    """Why LibreOffice cannot be driven here, or None when it can."""
    if soffice() is None:
        return "soffice (LibreOffice) is not installed"
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        return f"{SYSTEM_PYTHON} is missing"
    try:
        probe = subprocess.run(
            [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{SYSTEM_PYTHON} cannot import uno: {exc}"
    if probe.returncode != 0:
        return f"{SYSTEM_PYTHON} cannot import uno (install python3-uno)"
    return None


def available() -> bool:
    return missing_reason() is None


def required() -> bool:
    return os.environ.get(REQUIRE_ENV, "").strip() not in ("", "0")


def require_libreoffice() -> None:
    """Skip the calling test (or fixture) without LibreOffice; fail if CI requires it."""
    reason = missing_reason()
    if reason is None:
        return
    if required():
        pytest.fail(f"{REQUIRE_ENV}=1 but LibreOffice cannot be used: {reason}", pytrace=False)
    pytest.skip(f"LibreOffice not available: {reason}")


def document_job(
    source: Path,
    saves: Sequence[Path],
    cells: Cells = (),
    insert_row_before: int | None = None,
    sheet: str = "自评表",
    password: str = "",
) -> dict[str, Any]:
    """One document for `run_jobs`: optionally insert a row, type `cells`, save as `saves`."""
    steps: list[dict[str, Any]] = []
    if insert_row_before is not None:
        steps.append({"op": "insert_rows", "sheet": sheet, "before": insert_row_before})
    for sheet_name, cell, value in cells:
        step: dict[str, Any] = {"op": "set", "sheet": sheet_name, "cell": cell}
        if isinstance(value, str) and value.startswith("="):
            step["formula"] = value
        elif isinstance(value, str):
            step["string"] = value
        else:
            step["value"] = value
        steps.append(step)
    return {
        "source": str(Path(source).resolve()),
        "password": password,
        "steps": steps,
        "save": [{"path": str(Path(target).resolve())} for target in saves],
    }


def run_jobs(documents: list[dict[str, Any]], timeout: int = DEFAULT_TIMEOUT) -> list[Path]:
    """Run every document job in one soffice session; the paths saved, in order."""
    with tempfile.TemporaryDirectory(prefix="perfxl-lo-job-") as folder:
        job_file = Path(folder) / "job.json"
        pgid_file = Path(folder) / "soffice.pgid"
        job = {
            "soffice": soffice(),
            "timeout": max(timeout - 15, 10),
            "pgid_file": str(pgid_file),
            "documents": documents,
        }
        job_file.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
        process = subprocess.Popen(
            [SYSTEM_PYTHON, str(DRIVER), str(job_file)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process.pid, signal.SIGTERM)  # lets the driver clean up
            try:
                out, err = process.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                _kill_group(process.pid, signal.SIGKILL)
                out, err = process.communicate()
            _kill_soffice(pgid_file)
            raise LibreOfficeError(
                f"LibreOffice driver timed out after {timeout} s: {err.decode(errors='replace')}"
            ) from None
        _kill_soffice(pgid_file)  # normally already gone
    lines = out.decode("utf-8", errors="replace").strip().splitlines()
    try:
        result = json.loads(lines[-1])
    except (IndexError, ValueError):
        raise LibreOfficeError(
            f"driver exited {process.returncode} without a result: "
            f"{err.decode(errors='replace')[-2000:]}"
        ) from None
    if not result.get("ok"):
        raise LibreOfficeError(f"{result.get('error')}\n{result.get('traceback', '')}")
    return [Path(p) for p in result["saved"]]


def _kill_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _kill_soffice(pgid_file: Path) -> None:
    """SIGKILL the soffice process group the driver started, if any of it is still alive."""
    try:
        pgid = int(pgid_file.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return
    _kill_group(pgid, signal.SIGKILL)


def fill_with_libreoffice(
    template: Path,
    target: Path,
    cells: Cells,
    insert_row_before: int | None = None,
    password: str = "",
) -> Path:
    """Open `template` in LibreOffice, (insert a row,) type `cells`, save as .xlsx `target`."""
    job = document_job(template, [target], cells, insert_row_before, password=password)
    return run_jobs([job])[0]


def convert_with_libreoffice(source: Path, targets: Sequence[Path]) -> list[Path]:
    """Save `source` unchanged as each target (.xlsx, .xls or .ods by its suffix)."""
    return run_jobs([document_job(source, targets)])
