"""Identifies a read workbook and checks it against the master: a Return plus its issues.

Never raises for bad data and never changes its input: every problem is an Issue naming the
file, sheet and cell. Rows are found by their 编号 and columns by their header labels, so
inserted, hidden, reordered rows and moved columns read the same.
"""

from __future__ import annotations

import re
import traceback
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfxl import i18n
from perfxl.binding import FORMAT, parse_binding
from perfxl.cells import (
    ARITHMETIC,
    EXTERNAL_REFERENCE,
    a1,
    cell_text,
    column_letter,
    decimal_places,
    evaluate_arithmetic,
    exact_decimal,
    id_key,
    is_note_label,
    is_summary_label,
    lenient_decimal,
    shortened,
)
from perfxl.issues import Issue, exception_text, has_errors, make_issue
from perfxl.model import (
    Answer,
    Collection,
    Indicator,
    Master,
    PreviousYear,
    ProgressAnswer,
    RectificationAnswer,
    RectificationItem,
    Return,
    Section,
    SelfReport,
    TemplateBinding,
    fingerprint,
    format_points,
)
from perfxl.reader import RawSheet, RawWorkbook

HEADER_SEARCH_ROWS = 15
ANNUAL = Collection()


@dataclass(frozen=True)
class CheckedFile:
    """One file's verdict: the return it holds (None if unusable) and everything found."""

    path: str
    sha256: str
    section_code: str | None
    result: Return | None
    issues: tuple[Issue, ...]
    saved_at: str = ""  # when the workbook says it was saved (docProps), usable or not

    @property
    def usable(self) -> bool:
        return self.result is not None


@dataclass
class _Context:
    """Where issues of one file go, pre-filled with its location."""

    file: str
    section: str | None = None
    sheet: str | None = None

    def __post_init__(self) -> None:
        self.issues: list[Issue] = []
        self.misfiled = False  # another collection's file: said, and not the section's
        # id_key -> the indicator's name as the template was made (the master may rename it)
        self.made_names: dict[str, str] = {}

    def add(
        self,
        code: str,
        cell: str | None = None,
        sheet: str | None = None,
        value: object = None,
        **params: object,
    ) -> None:
        self.issues.append(
            make_issue(
                code,
                file=self.file,
                sheet=self.sheet if sheet is None else (sheet or None),  # "": no sheet
                cell=cell,
                value=value,
                section=self.section,
                **params,
            )
        )


def check_workbook(
    raw: RawWorkbook,
    sha256: str,
    master: Master,
    collection: Collection = ANNUAL,
    previous: PreviousYear | None = None,
) -> CheckedFile:
    """Identify `raw` by its hidden metadata (else by its title and 编号s) and check it.

    `collection` says what is being collected (the annual self-assessment or a monitoring
    round); `previous` holds last year's rectification items each section must answer.
    """
    context = _Context(raw.path)
    try:
        checked = _check(raw, sha256, master, collection, previous, context)
    except Exception as exc:  # a flaw in perfxl met by one odd file must not stop the others
        context.sheet = None  # the failure is the file's, whichever sheet was being read
        context.add("FILE_017", reason=_failure(exc))
        known = context.section if master.section(context.section or "") else None
        checked = CheckedFile(raw.path, sha256, known, None, tuple(context.issues))
    return replace(checked, saved_at=raw.saved_at)


def _failure(exc: Exception) -> str:
    """What failed and where, short enough for the problem list, for the maintainers."""
    frames = traceback.extract_tb(exc.__traceback__)
    place = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return exception_text(exc, 160) + place


def _check(
    raw: RawWorkbook,
    sha256: str,
    master: Master,
    collection: Collection,
    previous: PreviousYear | None,
    context: _Context,
) -> CheckedFile:
    if has_errors(raw.issues):
        return CheckedFile(raw.path, sha256, None, None, tuple(raw.issues))
    context.issues += raw.issues
    progress = collection.kind == "progress"
    located = _find_self_sheet(raw, progress)
    binding = _find_binding(raw)
    section = _identify(raw, binding, located, master, context, collection)
    if not raw.checked_structure:
        context.add("FILE_014", extension=raw.path.rsplit(".", 1)[-1].lower())
    if raw.path.lower().endswith((".xlsm", ".xltm")):  # macro-enabled
        context.add("FILE_013")
    if section is None or located is None:
        if section is not None and not _headers_lost(raw, progress, context):
            context.add("RETURN_011")
        # a refused template still tells whose it is: that section then shows "error"
        known = context.section if master.section(context.section or "") and \
            not context.misfiled else None
        return CheckedFile(raw.path, sha256, known, None, tuple(context.issues))
    context.section = section.code
    sheet, header_row, columns = located
    context.sheet = sheet.name
    expected = master.indicators_for(section.code)
    if binding is not None:  # its rows are checked above; only the identity travels on
        context.made_names = {id_key(row.id): row.name for row in binding.rows}
        binding = replace(binding, rows=())
    if progress:
        reports = tuple(_read_progress(sheet, header_row, columns, expected, context))
        rows = {r.row for r in reports}
        _check_structure(sheet, columns, rows, i18n.PROGRESS_INPUTS, context)
        _check_twins(raw, located, progress, rows, context)
        _check_unnumbered_rows(sheet, header_row, columns, i18n.PROGRESS_INPUTS, context)
        result = Return(raw.path, sha256, section.code, (), SelfReport(), sheet.name, binding,
                        raw.saved_at, progress=reports)
        return CheckedFile(raw.path, sha256, section.code, result, tuple(context.issues))
    before = len(context.issues)
    answers = list(_read_answers(sheet, header_row, columns, expected, context))
    foreign = sum(issue.code == "RETURN_015" for issue in context.issues[before:])
    other = _someone_elses_table(sheet, header_row, columns, expected, master, section) \
        if foreign >= 3 else None
    if other is not None:  # its rows were each "not this section's": one error says why
        del context.issues[before:]
        context.add("RETURN_023", other=other[0].label, section_label=section.label,
                    count=other[1], found=other[2], mine=other[3])
        return CheckedFile(raw.path, sha256, section.code, None, tuple(context.issues))
    _check_structure(sheet, columns, {a.row for a in answers}, i18n.INPUT_COLUMNS, context)
    _check_twins(raw, located, progress, {a.row for a in answers}, context)
    _check_unnumbered_rows(sheet, header_row, columns, i18n.INPUT_COLUMNS, context)
    report = _read_report(raw, context)
    items = previous.items_for(section.code) if previous else ()
    result = Return(
        path=raw.path,
        sha256=sha256,
        section_code=section.code,
        answers=tuple(answers),
        report=report,
        sheet=sheet.name,
        binding=binding,
        saved_at=raw.saved_at,
        rectification=_read_rectification(raw, items, context) if items else (),
    )
    return CheckedFile(raw.path, sha256, section.code, result, tuple(context.issues))


# --- identification -------------------------------------------------------------------------


def _find_binding(raw: RawWorkbook) -> TemplateBinding | None:
    for sheet in raw.sheets:
        if sheet.name == i18n.SHEET_META or (
            cell_text(sheet.value(1, 0)) == "format" and cell_text(sheet.value(1, 1)) == FORMAT
        ):
            binding = parse_binding(sheet.rows)
            if binding is not None:
                return binding
    return None


Located = tuple[RawSheet, int, dict[str, int]]


def _find_self_sheet(raw: RawWorkbook, progress: bool = False) -> Located | None:
    """The sheet with the 编号 and 自评得分 (or 完成进度) headers; found even if renamed."""
    return next(_self_sheets(raw, progress), None)


def _self_sheets(raw: RawWorkbook, progress: bool = False,
                 worth: Callable[[RawSheet], bool] = lambda _sheet: True) -> Iterator[Located]:
    """Every sheet with the 编号 and 自评得分 (or 完成进度) headers, the one so named first;
    only the sheets `worth` a look (a cheap test first, on every return)."""
    name, spec, key = _self_spec(progress)
    for sheet in filter(worth, _named_first(raw.sheets, name)):
        for row in range(1, min(len(sheet.rows), HEADER_SEARCH_ROWS) + 1):
            columns = i18n.match_columns(sheet.rows[row - 1], spec)
            if "id" in columns and key in columns:
                yield sheet, row, columns
                break


def _headers_lost(raw: RawWorkbook, progress: bool, context: _Context) -> bool:
    """RETURN_012 for each key header the sheet named 自评表 has lost ("自评分" typed over
    自评得分, the header row deleted), at the row most like the header: the sheet is there,
    and saying it is not found sends the section looking for the wrong thing."""
    name, spec, key = _self_spec(progress)
    named = {i18n.normalize_label(spelling) for spelling in name.spellings()}
    sheet = next((s for s in raw.sheets if i18n.normalize_label(s.name) in named), None)
    if sheet is None:
        return False
    rows = sheet.rows[:HEADER_SEARCH_ROWS]
    found = [i18n.match_columns(row, spec) for row in rows]
    header = max(range(len(rows)), key=lambda n: len(found[n]), default=1)
    labels = {c.key: c for c in spec}
    for missing in ("id", key):
        if not found or missing not in found[header]:
            context.add("RETURN_012", sheet=sheet.name, cell=f"{header + 1}:{header + 1}",
                        expected=i18n.Localized(labels[missing].zh, labels[missing].en))
    return True


def _may_have_ids(sheet: RawSheet) -> bool:
    """Whether a sheet's first rows hold a cell that may head a 编号 column: a short text
    containing 编号, or ID. The instructions, the report and the metadata sheet do not."""
    return any(isinstance(value, str) and len(value) <= 20
               and ("编号" in value or value.strip().casefold() == "id")
               for row in sheet.rows[:HEADER_SEARCH_ROWS] for value in row)


def _self_spec(progress: bool) -> tuple[i18n.Column, tuple[i18n.Column, ...], str]:
    if progress:
        return i18n.SHEET_PROGRESS, i18n.PROGRESS_COLUMNS, "progress"
    return i18n.SHEET_SELF, i18n.TEMPLATE_COLUMNS, "self_score"


def _check_twins(raw: RawWorkbook, located: Located, progress: bool, rows: set[int],
                 context: _Context) -> None:
    """An error for what a section added beside the template that perfxl cannot choose
    between (which one the section meant cannot be told): a second column under an input's
    header holding other values, or a second self-assessment sheet holding other answers."""
    inputs = i18n.PROGRESS_INPUTS if progress else i18n.INPUT_COLUMNS
    _twin_columns(located, _self_spec(progress)[1], inputs, rows, context)
    _twin_sheets(raw, located, progress, inputs, rows, context)


def _twin_columns(located: Located, spec: tuple[i18n.Column, ...], inputs: Sequence[str],
                  rows: set[int], context: _Context) -> None:
    """RETURN_020 for an input column with a twin (a draft, a backup, a correction) whose
    values differ on the indicator `rows`."""
    sheet, header_row, _columns = located
    by_key = {c.key: c for c in spec}
    for key, positions in i18n.column_positions(sheet.rows[header_row - 1], spec).items():
        if key not in inputs or len(positions) < 2:
            continue
        chosen, beside = positions[0], positions[1:]
        differing = [other for other in beside if any(
            cell_text(sheet.value(row, other)) != cell_text(sheet.value(row, chosen))
            for row in rows)]
        if differing:
            shown = [f"{column_letter(p)}{header_row}“{cell_text(sheet.value(header_row, p))}”"
                     for p in sorted([chosen, *differing])]
            context.add("RETURN_020", cell=a1(header_row, differing[0]),
                        expected=i18n.Localized(by_key[key].zh, by_key[key].en),
                        columns=i18n.in_each_language(i18n.listing, shown))


def _twin_sheets(raw: RawWorkbook, located: Located, progress: bool, inputs: Sequence[str],
                 rows: set[int], context: _Context) -> None:
    """RETURN_021 for another self-assessment sheet (a copy edited, the original hidden)
    saying otherwise for the indicators read."""
    sheet = located[0]
    copies = [other for other in _self_sheets(raw, progress, _may_have_ids)
              if other[0] is not sheet]
    mine = _answers_by_id(located, inputs, rows) if copies else {}
    for copy in copies:
        theirs = _answers_by_id(copy, inputs)
        if {key: theirs.get(key) for key in mine} != mine:
            hidden = i18n.t_each("return.sheet_hidden") if sheet.visibility != "visible" else ""
            context.add("RETURN_021", other=copy[0].name, hidden=hidden)


def _check_unnumbered_rows(sheet: RawSheet, header_row: int, columns: dict[str, int],
                           inputs: Sequence[str], context: _Context) -> None:
    """A warning for each row below the header with something typed in an input but no
    编号 (or a note for one): an indicator a section added itself, or a score typed on the
    wrong row. Only rows with a 编号 are scored, so it would be dropped without a word.
    Subtotal rows hold their own formulas (or a number typed over one), not data; text
    typed beside them is said, as it is read nowhere."""
    typed = [columns[key] for key in inputs if key in columns]
    texts = [columns[key] for key in inputs if key in columns and key not in NUMBER_INPUTS]
    id_column = columns["id"]
    for row, values in enumerate(sheet.rows[header_row:], start=header_row + 1):
        label = cell_text(values[id_column]) if id_column < len(values) else ""
        if label and not is_summary_label(label) and not is_note_label(label):
            continue  # an indicator's row (or a wrong 编号, said as that)
        subtotal = any(is_summary_label(cell_text(value)) for value in values)
        filled = [column for column in typed
                  if cell_text(sheet.value(row, column)) and a1(row, column) not in sheet.formulas
                  and (not subtotal or column in texts or _words(sheet.value(row, column)))]
        if filled:
            context.add("RETURN_029" if subtotal else "RETURN_022", cell=a1(row, filled[0]),
                        value=shortened(cell_text(sheet.value(row, filled[0])), 40))


NUMBER_INPUTS = ("self_score", "progress")  # a subtotal row's own, summed


def _words(value: Any) -> bool:
    """Text that is no number ("见附表" typed over a subtotal's formula)."""
    return isinstance(value, str) and lenient_decimal(value)[0] is None


def _someone_elses_table(sheet: RawSheet, header_row: int, columns: dict[str, int],
                         expected: tuple[Indicator, ...], master: Master, section: Section
                         ) -> tuple[Section, int, int, int] | None:
    """(the section, IDs in the table, how many are that section's, how many this one's)
    when the table is mostly another section's indicators (its sheet pasted into this
    file): each row would otherwise be an error of its own, none saying why."""
    ids = {id_key(text) for _row, text in _data_rows(sheet, header_row, columns["id"])
           if not is_summary_label(text) and not is_note_label(text)}
    own = {id_key(i.id) for i in expected}
    mine = len(ids & own)
    # several rows foreign and several of this section's own missing: not a row or two added
    if len(ids) - mine < 3 or len(own - ids) < 3:
        return None
    best, found = None, mine
    for other in master.sections:
        theirs = len(ids & {id_key(i.id) for i in master.indicators_for(other.code)})
        if other.code != section.code and theirs > found:
            best, found = other, theirs
    if best is None or found < 0.9 * len(ids):  # another section's table, all but a row
        return None
    return best, len(ids), found, mine


def _answers_by_id(located: Located, keys: Sequence[str], rows: set[int] | None = None
                   ) -> dict[str, tuple[str, ...]]:
    """What a self-assessment sheet says for each 编号 (its input columns' texts)."""
    sheet, header_row, columns = located
    return {id_key(indicator_id): tuple(
                cell_text(sheet.value(row, columns[k])) if k in columns else "" for k in keys)
            for row, indicator_id in _data_rows(sheet, header_row, columns["id"])
            if rows is None or row in rows}


def _named_first(sheets: list[RawSheet], name: i18n.Column) -> list[RawSheet]:
    """The sheets, the one named `name` (in any of its spellings) first: found even when
    renamed, but not mistaken for another sheet that holds the same labels."""
    named = {i18n.normalize_label(s) for s in name.spellings()}
    return sorted(sheets, key=lambda s: i18n.normalize_label(s.name) not in named)


def _identify(
    raw: RawWorkbook,
    binding: TemplateBinding | None,
    located: Located | None,
    master: Master,
    context: _Context,
    collection: Collection,
) -> Section | None:
    if binding is None:
        return _identify_without_metadata(located, master, context)
    settings = master.settings
    section = master.section(binding.section_code) or next(  # a code retyped in another case
        (s for s in master.sections if s.code.casefold() == binding.section_code.casefold()),
        None)
    context.section = section.code if section else None
    checks = (
        # without the master's own mark no template can be told this workspace's
        ("RETURN_003" if settings.workspace_id else "RETURN_025", binding.workspace_id,
         settings.workspace_id),
        ("RETURN_004", binding.year, settings.year),
        ("RETURN_005", binding.round, collection.round_name(settings)),
    )
    if binding.fingerprint != fingerprint(binding.rows):
        context.add("RETURN_010")
        return None
    if binding.workspace_id == settings.workspace_id and binding.kind in COLLECTION_KINDS and (
            binding.kind != collection.kind or (binding.kind == "progress"
            and binding.round != collection.round_name(settings)
            and binding.round in collection.other_rounds)):
        # this workspace's template for another collection, dropped in the wrong inbox: the
        # office's slip, not the section's; set aside, so that it cannot fault the section
        folder = f"rounds/{binding.round}/inbox/" if binding.kind == "progress" else "inbox/"
        context.add("RETURN_024", folder=folder,
                    found=i18n.in_each_language(_collection_label, binding.kind, binding.round),
                    expected=i18n.in_each_language(_collection_label, collection.kind,
                                                   collection.round_name(settings)))
        context.misfiled = True
        return None
    if binding.kind != collection.kind:
        context.add("RETURN_018",
                    found=i18n.in_each_language(_kind_label, binding.kind),
                    expected=i18n.in_each_language(_kind_label, collection.kind))
        return None
    wrong = [(code, found, wanted) for code, found, wanted in checks if found != wanted]
    codes = {code for code, _, _ in wrong}
    if "RETURN_004" in codes and codes & {"RETURN_003", "RETURN_025"}:
        # last year's template: its year says it (each year's workspace is another one)
        wrong = [entry for entry in wrong if entry[0] not in ("RETURN_003", "RETURN_025")]
    for code, found, wanted in wrong:
        if code == "RETURN_005" and not found:  # made while the master's 轮次 was blank
            code = "RETURN_026"
        context.add(code, found=found or "—", expected=wanted or "—")
    if wrong:
        return None
    if section is None:
        context.add("RETURN_006", value=binding.section_code)
        return None
    command = "perfxl templates" + (f" --round {binding.round}" if binding.kind == "progress"
                                    else "")
    if not _template_is_current(binding, master.indicators_for(section.code), context,
                                command):
        return None
    return section


COLLECTION_KINDS = ("annual", "progress")


def _collection_label(kind: str, round_name: str, lang: str) -> str:
    """"进度监控（第三季度）": a round named, the annual self-assessment as it is."""
    label = _kind_label(kind, lang)
    return label + i18n.aside(round_name, lang) if kind == "progress" else label


def _kind_label(kind: str, lang: str) -> str:
    labels = {"annual": ("年度自评", "the annual self-assessment"),
              "progress": ("进度监控", "a progress monitoring round")}
    zh, en = labels.get(kind, (kind, kind))
    return zh if lang == "zh" else en


def _template_is_current(
    binding: TemplateBinding, expected: tuple[Indicator, ...], context: _Context,
    command: str = "perfxl templates",
) -> bool:
    """Ids and points as the template recorded them must still be what the master assigns."""
    # an id respelled in the master since (a01 made A01) is the same indicator
    made = {id_key(row.id): row for row in binding.rows}
    now = {id_key(indicator.id): indicator for indicator in expected}
    current = True
    for key, row in made.items():
        if key not in now:
            context.add("RETURN_009", id=row.id, name=row.name, command=command)
            current = False
        elif now[key].points != row.points:
            context.add(
                "RETURN_007",
                id=now[key].id,
                name=row.name,
                old=format_points(row.points),
                new=format_points(now[key].points),
                command=command,
            )
            current = False
    for key, indicator in now.items():
        if key not in made:
            context.add("RETURN_008", id=indicator.id, name=indicator.name, command=command)
            current = False
    return current


def _identify_without_metadata(
    located: Located | None, master: Master, context: _Context
) -> Section | None:
    """Fall back to the title above the header and the set of 编号s below it."""
    if located is None:
        context.add("RETURN_001")
        return None
    sheet, header_row, columns = located
    title = " ".join(cell_text(v) for row in sheet.rows[: header_row - 1] for v in row)
    ids = {
        cell_text(sheet.value(r, columns["id"])) for r in range(header_row + 1, len(sheet.rows) + 1)
    }
    ids.discard("")
    by_title = [s for s in master.sections if s.name and s.name in title]
    by_ids = [
        s for s in master.sections if ids and {i.id for i in master.indicators_for(s.code)} == ids
    ]
    # The 编号s are the content; the title is one line anyone may retype. Both agreeing
    # decide; else the 编号s when they fit one section only (a title naming another section
    # would take that section's place, and block its own return as a second one); else the
    # title, the longest name it holds.
    agreeing = [s for s in by_title if s in by_ids]
    if agreeing:
        candidates = agreeing
    elif len(by_ids) == 1:
        candidates = by_ids
    elif by_title and not by_ids:
        candidates = [max(by_title, key=lambda s: len(s.name))]
    else:
        candidates = []
    if len(candidates) != 1:
        context.add("RETURN_001")
        return None
    section = candidates[0]
    context.section = section.code
    context.add("RETURN_002", sheet=sheet.name, section_label=section.label)
    return section


# --- the self-assessment rows -------------------------------------------------------------------


def _data_rows(sheet: RawSheet, header_row: int, id_column: int) -> Iterator[tuple[int, str]]:
    for row in range(header_row + 1, len(sheet.rows) + 1):
        indicator_id = cell_text(sheet.value(row, id_column))
        if indicator_id:
            yield row, indicator_id


def _indicator_rows(
    sheet: RawSheet,
    header_row: int,
    columns: dict[str, int],
    expected: tuple[Indicator, ...],
    context: _Context,
    spec: tuple[i18n.Column, ...],
    inputs: tuple[str, ...],
) -> Iterator[tuple[int, Indicator]]:
    """(row, indicator) for each expected indicator found by its 编号, reporting the rest."""
    for column in spec:
        if column.key in ("id", "name", "points", *inputs) and column.key not in columns:
            context.add("RETURN_012", cell=f"{header_row}:{header_row}",
                        expected=i18n.Localized(column.zh, column.en))
    by_id = {id_key(indicator.id): indicator for indicator in expected}
    seen: dict[str, int] = {}
    for row, indicator_id in _data_rows(sheet, header_row, columns["id"]):
        key = id_key(indicator_id)
        id_cell = a1(row, columns["id"])
        if key in seen:
            context.add("RETURN_014", cell=id_cell, value=indicator_id, first_row=seen[key])
            continue
        indicator = by_id.get(key)
        if indicator is None:
            if is_note_label(indicator_id):  # "填表人：张三" typed under the table
                if not any(cell_text(sheet.value(row, columns[key]))
                           for key in inputs if key in columns):  # else RETURN_022 says it
                    context.add("RETURN_028", cell=id_cell, value=shortened(indicator_id, 40))
            elif not is_summary_label(indicator_id):
                context.add("RETURN_015", cell=id_cell, value=indicator_id)
            continue
        seen[key] = row
        _check_fixed_cells(sheet, row, columns, indicator, context)
        yield row, indicator
    for indicator in expected:
        if id_key(indicator.id) not in seen:
            context.add("RETURN_013", id=indicator.id, name=indicator.name)


def _read_answers(
    sheet: RawSheet,
    header_row: int,
    columns: dict[str, int],
    expected: tuple[Indicator, ...],
    context: _Context,
) -> Iterator[Answer]:
    for row, indicator in _indicator_rows(sheet, header_row, columns, expected, context,
                                          i18n.TEMPLATE_COLUMNS, i18n.INPUT_COLUMNS):
        yield _answer(sheet, row, columns, indicator, context)


def _check_fixed_cells(
    sheet: RawSheet, row: int, columns: dict[str, int], indicator: Indicator, context: _Context
) -> None:
    if "points" in columns:
        raw = sheet.value(row, columns["points"])
        points, _ = lenient_decimal(raw)
        if points != indicator.points:
            context.add(
                "RETURN_016",
                cell=a1(row, columns["points"]),
                value=cell_text(raw),
                id=indicator.id,
                expected=format_points(indicator.points),
            )
    if "name" in columns:
        name = cell_text(sheet.value(row, columns["name"]))
        # as the template wrote it: an indicator the office renamed since is not the section's
        written = {indicator.name, context.made_names.get(id_key(indicator.id), indicator.name)}
        if name not in written and i18n.normalize_label(name) not in {
                i18n.normalize_label(text) for text in written}:
            context.add(
                "RETURN_017",
                cell=a1(row, columns["name"]),
                value=name,
                id=indicator.id,
                expected=indicator.name,
            )


def _text(sheet: RawSheet, row: int, columns: dict[str, int], key: str, context: _Context) -> str:
    if key not in columns:
        return ""
    ref = a1(row, columns[key])
    if ref in sheet.formulas and ref in sheet.errors:  # "=已完成" typed: a #NAME? error
        formula = sheet.formulas[ref][0]
        # an .xls saved by Calc holds it as the text constant ="已完成": typed was =已完成
        constant = re.fullmatch(r'"((?:[^"]|"")*)"', formula)
        typed = constant[1].replace('""', '"') if constant else formula
        context.add("CONTENT_006", cell=ref, formula=formula, typed=typed,
                    error=sheet.errors[ref])
    elif ref in sheet.formulas:
        context.add("CONTENT_004", cell=ref, formula=sheet.formulas[ref][0])
    if ref in sheet.errors:
        return ""
    value = sheet.value(row, columns[key])
    if isinstance(value, str):
        text = value.strip()
        # "'=…" as CONTENT_006 advises: Excel hides the apostrophe, LibreOffice keeps it
        return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@") else text
    if ref in sheet.percent and isinstance(value, (int, float)) and not isinstance(value, bool):
        # "100%" typed in a General cell is stored as 1, shown as 100%: read as shown
        number = exact_decimal(value)
        if number is not None:
            return f"{format_points(number * 100)}%"
    return cell_text(value)


def _answer(
    sheet: RawSheet, row: int, columns: dict[str, int], indicator: Indicator, context: _Context
) -> Answer:
    achievement = _text(sheet, row, columns, "achievement", context)
    evidence = _text(sheet, row, columns, "evidence", context)
    ref = a1(row, columns["self_score"])
    score = _score(sheet, ref, sheet.value(row, columns["self_score"]), indicator, context)
    if score is None and _blank(sheet.value(row, columns["self_score"])) and \
            "achievement" in columns and lenient_decimal(achievement)[0] is not None:
        # the score typed one column over: SCORE_001 alone sent the section looking
        context.add("SCORE_017", cell=a1(row, columns["achievement"]), value=achievement,
                    id=indicator.id)
    if score is not None:
        shown = format_points(score)
        # a column missing altogether is RETURN_012, not a warning on every row
        if score < indicator.points and not achievement and "achievement" in columns:
            context.add(
                "CONTENT_001",
                cell=a1(row, columns["achievement"]),
                id=indicator.id,
                score=shown,
                points=format_points(indicator.points),
            )
        if score > 0 and not evidence and "evidence" in columns:
            context.add(
                "CONTENT_002",
                cell=a1(row, columns["evidence"]),
                id=indicator.id,
                score=shown,
            )
    evidence_cell = a1(row, columns["evidence"]) if "evidence" in columns else ""
    return Answer(indicator.id, score, achievement, evidence, ref, row, evidence_cell)


def _score(
    sheet: RawSheet, ref: str, value: Any, indicator: Indicator, context: _Context
) -> Decimal | None:
    """The self score of one cell, or None with an error saying why it cannot be used."""
    points = format_points(indicator.points)
    where = {"cell": ref, "id": indicator.id, "points": points}
    if ref in sheet.errors:
        context.add("SCORE_005", value=sheet.errors[ref], **where)
        return None
    formula = sheet.formulas.get(ref)
    if formula is not None:
        text, saved = formula
        if EXTERNAL_REFERENCE.search(text):
            context.add("SCORE_007", formula=text[:100], **where)
            return None
        computed = evaluate_arithmetic(text)
        if computed is None and ARITHMETIC.fullmatch(text.strip().lstrip("=")):
            context.add("SCORE_013", formula=text[:100], **where)  # too long, or overflows
            return None
        if computed is None and _blank(value) and saved and '""' in text:
            # =IF(E4>100,E4,""): its result is the empty text; saving again changes nothing
            context.add("SCORE_018", formula=text[:100], **where)
            return None
        if computed is None and (not saved or _blank(value)):  # a blank cell of an array
            context.add("SCORE_006", formula=text[:100], **where)  # range was never saved
            return None
        number = computed if computed is not None else lenient_decimal(value)[0]
        if number is None:
            context.add("SCORE_002", value=cell_text(value), **where)
            return None
        code = "SCORE_012" if computed is not None else "SCORE_011"
        context.add(code, formula=text[:100], parsed=_shown(number), **where)
        return _in_range(number, indicator, context, where)
    if _blank(value):
        context.add("SCORE_001", **where)
        return None
    if isinstance(value, (date, time, timedelta)):  # "1/2" or "12:30" typed, made a date
        context.add("SCORE_015", value=cell_text(value), **where)
        return None
    stored = exact_decimal(value)
    # a score typed as 90% is stored as 0.9 (0% is 0 points whichever was meant)
    if ref in sheet.percent and stored is not None and stored != 0:
        context.add("SCORE_014", value=cell_text(value), shown=f"{format_points(stored * 100)}%",
                    **where)
        return None
    number, adjusted = lenient_decimal(value)
    if number is None:
        context.add("SCORE_002", value=cell_text(value), **where)
        return None
    if adjusted:
        context.add("SCORE_010", value=value, parsed=_shown(number), **where)
    places = decimal_places(number)
    if places > 2:
        context.add("SCORE_016", value=_shown(number), places=places, **where)
    return _in_range(number, indicator, context, where)


def _shown(number: Decimal) -> str:
    """A number read from a cell, for a message: as typed, but 1E+300 not in 301 digits."""
    text = format_points(number)
    return text if len(text) <= 20 else f"{number:.6G}"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _in_range(
    number: Decimal, indicator: Indicator, context: _Context, where: dict[str, str]
) -> Decimal | None:
    if number < 0:
        context.add("SCORE_003", value=_shown(number), **where)
        return None
    if number > indicator.points:
        context.add("SCORE_004", value=_shown(number), **where)
        return None
    return number


def _check_structure(
    sheet: RawSheet,
    columns: dict[str, int],
    answer_rows: set[int],
    inputs: tuple[str, ...],
    context: _Context,
) -> None:
    """Merged ranges and pictures over the cells a section fills in."""
    input_columns = {columns[k] for k in inputs if k in columns}
    for top, left, bottom, right in sheet.merged:
        rows = set(range(top + 1, bottom + 2)) & answer_rows
        if rows and input_columns & set(range(left, right + 1)):
            context.add(
                "SCORE_008",
                cell=a1(top + 1, left),
                value=f"{a1(top + 1, left)}:{a1(bottom + 1, right)}",
            )
    for top, left, bottom, right in sheet.pictures:  # said once, at the first input cell
        under = sorted(row for row in answer_rows if top + 1 <= row <= bottom + 1)
        columns_under = sorted(c for c in input_columns if left <= c <= right)
        if under and columns_under:
            context.add("SCORE_009", cell=a1(under[0], columns_under[0]))


# --- monitoring rounds -----------------------------------------------------------------------


CENT = Decimal("0.01")


def parse_progress(value: Any, shown_as_percent: bool = False) -> tuple[Decimal | None, bool]:
    """A progress cell as a fraction 0..1: (value, was_adjusted); (None, False) if unreadable.

    A percentage cell holds 0.75 for 75%; text such as "75%" and a bare 75 are read as 75%
    with a warning, and a bare 1 as 100% with one. A number in a cell `shown_as_percent` is
    taken as the cell shows it:
    1.5 there is the 150% the section sees, not 1.5%.
    """
    stored = None if isinstance(value, str) else exact_decimal(value)
    if shown_as_percent and stored is not None:
        return stored, False
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if text.endswith("%"):
            number, _ = lenient_decimal(text[:-1])
            return (None, False) if number is None else (number / 100, True)
    number, adjusted = lenient_decimal(value)
    if number is None:
        return None, False
    if Decimal(1) < number <= Decimal(100):
        return number / 100, True
    if number == 1:  # 100%, or 1% typed as 30 and 50 were beside it: said either way
        return number, True
    return number, adjusted


def _read_progress(
    sheet: RawSheet,
    header_row: int,
    columns: dict[str, int],
    expected: tuple[Indicator, ...],
    context: _Context,
) -> Iterator[ProgressAnswer]:
    for row, indicator in _indicator_rows(sheet, header_row, columns, expected, context,
                                          i18n.PROGRESS_COLUMNS, i18n.PROGRESS_INPUTS):
        ref = a1(row, columns["progress"])
        value = sheet.value(row, columns["progress"])
        where = {"cell": ref, "id": indicator.id}
        progress: Decimal | None = None
        formula = sheet.formulas.get(ref)
        unsaved = formula is not None and (not formula[1] or _blank(value))
        # =0.3+0.2 never computed is what perfxl can compute; =SUM(…) is not
        computed = evaluate_arithmetic(formula[0]) if formula is not None and unsaved else None
        if computed is not None:
            value = computed
        if ref in sheet.errors:  # an Excel error is what the cell shows, not a blank
            context.add("PROGRESS_002", value=sheet.errors[ref], **where)
        elif formula is not None and unsaved and computed is None:
            context.add("PROGRESS_005", formula=formula[0][:60], **where)  # never saved
        elif value is None or cell_text(value) == "":
            context.add("PROGRESS_001", **where)
        else:
            progress, adjusted = parse_progress(value, ref in sheet.percent)
            if progress is None:
                context.add("PROGRESS_002", value=cell_text(value), **where)
            elif not Decimal(0) <= progress <= Decimal(1):
                exact = (progress * 100).normalize()  # 100.0001%, not a rounded 100%
                shown = f"{exact:f}%" if abs(progress) < 10**6 else cell_text(value)[:30]
                # a whole percentage typed as a number into the template's percentage cell:
                # 75 shows as 7500% (1.2 is "120%" typed, -0.1 "-10%": no such slip)
                typed_number = ref in sheet.percent and not isinstance(value, str) \
                    and formula is None and Decimal(2) <= progress <= Decimal(100)
                context.add("PROGRESS_003", value=shown, hint=i18n.t_each(
                    "progress.hint_percent_cell") if typed_number else "", **where)
                progress = None
            elif formula is not None and computed is not None:  # =2/3: 66.67%, not 15 digits
                context.add("PROGRESS_006", formula=formula[0][:60],
                            parsed=f"{format_points((progress * 100).quantize(CENT))}%",
                            **where)
            elif adjusted:
                context.add("PROGRESS_004", value=cell_text(value),
                            parsed=f"{format_points(progress * 100)}%", **where)  # 75%
        yield ProgressAnswer(
            indicator.id,
            progress,
            _text(sheet, row, columns, "note", context),
            _text(sheet, row, columns, "problems", context),
            _text(sheet, row, columns, "next_steps", context),
            ref,
            row,
        )


# --- last year's rectification items ------------------------------------------------------------


def _read_rectification(
    raw: RawWorkbook, items: Sequence[RectificationItem], context: _Context
) -> tuple[RectificationAnswer, ...]:
    """The answers on the 上年度整改 sheet, one per item; a blank part is a warning."""
    found: dict[str, RectificationAnswer] = {}
    sheet_name = None
    for sheet in _named_first(raw.sheets, i18n.SHEET_RECTIFICATION):
        header = sheet.rows[0] if sheet.rows else []
        columns = i18n.match_columns(header, i18n.RECTIFICATION_COLUMNS)
        if not {"key", "measures", "results"} <= set(columns):
            continue
        sheet_name = sheet.name
        keys = {item.key for item in items}
        by_key = {id_key(item.key): item.key for item in items}  # "r1", "Ｒ２" as IDs are read
        for row in range(2, len(sheet.rows) + 1):
            typed = cell_text(sheet.value(row, columns["key"]))
            key = by_key.get(id_key(typed), typed)
            if key and key not in keys and not is_summary_label(key):  # "1" typed for R1
                context.add("RECT_003", sheet=sheet.name, cell=a1(row, columns["key"]),
                            value=key, keys=i18n.in_each_language(i18n.listing, sorted(keys)))
            if key and key not in found:
                found[key] = RectificationAnswer(
                    key,
                    _unless_placeholder(cell_text(sheet.value(row, columns["measures"]))),
                    _unless_placeholder(cell_text(sheet.value(row, columns["results"]))),
                    row,
                )
        for item in items:
            answer = found.get(item.key)
            for part, position in (("measures", columns["measures"]),
                                   ("results", columns["results"])):
                text = getattr(answer, part) if answer else ""
                if not text:
                    row_number = answer.row if answer else None
                    context.add("RECT_001", sheet=sheet.name,
                                cell=a1(row_number, position) if row_number else None,
                                key=item.key, text=shortened(item.text, 40),
                                part=i18n.t_each(f"rect.part.{part}"))
        break
    if sheet_name is None:  # of the workbook, not of its self-assessment sheet
        context.add("RECT_002", sheet="", count=len(items))
    return tuple(found.get(i.key, RectificationAnswer(i.key, "", "", 0)) for i in items)


# what a section types to fill a cell without answering: no measure, no result
_PLACEHOLDERS = frozenset(i18n.normalize_label(word) for word in (
    "无", "暂无", "没有", "无。", "/", "／", "-", "－", "—", "——", "略", "n/a", "na", "none",
    "nil"))


def _unless_placeholder(text: str) -> str:
    """`text`, or "" for a placeholder ("无", "/"): it answers nothing, and the item would be
    closed for good (not carried into the next year) as if it had been."""
    return "" if i18n.normalize_label(text) in _PLACEHOLDERS else text


# --- the self-assessment report -------------------------------------------------------------------


def _merged_over(sheet: RawSheet, row: int, column: int) -> str:
    """The merged range that hides the cell at 0-based (`row`, `column`): covers it and
    starts elsewhere, as A1:B2; or ""."""
    for top, left, bottom, right in sheet.merged:
        if top <= row <= bottom and left <= column <= right and (top, left) != (row, column):
            return f"{a1(top + 1, left)}:{a1(bottom + 1, right)}"
    return ""


def typed_into(raw: RawWorkbook) -> bool:
    """Whether a template holds anything typed into it: a self score, a 完成情况 or 佐证材料
    (a progress or note of a round's), or a part of the 自评报告. A template the office
    filled in place, which regenerating it would wipe out."""
    for progress in (False, True):
        located = _find_self_sheet(raw, progress)
        if located is None:
            continue
        sheet, header_row, columns = located
        inputs = [columns[key] for key in (i18n.PROGRESS_INPUTS if progress
                                           else i18n.INPUT_COLUMNS) if key in columns]
        if any(cell_text(sheet.value(row, column)) and a1(row, column) not in sheet.formulas
               for row in range(header_row + 1, len(sheet.rows) + 1)
               if cell_text(sheet.value(row, columns["id"]))  # an indicator's row, or a note
               for column in inputs):
            return True
    report = _read_report(raw, _Context(raw.path))
    return any(text for _part, text in report.parts()) or _rectification_typed(raw)


def _rectification_typed(raw: RawWorkbook) -> bool:
    """Whether a 上年度整改 sheet holds an answer (not its placeholder) on an item's row."""
    for sheet in _named_first(raw.sheets, i18n.SHEET_RECTIFICATION):
        columns = i18n.match_columns(sheet.rows[0] if sheet.rows else [],
                                     i18n.RECTIFICATION_COLUMNS)
        if {"key", "measures", "results"} <= set(columns):
            return any(_unless_placeholder(cell_text(sheet.value(row, columns[part])))
                       for row in range(2, len(sheet.rows) + 1)
                       if cell_text(sheet.value(row, columns["key"]))
                       for part in ("measures", "results"))
    return False


def _read_report(raw: RawWorkbook, context: _Context) -> SelfReport:
    labels = {
        i18n.normalize_label(s): part.key for part in i18n.REPORT_PARTS for s in part.spellings()
    }
    for sheet in _named_first(raw.sheets, i18n.SHEET_REPORT):
        found: dict[str, tuple[str, int, int]] = {}  # text, 1-based row, 0-based column
        for row_number, row in enumerate(sheet.rows[:40], start=1):
            for column, value in enumerate(row[:4]):
                key = labels.get(i18n.normalize_label(value))
                if key and key not in found:
                    text = cell_text(sheet.value(row_number, column + 1))
                    found[key] = (text, row_number, column + 1)
        if len(found) >= 2:
            for part in i18n.REPORT_PARTS:
                part_name = i18n.Localized(part.zh, part.en)
                if part.key not in found:
                    context.add("CONTENT_003", sheet=sheet.name, part=part_name)
                    continue
                text, row_number, column = found[part.key]
                cell = a1(row_number, column)
                if not text:
                    context.add("CONTENT_003", sheet=sheet.name, cell=cell, part=part_name)
                elif hidden := _merged_over(sheet, row_number - 1, column):
                    context.add("CONTENT_005", sheet=sheet.name, cell=cell, part=part_name,
                                value=hidden)
            return SelfReport(**{key: text for key, (text, *_place) in found.items()})
    context.issues.append(make_issue("RETURN_019", file=context.file, section=context.section))
    return SelfReport()  # the sheet missing is said of the file, not of the 自评表 read
