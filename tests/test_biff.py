"""perfxl.biff: an .xls's records walked for formulas and the like (LibreOffice writes the
files; the texts expected are what Excel shows for each formula)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import olefile
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.styles import Font

from perfxl import biff

FORMULAS = {
    "B1": ("=10+2.5", "10+2.5"),
    "B2": ("=A1*0.9", "A1*0.9"),
    "B3": ("=SUM(A1:A3)/2", "SUM(A1:A3)/2"),
    "B4": ('=IF(A1>5,"好",-1)', 'IF(A1>5,"好",-1)'),
    "B5": ("=ROUND($A$1*(1-20%),1)", "ROUND($A$1*(1-20%),1)"),
    "B6": ("=表2!C3+1", "'表2'!C3+1"),
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
