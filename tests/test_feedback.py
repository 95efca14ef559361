"""Feedback copies: the section's own file, patched, with every problem cell marked."""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfxl.cells import a1, display_width
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
    front = book["问题说明"]
    assert front["A1"].value == "测试局2020年度绩效考评自评表问题反馈（法制科）"
    assert front["A2"].value.startswith("请按下表逐项修改自评表")
    header = front[3]
    assert header[0].value == "级别" and header[0].font.b
    assert front["D4"].value.startswith("指标 A02") and front["D4"].alignment.wrap_text
    # printed as the other sheets are: landscape, one page wide, the header on every page
    assert front.page_setup.orientation == "landscape" and front.page_setup.fitToWidth == 1
    assert front.sheet_properties.pageSetUpPr.fitToPage
    assert front.print_title_rows == "$3:$3" and front.freeze_panes == "A4"
    assert front.oddFooter.left.text == "法制科" and "&P" in front.oddFooter.center.text
    message = front["D4"].value  # wrapped in its 90-wide column, each line 15 points
    lines = math.ceil(display_width(message) / (90 - 1.5))
    assert front.row_dimensions[4].height == lines * 15 + 4
    cell = book["自评表"]["H4"]
    assert cell.comment is not None and cell.comment.text.startswith("错误：指标 A02")
    assert cell.comment.text.endswith("（SCORE_004）")
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
    target = write_feedback_copy(source, tmp_path / "copy.xlsx", [issue], section, "zh",
                                 returns.master.settings)
    assert target is not None
    sheet = openpyxl.load_workbook(target)["自评表"]
    assert sheet["F3"].comment.text.startswith("科室自己的批注")
    front = openpyxl.load_workbook(target)["问题说明"]  # laid out as the patcher lays it out
    assert front["A1"].value.endswith("问题反馈（法制科）") and front["A3"].value == "级别"
    assert "A02" in front["D4"].value and front["D4"].alignment.wrap_text
    assert front.print_title_rows == "$3:$3" and front.freeze_panes == "A4"
    assert front.page_setup.orientation == "landscape" and front.page_setup.fitToWidth == 1
    assert front.oddFooter.left.text == "法制科"
    assert "SCORE_002" in sheet["H4"].comment.text
    # the same return gives the same bytes, whenever and wherever it is written: openpyxl
    # stamped the time into docProps/core.xml and every member's header, in local time
    import time

    copies = []
    for zone in ("Asia/Shanghai", "America/New_York"):
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        copy = write_feedback_copy(source, tmp_path / f"{zone[:4]}.xlsx", [issue], section, "zh",
                                   returns.master.settings)
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


def test_the_problems_alone_when_openpyxl_would_drop_the_sheets(
    workspace: Workspace, source: Path, tmp_path: Path
) -> None:
    """A Strict Open XML return: the patcher does not edit it and openpyxl reads it as a
    workbook without sheets, so a "copy" would hold only the problem sheet. No file was
    written, and nothing said why the section in error had none: it gets the list of its
    problems, saying why its cells are not marked."""
    strict = hostile.strict_ooxml(source, tmp_path / "K02.xlsx")
    strict.replace(source)  # the return in the inbox, now in Strict namespaces
    strict = source
    with pytest.raises(Unsupported):
        marked_copy(strict, [], FRONT)
    result = check(workspace.root)
    assert [(i.code, i.cell) for i in result.issues] == [("SCORE_004", "H4")]
    book = openpyxl.load_workbook(dict(result.outputs)["feedback"])
    assert book.sheetnames == ["问题说明"]
    assert "Strict Open XML" in book["问题说明"]["A2"].value
    assert [c.value for c in book["问题说明"][4]][2] == "H4"


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


# --- what Excel refuses or repairs (found by an audit against the Open XML schema) ----------

_DATA_BAR = (b'<conditionalFormatting sqref="H3:H9"><cfRule type="dataBar" priority="1"><dataBar>'
             b'<cfvo type="min"/><cfvo type="max"/><color rgb="FF638EC6"/></dataBar><extLst>'
             b'<ext uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}" xmlns:x14="http://schemas.'
             b'microsoft.com/office/spreadsheetml/2009/9/main"><x14:id>{1}</x14:id></ext>'
             b'</extLst></cfRule></conditionalFormatting>')


def _worksheet_children(package: bytes, sheet_part: str) -> list[str]:
    import io
    import xml.etree.ElementTree as ElementTree

    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        root = ElementTree.fromstring(archive.read(sheet_part))
    return [child.tag.rsplit("}", 1)[-1] for child in root]


def test_the_comments_drawing_is_a_child_of_the_worksheet_past_a_data_bar(
    source: Path, tmp_path: Path
) -> None:
    """Excel 2010 writes an <extLst> inside a data bar's rule; <legacyDrawing> went in there,
    and Excel repaired the sheet, dropping the comments' link."""
    part = hostile.sheet_part(source, "自评表")
    barred = hostile.patch_sheet(source, tmp_path / "bar.xlsx", "自评表", lambda xml: xml.replace(
        b"<pageMargins", _DATA_BAR + b"<pageMargins", 1))
    copy = marked_copy(barred, [CellMark("自评表", "H4", ERROR_FILL, "x")], FRONT)
    children = _worksheet_children(copy, part)
    assert "legacyDrawing" in children
    assert children.index("legacyDrawing") > children.index("conditionalFormatting")


def test_a_sheet_selected_as_libreoffice_writes_it_is_unselected(
    source: Path, tmp_path: Path
) -> None:
    """tabSelected="true" stayed: Excel opened the copy with two sheets grouped, and what was
    typed went into both."""
    spelled = hostile.patch_sheet(source, tmp_path / "lo.xlsx", "自评表", lambda xml: re.sub(
        rb"<sheetView\b", b'<sheetView tabSelected="true"',
        re.sub(rb'\stabSelected="\w+"', b"", xml), count=1))
    target = tmp_path / "copy.xlsx"
    target.write_bytes(marked_copy(spelled, [], FRONT))
    book = openpyxl.load_workbook(target)
    assert [ws.title for ws in book.worksheets if ws.sheet_view.tabSelected] == ["问题说明"]


def test_a_macro_enabled_return_gets_a_plain_workbook_copy(source: Path, tmp_path: Path) -> None:
    """Named .xlsx but typed macro-enabled, the copy was refused by Excel outright."""
    macro_type = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    vba = (b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
           b'relationships/vbaProject" Target="vbaProject.bin"/>')
    xlsm = hostile.rewrite_zip(source, tmp_path / "K02.xlsm", {
        "[Content_Types].xml": lambda xml: re.sub(
            rb"application/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet\.main\+xml",
            macro_type, xml).replace(b"</Types>", b'<Default Extension="bin" ContentType='
                                     b'"application/vnd.ms-office.vbaProject"/></Types>'),
        "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(b"</Relationships>",
                                                             vba + b"</Relationships>"),
    }, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macros"})
    target = tmp_path / "copy.xlsx"
    target.write_bytes(marked_copy(xlsm, [CellMark("自评表", "H4", ERROR_FILL, "x")], FRONT))
    with zipfile.ZipFile(target) as archive:
        types = archive.read("[Content_Types].xml")
        assert b"macroEnabled" not in types
        assert b"spreadsheetml.sheet.main+xml" in types
        assert "xl/vbaProject.bin" not in archive.namelist()
        assert b"vbaProject" not in archive.read("xl/_rels/workbook.xml.rels")
    assert openpyxl.load_workbook(target)["自评表"]["H4"].comment.text == "x"


def test_comments_past_a_thousand_get_their_own_block_of_shape_ids(source: Path) -> None:
    """VML numbers shapes in blocks of 1,024 declared by o:idmap; 1,100 comments ran into
    the next block undeclared (and a second sheet's drawing would reuse its ids)."""
    import io

    marks = [CellMark("自评表", f"K{n}", WARNING_FILL, str(n)) for n in range(1, 1101)]
    marks += [CellMark("自评报告", f"C{n}", WARNING_FILL, str(n)) for n in range(1, 11)]
    package = zipfile.ZipFile(io.BytesIO(marked_copy(source, marks, FRONT)))
    drawings = sorted(n for n in package.namelist() if n.endswith(".vml"))
    declared, used = [], []
    for name in drawings:
        vml = package.read(name).decode()
        blocks = [int(b) for b in re.search(r'o:idmap v:ext="edit" data="([\d,]+)"', vml)[1]
                  .split(",")]  # type: ignore[index]
        ids = [int(i) for i in re.findall(r'id="_x0000_s(\d+)"', vml)]
        assert {i // 1024 for i in ids} <= set(blocks)
        declared += blocks
        used += ids
    assert len(drawings) == 2 and len(used) == len(set(used)) == 1110
    assert len(declared) == len(set(declared))


def test_text_that_looks_like_an_excel_escape_is_shown_as_typed(
    source: Path, tmp_path: Path
) -> None:
    """A section's "_x0031_0分" was shown by Excel as "10分" in the comment and front sheet."""
    front = FrontSheet("问题说明", [["问题"], ["“_x0031_0分”不是数字"]])
    target = tmp_path / "copy.xlsx"
    target.write_bytes(marked_copy(source, [CellMark("自评表", "H4", ERROR_FILL, "_x0031_0分")],
                                   front))
    with zipfile.ZipFile(target) as archive:
        texts = b"".join(archive.read(n) for n in archive.namelist()
                         if n.startswith("xl/comments") or n.endswith(".xml"))
    assert b"_x005F_x0031_0" in texts and b">_x0031_0" not in texts


def test_a_header_label_needing_two_lines_gets_a_row_for_them() -> None:
    """"Severity" in the English copy's 8-wide column showed half of it: the header row had
    no stored height. A header that fits on one line keeps the default."""
    english = FrontSheet("Problems", [["Severity", "Sheet", "Cell", "What is wrong"],
                                      ["error", "Self-assessment", "H4", "x"]],
                         widths=(8, 14, 9, 90))
    assert english.heights()[0] == 2 * 15 + 4
    assert FRONT.heights()[0] is None


def test_a_long_title_gets_the_lines_it_needs() -> None:
    """A 65-character title (unit, year, a long section name) was cut off in a fixed
    27-point row; a short one keeps it."""
    long_title = "龙岩市司法局2020年度绩效考评自评表问题反馈（中共龙岩市司法局委员会办公室党委办公室行政审批服务科法治督察科）"
    front = FrontSheet("问题说明", FRONT.rows, widths=(8, 14, 9, 90), title=long_title)
    assert front.title_height() >= 2 * 19 + 6
    assert FrontSheet("问题说明", FRONT.rows, widths=(8, 14, 9, 90),
                      title="测试局2020年度绩效考评自评表问题反馈（法制科）").title_height() == 27
    # a name typed with Alt+Enter: two lines, however short
    assert FrontSheet("问题说明", FRONT.rows, widths=(8, 14, 9, 90),
                      title="测试局问题反馈（法制科\n综合组）").title_height() >= 2 * 19 + 6


def test_the_feedback_copy_lists_errors_first_and_no_note_for_the_office(
        workspace: Workspace, returns: ReturnFactory) -> None:
    """With --latest, the copy sent back to K02 opened with "已按 --latest 采用最近保存的…",
    a note for the office, above the error K02 had to fix."""
    first = returns.write("K02", name="K02-v1.xlsx")
    filling = returns.filling("K02")
    filling.scores["A02"] = 99
    filling.achievements["A01"] = ""  # a warning too
    second = returns.write("K02", name="K02-v2.xlsx", filling=filling)
    hostile.set_saved_time(first, "2021-01-10T08:00:00Z")
    hostile.set_saved_time(second, "2021-01-20T08:00:00Z")
    result = check(workspace.root, latest=True)
    copy = dict(result.outputs)["feedback"]
    rows = list(openpyxl.load_workbook(copy).worksheets[0].iter_rows(values_only=True))
    listed = [row for row in rows[3:] if row[0]]
    assert listed[0][0] == "错误" and not any("--latest" in str(row[3]) for row in listed)
