"""Fills templates the way a section would: used by the demo, the tests and the benchmarks."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfxl import i18n
from perfxl.model import Master, Section


@dataclass
class Filling:
    """What a section types into its template: per indicator id, and the report parts."""

    scores: dict[str, Any] = field(default_factory=dict)
    achievements: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    report: dict[str, str] = field(default_factory=dict)  # report part key -> text


def fill_template(template: Path, target: Path, filling: Filling) -> None:
    """Open `template` with openpyxl, type `filling` into it, save as `target`."""
    import openpyxl

    book = openpyxl.load_workbook(template)
    self_names = {i18n.normalize_label(s) for s in i18n.SHEET_SELF.spellings()}
    sheet = next(s for s in book.worksheets if i18n.normalize_label(s.title) in self_names)
    header_row = 2
    headers = [c.value for c in sheet[header_row]]
    columns = i18n.match_columns(headers, i18n.TEMPLATE_COLUMNS)
    for row in sheet.iter_rows(min_row=header_row + 1):
        indicator_id = str(row[columns["id"]].value or "")
        if not indicator_id:
            continue
        for key, values in (
            ("self_score", filling.scores),
            ("achievement", filling.achievements),
            ("evidence", filling.evidence),
        ):
            if indicator_id in values:
                cell = row[columns[key]]
                cell.value = values[indicator_id]
                if key != "self_score" and isinstance(cell.value, str):
                    cell.data_type = "s"  # typed text stays text, even if it starts with =
    report_names = {i18n.normalize_label(s) for s in i18n.SHEET_REPORT.spellings()}
    report = next(s for s in book.worksheets if i18n.normalize_label(s.title) in report_names)
    for n, part in enumerate(i18n.REPORT_PARTS, start=2):
        if part.key in filling.report:
            report.cell(n, 2).value = filling.report[part.key]
    book.save(target)


def simulate_filling(
    master: Master, section: Section, texts: dict[str, Any], rng: random.Random
) -> Filling:
    """Plausible self scores (mostly 85–100% of points) and texts drawn from `texts`."""
    filling = Filling()
    for indicator in master.indicators_for(section.code):
        rate = Decimal(rng.choice((100, 100, 98, 95, 92, 90, 88, 85, 80, 70))) / 100
        score = (indicator.points * rate * 2).to_integral_value() / 2  # whole or half points
        filling.scores[indicator.id] = float(score)
        filling.achievements[indicator.id] = rng.choice(
            texts.get("achievements", {}).get(indicator.id, ["按要求完成。"])
        )
        filling.evidence[indicator.id] = rng.choice(
            texts.get("evidence", {}).get(indicator.id, ["工作台账"])
        )
    parts = texts.get("reports", {}).get(section.code, {})
    for part in i18n.REPORT_PARTS:
        filling.report[part.key] = parts.get(part.zh, f"{section.name}{part.zh}。")
    return filling
