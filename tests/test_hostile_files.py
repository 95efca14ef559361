"""Hostile and odd files in the inbox (PRODUCT.md §3 inbox, §6 "what never happens").

Every case puts its file beside good returns of the other sections, runs `perfxl check` and
asserts the exact issue (code, file, sheet, cell), that nothing crashed, and that the good
returns were still read. Files are built in code by tests/hostile.py.

Tests marked xfail(strict=True) show bugs in perfxl/ that were found here and not fixed.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import re
import shutil
import sys
import time
import zipfile
from dataclasses import dataclass
from datetime import datetime
from datetime import time as clock
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from perfxl import i18n, reader
from perfxl.cli import main
from perfxl.pipeline import CheckResult, check
from perfxl.pipeline import run as pipeline_run
from perfxl.simulate import Filling, fill_template
from perfxl.workspace import Workspace, init_workspace
from tests import hostile
from tests.conftest import ReturnFactory, small_bureau

SELF = "自评表"
REPORT = "自评报告"
# K02 法制科 owns A01 (40 points, row 3), A02 (30, row 4), C01 (20, row 6); row 5 is a subtotal.
# The score column is H, 完成情况 I, 佐证材料 J.

Row = tuple[str, str | None, str | None, str | None]


# --- helpers ---------------------------------------------------------------------------------


@dataclass
class Outcome:
    """One `check` run: the result object and the JSON report `--json` would print."""

    result: CheckResult
    report: dict[str, Any]

    def rows(self, file: str | None = None) -> list[Row]:
        """(code, file, sheet, cell) of every issue, or of those naming `file`."""
        return json_rows(self.report, file)

    def params(self, code: str, file: str) -> dict[str, str]:
        found = [i for i in self.result.issues if i.code == code and i.file == file]
        assert len(found) == 1, self.rows()
        return {**dict(found[0].params), "value": found[0].value or ""}

    def statuses(self) -> dict[str, str]:
        return statuses(self.report)

    def files(self) -> dict[str, str]:
        return file_statuses(self.report)

    @property
    def has_errors(self) -> bool:
        return any(i["severity"] == "error" for i in self.report["issues"])


def run(workspace: Workspace, latest: bool = False) -> Outcome:
    """`perfxl.pipeline.check` (reads, then writes 问题清单 and feedback copies)."""
    result = check(workspace.root, latest=latest)
    return Outcome(result, json.loads(json.dumps(result.to_json(), ensure_ascii=False)))


def json_rows(report: dict[str, Any], file: str | None = None) -> list[Row]:
    return [
        (i["code"], i["file"], i["sheet"], i["cell"])
        for i in report["issues"]
        if file is None or i["file"] == file
    ]


def messages(report: dict[str, Any], file: str) -> str:
    return "\n".join(i["message"] for i in report["issues"] if i["file"] == file)


def run_cli(workspace: Workspace, *extra: str) -> tuple[int, dict[str, Any]]:
    """`perfxl check --json` in process: it must finish (exit 0 or 1, never 2 or a crash)."""
    outcome = CliRunner().invoke(main, ["check", "-w", str(workspace.root), "--json", *extra])
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), (
        outcome.exception
    )
    assert outcome.exit_code in (0, 1), outcome.output
    assert "Traceback" not in outcome.output
    return outcome.exit_code, json.loads(outcome.stdout)


def statuses(report: dict[str, Any]) -> dict[str, str]:
    return {s["code"]: s["status"] for s in report["sections"]}


def file_statuses(report: dict[str, Any]) -> dict[str, str]:
    return {f["path"]: f["status"] for f in report["files"]}


class SharedTemplates(ReturnFactory):
    """conftest's ReturnFactory, reusing templates built once per module.

    perfxl writes a template deterministically from the master and the workspace id, and
    every `workspace` here is made from the same small bureau with the id "test-workspace",
    so the templates of one are valid returns for all (checked by a test below). This keeps
    the ~100 cases of this module within its time budget.
    """

    def __init__(self, workspace: Workspace, shared: ReturnFactory) -> None:
        self.workspace = workspace
        self.templates = dict(shared.templates)
        self.master = shared.master


@pytest.fixture(scope="module")
def shared_factory(tmp_path_factory: pytest.TempPathFactory) -> ReturnFactory:
    root = tmp_path_factory.mktemp("shared")
    workspace = init_workspace(root / "ws", data=small_bureau(), workspace_id="test-workspace")
    return ReturnFactory(workspace)


@pytest.fixture(scope="module")
def good_files(shared_factory: ReturnFactory) -> dict[str, bytes]:
    """Correct returns of every section, filled once: bytes to drop into an inbox."""
    return {code: shared_factory.write(code).read_bytes() for code in ("K01", "K02", "K03")}


@pytest.fixture
def returns(workspace: Workspace, shared_factory: ReturnFactory) -> ReturnFactory:
    return SharedTemplates(workspace, shared_factory)


@pytest.fixture
def write_good(workspace: Workspace, good_files: dict[str, bytes]) -> Any:
    """Drop correct returns of K01 and K03 (or the codes given) into the inbox."""

    def write(codes: tuple[str, ...] = ("K01", "K03")) -> None:
        for code in codes:
            (workspace.inbox / f"{code}.xlsx").write_bytes(good_files[code])

    return write


def filled(
    returns: ReturnFactory,
    folder: Path,
    code: str = "K02",
    filling: Filling | None = None,
    name: str | None = None,
) -> Path:
    """A correctly filled return written outside the inbox, to derive hostile files from."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or f"{code}-source.xlsx")
    fill_template(returns.templates[code], target, filling or returns.filling(code))
    return target


def answers(result: CheckResult, code: str) -> dict[str, tuple[Decimal | None, str, str, str]]:
    """indicator id -> (score, 完成情况, 佐证材料, score cell) of `code`'s used return."""
    found = [r for r in result.ingested.returns if r.section_code == code]
    assert len(found) == 1, [r.path for r in result.ingested.returns]
    return {a.indicator_id: (a.self_score, a.achievement, a.evidence, a.cell)
            for a in found[0].answers}


def expected_answers(
    returns: ReturnFactory, code: str, cells: dict[str, str]
) -> dict[str, tuple[Decimal | None, str, str, str]]:
    filling = returns.filling(code)
    return {
        i: (Decimal(str(filling.scores[i])), filling.achievements[i], filling.evidence[i], cell)
        for i, cell in cells.items()
    }


K02_CELLS = {"A01": "H3", "A02": "H4", "C01": "H6"}
GOOD = {"K01": "ok", "K03": "ok"}


def good_read(outcome: Outcome) -> bool:
    """K01 and K03, dropped beside the odd file, were read and used."""
    current = outcome.statuses()
    files = outcome.files()
    return {c: current[c] for c in GOOD} == GOOD and all(
        files.get(f"{c}.xlsx") == "used" for c in GOOD
    )


@pytest.fixture(autouse=True)
def _quiet_worker_aborts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reader processes aborted on purpose here would make pytest's faulthandler (inherited
    through fork) print a Python stack to the terminal; silence it in the workers only."""
    import perfxl.ingest

    monkeypatch.setattr(perfxl.ingest, "_limit_memory", hostile.quiet_worker_setup)


def test_shared_templates_match_a_fresh_build(
    workspace: Workspace, shared_factory: ReturnFactory
) -> None:
    from perfxl.pipeline import build_templates

    fresh = {f.section.code: f.workbook for f in build_templates(workspace.root).files}
    for code, path in fresh.items():
        mine = openpyxl.load_workbook(path)["perfxl_meta"]
        shared = openpyxl.load_workbook(shared_factory.templates[code])["perfxl_meta"]
        assert [[c.value for c in r] for r in mine.iter_rows()] == [
            [c.value for c in r] for r in shared.iter_rows()
        ]


# --- 1. clutter ------------------------------------------------------------------------------

CLUTTER: dict[str, bytes] = {
    "~$K01.xlsx": b"\x06\xe7\x8e\x8b\xe4\xba\x94" + b"\0" * 155,  # Excel's owner file
    ".~lock.K01.xlsx#": ",王五,PC-01,28.11.2026 09:30,file:///home/w/.config/libreoffice/4;\n"
    .encode(),
    ".DS_Store": b"\0\0\0\1Bud1" + b"\0" * 100,
    "Thumbs.db": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,  # an OLE file
    "desktop.ini": b"[.ShellClassInfo]\r\n",
    "._K01.xlsx": b"\0\5\x16\7AppleDouble",
}
MACOSX: dict[str, bytes] = {
    "__MACOSX/._K01.xlsx": b"\0\5\x16\7AppleDouble",
    "__MACOSX/报送/._K03.xlsx": b"\0\5\x16\7AppleDouble",
}


def _write_files(workspace: Workspace, files: dict[str, bytes]) -> None:
    for name, content in files.items():
        path = workspace.inbox / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def test_clutter_is_skipped_silently_and_counted(workspace: Workspace, write_good: Any) -> None:
    write_good(("K01", "K02", "K03"))
    _write_files(workspace, {**CLUTTER, **MACOSX})
    code, report = run_cli(workspace)
    assert (code, json_rows(report)) == (0, [])
    assert sorted(file_statuses(report)) == ["K01.xlsx", "K02.xlsx", "K03.xlsx"]
    assert set(statuses(report).values()) == {"ok"}
    assert run(workspace).result.ingested.clutter >= len(CLUTTER)


def test_macosx_folder_is_counted_as_clutter(workspace: Workspace, write_good: Any) -> None:
    write_good(("K01",))
    _write_files(workspace, {**CLUTTER, **MACOSX})
    assert run(workspace).result.ingested.clutter == len(CLUTTER) + len(MACOSX)


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux keeps names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_is_shown_decoded(
    workspace: Workspace, write_good: Any, good_files: dict[str, bytes]
) -> None:
    """A GBK name left by an old share or an unzip tool is read and shown in Chinese: it
    could not be printed, written to JSON or to the workbooks (a UnicodeEncodeError)."""
    write_good()
    folder = os.fsencode(workspace.inbox / "第一批")
    os.makedirs(folder)
    name = "法制科自评表.xlsx".encode("gbk")
    with open(os.path.join(folder, name), "wb") as handle:
        handle.write(good_files["K02"])
    code, report = run_cli(workspace)
    assert code == 0
    assert file_statuses(report)["第一批/法制科自评表.xlsx"] == "used"
    outcome = pipeline_run(workspace.root)
    assert not outcome.has_errors
    assert "第一批/法制科自评表.xlsx" in json.dumps(outcome.to_json(), ensure_ascii=False)


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux keeps names that are not UTF-8")
def test_a_gbk_name_reading_as_a_name_beside_it_is_told_apart(
    workspace: Workspace, returns: ReturnFactory, good_files: dict[str, bytes], tmp_path: Path
) -> None:
    """报表.xlsx in GBK beside 报表.xlsx in UTF-8 read alike once decoded, and everything
    after the walk tells files apart by that name: K02's problem went into a feedback copy
    headed K01 (whose return had none), and K01's file vanished from the manifest."""
    (workspace.inbox / "报表.xlsx").write_bytes(good_files["K01"])
    with open(os.path.join(os.fsencode(workspace.inbox), "报表.xlsx".encode("gbk")), "wb") as out:
        faulty = copy.deepcopy(returns.filling("K02"))
        faulty.scores["A01"] = "无"
        out.write(filled(returns, tmp_path / "src", filling=faulty).read_bytes())
    (workspace.inbox / "K03.xlsx").write_bytes(good_files["K03"])
    outcome = run(workspace)
    assert outcome.files() == {"K03.xlsx": "used", "报表.xlsx": "used", "报表 (2).xlsx": "used"}
    assert outcome.statuses() == {"K01": "ok", "K02": "error", "K03": "ok"}
    [problem] = [row for row in outcome.rows() if row[0] == "SCORE_002"]
    feedback = sorted(p.name for p in (workspace.output / "feedback").iterdir())
    assert len(feedback) == 1 and feedback[0].startswith("K02"), feedback
    assert {r.path: r.section_code for r in outcome.result.ingested.returns}[problem[1]] == "K02"


def test_a_file_that_cannot_be_opened_is_file_025(
    workspace: Workspace, write_good: Any, good_files: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file another program holds (Windows refuses to share it) or perfxl may not read:
    one problem for that file, whether it is a workbook (read in a worker) or a material
    (hashed by the main process), and the others read as usual. Simulated by making reads
    of those names fail as Windows does (workers are forked, so they inherit it)."""
    write_good()
    (workspace.inbox / "K02 占用.xlsx").write_bytes(good_files["K02"])
    (workspace.inbox / "法制科").mkdir()
    (workspace.inbox / "法制科" / "K02.xlsx").write_bytes(good_files["K02"])
    (workspace.inbox / "法制科" / "台账 占用.pdf").write_bytes(b"%PDF-1.4")
    real_open = Path.open

    def locked_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if "占用" in self.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked_open)  # read_bytes opens through it
    code, report = run_cli(workspace)
    assert code == 1
    assert sorted(r for r in json_rows(report) if r[0] == "FILE_025") == [
        ("FILE_025", "K02 占用.xlsx", None, None), ("FILE_025", "法制科/台账 占用.pdf", None, None)]
    assert file_statuses(report)["K02 占用.xlsx"] == "rejected"
    assert file_statuses(report)["法制科/台账 占用.pdf"] == "rejected"
    assert statuses(report) == {"K01": "ok", "K02": "ok", "K03": "ok"}


def test_returns_under_misleading_names_are_read(
    workspace: Workspace, good_files: dict[str, bytes]
) -> None:
    """A return renamed .zip, or saved under an owner file's ~$ or macOS's ._ prefix, is
    read (with a note); a real Excel owner file stays silent clutter."""
    (workspace.inbox / "K01秘书科自评表.zip").write_bytes(good_files["K01"])
    (workspace.inbox / "~$K02.xlsx").write_bytes(good_files["K02"])
    (workspace.inbox / "._K03.xlsx").write_bytes(good_files["K03"])
    (workspace.inbox / "~$K01.xlsx").write_bytes(b"\x05" + "王五".encode("utf-16-le") * 20)
    code, report = run_cli(workspace)
    assert code == 0
    assert json_rows(report) == [("FILE_026", "._K03.xlsx", None, None),
                                 ("FILE_020", "K01秘书科自评表.zip", None, None),
                                 ("FILE_026", "~$K02.xlsx", None, None)]
    assert statuses(report) == {"K01": "ok", "K02": "ok", "K03": "ok"}
    assert run(workspace).result.ingested.clutter == 1


@pytest.mark.skipif(sys.platform != "linux", reason="pipes, long paths as on Linux")
def test_what_is_no_file_is_said_never_opened(
    workspace: Workspace, write_good: Any, good_files: dict[str, bytes], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A named pipe (opening it would wait forever) is listed, not read; a link to a folder
    is FILE_016 like a link to a file; a folder nested past the system's path limit is
    FILE_025 (its return was missing without a word)."""
    write_good()
    os.mkfifo(workspace.inbox / "pipe.xlsx")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "K02.xlsx").write_bytes(good_files["K02"])
    (workspace.inbox / "共享盘").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    monkeypatch.chdir(workspace.inbox)
    for level in range(30):  # 30 × 150 bytes: past PATH_MAX (4096)
        name = f"{level:02d}" + "办公室绩效材料" * 7
        os.mkdir(name)
        os.chdir(name)
    with open("K02.xlsx", "wb") as handle:
        handle.write(good_files["K02"])
    monkeypatch.chdir(tmp_path)
    code, report = run_cli(workspace)
    assert code == 1
    rows = json_rows(report)
    assert ("FILE_011", "pipe.xlsx", None, None) in rows
    assert ("FILE_016", "共享盘", None, None) in rows
    [deep] = [r for r in rows if r[0] == "FILE_025"]
    assert deep[1].startswith("00办公室绩效材料")
    assert statuses(report)["K02"] == "missing"


# --- 2.–8. files that cannot be read ---------------------------------------------------------

Builder = Any  # (source: Path, target: Path) -> object


def _copy(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)


def _far(ref: str, spelling: str = "plain") -> Builder:
    return lambda s, t: hostile.far_cell(s, t, SELF, ref, spelling)


def _ods_rows(count: int) -> Builder:
    """An .ods whose only value sits in row `count` of column A."""
    return lambda s, t: hostile.ods_workbook(
        t,
        f'<table:table-row table:number-rows-repeated="{count - 1}"><table:table-cell/>'
        '</table:table-row><table:table-row><table:table-cell office:value-type="float" '
        'office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>',
    )


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
UNREADABLE: list[Any] = [
    pytest.param("K02.xlsx", lambda s, t: hostile.zero_byte(t),
                 ("FILE_001", "K02.xlsx", None, None), (), id="zero-byte"),
    pytest.param("K02.xlsx", hostile.truncated,
                 ("FILE_002", "K02.xlsx", None, None), ("压缩数据已损坏或不完整",),
                 id="truncated"),
    pytest.param("K02.xlsx", hostile.damaged_member, ("FILE_002", "K02.xlsx", None, None),
                 ("xl/worksheets/sheet2.xml",), id="damaged-part"),
    pytest.param("K02.xlsx", lambda s, t: hostile.csv_text(t),
                 ("FILE_003", "K02.xlsx", None, None), (".xlsx", "文本（如 CSV）"),
                 id="csv-as-xlsx"),
    pytest.param("K02.xls", lambda s, t: hostile.csv_text(t),
                 ("FILE_003", "K02.xls", None, None), (".xls", "文本（如 CSV）"), id="csv-as-xls"),
    pytest.param("K02.xls", lambda s, t: hostile.csv_text(t, "gbk"),
                 ("FILE_003", "K02.xls", None, None), (".xls",), id="gbk-csv-as-xls"),
    pytest.param("K02.xls", lambda s, t: hostile.html_table(t),
                 ("FILE_003", "K02.xls", None, None), (".xls", "网页（HTML）"), id="html-as-xls"),
    pytest.param("K02.xls", lambda s, t: hostile.html_table(t, bom=True),
                 ("FILE_003", "K02.xls", None, None), ("网页（HTML）",), id="html-bom-as-xls"),
    pytest.param("K02.xlsx", lambda s, t: hostile.html_table(t),
                 ("FILE_003", "K02.xlsx", None, None), (".xlsx", "网页（HTML）"),
                 id="html-as-xlsx"),
    pytest.param("K02.xlsx", lambda s, t: hostile.docx_document(t),
                 ("FILE_003", "K02.xlsx", None, None), ("Word 文档（.docx）",), id="docx-as-xlsx"),
    pytest.param("K02.xls", _copy, ("FILE_003", "K02.xls", None, None),
                 ("Excel 工作簿（.xlsx）",), id="xlsx-as-xls"),
    pytest.param("K02.xls", lambda s, t: t.write_bytes(
                     b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
                     b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>'),
                 ("FILE_003", "K02.xls", None, None), ("Excel 2003 XML 表格",),
                 id="xml-spreadsheet-2003-as-xls"),
    pytest.param("K02.xlsb", lambda s, t: hostile.xlsb_container(t),
                 ("FILE_019", "K02.xlsb", None, None), (".xlsb",), id="xlsb"),
    pytest.param("K02.xlsx", lambda s, t: hostile.xlsb_container(t),
                 ("FILE_003", "K02.xlsx", None, None), ("Excel 二进制工作簿（.xlsb）",),
                 id="xlsb-as-xlsx"),
    pytest.param("K02.xlsx", lambda s, t: hostile.encrypted_container(t),
                 ("FILE_004", "K02.xlsx", None, None), (), id="encrypted-ole"),
    pytest.param("K02.et", _copy, ("FILE_005", "K02.et", None, None), (), id="wps-et"),
    pytest.param("K02.ett", lambda s, t: t.write_bytes(OLE + b" WPS template"),
                 ("FILE_005", "K02.ett", None, None), (), id="wps-ett"),
    # LibreOffice's flat XML: it was "not an Excel workbook" (info), the section missing
    pytest.param("K02.fods", lambda s, t: t.write_text(
        '<?xml version="1.0"?><office:document xmlns:office="urn:oasis:names:tc:'
        'opendocument:xmlns:office:1.0" office:mimetype="application/vnd.oasis.opendocument.'
        'spreadsheet"/>', encoding="utf-8"), ("FILE_029", "K02.fods", None, None),
                 ("另存为",), id="libreoffice-fods"),
    pytest.param("K02.xlsx", hostile.zip_bomb, ("FILE_006", "K02.xlsx", None, None),
                 ("xl/worksheets/sheet2.xml",), id="zip-bomb"),
    pytest.param("K02.xlsx", _far("XFD1048576"), ("FILE_007", "K02.xlsx", SELF, None),
                 ("XFD1048576",), id="far-cell"),
    pytest.param("K02.xlsx", _far("J20001"), ("FILE_007", "K02.xlsx", SELF, None),
                 ("J20001",), id="far-row"),
    pytest.param("K02.ods", _ods_rows(30000), ("FILE_007", "K02.ods", SELF, None), (),
                 id="ods-far-row"),
    pytest.param("K02.xlsx", hostile.duplicate_member, ("FILE_002", "K02.xlsx", None, None),
                 ("xl/worksheets/sheet2.xml 出现两次",), id="one-part-twice"),
    pytest.param("K02.xlsx", hostile.duplicate_relationship,
                 ("FILE_002", "K02.xlsx", None, None), ("xl/_rels/workbook.xml.rels 中的 rId",),
                 id="one-relationship-twice"),
    pytest.param("K02.xlsx",
                 lambda s, t: hostile.retarget_sheet(s, t, SELF, lambda p: p.replace("/", "\\")),
                 ("FILE_002", "K02.xlsx", None, None), ("缺失", SELF), id="sheet-part-missing"),
    pytest.param("K02.xlsx",
                 lambda s, t: hostile.retarget_sheet(s, t, SELF, lambda p: "../../xl/" + p),
                 ("FILE_002", "K02.xlsx", None, None), ("压缩包外", SELF),
                 id="sheet-part-outside-the-package"),
    pytest.param("K02.xlsx", lambda s, t: hostile.rewrite_zip(s, t, {
                     "xl/workbook.xml": lambda xml: xml.replace(b'state="veryHidden"',
                                                                b'state="Hidden"')}),
                 ("FILE_002", "K02.xlsx", None, None), ('state="Hidden"',),
                 id="sheet-state-misspelt"),
    pytest.param("K02.xlsx", hostile.duplicate_sheet_name,
                 ("FILE_018", "K02.xlsx", SELF, None), (SELF,), id="two-sheets-one-name"),
    pytest.param("K02.xlsx", hostile.entity_bomb_in_shared_strings,
                 ("FILE_008", "K02.xlsx", None, None), ("xl/sharedStrings.xml",),
                 id="entities-in-shared-strings"),
    pytest.param("K02.xlsx",
                 lambda s, t: hostile.entity_bomb_in_part(s, t, "xl/worksheets/sheet2.xml"),
                 ("FILE_008", "K02.xlsx", None, None), ("xl/worksheets/sheet2.xml",),
                 id="entities-in-sheet"),
    pytest.param("K02.xlsx", lambda s, t: hostile.entity_bomb_in_part(s, t, "xl/workbook.xml"),
                 ("FILE_008", "K02.xlsx", None, None), ("xl/workbook.xml",),
                 id="entities-in-workbook"),
]


@pytest.mark.parametrize(("name", "build", "expected", "in_message"), UNREADABLE)
def test_unreadable_file_is_one_precise_error(
    workspace: Workspace,
    returns: ReturnFactory,
    write_good: Any,
    tmp_path: Path,
    name: str,
    build: Builder,
    expected: Row,
    in_message: tuple[str, ...],
) -> None:
    write_good()
    build(filled(returns, tmp_path / "src"), workspace.inbox / name)
    code, report = run_cli(workspace)
    assert code == 1
    assert json_rows(report) == [expected]  # and the good returns raise nothing
    assert file_statuses(report) == {"K01.xlsx": "used", "K03.xlsx": "used", name: "rejected"}
    assert statuses(report) == {"K01": "ok", "K02": "missing", "K03": "ok"}
    message = messages(report, name)
    assert all(part in message for part in in_message), message


def test_what_a_file_is_is_said_in_the_language_of_the_message(workspace: Workspace) -> None:
    """The kinds were Chinese inside English messages: "but it is 网页（HTML）"."""
    hostile.html_table(workspace.inbox / "K02.xlsx")
    [issue] = [i for i in check(workspace.root).issues if i.code == "FILE_003"]
    assert "it is a web page (HTML)" in issue.message("en")
    assert "内容却是网页（HTML）" in issue.message("zh")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "utf-16"])
def test_a_return_saved_as_csv_is_said_to_be_one(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, encoding: str
) -> None:
    """Save As CSV: it was "material at the top of the inbox" (info) and the section only
    showed as missing; beside its own workbook it stays a material."""
    write_good()
    hostile.csv_text(workspace.inbox / "法制科自评表.csv", encoding)
    (workspace.inbox / "K01").mkdir()
    (workspace.inbox / "K01.xlsx").rename(workspace.inbox / "K01" / "K01.xlsx")
    hostile.csv_text(workspace.inbox / "K01" / "自评表备份.csv", encoding)
    (workspace.inbox / "说明.csv").write_text("日期,事项\n2020-01-01,会议\n", encoding="utf-8")
    outcome = run(workspace)
    assert outcome.rows("法制科自评表.csv") == [("FILE_027", "法制科自评表.csv", None, None)]
    assert [row[1] for row in outcome.rows() if row[0] == "FILE_027"] == ["法制科自评表.csv"]
    assert outcome.files()["法制科自评表.csv"] == "rejected"
    assert {i.code for i in outcome.result.issues if i.file == "说明.csv"} == {"EVIDENCE_006"}
    assert outcome.statuses() == {"K01": "ok", "K02": "missing", "K03": "ok"}


@pytest.mark.parametrize("padding", range(3))
def test_a_long_csv_return_is_known_wherever_its_head_is_cut(tmp_path: Path,
                                                              padding: int) -> None:
    """The head read (16 KB) ended inside a Chinese character two times in three, and the
    text was then taken for GB18030 or UTF-16 garbage."""
    from perfxl.reader import looks_like_text_return

    rows = ["编号,指标名称,分值,自评得分,完成情况"] + [
        f"A{n:02d},依法行政成效,30,27,{'完成' * 20}{'x' * padding}" for n in range(200)]
    path = tmp_path / "return.csv"
    path.write_bytes("\r\n".join(rows).encode("utf-8"))
    assert path.stat().st_size > 16_384 and looks_like_text_return(path)


def test_a_text_file_in_no_chinese_encoding_is_read_past(workspace: Workspace,
                                                          write_good: Any) -> None:
    """A note in Latin-1 (LibreOffice's CSV export in a Western locale writes it so) stopped
    check and run for the whole inbox: "UTF-16 stream does not start with BOM"."""
    write_good()
    (workspace.inbox / "说明.txt").write_bytes("caf\xe9 \x93note\x94\r\n".encode("latin-1"))
    (workspace.inbox / "自评表.csv").write_bytes("\x93编号\x94".encode("gb18030") + b"\xff\xfe\x00")
    outcome = run(workspace)
    assert outcome.statuses() == {"K01": "ok", "K02": "missing", "K03": "ok"}
    assert outcome.files()["说明.txt"] != "rejected"


def test_gbk_csv_is_described_as_text(workspace: Workspace) -> None:
    hostile.csv_text(workspace.inbox / "K02.xls", "gbk")
    [issue] = [i for i in run(workspace).result.issues if i.code == "FILE_003"]
    assert "内容却是文本（如 CSV）" in issue.message("zh")
    assert "it is text (such as CSV)" in issue.message("en")


def test_ods_far_cell_is_named_exactly(workspace: Workspace) -> None:
    _ods_rows(30000)(None, workspace.inbox / "K02.ods")
    assert run(workspace).params("FILE_007", "K02.ods")["ref"] == "A30000"


def test_really_encrypted_xlsx_is_file_004(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    pytest.importorskip("msoffcrypto", reason="msoffcrypto-tool (test extra) is not installed")
    write_good()
    hostile.encrypted_xlsx(filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx")
    assert (workspace.inbox / "K02.xlsx").read_bytes()[:8] == OLE
    outcome = run(workspace)
    assert outcome.rows() == [("FILE_004", "K02.xlsx", None, None)]
    assert good_read(outcome)


def test_ole_container_builder_is_valid(tmp_path: Path) -> None:
    olefile = pytest.importorskip("olefile")
    path = hostile.encrypted_container(tmp_path / "x.xlsx")
    with olefile.OleFileIO(str(path)) as ole:
        assert sorted(ole.listdir()) == [["EncryptedPackage"], ["EncryptionInfo"]]
        assert ole.openstream("EncryptionInfo").read(4) == b"\x04\x00\x04\x00"


def test_lying_dimension_is_read_normally(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    write_good()
    hostile.lying_dimension(filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx")
    outcome = run(workspace)
    assert outcome.rows() == []
    assert outcome.statuses() == {"K01": "ok", "K02": "ok", "K03": "ok"}
    assert answers(outcome.result, "K02") == expected_answers(returns, "K02", K02_CELLS)


def test_member_bigger_than_its_header_is_refused(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    """The sheet inflates past the size its headers declare: perfxl inflates members itself
    and stops there (FILE_006), rather than trusting the header."""
    write_good()
    hostile.lying_size(filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx")
    outcome = run(workspace)
    assert outcome.rows() == [("FILE_006", "K02.xlsx", None, None)]
    assert good_read(outcome)


def test_entities_in_styles_do_not_expand(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    """styles.xml is scanned by perfxl (for percentage formats) as well as calamine: a
    billion-laughs DOCTYPE there is refused (FILE_008) at once, like in any part perfxl
    parses, and costs nothing."""
    write_good()
    source = filled(returns, tmp_path / "src")
    hostile.entity_bomb_in_part(source, workspace.inbox / "K02.xlsx", "xl/styles.xml")
    started = time.monotonic()
    outcome = run(workspace)
    assert time.monotonic() - started < 10
    assert outcome.rows() == [("FILE_008", "K02.xlsx", None, None)]
    assert good_read(outcome)


# --- cells far outside the grid, spelled so the bounds scan misses them ----------------------

BYPASS = [
    pytest.param("A123456789", "plain", id="nine-digit-row"),
    pytest.param("XFD1048576", "single", id="single-quoted-attributes"),
    pytest.param("XFD1048576", "spaced", id="spaces-around-equals"),
]


@pytest.mark.parametrize(("ref", "spelling"), BYPASS)
def test_far_cell_spelled_oddly_never_crashes_the_run(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path, ref: str,
    spelling: str,
) -> None:
    """These cells reach python-calamine, which aborts its process allocating the grid (a
    real reader crash): crash isolation must pin it on the file and read the others."""
    write_good()
    hostile.far_cell(filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx", SELF, ref,
                     spelling)
    code, report = run_cli(workspace)
    assert code == 1
    assert json_rows(report) in ([("FILE_007", "K02.xlsx", SELF, None)],
                                 [("FILE_009", "K02.xlsx", None, None)])
    assert statuses(report) == {"K01": "ok", "K02": "missing", "K03": "ok"}


@pytest.mark.parametrize(
    ("ref", "spelling"), [*BYPASS, pytest.param("AAAAA9", "plain", id="five-letter-column")]
)
def test_far_cell_spelled_oddly_is_file_007(
    workspace: Workspace, returns: ReturnFactory, tmp_path: Path, ref: str, spelling: str
) -> None:
    hostile.far_cell(filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx", SELF, ref,
                     spelling)
    assert run(workspace).rows() == [("FILE_007", "K02.xlsx", SELF, None)]


# --- 9. a reader that crashes --------------------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the pool forks only on Linux")
def test_reader_abort_costs_only_that_file(
    workspace: Workspace, returns: ReturnFactory, write_good: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import perfxl.ingest

    write_good()
    returns.write("K02", name="K02-CRASH.xlsx")
    for n in range(3):  # more files in the same batch as the crash
        (workspace.inbox / f"说明{n}.xls").write_bytes(b"not a workbook")
    monkeypatch.setattr(perfxl.ingest, "read_file", hostile.crashing_read_file)
    code, report = run_cli(workspace)
    assert code == 1
    assert json_rows(report, "K02-CRASH.xlsx") == [("FILE_009", "K02-CRASH.xlsx", None, None)]
    assert [r[0] for r in json_rows(report) if r[1].startswith("说明")] == ["FILE_003"] * 3
    assert statuses(report) == {"K01": "ok", "K02": "missing", "K03": "ok"}
    assert file_statuses(report)["K01.xlsx"] == file_statuses(report)["K03.xlsx"] == "used"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the pool forks only on Linux")
def test_a_file_that_takes_too_long_is_stopped_and_said(
    workspace: Workspace, returns: ReturnFactory, write_good: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A sheet crafted to make the scan's patterns quadratic held its reader (and the run)
    for minutes: each file now has FILE_SECONDS, and the others are read."""
    import perfxl.ingest

    write_good()
    returns.write("K02", name="K02-SLOW.xlsx")
    monkeypatch.setattr(perfxl.ingest, "read_file", hostile.slow_read_file)
    monkeypatch.setattr(perfxl.ingest, "FILE_SECONDS", 1)
    code, report = run_cli(workspace)
    assert code == 1
    assert json_rows(report, "K02-SLOW.xlsx") == [("FILE_028", "K02-SLOW.xlsx", None, None)]
    assert statuses(report) == {"K01": "ok", "K02": "missing", "K03": "ok"}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the pool forks only on Linux")
def test_a_checker_failure_costs_only_that_file(
    workspace: Workspace, returns: ReturnFactory, write_good: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A flaw in perfxl's own checking, met by one file, becomes that file's FILE_017 (with
    what failed and where, for the maintainers) instead of ending the run; the section, once
    identified, shows "error", not "missing"."""
    import perfxl.validate

    read_report = perfxl.validate._read_report

    def failing_on_k02(raw: Any, context: Any) -> Any:
        if "K02" in raw.path:
            raise KeyError("自评报告")
        return read_report(raw, context)

    write_good(("K01", "K02", "K03"))
    monkeypatch.setattr(perfxl.validate, "_read_report", failing_on_k02)
    code, report = run_cli(workspace)
    assert code == 1
    assert json_rows(report, "K02.xlsx") == [("FILE_017", "K02.xlsx", None, None)]
    [issue] = [i for i in report["issues"] if i["file"] == "K02.xlsx"]
    assert "KeyError" in issue["message"] and "test_hostile_files.py:" in issue["message"]
    assert statuses(report) == {"K01": "ok", "K02": "error", "K03": "ok"}


def test_anything_escaping_a_worker_costs_only_that_file(
    workspace: Workspace, write_good: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past every check's own guard, a worker still turns whatever one file raised (even an
    exception that would not pickle back, such as a native library's panic) into FILE_017."""
    import perfxl.ingest

    class Unpicklable(BaseException):
        def __reduce__(self) -> Any:
            raise TypeError("cannot pickle")

    check_workbook = perfxl.ingest.check_workbook

    def failing_on_k02(raw: Any, *args: Any) -> Any:
        if "K02" in raw.path:
            raise Unpicklable("native panic")
        return check_workbook(raw, *args)

    write_good(("K01", "K02", "K03"))
    monkeypatch.setattr(perfxl.ingest, "check_workbook", failing_on_k02)
    code, report = run_cli(workspace)
    assert code == 1
    assert json_rows(report, "K02.xlsx") == [("FILE_017", "K02.xlsx", None, None)]
    assert statuses(report) == {"K01": "ok", "K02": "missing", "K03": "ok"}


# --- a formula perfxl evaluates itself -----------------------------------------------------


def test_overflowing_arithmetic_formula_is_an_error_not_a_crash(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    write_good()
    formula = hostile.overflowing_formula()
    hostile.set_cell_xml(filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx", SELF,
                         "H4", f"<f>{formula}</f><v>27</v>")
    outcome = run(workspace)
    [(issue_code, file, sheet, cell)] = [r for r in outcome.rows() if r[0] != "SCORE_011"]
    assert issue_code in ("SCORE_004", "SCORE_006", "SCORE_002", "SCORE_013")
    assert (file, sheet, cell) == ("K02.xlsx", SELF, "H4")
    assert good_read(outcome)


# --- the OpenDocument repeat bomb ----------------------------------------------------------


@pytest.fixture(scope="module")
def ods_bomb(
    tmp_path_factory: pytest.TempPathFactory, good_files: dict[str, bytes]
) -> tuple[Outcome, float]:
    root = tmp_path_factory.mktemp("ods-bomb")
    workspace = init_workspace(root / "ws", data=small_bureau(), workspace_id="test-workspace")
    for code in GOOD:
        (workspace.inbox / f"{code}.xlsx").write_bytes(good_files[code])
    hostile.ods_repeat_bomb(workspace.inbox / "K02.ods")
    import perfxl.ingest

    with pytest.MonkeyPatch.context() as patch:  # module scope: _quiet_worker_aborts is not on
        patch.setattr(perfxl.ingest, "_limit_memory", hostile.quiet_worker_setup)
        started = time.monotonic()
        outcome = run(workspace)
        return outcome, time.monotonic() - started


def test_ods_repeat_bomb_never_crashes_the_run(ods_bomb: tuple[Outcome, float]) -> None:
    outcome, _seconds = ods_bomb
    [(issue_code, file, _sheet, _cell)] = outcome.rows()
    assert file == "K02.ods" and issue_code in ("FILE_006", "FILE_007", "FILE_009")
    assert good_read(outcome)


def test_ods_repeat_bomb_is_refused_up_front(ods_bomb: tuple[Outcome, float]) -> None:
    outcome, seconds = ods_bomb
    assert outcome.rows() == [("FILE_007", "K02.ods", SELF, None)]
    assert seconds < 3


# --- 10. other formats: .xls, .ods (LibreOffice), .xlsm ------------------------------------


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory, shared_factory: ReturnFactory) -> dict[
    str, Path
]:
    """A filled K02 return saved by LibreOffice as .xls and .ods (one soffice start)."""
    from tests.libreoffice import convert_with_libreoffice, require_libreoffice

    require_libreoffice()
    root = tmp_path_factory.mktemp("converted")
    source = filled(shared_factory, root / "src", name="K02.xlsx")
    xls, ods = convert_with_libreoffice(source, [root / "out" / "K02.xls",
                                                 root / "out" / "K02.ods"])
    return {"xls": xls, "ods": ods}


def test_a_truncated_xls_is_one_problem_never_a_traceback(
    workspace: Workspace, write_good: Any, converted: dict[str, Path],
    capfd: pytest.CaptureFixture[str],
) -> None:
    """An .xls cut short (an interrupted download) makes calamine panic for some cuts: a
    Rust panic is a BaseException in Python, which escaped `except Exception` and then
    failed to pickle out of the worker. Every cut is now a coded problem for that file."""
    write_good()
    data = converted["xls"].read_bytes()
    cuts = [len(data) - n * 512 for n in (1, 2, 3, 4, 6)] + [len(data) // 2]
    for cut in cuts:
        (workspace.inbox / f"K02-{cut}.xls").write_bytes(data[:cut])
    code, report = run_cli(workspace)
    assert code == 1
    rows = [r for r in json_rows(report) if r[0] != "FILE_014"]
    assert {file for _code, file, _sheet, _cell in rows} <= {f"K02-{c}.xls" for c in cuts}
    assert {code for code, *_ in rows} <= {"FILE_002", "FILE_009", "FILE_010", "FILE_015",
                                          "RETURN_002", "DUP_002", "DUP_001"}
    assert good_read(Outcome(run(workspace).result, report))
    assert "Traceback" not in capfd.readouterr().err


def test_a_reader_panic_is_file_009(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A panic in a native reader reaches Python as a BaseException (pyo3's PanicException),
    not an Exception: it is that file's FILE_009, while Ctrl-C still stops perfxl."""
    import perfxl.reader

    class PanicException(BaseException):
        pass

    def panicking(*_args: Any) -> Any:
        raise PanicException("slice index starts at 26624 but ends at 26112")

    monkeypatch.setattr(perfxl.reader, "_read", panicking)
    raw = perfxl.reader.read_file(tmp_path / "K02.xls", "K02.xls", b"x")
    assert [(i.code, dict(i.params)["reason"]) for i in raw.issues] == [
        ("FILE_009", "PanicException: slice index starts at 26624 but ends at 26112")]

    def interrupted(*_args: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(perfxl.reader, "_read", interrupted)
    with pytest.raises(KeyboardInterrupt):
        perfxl.reader.read_file(tmp_path / "K02.xls", "K02.xls", b"x")


@pytest.mark.parametrize("extension", ["xls", "ods"])
def test_libreoffice_xls_and_ods_are_read(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, converted: dict[str, Path],
    extension: str,
) -> None:
    write_good()
    name = f"K02.{extension}"
    shutil.copyfile(converted[extension], workspace.inbox / name)
    outcome = run(workspace)
    found = outcome.rows()
    # the very hidden metadata sheet survives both conversions (as a hidden sheet); in .ods
    # its tab-separated cells lose the tab, so the metadata is unusable there: RETURN_002
    assert found in ([], [("RETURN_002", name, SELF, None)])
    assert outcome.statuses() == {"K01": "ok", "K02": "ok", "K03": "ok"}
    assert answers(outcome.result, "K02") == expected_answers(returns, "K02", K02_CELLS)
    used = next(r for r in outcome.result.ingested.returns if r.section_code == "K02")
    assert dict(used.report.parts()) == returns.filling("K02").report


def test_libreoffice_xls_keeps_the_metadata(
    workspace: Workspace, converted: dict[str, Path]
) -> None:
    shutil.copyfile(converted["xls"], workspace.inbox / "K02.xls")
    outcome = run(workspace)
    assert outcome.rows() == []
    [used] = outcome.result.ingested.returns
    assert used.binding is not None and used.binding.section_code == "K02"
    assert used.saved_at.startswith(str(datetime.now().year))  # LibreOffice's save time


def _openpyxl_edited(source: Path, target: Path, edit: Any) -> Path:
    book = openpyxl.load_workbook(source)
    edit(book[SELF])
    book.save(target)
    return target


def _percent(sheet: Any) -> None:
    sheet["H3"] = 0.9
    sheet["H3"].number_format = "0%"


def _picture(sheet: Any) -> None:
    from openpyxl.drawing.image import Image
    from PIL import Image as Picture

    stream = io.BytesIO()
    Picture.new("RGB", (40, 20), "red").save(stream, "PNG")
    sheet.add_image(Image(stream), "H4")


def _chart_and_picture(sheet: Any) -> None:
    """A chart placed on the sheet first: in an .xls it is a BOF … EOF of its own."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=5, min_row=3, max_row=4))
    sheet.add_chart(chart, "L2")
    _picture(sheet)


@pytest.fixture(scope="module")
def xls_variants(tmp_path_factory: pytest.TempPathFactory, shared_factory: ReturnFactory
                 ) -> dict[str, Path]:
    """The filled K02 return changed as a section would, then saved by LibreOffice as .xls
    (one soffice start): a formula of each kind typed in, or a cell formatted as a
    percentage, merged or covered by a picture (made in openpyxl before the save)."""
    from tests.libreoffice import document_job, require_libreoffice, run_jobs

    require_libreoffice()
    root = tmp_path_factory.mktemp("xls")
    source = filled(shared_factory, root / "src", name="K02.xlsx")
    old = openpyxl.Workbook()
    old.active.title = "Sheet1"
    old.active["A1"] = 36
    old.save(root / "旧表.xlsx")
    link = f"='{(root / '旧表.xlsx').as_uri()}'#$Sheet1.A1"
    shutil.copyfile(root / "旧表.xlsx", root / "旧表")  # a file not named as a workbook
    bare_link = f"='{(root / '旧表').as_uri()}'#$Sheet1.A1"
    sources = {
        "formulas": (source, [(SELF, "H3", "=10+2.5"), (SELF, "H4", link),
                              (SELF, "H6", "=1/0")]),
        "percent": (_openpyxl_edited(source, root / "percent.xlsx", _percent), []),
        "merged": (_openpyxl_edited(source, root / "merged.xlsx",
                                    lambda sheet: sheet.merge_cells("I3:I4")), []),
        "picture": (_openpyxl_edited(source, root / "picture.xlsx", _picture), []),
        "chart": (_openpyxl_edited(source, root / "chart.xlsx", _chart_and_picture), []),
        "bare link": (source, [(SELF, "H3", bare_link)]),
    }
    targets = {kind: root / "out" / f"{kind}.xls" for kind in sources}
    run_jobs([document_job(path, [targets[kind]], cells)
              for kind, (path, cells) in sources.items()])
    return targets


@pytest.mark.parametrize(("kind", "expected"), [
    ("formulas", [("SCORE_012", "H3"), ("SCORE_007", "H4"), ("SCORE_005", "H6")]),
    ("percent", [("SCORE_014", "H3")]),
    ("merged", [("CONTENT_001", "I4"), ("SCORE_008", "I3")]),  # I4 lost its text
    ("picture", [("SCORE_009", "H4")]),
    ("chart", [("SCORE_009", "H4")]),  # a chart's own EOF ended the walk of its sheet
    ("bare link", [("SCORE_007", "H3")]),  # its stale value was counted, a warning alone
])
def test_an_xls_is_checked_as_an_xlsx_is(
    workspace: Workspace, write_good: Any, xls_variants: dict[str, Path], kind: str,
    expected: list[tuple[str, str]],
) -> None:
    """An .xls (Excel 97–2003, as WPS and old Excel save) was read by value alone, with an
    info note: a formula into another workbook gave its stale result, "=10+2.5" was taken
    as typed, 90% as 0.9 points. Its records are now walked for what an .xlsx is checked
    for."""
    write_good()
    shutil.copyfile(xls_variants[kind], workspace.inbox / "K02.xls")
    outcome = run(workspace)
    assert outcome.rows() == [(code, "K02.xls", SELF, cell) for code, cell in expected]
    if kind == "formulas":
        messages = {i["cell"]: i["message"] for i in outcome.report["issues"]}
        assert "=10+2.5" in messages["H3"] and "12.5" in messages["H3"]
        assert "[旧表.xlsx]Sheet1" in messages["H4"]
        assert answers(outcome.result, "K02")["A01"][0] == Decimal("12.5")


def test_an_xls_whose_records_cannot_be_walked_is_read_by_value(
    workspace: Workspace, write_good: Any, converted: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """BIFF5 (Excel 95) or damaged records: the values are still read, and FILE_014 says
    what could not be checked."""
    from perfxl import biff

    def unwalkable(*_args: Any) -> biff.Scan:
        raise biff.BiffError("BIFF version 0x0500, not BIFF8")

    monkeypatch.setattr(biff, "scan", unwalkable)
    write_good()
    shutil.copyfile(converted["xls"], workspace.inbox / "K02.xls")
    outcome = run(workspace)
    assert outcome.rows() == [("FILE_014", "K02.xls", None, None)]
    assert outcome.statuses()["K02"] == "ok"


def test_libreoffice_ods_keeps_the_metadata(
    workspace: Workspace, converted: dict[str, Path]
) -> None:
    shutil.copyfile(converted["ods"], workspace.inbox / "K02.ods")
    assert run(workspace).rows() == []


def _ods_cell(source: Path, target: Path, ref: str, cell_xml: str) -> Path:
    """`source` (an .ods LibreOffice wrote) with the 自评表 cell at `ref` replaced."""
    import re as regex

    with zipfile.ZipFile(source) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    content = parts["content.xml"].decode()
    start = content.index('table:name="自评表"')
    column, row = ord(ref[0]) - ord("A"), int(ref[1:])
    rows = list(regex.finditer(r"<table:table-row\b[^>]*>(.*?)</table:table-row>",
                               content[start:], regex.S))
    body = rows[row - 1]
    cells = list(regex.finditer(
        r"<table:(?:covered-)?table-cell\b[^>]*?(?:/>|>.*?</table:(?:covered-)?table-cell>)",
        body[1], regex.S))
    assert "repeated" not in cells[column][0]  # the cells up to it are one each
    offset = start + body.start(1)
    content = (content[:offset + cells[column].start()] + cell_xml
               + content[offset + cells[column].end():])
    parts["content.xml"] = content.encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data, compress_type=zipfile.ZIP_STORED
                             if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return target


@pytest.mark.parametrize(("cell_xml", "expected"), [
    ('<table:table-cell office:value-type="percentage" office:value="0.9">'
     "<text:p>90%</text:p></table:table-cell>", ("SCORE_014", "H3")),
    ("<table:table-cell table:formula=\"of:=['file:///C:/科室/旧表.ods'#$Sheet1.A1]\" "
     'office:value-type="float" office:value="36"><text:p>36</text:p></table:table-cell>',
     ("SCORE_007", "H3")),
    ('<table:table-cell table:formula="of:=ROUND([.E3]*0.9;1)" office:value-type="float" '
     'office:value="36"><text:p>36</text:p></table:table-cell>', ("SCORE_011", "H3")),
    ('<table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0" '
     'calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>',
     ("SCORE_005", "H3")),
])
def test_an_ods_is_checked_as_an_xlsx_is(
    workspace: Workspace, write_good: Any, converted: dict[str, Path], tmp_path: Path,
    cell_xml: str, expected: tuple[str, str],
) -> None:
    """LibreOffice saves .ods by default: "90%" was read as 0.9 (a section's total fell by
    90 points), a formula into another file gave its stale value, all with an info alone."""
    write_good()
    _ods_cell(converted["ods"], workspace.inbox / "K02.ods", "H3", cell_xml)
    outcome = run(workspace)
    rows = [row for row in outcome.rows() if row[0] != "RETURN_002"]
    assert rows == [(expected[0], "K02.ods", SELF, expected[1])]
    if expected[0] == "SCORE_011":  # quoted as the spreadsheet shows it, not as ODF spells it
        assert outcome.params("SCORE_011", "K02.ods")["formula"] == "ROUND(E3*0.9,1)"



def test_a_picture_floating_over_an_ods_sheet_is_placed_at_its_corner() -> None:
    """A picture anchored "To Page" in Calc sits in <table:shapes> at a distance from the
    sheet's corner: over a score in an .ods it went unseen (SCORE_009 in an .xlsx)."""
    styles = ('<style:style style:name="co1" style:family="table-column">'
              '<style:table-column-properties style:column-width="1in"/></style:style>'
              '<style:style style:name="co2" style:family="table-column">'
              '<style:table-column-properties style:column-width="5.08cm"/></style:style>'
              '<style:style style:name="ro1" style:family="table-row">'
              '<style:table-row-properties style:row-height="36pt"/></style:style>')
    frame = ('<draw:frame svg:width="1cm" svg:height="1cm" svg:x="{x}" svg:y="{y}">'
             '{inner}</draw:frame>')
    table = ('<table:table table:name="自评表"><table:shapes>'
             + frame.format(x="2.9998in", y="1.2in", inner='<draw:image xlink:href="p.png"/>')
             + frame.format(x="5.5in", y="0in", inner='<draw:image xlink:href="p.png"/>')
             + frame.format(x="0in", y="0in", inner="<draw:text-box/>")  # no picture
             + '</table:shapes><table:table-column table:style-name="co1" '
             'table:number-columns-repeated="3"/><table:table-column table:style-name="co2"/>'
             '<table:table-row table:style-name="ro1" table:number-rows-repeated="2">'
             "<table:table-cell/></table:table-row></table:table>")
    content = f'<office:document-content><office:automatic-styles>{styles}' \
              f'</office:automatic-styles>{table}</office:document-content>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("content.xml", content)
    sheets = reader._scan_ods(reader.Package(buffer.getvalue()), "K02.ods")
    # x 3 in (a hair short, as saved rounded): past three 1-inch columns, so D; 5.5 in:
    # past D (2 in), in E at the default width; y 1.2 in: past two 0.5-inch rows, row 4
    assert sheets["自评表"].pictures == [(3, 3, 5, 3), (0, 4, 0, 4)]


def test_an_ods_return_in_error_gets_its_problems_listed(
    workspace: Workspace, write_good: Any, converted: dict[str, Path]
) -> None:
    """A return saved as .ods with errors got no feedback copy, and nothing said why: perfxl
    cannot write .ods. It gets the list of its problems, the cells named."""
    write_good()
    _ods_cell(converted["ods"], workspace.inbox / "K02.ods", "H3",
              '<table:table-cell office:value-type="percentage" office:value="0.9">'
              "<text:p>90%</text:p></table:table-cell>")
    first = dict(run(workspace).result.outputs)
    copy = Path(first["feedback"])
    book = openpyxl.load_workbook(copy)
    assert book.sheetnames == ["问题说明"]
    sheet = book["问题说明"]
    assert ".ods" in sheet["A2"].value
    assert [c.value for c in sheet[4]][2:4] == ["H3", sheet["D4"].value]
    assert "SCORE_014" not in sheet["D4"].value and "百分比" in sheet["D4"].value
    data = copy.read_bytes()
    run(workspace)
    assert copy.read_bytes() == data  # the same bytes for the same return


def test_an_ods_merge_over_inputs_is_said(
    workspace: Workspace, write_good: Any, converted: dict[str, Path], tmp_path: Path
) -> None:
    write_good()
    merged = _ods_cell(converted["ods"], tmp_path / "merged.ods", "H3",
                       '<table:table-cell table:number-rows-spanned="2" '
                       'office:value-type="float" office:value="36"><text:p>36</text:p>'
                       "</table:table-cell>")
    _ods_cell(merged, workspace.inbox / "K02.ods", "H4",
              '<table:covered-table-cell office:value-type="float" office:value="27">'
              "<text:p>27</text:p></table:covered-table-cell>")
    rows = [row for row in run(workspace).rows() if row[0] != "RETURN_002"]
    assert ("SCORE_008", "K02.ods", SELF, "H3") in rows


def test_the_same_return_as_ods_and_xlsx_is_one_return(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, converted: dict[str, Path]
) -> None:
    """Saved as .ods (LibreOffice's own format), then Save As .xlsx, and both sent: DUP_002
    said the two differed, and the section was left unranked. The .xlsx is used."""
    write_good(("K01", "K02", "K03"))
    shutil.copyfile(converted["ods"], workspace.inbox / "K02 办公室.ods")
    outcome = run(workspace)
    assert [row for row in outcome.rows() if row[0].startswith("DUP")] == [
        ("DUP_004", "K02 办公室.ods", None, None)]
    assert outcome.statuses()["K02"] == "ok"
    assert outcome.files() == {"K01.xlsx": "used", "K02.xlsx": "used", "K03.xlsx": "used",
                               "K02 办公室.ods": "duplicate"}


def test_a_return_saved_again_saying_the_same_is_one_return(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    write_good()
    returns.write("K02", name="K02.xlsx")

    def widened(book: Any) -> None:  # saved again: other bytes, the same answers
        book[SELF].column_dimensions["I"].width = 60

    returns.write("K02", name="K02（终稿）.xlsx", edit=widened)
    outcome = run(workspace)
    assert [row[0] for row in outcome.rows()] == ["DUP_004"]
    assert outcome.statuses()["K02"] == "ok"


def test_an_ods_says_when_it_was_saved(
    workspace: Workspace, write_good: Any, converted: dict[str, Path], tmp_path: Path
) -> None:
    """An .ods's time (meta.xml, local time without a zone: taken as China's) was never
    read, so --latest chose an older .xlsx over a newer .ods."""
    from perfxl.reader import read_file

    raw = read_file(converted["ods"], "K02.ods")
    assert raw.saved_at.endswith("+08:00") and raw.checked_structure


def test_real_xls_named_xlsx_is_file_003(
    workspace: Workspace, write_good: Any, converted: dict[str, Path]
) -> None:
    write_good()
    shutil.copyfile(converted["xls"], workspace.inbox / "K02.xlsx")
    outcome = run(workspace)
    assert outcome.rows() == [("FILE_003", "K02.xlsx", None, None)]
    [issue] = [i for i in outcome.result.issues if i.code == "FILE_003"]
    assert "内容却是Excel 97-2003 工作簿（.xls）" in issue.message("zh")
    assert "it is an Excel 97-2003 workbook (.xls)" in issue.message("en")
    assert good_read(outcome)


@pytest.mark.parametrize(("name", "notes"), [
    ("K02.xlsm", [("FILE_013", "K02.xlsm", None, None)]),
    ("K02.xltm", [("FILE_013", "K02.xltm", None, None)]),
    ("K02.xltx", []),  # saved as an Excel template by mistake: read all the same
])
def test_xlsm_and_templates_are_read(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, name: str, notes: list[Row]
) -> None:
    write_good()
    returns.write("K02", name=name)
    code, report = run_cli(workspace)
    assert (code, json_rows(report)) == (0, notes)
    assert statuses(report) == {"K01": "ok", "K02": "ok", "K03": "ok"}
    assert answers(run(workspace).result, "K02") == expected_answers(returns, "K02", K02_CELLS)


@pytest.mark.parametrize("name", ["K02", "附件1", "K02.dat", "ATT00001.bin"])
def test_a_workbook_whose_extension_was_lost_is_read(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, name: str
) -> None:
    """Mail systems drop or change attachments' extensions; the content says what it is."""
    write_good()
    returns.write("K02", name=name)
    code, report = run_cli(workspace)
    assert (code, json_rows(report)) == (0, [("FILE_020", name, None, None)])
    # said before the file was read, and still filed under the section it turned out to be
    assert [i["section"] for i in report["issues"]] == ["K02"]
    assert statuses(report) == {"K01": "ok", "K02": "ok", "K03": "ok"}
    assert file_statuses(report)[name] == "used"


def test_a_file_that_is_no_workbook_whatever_its_name_is_still_not_read(
    workspace: Workspace, write_good: Any
) -> None:
    write_good()
    (workspace.inbox / "附件2").write_bytes(b"PK\x03\x04 not really a zip")
    (workspace.inbox / "notes.dat").write_text("会议记录", encoding="utf-8")
    with zipfile.ZipFile(workspace.inbox / "附件3", "w") as crowded:  # too many parts to list
        crowded.writestr("xl/workbook.xml", "<workbook/>")
        for number in range(2000):
            crowded.writestr(f"x/{number}", "")
    code, report = run_cli(workspace)
    assert (code, json_rows(report)) == (0, [("FILE_011", "notes.dat", None, None),
                                             ("FILE_011", "附件2", None, None),
                                             ("FILE_011", "附件3", None, None)])


def test_a_rar_or_7z_archive_is_flagged_as_possibly_holding_a_return(
    workspace: Workspace, write_good: Any
) -> None:
    write_good()
    (workspace.inbox / "法制科自评.rar").write_bytes(b"Rar!\x1a\x07\x00" + bytes(64))
    (workspace.inbox / "K02.7z").write_bytes(b"7z\xbc\xaf\x27\x1c" + bytes(64))
    code, report = run_cli(workspace)
    assert code == 0  # a warning: the office decides
    assert json_rows(report) == [("FILE_021", "K02.7z", None, None),
                                 ("FILE_021", "法制科自评.rar", None, None)]
    assert ".7z" in messages(report, "K02.7z") and statuses(report)["K02"] == "missing"


# --- 11. two files for one section ---------------------------------------------------------


def test_identical_copies_use_one(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    write_good()
    first = returns.write("K02")
    (workspace.inbox / "备份").mkdir()
    shutil.copyfile(first, workspace.inbox / "备份" / "K02.xlsx")
    outcome = run(workspace)
    assert outcome.rows() == [("DUP_001", "备份/K02.xlsx", None, None)]
    assert outcome.files()["K02.xlsx"] == "used"
    assert outcome.files()["备份/K02.xlsx"] == "duplicate"
    assert outcome.statuses() == {"K01": "ok", "K02": "ok", "K03": "ok"}
    assert outcome.params("DUP_001", "备份/K02.xlsx")["other"] == "K02.xlsx"


def test_of_identical_copies_the_one_sent_with_materials_is_used(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    """The return mailed alone first, then again in a folder with its evidence: the folder's
    copy is used, so the evidence it cites is found."""
    write_good()
    first = returns.write("K02", name="K02.xlsx")
    folder = workspace.inbox / "法制科（含佐证）"
    folder.mkdir()
    shutil.copyfile(first, folder / "K02.xlsx")
    for indicator in ("A01", "A02", "C01"):
        (folder / f"{indicator}工作台账.pdf").write_bytes(b"%PDF-1.4 " + indicator.encode())
    outcome = run(workspace)
    assert outcome.rows() == [("DUP_001", "K02.xlsx", None, None)]
    assert outcome.files()["法制科（含佐证）/K02.xlsx"] == "used"
    assert outcome.files()["K02.xlsx"] == "duplicate"
    assert outcome.files()["法制科（含佐证）/A01工作台账.pdf"] == "used"
    assert outcome.params("DUP_001", "K02.xlsx")["other"] == "法制科（含佐证）/K02.xlsx"


def _two_versions(returns: ReturnFactory, older: str, newer: str) -> None:
    """Two different K02 returns: `newer` scores A01 40, `older` 36."""
    new_filling = returns.filling("K02")
    new_filling.scores["A01"] = 40
    hostile.set_saved_time(returns.write("K02", name=older), "2021-01-10T08:00:00Z")
    hostile.set_saved_time(returns.write("K02", name=newer, filling=new_filling),
                           "2021-01-20T08:00:00Z")


def test_different_copies_are_an_error(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    write_good()
    _two_versions(returns, older="K02.xlsx", newer="K02（修改）.xlsx")
    code, report = run_cli(workspace)
    assert (code, json_rows(report)) == (1, [("DUP_002", "K02.xlsx", None, None)])
    assert statuses(report) == {"K01": "ok", "K02": "error", "K03": "ok"}
    assert file_statuses(report)["K02.xlsx"] == "rejected"
    assert file_statuses(report)["K02（修改）.xlsx"] == "rejected"
    assert "K02（修改）.xlsx" in messages(report, "K02.xlsx")
    outcome = run(workspace)
    assert [r.section_code for r in outcome.result.ingested.returns] == ["K01", "K03"]
    duplicate = next(i for i in outcome.result.issues if i.code == "DUP_002")
    # the time as the office reads a clock: Beijing time (the workbook records UTC)
    assert "保存于 2021-01-20 16:00（北京时间）" in duplicate.message("zh")
    assert "saved 2021-01-20 16:00 Beijing time" in duplicate.message("en")


def test_latest_uses_the_most_recently_saved(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    write_good()
    # the newer file sorts first, so a choice by name would pick the wrong one
    _two_versions(returns, older="K02-b.xlsx", newer="K02-a.xlsx")
    code, report = run_cli(workspace, "--latest")
    assert (code, json_rows(report)) == (0, [("DUP_003", "K02-a.xlsx", None, None)])
    assert file_statuses(report)["K02-a.xlsx"] == "used"
    assert file_statuses(report)["K02-b.xlsx"] == "rejected"
    assert statuses(report)["K02"] == "ok"
    assert answers(run(workspace, latest=True).result, "K02")["A01"][0] == Decimal(40)


def test_latest_compares_times_across_time_zones(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    _two_versions(returns, older="K02-b.xlsx", newer="K02-a.xlsx")
    hostile.set_saved_time(workspace.inbox / "K02-a.xlsx", "2021-01-20T09:00:00Z")
    hostile.set_saved_time(workspace.inbox / "K02-b.xlsx", "2021-01-20T16:00:00+08:00")
    assert run(workspace, latest=True).rows() == [("DUP_003", "K02-a.xlsx", None, None)]


def test_latest_never_prefers_an_unknown_save_time(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """Nor the known one: the file without a time (a web export writes none) may be the
    newer. "--latest chose the most recently saved" picked the older return."""
    _two_versions(returns, older="K02-b.xlsx", newer="K02-a.xlsx")
    hostile.set_saved_time(workspace.inbox / "K02-a.xlsx", None)
    outcome = run(workspace, latest=True)
    assert outcome.rows() == [("DUP_005", "K02-a.xlsx", None, None)]
    assert "K02-a.xlsx" in outcome.params("DUP_005", "K02-a.xlsx")["unknown"].zh
    assert {outcome.files()[name] for name in ("K02-a.xlsx", "K02-b.xlsx")} == {"rejected"}
    assert outcome.statuses()["K02"] == "error"


def test_a_saved_time_under_another_namespace_prefix_is_read(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """core.xml may name the Dublin Core terms namespace with any prefix."""
    _two_versions(returns, older="K02-b.xlsx", newer="K02-a.xlsx")
    path = workspace.inbox / "K02-a.xlsx"
    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    parts["docProps/core.xml"] = (parts["docProps/core.xml"]
                                  .replace(b"dcterms:modified", b"dt:modified")
                                  .replace(b'xmlns:dcterms="', b'xmlns:dt="http://purl.org/dc/'
                                           b'terms/" xmlns:dcterms="'))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    assert b"<dt:modified" in parts["docProps/core.xml"]
    assert run(workspace, latest=True).rows() == [("DUP_003", "K02-a.xlsx", None, None)]



def test_latest_sets_the_earlier_version_aside_with_its_errors(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """The section corrected its faulty return and sent it again; both stay in the inbox.
    --latest used the corrected one, yet the first one's error still kept the section out
    of the ranking."""
    faulty = returns.filling("K02")
    faulty.scores["A01"] = 999
    hostile.set_saved_time(returns.write("K02", name="K02.xlsx", filling=faulty),
                           "2021-01-10T08:00:00Z")
    hostile.set_saved_time(returns.write("K02", name="K02（修改）.xlsx"), "2021-01-12T08:00:00Z")
    outcome = run(workspace, latest=True)
    assert outcome.rows() == [("DUP_003", "K02（修改）.xlsx", None, None)]
    assert outcome.statuses()["K02"] == "ok"
    assert outcome.files()["K02.xlsx"] == "rejected"
    assert run(workspace).rows("K02.xlsx") == [("DUP_002", "K02.xlsx", None, None),
                                               ("SCORE_004", "K02.xlsx", SELF, "H3")]


def _outdated_then_refilled(workspace: Workspace, returns: ReturnFactory) -> None:
    """K02's return made outdated by a master edit (RETURN_007), then, as its advice says,
    the template made again and filled again."""
    hostile.set_saved_time(returns.write("K02", name="K02.xlsx"), "2021-01-10T08:00:00Z")
    _edit_master(workspace, "A02", "分值", 25)
    refilled = ReturnFactory(workspace)  # the templates made again
    hostile.set_saved_time(refilled.write("K02", name="K02 重新填报.xlsx"),
                           "2021-01-12T08:00:00Z")


def test_a_refused_return_sent_again_corrected_is_set_aside(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """Following RETURN_007's advice left the section in error for good: the first file's
    problem stayed the section's, with no word that a later return was used."""
    _outdated_then_refilled(workspace, returns)
    outcome = run(workspace)
    assert outcome.rows() == [("DUP_007", "K02.xlsx", None, None)]
    assert outcome.statuses()["K02"] == "ok"
    assert outcome.files() == {"K02.xlsx": "rejected", "K02 重新填报.xlsx": "used"}
    said = outcome.params("DUP_007", "K02.xlsx")
    assert (said["other"], said["saved"].zh, said["other_saved"].zh) == (
        "K02 重新填报.xlsx", "2021-01-10 16:00:00（北京时间）", "2021-01-12 16:00:00（北京时间）")
    assert said["saved"].en == "2021-01-10 16:00:00 Beijing time"


@pytest.mark.parametrize("refused_time", ["2021-01-14T08:00:00Z", None],
                         ids=["saved-later", "saved-when-unknown"])
def test_a_refused_return_that_may_be_the_final_one_keeps_its_problems(
    workspace: Workspace, returns: ReturnFactory, refused_time: str | None
) -> None:
    _outdated_then_refilled(workspace, returns)
    hostile.set_saved_time(workspace.inbox / "K02.xlsx", refused_time)
    outcome = run(workspace)
    assert outcome.rows() == [("RETURN_007", "K02.xlsx", None, None)]
    assert outcome.statuses()["K02"] == "error"


def test_latest_cannot_choose_between_returns_saved_at_one_time(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """A choice by file name was said to be "the most recently saved"."""
    _two_versions(returns, older="K02-b.xlsx", newer="K02-a.xlsx")
    hostile.set_saved_time(workspace.inbox / "K02-b.xlsx", "2021-01-20T08:00:00Z")
    outcome = run(workspace, latest=True)
    assert outcome.rows() == [("DUP_006", "K02-a.xlsx", None, None)]
    assert outcome.statuses()["K02"] == "error"


def test_the_templates_own_time_is_no_saved_time(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """perfxl's templates record a fixed time (so that each run writes the same bytes); a
    program that does not update it leaves a return saying it was saved then."""
    _two_versions(returns, older="K02-b.xlsx", newer="K02-a.xlsx")
    hostile.set_saved_time(workspace.inbox / "K02-b.xlsx", "2020-01-01T00:00:00Z")
    outcome = run(workspace, latest=True)
    assert outcome.rows() == [("DUP_005", "K02-a.xlsx", None, None)]
    assert "K02-b.xlsx" in outcome.params("DUP_005", "K02-a.xlsx")["unknown"].zh


def test_two_versions_in_one_email_are_told_how_to_keep_one(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """Neither attachment can be moved out of the inbox alone, as DUP_002 asked."""
    from email.message import EmailMessage

    _two_versions(returns, older="K02-b.xlsx", newer="K02-a.xlsx")
    message = EmailMessage()
    message["Subject"] = "法制科自评表"
    message.set_content("附件是两版自评表。")
    for name in ("K02-b.xlsx", "K02-a.xlsx"):
        message.add_attachment((workspace.inbox / name).read_bytes(), maintype="application",
                               subtype="octet-stream", filename="自评表.xlsx")
        (workspace.inbox / name).unlink()
    (workspace.inbox / "回复.eml").write_bytes(bytes(message))
    outcome = run(workspace)
    [issue] = [i for i in outcome.result.issues if i.code == "DUP_002"]
    assert "几份都在 回复.eml 里" in issue.fix("zh")
    assert "all of them came in 回复.eml" in issue.fix("en")
    assert "报送了 2 份内容不同的自评表" in issue.message("zh")
    # a zip attached to the e-mail is no file to move: the e-mail is
    from perfxl.ingest import _container

    assert _container("回复.eml/k02.zip/初稿/自评表.xlsx") == "回复.eml"
    assert outcome.statuses()["K02"] == "error"
    assert run(workspace, latest=True).rows()[0][0] == "DUP_003"


# --- 12. values typed into the input cells -------------------------------------------------

SCORE_CASES: list[Any] = [
    pytest.param("A02", None, [("SCORE_001", "K02.xlsx", SELF, "H4")], None, {}, id="blank"),
    pytest.param("A02", "   ", [("SCORE_001", "K02.xlsx", SELF, "H4")], None, {}, id="spaces"),
    pytest.param("A02", "无", [("SCORE_002", "K02.xlsx", SELF, "H4")], None, {"value": "无"},
                 id="wu"),
    pytest.param("A02", "/", [("SCORE_002", "K02.xlsx", SELF, "H4")], None, {"value": "/"},
                 id="slash"),
    pytest.param("A02", -1, [("SCORE_003", "K02.xlsx", SELF, "H4")], None, {"value": "-1"},
                 id="negative"),
    pytest.param("A02", 31, [("SCORE_004", "K02.xlsx", SELF, "H4")], None,
                 {"value": "31", "points": "30"}, id="points-plus-one"),
    pytest.param("A02", 30.01, [("SCORE_004", "K02.xlsx", SELF, "H4")], None,
                 {"value": "30.01"}, id="just-over"),
    # said as typed, not in 301 digits
    pytest.param("A02", 1e300, [("SCORE_004", "K02.xlsx", SELF, "H4")], None,
                 {"value": "1E+300"}, id="astronomical"),
    pytest.param("A02", 30, [], Decimal(30), {}, id="full-points"),
    pytest.param("A02", 0, [], Decimal(0), {}, id="zero-is-a-score"),
    pytest.param("A02", "１２．５", [("SCORE_010", "K02.xlsx", SELF, "H4")], Decimal("12.5"),
                 {"parsed": "12.5", "value": "１２．５"}, id="full-width"),
    pytest.param("A02", " 12.5 ", [("SCORE_010", "K02.xlsx", SELF, "H4")], Decimal("12.5"),
                 {"parsed": "12.5"}, id="padded"),
    pytest.param("A02", "12.5分", [("SCORE_010", "K02.xlsx", SELF, "H4")], Decimal("12.5"),
                 {"parsed": "12.5"}, id="with-fen"),
    pytest.param("A02", "12.5", [("SCORE_010", "K02.xlsx", SELF, "H4")], Decimal("12.5"),
                 {"parsed": "12.5"}, id="number-as-text"),
    pytest.param("A02", "=10+2.5", [("SCORE_012", "K02.xlsx", SELF, "H4")], Decimal("12.5"),
                 {"parsed": "12.5", "formula": "10+2.5"}, id="arithmetic-formula"),
    pytest.param("A02", "=H3*0.5", [("SCORE_006", "K02.xlsx", SELF, "H4")], None,
                 {"formula": "H3*0.5"}, id="formula-without-saved-value"),
    pytest.param("A01", "=H4*2", [("SCORE_006", "K02.xlsx", SELF, "H3")], None,
                 {"formula": "H4*2"}, id="formula-h4-times-2"),
    pytest.param("A02", "=[1]Sheet1!A1", [("SCORE_007", "K02.xlsx", SELF, "H4")], None,
                 {"formula": "[1]Sheet1!A1"}, id="external-index"),
    pytest.param("A02", "='[other.xlsx]Sheet1'!A1", [("SCORE_007", "K02.xlsx", SELF, "H4")],
                 None, {}, id="external-name"),
    # typed 1/2 or 12:30, made a date or a time by the spreadsheet program
    pytest.param("A02", datetime(2026, 1, 2), [("SCORE_015", "K02.xlsx", SELF, "H4")], None,
                 {}, id="made-a-date"),
    pytest.param("A02", clock(12, 30), [("SCORE_015", "K02.xlsx", SELF, "H4")], None, {},
                 id="made-a-time"),
    pytest.param("A02", 12.3456789, [("SCORE_016", "K02.xlsx", SELF, "H4")],
                 Decimal("12.3456789"), {"places": "7", "value": "12.3456789"},
                 id="many-decimals"),
    pytest.param("A02", 12.25, [], Decimal("12.25"), {}, id="two-decimals"),
]


@pytest.mark.parametrize(("indicator", "value", "expected", "score", "expected_params"),
                         SCORE_CASES)
def test_score_value(
    workspace: Workspace,
    returns: ReturnFactory,
    write_good: Any,
    indicator: str,
    value: Any,
    expected: list[Row],
    score: Decimal | None,
    expected_params: dict[str, str],
) -> None:
    write_good()
    filling = returns.filling("K02")
    if value is None:
        del filling.scores[indicator]
    else:
        filling.scores[indicator] = value
    returns.write("K02", filling=filling)
    outcome = run(workspace)
    assert outcome.rows() == expected
    assert outcome.statuses() == {**GOOD, "K02": "error" if outcome.has_errors else "ok"}
    assert answers(outcome.result, "K02")[indicator][0] == score
    if expected:
        got = outcome.params(expected[0][0], "K02.xlsx")
        assert {k: got.get(k) for k in expected_params} == expected_params


XML_CASES: list[Any] = [
    # "=已完成" typed into 完成情况: a formula whose result is #NAME?, no text
    pytest.param("I4", "<f>已完成</f><v>#NAME?</v>", "e",
                 [("CONTENT_006", "K02.xlsx", SELF, "I4"), ("CONTENT_001", "K02.xlsx", SELF, "I4")],
                 Decimal(27), {"error": "#NAME?", "formula": "已完成", "typed": "已完成"},
                 id="text-typed-as-formula"),
    # the same saved as .xls by LibreOffice: the text constant ="已完成", typed =已完成
    pytest.param("I4", '<f>"已完成"</f><v>#NAME?</v>', "e",
                 [("CONTENT_006", "K02.xlsx", SELF, "I4"), ("CONTENT_001", "K02.xlsx", SELF, "I4")],
                 Decimal(27), {"formula": '"已完成"', "typed": "已完成"}, id="text-constant"),
    pytest.param("H4", "<f>1/0</f><v>#DIV/0!</v>", "e",
                 [("SCORE_005", "K02.xlsx", SELF, "H4")], None, {"value": "#DIV/0!"},
                 id="cached-div0"),
    pytest.param("H4", "<v>#N/A</v>", "e", [("SCORE_005", "K02.xlsx", SELF, "H4")], None,
                 {"value": "#N/A"}, id="error-constant"),
    pytest.param("H4", "<f>10+2.5</f><v>30</v>", None,
                 [("SCORE_012", "K02.xlsx", SELF, "H4")], Decimal("12.5"), {"parsed": "12.5"},
                 id="arithmetic-with-lying-cache"),
    # computed to Excel's 15 digits: exact decimal division made =30/3*3 exceed 分值 30
    pytest.param("H4", "<f>30/3*3</f><v>30</v>", None,
                 [("SCORE_012", "K02.xlsx", SELF, "H4")], Decimal(30), {"parsed": "30"},
                 id="arithmetic-as-excel-rounds-it"),
    pytest.param("H4", "<f>1/3*30</f><v>10</v>", None,
                 [("SCORE_012", "K02.xlsx", SELF, "H4")], Decimal(10), {"parsed": "10"},
                 id="arithmetic-thirds"),
    pytest.param("H4", "<f>SUM(10,2.5)</f><v>12.5</v>", None,
                 [("SCORE_011", "K02.xlsx", SELF, "H4")], Decimal("12.5"), {"parsed": "12.5"},
                 id="function-with-saved-value"),
    pytest.param("H4", "<f>[1]Sheet1!A1</f><v>27</v>", None,
                 [("SCORE_007", "K02.xlsx", SELF, "H4")], None, {}, id="external-with-cache"),
    pytest.param("J4", '<f>_xlfn.DISPIMG("ID_8F3A",1)</f><v>=DISPIMG("ID_8F3A",1)</v>', "str",
                 [("CONTENT_004", "K02.xlsx", SELF, "J4"), ("SCORE_009", "K02.xlsx", SELF, "J4")],
                 Decimal(27), {}, id="wps-picture-in-cell"),
]


@pytest.mark.parametrize(("cell", "inner", "cell_type", "expected", "score", "expected_params"),
                         XML_CASES)
def test_cell_written_at_xml_level(
    workspace: Workspace,
    returns: ReturnFactory,
    write_good: Any,
    tmp_path: Path,
    cell: str,
    inner: str,
    cell_type: str | None,
    expected: list[Row],
    score: Decimal | None,
    expected_params: dict[str, str],
) -> None:
    write_good()
    hostile.set_cell_xml(filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx", SELF,
                         cell, inner, cell_type)
    outcome = run(workspace)
    assert outcome.rows() == expected
    assert good_read(outcome)
    assert answers(outcome.result, "K02")["A02"][0] == score
    got = outcome.params(expected[0][0], "K02.xlsx")
    assert {k: got.get(k) for k in expected_params} == expected_params



def test_text_typed_after_an_apostrophe_as_advised_loses_it(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """CONTENT_006 advises '=已完成; LibreOffice keeps the apostrophe in the text (Excel
    hides it), and it went into the review and the section's report."""
    filling = returns.filling("K02")
    filling.achievements["A02"] = "'=已完成"
    filling.achievements["A01"] = "'全年完成"  # an apostrophe before other text is the text's
    returns.write("K02", filling=filling)
    outcome = run(workspace)
    assert outcome.rows() == []
    assert answers(outcome.result, "K02")["A02"][1] == "=已完成"
    assert answers(outcome.result, "K02")["A01"][1] == "'全年完成"


def test_a_formula_in_a_cell_without_an_address_is_seen(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    """A writer that leaves out the optional r attributes must not hide a formula: its cached
    value would otherwise be taken as a typed score."""
    write_good()
    hostile.patch_sheet(
        filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx", SELF,
        lambda xml: hostile.drop_addresses(
            hostile.replace_cell(xml, "H4", "<f>10+2.5</f><v>30</v>"), 4))
    outcome = run(workspace)
    assert outcome.rows() == [("SCORE_012", "K02.xlsx", SELF, "H4")]
    assert answers(outcome.result, "K02")["A02"][:2] == (Decimal("12.5"), "依法行政成效：全年完成各项任务。")


FORMULA_RANGES: list[Any] = [
    # Excel saves a formula filled down as a shared formula, its text in the first cell only:
    # the cells below are computed from it too, not taken at their saved values
    pytest.param('<f t="shared" ref="H3:H4" si="0">10+2.5</f><v>12.5</v>',
                 '<f t="shared" si="0"/><v>30</v>', "SCORE_012", (Decimal("12.5"),) * 2,
                 id="filled-down"),
    # Excel 365 saves a formula that spills down (=E3:E4*0.9) in its first cell only
    pytest.param('<f t="array" ref="H3:H4" aca="false">E3:E4*0.9</f><v>36</v>', "<v>27</v>",
                 "SCORE_011", (Decimal(36), Decimal(27)), id="spilled"),
]


@pytest.mark.parametrize(("first", "second", "code", "scores"), FORMULA_RANGES)
def test_a_formula_written_once_for_a_range_holds_in_every_cell(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path,
    first: str, second: str, code: str, scores: tuple[Decimal, Decimal],
) -> None:
    write_good()
    hostile.patch_sheet(
        filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx", SELF,
        lambda xml: hostile.replace_cell(hostile.replace_cell(xml, "H3", first), "H4", second))
    outcome = run(workspace)
    assert outcome.rows() == [(code, "K02.xlsx", SELF, "H3"), (code, "K02.xlsx", SELF, "H4")]
    read = answers(outcome.result, "K02")
    assert (read["A01"][0], read["A02"][0]) == scores


def test_rows_shaded_to_the_sheet_end_by_excel_are_read(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    """Whole rows shaded below the table down to row 1,048,576: Excel writes a <row> for
    each, an 80 MB sheet part compressed 30 times, and the return was refused as a "zip
    bomb" (FILE_006), its section on the chase list. Its empty rows are now left out as it
    is read, and its values read as they stand."""
    def shade(xml: bytes) -> bytes:
        last = max(int(r) for r in re.findall(rb'<row r="(\d+)"', xml))
        rows = b"".join(b'<row r="%d" spans="1:10" s="5" customFormat="1" ht="20.25" '
                        b'customHeight="1"/>' % r for r in range(last + 1, 1_048_577))
        return xml.replace(b"</sheetData>", rows + b"</sheetData>")

    write_good()
    shaded = hostile.patch_sheet(filled(returns, tmp_path / "src"),
                                 workspace.inbox / "K02.xlsx", SELF, shade)
    with zipfile.ZipFile(shaded) as package:
        assert [i.file_size > reader.MAX_MEMBER_BYTES for i in package.infolist()].count(True) == 1
    outcome = run(workspace)
    assert outcome.rows() == []
    assert answers(outcome.result, "K02") == expected_answers(returns, "K02", K02_CELLS)


def test_a_formula_whose_result_is_blank_is_score_018(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    """=IF(E4>100,E4,"") saved with its empty result was SCORE_006, "no saved result: open
    and save it again", which would change nothing."""
    write_good()
    hostile.patch_sheet(
        filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx", SELF,
        lambda xml: hostile.replace_cell(xml, "H4", '<f>IF(E4&gt;100,E4,"")</f><v></v>',
                                         "str"))
    outcome = run(workspace)
    assert outcome.rows() == [("SCORE_018", "K02.xlsx", SELF, "H4")]
    assert outcome.params("SCORE_018", "K02.xlsx")["formula"] == 'IF(E4>100,E4,"")'


def test_a_score_shown_as_a_percentage_is_score_014(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    """90% typed in a score cell is stored as 0.9: it was taken as 0.9 points, silently."""
    def percent(book: Any) -> None:
        book[SELF]["H4"].value = 0.9
        book[SELF]["H4"].number_format = "0%"
        book[SELF]["H3"].number_format = '0.0"%"'  # a literal % sign: not a percentage

    write_good()
    returns.write("K02", edit=percent)
    outcome = run(workspace)
    assert outcome.rows() == [("SCORE_014", "K02.xlsx", SELF, "H4")]
    assert outcome.params("SCORE_014", "K02.xlsx")["shown"] == "90%"
    assert answers(outcome.result, "K02")["A01"][0] == Decimal(36)


def test_a_text_typed_as_a_percentage_reads_as_shown(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    """"100%" typed in 完成情况 is stored as 1 with a percentage format: the report and the
    review said the section achieved "1"."""
    def percent(book: Any) -> None:
        for ref, value, number_format in (("I3", 1, "0%"), ("I4", 0.955, "0.00%"),
                                          ("J4", 0.5, '0"%"')):  # a literal %: as stored
            book[SELF][ref].value = value
            book[SELF][ref].number_format = number_format

    write_good()
    returns.write("K02", edit=percent)
    read = answers(run(workspace).result, "K02")
    assert (read["A01"][1], read["A02"][1], read["A02"][2]) == ("100%", "95.5%", "0.5")


def test_a_percentage_score_is_seen_without_addresses_and_0_percent_is_0(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    """A writer leaving out the r attributes hid 90% (read as 0.9 points); 0 in a percentage
    cell was SCORE_014 "cannot be told", though 0% and 0 points are the same."""
    def percent(book: Any) -> None:
        book[SELF]["H4"].value = 0.9
        book[SELF]["H3"].value = 0
        for ref in ("H3", "H4"):
            book[SELF][ref].number_format = "0%"

    write_good()
    source = returns.write("K02", edit=percent)
    staged = tmp_path / "K02.xlsx"
    hostile.patch_sheet(source, staged, SELF, lambda xml: hostile.drop_addresses(xml, 4))
    staged.replace(source)
    outcome = run(workspace)
    assert outcome.rows() == [("SCORE_014", "K02.xlsx", SELF, "H4")]
    assert answers(outcome.result, "K02")["A01"][0] == Decimal(0)


def test_a_spilled_formula_whose_other_cell_has_no_saved_value_is_score_006(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    """A cell of an array range holding no value is a formula result that was never saved,
    not a blank the section forgot (SCORE_001) or a word (SCORE_002)."""
    write_good()
    hostile.patch_sheet(
        filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx", SELF,
        lambda xml: hostile.replace_cell(
            hostile.replace_cell(xml, "H3", '<f t="array" ref="H3:H4">E3:E4*0.9</f><v>36</v>'),
            "H4", ""))
    outcome = run(workspace)
    assert outcome.rows() == [("SCORE_011", "K02.xlsx", SELF, "H3"),
                              ("SCORE_006", "K02.xlsx", SELF, "H4")]
    assert outcome.params("SCORE_006", "K02.xlsx")["formula"] == "E3:E4*0.9"


def test_the_report_is_read_from_its_own_sheet(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    """Another sheet before it that happens to hold the report's labels is not taken for it."""
    write_good()

    def labels_in_the_instructions(book: Any) -> None:
        sheet = book["填报说明"]
        sheet["A20"], sheet["B20"] = "总体情况", "见自评报告"
        sheet["A21"], sheet["B21"] = "存在问题", "见自评报告"

    returns.write("K02", edit=labels_in_the_instructions)
    outcome = run(workspace)
    assert outcome.rows() == []
    report = next(r for r in outcome.result.ingested.returns if r.section_code == "K02").report
    assert (report.overall, report.problems) == ("总体情况良好。", "存在不足。")


def test_a_report_part_hidden_under_a_merge_is_a_warning(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    """B2:B3 merged in 自评报告: Excel shows only B2 and keeps B3's text out of sight, and
    perfxl read that text unremarked."""
    write_good()
    hostile.patch_sheet(
        filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx", REPORT,
        lambda xml: xml.replace(b'<mergeCell ref="A1:B1"/>',
                                b'<mergeCell ref="A1:B1"/><mergeCell ref="B2:B3"/>'))
    outcome = run(workspace)
    assert outcome.rows() == [("CONTENT_005", "K02.xlsx", REPORT, "B3")]
    assert outcome.params("CONTENT_005", "K02.xlsx")["value"] == "B2:B3"


def test_excel_picture_in_cell(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    """Excel 365's Place in Cell: an error-typed cell with a vm (rich value) attribute."""
    write_good()

    def patch(xml: bytes) -> bytes:
        xml = hostile.replace_cell(xml, "J4", "<v>#VALUE!</v>", "e")
        return xml.replace(b'<c r="J4"', b'<c vm="1" r="J4"', 1)

    hostile.patch_sheet(filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx", SELF,
                        patch)
    outcome = run(workspace)
    assert outcome.rows() == [("CONTENT_002", "K02.xlsx", SELF, "J4"),
                              ("SCORE_009", "K02.xlsx", SELF, "J4")]
    assert good_read(outcome)
    assert answers(outcome.result, "K02")["A02"][2] == ""


SPREADSHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RICH = "http://schemas.microsoft.com/office/spreadsheetml/2017/richdata"
RICH_STRUCTURES = {
    "error": '<s t="_error"><k n="colOffset" t="i"/><k n="errorType" t="i"/>'
             '<k n="rwOffset" t="i"/><k n="subType" t="i"/></s>',
    "picture": '<s t="_localImage"><k n="_rvRel:LocalImageIdentifier" t="i"/>'
               '<k n="CalcOrigin" t="i"/></s>',
}


def _rich_value_parts(structure: str, fields: str) -> dict[str, bytes]:
    """The parts Excel 365 saves behind a cell's vm="1": value metadata pointing at rich value
    0, of one structure (an error such as #SPILL!, or a picture placed in the cell)."""
    metadata = (
        f'<metadata xmlns="{SPREADSHEET_NS}" xmlns:xlrd="{RICH}"><metadataTypes count="1">'
        '<metadataType name="XLRICHVALUE" minSupportedVersion="120000"/></metadataTypes>'
        '<futureMetadata name="XLRICHVALUE" count="1"><bk><extLst><ext uri="{3e2802c4}">'
        '<xlrd:rvb i="0"/></ext></extLst></bk></futureMetadata>'
        '<valueMetadata count="1"><bk><rc t="1" v="0"/></bk></valueMetadata></metadata>')
    values = f'<rvData xmlns="{RICH}" count="1"><rv s="0">{fields}</rv></rvData>'
    structures = f'<rvStructures xmlns="{RICH}" count="1">{RICH_STRUCTURES[structure]}</rvStructures>'
    return {"xl/metadata.xml": metadata.encode(), "xl/richData/rdrichvalue.xml": values.encode(),
            "xl/richData/rdrichvaluestructure.xml": structures.encode()}


@pytest.mark.parametrize(("structure", "fields", "expected", "shown"), [
    # =E3:E4*0.9 blocked by the score below it: Excel shows #SPILL!, saves #VALUE! and vm
    ("error", "<v>0</v><v>8</v><v>1</v><v>1</v>", ("SCORE_005", "K02.xlsx", SELF, "H4"),
     "#SPILL!"),
    ("error", "<v>0</v><v>13</v><v>0</v><v>0</v>", ("SCORE_005", "K02.xlsx", SELF, "H4"),
     "#CALC!"),
    ("picture", "<v>0</v><v>5</v>", ("SCORE_009", "K02.xlsx", SELF, "H4"), None),
])
def test_rich_values_are_told_apart(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path,
    structure: str, fields: str, expected: Row, shown: str | None,
) -> None:
    """Every vm= cell was taken for a picture: Excel 365's #SPILL! and #CALC! (saved as
    #VALUE! with a rich value of structure _error) were "a picture put in the cell"."""
    write_good()
    source = filled(returns, tmp_path / "src")
    hostile.rewrite_zip(source, workspace.inbox / "K02.xlsx", {
        hostile.sheet_part(source, SELF): lambda xml: hostile.replace_cell(
            xml, "H4", "<v>#VALUE!</v>", "e").replace(b'<c r="H4"', b'<c vm="1" r="H4"', 1)},
        add=_rich_value_parts(structure, fields))
    outcome = run(workspace)
    found = outcome.rows()
    assert expected in found and len(found) == (2 if structure == "picture" else 1)
    if shown:
        assert outcome.params("SCORE_005", "K02.xlsx")["value"] == shown


@pytest.mark.parametrize("error", ["#SPILL!", "#CALC!", "#GETTING_DATA", "#BLOCKED!"])
def test_an_error_value_calamine_does_not_know_is_read_as_an_error(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path, error: str,
) -> None:
    """Written as a literal (other writers than Excel do), one made calamine refuse the whole
    workbook (FILE_010), even in a scratch cell beside the table."""
    write_good()
    hostile.patch_sheet(filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx", SELF,
                        lambda xml: hostile.append_rows(hostile.replace_cell(
                            xml, "H4", f"<v>{error}</v>", "e"),
                            f'<row r="60"><c r="M60" t="e"><v>{error}</v></c></row>'.encode()))
    outcome = run(workspace)
    assert outcome.rows() == [("SCORE_005", "K02.xlsx", SELF, "H4")]
    assert outcome.params("SCORE_005", "K02.xlsx")["value"] == error
    assert good_read(outcome)


def test_an_empty_error_cell_beside_an_unknown_error_takes_no_score_with_it(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    """Turning #SPILL! into #VALUE! for calamine ran from an empty error cell (<c t="e"/>)
    to the next cell's end, and turned the score beside it into #VALUE!, unreported."""
    write_good()

    def patch(xml: bytes) -> bytes:
        xml = hostile.replace_cell(xml, "H4", "<v>#SPILL!</v>", "e")
        return re.sub(rb'<c r="G3"[^>]*?(?:/>|>.*?</c>)', b'<c r="G3" t="e"/>', xml, count=1,
                      flags=re.S)

    hostile.patch_sheet(filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx", SELF,
                        patch)
    outcome = run(workspace)
    assert outcome.rows() == [("SCORE_005", "K02.xlsx", SELF, "H4")]
    assert answers(outcome.result, "K02")["A01"][0] == Decimal(36)


def test_float_noise_of_a_pasted_sum_is_read_as_excel_shows_it(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    """Excel saves 17 digits and shows 15: 30.000000000000004 pasted as a value is the 30
    the section sees, not a score above its 30 points (SCORE_004)."""
    write_good()
    hostile.set_cell_xml(filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx", SELF,
                         "H4", "<v>30.000000000000004</v>")
    outcome = run(workspace)
    assert outcome.rows() == []
    assert answers(outcome.result, "K02")["A02"][0] == Decimal(30)


def _merge_score_and_text(book: Any) -> None:
    book[SELF].merge_cells("H4:I4")


def test_merged_input_cells_are_score_008(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    from perfxl.pipeline import read_inbox  # check() crashes on this file, see below

    write_good()
    returns.write("K02", edit=_merge_score_and_text)
    result = read_inbox(workspace.root)
    # merging keeps H4's score and drops I4's text, so 完成情况 is blank as well
    assert [(i.code, i.file, i.sheet, i.cell) for i in result.issues] == [
        ("CONTENT_001", "K02.xlsx", SELF, "I4"), ("SCORE_008", "K02.xlsx", SELF, "H4")]
    assert next(i.value for i in result.issues if i.code == "SCORE_008") == "H4:I4"
    assert result.statuses() == {"K01": "ok", "K02": "error", "K03": "ok"}


def test_merged_input_cells_do_not_crash_check(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    write_good()
    returns.write("K02", edit=_merge_score_and_text)
    outcome = run(workspace)
    assert ("SCORE_008", "K02.xlsx", SELF, "H4") in outcome.rows()


def test_a_merge_from_a_fixed_column_over_the_score_is_score_008(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    """G4:H4 starts on 佐证材料要求, a column the template fills, and ends on the score."""
    write_good()
    returns.write("K02", edit=lambda book: book[SELF].merge_cells("G4:H4"))
    outcome = run(workspace)
    # merging keeps G4's text and drops H4's score, so the score is blank as well
    assert outcome.rows() == [("SCORE_001", "K02.xlsx", SELF, "H4"),
                              ("SCORE_008", "K02.xlsx", SELF, "G4")]
    assert outcome.params("SCORE_008", "K02.xlsx")["value"] == "G4:H4"
    assert outcome.statuses() == {**GOOD, "K02": "error"}


def _control_character_score(returns: ReturnFactory, target: Path, tmp_path: Path) -> None:
    """A score cell holding text pasted from Word: '12', a vertical tab (Word's manual line
    break, stored by Excel as _x000B_), '5'."""
    hostile.set_cell_xml(filled(returns, tmp_path / "src"), target, SELF, "H4",
                         "<is><t>12_x000B_5</t></is>", "inlineStr")


def test_control_character_in_a_score_is_score_002(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    from perfxl.pipeline import read_inbox  # check() crashes on this file, see below

    write_good()
    _control_character_score(returns, workspace.inbox / "K02.xlsx", tmp_path)
    result = read_inbox(workspace.root)
    assert [(i.code, i.file, i.sheet, i.cell, i.value) for i in result.issues] == [
        ("SCORE_002", "K02.xlsx", SELF, "H4", "12\x0b5")]


def test_control_character_in_a_score_does_not_crash_check(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    write_good()
    _control_character_score(returns, workspace.inbox / "K02.xlsx", tmp_path)
    outcome = run(workspace)
    assert outcome.rows() == [("SCORE_002", "K02.xlsx", SELF, "H4")]


def test_merged_cells_outside_the_inputs_are_fine(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    returns.write("K02", edit=lambda book: book[SELF].merge_cells("B3:C4"))
    assert run(workspace).rows() == []


def test_picture_over_an_input_cell(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    write_good()
    hostile.add_picture(filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx", SELF,
                        "H6")
    code, report = run_cli(workspace)
    assert (code, json_rows(report)) == (1, [("SCORE_009", "K02.xlsx", SELF, "H6")])
    assert statuses(report) == {"K01": "ok", "K02": "error", "K03": "ok"}


def test_picture_lying_over_an_input_cell_from_beside_it(
    workspace: Workspace, returns: ReturnFactory, tmp_path: Path
) -> None:
    """Its top-left corner in F6, the picture reaching over H6:H7: only the corner's cell
    was looked at, and the scores it hides passed unseen."""
    hostile.add_picture(filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx", SELF,
                        "F6", to="H7")
    assert run(workspace).rows() == [("SCORE_009", "K02.xlsx", SELF, "H6")]


def test_picture_outside_the_inputs_is_fine(
    workspace: Workspace, returns: ReturnFactory, tmp_path: Path
) -> None:
    hostile.add_picture(filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx", SELF,
                        "F6")
    assert run(workspace).rows() == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(lambda f: f.achievements.pop("A02"), ("CONTENT_001", SELF, "I4"),
                     id="achievement-blank"),
        pytest.param(lambda f: f.evidence.pop("A02"), ("CONTENT_002", SELF, "J4"),
                     id="evidence-blank"),
        pytest.param(lambda f: f.report.pop("problems"), ("CONTENT_003", REPORT, "B4"),
                     id="report-part-blank"),
    ],
)
def test_content_warnings(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, change: Any,
    expected: tuple[str, str, str],
) -> None:
    write_good()
    filling = returns.filling("K02")
    change(filling)
    returns.write("K02", filling=filling)
    outcome = run(workspace)
    code, sheet, cell = expected
    assert outcome.rows() == [(code, "K02.xlsx", sheet, cell)]
    assert outcome.statuses() == {"K01": "ok", "K02": "ok", "K03": "ok"}


@pytest.mark.parametrize(
    ("score", "blank", "expected"),
    [
        pytest.param(30, ("achievements",), [], id="full-marks-need-no-description"),
        pytest.param(0, ("achievements", "evidence"), [("CONTENT_001", "K02.xlsx", SELF, "I4")],
                     id="zero-needs-no-evidence"),
    ],
)
def test_content_warnings_stop_at_full_marks_and_at_zero(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, score: int,
    blank: tuple[str, ...], expected: list[Row],
) -> None:
    """完成情况 explains points not earned, 佐证材料 backs points claimed: A02 (30 points) at
    30 needs no description, at 0 no evidence."""
    write_good()
    filling = returns.filling("K02")
    filling.scores["A02"] = score
    for part in blank:
        getattr(filling, part).pop("A02")
    returns.write("K02", filling=filling)
    outcome = run(workspace)
    assert outcome.rows() == expected
    assert outcome.statuses() == {"K01": "ok", "K02": "ok", "K03": "ok"}


def test_a_report_sheet_missing_one_label_is_still_read(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    """Two of the four labels are enough to know the report: the part whose label was
    deleted is CONTENT_003 (no cell to name), the others are read."""

    def drop_label(book: Any) -> None:
        [label] = [c for row in book[REPORT].iter_rows() for c in row if c.value == "存在问题"]
        label.value = None

    write_good()
    returns.write("K02", edit=drop_label)
    outcome = run(workspace)
    assert outcome.rows() == [("CONTENT_003", "K02.xlsx", REPORT, None)]
    [k02] = [r for r in outcome.result.ingested.returns if r.section_code == "K02"]
    assert (k02.report.overall, k02.report.problems) == ("总体情况良好。", "")


# --- 13. structure changed by the section --------------------------------------------------


def _insert_note_row(book: Any) -> None:
    sheet = book[SELF]
    sheet.insert_rows(4)
    sheet["D4"] = "（说明：本行为科室自行插入的备注）"


def _swap_rows(book: Any) -> None:
    sheet = book[SELF]
    first = [c.value for c in sheet[3]]
    second = [c.value for c in sheet[4]]
    for column, (a, b) in enumerate(zip(first, second, strict=True), start=1):
        sheet.cell(3, column).value = b
        sheet.cell(4, column).value = a


def _swap_text_columns(book: Any) -> None:
    sheet = book[SELF]
    for row in range(2, sheet.max_row + 1):
        i, j = sheet.cell(row, 9), sheet.cell(row, 10)
        i.value, j.value = j.value, i.value


STRUCTURE: list[Any] = [
    pytest.param(_insert_note_row, {"A01": "H3", "A02": "H5", "C01": "H7"}, id="row-inserted"),
    pytest.param(lambda b: b[SELF].delete_rows(5), {"A01": "H3", "A02": "H4", "C01": "H5"},
                 id="subtotal-row-deleted"),
    pytest.param(lambda b: setattr(b[SELF].row_dimensions[4], "hidden", True), K02_CELLS,
                 id="row-hidden"),
    pytest.param(_swap_rows, {"A01": "H4", "A02": "H3", "C01": "H6"}, id="rows-reordered"),
    pytest.param(lambda b: b[SELF].insert_cols(3), {"A01": "I3", "A02": "I4", "C01": "I6"},
                 id="column-inserted"),
    pytest.param(lambda b: b[SELF].move_range("A1:J9", cols=2),
                 {"A01": "J3", "A02": "J4", "C01": "J6"}, id="table-moved-right"),
    pytest.param(_swap_text_columns, K02_CELLS, id="text-columns-swapped"),
    pytest.param(lambda b: setattr(b[SELF], "title", "Sheet1"), K02_CELLS, id="sheet-renamed"),
]


@pytest.mark.parametrize(("edit", "cells"), STRUCTURE)
def test_structure_changes_read_the_same(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, edit: Any,
    cells: dict[str, str],
) -> None:
    write_good()
    returns.write("K02", edit=edit)
    outcome = run(workspace)
    assert outcome.rows() == []
    assert outcome.statuses() == {"K01": "ok", "K02": "ok", "K03": "ok"}
    assert answers(outcome.result, "K02") == expected_answers(returns, "K02", cells)


def test_a_total_row_typed_under_the_ids_is_no_unknown_id(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    """A 合计 row a section adds below the table, in the 编号 column: not RETURN_015, and
    its number is nobody's score."""

    def add_total(book: Any) -> None:
        sheet = book[SELF]
        row = sheet.max_row + 2
        sheet.cell(row, 1).value = "合计"
        sheet.cell(row, 8).value = 99

    write_good()
    returns.write("K02", edit=add_total)
    outcome = run(workspace)
    assert outcome.rows() == []
    assert answers(outcome.result, "K02") == expected_answers(returns, "K02", K02_CELLS)


def test_a_return_without_its_report_sheet_is_a_warning(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    """The 自评报告 sheet deleted: the scores are still read, the section is not in error."""
    write_good()
    returns.write("K02", edit=lambda book: book.remove(book[REPORT]))
    outcome = run(workspace)
    assert [(i["code"], i["file"], i["sheet"], i["cell"], i["severity"])
            for i in outcome.report["issues"]] == [
        ("RETURN_019", "K02.xlsx", None, None, "warning")]  # of the file: no 自评表 › here
    assert outcome.statuses() == {"K01": "ok", "K02": "ok", "K03": "ok"}
    assert answers(outcome.result, "K02") == expected_answers(returns, "K02", K02_CELLS)


def test_a_sheet_part_named_in_another_case_is_read(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    """Part names match without regard to case, in Excel and in calamine."""
    write_good()
    hostile.retarget_sheet(filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx", SELF,
                           str.upper)
    outcome = run(workspace)
    assert outcome.rows() == []
    assert answers(outcome.result, "K02") == expected_answers(returns, "K02", K02_CELLS)


def test_a_strict_open_xml_workbook_is_read(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    """Excel's "Strict Open XML Spreadsheet" writes the ISO namespaces: read alike."""
    write_good()
    target = hostile.strict_ooxml(filled(returns, tmp_path / "src"), workspace.inbox / "K02.xlsx")
    with zipfile.ZipFile(target) as archive:
        assert b"purl.oclc.org/ooxml/spreadsheetml/main" in archive.read("xl/workbook.xml")
    outcome = run(workspace)
    assert outcome.rows() == []
    assert answers(outcome.result, "K02") == expected_answers(returns, "K02", K02_CELLS)


def test_a_strict_open_xml_workbook_still_shows_its_formulas(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    write_good()
    formula = hostile.set_cell_xml(filled(returns, tmp_path / "src"), tmp_path / "f.xlsx", SELF,
                                   "H4", "<f>[1]Sheet1!A1</f><v>30</v>")
    hostile.strict_ooxml(formula, workspace.inbox / "K02.xlsx")
    assert run(workspace).rows() == [("SCORE_007", "K02.xlsx", SELF, "H4")]


def test_moved_column_issues_point_at_the_new_cell(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    filling = returns.filling("K02")
    filling.scores["A02"] = "无"

    def edit(book: Any) -> None:
        book[SELF].insert_cols(3)
        book[SELF].title = "我的表"

    returns.write("K02", filling=filling, edit=edit)
    assert run(workspace).rows() == [("SCORE_002", "K02.xlsx", "我的表", "I4")]


def _score_column_beside(header: str, values: Any, before: bool = True) -> Any:
    """A column headed `header` inserted before (or after) 自评得分, holding `values(row)`."""

    def edit(book: Any) -> None:
        sheet = book[SELF]
        column = 8 if before else 9
        sheet.insert_cols(column)
        real = 9 if before else 8
        sheet.cell(2, column).value = header
        for row in range(3, sheet.max_row + 1):
            sheet.cell(row, column).value = values(sheet.cell(row, real).value)

    return edit


@pytest.mark.parametrize(("header", "before", "said_at"), [
    ("自评得分（修正）", True, "H2"), ("自评得分（初稿）", True, "H2"), ("自评得分", True, "I2"),
    ("自评得分", False, "I2")])
def test_a_second_score_column_holding_other_scores_is_an_error(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, header: str, before: bool,
    said_at: str
) -> None:
    """A draft, a backup or a correction beside 自评得分: "自评得分（修正）" inserted before it
    was read as the scores (a section fell from 优秀 to 较差 without a word); a second
    自评得分 column, even hidden, won by coming first. Which one counts cannot be told."""
    write_good()
    returns.write("K02", edit=_score_column_beside(header, lambda _score: 1, before))
    outcome = run(workspace)
    assert outcome.rows() == [("RETURN_020", "K02.xlsx", SELF, said_at)]  # the one not read
    [issue] = outcome.result.issues
    assert f"H2“{header if before else '自评得分'}”" in issue.message("zh")
    assert outcome.statuses()["K02"] == "error"


def test_a_second_score_column_holding_the_same_scores_is_read(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    write_good()
    returns.write("K02", edit=_score_column_beside("自评得分（备份）", lambda score: score))
    outcome = run(workspace)
    assert outcome.rows() == [] and outcome.statuses()["K02"] == "ok"
    assert answers(outcome.result, "K02") == expected_answers(
        returns, "K02", {"A01": "I3", "A02": "I4", "C01": "I6"})


@pytest.mark.parametrize("hide_original", [True, False])
def test_a_second_self_assessment_sheet_saying_otherwise_is_an_error(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, hide_original: bool
) -> None:
    """The sheet copied (自评表 (2)), the copy edited and the original hidden: the hidden
    original was read without a word."""

    def edit(book: Any) -> None:
        copy = book.copy_worksheet(book[SELF])
        copy.title = "自评表 (2)"
        copy["H3"] = 1
        if hide_original:
            book[SELF].sheet_state = "hidden"

    write_good()
    returns.write("K02", edit=edit)
    outcome = run(workspace)
    assert outcome.rows() == [("RETURN_021", "K02.xlsx", SELF, None)]
    message = outcome.result.issues[0].message("zh")
    assert "“自评表 (2)”也是一张自评表" in message
    assert ("（已隐藏）" in message) is hide_original


def test_a_copy_of_the_self_assessment_sheet_saying_the_same_is_read(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    write_good()
    returns.write("K02", edit=lambda book: book.copy_worksheet(book[SELF]))
    outcome = run(workspace)
    assert outcome.rows() == [] and outcome.statuses()["K02"] == "ok"


def test_a_key_header_retyped_is_said_at_the_header_not_as_a_missing_sheet(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    """"自评分" typed over 自评得分: RETURN_011 said the 自评表 sheet could not be found, with
    no sheet or cell, though it was there. Renamed as well, the sheet is not known for one."""
    write_good()
    returns.write("K02", edit=_set("H2", "自评分"))
    outcome = run(workspace)
    assert outcome.rows() == [("RETURN_012", "K02.xlsx", SELF, "2:2")]
    assert "自评得分" in outcome.result.issues[0].message("zh")

    def renamed_too(book: Any) -> None:
        book[SELF]["H2"] = "自评分"
        book[SELF].title = "Sheet1"

    returns.write("K02", edit=renamed_too)
    assert run(workspace).rows() == [("RETURN_011", "K02.xlsx", None, None)]


def test_a_score_typed_one_column_over_is_pointed_at(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    """The score typed into 完成情况: SCORE_001 ("blank") alone sent the section looking."""
    write_good()
    filling = returns.filling("K02")
    del filling.scores["A02"]
    filling.achievements["A02"] = "27"
    returns.write("K02", filling=filling)
    rows = run(workspace).rows()
    assert ("SCORE_001", "K02.xlsx", SELF, "H4") in rows
    assert ("SCORE_017", "K02.xlsx", SELF, "I4") in rows


def test_a_full_width_id_is_the_indicator_it_looks_like(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    """Ａ０２ (an unprotected sheet retyped with a Chinese input method) was RETURN_015 "not
    this section's indicator" beside RETURN_013 "A02 is missing": two IDs alike on screen."""
    write_good()
    returns.write("K02", edit=_set("A4", "Ａ０２"))
    outcome = run(workspace)
    assert outcome.rows() == []
    assert answers(outcome.result, "K02") == expected_answers(returns, "K02", K02_CELLS)


def test_a_row_without_an_id_but_typed_in_is_said(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    """An indicator a section added itself (no 编号), or a score typed on an empty row: the
    row was dropped without a word. Subtotal rows, formula or number, stay the template's."""

    def edit(book: Any) -> None:
        sheet = book[SELF]
        sheet.insert_rows(5)
        sheet["D5"], sheet["E5"], sheet["H5"] = "自加：档案数字化", 5, 5
        row = sheet.max_row + 2
        sheet.cell(row, 9).value = "另附说明"
        for total in range(3, sheet.max_row + 1):  # a number typed over a subtotal formula
            if "小计" in str(sheet.cell(total, 4).value or ""):
                sheet.cell(total, 8).value = 999
        return None

    write_good()
    returns.write("K02", edit=edit)
    outcome = run(workspace)
    rows = outcome.rows()
    assert [row for row in rows if row[0] == "RETURN_022"] == [
        ("RETURN_022", "K02.xlsx", SELF, "H5"), ("RETURN_022", "K02.xlsx", SELF, rows[-1][3])]
    assert rows[-1][3].startswith("I")
    assert outcome.statuses()["K02"] == "ok"  # warnings: the scores read are all there
    assert outcome.result.issues[0].value == "5"



def test_notes_and_signatures_under_the_table_are_no_wrong_ids(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """"填表人：张三" typed under the table (the sheet unprotected, as forms end) was
    RETURN_015, an error: the section left the ranking for its signature. Text typed beside
    a subtotal was read nowhere, and not said."""
    def edit(book: Any) -> None:
        sheet = book[SELF]
        last = sheet.max_row
        for offset, text in enumerate(("填表人：张三", "审核人: 李四", "注：本表已经科室负责人审核。",
                                       "备注"), start=2):
            sheet.cell(last + offset, 1).value = text
        sheet.cell(last + 5, 8).value = 5  # a score typed on a note's row is still said
        sheet.cell(last + 2, 2).value = "张三"  # the name in a cell of its own
        subtotal = next(row for row in range(3, last + 1)
                        if "小计" in str(sheet.cell(row, 4).value or ""))
        sheet.cell(subtotal, 9).value = "规定指标总体说明：均已完成"
        sheet.cell(subtotal, 8).value = "见附表"  # over the subtotal's own formula

    returns.write("K02", edit=edit)
    outcome = run(workspace)
    rows = outcome.rows()
    # RETURN_022 alone where a score was typed beside 备注: not also "nothing to do"
    assert [row[0] for row in rows] == ["RETURN_028"] * 3 + ["RETURN_029", "RETURN_022"]
    assert rows[3][3].startswith("H") and rows[4][3].startswith("H")
    from perfxl.cells import is_note_label

    assert is_note_label("填表人") and is_note_label("填报日期 2020年12月5日")
    assert not any(map(is_note_label, ("A01", "一", "规定1", "1.1", "C08")))
    assert outcome.result.issues[0].value == "填表人：张三"
    assert outcome.statuses()["K02"] == "ok"


def _copy_row(source: int, target: int, indicator_id: str | None = None) -> Any:
    def edit(book: Any) -> None:
        sheet = book[SELF]
        sheet.insert_rows(target)
        for column in range(1, 11):
            sheet.cell(target, column).value = sheet.cell(source, column).value
        if indicator_id is not None:
            sheet.cell(target, 1).value = indicator_id

    return edit


def _set(cell: str, value: Any) -> Any:
    return lambda book: book[SELF].__setitem__(cell, value)


ROW_PROBLEMS: list[Any] = [
    pytest.param(lambda b: b[SELF].delete_rows(4), [("RETURN_013", "K02.xlsx", SELF, None)],
                 {"id": "A02", "name": "依法行政成效"}, id="indicator-row-deleted"),
    pytest.param(_copy_row(4, 5), [("RETURN_014", "K02.xlsx", SELF, "A5")],
                 {"value": "A02", "first_row": "4"}, id="duplicated-id"),
    pytest.param(_copy_row(4, 5, "a02 "), [("RETURN_014", "K02.xlsx", SELF, "A5")],
                 {"first_row": "4"}, id="duplicated-id-other-case-and-space"),
    # typed with a Chinese input method, Ａ０２ looks like A02 and is it
    pytest.param(_copy_row(4, 5, "Ａ０２"), [("RETURN_014", "K02.xlsx", SELF, "A5")],
                 {"first_row": "4"}, id="duplicated-id-full-width"),
    pytest.param(_copy_row(4, 5, "Z99"), [("RETURN_015", "K02.xlsx", SELF, "A5")],
                 {"value": "Z99"}, id="unknown-id"),
    pytest.param(_set("E4", 35), [("RETURN_016", "K02.xlsx", SELF, "E4")],
                 {"value": "35", "id": "A02", "expected": "30"}, id="points-edited"),
    pytest.param(_set("D4", "依法行政"), [("RETURN_017", "K02.xlsx", SELF, "D4")],
                 {"value": "依法行政", "expected": "依法行政成效"}, id="name-edited"),
    pytest.param(_set("I2", None), [("RETURN_012", "K02.xlsx", SELF, "2:2")],
                 {"expected": i18n.Localized("完成情况", "Achievement")},
                 id="achievement-header-cleared"),
    # 分值 is no input, but the points are checked against the master by it
    pytest.param(_set("E2", None), [("RETURN_012", "K02.xlsx", SELF, "2:2")],
                 {"expected": i18n.Localized("分值", "Points")}, id="points-header-cleared"),
]


@pytest.mark.parametrize(("edit", "expected", "expected_params"), ROW_PROBLEMS)
def test_row_problems(
    workspace: Workspace,
    returns: ReturnFactory,
    write_good: Any,
    edit: Any,
    expected: list[Row],
    expected_params: dict[str, str],
) -> None:
    write_good()
    returns.write("K02", edit=edit)
    outcome = run(workspace)
    assert outcome.rows() == expected
    error = expected[0][0] != "RETURN_017"
    assert outcome.statuses() == {**GOOD, "K02": "error" if error else "ok"}
    got = outcome.params(expected[0][0], "K02.xlsx")
    assert {k: got.get(k) for k in expected_params} == expected_params


def test_metadata_lost_by_copying_into_a_new_workbook(
    workspace: Workspace, returns: ReturnFactory, write_good: Any, tmp_path: Path
) -> None:
    write_good()
    copy = hostile.copy_values_to_new_workbook(filled(returns, tmp_path / "src"),
                                               workspace.inbox / "法制科自评.xlsx")
    assert "perfxl_meta" not in openpyxl.load_workbook(copy).sheetnames
    outcome = run(workspace)
    assert outcome.rows() == [("RETURN_002", "法制科自评.xlsx", SELF, None)]
    assert outcome.statuses() == {"K01": "ok", "K02": "ok", "K03": "ok"}
    assert answers(outcome.result, "K02") == expected_answers(returns, "K02", K02_CELLS)
    assert outcome.params("RETURN_002", "法制科自评.xlsx")["section_label"] == "K02 法制科"


def test_metadata_edited_by_hand_is_return_010(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    """A01's points raised in the hidden sheet, its fingerprint left as it was: refused."""
    write_good()
    returns.write("K02", edit=hostile.set_meta("row:A01", "50"))
    outcome = run(workspace)
    assert outcome.rows() == [("RETURN_010", "K02.xlsx", None, None)]
    assert outcome.statuses() == {**GOOD, "K02": "error"}


def test_a_pasted_return_whose_title_names_another_section_goes_by_its_ids(
    workspace: Workspace, returns: ReturnFactory, good_files: dict[str, bytes], tmp_path: Path
) -> None:
    """K01's table pasted into a new workbook under a title naming 法制科 (K02): its 编号s fit
    K01 only, so it is K01's. Taken by its title, it was "K02's second return" and blocked
    K02's own (DUP_002), while K01 showed as missing."""
    for code in ("K02", "K03"):
        (workspace.inbox / f"{code}.xlsx").write_bytes(good_files[code])
    copy = hostile.copy_values_to_new_workbook(filled(returns, tmp_path / "src", code="K01"),
                                               tmp_path / "copy.xlsx")
    book = openpyxl.load_workbook(copy)
    book[SELF]["A1"] = "测试局2020年度绩效考评自评表（法制科）"
    book.save(workspace.inbox / "自评表.xlsx")
    outcome = run(workspace)
    assert outcome.rows() == [("RETURN_002", "自评表.xlsx", SELF, None)]
    assert outcome.params("RETURN_002", "自评表.xlsx")["section_label"] == "K01 办公室"
    assert outcome.statuses() == {"K01": "ok", "K02": "ok", "K03": "ok"}


def _foreign_return(tmp_path: Path, workspace_id: str, **settings: Any) -> Path:
    """K02's return filled in a workspace made with other settings (another bureau, year…)."""
    data = small_bureau()
    data["settings"].update(settings)
    other = init_workspace(tmp_path / "other", data=data, workspace_id=workspace_id)
    return ReturnFactory(other).write("K02")


@pytest.mark.parametrize(
    ("workspace_id", "settings", "code", "found", "expected"),
    [
        pytest.param("other-bureau", {}, "RETURN_003", "other-bureau", "test-workspace",
                     id="other-workspace"),
        pytest.param("test-workspace", {"年度": 2019}, "RETURN_004", "2019", "2020",
                     id="last-year"),
        # last year's workspace: the year alone is said, not the workspace's opaque mark
        pytest.param("last-year", {"年度": 2019}, "RETURN_004", "2019", "2020",
                     id="last-years-workspace"),
        pytest.param("test-workspace", {"轮次": "第三季度监控"}, "RETURN_005", "第三季度监控",
                     "年度考评", id="other-round"),
    ],
)
def test_template_from_elsewhere(
    workspace: Workspace,
    write_good: Any,
    tmp_path: Path,
    workspace_id: str,
    settings: dict[str, Any],
    code: str,
    found: str,
    expected: str,
) -> None:
    write_good()
    shutil.copyfile(_foreign_return(tmp_path, workspace_id, **settings),
                    workspace.inbox / "K02.xlsx")
    outcome = run(workspace)
    assert outcome.rows() == [(code, "K02.xlsx", None, None)]
    assert good_read(outcome)
    got = outcome.params(code, "K02.xlsx")
    assert (got["found"], got["expected"]) == (found, expected)


def test_a_return_of_a_section_gone_from_the_master_beside_another_is_reported(
    workspace: Workspace, good_files: dict[str, bytes]
) -> None:
    """Two sections' returns in one batch folder, then K02 renumbered K09 in the master: its
    return is reported (RETURN_006), not set aside as a statistics table sent as evidence."""
    folder = workspace.inbox / "第一批"
    folder.mkdir()
    for code in ("K01", "K02"):
        (folder / f"{code}.xlsx").write_bytes(good_files[code])
    book = openpyxl.load_workbook(workspace.master)
    for sheet in (book["科室"], book["指标"]):
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and "K02" in cell.value:
                    cell.value = cell.value.replace("K02", "K09")
    book.save(workspace.master)
    outcome = run(workspace)
    assert ("RETURN_006", "第一批/K02.xlsx", None, None) in outcome.rows()
    assert outcome.files()["第一批/K02.xlsx"] == "rejected"


def test_a_section_code_retyped_in_another_case_still_matches(
    workspace: Workspace, returns: ReturnFactory, write_good: Any
) -> None:
    write_good(("K01", "K02", "K03"))
    book = openpyxl.load_workbook(workspace.master)
    sheet = book["科室"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "K02":
            row[0].value = "k02"
    book.save(workspace.master)
    outcome = run(workspace)
    assert outcome.rows() == []
    assert outcome.statuses() == {"K01": "ok", "k02": "ok", "K03": "ok"}


def _edit_master(workspace: Workspace, indicator: str, label: str, value: Any) -> None:
    """Change one cell of the master's 指标 sheet, as the office would in Excel."""
    book = openpyxl.load_workbook(workspace.master)
    sheet = book["指标"]
    header = [c.value for c in sheet[1]]
    id_column, column = header.index("编号") + 1, header.index(label) + 1
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, id_column).value == indicator:
            sheet.cell(row, column).value = value
            break
    else:
        raise KeyError(indicator)
    book.save(workspace.master)


def test_master_edit_after_templates(workspace: Workspace, returns: ReturnFactory) -> None:
    """A02 belongs to K02 only: K02's return is outdated, K01's and K03's stay valid."""
    returns.write_all()
    _edit_master(workspace, "A02", "分值", 25)
    code, report = run_cli(workspace)
    assert (code, json_rows(report)) == (1, [("RETURN_007", "K02.xlsx", None, None)])
    assert statuses(report)["K01"] == statuses(report)["K03"] == "ok"
    got = run(workspace).params("RETURN_007", "K02.xlsx")
    assert (got["id"], got["name"], got["old"], got["new"]) == ("A02", "依法行政成效", "30", "25")


def test_master_edit_outside_the_binding_keeps_every_return_valid(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """A01 belongs to every section, but its 评分标准 is not part of what a template binds."""
    returns.write_all()
    _edit_master(workspace, "A01", "评分标准", "按要求完成得满分；未完成的每项扣5分。")
    outcome = run(workspace)
    assert outcome.rows() == []
    assert outcome.statuses() == {"K01": "ok", "K02": "ok", "K03": "ok"}


@pytest.mark.parametrize("respelled", ["a02", "Ａ０２"])
def test_an_id_respelled_in_the_master_after_templates_keeps_returns_valid(
    workspace: Workspace, returns: ReturnFactory, respelled: str
) -> None:
    """The office puts A02 in lower case (or full width) after the templates went out: the
    same indicator, yet every return holding it was refused as outdated (RETURN_008 and 009)."""
    returns.write_all()
    _edit_master(workspace, "A02", "编号", respelled)
    outcome = run(workspace)
    assert [row for row in outcome.rows() if row[0].startswith("RETURN")] == []
    assert outcome.statuses() == {"K01": "ok", "K02": "ok", "K03": "ok"}
    assert "A02" in answers(outcome.result, "K02") or "a02" in answers(outcome.result, "K02")


def test_refused_template_marks_its_section_error(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    returns.write_all()
    _edit_master(workspace, "A02", "分值", 25)
    outcome = run(workspace)
    assert [f["section"] for f in outcome.report["files"] if f["path"] == "K02.xlsx"] == ["K02"]
    assert outcome.statuses()["K02"] == "error"


def test_an_indicator_taken_from_a_section_refuses_its_return(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """B01 leaves 办公室 (K01) for K03 alone: K01's return still holds it."""
    returns.write_all()
    _edit_master(workspace, "B01", "责任科室", "K03")
    outcome = run(workspace)
    assert outcome.rows() == [("RETURN_009", "K01.xlsx", None, None)]
    assert outcome.params("RETURN_009", "K01.xlsx")["id"] == "B01"
    assert outcome.statuses() == {"K01": "error", "K02": "ok", "K03": "ok"}


def test_an_indicator_given_to_a_section_refuses_its_return_alone(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """B01 given to K02 as well: K02's return lacks it and is refused whole, not read on
    (which would add a RETURN_013 for the row its template never had)."""
    returns.write_all()
    _edit_master(workspace, "B01", "责任科室", "办公室、K02、K03")
    outcome = run(workspace)
    assert outcome.rows() == [("RETURN_008", "K02.xlsx", None, None)]
    assert outcome.params("RETURN_008", "K02.xlsx")["id"] == "B01"
    assert outcome.statuses() == {"K01": "ok", "K02": "error", "K03": "ok"}


# --- 14. nothing lost ----------------------------------------------------------------------


def test_nothing_lost(
    workspace: Workspace, returns: ReturnFactory, good_files: dict[str, bytes], tmp_path: Path
) -> None:
    """A messy inbox: every file is kept byte for byte, archived by hash and listed."""
    inbox = workspace.inbox
    source = filled(returns, tmp_path / "src")
    _write_files(workspace, {
        "K01.xlsx": good_files["K01"],
        "政工科/K03.XLSX": good_files["K03"],
        "备份/K01.xlsx": good_files["K01"],
        "备份/K01 - 副本.xlsx": good_files["K01"],
        "K02.et": source.read_bytes(),
        "佐证材料/会议记录.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        "说明.txt": "附件说明".encode(),
        "材料.zip": b"PK\x05\x06" + b"\0" * 18,
        **CLUTTER,
    })
    hostile.zero_byte(inbox / "空.xlsx")
    hostile.truncated(source, inbox / "半截.xlsx")
    hostile.html_table(inbox / "导出.xls")
    hostile.encrypted_container(inbox / "加密.xlsx")
    hostile.zip_bomb(source, inbox / "炸弹.xlsx", megabytes=70)
    hostile.entity_bomb_in_shared_strings(source, inbox / "实体.xlsx")
    hostile.far_cell(source, inbox / "远.xlsx", SELF, "XFD1048576")
    clutter = {inbox / name for name in CLUTTER}
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in inbox.rglob("*")
              if p.is_file()}

    code, report = run_cli(workspace)
    assert code == 1
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in inbox.rglob("*")
             if p.is_file()}
    assert after == before
    archived = {p.name.split(".")[0] for p in workspace.archive.rglob("*") if p.is_file()}
    assert {h for p, h in before.items() if p not in clutter} <= archived
    listed = {f["path"]: (f["status"], f["sha256"]) for f in report["files"]}
    assert {path: status for path, (status, _) in listed.items()} == {
        "K01.xlsx": "used",
        "政工科/K03.XLSX": "used",
        "备份/K01.xlsx": "duplicate",
        "备份/K01 - 副本.xlsx": "duplicate",
        "空.xlsx": "rejected",
        "半截.xlsx": "rejected",
        "导出.xls": "rejected",
        "加密.xlsx": "rejected",
        "炸弹.xlsx": "rejected",
        "实体.xlsx": "rejected",
        "远.xlsx": "rejected",
        "K02.et": "rejected",
        "佐证材料/会议记录.pdf": "skipped",
        "说明.txt": "skipped",
        "材料.zip": "rejected",  # a zip with no workbook in it
    }
    for path, (_, digest) in listed.items():
        assert digest == before[inbox / path]
    assert {(r[0], r[1]) for r in json_rows(report)} == {
        ("DUP_001", "备份/K01.xlsx"), ("DUP_001", "备份/K01 - 副本.xlsx"),
        ("FILE_001", "空.xlsx"), ("FILE_002", "半截.xlsx"), ("FILE_003", "导出.xls"),
        ("FILE_004", "加密.xlsx"), ("FILE_006", "炸弹.xlsx"), ("FILE_008", "实体.xlsx"),
        ("FILE_007", "远.xlsx"), ("FILE_005", "K02.et"), ("EVIDENCE_004", "材料.zip"),
        ("EVIDENCE_004", "佐证材料"), ("EVIDENCE_006", "说明.txt"),
    }
    assert statuses(report) == {"K01": "ok", "K02": "missing", "K03": "ok"}
    run(workspace)  # a second run changes nothing either
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in inbox.rglob("*")
            if p.is_file()} == before


def test_symlink_in_inbox_is_reported(
    workspace: Workspace, returns: ReturnFactory, tmp_path: Path
) -> None:
    (workspace.inbox / "K02.xlsx").symlink_to(filled(returns, tmp_path / "src"))
    outcome = run(workspace)
    assert "K02.xlsx" in outcome.files() or outcome.rows("K02.xlsx")


@pytest.mark.parametrize("latest", [False, True])
def test_the_blank_template_sent_back_beside_the_filled_one_is_ignored(
        workspace: Workspace, returns: ReturnFactory, latest: bool) -> None:
    """The form sent back with the answers (原表.xlsx, as issued): two versions to choose
    between (DUP_002, or DUP_005 with --latest, the blank one "not saving a time"), its eight
    blank scores errors, the section unranked."""
    returns.write("K02", name="K02法制科/K02.xlsx")
    shutil.copy(returns.templates["K02"], workspace.inbox / "K02法制科" / "原表.xlsx")
    outcome = run(workspace, latest=latest)
    codes = {i.code for i in outcome.result.issues if i.section == "K02"}
    assert "DUP_008" in codes and not codes & {"DUP_002", "DUP_005", "SCORE_001"}
    assert outcome.result.statuses()["K02"] == "ok"


def test_latest_does_not_prefer_a_template_another_section_filled(
        workspace: Workspace, returns: ReturnFactory) -> None:
    """政工科 filled 法制科's template, saved after 法制科's own return: `--latest` took it
    as 法制科's, and the review's K02 rows were then "resent since the review"."""
    own = returns.write("K02", name="K02.xlsx")
    filling = returns.filling("K02")
    filling.scores["A01"] = "无"  # its error: not K02's, once it is passed over
    other = returns.write("K02", name="政工科自评表.xlsx", filling=filling)
    hostile.set_saved_time(own, "2021-01-19T08:00:00Z")
    hostile.set_saved_time(other, "2021-01-21T08:00:00Z")
    outcome = run(workspace, latest=True)
    used = {f["path"]: f["status"] for f in outcome.report["files"]}
    assert used["K02.xlsx"] == "used" and used["政工科自评表.xlsx"] != "used"
    assert "RETURN_027" in {i.code for i in outcome.result.issues}
    assert outcome.result.statuses()["K02"] == "ok"
