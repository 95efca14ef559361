#!/usr/bin/python3
"""Drives a private, headless LibreOffice through UNO to edit and save spreadsheets.

A standalone script for the *system* interpreter (`/usr/bin/python3`, where python3-uno is
installed); it imports nothing from perfxl. `tests/libreoffice.py` runs it as

    /usr/bin/python3 tests/lo_driver.py JOB.json

JOB.json:
    {"soffice": "/usr/bin/soffice",          # optional
     "timeout": 90,                           # seconds for the whole run, optional
     "pgid_file": "/tmp/x/soffice.pgid",      # optional: where the soffice group id is written
     "documents": [
       {"source": "/abs/in.xlsx",
        "password": "",                       # sheet protection password (模板密码), optional
        "steps": [                            # applied in order
          {"op": "insert_rows", "sheet": "自评表", "before": 4, "count": 1},
          {"op": "set", "sheet": "自评表", "cell": "H3", "value": 36.5},
          {"op": "set", "sheet": "自评表", "cell": "I3", "string": "完成情况"},
          {"op": "set", "sheet": "自评表", "cell": "H4", "formula": "=10+2.5"}],
        "save": [{"path": "/abs/out.xlsx", "filter": "Calc Office Open XML"}]}]}

Every sheet a step touches is unprotected first (templates are protected, with an empty
password unless 模板密码 is set). It prints one JSON line: {"ok": true, "saved": [...]} or
{"ok": false, "error": "..."}, and exits 0 or 1. soffice runs with a throw-away profile in its
own process group, which is killed at the end whatever happens.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import uuid

CONNECT_SECONDS = 30
DEFAULT_TIMEOUT = 90
FILTERS = {
    ".xlsx": "Calc Office Open XML",
    ".xls": "MS Excel 97",
    ".ods": "calc8",
}


class Timeout(Exception):
    pass


def _on_alarm(_signum, _frame):
    raise Timeout("LibreOffice job timed out")


def _on_term(_signum, _frame):
    raise SystemExit(3)


def start_soffice(soffice, profile, pipe_name):
    """soffice in a new process group, listening on a named pipe, with a private profile."""
    command = [
        soffice,
        "--headless",
        "--invisible",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--nofirststartwizard",
        f"-env:UserInstallation=file://{profile}",
        f"--accept=pipe,name={pipe_name};urp;StarOffice.ComponentContext",
    ]
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def connect(pipe_name, process):
    """The remote component context, retrying while soffice starts (up to ~30 s)."""
    import uno
    from com.sun.star.connection import NoConnectException

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = f"uno:pipe,name={pipe_name};urp;StarOffice.ComponentContext"
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            return resolver.resolve(url)
        except NoConnectException:
            if process.poll() is not None:
                raise RuntimeError(f"soffice exited with status {process.returncode}") from None
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"could not connect to soffice within {CONNECT_SECONDS} s"
                ) from None
            time.sleep(0.25)


def _property(name, value):
    import uno

    prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
    prop.Name = name
    prop.Value = value
    return prop


def _sheet(document, name, password, unprotected):
    sheet = document.Sheets.getByName(name)
    if name not in unprotected:
        if sheet.isProtected():
            sheet.unprotect(password)
        unprotected.add(name)
    return sheet


def apply_step(document, step, password, unprotected):
    sheet = _sheet(document, step["sheet"], password, unprotected)
    op = step["op"]
    if op == "insert_rows":
        sheet.Rows.insertByIndex(int(step["before"]) - 1, int(step.get("count", 1)))
    elif op == "delete_rows":
        sheet.Rows.removeByIndex(int(step["first"]) - 1, int(step.get("count", 1)))
    elif op == "set":
        cell = sheet.getCellRangeByName(step["cell"])
        if "value" in step:
            cell.setValue(float(step["value"]))
        elif "string" in step:
            cell.setString(step["string"])
        elif "formula" in step:
            cell.setFormula(step["formula"])
        else:
            raise ValueError(f"set needs value, string or formula: {step!r}")
    else:
        raise ValueError(f"unknown op {op!r}")


def run_document(desktop, job):
    import uno

    source = uno.systemPathToFileUrl(os.path.abspath(job["source"]))
    document = desktop.loadComponentFromURL(source, "_blank", 0, (_property("Hidden", True),))
    if document is None:
        raise RuntimeError(f"LibreOffice could not open {job['source']}")
    saved = []
    try:
        unprotected = set()
        for step in job.get("steps", []):
            apply_step(document, step, job.get("password", ""), unprotected)
        document.calculateAll()
        for target in job.get("save", []):
            path = os.path.abspath(target["path"])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            filter_name = target.get("filter") or FILTERS[os.path.splitext(path)[1].lower()]
            document.storeToURL(
                uno.systemPathToFileUrl(path),
                (_property("FilterName", filter_name), _property("Overwrite", True)),
            )
            saved.append(path)
    finally:
        document.close(True)
    return saved


def stop_soffice(desktop, process):
    """Ask soffice to quit, then kill its whole process group whatever it answered."""
    if desktop is not None:
        with contextlib.suppress(Exception):  # the bridge may already be gone
            desktop.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=3)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # soffice.bin and anything it started
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def main(argv):
    with open(argv[1], encoding="utf-8") as handle:
        job = json.load(handle)
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.signal(signal.SIGTERM, _on_term)
    signal.alarm(int(job.get("timeout", DEFAULT_TIMEOUT)))
    soffice = job.get("soffice") or shutil.which("soffice") or "/usr/bin/soffice"
    profile = tempfile.mkdtemp(prefix="perfxl-lo-profile-")
    pipe_name = f"perfxl_{uuid.uuid4().hex}"
    process = None
    desktop = None
    result = {"ok": False}
    try:
        process = start_soffice(soffice, profile, pipe_name)
        if job.get("pgid_file"):
            with open(job["pgid_file"], "w", encoding="utf-8") as handle:
                handle.write(str(process.pid))
        context = connect(pipe_name, process)
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )
        saved = []
        for document in job["documents"]:
            saved += run_document(desktop, document)
        result = {"ok": True, "saved": saved}
    except BaseException as exc:  # report everything, then clean up
        result = {
            "ok": False,
            "error": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc(),
        }
    finally:
        signal.alarm(0)
        if process is not None:
            stop_soffice(desktop, process)
        shutil.rmtree(profile, ignore_errors=True)
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
