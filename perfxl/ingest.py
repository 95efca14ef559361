"""Turns the inbox folder into checked returns plus issues; one bad file never stops the batch.

Files are read in worker processes on every core: a reader that aborts its process on a
hostile file costs a retry of that batch, and the file that did it becomes one issue.
Nothing in the inbox is ever modified, moved or deleted; every input is archived by hash.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import os
import re
import shutil
import signal
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from perfxl import i18n
from perfxl.evidence import (
    CONTAINER_SUFFIXES,
    MAX_MATERIAL_BYTES,
    Citation,
    Material,
    cited_files,
    match_materials,
    material_from_file,
    normalized,
    size_text,
    unpack,
)
from perfxl.issues import (
    Issue,
    PerfxlError,
    Severity,
    exception_text,
    make_issue,
    system_reason,
)
from perfxl.model import Collection, InputFile, Master, PreviousYear, Return, Section
from perfxl.parallel import process_pool, signals_held, workers
from perfxl.reader import (
    CHINA_TIME,
    CLUTTER_NAMES,
    MAX_FILE_BYTES,
    WORKBOOK_EXTENSIONS,
    RawWorkbook,
    TimeLimit,
    classify,
    looks_like_text_return,
    looks_like_workbook,
    read_file,
)
from perfxl.validate import ANNUAL, CheckedFile, check_workbook
from perfxl.workspace import FIXED_TIME, Workspace, archive_copy, archive_file, sha256_file

TEXT_SUFFIXES = (".csv", ".txt")  # what Save As text gives; looked into for a return
UNOPENED_ARCHIVES = (".rar", ".7z")  # RAR needs an external program; 7z its own bomb guards
WORKER_MEMORY_LIMIT = 3 * 1024**3  # bytes of address space a reader may use
FILE_SECONDS = 60  # a return reads in milliseconds; a crafted one is stopped after this
BATCH = 16


@dataclass(frozen=True)
class Ingested:
    """Everything found in the inbox: files with their fate, usable returns, problems."""

    files: tuple[InputFile, ...]
    returns: tuple[Return, ...]  # at most one per section
    issues: tuple[Issue, ...]
    clutter: int  # owner/lock files and OS clutter, skipped silently
    rejected_sections: frozenset[str]  # sections that sent only unusable files
    # section code -> (materials sent with its return, what its evidence cells cite)
    materials: dict[str, tuple[tuple[Material, ...], tuple[Citation, ...]]] = field(
        default_factory=dict)
    # a workbook's path as shown -> where it was read from (a zip's are unpacked elsewhere)
    sources: dict[str, Path] = field(default_factory=dict)

    def section_status(self, code: str) -> str:
        """ "ok", "error" or "missing" for one section."""
        returned, in_error = self._status_index
        if code in returned:
            return "error" if code in in_error else "ok"
        return "error" if code in self.rejected_sections else "missing"

    @functools.cached_property
    def _status_index(self) -> tuple[frozenset[str], frozenset[str]]:
        """(sections with a usable return, sections with an error): asked for every
        section, a scan of all returns and issues per question was quadratic."""
        returned = frozenset(r.section_code for r in self.returns)
        in_error = frozenset(i.section for i in self.issues
                             if i.section and i.severity is Severity.ERROR)
        return returned, in_error


@dataclass(frozen=True)
class _Found:
    path: Path
    display: str
    kind: str
    error: OSError | None = None


def readable(relative: str) -> str:
    """A path as users read it. A name that is not UTF-8 on disk (a GBK name, as an old
    share or an unzip tool leaves Chinese Windows names on Linux) reaches Python with
    undecodable bytes that no report could print: each such part is decoded as GB18030."""
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        relative = "/".join(_readable_part(part) for part in relative.split("/"))
    # a line break or tab in a name would split the report's lines: shown as a symbol
    return _CONTROL.sub(lambda c: chr(0x2400 + ord(c[0])), relative)


_CONTROL = re.compile("[\x00-\x1f]")


def _readable_part(part: str) -> str:
    try:
        part.encode("utf-8")
        return part
    except UnicodeEncodeError:
        raw = os.fsencode(part)
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            return raw.decode("utf-8", "replace")


def walk_inbox(inbox: Path) -> Iterator[_Found]:
    """Every file under `inbox`, any nesting, in a stable order; links are not followed.
    Each is shown under a name of its own: a GBK name shown as decoded can read exactly as
    a UTF-8 name beside it, and everything that follows tells files apart by that name; the
    later one is shown with " (2)" before its extension."""
    shown: set[str] = set()
    for found in _walk(inbox):
        display, copy = found.display, 2
        while display in shown:
            folder, slash, name = found.display.rpartition("/")
            stem, dot, extension = name.rpartition(".")
            if not stem:  # no extension (or a name starting with a dot)
                stem, dot, extension = name, "", ""
            display = f"{folder}{slash}{stem} ({copy}){dot}{extension}"
            copy += 1
        shown.add(display)
        yield found if display == found.display else replace(found, display=display)


def _walk(inbox: Path) -> Iterator[_Found]:
    """walk_inbox's files, as each shows its own name.

    Besides files: a link (to a file or a folder) is "link", a pipe or a device "special",
    a folder that cannot be listed (no permission, a path too long) "unlisted" with its
    error, and a temporary-looking name (~$…, ._…) whose content is a workbook "disguised".
    """
    if not inbox.is_dir():
        return
    unlisted: list[OSError] = []
    for folder, subfolders, files in os.walk(inbox, onerror=unlisted.append):
        yield from _unlisted(unlisted, inbox)
        for skipped in (d for d in subfolders if d == "__MACOSX"):  # macOS zip residue
            for inner_folder, _dirs, inner_files in os.walk(Path(folder) / skipped):
                for name in sorted(inner_files):
                    path = Path(inner_folder) / name
                    yield _Found(path, _relative(path, inbox), "clutter")
        linked = sorted(d for d in subfolders if _is_link(Path(folder) / d))
        for name in linked:  # os.walk lists them, and does not go in: say so
            yield _Found(Path(folder) / name, _relative(Path(folder) / name, inbox), "link")
        subfolders[:] = sorted(d for d in subfolders if d != "__MACOSX" and d not in linked)
        for name in sorted(files):
            yield _found_file(Path(folder) / name, inbox)
    yield from _unlisted(unlisted, inbox)  # the last folder tried, or the inbox itself


def _found_file(path: Path, inbox: Path) -> _Found:
    display = _relative(path, inbox)
    try:
        link, regular = path.is_symlink(), path.is_file()
    except OSError as exc:  # a path longer than the system allows, say
        return _Found(path, display, "unlisted", exc)
    if link:
        return _Found(path, display, "link")  # never followed: reported, not read
    if not regular:
        return _Found(path, display, "special")
    kind = classify(path.name)
    if kind == "clutter" and path.name.lower() not in CLUTTER_NAMES and \
            looks_like_workbook(path):
        kind = "disguised"  # a real return under an owner-file's name
    return _Found(path, display, kind)


def _unlisted(errors: list[OSError], inbox: Path) -> Iterator[_Found]:
    while errors:
        error = errors.pop(0)
        where = Path(os.fsdecode(error.filename)) if error.filename else inbox
        yield _Found(where, _relative(where, inbox), "unlisted", error)


def _is_link(path: Path) -> bool:
    try:
        return path.is_symlink()
    except OSError:  # too long to look at: os.walk reports it when it tries to go in
        return False


def _relative(path: Path, inbox: Path) -> str:
    if path == inbox:  # the inbox itself could not be listed: named, not "."
        return readable(inbox.as_posix())
    try:
        return readable(path.relative_to(inbox).as_posix())
    except ValueError:  # not under the inbox (an error naming another path)
        return readable(path.as_posix())


def _worker_setup(context: Context | None = None) -> None:
    global _TIMED, _CONTEXT
    if context is not None:  # a forked worker has it already; a spawned one has not
        _CONTEXT = context
    _limit_memory()
    if hasattr(signal, "setitimer"):  # the alarm of _time_limit, for every job of the worker
        signal.signal(signal.SIGALRM, _stop)
        _TIMED = True
    if not os.environ.get("PERFXL_DEBUG"):
        # A native reader's panic writes its own lines to stderr before perfxl turns it into
        # that file's problem (FILE_009): the office's console shows only perfxl's report.
        with contextlib.suppress(OSError):
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 2)
            os.close(quiet)


def _limit_memory() -> None:
    # Where the platform has no such limit, the bomb checks before reading still apply.
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_LIMIT, WORKER_MEMORY_LIMIT))


# What the workers check returns against: set before the pool starts, and handed to each
# worker once (inherited where workers are forked), never pickled with every batch.
Context = tuple[Master, Collection, PreviousYear | None]
_CONTEXT: Context | None = None

# (path on disk, path shown to users, the archive/ folder to copy the file into or "" for a
#  file that is not archived itself, such as a workbook taken out of a zip)
Job = tuple[str, str, str]


def _check_one(path: str, display: str, archive: str, raw: RawWorkbook | None = None
               ) -> CheckedFile:
    if _CONTEXT is None:
        raise RuntimeError("ingest: a return checked before iter_checked set the context")
    master, collection, previous = _CONTEXT
    source = Path(path)
    # Read once, then hashed, archived and parsed from memory; in the workers, so hashing
    # stays off the serial path. A file too large to read is hashed in blocks and refused.
    try:
        data = source.read_bytes() if source.stat().st_size <= MAX_FILE_BYTES else None
        if data is not None:
            sha256 = hashlib.sha256(data).hexdigest()
            if archive:
                archive_file(Path(archive), source, sha256, data)
        elif archive:  # too large to read: archived, and refused by its size below
            sha256 = archive_copy(Path(archive), source)[0]
        else:
            sha256 = sha256_file(source)
    except OSError as exc:  # held open by another program, not ours to read, or gone
        return CheckedFile(display, "", None, None, (unopenable(display, exc),))
    raw = raw if raw is not None else read_file(source, display, data)
    return check_workbook(raw, sha256, master, collection, previous)


def unopenable(display: str, error: OSError) -> Issue:
    return make_issue("FILE_025", file=display, reason=system_reason(error))


def _check_batch(batch: list[Job]) -> list[CheckedFile]:
    return [_check_guarded(*job) for job in batch]


def _check_guarded(path: str, display: str, archive: str) -> CheckedFile:
    """One job whatever happens in it: an exception that escaped every check (it might not
    even pickle back to the main process) becomes that file's FILE_017, and a file that
    takes longer than FILE_SECONDS (a sheet crafted to make the scan's patterns slow) its
    FILE_028. A failure to write archive/ (PerfxlError) still stops the run, with its own
    message."""
    try:
        with _time_limit():
            return _check_one(path, display, archive)
    except TimeLimit:
        return CheckedFile(display, "", None, None,
                           (make_issue("FILE_028", file=display, seconds=FILE_SECONDS),))
    except (PerfxlError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        return CheckedFile(display, "", None, None,
                           (make_issue("FILE_017", file=display, reason=exception_text(exc)),))


_TIMED = False  # set in reader processes, where an alarm may interrupt the work


def _stop(_signal: int, _frame: object) -> None:
    raise TimeLimit


@contextlib.contextmanager
def _time_limit() -> Iterator[None]:
    """FILE_SECONDS for the work inside, in a reader process (its main thread, where the
    alarm's handler, set up with the worker, runs; the regex engine checks for signals as
    it goes)."""
    if not _TIMED:
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, FILE_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def iter_checked(
    jobs: list[Job],
    context: Context,
    progress: Callable[[int], None] | None = None,
) -> Iterator[CheckedFile]:
    """Read and check every job in worker processes, yielding verdicts in the order given.

    Both reading and checking run in the workers, on every core; only the small verdicts come
    back. When a reader kills its worker, the batch being waited on is re-read one file per
    process (so the culprit is pinned down) and a fresh pool takes the rest.
    """
    global _CONTEXT
    _CONTEXT = context
    batches = [jobs[i : i + BATCH] for i in range(0, len(jobs), BATCH)]
    pending = list(range(len(batches)))
    while pending:
        try:
            pool = _pool(workers(), context)
            try:
                with signals_held():  # until the workers are forked (see there)
                    futures = {index: pool.submit(_check_batch, batches[index])
                               for index in pending}
                for index in list(pending):
                    results = futures.pop(index).result()
                    pending.remove(index)
                    if progress:
                        progress(len(results))
                    yield from results
            finally:  # interrupted or done: the batches not started are not started
                pool.shutdown(cancel_futures=True)
        except BrokenProcessPool:
            index = pending.pop(0)
            for path, display, archive in batches[index]:
                yield _check_one(path, display, archive, _read_isolated(path, display))
            if progress:
                progress(len(batches[index]))


def _pool(count: int, context: Context | None = None) -> ProcessPoolExecutor:
    return process_pool(count, functools.partial(_worker_setup, context))


def _read_isolated(path: str, display: str) -> RawWorkbook:
    """Read one file in a process of its own, so a crash is pinned on that file."""
    try:
        with _pool(1) as pool:
            with signals_held():
                future = pool.submit(read_file, Path(path), display)
            return future.result()
    except BrokenProcessPool:
        return RawWorkbook(
            display,
            [],
            issues=[
                make_issue("FILE_009", file=display,
                           reason=i18n.t_each("reason.reader_ended"))
            ],
        )


def ingest(
    workspace: Workspace,
    master: Master,
    inbox: Path | None = None,
    latest: bool = False,
    collection: Collection = ANNUAL,
    previous: PreviousYear | None = None,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> Ingested:
    """Read, archive and check every file in the inbox; pick one return per section.

    A return is a workbook alone, a folder holding a workbook and its materials, or a zip
    holding both; zipped workbooks are extracted into a temporary folder to be read.
    """
    inbox = inbox or workspace.inbox
    found = list(walk_inbox(inbox))
    clutter = sum(1 for f in found if f.kind == "clutter")
    files: dict[str, InputFile] = {}
    issues: list[Issue] = []
    if not os.path.isdir(inbox):  # every section "not returned" with no word why
        issues.append(make_issue("FILE_030", path=str(inbox), state=i18n.t_each(
            "inbox.file" if os.path.lexists(inbox) else "inbox.missing")))
    jobs: list[tuple[Path, str, str]] = []  # (path, display, archive folder or "")
    container_of: dict[str, str] = {}  # workbook display path -> its folder or zip
    materials: dict[str, list[Material]] = {}  # folder or zip -> materials in it
    zips: dict[str, list[str]] = {}  # zip display path -> the workbooks in it
    unpacked: Path | None = None  # made for the first zip: most inboxes have none
    text_returns: list[tuple[str, str | None]] = []  # (a return saved as CSV, its folder)
    with contextlib.suppress(OSError):  # where earlier versions unpacked, left behind
        shutil.rmtree(workspace.output / ".unpacked")
    for item in found:
        if item.kind == "clutter":
            continue
        if item.kind == "link":
            issues.append(make_issue("FILE_016", file=item.display))
            continue
        if item.kind == "unlisted" and item.error is not None:
            issues.append(unopenable(item.display, item.error))
            continue
        if item.kind == "special":  # a pipe or a device: never opened (reading could hang)
            issues.append(make_issue("FILE_011", file=item.display))
            continue
        if item.kind == "disguised":
            issues.append(make_issue("FILE_026", file=item.display))
            item = replace(item, kind="workbook")
        try:
            size = item.path.stat().st_size
        except OSError as exc:  # gone since the inbox was listed
            issues.append(unopenable(item.display, exc))
            files[item.display] = InputFile(item.display, "", 0, status="rejected")
            continue
        folder = item.display.split("/", 1)[0] if "/" in item.display else None
        if item.kind in ("other", "zip") and looks_like_workbook(item.path):
            issues.append(make_issue("FILE_020", file=item.display))
            item = replace(item, kind="workbook")
        if item.kind == "workbook":  # hashed and archived by the worker that reads it
            jobs.append((item.path, item.display, str(workspace.archive)))
            files[item.display] = InputFile(item.display, "", size)
            if folder:
                container_of[item.display] = folder
            continue
        if size > MAX_MATERIAL_BYTES:
            issues.append(make_issue("EVIDENCE_011", file=item.display, size=size_text(size),
                                     limit=size_text(MAX_MATERIAL_BYTES)))
            files[item.display] = InputFile(item.display, "", size, status="skipped")
            continue
        try:  # perfxl reads the archived copy from here on: the bytes the hash is of
            digest, archived = archive_copy(workspace.archive, item.path)
        except OSError as exc:  # held open by another program, or not ours to read
            issues.append(unopenable(item.display, exc))
            files[item.display] = InputFile(item.display, "", size, status="rejected")
            continue
        files[item.display] = InputFile(item.display, digest, archived.stat().st_size)
        text_return = (item.kind == "material" and item.path.suffix.lower() in TEXT_SUFFIXES
                       and looks_like_text_return(item.path))
        if text_return:
            text_returns.append((item.display, folder))
        if item.kind in ("zip", "mail"):
            unpacked = unpacked or _scratch_folder()
            opened = unpack(archived, item.display, unpacked / digest[:16],
                            WORKBOOK_EXTENSIONS, CLUTTER_NAMES, as_email=item.kind == "mail")
            issues += opened.issues
            zips[item.display] = [shown for _path, shown in opened.workbooks]
            materials[item.display] = opened.materials
            for path, shown in opened.workbooks:
                jobs.append((path, shown, ""))
                container_of[shown] = item.display
                files[shown] = InputFile(shown, "", path.stat().st_size)
        elif folder:
            materials.setdefault(folder, []).append(
                material_from_file(archived, item.display, digest))
        elif item.path.suffix.lower() == ".msg":  # Outlook's own format: may hold a return
            issues.append(make_issue("FILE_031", file=item.display))
        elif item.path.suffix.lower() in UNOPENED_ARCHIVES:  # may hold a return
            issues.append(make_issue("FILE_021", file=item.display,
                                     extension=item.path.suffix.lower()))
        elif item.kind == "material":
            if not text_return:  # that is FILE_027, said once the folders are known
                issues.append(make_issue("EVIDENCE_006", file=item.display))
        else:
            issues.append(make_issue("FILE_011", file=item.display))
    if on_total:
        on_total(len(jobs))
    # Workers read and check; each workbook's raw cells never leave the worker.
    checked = list(iter_checked(
        [(str(path), display, archive) for path, display, archive in jobs],
        (master, collection, previous), progress=progress))
    # a return saved as CSV is a material beside its workbook; alone, a return to resend
    sent_with_a_workbook = set(container_of.values())
    for display, folder in text_returns:
        if folder not in sent_with_a_workbook:
            issues.append(make_issue("FILE_027", file=display))
            files[display] = replace(files[display], status="rejected")
    # each return's own folder, now that the returns say whose they are (inbox/K01/…,
    # inbox/12月5日收/K01/…), and each material's, the nearest return's folder above it
    every_material = [m for found in materials.values() for m in found]
    section_named = _SectionNames(master.sections)
    container_of, material_folder = _containers(
        {entry.path: entry.section_code for entry in checked},
        [m.path for m in every_material], zips, section_named)
    issues += _named_for_another(checked, section_named)
    materials = {}
    for material in every_material:
        materials.setdefault(material_folder[material.path], []).append(material)
    checked, as_materials = _spreadsheets_as_materials(checked, container_of, jobs)
    for spreadsheet, container in as_materials:
        materials.setdefault(container, []).append(spreadsheet)
        files[spreadsheet.path] = replace(files[spreadsheet.path], status="skipped",
                                          sha256=spreadsheet.sha256)
    sent_with = {path: len(materials.get(folder, [])) for path, folder in container_of.items()}
    # what was said of a file before it was read (FILE_020: a return named .zip) belongs to
    # the section it turned out to be from, in the problem list and the board alike
    found_in = {entry.path: entry.section_code for entry in checked if entry.section_code}
    issues = [replace(issue, section=found_in[issue.file])
              if issue.section is None and issue.file in found_in else issue
              for issue in issues]
    choice = choose_returns(checked, latest, sent_with, frozenset(
        issue.file for issue in issues if issue.code == "RETURN_027" and issue.file))
    chosen, copies = choice.chosen, choice.copies
    issues += choice.issues
    for entry in checked:
        if entry.path in copies:
            status = "duplicate"  # its issues would only repeat those of the copy used
        else:
            if entry.path not in choice.set_aside:  # a later version of it was used
                issues += entry.issues
            status = "used" if entry.path in chosen else "rejected"
        files[entry.path] = replace(files[entry.path], sha256=entry.sha256,
                                    section=entry.section_code, status=status,
                                    saved_at=entry.saved_at)
    for zip_path, inner in zips.items():
        used = [files[p] for p in inner if files[p].status == "used"]
        files[zip_path] = replace(files[zip_path], status="used" if used else "rejected",
                                  section=used[0].section if len(used) == 1 else None)
    returns = tuple(c.result for c in checked if c.path in chosen and c.result is not None)
    too_large = frozenset(normalized(i.file or "") for i in issues if i.code == "EVIDENCE_011")
    attached, evidence_issues = attach_materials(returns, checked, container_of, materials,
                                                 section_named, too_large)
    issues += evidence_issues
    for code, (section_materials, _citations) in attached.items():
        for material in section_materials:
            if material.path in files:  # loose files in a folder; zip members are in the zip
                files[material.path] = replace(files[material.path], status="used",
                                               section=code)
            zipped = next((f for f in _folders_above(material.path) if f in zips), None)
            if zipped is not None and files[zipped].status != "used":  # materials alone
                files[zipped] = replace(files[zipped], status="used", section=code)
    used_sections = {r.section_code for r in returns}
    rejected = frozenset(
        c.section_code for c in checked if c.section_code and c.section_code not in used_sections
    )
    return Ingested(tuple(files.values()), returns, tuple(issues), clutter, rejected,
                    attached, {display: Path(path) for path, display, _archive in jobs})


def _scratch_folder() -> Path:
    """Where zipped workbooks are extracted to be read (and later copied: feedback, binder):
    a temporary folder of this process, removed when it exits. Nothing is left in output/,
    and `status` needs no output/ it can write to."""
    folder = Path(tempfile.mkdtemp(prefix="perfxl-unpacked-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def _spreadsheets_as_materials(
    checked: list[CheckedFile], container_of: dict[str, str],
    jobs: list[tuple[Path, str, str]]
) -> tuple[list[CheckedFile], list[tuple[Material, str]]]:
    """A workbook that belongs to no section, beside a return in its folder or zip, is
    evidence (a statistics table, say), not a broken return: it is listed, never scored.
    Only a readable workbook that is no template at all counts, or one whose content is
    another spreadsheet format than its name says (an .xlsx named .xls: EVIDENCE_003 then
    says so; it was an error of no section's, and the cell citing it "not sent"): a
    template of another year, workspace or section, or a damaged file, stays a return with
    its problems."""
    with_return = {container_of[c.path] for c in checked if c.usable and c.path in container_of}
    paths = {display: path for path, display, _archive in jobs}
    kept: list[CheckedFile] = []
    moved: list[tuple[Material, str]] = []
    for entry in checked:
        container = container_of.get(entry.path)
        errors = {i.code for i in entry.issues if i.severity is Severity.ERROR}
        if container in with_return and (errors == {"RETURN_001"} or (
                errors == {"FILE_003"} and not _holds_a_template(paths[entry.path]))):
            moved.append((material_from_file(paths[entry.path], entry.path, entry.sha256),
                          container))
        else:
            kept.append(entry)
    return kept, moved


def _holds_a_template(path: Path) -> bool:
    """Whether a spreadsheet named as another format (an .xlsx saved as .xls) is one of
    perfxl's templates: a corrected return, not evidence. Its workbook part names the
    metadata sheet; anything unreadable is taken for one (it stays a return, said)."""
    name = i18n.SHEET_META
    try:  # in the main process: a part's first 256 KB, of a file of a workbook's size
        if path.stat().st_size > 50 << 20:
            return True
        if not zipfile.is_zipfile(path):  # .xls (BIFF): its sheet names stand in its bytes
            data = path.read_bytes()
            return name.encode() in data or name.encode("utf-16-le") in data
        with zipfile.ZipFile(path) as package:
            part = next((p for p in ("xl/workbook.xml", "content.xml")
                         if p in package.NameToInfo), None)  # .xlsx, or .ods
            if part is None:
                return False
            with package.open(part) as opened:
                return name.encode() in opened.read(8 << 20)  # .ods: its last sheet
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError, EOFError):
        return True


class _SectionNames:
    """Which one section a folder's or zip's own name names, by code or by name
    ("K04补充材料", "法制科佐证.zip"): every code looked for at once, each folder once."""

    def __init__(self, sections: Sequence[Section]) -> None:
        self.sections = {section.code: section for section in sections}
        self.by_code = {i18n.normalize_label(s.code): s.code for s in sections}
        self.by_code.pop("", None)
        self.longest = max(map(len, self.by_code), default=0)
        self.starts = frozenset(code[0] for code in self.by_code)
        # each name under the pair of its characters fewest names share ("参与", not the
        # "永定" of every section of one district): a city's thousand names each tested
        # against every file's name took longer than all the rest of the naming
        named = [(text, s.code) for s in sections if (text := i18n.normalize_label(s.name))]
        shared = Counter(pair for text, _code in named for pair in set(_pairs(text)))
        self.names: dict[str, list[tuple[str, str]]] = {}
        for text, code in named:
            self.names.setdefault(min(_pairs(text), key=shared.__getitem__), []).append(
                (text, code))
        self.seen: dict[str, str | None] = {}

    def __call__(self, folder: str) -> Section | None:
        if folder not in self.seen:
            name = i18n.normalize_label(folder.rsplit(".", 1)[0] if folder.lower().endswith(
                CONTAINER_SUFFIXES) else folder)
            found = self._codes_in(name)
            found.update(self._names_in(name))
            self.seen[folder] = found.pop() if len(found) == 1 else None
        code = self.seen[folder]
        return self.sections[code] if code is not None else None

    def _codes_in(self, name: str) -> set[str]:
        """The codes standing in `name` as words of their own ("k04" in "k04补充材料", not
        in "k041"). Each stretch of `name` no longer than the longest code is looked up:
        a city's thousand codes in one pattern took longer to compile than all lookups."""
        found: set[str] = set()
        start = 0
        while start < len(name):
            end = self._code_at(name, start)
            if end is None:
                start += 1
            else:  # "k1-2" read whole, not also as "k1"
                found.add(self.by_code[name[start:end]])
                start = end
        return found

    def _names_in(self, name: str) -> Iterator[str]:
        """The codes of the sections whose names stand anywhere in `name`."""
        for start in range(len(name)):
            for key in (name[start:start + 2], name[start]):
                for text, code in self.names.get(key, ()):
                    if text in name:
                        yield code

    def _code_at(self, name: str, start: int) -> int | None:
        """Where the longest code starting at `start` as a word of its own ends, or None."""
        if name[start] not in self.starts or (start and name[start - 1] in _CODE_CHARACTERS):
            return None
        for end in range(min(len(name), start + self.longest), start, -1):
            if (end == len(name) or name[end] not in _CODE_CHARACTERS) \
                    and name[start:end] in self.by_code:
                return end
        return None


_CODE_CHARACTERS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")


def _pairs(text: str) -> list[str]:
    """Each two characters side by side in `text` (a one-character text: itself)."""
    return [text[i:i + 2] for i in range(max(1, len(text) - 1))]


def _containers(sections_of: dict[str, str | None], materials: Iterable[str],
                zips: Iterable[str], section_named: _SectionNames
                ) -> tuple[dict[str, str], dict[str, str]]:
    """(workbook → its folder, material → its folder), folders as shown ("K01",
    "12月5日收/K01", "K02.zip"; a zip or an email is a folder).

    A return's folder is the one it is in, or further up (K01/自评表/K01.xlsx is K01's)
    while that folder's name does not name the section and the one above holds no other
    section's return. Any other file's folder is the nearest above it that is a return's,
    unless a folder between them names another section (K03's dated folder holding
    K04补充材料/); a file under no return's folder is in the first folder above it naming
    one section, else the outermost of `zips` it is in, else its top-level folder (said:
    EVIDENCE_013 or EVIDENCE_004)."""
    opened = set(zips)
    under: dict[str, set[str]] = {}  # folder -> the sections of the returns anywhere in it
    for path, code in sections_of.items():
        for folder in _folders_above(path) if code else ():
            under.setdefault(folder, set()).add(str(code))

    def names(folder: str) -> str | None:
        named = section_named(folder.rsplit("/", 1)[-1])
        return named.code if named is not None else None

    folder_of: dict[str, str] = {}
    for path, code in sections_of.items():
        folders = _folders_above(path)
        if not code or not folders:
            continue
        chosen = len(folders) - 1
        while chosen > 0 and names(folders[chosen]) != code and \
                under[folders[chosen - 1]] == {code}:
            chosen -= 1
        folder_of[path] = folders[chosen]
    returns_in = set(folder_of.values())

    def nearest(path: str) -> str | None:
        folders = _folders_above(path)
        for depth in range(len(folders) - 1, -1, -1):
            if folders[depth] in returns_in:
                owner = names(folders[depth]) or next(iter(under[folders[depth]]), None)
                # a folder of another section's on the way down is that section's
                return next((f for f in folders[depth + 1:] if names(f) not in (None, owner)),
                            folders[depth])
        return next((f for f in folders if names(f)), next(
            (f for f in folders if f in opened), next(iter(folders), None)))

    for path, code in sections_of.items():
        if not code and (found := nearest(path)) is not None:
            folder_of[path] = found
    material_folder = {path: nearest(path) or "" for path in materials}
    return folder_of, material_folder


def _named_for_another(checked: Iterable[CheckedFile], section_named: _SectionNames
                       ) -> list[Issue]:
    """RETURN_027 for a section's template under a name naming another section: the file's
    own, else the nearest folder, zip or e-mail naming one ("K03人事教育科.zip" holding
    K04's template). That section filled in the wrong template, or the name is wrong."""
    found: list[Issue] = []
    for entry in checked:
        own = section_named.sections.get(entry.section_code or "")
        if own is None:
            continue
        # the file's own name first (a workbook's extension is no section's), then outwards
        for where in [entry.path, *reversed(_folders_above(entry.path))]:
            named = section_named(where.rsplit("/", 1)[-1].rsplit(".", 1)[0]
                                  if where == entry.path else where.rsplit("/", 1)[-1])
            if named is None:
                continue
            if named.code != own.code:
                found.append(make_issue("RETURN_027", file=entry.path, section=own.code,
                                        own=own.label, named=named.label, where=where))
            break
    return found


def _enclosing_section(container: str, sections_in: dict[str, set[str]]) -> str | None:
    """The one section whose return is in the nearest folder above `container` holding
    returns, if one section's."""
    for folder in reversed(_folders_above(container)):
        if folder in sections_in:
            found = sections_in[folder]
            return next(iter(found)) if len(found) == 1 else None
    return None


def _folders_above(path: str) -> list[str]:
    """"a/b/c.pdf" → ["a", "a/b"]: the folders (or zips) a file shown so is in."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]


def attach_materials(
    returns: Sequence[Return],
    checked: Sequence[CheckedFile],
    container_of: dict[str, str],
    materials: dict[str, list[Material]],
    section_named: _SectionNames,
    too_large: frozenset[str] = frozenset(),
) -> tuple[dict[str, tuple[tuple[Material, ...], tuple[Citation, ...]]], list[Issue]]:
    """Give each return the materials of its folders and zips (every one holding a copy of
    it: a workbook sent again with more materials) and match what its cells cite. A folder
    or zip of materials alone goes to the one section its name names ("K04补充材料"), else
    is said (EVIDENCE_004)."""
    issues: list[Issue] = []
    sections_in: dict[str, set[str]] = {}
    for entry in checked:
        container = container_of.get(entry.path)
        if container and entry.section_code:
            sections_in.setdefault(container, set()).add(entry.section_code)
    by_code = {r.section_code: r for r in returns}

    @functools.cache
    def cited(code: str) -> frozenset[str]:  # asked only of a folder with no return in it
        returned = by_code.get(code)
        return frozenset(normalized(name) for answer in returned.answers
                         for name in cited_files(answer.evidence)) if returned else frozenset()

    for container, found in materials.items():
        if not found or not container:
            continue
        owner = _enclosing_section(container, sections_in)
        if container not in sections_in and owner is not None and \
                cited(owner) & {normalized(m.name) for m in found}:
            # a folder inside a section's own (市委…科/办公室转发文件/) whose files that
            # section's cells cite is that section's, whoever else its name names
            sections_in[container] = {owner}
        if container not in sections_in:
            named = section_named(container.rsplit("/", 1)[-1])
            if named is not None:  # sent on its own, later: its folder's name says whose
                sections_in[container] = {named.code}
                issues.append(make_issue("EVIDENCE_013", file=container, section=named.code,
                                         section_label=named.label))
            else:  # with returns further down it (a dated folder's loose files): whose?
                below = sorted({entry.section_code for entry in checked if entry.section_code
                                and entry.path.startswith(container + "/")})
                issues.append(make_issue("EVIDENCE_015", file=container, sections=i18n.
                                         in_each_language(i18n.listing, below)) if below
                              else make_issue("EVIDENCE_004", file=container))
        if len(sections_in.get(container, ())) > 1:
            codes = sorted(sections_in[container])
            issues.append(make_issue("EVIDENCE_005", file=container,
                                     sections=i18n.in_each_language(i18n.listing, codes)))
    attached: dict[str, tuple[tuple[Material, ...], tuple[Citation, ...]]] = {}
    for returned in returns:
        # its own folder's first: a name sent in two folders is the return's own
        mine = container_of.get(returned.path)
        own = [material for container, found in sorted(
                   materials.items(), key=lambda item: item[0] != mine)
               if sections_in.get(container) == {returned.section_code} for material in found]
        if not own:
            continue  # a workbook sent alone: its citations are text, nothing to match
        citations, found_issues = match_materials(returned, own, too_large)
        issues += found_issues
        attached[returned.section_code] = (tuple(own), tuple(citations))
    return attached, issues


@dataclass
class Choice:
    """Which return of each section is used, and what becomes of the other files."""

    chosen: set[str] = field(default_factory=set)  # the returns used
    copies: set[str] = field(default_factory=set)  # copies of a return used
    set_aside: set[str] = field(default_factory=set)  # earlier versions of a return used
    issues: list[Issue] = field(default_factory=list)


def choose_returns(
    checked: list[CheckedFile], latest: bool, materials_sent: dict[str, int] | None = None,
    named_for_another: frozenset[str] = frozenset(),
) -> Choice:
    """One return per section.

    Identical copies collapse into one: the copy sent with the most materials (in a folder
    or zip; `materials_sent` counts them by path), so its evidence is matched, else the
    first. So do returns saying the same in other bytes (saved again, or as .ods beside the
    .xlsx). Different returns for one section are an error and none is used, unless
    `latest` picks the most recently saved one. A file of the section that could not be
    used at all, saved before the return used, is an earlier version (the section sent it
    again, corrected): set aside, and its problems are no longer the section's.
    """
    by_section: dict[str, list[CheckedFile]] = {}
    richest_first = sorted(checked, key=lambda c: -(materials_sent or {}).get(c.path, 0))
    for item in richest_first:
        if item.usable and item.section_code:
            by_section.setdefault(item.section_code, []).append(item)
    choice = Choice()
    issues = choice.issues
    for code, items in by_section.items():
        first_of_hash: dict[str, CheckedFile] = {}
        for item in items:
            if item.sha256 in first_of_hash:
                choice.copies.add(item.path)
                issues.append(
                    make_issue(
                        "DUP_001",
                        file=item.path,
                        section=code,
                        other=first_of_hash[item.sha256].path,
                    )
                )
            else:
                first_of_hash[item.sha256] = item
        distinct = _same_answers_once(list(first_of_hash.values()), code, choice.copies, issues)
        # the blank template sent back beside the filled one (the form, with the answers):
        # no second version to choose between
        blank = [item for item in distinct if _nothing_typed(item)]
        if blank and len(blank) < len(distinct):
            distinct = [item for item in distinct if item not in blank]
            choice.set_aside.update(item.path for item in blank)
            issues += [make_issue("DUP_008", file=item.path, section=code,
                                  other=distinct[0].path) for item in blank]
        if len(distinct) == 1:
            choice.chosen.add(distinct[0].path)
            continue
        if latest:  # a template filled by another section (RETURN_027) is no version of
            # this section's return for --latest to prefer because it was saved later; set
            # aside, its own problems are not this section's (RETURN_027 still says it)
            own = [d for d in distinct if d.path not in named_for_another]
            if own and len(own) < len(distinct):
                choice.set_aside.update(d.path for d in distinct if d not in own)
                distinct = own
            if len(distinct) == 1:
                choice.chosen.add(distinct[0].path)
                continue
        undated = [d for d in distinct if saved_time(d) == UNKNOWN_TIME]
        newest = max(saved_time(d) for d in distinct)
        tied = [d for d in distinct if saved_time(d) == newest]
        inside = i18n.in_each_language(_one_container, distinct)
        if latest and undated:  # "the most recently saved" would be a guess
            issues.append(make_issue(
                "DUP_005", file=distinct[0].path, section=code,
                files=i18n.in_each_language(_described, distinct),
                unknown=i18n.in_each_language(i18n.listing, [d.path for d in undated]),
                inside=inside))
        elif latest and len(tied) > 1:  # so would a choice by name
            issues.append(make_issue(
                "DUP_006", file=tied[0].path, section=code,
                files=i18n.in_each_language(_described, distinct),
                tied=i18n.in_each_language(i18n.listing, [d.path for d in tied]), inside=inside))
        elif latest:
            choice.chosen.add(tied[0].path)
            choice.set_aside.update(d.path for d in distinct if d is not tied[0])
            issues.append(make_issue("DUP_003", file=tied[0].path, section=code,
                                     chosen=tied[0].path))
        else:
            issues.append(
                make_issue("DUP_002", file=distinct[0].path, section=code, count=len(distinct),
                           files=i18n.in_each_language(_described, distinct), inside=inside)
            )
    _set_aside_earlier_versions(checked, choice)
    return choice


def _set_aside_earlier_versions(checked: list[CheckedFile], choice: Choice) -> None:
    """DUP_007 for each file of a section that could not be used at all and was saved
    before the return used: the section sent it again, corrected (as the advice asked).
    One saved later, or not saying when, keeps its problems: it may be the final one."""
    used = {item.section_code: item for item in checked if item.path in choice.chosen}
    for item in checked:
        later = used.get(item.section_code) if not item.usable else None
        if later is None or UNKNOWN_TIME in (saved_time(item), saved_time(later)) \
                or saved_time(item) >= saved_time(later):
            continue
        choice.set_aside.add(item.path)
        choice.issues.append(make_issue(
            "DUP_007", file=item.path, section=item.section_code, other=later.path,
            saved=i18n.in_each_language(exact_time, item),
            other_saved=i18n.in_each_language(exact_time, later)))


def _same_answers_once(items: list[CheckedFile], code: str, copies: set[str],
                       issues: list[Issue]) -> list[CheckedFile]:
    """`items` with those saying the same as another collapsed into one (DUP_004): the
    same return saved again, or as .ods beside its .xlsx (LibreOffice's own format, then
    Save As). The copy whose structure perfxl checks (.xlsx) is kept, else the first."""
    if len(items) < 2:  # nearly every section: nothing to compare
        return items
    by_answers: dict[tuple[object, ...], CheckedFile] = {}
    for item in sorted(items, key=lambda i: not _structure_checked(i.path)):
        said = _what_it_says(item)
        kept = by_answers.setdefault(said, item)
        if kept is not item:
            copies.add(item.path)
            issues.append(make_issue("DUP_004", file=item.path, section=code, other=kept.path))
    kept_paths = {item.path for item in by_answers.values()}
    return [item for item in items if item.path in kept_paths]


def _nothing_typed(item: CheckedFile) -> bool:
    """Whether a return is its template as sent out: no score, text or report typed."""
    result = item.result
    assert result is not None  # only usable returns are chosen between
    return (all(a.self_score is None and not a.achievement and not a.evidence
                for a in result.answers)
            and not any(text for _part, text in result.report.parts())
            and all(p.progress is None and not (p.note or p.problems or p.next_steps)
                    for p in result.progress)
            and all(not (r.measures or r.results) for r in result.rectification))


def _structure_checked(path: str) -> bool:
    return path.lower().endswith((".xlsx", ".xlsm", ".xltx", ".xltm"))


def _what_it_says(item: CheckedFile) -> tuple[object, ...]:
    """A return's answers, report and replies, wherever in the sheet they stood."""
    result = item.result
    assert result is not None  # only usable returns are chosen between
    return (tuple(sorted((a.indicator_id, a.self_score, a.achievement, a.evidence)
                         for a in result.answers)),
            result.report,
            tuple(sorted((p.indicator_id, p.progress, p.note, p.problems, p.next_steps)
                         for p in result.progress)),
            tuple(sorted((r.key, r.measures, r.results) for r in result.rectification)))


def _one_container(copies: list[CheckedFile], lang: str) -> str:
    """When every copy came in one e-mail or zip, how to keep one: they cannot be moved out
    of the inbox one by one. Else nothing."""
    containers = {_container(copy.path) for copy in copies}
    if len(containers) != 1 or None in containers:
        return ""
    return i18n.t("dup.inside", lang, container=containers.pop())


def _container(path: str) -> str | None:
    """The e-mail or zip (as shown) in the inbox that `path` was taken out of (the outermost:
    a zip attached to an e-mail is no file to move); else None."""
    return next((folder for folder in _folders_above(path)
                 if folder.lower().endswith(CONTAINER_SUFFIXES)), None)


def _described(copies: list[CheckedFile], lang: str) -> str:
    """Each copy's path, hash and saved time, for the office to tell them apart."""
    return i18n.clauses((copy.path + i18n.aside(i18n.t(
        "dup.described", lang, sha256=copy.sha256[:12], saved=_saved(copy, lang)), lang)
        for copy in copies), lang)


def _saved(item: CheckedFile, lang: str, seconds: bool = False) -> str:
    """When the copy was saved, as the office reads a clock: Beijing time, in either
    language (the workbook records UTC); "—" when the workbook does not say. To the second
    where "later" rests on it (two saves within a minute)."""
    moment = saved_time(item)
    if moment == UNKNOWN_TIME:
        return "—"
    shown = "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
    return i18n.t("dup.saved", lang, time=moment.astimezone(CHINA_TIME).strftime(shown))


exact_time = functools.partial(_saved, seconds=True)  # (item, lang): to the second

UNKNOWN_TIME = datetime.min.replace(tzinfo=timezone.utc)


# what perfxl's own templates and feedback copies record (so that each run writes the same
# bytes): a file saying it was saved then was never saved since, by a program that says so
_STAMP = FIXED_TIME.replace(tzinfo=timezone.utc)


def saved_time(item: CheckedFile) -> datetime:
    """When the workbook says it was saved, in UTC; UNKNOWN_TIME if it does not say."""
    try:
        moment = datetime.fromisoformat(item.saved_at.replace("Z", "+00:00"))
    except ValueError:
        return UNKNOWN_TIME
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return UNKNOWN_TIME if moment == _STAMP else moment
