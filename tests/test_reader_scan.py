"""The sheet scan finds the same formulas, errors, merges and far cells however the XML is
spelled: the fast patterns for the plain spelling and the general ones must agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfxl import reader
from perfxl.cells import a1
from perfxl.reader import RawSheet

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CELLS = ('<c r="A1" t="s"><v>0</v></c><c r="B1"><f>SUM(C1:C2)</f><v>3</v></c>'
         '<c r="C1" t="e"><v>#DIV/0!</v></c><c r="D1" vm="1"><v>0</v></c>'
         '<c r="E1"><f>[1]Sheet1!A1</f></c>')


def sheet_xml(cells: str, spelling: str) -> bytes:
    body = f'<sheetData><row r="1">{cells}</row></sheetData><mergeCells count="1">' \
           '<mergeCell ref="F1:G1"/></mergeCells>'
    return respell(f'<worksheet xmlns="{MAIN}">{body}</worksheet>'.encode(), spelling)


def respell(xml: bytes, spelling: str) -> bytes:
    """The same sheet in another spelling XML allows and some writers use."""
    text = xml.decode()
    if spelling == "single quotes":
        text = re.sub(r'="([^"]*)"', r"='\1'", text)
    elif spelling == "spaces":
        text = text.replace(' r="', ' r = "').replace(' t="', ' t = "')
    elif spelling == "prefix":
        text = text.replace(f'xmlns="{MAIN}"', f'xmlns:x="{MAIN}"')
        text = re.sub(r"<(/?)(worksheet|sheetData|row|c|v|f|mergeCells|mergeCell)\b", r"<\1x:\2",
                      text)
    return text.encode()


def scan(xml: bytes) -> RawSheet:
    sheet = RawSheet("自评表", "visible", [])
    reader._scan_sheet(xml, sheet, "k.xlsx")
    return sheet


def test_the_plain_spelling_takes_the_fast_patterns() -> None:
    assert reader._plain_spelling(sheet_xml(CELLS, "plain"))
    for spelling in ("single quotes", "spaces", "prefix"):
        assert not reader._plain_spelling(sheet_xml(CELLS, spelling))


@pytest.mark.parametrize("spelling", ["single quotes", "spaces", "prefix"])
def test_every_spelling_finds_the_same(spelling: str) -> None:
    plain, other = scan(sheet_xml(CELLS, "plain")), scan(sheet_xml(CELLS, spelling))
    assert set(plain.formulas) == {"B1", "E1"}
    assert plain.errors == {"C1": "#DIV/0!"} and plain.pictures == [(0, 3, 0, 3)]
    assert plain.merged == [(0, 5, 0, 6)]
    assert (other.formulas, other.errors, other.pictures, other.merged) == (
        plain.formulas, plain.errors, plain.pictures, plain.merged)


@pytest.mark.parametrize("spelling", ["plain", "single quotes", "spaces", "prefix"])
@pytest.mark.parametrize("far", ["XFD1", "A20001", "GS1"])
def test_far_cells_are_refused_in_every_spelling(spelling: str, far: str) -> None:
    xml = sheet_xml(CELLS + f'<c r="{far}"><v>1</v></c>', spelling)
    with pytest.raises(reader._Refused) as refused:
        scan(xml)
    assert refused.value.issue.code == "FILE_007"
    assert far in str(refused.value.issue.to_json("zh"))


@pytest.mark.parametrize("comment_bytes", [0, 10_000])
def test_a_doctype_in_the_shared_strings_prolog_is_refused(
    tmp_path: Path, comment_bytes: int
) -> None:
    """Only the prolog is read for the check, unless it is longer than the head read."""
    import zipfile

    prolog = '<?xml version="1.0"?>' + f"<!--{'x' * comment_bytes}-->"
    strings = prolog + f'<!DOCTYPE sst [<!ENTITY a "aaaa">]><sst xmlns="{MAIN}"></sst>'
    path = tmp_path / "p.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/sharedStrings.xml", strings)
        archive.writestr("ok.xml", prolog + f'<sst xmlns="{MAIN}"><si><t>&lt;!DOCTYPE</t></si></sst>')
    package = reader.Package(path.read_bytes())
    with pytest.raises(reader._Refused) as refused:
        reader._check_prolog(package, "xl/sharedStrings.xml", "k.xlsx")
    assert refused.value.issue.code == "FILE_008"
    reader._check_prolog(package, "ok.xml", "k.xlsx")


def _rows(*rows: str) -> bytes:
    return f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(rows)}</sheetData></worksheet>'.encode()


@pytest.mark.parametrize("spelling", ["plain", "single quotes", "spaces", "prefix"])
def test_cells_without_addresses_are_placed_as_readers_place_them(spelling: str) -> None:
    """The r attributes of rows and cells are optional: a row without one follows the row
    before it, a cell without one the cell before it (calamine places values the same way)."""
    xml = _rows('<row r="5"><c r="C5"><v>1</v></c><c><f>1+1</f><v>2</v></c></row>',
                '<row><c t="e"><v>#N/A</v></c><c/><c vm="1"><v>0</v></c></row>',
                '<row r="9"><c><v>1</v></c><c r="F9"><f>F8</f><v>0</v></c><c><f>A1</f></c></row>')
    sheet = scan(respell(xml, spelling))
    assert set(sheet.formulas) == {"D5", "F9", "G9"}
    assert sheet.errors == {"A6": "#N/A"} and sheet.pictures == [(5, 2, 5, 2)]


def test_a_formula_behind_a_long_opening_tag_is_found() -> None:
    padding = "x" * 2000
    sheet = scan(_rows(f'<row r="3"><c r="H3" s="3" junk="{padding}"><f>999</f><v>1</v></c>'
                       f'<c junk="{padding}" t="e"><v>#REF!</v></c></row>'))
    assert sheet.formulas == {"H3": ("999", True)} and sheet.errors == {"I3": "#REF!"}


_CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>')
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def one_sheet_workbook(sheet: bytes) -> bytes:
    """The smallest .xlsx calamine opens, holding `sheet` as its one worksheet."""
    from perfxl.package import compress_part, write_package

    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": f'<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" '
                       f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{_RELS}"><sheets><sheet name="S" '
                           'sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PACKAGE_RELS}"><Relationship '
                                      f'Id="rId1" Type="{_RELS}/worksheet" '
                                      'Target="worksheets/sheet1.xml"/></Relationships>',
    }
    packed = [compress_part(name, text.encode()) for name, text in parts.items()]
    return write_package([*packed, compress_part("xl/worksheets/sheet1.xml", sheet)])


@st.composite
def sparse_sheets(draw: st.DrawFn) -> tuple[bytes, dict[int, tuple[int, int]]]:
    """A sheet whose rows and cells carry an r attribute or not, at random (addressed ones
    only ever move forward), each cell holding a number of its own; and where it sits."""
    rows: list[str] = []
    places: dict[int, tuple[int, int]] = {}
    row, label = 0, 0
    for _ in range(draw(st.integers(1, 6))):
        step = draw(st.integers(1, 3))
        row += step
        addressed_row = step != 1 or draw(st.booleans())  # only an address skips rows
        cells: list[str] = []
        column = -1
        for _ in range(draw(st.integers(0, 5))):
            step = draw(st.integers(1, 3))
            if step != 1 or draw(st.booleans()):  # only an address skips columns
                column += step
                cells.append(f'<c r="{a1(row, column)}"><v>{label}</v></c>')
            else:
                column += 1
                cells.append(f"<c><v>{label}</v></c>")
            places[label] = (row, column)
            label += 1
        opening = f'<row r="{row}">' if addressed_row else "<row>"
        rows.append(opening + "".join(cells) + "</row>")
    return _rows(*rows), places


@settings(max_examples=80, deadline=None)
@given(sparse_sheets())
def test_the_layout_places_cells_where_calamine_does(
    case: tuple[bytes, dict[int, tuple[int, int]]]
) -> None:
    import io

    import python_calamine

    xml, places = case
    layout = reader._Layout(xml)
    assert layout.places == [places[label] for label in sorted(places)]
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(one_sheet_workbook(xml)))
    values = book.get_sheet_by_name("S").to_python(skip_empty_area=False)
    found = {int(value): (r + 1, c) for r, line in enumerate(values)
             for c, value in enumerate(line) if value != ""}
    assert found == places


@pytest.mark.parametrize("spelling", ["plain", "single quotes", "spaces", "prefix"])
def test_a_formula_filled_down_reads_in_every_cell(spelling: str) -> None:
    """Excel writes a formula filled down once, in its first cell; the others name it by its
    shared index and read it with their relative references moved along."""
    xml = _rows('<row r="3"><c r="H3"><f t="shared" ref="H3:H5" si="0">E3*0.9</f><v>9</v></c>'
                '<c r="I3"><f si="1" t="shared" ref="I3:I4">10+2.5</f><v>12.5</v></c></row>',
                '<row r="4"><c r="H4"><f t="shared" si="0"/><v>8</v></c>'
                '<c r="I4"><f si="1" t="shared"/><v>30</v></c></row>',
                '<row r="5"><c r="H5"><f t="shared" si="0"/><v>7</v></c>'
                '<c r="I5"><f t="shared" si="7"/><v>1</v></c></row>')
    sheet = scan(respell(xml, spelling))
    assert sheet.formulas == {
        "H3": ("E3*0.9", True), "H4": ("E4*0.9", True), "H5": ("E5*0.9", True),
        "I3": ("10+2.5", True), "I4": ("10+2.5", True),
        "I5": ("", True),  # its first cell is not in the sheet: nothing to read it by
    }


@pytest.mark.parametrize("spelling", ["plain", "single quotes", "spaces", "prefix"])
def test_an_array_formula_marks_every_cell_it_fills(spelling: str) -> None:
    """A CSE array, or a formula spilled by Excel 365, is written in its first cell only; the
    cells of its range hold just their values, which must not pass for typed numbers."""
    xml = _rows('<row r="3"><c r="H3" cm="1"><f t="array" ref="H3:I4" aca="false">E3:F4*0.9</f>'
                '<v>9</v></c><c r="I3"><v>1</v></c></row>',
                '<row r="4"><c r="H4"><v>8</v></c><c r="I4"><v>2</v></c></row>',
                '<row r="9"><c r="A9"><f t="array" ref="A9:GR20000">1</f><v>1</v></c></row>')
    sheet = scan(respell(xml, spelling))
    assert {ref: sheet.formulas[ref] for ref in ("H3", "I3", "H4", "I4")} == dict.fromkeys(
        ("H3", "I3", "H4", "I4"), ("E3:F4*0.9", True))
    assert "H5" not in sheet.formulas and "GR20000" not in sheet.formulas
    assert len(sheet.formulas) == 4 + reader.MAX_ARRAY_CELLS  # a huge range is clipped


@pytest.mark.parametrize("spelling", ["plain", "single quotes", "spaces", "prefix"])
@pytest.mark.parametrize("empty", [
    '<row r="30000" ht="20" customHeight="1"/>',  # LibreOffice: row heights set far down
    '<row r="30000" ht="20" customHeight="1"></row>',
    '<row r="1048576"><c r="XFD1048576" s="1"/></row>',  # shading to the sheet's end
    '<row r="65536"><c r="H65536" s="3"></c></row>',
    '<row r="30000"><c s="3"/></row>',  # an empty styled cell without an address
])
def test_far_rows_and_cells_with_nothing_in_them_are_left_alone(spelling: str,
                                                                empty: str) -> None:
    """Formatting far down refused the whole return (FILE_007) though the section saw nothing
    there: calamine sizes its grid by values, so only a far value needs refusing."""
    sheet = scan(respell(_rows('<row r="1"><c r="A1"><v>1</v></c></row>', empty), spelling))
    assert sheet.errors == {} and sheet.formulas == {}


@pytest.mark.parametrize("spelling", ["plain", "single quotes", "spaces", "prefix"])
@pytest.mark.parametrize("filled", [
    '<row r="30000"><c><v>1</v></c></row>',  # a value without an address, far down
    '<row r="30000"><c t="inlineStr"><is><t>x</t></is></c></row>',
    '<row r="300"><c r="GS300"><f>1+1</f></c></row>',
])
def test_far_values_are_still_refused(spelling: str, filled: str) -> None:
    with pytest.raises(reader._Refused) as refused:
        scan(respell(_rows('<row r="1"><c r="A1"><v>1</v></c></row>', filled), spelling))
    assert refused.value.issue.code == "FILE_007"


def test_a_quoted_angle_bracket_does_not_hide_a_far_value() -> None:
    """A ">" inside an attribute value (x="/>") made a far cell with a value look closed."""
    with pytest.raises(reader._Refused):
        scan(_rows('<row r="1"><c r="A1"><v>1</v></c>'
                   '<c r="XFD1048576" x="/>"><v>1</v></c></row>'))


@pytest.mark.parametrize("spelling", ["plain", "prefix"])
def test_many_marked_cells_read_as_the_first_few_are(spelling: str) -> None:
    """Past the first cells with a formula or an error, every end tag is listed once (a sheet
    of unclosed cells had each matched to the end of the sheet): the same cells result."""
    cells = "".join(f'<row r="{n}"><c r="A{n}"><f>B{n}*2</f><v>{n}</v></c>'
                    f'<c r="B{n}" t="e"><v>#N/A</v></c><c r="C{n}"/></row>'
                    for n in range(1, 101))
    sheet = scan(respell(_rows(cells), spelling))
    assert sheet.formulas == {f"A{n}": (f"B{n}*2", True) for n in range(1, 101)}
    assert sheet.errors == {f"B{n}": "#N/A" for n in range(1, 101)}


def test_hidden_rows_as_each_application_writes_them() -> None:
    """Excel writes hidden="1", LibreOffice hidden="true"; a row without its number follows
    the one before it."""
    xml = (b'<sheetData><row r="2" hidden="1"/><row r="4" hidden="true" ht="15"/>'
           b'<row hidden="1"/><row r="9" hidden="false"/><row r="10" hidden="0"/></sheetData>')
    assert reader._hidden_rows(xml) == {2, 4, 5}


@pytest.mark.parametrize(("properties", "struck"), [
    (b"<rPr><strike/></rPr>", True), (b'<rPr><strike val="1"/></rPr>', True),
    (b'<rPr><strike val="true"/><sz val="11"/></rPr>', True),
    (b'<rPr><strike val="0"/></rPr>', False), (b'<rPr><strike val="false"/></rPr>', False),
    (b"<rPr><b/></rPr>", False), (b"", False)])
def test_strikethrough_as_each_application_writes_it(properties: bytes, struck: bool) -> None:
    run = b"<r>" + properties + b"<t>text</t></r>"
    assert reader._all_struck(run) is struck
    # a text partly struck is not cancelled; a struck run of spaces does not count
    assert reader._all_struck(run + b"<r><t>more</t></r>") is False
    assert reader._all_struck(run + b"<r><rPr><b/></rPr><t> </t></r>") is struck
    assert reader._all_struck(b"<t>plain text</t>") is False
