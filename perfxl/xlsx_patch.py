"""Marks cells in a copy of an .xlsx without rebuilding it: fills, comments, a front sheet.

A feedback copy must stay the section's own file: loading and saving it with a general
library drops what that library does not model (pictures, some validations, extensions) and
costs a quarter of a second a file. This patcher edits the package as text instead: every
part it does not need to touch is copied as it is, values and layout included.

It handles packages spelled as spreadsheet applications write them. Anything it does not
expect (comments already present, prefixed namespaces, cells without addresses, ...) raises
`Unsupported`, and the caller falls back to the general library.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path

from perfxl.cells import (
    LINE_POINTS_11,
    a1,
    column_index,
    column_letter,
    taller_than_a_line,
    title_lines,
    wrapped_height,
)
from perfxl.package import compress_part, write_package

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKSHEET_TYPE = f"{REL_NS}/worksheet"
COMMENTS_TYPE = f"{REL_NS}/comments"
VML_TYPE = f"{REL_NS}/vmlDrawing"
WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
COMMENTS_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_CONTENT = "application/vnd.openxmlformats-officedocument.vmlDrawing"
MAX_PACKAGE_BYTES = 200 * 1024 * 1024
WORKBOOK_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
# A macro-enabled workbook or a template named .xlsx is refused by Excel ("the file format or
# extension is not valid"): the copy is a plain workbook, without the macros.
_OTHER_WORKBOOK_CONTENT = re.compile(
    rb"application/vnd\.(?:ms-excel\.(?:sheet|template)\.macroEnabled|openxmlformats-"
    rb"officedocument\.spreadsheetml\.template)\.main\+xml")
VBA_TYPE = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
# Elements a worksheet may hold after <legacyDrawing>, in schema order.
_AFTER_LEGACY_DRAWING = (b"<legacyDrawingHF", b"<drawingHF", b"<picture", b"<oleObjects",
                         b"<controls", b"<webPublishItems", b"<tableParts", b"<extLst",
                         b"<mc:AlternateContent",  # Excel wraps oleObjects and controls
                         b"</worksheet>")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile("_x[0-9A-Fa-f]{4}_")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_SHEET = re.compile(rb"<sheet\s[^>]*?/?>")
_RELATIONSHIP = re.compile(rb"<Relationship\s[^>]*?/?>")
_XF = re.compile(rb"<xf\b[^>]*?/>|<xf\b[^>]*?[^/]>.*?</xf>", re.S)
_FILL_OR_FONT_OPEN = {b"fills": re.compile(rb"<fill[\s/>]"), b"fonts": re.compile(rb"<font[\s/>]"),
                      b"borders": re.compile(rb"<border[\s/>]")}
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+\d+):([A-Z]+\d+)"')
_ROW_OPEN = re.compile(rb'<row r="(\d+)"[^>]*?(/?)>')
_CELL_OPEN = re.compile(rb'<c r="([A-Z]+)(\d+)"')
_REF = re.compile(r"([A-Z]{1,3})([1-9]\d{0,6})")
_TAB_SELECTED = re.compile(rb'tabSelected="(?:1|true)"')
# an element's tag: closing slash, name, self-closing slash (quoted attribute values may
# hold ">")
_TAG = re.compile(rb'<(/?)([A-Za-z_][\w:.-]*)(?:[^>"\']|"[^"]*"|\'[^\']*\')*?(/?)>')


class Unsupported(Exception):
    """The package is spelled in a way this patcher does not edit; use a general library."""


@dataclass(frozen=True)
class CellMark:
    """Fill one cell with `fill` (RRGGBB) and attach `comment` to it."""

    sheet: str
    ref: str
    fill: str
    comment: str


@dataclass(frozen=True)
class FrontSheet:
    """A sheet of text put before all others and opened first: a table whose first row is
    its header, under an optional title and note, printed A4 landscape one page wide with
    the header repeated; at the foot, `footer_left` (plain text) and `footer_center`
    (header/footer codes such as &P allowed)."""

    name: str
    rows: Sequence[Sequence[str]]
    widths: Sequence[float] = ()
    title: str = ""
    note: str = ""
    footer_left: str = ""
    footer_center: str = ""

    def footer_left_codes(self) -> str:
        """`footer_left` as header/footer text: its own & kept literal."""
        return self.footer_left.replace("&", "&&")

    def footer(self) -> str:
        """The footer as header/footer codes."""
        left = f"&L{self.footer_left_codes()}" if self.footer_left else ""
        center = f"&C{self.footer_center}" if self.footer_center else ""
        return (left + center)[:250]

    def title_height(self) -> float:
        """The 14-point title's row: 27 points, or as many lines as a long name needs."""
        lines = title_lines(self.title, sum(self.widths) or 100, points=14)
        return 27 if lines == 1 else lines * 19 + 6

    @property
    def header_row(self) -> int:
        """The 1-based row of the table's header."""
        return 1 + bool(self.title) + bool(self.note)

    def heights(self) -> list[float | None]:
        """Each table row's height (points) showing its text wrapped; the header's only when
        a label needs two lines (English ones may), else None."""
        widths = list(self.widths)
        return [(taller_than_a_line if number == 0 else wrapped_height)(
                    [(text, widths[column]) for column, text in enumerate(values)
                     if column < len(widths)], LINE_POINTS_11)
                for number, values in enumerate(self.rows)]

    def last_column(self) -> int:
        return max((len(values) for values in self.rows), default=1) - 1


MAX_CELL_CHARACTERS = 32767  # what Excel holds in a cell or a comment


def clean_text(text: str) -> str:
    """Text an .xlsx can hold: no control characters (pasted from Word, say) or
    noncharacters, and within Excel's 32,767 characters (a problem quoting a whole cell's
    value would pass it), cut short with … when longer."""
    text = _ILLEGAL.sub("\ufffd", text)
    text = _ESCAPE_LIKE.sub(r"_x005F\g<0>", text)  # "_x0031_" is shown as itself, not "1"
    if len(text) > MAX_CELL_CHARACTERS // 2 and \
            len(text.encode("utf-16-le")) // 2 > MAX_CELL_CHARACTERS:  # Excel counts UTF-16
        text = text.encode("utf-16-le")[:2 * (MAX_CELL_CHARACTERS - 1)].decode(
            "utf-16-le", "ignore") + "…"
    return text


def marked_copy(source: Path, marks: Sequence[CellMark], front: FrontSheet,
                author: str = "perfxl") -> bytes:
    """The bytes of a copy of `source` with `marks` applied and `front` as its first sheet."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise Unsupported(f"not a zip package: {exc}") from None
    with archive:
        infos = archive.infolist()
        if sum(info.file_size for info in infos) > MAX_PACKAGE_BYTES:
            raise Unsupported("package too large")
        package = _Package(archive)
        package.apply(marks, front, author)
        return package.write(infos)


class _Package:
    """The parts being edited, read on demand; every other part is copied as it is."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = set(archive.namelist())
        self.changed: dict[str, bytes] = {}
        self.added: dict[str, bytes] = {}
        self.dropped: set[str] = set()
        self.next_shape_block = 1  # VML shape ids come in blocks of 1,024, one set per sheet
        if any(name.endswith(".vml") or "/comments" in name for name in self.names):
            raise Unsupported("the package already holds comments or VML drawings")

    def part(self, name: str) -> bytes:
        if name in self.changed:
            return self.changed[name]
        if name not in self.names:
            raise Unsupported(f"missing part {name}")
        data = self.archive.read(name)
        if b"<!DOCTYPE" in data[:4096] or b"='" in data:
            raise Unsupported(f"unusual spelling in {name}")
        return data

    def free_name(self, pattern: str) -> str:
        for number in range(1, 10_000):
            name = pattern.format(number)
            if name not in self.names and name not in self.added:
                return name
        raise Unsupported("no free part name")  # pragma: no cover

    # --- the whole edit -----------------------------------------------------------------

    def apply(self, marks: Sequence[CellMark], front: FrontSheet, author: str) -> None:
        workbook = self.part("xl/workbook.xml")
        _require_namespaces(workbook, b"workbook")
        rels = self.part("xl/_rels/workbook.xml.rels")
        sheets = _sheet_parts(workbook, rels)
        styles = _Styles(self.part("xl/styles.xml"))
        by_sheet: dict[str, list[CellMark]] = {}
        for mark in marks:
            if mark.sheet in sheets and _REF.fullmatch(mark.ref):
                by_sheet.setdefault(mark.sheet, []).append(mark)
        types = self.part("[Content_Types].xml")
        if _OTHER_WORKBOOK_CONTENT.search(types):
            types, rels = self._as_plain_workbook(types, rels)
        for sheet_name, sheet_marks in by_sheet.items():
            types = self._mark_sheet(sheets[sheet_name], sheet_marks, styles, author, types)
        for part in sheets.values():  # the front sheet is the one selected
            xml = self.part(part)
            if _TAB_SELECTED.search(xml):  # "1", or "true" as LibreOffice writes it
                self.changed[part] = _TAB_SELECTED.sub(b'tabSelected="0"', xml)
        front_part = self.free_name("xl/worksheets/sheet{}.xml")
        front_id = _free_id(rels)
        self.added[front_part] = _front_sheet_xml(front, styles.front_styles())
        self.changed["xl/_rels/workbook.xml.rels"] = _add_relationship(
            rels, front_id, WORKSHEET_TYPE, front_part.removeprefix("xl/"))
        self.changed["xl/workbook.xml"] = _with_print_titles(
            _put_sheet_first(workbook, front.name, front_id), front.name, front.header_row)
        self.changed["[Content_Types].xml"] = _add_override(types, front_part, WORKSHEET_CONTENT)
        self.changed["xl/styles.xml"] = styles.xml()
        if "docProps/app.xml" in self.names:
            self.changed["docProps/app.xml"] = _without_sheet_titles(self.part("docProps/app.xml"))

    def _as_plain_workbook(self, types: bytes, rels: bytes) -> tuple[bytes, bytes]:
        """The content types and workbook relationships of a plain .xlsx: the main part's
        type changed, the VBA project (and its signature) left out."""
        types = _OTHER_WORKBOOK_CONTENT.sub(WORKBOOK_CONTENT.encode(), types)
        for tag in _RELATIONSHIP.findall(rels):
            attributes = _attributes(tag)
            if attributes.get(b"Type") == VBA_TYPE.encode():
                target = unescape(attributes.get(b"Target", b"").decode())
                part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                folder, _, name = part.rpartition("/")
                self.dropped |= {part, f"{folder}/_rels/{name}.rels"}
                rels = rels.replace(tag, b"")
                types = re.sub(rb'<Override PartName="/' + re.escape(part.encode())
                               + rb'"[^>]*/>', b"", types)
        return types, rels

    def _mark_sheet(self, part: str, marks: list[CellMark], styles: _Styles, author: str,
                    types: bytes) -> bytes:
        xml = self.part(part)
        _require_namespaces(xml, b"worksheet")
        unaddressed = (xml.count(b"<c ") != xml.count(b'<c r="') or b"<c>" in xml
                       or b"<row>" in xml or xml.count(b"<row ") != xml.count(b'<row r="'))
        if unaddressed or b"<legacyDrawing" in xml:
            raise Unsupported(f"{part}: cells without addresses or a legacy drawing")
        merged = [(_position(first.decode()), _position(last.decode()))
                  for first, last in _MERGE.findall(xml)]
        cells: dict[tuple[int, int], tuple[str, list[str]]] = {}
        for mark in marks:
            row, column = _top_left(_position(mark.ref), merged)
            fill, texts = cells.get((row, column), (mark.fill, []))
            cells[(row, column)] = (fill, [*texts, mark.comment])
        for (row, column), (fill, _texts) in sorted(cells.items()):
            xml = _style_cell(xml, row, column, fill, styles)
        folder, _, file_name = part.rpartition("/")
        rels_name = f"{folder}/_rels/{file_name}.rels"
        sheet_rels = (self.part(rels_name) if rels_name in self.names else
                      b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                      b'<Relationships xmlns="' + PACKAGE_REL_NS.encode() + b'"></Relationships>')
        comments_part = self.free_name("xl/comments{}.xml")
        vml_part = self.free_name("xl/drawings/vmlDrawing{}.vml")
        comments_id, vml_id = _free_id(sheet_rels), _free_id(sheet_rels, skip=1)
        sheet_rels = _add_relationship(sheet_rels, comments_id, COMMENTS_TYPE,
                                       "../" + comments_part.removeprefix("xl/"))
        sheet_rels = _add_relationship(sheet_rels, vml_id, VML_TYPE,
                                       "../" + vml_part.removeprefix("xl/"))
        notes = [(row, column, "\n".join(texts)) for (row, column), (_f, texts)
                 in sorted(cells.items())]
        self.added[comments_part] = _comments_xml(notes, author)
        self.added[vml_part], self.next_shape_block = _vml_xml(notes, self.next_shape_block)
        (self.changed if rels_name in self.names else self.added)[rels_name] = sheet_rels
        self.changed[part] = _add_legacy_drawing(xml, vml_id)
        types = _add_override(types, comments_part, COMMENTS_CONTENT)
        if b'Extension="vml"' not in types:
            types = types.replace(b"</Types>", b'<Default Extension="vml" ContentType="'
                                  + VML_CONTENT.encode() + b'"/></Types>')
        return types

    def write(self, infos: list[zipfile.ZipInfo]) -> bytes:
        parts = [compress_part(info.filename, self.changed.get(info.filename)
                               or self.archive.read(info), date_time=info.date_time)
                 for info in infos if info.filename not in self.dropped]
        parts += [compress_part(name, data) for name, data in sorted(self.added.items())]
        return write_package(parts)


# --- workbook --------------------------------------------------------------------------------


def _attributes(tag: bytes) -> dict[bytes, bytes]:
    return dict(_ATTRIBUTE.findall(tag))


def _require_namespaces(xml: bytes, root: bytes) -> None:
    opening = re.search(rb"<" + root + rb"\b[^>]*>", xml)
    if opening is None:
        raise Unsupported(f"no <{root.decode()}> root (a prefixed namespace?)")
    attributes = _attributes(opening[0])
    if attributes.get(b"xmlns") != MAIN_NS.encode():
        raise Unsupported("the main namespace is not the default one")
    if attributes.get(b"xmlns:r", REL_NS.encode()) != REL_NS.encode():
        raise Unsupported("the prefix r is bound to something else")


def _declare_r(xml: bytes, root: bytes) -> bytes:
    """Declare the relationships prefix r on the root element if it is not yet."""
    opening = re.search(rb"<" + root + rb"\b[^>]*>", xml)
    assert opening is not None  # _require_namespaces found it
    if b"xmlns:r=" in opening[0]:
        return xml
    at = opening.start() + 1 + len(root)
    return xml[:at] + f' xmlns:r="{REL_NS}"'.encode() + xml[at:]


def _sheet_parts(workbook: bytes, rels: bytes) -> dict[str, str]:
    """Sheet name -> worksheet part, for worksheets only (chart sheets are left alone)."""
    targets: dict[bytes, str] = {}
    for tag in _RELATIONSHIP.findall(rels):
        attributes = _attributes(tag)
        if attributes.get(b"Type") == WORKSHEET_TYPE.encode():
            target = unescape(attributes.get(b"Target", b"").decode())
            targets[attributes.get(b"Id", b"")] = (
                target.lstrip("/") if target.startswith("/") else f"xl/{target}")
    parts = {}
    for tag in _SHEET.findall(workbook):
        attributes = _attributes(tag)
        part = targets.get(attributes.get(b"r:id", b""))
        if part is not None:
            parts[unescape(attributes.get(b"name", b"").decode())] = part
    return parts


def _free_id(rels: bytes, skip: int = 0) -> str:
    used = {attributes.get(b"Id") for attributes in map(_attributes, _RELATIONSHIP.findall(rels))}
    free = (f"rIdPerfxl{n}" for n in range(1, 1000) if f"rIdPerfxl{n}".encode() not in used)
    for _ in range(skip):
        next(free)
    return next(free)


def _add_relationship(rels: bytes, rel_id: str, kind: str, target: str) -> bytes:
    entry = f'<Relationship Id="{rel_id}" Type="{kind}" Target="{escape(target)}"/>'.encode()
    if b"</Relationships>" not in rels:
        raise Unsupported("relationships part without a closing tag")
    return rels.replace(b"</Relationships>", entry + b"</Relationships>")


def _add_override(types: bytes, part: str, content_type: str) -> bytes:
    entry = f'<Override PartName="/{part}" ContentType="{content_type}"/>'.encode()
    if b"</Types>" not in types:
        raise Unsupported("content types without a closing tag")
    return types.replace(b"</Types>", entry + b"</Types>")


def _put_sheet_first(workbook: bytes, name: str, rel_id: str) -> bytes:
    """Insert the front sheet first, shift sheet-local names, and make it the active tab."""
    if unescape(name).casefold() in {unescape(_attributes(t).get(b"name", b"").decode()).casefold()
                                     for t in _SHEET.findall(workbook)}:  # as Excel compares
        raise Unsupported(f"a sheet is already named {name}")
    ids = [int(v) for v in re.findall(rb'<sheet\s[^>]*?sheetId="(\d+)"', workbook)]
    entry = (f'<sheet name="{escape(name)}" sheetId="{max(ids, default=0) + 1}" '
             f'r:id="{rel_id}"/>').encode()
    if b"<sheets>" not in workbook:
        raise Unsupported("no <sheets>")
    if b"<bookViews" not in workbook:  # the front sheet's view refers to workbook view 0
        workbook = workbook.replace(b"<sheets>", b"<bookViews><workbookView/></bookViews><sheets>")
    workbook = workbook.replace(b"<sheets>", b"<sheets>" + entry, 1)
    workbook = re.sub(rb'localSheetId="(\d+)"',
                      lambda m: b'localSheetId="%d"' % (int(m[1]) + 1), workbook)
    workbook = re.sub(rb'\s(?:activeTab|firstSheet)="\d+"', b"", workbook)
    return _declare_r(workbook, b"workbook")


def _without_sheet_titles(app: bytes) -> bytes:
    """app.xml lists the sheet names; drop the (optional) list rather than let it go stale."""
    for element in (b"HeadingPairs", b"TitlesOfParts"):
        app = re.sub(rb"<" + element + rb">.*?</" + element + rb">", b"", app, flags=re.S)
    return app


# --- styles ----------------------------------------------------------------------------------


class _Styles:
    """styles.xml with fills, fonts and cell formats appended as the marks need them."""

    def __init__(self, xml: bytes) -> None:
        _require_namespaces(xml, b"styleSheet")
        self.text = xml
        block = self._block(b"cellXfs")
        self.xfs = _XF.findall(block)
        if not self.xfs:
            raise Unsupported("no cell formats")
        self.new_xfs: list[bytes] = []
        self.fills: dict[str, int] = {}
        self.formats: dict[tuple[int, str], int] = {}
        self.front: dict[str, int] | None = None

    def _block(self, name: bytes) -> bytes:
        match = re.search(rb"<" + name + rb"\b[^>]*>(.*?)</" + name + rb">", self.text, re.S)
        if match is None:
            raise Unsupported(f"styles without <{name.decode()}>")
        return match[1]

    def _append(self, name: bytes, element: bytes) -> int:
        """Add `element` at the end of the <name> list; its index."""
        index = len(_FILL_OR_FONT_OPEN[name].findall(self._block(name)))
        self.text = self.text.replace(b"</" + name + b">", element + b"</" + name + b">", 1)
        self.text = _recount(self.text, name, index + 1)
        return index

    def _fill(self, color: str) -> int:
        if color not in self.fills:
            rgb = f"FF{color.upper()}".encode()
            self.fills[color] = self._append(b"fills", (
                b'<fill><patternFill patternType="solid"><fgColor rgb="' + rgb
                + b'"/><bgColor rgb="' + rgb + b'"/></patternFill></fill>'))
        return self.fills[color]

    def _add_xf(self, xf: bytes) -> int:
        self.new_xfs.append(xf)
        return len(self.xfs) + len(self.new_xfs) - 1

    def with_fill(self, style: int, color: str) -> int:
        """A cell format like `style` but filled with `color`."""
        key = (style, color)
        if key not in self.formats:
            base = self.xfs[style] if 0 <= style < len(self.xfs) else self.xfs[0]
            self.formats[key] = self._add_xf(_set_attributes(
                base, {b"fillId": str(self._fill(color)).encode(), b"applyFill": b"1"}))
        return self.formats[key]

    def front_styles(self) -> dict[str, int]:
        """The front sheet's cell formats: title, note, header (bold, shaded) and body,
        the table's cells bordered and wrapped."""
        if self.front is None:
            title = self._append(b"fonts", b'<font><b/><sz val="14"/></font>')
            bold = self._append(b"fonts", b'<font><b/><sz val="11"/></font>')
            shade = self._fill("D9E1F2")
            thin = self._append(b"borders", b"".join(
                b'<%s style="thin"><color auto="1"/></%s>' % (side, side)
                for side in (b"left", b"right", b"top", b"bottom")).join(
                (b"<border>", b"<diagonal/></border>")))

            def xf(font: int, fill: int, border: int, alignment: bytes) -> int:
                return self._add_xf(
                    b'<xf numFmtId="0" fontId="%d" fillId="%d" borderId="%d" xfId="0" '
                    b'applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1">'
                    b"<alignment %s/></xf>" % (font, fill, border, alignment))

            self.front = {
                "title": xf(title, 0, 0, b'horizontal="center" vertical="center" wrapText="1"'),
                "note": xf(0, 0, 0, b'vertical="top" wrapText="1"'),
                "header": xf(bold, shade, thin,
                             b'horizontal="center" vertical="center" wrapText="1"'),
                "body": xf(0, 0, thin, b'vertical="top" wrapText="1"'),
            }
        return self.front

    def xml(self) -> bytes:
        text = self.text.replace(b"</cellXfs>", b"".join(self.new_xfs) + b"</cellXfs>", 1)
        return _recount(text, b"cellXfs", len(self.xfs) + len(self.new_xfs))


def _recount(xml: bytes, name: bytes, count: int) -> bytes:
    """Set the count attribute of the first <name> element to `count`."""
    opening = re.search(rb"<" + name + rb"\b[^>]*>", xml)
    if opening is None:  # pragma: no cover - the caller found the element
        return xml
    tag = _set_attributes(opening[0], {b"count": str(count).encode()})
    return xml[:opening.start()] + tag + xml[opening.end():]


def _set_attributes(element: bytes, values: dict[bytes, bytes]) -> bytes:
    end = element.index(b">")
    if element[end - 1 : end] == b"/":
        end -= 1
    tag, rest = element[:end], element[end:]
    for name, value in values.items():
        pattern = rb"\s" + name + rb'="[^"]*"'
        tag = re.sub(pattern, b"", tag)
        tag += b" " + name + b'="' + value + b'"'
    return tag + rest


# --- cells -----------------------------------------------------------------------------------


def _position(ref: str) -> tuple[int, int]:
    """A1 -> (1-based row, 0-based column)."""
    match = _REF.fullmatch(ref)
    if match is None:
        raise Unsupported(f"not a cell address: {ref}")
    return int(match[2]), column_index(match[1])


def _top_left(cell: tuple[int, int],
              merged: list[tuple[tuple[int, int], tuple[int, int]]]) -> tuple[int, int]:
    row, column = cell
    for (first_row, first_column), (last_row, last_column) in merged:
        if first_row <= row <= last_row and first_column <= column <= last_column:
            return first_row, first_column
    return cell


def _style_cell(xml: bytes, row: int, column: int, color: str, styles: _Styles) -> bytes:
    """Give one cell a filled format: its own format plus the fill, created if absent."""
    ref = a1(row, column).encode()
    start = xml.find(b'<c r="' + ref + b'"')
    if start >= 0:
        end = xml.index(b">", start)
        tag = xml[start:end]
        current = re.search(rb'\ss="(\d+)"', tag)
        style = styles.with_fill(int(current[1]) if current else 0, color)
        return xml[:start] + _set_attributes(tag + b">", {b"s": str(style).encode()})[:-1] \
            + xml[end:]
    new_cell = b'<c r="' + ref + b'" s="' + str(styles.with_fill(0, color)).encode() + b'"/>'
    data_start = xml.find(b"<sheetData")
    if data_start < 0:
        raise Unsupported("no <sheetData>")
    for found in _ROW_OPEN.finditer(xml, data_start):
        number = int(found[1])
        if number < row:
            continue
        if number > row:  # the row is missing: a new one goes before this one
            return xml[:found.start()] + b'<row r="%d">' % row + new_cell + b"</row>" \
                + xml[found.start():]
        if found[2] == b"/":  # <row r=".." ... /> holds no cells yet
            opening = found[0][:-2] + b">"
            return xml[:found.start()] + opening + new_cell + b"</row>" + xml[found.end():]
        row_end = xml.index(b"</row>", found.end())
        for cell in _CELL_OPEN.finditer(xml, found.end(), row_end):
            if column_index(cell[1].decode()) > column:
                return xml[:cell.start()] + new_cell + xml[cell.start():]
        return xml[:row_end] + new_cell + xml[row_end:]
    new_row = b'<row r="%d">' % row + new_cell + b"</row>"
    if b"<sheetData/>" in xml:
        return xml.replace(b"<sheetData/>", b"<sheetData>" + new_row + b"</sheetData>", 1)
    return xml.replace(b"</sheetData>", new_row + b"</sheetData>", 1)


def _add_legacy_drawing(xml: bytes, rel_id: str) -> bytes:
    """`xml` with <legacyDrawing> where the schema puts it among the worksheet's children:
    before the first that must follow it, looked for at the worksheet's own level (a data
    bar's rule holds an <extLst> of its own, earlier in the sheet)."""
    element = f'<legacyDrawing r:id="{rel_id}"/>'.encode()
    xml = _declare_r(xml, b"worksheet")
    end = xml.find(b"</sheetData>")
    start = end + len(b"</sheetData>") if end >= 0 else xml.index(b"<sheetData/>") + 12
    depth = 1  # inside <worksheet>, after its sheetData
    for tag in _TAG.finditer(xml, start):
        closing, name, empty = tag[1], tag[2], tag[3]
        if depth == 1 and (closing or b"<" + name in _AFTER_LEGACY_DRAWING):  # or </worksheet>
            return xml[:tag.start()] + element + xml[tag.start():]
        depth += -1 if closing else 0 if empty else 1
    raise Unsupported("no end to the worksheet")


def _comments_xml(notes: list[tuple[int, int, str]], author: str) -> bytes:
    entries = "".join(
        f'<comment ref="{a1(row, column)}" authorId="0"><text>'
        f'<t xml:space="preserve">{escape(clean_text(text), quote=False)}</t></text></comment>'
        for row, column, text in notes)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="{MAIN_NS}">'
            f"<authors><author>{escape(author)}</author></authors>"
            f"<commentList>{entries}</commentList></comments>").encode()


def _vml_xml(notes: list[tuple[int, int, str]], first_block: int) -> tuple[bytes, int]:
    """The legacy drawing Excel needs to show comments: one hidden note box per comment,
    and the next free block of shape ids (1,024 each; this drawing names the ones it uses)."""
    shapes = []
    last_block = (1024 * first_block + len(notes)) // 1024
    blocks = ",".join(str(b) for b in range(first_block, last_block + 1))
    for index, (row, column, _text) in enumerate(notes):
        shape_id = 1024 * first_block + 1 + index
        anchor = f"{column + 1}, 15, {max(row - 2, 0)}, 10, {column + 5}, 15, {row + 7}, 4"
        shapes.append(
            f'<v:shape id="_x0000_s{shape_id}" type="#_x0000_t202" style="position:absolute;'
            f'margin-left:59.25pt;margin-top:1.5pt;width:240pt;height:120pt;z-index:{index + 1};'
            f'visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">'
            f'<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
            f'<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto">'
            f'<div style="text-align:left"></div></v:textbox>'
            f'<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f"<x:Anchor>{anchor}</x:Anchor><x:AutoFill>False</x:AutoFill>"
            f"<x:Row>{row - 1}</x:Row><x:Column>{column}</x:Column></x:ClientData></v:shape>")
    return (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:'
        'office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">'
        f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{blocks}"/>'
        '</o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
        'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
        '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        + "".join(shapes) + "</xml>").encode(), last_block + 1


def _front_sheet_xml(front: FrontSheet, styles: dict[str, int]) -> bytes:
    columns = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                      for i, w in enumerate(front.widths, 1))
    last = column_letter(front.last_column())
    rows: list[str] = []
    merged: list[str] = []
    for kind, text in (("title", front.title), ("note", front.note)):
        if text:
            number = len(rows) + 1
            tall = front.title_height() if kind == "title" else wrapped_height(
                [(text, sum(front.widths) or 100)], LINE_POINTS_11)
            rows.append(f'<row r="{number}" ht="{tall:g}" customHeight="1">'
                        + _text_cell(f"A{number}", styles[kind], text) + "</row>")
            merged.append(f'<mergeCell ref="A{number}:{last}{number}"/>')
    header = front.header_row
    for number, (values, height) in enumerate(zip(front.rows, front.heights(), strict=True),
                                              start=header):
        style = styles["header" if number == header else "body"]
        cells = "".join(_text_cell(a1(number, column), style, value)
                        for column, value in enumerate(values))
        fixed = f' ht="{height:g}" customHeight="1"' if height else ""
        rows.append(f'<row r="{number}"{fixed}>{cells}</row>')
    pane = (f'<pane ySplit="{header}" topLeftCell="A{header + 1}" activePane="bottomLeft" '
            f'state="frozen"/><selection pane="bottomLeft" activeCell="A{header + 1}" '
            f'sqref="A{header + 1}"/>')
    footer = (f"<headerFooter><oddFooter>{escape(front.footer(), quote=False)}"
              f"</oddFooter></headerFooter>") if front.footer() else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        f'<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews>'
        f'<sheetView tabSelected="1" workbookViewId="0">{pane}</sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{columns}</cols>" if columns else "")
        + f"<sheetData>{''.join(rows)}</sheetData>"
        + (f'<mergeCells count="{len(merged)}">{"".join(merged)}</mergeCells>' if merged else "")
        + '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" '
          'footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" '
          'fitToHeight="0"/>'
        + footer + "</worksheet>").encode()


def _text_cell(ref: str, style: int, value: str) -> str:
    text = escape(clean_text(value), quote=False)
    return (f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text}</t>'
            f"</is></c>" if value != "" else f'<c r="{ref}" s="{style}"/>')


def _with_print_titles(workbook: bytes, sheet_name: str, row: int) -> bytes:
    """`row` of the first sheet, called `sheet_name`, repeated on every printed page."""
    quoted = escape(sheet_name.replace("'", "''"), quote=False)
    name = (f'<definedName name="_xlnm.Print_Titles" localSheetId="0">'
            f"'{quoted}'!${row}:${row}</definedName>").encode()
    if b"<definedNames>" in workbook:
        return workbook.replace(b"<definedNames>", b"<definedNames>" + name, 1)
    names = b"<definedNames>" + name + b"</definedNames>"
    if b"<definedNames/>" in workbook:
        return workbook.replace(b"<definedNames/>", names, 1)
    # after the sheets, or the external references that follow them (schema order)
    anchor = b"</externalReferences>" if b"</externalReferences>" in workbook else b"</sheets>"
    return workbook.replace(anchor, anchor + names, 1)
