"""Feedback copies: a section's own return with every problem cell highlighted and commented.

The copy is written to output/feedback/; the returned file itself is only ever read.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from perfxl import i18n
from perfxl.issues import Issue, Severity
from perfxl.model import Section
from perfxl.workspace import write_atomically

ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"


def feedback_file_name(section: Section, lang: str) -> str:
    from perfxl.template_writer import safe_file_name

    return safe_file_name(i18n.t("feedback.file_name", lang, code=section.code, name=section.name))


def write_feedback_copy(
    source: Path, target: Path, issues: Sequence[Issue], section: Section, lang: str
) -> Path | None:
    """Copy `source` to `target` marking each located issue; None if it cannot be opened."""
    if source.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(source)
    except Exception:  # a file openpyxl cannot open still has its problems in 问题清单
        return None
    by_cell: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        if issue.sheet in book.sheetnames and issue.cell and issue.cell[0].isalpha():
            by_cell.setdefault((issue.sheet, issue.cell), []).append(issue)
    for (sheet_name, ref), found in by_cell.items():
        cell = _writable_cell(book[sheet_name], ref)
        worst = Severity.ERROR if any(i.severity is Severity.ERROR for i in found) else None
        color = ERROR_FILL if worst else WARNING_FILL
        cell.fill = PatternFill("solid", start_color=color, end_color=color)
        text = "\n".join(f"{i.code}：{clean(i.message(lang))}" for i in found)
        cell.comment = Comment(text, "perfxl", width=320, height=160)
    sheet = book.create_sheet(i18n.t("feedback.sheet", lang), 0)
    headers = [i18n.t(f"issues.col.{k}", lang) for k in ("severity", "sheet", "cell", "message")]
    sheet.append(headers)
    for issue in issues:
        sheet.append([
            i18n.t(f"severity.{issue.severity.value}", lang),
            clean(issue.sheet or ""),
            issue.cell or "",
            clean(issue.message(lang)),
        ])
    for cell in sheet[1]:
        cell.font = openpyxl.styles.Font(bold=True)
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 8
    sheet.column_dimensions["D"].width = 110
    book.active = 0
    for other in book.worksheets[1:]:
        other.sheet_view.tabSelected = False
    write_atomically(target, lambda path: book.save(path))
    return target


def clean(text: str) -> str:
    """Text without the control characters an .xlsx cannot hold (pasted from Word, say)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return str(ILLEGAL_CHARACTERS_RE.sub("\ufffd", text))


def _writable_cell(sheet: Any, ref: str) -> Any:
    """The cell at `ref`, or the top-left cell of the merged range that covers it."""
    for merged in sheet.merged_cells.ranges:
        if ref in merged:
            return sheet.cell(merged.min_row, merged.min_col)
    return sheet[ref]
