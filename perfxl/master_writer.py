"""Writes a new master workbook and deduction register: blank with hints, or a sample bureau."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from perfxl import i18n
from perfxl.xlsx_style import new_workbook, page_footer, print_setup, write_value

_INDICATOR_HINTS = (
    "id",
    "category",
    "subcategory",
    "name",
    "points",
    "criteria",
    "owners",
    "evidence",
    "note",
)
_INDICATOR_WIDTHS = (8, 14, 10, 28, 7, 50, 22, 36, 16)
_SECTION_HINTS = ("code", "section_name", "head", "contact", "email", "headcount")
_SECTION_WIDTHS = (8, 24, 10, 10, 28, 7)
_DEDUCTION_WIDTHS = (12, 20, 14, 44, 7, 9, 24)


def _table(
    book: xlsxwriter.Workbook,
    name: str,
    labels: list[str],
    widths: tuple[int, ...],
    rows: list[list[Any]],
    hints: list[str] | None = None,
    lang: str = i18n.DEFAULT_LANGUAGE,
    text_columns: tuple[int, ...] = (),
) -> Any:
    """`text_columns` are formatted as text, so that what is typed there stays as typed
    (an ID 1.10 or 1-1, a code 01: a General cell keeps 1.1, a date, the number 1)."""
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    body = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    as_text = book.add_format({"num_format": "@"})
    sheet = book.add_worksheet(name)
    for column, (label, width) in enumerate(zip(labels, widths, strict=True)):
        sheet.set_column(column, column, width, as_text if column in text_columns else None)
        sheet.write_string(0, column, label, header)
        if hints:
            sheet.write_comment(0, column, hints[column], {"x_scale": 1.6})
    for row_index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            write_value(sheet, row_index, column, value, body)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(labels) - 1)
    # printed for meetings: landscape, one page wide, the header on every page
    print_setup(sheet, (0, 0), page_footer(name, lang))
    return sheet


def write_master(
    path: Path, data: dict[str, Any], lang: str = "zh", workspace_id: str = ""
) -> None:
    """The master: `指标`, `科室`, `设置`; `data` is a sample's JSON or {} for a blank one."""
    book = new_workbook(path)
    indicators = [
        [
            i["id"],
            i["category"],
            i.get("subcategory", ""),
            i["name"],
            i["points"],
            i.get("criteria", ""),
            i["owners"],
            i.get("evidence", ""),
            i.get("note", ""),
        ]
        for i in data.get("indicators", [])
    ]
    _table(
        book,
        i18n.SHEET_INDICATORS.label(lang),
        [c.label(lang) for c in i18n.INDICATOR_COLUMNS],
        _INDICATOR_WIDTHS,
        indicators,
        [i18n.t(f"master.hint.{key}", lang) for key in _INDICATOR_HINTS],
        lang,
        text_columns=(0,),
    )
    sections = [
        [
            s["code"],
            s["name"],
            s.get("head", ""),
            s.get("contact", ""),
            s.get("email", ""),
            s.get("headcount", 0),
        ]
        for s in data.get("sections", [])
    ]
    _table(
        book,
        i18n.SHEET_SECTIONS.label(lang),
        [c.label(lang) for c in i18n.SECTION_COLUMNS],
        _SECTION_WIDTHS,
        sections,
        [i18n.t(f"master.hint.{key}", lang) for key in _SECTION_HINTS],
        lang,
        text_columns=(0,),
    )
    given = data.get("settings", {})
    settings_rows = []
    for key, zh, en, kind, default, help_zh in i18n.SETTINGS_SPEC:
        value = workspace_id if key == "workspace_id" else given.get(zh, _typed(default, kind))
        if key in i18n.SETTINGS_DEFAULTS_EN:
            # a default, given or not, in the language written: "年度考评" of the bundled
            # sample in English; "Annual assessment" and language en of an English year
            # carried into a Chinese one (init --from with --lang zh)
            english = _typed(i18n.SETTINGS_DEFAULTS_EN[key], kind)
            if lang == "en" and value in (default, None):
                value = english
            elif lang != "en" and value == english:
                value = _typed(default, kind)
        help_text = i18n.SETTINGS_HELP_EN[key] if lang == "en" else help_zh
        settings_rows.append([en if lang == "en" else zh, value, help_text])
    _table(
        book,
        i18n.SHEET_SETTINGS.label(lang),
        [c.label(lang) for c in i18n.SETTINGS_COLUMNS] + [i18n.t("master.settings_help", lang)],
        (18, 40, 44),
        settings_rows,
        lang=lang,
    )
    book.close()


def _typed(default: str, kind: str) -> Any:
    """A setting's default as the cell holds it: "640" for 基础指标折算分 is the number 640
    (as text, Excel marks it "number stored as text" and perfxl says MASTER_034)."""
    if kind not in ("int", "decimal", "ratio") or not default:
        return default
    number = Decimal(default)
    return int(number) if number == number.to_integral_value() else float(number)


def write_deductions(path: Path, entries: list[dict[str, Any]], lang: str = "zh") -> None:
    """The deduction register `扣分登记`, with the sample's entries if any."""
    book = new_workbook(path)
    rows = [
        [
            e["date"],
            e["section"],
            e["source"],
            e["reason"],
            e["points"],
            e["veto"],
            e.get("reference", ""),
        ]
        for e in entries
    ]
    _table(
        book,
        i18n.SHEET_DEDUCTIONS.label(lang),
        [c.label(lang) for c in i18n.DEDUCTION_COLUMNS],
        _DEDUCTION_WIDTHS,
        rows,
        lang=lang,
    )
    book.close()
