"""The consolidated workbook for leadership; formats what analysis computed, computes nothing."""

from __future__ import annotations

import bisect
import io
import itertools
from collections.abc import Sequence
from contextlib import nullcontext
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from perfxl import i18n
from perfxl.addresses import reachable
from perfxl.analysis import LOW_RATE, Assessment
from perfxl.cells import LINE_POINTS_11, taller_than_a_line, wrapped_height
from perfxl.issue_writer import add_issue_sheet
from perfxl.issues import Issue
from perfxl.model import Grade, Master, SectionScore, format_points
from perfxl.ranking import bonus_rounding, bonus_unit
from perfxl.wording import provisional_reasons, rank_change, status_label
from perfxl.workspace import scratch_folder, write_atomically
from perfxl.xlsx_style import (
    BulkRows,
    Formats,
    fit_row,
    header_width,
    make_formats,
    merge_title,
    new_workbook,
    page_footer,
    print_setup,
    splice_rows,
    write_value,
)

GRADE_COLORS = {
    Grade.EXCELLENT: "#C6EFCE",
    Grade.GOOD: "#DDEBF7",
    Grade.FAIR: "#FFEB9C",
    Grade.POOR: "#FFC7CE",
}
SCORE_FORMAT = "0.00;[Red]-0.00"


def report_file_name(master: Master, lang: str) -> str:
    from perfxl.workspace import safe_file_name

    settings = master.settings
    return safe_file_name(i18n.t("report.file_name", lang, unit=settings.unit,
                                 year=settings.year))


class _Sheets:
    """Shared formats and helpers for one workbook."""

    def __init__(self, book: Workbook, assessment: Assessment, lang: str) -> None:
        self.book = book
        self.assessment = assessment
        self.lang = lang
        self.f: Formats = make_formats(book)
        base = {"font_name": "宋体", "font_size": 10, "border": 1, "valign": "vcenter"}
        self.score = book.add_format({**base, "num_format": SCORE_FORMAT, "align": "center"})
        self.score_total = book.add_format({**base, "num_format": SCORE_FORMAT,
                                            "align": "center", "bold": True,
                                            "bg_color": "#F2F2F2"})
        # bonuses as they were rounded: whole yuan, or to the jiao of a pool of 100.5 yuan
        places = format_points(bonus_unit(assessment.master.settings.bonus_pool)).partition(".")[2]
        money = "#,##0" + ("." + "0" * len(places) if places else "")
        self.money = book.add_format({**base, "num_format": money, "align": "right"})
        self.money_exact = book.add_format({**base, "num_format": "#,##0.00", "align": "right"})
        self.percent = book.add_format({**base, "num_format": "0.0%", "align": "center"})
        self.adjusted = book.add_format({**base, "num_format": SCORE_FORMAT, "align": "center",
                                         "bg_color": "#FFF2CC"})
        self.not_owned = book.add_format({**base, "bg_color": "#EDEDED"})
        self.warning = book.add_format({"font_name": "宋体", "font_size": 11, "bold": True,
                                        "font_color": "#C00000", "text_wrap": True,
                                        "valign": "top"})
        self.info = book.add_format({"font_name": "宋体", "font_size": 10, "text_wrap": True,
                                     "valign": "top"})
        self.grade = {grade: book.add_format({**base, "align": "center", "bold": True,
                                              "bg_color": color})
                      for grade, color in GRADE_COLORS.items()}

    def t(self, key: str, **params: object) -> str:
        return i18n.t(key, self.lang, **params)

    def sheet(self, key: str, columns: Sequence[tuple[str, int]], subtitle: str = "",
              subtitle_format: Format | None = None, pages_wide: bool = False
              ) -> tuple[Worksheet, int]:
        """A sheet with the title row, an optional subtitle row and a header row.

        Returns the sheet and the 0-based index of its header row.
        """
        sheet = self.book.add_worksheet(self.t(f"report.sheet.{key}"))
        settings = self.assessment.master.settings
        title = self.t("report.title", unit=settings.unit, year=settings.year,
                       round=settings.round)
        last = max(len(columns) - 1, 1)
        if pages_wide:  # the title over the first page's columns, not centred pages away
            widths = list(itertools.accumulate(width for _label, width in columns))
            last = max(1, min(last, bisect.bisect_right(widths, ONE_PAGE_WIDTH * 0.6) - 1))
        merge_title(sheet, 0, last, title, sum(width for _label, width in columns[:last + 1]),
                    self.f, 28)
        header_row = 1
        if subtitle:
            # merged cells are never fitted to their text, by Excel or LibreOffice: the why
            # of a provisional result was cut off mid-sentence in a fixed 36-point row
            span = sum(width for _label, width in columns[:last + 1])
            sheet.set_row(1, max(36, wrapped_height([(subtitle, span)], LINE_POINTS_11)))
            sheet.merge_range(1, 0, 1, last, subtitle, subtitle_format or self.info)
            header_row = 2
        sized = [(label, header_width(label, width)) for label, width in columns]
        sheet.set_row(header_row, max(30, wrapped_height(sized)))
        for n, (label, width) in enumerate(sized):
            sheet.set_column(n, n, width)
            sheet.write_string(header_row, n, label, self.f.header)
        sheet.freeze_panes(header_row + 1, 0)
        print_setup(sheet, (header_row, header_row),
                    page_footer(self.t(f"report.sheet.{key}"), self.lang), pages_wide=pages_wide)
        return sheet, header_row

    def number(self, sheet: Worksheet, row: int, column: int, value: Decimal | None,
               fmt: Format | None = None) -> None:
        if value is None:
            sheet.write_blank(row, column, None, self.f.text)
        else:
            sheet.write_number(row, column, float(value), fmt or self.score)


def _status_note(score: SectionScore, sheets: _Sheets) -> str:
    notes = []
    if score.status == "missing":
        notes.append(sheets.t("report.note.missing"))
    held = sheets.assessment.held_only(score)
    if held:
        notes.append(sheets.t("report.note.held", files=i18n.listing(held, sheets.lang)))
    elif score.status == "error":
        notes.append(sheets.t("report.note.error"))
    if score.tied_at_quota:
        notes.append(sheets.t("report.note.tie"))
    if score.veto:
        notes.append(sheets.t("report.note.veto"))
    if score.total is not None and score.total < 0:
        notes.append(sheets.t("report.note.negative"))
    return i18n.clauses(notes, sheets.lang)


def _ranking(sheets: _Sheets) -> None:
    a = sheets.assessment
    keys = ("rank", "code", "section", "basic", "excellence", "deductions", "total", "grade",
            "bonus", "veto", "tie", "status", "note")
    widths = (6, 8, 22, 11, 10, 8, 9, 7, 12, 8, 10, 8, 40)
    if a.provisional:
        reasons = provisional_reasons(a, sheets.lang)
        subtitle = sheets.t("report.provisional", reasons=i18n.listing(reasons, sheets.lang))
        fmt = sheets.warning
    else:
        subtitle, fmt = sheets.t("report.final", count=len(a.scores)), sheets.info
    columns = [(sheets.t(f"report.col.{k}"), w) for k, w in zip(keys, widths, strict=True)]
    history = a.previous is not None
    if history:
        columns += [(sheets.t(f"report.col.{k}"), 10) for k in (
            "previous_total", "previous_rank", "previous_grade", "rank_change", "rectified")]
    sheet, header = sheets.sheet("ranking", columns, subtitle, fmt)
    rows = a.ranked + a.unranked
    for row, score in enumerate(rows, start=header + 1):
        grade_text = i18n.grade_label(score.grade.value if score.grade else None, sheets.lang)
        values: list[Any] = [score.rank, score.code, score.name]
        for column, value in enumerate(values):
            write_value(sheet, row, column, value, sheets.f.text_center if column != 2
                        else sheets.f.text)
        sheets.number(sheet, row, 3, score.basic)
        sheets.number(sheet, row, 4, score.excellence)
        sheets.number(sheet, row, 5, a.deductions_of(score))
        sheets.number(sheet, row, 6, score.total)
        sheet.write_string(row, 7, grade_text,
                           sheets.grade[score.grade] if score.grade else sheets.f.text)
        sheets.number(sheet, row, 8, score.bonus, sheets.money)
        sheet.write_string(row, 9, sheets.t("yes") if score.veto else "", sheets.f.text_center)
        sheet.write_string(row, 10, sheets.t("yes") if score.tied_at_quota else "",
                           sheets.f.text_center)
        sheet.write_string(row, 11, sheets.t(f"status.{score.status}"), sheets.f.text_center)
        note = _status_note(score, sheets)
        sheet.write_string(row, 12, note, sheets.f.text)
        fit_row(sheet, row, ((score.name, widths[2]), (note, widths[12])))
        if history:
            _previous_columns(sheets, sheet, row, 13, score)
    last = header + len(rows)
    sheet.autofilter(header, 0, max(last, header + 1), len(keys) - 1)
    if a.ranked:
        chart = sheets.book.add_chart({"type": "bar"})
        first, end = header + 1, header + len(a.ranked)
        chart.add_series({
            "name": sheets.t("report.col.total"),
            "categories": [sheet.name, first, 2, end, 2],
            "values": [sheet.name, first, 6, end, 6],
            "invert_if_negative": True,
            "data_labels": {"value": True, "num_format": "0.00"},
            "fill": {"color": "#5B9BD5"},
        })
        chart.set_title({"name": sheets.t("report.chart.title"),
                         "name_font": {"name": "宋体", "size": 12}})
        chart.set_legend({"none": True})
        chart.set_y_axis({"reverse": True, "num_font": {"name": "宋体"}})
        # from 0 (where no total is below it): an axis starting at the lowest total makes a
        # gap of a few points look like half the bar
        lowest = min((s.total for s in a.ranked if s.total is not None), default=0)
        chart.set_x_axis({"num_format": "0", **({"min": 0} if lowest >= 0 else {})})
        chart.set_size({"width": 620, "height": max(300, 26 * len(a.ranked) + 80)})
        sheet.insert_chart(last + 2, 1, chart)


WIDE_LIMIT = 150  # above this many indicators a section × indicator grid stops being readable
ONE_PAGE_WIDTH = 200  # column units a landscape A4 page shows legibly (digits about 6 points)


def _previous_columns(sheets: _Sheets, sheet: Worksheet, row: int, first: int,
                      score: SectionScore) -> None:
    """Last year's total, rank and grade beside this year's, the rank change, items answered."""
    a = sheets.assessment
    before = a.previous_result(score.code)
    sheets.number(sheet, row, first, before.total if before else None)
    write_value(sheet, row, first + 1, before.rank if before else None, sheets.f.text_center)
    sheet.write_string(row, first + 2, i18n.grade_label(before.grade if before else None,
                                                        sheets.lang), sheets.f.text_center)
    change = rank_change(score.rank, before.rank if before else None, sheets.lang)
    sheet.write_string(row, first + 3, change, sheets.f.text_center)
    rectified = a.rectified(score.code)
    sheet.write_string(row, first + 4, f"{rectified[0]}/{rectified[1]}" if rectified else "",
                       sheets.f.text_center)


def _matrix(sheets: _Sheets) -> BulkRows | None:
    """得分明细: a grid of sections × indicators, or a long list when there are too many."""
    a = sheets.assessment
    if len(a.master.indicators) > WIDE_LIMIT:
        return _score_list(sheets)
    indicators = a.master.indicators
    fixed = [(sheets.t("report.col.code"), 8), (sheets.t("report.col.section"), 20)]
    tail_keys = ("basic_raw", "basic_possible", "basic", "excellence", "deductions", "total")
    columns = fixed + [(i.id, 7) for i in indicators] + [
        (sheets.t(f"report.col.{k}"), 10) for k in tail_keys]
    wide = sum(width for _label, width in columns) > ONE_PAGE_WIDTH
    sheet, header = sheets.sheet("matrix", columns, sheets.t("report.matrix.legend"),
                                 pages_wide=wide)
    if wide:  # each page of the grid shows whose scores they are
        sheet.repeat_columns(0, 1)
    # two more header rows under the ids: indicator names and their points
    names_row, points_row = header + 1, header + 2
    # before writing: constant-memory rows are final once left
    sheet.set_row(names_row, wrapped_height([(i.name, 7) for i in indicators]))
    sheet.write_string(names_row, 1, sheets.t("report.col.indicator"), sheets.f.header)
    for n, indicator in enumerate(indicators, start=2):
        sheet.write_string(names_row, n, indicator.name, sheets.f.header)
    sheet.write_string(points_row, 1, sheets.t("report.matrix.points"), sheets.f.header)
    for n, indicator in enumerate(indicators, start=2):
        sheet.write_number(points_row, n, float(indicator.points), sheets.f.subtotal_number)
    sheet.freeze_panes(points_row + 1, 2)
    sheet.repeat_rows(header, points_row)
    rows = a.ranked + a.unranked
    tail = 2 + len(indicators)
    for row, score in enumerate(rows, start=points_row + 1):
        fit_row(sheet, row, ((score.name, 20),))  # before its cells: see names_row
        sheet.write_string(row, 0, score.code, sheets.f.text_center)
        sheet.write_string(row, 1, score.name, sheets.f.text)
        finals = {s.indicator_id: s for s in score.indicator_scores}
        for n, indicator in enumerate(indicators, start=2):
            item = finals.get(indicator.id)
            if score.code not in indicator.owners:
                sheet.write_blank(row, n, None, sheets.not_owned)
            elif item is None:
                sheet.write_blank(row, n, None, sheets.f.text)
            elif item.adjusted and item.approved_score is not None:
                sheet.write_number(row, n, float(item.final), sheets.adjusted)
                change = item.approved_score - item.self_score
                sheet.write_comment(row, n, sheets.t(
                    "report.matrix.adjusted", self_score=format_points(item.self_score),
                    approved=format_points(item.approved_score),
                    change=("+" if change > 0 else "") + format_points(change)))
            else:
                sheet.write_number(row, n, float(item.final), sheets.score)
        for offset, value in enumerate((score.basic_raw, score.basic_possible, score.basic,
                                        score.excellence, a.deductions_of(score),
                                        score.total)):
            sheets.number(sheet, row, tail + offset, value)
    return None


def _score_list(sheets: _Sheets) -> BulkRows:
    """得分明细 as one row per section × indicator, for indicator sets too wide for a grid.

    Tens of thousands of rows: written as XML directly and spliced in once the book closes.
    """
    a = sheets.assessment
    # Indicator names stand once in 指标分析; repeating them on every one of tens of
    # thousands of rows would only make the sheet slower to write and to open.
    keys = ("code", "section", "id", "points", "self_score", "approved", "total")
    widths = (8, 20, 8, 7, 9, 9, 9)
    labels = [sheets.t(f"report.col.{k}") for k in keys]
    labels[-1] = sheets.t("report.col.final")
    sheet, header = sheets.sheet("matrix", list(zip(labels, widths, strict=True)),
                                 sheets.t("report.matrix.long_legend"))
    rows = sum(len(score.indicator_scores) for score in a.ranked + a.unranked)
    sheet.autofilter(header, 0, header + max(rows, 1), len(keys) - 1)
    bulk = BulkRows(sheet, header + 1, len(keys))
    text, number = bulk.style(sheets.f.text), bulk.style(sheets.f.number)
    score_style, adjusted = bulk.style(sheets.score), bulk.style(sheets.adjusted)
    for score in a.ranked + a.unranked:
        height = taller_than_a_line(((score.name, widths[1]),))
        for item in score.indicator_scores:
            approved = item.approved_score if item.adjusted else None
            bulk.add(((score.code, text), (score.name, text), (item.indicator_id, text),
                      (item.points, number), (item.self_score, score_style),
                      (approved, score_style),
                      (item.final, adjusted if item.adjusted else score_style)), height)
    return bulk


def _adjustments(sheets: _Sheets) -> None:
    """审核调整: every score the review changed, with the self score and the change (it stood
    under 得分明细's grid, its names squeezed into the grid's narrow columns)."""
    a = sheets.assessment
    keys = ("code", "section", "id", "indicator", "self_score", "approved", "change")
    widths = (8, 20, 7, 36, 9, 9, 9)
    sheet, header = sheets.sheet("adjustments", [(sheets.t(f"report.col.{k}"), w)
                                                 for k, w in zip(keys, widths, strict=True)])
    if not a.adjustments:
        sheet.write_string(header + 1, 0, sheets.t("report.none"), sheets.f.text)
    for row, item in enumerate(a.adjustments, start=header + 1):
        texts = (item.code, item.name, item.indicator_id, item.indicator_name)
        sheet.set_row(row, wrapped_height(list(zip(texts, widths, strict=False))))
        for n, value in enumerate(texts):
            sheet.write_string(row, n, value, sheets.f.text)
        for n, number in enumerate((item.self_score, item.approved, item.change), start=4):
            sheets.number(sheet, row, n, number)
    sheet.autofilter(header, 0, header + max(len(a.adjustments), 1), len(keys) - 1)


def _deductions(sheets: _Sheets) -> None:
    a = sheets.assessment
    keys = ("date", "code", "section", "source", "reason", "deductions", "veto", "reference")
    widths = (11, 8, 20, 14, 50, 7, 8, 26)
    sheet, header = sheets.sheet("deductions", [(sheets.t(f"report.col.{k}"), w)
                                                for k, w in zip(keys, widths, strict=True)])
    names = {s.code: s.name for s in a.master.sections}
    row = header
    for row, item in enumerate(a.deductions, start=header + 1):
        values = (item.date.isoformat() if item.date else "", item.section_code,
                  names.get(item.section_code, ""), item.source, item.reason)
        sheet.set_row(row, wrapped_height(list(zip((*values, item.reference),
                                                   (*widths[:5], widths[7]), strict=True))))
        for n, value in enumerate(values):
            sheet.write_string(row, n, value, sheets.f.text)
        sheets.number(sheet, row, 5, item.points)
        sheet.write_string(row, 6, sheets.t("yes") if item.veto else sheets.t("no"),
                           sheets.f.text_center)
        sheet.write_string(row, 7, item.reference, sheets.f.text)
    if not a.deductions:
        sheet.write_string(header + 1, 0, sheets.t("report.none"), sheets.f.text)
    else:
        sheet.write_string(row + 1, 4, sheets.t("total"), sheets.f.subtotal)
        sheets.number(sheet, row + 1, 5, a.deduction_total, sheets.score_total)
    sheet.autofilter(header, 0, max(header + len(a.deductions), header + 1), len(keys) - 1)


def _indicators(sheets: _Sheets) -> BulkRows:
    """指标分析: one row per indicator (tens of thousands at city scale), spliced in bulk."""
    a = sheets.assessment
    keys = ("id", "category", "subcategory", "indicator", "points", "owners", "scored",
            "average", "average_rate", "lowest", "highest", "below_60", "adjusted", "cited")
    widths = (7, 12, 10, 26, 6, 30, 8, 8, 9, 7, 7, 30, 8, 10)
    sheet, header = sheets.sheet("indicators", [(sheets.t(f"report.col.{k}"), w)
                                                for k, w in zip(keys, widths, strict=True)])
    sheet.autofilter(header, 0, header + max(len(a.stats), 1), len(keys) - 1)
    sheet.conditional_format(header + 1, 8, header + len(a.stats), 8, {
        "type": "cell", "criteria": "<", "value": float(LOW_RATE),
        "format": sheets.book.add_format({"font_color": "#C00000", "bold": True})})
    bulk = BulkRows(sheet, header + 1, len(keys))
    text, number = bulk.style(sheets.f.text), bulk.style(sheets.f.number)
    score, percent = bulk.style(sheets.score), bulk.style(sheets.percent)
    everyone = sheets.t("rules.everyone")
    for stat in a.stats:
        indicator = stat.indicator
        category = i18n.category_label(indicator.category.value, sheets.lang)
        owners = everyone if stat.everyone else i18n.listing(stat.owners, sheets.lang)
        below = i18n.listing(stat.below_60, sheets.lang)
        bulk.add((
            (indicator.id, text), (category, text),
            (i18n.subcategory_label(indicator.subcategory, sheets.lang), text),
            (indicator.name, text), (indicator.points, score),
            (owners, text),
            (stat.scored, number), (stat.average, score), (stat.average_rate, percent),
            (stat.lowest, score), (stat.highest, score),
            (below, text),
            (stat.adjusted, number), (stat.cited, number)),
            wrapped_height(((indicator.name, widths[3]), (owners, widths[5]),
                            (below, widths[11]))))
    return bulk


def _missing(sheets: _Sheets) -> None:
    a = sheets.assessment
    keys = ("code", "section", "status", "note", "head", "contact", "email")
    widths = (8, 22, 8, 40, 10, 10, 28)
    # the sections to chase first, then those that returned but are not ranked, and why
    unranked = sorted(a.unranked, key=lambda s: s.status != "missing")
    sheet, header = sheets.sheet("missing", [(sheets.t(f"report.col.{k}"), w)
                                             for k, w in zip(keys, widths, strict=True)],
                                 sheets.t("report.missing.subtitle") if unranked else "")
    if not unranked:
        sheet.write_string(header + 1, 0, sheets.t("report.none"), sheets.f.text)
    for row, score in enumerate(unranked, start=header + 1):
        section = a.master.section(score.code)
        reason = provisional_reasons(a, sheets.lang, (score,))
        values = (score.code, score.name, status_label(a, score, sheets.lang),
                  reason[0] if reason else "", section.head if section else "",
                  section.contact if section else "",
                  reachable(section.email) if section else "")
        for n, value in enumerate(values):
            sheet.write_string(row, n, value, sheets.f.text)
        fit_row(sheet, row, list(zip(values, widths, strict=True)))


def _bonus(sheets: _Sheets) -> None:
    a = sheets.assessment
    settings = a.master.settings
    keys = ("rank", "code", "section", "grade", "coefficient", "headcount", "weight", "exact",
            "bonus")
    widths = (6, 8, 22, 7, 7, 7, 12, 14, 14)
    subtitle = (f"{sheets.t('report.bonus.pool')}{i18n.colon(sheets.lang)}"
                f"{format_points(settings.bonus_pool)}{'. ' if sheets.lang == 'en' else '。'}"
                + sheets.t("report.bonus.method",
                           rounding=bonus_rounding(settings.bonus_pool, sheets.lang)))
    if settings.bonus_pool and not a.bonus:  # no section ranked: nothing to say more
        subtitle += sheets.t("report.bonus.nobody")
    elif settings.bonus_pool and not any(line.weight for line in a.bonus):
        subtitle += sheets.t("report.bonus.unallocated")  # what BONUS_001/002 say
    fmt = None
    if a.provisional:  # the sheet finance prints: the amounts may change, as 排名 says
        reasons = i18n.listing(provisional_reasons(a, sheets.lang), sheets.lang)
        key = "report.bonus.provisional" if a.bonus else "report.bonus.provisional_none"
        subtitle = sheets.t(key, reasons=reasons) + subtitle
        fmt = sheets.warning
    sheet, header = sheets.sheet("bonus", [(sheets.t(f"report.col.{k}"), w)
                                           for k, w in zip(keys, widths, strict=True)],
                                 subtitle, fmt)
    ranks = {s.code: s.rank for s in a.scores}
    row = header
    for row, line in enumerate(a.bonus, start=header + 1):
        write_value(sheet, row, 0, ranks.get(line.code), sheets.f.text_center)
        sheet.write_string(row, 1, line.code, sheets.f.text_center)
        sheet.write_string(row, 2, line.name, sheets.f.text)
        fit_row(sheet, row, ((line.name, widths[2]),))
        sheet.write_string(row, 3, i18n.grade_label(line.grade.value, sheets.lang),
                           sheets.grade[line.grade])
        sheets.number(sheet, row, 4, line.coefficient, sheets.f.number)
        sheet.write_number(row, 5, line.headcount, sheets.f.number)
        sheets.number(sheet, row, 6, line.weight, sheets.f.number)
        sheets.number(sheet, row, 7, line.exact_share, sheets.money_exact)
        sheets.number(sheet, row, 8, line.bonus, sheets.money)
    if a.bonus:
        sheet.write_string(row + 1, 2, sheets.t("total"), sheets.f.subtotal)
        sheets.number(sheet, row + 1, 8, a.bonus_total, sheets.money)
    else:
        sheet.write_string(header + 1, 0, sheets.t("report.none"), sheets.f.text)


def _rules(sheets: _Sheets) -> None:
    a = sheets.assessment
    sheet, header = sheets.sheet("rules", [(sheets.t("report.rules.item"), 18),
                                           (sheets.t("report.rules.rule"), 110)])
    for row, (item, rule) in enumerate(a.rules, start=header + 1):
        sheet.set_row(row, 34)
        sheet.write_string(row, 0, item, sheets.f.text)
        sheet.write_string(row, 1, rule, sheets.f.text)


def write_report(path: Path, assessment: Assessment, issues: Sequence[Issue],
                 lang: str, constant_memory: bool = True) -> Path:
    """output/<单位名称><年度>年度绩效考评汇总.xlsx, the eight sheets in their fixed order.

    Every sheet is written row by row, so the workbook streams in constant memory.
    """

    def write(target: Path) -> None:
        with scratch_folder(target.parent) if constant_memory else nullcontext() as scratch:
            buffer = io.BytesIO()
            book = new_workbook(buffer, scratch)
            sheets = _Sheets(book, assessment, lang)
            _ranking(sheets)
            bulks = [_matrix(sheets)]
            _adjustments(sheets)
            _deductions(sheets)
            bulks.append(_indicators(sheets))
            settings = assessment.master.settings
            add_issue_sheet(book, issues, assessment.master, lang,
                            sheets.t("report.title", unit=settings.unit, year=settings.year,
                                     round=settings.round))
            _missing(sheets)
            _bonus(sheets)
            _rules(sheets)
            book.close()
            splice_rows(buffer, target, [bulk for bulk in bulks if bulk is not None])

    return write_atomically(path, write)

