"""The workspace on disk: where each file lives, creating one, and archiving inputs by hash."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import json
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from perfxl import i18n, resources
from perfxl.issues import PerfxlError, system_reason

# A fixed creation time keeps every workbook perfxl writes byte-identical across runs.
FIXED_TIME = datetime(2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Workspace:
    """Paths of one bureau's workspace for one year (PRODUCT.md §3, §7)."""

    root: Path

    @property
    def master(self) -> Path:
        return self.root / "master.xlsx"

    @property
    def deductions(self) -> Path:
        return self.root / "deductions.xlsx"

    @property
    def review(self) -> Path:
        return self.root / "review.xlsx"

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def output(self) -> Path:
        return self.root / "output"

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    def round_dir(self, name: str) -> Path:
        """rounds/<name>/; a name that is no plain folder name (a path, "..", a control
        character, too long) is refused, so a round never writes outside its folder."""
        problem = round_name_problem(name)
        if problem:
            shown = name if name.isprintable() else name.encode("unicode_escape").decode()
            raise PerfxlError(f"fatal.bad_round_name.{problem}", name=shown[:60],
                              limit=MAX_ROUND_NAME)
        return self.root / "rounds" / name

    def round_names(self) -> list[str]:
        """The rounds the workspace has (the folders under rounds/)."""
        rounds = self.root / "rounds"
        return [path.name for path in rounds.iterdir() if path.is_dir()] \
            if rounds.is_dir() else []

    def round_inbox(self, name: str) -> Path:
        return self.round_dir(name) / "inbox"

    def round_output(self, name: str) -> Path:
        return self.round_dir(name) / "output"


def as_typed(text: Path | str) -> str:
    """A path or name as typed into a command: in double quotes when it holds a space or a
    character a shell reads (both Windows and POSIX shells take those), so that a command a
    message suggests can be copied as it stands."""
    text = str(text)
    return text if re.fullmatch(r"[\w./\\:-]+", text) else f'"{text}"'  # A&B, 绩效(2020)


MAX_ROUND_NAME = 40


def round_name_problem(name: str) -> str:
    """Why `name` cannot name a round's folder ("blank", "dot", "characters", "long"), or ""
    when it can."""
    if not name.strip() or name != name.strip():
        return "blank"
    if name.startswith("."):
        return "dot"
    if not name.isprintable() or re.search(r'[\\/:*?"<>|]', name):
        return "characters"
    if len(name) > MAX_ROUND_NAME:
        return "long"
    if name.endswith(".") or name.split(".", 1)[0].strip().upper() in _RESERVED_NAMES:
        return "reserved"  # Windows drops a trailing dot, and CON is the console
    return ""


_RESERVED_NAMES = frozenset(["CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)),
                             *(f"LPT{n}" for n in range(10))])


OTHER_SPREADSHEET_FORMATS = (".xls", ".xlsm", ".ods", ".et", ".xltx", ".xlsb", ".csv")


def saved_in_another_format(path: Path) -> Path | None:
    """The office's file saved under `path`'s name in another spreadsheet format (master.xls
    beside no master.xlsx), if there is one."""
    if not path.parent.is_dir():
        return None
    for sibling in sorted(path.parent.iterdir()):
        if sibling.stem.casefold() == path.stem.casefold() and \
                sibling.suffix.lower() in OTHER_SPREADSHEET_FORMATS and sibling.is_file():
            return sibling
    return None


def sha256_file(path: Path) -> str:
    return _hashed(path)[0]


MAX_NAME_BYTES = 180  # file systems allow 255; room is left for a suffix or a folder's file
# separators, characters Windows reserves, control characters, and the invisible ones that
# make a name read differently from what it is (bidirectional overrides, noncharacters)
_UNSAFE_IN_NAMES = re.compile(
    '[\\\\/:*?"<>|\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]+')


def safe_file_name(text: str, limit: int = MAX_NAME_BYTES) -> str:
    """A file name safe on Windows, macOS and Linux, of at most `limit` bytes: a long name
    loses the end of its stem (marked …) and keeps its extension."""
    whole = _UNSAFE_IN_NAMES.sub("_", text).strip(" .") or "_"
    if len(whole.encode()) <= limit:
        return whole
    stem, dot, extension = whole.rpartition(".")
    if not dot or not 0 < len(extension) <= 8:
        stem, extension = whole, ""
    tail = f"….{extension}" if extension else "…"
    while len((stem + tail).encode()) > limit:
        stem = stem[:-1]
    return stem + tail


def archive_file(archive: Path, source: Path, digest: str, data: bytes) -> Path:
    """Keep an input whose bytes `data` were read (and hashed as `digest`) in `archive` (a
    workspace's archive/) under its SHA-256, once. Two processes archiving the same file at
    once both write the same bytes."""
    target = archive_path(archive, source, digest)
    if not _holds(target, len(data)):
        write_bytes(target, data)  # into a folder made as needed
    return target


def archive_copy(archive: Path, source: Path) -> tuple[str, Path]:
    """Copy `source` into `archive` under the SHA-256 of the bytes copied: (that digest, the
    archived file). The file is read once, so a file still being written while perfxl
    reads it is archived, hashed and then used as it was read; perfxl reads the copy after.
    OSError if `source` cannot be read; PerfxlError if `archive` cannot be written.

    A file archived before (materials are sent once and checked many times) is read once
    and not written again."""
    known, size = _hashed(source)
    target = archive_path(archive, source, known)
    if _holds(target, size):
        return known, target
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as handle:
        with _reported_as_not_writable(archive):
            temporary, descriptor = _exclusive_temporary(archive / "copy")
        try:
            with os.fdopen(descriptor, "wb") as copy:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
                    size += len(block)
                    with _reported_as_not_writable(archive):
                        copy.write(block)
            target = archive_path(archive, source, digest.hexdigest())
            if _holds(target, size):
                temporary.unlink()
            else:
                with _reported_as_not_writable(target):
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    return digest.hexdigest(), target


def _hashed(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def archive_path(archive: Path, source: Path, digest: str) -> Path:
    """Where an input is archived: by its hash, with its extension when it has a short one
    (a name without one may end in ".5版…" after a dot, and overflow the name's bytes)."""
    suffix = source.suffix.lower()
    if not (len(suffix) <= 9 and suffix[1:].isascii() and suffix[1:].isalnum()):
        suffix = ""
    return archive / digest[:2] / f"{digest}{suffix}"


def _holds(target: Path, size: int) -> bool:
    """Whether an archived file is there whole: one cut short or overwritten by hand (of
    another size) is written again."""
    try:
        return target.stat().st_size == size
    except OSError:
        return False


_TEMPORARY = itertools.count()


def _exclusive_temporary(target: Path) -> tuple[Path, int]:
    """A new temporary file beside `target`, opened for writing: (its path, its descriptor).
    The folder is made when it is not there yet (asked only then: a run writes thousands of
    files into a few hundred folders)."""
    # Named by process and counter, created exclusively: what mkstemp does, without its random
    # names, which cost more than the small files a run writes by the thousand.
    while True:
        temporary = target.with_name(
            f"{TEMPORARY_PREFIX}{os.getpid()}-{next(_TEMPORARY)}{target.suffix}")
        try:
            # 0o666 less the umask, as for any file a program saves: readable by the office
            # on a shared folder (mkstemp's 0o600 made every output private to its writer)
            return temporary, os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # left by an earlier process that had the same id
            continue
        except FileNotFoundError:
            if target.parent.is_dir():  # there, yet not found: a path perfxl cannot write
                raise
            target.parent.mkdir(parents=True, exist_ok=True)


@contextmanager
def atomic_path(target: Path, exclusive: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside `target`; it replaces `target` only if the block
    succeeds; `exclusive`: only if there is no `target` yet (else fatal.workspace_exists)."""
    temporary, descriptor = _exclusive_temporary(target)
    os.close(descriptor)
    try:
        yield temporary
        if exclusive:
            _place_new(temporary, target)
        else:
            os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _place_new(temporary: Path, target: Path) -> None:
    """Move `temporary` to `target` only if no file is there: a hard link is made or fails
    as one step; a drive without hard links (FAT, some shares) checks, then moves."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise PerfxlError("fatal.workspace_exists", path=target.parent,
                          files=[target.name]) from None
    except OSError:
        if os.path.lexists(target):
            raise PerfxlError("fatal.workspace_exists", path=target.parent,
                              files=[target.name]) from None
        os.replace(temporary, target)
        return
    temporary.unlink()


@contextmanager
def _reported_as_not_writable(target: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise not_writable(target, exc) from exc


def not_writable(path: Path | str, error: OSError) -> PerfxlError:
    """perfxl's error for a file or folder it could not write: a file may be open in Excel,
    a folder is not."""
    # os.path.*, never Path.is_dir: that raises where a folder cannot be looked into, and
    # this runs while a command is stopping
    if error.errno in (errno.ENOTDIR, errno.EEXIST):  # a file where a folder must be
        blocking = _file_in_the_way(Path(path))
        if blocking is not None:
            return PerfxlError("fatal.file_not_folder", path=blocking)
    if error.errno == errno.ENAMETOOLONG:
        return PerfxlError("fatal.path_too_long", path=path)
    if os.path.isdir(path):
        key = "fatal.not_writable_folder"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EBUSY, errno.ETXTBSY):
        key = "fatal.not_writable"  # on Windows, a file open in Excel
    else:  # a full disk, a read-only one, a failing one: nothing to close
        key = "fatal.not_writable_plain"
    return PerfxlError(key, path=path, reason=system_reason(error))


def _file_in_the_way(path: Path) -> Path | None:
    """The nearest of `path`'s folders (or `path` itself) that is a file, if any."""
    for place in (*path.parents, path):
        if os.path.lexists(place) and not os.path.isdir(place):
            return place
    return None


def ensure_replaceable(files: Iterable[Path], folders: Iterable[Path] = ()) -> None:
    """Raise PerfxlError naming what a command could not replace among `files` and the files
    in `folders`: a file open in Excel or WPS (which lock it on Windows), read-only or
    immutable, a folder where a file goes or a file where a folder goes. A command checks
    this before it writes anything, rather than stopping halfway with some outputs new and
    others old."""
    blocked: list[tuple[Path, i18n.Localized | str]] = []
    found: list[Path] = [*files]
    # folders whose entries are replaced, deleted or added: the files' own, and each folder
    # emptied with everything under it (and the one holding it, which loses it)
    changed: set[Path] = set()
    for folder in folders:
        if os.path.isdir(folder) and not os.path.islink(folder):
            changed.add(Path(folder).parent)
            for parent, _, names in os.walk(folder):
                changed.add(Path(parent))
                found += [Path(parent, name) for name in names]
        elif os.path.islink(folder):
            blocked.append((folder, i18n.t_each("reason.symlink")))
        elif os.path.lexists(folder):
            blocked.append((folder, system_reason(NotADirectoryError(errno.ENOTDIR, ""))))
    for path in found:
        if os.path.islink(path) or not os.path.lexists(path):
            continue
        changed.add(path.parent)
        try:  # opened for writing, changed in no way (no O_TRUNC), closed
            os.close(os.open(path, os.O_RDWR))
        except OSError as error:
            blocked.append((path, system_reason(error)))
    for folder in sorted(changed):  # read-only or immutable: its files cannot be replaced
        if os.path.isdir(folder) and not os.access(folder, os.W_OK | os.X_OK):
            blocked.append((folder, system_reason(PermissionError(errno.EACCES, ""))))
    if blocked:
        raise PerfxlError("fatal.outputs_locked", reason=blocked[0][1],
                          paths=[str(path) for path, _ in blocked[:MAX_NAMED]],
                          count=len(blocked))


MAX_NAMED = 5  # blocked outputs named in the message; the count says how many in all


def write_atomically(target: Path, write: Callable[[Path], None]) -> Path:
    """Run `write(path)` on a temporary file, then move it into place; map OS errors."""
    with _reported_as_not_writable(target), atomic_path(target) as temporary:
        write(temporary)
    return target


def write_text(target: Path, text: str) -> Path:
    return write_bytes(target, text.encode("utf-8"))


def write_bytes(target: Path, data: bytes) -> Path:
    """`data` into `target` atomically, through the temporary file's own descriptor."""
    with _reported_as_not_writable(target):
        temporary, descriptor = _exclusive_temporary(target)
        try:
            with open(descriptor, "wb") as handle:
                handle.write(data)
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    return target


def load_sample(name: str) -> dict[str, Any]:
    """The sample bureau's data (sections, indicators, settings, deductions)."""
    folder = resources.samples_dir() / name
    if not (folder / "sample.json").is_file():
        available = ", ".join(resources.sample_names())
        raise PerfxlError("fatal.unknown_sample", name=name, available=available)
    data: dict[str, Any] = json.loads((folder / "sample.json").read_text(encoding="utf-8"))
    return data


def load_sample_texts(name: str) -> dict[str, Any]:
    """The texts the demo uses to simulate filled returns."""
    path = resources.samples_dir() / name / "returns.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def refuse_existing(root: Path) -> Workspace:
    """The workspace at `root`, if none exists there yet and it is not inside the inbox/,
    output/ or another folder of a workspace (its master and register would be read there
    as returns nobody can identify); else a PerfxlError."""
    workspace = Workspace(root)
    existing = [p.name for p in (workspace.master, workspace.deductions) if p.exists()]
    if existing:
        raise PerfxlError("fatal.workspace_exists", path=root, files=existing)
    place = Path(os.path.realpath(root))  # a link to an inbox/ is that inbox/
    for folder, above in zip((place, *place.parents), place.parents, strict=False):
        if folder.name in _MANAGED and Workspace(above).master.is_file():
            raise PerfxlError("fatal.init_inside", path=root, folder=folder, workspace=above)
    return workspace


_MANAGED = frozenset(("inbox", "output", "archive", "templates", "rounds"))


def init_workspace(
    root: Path,
    data: dict[str, Any] | None = None,
    lang: str = i18n.DEFAULT_LANGUAGE,
    workspace_id: str | None = None,
) -> Workspace:
    """Create a workspace: a blank master, or one filled from `data` (a sample's JSON).

    Never overwrites: an existing master or register stops it before anything is written.
    """
    from perfxl import master_writer  # the writer pulls in xlsxwriter

    workspace = refuse_existing(root)
    data = data or {}
    ident = workspace_id or uuid.uuid4().hex
    for folder in (workspace.inbox, workspace.output, workspace.archive, workspace.templates):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a file where the folder goes names itself, no Excel advice
            raise not_writable(folder, exc) from exc
    # placed only if still absent: two `init`s at once both said "created", one master
    # silently replacing the other's
    with _reported_as_not_writable(workspace.master), atomic_path(workspace.master,
                                                                  exclusive=True) as temporary:
        master_writer.write_master(temporary, data, lang=lang, workspace_id=ident)
    write_atomically(
        workspace.deductions,
        lambda p: master_writer.write_deductions(p, data.get("deductions", []), lang=lang),
    )
    copy_default_templates(workspace)
    return workspace


def copy_default_templates(workspace: Workspace) -> list[Path]:
    """Copy the default jinja2 templates the office may edit; an existing copy is kept."""
    copied = []
    source_root = resources.templates_dir()
    for source in sorted(source_root.rglob("*.j2")):
        target = workspace.templates / source.relative_to(source_root)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            copied.append(target)
    return copied


LOCK_FILE = ".perfxl.lock"


@contextmanager
def workspace_lock(root: Path) -> Iterator[None]:
    """Hold the workspace for one command. Two commands at once in one workspace clear and
    fill the same output folders under each other (one deletes what the other is writing):
    the second is refused, naming the first's process. The lock is the system's (flock), so
    a command that ends in any way releases it; where there is no such lock, or the
    workspace cannot hold the file, commands run unguarded. A folder without a master is
    no workspace: the command says so, and no lock file is left there."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    if not Workspace(root).master.is_file():
        yield
        return
    try:
        descriptor = os.open(root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:  # no such folder (the command says so), or not ours to write
        yield
        return
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip() or "?"
            raise PerfxlError("fatal.workspace_busy", path=root, pid=holder) from None
        except OSError:  # a share without locks (NFS without lockd, some SMB): unguarded
            yield
            return
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        sweep_temporaries(Workspace(root))
        yield
    finally:
        os.close(descriptor)


def sweep_temporaries(workspace: Workspace) -> None:
    """Remove what a perfxl process killed outright (power lost, the task ended) left half
    written: ".perfxl-…" files and scratch folders in output/, a round's output/ and
    archive/. Only called holding the workspace's lock, so none is another command's."""
    folders = [workspace.root, workspace.archive]  # the root: init writes its master there
    if workspace.archive.is_dir():
        folders += [path for path in workspace.archive.iterdir()
                    if len(path.name) == 2 and path.is_dir() and not path.is_symlink()]
    for outputs in (workspace.output, *workspace.root.glob("rounds/*/output")):
        # every folder outputs are written into (templates/, narratives/, 佐证材料/…)
        folders += [Path(parent) for parent, _, _ in os.walk(outputs)]
    for folder in folders:
        try:  # only perfxl's own temporaries' names: not the demo's marker (.perfxl-demo)
            stale = [entry for entry in os.scandir(folder) if _TEMPORARY_NAME.match(entry.name)]
        except OSError:  # not there yet
            continue
        for entry in stale:
            with contextlib.suppress(OSError):  # not ours to remove: left, harmless
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)


TEMPORARY_PREFIX = ".perfxl-"  # every temporary perfxl makes beside what it writes
_TEMPORARY_NAME = re.compile(r"\.perfxl-(?:\d+-\d+|scratch-)")  # .perfxl-<process>-<n>…


@contextmanager
def scratch_folder(beside: Path) -> Iterator[Path]:
    """A folder of perfxl's own in `beside`, for a writer's temporary files (xlsxwriter's
    rows in constant memory), removed when the block ends however it ends; one a killed
    process left is swept by the next command."""
    folder = Path(tempfile.mkdtemp(prefix=f"{TEMPORARY_PREFIX}scratch-", dir=beside))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)

