"""The monitoring round's workbook: lagging indicators, all progress, who reported, changes."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from xlsxwriter.worksheet import Worksheet

from perfxl import i18n
from perfxl.addresses import reachable
from perfxl.cells import wrapped_height
from perfxl.issue_writer import add_issue_sheet
from perfxl.issues import Issue
from perfxl.model import Master, percent_text
from perfxl.progress import ProgressLine, RoundSummary
from perfxl.workspace import scratch_folder, write_atomically
from perfxl.xlsx_style import (
    fit_row,
    make_formats,
    merge_title,
    new_workbook,
    page_footer,
    print_setup,
    write_value,
)


def progress_file_name(summary: RoundSummary, lang: str) -> str:
    from perfxl.workspace import safe_file_name

    return safe_file_name(i18n.t("progress.workbook", lang, round=summary.round))


def percent(value: Decimal | None) -> str:
    return percent_text(value) if value is not None else "—"


def write_progress_workbook(path: Path, master: Master, summary: RoundSummary,
                            issues: Sequence[Issue], lang: str) -> Path:
    def write(target: Path) -> None:
        with scratch_folder(target.parent) as scratch:
            _write(target, scratch, master, summary, issues, lang)

    return write_atomically(path, write)


def _write(target: Path, scratch: Path, master: Master, summary: RoundSummary,
           issues: Sequence[Issue], lang: str) -> None:
    book = new_workbook(target, scratch)
    formats = make_formats(book)
    base = {"font_name": "宋体", "font_size": 10, "border": 1, "align": "center",
            "valign": "vcenter"}
    pct = book.add_format({**base, "num_format": "0.0%"})
    behind = book.add_format({**base, "num_format": "0.0%", "font_color": "#C00000",
                              "bold": True})
    settings = master.settings
    title = i18n.t("progress.workbook_title", lang, unit=settings.unit, year=settings.year,
                   round=summary.round)
    subtitle = i18n.t("progress.subtitle", lang, as_of=summary.as_of.isoformat(),
                      expected=percent(summary.expected))

    def sheet(key: str, labels: list[tuple[str, int]]) -> tuple[Worksheet, int]:
        name = i18n.t(key, lang)
        page = book.add_worksheet(name)
        last = len(labels) - 1
        merge_title(page, 0, last, title, sum(w for _l, w in labels), formats, 28)
        page.set_row(1, wrapped_height([(subtitle, sum(w for _l, w in labels))]))
        page.merge_range(1, 0, 1, last, subtitle, formats.note)
        page.set_row(2, wrapped_height(labels))
        for n, (label, width) in enumerate(labels):
            page.set_column(n, n, width)
            page.write_string(2, n, label, formats.header)
        page.freeze_panes(3, 0)
        print_setup(page, (2, 2), page_footer(name, lang))
        return page, 2

    def label(key: str) -> str:
        return i18n.t(key, lang)

    line_columns = [(label("report.col.code"), 8), (label("report.col.section"), 18),
                    (label("report.col.id"), 7), (label("report.col.indicator"), 24),
                    (label("report.col.points"), 6), (label("progress.col.progress"), 9),
                    (label("progress.col.expected"), 9), (label("progress.col.lag"), 8),
                    (label("progress.col.note"), 36), (label("progress.col.problems"), 28),
                    (label("progress.col.next_steps"), 28)]

    def lines(key: str, chosen: list[ProgressLine]) -> None:
        page, header = sheet(key, line_columns)
        widths = [width for _label, width in line_columns]
        for row, line in enumerate(chosen, start=header + 1):
            page.set_row(row, wrapped_height((
                (line.section_name, widths[1]), (line.indicator_name, widths[3]),
                (line.note, widths[8]), (line.problems, widths[9]),
                (line.next_steps, widths[10]))))
            for n, value in enumerate((line.section_code, line.section_name,
                                       line.indicator_id, line.indicator_name)):
                page.write_string(row, n, value, formats.text)
            write_value(page, row, 4, line.points, formats.number)
            write_value(page, row, 5, line.progress, behind if line.lagging else pct)
            write_value(page, row, 6, line.expected, pct)
            write_value(page, row, 7, line.lag if line.lagging else None, behind)
            for n, value in enumerate((line.note, line.problems, line.next_steps), start=8):
                page.write_string(row, n, value, formats.text)
        if not chosen:
            page.write_string(header + 1, 0, label("report.none"), formats.text)
        page.autofilter(header, 0, header + max(len(chosen), 1), len(line_columns) - 1)

    lines("progress.sheet.lagging", summary.lagging)
    lines("progress.sheet.all", list(summary.lines))
    section_columns = [
        (label("report.col.code"), 8), (label("report.col.section"), 20),
        (label("report.col.status"), 9), (label("progress.col.lagging"), 10),
        (label("report.col.contact"), 10), (label("report.col.email"), 28)]
    page, header = sheet("progress.sheet.sections", section_columns)
    lagging_counts: dict[str, int] = {}
    for line in summary.lagging:
        lagging_counts[line.section_code] = lagging_counts.get(line.section_code, 0) + 1
    for row, section in enumerate(master.sections, start=header + 1):
        status = "missing" if section.code not in summary.reported else \
            "error" if section.code in summary.faulty else "ok"
        values = (section.code, section.name, i18n.t(f"status.{status}", lang),
                  lagging_counts.get(section.code, 0) if status != "missing" else None,
                  section.contact, reachable(section.email))
        for n, value in enumerate(values):
            write_value(page, row, n, value, formats.text)
        fit_row(page, row, [(value, width) for value, (_label, width)
                            in zip(values, section_columns, strict=True)
                            if isinstance(value, str)])
    changes = summary.changed
    page, header = sheet("progress.sheet.changes", [
        (label("report.col.code"), 8), (label("report.col.section"), 18),
        (label("report.col.id"), 7), (label("report.col.indicator"), 26),
        (label("progress.col.previous"), 10), (label("progress.col.progress"), 10),
        (label("progress.col.change"), 10)])
    for row, line in enumerate(changes, start=header + 1):
        fit_row(page, row, ((line.section_name, 18), (line.indicator_name, 26)))
        for n, value in enumerate((line.section_code, line.section_name, line.indicator_id,
                                   line.indicator_name)):
            page.write_string(row, n, value, formats.text)
        write_value(page, row, 4, line.previous, pct)
        write_value(page, row, 5, line.progress, pct)
        write_value(page, row, 6, line.change, pct)
    if not changes:
        page.write_string(header + 1, 0, label("report.none"), formats.text)
    add_issue_sheet(book, issues, master, lang, title)
    book.close()

