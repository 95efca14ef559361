"""The look shared by every workbook perfxl writes: formats, print setup, safe cell writing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from perfxl.workspace import FIXED_TIME

A4 = 9


def new_workbook(path: Path, constant_memory: bool = False) -> xlsxwriter.Workbook:
    """A workbook that never turns text into formulas or links and has a fixed timestamp."""
    book = xlsxwriter.Workbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "constant_memory": constant_memory,
            "in_memory": not constant_memory,
        },
    )
    book.set_properties({"created": FIXED_TIME, "author": "perfxl", "company": ""})
    return book


@dataclass(frozen=True)
class Formats:
    """The handful of cell formats every sheet uses."""

    title: Format
    header: Format
    text: Format
    text_center: Format
    number: Format
    input_number: Format
    input_text: Format
    subtotal: Format
    subtotal_number: Format
    note: Format


def make_formats(book: xlsxwriter.Workbook) -> Formats:
    base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter", "border": 1}
    yellow = "#FFF9DB"
    return Formats(
        title=book.add_format(
            {
                "font_name": "宋体",
                "font_size": 16,
                "bold": True,
                "align": "center",
                "valign": "vcenter",
            }
        ),
        header=book.add_format(
            {**base, "bold": True, "bg_color": "#DDEBF7", "align": "center", "text_wrap": True}
        ),
        text=book.add_format({**base, "text_wrap": True, "valign": "top"}),
        text_center=book.add_format({**base, "align": "center"}),
        number=book.add_format({**base, "num_format": "0.##", "align": "center"}),
        input_number=book.add_format(
            {**base, "num_format": "0.##", "align": "center", "locked": False, "bg_color": yellow}
        ),
        input_text=book.add_format(
            {**base, "text_wrap": True, "valign": "top", "locked": False, "bg_color": yellow}
        ),
        subtotal=book.add_format({**base, "bold": True, "bg_color": "#F2F2F2"}),
        subtotal_number=book.add_format(
            {**base, "bold": True, "bg_color": "#F2F2F2", "num_format": "0.##", "align": "center"}
        ),
        note=book.add_format(
            {"font_name": "宋体", "font_size": 10, "text_wrap": True, "valign": "top"}
        ),
    )


def print_setup(sheet: Worksheet, header_rows: tuple[int, int] | None, footer: str) -> None:
    """A4 landscape, one page wide, header rows repeated, a footer with page numbers."""
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if header_rows is not None:
        sheet.repeat_rows(*header_rows)
    sheet.set_footer(footer[:250])


def footer_text(text: str) -> str:
    """Header/footer text with `&` escaped, so section names cannot inject codes."""
    return text.replace("&", "&&")


def write_value(sheet: Worksheet, row: int, column: int, value: Any, fmt: Format | None) -> None:
    """Numbers as numbers, None as blank, everything else strictly as a string."""
    if value is None:
        sheet.write_blank(row, column, None, fmt)
    elif isinstance(value, bool):
        sheet.write_string(row, column, "是" if value else "否", fmt)
    elif isinstance(value, (int, float, Decimal)):
        sheet.write_number(row, column, float(value), fmt)
    else:
        sheet.write_string(row, column, str(value), fmt)


def add_score_validations(sheet: Worksheet, column: int, rows_by_points: dict[Decimal, list[int]],
                          prompt_title: str, prompt: str, error_title: str,
                          error: str) -> None:
    """One decimal 0..分值 validation per distinct 分值, covering every row worth that much.

    `prompt` and `error` are templates with `{points}`. A thousand sections would otherwise
    mean tens of thousands of validation records.
    """
    for points, rows in sorted(rows_by_points.items()):
        shown = format(points.normalize(), "f")
        maximum = int(points) if points == points.to_integral_value() else float(points)
        sheet.data_validation(rows[0], column, rows[0], column, {
            "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": maximum,
            "input_title": prompt_title[:32],
            "input_message": prompt.format(points=shown)[:255],
            "error_title": error_title[:32],
            "error_message": error.format(points=shown)[:255],
            "other_cells": [[r, column, r, column] for r in rows[1:]],
        })
