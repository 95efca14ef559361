"""Reads the master workbook (indicators, sections, settings) into the model; never writes."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfxl import i18n
from perfxl.addresses import looks_like_addresses
from perfxl.cells import (
    NOTE_OPENING,
    a1,
    cell_text,
    decimal_places,
    evaluate_arithmetic,
    lenient_decimal,
    parse_date,
    plain_points,
)
from perfxl.issues import (
    Issue,
    MasterError,
    PerfxlError,
    exception_text,
    has_errors,
    make_issue,
    system_reason,
)
from perfxl.model import Category, Indicator, Master, Section, Settings, format_points
from perfxl.reader import ENCRYPTION_MARK, OLE_MAGIC, RawSheet, row_marks, with_known_errors
from perfxl.workspace import (
    MAX_NAME_BYTES,
    as_typed,
    safe_file_name,
    saved_in_another_format,
)

Rows = list[tuple[Any, ...]]


@dataclass(frozen=True)
class SheetRows:
    """A sheet as its rows of raw values; row 1 is `rows[0]`."""

    name: str
    rows: Rows
    # merged ranges, 0-based (top, left, bottom, right) inclusive; read with spread_merged
    merged: tuple[tuple[int, int, int, int], ...] = ()


class EncryptedWorkbook(ValueError):
    """A workbook saved with a password to open it: nothing in it can be read."""


def unreadable(code: str, encrypted_code: str, path: Path, error: Exception) -> Issue:
    """The problem of one of the office's workbooks that could not be read: `encrypted_code`
    for one with a password to open it (saving it again, as `code` advises, keeps that)."""
    if isinstance(error, EncryptedWorkbook):
        return make_issue(encrypted_code, file=path.name)
    return make_issue(code, file=path.name, reason=exception_text(error))


def read_workbook_rows(path: Path, data: bytes | None = None, spread_merged: bool = False
                       ) -> dict[str, SheetRows]:
    """Every sheet of the office's own workbooks (master, register, review) as raw values
    (from `data`, the file's bytes already read, when given). With `spread_merged`, every
    cell of a merged range holds the range's value, as it shows on screen: a 类别 merged down
    the rows of its indicators belongs to each of them (only its first cell holds it).

    python-calamine reads a 60,000-row review in well under a second where openpyxl takes a
    minute; empty cells come back as "" and whole numbers as floats, which `cell_text` and
    the number parsers treat the same as openpyxl's None and int.
    """
    import io

    import python_calamine

    data = data if data is not None else path.read_bytes()
    if data.startswith(OLE_MAGIC) and ENCRYPTION_MARK in data:  # Excel's 用密码进行加密
        raise EncryptedWorkbook(path.name)
    try:
        return _rows_of(python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)),
                        spread_merged)
    except python_calamine.CalamineError:
        # a #SPILL! or #CALC! (Excel 365) anywhere makes calamine refuse the whole workbook:
        # read again without them, if that was it
        known = with_known_errors(data, path.name)
        if known is None:
            raise
    return _rows_of(python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(known)),
                    spread_merged)


def _rows_of(book: Any, spread_merged: bool = False) -> dict[str, SheetRows]:
    try:
        sheets = {}
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            merged: tuple[tuple[int, int, int, int], ...] = ()
            if spread_merged:
                merged = tuple((top, left, bottom, right) for (top, left), (bottom, right)
                               in sheet.merged_cell_ranges or ())
                rows = _spread(rows, merged)
            sheets[name] = SheetRows(name, [tuple(row) for row in rows], merged)
        return sheets
    finally:
        book.close()


def _spread(rows: list[list[Any]], merged: Iterable[tuple[int, int, int, int]]
            ) -> list[list[Any]]:
    """`rows` with each merged range's first value in all its cells (within the rows read:
    a range claiming the whole sheet costs no more than the cells there are)."""
    for top, left, bottom, right in merged:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for row in rows[top:bottom + 1]:
            for column in range(left, min(right + 1, len(row))):
                row[column] = value
    return rows


def find_sheet(sheets: dict[str, SheetRows], column: i18n.Column) -> SheetRows | None:
    """The sheet whose name is the zh or en label (spaces and case ignored)."""
    wanted = {i18n.normalize_label(s): True for s in column.spellings()}
    return next((s for n, s in sheets.items() if i18n.find_label(wanted, n)), None)


HEADER_ROWS = 10  # a title typed above the header ("2020年度绩效考评指标") is looked past


def header_row(sheet: SheetRows, spec: tuple[i18n.Column, ...], required: tuple[str, ...]
               ) -> tuple[int, dict[str, int]]:
    """(the header's row number, its columns): the first of the sheet's first HEADER_ROWS
    rows holding every `required` label, else the one holding the most, if two or more (a
    header missing a column; one label may be a value that happens to spell it), else row 1."""
    best: tuple[int, dict[str, int]] = (1, {})
    most = 1  # a row 1 holding fewer than two still is the header said to lack the rest
    for number, row in enumerate(sheet.rows[:HEADER_ROWS], start=1):
        columns = i18n.match_columns(row, spec)
        found = sum(key in columns for key in required)
        if found == len(required):
            return number, columns
        if number == 1 or found > most:
            best, most = (number, columns), max(found, most)
    return best


def _data_rows(sheet: SheetRows, header: int = 1) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) below the header (on row `header`), skipping blank rows."""
    for number, row in enumerate(sheet.rows[header:], start=header + 1):
        if any(not isinstance(v, str) or v.strip() for v in row if v is not None):
            yield number, row


_TOTAL_WORDS = frozenset(("合计", "小计", "总计", "共计", "总分", "total", "subtotal", "sum"))
_TOTAL_ENDINGS = ("合计", "小计", "总计")
_GLOSS = re.compile(r"[（(:]")  # normalize_label made ：（ into :(
_HEADING = re.compile(r"^\s*[（(]?[一二三四五六七八九十]+[、)）.．]")  # 一、… （二）…
# what any of _TOTAL_WORDS holds as typed, full-width too: a cell without it is no total
_MAY_BE_TOTAL = re.compile(r"计|总\s*分|[sSｓＳ]\s*[uUｕＵ]|[tTｔＴ]\s*[oOｏＯ]")


def aside_row(row: tuple[Any, ...], positions: Iterable[int]) -> str | None:
    """The text that makes `row` no data row but an aside of the table, or None: a total
    ("合计" in one of the cells at `positions`, which perfxl computes itself), a note typed
    under the table ("注：…" alone in the row), or a group heading ("一、基础绩效指标", alone
    in the row or merged across it)."""
    for position in positions:
        value = row[position] if position < len(row) else None
        if not isinstance(value, str) or not _MAY_BE_TOTAL.search(value):
            continue  # most cells: a name, an ID, a number (normalizing each cost most)
        label = i18n.normalize_label(value)
        # "规定指标小计", as perfxl's own templates label a subtotal; "合计（640分）", "小计：540"
        label = _GLOSS.split(label, 1)[0] or label
        if label in _TOTAL_WORDS or (len(label) <= 12 and label.endswith(_TOTAL_ENDINGS)) \
                or (len(label) <= 30 and label.endswith(("subtotal", "total"))):
            return cell_text(row[position])
    text = _alone(row)
    if text and (NOTE_OPENING.match(text) or _HEADING.match(text)):
        return text[:40]
    return None


def _alone(row: tuple[Any, ...]) -> str:
    """The one text the row holds (in one cell, or merged across several), else ""."""
    alone = ""
    for value in row:
        text = cell_text(value)
        if text and text != alone:
            if alone:
                return ""
            alone = text
    return alone


def _aside(row: tuple[Any, ...], columns: dict[str, int], keys: tuple[str, ...], number: int,
           where: dict[str, Any]) -> Issue | None:
    """MASTER_033 for a total or note row of a master sheet, which is skipped."""
    text = aside_row(row, [columns[key] for key in keys if key in columns])
    return None if text is None else make_issue(
        "MASTER_033", cell=f"{number}:{number}", value=text, **where)


def _value(row: tuple[Any, ...], columns: dict[str, int], key: str) -> Any:
    position = columns.get(key)
    return row[position] if position is not None and position < len(row) else None


def _header(
    sheet: SheetRows, spec: tuple[i18n.Column, ...], required: tuple[str, ...], file: str
) -> tuple[int, dict[str, int], list[Issue]]:
    number, columns = header_row(sheet, spec, required)
    issues = [
        make_issue("MASTER_002", file=file, sheet=sheet.name, cell=f"{number}:{number}",
                   expected=c.both())
        for c in spec
        if c.key in required and c.key not in columns
    ]
    return number, columns, issues


def _cell(columns: dict[str, int], key: str, row: int) -> str:
    return a1(row, columns.get(key, 0))


MAX_CODE_LENGTH = 30  # a code starts every file named after its section


def _read_sections(sheet: SheetRows, file: str, marks: RawSheet | None = None
                   ) -> tuple[list[Section], list[Issue], set[str]]:
    """The sections, the problems, and the codes and names (normalized) of the rows left
    out for a problem: an 责任科室 naming one is that problem, not an unknown section."""
    header, columns, issues = _header(sheet, i18n.SECTION_COLUMNS,
                                      i18n.REQUIRED_SECTION_COLUMNS, file)
    refused: set[str] = set()
    if issues:
        return [], issues, refused
    sections: list[Section] = []
    codes: dict[str, int] = {}
    names: dict[str, int] = {}
    for number, row in _data_rows(sheet, header):
        where = {"file": file, "sheet": sheet.name}
        aside = _aside(row, columns, ("code", "name"), number, where)
        if aside is not None:
            issues.append(aside)
            continue
        # a formula whose result was never saved reads as blank: said as what it is; one
        # perfxl computes (=3+2) is read as its value
        formulas = {key: _formula_value(marks, number, position)
                    for key, position in columns.items()}
        unsaved = {key: formula for key, (formula, _) in formulas.items() if formula is not None}
        for key in ("head", "contact", "email"):
            if key in unsaved:
                issues.append(make_issue("MASTER_048", cell=_cell(columns, key, number),
                                         value=unsaved[key], **where))
        code = cell_text(_value(row, columns, "code"))
        name = cell_text(_value(row, columns, "name"))
        if not code or not name:
            missing = "code" if not code else "name"
            issues.append(make_issue("MASTER_045", value=unsaved[missing],
                                     cell=_cell(columns, missing, number), **where)
                          if missing in unsaved else
                          make_issue("MASTER_015", cell=_cell(columns, missing, number), **where))
            refused.update(i18n.normalize_label(text) for text in (code, name) if text)
            continue
        if len(code) > MAX_CODE_LENGTH or safe_file_name(code) != code:
            issues.append(make_issue("MASTER_028", cell=_cell(columns, "code", number),
                                     value=code, limit=MAX_CODE_LENGTH, **where))
            refused.update((i18n.normalize_label(code), i18n.normalize_label(name)))
            continue
        duplicate = False
        for key, text, seen, issue_code in (
            ("code", code, codes, "MASTER_011"),
            ("name", name, names, "MASTER_012"),
        ):
            # as the register and 责任科室 read them (section_lookup): "法制 科" is 法制科
            if i18n.normalize_label(text) in seen:
                issues.append(
                    make_issue(
                        issue_code,
                        cell=_cell(columns, key, number),
                        value=text,
                        first_row=seen[i18n.normalize_label(text)],
                        **where,
                    )
                )
                duplicate = True
            else:
                seen[i18n.normalize_label(text)] = number
        headcount_raw = _value(row, columns, "headcount")
        computed = formulas.get("headcount", (None, None))[1]
        headcount_raw = headcount_raw if computed is None else computed
        headcount = 0
        if "headcount" in unsaved:
            issues.append(make_issue("MASTER_045", cell=_cell(columns, "headcount", number),
                                     value=unsaved["headcount"], **where))
        elif not cell_text(headcount_raw) and "headcount" in columns:
            issues.append(make_issue("MASTER_024", cell=_cell(columns, "headcount", number),
                                     section_label=f"{code} {name}", **where))
        elif cell_text(headcount_raw):
            parsed, adjusted = lenient_decimal(headcount_raw, units="分人")  # "6人", as forms say
            if parsed is not None and adjusted:
                issues.append(make_issue("MASTER_035", cell=_cell(columns, "headcount", number),
                                         value=cell_text(headcount_raw),
                                         parsed=format_points(parsed), **where))
            if parsed is None or parsed < 0 or parsed != parsed.to_integral_value():
                issues.append(
                    make_issue(
                        "MASTER_016",
                        cell=_cell(columns, "headcount", number),
                        value=cell_text(headcount_raw),
                        **where,
                    )
                )
            else:
                headcount = int(parsed)
        email = cell_text(_value(row, columns, "email"))
        if email and not looks_like_addresses(email):
            issues.append(make_issue("MASTER_023", cell=_cell(columns, "email", number),
                                     value=email, **where))
        if duplicate:
            refused.update((i18n.normalize_label(code), i18n.normalize_label(name)))
            continue
        sections.append(
            Section(
                code=code,
                name=name,
                head=cell_text(_value(row, columns, "head")),
                contact=cell_text(_value(row, columns, "contact")),
                email=email,
                headcount=headcount,
                row=number,
            )
        )
    issues += _files_clashing(sections, columns, sheet.name, file)
    return sections, issues + _names_spelling_codes(sections, columns, sheet.name, file), \
        refused - {i18n.normalize_label(text) for s in sections for text in (s.code, s.name)}


# a section's files are named "<code>_<name>…", cut to fit: two sections must not share the
# part every name keeps (what is left after the longest suffix perfxl adds)
_STEM_BYTES = MAX_NAME_BYTES - 80


def _files_clashing(sections: list[Section], columns: dict[str, int], sheet: str,
                    file: str) -> list[Issue]:
    """MASTER_049 for a section whose files would take another's names: K1 named 2_法制科
    and K1_2 named 法制科 are both K1_2_法制科; 法制/科 and 法制_科 are both 法制_科 (a file
    name holds no /); names alike in their first ~30 characters, or differing in case (one
    file on Windows and macOS)."""
    seen: dict[str, Section] = {}
    issues = []
    for section in sections:
        stem = safe_file_name(f"{section.code}_{section.name}", _STEM_BYTES)
        key = unicodedata.normalize("NFC", stem).casefold()
        first = seen.setdefault(key, section)
        if first is not section:
            issues.append(make_issue("MASTER_049", file=file, sheet=sheet,
                                     cell=_cell(columns, "name", section.row),
                                     value=f"{section.code} {section.name}", stem=stem,
                                     other=f"{first.code} {first.name}", first_row=first.row))
    return issues


def _names_spelling_codes(sections: list[Section], columns: dict[str, int], sheet: str,
                          file: str) -> list[Issue]:
    """MASTER_032 for a section named as another one's code: in 责任科室, the register and
    the review that word means the section with the code (section_lookup)."""
    by_code = {i18n.normalize_label(section.code): section for section in sections}
    issues = []
    for section in sections:
        other = by_code.get(i18n.normalize_label(section.name))
        if other is not None and other is not section:
            issues.append(make_issue("MASTER_032", file=file, sheet=sheet,
                                     cell=_cell(columns, "name", section.row),
                                     value=section.name, other_code=other.code, row=other.row))
    return issues


_CATEGORY_SPELLINGS = {
    i18n.normalize_label(spelling): Category(key)
    for key, column in i18n.CATEGORY_LABELS.items()
    for spelling in (*column.spellings(), key)
}


def _category(text: str) -> Category | None:
    return _CATEGORY_SPELLINGS.get(i18n.normalize_label(text))


def _carried_past(row: Sequence[Any], above: dict[str, str], own: Iterable[int | None]
                  ) -> dict[str, str]:
    """What is carried down past a row set aside (MASTER_033): a note inside a group ends
    nothing; a subtotal ends its subgroup ("规定指标小计") or, naming one, its category
    ("基础绩效指标小计"); a heading starts the category it names in full ("二、争先创优
    指标（200分）", which had been read as the basic rows above it went on), or a subgroup
    within the category ("（二）自选指标"). What the row says is read outside the 类别 and
    子类 columns (`own`), which a merged 类别 fills on every row."""
    skipped = {position for position in own if position is not None}
    typed = "".join(cell_text(value) for position, value in enumerate(row)
                    if position not in skipped)
    text = i18n.normalize_label(typed)
    named = {key for key, labels in _TITLE_LABELS.items() if any(label in text for label in labels)}
    if NOTE_OPENING.match(typed):  # "注：基础绩效指标合计640分" is a note, not a total
        return above
    if any(word in text for word in _SUMMARY_WORDS):  # "小　计", "Subtotal" as typed
        return {"category": "" if named else above["category"], "subcategory": ""}
    if named:  # one category, or both (a title over the whole table): nothing to carry
        return {"category": i18n.CATEGORY_LABELS[named.pop()].zh if len(named) == 1 else "",
                "subcategory": ""}
    subgroup = next((column.zh for column in (i18n.SUBCATEGORY_MANDATED,
                                              i18n.SUBCATEGORY_SELECTED)
                     if i18n.normalize_label(column.zh) in text), "")
    return {"category": above["category"], "subcategory": subgroup}


_SUMMARY_WORDS = ("小计", "合计", "总计", "subtotal", "total")  # in normalized text
# the spellings of a category a title row may hold: whole names, not "Basic" in a note
_TITLE_LABELS = {key: [i18n.normalize_label(label) for label in column.spellings()
                       if not label.isascii() or "indicator" in label]
                 for key, column in i18n.CATEGORY_LABELS.items()}


def section_keys(master: Master) -> dict[str, str]:
    """Normalized section code or name → section code, for the register and the review;
    the code and the name of one section typed together ("K02 办公室", "K02-办公室",
    "办公室（K02）") name it too."""
    keys = section_lookup(master.sections)
    for section in master.sections:
        code, name = (i18n.normalize_label(text) for text in (section.code, section.name))
        if not code or not name:
            continue
        for both in (*(code + joiner + name for joiner in _JOINERS),
                     name + code, f"{name}({code})", f"{code}({name})"):
            keys.setdefault(both, section.code)
    return keys


_JOINERS = ("", "-", "—", "_", ".", "·", "/")


def section_named(text: str, keys: dict[str, str]) -> str | None:
    """The one section a cell of the register or the review names (`keys`: section_keys):
    by its code or name, with a lead mark ("K02（牵头）"), or by its code and name as a list
    ("K02、办公室"); None when it names none, or more than one."""
    code = keys.get(i18n.normalize_label(text)) or keys.get(
        i18n.normalize_label(without_role(text)))
    if code is not None:
        return code
    named = {keys.get(i18n.normalize_label(token))
             for token in _OWNER_SEPARATOR.split(text) if token.strip()}
    return named.pop() if len(named) == 1 and None not in named else None


def section_lookup(sections: Iterable[Section]) -> dict[str, str]:
    """Normalized section code or name → section code: how the office's workbooks (责任科室,
    the register, the review) may name a section, in any case or spacing. A code wins over
    a name that spells another section's code (MASTER_032 says so when the master is read)."""
    given = list(sections)
    keys = {i18n.normalize_label(section.name): section.code for section in given}
    keys.update((i18n.normalize_label(section.code), section.code) for section in given)
    return keys


_EVERYONE = {i18n.normalize_label(w) for w in i18n.ALL_SECTIONS_WORDS}
_OWNER_SEPARATOR = re.compile(f"[{re.escape(i18n.OWNER_SEPARATORS)}]")
# between owners for sure; a space may be inside a name ("Legal Affairs Section")
_LIST_SEPARATOR = re.compile(
    f"[{re.escape(''.join(c for c in i18n.OWNER_SEPARATORS if not c.isspace()))}]")
_BRACKETED = re.compile(r"[（(][^（()）]*[)）]")
# how a lead or supporting section is marked: "K02（牵头）", "牵头：K02", "办公室牵头"
_ROLE = re.compile(r"[（(【\[]\s*(?:牵头|配合|主办|协办|主责|参与|lead|support)"
                   r"(?:科室|单位|部门)?\s*[)）】\]]"
                   r"|^\s*(?:牵头|配合|主办|协办|主责|参与)(?:科室|单位|部门)?\s*[:：]"
                   r"|^\s*(?:lead|support(?:ing)?)(?:\s+sections?)?\s*[:：]"
                   r"|(?:牵头|配合|主办|协办)$|\s(?:lead|support(?:ing)?)$", re.IGNORECASE)


def resolve_owners(
    text: str, sections: list[Section], by_key: dict[str, str] | None = None
) -> tuple[tuple[str, ...], list[str]]:
    """Owner codes for an 责任科室 cell, and the tokens that name no section. A name may
    hold spaces; a section marked lead or supporting ("K02（牵头）") owns the indicator."""
    if i18n.normalize_label(text) in _EVERYONE:
        return tuple(s.code for s in sections), []
    by_key = by_key if by_key is not None else section_lookup(sections)
    codes: list[str] = []
    unknown: list[str] = []
    for segment in (part.strip() for part in _LIST_SEPARATOR.split(text)):
        if not segment:
            continue
        # "全体、K02", "全体（K02牵头）": everyone anyway, the note in brackets aside
        if i18n.normalize_label(_BRACKETED.sub("", segment)) in _EVERYONE:
            found = [s.code for s in sections]
        elif (whole := _owner_code(segment, by_key)) is not None:
            found = [whole]
        else:  # spaces between codes ("K02 K03"), or a name not in the sheet
            named = [(token.strip(), _owner_code(token.strip(), by_key))
                     for token in _OWNER_SEPARATOR.split(segment) if token.strip()]
            found = [code for _token, code in named if code]
            missing = [token for token, code in named if code is None]
            # "Legal Affairs" named as typed when no word of it names a section
            unknown.extend(missing if found else [segment] if missing else [])
        codes.extend(code for code in found if code not in codes)
    return tuple(codes), unknown


def without_role(text: str) -> str:
    """`text` without a lead or supporting mark: "K02（牵头）", "牵头：K02" → "K02"."""
    return _ROLE.sub("", text).strip()


def _owner_code(token: str, by_key: dict[str, str]) -> str | None:
    """The code `token` names (after a lead/support mark is taken off), or None."""
    code = by_key.get(i18n.normalize_label(token))
    if code is None:
        bare = without_role(token)
        code = by_key.get(i18n.normalize_label(bare)) if bare and bare != token else None
    if code is None and token.isdigit() and token.startswith("0"):
        # "03" for the code a spreadsheet keeps as the number 3 (its zero dropped)
        code = by_key.get(token.lstrip("0") or "0")
    return code


def _read_indicators(
    sheet: SheetRows, sections: list[Section], file: str, marks: RawSheet | None = None,
    refused: set[str] | None = None, sections_unread: bool = False,
) -> tuple[list[Indicator], list[Issue]]:
    header, columns, issues = _header(sheet, i18n.INDICATOR_COLUMNS,
                                      i18n.REQUIRED_INDICATOR_COLUMNS, file)
    if issues:
        return [], issues
    indicators: list[Indicator] = []
    ids: dict[str, int] = {}
    lookup = section_lookup(sections)
    owners_of: dict[str, tuple[tuple[str, ...], list[str]]] = {}
    issues += _columns_not_read(sheet, header, columns, file)
    merged = {key: merged_down(sheet, columns[key], header) for key in ("id", "points")}
    # 类别 and 子类 typed once over their group, the rows under left blank (not merged)
    above = {"category": "", "subcategory": ""}
    carried: dict[str, list[int]] = {"category": [], "subcategory": []}
    as_subcategory: dict[str, list[int]] = {}  # 自选指标 typed as a 类别
    for number, row in _data_rows(sheet, header):
        here: dict[str, Any] = {"file": file, "sheet": sheet.name}
        aside = _aside(row, columns, ("id", "category", "subcategory", "name"), number, here)
        if aside is not None:
            issues.append(aside)
            above = _carried_past(row, above, (columns.get("category"),
                                               columns.get("subcategory")))
            continue
        spanned = [key for key in ("id", "points") if number in merged[key]]
        for key in spanned:
            first, last = merged[key][number]
            if number == first:  # one value for several rows: for one indicator, or for each?
                issues.append(make_issue(
                    "MASTER_040", cell=f"{_cell(columns, key, first)}:{_cell(columns, key, last)}",
                    column=cell_text(sheet.rows[header - 1][columns[key]]), count=last - first + 1,
                    **here))
        if "id" in spanned and number != merged["id"][number][0]:
            continue  # the rest of one indicator laid over several rows: said once
        problems: list[Issue] = []
        raw_id = _value(row, columns, "id")
        if isinstance(raw_id, (date, time)):  # 1-1 typed into a General cell
            problems.append(make_issue("MASTER_041", cell=_cell(columns, "id", number),
                                       value=_as_typed(raw_id), **here))
        typed_id = cell_text(raw_id)
        # "Ａ０１" typed with a Chinese input method is A01, as templates and returns spell it
        indicator_id = unicodedata.normalize("NFKC", typed_id).replace(" ", "")
        if indicator_id and indicator_id != typed_id:
            issues.append(make_issue("MASTER_036", cell=_cell(columns, "id", number),
                                     value=typed_id, parsed=indicator_id, **here))
        if not indicator_id:
            problems.append(make_issue("MASTER_003", cell=_cell(columns, "id", number), **here))
        elif indicator_id.casefold() in ids:
            problems.append(
                make_issue(
                    # 1.10 kept as the number 1.1, beside a real 1.1
                    "MASTER_042" if isinstance(raw_id, float) and not raw_id.is_integer()
                    else "MASTER_004",
                    cell=_cell(columns, "id", number),
                    value=indicator_id,
                    first_row=ids[indicator_id.casefold()],
                    **here,
                )
            )
        else:
            ids[indicator_id.casefold()] = number
        name = cell_text(_value(row, columns, "name"))
        if not name:
            problems.append(make_issue("MASTER_014", cell=_cell(columns, "name", number), **here))
        category_text = cell_text(_value(row, columns, "category"))
        subcategory = cell_text(_value(row, columns, "subcategory"))
        if not category_text and _category(subcategory) is not None:
            category_text = subcategory  # 子类 "争先创优指标" says the category itself
        if not category_text and above["category"]:
            category_text = above["category"]
            carried["category"].append(number)
        if not subcategory and above["subcategory"] and category_text == above["category"]:
            subcategory = above["subcategory"]
            carried["subcategory"].append(number)
        above = {"category": category_text, "subcategory": subcategory}
        category = _category(category_text)
        if category is None and i18n.normalize_label(category_text) in _SUBCATEGORIES:
            category, subcategory = Category.BASIC, subcategory or category_text
            as_subcategory.setdefault(category_text, []).append(number)
        # a wrong value carried down is said once, on the row it was typed on; the rows it
        # was carried into are dropped with that one
        if category is None and number not in carried["category"]:
            problems.append(
                make_issue(
                    "MASTER_007",
                    cell=_cell(columns, "category", number),
                    value=category_text,
                    **here,
                )
            )
        formula, computed = _formula_value(marks, number, columns["points"])
        raw_points = computed if computed is not None else _value(row, columns, "points")
        points, adjusted = lenient_decimal(raw_points) if formula is None else (None, False)
        if points is not None and adjusted:  # a warning: the row is still read
            issues.append(make_issue("MASTER_030", cell=_cell(columns, "points", number),
                                       value=cell_text(raw_points),
                                       parsed=format_points(points), **here))
        if formula is not None:  # read by value, it looked blank
            problems.append(make_issue("MASTER_045", cell=_cell(columns, "points", number),
                                       value=formula, **here))
        elif points is None:
            problems.append(
                make_issue(
                    "MASTER_005",
                    cell=_cell(columns, "points", number),
                    value=cell_text(raw_points),
                    **here,
                )
            )
        elif points <= 0 or not plain_points(points):
            problems.append(
                make_issue(
                    "MASTER_006" if points <= 0 else "MASTER_022",
                    cell=_cell(columns, "points", number),
                    value=cell_text(raw_points),
                    **here,
                )
            )
        owners_text = cell_text(_value(row, columns, "owners"))
        if owners_text not in owners_of:  # most cells repeat a few texts (全体, one group)
            owners_of[owners_text] = resolve_owners(owners_text, sections, lookup)
        owners, unknown = owners_of[owners_text]
        if sections_unread:  # who owns what cannot be told: said once, by the 科室 sheet
            owners, unknown = ("?",), []
        problems.extend(
            make_issue("MASTER_008", cell=_cell(columns, "owners", number), owner=token,
                       value=token, **here)
            for token in unknown if i18n.normalize_label(token) not in (refused or ()))
        if not owners and not unknown:
            problems.append(
                make_issue(
                    "MASTER_009",
                    cell=_cell(columns, "owners", number),
                    name=name or indicator_id,
                    **here,
                )
            )
        # a text given as a formula never computed (=A2&"台账"), read by value as blank: said
        # as such, not as a name, owner or requirement missing (or published blank, unsaid)
        unsaved = {_cell(columns, key, number): formula for key in _TEXT_KEYS if key in columns
                   and (formula := _formula_value(marks, number, columns[key])[0]) is not None}
        if unsaved:
            problems = [p for p in problems if p.cell not in unsaved] + [
                make_issue("MASTER_045", cell=cell, value=formula, **here)
                for cell, formula in unsaved.items()]
        issues.extend(problems)
        if problems or points is None or category is None:
            continue
        indicators.append(
            Indicator(
                id=indicator_id,
                category=category,
                subcategory=subcategory,
                name=name,
                points=points,
                criteria=cell_text(_value(row, columns, "criteria")),
                owners=owners,
                evidence=cell_text(_value(row, columns, "evidence")),
                note=cell_text(_value(row, columns, "note")),
                row=number,
            )
        )
        if marks is not None:
            issues.extend(_looks_withdrawn(indicator_id, row, number, marks, file))
    if marks is not None:
        issues.extend(filtered_out(marks, (i.row for i in indicators), "MASTER_038", file))
    here = {"file": file, "sheet": sheet.name}
    issues += [make_issue("MASTER_050", cell=_cell(columns, key, rows[0]),
                          column=cell_text(sheet.rows[header - 1][columns[key]]),
                          count=len(rows), **here)
               for key, rows in carried.items() if rows]
    issues += [make_issue("MASTER_051", cell=_cell(columns, "category", rows[0]), value=text,
                          count=len(rows), **here)
               for text, rows in as_subcategory.items()]
    return indicators, issues


_TEXT_KEYS = ("id", "category", "subcategory", "name", "criteria", "owners", "evidence", "note")
# the basic category's two subgroups, typed as a 类别 (自选指标 under 类别)
_SUBCATEGORIES = frozenset(i18n.normalize_label(spelling)
                           for column in (i18n.SUBCATEGORY_MANDATED, i18n.SUBCATEGORY_SELECTED)
                           for spelling in (*column.spellings(), column.key))


def merged_down(sheet: SheetRows, column: int, header: int) -> dict[int, tuple[int, int]]:
    """Row number → (first, last) row numbers, for the data rows of a range merged down
    `column` over more than one row."""
    spans: dict[int, tuple[int, int]] = {}
    for top, left, bottom, right in sheet.merged:
        if left <= column <= right and bottom > top and top >= header:
            spans.update((index + 1, (top + 1, bottom + 1)) for index in range(top, bottom + 1))
    return spans


_NOT_READ_QUIETLY = frozenset(("序号", "序", "no", "no.", "#", "行号"))


def _columns_not_read(sheet: SheetRows, header: int, columns: dict[str, int], file: str
                      ) -> list[Issue]:
    """MASTER_043 for each headed column perfxl does not read (配合科室, 评分细则 …): what
    is typed there is in no template and counts for nothing."""
    used = set(columns.values())
    return [make_issue("MASTER_043", file=file, sheet=sheet.name, cell=a1(header, position),
                       value=cell_text(label), columns=i18n.Localized(*(
                           i18n.listing((c.label(lang) for c in i18n.INDICATOR_COLUMNS), lang)
                           for lang in i18n.LANGUAGES)))
            for position, label in enumerate(sheet.rows[header - 1])
            if position not in used and cell_text(label)
            and i18n.normalize_label(label) not in _NOT_READ_QUIETLY]


def _formula_value(marks: RawSheet | None, row: int, column: int
                   ) -> tuple[str | None, Decimal | None]:
    """(the formula at the cell if it has no saved result, which read by value looks blank;
    its value where perfxl computes it itself, =500000+100000)."""
    if marks is None or not marks.formulas:  # most masters: asked of every cell
        return None, None
    formula = marks.formulas.get(a1(row, column))
    if formula is None or formula[1]:
        return None, None
    computed = evaluate_arithmetic(formula[0])
    return (None, computed) if computed is not None else (f"={formula[0]}", None)


def _as_typed(value: date | time) -> str:
    """What was probably typed for a date Excel made of it: 1-1 for 1 January."""
    return f"{value.month}-{value.day}" if isinstance(value, date) else str(value)


def _looks_withdrawn(indicator_id: str, row: tuple[Any, ...], number: int, marks: RawSheet,
                     file: str) -> list[Issue]:
    """A warning for an indicator hidden by hand or struck through, as offices mark one
    withdrawn: it would still be in every template and scored."""
    filled = (column for column, value in enumerate(row) if cell_text(value))
    return [make_issue(code, file=file, sheet=marks.name, cell=f"{number}:{number}",
                       value=indicator_id)
            for code, marked in (("MASTER_037", marks.hidden_by_hand(number)),
                                 ("MASTER_039", marks.struck_through(number, filled)))
            if marked]


def filtered_out(marks: RawSheet, rows: Iterable[int], code: str, file: str) -> list[Issue]:
    """One issue `code` for those of the data `rows` a filter hides (MASTER_038, DED_017):
    looking at some rows is what filters are for, but what is out of sight still counts."""
    hidden = marks.filtered_out(rows)
    if not hidden:
        return []
    return [make_issue(code, file=file, sheet=marks.name, cell=f"{hidden[0]}:{hidden[-1]}",
                       count=len(hidden), rows=i18n.in_each_language(i18n.row_ranges, hidden))]


_KIND_EXAMPLES = {
    "int": ("整数", "a whole number", "2020"),
    "date": ("日期", "a date", "2021-01-31"),
    "decimal": ("数字", "a number", "600000"),
    "ratio": ("介于 0 和 1 之间的小数", "a fraction from 0 to 1", "0.9"),
    "language": ("语言代码", "a language code", "zh"),
}
# a number's example as the setting takes one, its default: a coefficient is no bonus pool,
# and 优秀比例 0.9 would make nine sections in ten 优秀
_EXAMPLES = {key: default for key, _zh, _en, kind, default, _help in i18n.SETTINGS_SPEC
             if default and kind in ("decimal", "ratio") and default != "0"}


def parse_setting(kind: str, raw: Any) -> tuple[bool, Any, bool]:
    """(ok, value, adjusted) for one settings cell of the given kind; blank text is ok for
    text. `adjusted`: a number had to be cleaned to be read (stored as text, full-width,
    "90%" for a ratio, "600,000元" for an amount), for the office to be told."""
    text = cell_text(raw)
    if kind == "text":
        return True, text, False
    if kind == "date":
        parsed_date: date | None = parse_date(raw)
        return (parsed_date is not None or not text), parsed_date, False
    if kind == "language":
        # 中文 or ZH, as the help puts it: what was meant is plain, nothing to say
        code = _LANGUAGE_NAMES.get(text.casefold(), text.casefold())
        return code in i18n.LANGUAGES, code, False
    number, adjusted = lenient_decimal(raw, units=_UNITS.get(kind, "分"))
    if number is None and isinstance(raw, str):
        number, adjusted = _typed_amount(raw, kind), True
    if number is None:
        return False, None, False
    if kind == "int":
        return number == number.to_integral_value(), int(number), adjusted
    if kind == "ratio":
        return Decimal(0) <= number <= Decimal(1), number, adjusted
    return True, number, adjusted


_LANGUAGE_NAMES = {"中文": "zh", "简体中文": "zh", "汉语": "zh", "chinese": "zh", "英文": "en",
                   "英语": "en", "english": "en"}
_UNITS = {"int": "分年", "decimal": "分元"}  # "2020年", "640分", "10000元"
_GROUPED = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?\s*(元|yuan|rmb|cny)?", re.IGNORECASE)


def _typed_amount(text: str, kind: str) -> Decimal | None:
    """A ratio typed as a percentage ("90%"), an amount with thousands separators
    ("600,000元") or in ten thousands ("60万元"), a year as "2021年度"; None for anything
    else."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if kind == "ratio" and cleaned.endswith("%"):
        number, _ = lenient_decimal(cleaned[:-1])
        return number / 100 if number is not None else None
    if kind == "decimal" and _GROUPED.fullmatch(cleaned):
        return lenient_decimal(cleaned.replace(",", ""), units="元")[0]
    if kind == "decimal" and (wan := _TEN_THOUSANDS.fullmatch(cleaned)):
        return Decimal(wan[1]) * 10000
    if kind == "int" and cleaned.endswith("年度"):
        return lenient_decimal(cleaned[:-2])[0]
    return None


_TEN_THOUSANDS = re.compile(r"(\d+(?:\.\d+)?)\s*万\s*元?")


# Ranges a setting must keep for the rules to make sense: no negative pool or coefficient.
_BOUNDS: dict[str, tuple[Decimal, Decimal]] = {
    "year": (Decimal(1990), Decimal(2200)),
    "basic_full": (Decimal("1"), Decimal("100000")),
    "bonus_pool": (Decimal(0), Decimal("1000000000000")),
    **{key: (Decimal(0), Decimal(100))
       for key in ("coef_excellent", "coef_good", "coef_fair", "coef_poor")},
}


_REQUIRED = {"year"}  # no default makes sense: a blank is an error, not year 0
_IN_TITLES = {"unit", "round"}  # blank, every template, email and workbook title lacks it
# a setting named in a message, as each language's Settings sheet spells it
_SETTING_LABELS = {key: i18n.Localized(zh, en) for key, zh, en, *_rest in i18n.SETTINGS_SPEC}


def _read_settings(sheet: SheetRows, file: str, marks: RawSheet | None = None
                   ) -> tuple[Settings, list[Issue]]:
    issues: list[Issue] = []
    spec_by_label = {}
    for key, zh, en, kind, _default, _help in i18n.SETTINGS_SPEC:
        for spelling in (zh, en, key):
            spec_by_label[i18n.normalize_label(spelling)] = (key, zh, kind)
    header, columns = header_row(sheet, i18n.SETTINGS_COLUMNS, ("key", "value"))
    key_col, value_col = columns.get("key", 0), columns.get("value", 1)
    values: dict[str, Any] = {}
    rows_of: dict[str, int] = {}
    for number, row in _data_rows(sheet, header):
        label: Any = row[key_col] if key_col < len(row) else None
        raw = row[value_col] if value_col < len(row) else None
        spec = i18n.find_label(spec_by_label, label)
        if spec is None:
            issues.append(
                make_issue(
                    "MASTER_019",
                    file=file,
                    sheet=sheet.name,
                    cell=a1(number, key_col),
                    key=cell_text(label),
                )
            )
            continue
        key, _label, kind = spec
        here = {"file": file, "sheet": sheet.name, "cell": a1(number, value_col)}
        if key in rows_of:  # which of the two was meant cannot be told
            issues.append(make_issue("MASTER_026", key=_SETTING_LABELS[key], first_row=rows_of[key],
                                     **{**here, "cell": a1(number, key_col)}))
            continue
        rows_of[key] = number
        formula, computed = _formula_value(marks, number, value_col)
        if formula is not None:  # read by value it looks blank: the default would be used
            issues.append(make_issue("MASTER_045", value=formula, **here))
            continue
        raw = computed if computed is not None else raw
        if key in _IN_TITLES and not cell_text(raw):
            issues.append(make_issue("MASTER_044", key=_SETTING_LABELS[key],
                                     advice=i18n.t_each(f"master.blank_{key}"), **here))
        if kind != "text" and not cell_text(raw) and key not in _REQUIRED:
            if kind in ("decimal", "ratio"):  # said, so that a forgotten pool is seen
                issues.append(make_issue("MASTER_025", key=_SETTING_LABELS[key],
                                         default=getattr(Settings(), key), **here))
            continue  # a blank value keeps the default
        if key == "office_email" and cell_text(raw) and not looks_like_addresses(cell_text(raw)):
            issues.append(make_issue("MASTER_023", value=cell_text(raw), **here))
        ok, value, adjusted = parse_setting(kind, raw)
        if ok and adjusted:  # read, and said, as a score typed "30分" is
            issues.append(make_issue("MASTER_034", value=cell_text(raw), key=_SETTING_LABELS[key],
                                     parsed=format_points(value) if isinstance(value, Decimal)
                                     else value, **here))
        if not ok:
            zh_kind, en_kind, example = _KIND_EXAMPLES[kind]
            example = _EXAMPLES.get(key, example)
            issues.append(
                make_issue(
                    "MASTER_013",
                    file=file,
                    sheet=sheet.name,
                    cell=a1(number, value_col),
                    value=cell_text(raw),
                    key=_SETTING_LABELS[key],
                    kind=i18n.Localized(zh_kind, en_kind),
                    example=example,
                )
            )
            continue
        bounds = _BOUNDS.get(key)
        if bounds is not None and not bounds[0] <= value <= bounds[1]:
            issues.append(make_issue("MASTER_020", file=file, sheet=sheet.name,
                                     cell=a1(number, value_col), value=cell_text(raw),
                                     key=_SETTING_LABELS[key], low=bounds[0], high=bounds[1]))
            continue
        if key == "bonus_pool" and decimal_places(value) > 2:  # 600000.123: below the fen
            issues.append(make_issue("MASTER_047", file=file, sheet=sheet.name,
                                     cell=a1(number, value_col), value=cell_text(raw)))
            continue
        if key == "template_password" and not str(value).isascii():
            # Excel turns a password into its ANSI code page before hashing it, xlsxwriter
            # hashes the characters themselves: for 汉字 the two do not agree
            issues.append(make_issue("MASTER_031", file=file, sheet=sheet.name,
                                     cell=a1(number, value_col)))
        values[key] = value
    for key in _REQUIRED - rows_of.keys():  # no row for it at all
        issues.append(make_issue("MASTER_027", file=file, sheet=sheet.name,
                                 key=_SETTING_LABELS[key]))
    if not values.get("workspace_id") and (sheet.rows or rows_of):
        # deleted while tidying the sheet: every return would be refused as another bureau's
        issues.append(make_issue("MASTER_046", file=file, sheet=sheet.name,
                                 cell=a1(rows_of["workspace_id"], value_col)
                                 if "workspace_id" in rows_of else None))
    if "bonus_pool" not in rows_of:  # its row deleted or renamed: every bonus would be 0
        issues.append(make_issue("MASTER_025", file=file, sheet=sheet.name,
                                 key=_SETTING_LABELS["bonus_pool"], default=Settings().bonus_pool))
    known = {f.name for f in fields(Settings)}
    settings = replace(Settings(), **{k: v for k, v in values.items() if k in known})
    lines = (settings.excellent_line, settings.good_line, settings.fair_line)
    if not lines[0] >= lines[1] >= lines[2]:
        issues.append(
            make_issue(
                "MASTER_021",
                file=file,
                sheet=sheet.name,
                excellent=lines[0],
                good=lines[1],
                fair=lines[2],
            )
        )
    return settings, issues


def _check_basic_ownership(
    indicators: list[Indicator], sections: list[Section], file: str, sheet: str
) -> list[Issue]:
    owning = {o for i in indicators if i.category is Category.BASIC for o in i.owners}
    return [
        make_issue("MASTER_010", file=file, sheet=sheet, cell=f"A{s.row}", section_label=s.label)
        for s in sections
        if s.code not in owning
    ]


def parse_master(sheets: dict[str, SheetRows], file: str,
                 marks: Callable[[str], RawSheet | None] | None = None
                 ) -> tuple[Master | None, list[Issue]]:
    """Build the Master from a workbook's sheets; all problems are returned, none raised.
    `marks` gives a sheet's hidden rows and struck-through cells by its name."""
    issues: list[Issue] = []
    found = {}
    for column in (i18n.SHEET_INDICATORS, i18n.SHEET_SECTIONS, i18n.SHEET_SETTINGS):
        sheet = find_sheet(sheets, column)
        if sheet is None:
            issues.append(
                make_issue("MASTER_001", file=file, expected=column.both(),
                           found=i18n.in_each_language(i18n.listing, list(sheets)))
            )
        found[column.key] = sheet
    if found["sections"] is None or found["indicators"] is None:
        return None, issues
    sections, section_issues, refused = _read_sections(
        found["sections"], file, marks(found["sections"].name) if marks is not None else None)
    indicator_marks = marks(found["indicators"].name) if marks is not None else None
    # a 科室 sheet not read at all (its header not found): every owner would be "not in
    # the sheet", burying the one error that matters under one a row
    unread = not sections and has_errors(section_issues)
    indicators, indicator_issues = _read_indicators(found["indicators"], sections, file,
                                                    indicator_marks, refused, unread)
    issues += section_issues + indicator_issues
    settings = Settings()
    if found["settings"] is not None:
        settings_marks = marks(found["settings"].name) if marks is not None else None
        settings, settings_issues = _read_settings(found["settings"], file, settings_marks)
        issues += settings_issues
    if not sections and not section_issues:
        issues.append(make_issue("MASTER_018", file=file, sheet=found["sections"].name))
    if not indicators and not indicator_issues:
        issues.append(make_issue("MASTER_017", file=file, sheet=found["indicators"].name))
    if not indicator_issues:
        issues += _check_basic_ownership(indicators, sections, file, found["sections"].name)
    master = Master(indicators=tuple(indicators), sections=tuple(sections), settings=settings)
    return (None if has_errors(issues) else master), issues


def language_of(path: Path) -> str | None:
    """The language a master speaks, however broken it is otherwise: its 语言 setting, else
    English when its sheets carry the English names (`init --lang en` writes them); None
    when it cannot be read or does not say. Never raises: it chooses the language of the
    message saying why the master cannot be used."""
    try:
        sheets = read_workbook_rows(path)
    except Exception:  # unreadable: the message that says so falls back to zh
        return None
    settings = find_sheet(sheets, i18n.SHEET_SETTINGS)
    labels = {i18n.normalize_label(spelling) for key, zh, en, *_rest in i18n.SETTINGS_SPEC
              if key == "language" for spelling in (zh, en, key)}
    if settings is not None and any(isinstance(value, str) and
                                    i18n.normalize_label(value) in labels
                                    for row in settings.rows for value in row[:2]):
        language = _read_settings(settings, path.name)[0].language
        if language in i18n.LANGUAGES:
            return language
    english = {i18n.normalize_label(column.en)
               for column in (i18n.SHEET_INDICATORS, i18n.SHEET_SECTIONS, i18n.SHEET_SETTINGS)}
    if any(i18n.normalize_label(name) in english for name in sheets):
        return "en"
    return None


def load_master(path: Path) -> tuple[Master, list[Issue]]:
    """Read and check the master; raise MasterError listing every error, else (master, warnings).

    Raises PerfxlError when the file is missing or not a readable workbook.
    """
    if not path.is_file():
        other = saved_in_another_format(path)
        if other is not None:
            raise PerfxlError("fatal.master_other_format", path=path.name, found=other.name)
        where = path.absolute()
        # run from inside a workspace's own folder (inbox/, output/…) by mistake
        enclosing = next((folder for folder in where.parents[1:6]
                          if (folder / path.name).is_file()), None)
        if enclosing is not None:
            inside = where.parent.relative_to(enclosing).parts
            if len(inside) >= 2 and inside[0] == "rounds":  # a round's folder: --round
                raise PerfxlError("fatal.no_master_in_round", path=where,
                                  workspace=as_typed(enclosing), round=as_typed(inside[1]))
            raise PerfxlError("fatal.no_master_inside", path=where, workspace=enclosing,
                              typed=as_typed(enclosing))
        raise PerfxlError("fatal.no_master", path=where)
    try:  # read once: the hash vouches for the bytes parsed
        data = path.read_bytes()
        sheets = read_workbook_rows(path, data, spread_merged=True)
    except OSError as exc:
        raise PerfxlError("fatal.master_unreadable", path=path,
                          reason=system_reason(exc)) from exc
    except Exception as exc:  # any reader failure on the master stops the command
        reason = "reason.encrypted_workbook" if isinstance(exc, EncryptedWorkbook) \
            else "reason.not_a_workbook"
        raise PerfxlError("fatal.master_unreadable", path=path,
                          reason=i18n.t_each(reason)) from exc
    marked = path.suffix.lower() in (".xlsx", ".xlsm")  # where rows can be seen hidden
    master, issues = parse_master(sheets, path.name, functools.partial(
        row_marks, path, data=data) if marked else None)
    if master is None:
        raise MasterError(str(path), [i for i in issues if i.severity.value == "error"])
    return replace(master, sha256=hashlib.sha256(data).hexdigest()), issues
