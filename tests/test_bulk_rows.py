"""Rows spliced into a closed xlsxwriter workbook read back exactly, styled, in every reader."""

from __future__ import annotations

import io
import zipfile
from contextlib import nullcontext
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from perfxl.workspace import scratch_folder
from perfxl.xlsx_style import BulkRows, new_workbook, splice_rows

TRICKY = ["办公室 & <法制> 科", " leading space", "bell\x07 and tab\t", "_x0041_ stays literal",
          "=SUM(A1:A3)", "普通文字",
          # xlsxwriter writes text shaped like its rich-text markup out unescaped: broken XML
          "<r>全面完成 & 超额</r>", "<r>无</r>"]


def write_book(path: Path, rows: list[tuple[object, ...]], constant_memory: bool = True) -> Path:
    with scratch_folder(path.parent) if constant_memory else nullcontext() as scratch:
        return _write_book(path, rows, scratch)


def _write_book(path: Path, rows: list[tuple[object, ...]], scratch: Path | None) -> Path:
    buffer = io.BytesIO()
    book = new_workbook(buffer, scratch)
    text = book.add_format({"font_name": "宋体", "border": 1})
    score = book.add_format({"num_format": "0.00;[Red]-0.00"})
    shaded = book.add_format({"num_format": "0.00", "bg_color": "#FFF2CC"})
    first = book.add_worksheet("排名")
    first.write_string(0, 0, "before", text)
    sheet = book.add_worksheet("得分明细")
    sheet.write_string(0, 0, "标题", text)
    for n, label in enumerate(("名称", "分值", "核定")):
        sheet.write_string(1, n, label, text)
    sheet.autofilter(1, 0, 1 + len(rows), 2)
    bulk = BulkRows(sheet, 2, 3)
    styles = (bulk.style(text), bulk.style(score), bulk.style(shaded))
    for row in rows:
        bulk.add(list(zip(row, styles, strict=True)))
    reference = book.add_worksheet("规则")  # the same texts, written by xlsxwriter itself
    for n, row in enumerate(rows):
        reference.write_string(n, 0, str(row[0]), text)
    book.close()
    splice_rows(buffer, path, [bulk])
    return path


ROWS = [(name, Decimal("12.5"), None if n % 2 else Decimal(n) - Decimal("0.25"))
        for n, name in enumerate(TRICKY)]


@pytest.mark.parametrize("constant_memory", [True, False])  # inline or shared strings
def test_spliced_rows_read_back_with_their_formats(tmp_path: Path, constant_memory: bool
                                                   ) -> None:
    path = write_book(tmp_path / "book.xlsx", ROWS, constant_memory)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["排名", "得分明细", "规则"]
    sheet = book["得分明细"]
    assert sheet.max_row == 2 + len(ROWS)
    assert sheet.auto_filter.ref == f"A2:C{2 + len(ROWS)}"
    for number, (_name, points, approved) in enumerate(ROWS, start=3):
        # control characters come back as xlsxwriter itself writes them
        assert sheet.cell(number, 1).value == book["规则"].cell(number - 2, 1).value
        assert sheet.cell(number, 1).data_type == "s"  # text, never a formula
        assert sheet.cell(number, 2).value == pytest.approx(float(points))
        assert sheet.cell(number, 2).number_format == "0.00;[Red]-0.00"
        expected = None if approved is None else pytest.approx(float(approved))
        assert sheet.cell(number, 3).value == expected
        assert sheet.cell(number, 3).fill.fgColor.rgb.endswith("FFF2CC")
    calamine = python_calamine.CalamineWorkbook.from_path(str(path))
    values = calamine.get_sheet_by_name("得分明细").to_python()
    assert [row[0] for row in values[2:]] == TRICKY
    shared = "xl/sharedStrings.xml" in zipfile.ZipFile(path).namelist()
    assert shared == (not constant_memory)


def test_splicing_is_deterministic_and_handles_no_rows(tmp_path: Path) -> None:
    first = write_book(tmp_path / "a.xlsx", ROWS).read_bytes()
    assert write_book(tmp_path / "b.xlsx", ROWS).read_bytes() == first
    empty = openpyxl.load_workbook(write_book(tmp_path / "empty.xlsx", []))
    assert empty["得分明细"].max_row == 2


def test_libreoffice_opens_the_spliced_sheet(tmp_path: Path) -> None:
    from tests.libreoffice import convert_with_libreoffice, require_libreoffice

    require_libreoffice()
    path = write_book(tmp_path / "book.xlsx", ROWS)
    (saved,) = convert_with_libreoffice(path, [tmp_path / "out" / "book.xlsx"])
    book = openpyxl.load_workbook(saved)
    sheet = book["得分明细"]
    assert [sheet.cell(n, 1).value for n in range(3, 3 + len(ROWS))] == [
        book["规则"].cell(n, 1).value for n in range(1, 1 + len(ROWS))]
    assert sheet.cell(3, 2).value == pytest.approx(12.5)


@pytest.mark.parametrize("constant_memory", [True, False])
def test_repeated_values_of_any_type_read_back(tmp_path: Path, constant_memory: bool) -> None:
    """Cell endings are reused by value: equal values of other types must still be right."""
    rows: list[tuple[object, ...]] = [("12", Decimal("12"), 12.0), ("12", 12.0, Decimal(12)),
                                      ("12.0", Decimal("12.50"), 12.5), ("x" * 100, 0, False),
                                      ("x" * 100, Decimal(0), None)]
    path = write_book(tmp_path / "book.xlsx", rows, constant_memory)
    sheet = openpyxl.load_workbook(path)["得分明细"]
    values = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=3)]
    assert values == [("12", 12, 12), ("12", 12, 12), ("12.0", 12.5, 12.5),
                      ("x" * 100, 0, 0), ("x" * 100, 0, None)]
    assert all(row[0].data_type == "s" for row in sheet.iter_rows(min_row=3))


@pytest.mark.parametrize("constant_memory", [True, False])
def test_text_longer_than_a_cell_holds_is_cut_to_it(tmp_path: Path, constant_memory: bool
                                                     ) -> None:
    """Excel holds 32,767 UTF-16 units in a cell and repairs a file with more: a 44,000-
    character 完成情况 went whole into review.xlsx. An emoji takes two units."""
    long, emoji = "完" * 44_000, "👍" * 20_000
    rows = [(long, Decimal(1), None), (emoji, Decimal(2), None), ("<r>" + long + "</r>",
                                                                   Decimal(3), None)]
    path = write_book(tmp_path / "book.xlsx", rows, constant_memory)
    book = openpyxl.load_workbook(path)
    for sheet, column in ((book["得分明细"], 1), (book["规则"], 1)):
        first = 3 if sheet.title == "得分明细" else 1
        texts = [sheet.cell(first + n, column).value for n in range(3)]
        assert texts[0] == long[:32_767]
        assert texts[1] == emoji[:16_383]  # a pair is never split
        assert texts[2].startswith("<r>完完") and len(texts[2]) <= 32_767
