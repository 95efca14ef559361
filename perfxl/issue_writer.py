"""Writes the list of problems (问题清单) as a sheet: its own workbook, or inside another."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from xlsxwriter import Workbook

from perfxl import i18n
from perfxl.cells import wrapped_height
from perfxl.issues import Issue
from perfxl.model import Master
from perfxl.workspace import write_atomically
from perfxl.xlsx_style import (
    make_formats,
    merge_title,
    new_workbook,
    page_footer,
    print_setup,
    write_value,
)

COLUMNS = ("section", "file", "sheet", "cell", "severity", "code", "value", "message")
WIDTHS = (18, 34, 12, 8, 7, 12, 16, 80)


def sort_issues(issues: Sequence[Issue], master: Master) -> list[Issue]:
    """Errors first, then by section in master order, file, sheet and cell."""
    order = {s.code: n for n, s in enumerate(master.sections)}
    rank = {"error": 0, "warning": 1, "info": 2}
    return sorted(
        issues,
        key=lambda i: (
            rank[i.severity.value],
            order.get(i.section or "", len(order)),
            i.file or "",
            i.sheet or "",
            _cell_key(i.cell),
            i.code,
        ),
    )


def _cell_key(cell: str | None) -> tuple[int, str]:
    if not cell:
        return (0, "")
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (int(digits) if digits else 0, cell)


def add_issue_sheet(
    book: Workbook, issues: Sequence[Issue], master: Master, lang: str, title: str
) -> None:
    """A sheet listing every issue with where it is, what is wrong and how to fix it."""
    formats = make_formats(book)
    error = book.add_format({"font_name": "宋体", "font_size": 10, "border": 1,
                             "font_color": "#9C0006", "bg_color": "#FFC7CE"})
    name = i18n.t("issues.sheet", lang)
    sheet = book.add_worksheet(name)
    merge_title(sheet, 0, len(COLUMNS) - 1, title, sum(WIDTHS), formats, 28)
    for n, (key, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True)):
        sheet.set_column(n, n, width)
        sheet.write_string(1, n, i18n.t(f"issues.col.{key}", lang), formats.header)
    names = {s.code: s.label for s in master.sections}
    for row, issue in enumerate(sort_issues(issues, master), start=2):
        values = (
            names.get(issue.section or "", issue.section or ""),
            issue.file or "",
            issue.sheet or "",
            issue.cell or "",
            i18n.t(f"severity.{issue.severity.value}", lang),
            issue.code,
            issue.value or "",
            issue.message(lang),
        )
        sheet.set_row(row, wrapped_height(list(zip(values, WIDTHS, strict=True))))
        for column, value in enumerate(values):
            fmt = error if column == 4 and issue.severity.value == "error" else formats.text
            write_value(sheet, row, column, value, fmt)
    if not issues:
        sheet.write_string(2, 0, i18n.t("issues.none", lang), formats.text)
    sheet.freeze_panes(2, 0)
    sheet.autofilter(1, 0, max(len(issues), 1) + 1, len(COLUMNS) - 1)
    print_setup(sheet, (1, 1), page_footer(name, lang))


def write_issue_list(path: Path, issues: Sequence[Issue], master: Master, lang: str,
                     round_name: str | None = None) -> Path:
    """output/问题清单.xlsx: the same sheet in a workbook of its own, titled for the annual
    assessment or the monitoring round `round_name`."""

    def write(target: Path) -> None:
        book = new_workbook(target)
        settings = master.settings
        title = i18n.t("issues.round_title" if round_name else "issues.title", lang,
                       unit=settings.unit, year=settings.year, round=round_name)
        add_issue_sheet(book, issues, master, lang, title)
        book.close()

    return write_atomically(path, write)
