"""The assessment group's review: writing the 审核 workbook and reading the filled one back."""

from __future__ import annotations

import io
import itertools
import os
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path

from perfxl import i18n
from perfxl.cells import (
    EXTERNAL_REFERENCE,
    a1,
    cell_text,
    decimal_places,
    evaluate_arithmetic,
    exact_decimal,
    id_key,
    is_summary_label,
    lenient_decimal,
    wrapped_height,
)
from perfxl.issues import Issue, make_issue
from perfxl.master import (
    SheetRows,
    find_sheet,
    read_workbook_rows,
    section_keys,
    section_named,
    unreadable,
)
from perfxl.model import Answer, Indicator, Master, Return, ReviewEntry, Section, format_points
from perfxl.package import SMALLER
from perfxl.reader import RawSheet, cell_marks
from perfxl.workspace import write_atomically
from perfxl.xlsx_style import (
    BulkRows,
    add_score_validations,
    make_formats,
    merge_title,
    new_workbook,
    print_setup,
    splice_rows,
)

SHEET_REVIEW = i18n.Column("review", "审核", "Review")
REVIEW_COLUMNS = (
    i18n.Column("code", "科室代码", "Section code"),
    i18n.Column("section", "科室", "Section"),
    i18n.Column("id", "编号", "ID"),
    i18n.Column("name", "指标名称", "Indicator"),
    i18n.Column("points", "分值", "Points"),
    i18n.Column("self_score", "自评得分", "Self score"),
    i18n.Column("achievement", "完成情况", "Achievement"),
    i18n.Column("evidence", "佐证材料", "Evidence"),
    i18n.Column("approved", "核定得分", "Approved score"),
    i18n.Column("note", "核定说明", "Review note"),
)
WIDTHS = (8, 16, 7, 22, 6, 8, 50, 30, 9, 30)
REVIEW_FORMAT = "perfxl-review-1"
TITLE_ROW, HEADER_ROW = 0, 1


def write_review(path: Path, master: Master, returns: Sequence[Return], lang: str,
                 carried: Sequence[ReviewEntry] = (),
                 notes: Mapping[tuple[str, str], str] | None = None) -> Path:
    """output/review.xlsx: one row per section × indicator, 核定得分/核定说明 open (filled
    where `carried` holds the group's decision already, or `notes`, by (section code,
    indicator id), its remark on a score it kept).

    At city scale that is sixty thousand rows: they are written as XML (xlsx_style.BulkRows)
    and spliced in once xlsxwriter has closed the book with its title, header, validations
    and protection.
    """
    by_section = {r.section_code: r for r in returns}
    decided = {(e.section_code, e.indicator_id): e for e in carried}
    kept = notes or {}

    def write(target: Path) -> None:
        buffer = io.BytesIO()
        book = new_workbook(buffer)
        formats = make_formats(book)
        sheet = book.add_worksheet(SHEET_REVIEW.label(lang))
        settings = master.settings
        title = i18n.t("review.title", lang, unit=settings.unit, year=settings.year,
                       round=settings.round)
        merge_title(sheet, TITLE_ROW, len(REVIEW_COLUMNS) - 1, title, sum(WIDTHS), formats, 30)
        for n, (column, width) in enumerate(zip(REVIEW_COLUMNS, WIDTHS, strict=True)):
            sheet.set_column(n, n, width)
            sheet.write_string(HEADER_ROW, n, column.label(lang), formats.header)
        sheet.set_row(HEADER_ROW, wrapped_height([(column.label(lang), width) for column, width
                                                  in zip(REVIEW_COLUMNS, WIDTHS, strict=True)]))
        rows = BulkRows(sheet, HEADER_ROW + 1, len(REVIEW_COLUMNS))
        text, number = rows.style(formats.text), rows.style(formats.number)
        open_number, open_text = rows.style(formats.input_number), rows.style(formats.input_text)
        rows_by_points: dict[Decimal, list[int]] = {}
        for section in master.sections:
            returned = by_section.get(section.code)
            if returned is None:
                continue
            answers = {a.indicator_id: a for a in returned.answers}
            for indicator in master.indicators_for(section.code):
                answer = answers.get(indicator.id)
                score = answer.self_score if answer else None
                rows_by_points.setdefault(indicator.points, []).append(rows.next_row)
                achievement = (answer.achievement if answer else "") or None
                evidence = (answer.evidence if answer else "") or None
                decision = decided.get((section.code, indicator.id))
                rows.add((
                    (section.code, text), (section.name, text), (indicator.id, text),
                    (indicator.name, text), (indicator.points, number),
                    (score, text if score is None else number),
                    (achievement, text), (evidence, text),
                    (decision.approved_score if decision else None, open_number),
                    ((decision.note if decision else kept.get((section.code, indicator.id)))
                     or None, open_text),
                ), wrapped_height(((section.name, WIDTHS[1]), (indicator.name, WIDTHS[3]),
                                   (achievement or "", WIDTHS[6]), (evidence or "", WIDTHS[7]))))
        last_row = rows.next_row - 1
        add_score_validations(
            sheet, 8, rows_by_points, i18n.t("review.prompt_title", lang),
            i18n.template("review.prompt", lang),
            i18n.t("review.error_title", lang), i18n.template("review.error", lang))
        sheet.freeze_panes(HEADER_ROW + 1, 4)
        sheet.autofilter(HEADER_ROW, 0, max(last_row, HEADER_ROW + 1), len(REVIEW_COLUMNS) - 1)
        print_setup(sheet, (HEADER_ROW, HEADER_ROW), f"&C{i18n.t('page_footer', lang)}")
        sheet.protect("", {"autofilter": True, "sort": False, "format_columns": True,
                           "format_rows": True})
        meta = book.add_worksheet(i18n.SHEET_META)  # which workspace and year it was made for
        for row, (key, value) in enumerate((("format", REVIEW_FORMAT),
                                            ("workspace_id", settings.workspace_id),
                                            ("year", str(settings.year)))):
            meta.write_string(row, 0, key)
            meta.write_string(row, 1, value)
        meta.very_hidden()
        sheet.activate()
        book.close()
        splice_rows(buffer, target, [rows], level=SMALLER)  # sent to the assessment group

    return write_atomically(path, write)


REQUIRED = ("code", "id", "approved")
HEADER_ROWS = 50  # the header is row 2 as written; rows inserted above it are looked past


def _header(sheet: SheetRows) -> tuple[int, dict[str, int]] | None:
    for number, row in enumerate(sheet.rows[:HEADER_ROWS], start=1):
        columns = _columns(row)
        if set(REQUIRED) <= set(columns):
            return number, columns
    return None


def _columns(header: tuple[object, ...]) -> dict[str, int]:
    """The review's columns in a header row. With 科室代码 deleted, the 科室 column names the
    sections (section_keys reads a name as the register does): the whole review was
    discarded, every approved score with it."""
    columns = i18n.match_columns(header, REVIEW_COLUMNS)
    if "code" not in columns and "section" in columns:
        columns["code"] = columns["section"]
    return columns


def _missing_headers(sheet: SheetRows | None) -> i18n.Localized:
    """The required headers the most complete header row of `sheet` lacks, zh and en."""
    found: set[str] = set()
    for row in (sheet.rows[:HEADER_ROWS] if sheet else ()):
        found = max(found, set(_columns(row)) & set(REQUIRED), key=len)
    labels = {c.key: i18n.Localized(c.zh, c.en) for c in REVIEW_COLUMNS}
    return i18n.in_each_language(lambda keys, lang: " / ".join(
        labels[key].text(lang) for key in keys), [key for key in REQUIRED if key not in found])


@dataclass(frozen=True)
class FilledReview:
    """The rows of a review workbook that carry an approved score, and where they are."""

    file: str
    sheet: str
    columns: dict[str, int]
    rows: tuple[tuple[int, tuple[object, ...]], ...]  # (row number, values)
    sections: frozenset[str] = frozenset()  # every code on any row: the returns reviewed
    # rows whose blank code was taken from above -> the 编号s of their block: the row with
    # that code and every row below it up to the next code, in sheet order
    inferred: dict[int, tuple[str, ...]] = field(default_factory=dict)
    notes: int = 0  # rows with a 核定说明, approved score or not: the group's work too
    made_for: tuple[str, str] | None = None  # (workspace id, year) from its metadata sheet
    # rows whose 核定得分 holds no usable number although it may not look blank: (row,
    # values, the issue's code, what shows): REVIEW_018 an error value, a formula never
    # computed or reaching into another file, a percentage; REVIEW_019 a cell merged with
    # the cells of other rows
    unusable: tuple[tuple[int, tuple[object, ...], str, str], ...] = ()
    # rows with a 核定说明 and no approved score: the group's remark on a score it kept
    noted: tuple[tuple[int, tuple[object, ...]], ...] = ()
    said: tuple[Issue, ...] = ()  # what reading it found to say (a second score column)

    def decisions(self, sections: dict[str, str]) -> Counter[tuple[str, str, str, str]]:
        """(section, 编号, approved score, note) of each row holding one, as compared: the
        section as `sections` (normalized code or name → code) resolves its code or name,
        or as the row above when left blank (typed on a section's first row only); the
        score as a number ("同自评" as none); case and width aside."""
        def text(values: tuple[object, ...], key: str) -> str:
            position = self.columns.get(key)
            return cell_text(values[position]) if position is not None and \
                position < len(values) else ""

        def score(values: tuple[object, ...]) -> str:
            typed = text(values, "approved")
            number = lenient_decimal(typed)[0] if not _keeps(typed) else None
            return format_points(number) if number is not None else \
                ("" if _keeps(typed) else typed)

        found: Counter[tuple[str, str, str, str]] = Counter()
        above = ""
        for _row, values in sorted((*self.rows, *self.noted), key=lambda row: row[0]):
            typed = text(values, "code") or text(values, "section")
            above = section_named(typed, sections) or i18n.normalize_label(typed) or above
            found[(above, id_key(text(values, "id")), score(values),
                   i18n.normalize_label(text(values, "note")))] += 1
        return found
    # rows whose 核定得分 is a formula with a saved result: row -> (formula, computed here)
    formulas: dict[int, tuple[str, bool]] = field(default_factory=dict)
    # rows with a self score and no decision: (row, values), to see a self score changed
    kept: tuple[tuple[int, tuple[object, ...]], ...] = ()


def read_filled_review(path: Path) -> FilledReview | Issue | None:
    """The review's rows with an approved score (blank keeps the self score, so most rows are
    skipped here); an issue if it cannot be read; None if there is no review.

    Only these rows leave this function, so it can run in a process of its own while the
    returns are read, and hand back a small answer."""
    if not path.is_file():  # absent: no review; a folder or a broken link there: said
        broken = os.path.lexists(path)
        reason = i18n.t_each("reason.not_a_file")
        return make_issue("REVIEW_009", file=path.name, reason=reason) if broken else None
    try:
        sheets = read_workbook_rows(path)
    except Exception as exc:  # an unreadable review is reported, the run goes on without it
        return unreadable("REVIEW_009", "REVIEW_033", path, exc)
    chosen = _review_sheet(sheets, path.name)
    if isinstance(chosen, Issue):
        return chosen
    sheet, header_row, columns = chosen
    approved = columns["approved"]
    kept = {columns[k] for k in ("code", "section", "id", "name", "points", "self_score",
                                 "approved", "note") if k in columns}  # not the long texts
    code = columns.get("code")
    rows = []
    unusable: list[tuple[int, tuple[object, ...], str, str]] = []
    marks = cell_marks(path, sheet.name) if path.suffix.lower() == ".xlsx" else None
    merged = _merged_over(marks, approved) if marks is not None else {}
    sections: set[str] = set()
    inferred: dict[int, list[str]] = {}
    code_above: object = None
    block: list[str] = []  # the 编号s of the rows under the code above, from its own row
    notes = 0
    noted: list[tuple[int, tuple[object, ...]]] = []
    kept_rows: list[tuple[int, tuple[object, ...]]] = []
    formulas: dict[int, tuple[str, bool]] = {}
    self_column = columns.get("self_score")
    note = columns.get("note")
    # a 核定说明 merged down several rows explains each of them (only its first cell holds it)
    shared_notes = _merged_notes(marks, note, sheet) if marks is not None and note is not None \
        else {}
    for number, row in enumerate(sheet.rows[header_row:], start=header_row + 1):
        if number in shared_notes:
            row = tuple(shared_notes[number] if i == note else v for i, v in enumerate(row))
        has_note = note is not None and note < len(row) and bool(cell_text(row[note]))
        notes += has_note
        values = [v if i in kept else None for i, v in enumerate(row)]
        row_id = cell_text(values[columns["id"]] if columns["id"] < len(values) else None)
        if code is not None and code < len(values):
            # 科室代码 merged down a section's rows, or typed on its first row only: a blank
            # code is the row's own 科室 where it names one, else the one above (rows are
            # grouped by section), checked in judge_review against the order perfxl wrote
            named = row[columns["section"]] if "section" in columns and \
                columns["section"] < len(row) else None
            if cell_text(values[code]):
                code_above = values[code]
                block = [row_id] if row_id else []
            elif row_id and cell_text(named):
                values[code] = named
            elif row_id and not is_summary_label(row_id):
                values[code] = code_above
                block.append(row_id)
                inferred[number] = block
            sections.add(cell_text(values[code]).casefold())
        shown = _unusable(marks, a1(number, approved), row[approved]
                          if approved < len(row) else None) if marks is not None else None
        formula = marks.formulas.get(a1(number, approved)) if marks is not None else None
        if formula is not None and shown is None and number not in merged:
            computed = evaluate_arithmetic(formula[0])
            if computed is not None:  # its saved result is not trusted
                values[approved] = computed
            formulas[number] = (f"={formula[0]}"[:100], computed is not None)
        if number in merged:
            unusable.append((number, tuple(values), "REVIEW_019", merged[number]))
        elif shown is not None:
            unusable.append((number, tuple(values), "REVIEW_018", shown))
        elif approved < len(values) and cell_text(values[approved]) and \
                not _keeps(values[approved]):
            rows.append((number, tuple(values)))
        elif has_note:
            noted.append((number, tuple(values)))
        elif self_column is not None and self_column < len(row) and cell_text(row[self_column]):
            kept_rows.append((number, tuple(values)))
    return FilledReview(path.name, sheet.name, columns, tuple(rows),
                        frozenset(sections - {""}), _frozen(inferred), notes,
                        _made_for(sheets.get(i18n.SHEET_META)), tuple(unusable), tuple(noted),
                        tuple(_second_score_columns(sheet, header_row, approved, path.name)),
                        formulas, tuple(kept_rows))


def _frozen(inferred: dict[int, list[str]]) -> dict[int, tuple[str, ...]]:
    """Each row's block as one tuple, shared by the rows of the block."""
    blocks: dict[int, tuple[str, ...]] = {}
    return {row: blocks.setdefault(id(ids), tuple(ids)) for row, ids in inferred.items()}


def _second_score_columns(sheet: SheetRows, header_row: int, approved: int, file: str
                          ) -> list[Issue]:
    """A warning for each other column headed like 核定得分 ("核定得分（复审）") holding
    scores 核定得分 does not: only 核定得分 is applied, and a re-examination's column may
    be the group's last word."""
    positions = i18n.column_positions(sheet.rows[header_row - 1], REVIEW_COLUMNS)["approved"]
    said = []
    for other in (p for p in positions if p != approved):
        rows = [number for number, row in enumerate(sheet.rows[header_row:],
                                                    start=header_row + 1)
                if other < len(row) and cell_text(row[other]) and cell_text(row[other])
                != cell_text(row[approved] if approved < len(row) else None)]
        if rows:
            header = cell_text(sheet.rows[header_row - 1][other])
            said.append(make_issue("REVIEW_025", file=file, sheet=sheet.name,
                                   cell=a1(rows[0], other), value=header,
                                   cells=i18n.in_each_language(i18n.listing,
                                                               [a1(r, other) for r in rows[:8]]),
                                   count=len(rows)))
    return said


# what a group types for "no change", meaning what a blank 核定得分 means
_KEEP_WORDS = frozenset(i18n.normalize_label(word) for word in (
    "同自评", "同自评分", "不变", "维持", "维持自评", "无变化", "无调整", "—", "——", "-", "－", "/",
    "／", "unchanged", "same", "no change", "as self", "as self-assessed", "kept"))


def _keeps(value: object) -> bool:
    return isinstance(value, str) and i18n.normalize_label(value) in _KEEP_WORDS


def _review_sheet(sheets: dict[str, SheetRows], file: str
                  ) -> tuple[SheetRows, int, dict[str, int]] | Issue:
    """(the sheet, its header row, its columns): 审核, or the sheet with its header; a copy
    the group filled while 审核 stayed blank. Two filled sheets cannot be told apart."""
    sheet = find_sheet(sheets, SHEET_REVIEW) or next(
        (s for s in sheets.values() if _header(s)), None)
    found = _header(sheet) if sheet else None
    if sheet is None or found is None:
        return make_issue("REVIEW_008", file=file, sheet=sheet.name if sheet else None,
                          expected=_missing_headers(sheet or next(iter(sheets.values()), None)))
    decided = _decisions(sheet)
    # a member's sheet whose decisions 审核 holds too (gathered by formula or copied; each
    # member fills the sections given to them) is no second word: only one saying
    # otherwise, or more, is
    others = [(other, theirs) for other in sheets.values() if other is not sheet
              and (theirs := _decisions(other)) and not theirs.items() <= decided.items()]
    if len(others) == 1 and not decided:  # the group filled a copy
        sheet, others = others[0][0], []
        found = _header(sheet) or found
    if others:  # two sheets filled (审核 and 审核 (2)): which one counts cannot be told
        filled = bool(decided)  # or 审核 left blank, a sheet for each member
        listed = i18n.in_each_language(i18n.listing, [other.name for other, _ in others])
        which = i18n.t_each("review.also", sheet=sheet.name, others=listed) if filled else \
            i18n.t_each("review.several", others=listed)
        # where the first two sheets part: the score to look for first
        (first, mine), (second, theirs) = ((sheet, decided), others[0]) if filled \
            else (others[0], others[1])
        return make_issue("REVIEW_016", file=file, sheet=sheet.name, which=which,
                          example=_first_difference(first.name, mine, second.name, theirs))
    return sheet, *found


def _first_difference(sheet: str, mine: dict[tuple[str, str], str], other: str,
                      theirs: dict[tuple[str, str], str]) -> i18n.Localized | str:
    """"(如 K02 的 A03：“审核”为 36，“审核 (2)”为 38)": the first score two sheets give
    differently, in the second sheet's order; "" when they give the same."""
    def said(score: str | None) -> i18n.Localized:
        return i18n.t_each("review.score", score=score) if score else i18n.t_each("review.blank")

    for key in [*theirs, *(key for key in mine if key not in theirs)]:
        if mine.get(key) != theirs.get(key):
            return i18n.t_each("review.example", section=key[0], id=key[1], sheet=sheet,
                               mine=said(mine.get(key)), other=other,
                               theirs=said(theirs.get(key)))
    return ""


def _merged_over(marks: RawSheet, column: int) -> dict[int, str]:
    """Row number -> the range, for each row of `column` under a range merged over several
    rows: only its first cell holds a value, so whose score it is cannot be told."""
    spans: dict[int, str] = {}
    for top, left, bottom, right in marks.merged:
        if top < bottom and left <= column <= right:
            shown = f"{a1(top + 1, left)}:{a1(bottom + 1, right)}"
            spans.update(dict.fromkeys(range(top + 1, bottom + 2), shown))
    return spans


def _merged_notes(marks: RawSheet, column: int, sheet: SheetRows) -> dict[int, object]:
    """Row number -> the note of the range merged over `column` that covers it (its first
    cell's), for the rows below that first one."""
    notes: dict[int, object] = {}
    for top, left, bottom, right in marks.merged:
        if top < bottom and left <= column <= right and top < len(sheet.rows) \
                and column < len(sheet.rows[top]):
            notes.update(dict.fromkeys(range(top + 2, bottom + 2), sheet.rows[top][column]))
    return notes


def _unusable(marks: RawSheet, ref: str, value: object) -> str | None:
    """What an approved-score cell shows when it holds no number the group typed: calamine
    reads an error value or a formula never computed as blank (which would keep the self
    score without a word) and a percentage as its fraction."""
    if ref in marks.errors:
        return marks.errors[ref]
    if ref in marks.formulas:
        text, saved = marks.formulas[ref]
        # never computed: unusable, unless perfxl can compute it (=36-2)
        if EXTERNAL_REFERENCE.search(text) or (not saved and evaluate_arithmetic(text) is None):
            return f"={text}"[:100]
    stored = exact_decimal(value)
    if ref in marks.percent and stored:  # 0% is 0 points whichever was meant
        return f"{format_points(stored * 100)}%"
    return None


def _made_for(meta: SheetRows | None) -> tuple[str, str] | None:
    """(workspace id, year) a review says it was made for; None for one without (made by an
    earlier perfxl, or its sheets copied into a new workbook)."""
    values = {cell_text(row[0]): cell_text(row[1]) for row in (meta.rows if meta else ())
              if len(row) >= 2}
    if values.get("format") != REVIEW_FORMAT:
        return None
    return values.get("workspace_id", ""), values.get("year", "")


def _decisions(sheet: SheetRows) -> dict[tuple[str, str], str]:
    """(section code or name, 编号) -> the approved score typed, for each row that has one."""
    found = _header(sheet)
    if found is None:
        return {}
    header_row, columns = found
    approved = columns["approved"]
    section = columns.get("code", columns.get("section"))
    decided = {}
    for row in sheet.rows[header_row:]:
        score = cell_text(row[approved]) if approved < len(row) else ""
        if score:
            who = cell_text(row[section]) if section is not None and section < len(row) else ""
            what = cell_text(row[columns["id"]]) if columns["id"] < len(row) else ""
            decided[(who, what)] = score
    return decided


def load_review(
    path: Path, master: Master, returns: Sequence[Return]
) -> tuple[list[ReviewEntry], list[Issue]]:
    """The approved scores in a filled review workbook; blank means "keep the self score"."""
    return judge_review(read_filled_review(path), master, returns)


def judge_review(
    filled: FilledReview | Issue | None, master: Master, returns: Sequence[Return]
) -> tuple[list[ReviewEntry], list[Issue]]:
    """Check each approved score against the master and the returns."""
    if filled is None:
        return [], []
    if isinstance(filled, Issue):
        return [], [filled]
    if filled.made_for is not None and _made_for_another(filled, master):
        made_year = filled.made_for[1]
        other = i18n.t_each("review.made_for_year", year=made_year) \
            if made_year != str(master.settings.year) else i18n.t_each("review.made_for_other")
        return [], [make_issue("REVIEW_017", file=filled.file, year=made_year, other=other,
                               expected=master.settings.year)]
    columns = filled.columns
    returned = {r.section_code: {a.indicator_id: a for a in r.answers} for r in returns}
    rows = _RowReader(filled, master)
    entries: list[ReviewEntry] = []
    issues: list[Issue] = list(filled.said)
    seen: dict[tuple[str, str], int] = {}
    marked = [(number, row, "", "") for number, row in filled.rows] + list(filled.unusable)
    for number, row, unusable_code, shown in sorted(marked, key=lambda entry: entry[0]):
        found = rows.locate(number, row)
        if not isinstance(found, tuple):
            issues += [found] if found is not None else []
            continue
        section, indicator, context = found
        value = rows.reader(row)
        approved_raw = value("approved")
        if unusable_code:
            issues.append(make_issue(unusable_code, value=shown, **context))
            continue
        key = (section.code, indicator.id)
        if key in seen:
            issues.append(make_issue("REVIEW_007", first_row=seen[key], **context))
            continue
        seen[key] = number
        approved, adjusted = lenient_decimal(approved_raw)
        points = format_points(indicator.points)
        if isinstance(approved_raw, (date, time, timedelta)):  # "1/2" typed, made a date
            issues.append(make_issue("REVIEW_028", value=cell_text(approved_raw), **context))
            continue
        if approved is None:
            issues.append(make_issue("REVIEW_003", value=cell_text(approved_raw), **context))
            continue
        if not Decimal(0) <= approved <= indicator.points:
            issues.append(make_issue("REVIEW_002", value=format_points(approved), points=points,
                                     **context))
            continue
        answers = returned.get(section.code)
        if answers is None:
            issues.append(make_issue("REVIEW_006", **context))
            continue
        note = cell_text(value("note"))
        answer = answers.get(indicator.id)
        self_score = answer.self_score if answer else None
        changed = _changed_since_review(value("points"), indicator.points, value("self_score"),
                                        self_score, number, columns, context)
        if changed is not None:  # decided on another return, or other points: not applied
            issues.append(changed)
            continue
        if self_score is not None and approved != self_score and not note:
            issues.append(make_issue("REVIEW_001", approved=format_points(approved),
                                     self_score=format_points(self_score), **context))
        if adjusted:  # "30分", "３０", a number stored as text: read, and said so
            issues.append(make_issue("REVIEW_020", value=cell_text(approved_raw),
                                     parsed=format_points(approved), **context))
        places = decimal_places(approved)
        if places > 2:  # =F6/3, or 27.999999999 pasted: applied, and said
            issues.append(make_issue("REVIEW_026", value=format_points(approved),
                                     places=places, **context))
        if number in filled.formulas:
            formula, computed = filled.formulas[number]
            issues.append(make_issue("REVIEW_029" if computed else "REVIEW_030", value=formula,
                                     parsed=format_points(approved), **context))
        entries.append(ReviewEntry(section.code, indicator.id, approved, note, number))
    issues += _self_scores_changed(filled, rows, returned)
    if entries and not {"points", "self_score"} <= columns.keys():
        # deleted by the group: a return sent again after the review cannot be seen
        issues.append(make_issue("REVIEW_031", file=filled.file, sheet=filled.sheet))
    for number, row in filled.noted:  # a cut in words, its score never typed
        found = rows.locate(number, row)
        note = cell_text(rows.reader(row)("note"))
        if isinstance(found, tuple) and found[0].code in returned and _CUT_IN_WORDS.search(note):
            issues.append(make_issue("REVIEW_021", note=note[:60], **found[2]))
    listed = {section_named(text, rows.keys) for text in filled.sections}
    for late in sorted(c for c in returned if c not in listed):
        late_section = master.section(late)
        label = late_section.label if late_section else late
        issues.append(make_issue("REVIEW_013", file=filled.file, section=late,
                                 section_label=label))
    return entries, issues


def _self_scores_changed(filled: FilledReview, rows: _RowReader,
                         returned: dict[str, dict[str, Answer]]) -> list[Issue]:
    """REVIEW_032 for each row without a decision whose 自评得分 is no longer the return's:
    an approved score typed one column to the left (the group's decision lost), or a return
    sent again after the review (its new scores never reviewed)."""
    issues = []
    column = filled.columns.get("self_score")
    for number, row in filled.kept:
        found = rows.locate(number, row)
        if not isinstance(found, tuple) or column is None:
            continue
        section, indicator, context = found
        answer = returned.get(section.code, {}).get(indicator.id)
        if answer is None or answer.self_score is None:
            continue
        shown = lenient_decimal(row[column])[0]
        if shown is not None and _as_stored(shown) != _as_stored(answer.self_score):
            issues.append(make_issue("REVIEW_032", shown=format_points(shown),
                                     now=format_points(answer.self_score),
                                     **{**context, "cell": a1(number, column)}))
    return issues


# a 核定说明 that speaks of a cut: 核减2分, 扣1分, 减去 3 分
_CUT_IN_WORDS = re.compile(r"核减|扣减|扣除|扣\s*[0-9０-９.]+\s*分|减\s*[0-9０-９.]+\s*分|减去")


def kept_notes(filled: FilledReview | Issue | None, master: Master, returns: Sequence[Return]
               ) -> dict[tuple[str, str], str]:
    """(section code, indicator id) -> the group's 核定说明 on rows where it kept the self
    score, for `perfxl review` made again: only where that row's 分值 and 自评得分 are still
    what the group saw (as for approved scores, see judge_review)."""
    if not isinstance(filled, FilledReview) or _made_for_another(filled, master):
        return {}
    returned = {r.section_code: {a.indicator_id: a for a in r.answers} for r in returns}
    rows = _RowReader(filled, master)
    kept: dict[tuple[str, str], str] = {}
    for number, row in filled.noted:
        found = rows.locate(number, row)
        if not isinstance(found, tuple) or found[0].code not in returned:
            continue
        section, indicator, context = found
        value = rows.reader(row)
        answer = returned[section.code].get(indicator.id)
        changed = _changed_since_review(value("points"), indicator.points, value("self_score"),
                                        answer.self_score if answer else None, number,
                                        filled.columns, context)
        if changed is None:
            kept.setdefault((section.code, indicator.id), cell_text(value("note")))
    return kept


def _made_for_another(filled: FilledReview, master: Master) -> bool:
    settings = master.settings
    # a master that lost its workspace ID (MASTER_046) cannot tell: its year still can
    mine = (settings.workspace_id or (filled.made_for or ("",))[0], str(settings.year))
    return filled.made_for is not None and filled.made_for != mine


class _RowReader:
    """Finds what a row of a filled review is about: its section and indicator."""

    def __init__(self, filled: FilledReview, master: Master) -> None:
        self.filled, self.master = filled, master
        self.keys = section_keys(master)  # a section named as the register may (k02, 法制科)
        self._owned: dict[str, dict[str, Indicator]] = {}  # section code -> indicators by id
        self._in_order: dict[tuple[str, tuple[str, ...]], bool] = {}  # each block, once

    def reader(self, row: tuple[object, ...]) -> Callable[[str], object]:
        columns = self.filled.columns

        def value(key: str) -> object:
            position = columns.get(key)
            return row[position] if position is not None and position < len(row) else None
        return value

    def locate(self, number: int, row: tuple[object, ...]
               ) -> tuple[Section, Indicator, dict[str, str]] | Issue | None:
        """(section, indicator, where for an issue); an issue when the row names what is not
        there; None for a row without 科室代码 or 指标编号."""
        filled, columns, value = self.filled, self.filled.columns, self.reader(row)
        code, indicator_id = cell_text(value("code")), cell_text(value("id"))
        if is_summary_label(indicator_id) or is_summary_label(code) or is_summary_label(
                cell_text(value("name"))):
            return None  # a 小计 row the group added: its sum is no decision
        where = {"file": filled.file, "sheet": filled.sheet,
                 "cell": a1(number, columns["approved"])}
        if indicator_id and not code and "code" in columns:  # sorted to the top, or lost
            return make_issue("REVIEW_022", id=indicator_id,
                              **{**where, "cell": a1(number, columns["code"])})
        if code and not indicator_id and cell_text(value("approved")):
            # a row the group added (a bonus "额外加分"): nothing in it can be applied
            return make_issue("REVIEW_027", value=cell_text(value("approved")),
                              **{**where, "cell": a1(number, columns["id"])})
        if not code or not indicator_id:
            return None
        section = self.master.section(section_named(code, self.keys) or "")
        if section is None:
            return make_issue("REVIEW_005", value=code,
                              **{**where, "cell": a1(number, columns["code"])})
        context = {**where, "section": section.code, "id": indicator_id,
                   "section_label": section.label}
        if section.code not in self._owned:  # by id_key: "a01" or "Ａ０１" is A01
            self._owned[section.code] = {id_key(i.id): i for i in self.master.indicators_for(
                section.code)}
        owned = self._owned[section.code]
        indicator = owned.get(id_key(indicator_id))
        block = filled.inferred.get(number)
        if block is not None and (section.code, block) not in self._in_order:
            self._in_order[section.code, block] = _in_order(owned, block)
        if block is not None and not self._in_order[section.code, block]:
            # the block under the code is not as perfxl wrote it: the rows were sorted, and
            # whose row this is cannot be told (K04's C07 taken for K01's, both owning C07)
            return make_issue("REVIEW_022", id=indicator_id,
                              **{**where, "cell": a1(number, columns["code"])})
        if indicator is None:
            return make_issue("REVIEW_004", **context)
        return section, indicator, context


def _in_order(owned: dict[str, Indicator], block: tuple[str, ...]) -> bool:
    """Whether a block of rows under one code reads as perfxl wrote it: the section's own
    indicators, each the next in its order. The condition for a blank code to be the one
    above: sorted rows fall into another section's block out of order, or twice (after
    sorting by 编号, K12's A01 followed by everyone's A02), or skipping (sorted by score,
    K09's A01 followed by another section's C05). A row the group deleted makes the rest
    of its block need their codes typed: a guess could give one section's cut to another."""
    order = {key: place for place, key in enumerate(owned)}
    places = [order.get(id_key(indicator_id), -1) for indicator_id in block]
    return all(earlier >= 0 and later == earlier + 1
               for earlier, later in itertools.pairwise(places))


def _as_stored(score: Decimal | None) -> Decimal | None:
    """A score as review.xlsx holds it, a double shown to 15 significant digits: a self score
    typed as the text "11.66666666666666667" is written there as 11.6666666666667."""
    return exact_decimal(float(score)) if score is not None else None


def _changed_since_review(points_raw: object, points: Decimal, self_raw: object,
                          self_score: Decimal | None, number: int, columns: dict[str, int],
                          context: dict[str, str]) -> Issue | None:
    """An issue when the row's 分值 or 自评得分, as the review was written, are no longer the
    master's and the return's: the approved score was decided on something else (a return
    sent again, points changed). A column the group deleted is not compared."""
    if "points" in columns and cell_text(points_raw):
        shown, _ = lenient_decimal(points_raw)
        if shown is not None and shown != points:
            return make_issue("REVIEW_011", shown=format_points(shown),
                              points=format_points(points),
                              **{**context, "cell": a1(number, columns["points"])})
    # a self score the return now used does not give (unreadable, blank) is that return's
    # error; once put right, it is compared again
    if "self_score" in columns and self_score is not None:
        shown = lenient_decimal(self_raw)[0] if cell_text(self_raw) else None
        if _as_stored(shown) != _as_stored(self_score):
            return make_issue("REVIEW_012", shown=format_points(shown) if shown is not None
                              else "—", now=format_points(self_score),
                              **{**context, "cell": a1(number, columns["self_score"])})
    return None
