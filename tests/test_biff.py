"""perfxl.biff: an .xls's records walked for formulas and the like (LibreOffice writes the
files; the texts expected are what Excel shows for each formula)."""

from __future__ import annotations

import contextlib
import io
import struct
from datetime import datetime
from pathlib import Path

import olefile
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.styles import Font

from perfxl import biff
from perfxl.cells import EXTERNAL_REFERENCE

FORMULAS = {
    "B1": ("=10+2.5", "10+2.5"),
    "B2": ("=A1*0.9", "A1*0.9"),
    "B3": ("=SUM(A1:A3)/2", "SUM(A1:A3)/2"),
    "B4": ('=IF(A1>5,"好",-1)', 'IF(A1>5,"好",-1)'),
    "B5": ("=ROUND($A$1*(1-20%),1)", "ROUND($A$1*(1-20%),1)"),
    "B6": ("=表2!C3+1", "表2!C3+1"),
    "B7": ("=1/0", "1/0"),
}


@pytest.fixture(scope="module")
def book_xls(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.libreoffice import convert_with_libreoffice, require_libreoffice

    require_libreoffice()
    root = tmp_path_factory.mktemp("biff")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "表1"
    for row in (1, 2, 3):
        sheet[f"A{row}"] = row * 4
    for ref, (formula, _text) in FORMULAS.items():
        sheet[ref] = formula
    for row in range(10, 14):  # filled down: one shared formula
        sheet[f"C{row}"] = f"=A{row - 9}*2"
    sheet["D1"] = 0.9
    sheet["D1"].number_format = "0.0%"
    sheet["D2"] = "作废"
    sheet["D2"].font = Font(strike=True)
    sheet.row_dimensions[4].hidden = True
    sheet.merge_cells("E1:F2")
    other = book.create_sheet("表2")
    other["C3"] = 7
    book.create_sheet("备用").sheet_state = "hidden"
    book.save(root / "book.xlsx")
    return convert_with_libreoffice(root / "book.xlsx", [root / "book.xls"])[0]


def _stream(path: Path) -> bytes:
    with olefile.OleFileIO(io.BytesIO(path.read_bytes())) as container:
        return bytes(container.openstream("Workbook").read())


def test_the_marks_of_a_libreoffice_xls(book_xls: Path) -> None:
    found = biff.scan(book_xls.read_bytes())
    assert [(s.name, s.visibility) for s in found.sheets] == [
        ("表1", "visible"), ("表2", "visible"), ("备用", "hidden")]
    first = found.sheets[0]
    texts = {ref: text for ref, (text, _saved) in first.formulas.items()}
    assert {ref: texts[ref] for ref in FORMULAS} == {
        ref: text for ref, (_formula, text) in FORMULAS.items()}
    assert [texts[f"C{row}"] for row in range(10, 14)] == ["A1*2", "A2*2", "A3*2", "A4*2"]
    assert first.errors == {"B7": "#DIV/0!"}
    assert first.percent == {"D1"}
    assert first.struck == {"D2"}
    assert first.hidden_rows == {4}
    assert first.merged == [(0, 4, 1, 5)]
    assert found.saved_at.endswith("Z")


def test_an_encrypted_or_old_stream_is_refused() -> None:
    with pytest.raises(biff.BiffError):
        biff.scan(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    biff5 = bytes.fromhex("0908080000050500") + bytes(4)  # BOF of BIFF5
    with pytest.raises(biff.BiffError, match="not BIFF8"):
        biff.scan_stream(biff5)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_damaged_stream_is_biff_error_or_marks(book_xls: Path, data: st.DataObject) -> None:
    """Bytes changed, cut or repeated anywhere: the walk returns marks or BiffError, never
    another exception (reader then reads the values alone)."""
    stream = bytearray(_stream(book_xls))
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(stream) - 1))
        stream[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(stream)))
    damaged = bytes(stream[:cut]) + bytes(stream[cut:]) * data.draw(st.integers(1, 2))
    with contextlib.suppress(biff.BiffError):
        biff.scan_stream(damaged)


# --- streams built record by record ([MS-XLS] 2.4), for what no application writes ---------


def _record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x0206))


EOF_RECORD = _record(0x000A)


def _workbook(bodies: list[bytes], globals_extra: bytes = b"") -> bytes:
    """A workbook of one worksheet per body (the records between its BOF and EOF)."""
    def globals_part(offsets: list[int]) -> bytes:
        sheets = b"".join(_record(0x0085, struct.pack("<IBBBB", offset, 0, 0, 2, 0) + b"S%d" % n)
                          for n, offset in enumerate(offsets))
        return _bof(0x0005) + globals_extra + sheets + EOF_RECORD

    offsets, position = [], len(globals_part([0] * len(bodies)))
    for body in bodies:
        offsets.append(position)
        position += len(_bof(0x0010) + body + EOF_RECORD)
    return globals_part(offsets) + b"".join(_bof(0x0010) + b + EOF_RECORD for b in bodies)


def _formula(row: int, column: int, tokens: bytes) -> bytes:
    return _record(0x0006, struct.pack("<HHH", row, column, 15) + bytes(8)
                   + struct.pack("<HIH", 0, 0, len(tokens)) + tokens)


def _merged(top: int, bottom: int, left: int, right: int) -> bytes:
    return _record(0x00E5, struct.pack("<HHHHH", 1, top, bottom, left, right))


def test_a_chart_on_a_sheet_does_not_end_its_walk() -> None:
    """A chart placed on a sheet is a BOF … EOF of its own inside the sheet's records: its
    EOF ended the walk, and the merged range Excel writes after the drawings was lost."""
    chart = _bof(0x0020) + _record(0x1001, bytes(4)) + EOF_RECORD
    [sheet] = biff.scan_stream(_workbook([chart + _merged(4, 5, 7, 7)]))
    assert sheet.merged == [(4, 7, 5, 7)]


def test_sheets_stacked_before_one_body_are_walked_once_each() -> None:
    """Sheets whose BOF records stand one after another, the body after the last: each
    sheet's walk went on through the others' records to the end of the stream."""
    stream = _workbook([b"", _merged(0, 1, 0, 0)])
    first, second = biff.scan_stream(stream)
    assert first.merged == [] and second.merged == [(0, 0, 1, 0)]


def test_a_shared_formula_used_by_many_cells_is_rendered_within_a_budget() -> None:
    """One long shared formula and thousands of cells using it took seconds a hundred kB
    (rendered again for each cell); past the workbook's budget a formula is "…", and still
    a formula."""
    tokens = b"\x1e\x01\x00" + b"\x1e\x01\x00\x03" * 500  # 1+1+1… (2,003 bytes)
    cells = 2 * biff.RENDERING_BUDGET // len(tokens)
    shared = _record(0x04BC, struct.pack("<HHBBBBH", 0, cells, 7, 7, 0, 0, len(tokens))
                     + tokens)
    body = _formula(0, 7, b"\x01\x00\x00\x07\x00") + shared + b"".join(
        _formula(row, 7, b"\x01\x00\x00\x07\x00") for row in range(1, cells))
    [sheet] = biff.scan_stream(_workbook([body]))
    texts = [sheet.formulas[f"H{row + 1}"][0] for row in range(cells)]
    assert texts[0] == "1" + "+1" * 500 and texts[-1] == "…"
    assert len(texts) == cells


def test_a_reference_into_any_other_file_is_numbered_as_excel_numbers_it() -> None:
    """A file linked without a spreadsheet extension ('[other_noext]Sheet1'!A1) was not
    seen as another workbook: its stale value was counted. Such a file is [n], as an
    .xlsx numbers the files it links to."""
    path = "\x01other_noext"
    other = _record(0x01AE, struct.pack("<HHB", 1, len(path), 0) + path.encode("latin-1")
                    + struct.pack("<HB", 6, 0) + b"Sheet1")
    own = _record(0x01AE, struct.pack("<HH", 1, 0x0401))
    references = _record(0x0017, struct.pack("<Hhhhhhh", 2, 0, 0, 0, 1, 0, 0))
    body = _formula(2, 7, b"\x3a\x01\x00\x00\x00\x00\xc0") + _formula(3, 7, b"\x3a\x00\x00"
                                                                          b"\x00\x00\x00\xc0")
    [sheet] = biff.scan_stream(_workbook([body], own + other + references))
    assert sheet.formulas["H3"][0] == "[1]Sheet1!A1"
    assert sheet.formulas["H4"][0] == "S0!A1"
    assert EXTERNAL_REFERENCE.search(sheet.formulas["H3"][0])
    assert not EXTERNAL_REFERENCE.search(sheet.formulas["H4"][0])


def test_a_summary_claiming_two_billion_values_is_no_saved_time() -> None:
    """olefile's reader looped over the count a damaged property claimed (a hang, memory
    without bound); the saved time is read on its own, every offset checked."""
    header = struct.pack("<HHI16sI16sI", 0xFFFE, 0, 0, bytes(16), 1, bytes(16), 48)
    section = struct.pack("<III", 0, 0x7FFFFFFF, 13)  # count lies; PID 13 has no offset
    try:  # returns, or finds the stream too short: never loops over the claimed count
        found = biff._last_saved(header + section)
    except struct.error:
        found = None
    assert found is None
    filetime = struct.pack("<IQ", 0x40, 132_000_000_000_000_000)  # 1,555,526,400 s past 1970
    good = header + struct.pack("<IIII", 24, 1, 13, 16) + filetime
    assert biff._last_saved(good) == datetime(2019, 4, 17, 18, 40)
