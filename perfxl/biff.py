"""What an .xls (Excel 97–2003, BIFF8) says of its cells beyond their values.

python-calamine reads an .xls's values, and gives a formula's saved result as if it had been
typed. This module walks the workbook's records (the `Workbook` stream of its OLE container,
opened by olefile) for what perfxl checks in an .xlsx: formulas (rendered as text, so that
"=10+2.5" is computed and a reference into another file is seen), error values, merged
ranges, pictures placed over cells, percentage formats, struck-through text and hidden rows.
Its saved time comes from the container's SummaryInformation.

Everything here is bounded by the stream's size (records are walked once) and any damage
is `BiffError`; the caller then reads the values alone, as before, and says so.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from .cells import EXTERNAL_REFERENCE, a1
from .reader import RawSheet

# record types ([MS-XLS] 2.3)
_BOF, _EOF, _CONTINUE = 0x0809, 0x000A, 0x003C
_FILEPASS, _BOUNDSHEET, _FONT, _FORMAT, _XF = 0x002F, 0x0085, 0x0031, 0x041E, 0x00E0
_SUPBOOK, _EXTERNSHEET, _NAME = 0x01AE, 0x0017, 0x0018
_ROW, _FORMULA, _SHRFMLA, _ARRAY, _BOOLERR = 0x0208, 0x0006, 0x04BC, 0x0221, 0x0205
_NUMBER, _LABEL, _RK, _LABELSST, _MULRK = 0x0203, 0x0204, 0x027E, 0x00FD, 0x00BD
_MERGEDCELLS, _FILTERMODE, _MSODRAWING, _OBJ = 0x00E5, 0x009B, 0x00EC, 0x005D

_WORKSHEET = 0x0010
_VISIBILITY = {0: "visible", 1: "hidden", 2: "veryhidden"}
ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
          0x24: "#NUM!", 0x2A: "#N/A"}
_PERCENT_BUILT_IN = {9, 10}  # 0%, 0.00%
_STRUCK = 0x0008  # FONT grbit fStrikeOut
_ROW_HIDDEN = 0x0020  # ROW grbit fDyZero
_PICTURE = 0x0008  # OBJ ftCmo ot
_ANCHOR = 0xF010  # OfficeArtClientAnchorSheet


class BiffError(Exception):
    """The stream is not BIFF8 as perfxl understands it (damaged, BIFF5, encrypted)."""


@dataclass
class Scan:
    sheets: list[RawSheet]  # their marks, without rows (calamine reads the values)
    saved_at: str = ""


def scan(data: bytes, max_sheets: int = 255) -> Scan:
    """The marks of every worksheet of an .xls, and its saved time. BiffError if it cannot
    be walked, or has more than `max_sheets` sheets."""
    import olefile

    try:
        container = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises OSError and plain Exceptions for damage
        raise BiffError(f"OLE: {exc}") from exc
    try:
        if not container.exists("Workbook"):
            raise BiffError("no Workbook stream (not BIFF8)")
        stream = container.openstream("Workbook").read()
        saved_at = _saved_at(container)
    except BiffError:
        raise
    except Exception as exc:
        raise BiffError(f"OLE: {exc}") from exc
    finally:
        container.close()
    return Scan(scan_stream(stream, max_sheets), saved_at)


def scan_stream(stream: bytes, max_sheets: int = 255) -> list[RawSheet]:
    """The marks of every worksheet in a BIFF8 `Workbook` stream; BiffError if it cannot be
    walked. Each sheet's records are walked once (a sheet is at most the whole stream)."""
    try:
        book = _Workbook(stream)
        if len(book.boundsheets) > max_sheets:
            raise BiffError(f"{len(book.boundsheets)} sheets")
        offsets = [offset for _name, offset, _state in book.boundsheets]
        if len(set(offsets)) < len(offsets):  # one sheet's records walked again and again
            raise BiffError("two sheets at one place in the stream")
        return book.sheets()
    except (struct.error, IndexError, ValueError, UnicodeDecodeError) as exc:
        raise BiffError(f"BIFF: {type(exc).__name__}: {exc}") from exc


def _saved_at(container: object) -> str:
    """The last-saved time Excel and LibreOffice record (UTC) as ISO 8601, or "". Read from
    the summary property set directly: olefile's own reader loops over whatever count a
    damaged property claims (2 billion: a hang)."""
    try:
        if not container.exists(_SUMMARY):  # type: ignore[attr-defined]
            return ""
        with container.openstream(_SUMMARY) as stream:  # type: ignore[attr-defined]
            data = stream.read(_MAX_SUMMARY_BYTES)
        moment = _last_saved(data)
    except Exception:  # a damaged property set is no reason to refuse the values
        return ""
    if moment is None or not 1980 <= moment.year <= 9999:
        return ""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


_SUMMARY = "\x05SummaryInformation"
_MAX_SUMMARY_BYTES = 1 << 16
_LAST_SAVED, _FILETIME = 13, 0x0040  # PIDSI_LASTSAVE_DTM, VT_FILETIME


def _last_saved(data: bytes) -> datetime | None:
    """PIDSI_LASTSAVE_DTM of a SummaryInformation property set ([MS-OLEPS] 2.21), every
    offset checked against the stream."""
    (section,) = struct.unpack_from("<I", data, 44)  # the first property set's offset
    _size, count = struct.unpack_from("<II", data, section)
    for n in range(min(count, (len(data) - section) // 8)):
        pid, offset = struct.unpack_from("<II", data, section + 8 + 8 * n)
        if pid == _LAST_SAVED:
            kind, ticks = struct.unpack_from("<IQ", data, section + offset)
            if kind != _FILETIME:
                return None
            return datetime(1601, 1, 1) + timedelta(microseconds=ticks // 10)
    return None


def _records(stream: bytes, start: int = 0, end: int | None = None
             ) -> Iterator[tuple[int, int, bytes]]:
    """(offset, type, data) from `start` to `end`, each record's CONTINUE records joined."""
    position, end = start, len(stream) if end is None else min(end, len(stream))
    while position + 4 <= end:
        kind, size = struct.unpack_from("<HH", stream, position)
        offset, position = position, position + 4 + size
        if position > end:
            raise BiffError(f"record 0x{kind:04X} at {offset} runs past the stream")
        pieces = [stream[offset + 4:position]]
        while position + 4 <= end and struct.unpack_from("<H", stream, position)[0] == _CONTINUE:
            size = struct.unpack_from("<H", stream, position + 2)[0]
            pieces.append(stream[position + 4:position + 4 + size])
            position += 4 + size
        yield offset, kind, pieces[0] if len(pieces) == 1 else b"".join(pieces)


def _string(data: bytes, position: int, count: int) -> tuple[str, int]:
    """An XLUnicodeString's characters after its count: option byte, then 8- or 16-bit
    characters (rich-text and phonetic extras are not used for names)."""
    options = data[position]
    position += 1
    if options & 0x08:
        position += 2
    if options & 0x04:
        position += 4
    if options & 0x01:
        return data[position:position + 2 * count].decode("utf-16-le"), position + 2 * count
    return data[position:position + count].decode("latin-1"), position + count


class _Workbook:
    """The globals of a BIFF8 stream: sheets, fonts, formats, external references."""

    def __init__(self, stream: bytes) -> None:
        self.stream = stream
        self.boundsheets: list[tuple[str, int, str]] = []  # name, offset of its BOF, state
        self.sheet_names: list[str] = []  # of every sheet, charts included (3-D references)
        self.struck_fonts: set[int] = set()
        self.percent_formats: set[int] = set(_PERCENT_BUILT_IN)
        self.xf_fonts: list[int] = []
        self.xf_formats: list[int] = []
        self.books: list[tuple[str | None, list[str]]] = []  # SUPBOOK: file (None: this
        # workbook or an add-in), sheet names
        self.references: list[tuple[int, int, int]] = []  # EXTERNSHEET: (book, first
        # sheet, last sheet)
        self.names: list[str] = []
        self.budget = RENDERING_BUDGET
        self._read_globals()
        self.linked = [n for n, (file, _sheets) in enumerate(self.books) if file is not None]

    def _read_globals(self) -> None:
        records = _records(self.stream)
        first = next(records, None)
        if first is None or first[1] != _BOF or len(first[2]) < 4:
            raise BiffError("no BOF record")
        (version,) = struct.unpack_from("<H", first[2])
        if version != 0x0600:
            raise BiffError(f"BIFF version 0x{version:04X}, not BIFF8")
        fonts = 0
        for _offset, record, data in records:
            if record == _EOF:
                return
            if record == _FILEPASS:
                raise BiffError("encrypted")
            if record == _BOUNDSHEET:
                position, state, sheet_type = struct.unpack_from("<IBB", data)
                name, _end = _string(data, 7, data[6])
                self.sheet_names.append(name)
                if sheet_type == 0:  # a worksheet (not a chart, macro or VB module)
                    self.boundsheets.append((name, position, _VISIBILITY.get(state & 3,
                                                                             "hidden")))
            elif record == _FONT:
                fonts += 1 if fonts != 4 else 2  # font index 4 is never used in BIFF
                if struct.unpack_from("<H", data, 2)[0] & _STRUCK:
                    self.struck_fonts.add(fonts - 1)
            elif record == _FORMAT:
                number, count = struct.unpack_from("<HH", data)
                code, _end = _string(data, 4, count)
                if "%" in _unquoted(code):
                    self.percent_formats.add(number)
            elif record == _XF:
                font, number_format = struct.unpack_from("<HH", data)
                self.xf_fonts.append(font)
                self.xf_formats.append(number_format)
            elif record == _SUPBOOK:
                self.books.append(_supbook(data))
            elif record == _EXTERNSHEET:
                (count,) = struct.unpack_from("<H", data)
                self.references = [struct.unpack_from("<Hhh", data, 2 + 6 * n)
                                   for n in range(count)]
            elif record == _NAME:
                self.names.append(_defined_name(data))
        raise BiffError("the globals have no EOF record")

    def sheets(self) -> list[RawSheet]:
        """Each worksheet's marks; a sheet's records are read up to where the next sheet's
        start (the stream is walked once however its sheets point into it)."""
        starts = sorted({offset for _name, offset, _state in self.boundsheets})
        ends = dict(zip(starts, [*starts[1:], len(self.stream)], strict=True))
        return [self._sheet(name, offset, state, ends[offset])
                for name, offset, state in self.boundsheets]

    def sheet_prefix(self, reference: int) -> str:
        """What a 3-D reference through EXTERNSHEET entry `reference` puts before its cells:
        "[旧表.xlsx]Sheet1!" into another workbook, "[1]Sheet1!" into a file not named as
        one (numbered as an .xlsx numbers the files it links to), "表2!" or "'表 2:表3'!"
        into this one's sheets."""
        if reference >= len(self.references):
            return "#REF!"
        book, first, last = self.references[reference]
        external = self.external_number(book)
        sheets = self.books[book][1] if external else self.sheet_names
        names = [sheets[n] if 0 <= n < len(sheets) else "" for n in (first, last)]
        sheet = names[0] + (f":{names[1]}" if names[1] and names[1] != names[0] else "")
        if external:
            return f"[{external}]{_quoted(sheet)}!" if sheet else f"[{external}]"
        return f"{_quoted(sheet)}!" if sheet else ""

    def external(self, reference: int) -> str | None:
        """How a formula names the other file EXTERNSHEET entry `reference` points into,
        or None for this workbook."""
        if reference >= len(self.references):
            return None
        return self.external_number(self.references[reference][0])

    def external_number(self, book: int) -> str | None:
        """The file a SUPBOOK names, if perfxl's test for a reference into another workbook
        sees it as one; else its number (1 for the first other file, 2 for the next …).
        None for a SUPBOOK that is this workbook (or an add-in)."""
        if book >= len(self.books) or self.books[book][0] is None:
            return None
        file = self.books[book][0] or ""
        if EXTERNAL_REFERENCE.search(f"[{file}]"):
            return file
        return str(1 + sum(1 for name, _sheets in self.books[:book] if name is not None))

    def _sheet(self, name: str, offset: int, state: str, end: int) -> RawSheet:
        marks = RawSheet(name, state, rows=[])
        records = _records(self.stream, offset, end)
        first = next(records, None)
        if first is None or first[1] != _BOF:
            raise BiffError(f"sheet {name!r} does not start with BOF")
        if struct.unpack_from("<H", first[2], 2)[0] != _WORKSHEET:
            return marks
        formulas = _Formulas(self)
        anchor: tuple[int, int, int, int] | None = None
        nested = 0  # inside a chart placed on the sheet: its own BOF … EOF
        for _at, record, data in records:
            if record == _BOF:
                nested += 1
            elif record == _EOF and nested:
                nested -= 1
            elif record == _EOF:
                break
            if nested:
                continue
            if record in (_NUMBER, _LABEL, _RK, _LABELSST, _BOOLERR, _FORMULA):
                row, column, style = struct.unpack_from("<HHH", data)
                self._style(marks, a1(row + 1, column), style)
                if record == _BOOLERR and data[7] == 1:
                    marks.errors[a1(row + 1, column)] = ERRORS.get(data[6], "#N/A")
                elif record == _FORMULA:
                    formulas.cell(marks, row, column, data)
            elif record == _MULRK:
                row, first_column = struct.unpack_from("<HH", data)
                for n in range((len(data) - 6) // 6):
                    (style,) = struct.unpack_from("<H", data, 4 + 6 * n)
                    self._style(marks, a1(row + 1, first_column + n), style)
            elif record in (_SHRFMLA, _ARRAY):
                formulas.shared(marks, record, data)
            elif record == _ROW:
                row, flags = struct.unpack_from("<H10xH", data)
                if flags & _ROW_HIDDEN:
                    marks.hidden_rows.add(row + 1)
            elif record == _MERGEDCELLS:
                (count,) = struct.unpack_from("<H", data)
                for n in range(count):
                    top, bottom, left, right = struct.unpack_from("<HHHH", data, 2 + 8 * n)
                    marks.merged.append((top, left, bottom, right))
            elif record == _FILTERMODE:
                marks.filtered = True
            elif record == _MSODRAWING:
                anchor = _drawing_anchor(data) or anchor
            elif record == _OBJ:
                if anchor is not None and _object_type(data) == _PICTURE:
                    marks.pictures.append(anchor)
                anchor = None
        return marks

    def _style(self, marks: RawSheet, ref: str, style: int) -> None:
        if style < len(self.xf_formats) and self.xf_formats[style] in self.percent_formats:
            marks.percent.add(ref)
        if style < len(self.xf_fonts) and self.xf_fonts[style] in self.struck_fonts:
            marks.struck.add(ref)


def _quoted(sheet: str) -> str:
    """A sheet name as a formula writes it: quoted (a ' doubled) unless plain."""
    if sheet.replace("_", "").replace(":", "").isalnum() and not sheet[:1].isdigit():
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def _unquoted(code: str) -> str:
    """A number format without its quoted literals and escaped characters ("%", \\%)."""
    kept, quoted, escaped = [], False, False
    for character in code:
        if escaped:
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == '"':
            quoted = not quoted
        elif not quoted:
            kept.append(character)
    return "".join(kept)


def _supbook(data: bytes) -> tuple[str | None, list[str]]:
    """SUPBOOK: (None, []) for this workbook or an add-in, else (the file it names, the
    names of that file's sheets)."""
    sheet_count, count = struct.unpack_from("<HH", data)
    if count in (0x0401, 0x3A01) or len(data) < 5:
        return None, []
    path, position = _string(data, 4, count)
    # an encoded path: \x01 starts it, \x02/\x03 separate folders, \x05 precedes a URL
    file = "".join(c if c >= " " else "/" for c in path).strip("/").rsplit("/", 1)[-1]
    sheets = []
    for _ in range(sheet_count):
        (length,) = struct.unpack_from("<H", data, position)
        name, position = _string(data, position + 2, length)
        sheets.append(name)
    return file or "?", sheets


def _defined_name(data: bytes) -> str:
    flags, _key, length = struct.unpack_from("<HBB", data)
    if flags & 0x0020:  # a built-in name (Print_Area …), one character code
        return "_xlnm." + str(data[15] if len(data) > 15 else 0)
    name, _end = _string(data, 14, length)
    return name


def _drawing_anchor(data: bytes) -> tuple[int, int, int, int] | None:
    """The cells (top, left, bottom, right) the shape an MSODRAWING record carries lies
    over, from its anchor's corners."""
    position = 0
    while position + 8 <= len(data):
        version_instance, kind, length = struct.unpack_from("<HHI", data, position)
        if kind == _ANCHOR and position + 8 + 10 <= len(data):
            column, _dx, row = struct.unpack_from("<2xHHH", data, position + 8)
            if position + 8 + 18 > len(data):
                return row, column, row, column
            last_column, dx, last_row, dy = struct.unpack_from("<8xHHHH", data, position + 10)
            # a shape ending at a cell's edge (offsets in 1/256 of its height and 1/1024 of
            # its width, under a hundredth in) does not lie over it
            bottom, right = last_row - (dy < 3), last_column - (dx < 10)
            return row, column, max(row, bottom), max(column, right)
        # a container's children follow its header; any other record is skipped whole
        position += 8 if version_instance & 0x000F == 0x000F else 8 + length
    return None


def _object_type(data: bytes) -> int | None:
    """The object type of an OBJ record (its first sub-record, ftCmo)."""
    if len(data) < 6:
        return None
    sub_record, _size, object_type = struct.unpack_from("<HHH", data)
    return object_type if sub_record == 0x0015 else None


class _Formulas:
    """Formula cells of one sheet: the text of each, shared and array formulas included."""

    def __init__(self, book: _Workbook) -> None:
        self.book = book
        self.waiting: dict[tuple[int, int], list[tuple[int, int]]] = {}  # anchor -> cells
        self.shared_tokens: dict[tuple[int, int], bytes] = {}

    def cell(self, marks: RawSheet, row: int, column: int, data: bytes) -> None:
        ref = a1(row + 1, column)
        result = data[6:14]
        if result[6:8] == b"\xff\xff" and result[0] == 2:
            marks.errors[ref] = ERRORS.get(result[2], "#N/A")
        (size,) = struct.unpack_from("<H", data, 20)
        tokens = data[22:22 + size]
        if tokens[:1] == b"\x01" and len(tokens) >= 5:  # ptgExp: a shared or array formula
            anchor = struct.unpack_from("<HH", tokens, 1)
            known = self.shared_tokens.get(anchor)
            if known is not None:
                marks.formulas[ref] = (self.text(known, row, column), True)
            else:
                self.waiting.setdefault(anchor, []).append((row, column))
                marks.formulas[ref] = ("…", True)  # until its SHRFMLA/ARRAY record
            return
        marks.formulas[ref] = (self.text(tokens, row, column), True)

    def shared(self, marks: RawSheet, record: int, data: bytes) -> None:
        top, _bottom, left, _right = struct.unpack_from("<HHBB", data)
        tokens_at = 8 if record == _SHRFMLA else 12
        (size,) = struct.unpack_from("<H", data, tokens_at)
        tokens = data[tokens_at + 2:tokens_at + 2 + size]
        self.shared_tokens[(top, left)] = tokens
        for row, column in self.waiting.pop((top, left), []):
            marks.formulas[a1(row + 1, column)] = (self.text(tokens, row, column), True)

    def text(self, tokens: bytes, row: int, column: int) -> str:
        """The formula's text; "…" where perfxl cannot render it (still a formula, its
        saved result not typed), "[1]…" if it reaches into another file. Past the
        workbook's budget of tokens rendered (a shared formula used by thousands of cells
        is rendered for each), "[1]…" in a workbook linking to any other file, else "…"."""
        book = self.book
        if book.budget < len(tokens):
            return f"[{book.external_number(book.linked[0])}]…" if book.linked else "…"
        book.budget -= len(tokens)
        try:
            if len(tokens) > MAX_RENDERED_TOKENS:
                raise _Undecodable
            return _Decoder(book, row, column).render(tokens)
        except (_Undecodable, struct.error, IndexError, UnicodeDecodeError):
            try:
                external = _external_in(book, tokens)
            except (_Undecodable, struct.error, IndexError):
                external = None
            return f"[{external}]…" if external else "…"


class _Undecodable(Exception):
    """A formula token whose meaning lies outside the formula (an array, a shared formula):
    the formula is shown as its value."""


MAX_RENDERED_TOKENS = 2048  # bytes of formula tokens rendered as text (Excel allows 65535)
RENDERING_BUDGET = 256 * 1024  # bytes of tokens rendered in all for one workbook


_BINARY = {0x03: "+", 0x04: "-", 0x05: "*", 0x06: "/", 0x07: "^", 0x08: "&", 0x09: "<",
           0x0A: "<=", 0x0B: "=", 0x0C: ">=", 0x0D: ">", 0x0E: "<>", 0x0F: " ", 0x10: ",",
           0x11: ":"}
# Functions by their index (ftab) with a fixed number of arguments (ptgFunc), and the
# names of those usually called with a variable number (ptgFuncVar). Others render as "…".
_FIXED = {2: ("ISNA", 1), 3: ("ISERROR", 1), 10: ("NA", 0), 15: ("SIN", 1), 19: ("PI", 0),
          20: ("SQRT", 1), 24: ("ABS", 1), 25: ("INT", 1), 26: ("SIGN", 1), 27: ("ROUND", 2),
          31: ("MID", 3), 32: ("LEN", 1), 33: ("VALUE", 1), 34: ("TRUE", 0),
          35: ("FALSE", 0), 38: ("NOT", 1), 39: ("MOD", 2), 48: ("TEXT", 2), 65: ("DATE", 3),
          74: ("NOW", 0), 111: ("CHAR", 1), 117: ("EXACT", 2), 118: ("TRIM", 1),
          184: ("FACT", 1), 212: ("ROUNDUP", 2), 213: ("ROUNDDOWN", 2), 221: ("TODAY", 0),
          337: ("POWER", 2), 346: ("COUNTIF", 2), 347: ("COUNTBLANK", 1)}
_VARIABLE = {0: "COUNT", 1: "IF", 4: "SUM", 5: "AVERAGE", 6: "MIN", 7: "MAX", 12: "STDEV",
             28: "LOOKUP", 46: "VAR",
             29: "INDEX", 36: "AND", 37: "OR", 100: "CHOOSE", 101: "HLOOKUP", 102: "VLOOKUP",
             115: "LEFT", 116: "RIGHT", 124: "FIND", 169: "COUNTA", 183: "PRODUCT",
             197: "TRUNC", 227: "MEDIAN", 228: "SUMPRODUCT", 336: "CONCATENATE",
             344: "SUBTOTAL", 345: "SUMIF"}
_TOKEN_SIZES = {0x01: 4, 0x02: 4, 0x1C: 1, 0x1D: 1, 0x1E: 2, 0x1F: 8, 0x20: 7, 0x21: 2,
                0x22: 3, 0x23: 4, 0x24: 4, 0x25: 8, 0x26: 6, 0x27: 6, 0x28: 6, 0x29: 2,
                0x2A: 4, 0x2B: 8, 0x2C: 4, 0x2D: 8, 0x2E: 2, 0x2F: 2, 0x39: 6, 0x3A: 6,
                0x3B: 10, 0x3C: 6, 0x3D: 10}


def _external_in(book: _Workbook, tokens: bytes) -> str | None:
    """The file a 3-D reference or external name among `tokens` points into, if any."""
    position = 0
    while position < len(tokens):
        token = tokens[position]
        base = token if token < 0x20 else (token & 0x1F) | 0x20
        if base in (0x39, 0x3A, 0x3B, 0x3C, 0x3D):
            external = book.external(struct.unpack_from("<H", tokens, position + 1)[0])
            if external:
                return external
        position += 1 + _token_size(tokens, position, base)
    return None


def _token_size(tokens: bytes, position: int, base: int) -> int:
    if base == 0x17:  # ptgStr
        count, options = tokens[position + 1], tokens[position + 2]
        return 2 + count * (2 if options & 1 else 1)
    if base == 0x19:  # ptgAttr; tAttrChoose carries a jump table
        options, count = tokens[position + 1], struct.unpack_from("<H", tokens, position + 2)[0]
        return 3 + (2 * (count + 1) if options & 0x04 else 0)
    if base == 0x18:  # ptgExtended (Excel 2007+): not written in BIFF8 streams
        raise _Undecodable
    if 0x03 <= base <= 0x16:
        return 0
    if base not in _TOKEN_SIZES:
        raise _Undecodable
    return _TOKEN_SIZES[base]


class _Decoder:
    """Formula tokens (reverse Polish) back into the text Excel shows, as far as perfxl
    needs: arithmetic, references, common functions; anything else is _Undecodable."""

    def __init__(self, book: _Workbook, row: int, column: int) -> None:
        self.book, self.row, self.column = book, row, column

    def render(self, tokens: bytes) -> str:
        stack: list[str] = []
        position = 0
        while position < len(tokens):
            token = tokens[position]
            base = token if token < 0x20 else (token & 0x1F) | 0x20
            size = _token_size(tokens, position, base)
            self._apply(stack, base, tokens[position + 1:position + 1 + size])
            position += 1 + size
        if len(stack) != 1:
            raise _Undecodable
        return stack[0]

    def _apply(self, stack: list[str], base: int, data: bytes) -> None:
        if base in _BINARY:
            right, left = stack.pop(), stack.pop()
            stack.append(left + _BINARY[base] + right)
        elif base in (0x12, 0x13, 0x14):  # unary +, unary -, percent
            operand = stack.pop()
            stack.append({0x12: "+", 0x13: "-"}.get(base, "") + operand
                         + ("%" if base == 0x14 else ""))
        elif base == 0x15:
            stack.append(f"({stack.pop()})")
        elif base == 0x16:  # a missing argument
            stack.append("")
        elif base == 0x17:
            text, _end = _string(data, 1, data[0])
            stack.append('"' + text.replace('"', '""') + '"')
        elif base == 0x19:
            if data[0] & 0x10:  # tAttrSum: SUM of the one argument on the stack
                stack.append(f"SUM({stack.pop()})")
        elif base == 0x1C:
            stack.append(ERRORS.get(data[0], "#N/A"))
        elif base == 0x1D:
            stack.append("TRUE" if data[0] else "FALSE")
        elif base == 0x1E:
            stack.append(str(struct.unpack_from("<H", data)[0]))
        elif base == 0x1F:
            stack.append(_number(struct.unpack_from("<d", data)[0]))
        elif base in (0x21, 0x22):
            self._function(stack, base, data)
        elif base == 0x23:
            (index,) = struct.unpack_from("<I", data)
            names = self.book.names
            stack.append(names[index - 1] if 0 < index <= len(names) else "#NAME?")
        elif base in (0x24, 0x2C):
            stack.append(self._cell(data, 0, relative=base == 0x2C))
        elif base in (0x25, 0x2D):
            stack.append(self._area(data, 0, relative=base == 0x2D))
        elif base in (0x2A, 0x2B, 0x3C, 0x3D):
            stack.append("#REF!")
        elif base in (0x3A, 0x3B):
            (reference,) = struct.unpack_from("<H", data)
            where = self._cell(data, 2) if base == 0x3A else self._area(data, 2)
            stack.append(self.book.sheet_prefix(reference) + where)
        elif base == 0x39:
            reference, index = struct.unpack_from("<HI", data)
            external = self.book.external(reference)
            stack.append(f"[{external}]!#{index}" if external else f"#{index}")
        elif base in (0x26, 0x27, 0x28, 0x29, 0x2E, 0x2F):
            pass  # the memory tokens only announce the reference that follows
        else:  # ptgExp, ptgTbl, ptgArray: their content lies elsewhere
            raise _Undecodable

    def _function(self, stack: list[str], base: int, data: bytes) -> None:
        if base == 0x21:
            (index,) = struct.unpack_from("<H", data)
            if index not in _FIXED:
                raise _Undecodable
            name, count = _FIXED[index]
        else:
            count, index = data[0] & 0x7F, struct.unpack_from("<H", data, 1)[0] & 0x7FFF
            name = _VARIABLE.get(index) or _FIXED.get(index, ("", 0))[0]
            if not name or count > len(stack):
                raise _Undecodable
        if count > len(stack):
            raise _Undecodable
        arguments = stack[len(stack) - count:]
        del stack[len(stack) - count:]
        stack.append(f"{name}({','.join(arguments)})")

    def _cell(self, data: bytes, at: int, relative: bool = False) -> str:
        row, column = struct.unpack_from("<HH", data, at)
        return self._place(row, column, relative)

    def _area(self, data: bytes, at: int, relative: bool = False) -> str:
        top, bottom, left, right = struct.unpack_from("<HHHH", data, at)
        start, end = self._place(top, left, relative), self._place(bottom, right, relative)
        if top == 0 and bottom == 0xFFFF and not relative:  # whole columns: A:A
            return start.rstrip("$1") + ":" + end.rstrip("$0123456789")
        return start + ":" + end

    def _place(self, row: int, column: int, relative: bool) -> str:
        """A1 text of a reference: $ where absolute. In a shared formula (`relative`) a
        relative row or column is an offset from the cell the formula is in."""
        row_relative, column_relative = bool(column & 0x8000), bool(column & 0x4000)
        column &= 0x3FFF
        if relative and row_relative:
            row = (self.row + (row - 0x10000 if row >= 0x8000 else row)) % 0x10000
        if relative and column_relative:
            offset = column & 0xFF
            column = (self.column + (offset - 0x100 if offset >= 0x80 else offset)) % 0x100
        text = a1(row + 1, column)
        letters = text.rstrip("0123456789")
        return (("" if column_relative else "$") + letters
                + ("" if row_relative else "$") + text[len(letters):])


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
