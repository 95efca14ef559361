"""The deduction register reader: good rows become Deductions, each bad row one issue per cell."""

from __future__ import annotations

import os
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from perfxl.deductions import load_deductions
from perfxl.issues import Issue, Severity
from perfxl.master import load_master
from perfxl.master_writer import write_deductions
from perfxl.model import Deduction, Master
from perfxl.workspace import Workspace

D = Decimal
ZH_HEADER = ["日期", "科室", "来源", "事由", "扣分", "一票否决", "依据"]


def register(
    path: Path, rows: list[list[Any]], header: list[str] | None = None, sheet: str = "扣分登记"
) -> Path:
    """A real register written with openpyxl, so dates and floats are stored as Excel would."""
    book = openpyxl.Workbook()
    worksheet = book.active
    assert worksheet is not None
    worksheet.title = sheet
    worksheet.append(header or ZH_HEADER)
    for row in rows:
        worksheet.append(row)
    book.save(path)
    return path


def master_of(workspace: Workspace) -> Master:
    master, _ = load_master(workspace.master)
    return master


def located(issues: list[Issue]) -> list[tuple[str, str | None]]:
    return [(i.code, i.cell) for i in issues]


def test_reads_the_register_init_wrote(workspace: Workspace) -> None:
    deductions, issues = load_deductions(workspace.deductions, master_of(workspace))
    assert issues == []
    assert deductions == [
        Deduction(
            date(2020, 10, 12),
            "K02",
            "明察暗访",
            "窗口人员脱岗",
            D(2),
            False,
            "岩效督〔2020〕3号",
            row=2,
        )
    ]


def test_every_bad_row_is_reported_and_left_out(workspace: Workspace, tmp_path: Path) -> None:
    path = register(
        tmp_path / "deductions.xlsx",
        [
            [datetime(2020, 9, 15), "办公室", "上级通报", "材料迟报", 1.5, "否", "通报1号"],
            [],  # a blank row is skipped but still counts, as the user sees it
            ["2020-09-20", "K09", "明察暗访", "脱岗", 2, "否"],
            ["2020-09-21", "K02", "", "迟到", "两分", "否"],
            ["2020-09-22", "K02", "", "迟到", 0, "否"],
            ["2020-09-23", "K02", "", "迟到", -1, ""],
            ["2020-09-24", "K03", "", "", 1, "否"],
            ["下月", "K03", "", "事由", 1, "否"],
            [None, "K03", "", "事由", 1, "否"],
            ["2020-09-25", "K03", "", "事由", 1, "可能"],
            ["2020年9月15日", " k02 ", "大督查大落实", "问题整改不力", "2分", "是", "督查通报"],
            ["昨天", "科技科", "", "", "", "也许"],
            ["2020/10/1", "法制科", "", "事由", 0.1, None],
        ],
    )
    deductions, issues = load_deductions(path, master_of(workspace))
    assert located(issues) == [
        ("DED_002", "B4"),
        ("DED_003", "E5"),
        ("DED_003", "E6"),
        ("DED_003", "E7"),
        ("DED_004", "D8"),
        ("DED_005", "A9"),
        ("DED_005", "A10"),
        ("DED_006", "F11"),
        ("DED_012", "E12"),  # "2分": read as 2, and said so
        ("DED_005", "A13"),
        ("DED_002", "B13"),
        ("DED_004", "D13"),
        ("DED_003", "E13"),
        ("DED_006", "F13"),  # every problem of a row, in column order
    ]
    assert all(
        (i.severity is Severity.ERROR) is (i.code != "DED_012")
        and i.file == "deductions.xlsx" and i.sheet == "扣分登记"
        for i in issues
    )
    assert dict(issues[8].params)["parsed"] == "2" and issues[8].section == "K02"
    assert issues[1].value == "两分" and issues[0].value == "K09"
    assert [(d.section_code, d.points, d.veto, d.date, d.row) for d in deductions] == [
        ("K01", D("1.5"), False, date(2020, 9, 15), 2),  # a name resolved to its code
        ("K02", D(2), True, date(2020, 9, 15), 12),  # 2分 as text, k02 in any case and spacing
        ("K02", D("0.1"), False, date(2020, 10, 1), 14),  # a blank veto is 否
    ]
    assert str(deductions[0].points) == "1.5" and str(deductions[2].points) == "0.1"
    for issue in issues:  # every message fills its template in both languages
        assert issue.message("zh") and issue.message("en")


def test_points_out_of_range_and_a_veto_without_points(
    workspace: Workspace, tmp_path: Path
) -> None:
    """A pasted document number or a float too large to add up is DED_009 at its cell (it
    stopped `run` with decimal.InvalidOperation); so is a third decimal. A veto may be
    recorded without points of its own, blank or 0; other entries still need points."""
    path = register(tmp_path / "deductions.xlsx", [
        ["2020-09-01", "K02", "", "事由", 1.2345678901234568e30, "否"],
        ["2020-09-02", "K02", "", "事由", "2020123456789012345678901234567890", "否"],
        ["2020-09-03", "K02", "", "事由", 0.333, "否"],
        ["2020-09-04", "K02", "", "事由", 10001, "否"],
        ["2020-09-05", "K02", "", "一票否决事项", None, "是"],
        ["2020-09-06", "K03", "", "一票否决事项", 0, "是"],
        ["2020-09-07", "K03", "", "事由", None, "否"],
        ["2020-09-08", "K03", "", "事由", "-0", "否"],
        ["2020-09-09", "K03", "", "事由", 10000, "否"],
        ["2019-12-31", "K03", "", "去年的事由", 1, "否"],
        ["2021-01-15", "K03", "", "考评前的察访", 1, "否"],
    ])
    deductions, issues = load_deductions(path, master_of(workspace))
    assert located(issues) == [("DED_009", "E2"), ("DED_009", "E3"), ("DED_009", "E4"),
                               ("DED_009", "E5"), ("DED_003", "E8"), ("DED_003", "E9"),
                               ("DED_011", "A11")]  # a warning: still applied
    assert [(d.section_code, d.points, d.veto, d.row) for d in deductions] == [
        ("K02", D(0), True, 6), ("K03", D(0), True, 7), ("K03", D(10000), False, 10),
        ("K03", D(1), False, 11), ("K03", D(1), False, 12)]


def test_a_register_saved_as_xls_is_an_error_not_no_deductions(
    workspace: Workspace, tmp_path: Path
) -> None:
    """deductions.xls beside no deductions.xlsx: every deduction and veto would have been
    dropped with only "no register" as a warning."""
    workspace.deductions.rename(workspace.deductions.with_suffix(".xls"))
    deductions, issues = load_deductions(workspace.deductions, master_of(workspace))
    assert deductions == []
    assert [(i.code, i.severity, i.file) for i in issues] == [
        ("DED_010", Severity.ERROR, "deductions.xls")]


def test_english_labels_in_any_column_order(workspace: Workspace, tmp_path: Path) -> None:
    header = ["Reason", "Points", "Section", "Date", "Veto"]
    path = register(
        tmp_path / "register.xlsx",
        [["Late report", 0.5, "K01", "2020-3-2", "yes"]],
        header=header,
        sheet=" deductions ",
    )
    deductions, issues = load_deductions(path, master_of(workspace))
    assert issues == []
    assert deductions == [
        Deduction(date(2020, 3, 2), "K01", "", "Late report", D("0.5"), True, "", row=2)
    ]


def test_the_english_register_init_writes(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "deductions_en.xlsx"
    write_deductions(
        path,
        [
            {
                "date": "2020-05-06",
                "section": "政工科",
                "source": "上级通报",
                "reason": "信息报送迟缓",
                "points": 1.25,
                "veto": "否",
            }
        ],
        lang="en",
    )
    deductions, issues = load_deductions(path, master_of(workspace))
    assert issues == [] and [(d.section_code, d.points) for d in deductions] == [("K03", D("1.25"))]


def test_a_missing_register_is_a_warning(workspace: Workspace, tmp_path: Path) -> None:
    deductions, issues = load_deductions(tmp_path / "deductions.xlsx", master_of(workspace))
    assert deductions == []
    assert [(i.code, i.file, i.severity) for i in issues] == [
        ("DED_007", "deductions.xlsx", Severity.WARNING)
    ]


def test_an_unreadable_register_is_an_error(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "deductions.xlsx"
    path.write_bytes(b"this is not a workbook")
    deductions, issues = load_deductions(path, master_of(workspace))
    assert deductions == []
    assert [(i.code, i.severity) for i in issues] == [("DED_008", Severity.ERROR)]
    assert "deductions.xlsx" in issues[0].message()


@pytest.mark.parametrize("make", [
    lambda path: path.mkdir(),
    lambda path: path.symlink_to(path.parent / "on-a-share-not-mounted.xlsx"),
    lambda path: os.mkfifo(path),
    lambda path: path.symlink_to("/dev/zero"),
])
def test_a_register_there_but_not_a_file_is_an_error(
    workspace: Workspace, tmp_path: Path, make: Any
) -> None:
    """A folder, a link to a share not mounted, a pipe: the register is there but cannot be
    read. That was DED_007, "no deductions", with every deduction and veto dropped."""
    path = tmp_path / "deductions.xlsx"
    make(path)
    deductions, issues = load_deductions(path, master_of(workspace))
    assert deductions == []
    assert [(i.code, i.severity) for i in issues] == [("DED_008", Severity.ERROR)]
    assert "不是一个文件" in issues[0].message("zh")
    assert "not a file" in issues[0].message("en")


def test_a_missing_sheet_or_header_is_reported(workspace: Workspace, tmp_path: Path) -> None:
    master = master_of(workspace)
    # a sheet of another name is the register only with the register's header
    wrong_sheet = register(tmp_path / "a.xlsx", [], header=["日期", "事项"], sheet="Sheet1")
    deductions, issues = load_deductions(wrong_sheet, master)
    assert deductions == [] and located(issues) == [("DED_001", None)]
    assert "扣分登记" in issues[0].message()
    no_points = register(
        tmp_path / "b.xlsx",
        [["2020-01-02", "K01", "", "事由", "", "否"]],
        header=["日期", "科室", "来源", "事由", "分数", "一票否决"],
    )
    deductions, issues = load_deductions(no_points, master)
    assert deductions == [] and located(issues) == [("DED_001", "1:1")]
    assert "扣分" in issues[0].message()


def test_a_register_perfxl_may_not_read_does_not_stop_the_run(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Archiving it failed first, and the run stopped with "cannot write deductions.xlsx":
    now the register's reader reports it (DED_008) and the run goes on."""
    import perfxl.workspace
    from perfxl.pipeline import run

    archive_copy = perfxl.workspace.archive_copy

    def refusing(archive: Path, path: Path) -> tuple[str, Path]:
        if path.name == "deductions.xlsx":
            raise PermissionError(13, "Permission denied", str(path))
        return archive_copy(archive, path)

    monkeypatch.setattr(perfxl.workspace, "archive_copy", refusing)
    outcome = run(workspace.root)
    assert "deductions" not in [entry["kind"] for entry in outcome.inputs]


def test_an_excel_365_error_beside_the_register_does_not_hide_it(
    workspace: Workspace, tmp_path: Path
) -> None:
    """A #SPILL! in a note column made calamine refuse the whole register: DED_008, every
    deduction and veto dropped."""
    from tests import hostile

    source = register(tmp_path / "source.xlsx",
                      [[date(2020, 10, 12), "K02", "明察暗访", "窗口人员脱岗", 2, "否", "3号"]])
    hostile.patch_sheet(source, tmp_path / "deductions.xlsx", "扣分登记",
                        lambda xml: hostile.append_rows(
                            xml, b'<row r="9"><c r="J9" t="e"><v>#SPILL!</v></c></row>'))
    deductions, issues = load_deductions(tmp_path / "deductions.xlsx", master_of(workspace))
    assert issues == []
    assert [(d.section_code, d.points) for d in deductions] == [("K02", D(2))]


def test_a_title_above_the_header_is_looked_past(workspace: Workspace, tmp_path: Path) -> None:
    """Offices put a title over their tables ("2020年度扣分登记"): the register read nothing
    but DED_001 at 1:1. Row numbers stay those the office sees."""
    path = register(tmp_path / "titled.xlsx", [
        ["2020-10-12", "K02", "明察暗访", "窗口人员脱岗", 2, "否", "岩效督〔2020〕3号"],
        ["2020-11-02", "K09", "上级通报", "迟报", 1, "否", ""],
    ])
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    sheet.insert_rows(1, 2)
    sheet["A1"] = "测试局2020年度扣分登记"
    sheet.merge_cells("A1:G1")
    book.save(path)
    deductions, issues = load_deductions(path, master_of(workspace))
    assert [(d.section_code, d.points) for d in deductions] == [("K02", Decimal(2))]
    assert located(issues) == [("DED_002", "B5")]  # K09: no such section, on row 5 as shown
    sheet.delete_rows(3)  # the header gone: nothing read, each missing label said
    book.save(path)
    _deductions, issues = load_deductions(path, master_of(workspace))
    assert {(i.code, i.cell) for i in issues} == {("DED_001", "1:1")} and len(issues) == 5


def test_a_section_merged_down_its_deductions_is_each_ones(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = register(tmp_path / "merged.xlsx", [
        ["2020-10-12", "K02", "明察暗访", "窗口人员脱岗", 2, "否", ""],
        ["2020-11-02", None, "上级通报", "迟报", 1, "否", ""],
    ])
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    sheet.merge_cells("B2:B3")
    book.save(path)
    deductions, issues = load_deductions(path, master_of(workspace))
    assert issues == [] and [(d.section_code, d.points) for d in deductions] == [
        ("K02", Decimal(2)), ("K02", Decimal(1))]


def test_a_total_row_under_the_register_is_skipped_and_said(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = register(tmp_path / "total.xlsx", [
        ["2020-10-12", "K02", "明察暗访", "窗口人员脱岗", 2, "否", ""],
        ["合计", None, None, None, 2, None, None],
    ])
    deductions, issues = load_deductions(path, master_of(workspace))
    assert [(d.section_code, d.points) for d in deductions] == [("K02", Decimal(2))]
    assert [(i.code, i.severity, i.cell) for i in issues] == [("DED_013", Severity.INFO, "3:3")]


@pytest.mark.parametrize(("typed", "veto"), [("√", True), ("有", True), ("×", False),
                                             ("无", False), ("—", False), ("/", False)])
def test_a_veto_ticked_as_forms_are_ticked_is_read(
    workspace: Workspace, tmp_path: Path, typed: str, veto: bool
) -> None:
    """√ and × (or 无, a dash) are how forms are ticked: they were DED_006 errors, and the
    deduction on the row was left out of the run."""
    path = register(tmp_path / "ticked.xlsx",
                    [["2020-10-12", "K02", "明察暗访", "窗口人员脱岗", 2, typed, ""]])
    deductions, issues = load_deductions(path, master_of(workspace))
    assert issues == [] and [(d.points, d.veto) for d in deductions] == [(Decimal(2), veto)]


@pytest.mark.parametrize(("sheet_name", "points_header"), [
    ("Sheet1", "扣分"), ("扣分登记表", "扣分"), ("扣分登记", "扣分（分）")])
def test_a_register_renamed_or_worded_otherwise_is_still_read(
    workspace: Workspace, tmp_path: Path, sheet_name: str, points_header: str
) -> None:
    """Its sheet renamed, or 扣分 headed "扣分（分）": DED_001 alone, and the run went on with
    no deductions and no veto at all."""
    header = [points_header if label == "扣分" else label for label in ZH_HEADER]
    path = register(tmp_path / "renamed.xlsx",
                    [["2020-10-12", "K02", "明察暗访", "窗口人员脱岗", 2, "是", ""]],
                    header=header, sheet=sheet_name)
    deductions, issues = load_deductions(path, master_of(workspace))
    assert issues == [] and [(d.section_code, d.points, d.veto) for d in deductions] == [
        ("K02", Decimal(2), True)]


@pytest.mark.parametrize("typed", [44126, "44126", "20201022", 20201022])
def test_a_date_shown_as_its_serial_number_or_typed_without_separators_is_read_and_said(
    workspace: Workspace, tmp_path: Path, typed: object
) -> None:
    """A date pasted into a column formatted General shows as 44126; "20201022" is how some
    offices type dates. Both were DED_005, and the row's deduction was left out."""
    path = register(tmp_path / "serial.xlsx",
                    [[typed, "K02", "明察暗访", "窗口人员脱岗", 2, "否", ""]])
    deductions, issues = load_deductions(path, master_of(workspace))
    assert [(d.date, d.points) for d in deductions] == [(date(2020, 10, 22), Decimal(2))]
    assert [(i.code, i.cell, dict(i.params)["parsed"]) for i in issues] == [
        ("DED_014", "A2", "2020-10-22")]


@pytest.mark.parametrize("typed", ["20201340", "12345", 99999])
def test_numbers_that_are_no_date_stay_an_error(
    workspace: Workspace, tmp_path: Path, typed: object
) -> None:
    path = register(tmp_path / "bad.xlsx", [[typed, "K02", "明察暗访", "事由", 2, "否", ""]])
    deductions, issues = load_deductions(path, master_of(workspace))
    assert deductions == [] and [i.code for i in issues] == ["DED_005"]


def test_a_second_register_sheet_is_said_not_read(workspace: Workspace, tmp_path: Path) -> None:
    """A register split by quarter (扣分登记, 扣分登记(2)): the second sheet's deductions were
    left out without a word."""
    path = register(tmp_path / "split.xlsx",
                    [["2020-10-12", "K02", "明察暗访", "窗口人员脱岗", 2, "否", ""]])
    book = openpyxl.load_workbook(path)
    second = book.create_sheet("扣分登记(2)")
    second.append(ZH_HEADER)
    second.append(["2020-11-02", "K03", "上级通报", "迟报", 1, "否", ""])
    book.save(path)
    deductions, issues = load_deductions(path, master_of(workspace))
    assert [d.section_code for d in deductions] == ["K02"]
    assert [(i.code, i.severity, i.sheet) for i in issues] == [
        ("DED_015", Severity.ERROR, "扣分登记")]
    assert "扣分登记(2)" in issues[0].message("zh") and "只读取了“扣分登记”" in issues[0].message("zh")



def test_register_sheets_under_names_of_their_own_are_said(
    workspace: Workspace, tmp_path: Path
) -> None:
    """扣分登记 renamed 第一季度 beside a 第二季度: "the register lacks the header
    扣分登记（Deductions）", a sheet's name called a header, and every deduction dropped
    unexplained."""
    path = register(tmp_path / "quarters.xlsx",
                    [["2020-03-12", "K02", "明察暗访", "窗口人员脱岗", 2, "否", ""]])
    book = openpyxl.load_workbook(path)
    book.active.title = "第一季度"
    second = book.create_sheet("第二季度")
    second.append(ZH_HEADER)
    second.append(["2020-05-02", "K03", "上级通报", "迟报", 1, "否", ""])
    book.save(path)
    deductions, issues = load_deductions(path, master_of(workspace))
    assert deductions == [] and [(i.code, i.severity) for i in issues] == [
        ("DED_024", Severity.ERROR)]
    assert "第一季度、第二季度" in issues[0].message("zh")



def test_a_register_with_a_password_to_open_says_so(workspace: Workspace, tmp_path: Path
                                                    ) -> None:
    """"File is not a zip file" and "save it again as .xlsx", which keeps the password: the
    advice changed nothing. The same for the review and the master."""
    from perfxl.issues import PerfxlError
    from perfxl.master import load_master
    from perfxl.review import read_filled_review
    from tests import hostile

    path = hostile.encrypted_container(tmp_path / "deductions.xlsx")
    _deductions, [issue] = load_deductions(path, master_of(workspace))
    assert issue.code == "DED_026" and "清空密码" in issue.message("zh")
    assert "Encrypt with Password" in issue.message("en") and "zip" not in issue.message("en")
    review = read_filled_review(hostile.encrypted_container(tmp_path / "review.xlsx"))
    assert isinstance(review, Issue) and review.code == "REVIEW_033"
    assert "清空密码" in review.message("zh") and "另存为 .xlsx" not in review.message("zh")
    with pytest.raises(PerfxlError) as caught:
        load_master(hostile.encrypted_container(tmp_path / "master.xlsx"))
    assert "清空密码" in caught.value.message("zh")



@pytest.mark.parametrize(("label", "column", "formula"), [
    (None, 2, "SUM(E2:E3)"), ("合计", 2, "SUM(E2:E3)"), ("合计", 6, "SUM(E2:E3)"),
    (None, 2, "E2+E3")], ids=["sum-alone", "total-in-source", "total-in-reference", "added-up"])
def test_a_total_under_the_register_is_no_entry(
    workspace: Workspace, tmp_path: Path, label: str | None, column: int, formula: str
) -> None:
    """=SUM(E2:E3) under 扣分, alone or with 合计 typed in 来源 or 依据: three errors asking
    for a date, a section and a reason, which would have made the total a deduction."""
    from tests import hostile

    total: list[Any] = [None, None, None, None, 3, None, None]
    total[column] = label
    rows = [["2020-10-12", "K02", "明察暗访", "窗口人员脱岗", 2, "否", ""],
            ["2020-10-20", "K03", "明察暗访", "迟到", 1, "否", ""], total]
    source = register(tmp_path / "source.xlsx", rows)
    path = hostile.set_cell_xml(source, tmp_path / "deductions.xlsx", "扣分登记", "E4",
                                f"<f>{formula}</f><v>3</v>")
    deductions, issues = load_deductions(path, master_of(workspace))
    assert [d.points for d in deductions] == [2, 1]
    assert [(i.code, i.cell, i.value) for i in issues] == [
        ("DED_013", "4:4", label or f"={formula}")]



def test_a_section_marked_lead_as_in_the_masters_column_is_that_section(
    workspace: Workspace, tmp_path: Path
) -> None:
    """"K02（牵头）" or "牵头：K03" copied from the master's 责任科室 into the register was
    "not in the master" (DED_002), and the deduction lost."""
    path = register(tmp_path / "deductions.xlsx", [
        ["2020-10-12", "K02（牵头）", "明察暗访", "窗口人员脱岗", 2, "否", ""],
        ["2020-10-13", "牵头：K03", "明察暗访", "迟到", 1, "否", ""],
        ["2020-10-14", "法制科牵头", "明察暗访", "迟到", 1, "否", ""],
        ["2020-10-15", "K09（牵头）", "明察暗访", "迟到", 1, "否", ""],
        ["2020-10-16", "K02（牵头单位）", "明察暗访", "迟到", 1, "否", ""],
        ["2020-10-17", "K03【牵头】", "明察暗访", "迟到", 1, "否", ""]])
    deductions, issues = load_deductions(path, master_of(workspace))
    assert [(d.section_code, d.points) for d in deductions] == [
        ("K02", 2), ("K03", 1), ("K02", 1), ("K02", 1), ("K03", 1)]
    assert [(i.code, i.cell) for i in issues] == [("DED_002", "B5")]


def test_a_row_naming_two_sections_and_a_dash_for_no_points(
    workspace: Workspace, tmp_path: Path
) -> None:
    """"K01、K05" in one row was "not in the master", both being there; "—" in 扣分 beside
    a veto (no points, as offices write it) was "not a positive number", the veto lost."""
    path = register(tmp_path / "deductions.xlsx", [
        ["2020-10-12", "K01、K02", "明察暗访", "窗口人员脱岗", 2, "否", ""],
        ["2020-10-13", "K01和K03", "明察暗访", "迟到", 1, "否", ""],
        ["2020-10-20", "K03", "上级通报", "违反八项规定", "—", "是", ""],
        ["2020-10-21", "K02", "上级通报", "迟报", "—", "否", ""]])
    deductions, issues = load_deductions(path, master_of(workspace))
    assert [(d.section_code, d.points, d.veto) for d in deductions] == [("K03", 0, True)]
    assert [(i.code, i.cell) for i in issues] == [("DED_025", "B2"), ("DED_025", "B3"),
                                                  ("DED_003", "E5")]
    assert "2 个科室" in issues[0].message("zh")


def test_a_section_named_by_its_code_and_its_name_is_that_one_section(
    workspace: Workspace, tmp_path: Path
) -> None:
    """"K02 办公室" (its code and its name) was "2 sections in one row", and the advice to
    give each its own row deducted K02 twice without a word; now it is K02, and K02 on one
    row with its name on the next is the same entry given twice."""
    master = master_of(workspace)
    k02 = master.section("K02")
    assert k02 is not None
    rows = [["2020-10-12", f"K02 {k02.name}", "明察暗访", "窗口人员脱岗", 2, "否", ""],
            ["2020-10-13", f"K02、{k02.name}", "明察暗访", "迟到", 1, "否", ""],
            ["2020-10-14", f"{k02.name}（K02）", "明察暗访", "早退", 1, "否", ""],
            ["2020-10-20", "K02", "上级通报", "迟报", 1, "否", ""],
            ["2020-10-20", k02.name, "上级通报", "迟报", 1, "否", ""]]
    deductions, issues = load_deductions(register(tmp_path / "d.xlsx", rows), master)
    assert [d.section_code for d in deductions] == ["K02"] * 5
    assert [(i.code, i.cell) for i in issues] == [("DED_020", "6:6")]
    # two people's deductions alike but in a column of the office's own: two entries
    path = register(tmp_path / "people.xlsx", [[*row, person] for row, person in zip(
        rows[3:], ("张三", "李四"), strict=True)])
    book = openpyxl.load_workbook(path)
    book.active.cell(1, 8, "被扣分人")
    book.save(path)
    deductions, issues = load_deductions(path, master)
    assert len(deductions) == 2 and [i.code for i in issues if i.code == "DED_020"] == []


FOUR_ROWS = [
    ["2020-10-12", "K02", "明察暗访", "窗口人员脱岗", 2, "否", ""],
    ["2020-10-20", "K03", "明察暗访", "迟到", 1, "否", ""],
    ["2020-11-02", "K02", "上级通报", "迟报", 1.5, "是", ""],
    ["2020-11-05", "K03", "上级通报", "漏报", 0.5, "否", ""],
]


def test_a_hidden_or_struck_through_deduction_still_counts_and_is_said(
    workspace: Workspace, tmp_path: Path
) -> None:
    """Offices hide a withdrawn entry or strike it through: it went on counting without a
    word, and a section lost points nobody could see on the sheet."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Font

    path = register(tmp_path / "marked.xlsx", FOUR_ROWS)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    sheet.auto_filter.ref = "A1:G5"  # filter buttons, filtering on nothing
    sheet.row_dimensions[2].hidden = True
    for cell in sheet[4]:  # the whole row struck through, as a row is selected and struck
        cell.font = Font(strike=True)
    # struck while editing one cell's text: its every run struck, so the cell looks cancelled
    sheet["D5"] = CellRichText(TextBlock(InlineFont(strike=True), "漏报"))
    sheet["G3"] = CellRichText(TextBlock(InlineFont(strike=True), "旧依据"), "新依据")  # part
    book.save(path)
    deductions, issues = load_deductions(path, master_of(workspace))
    assert len(deductions) == 4  # all still count: the office decides, by deleting the row
    said = [(i.code, i.severity, i.cell, i.section) for i in issues]
    assert said == [("DED_016", Severity.WARNING, "2:2", "K02"),
                    ("DED_018", Severity.WARNING, "4:4", "K02"),
                    ("DED_018", Severity.WARNING, "5:5", "K03")]
    assert "K02 " in issues[0].what() and "扣 2 分" in issues[0].what()
    assert "一票否决" in issues[1].what() and "1.5" in issues[1].what()
    assert "a veto" in issues[1].what("en")


def test_rows_a_filter_hides_are_said_once(workspace: Workspace, tmp_path: Path) -> None:
    """A register filtered to one section hides the others' rows: one warning, not one a
    row, saying they count."""
    path = register(tmp_path / "filtered.xlsx", FOUR_ROWS)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    sheet.auto_filter.ref = "A1:G5"
    sheet.auto_filter.add_filter_column(1, ["K02"])
    for row in (3, 5):
        sheet.row_dimensions[row].hidden = True
    book.save(path)
    deductions, issues = load_deductions(path, master_of(workspace))
    assert len(deductions) == 4
    assert [(i.code, i.cell) for i in issues] == [("DED_017", "3:5")]
    assert "第 3、5 行" in issues[0].what() and "2 行" in issues[0].what()
    assert "rows 3, 5" in issues[0].what("en")


def test_a_hidden_row_with_an_error_is_said_by_its_error(
    workspace: Workspace, tmp_path: Path
) -> None:
    """A row left out for its error needs no word that it counts."""
    path = register(tmp_path / "hidden-bad.xlsx",
                    [["2020-10-12", "K99", "明察暗访", "窗口人员脱岗", 2, "否", ""]])
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    sheet.row_dimensions[2].hidden = True
    book.save(path)
    _deductions, issues = load_deductions(path, master_of(workspace))
    assert [i.code for i in issues] == ["DED_002"]


def test_check_and_status_say_what_run_will_rank(workspace: Workspace) -> None:
    """A register row in error about K01 (扣分 "两分") left K01 unranked in `run`, while
    `check` and `status` called it 正常, with the error printed under that word."""
    import json

    from click.testing import CliRunner

    from perfxl.cli import main
    from tests.conftest import ReturnFactory

    ReturnFactory(workspace).write_all()
    register(workspace.deductions, [["2020-09-21", "K01", "", "迟到", "两分", "否"]])
    for command in ("check", "status"):
        result = CliRunner().invoke(main, [command, "-w", str(workspace.root), "--json"])
        statuses = {s["code"]: s["status"] for s in json.loads(result.stdout)["sections"]}
        assert (result.exit_code, statuses["K01"], statuses["K02"]) == (1, "error", "ok"), \
            command
    run = CliRunner().invoke(main, ["run", "-w", str(workspace.root), "--json"])
    ranked = {s["code"]: s["status"] for s in json.loads(run.stdout)["sections"]}
    assert ranked["K01"] == "error"


def _with_saved_result(path: Path, formula: str, saved: str) -> None:
    """Give the formula cell written by openpyxl (no saved result) the result `saved`, as a
    program that saves without recalculating leaves it."""
    import zipfile

    parts = {}
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            parts[name] = package.read(name)
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(f"<f>{formula}</f><v></v>".encode(),
                                        f"<f>{formula}</f><v>{saved}</v>".encode())
    assert f"<v>{saved}</v>".encode() in parts[sheet]
    with zipfile.ZipFile(path, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)


def test_points_as_formulas_are_computed_or_said(workspace: Workspace, tmp_path: Path) -> None:
    """=1+2 saved as 30 by a program that does not recalculate was 30 points, unsaid."""
    path = register(tmp_path / "r.xlsx", [
        [date(2020, 5, 1), "K01", "督查", "迟报", "=1+2", "否", ""],
        [date(2020, 5, 2), "K02", "督查", "迟报", "=E2*2", "否", ""],
        [date(2020, 5, 3), "K03", "督查", "迟报", "=SUM(E2:E3)", "否", ""],
    ])
    _with_saved_result(path, "1+2", "30")
    _with_saved_result(path, "E2*2", "6")
    deductions, issues = load_deductions(path, master_of(workspace))
    assert [(d.section_code, d.points) for d in deductions] == [("K01", D(3)), ("K02", D(6))]
    assert [(i.code, i.cell, i.value, i.section) for i in issues] == [
        ("DED_022", "E2", "=1+2", "K01"), ("DED_023", "E3", "=E2*2", "K02"),
        ("DED_021", "E4", "=SUM(E2:E3)", "K03")]  # K03's entry lost: K03 held out


def test_points_merged_over_entries_or_an_entry_pasted_twice_are_said(
    workspace: Workspace, tmp_path: Path
) -> None:
    """1 merged over two entries counted 1 for each; the same entry pasted twice counted
    twice; neither said a word."""
    entry = [date(2020, 8, 20), "K02", "督查", "迟报", 1, "否", "岩效督〔2020〕12号"]
    path = register(tmp_path / "r.xlsx", [entry, list(entry),
                                          [date(2020, 9, 1), "K01", "督查", "迟报", 1, "否", ""],
                                          [date(2020, 9, 2), "K01", "督查", "缺席", None, "否", ""]])
    deductions, issues = load_deductions(path, master_of(workspace))
    assert [(i.code, i.cell) for i in issues] == [("DED_020", "3:3"), ("DED_003", "E5")]
    assert [d.row for d in deductions] == [2, 3, 4]
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("E4:E5")
    book.save(path)
    deductions, issues = load_deductions(path, master_of(workspace))
    assert [(i.code, i.cell) for i in issues] == [("DED_020", "3:3"), ("DED_019", "E4:E5")]
    assert [d.row for d in deductions] == [2, 3]
