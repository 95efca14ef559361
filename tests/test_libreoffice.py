"""Round trip through real LibreOffice: a section fills its template in Calc, saves .xlsx,
and perfxl reads back exactly what was typed (PRODUCT.md §1: users live in Excel or WPS).

One soffice start for the whole module (tests/libreoffice.py, tests/lo_driver.py). Skipped
without LibreOffice, failed instead when PERFXL_REQUIRE_LIBREOFFICE=1.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from perfxl.pipeline import check
from perfxl.workspace import Workspace, init_workspace
from tests.conftest import ReturnFactory, small_bureau
from tests.libreoffice import (
    document_job,
    fill_with_libreoffice,
    require_libreoffice,
    run_jobs,
)

SELF = "自评表"
REPORT = "自评报告"
PASSWORD = "mima-2020"

# What the section types for K02 法制科 (A01 40 points, A02 30, C01 20).
SCORES = {"A01": 36.5, "A02": 27, "C01": 12.75}
ACHIEVEMENTS = {
    "A01": "全年召开党组会12次，“三会一课”按时开展；\n开展主题党日活动6次。",
    "A02": "审查规范性文件23件，办理行政复议案件8件，纠错率<5%，无败诉 & 无超期。",
    "C01": "“枫桥经验”做法被省厅转发推广。",
}
EVIDENCE = {
    "A01": "党组会议纪要（2020-01至12）.pdf；主题党日台账.docx",
    "A02": "复议案件登记表.xlsx",
    "C01": "省司法厅〔2020〕45号转发文件.pdf",
}
REPORT_TEXT = {
    "overall": "2020年，法制科围绕中心工作，全面完成年度目标任务。",
    "practice": "一是健全制度；二是强化审查；三是创新方式。\n成效：案件办理质量明显提升。",
    "problems": "队伍力量不足，信息化水平有待提高。",
    "next_steps": "下一步，我们将继续加强学习，提升依法行政水平。",
}
NOTE = "（说明：本行为科室在 LibreOffice 中插入的备注行）"


def _rows_of(template: Path) -> dict[str, int]:
    """indicator id -> its row in the template's 自评表 (header labels found, not assumed)."""
    sheet = openpyxl.load_workbook(template)[SELF]
    header_row = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "编号")
    return {
        str(sheet.cell(r, 1).value): r
        for r in range(header_row + 1, sheet.max_row + 1)
        if sheet.cell(r, 1).value
    }


def _columns_of(template: Path) -> dict[str, str]:
    sheet = openpyxl.load_workbook(template)[SELF]
    header_row = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "编号")
    labels = {c.value: c.column_letter for c in sheet[header_row] if c.value}
    return {"score": labels["自评得分"], "achievement": labels["完成情况"],
            "evidence": labels["佐证材料"]}


def _report_cells(template: Path) -> dict[str, str]:
    """report part -> the cell right of its label on 自评报告."""
    from perfxl import i18n

    sheet = openpyxl.load_workbook(template)[REPORT]
    by_label = {c.value: c for row in sheet.iter_rows() for c in row if c.value}
    return {
        part.key: sheet.cell(by_label[part.zh].row, by_label[part.zh].column + 1).coordinate
        for part in i18n.REPORT_PARTS
    }


def _typing(template: Path, shift_from: int | None = None) -> list[tuple[str, str, Any]]:
    """Every input cell of K02's template, as (sheet, cell, value); rows at or below
    `shift_from` are typed one lower (a row was inserted there first)."""
    rows, columns = _rows_of(template), _columns_of(template)
    cells: list[tuple[str, str, Any]] = []
    for indicator, row in rows.items():
        if shift_from is not None and row >= shift_from:
            row += 1
        cells += [
            (SELF, f"{columns['score']}{row}", SCORES[indicator]),
            (SELF, f"{columns['achievement']}{row}", ACHIEVEMENTS[indicator]),
            (SELF, f"{columns['evidence']}{row}", EVIDENCE[indicator]),
        ]
    cells += [(REPORT, cell, REPORT_TEXT[key]) for key, cell in _report_cells(template).items()]
    return cells


@pytest.fixture(scope="module")
def saved_by_libreoffice(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """K02's template filled in LibreOffice three ways, in one soffice session."""
    require_libreoffice()
    root = tmp_path_factory.mktemp("libreoffice")
    plain = ReturnFactory(
        init_workspace(root / "ws", data=small_bureau(), workspace_id="test-workspace")
    ).templates["K02"]
    locked_data = small_bureau()
    locked_data["settings"]["模板密码"] = PASSWORD
    locked_ws = init_workspace(root / "locked", data=locked_data, workspace_id="test-workspace")
    locked = ReturnFactory(locked_ws).templates["K02"]
    middle = sorted(_rows_of(plain).values())[1]  # insert above the second indicator row
    out = root / "out"
    filled, inserted, protected = run_jobs([
        document_job(plain, [out / "filled.xlsx"], _typing(plain)),
        document_job(plain, [out / "inserted.xlsx"],
                     [(SELF, f"D{middle}", NOTE), *_typing(plain, shift_from=middle)],
                     insert_row_before=middle),
        document_job(locked, [out / "protected.xlsx"], _typing(locked), password=PASSWORD),
    ])
    return {"filled": filled, "inserted": inserted, "protected": protected, "middle": middle,
            "rows": _rows_of(plain), "locked_workspace": locked_ws}


def _read_back(workspace: Workspace, path: Path) -> tuple[Any, Any]:
    """Check `path` as K02's return beside K01's and K03's (filled with openpyxl)."""
    factory = ReturnFactory(workspace)
    factory.write("K01")
    factory.write("K03")
    shutil.copyfile(path, workspace.inbox / "K02.xlsx")
    result = check(workspace.root)
    [used] = [r for r in result.ingested.returns if r.section_code == "K02"]
    return result, used


def _assert_typed_values_read(used: Any, score_cells: dict[str, str]) -> None:
    got = {a.indicator_id: (a.self_score, a.achievement, a.evidence, a.cell)
           for a in used.answers}
    assert got == {
        i: (Decimal(str(SCORES[i])), ACHIEVEMENTS[i], EVIDENCE[i], score_cells[i])
        for i in SCORES
    }
    assert dict(used.report.parts()) == REPORT_TEXT


def test_every_input_typed_in_libreoffice_is_read_back(
    workspace: Workspace, saved_by_libreoffice: dict[str, Any]
) -> None:
    result, used = _read_back(workspace, saved_by_libreoffice["filled"])
    assert [(i.code, i.file, i.sheet, i.cell) for i in result.issues] == []
    assert result.statuses() == {"K01": "ok", "K02": "ok", "K03": "ok"}
    rows = saved_by_libreoffice["rows"]
    _assert_typed_values_read(used, {i: f"H{r}" for i, r in rows.items()})
    assert used.binding is not None and used.binding.section_code == "K02"


def test_row_inserted_in_libreoffice(
    workspace: Workspace, saved_by_libreoffice: dict[str, Any]
) -> None:
    middle = saved_by_libreoffice["middle"]
    sheet = openpyxl.load_workbook(saved_by_libreoffice["inserted"])[SELF]
    assert sheet[f"D{middle}"].value == NOTE and sheet[f"A{middle}"].value is None
    result, used = _read_back(workspace, saved_by_libreoffice["inserted"])
    assert [i for i in result.issues if i.severity.value == "error"] == []
    assert result.statuses() == {"K01": "ok", "K02": "ok", "K03": "ok"}
    rows = {i: r + (1 if r >= middle else 0) for i, r in saved_by_libreoffice["rows"].items()}
    _assert_typed_values_read(used, {i: f"H{r}" for i, r in rows.items()})


def test_password_protected_template_filled_in_libreoffice(
    saved_by_libreoffice: dict[str, Any]
) -> None:
    workspace = saved_by_libreoffice["locked_workspace"]
    result, used = _read_back(workspace, saved_by_libreoffice["protected"])
    assert [(i.code, i.file, i.sheet, i.cell) for i in result.issues] == []
    assert result.statuses()["K02"] == "ok"
    rows = saved_by_libreoffice["rows"]
    _assert_typed_values_read(used, {i: f"H{r}" for i, r in rows.items()})


def test_formula_and_text_typed_in_libreoffice(workspace: Workspace, tmp_path: Path) -> None:
    """fill_with_libreoffice on its own (one more soffice start): Calc saves a formula with
    its result, and a number typed as text stays text; perfxl warns about both and reads
    the values."""
    require_libreoffice()
    factory = ReturnFactory(workspace)
    template = factory.templates["K03"]  # A01 (40 points), B01 (12.5)
    rows = _rows_of(template)
    cells = [(SELF, f"H{rows['A01']}", "36"), (SELF, f"H{rows['B01']}", "=10+1.5")]
    for indicator, row in rows.items():
        cells += [(SELF, f"I{row}", f"{indicator}：全年完成各项任务。"),
                  (SELF, f"J{row}", f"{indicator}台账.pdf")]
    cells += [(REPORT, cell, REPORT_TEXT[key]) for key, cell in _report_cells(template).items()]
    fill_with_libreoffice(template, workspace.inbox / "K03.xlsx", cells)
    result = check(workspace.root)
    assert [(i.code, i.file, i.sheet, i.cell) for i in result.issues] == [
        ("SCORE_010", "K03.xlsx", SELF, f"H{rows['A01']}"),
        ("SCORE_012", "K03.xlsx", SELF, f"H{rows['B01']}"),  # computed by perfxl
    ]
    [used] = result.ingested.returns
    assert {a.indicator_id: a.self_score for a in used.answers} == {
        "A01": Decimal(36), "B01": Decimal("11.5")}
    assert result.statuses()["K03"] == "ok"
