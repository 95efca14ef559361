"""The master reader: every error is reported at once, with sheet and cell."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from perfxl.i18n import SETTINGS_SPEC
from perfxl.issues import MasterError, PerfxlError
from perfxl.master import load_master, section_keys
from perfxl.master_writer import write_master
from perfxl.model import Category
from perfxl.pipeline import check
from perfxl.workspace import Workspace
from tests.conftest import ReturnFactory


def master_file(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "master.xlsx"
    write_master(path, data, workspace_id="ws-1")
    return path


def problems(tmp_path: Path, data: dict[str, Any]) -> set[tuple[str, str | None, str | None]]:
    with pytest.raises(MasterError) as caught:
        load_master(master_file(tmp_path, data))
    return {(i.code, i.sheet, i.cell) for i in caught.value.issues}


def test_reads_the_small_bureau(tmp_path: Path, bureau: dict[str, Any]) -> None:
    master, warnings = load_master(master_file(tmp_path, bureau))
    assert warnings == []
    assert [s.code for s in master.sections] == ["K01", "K02", "K03"]
    a01, _a02, b01, c01 = master.indicators
    assert a01.owners == ("K01", "K02", "K03")  # 全体
    assert b01.owners == ("K01", "K03")  # a name and a code, 、-separated
    assert c01.owners == ("K01", "K02") and c01.category is Category.EXCELLENCE
    assert b01.points == Decimal("12.5")
    assert master.settings.unit == "测试局" and master.settings.year == 2020
    assert master.settings.workspace_id == "ws-1"
    assert master.settings.basic_full == 640
    assert [i.id for i in master.indicators_for("K03")] == ["A01", "B01"]
    assert len(master.sha256) == 64


@pytest.mark.parametrize("typed", ["10分", "１０", "10"])
def test_points_typed_as_text_are_read_and_said_so(
    tmp_path: Path, bureau: dict[str, Any], typed: str
) -> None:
    """A 分值 of "10分" was taken as 10 without a word (PRODUCT §6: never coerced silently)."""
    bureau["indicators"][0]["points"] = typed
    master, warnings = load_master(master_file(tmp_path, bureau))
    assert next(i for i in master.indicators if i.row == 2).points == Decimal(10)
    assert [(w.code, w.cell, w.value, dict(w.params)["parsed"]) for w in warnings] == [
        ("MASTER_030", "E2", typed, "10")]


def test_issue_example_three_problems_in_one_report(tmp_path: Path, bureau: dict[str, Any]) -> None:
    bureau["indicators"][1]["id"] = "A01"  # duplicate 编号 on row 3
    bureau["indicators"][2]["owners"] = "K09"  # unknown owner on row 4
    bureau["indicators"][3]["points"] = "二十"  # text 分值 on row 5
    assert problems(tmp_path, bureau) == {
        ("MASTER_004", "指标", "A3"),
        ("MASTER_008", "指标", "G4"),
        ("MASTER_005", "指标", "E5"),
    }


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d["indicators"][0].update(id=""), ("MASTER_003", "指标", "A2")),
        (lambda d: d["indicators"][0].update(points=0), ("MASTER_006", "指标", "E2")),
        (lambda d: d["indicators"][0].update(points=-5), ("MASTER_006", "指标", "E2")),
        (lambda d: d["indicators"][0].update(points=1.2345678901234568e30),
         ("MASTER_022", "指标", "E2")),
        (lambda d: d["indicators"][0].update(points=2.555), ("MASTER_022", "指标", "E2")),
        (lambda d: d["indicators"][0].update(category="其他"), ("MASTER_007", "指标", "B2")),
        (lambda d: d["indicators"][0].update(owners=""), ("MASTER_009", "指标", "G2")),
        (lambda d: d["indicators"][0].update(name=""), ("MASTER_014", "指标", "D2")),
        (lambda d: d["sections"][1].update(code="K01"), ("MASTER_011", "科室", "A3")),
        (lambda d: d["sections"][1].update(name="办公室"), ("MASTER_012", "科室", "B3")),
        # "K/1" and "K:1" both made the files of "K_1": one section's template was lost
        (lambda d: d["sections"][1].update(code="K/2"), ("MASTER_028", "科室", "A3")),
        (lambda d: d["sections"][1].update(code="K02\u202e"), ("MASTER_028", "科室", "A3")),
        (lambda d: d["sections"][1].update(code="K" * 31), ("MASTER_028", "科室", "A3")),
        (lambda d: d["sections"][1].update(name=""), ("MASTER_015", "科室", "B3")),
        (lambda d: d["sections"][1].update(headcount="三人"), ("MASTER_016", "科室", "F3")),
        (lambda d: d["settings"].update({"年度": "二〇二〇"}), ("MASTER_013", "设置", "B3")),
        (lambda d: d["settings"].update({"年度": None}), ("MASTER_013", "设置", "B3")),
        (lambda d: d["settings"].update({"年度": 0}), ("MASTER_020", "设置", "B3")),
        (lambda d: d["settings"].update({"优秀线": 1.5}), ("MASTER_013", "设置", "B8")),
        (lambda d: d["settings"].update({"截止日期": "下月底"}), ("MASTER_013", "设置", "B5")),
        (lambda d: d["settings"].update({"语言": "fr"}), ("MASTER_013", "设置", "B17")),
        (lambda d: d["settings"].update({"良好线": 0.95}), ("MASTER_021", "设置", None)),
        (lambda d: d["settings"].update({"奖金总额": -100}), ("MASTER_020", "设置", "B11")),
        (lambda d: d["settings"].update({"较差系数": -0.5}), ("MASTER_020", "设置", "B15")),
    ],
)
def test_each_error(tmp_path: Path, bureau: dict[str, Any], edit: Any, expected: tuple) -> None:
    edit(bureau)
    assert expected in problems(tmp_path, bureau)


def test_section_without_basic_indicator(tmp_path: Path, bureau: dict[str, Any]) -> None:
    bureau["indicators"][0]["owners"] = "K01、K02"
    bureau["indicators"][2]["owners"] = "K01"
    assert problems(tmp_path, bureau) == {("MASTER_010", "科室", "A4")}


def test_empty_master_lists_nothing_to_assess(tmp_path: Path) -> None:
    assert problems(tmp_path, {}) == {("MASTER_017", "指标", None), ("MASTER_018", "科室", None),
                                      ("MASTER_013", "设置", "B3")}  # 年度 left blank


def _write_sheets(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_missing_sheet_and_header(tmp_path: Path) -> None:
    path = _write_sheets(
        tmp_path / "m.xlsx",
        {"指标": [["编号", "类别", "指标名称", "分值"]], "设置": [["项目", "值"]]},
    )
    with pytest.raises(MasterError) as caught:
        load_master(path)
    assert {(i.code, i.sheet) for i in caught.value.issues} == {("MASTER_001", None)}
    path = _write_sheets(
        tmp_path / "m2.xlsx",
        {
            "指标": [["编号", "类别", "指标名称", "分值"]],
            "科室": [["代码", "名称"], ["K01", "办公室"]],
            "设置": [["项目", "值"], ["年度", 2020]],
        },
    )
    with pytest.raises(MasterError) as caught:
        load_master(path)
    assert {(i.code, i.sheet, i.cell) for i in caught.value.issues} == {
        ("MASTER_002", "指标", "1:1")
    }


def test_english_headers_and_spaces_are_accepted(tmp_path: Path) -> None:
    path = _write_sheets(
        tmp_path / "m.xlsx",
        {
            "Indicators": [
                [" ID ", "Category", "Indicator", "Points", "Owners"],
                ["X1", "basic", "Rule of law", 10, "S1; S2"],
            ],
            "Sections": [["Code", "Name "], ["S1", "Office"], ["S2", "Legal"]],
            "Settings": [["Item", "Value"], ["Unit name", "Test bureau"], ["Year", 2021]],
        },
    )
    master, _ = load_master(path)
    assert master.indicators[0].owners == ("S1", "S2")
    assert master.settings.year == 2021


def test_unknown_setting_is_a_warning(tmp_path: Path, bureau: dict[str, Any]) -> None:
    path = master_file(tmp_path, bureau)
    book = openpyxl.load_workbook(path)
    book["设置"].append(["奖金发放方式", "按月"])
    book.save(path)
    _master, warnings = load_master(path)
    appended_row = len(SETTINGS_SPEC) + 2  # below the header and every known setting
    assert [(w.code, w.cell) for w in warnings] == [("MASTER_019", f"A{appended_row}")]


def test_a_setting_given_twice_is_an_error(tmp_path: Path, bureau: dict[str, Any]) -> None:
    """A second 奖金总额 row used to win silently."""
    path = master_file(tmp_path, bureau)
    book = openpyxl.load_workbook(path)
    book["设置"].append(["奖金总额", 800000])
    book.save(path)
    with pytest.raises(MasterError) as caught:
        load_master(path)
    appended_row = len(SETTINGS_SPEC) + 2
    [issue] = caught.value.issues
    assert (issue.code, issue.cell, dict(issue.params)["first_row"]) == (
        "MASTER_026", f"A{appended_row}", "11")


def test_blanks_that_change_the_bonus_and_odd_addresses_are_warnings(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """Left blank, the pool is its default 0 and a headcount 0: both meant no bonus without
    a word. An e-mail cell without an address makes a draft the office must correct."""
    bureau["settings"]["奖金总额"] = None
    bureau["settings"]["联系邮箱"] = "林晓燕"
    bureau["sections"][1]["headcount"] = None
    bureau["sections"][0]["email"] = "张三"
    bureau["sections"][2]["email"] = "周九 <k03@example.gov.cn>；k03@example.gov.cn（科长）"
    master, warnings = load_master(master_file(tmp_path, bureau))
    found = {(w.code, w.sheet, w.cell) for w in warnings}
    assert {code for code, *_ in found} == {"MASTER_023", "MASTER_024", "MASTER_025"}
    assert ("MASTER_025", "设置", "B11") in found and ("MASTER_024", "科室", "F3") in found
    assert {w.value for w in warnings if w.code == "MASTER_023"} == {"林晓燕", "张三"}
    assert master.settings.bonus_pool == 0 and master.section("K02").headcount == 0  # type: ignore[union-attr]


def test_unreadable_master_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "master.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(PerfxlError) as caught:
        load_master(path)
    assert caught.value.key == "fatal.master_unreadable"
    assert "（文件已损坏，或不是 Excel 工作簿）" in caught.value.message("zh")  # not "CalamineError"
    with pytest.raises(PerfxlError) as caught:
        load_master(tmp_path / "absent.xlsx")
    assert caught.value.key == "fatal.no_master"


def test_every_message_names_what_and_how(tmp_path: Path, bureau: dict[str, Any]) -> None:
    bureau["indicators"][3]["points"] = "二十"
    with pytest.raises(MasterError) as caught:
        load_master(master_file(tmp_path, bureau))
    (issue,) = caught.value.issues
    assert "二十" in issue.message("zh") and "请填写数字" in issue.message("zh")
    assert "not a number" in issue.message("en")


def test_an_english_blank_master_is_english_throughout(tmp_path: Path) -> None:
    """`perfxl --lang en init` wrote English sheets and headers, but Chinese help texts, the
    round 年度考评 (in every English title after) and language zh (so the next command
    without --lang spoke Chinese)."""
    from perfxl.workspace import init_workspace

    workspace = init_workspace(tmp_path / "ws", lang="en")
    settings = openpyxl.load_workbook(workspace.master)["Settings"]
    texts = [str(c.value) for row in settings.iter_rows() for c in row if c.value is not None]
    assert not [t for t in texts if re.search("[\u4e00-\u9fff]", t)]
    rows = {row[0].value: row[1].value for row in settings.iter_rows(min_row=2)}
    assert rows["Round"] == "Annual assessment" and rows["Language"] == "en"


def test_the_english_sample_names_its_round_in_english(tmp_path: Path) -> None:
    """The bundled sample's 轮次 is 年度考评: every English title read "(年度考评)" and the
    bulletin "carried out the 2020 年度考评"."""
    from perfxl.workspace import init_workspace, load_sample

    workspace = init_workspace(tmp_path / "ws", load_sample("longyan-2020"), lang="en")
    master, _warnings = load_master(workspace.master)
    assert master.settings.round == "Annual assessment"
    chinese = init_workspace(tmp_path / "zh", load_sample("longyan-2020"))
    assert load_master(chinese.master)[0].settings.round == "年度考评"


def test_a_settings_sheet_without_the_year_row_is_an_error(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """The 年度 row deleted altogether (not left blank): the year has no default."""
    import openpyxl

    path = master_file(tmp_path, bureau)
    book = openpyxl.load_workbook(path)
    sheet = book["设置"]
    row = next(r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value == "年度")
    sheet.delete_rows(row)
    book.save(path)
    with pytest.raises(MasterError) as caught:
        load_master(path)
    assert [(i.code, i.sheet) for i in caught.value.issues] == [("MASTER_027", "设置")]
    assert "设置表中没有“年度”这一项" in caught.value.issues[0].message("zh")


@pytest.mark.parametrize("order", [(0, 1, 2), (1, 0, 2)])
def test_a_section_named_as_another_ones_code_is_said_and_the_code_wins(
    tmp_path: Path, bureau: dict[str, Any], order: tuple[int, ...]
) -> None:
    """法制科 renamed "k01": C01's 责任科室 "K01,K02" lost K01 (20 points) when K02's row came
    last, as 责任科室 let whichever row came last win while the register preferred codes. Both
    read a code first now, and MASTER_032 says the name is ambiguous."""
    bureau["sections"][1]["name"] = "k01"
    bureau["sections"] = [bureau["sections"][n] for n in order]
    master, warnings = load_master(master_file(tmp_path, bureau))
    c01 = next(i for i in master.indicators if i.id == "C01")
    assert c01.owners == ("K01", "K02")
    row = 2 + order.index(1)
    assert [(w.code, w.cell) for w in warnings] == [("MASTER_032", f"B{row}")]
    assert "科室的代码 K01 相同" in warnings[0].message("zh")
    assert section_keys(master)["k01"] == "K01"


def test_names_that_differ_only_in_spaces_are_one_name(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """The register and 责任科室 read "法 制 科" as 法制科, so two such names cannot be told
    apart: MASTER_012, as for two names spelled alike."""
    bureau["sections"][2]["name"] = "法 制 科"
    assert ("MASTER_012", "科室", "B4") in problems(tmp_path, bureau)


def test_a_title_above_each_sheets_header_is_looked_past(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """A title row merged over each table ("测试局2020年度绩效考评指标"), as offices make
    them: the master was refused with MASTER_002 at 1:1. Cells are named as the office sees
    them, two rows further down."""
    path = master_file(tmp_path, bureau)
    plain, _ = load_master(path)
    book = openpyxl.load_workbook(path)
    for name in ("指标", "科室", "设置"):
        sheet = book[name]
        sheet.insert_rows(1, 2)
        sheet["A1"] = f"测试局2020年度{name}"
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    book["指标"]["E6"] = "40分"  # B01's points, on row 6 now
    book.save(path)
    titled, warnings = load_master(path)
    assert [(w.code, w.sheet, w.cell) for w in warnings] == [("MASTER_030", "指标", "E6")]
    assert titled.sections == tuple(replace(s, row=s.row + 2) for s in plain.sections)
    assert [(i.id, i.owners, i.row) for i in titled.indicators] == [
        (i.id, i.owners, i.row + 2) for i in plain.indicators]
    assert titled.settings == plain.settings


def test_a_cell_merged_down_its_rows_belongs_to_each_of_them(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """类别 merged down the rows of its indicators, as offices lay tables out: only the first
    cell holds the value, and the rows under it were MASTER_007 (no category)."""
    path = master_file(tmp_path, bureau)
    plain, _ = load_master(path)
    book = openpyxl.load_workbook(path)
    sheet = book["指标"]
    for ref in ("B3", "B4", "C3"):
        sheet[ref] = None
    sheet.merge_cells("B2:B4")  # 基础绩效指标 over A01, A02, B01
    sheet.merge_cells("C2:C3")  # 规定指标 over A01, A02
    book.save(path)
    merged, warnings = load_master(path)
    assert warnings == [] and merged.indicators == plain.indicators


def test_a_total_row_and_a_note_under_a_table_are_skipped_and_said(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """A 合计 row under the indicators or the sections, and a note ("注：…") typed below the
    table, each made the master refused with four or five errors (no 编号, no 名称…)."""
    path = master_file(tmp_path, bureau)
    plain, _ = load_master(path)
    book = openpyxl.load_workbook(path)
    book["指标"].append([None, "合  计", None, None, 102.5])
    book["指标"].append(["注：分值合计 102.5 分，另有争先创优指标。"])
    book["科室"].append(["合计", None, None, None, None, 12])
    book.save(path)
    master, notes = load_master(path)
    assert master.indicators == plain.indicators and master.sections == plain.sections
    assert [(n.code, n.severity.value, n.sheet, n.cell, n.value) for n in notes] == [
        ("MASTER_033", "info", "科室", "5:5", "合计"),
        ("MASTER_033", "info", "指标", "6:6", "合  计"),
        ("MASTER_033", "info", "指标", "7:7", "注：分值合计 102.5 分，另有争先创优指标。"[:40]),
    ]


@pytest.mark.parametrize(("key", "typed", "attribute", "read"), [
    ("优秀线", "90%", "excellent_line", Decimal("0.9")),
    ("奖金总额", "600,000元", "bonus_pool", Decimal(600000)),
    ("奖金总额", "１００００", "bonus_pool", Decimal(10000)),
    ("年度", "2020", "year", 2020),
    ("年度", "2020年", "year", 2020),
    ("年度", "2020年度", "year", 2020),
    ("奖金总额", "60万元", "bonus_pool", Decimal(600000)),
    ("奖金总额", "1.5万", "bonus_pool", Decimal(15000)),
])
def test_settings_typed_as_people_write_them_are_read_and_said_so(
    tmp_path: Path, bureau: dict[str, Any], key: str, typed: str, attribute: str, read: object
) -> None:
    """"90%" for a line and "600,000元" for the pool were MASTER_013 errors, a year stored as
    text was read without a word; each is read now, and said (MASTER_034), as "30分" is."""
    bureau["settings"][key] = typed
    master, warnings = load_master(master_file(tmp_path, bureau))
    assert getattr(master.settings, attribute) == read
    assert [(w.code, w.value) for w in warnings] == [("MASTER_034", typed)]


def test_a_master_init_writes_holds_its_settings_as_numbers(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """The defaults (640, 0.9, 1.2…) were written as text: Excel marked every one "number
    stored as text"."""
    path = master_file(tmp_path, bureau)
    _master, warnings = load_master(path)
    assert warnings == []
    values = {row[0].value: row[1].value for row in openpyxl.load_workbook(path)["设置"].iter_rows(min_row=2)}
    assert values["基础指标折算分"] == 640 and values["优秀线"] == 0.9 and values["良好系数"] == 1
    assert all(not isinstance(values[label], str) for _key, label, _en, kind, *_ in SETTINGS_SPEC
               if kind in ("int", "decimal", "ratio") and values[label] is not None)


@pytest.mark.parametrize(("typed", "warned"), [("6人", True), ("６", True), ("6", True), (6, False)])
def test_a_headcount_typed_with_its_unit_is_read_and_said_so(
    tmp_path: Path, bureau: dict[str, Any], typed: object, warned: bool
) -> None:
    """"6人" was MASTER_016 and refused the master."""
    bureau["sections"][0]["headcount"] = typed
    master, warnings = load_master(master_file(tmp_path, bureau))
    assert master.sections[0].headcount == 6
    assert [(w.code, w.cell) for w in warnings] == ([("MASTER_035", "F2")] if warned else [])


@pytest.mark.parametrize("everyone", ["全体", "各科室", "所有科室", "全局", "All sections"])
def test_every_way_of_saying_all_sections_gives_an_indicator_to_all(
    tmp_path: Path, bureau: dict[str, Any], everyone: str
) -> None:
    bureau["indicators"][1]["owners"] = everyone
    master, warnings = load_master(master_file(tmp_path, bureau))
    assert warnings == [] and master.indicators[1].owners == ("K01", "K02", "K03")


@pytest.mark.parametrize(("column", "typed"), [
    ("E", "分值（分）"), ("E", "分值(分)"), ("E", "分值（Points）"),  # as MASTER_002 shows it
    ("E", "标准分"), ("B", "指标类别"), ("G", "牵头科室"),
])
def test_headers_worded_as_offices_word_them_are_read(
    tmp_path: Path, bureau: dict[str, Any], column: str, typed: str
) -> None:
    """A unit in brackets or a usual synonym refused the master (MASTER_002), and typing the
    label exactly as the message showed it ("分值（Points）") was refused too."""
    path = master_file(tmp_path, bureau)
    plain, _ = load_master(path)
    book = openpyxl.load_workbook(path)
    book["指标"][f"{column}1"] = typed
    book.save(path)
    master, warnings = load_master(path)
    assert warnings == [] and master.indicators == plain.indicators


def test_a_bonus_pool_row_renamed_or_deleted_is_read_or_said(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """"奖金总额（元）" was an unknown setting and a deleted row said nothing: either way every
    bonus became 0 without a word about the pool."""
    path = master_file(tmp_path, bureau)
    book = openpyxl.load_workbook(path)
    sheet = book["设置"]
    row = next(r[0].row for r in sheet.iter_rows() if r[0].value == "奖金总额")
    sheet.cell(row, 1).value = "奖金总额（元）"
    book.save(path)
    master, warnings = load_master(path)
    assert master.settings.bonus_pool == 10000 and warnings == []
    sheet.delete_rows(row)
    book.save(path)
    master, warnings = load_master(path)
    assert master.settings.bonus_pool == 0
    assert [w.code for w in warnings] == ["MASTER_025"] and "奖金总额" in warnings[0].message("zh")


def test_group_headings_inside_the_indicator_table_are_skipped_and_said(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """"一、基础绩效指标（640分）" merged across a row above its indicators, as Chinese tables
    group them: four errors, the heading taken for an indicator with 类别 and 责任科室
    "一"."""
    path = master_file(tmp_path, bureau)
    plain, _ = load_master(path)
    book = openpyxl.load_workbook(path)
    sheet = book["指标"]
    sheet.insert_rows(2)
    sheet["A2"] = "一、基础绩效指标（640分）"
    sheet.merge_cells("A2:I2")
    sheet.insert_rows(6)
    sheet["A6"] = "（二）争先创优指标"  # typed in its first cell only
    book.save(path)
    master, notes = load_master(path)
    assert [(i.id, i.points, i.owners) for i in master.indicators] == [
        (i.id, i.points, i.owners) for i in plain.indicators]
    assert [(n.code, n.cell) for n in notes] == [("MASTER_033", "2:2"), ("MASTER_033", "6:6")]


def test_a_renamed_sheet_is_said_with_the_sheets_there_are(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    path = master_file(tmp_path, bureau)
    book = openpyxl.load_workbook(path)
    book["指标"].title = "考评指标"
    book.save(path)
    with pytest.raises(MasterError) as caught:
        load_master(path)
    [issue] = caught.value.issues
    assert issue.code == "MASTER_001" and "它的工作表是：考评指标、科室、设置" in issue.message("zh")
    book["考评指标"].title = "指标（Indicators）"  # as the message spells the name
    book.save(path)
    assert load_master(path)[0].indicators


def test_an_id_typed_full_width_is_the_plain_id_and_said(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """"Ａ０１" typed with a Chinese input method after the templates went out: every return
    then mismatched its template (A01 no longer the section's, Ａ０１ new), 29 errors."""
    returns.write_all()
    book = openpyxl.load_workbook(workspace.master)
    book["指标"]["A2"] = "Ａ０１"
    book.save(workspace.master)
    master, warnings = load_master(workspace.master)
    assert master.indicators[0].id == "A01"
    assert [(w.code, w.cell, w.value) for w in warnings] == [("MASTER_036", "A2", "Ａ０１")]
    result = check(workspace.root)  # the returns still match their templates
    assert not result.has_errors and len(result.ingested.returns) == 3


def test_a_hidden_or_struck_through_indicator_still_stands_and_is_said(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """An office hides a withdrawn indicator, or strikes it through: it stayed in every
    template and was scored without a word."""
    from openpyxl.styles import Font

    path = master_file(tmp_path, bureau)
    book = openpyxl.load_workbook(path)
    sheet = book["指标"]
    sheet.row_dimensions[3].hidden = True  # A02
    for cell in sheet[4]:  # B01
        cell.font = Font(strike=True)
    book.save(path)
    master, warnings = load_master(path)
    assert [i.id for i in master.indicators] == ["A01", "A02", "B01", "C01"]
    assert [(w.code, w.cell, w.value) for w in warnings] == [
        ("MASTER_037", "3:3", "A02"), ("MASTER_039", "4:4", "B01")]
    assert "A02" in warnings[0].what() and "B01" in warnings[1].what("en")


def test_indicators_a_filter_hides_are_said_once(tmp_path: Path, bureau: dict[str, Any]) -> None:
    path = master_file(tmp_path, bureau)
    book = openpyxl.load_workbook(path)
    sheet = book["指标"]
    assert sheet.auto_filter.ref  # perfxl's master has filter buttons, filtering on nothing
    sheet.auto_filter.add_filter_column(2, ["自选指标"])  # 子类: B01 alone shown
    for row in (2, 3, 5):
        sheet.row_dimensions[row].hidden = True
    book.save(path)
    _master, warnings = load_master(path)
    assert [(w.code, w.cell) for w in warnings] == [("MASTER_038", "2:5")]
    assert "3 个指标" in warnings[0].what() and "第 2–3、5 行" in warnings[0].what()


def _edited(path: Path, edit: Any) -> Path:
    book = openpyxl.load_workbook(path)
    edit(book)
    book.save(path)
    return path


def test_points_or_ids_merged_over_several_indicators_are_refused(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """"8项200分" typed once over the 8 excellence rows made each worth 200 (the published
    total 2240), unsaid; an indicator laid over two rows was "ID used twice"."""
    def merge_points(book: Any) -> None:
        book["指标"]["E3"] = None
        book["指标"].merge_cells("E2:E3")

    with pytest.raises(MasterError) as caught:
        load_master(_edited(master_file(tmp_path, bureau), merge_points))
    assert [(i.code, i.cell, dict(i.params)["count"]) for i in caught.value.issues] == [
        ("MASTER_040", "E2:E3", "2")]

    def one_indicator_over_two_rows(book: Any) -> None:
        sheet = book["指标"]
        sheet.insert_rows(3)
        sheet["F3"] = "第二条评分标准。"
        for column in "ABCDEG":
            sheet.merge_cells(f"{column}2:{column}3")

    with pytest.raises(MasterError) as caught:
        load_master(_edited(master_file(tmp_path, bureau), one_indicator_over_two_rows))
    assert sorted((i.code, i.cell) for i in caught.value.issues) == [
        ("MASTER_040", "A2:A3"), ("MASTER_040", "E2:E3")]  # no "A01 used twice"


def test_an_id_a_spreadsheet_made_a_date_or_a_number_says_so(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    from datetime import datetime

    def as_excel_keeps_them(book: Any) -> None:
        book["指标"]["A2"] = datetime(2020, 1, 1)  # 1-1 typed into a General cell
        book["指标"]["A3"] = 1.1  # "1.1"
        book["指标"]["A4"] = 1.1  # "1.10"

    with pytest.raises(MasterError) as caught:
        load_master(_edited(master_file(tmp_path, bureau), as_excel_keeps_them))
    found = {(i.code, i.cell): i for i in caught.value.issues}
    assert sorted(found) == [("MASTER_041", "A2"), ("MASTER_042", "A4")]
    assert "原本可能是“1-1”" in found["MASTER_041", "A2"].message("zh")
    assert "表格软件会去掉末尾的 0" in found["MASTER_042", "A4"].message("zh")


def test_a_column_perfxl_does_not_read_is_said_and_criteria_spelled_otherwise_are_read(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """配合科室 was dropped without a word (its sections never got the indicator), and
    评分细则 left every template's 评分标准 blank."""
    def headed_as_offices_head_them(book: Any) -> None:
        sheet = book["指标"]
        sheet["F1"] = "评分细则"
        sheet.cell(row=1, column=sheet.max_column + 1, value="配合科室")
        sheet.cell(row=1, column=sheet.max_column + 1, value="序号")

    path = _edited(master_file(tmp_path, bureau), headed_as_offices_head_them)
    master, warnings = load_master(path)
    assert master.indicators[0].criteria == "按要求完成得满分。"
    assert [(w.code, w.value) for w in warnings] == [("MASTER_043", "配合科室")]
    assert "责任科室" in warnings[0].message("zh")


@pytest.mark.parametrize(("owners", "read"), [
    ("K02（牵头）、K03（配合）", ("K02", "K03")),
    ("牵头：K02；配合：K03", ("K02", "K03")),
    ("法制科牵头，政工科配合", ("K02", "K03")),
    ("K02 K03", ("K02", "K03")),
    ("全体、K02", ("K01", "K02", "K03")),
    ("全体（K02牵头）", ("K01", "K02", "K03")),
])
def test_owners_written_with_their_roles_are_read(
    tmp_path: Path, bureau: dict[str, Any], owners: str, read: tuple[str, ...]
) -> None:
    bureau["indicators"][1]["owners"] = owners
    master, _ = load_master(master_file(tmp_path, bureau))
    assert master.indicators[1].owners == read


def test_owners_named_with_spaces_and_codes_that_lost_their_zero(tmp_path: Path,
                                                                 bureau: dict[str, Any]) -> None:
    """English names hold spaces, which also separate owners: 'Legal Affairs Section' was
    refused word by word. A code kept as the number 3 is what "03" names."""
    bureau["sections"][1].update(code=3, name="Legal Affairs Section")
    bureau["indicators"][1]["owners"] = "Legal Affairs Section, 办公室"
    bureau["indicators"][2]["owners"] = "03"
    bureau["indicators"][3]["owners"] = "K01"
    master, _ = load_master(master_file(tmp_path, bureau))
    assert master.indicators[1].owners == ("3", "K01")
    assert master.indicators[2].owners == ("3",)
    bureau["indicators"][1]["owners"] = "Legal Affairs"
    assert ("MASTER_008", "指标", "G3") in problems(tmp_path, bureau)


def test_a_subtotal_row_labelled_as_perfxls_templates_label_it_is_skipped(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    path = master_file(tmp_path, bureau)
    plain, _ = load_master(path)
    master, notes = load_master(_edited(path, lambda book: book["指标"].append(
        [None, "基础绩效指标", "规定指标", "规定指标小计", 70])))
    assert master.indicators == plain.indicators
    assert [(n.code, n.value) for n in notes] == [("MASTER_033", "规定指标小计")]


def test_settings_left_blank_or_given_as_formulas_never_pass_for_defaults(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """奖金总额 as a formula whose result was never saved (written by a script) read as
    blank: every bonus 0, with a warning calling the cell empty."""
    bureau["settings"]["单位名称"] = ""
    _master, warnings = load_master(master_file(tmp_path, bureau))
    assert [(w.code, w.cell) for w in warnings] == [("MASTER_044", "B2")]
    assert "轮次" not in warnings[0].fix("zh")  # the unit's advice, not the round's

    def pool_as(formula: str) -> Any:
        def edit(book: Any) -> None:
            for row in book["设置"].iter_rows(min_row=2):
                if row[0].value == "奖金总额":
                    row[1].value = formula
        return edit

    computed, _ = load_master(_edited(master_file(tmp_path, bureau),
                                      pool_as("=500000+100000")))  # computed here
    assert computed.settings.bonus_pool == 600000
    with pytest.raises(MasterError) as caught:
        load_master(_edited(master_file(tmp_path, bureau), pool_as("=SUM(C2:C3)")))
    [formula] = caught.value.issues
    assert formula.code == "MASTER_045" and formula.value == "=SUM(C2:C3)"



def test_section_cells_given_as_formulas_never_saved_are_said(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """An e-mail given as a formula never saved (written by a script) read as blank: "no
    e-mail" for a cell that shows an address in Excel, and nothing said."""
    def formulas(cells: dict[str, str]) -> Any:
        def edit(book: Any) -> None:
            for ref, value in cells.items():
                book["科室"][ref] = value
        return edit

    _master, warnings = load_master(_edited(master_file(tmp_path, bureau), formulas(
        {"E2": '=LOWER(A2)&"@example.gov.cn"', "D3": "=B3"})))
    assert [(w.code, w.cell, w.value) for w in warnings] == [
        ("MASTER_048", "E2", '=LOWER(A2)&"@example.gov.cn"'), ("MASTER_048", "D3", "=B3")]
    with pytest.raises(MasterError) as caught:
        load_master(_edited(master_file(tmp_path, bureau), formulas(
            {"B3": '="法制"&"科"', "F4": "=SUM(F2:F3)", "F2": "=2+3"})))
    assert [(i.code, i.cell) for i in caught.value.issues] == [
        ("MASTER_045", "B3"), ("MASTER_045", "F4")]
    master, _warnings = load_master(_edited(master_file(tmp_path, bureau), formulas(
        {"F2": "=2+3"})))
    assert master.sections[0].headcount == 5



@pytest.mark.parametrize(("first", "second"), [
    (("K1", "2_法制科"), ("K1_2", "法制科")),
    (("A", "B/C科"), ("A_B", "C科")),
    (("A", "B_" + "长" * 40 + "甲"), ("A_B", "长" * 40 + "乙")),
], ids=["code-and-name-joined", "unsafe-character", "cut-to-fit"])
def test_sections_whose_files_would_share_names_are_refused(
    tmp_path: Path, bureau: dict[str, Any], first: tuple[str, str], second: tuple[str, str]
) -> None:
    """K1 named 2_法制科 and K1_2 named 法制科: every file of one overwrote the other's
    (template, e-mail draft, report, binder), without a word."""
    sections = bureau["sections"]
    sections[0]["code"], sections[0]["name"] = first
    sections[1]["code"], sections[1]["name"] = second
    for indicator in bureau["indicators"]:
        indicator["owners"] = "全体"
    with pytest.raises(MasterError) as caught:
        load_master(master_file(tmp_path, bureau))
    [clash] = caught.value.issues
    assert (clash.code, clash.cell) == ("MASTER_049", "B3")

def test_a_blank_master_keeps_ids_and_codes_as_typed(tmp_path: Path) -> None:
    """Its 编号 and 代码 columns are text: typed into a General column, 1.10 became 1.1,
    1-1 a date and 01 the number 1."""
    book = openpyxl.load_workbook(master_file(tmp_path, {}))
    assert book["指标"].column_dimensions["A"].number_format == "@"
    assert book["科室"].column_dimensions["A"].number_format == "@"
    assert book["指标"].column_dimensions["B"].number_format == "General"


def test_a_section_refused_for_its_own_problem_is_not_also_unknown_to_the_indicators(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """K03 named 办公室 like K01: besides MASTER_012, every indicator K03 owns said "K03 is
    not in the Sections sheet", which it plainly is."""
    bureau["sections"][2]["name"] = "办公室"
    bureau["indicators"][2]["owners"] = "K01、K03"
    assert problems(tmp_path, bureau) == {("MASTER_012", "科室", "B4")}


def test_a_coefficient_typed_wrong_is_given_a_coefficients_example(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    bureau["settings"]["优秀系数"] = "1.2倍"
    with pytest.raises(MasterError) as caught:
        load_master(master_file(tmp_path, bureau))
    [issue] = caught.value.issues
    assert issue.code == "MASTER_013" and "例如 1.2" in issue.message("zh")


@pytest.mark.parametrize("pool", [600000.123, "600000.0000001"])
def test_a_bonus_pool_below_the_fen_is_refused(tmp_path: Path, bureau: dict[str, Any],
                                               pool: object) -> None:
    """It was shared out in 0.001 yuan, or 0.0000001 yuan: amounts no one can pay."""
    bureau["settings"]["奖金总额"] = pool
    assert {code for code, _sheet, _cell in problems(tmp_path, bureau)} == {"MASTER_047"}


@pytest.mark.parametrize("typed", ["中文", "ZH", "Chinese"])
def test_the_language_typed_as_its_name_is_read(tmp_path: Path, bureau: dict[str, Any],
                                                typed: str) -> None:
    bureau["settings"]["语言"] = typed
    master, warnings = load_master(master_file(tmp_path, bureau))
    assert master.settings.language == "zh" and warnings == []


@pytest.mark.parametrize("label", ["规定指标小计（70分）", "合计（640分）", "小计：70"])
def test_a_subtotal_labelled_with_its_amount_is_skipped(
    tmp_path: Path, bureau: dict[str, Any], label: str
) -> None:
    path = master_file(tmp_path, bureau)
    plain, _ = load_master(path)
    master, notes = load_master(_edited(path, lambda book: book["指标"].append(
        [None, None, None, label, 70])))
    assert master.indicators == plain.indicators
    assert [n.code for n in notes] == ["MASTER_033"]


def test_whole_number_ids_twice_are_a_plain_duplicate(tmp_path: Path,
                                                      bureau: dict[str, Any]) -> None:
    """IDs 1 and 1 were explained as "perhaps 10 typed", which no spreadsheet makes 1."""
    path = master_file(tmp_path, bureau)
    with pytest.raises(MasterError) as caught:
        load_master(_edited(path, lambda book: [book["指标"].cell(row, 1, 1)
                                                for row in (2, 3)]))
    assert [i.code for i in caught.value.issues] == ["MASTER_004"]


def test_a_category_and_subgroup_typed_once_over_their_rows_carry_down(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """子类 typed on each group's first row only (not merged): the published rules printed a
    heading over A01 alone and an unheaded table of the rest, and K01's template gave
    "规定指标小计" the subtotal of A01 alone; a blank 类别 was an error on every row."""
    rows = bureau["indicators"]
    rows[1]["category"] = rows[1]["subcategory"] = ""  # A02 under A01's 基础绩效指标/规定指标
    rows[2]["category"] = ""  # B01 keeps its own 自选指标
    rows[3]["subcategory"] = ""  # C01: a new 类别, nothing carried into it
    master, warnings = load_master(master_file(tmp_path, bureau))
    read = {i.id: (i.category, i.subcategory) for i in master.indicators}
    assert read == {"A01": (Category.BASIC, "规定指标"), "A02": (Category.BASIC, "规定指标"),
                    "B01": (Category.BASIC, "自选指标"), "C01": (Category.EXCELLENCE, "")}
    said = {(w.code, w.cell, dict(w.params)["count"]) for w in warnings}
    assert said == {("MASTER_050", "B3", "2"), ("MASTER_050", "C3", "1")}


def test_a_subgroup_typed_as_the_category_is_read_as_one_of_basic(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """类别 typed 自选指标 (or 基本指标, 创优指标: the words offices use) was "not known",
    one error a row, with no word of where it belongs."""
    rows = bureau["indicators"]
    rows[0]["category"], rows[1]["category"] = "基本指标", "规定指标"
    rows[2]["category"], rows[2]["subcategory"] = "自选指标", ""
    rows[3]["category"] = "创优指标"
    master, warnings = load_master(master_file(tmp_path, bureau))
    read = {i.id: (i.category, i.subcategory) for i in master.indicators}
    assert read == {"A01": (Category.BASIC, "规定指标"), "A02": (Category.BASIC, "规定指标"),
                    "B01": (Category.BASIC, "自选指标"),
                    "C01": (Category.EXCELLENCE, "争先创优指标")}
    assert sorted((w.code, w.cell) for w in warnings) == [("MASTER_051", "B3"),
                                                          ("MASTER_051", "B4")]


def test_a_ratio_refused_is_given_an_example_of_its_own(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """优秀比例 15 was told "例如 0.9": nine sections in ten 优秀."""
    bureau["settings"]["优秀比例"] = 15
    with pytest.raises(MasterError) as refused:
        load_master(master_file(tmp_path, bureau))
    [error] = refused.value.issues
    assert error.code == "MASTER_013" and "例如 0.2" in error.fix("zh")


def test_a_sections_sheet_not_read_is_one_error_not_one_a_row(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """科室 headed 部门代号: MASTER_002, then MASTER_008 on every indicator and a false
    "没有责任科室" on each 全体. 科室编号 is read as 代码 now."""
    path = master_file(tmp_path, bureau)
    book = openpyxl.load_workbook(path)
    book["科室"]["A1"] = "科室编号"
    book.save(path)
    master, _warnings = load_master(path)
    assert [s.code for s in master.sections] == ["K01", "K02", "K03"]
    book["科室"]["A1"] = "部门代号"
    book.save(path)
    with pytest.raises(MasterError) as refused:
        load_master(path)
    assert [i.code for i in refused.value.issues] == ["MASTER_002"]


def test_a_text_given_as_a_formula_never_computed_is_said_as_such(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """=A2&"x" in 指标名称 was "指标名称为空", =G2 in 责任科室 "没有责任科室", and one in
    佐证材料要求 nothing at all: the requirement was published blank."""
    path = master_file(tmp_path, bureau)
    book = openpyxl.load_workbook(path)
    sheet = book["指标"]
    headers = {cell.value: cell.column_letter for cell in sheet[1]}
    sheet[f"{headers['指标名称']}3"] = '=A2&"x"'
    sheet[f"{headers['责任科室']}3"] = f"={headers['责任科室']}2"
    sheet[f"{headers['佐证材料要求']}4"] = f'={headers["指标名称"]}4&"台账"'
    book.save(path)  # openpyxl saves formulas with no result, as a script does
    with pytest.raises(MasterError) as refused:
        load_master(path)
    assert sorted((i.code, i.cell) for i in refused.value.issues) == sorted([
        ("MASTER_045", f"{headers['佐证材料要求']}4"), ("MASTER_045", f"{headers['指标名称']}3"),
        ("MASTER_045", f"{headers['责任科室']}3")])


def test_a_group_title_or_subtotal_ends_what_is_carried_down(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """类别 typed once, groups under title rows ("二、争先创优指标（加分项）"): C01 was carried
    the basic category across the title, its 20 bonus points scored as basic. A title names
    its group's category; a subtotal names none; a wrong category typed once is one error."""
    rows = bureau["indicators"]
    for row in rows[1:]:
        row["category"] = ""
    rows[3]["subcategory"] = ""
    path = master_file(tmp_path, bureau)
    book = openpyxl.load_workbook(path)
    sheet = book["指标"]
    sheet.insert_rows(5)  # above C01
    sheet["A5"] = "二、争先创优指标（加分项，20分）"
    sheet.insert_rows(2)
    sheet["A2"] = "一、基础绩效指标"
    book.save(path)
    master, warnings = load_master(path)
    read = {i.id: i.category for i in master.indicators}
    assert read == {"A01": Category.BASIC, "A02": Category.BASIC, "B01": Category.BASIC,
                    "C01": Category.EXCELLENCE}
    assert ("MASTER_033", "6:6") in {(w.code, w.cell) for w in warnings}
    sheet["A6"] = "基础绩效指标小计"  # the category's subtotal: C01's category then missing
    book.save(path)
    with pytest.raises(MasterError) as refused:
        load_master(path)
    assert [(i.code, i.cell) for i in refused.value.issues] == [("MASTER_007", "B7")]
    sheet["A6"] = None
    sheet["B3"] = "基础类指标"  # typed once, wrong: one error, not one a row under it
    book.save(path)
    with pytest.raises(MasterError) as refused:
        load_master(path)
    assert [(i.code, i.cell) for i in refused.value.issues] == [("MASTER_007", "B3")]


def test_what_a_subgroup_title_a_subgroup_subtotal_or_a_note_carries_on(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """类别 typed on the first row only, with "（一）规定指标" / "（二）自选指标" headings, a
    "规定指标小计" row and a note inside the group: each ended the category, every row
    under it refused as having none."""
    rows = bureau["indicators"]
    for row in rows[1:3]:
        row["category"] = row["subcategory"] = ""
    path = master_file(tmp_path, bureau)
    book = openpyxl.load_workbook(path)
    sheet = book["指标"]
    sheet.insert_rows(4)  # above B01
    sheet["A4"] = "（二）自选指标"
    sheet.insert_rows(4)
    sheet["A4"] = "规定指标小计"
    sheet.insert_rows(3)  # between A01 and A02
    sheet["A3"] = "注：以下指标由办公室牵头"
    book.save(path)
    master, _warnings = load_master(path)
    read = {i.id: (i.category, i.subcategory) for i in master.indicators}
    assert read["A02"] == (Category.BASIC, "规定指标")
    assert read["B01"] == (Category.BASIC, "自选指标")


@pytest.mark.parametrize("typed", ["合 计", "总 分", "ＴＯＴＡＬ", "Sub total", "小计：540",
                                   "规定指标小计", "Ｓｕｍ"])
def test_a_total_row_is_known_however_typed(typed: str) -> None:
    """Only cells that may spell a total are looked at closely (normalizing every name of
    a city's 9,000 indicators was most of the master's reading): each spelling still is."""
    from perfxl.master import aside_row

    assert aside_row(("", typed, "", ""), [0, 1, 2, 3]) == typed
    assert aside_row(("A01", "党建工作成效", "", "40"), [0, 1, 2, 3]) is None


def test_a_subtotal_is_known_however_spaced_and_a_merged_category_is_no_title(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """"基础绩效指标小　计" (an ideographic space) was not taken for the category's end: C01
    under it, 类别 blank, was read as basic. With 类别 merged down over a "规定指标小计"
    row, that row was taken for the category's own subtotal, every row after it refused."""
    rows = bureau["indicators"]
    rows[3]["category"] = rows[3]["subcategory"] = ""
    path = master_file(tmp_path, bureau)
    book = openpyxl.load_workbook(path)
    sheet = book["指标"]
    sheet.insert_rows(5)  # above C01
    sheet["D5"] = "基础绩效指标小　计"
    book.save(path)
    with pytest.raises(MasterError) as refused:
        load_master(path)
    assert [(i.code, i.cell) for i in refused.value.issues] == [("MASTER_007", "B6")]
    bureau["indicators"][3]["category"] = "争先创优指标"
    for row in bureau["indicators"][1:3]:
        row["category"] = ""
    path = master_file(tmp_path, bureau)
    book = openpyxl.load_workbook(path)
    sheet = book["指标"]
    sheet.insert_rows(4)  # between A02 and B01: the 规定指标 subtotal
    sheet["D4"] = "规定指标小计"
    sheet.merge_cells("B2:B4")  # 基础绩效指标 over A01, A02 and the subtotal; B01's blank
    book.save(path)
    master, _warnings = load_master(path)
    assert {i.id: i.category for i in master.indicators}["B01"] == Category.BASIC
