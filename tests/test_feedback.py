"""Feedback copies: the section's own file, patched, with every problem cell marked."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfxl.cells import a1
from perfxl.feedback import ERROR_FILL, WARNING_FILL, write_feedback_copy
from perfxl.pipeline import check
from perfxl.workspace import Workspace
from perfxl.xlsx_patch import CellMark, FrontSheet, Unsupported, marked_copy
from tests import hostile
from tests.conftest import ReturnFactory
from tests.libreoffice import convert_with_libreoffice, require_libreoffice

FRONT = FrontSheet("问题说明", [["级别", "工作表", "单元格", "问题"], ["错误", "自评表", "H4", "说明"]],
                   widths=(8, 12, 8, 110))


def values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def fill_rgb(cell: Any) -> str:
    return str(cell.fill.start_color.rgb)[-6:] if cell.fill.fill_type == "solid" else ""


@pytest.fixture
def source(returns: ReturnFactory) -> Path:
    filling = returns.filling("K02")
    filling.scores["A02"] = 99
    return returns.write("K02", filling=filling)


def test_check_writes_a_patched_copy_of_the_return(
    workspace: Workspace, returns: ReturnFactory, source: Path
) -> None:
    result = check(workspace.root)
    copy = dict(result.outputs)["feedback"]
    marked_copy(source, [], FRONT)  # the return is one the patcher edits: no fallback here
    book = openpyxl.load_workbook(copy)
    assert book.sheetnames[0] == "问题说明" and book.active.title == "问题说明"
    assert [bool(ws.sheet_view.tabSelected) for ws in book.worksheets].count(True) == 1
    header = book["问题说明"][1]
    assert header[0].value == "级别" and header[0].font.b
    assert book["问题说明"]["D2"].value.startswith("指标 A02")
    cell = book["自评表"]["H4"]
    assert cell.comment is not None and cell.comment.text.startswith("SCORE_004：")
    assert fill_rgb(cell) == ERROR_FILL
    assert cell.border.left.style == "thin"  # the cell keeps its own format, filled
    original = values(source)
    copied = values(copy)
    assert copied.pop("问题说明") and copied == original
    assert book["自评表"].print_title_rows == openpyxl.load_workbook(source)["自评表"].print_title_rows


def test_marks_existing_missing_and_merged_cells(source: Path, tmp_path: Path) -> None:
    marks = [
        CellMark("自评表", "H4", ERROR_FILL, "分数不对"),
        CellMark("自评表", "Z3", WARNING_FILL, "行内没有的单元格"),
        CellMark("自评表", "C300", WARNING_FILL, "没有的行"),
        CellMark("自评表", "D1", ERROR_FILL, "合并单元格里"),
        CellMark("自评表", "H4", ERROR_FILL, "第二个问题"),
        CellMark("不存在的表", "A1", ERROR_FILL, "忽略"),
    ]
    target = tmp_path / "copy.xlsx"
    target.write_bytes(marked_copy(source, marks, FRONT))
    sheet = openpyxl.load_workbook(target)["自评表"]
    assert sheet["H4"].comment.text == "分数不对\n第二个问题"
    assert fill_rgb(sheet["Z3"]) == WARNING_FILL and sheet["Z3"].comment.text == "行内没有的单元格"
    assert fill_rgb(sheet["C300"]) == WARNING_FILL
    assert sheet["A1"].comment.text == "合并单元格里" and fill_rgb(sheet["A1"]) == ERROR_FILL
    assert sheet["D1"].comment is None


def test_same_marks_give_identical_bytes(source: Path) -> None:
    marks = [CellMark("自评表", "H4", ERROR_FILL, "x")]
    assert marked_copy(source, marks, FRONT) == marked_copy(source, marks, FRONT)


def test_user_text_and_control_characters_stay_text(source: Path, tmp_path: Path) -> None:
    front = FrontSheet("问题说明", [["问题"], ["=HYPERLINK(\"http://x\")\x07<b>&amp;"]])
    marks = [CellMark("自评表", "H4", ERROR_FILL, "=1+1 <i>\x0b")]
    target = tmp_path / "copy.xlsx"
    target.write_bytes(marked_copy(source, marks, front))
    book = openpyxl.load_workbook(target)
    assert book["问题说明"]["A2"].value == "=HYPERLINK(\"http://x\")\ufffd<b>&amp;"
    assert book["问题说明"]["A2"].data_type == "s"
    assert book["自评表"]["H4"].comment.text == "=1+1 <i>\ufffd"


def test_a_return_with_comments_already_goes_through_openpyxl(
    returns: ReturnFactory, workspace: Workspace, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl.comments import Comment

    def comment(book: Any) -> None:
        book["自评表"]["F3"].comment = Comment("科室自己的批注", "科员")

    source = returns.write("K02", edit=comment)
    with pytest.raises(Unsupported):
        marked_copy(source, [], FRONT)
    from perfxl.issues import make_issue

    issue = make_issue("SCORE_002", file="K02.xlsx", sheet="自评表", cell="H4", value="无",
                       id="A02", points="30")
    section = returns.master.section("K02")
    assert section is not None
    target = write_feedback_copy(source, tmp_path / "copy.xlsx", [issue], section, "zh")
    assert target is not None
    sheet = openpyxl.load_workbook(target)["自评表"]
    assert sheet["F3"].comment.text.startswith("科室自己的批注")
    assert "SCORE_002" in sheet["H4"].comment.text
    # the same return gives the same bytes, whenever and wherever it is written: openpyxl
    # stamped the time into docProps/core.xml and every member's header, in local time
    import time

    copies = []
    for zone in ("Asia/Shanghai", "America/New_York"):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        copy = write_feedback_copy(source, tmp_path / f"{zone[:4]}.xlsx", [issue], section, "zh")
        assert copy is not None
        copies.append(copy.read_bytes())
    monkeypatch.undo()
    time.tzset()
    assert copies[0] == copies[1] == target.read_bytes()


def test_a_problem_text_fits_in_an_excel_cell() -> None:
    """A problem quoting a whole 32,767-character cell made a comment and a front-sheet cell
    longer than Excel holds."""
    from perfxl.xlsx_patch import MAX_CELL_CHARACTERS, clean_text

    assert clean_text("短") == "短"
    for text in ("长" * 40000, "𠀀" * 20000, "x" * MAX_CELL_CHARACTERS + "y"):
        cut = clean_text(text)
        assert len(cut.encode("utf-16-le")) // 2 <= MAX_CELL_CHARACTERS and cut.endswith("…")
    assert clean_text("x" * MAX_CELL_CHARACTERS) == "x" * MAX_CELL_CHARACTERS
    assert clean_text("a\ufffeb") == "a\ufffdb"


def test_no_feedback_copy_when_openpyxl_would_drop_the_sheets(
    workspace: Workspace, source: Path, tmp_path: Path
) -> None:
    """A Strict Open XML return: the patcher does not edit it and openpyxl reads it as a
    workbook without sheets, so a "copy" would hold only the problem sheet. No copy is
    written; the problem is in 问题清单 all the same."""
    strict = hostile.strict_ooxml(source, tmp_path / "K02.xlsx")
    strict.replace(source)  # the return in the inbox, now in Strict namespaces
    strict = source
    with pytest.raises(Unsupported):
        marked_copy(strict, [], FRONT)
    result = check(workspace.root)
    assert [(i.code, i.cell) for i in result.issues] == [("SCORE_004", "H4")]
    assert "feedback" not in dict(result.outputs)
    assert not (workspace.output / "feedback").is_dir() or not any(
        (workspace.output / "feedback").iterdir())


def test_not_a_package_is_unsupported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(Unsupported):
        marked_copy(bad, [], FRONT)
    with zipfile.ZipFile(tmp_path / "empty.xlsx", "w") as archive:
        archive.writestr("a.txt", "x")
    with pytest.raises(Unsupported):
        marked_copy(tmp_path / "empty.xlsx", [], FRONT)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.sets(st.tuples(st.integers(2, 40), st.integers(0, 12)), min_size=1, max_size=8),
       errors=st.booleans())
def test_marks_any_cells_and_nothing_else(
    source: Path, tmp_path: Path, cells: set[tuple[int, int]], errors: bool
) -> None:
    color = ERROR_FILL if errors else WARNING_FILL
    marks = [CellMark("自评表", a1(row, column), color, f"问题 {row}/{column}")
             for row, column in sorted(cells)]
    target = tmp_path / "copy.xlsx"
    target.write_bytes(marked_copy(source, marks, FRONT))
    book = openpyxl.load_workbook(target)
    sheet = book["自评表"]
    for row, column in cells:
        cell = sheet[a1(row, column)]
        assert fill_rgb(cell) == color and cell.comment.text == f"问题 {row}/{column}"
    commented = {(c.row, c.column - 1) for line in sheet.iter_rows() for c in line if c.comment}
    assert commented == cells
    copied = {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets[1:]}
    original = values(source)
    # new empty cells may widen a sheet's grid; the values present are the same
    for title, rows in original.items():
        for number, row in enumerate(rows):
            assert copied[title][number][: len(row)] == row


def test_libreoffice_opens_the_patched_copy(source: Path, tmp_path: Path) -> None:
    require_libreoffice()
    patched = tmp_path / "patched.xlsx"
    patched.write_bytes(marked_copy(source, [CellMark("自评表", "H4", ERROR_FILL, "分数不对")],
                                    FRONT))
    saved = convert_with_libreoffice(patched, [tmp_path / "resaved.xlsx"])[0]
    book = openpyxl.load_workbook(saved)
    assert book.sheetnames[0] == "问题说明"
    assert book["问题说明"]["D2"].value == "说明"
    assert book["自评表"]["H4"].comment.text.strip() == "分数不对"
    assert fill_rgb(book["自评表"]["H4"]) == ERROR_FILL


def test_a_return_sent_in_a_zip_gets_its_feedback_copy(
    returns: ReturnFactory, workspace: Workspace
) -> None:
    """The copy was looked for at inbox/<the zip>/<the return>, which is no file: a section
    that zipped its return never got one."""
    filling = returns.filling("K02")
    filling.scores["A02"] = 99
    loose = returns.write("K02", filling=filling)
    with zipfile.ZipFile(workspace.inbox / "法制科.zip", "w") as archive:
        archive.write(loose, "法制科/K02.xlsx")
    loose.unlink()
    result = check(workspace.root)
    assert result.statuses()["K02"] == "error"
    (copy,) = (workspace.output / "feedback").glob("K02_*.xlsx")
    assert fill_rgb(openpyxl.load_workbook(copy)["自评表"]["H4"]) == ERROR_FILL
