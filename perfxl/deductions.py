"""Reads the deduction register (扣分登记) into Deductions; every bad row is an issue, none used."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfxl import i18n
from perfxl.cells import (
    a1,
    cell_text,
    evaluate_arithmetic,
    lenient_decimal,
    parse_date,
    plain_points,
)
from perfxl.issues import Issue, make_issue
from perfxl.master import (
    SheetRows,
    aside_row,
    filtered_out,
    find_sheet,
    header_row,
    merged_down,
    read_workbook_rows,
    section_keys,
    unreadable,
    without_role,
)
from perfxl.model import Deduction, Master, format_points
from perfxl.reader import RawSheet, row_marks
from perfxl.workspace import saved_in_another_format

# 来源 and 依据 are free notes; without the others a row cannot be judged.
REQUIRED_COLUMNS = ("date", "section", "reason", "points", "veto")


def load_deductions(path: Path, master: Master) -> tuple[list[Deduction], list[Issue]]:
    """Every usable entry of the register at `path`, and an issue for each problem.

    A missing register is one DED_007 warning (no deductions); an unreadable one is DED_008.
    A row with any problem is reported and left out, never coerced. Never raises for bad data.
    """
    if not path.is_file():
        if os.path.lexists(path):  # a folder, a broken link, a pipe: there, but no register
            reason = i18n.t_each("reason.not_a_file")
            return [], [make_issue("DED_008", file=path.name, reason=reason)]
        other = saved_in_another_format(path)
        if other is not None:  # the office keeps a register: it must not be passed over
            return [], [make_issue("DED_010", file=other.name, expected=path.name)]
        return [], [make_issue("DED_007", file=path.name)]
    try:  # read once: the values and, for .xlsx, how its rows look (row_marks)
        data = path.read_bytes()
        sheets = read_workbook_rows(path, data, spread_merged=True)
    except Exception as exc:  # any reader failure is the user's file, not a crash
        return [], [unreadable("DED_008", "DED_026", path, exc)]
    registers = _with_register_header(sheets)
    # under another name ("Sheet1"), the one sheet with the register's header is read as it
    # is: dropping it would drop every deduction
    sheet = find_sheet(sheets, i18n.SHEET_DEDUCTIONS) or (
        registers[0] if len(registers) == 1 else None)
    if sheet is None and registers:  # split by quarter under names of their own
        return [], [make_issue("DED_024", file=path.name, count=len(registers),
                               others=i18n.in_each_language(
                                   i18n.listing, [other.name for other in registers]))]
    if sheet is None:
        return [], [make_issue("DED_001", file=path.name, expected=i18n.SHEET_DEDUCTIONS.both())]
    marks = row_marks(path, sheet.name, data) if path.suffix.lower() in MARKED_SUFFIXES \
        else None
    deductions, issues = parse_deductions(sheet, master, path.name, marks)
    others = [other.name for other in registers if other is not sheet]
    if others:  # a register split by quarter, or a copy: which rows count is the office's call
        issues.append(make_issue("DED_015", file=path.name, sheet=sheet.name,
                                 others=i18n.in_each_language(i18n.listing, others)))
    return deductions, issues


def _with_register_header(sheets: dict[str, SheetRows]) -> list[SheetRows]:
    return [sheet for sheet in sheets.values()
            if set(REQUIRED_COLUMNS) <= header_row(sheet, i18n.DEDUCTION_COLUMNS,
                                                   REQUIRED_COLUMNS)[1].keys()]


_JOINED = re.compile(r"和|及|与|\s+and\s+", re.IGNORECASE)
_NO_POINTS = frozenset(("", "-", "—", "－", "–", "/", "／", "无"))
_SEPARATED = re.compile(f"[{re.escape(i18n.OWNER_SEPARATORS)}]+")


def _several_sections(text: str, sections: dict[str, str]) -> list[str]:
    """The sections a cell names when it names more than one ("K01、K05", "K01和K05"),
    else []."""
    tokens = [token for token in _SEPARATED.split(_JOINED.sub("、", text)) if token.strip()]
    codes = [sections.get(i18n.normalize_label(token)) for token in tokens]
    return list(dict.fromkeys(code for code in codes if code)) \
        if len(codes) > 1 and all(codes) else []


def _sum_alone(row: tuple[object, ...], columns: dict[str, int], marks: RawSheet | None,
               number: int) -> str | None:
    """"=SUM(E2:E6)" under the 扣分 column with nothing else in the row: the register's
    total, unlabelled (its errors would ask for a date, a section and a reason, making the
    total a deduction)."""
    formula = marks.formulas.get(a1(number, columns["points"])) if marks is not None else None
    others = [value for position, value in enumerate(row) if position != columns["points"]]
    typed = formula[0].lstrip("=") if formula is not None else ""
    text = typed.replace(" ", "").upper()
    if not text or any(cell_text(value) for value in others) or not (
            text.startswith(("SUM(", "SUBTOTAL(")) or _ADDED_UP.fullmatch(text)):
        return None
    return f"={typed}"


_ADDED_UP = re.compile(r"\$?[A-Z]{1,3}\$?\d+(?:\+\$?[A-Z]{1,3}\$?\d+)+")  # =E2+E3+E4


MARKED_SUFFIXES = (".xlsx", ".xlsm")  # where hidden rows and strikethrough can be seen


def parse_deductions(
    sheet: SheetRows, master: Master, file: str, marks: RawSheet | None = None
) -> tuple[list[Deduction], list[Issue]]:
    """The register's rows as Deductions; row numbers are those the user sees (a title
    above the header is looked past: master.header_row). `marks`, the sheet's hidden rows
    and struck-through cells, make a warning of each deduction that still counts though it
    looks cancelled."""
    header, columns = header_row(sheet, i18n.DEDUCTION_COLUMNS, REQUIRED_COLUMNS)
    missing = [
        make_issue("DED_001", file=file, sheet=sheet.name, cell=f"{header}:{header}",
                   expected=c.both())
        for c in i18n.DEDUCTION_COLUMNS
        if c.key in REQUIRED_COLUMNS and c.key not in columns
    ]
    if missing:
        return [], missing
    sections = section_keys(master)
    deductions: list[Deduction] = []
    issues: list[Issue] = []
    merged = merged_down(sheet, columns["points"], header)
    entered: dict[tuple[Deduction, tuple[str, ...]], int] = {}  # an entry -> its first row
    for number, row in enumerate(sheet.rows[header:], start=header + 1):
        if not any(cell_text(v) for v in row):
            continue
        aside = aside_row(row, [columns[k] for k in ("date", "section", "source", "reason",
                                                     "reference") if k in columns]) \
            or _sum_alone(row, columns, marks, number)
        if aside is not None:  # a 合计 row, or a note under the register
            issues.append(make_issue("DED_013", file=file, sheet=sheet.name,
                                     cell=f"{number}:{number}", value=aside))
            continue
        named = row[columns["section"]] if columns["section"] < len(row) else None
        # said of the section the row names, which a problem with it keeps out of the ranking
        where = {"file": file, "sheet": sheet.name, "cell": a1(number, columns["points"]),
                 "section": sections.get(i18n.normalize_label(cell_text(named)))}
        if number in merged:  # 1 merged over two entries: 1 each, or 1 for both?
            first, last = merged[number]
            if number == first:
                issues.append(make_issue("DED_019", count=last - first + 1, **{
                    **where, "cell": f"{where['cell']}:{a1(last, columns['points'])}"}))
            continue
        row, formula = _computed_points(row, columns["points"], marks, number, where)
        if isinstance(formula, Issue) and formula.severity.value == "error":
            issues.append(formula)
            continue
        deduction, problems = read_row(row, number, columns, sections, file, sheet.name)
        issues.extend(problems)
        if deduction is not None:
            if formula is not None:
                issues.append(formula)
            # as read (the section by code on one row and by name on the next is one entry),
            # and whatever else the row holds as typed (a column of the office's own, 被扣分人)
            read = set(columns.values())
            typed = (replace(deduction, row=0),
                     tuple(cell_text(value) for position, value in enumerate(row)
                           if position not in read))
            if typed in entered:  # pasted twice: counted twice, deductions being uncapped
                issues.append(make_issue("DED_020", first_row=entered[typed],
                                         **{**where, "cell": f"{number}:{number}"}))
            entered.setdefault(typed, number)
            deductions.append(deduction)
            if marks is not None:
                issues.extend(_looks_cancelled(deduction, row, marks, columns, master, file))
            year, when = master.settings.year, deduction.date
            # inspections of a year are recorded up to the assessment early the next year
            if year and when is not None and not year <= when.year <= year + 1:
                issues.append(make_issue("DED_011", file=file, sheet=sheet.name,
                                         cell=a1(number, columns["date"]),
                                         value=when.isoformat(), year=year,
                                         section=deduction.section_code))
    if marks is not None:
        issues.extend(filtered_out(marks, (d.row for d in deductions), "DED_017", file))
    return deductions, issues


def _computed_points(row: tuple[Any, ...], column: int, marks: RawSheet | None, number: int,
                     where: dict[str, Any]) -> tuple[tuple[Any, ...], Issue | None]:
    """The row with its 扣分 as perfxl takes it when the cell holds a formula, and what to
    say of that: an arithmetic formula computed here (its saved result is not trusted), one
    reaching other cells taken at its saved result and said, one never computed an error
    (read by value it looks blank)."""
    found = marks.formulas.get(a1(number, column)) if marks is not None else None
    if found is None:
        return row, None
    text, saved = found
    formula = f"={text}"[:100]
    computed = evaluate_arithmetic(text)
    if computed is None and not saved:
        return row, make_issue("DED_021", value=formula, **where)
    value = computed if computed is not None else (row[column] if column < len(row) else None)
    points, _ = lenient_decimal(value)
    shown = format_points(points) if points is not None else cell_text(value)
    code = "DED_022" if computed is not None else "DED_023"
    return (tuple(value if i == column else v for i, v in enumerate(row)),
            make_issue(code, value=formula, parsed=shown, **where))


def _looks_cancelled(deduction: Deduction, row: tuple[Any, ...], marks: RawSheet,
                     columns: dict[str, int], master: Master, file: str) -> list[Issue]:
    """A warning for a deduction hidden by hand or struck through: offices mark a withdrawn
    entry so, and it would still count."""
    number = deduction.row
    filled = (c for c in columns.values() if c < len(row) and cell_text(row[c]))
    hidden, struck = marks.hidden_by_hand(number), marks.struck_through(number, filled)
    if not hidden and not struck:
        return []
    names = {section.code: section.label for section in master.sections}
    entry = i18n.t_each(("register.entry_veto" if deduction.points else
                         "register.entry_veto_only") if deduction.veto else "register.entry",
                        who=names.get(deduction.section_code, deduction.section_code),
                        points=format_points(deduction.points))
    return [make_issue(code, file=file, sheet=marks.name, cell=f"{number}:{number}",
                       section=deduction.section_code, entry=entry)
            for code, marked in (("DED_016", hidden), ("DED_018", struck)) if marked]


def read_row(
    row: tuple[Any, ...],
    number: int,
    columns: dict[str, int],
    sections: dict[str, str],
    file: str,
    sheet: str,
) -> tuple[Deduction | None, list[Issue]]:
    """One register row as a Deduction, or None with the issues that keep it out."""

    def value(key: str) -> Any:
        position = columns.get(key)
        return row[position] if position is not None and position < len(row) else None

    raw_section = value("section")
    code_found = sections.get(i18n.normalize_label(cell_text(raw_section)))
    if code_found is None:  # "K02（牵头）" copied from the master's 责任科室
        code_found = sections.get(i18n.normalize_label(without_role(cell_text(raw_section))))
    named = _several_sections(cell_text(raw_section), sections) if code_found is None else []
    if len(named) == 1:  # "K02、办公室": its code and its name
        code_found, named = named[0], []

    def issue(code: str, key: str, raw: Any) -> Issue:
        return make_issue(
            code,
            file=file,
            sheet=sheet,
            cell=a1(number, columns[key]),
            value=cell_text(raw),
            section=code_found,
        )

    problems: list[Issue] = []
    raw_date = value("date")
    when = parse_date(raw_date)
    date_guessed = when is None and (when := _date_typed_otherwise(raw_date)) is not None
    if when is None:
        problems.append(issue("DED_005", "date", raw_date))
    if named:  # "K01、K05": one entry per section, each losing its points
        problems.append(make_issue("DED_025", file=file, sheet=sheet,
                                   cell=a1(number, columns["section"]),
                                   value=cell_text(raw_section), count=len(named)))
    elif code_found is None:
        problems.append(issue("DED_002", "section", raw_section))
    reason = cell_text(value("reason"))
    if not reason:
        problems.append(issue("DED_004", "reason", value("reason")))
    raw_veto = value("veto")
    veto = read_yes_no(raw_veto)
    raw_points = value("points")
    points, adjusted = lenient_decimal(raw_points)
    if points is None and veto and cell_text(raw_points) in _NO_POINTS:
        points = Decimal(0)  # a veto needs no points of its own: blank, or a dash for none
    if points is None or points < 0 or (points == 0 and not veto):
        problems.append(issue("DED_003", "points", raw_points))
    elif not plain_points(points):
        problems.append(issue("DED_009", "points", raw_points))
    if veto is None:
        problems.append(issue("DED_006", "veto", raw_veto))
    if problems or code_found is None or points is None or veto is None:
        return None, problems
    deduction = Deduction(
        date=when,
        section_code=code_found,
        source=cell_text(value("source")),
        reason=reason,
        points=points,
        veto=veto,
        reference=cell_text(value("reference")),
        row=number,
    )
    said = []
    if adjusted:  # "2分", "２", a number stored as text: read, and said so
        said.append(make_issue("DED_012", file=file, sheet=sheet,
                               cell=a1(number, columns["points"]), value=cell_text(raw_points),
                               parsed=format_points(points), section=code_found))
    if date_guessed and when is not None:
        said.append(make_issue("DED_014", file=file, sheet=sheet,
                               cell=a1(number, columns["date"]), value=cell_text(raw_date),
                               parsed=when.isoformat(), section=code_found))
    return deduction, said


EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's date serial numbers (1900 system)


def _date_typed_otherwise(raw: Any) -> date | None:
    """A date shown as its serial number (pasted into a column formatted General: 44126 is
    2020-10-22) or typed as 20201022; None for anything else."""
    text = cell_text(raw)
    try:
        if re.fullmatch(r"\d{8}", text):
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if re.fullmatch(r"\d{5}", text) and 20000 <= int(text) <= 80000:  # 1954 to 2119
            return EXCEL_EPOCH + timedelta(days=int(text))
    except ValueError:  # 20201340: no such day
        return None
    return None


def read_yes_no(raw: Any) -> bool | None:
    """是/否 (or yes/no, 1/0, TRUE/FALSE) as a bool; blank is no; anything else None."""
    text = i18n.normalize_label(cell_text(raw))
    if text in {i18n.normalize_label(w) for w in i18n.YES_WORDS}:
        return True
    if text in {i18n.normalize_label(w) for w in i18n.NO_WORDS}:
        return False
    return None
