"""Fills templates the way a section would: used by the demo, the tests and the benchmarks."""

from __future__ import annotations

import random
import tempfile
import time
import zipfile
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
    rectification: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> answers


@dataclass
class ProgressFilling:
    """What a section types into a monitoring round's progress sheet, per indicator id."""

    progress: dict[str, Any] = field(default_factory=dict)
    note: dict[str, str] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    next_steps: dict[str, str] = field(default_factory=dict)


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
    if filling.rectification:
        _fill_rows(_sheet(book, i18n.SHEET_RECTIFICATION), 1, i18n.RECTIFICATION_COLUMNS, "key",
                   {"measures": {k: v[0] for k, v in filling.rectification.items()},
                    "results": {k: v[1] for k, v in filling.rectification.items()}})
    book.save(target)


def _sheet(book: Any, name: i18n.Column) -> Any:
    names = {i18n.normalize_label(s) for s in name.spellings()}
    return next(s for s in book.worksheets if i18n.normalize_label(s.title) in names)


def _fill_rows(sheet: Any, header_row: int, spec: tuple[i18n.Column, ...], key_column: str,
               values: dict[str, dict[str, Any]]) -> None:
    """Type `values[column][row key]` into the rows found by their key, like a person would."""
    columns = i18n.match_columns([c.value for c in sheet[header_row]], spec)
    for row in sheet.iter_rows(min_row=header_row + 1):
        key = str(row[columns[key_column]].value or "")
        for column, by_key in values.items():
            if key and key in by_key:
                cell = row[columns[column]]
                cell.value = by_key[key]
                if isinstance(cell.value, str) and column != "progress":
                    cell.data_type = "s"


def fill_progress_template(template: Path, target: Path, filling: ProgressFilling) -> None:
    """Type a round's progress into its template with openpyxl and save as `target`."""
    import openpyxl

    book = openpyxl.load_workbook(template)
    _fill_rows(_sheet(book, i18n.SHEET_PROGRESS), 2, i18n.PROGRESS_COLUMNS, "id", {
        "progress": filling.progress, "note": filling.note, "problems": filling.problems,
        "next_steps": filling.next_steps})
    book.save(target)


def simulate_progress(master: Master, section: Section, share: float,
                      rng: random.Random) -> ProgressFilling:
    """Progress scattered around `share` of the year; laggards explain themselves."""
    filling = ProgressFilling()
    for indicator in master.indicators_for(section.code):
        value = min(1.0, max(0.0, round(share + rng.uniform(-0.25, 0.15), 2)))
        filling.progress[indicator.id] = value
        filling.note[indicator.id] = f"{indicator.name}按计划推进，已完成年度目标的{value:.0%}。"
        if value < share:
            filling.problems[indicator.id] = "受疫情影响部分工作推迟，进度滞后。"
            filling.next_steps[indicator.id] = "倒排工期，四季度集中推进，确保年底完成。"
    return filling


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


def make_material(name: str, label: str) -> bytes:
    """A small, real file of the kind its name says: a one-page PDF, a picture, a .docx."""
    import io

    from PIL import Image, ImageDraw

    suffix = Path(name).suffix.lower()
    if suffix in (".pdf", ".jpg", ".jpeg", ".png"):
        image = Image.new("RGB", (420, 300) if suffix != ".pdf" else (595, 842), "white")
        draw = ImageDraw.Draw(image)
        draw.rectangle((20, 20, image.width - 20, image.height - 20), outline="black", width=3)
        draw.text((40, 40), label.encode("ascii", "replace").decode(), fill="black")
        buffer = io.BytesIO()
        kind = {"pdf": "PDF", "png": "PNG"}.get(suffix.lstrip("."), "JPEG")
        # a PDF dated as it is made would make every demo's evidence, and binders, differ
        fixed = time.gmtime(1577836800)  # 2020-01-01, Pillow's time.struct_time
        image.save(buffer, kind, **({"creationDate": fixed, "modDate": fixed}
                                    if kind == "PDF" else {}))
        return buffer.getvalue()
    if suffix in (".xlsx", ".xls"):
        import xlsxwriter

        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = book.add_worksheet("统计")
        sheet.write_row(0, 0, ["项目", "数量"])
        sheet.write_row(1, 0, [label, 1])
        book.close()
        return buffer.getvalue()
    if suffix == ".docx":
        from perfxl.document import Block, to_docx

        with tempfile.TemporaryDirectory() as folder:  # (an empty folder was left each time)
            target = Path(folder) / "material.docx"
            to_docx([Block("title", label), Block("p", label)], target)
            return target.read_bytes()
    return f"{label}\n".encode()


class _GbkZipInfo(zipfile.ZipInfo):
    """Stores its name in GBK without the UTF-8 flag, as Chinese Windows zip tools do."""

    __slots__ = ()

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def write_gbk_zip(target: Path, members: dict[str, bytes]) -> None:
    """A zip as a Chinese Windows zip tool makes it: member names in GBK, no UTF-8 flag."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = _GbkZipInfo(name, date_time=(2021, 1, 20, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
