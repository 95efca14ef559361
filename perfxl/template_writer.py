"""Writes one self-assessment template per section, its email draft and the send list."""

from __future__ import annotations

import base64
import functools
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_range, xl_rowcol_to_cell

from perfxl import __version__, i18n
from perfxl.addresses import address_header, is_placeholder, reachable
from perfxl.binding import binding_rows
from perfxl.cells import wrapped_height
from perfxl.issues import PerfxlError
from perfxl.model import (
    Category,
    Collection,
    Indicator,
    Master,
    PreviousYear,
    RectificationItem,
    Section,
    TemplateBinding,
    TemplateRow,
    fingerprint,
    format_points,
)
from perfxl.narrative import Renderer, TemplateProblem
from perfxl.parallel import map_in_chunks
from perfxl.workspace import safe_file_name, write_atomically, write_bytes
from perfxl.xlsx_style import (
    BulkRows,
    Formats,
    Formula,
    add_score_validations,
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

ANNUAL = Collection()
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
TITLE_ROW = 0
HEADER_ROW = 1
FIRST_DATA_ROW = 2
COLUMN_WIDTHS = {
    "id": 7,
    "category": 11,
    "subcategory": 9,
    "name": 22,
    "points": 6,
    "criteria": 40,
    "evidence_expected": 24,
    "self_score": 9,
    "achievement": 44,
    "evidence": 30,
}


@dataclass(frozen=True)
class TemplateFile:
    """What `templates` wrote for one section."""

    section: Section
    workbook: Path
    email: Path
    indicator_count: int


def template_binding(
    master: Master, section: Section, collection: Collection = ANNUAL
) -> TemplateBinding:
    indicators = master.indicators_for(section.code)
    settings = master.settings
    return TemplateBinding(
        workspace_id=settings.workspace_id,
        unit=settings.unit,
        year=settings.year,
        round=collection.round_name(settings),
        section_code=section.code,
        section_name=section.name,
        kind=collection.kind,
        rows=tuple(TemplateRow(i.id, i.name, i.points) for i in indicators),
        fingerprint=fingerprint(indicators),
        tool_version=__version__,
    )


def _groups(indicators: tuple[Indicator, ...], lang: str) -> list[tuple[str, list[Indicator]]]:
    """Basic indicators grouped by subcategory (规定指标, 自选指标…), then the excellence
    indicators as one group, as they are scored; master order within each group."""
    groups: dict[tuple[int, str], list[Indicator]] = {}
    for indicator in indicators:
        basic = indicator.category is Category.BASIC
        # one excellence group: two of them were both "争先创优指标小计"
        groups.setdefault((0, indicator.subcategory) if basic else (1, ""), []).append(indicator)
    named = []
    for (order, subcategory), members in sorted(groups.items(), key=lambda g: g[0][0]):
        category = i18n.category_label(members[0].category.value, lang)
        group = i18n.subcategory_label(subcategory, lang) if subcategory else category
        named.append((group if order == 0 else category, members))
    return named


def _write_self_sheet(
    book: Workbook, formats: Formats, master: Master, section: Section, lang: str
) -> BulkRows:
    settings = master.settings
    sheet = book.add_worksheet(i18n.SHEET_SELF.label(lang))
    columns = i18n.TEMPLATE_COLUMNS
    position = {c.key: n for n, c in enumerate(columns)}
    widths = {c.key: header_width(c.label(lang), COLUMN_WIDTHS[c.key]) for c in columns}
    for n, column in enumerate(columns):
        sheet.set_column(n, n, widths[column.key])
    title = i18n.t(
        "template.title", lang, unit=settings.unit, year=settings.year, section=section.name
    )
    merge_title(sheet, TITLE_ROW, len(columns) - 1, title, sum(widths.values()), formats, 30)
    for n, column in enumerate(columns):
        sheet.write_string(HEADER_ROW, n, column.label(lang), formats.header)
    sheet.set_row(HEADER_ROW, wrapped_height([(c.label(lang), widths[c.key])
                                              for c in columns]))
    # The indicator rows (most of the template's cells) go in as XML, spliced after close:
    # xlsxwriter's per-cell cost was most of the time of writing a thousand templates.
    rows = BulkRows(sheet, FIRST_DATA_ROW, len(columns), shared_strings=False)
    text, number = rows.style(formats.text), rows.style(formats.number)
    input_number, input_text = rows.style(formats.input_number), rows.style(formats.input_text)
    subtotal = (rows.style(formats.subtotal), rows.style(formats.subtotal_number))
    score_col = position["self_score"]
    subtotal_rows = []
    rows_by_points: dict[Decimal, list[int]] = {}
    for group_name, members in _groups(master.indicators_for(section.code), lang):
        first = rows.next_row
        for indicator in members:
            rows_by_points.setdefault(indicator.points, []).append(rows.next_row)
            rows.add((
                (indicator.id, text),
                (i18n.category_label(indicator.category.value, lang), text),
                (i18n.subcategory_label(indicator.subcategory, lang), text),
                (indicator.name, text),
                (indicator.points, number), (indicator.criteria, text),
                (indicator.evidence, text), (None, input_number),
                (None, input_text), (None, input_text)),
                wrapped_height(((indicator.name, widths["name"]),
                                (indicator.criteria, widths["criteria"]),
                                (indicator.evidence, widths["evidence_expected"]),
                                (indicator.subcategory, widths["subcategory"]))))
        score_cells = xl_range(first, score_col, rows.next_row - 1, score_col)
        subtotal_rows.append(rows.next_row)
        label = f"{group_name}{' ' if lang == 'en' else ''}{i18n.t('subtotal', lang)}"
        _add_total_row(rows, subtotal, position, label,
                       sum((i.points for i in members), Decimal(0)), f"SUM({score_cells})")
    total = sum((i.points for i in master.indicators_for(section.code)), Decimal(0))
    cells = ",".join(xl_rowcol_to_cell(r, score_col) for r in subtotal_rows)
    _add_total_row(rows, subtotal, position, i18n.t("total", lang), total, f"SUM({cells})")
    add_score_validations(
        sheet, score_col, rows_by_points, i18n.t("template.score_prompt_title", lang),
        i18n.template("template.score_prompt", lang),
        i18n.t("template.score_error_title", lang),
        i18n.template("template.score_error", lang))
    sheet.freeze_panes(FIRST_DATA_ROW, position["points"] + 1)
    print_setup(sheet, (HEADER_ROW, HEADER_ROW), page_footer(section.name, lang))
    sheet.protect(master.settings.template_password, _PROTECTION)
    return rows


_PROTECTION = {
    "select_locked_cells": True,
    "select_unlocked_cells": True,
    "format_columns": True,
    "format_rows": True,
}


def _add_total_row(rows: BulkRows, styles: tuple[int, int], position: dict[str, int],
                   label: str, points: Decimal, formula: str) -> None:
    """A subtotal or total row: label, points, and a SUM of the self scores above.

    `styles` are the style indexes of the subtotal text and number formats."""
    text, number = styles
    cells: list[tuple[str | Decimal | Formula | None, int]] = [(None, text)] * len(position)
    cells[position["name"]] = (label, text)
    cells[position["points"]] = (points, number)
    cells[position["self_score"]] = (Formula(formula), number)
    rows.add(cells)


def _write_guide_sheet(
    book: Workbook,
    formats: Formats,
    master: Master,
    section: Section,
    lang: str,
    collection: Collection = ANNUAL,
    items: int = 0,
) -> None:
    """填报说明; `items` of last year's to answer on the 上年度整改 sheet get a step too."""
    settings = master.settings
    sheet = book.add_worksheet(i18n.SHEET_GUIDE.label(lang))
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 90)
    sheet.merge_range(0, 0, 0, 1, i18n.t("template.guide_title", lang), formats.title)
    sheet.set_row(0, 30)  # the 16-point title: a default row clips it where it is not fitted
    indicators = master.indicators_for(section.code)
    total = sum((i.points for i in indicators), Decimal(0))
    contact = " ".join(
        part
        for part in (settings.office_contact, settings.office_phone, settings.office_email)
        if part
    )
    rows = [
        ("template.guide.unit", settings.unit),
        ("template.guide.year", str(settings.year)),
        ("template.guide.round", collection.round_name(settings)),
        ("template.guide.section", f"{section.code} {section.name}"),
        ("template.guide.deadline", settings.deadline.isoformat() if settings.deadline
         else i18n.t("template.guide.as_notified", lang)),
        ("template.guide.contact", contact),
        ("template.guide.indicators", i18n.t("template.guide.count", lang,
                                             count=len(indicators), points=format_points(total))),
    ]
    for n, (key, value) in enumerate(rows, start=1):
        sheet.write_string(n, 0, i18n.t(key, lang), formats.header)
        sheet.write_string(n, 1, value, formats.text)
        fit_row(sheet, n, ((value, 90),))  # a long unit or section name
    steps_row = len(rows) + 2
    sheet.set_row(steps_row, 200)
    steps = "template.guide.steps" if collection.kind == "annual" else "progress.guide_steps"
    text = i18n.t(steps, lang)
    if items:
        text += "\n" + i18n.t("template.guide.rect_step", lang, count=items,
                              sheet=i18n.SHEET_RECTIFICATION.label(lang))
    sheet.merge_range(steps_row, 0, steps_row, 1, text, formats.text)
    print_setup(sheet, None, page_footer(section.name, lang), landscape=False)  # text
    sheet.protect(settings.template_password, _PROTECTION)


def _write_report_sheet(
    book: Workbook, formats: Formats, master: Master, section: Section, lang: str
) -> None:
    settings = master.settings
    sheet = book.add_worksheet(i18n.SHEET_REPORT.label(lang))
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 110)
    # the 16-point title, clear of the table's border; wrapped under a long section name
    merge_title(sheet, 0, 1, i18n.t("template.report_title", lang, section=section.name,
                                    year=settings.year), 18 + 110, formats, 30)
    for n, part in enumerate(i18n.REPORT_PARTS, start=1):
        sheet.set_row(n, 160)
        sheet.write_string(n, 0, part.label(lang), formats.header)
        sheet.write_blank(n, 1, None, formats.input_text)
    print_setup(sheet, None, page_footer(section.name, lang), landscape=False)  # text
    sheet.protect(settings.template_password, _PROTECTION)


def _write_meta_sheet(book: Workbook, binding: TemplateBinding) -> BulkRows:
    sheet = book.add_worksheet(i18n.SHEET_META)
    rows = BulkRows(sheet, 0, 3, shared_strings=False)  # nobody reads these but perfxl
    for row in binding_rows(binding):
        rows.add([(value, 0) for value in row])
    sheet.very_hidden()
    sheet.protect(binding.workspace_id)
    return rows


def write_template(
    path: Path,
    master: Master,
    section: Section,
    lang: str,
    items: Sequence[RectificationItem] = (),
) -> None:
    """One section's workbook: 填报说明, 自评表, 自评报告, 上年度整改 when last year left
    items to answer, and the very hidden metadata."""
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    formats = make_formats(book)
    _write_guide_sheet(book, formats, master, section, lang, items=len(items))
    bulks = [_write_self_sheet(book, formats, master, section, lang)]
    _write_report_sheet(book, formats, master, section, lang)
    if items:
        _write_rectification_sheet(book, formats, master, section, items, lang)
    bulks.append(_write_meta_sheet(book, template_binding(master, section)))
    book.worksheets()[1].activate()
    book.close()
    splice_rows(buffer, path, bulks)


def _write_rectification_sheet(
    book: Workbook,
    formats: Formats,
    master: Master,
    section: Section,
    items: Sequence[RectificationItem],
    lang: str,
) -> None:
    sheet = book.add_worksheet(i18n.SHEET_RECTIFICATION.label(lang))
    widths = (8, 16, 50, 50, 50)
    for n, (column, width) in enumerate(zip(i18n.RECTIFICATION_COLUMNS, widths, strict=True)):
        sheet.set_column(n, n, width)
        sheet.write_string(0, n, column.label(lang), formats.header)
    for row, item in enumerate(items, start=1):
        sheet.set_row(row, 90)
        sheet.write_string(row, 0, item.key, formats.text_center)
        sheet.write_string(row, 1, i18n.t(f"rect.kind.{item.kind}", lang), formats.text)
        sheet.write_string(row, 2, item.text, formats.text)
        sheet.write_blank(row, 3, None, formats.input_text)
        sheet.write_blank(row, 4, None, formats.input_text)
    sheet.freeze_panes(1, 0)
    print_setup(sheet, (0, 0), page_footer(section.name, lang))
    sheet.protect(master.settings.template_password, _PROTECTION)


def write_progress_template(
    path: Path, master: Master, section: Section, lang: str, collection: Collection
) -> None:
    """A monitoring round's workbook: 填报说明, 进度表 and the very hidden metadata."""
    settings = master.settings
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    formats = make_formats(book)
    percent = book.add_format({"font_name": "宋体", "font_size": 10, "border": 1,
                               "align": "center", "valign": "vcenter", "num_format": "0%",
                               "locked": False, "bg_color": "#FFF9DB"})
    _write_guide_sheet(book, formats, master, section, lang, collection)
    sheet = book.add_worksheet(i18n.SHEET_PROGRESS.label(lang))
    widths = (7, 26, 6, 10, 44, 30, 30)
    columns = i18n.PROGRESS_COLUMNS
    for n, width in enumerate(widths):
        sheet.set_column(n, n, width)
    title = i18n.t("progress.title", lang, unit=settings.unit, year=settings.year,
                   round=collection.round_name(settings), section=section.name)
    merge_title(sheet, TITLE_ROW, len(columns) - 1, title, sum(widths), formats, 30)
    for n, column in enumerate(columns):
        sheet.write_string(HEADER_ROW, n, column.label(lang), formats.header)
    row = FIRST_DATA_ROW
    for indicator in master.indicators_for(section.code):
        sheet.write_string(row, 0, indicator.id, formats.text_center)
        sheet.write_string(row, 1, indicator.name, formats.text)
        write_value(sheet, row, 2, indicator.points, formats.number)
        sheet.write_blank(row, 3, None, percent)
        for text_column in (4, 5, 6):
            sheet.write_blank(row, text_column, None, formats.input_text)
        row += 1
    if row > FIRST_DATA_ROW:
        sheet.data_validation(FIRST_DATA_ROW, 3, row - 1, 3, {
            "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1,
            "input_title": i18n.t("progress.prompt_title", lang)[:32],
            "input_message": i18n.t("progress.prompt", lang)[:255],
            "error_title": i18n.t("progress.error_title", lang)[:32],
            "error_message": i18n.t("progress.error", lang)[:255],
        })
    sheet.freeze_panes(FIRST_DATA_ROW, 3)
    print_setup(sheet, (HEADER_ROW, HEADER_ROW), page_footer(section.name, lang))
    sheet.protect(settings.template_password, _PROTECTION)
    meta = _write_meta_sheet(book, template_binding(master, section, collection))
    sheet.activate()
    book.close()
    splice_rows(buffer, path, [meta])


def template_file_name(
    master: Master, section: Section, lang: str, collection: Collection = ANNUAL
) -> str:
    if collection.kind == "progress":
        return safe_file_name(i18n.t("progress.file_name", lang, code=section.code,
                                     name=section.name, round=collection.round))
    return safe_file_name(i18n.t("template.file_name", lang, code=section.code,
                                 name=section.name, year=master.settings.year))


def email_bodies(
    master: Master, renderer: Renderer, lang: str, collection: Collection = ANNUAL,
    due: date | None = None,
) -> dict[str, str]:
    """Each section's letter, by section code, before anything is written: a workspace's own
    email template that cannot be rendered stops the command (PerfxlError) with its line,
    rather than leaving templates without drafts."""
    try:
        return {section.code: email_body(master, section, renderer, lang, collection, due)
                for section in master.sections}
    except TemplateProblem as problem:
        raise PerfxlError("fatal.email_template", file=problem.name, line=problem.line or "?",
                          reason=problem.reason) from problem


def email_body(
    master: Master, section: Section, renderer: Renderer, lang: str,
    collection: Collection = ANNUAL, due: date | None = None,
) -> str:
    """The letter to a section: the annual one, or for a monitoring round the one asking for
    progress by `due` (the master's 截止日期 is the annual one: a round's letter names a
    date only when given)."""
    settings = master.settings
    indicators = master.indicators_for(section.code)
    deadline = i18n.written_date(due, lang) if due else ""  # 2021年1月31日, as letters date
    progress = collection.kind == "progress"
    round_name = collection.round_name(settings)
    return renderer.render(
        f"{'progress_email' if progress else 'email'}.{lang}.txt.j2",
        {
            "section": {
                "code": section.code,
                "name": section.name,
                "head": section.head,
                # the name, not the phone number typed under it (Alt+Enter)
                "contact": next(iter(section.contact.splitlines()), "").strip(),
            },
            "unit": settings.unit,
            "year": settings.year,
            "round": round_name or i18n.t("round.blank", lang),
            # "—" for the office's own copies of the letter made before `dated` existed
            "deadline": deadline if progress else deadline or "—",
            "dated": bool(deadline),
            "indicator_count": len(indicators),
            "total_points": format_points(sum((i.points for i in indicators), Decimal(0))),
            "office_contact": settings.office_contact,
            "office_phone": settings.office_phone,
            "office_email": settings.office_email,
        },
    )


def email_draft(
    master: Master, section: Section, workbook: Path, body: str, lang: str,
    collection: Collection = ANNUAL, due: date | None = None,
) -> bytes:
    """An unsent .eml draft of `body` addressed to the section, its template attached."""
    settings = master.settings
    deadline = i18n.written_date(due, lang) if due else ""
    round_name = collection.round_name(settings)
    subject_key = "email.progress_subject" if collection.kind == "progress" else "email.subject"
    if not deadline:
        subject_key += "_undated"
    subject = i18n.t(subject_key, lang, deadline=deadline or "—", unit=settings.unit,
                     year=settings.year, section=section.name, round=round_name)
    return mime_draft(section.email, settings.office_email, subject, body, workbook.name,
                      workbook.read_bytes())


def mime_draft(to: str, sender: str, subject: str, body: str, file_name: str,
               attachment: bytes) -> bytes:
    """An unsent MIME draft with one attachment, written directly: the `email` package's
    generator costs more than the workbook it carries when a city sends a thousand."""
    from email.header import Header
    from urllib.parse import quote

    # A boundary derived from the content, not random, keeps the draft byte-identical.
    boundary = "perfxl-" + hashlib.sha256(attachment + body.encode()).hexdigest()[:24]
    encoded_name = Header(file_name, "utf-8").encode(linesep=CRLF)
    # none known ("无", "同上"): the office fills it in
    lines = [f"To: {address_header(to)}"] if to and not is_placeholder(to) else []
    lines += [f"From: {address_header(sender)}"] if sender else []
    lines += [
        f"Subject: {Header(subject, 'utf-8').encode(linesep=CRLF)}",
        "X-Unsent: 1",  # Outlook and Thunderbird open the file as a draft to send
        "MIME-Version: 1.0",
        f'Content-Type: multipart/mixed; boundary="{boundary}"',
        "",
        f"--{boundary}",
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: base64",
        "",
        _base64_lines(body.replace("\n", "\r\n").encode()),
        f"--{boundary}",
        f'Content-Type: {XLSX_TYPE[0]}/{XLSX_TYPE[1]}; name="{encoded_name}"',
        "Content-Transfer-Encoding: base64",
        f"Content-Disposition: attachment; filename*=utf-8''{quote(file_name)}",
        "",
        _base64_lines(attachment),
        f"--{boundary}--",
        "",
    ]
    return CRLF.join(lines).encode("ascii")


CRLF = "\r\n"  # every line of a message, folded header lines too (RFC 5322)


def _base64_lines(data: bytes) -> str:
    """Base64 in 76-character lines ended by CRLF, as MIME wants."""
    return base64.encodebytes(data).decode("ascii").rstrip("\n").replace("\n", "\r\n")


def write_send_list(path: Path, files: list[TemplateFile], lang: str) -> None:
    keys = ("code", "name", "contact", "email", "template", "draft", "indicators", "note")
    book = new_workbook(path)
    formats = make_formats(book)
    name = i18n.t("sendlist.sheet", lang)
    sheet = book.add_worksheet(name)
    widths = (8, 24, 10, 28, 44, 44, 8, 20)
    labels = [i18n.t(f"sendlist.{key}", lang) for key in keys]
    for n, (label, width) in enumerate(zip(labels, widths, strict=True)):
        sheet.set_column(n, n, width)
        sheet.write_string(0, n, label, formats.header)
    # heights stored, not left to the application: LibreOffice does not fit them on opening
    sheet.set_row(0, max(20, wrapped_height(list(zip(labels, widths, strict=True)))))
    for row, item in enumerate(files, start=1):
        values = (
            item.section.code,
            item.section.name,
            item.section.contact,
            item.section.email,
            item.workbook.name,
            item.email.name,
            item.indicator_count,
            "" if reachable(item.section.email) else i18n.t("template.no_email", lang),
        )
        for column, value in enumerate(values):
            write_value(sheet, row, column, value, formats.text)
        sheet.set_row(row, max(15, wrapped_height(
            [(str(value), width) for value, width in zip(values, widths, strict=True)])))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(files), 1), len(keys) - 1)
    print_setup(sheet, (0, 0), page_footer(name, lang))
    book.close()


def write_templates(
    master: Master,
    folder: Path,
    templates_dir: Path | None,
    lang: str,
    collection: Collection = ANNUAL,
    previous: PreviousYear | None = None,
    deadline: date | None = None,
) -> list[TemplateFile]:
    """Write every section's template and draft into `folder` (on every core); prune stale ones.

    `templates_dir` is the workspace's own jinja2 folder, which overrides the defaults; the
    items `previous` left open go on each annual template's 上年度整改 sheet. `deadline`,
    when given, is the date the drafts ask for and the templates' guide shows, in place of
    the master's 截止日期 (which is the annual one: a round names no other date).
    """
    folder.mkdir(parents=True, exist_ok=True)
    if deadline is not None or collection.kind == "progress":
        # a round's templates and drafts name its own date, or none: never the annual one
        master = replace(master, settings=replace(master.settings, deadline=deadline))
    due = master.settings.deadline

    def write_one(path: Path, section: Section) -> None:
        if collection.kind == "progress":
            write_progress_template(path, master, section, lang, collection)
        else:
            items = previous.items_for(section.code) if previous else ()
            write_template(path, master, section, lang, items)

    bodies = email_bodies(master, Renderer(templates_dir), lang, collection, due)

    def write_some(sections: Sequence[Section]) -> list[TemplateFile]:
        written = []
        for section in sections:
            workbook = folder / template_file_name(master, section, lang, collection)
            write_atomically(workbook, functools.partial(write_one, section=section))
            draft = write_bytes(workbook.with_suffix(".eml"),
                                email_draft(master, section, workbook, bodies[section.code],
                                            lang, collection, due))
            written.append(TemplateFile(section, workbook, draft,
                                        len(master.indicators_for(section.code))))
        return written

    written = map_in_chunks(write_some, master.sections)
    send_list = folder / i18n.t("sendlist.file_name", lang)
    write_atomically(send_list, lambda p: write_send_list(p, written, lang))
    keep = {f.workbook for f in written} | {f.email for f in written} | {send_list}
    for stale in folder.iterdir():
        if stale.is_file() and stale.suffix in (".xlsx", ".eml") and stale not in keep:
            stale.unlink()
    return written
