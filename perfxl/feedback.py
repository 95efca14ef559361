"""Feedback copies: a section's own return with every problem cell highlighted and commented.

The copy is written to output/feedback/; the returned file itself is only ever read.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from perfxl import i18n
from perfxl.cells import column_letter
from perfxl.issues import Issue, Severity
from perfxl.model import Section, Settings
from perfxl.package import compress_part, write_package
from perfxl.workspace import write_bytes
from perfxl.xlsx_patch import CellMark, FrontSheet, Unsupported, clean_text, marked_copy

ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"


def feedback_file_name(section: Section, lang: str) -> str:
    from perfxl.workspace import safe_file_name

    return safe_file_name(i18n.t("feedback.file_name", lang, code=section.code, name=section.name))


def write_feedback_copy(
    source: Path, target: Path, issues: Sequence[Issue], section: Section, lang: str,
    settings: Settings | None = None, round_name: str | None = None,
) -> Path:
    """Copy `source` to `target` marking each located issue. Its first sheet lists the
    problems, titled with `settings` (unit, year, deadline) and the monitoring round's name
    for a round's 进度表.

    The copy is patched in place (xlsx_patch), so it stays the section's own file; a package
    spelled in a way the patcher does not edit goes through openpyxl instead. An .ods or
    .xls return, which perfxl does not write, and a package neither can edit, get the
    list of its problems alone.
    """
    unmarkable = source.suffix.lower() not in (".xlsx", ".xlsm")
    form = i18n.t("feedback.form" if round_name is None else "feedback.form_round", lang)
    marks = _marks(issues, lang)
    front = FrontSheet(
        i18n.t("feedback.sheet", lang),
        [[i18n.t(f"issues.col.{k}", lang) for k in ("severity", "sheet", "cell", "message")],
         *([i18n.t(f"severity.{i.severity.value}", lang), i.sheet or "", i.cell or "",
            i.message(lang)] for i in issues)],
        widths=(8, 14, 9, 90),
        title=i18n.t("feedback.title" if round_name is None else "feedback.title_round", lang,
                     unit=settings.unit, year=settings.year, round=round_name,
                     section=section.name) if settings else "",
        note=(i18n.t("feedback.note_unmarked", lang, extension=source.suffix.lower(),
                     form=form) if unmarkable else i18n.t("feedback.note", lang, form=form))
        if settings else "",
        footer_left=section.name, footer_center=i18n.t("page_footer", lang),
    )
    if unmarkable:
        return _problems_alone(target, front)
    try:
        package = marked_copy(source, marks, front)
    except Unsupported:
        copied = _openpyxl_copy(source, target, marks, front)
        if copied is not None:
            return copied
        # a package neither can edit (Strict Open XML, say): the list alone, which says so
        return _problems_alone(target, replace(front, note=i18n.t(
            "feedback.note_unwritable", lang, form=form)) if settings else front)
    return write_bytes(target, package)


def _marks(issues: Sequence[Issue], lang: str) -> list[CellMark]:
    """One mark per problem cell: red if any of its problems is an error, else yellow."""
    by_cell: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        if issue.sheet and issue.cell and issue.cell[0].isalpha():
            by_cell.setdefault((issue.sheet, issue.cell), []).append(issue)
    marks = []
    for (sheet, ref), found in by_cell.items():
        error = any(i.severity is Severity.ERROR for i in found)
        text = "\n".join(_comment_line(issue, lang) for issue in found)
        marks.append(CellMark(sheet, ref, ERROR_FILL if error else WARNING_FILL, text))
    return marks


def _comment_line(issue: Issue, lang: str) -> str:
    """"错误：…（SCORE_004）": what the section must do first; the code last, for the office,
    who finds the same problem under it in 问题清单."""
    severity = i18n.t(f"severity.{issue.severity.value}", lang)
    if lang == "en":
        severity = severity.capitalize()
    return f"{severity}{i18n.colon(lang)}{issue.message(lang)}{i18n.aside(issue.code, lang)}"


def _openpyxl_copy(source: Path, target: Path, marks: Sequence[CellMark],
                   front: FrontSheet) -> Path | None:
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(source)
    except Exception:  # a file openpyxl cannot open still has its problems in 问题清单
        return None
    if any(mark.sheet not in book.sheetnames for mark in marks):
        return None  # sheets openpyxl did not see (Strict OOXML): a copy would lose them
    for mark in marks:
        cell = _writable_cell(book[mark.sheet], mark.ref)
        cell.fill = PatternFill("solid", start_color=mark.fill, end_color=mark.fill)
        cell.comment = Comment(clean_text(mark.comment), "perfxl", width=320, height=160)
    _front_sheet(book.create_sheet(front.name, 0), front)
    book.active = 0
    for other in book.worksheets[1:]:
        other.sheet_view.tabSelected = False
    write_bytes(target, _saved_as_written(book))
    return target


def _problems_alone(target: Path, front: FrontSheet) -> Path:
    """A workbook of the front sheet alone, for a return perfxl can read but not write."""
    import openpyxl

    from perfxl.workspace import FIXED_TIME

    book = openpyxl.Workbook()
    book.properties.created = book.properties.modified = FIXED_TIME  # the same bytes each run
    book.remove(book.worksheets[0])
    _front_sheet(book.create_sheet(front.name), front)
    write_bytes(target, _saved_as_written(book))
    return target


def _front_sheet(sheet: Any, front: FrontSheet) -> None:
    """The front sheet through openpyxl, laid out as xlsx_patch writes it."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    wrap = Alignment(vertical="top", wrap_text=True)
    last = front.last_column() + 1
    for size, text in ((14, front.title), (0, front.note)):
        if text:
            sheet.append([clean_text(text)])
            row = sheet.max_row
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
            sheet.cell(row, 1).font = Font(bold=True, size=size) if size else Font()
            sheet.cell(row, 1).alignment = Alignment(
                horizontal="center", vertical="center", wrap_text=True) if size else wrap
            if size:  # as xlsx_patch writes it: a long name wraps
                sheet.row_dimensions[row].height = front.title_height()
    thin = Side(style="thin")
    for values, height in zip(front.rows, front.heights(), strict=True):
        sheet.append([clean_text(value) for value in values])
        row = sheet.max_row
        sheet.row_dimensions[row].height = height
        for cell in sheet[row]:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = wrap
            if height is None:  # the header
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", start_color="D9E1F2", end_color="D9E1F2")
    for index, width in enumerate(front.widths):
        sheet.column_dimensions[column_letter(index)].width = width
    header = front.header_row
    sheet.freeze_panes = f"A{header + 1}"
    sheet.print_title_rows = f"{header}:{header}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if front.footer_left:
        sheet.oddFooter.left.text = front.footer_left_codes()
    if front.footer_center:
        sheet.oddFooter.center.text = front.footer_center


def _saved_as_written(book: Any) -> bytes:
    """The workbook's bytes, the same for the same return: openpyxl's `save` stamps the
    time of saving into docProps/core.xml and every member's header. The properties keep
    the return's own times here, and the members are repacked with perfxl's fixed one."""
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    with zipfile.ZipFile(buffer) as saved:
        return write_package([compress_part(info.filename, saved.read(info))
                              for info in saved.infolist()])


def _writable_cell(sheet: Any, ref: str) -> Any:
    """The cell at `ref`, or the top-left cell of the merged range that covers it."""
    for merged in sheet.merged_cells.ranges:
        if ref in merged:
            return sheet.cell(merged.min_row, merged.min_col)
    return sheet[ref]
