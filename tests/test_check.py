"""`perfxl check` and `perfxl status` end to end on small, code-built returns."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from perfxl import parallel
from perfxl.cli import main
from perfxl.pipeline import build_review, check
from perfxl.workspace import Workspace
from tests.conftest import ReturnFactory


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_all_correct_returns_exit_0(workspace: Workspace, returns: ReturnFactory) -> None:
    returns.write_all()
    code, out = run_cli("check", "-w", str(workspace.root), "--json")
    assert code == 0, out
    report = json.loads(out)
    assert [(s["code"], s["status"]) for s in report["sections"]] == [
        ("K01", "ok"), ("K02", "ok"), ("K03", "ok")]
    assert {f["status"] for f in report["files"]} == {"used"}
    assert [i for i in report["issues"] if i["severity"] == "error"] == []
    # relative to the workspace, as `run` and the manifest give them (the path as -w was
    # typed came out before)
    assert [(o["kind"], o["path"]) for o in report["outputs"]] == [
        ("issues", "output/问题清单.xlsx")]


def test_faulty_return_exit_1_names_file_sheet_cell(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    returns.write("K01")
    filling = returns.filling("K02")
    filling.scores["A02"] = "无"  # row 4 of K02's sheet: A01, A02 are rows 3 and 4
    returns.write("K02", name="法制科/自评表（最终版）.xlsx", filling=filling)
    code, out = run_cli("check", "-w", str(workspace.root), "--json")
    assert code == 1
    report = json.loads(out)
    errors = [(i["code"], i["file"], i["sheet"], i["cell"]) for i in report["issues"]
              if i["severity"] == "error"]
    assert errors == [("SCORE_002", "法制科/自评表（最终版）.xlsx", "自评表", "H4")]
    statuses = {s["code"]: s["status"] for s in report["sections"]}
    assert statuses == {"K01": "ok", "K02": "error", "K03": "missing"}


def test_outputs_problem_list_and_feedback_copy(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    filling = returns.filling("K02")
    filling.scores["A02"] = 99
    returns.write("K02", filling=filling)
    result = check(workspace.root)
    kinds = {kind: path for kind, path in result.outputs}
    problems = openpyxl.load_workbook(kinds["issues"]).active
    rows = list(problems.iter_rows(min_row=3, values_only=True))
    assert rows[0][5] == "SCORE_004" and rows[0][3] == "H4"
    feedback = openpyxl.load_workbook(kinds["feedback"])
    assert feedback.sheetnames[0] == "问题说明"
    cell = feedback["自评表"]["H4"]
    assert cell.comment is not None and "SCORE_004" in cell.comment.text
    assert cell.fill.start_color.rgb.endswith("FFC7CE")


def test_inbox_is_untouched_and_archived(workspace: Workspace, returns: ReturnFactory) -> None:
    paths = returns.write_all()
    (workspace.inbox / "说明.txt").write_text("附件说明", encoding="utf-8")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in workspace.inbox.rglob("*")
              if p.is_file()}
    mtimes = {p: p.stat().st_mtime_ns for p in before}
    check(workspace.root)
    check(workspace.root)
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in workspace.inbox.rglob("*")
             if p.is_file()}
    assert after == before and {p: p.stat().st_mtime_ns for p in before} == mtimes
    archived = {p.stem for p in workspace.archive.rglob("*") if p.is_file()}
    assert set(before.values()) <= archived
    assert len(paths) == 3


def test_the_archive_holds_the_bytes_its_names_say(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """Every archived file's name is the hash of its content. A copy cut short or
    overwritten (another size) was kept as it was; `check` archives the office's own
    workbooks too (only `run` did), and a name without an extension but with a dot in it
    (第1.5版…) no longer makes an archive name too long for the file system."""
    returns.write("K01")
    material = workspace.inbox / "K01" / "佐证材料.pdf"
    material.parent.mkdir()
    material.write_bytes(b"%PDF-1.4 " + bytes(5000))
    long_name = workspace.inbox / "K01" / ("第1.5版" + "会议纪要" * 20)
    long_name.write_bytes(b"notes")
    check(workspace.root)
    digest = hashlib.sha256(material.read_bytes()).hexdigest()
    [archived] = workspace.archive.rglob(f"{digest}*")
    archived.write_bytes(b"cut")
    check(workspace.root)
    for path in workspace.archive.rglob("*"):
        if path.is_file():
            assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name[:64], path
    names = {path.name for path in workspace.archive.rglob("*") if path.is_file()}
    for office in (workspace.master, workspace.deductions, workspace.review):
        if office.is_file():
            assert hashlib.sha256(office.read_bytes()).hexdigest() + ".xlsx" in names
    assert hashlib.sha256(b"notes").hexdigest() in names
    assert not any(name.startswith(".perfxl") for name in names)


def test_status_board_lists_missing_with_contacts(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    returns.write("K01")
    code, out = run_cli("status", "-w", str(workspace.root))
    assert code == 0, out
    assert "待催报" in out
    assert "K02 法制科  钱七  k02@example.gov.cn" in out
    assert "K03 政工科  周九  —" in out
    assert not (workspace.output / "问题清单.xlsx").exists()  # status writes no outputs



def _sections_sheet(workspace: Workspace, cells: dict[str, str]) -> None:
    book = openpyxl.load_workbook(workspace.master)
    for ref, value in cells.items():
        book["科室"][ref] = value
    book.save(workspace.master)


def test_status_gives_the_addresses_the_drafts_use_on_one_line(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """The chase list gave the 邮箱 cell as typed (a full-width ＠, a name before it), which
    no mail program takes, "暂无" where a blank cell gave "—", and a contact typed over two
    lines (Alt+Enter) broke the table."""
    returns.write("K01")
    _sections_sheet(workspace, {"D3": "钱七\n（电话 2201111）", "E3": "钱七：k02＠example.gov.cn",
                                "E4": "暂无"})
    code, out = run_cli("status", "-w", str(workspace.root))
    assert code == 0, out
    assert "K02 法制科  钱七 （电话 2201111）  k02@example.gov.cn" in out
    assert "K03 政工科  周九  —" in out
    assert not any(line.startswith("（电话") for line in out.splitlines())
    code, out = run_cli("status", "-w", str(workspace.root), "--json")
    emails = {row["code"]: row["email"] for row in json.loads(out)["sections"]}
    assert emails == {"K01": "k01@example.gov.cn", "K02": "k02@example.gov.cn", "K03": ""}


def test_a_cell_holding_no_address_is_a_draft_without_recipient(workspace: Workspace) -> None:
    """"暂无" gave a draft without To:, yet only blank cells were said to have no e-mail,
    on the console and in the send list; a contact typed over two lines split the
    greeting."""
    import email
    from email import policy

    _sections_sheet(workspace, {"E2": "暂无", "D3": "钱七\n（电话 2201111）"})
    code, out = run_cli("templates", "-w", str(workspace.root))
    assert code == 0, out
    no_email = next(line for line in out.splitlines() if "没有邮箱" in line)
    assert "K01 办公室" in no_email and "K03 政工科" in no_email
    send_list = openpyxl.load_workbook(workspace.output / "templates" / "发送清单.xlsx").active
    notes = {row[0]: row[-1] for row in send_list.iter_rows(min_row=2, values_only=True)}
    assert bool(notes["K01"]) and not notes["K02"] and bool(notes["K03"])
    [draft] = (workspace.output / "templates").glob("K02_*.eml")
    message = email.message_from_bytes(draft.read_bytes(), policy=policy.default)
    body = message.get_body(("plain",)).get_content()
    assert body.splitlines()[0] == "钱七同志："


def test_status_shows_a_file_it_could_not_tie_to_a_section(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """A section that sent only a WPS .et was on the chase list with no word of its file:
    the clerk chased a section that had sent something."""
    returns.write("K01")
    (workspace.inbox / "法制科.et").write_bytes(b"\xd0\xcf\x11\xe0not really")
    code, out = run_cli("status", "-w", str(workspace.root))
    assert code == 1
    assert "共读取 2 个文件" in out  # the .et counts: it was looked at
    unidentified = out[out.index("未识别的文件"):out.index("待催报")]
    assert "法制科.et" in unidentified and "另存为" in unidentified


def test_status_json_gives_sections_issues_and_files(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    returns.write("K01")
    filling = returns.filling("K02")
    filling.scores["A02"] = "无"
    returns.write("K02", filling=filling)
    code, out = run_cli("status", "-w", str(workspace.root), "--json")
    assert code == 1
    report = json.loads(out)
    assert {s["code"]: s["status"] for s in report["sections"]} == {
        "K01": "ok", "K02": "error", "K03": "missing"}
    assert [(i["code"], i["file"], i["cell"]) for i in report["issues"]] == [
        ("SCORE_002", "K02.xlsx", "H4")]
    assert {f["path"]: f["status"] for f in report["files"]} == {
        "K01.xlsx": "used", "K02.xlsx": "used"}
    assert not (workspace.output / "问题清单.xlsx").exists()  # status writes no outputs


def test_check_lists_a_workbook_of_no_section_under_its_own_heading(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """A workbook with neither the template's hidden mark nor a section's title or 编号s is
    RETURN_001, and belongs under 未识别的文件, not under any section."""
    returns.write("K01")
    stray = openpyxl.Workbook()
    stray.active["A1"] = "会议签到表"
    stray.save(workspace.inbox / "签到表.xlsx")
    [issue] = check(workspace.root).issues
    assert (issue.code, issue.file, issue.section) == ("RETURN_001", "签到表.xlsx", None)
    code, out = run_cli("check", "-w", str(workspace.root))
    assert code == 1
    lines = out.splitlines()
    heading = lines.index("未识别的文件")
    assert lines[heading + 1] == f"  [错误] 签到表.xlsx：{issue.message('zh')}"


def test_master_warnings_are_listed_under_the_master(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """They came under the heading 未识别的文件 (files not identified)."""
    book = openpyxl.load_workbook(workspace.master)
    book["科室"]["F3"] = None  # K02's 人数
    book.save(workspace.master)
    returns.write_all()
    _code, out = run_cli("check", "-w", str(workspace.root))
    assert "主表 master.xlsx\n  [警告] master.xlsx › 科室 › F3" in out
    assert "未识别的文件" not in out


def test_the_office_workbooks_are_listed_under_their_own_names_whatever_they_are(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """A register saved as deductions.ods, whose problems came under 未识别的文件 (files
    not identified) as if a section's return could not be read."""
    returns.write_all()
    workspace.deductions.unlink(missing_ok=True)
    (workspace.root / "deductions.ods").write_bytes(b"not a spreadsheet")
    _code, out = run_cli("check", "-w", str(workspace.root))
    assert "扣分登记簿 deductions.ods\n  [" in out
    assert "未识别的文件" not in out


def test_renamed_file_is_identified_by_metadata(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    returns.write("K03", name="新建 Microsoft Excel 工作表 (2).xlsx")
    result = check(workspace.root)
    assert result.statuses()["K03"] == "ok"


def test_check_english(workspace: Workspace, returns: ReturnFactory) -> None:
    filling = returns.filling("K01")
    filling.scores["A01"] = ""
    returns.write("K01", filling=filling)
    code, out = run_cli("--lang", "en", "check", "-w", str(workspace.root))
    assert code == 1
    assert "The self score of A01 is blank." in out
    assert Path(workspace.output / "problems.xlsx").exists()


def test_workers_started_afresh_check_as_forked_ones_do(
    workspace: Workspace, returns: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows and macOS workers are spawned, not forked: they inherit nothing, so what
    they check against is handed to them (every return was FILE_017 there)."""
    returns.write_all()
    filling = returns.filling("K02")
    filling.scores["A02"] = "无"
    returns.write("K02", filling=filling)
    forked = check(workspace.root)
    monkeypatch.setattr(parallel, "START_METHOD", "spawn")
    spawned = check(workspace.root)
    assert [(i.code, i.file, i.cell) for i in spawned.issues] == [
        (i.code, i.file, i.cell) for i in forked.issues]
    assert [(i.code, i.cell) for i in spawned.issues] == [("SCORE_002", "H4")]
    assert [r.section_code for r in spawned.ingested.returns] == ["K01", "K02", "K03"]


def test_the_files_read_do_not_change_with_the_returns_errors(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """Materials beside a return in error are not used, and were left out of 共读取 N 个文件:
    the same inbox read 26 files, then 15."""
    folder = workspace.inbox / "法制科"
    folder.mkdir()
    (folder / "台账.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    returns.write("K02", name="法制科/K02.xlsx")
    assert "共读取 2 个文件" in run_cli("check", "-w", str(workspace.root))[1]
    filling = returns.filling("K02")
    filling.scores["A02"] = "无"
    returns.write("K02", name="法制科/K02.xlsx", filling=filling)
    code, out = run_cli("check", "-w", str(workspace.root))
    assert code == 1 and "共读取 2 个文件" in out


def test_check_says_what_run_will_find_in_the_register(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """check said 0 errors (exit 0), then run left K02 out over a register row typed
    "两分": the office learnt of it only from the results."""
    returns.write_all()
    book = openpyxl.load_workbook(workspace.deductions)
    book.active.append(["2020-10-20", "K02", "督查", "迟到", "两分", "否"])
    book.save(workspace.deductions)
    code, report = run_cli("check", "-w", str(workspace.root), "--json")
    assert code == 1
    found = [(i["code"], i["file"], i["cell"], i["section"]) for i in json.loads(report)["issues"]]
    assert ("DED_003", "deductions.xlsx", "E3", "K02") in found


@pytest.mark.parametrize("made_a_file", [False, True])
def test_a_missing_inbox_is_said(workspace: Workspace, made_a_file: bool) -> None:
    """No inbox/ (or a file of that name): check and run said every section was missing,
    exit 0, and nothing about why."""
    import shutil

    shutil.rmtree(workspace.inbox)
    if made_a_file:
        workspace.inbox.write_text("")
    result = check(workspace.root)
    [issue] = [i for i in result.issues if i.code == "FILE_030"]
    assert str(workspace.inbox) in issue.message("zh")
    assert ("这是一个文件" in issue.message("zh")) == made_a_file
    assert set(result.statuses().values()) == {"missing"}


def test_templates_and_publish_archive_the_master_they_read(workspace: Workspace) -> None:
    """Every input read is archived, by every command: `templates` and `publish` did not."""
    from perfxl.pipeline import build_templates, publish

    digest = hashlib.sha256(workspace.master.read_bytes()).hexdigest()
    for command in (build_templates, publish):
        shutil.rmtree(workspace.archive, ignore_errors=True)
        command(workspace.root)
        assert [p.name for p in workspace.archive.rglob("*.xlsx")] == [f"{digest}.xlsx"]


def test_a_master_without_its_workspace_id_is_said_and_not_blamed_on_the_sections(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """The 工作区标识 row deleted while tidying 设置: every return was "not made by this
    workspace, perhaps another bureau's", and the office told to have each section refill."""
    import openpyxl

    from perfxl.pipeline import check

    returns.write_all()
    build_review(workspace.root)  # the group's review, made while the master had its ID
    shutil.copy(workspace.output / "review.xlsx", workspace.review)
    book = openpyxl.load_workbook(workspace.master)
    settings = book["设置"]
    [row] = [r[0].row for r in settings.iter_rows(min_row=2) if r[0].value == "工作区标识"]
    settings.delete_rows(row)
    book.save(workspace.master)
    result = check(workspace.root)
    codes = sorted({issue.code for issue in result.issues})
    assert codes == ["MASTER_046", "RETURN_025"]
    assert "不必让科室重填" in next(i for i in result.issues if i.code == "RETURN_025").message()


def test_an_indicator_the_office_renamed_since_is_not_blamed_on_the_section(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """A04 renamed in the master after the templates went out: each return owning it was
    told "do not edit indicator names" (RETURN_017), which its section never did."""
    returns.write_all()
    book = openpyxl.load_workbook(workspace.master)
    sheet = book["指标"]
    [row] = [r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value == "A02"]
    sheet.cell(row, 4).value = "依法行政成效（修改）"
    book.save(workspace.master)
    assert [i.code for i in check(workspace.root).issues] == []


def test_a_round_filled_in_after_blank_templates_went_out_says_to_clear_it(
    tmp_path: Path
) -> None:
    """轮次 blank when the templates were made, filled in later: RETURN_005 advised changing
    it back to "—", which is no blank either."""
    from perfxl.workspace import init_workspace
    from tests.conftest import small_bureau

    data = small_bureau()
    data["settings"]["轮次"] = ""
    workspace = init_workspace(tmp_path / "ws", data=data, workspace_id="blank-round")
    ReturnFactory(workspace).write("K01")
    book = openpyxl.load_workbook(workspace.master)
    for row in book["设置"].iter_rows(min_row=2):
        if row[0].value == "轮次":
            row[1].value = "年度考评"
    book.save(workspace.master)
    [issue] = [i for i in check(workspace.root).issues if i.code.startswith("RETURN")]
    assert issue.code == "RETURN_026" and "请把主表“设置”中的“轮次”清空" in issue.message("zh")
