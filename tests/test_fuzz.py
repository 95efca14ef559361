"""Random damage to real returns: perfxl reports it, in coded issues, and is never fooled.

Each example takes a correctly filled return and changes it the way a broken tool or a
careless edit at the XML level could, always leaving well-formed XML: cells of every type
(numbers, text, booleans, errors, formulas, dates, shared strings, pictures in cells), rows
deleted or repeated, merged ranges, shared strings dropped, repeated or rich, sheet entries
renamed, hidden, repeated or dropped; and, below the XML, bytes of the file overwritten.
Whatever comes out must be an answer or coded issues: never an exception, never a failure
of perfxl's own checks (FILE_017), never a score outside 0..分值 taken as valid. The office's
own master and deduction register, edited at random, are read or refused with coded problems.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from perfxl.deductions import load_deductions
from perfxl.feedback import write_feedback_copy
from perfxl.i18n import ISSUES
from perfxl.issues import MasterError, Severity
from perfxl.master import load_master
from perfxl.model import Master
from perfxl.reader import read_file
from perfxl.validate import ANNUAL, check_workbook
from perfxl.workspace import init_workspace

from .conftest import ReturnFactory, small_bureau
from .hostile import sheet_part

Mutation = Callable[[bytes, random.Random], bytes]

_CELL = re.compile(rb'<c r="[A-Z]+\d+"[^>]*?(?:/>|>.*?</c>)', re.S)
_ROW = re.compile(rb"<row [^>]*?(?:/>|>.*?</row>)", re.S)
_STRING = re.compile(rb"<si>.*?</si>", re.S)
_SHEET = re.compile(rb"<sheet [^>]*/>")
_ADDRESS = re.compile(r"[A-Z]{1,3}[1-9]\d*(:[A-Z]{1,3}[1-9]\d*)?|\d+:\d+")

TEXTS = ["", " ", "无", "/", "１２．５", "12分", " 7 ", "-3", "1e3", "99999999999999999999",
         "=1+1", "#DIV/0!", "2021-01-31", "小计", "\u3000", "NaN", "inf", "1,5", "½", ".5",
         "编号", "自评得分", "perfxl_meta", "row:A01", "x" * 3000, "a&b<c>"]
FORMULAS = ["1+1", "SUM(A1:A3)", "[1]Sheet1!A1", 'DISPIMG("ID_1",1)', "1/0", "(" * 40 + "1" +
            ")" * 40, "9" * 300 + "*" + "9" * 300, "A1", "-(-1)", "1e999", ""]


def _escape(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()


def _random_cell(ref: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(8)
    if kind == 0:
        number = rng.choice([b"0", b"1", b"-1", b"12.5", b"1e308", b"-0", b"0.1", b"1000000"])
        return b'<c r="%s"><v>%s</v></c>' % (ref, number)
    if kind == 1:
        return b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, _escape(rng.choice(TEXTS)))
    if kind == 2:
        return b'<c r="%s" t="b"><v>%s</v></c>' % (ref, rng.choice([b"0", b"1"]))
    if kind == 3:
        return b'<c r="%s" t="e"><v>%s</v></c>' % (ref, rng.choice([b"#DIV/0!", b"#N/A", b"#REF!"]))
    if kind == 4:
        cached = rng.choice([b"", b"<v>2</v>", b"<v></v>"])
        return b'<c r="%s"><f>%s</f>%s</c>' % (ref, _escape(rng.choice(FORMULAS)), cached)
    if kind == 5:
        return b'<c r="%s"/>' % ref
    if kind == 6:
        return b'<c r="%s" t="s"><v>%d</v></c>' % (ref, rng.randrange(0, 40))
    return b'<c r="%s" vm="1"><v>1</v></c>' % ref


def _replace_some(xml: bytes, pattern: re.Pattern[bytes], rng: random.Random, most: int,
                  replace: Callable[[bytes], bytes]) -> bytes:
    """1..`most` times, one match of `pattern` picked at random and replaced."""
    for _ in range(rng.randint(1, most)):
        found = list(pattern.finditer(xml))
        if not found:
            break
        target = rng.choice(found)
        xml = xml[: target.start()] + replace(target[0]) + xml[target.end():]
    return xml


def damage_sheet(xml: bytes, rng: random.Random) -> bytes:
    # a cell starts <c r="ADDRESS": its address is what the first quotes hold
    xml = _replace_some(xml, _CELL, rng, 4, lambda cell: _random_cell(cell.split(b'"')[1], rng))
    xml = _replace_some(xml, _ROW, rng, 2, lambda row: rng.choice([
        row,
        b"",  # a row deleted
        row * 2,  # a row repeated, row numbers and all
    ]))
    if rng.random() < 0.3 and b"<mergeCells" not in xml:
        first, last = sorted(rng.sample(range(1, 15), 2))
        merge = b'<mergeCells count="1"><mergeCell ref="%s%d:%s%d"/></mergeCells>' % (
            rng.choice("ABCDEFGH").encode(), first, rng.choice("ABCDEFGH").encode(), last)
        xml = xml.replace(b"</sheetData>", b"</sheetData>" + merge, 1)
    return xml


def damage_strings(xml: bytes, rng: random.Random) -> bytes:
    return _replace_some(xml, _STRING, rng, 5, lambda item: rng.choice([
        b"<si/>",
        b"",  # dropped: every later index now points one string on
        item * 2,
        b'<si><r><rPr><b/></rPr><t>12</t></r><r><t xml:space="preserve"> 5 </t></r></si>',
        b'<si><t>8</t><rPh sb="0" eb="1"><t>phonetic</t></rPh></si>',
        b"<si><t>&#x1F600;&amp;&lt;&#65;&#x3000;</t></si>",
    ]))


def damage_workbook(xml: bytes, rng: random.Random) -> bytes:
    def change(entry: bytes) -> bytes:
        name = _escape(rng.choice(["自评表", "Sheet1", "perfxl_meta", "自评报告", "", "a&b"]))
        state = rng.choice([b"hidden", b"veryHidden", b"visible"])
        return rng.choice([
            re.sub(rb'name="[^"]*"', b'name="' + name + b'"', entry),  # no \\ in names
            re.sub(rb' state="[^"]*"', b"", entry).replace(b"/>", b' state="' + state + b'"/>'),
            b"",
            entry * 2,
        ])

    return _replace_some(xml, _SHEET, rng, 3, change)


_INLINE = re.compile(rb'<c ([^>]*?) ?t="inlineStr"([^>]*)><is>(.*?)</is></c>', re.S)
_SHARED_STRINGS_TYPE = (b"application/vnd.openxmlformats-officedocument.spreadsheetml."
                        b"sharedStrings+xml")
_SHARED_STRINGS_REL = (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                       b"sharedStrings")


def with_shared_strings(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The package with its inline strings moved into a shared-string table, as Excel, WPS
    and LibreOffice save text."""
    table: dict[bytes, int] = {}

    def shared(match: re.Match[bytes]) -> bytes:
        index = table.setdefault(match[3], len(table))
        return b'<c %s t="s"%s><v>%d</v></c>' % (match[1], match[2], index)

    parts = {name: _INLINE.sub(shared, content) if name.startswith("xl/worksheets/") else content
             for name, content in parts.items()}
    items = b"".join(b"<si>%s</si>" % text for text in table)
    parts["xl/sharedStrings.xml"] = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" '
        b'uniqueCount="%d">%s</sst>' % (len(table), len(table), items))
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="%s"/></Types>'
        % _SHARED_STRINGS_TYPE)
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        b'<Relationship Type="%s" Target="sharedStrings.xml" Id="rIdStrings"/></Relationships>'
        % _SHARED_STRINGS_REL)
    return parts


class Base:
    """A filled return's parts, the master, and where its sheets are."""

    def __init__(self, folder: Path) -> None:
        workspace = init_workspace(folder / "ws", data=small_bureau(), workspace_id="fuzz")
        returns = ReturnFactory(workspace)
        path = returns.write("K02")
        with zipfile.ZipFile(path) as archive:
            self.parts = with_shared_strings(
                {info.filename: archive.read(info) for info in archive.infolist()})
        self.master: Master = load_master(workspace.master)[0]
        self.self_sheet = sheet_part(path, "自评表")
        self.meta_sheet = sheet_part(path, "perfxl_meta")

    def package(self, changes: dict[str, bytes]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in self.parts.items():
                archive.writestr(name, changes.get(name, content))
        return buffer.getvalue()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    return Base(tmp_path_factory.mktemp("fuzz"))


def _check_damaged(base: Base, part: str, damage: Mutation, rng: random.Random) -> None:
    data = base.package({part: damage(base.parts[part], rng)})
    raw = read_file(Path("K02.xlsx"), "K02.xlsx", data)
    checked = check_workbook(raw, "0" * 64, base.master, ANNUAL, None)
    codes = {issue.code for issue in checked.issues}
    assert not codes & {"FILE_009", "FILE_017"}, checked.issues
    for issue in checked.issues:
        assert issue.code in ISSUES and issue.file == "K02.xlsx"
        assert issue.cell is None or _ADDRESS.fullmatch(issue.cell), issue
    errors = [i for i in checked.issues if i.severity is Severity.ERROR]
    if checked.result is None:
        assert errors, "a return that cannot be used must say why"
        return
    points = {i.id: i.points for i in base.master.indicators_for("K02")}
    for answer in checked.result.answers:
        score = answer.self_score
        assert score is None or Decimal(0) <= score <= points[answer.indicator_id], answer
        if score is None:  # an unusable score is always an error on its own cell
            assert any(i.cell == answer.cell for i in errors), answer
    if not errors:
        assert len(checked.result.answers) == len(points)


FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(st.randoms(use_true_random=False))
def test_damaged_self_assessment_sheet(base: Base, rng: random.Random) -> None:
    _check_damaged(base, base.self_sheet, damage_sheet, rng)


@FUZZ
@given(st.randoms(use_true_random=False))
def test_damaged_metadata_sheet(base: Base, rng: random.Random) -> None:
    _check_damaged(base, base.meta_sheet, damage_sheet, rng)


@FUZZ
@given(st.randoms(use_true_random=False))
def test_damaged_shared_strings(base: Base, rng: random.Random) -> None:
    _check_damaged(base, "xl/sharedStrings.xml", damage_strings, rng)


@FUZZ
@given(st.randoms(use_true_random=False))
def test_damaged_sheet_entries(base: Base, rng: random.Random) -> None:
    _check_damaged(base, "xl/workbook.xml", damage_workbook, rng)


@FUZZ
@given(st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)),
                min_size=1, max_size=8),
       st.booleans())
def test_damaged_bytes(base: Base, flips: list[tuple[float, int]], near_end: bool) -> None:
    """Bytes overwritten anywhere in the file, or in its last 200 (the zip directory): the
    file is refused with a coded reason or read, never a crash."""
    data = bytearray(base.package({}))
    for where, byte in flips:
        span = 200 if near_end else len(data)
        data[len(data) - span + int(where * span)] = byte
    raw = read_file(Path("K02.xlsx"), "K02.xlsx", bytes(data))
    checked = check_workbook(raw, "0" * 64, base.master, ANNUAL, None)
    assert not {issue.code for issue in checked.issues} & {"FILE_009", "FILE_017"}
    assert checked.result is not None or any(
        i.severity is Severity.ERROR for i in checked.issues)


def test_the_undamaged_base_is_a_clean_return(base: Base) -> None:
    """The fuzzing starts from a return that reads cleanly, its text in a shared-string table."""
    raw = read_file(Path("K02.xlsx"), "K02.xlsx", base.package({}))
    checked = check_workbook(raw, "0" * 64, base.master, ANNUAL, None)
    assert checked.section_code == "K02" and checked.result is not None
    assert not [i for i in checked.issues if i.severity is Severity.ERROR]
    assert b't="s"' in base.parts[base.self_sheet] and b"inlineStr" not in base.parts[base.self_sheet]


# --- the office's own files: the master and the deduction register ---------------------------

OFFICE_VALUES = [None, "", " ", "无", -5, 0, 1e308, "１２", "12分", "=1+1", "#N/A", True, "全体",
                 "K01、K99", "K01,K01", "2020-13-45", 3.5, "x" * 300, "\n", "K02", "是", "否"]


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return init_workspace(tmp_path_factory.mktemp("office") / "ws", data=small_bureau(),
                          workspace_id="fuzz").root


def _edit(source: Path, target: Path, rng: random.Random) -> None:
    """1..4 random cells of `source` overwritten, or a row deleted, saved as `target`."""
    import openpyxl

    book = openpyxl.load_workbook(source)
    for _ in range(rng.randint(1, 4)):
        sheet = rng.choice(book.worksheets)
        if rng.random() < 0.85:
            cell = sheet.cell(rng.randint(1, sheet.max_row + 1), rng.randint(1, sheet.max_column))
            if not isinstance(cell, openpyxl.cell.cell.MergedCell):
                cell.value = rng.choice(OFFICE_VALUES)
        else:
            sheet.delete_rows(rng.randint(1, max(1, sheet.max_row)))
    book.save(target)


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.randoms(use_true_random=False))
def test_an_edited_master_or_register_is_read_or_refused_with_located_problems(
    office: Path, tmp_path_factory: pytest.TempPathFactory, rng: random.Random
) -> None:
    folder = tmp_path_factory.mktemp("edited")
    _edit(office / "master.xlsx", folder / "master.xlsx", rng)
    try:
        master, warnings = load_master(folder / "master.xlsx")
    except MasterError as refused:
        assert refused.issues and all(i.code in ISSUES and i.file for i in refused.issues)
        return
    assert all(i.code in ISSUES for i in warnings)
    _edit(office / "deductions.xlsx", folder / "deductions.xlsx", rng)
    entries, issues = load_deductions(folder / "deductions.xlsx", master)
    assert all(i.code in ISSUES and i.file == "deductions.xlsx" for i in issues)
    codes = {s.code for s in master.sections}
    assert all(e.section_code in codes and e.points > 0 for e in entries)


# --- layout changes a section may make: what is read stays the same --------------------------

LAYOUT_EDITS = ("insert rows", "insert a note row", "insert columns", "delete a subtotal row",
                "hide a row", "hide a column", "swap indicator rows", "move the table",
                "rename the sheet")


@pytest.fixture(scope="module")
def filled_return(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ReturnFactory]:
    workspace = init_workspace(tmp_path_factory.mktemp("layout") / "ws", data=small_bureau(),
                               workspace_id="fuzz")
    returns = ReturnFactory(workspace)
    return returns.write("K02"), returns


def _ids_column(sheet: Any) -> tuple[int, int]:
    """(header row, 编号 column) of the self-assessment table, wherever it has moved."""
    for row in sheet.iter_rows(max_row=20):
        for cell in row:
            if cell.value == "编号":
                return cell.row, cell.column
    raise AssertionError("no 编号 header")


def _edit_layout(sheet: Any, edit: str, rng: random.Random) -> None:
    header, ids = _ids_column(sheet)
    indicator_rows = [r for r in range(header + 1, sheet.max_row + 1)
                      if sheet.cell(r, ids).value]
    other_rows = [r for r in range(header + 1, sheet.max_row + 1)
                  if not sheet.cell(r, ids).value]
    if edit == "insert rows":  # anywhere below the title, the header included
        sheet.insert_rows(rng.randint(2, sheet.max_row + 1), rng.randint(1, 3))
    elif edit == "insert a note row":
        at = rng.randint(header + 1, sheet.max_row + 1)
        sheet.insert_rows(at)
        sheet.cell(at, ids + 3).value = "（科室自行插入的说明行）"
    elif edit == "insert columns":
        sheet.insert_cols(rng.randint(1, sheet.max_column + 1), rng.randint(1, 2))
    elif edit == "delete a subtotal row" and other_rows:
        sheet.delete_rows(rng.choice(other_rows))
    elif edit == "hide a row":
        sheet.row_dimensions[rng.randint(1, sheet.max_row)].hidden = True
    elif edit == "hide a column":
        sheet.column_dimensions[get_column_letter(rng.randint(1, sheet.max_column))].hidden = True
    elif edit == "swap indicator rows" and len(indicator_rows) > 1:
        first, second = rng.sample(indicator_rows, 2)
        for column in range(1, sheet.max_column + 1):
            a, b = sheet.cell(first, column), sheet.cell(second, column)
            a.value, b.value = b.value, a.value
    elif edit == "move the table":
        last = f"{get_column_letter(sheet.max_column)}{sheet.max_row}"
        sheet.move_range(f"A2:{last}", rows=rng.randint(0, 3), cols=rng.randint(0, 3))
    elif edit == "rename the sheet":
        sheet.title = rng.choice(["Sheet1", "自评表 (2)", "法制科"])


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(LAYOUT_EDITS), min_size=1, max_size=4),
       st.randoms(use_true_random=False))
def test_layout_changes_never_change_what_is_read(
    filled_return: tuple[Path, ReturnFactory], edits: list[str], rng: random.Random
) -> None:
    """Rows and columns inserted (the header moved too), subtotal rows deleted, rows and
    columns hidden, indicator rows reordered, the table moved, the sheet renamed, in any
    combination: the same answers are read, without a problem, and each answer names the
    cell that now holds its score."""
    import openpyxl

    path, returns = filled_return
    book = openpyxl.load_workbook(path)
    sheet = book["自评表"]
    for edit in edits:
        _edit_layout(sheet, edit, rng)
    buffer = io.BytesIO()
    book.save(buffer)
    raw = read_file(Path("K02.xlsx"), "K02.xlsx", buffer.getvalue())
    checked = check_workbook(raw, "0" * 64, returns.master, ANNUAL, None)
    assert [i for i in checked.issues if i.severity is not Severity.INFO] == []
    assert checked.result is not None
    filling = returns.filling("K02")
    read = {a.indicator_id: (a.self_score, a.achievement, a.evidence)
            for a in checked.result.answers}
    assert read == {i: (Decimal(str(filling.scores[i])), filling.achievements[i],
                        filling.evidence[i]) for i in filling.scores}
    for answer in checked.result.answers:
        assert Decimal(str(sheet[answer.cell].value)) == answer.self_score
        assert sheet[answer.evidence_cell].value == answer.evidence


# --- feedback copies of damaged returns ----------------------------------------------------


@FUZZ
@given(rng=st.randoms(use_true_random=False))
def test_a_feedback_copy_of_a_damaged_return_is_made_or_skipped_never_a_crash(
    base: Base, rng: random.Random, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The feedback copy is patched into the section's own damaged file: it is written (a
    package openpyxl opens, its problem cells commented) or, for a file neither the
    patcher nor openpyxl can take, left out; the problems stay in 问题清单 either way."""
    import openpyxl

    folder = tmp_path_factory.mktemp("feedback")
    source = folder / "K02.xlsx"
    source.write_bytes(base.package({base.self_sheet: damage_sheet(
        base.parts[base.self_sheet], rng)}))
    raw = read_file(source, "K02.xlsx")
    checked = check_workbook(raw, "0" * 64, base.master, ANNUAL, None)
    section = base.master.section("K02")
    assert section is not None
    copy = write_feedback_copy(source, folder / "反馈.xlsx", checked.issues, section, "zh")
    if copy is not None:
        book = openpyxl.load_workbook(copy)
        assert book.sheetnames[0] == "问题说明"
        marked = {(i.sheet, i.cell) for i in checked.issues
                  if i.sheet and i.cell and i.cell[0].isalpha()}
        for sheet, ref in marked:
            cell = book[sheet][ref]
            for merged in book[sheet].merged_cells.ranges:  # marked on its top-left cell
                if ref in merged:
                    cell = book[sheet].cell(merged.min_row, merged.min_col)
            assert cell.comment is not None and "_0" in cell.comment.text, (sheet, ref)
