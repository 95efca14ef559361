"""Reads one untrusted spreadsheet file into plain values, within fixed bounds; judges nothing.

Runs in a worker process (see ingest.py): a file that makes a reader abort the process costs
that file only. The file is read into memory once and its container checked for bombs; the
parts perfxl looks at itself are inflated (by ISA-L where installed) within bounds. Values
come from python-calamine; what calamine does not expose (formulas, error values, pictures,
merged ranges, far cells, the saved time) is found by a bounded scan of the raw XML first.

(A pure-Python reader of the cell values, fused with that scan, was tried and measured: with
one regular expression per cell shape it read a return in 4.5 ms against 4.3 ms for the scan
plus calamine; see README, Performance.)
"""

from __future__ import annotations

import bisect
import codecs
import io
import itertools
import re
import struct
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from perfxl import i18n
from perfxl.cells import a1, column_index
from perfxl.issues import Issue, exception_text, make_issue, system_reason
from perfxl.package import INFLATE

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_MEMBER_BYTES = 64 * 1024 * 1024
# A worksheet part up to this size, compressed as XML is, is read with its empty rows left
# out (formatting applied down to row 1,048,576 writes one <row/> for each row)
MAX_SHEET_PART_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members of more than 1 MB
MAX_SHEETS = 32
MAX_PARTS = 2000
MAX_ROWS = 20_000
MAX_COLUMNS = 200

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_MARK = "EncryptionInfo".encode("utf-16-le")

# the systems' own files, and perfxl's workspace lock (left in a folder by older versions)
CLUTTER_NAMES = {".ds_store", "thumbs.db", "desktop.ini", "icon\r", ".perfxl.lock"}
WORKBOOK_EXTENSIONS = {".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".ods", ".fods", ".et", ".ett",
                       ".xlsb"}
MATERIAL_EXTENSIONS = {
    ".pdf",
    ".doc",
    ".docx",
    ".wps",
    ".txt",
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".bmp",
    ".tif",
    ".tiff",
    ".mp4",
    ".avi",
    ".mov",
    ".wmv",
    ".mp3",
    ".ppt",
    ".pptx",
    ".dps",
    ".ofd",
    ".csv",
    ".rar",
    ".7z",
}


@dataclass
class RawSheet:
    """One sheet's cells: `rows[r][c]` is row r+1, column c (A = 0)."""

    name: str
    visibility: str  # visible | hidden | veryhidden
    rows: list[list[Any]]
    formulas: dict[str, tuple[str, bool]] = field(default_factory=dict)  # A1 -> (text, saved)
    errors: dict[str, str] = field(default_factory=dict)  # A1 -> "#DIV/0!"
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based, inclusive
    # what each picture covers, 0-based (top, left, bottom, right): a cell, or the cells a
    # floating picture lies over
    pictures: list[tuple[int, int, int, int]] = field(default_factory=list)
    percent: set[str] = field(default_factory=set)  # A1 of cells shown as percentages
    hidden_rows: set[int] = field(default_factory=set)  # 1-based, hidden or filtered out
    struck: set[str] = field(default_factory=set)  # A1 of cells whose text is struck through
    filtered: bool = False  # an AutoFilter filters on something (rows it hides are not deleted)

    def hidden_by_hand(self, row: int) -> bool:
        """Whether 1-based `row` is hidden other than by a filter (a filter is for looking at
        some rows: filtered_out)."""
        return row in self.hidden_rows and not self.filtered

    def filtered_out(self, rows: Iterable[int]) -> list[int]:
        """Those of `rows` (1-based) that the sheet's filter hides, in order."""
        return sorted(row for row in rows if row in self.hidden_rows) if self.filtered else []

    def struck_through(self, row: int, columns: Iterable[int]) -> bool:
        """Whether any of `columns` (0-based) of 1-based `row` shows struck through; pass
        only the columns holding something, a blank cell's style being invisible."""
        return bool(self.struck) and any(a1(row, column) in self.struck for column in columns)

    def value(self, row: int, column: int) -> Any:
        """The value at 1-based `row`, 0-based `column`, or None past the end."""
        if 0 < row <= len(self.rows) and 0 <= column < len(self.rows[row - 1]):
            value = self.rows[row - 1][column]
            return None if value == "" else value
        return None


@dataclass
class RawWorkbook:
    """A file read into plain values, or the issues that stopped it being read."""

    path: str
    sheets: list[RawSheet]
    saved_at: str = ""
    application: str = ""
    checked_structure: bool = True  # False for .xls/.ods: formulas etc. could not be checked
    issues: list[Issue] = field(default_factory=list)


def classify(name: str) -> str:
    """ "clutter" (skipped silently), "workbook", "zip", "mail" (a saved email, opened as a
    zip is), "material" or "other"."""
    lower = name.lower()
    if lower.startswith(("~$", ".~lock", "._")) or lower in CLUTTER_NAMES:
        return "clutter"
    suffix = Path(lower).suffix
    if suffix in WORKBOOK_EXTENSIONS:
        return "workbook"
    if suffix == ".zip":
        return "zip"
    if suffix == ".eml":
        return "mail"
    if suffix in MATERIAL_EXTENSIONS:
        return "material"
    return "other"


def looks_like_text_return(path: Path) -> bool:
    """True for a return saved as text (Save As CSV in Excel or WPS): its head holds the
    template's 编号 and 自评得分 (or 完成进度) headers, in either language."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16_384)
    except OSError:
        return False
    for encoding in ("utf-8-sig", "gb18030", "utf-16"):  # Excel's "Unicode text" is UTF-16
        try:  # incrementally: the head may end inside a character
            text = codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            break
        except UnicodeError:  # UTF-16 without its byte order mark raises the plain kind
            continue
    else:
        return False
    labels = {i18n.normalize_label(cell) for cell in re.split(r'[,\t"\r\n]+', text)}
    return bool(labels & _spelled("id")) and bool(labels & (_spelled("self_score")
                                                            | _spelled("progress")))


def _spelled(key: str) -> set[str]:
    """Every spelling of a template or progress header, as labels are compared."""
    column = next(c for c in (*i18n.TEMPLATE_COLUMNS, *i18n.PROGRESS_COLUMNS) if c.key == key)
    return {i18n.normalize_label(spelling) for spelling in column.spellings()}


def looks_like_workbook(path: Path) -> bool:
    """True for an .xlsx package under another name (a mail system may drop or change an
    attachment's extension); only the zip directory is read."""
    try:
        size = path.stat().st_size
        if not 0 < size <= MAX_FILE_BYTES:
            return False
        with path.open("rb") as handle:
            if handle.read(4) != ZIP_MAGIC:
                return False
            handle.seek(max(0, size - 66_000))  # the end record and its comment
            tail = handle.read()
        end = tail.rfind(b"PK\x05\x06")
        # a directory of more parts than a workbook may have is not listed (this runs in the
        # main process, before any worker's memory cap)
        if end < 0 or int.from_bytes(tail[end + 10 : end + 12], "little") > MAX_PARTS:
            return False
        with zipfile.ZipFile(path) as package:
            return "xl/workbook.xml" in package.NameToInfo
    except (OSError, zipfile.BadZipFile, EOFError, ValueError):
        return False


class TimeLimit(BaseException):
    """Raised in a reader process whose file has taken longer than its time allows (ingest
    sets the alarm); passes every handler here so the caller can say so."""


def read_file(path: Path, display: str, data: bytes | None = None) -> RawWorkbook:
    """Read `path` (shown to users as `display`; `data` its bytes if the caller has them);
    every failure becomes an issue."""
    try:
        return _read(path, display, data)
    except MemoryError:
        return _failed(display, make_issue("FILE_009", file=display, reason="MemoryError"))
    except Exception as exc:  # a reader failing on hostile input is that file's problem only
        reason = _reason("format_unknown") if "Cannot detect file format" in str(exc) \
            else exception_text(exc)
        return _failed(display, make_issue("FILE_010", file=display, reason=reason))
    except BaseException as exc:  # calamine's panics (pyo3's PanicException) derive from it
        if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit, TimeLimit)):
            raise
        return _failed(display, make_issue("FILE_009", file=display, reason=exception_text(exc)))


def _reason(which: str, **params: object) -> i18n.Localized:
    """A reason perfxl states itself inside an issue, in the issue's language."""
    return i18n.t_each(f"reason.{which}", **params)


def _failed(display: str, issue: Issue) -> RawWorkbook:
    return RawWorkbook(path=display, sheets=[], issues=[issue])


def _read(path: Path, display: str, data: bytes | None) -> RawWorkbook:
    size = len(data) if data is not None else path.stat().st_size
    if size == 0:
        return _failed(display, make_issue("FILE_001", file=display))
    if size > MAX_FILE_BYTES:
        return _failed(display, make_issue("FILE_015", file=display,
                                           reason=_reason("bytes", size=size)))
    if data is None:
        data = path.read_bytes()
    head = data[:8]
    extension = path.suffix.lower()
    if extension in (".et", ".ett"):
        return _failed(display, make_issue("FILE_005", file=display))
    if extension == ".fods":
        return _failed(display, make_issue("FILE_029", file=display))
    if head.startswith(OLE_MAGIC):
        if ENCRYPTION_MARK in data:
            return _failed(display, make_issue("FILE_004", file=display))
        if extension != ".xls":
            return _mismatch(display, extension, "xls")
        return _read_xls(data, display)
    if not head.startswith(ZIP_MAGIC):
        return _mismatch(display, extension, _sniff(data))
    if extension == ".xls":
        return _mismatch(display, extension, "xlsx")
    try:
        package = Package(data)
    except _DAMAGED as exc:  # cut short (its end record gone), or not a zip after all
        return _failed(display, make_issue("FILE_002", file=display, reason=_damaged(exc)))
    bomb = _check_container(package, display)
    if bomb is not None:
        return _failed(display, bomb)
    try:
        if package.has("mimetype") and b"opendocument" in package.read("mimetype"):
            if extension != ".ods":
                return _mismatch(display, extension, "ods")
            return _read_values_only(data, display, _scan_ods(package, display),
                                     _ods_saved_at(package, display))
        if package.has("xl/workbook.bin"):
            if extension != ".xlsb":
                return _mismatch(display, extension, "xlsb")
            return _failed(display, make_issue("FILE_019", file=display))
        if not package.has("xl/workbook.xml"):
            return _mismatch(display, extension, _zip_kind(set(package.infos)))
        return _read_ooxml(package, display)
    except _Refused as refused:
        return _failed(display, refused.issue)
    except _DAMAGED as exc:  # a part whose header points nowhere, or that does not inflate
        return _failed(display, make_issue("FILE_002", file=display, reason=_damaged(exc)))


def _damaged(error: BaseException) -> i18n.Localized | str:
    """Why a package cannot be opened, in words ("BadZipFile" was all the office read), with
    the part that failed where perfxl's own check named it."""
    if isinstance(error, OSError) and error.errno:
        return system_reason(error)
    part = str(error).split(" ", 1)[0]
    if "/" in part or part.endswith(".xml"):
        return _reason("package_damaged_part", part=part)
    return _reason("package_damaged")


# what a damaged zip container raises, from zipfile or from reading its parts
_DAMAGED = (zipfile.BadZipFile, OSError, EOFError, struct.error, NotImplementedError)


class Package:
    """A zip package held in memory. Members are inflated by ISA-L (zlib without it), never
    past MAX_MEMBER_BYTES, and checked against their declared size and CRC."""

    _LOCAL_HEADER = struct.Struct("<4s22xHH")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.infos = self.zip.NameToInfo

    def has(self, name: str) -> bool:
        return name in self.infos

    def find(self, name: str) -> str | None:
        """The member called `name`, or differing from it only in case (as Excel and calamine
        match part names), or None."""
        if name in self.infos:
            return name
        return next((member for member in self.infos if member.casefold() == name.casefold()),
                    None)

    def _compressed(self, info: zipfile.ZipInfo) -> bytes:
        magic, name_length, extra_length = self._LOCAL_HEADER.unpack_from(
            self.data, info.header_offset)
        if magic != ZIP_MAGIC:
            raise zipfile.BadZipFile(f"no local header for {info.filename}")
        if info.flag_bits & 1:
            raise RuntimeError(f"{info.filename} is encrypted")
        start = info.header_offset + self._LOCAL_HEADER.size + name_length + extra_length
        return self.data[start : start + info.compress_size]

    def head(self, name: str, size: int, display: str = "") -> bytes:
        """The first `size` bytes of a member, inflating no more than that."""
        info = self.infos[name]
        if info.compress_type != zipfile.ZIP_DEFLATED:
            return self.read(name, display)[:size]
        return self._inflate(name, self._compressed(info), size)

    @staticmethod
    def _inflate(name: str, compressed: bytes, limit: int) -> bytes:
        try:
            return INFLATE.decompressobj(-15).decompress(compressed, limit)
        except INFLATE.error as exc:
            raise zipfile.BadZipFile(f"{name} does not inflate ({exc})") from exc

    def compacted(self, name: str, display: str = "") -> bytes:
        """A deflated worksheet part inflated piece by piece, each row element holding no
        cell (<row r="70" s="3" customFormat="1"/>) left out; checked against its declared
        size and CRC, and refused if what is left is still over MAX_MEMBER_BYTES."""
        info = self.infos[name]
        inflater = INFLATE.decompressobj(-15)
        compressed, kept, carried = self._compressed(info), [], b""
        size = kept_size = crc = 0
        try:
            for start in range(0, len(compressed), 1 << 20):
                chunk = inflater.decompress(compressed[start:start + (1 << 20)])
                size += len(chunk)
                crc = INFLATE.crc32(chunk, crc)
                if size > MAX_SHEET_PART_BYTES:
                    break
                text = carried + chunk
                cut = text.rfind(b">") + 1  # an element is never split between two pieces
                piece, carried = _EMPTY_ROW.sub(b"", text[:cut]), text[cut:]
                kept.append(piece)
                kept_size += len(piece)
                if kept_size > MAX_MEMBER_BYTES:
                    raise _Refused(make_issue("FILE_006", file=display, member=name,
                                              size=info.file_size, ratio="?"))
            tail = inflater.flush()
        except INFLATE.error as exc:
            raise zipfile.BadZipFile(f"{name} does not inflate ({exc})") from exc
        _verify(info, size + len(tail), INFLATE.crc32(tail, crc), MAX_SHEET_PART_BYTES, display)
        return b"".join(kept) + _EMPTY_ROW.sub(b"", carried + tail)

    def read(self, name: str, display: str = "") -> bytes:
        info = self.infos[name]
        compressed = self._compressed(info)
        if info.compress_type == zipfile.ZIP_STORED:
            content = compressed[: MAX_MEMBER_BYTES + 1]
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            content = self._inflate(name, compressed, MAX_MEMBER_BYTES + 1)
        else:  # rare methods (bzip2, lzma): zipfile's own readers, equally bounded
            with self.zip.open(info) as handle:
                content = handle.read(MAX_MEMBER_BYTES + 1)
        _verify(info, len(content), INFLATE.crc32(content), MAX_MEMBER_BYTES, display)
        return content


def _verify(info: zipfile.ZipInfo, size: int, crc: int, limit: int, display: str) -> None:
    """A member inflated to `size` bytes of checksum `crc` against what its header declares:
    past it (or past `limit`) the header lied (a bomb); short of it, or another checksum,
    the member is damaged."""
    if size > min(limit, info.file_size):
        raise _Refused(make_issue("FILE_006", file=display, member=info.filename, size=size,
                                  ratio="?"))
    if size != info.file_size or crc != info.CRC:
        raise zipfile.BadZipFile(f"{info.filename} is damaged (size or CRC)")


# a row element holding no cell: formatting only (self-closing, or opened and closed); its
# attributes read quote by quote, so a ">" inside a value (x="/>") cannot end it
_EMPTY_ROW = re.compile(rb"<(?:\w+:)?row\b[^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*"
                        rb"(?:/>|>\s*</(?:\w+:)?row>)")


def _mismatch(display: str, extension: str, detected: str) -> RawWorkbook:
    """FILE_003: named `extension`, holding what the key `file_kind.<detected>` names."""
    return _failed(display, make_issue(
        "FILE_003", file=display,
        extension=extension or i18n.t_each("file_kind.no_extension"),
        detected=i18n.t_each(f"file_kind.{detected}")))


def _sniff(data: bytes) -> str:
    """What a file that is no workbook holds, as a `file_kind.*` key."""
    if data.startswith(b"PK\x05\x06"):  # a zip's end record alone
        return "empty_zip"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<html", b"<!doctype html", b"<table")) or b"<html" in head:
        return "html"
    if head.startswith(b"%pdf"):
        return "pdf"
    if head.startswith((b"\xff\xd8", b"\x89png")):
        return "picture"
    if head.startswith(b"<?xml"):
        # Excel's "XML Spreadsheet 2003" declares itself in its head
        return "xml_spreadsheet" if b"excel.sheet" in data[:2048].lower() else "xml"
    for encoding in ("utf-8", "gb18030"):  # Chinese Windows saves CSV in GBK
        try:
            head.decode(encoding)
            return "text"
        except UnicodeDecodeError:
            continue
    return "unknown"


def _zip_kind(names: set[str]) -> str:
    if "word/document.xml" in names:
        return "docx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    return "zip"


def _check_container(package: Package, display: str) -> Issue | None:
    infos = package.zip.infolist()
    if len(infos) > MAX_PARTS:
        return make_issue("FILE_015", file=display, reason=_reason("parts", count=len(infos)))
    twice = _repeated_name([info.filename for info in infos])
    if twice is not None:  # readers differ in which copy they take
        return make_issue("FILE_002", file=display, reason=_reason("twice", name=twice))
    total = 0
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        compacted = _read_compacted(info)
        total += min(info.file_size, MAX_MEMBER_BYTES) if compacted else info.file_size
        too_big = (info.file_size > (MAX_SHEET_PART_BYTES if compacted else MAX_MEMBER_BYTES)
                   or total > MAX_TOTAL_BYTES)
        if too_big or (info.file_size > (1 << 20) and ratio > MAX_RATIO):
            return make_issue(
                "FILE_006",
                file=display,
                member=info.filename,
                size=info.file_size,
                ratio=f"{ratio:.0f}",
            )
    return None


def _read_compacted(info: zipfile.ZipInfo) -> bool:
    """Whether a part is a worksheet too large to hold whole, read without its empty rows."""
    return (info.file_size > MAX_MEMBER_BYTES and info.compress_type == zipfile.ZIP_DEFLATED
            and _WORKSHEET_PART.fullmatch(info.filename) is not None)


_WORKSHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)


def _read_part(package: Package, name: str, display: str) -> bytes:
    """A part perfxl parses itself: refused if it declares entities (billion laughs). A
    worksheet too large to hold whole comes without its empty rows (Package.compacted)."""
    info = package.infos[name]
    data = package.compacted(name, display) if _read_compacted(info) else \
        package.read(name, display)
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise _Refused(make_issue("FILE_008", file=display, member=name))
    return data


def _check_prolog(package: Package, name: str, display: str) -> None:
    """Refuse a part whose prolog declares a DOCTYPE (entity bombs) without inflating all of
    it: a DOCTYPE may only stand before the root element, which comes within a few hundred
    bytes. A prolog longer than the head read is checked whole."""
    head = package.head(name, 4096, display)
    root = _ROOT_START.search(head)
    if root is None:
        _read_part(package, name, display)
    elif b"<!DOCTYPE" in head[: root.start()]:
        raise _Refused(make_issue("FILE_008", file=display, member=name))


_ROOT_START = re.compile(rb"<[^?!]")


class _Refused(Exception):
    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.code)
        self.issue = issue


# --- OOXML (.xlsx, .xlsm, .xltx, .xltm) -------------------------------------------------------

_SHEET_ENTRY = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_ATTRIBUTE = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_CELL_REF = re.compile(rb"""\br\s*=\s*["']([A-Za-z]+)(\d+)["']""")
_CELL_OPEN = re.compile(rb"<(?:\w+:)?c\b")
# Each pattern starts with a literal, so the regex engine skims: \b-led patterns were 5x slower.
_WIDE_OR_DEEP = re.compile(rb"""\sr\s*=\s*["'](?P<address>[A-Za-z]{2,}|[A-Za-z]\d{5})""")
_ADDRESS = re.compile(rb"([A-Za-z]+)(\d+)")
_DEEP_ROW = re.compile(rb"""<(?:\w+:)?row\b[^>]*?\sr\s*=\s*["'](\d{5,})""")
_FORMULA_MARK = re.compile(rb"<(?:\w+:)?f[\s>/]")
_ERROR_MARK = re.compile(rb"""t\s*=\s*["']e["']""")
_RICH_MARK = re.compile(rb"vm\s*=")
# The patterns above take every spelling XML allows: namespace prefixes, either quote,
# spaces around "=". Spreadsheet applications all write one spelling; for a sheet that uses
# only it, these literal-led patterns find the same things several times faster (the regex
# engine skips straight to the literal instead of trying every "<" or space).
_PLAIN_WIDE_OR_DEEP = re.compile(rb' r="(?P<address>[A-Za-z]{2,}|[A-Za-z]\d{5})')
_PLAIN_DEEP_ROW = re.compile(rb'<row (?:[^>]*? )?r="(\d{5,})"')
_PLAIN_FORMULA_MARK = re.compile(rb"<f[\s>/]")
_PLAIN_ERROR_MARK = re.compile(rb't="e"')
_PLAIN_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')
_UNQUOTED_VALUE = re.compile(rb'=(?!")')
_MAIN_NAMESPACE_PREFIX = re.compile(
    rb'xmlns:\w+="(?:http://schemas\.openxmlformats\.org/spreadsheetml/2006/main|'
    rb'http://purl\.oclc\.org/ooxml/spreadsheetml/main)"')
_ERROR_TYPE = re.compile(rb"""\bt\s*=\s*["']e["']""")
_TEXT_TYPE = re.compile(rb"""\bt\s*=\s*["']str["']""")
_FORMULA = re.compile(rb"<(?:\w+:)?f\b([^>]*)(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_MERGE = re.compile(
    rb"""<(?:\w+:)?mergeCell\b[^>]*\bref\s*=\s*["']([A-Z]+\d+(?::[A-Z]+\d+)?)["']""")
_DRAWING = re.compile(rb"<(?:\w+:)?drawing\b[^>]*\br:id=\"([^\"]*)\"")
_POINT_EMU = 12700  # English metric units in a point
_ANCHOR_TO = re.compile(
    rb"<(?:\w+:)?to>\s*<(?:\w+:)?col>(\d+)</(?:\w+:)?col>\s*<(?:\w+:)?colOff>(-?\d+)<.*?"
    rb"<(?:\w+:)?row>(\d+)</(?:\w+:)?row>\s*<(?:\w+:)?rowOff>(-?\d+)<", re.S)
_ANCHOR_FROM = re.compile(
    rb"<(?:\w+:)?from>\s*<(?:\w+:)?col>(\d+)</(?:\w+:)?col>.*?<(?:\w+:)?row>(\d+)</(?:\w+:)?row>",
    re.S,
)
_MODIFIED = re.compile(rb"<(?:[\w.-]+:)?modified\b[^>]*>([^<]+)</(?:[\w.-]+:)?modified>")
_APPLICATION = re.compile(rb"<Application>([^<]+)</Application>")
_REF = re.compile(r"([A-Z]{1,4})(\d{1,8})")


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    if "&" in text:
        import html

        text = html.unescape(text)
    return text


def _ref_to_index(ref: str) -> tuple[int, int] | None:
    match = _REF.fullmatch(ref)
    return (int(match[2]) - 1, column_index(match[1])) if match else None


def _rels(package: Package, name: str, display: str) -> dict[str, str]:
    if not package.has(name):
        return {}
    targets = {}
    for match in _RELATIONSHIP.finditer(_read_part(package, name, display)):
        attributes = dict(_ATTRIBUTE.findall(match[1]))
        if b"Id" in attributes and b"Target" in attributes:
            key = _unescape(attributes[b"Id"])
            if key in targets:  # readers differ in which one they follow
                raise _Refused(make_issue("FILE_002", file=display,
                                          reason=_reason("id_twice", part=name, rid=key)))
            targets[key] = _unescape(attributes[b"Target"])
    return targets


def _resolve(base_folder: str, target: str) -> str | None:
    """The part a relationship target names, or None for one that climbs out of the package
    (readers disagree on what such a target means)."""
    parts = [] if target.startswith("/") or not base_folder else base_folder.split("/")
    for piece in target.split("/"):
        if piece == "..":
            if not parts:
                return None
            parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _sheet_parts(package: Package, display: str) -> list[tuple[str, str, str]]:
    """(name, visibility, part path) of every worksheet, in workbook order."""
    workbook = _read_part(package, "xl/workbook.xml", display)
    rels = _rels(package, "xl/_rels/workbook.xml.rels", display)
    sheets = []
    for match in _SHEET_ENTRY.finditer(workbook):
        attributes = {k.split(b":")[-1]: v for k, v in _ATTRIBUTE.findall(match[1])}
        name = _unescape(attributes.get(b"name", b""))
        state = _unescape(attributes.get(b"state", b"visible"))
        if state not in _SHEET_STATES:  # calamine refuses the file, saying only "format"
            raise _Refused(make_issue("FILE_002", file=display,
                                      reason=_reason("sheet_state", sheet=name, state=state)))
        target = rels.get(_unescape(attributes.get(b"id", b"")), "")
        part = _resolve("xl", target)
        if part is None:
            raise _Refused(make_issue("FILE_002", file=display,
                                      reason=_reason("outside", target=target, sheet=name)))
        sheets.append((name, state.lower(), part))
    return sheets


_SHEET_STATES = ("visible", "hidden", "veryHidden")  # exactly these spellings


def _plain_spelling(xml: bytes) -> bool:
    """True when the sheet is spelled as applications write it, so _PLAIN_* patterns apply:
    every "=" opens a double-quoted value (no spaces, no single quotes), no r attribute
    follows a tab or a line break, and no prefix names the spreadsheet namespace. Each is a
    literal-led search: one regex for all the unusual spellings was slower than the general
    patterns. A text containing "=" only sends the sheet the general way."""
    # (A tag spelled with a tab before "=" passes; such a far cell then costs its reader
    # process, which ingest isolates and reports as FILE_009.)
    return (_UNQUOTED_VALUE.search(xml) is None and b' ="' not in xml
            # a one-byte search first: most sheets hold no tab and one line break at most
            and not any(space in xml and space + b'r="' in xml for space in _SPACES)
            and _MAIN_NAMESPACE_PREFIX.search(xml) is None)


_SPACES = (b"\t", b"\n", b"\r")


def _scan_sheet(xml: bytes, sheet: RawSheet, display: str,
                rich: _RichValues | None = None) -> None:
    """Bounds, formulas, error values, merged ranges: what calamine does not say.

    A cell far outside the template makes calamine allocate the whole grid up to it (and
    abort its process), so any such cell, or any row number past the bound, refuses the file.
    The scan stays in C (regex over bytes) for ordinary cells; only the few cells holding a
    formula, an error or a picture are looked at one by one.
    """
    plain = _plain_spelling(xml)
    # Only an address with 2+ letters or 5+ digits can be past the bounds (200 columns,
    # 20,000 rows); those few are checked exactly, the rest never leave the regex engine.
    # A far cell or row with nothing in it (formatting to the sheet's end, row heights set
    # by LibreOffice down to row 30,000) is left alone: calamine sizes its grid by values.
    for candidate in (_PLAIN_WIDE_OR_DEEP if plain else _WIDE_OR_DEEP).finditer(xml):
        address = _ADDRESS.match(xml, candidate.start("address"))
        assert address is not None  # the candidate pattern starts with an address
        letters, digits = address.groups()
        column = column_index(letters.decode().upper()) if len(letters) <= 4 else MAX_COLUMNS
        if (int(digits) > MAX_ROWS or column >= MAX_COLUMNS) and _cell_holds_content(
                xml, _after_value(xml, address.end())):
            raise _Refused(make_issue("FILE_007", file=display, sheet=sheet.name,
                                      ref=f"{letters.decode()}{digits.decode()}"))
    # cells without addresses count as well; each takes at least 4 bytes ("<c/>")
    if len(xml) > 4 * MAX_ROWS * MAX_COLUMNS and xml.count(b"<c") > MAX_ROWS * MAX_COLUMNS:
        raise _Refused(make_issue("FILE_007", file=display, sheet=sheet.name,
                                  ref=f"{xml.count(b'<c')} cells"))
    for deep_row in (_PLAIN_DEEP_ROW if plain else _DEEP_ROW).finditer(xml):
        # a row far out, even with no addressed cell in it
        if int(deep_row[1]) > MAX_ROWS and _row_holds_content(
                xml, _after_value(xml, deep_row.end(1))):
            raise _Refused(make_issue("FILE_007", file=display, sheet=sheet.name,
                                      ref=f"A{int(deep_row[1])}"))
    _scan_marks(xml, sheet, plain, rich)
    _scan_merges(xml, sheet, plain)


# the rest of an opening tag, quoted values skipped whole (a ">" may stand inside one)
_TAG_REST = re.compile(rb"""(?:[^>"']|"[^"]*"|'[^']*')*>""")
_EMPTY_BODY = re.compile(rb"\s*</")
_ROW_END = re.compile(rb"</(?:\w+:)?row\s*>")
_CONTENT = re.compile(rb"<(?:\w+:)?(?:v|is|f)\b")


def _after_value(xml: bytes, position: int) -> int | None:
    """Just past the quote closing the attribute value whose text ends at `position`; None
    when no quote closes it there (a value spelled so that readers may differ)."""
    return position + 1 if xml[position : position + 1] in (b'"', b"'") else None


def _opening_end(xml: bytes, position: int | None) -> int | None:
    """Where the opening tag open at `position` ends (after its ">"), None if it never does
    or `position` is None."""
    if position is None:
        return None
    rest = _TAG_REST.match(xml, position)
    return rest.end() if rest else None


def _cell_holds_content(xml: bytes, position: int | None) -> bool:
    """Whether the cell whose opening tag is open at `position` holds anything (a value,
    inline text, a formula): not when it closes itself (<c …/>) or at once (<c …></c>).
    Only the bytes right after the tag are looked at, so far cells cost no more than one
    look each, however many."""
    end = _opening_end(xml, position)
    if end is None:  # cut short: refused as if it held something
        return True
    return not (xml[end - 2 : end] == b"/>" or _EMPTY_BODY.match(xml, end))


def _row_holds_content(xml: bytes, position: int | None) -> bool:
    """Whether the row whose opening tag is open at `position` holds a cell with anything in
    it. A row never closed is refused as if it did: the first such row ends the scan."""
    end = _opening_end(xml, position)
    if end is None:
        return True
    if xml[end - 2 : end] == b"/>":
        return False
    closed = _ROW_END.search(xml, end)
    return closed is None or _CONTENT.search(xml, end, closed.start()) is not None


def _scan_merges(xml: bytes, sheet: RawSheet, plain: bool) -> None:
    for match in (_PLAIN_MERGE if plain else _MERGE).finditer(xml):
        first, _, last = match[1].decode().partition(":")
        start, end = _ref_to_index(first), _ref_to_index(last or first)
        if start and end:
            sheet.merged.append((start[0], start[1], end[0], end[1]))


def _scan_marks(xml: bytes, sheet: RawSheet, plain: bool,
                rich: _RichValues | None = None) -> None:
    """The cells holding a formula, an error value or a picture, into `sheet`."""
    seen: set[int] = set()
    marks = (_PLAIN_FORMULA_MARK, _PLAIN_ERROR_MARK) if plain else (_FORMULA_MARK, _ERROR_MARK)
    positions = [m.start() for rx in marks for m in rx.finditer(xml)]
    if b"vm" in xml:
        positions += [m.start() for m in _RICH_MARK.finditer(xml)]
    layout: _Layout | None = None  # every cell's place, worked out only if needed
    shared: dict[bytes, tuple[str, str]] = {}
    cells = _Cells(xml)
    for position in sorted(positions):
        # the last cell opened before the mark is the one holding it
        openings = list(_CELL_OPEN.finditer(xml, max(0, position - 512), position))
        opened = openings[-1].start() if openings else -1
        cell = cells.at(opened) if openings else None
        place = _address(cell[0]) if cell is not None else None
        if place is None:  # a cell without an address, or a very long opening tag
            layout = layout or _Layout(xml)
            opened, place = layout.cell_before(position)
            cell = cells.at(opened) if place is not None else None
        if cell is None or place is None or opened in seen:
            continue
        seen.add(opened)
        _scan_cell(place, cell[0], cell[1], sheet, shared, rich)


_CELL_TAG = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/?)>")
_CELL_CLOSE = re.compile(rb"</(?:\w+:)?c>")


class _Cells:
    """The cells a sheet's marks fall in, as (attributes, body). The first few are matched
    one by one, as a return's subtotal formulas are; past them every end tag is listed once,
    so a sheet crafted with many cells never closed costs one pass, not one per cell."""

    FEW = 32

    def __init__(self, xml: bytes) -> None:
        self.xml = xml
        self.asked = 0
        self.closes: list[int] | None = None

    def at(self, opened: int) -> tuple[bytes, bytes] | None:
        self.asked += 1
        if self.asked <= self.FEW:
            cell = _CELL.match(self.xml, opened)
            return (cell[1], cell[2] or b"") if cell else None
        tag = _CELL_TAG.match(self.xml, opened)
        if tag is None:
            return None
        if tag[2]:
            return tag[1], b""
        if self.closes is None:
            self.closes = [found.start() for found in _CELL_CLOSE.finditer(self.xml)]
        index = bisect.bisect_left(self.closes, tag.end())
        if index == len(self.closes):
            return None
        return tag[1], self.xml[tag.end() : self.closes[index]]


def _address(attributes: bytes) -> tuple[int, int] | None:
    """(1-based row, 0-based column) from a cell's r attribute, if it has one."""
    found = _CELL_REF.search(attributes)
    return (int(found[2]), column_index(found[1].decode().upper())) if found else None


_ROW_OR_CELL = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*)")
_ROW_NUMBER = re.compile(rb"""\br\s*=\s*["'](\d+)["']""")


class _Layout:
    """Where every cell of a sheet sits, as readers place them: a row or cell written without
    an r attribute follows the one before it. One pass over the sheet, made only when a
    formula or error is held by a cell whose place its own tag does not give."""

    def __init__(self, xml: bytes) -> None:
        self.starts: list[int] = []
        self.places: list[tuple[int, int]] = []
        row, column = 0, -1
        for tag in _ROW_OR_CELL.finditer(xml):
            if tag[1] == b"row":
                number = _ROW_NUMBER.search(tag[2])
                row, column = (int(number[1]) if number else row + 1), -1
                continue
            place = _address(tag[2])
            row, column = place if place is not None else (row, column + 1)
            self.starts.append(tag.start())
            self.places.append((row, column))

    def cell_before(self, position: int) -> tuple[int, tuple[int, int] | None]:
        """The start and place of the last cell opened before `position`."""
        index = bisect.bisect_right(self.starts, position) - 1
        return (self.starts[index], self.places[index]) if index >= 0 else (-1, None)


def _scan_cell(place: tuple[int, int], attributes: bytes, body: bytes, sheet: RawSheet,
               shared: dict[bytes, tuple[str, str]], rich: _RichValues | None = None) -> None:
    """Record one cell's formula, error value or picture-in-cell. `shared` holds the shared
    formulas met so far (Excel writes a formula filled down once, in its first cell)."""
    row, column = place
    ref = a1(row, column)
    formula = _FORMULA.search(body)
    value = _VALUE.search(body)
    if formula is not None:
        text = _unescape(formula[2] or b"")
        index = _SHARED_INDEX.search(formula[1]) if _SHARED.search(formula[1]) else None
        if index is not None and text:
            shared[index[1]] = (text, ref)
        elif index is not None and index[1] in shared:
            text = _shared_formula(*shared[index[1]], ref)
        # saved: a result was stored, maybe empty text (=IF(…;"";…), a t="str" cell); no
        # result, or an empty one where a number goes (openpyxl writes <v></v>), means the
        # formula was never computed (written by a program, not a spreadsheet application)
        saved = value is not None and (bool(value[1].strip()) or
                                       _TEXT_TYPE.search(attributes) is not None)
        sheet.formulas[ref] = (text, saved)
        if _ARRAY.search(formula[1]):  # the other cells of its range hold only their values
            for other in _array_cells(formula[1]):
                sheet.formulas.setdefault(other, (text, True))
    if _ERROR_TYPE.search(attributes) and value is not None:
        sheet.errors[ref] = _unescape(value[1])
    rich_index = _RICH_INDEX.search(attributes)
    if rich_index is not None:  # Excel's rich value: a picture in the cell, or a 365 error
        kind, error = rich.kind(int(rich_index[1])) if rich else ("", "")
        if kind == "_error":  # saved as #VALUE! for older readers; shown as #SPILL! etc.
            sheet.errors[ref] = error or sheet.errors.get(ref, "#VALUE!")
        elif not kind or "image" in kind.lower():  # what it is unknown: as before, a picture
            sheet.pictures.append((row - 1, column, row - 1, column))
    elif formula is not None and "DISPIMG(" in sheet.formulas[ref][0].upper():
        sheet.pictures.append((row - 1, column, row - 1, column))  # WPS's picture-in-cell


_RICH_INDEX = re.compile(rb"""\bvm\s*=\s*["'](\d+)["']""")
# Excel 365's errors without an old-style literal, by the errorType of their rich value: the
# 0-based order of ERROR.TYPE (files saved by Excel 16 give 8 for #SPILL!, 13 for #CALC!)
RICH_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
               "#GETTING_DATA", "#SPILL!", "#CONNECT!", "#BLOCKED!", "#UNKNOWN!", "#FIELD!",
               "#CALC!")


class _RichValues:
    """What the rich values of a package are (a cell's vm="n" indexes them): a picture placed
    in a cell (_localImage), an error (_error), a linked data type. Read once, on the first
    cell that asks; a package whose parts cannot be followed gives ("", "") for every one."""

    def __init__(self, package: Package, display: str) -> None:
        self.package, self.display = package, display
        self._kinds: list[tuple[str, str]] | None = None

    def kind(self, index: int) -> tuple[str, str]:
        """(structure type, error shown) of the value metadata block `index` (1-based)."""
        if self._kinds is None:
            try:
                self._kinds = self._read()
            except (ValueError, IndexError, KeyError):
                self._kinds = []
        return self._kinds[index - 1] if 0 < index <= len(self._kinds) else ("", "")

    def _part(self, name: str) -> bytes:
        found = self.package.find(name)
        if found is None:
            raise KeyError(name)
        return _read_part(self.package, found, self.display)

    def _read(self) -> list[tuple[str, str]]:
        metadata = self._part("xl/metadata.xml")
        values, structures = (self._part("xl/richData/rdrichvalue.xml"),
                              self._part("xl/richData/rdrichvaluestructure.xml"))
        types = [_attributes(attributes).get("name", "")
                 for attributes, _body in _elements(metadata, b"metadataType")]
        future = next((body for attributes, body in _elements(metadata, b"futureMetadata")
                       if _attributes(attributes).get("name") == "XLRICHVALUE"), b"")
        rich_of_future = [int(_attributes(attributes)["i"])
                          for attributes, _body in _elements(future, b"rvb")]
        value_metadata = next((body for _a, body in _elements(metadata, b"valueMetadata")), b"")
        kinds_of_structures = [(_attributes(attributes).get("t", ""), _KEY.findall(body))
                               for attributes, body in _elements(structures, b"s")]
        rich_values = [(int(_attributes(attributes)["s"]), _RV_VALUE.findall(body))
                       for attributes, body in _elements(values, b"rv")]
        kinds = []
        for _attributes_of_block, block in _elements(value_metadata, b"bk"):
            found = _RECORD.search(block)
            record = _attributes(found[1]) if found else {}
            type_number = int(record.get("t", "0"))
            if not 0 < type_number <= len(types) or types[type_number - 1] != "XLRICHVALUE":
                kinds.append(("", ""))
                continue
            structure, fields = rich_values[rich_of_future[int(record["v"])]]
            kind, keys = kinds_of_structures[structure]
            error = ""
            if kind == "_error" and b"errorType" in keys:
                code = int(fields[keys.index(b"errorType")])
                error = RICH_ERRORS[code] if 0 <= code < len(RICH_ERRORS) else ""
            kinds.append((kind, error))
        return kinds


def _elements(xml: bytes, tag: bytes) -> list[tuple[bytes, bytes]]:
    """(attributes, what follows up to the next such element) of each <tag> element. No
    closing tag is searched for, so a part of many unclosed elements costs one pass."""
    opening = re.compile(rb"<(?:\w+:)?" + tag + rb"\b([^>]*)>")
    found = list(opening.finditer(xml))
    ends = [m.start() for m in found[1:]] + [len(xml)]
    return [(m[1], xml[m.end() : end]) for m, end in zip(found, ends, strict=True)]


def _attributes(raw: bytes) -> dict[str, str]:
    return {key.decode().split(":")[-1]: _unescape(value) for key, value in _ATTRIBUTE.findall(raw)}


_RECORD = re.compile(rb"<(?:\w+:)?rc\b([^>]*)")
_KEY = re.compile(rb"""<(?:\w+:)?k\b[^>]*\bn\s*=\s*["']([^"']*)["']""")
_RV_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*>([^<]*)")


_SHARED = re.compile(rb"""\bt\s*=\s*["']shared["']""")
_SHARED_INDEX = re.compile(rb"""\bsi\s*=\s*["'](\d+)["']""")


_ARRAY = re.compile(rb"""\bt\s*=\s*["']array["']""")
_RANGE = re.compile(rb"""\bref\s*=\s*["']([A-Z]+\d+)(?::([A-Z]+\d+))?["']""")
MAX_ARRAY_CELLS = 20_000  # a template's inputs are far fewer; a larger range is clipped


def _array_cells(attributes: bytes) -> list[str]:
    """The cells an array formula fills (Excel's CSE arrays, and 365's spilled formulas):
    only the first holds the formula, the others only their values."""
    found = _RANGE.search(attributes)
    first = _ref_to_index(found[1].decode()) if found else None
    last = _ref_to_index((found[2] or found[1]).decode()) if found else None
    if first is None or last is None:
        return []
    columns = range(first[1], min(last[1], MAX_COLUMNS) + 1)
    cells = (a1(row + 1, column) for row in range(first[0], last[0] + 1) for column in columns)
    return list(itertools.islice(cells, MAX_ARRAY_CELLS))  # lazily: a huge range costs no more


def _shared_formula(text: str, origin: str, ref: str) -> str:
    """A shared formula as it reads in `ref`: its relative references moved along from
    `origin`, the cell that holds its text."""
    from openpyxl.formula.translate import Translator

    try:
        return Translator(f"={text}", origin=origin).translate_formula(ref)[1:]
    except Exception:  # a formula openpyxl cannot parse reads as written in its first cell
        return text


def _pictures(package: Package, part: str, xml: bytes, display: str
              ) -> list[tuple[int, int, int, int]]:
    """The cells each picture drawn over the sheet covers: from its top-left anchor to its
    bottom-right one (a picture anchored to one cell, that cell)."""
    found = _DRAWING.search(xml) if b"drawing" in xml else None
    if found is None:
        return []
    folder, _, file_name = part.rpartition("/")
    rels = _rels(package, f"{folder}/_rels/{file_name}.rels", display)
    target = rels.get(found[1].decode())
    if not target:
        return []
    drawing_part = _resolve(folder, target)
    if drawing_part is None or not package.has(drawing_part):
        return []
    drawing = _read_part(package, drawing_part, display)
    anchors = []
    for anchor in re.split(rb"<(?:\w+:)?(?:twoCellAnchor|oneCellAnchor)\b", drawing)[1:]:
        if b":pic>" not in anchor and b"<pic>" not in anchor:
            continue  # shapes and charts are not pictures in cells
        match = _ANCHOR_FROM.search(anchor)
        if match:
            top, left = int(match[2]), int(match[1])
            end = _ANCHOR_TO.search(anchor)
            # a picture ending at a cell's edge (under a point past it, as Calc rounds its
            # anchors) does not lie over it
            bottom = int(end[3]) - (int(end[4]) < _POINT_EMU) if end else top
            right = int(end[1]) - (int(end[2]) < _POINT_EMU) if end else left
            anchors.append((top, left, max(top, bottom), max(left, right)))
    return anchors


_NUMBER_FORMAT = re.compile(rb"<(?:\w+:)?numFmt\b([^>]*)")
_ANY_ATTRIBUTE = re.compile(rb"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CELL_FORMATS = re.compile(rb"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", re.S)
_FORMAT_ENTRY = re.compile(rb"<(?:\w+:)?xf\b([^>]*)")
_FORMAT_ID = re.compile(rb"""\bnumFmtId\s*=\s*["'](\d+)["']""")
_QUOTED = re.compile(rb'"[^"]*"|\\.')
_PERCENT_BUILT_IN = {b"9", b"10"}  # 0% and 0.00%
_FONTS = re.compile(rb"<(?:\w+:)?fonts\b[^>]*>(.*?)</(?:\w+:)?fonts>", re.S)
_FONT = re.compile(rb"<(?:\w+:)?font\b[^>]*?(?:/>|>.*?</(?:\w+:)?font>)", re.S)
_FONT_ID = re.compile(rb"""\bfontId\s*=\s*["'](\d+)["']""")
_STRIKE = re.compile(rb"""<(?:\w+:)?strike\b(?:[^>]*?\bval\s*=\s*["']([^"']*)["'])?""")


def _percent_styles(package: Package, display: str) -> set[bytes]:
    """The style indexes (a cell's s="…") whose number format shows a percentage: a score
    typed as 90% is stored as 0.9, and nothing else tells the two apart."""
    styles = _styles_part(package, display)
    if styles is None:
        return set()
    percent = set(_PERCENT_BUILT_IN)
    for number_format in _NUMBER_FORMAT.finditer(styles):
        attributes = {key: double or single
                      for key, double, single in _ANY_ATTRIBUTE.findall(number_format[1])}
        code = _unescape(attributes.get(b"formatCode", b"")).encode()
        if b"%" in _QUOTED.sub(b"", code):  # a % written as a literal ("%" or \%) is not one
            percent.add(attributes.get(b"numFmtId", b""))
    return _formats_with(styles, _FORMAT_ID, percent)


def _struck_styles(package: Package, display: str) -> set[bytes]:
    """The style indexes whose font is struck through (删除线), as a cancelled line is."""
    styles = _styles_part(package, display)
    if styles is None or b"strike" not in styles:
        return set()
    table = _FONTS.search(styles)
    fonts = _FONT.finditer(table[1]) if table else iter(())
    struck = {str(index).encode() for index, font in enumerate(fonts) if _struck(font[0])}
    return _formats_with(styles, _FONT_ID, struck) if struck else set()


def _struck(properties: bytes) -> bool:
    """Whether a font's (or a text run's) properties strike it through."""
    found = _STRIKE.search(properties)
    return found is not None and (found[1] or b"1").lower() not in (b"0", b"false")


def _styles_part(package: Package, display: str) -> bytes | None:
    name = package.find("xl/styles.xml")
    return _read_part(package, name, display) if name is not None else None


def _formats_with(styles: bytes, attribute: re.Pattern[bytes], values: set[bytes]) -> set[bytes]:
    """The indexes of the cell formats (cellXfs) whose `attribute` is one of `values`."""
    table = _CELL_FORMATS.search(styles)
    entries = _FORMAT_ENTRY.finditer(table[1]) if table else iter(())
    return {str(index).encode() for index, entry in enumerate(entries)
            if (found := attribute.search(entry[1])) and found[1] in values}


def _cells_styled(xml: bytes, styles: set[bytes]) -> set[str]:
    """A1 of the cells whose style is one of `styles` (rows and rows' styles aside)."""
    wanted = re.compile(rb"""\ss\s*=\s*["'](?:""" + b"|".join(sorted(styles)) + rb""")["']""")
    cells = set()
    layout: _Layout | None = None  # made only for a styled cell written without its address
    for match in wanted.finditer(xml):
        opened = xml.rfind(b"<", 0, match.start())  # no "<" inside an attribute value
        tag = _CELL.match(xml, opened) if opened >= 0 else None
        if tag is None:  # a row's or a column's style
            continue
        place = _address(tag[1])
        if place is None:
            layout = layout or _Layout(xml)
            _start, place = layout.cell_before(match.start())
        if place is not None:
            cells.add(a1(*place))
    return cells


def _properties(package: Package, display: str) -> tuple[str, str]:
    saved, application = "", ""
    if package.has("docProps/core.xml"):
        match = _MODIFIED.search(_read_part(package, "docProps/core.xml", display))
        saved = _unescape(match[1]).strip() if match else ""
    if package.has("docProps/app.xml"):
        match = _APPLICATION.search(_read_part(package, "docProps/app.xml", display))
        application = _unescape(match[1]).strip() if match else ""
    return saved, application


def _read_ooxml(package: Package, display: str) -> RawWorkbook:
    parts = _sheet_parts(package, display)
    if len(parts) > MAX_SHEETS:
        return _failed(display, make_issue("FILE_015", file=display,
                                           reason=_reason("sheets", count=len(parts))))
    twice = _repeated_name([name for name, _state, _part in parts])
    if twice is not None:  # values are fetched by name: the two sheets would be mixed up
        return _failed(display, make_issue("FILE_018", file=display, sheet=twice))
    if package.has("xl/sharedStrings.xml"):
        # calamine parses it; perfxl refuses entity bombs first
        _check_prolog(package, "xl/sharedStrings.xml", display)
    scanned: dict[str, RawSheet] = {}
    percent_styles = _percent_styles(package, display)
    rich = _RichValues(package, display)
    replaced: dict[str, bytes] = {}  # sheet part -> its XML as calamine is to read it
    for name, state, target in parts:
        part = package.find(target)
        if part is None:  # calamine cannot read it either; skipped, the sheet would seem lost
            raise _Refused(make_issue("FILE_002", file=display,
                                      reason=_reason("part_missing", target=target, sheet=name)))
        xml = _read_part(package, part, display)
        sheet = RawSheet(name=name, visibility=state, rows=[])
        _scan_sheet(xml, sheet, display, rich)
        sheet.pictures += _pictures(package, part, xml, display)
        if percent_styles:
            sheet.percent = _cells_styled(xml, percent_styles)
        if _read_compacted(package.infos[part]):  # its empty rows left out
            replaced[part] = xml
        if any(error not in CALAMINE_ERRORS for error in sheet.errors.values()):
            literals = _unknown_error_literals(xml)  # not when only rich values say #SPILL!
            if literals:
                replaced[part] = _as_value_errors(xml, literals)
        scanned[name] = sheet
    saved, application = _properties(package, display)
    import python_calamine

    data = _repackaged(package, replaced, display) if replaced else package.data
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        for name, sheet in scanned.items():
            sheet.rows = _values(book.get_sheet_by_name(name))
    finally:
        book.close()
    return RawWorkbook(display, list(scanned.values()), saved, application)


# The error values calamine reads; any other (#SPILL!, #CALC!, #GETTING_DATA …) makes it
# refuse the whole workbook.
CALAMINE_ERRORS = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
_SAVED_VALUE = re.compile(rb"(<(?:\w+:)?v>)([^<]*)(</(?:\w+:)?v>)")


def _unknown_error_literals(xml: bytes) -> frozenset[bytes]:
    """The saved values of a sheet that are error values calamine does not read."""
    return frozenset(found[2] for found in _SAVED_VALUE.finditer(xml)
                     if found[2][:1] == b"#" and _unescape(found[2]) not in CALAMINE_ERRORS)


def _repackaged(package: Package, replaced: dict[str, bytes], display: str) -> bytes:
    """The package again, with the parts in `replaced` as given there, for calamine: a sheet
    without its empty rows, or with the error values calamine refuses made #VALUE! (the
    scan has recorded the real errors)."""
    copy = io.BytesIO()
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as rewritten:
        for info in package.zip.infolist():
            content = replaced.get(info.filename)
            rewritten.writestr(info.filename, content if content is not None
                               else package.read(info.filename, display))
    return copy.getvalue()


def _as_value_errors(xml: bytes, literals: frozenset[bytes]) -> bytes:
    """Each saved value among `literals` made #VALUE! (a formula's text result spelled like
    an error, "#SPILL!", would read as #VALUE! too)."""
    return _SAVED_VALUE.sub(
        lambda v: v[1] + b"#VALUE!" + v[3] if v[2] in literals else v[0], xml)


def with_known_errors(data: bytes, display: str) -> bytes | None:
    """An .xlsx's bytes with every error value calamine does not read turned into #VALUE!,
    for the office's own workbooks (read by value alone); None when it holds none. ValueError
    if it is no package, or one perfxl refuses to parse."""
    try:
        package = Package(data)
        replaced: dict[str, bytes] = {}
        for _name, _state, target in _sheet_parts(package, display):
            part = package.find(target)
            if part is not None:
                xml = _read_part(package, part, display)
                literals = _unknown_error_literals(xml)
                if literals:
                    replaced[part] = _as_value_errors(xml, literals)
        return _repackaged(package, replaced, display) if replaced else None
    except (_Refused, *_DAMAGED) as exc:
        raise ValueError(f"{display}: {exc}") from exc


def cell_marks(path: Path, sheet_name: str) -> RawSheet | None:
    """What values alone do not tell about the cells of one sheet of an .xlsx that perfxl
    reads by value elsewhere (the office's review): formulas, error values, percentage
    formats, merged ranges. None when the file is no such package. No bound on rows
    applies: the workbook has been read by value already, and only these few cells are
    looked at."""
    found = _sheet_xml(path, sheet_name)
    if found is None:
        return None
    package, xml = found
    sheet = RawSheet(name=sheet_name, visibility="visible", rows=[])
    plain = _plain_spelling(xml)
    _scan_marks(xml, sheet, plain, _RichValues(package, path.name))
    _scan_merges(xml, sheet, plain)
    styles = _percent_styles(package, path.name)
    if styles:
        sheet.percent = _cells_styled(xml, styles)
    return sheet


def row_marks(path: Path, sheet_name: str, data: bytes | None = None) -> RawSheet | None:
    """How the rows of one sheet of the office's own .xlsx look on screen: hidden (by hand
    or by a filter) and struck through, as a withdrawn entry is marked; and its formulas and
    error values, which read by value look blank. None when the file is no such package.
    From `data`, the file's bytes, when given."""
    found = _sheet_xml(path, sheet_name, data)
    if found is None:
        return None
    package, xml = found
    sheet = RawSheet(name=sheet_name, visibility="visible", rows=[])
    _scan_marks(xml, sheet, _plain_spelling(xml), _RichValues(package, path.name))
    sheet.hidden_rows = _hidden_rows(xml) if b"hidden" in xml else set()
    sheet.filtered = b"autoFilter" in xml and _filtering(xml)
    sheet.struck = _struck_cells(package, xml, path.name)
    return sheet


def _sheet_xml(path: Path, sheet_name: str, data: bytes | None = None
               ) -> tuple[Package, bytes] | None:
    """The package and the XML of the sheet called `sheet_name`, or None."""
    try:
        package = Package(data if data is not None else path.read_bytes())
        part = next((target for name, _state, target in _sheet_parts(package, path.name)
                     if name == sheet_name), None)
        found = package.find(part) if part else None
        return (package, _read_part(package, found, path.name)) if found else None
    except (_Refused, *_DAMAGED, ValueError):
        return None


_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)")
_HIDDEN = re.compile(rb"""\bhidden\s*=\s*["'](?:1|true)["']""")
_AUTO_FILTER = re.compile(rb"<(?:\w+:)?autoFilter\b[^>]*?(/?)>")
_FILTER_COLUMN = re.compile(rb"<(?:\w+:)?filterColumn\b")
_AUTO_FILTER_END = re.compile(rb"</(?:\w+:)?autoFilter>")


def _filtering(xml: bytes) -> bool:
    """Whether the sheet's AutoFilter filters on something (its buttons alone hide nothing:
    rows hidden beside them were hidden by hand)."""
    # from the literal on: a pattern led by "<" tries every tag of the sheet
    found = _AUTO_FILTER.search(xml, max(0, xml.find(b"autoFilter") - 32))
    if found is None or found[1]:
        return False
    end = _AUTO_FILTER_END.search(xml, found.end())
    return _FILTER_COLUMN.search(xml, found.end(), end.start() if end else len(xml)) is not None


def _hidden_rows(xml: bytes) -> set[int]:
    """The rows hidden (by hand, by a filter or a collapsed outline), 1-based: a row written
    without its number follows the one before it."""
    hidden, number = set(), 0
    for row in _ROW_TAG.finditer(xml):
        found = _ROW_NUMBER.search(row[1])
        number = int(found[1]) if found else number + 1
        if _HIDDEN.search(row[1]):
            hidden.add(number)
    return hidden


_SHARED_TEXT = re.compile(rb"""\bt\s*=\s*["']s["']""")
_RUN = re.compile(rb"<(?:\w+:)?r>(.*?)</(?:\w+:)?r>", re.S)
_RUN_TEXT = re.compile(rb"<(?:\w+:)?t\b[^>]*>([^<]*)<")


def _struck_cells(package: Package, xml: bytes, display: str) -> set[str]:
    """A1 of the cells whose text shows struck through: by the cell's style, or every run
    of its text struck (strikethrough applied while editing the cell), shared or inline."""
    styles = _struck_styles(package, display)
    cells = _cells_styled(xml, styles) if styles else set()
    strings = _struck_strings(package, display)
    if not strings and b"strike" not in xml:  # inline text struck says so in the sheet
        return cells
    layout: _Layout | None = None
    for cell in _CELL.finditer(xml):
        body = cell[2] or b""
        if _SHARED_TEXT.search(cell[1]):
            value = _VALUE.search(body)
            if value is None or value[1].strip() not in strings:
                continue
        elif b"<is>" not in body or not _all_struck(body):
            continue
        place = _address(cell[1])
        if place is None:
            layout = layout or _Layout(xml)
            _start, place = layout.cell_before(cell.start() + 1)
        if place is not None:
            cells.add(a1(*place))
    return cells


def _struck_strings(package: Package, display: str) -> set[bytes]:
    """The indexes of the shared strings all of whose text is in struck-through runs."""
    name = package.find("xl/sharedStrings.xml")
    strings = _read_part(package, name, display) if name is not None else b""
    if b"strike" not in strings:
        return set()
    items = _elements(strings, b"si")
    return {str(index).encode() for index, (_attributes_of_item, item) in enumerate(items)
            if _all_struck(item)}


def _all_struck(text: bytes) -> bool:
    """Whether every run of a rich text holding any text is struck through (plain text,
    without runs, is not)."""
    runs = [run for run in _RUN.findall(text)
            if any(part.strip() for part in _RUN_TEXT.findall(run))]
    return bool(runs) and all(_struck(run.partition(b"<t")[0]) for run in runs)


def _repeated_name(names: list[str]) -> str | None:
    """The first name given twice (two parts or two sheets of one name leave it to each
    reader which one it takes), or None."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            return name
        seen.add(name)
    return None


def _values(sheet: Any) -> list[list[Any]]:
    # calamine sizes its grid from the cells actually present, not from <dimension>, so a
    # lying dimension costs nothing; cells far out are refused by _scan_sheet beforehand.
    rows: list[list[Any]] = sheet.to_python(skip_empty_area=False)
    return rows


_ODS_TABLE = re.compile(
    rb'<table:table\b[^>]*?table:name="([^"]*)"[^>]*>(.*?)</table:table>', re.S
)
_ODS_ROW = re.compile(rb"<table:table-row\b([^>]*)>(.*?)</table:table-row>", re.S)
# a covered cell (under a merged range) takes its place in the row as any other cell does
_ODS_CELL = re.compile(
    rb"<table:(?:covered-)?table-cell\b([^>]*?)(/>|>(.*?)</table:(?:covered-)?table-cell>)", re.S)
_REPEAT_ROWS = re.compile(rb'table:number-rows-repeated="(\d+)"')
_REPEAT_COLUMNS = re.compile(rb'table:number-columns-repeated="(\d+)"')


def _scan_ods(package: Package, display: str) -> dict[str, RawSheet]:
    """What an .ods says of its cells beyond their values, by sheet: formulas (their text,
    "of:=…"), error results, percentages, merged ranges and pictures placed in a cell, as
    _scan_sheet finds them in an .xlsx. LibreOffice saves .ods by default, and calamine
    gives a percentage typed "90%" as 0.9, a formula's result as a plain value.

    An .ods whose repeat counts would expand cells with content past the bounds is refused:
    LibreOffice writes long runs of empty rows and cells as one repeated element, harmless;
    a repeated row or cell that holds something is expanded by readers, cell by cell.
    """
    if not package.has("content.xml"):
        return {}
    xml = _read_part(package, "content.xml", display)
    sheets: dict[str, RawSheet] = {}
    sizes = _ods_sizes(xml)
    for table in _ODS_TABLE.finditer(xml):
        name = _unescape(table[1])
        sheet = sheets.setdefault(name, RawSheet(name=name, visibility="visible", rows=[]))
        rows = 0
        heights: list[tuple[int, float]] = []  # (rows, each one's height): where shapes fall
        for row in _ODS_ROW.finditer(table[2]):
            repeat = _REPEAT_ROWS.search(row[1])
            count = int(repeat[1]) if repeat else 1
            heights.append((count, sizes.get(_style_of(row[1]), DEFAULT_ROW_POINTS)))
            columns = 0
            for cell in _ODS_CELL.finditer(row[2]):
                span = _REPEAT_COLUMNS.search(cell[1])
                width = int(span[1]) if span else 1
                body = cell[3] or b""
                has_value = b"office:value" in cell[1] or bool(body.strip())
                if has_value and (columns + width > MAX_COLUMNS or rows + count > MAX_ROWS):
                    last_row = rows + count
                    raise _Refused(make_issue("FILE_007", file=display, sheet=name,
                                              ref=a1(last_row, columns + width - 1)))
                if _ODS_MARKED.search(cell[1]) or b"<draw:frame" in body:
                    found = dict(_ODS_ATTRIBUTE.findall(cell[1]))  # once for all its repeats
                    for down in range(count):
                        for across in range(width):
                            _ods_marks(sheet, rows + down + 1, columns + across, found, body)
                columns += width
            rows += count
        sheet.pictures += _floating_pictures(table[2], sizes, heights)
    return sheets


# A picture floating over the page ("To Page" in Calc) sits in <table:shapes> at a distance
# from the sheet's corner, with a width and height: the cells under it are worked out from
# the sheet's own column widths and row heights, in points, as an .xlsx anchors them.
_ODS_SHAPES = re.compile(rb"<table:shapes>(.*?)</table:shapes>", re.S)
_ODS_FRAME = re.compile(rb"<draw:frame\b([^>]*)>(.*?)</draw:frame>", re.S)
_ODS_COLUMN = re.compile(rb"<table:table-column\b([^>]*)>")
_ODS_STYLE = re.compile(rb"<style:style\b([^>]*)>(.*?)</style:style>", re.S)
_ODS_SIZE = re.compile(rb'style:(?:column-width|row-height)="([^"]+)"')
_LENGTH = re.compile(r"([\d.]+)\s*(cm|mm|in|pt|pc|px)?")
_POINTS_PER = {"cm": 72 / 2.54, "mm": 72 / 25.4, "in": 72.0, "pt": 1.0, "pc": 12.0, "px": 0.75}
DEFAULT_COLUMN_POINTS, DEFAULT_ROW_POINTS = 64.0, 12.8  # Calc's 2.258 cm and 0.452 cm


def _points(length: bytes) -> float | None:
    found = _LENGTH.fullmatch(length.decode("ascii", "replace").strip())
    if found is None:
        return None
    try:
        return float(found[1]) * _POINTS_PER[found[2] or "pt"]
    except ValueError:
        return None


def _style_of(attributes: bytes) -> bytes:
    return dict(_ODS_ATTRIBUTE.findall(attributes)).get(b"table:style-name", b"")


def _ods_sizes(xml: bytes) -> dict[bytes, float]:
    """Column and row style name → width or height, in points."""
    sizes = {}
    for style in _ODS_STYLE.finditer(xml):
        size = _ODS_SIZE.search(style[2])
        points = _points(size[1]) if size else None
        if points is not None:
            sizes[dict(_ODS_ATTRIBUTE.findall(style[1])).get(b"style:name", b"")] = points
    return sizes


def _floating_pictures(table: bytes, sizes: dict[bytes, float],
                       heights: list[tuple[int, float]]) -> list[tuple[int, int, int, int]]:
    """The cells each floating picture lies over, 0-based (top, left, bottom, right)."""
    shapes = _ODS_SHAPES.search(table) if b"<table:shapes>" in table else None
    if shapes is None:
        return []
    widths = []
    for column in _ODS_COLUMN.finditer(table):
        repeat = _REPEAT_COLUMNS.search(column[1])
        widths.append((int(repeat[1]) if repeat else 1,
                       sizes.get(_style_of(column[1]), DEFAULT_COLUMN_POINTS)))
    found = []
    for frame in _ODS_FRAME.finditer(shapes[1]):
        if b"<draw:image" not in frame[2]:
            continue  # a shape or a chart, not a picture
        place = dict(_ODS_ATTRIBUTE.findall(frame[1]))
        x, y, width, height = (_points(place.get(key, b"")) for key in (
            b"svg:x", b"svg:y", b"svg:width", b"svg:height"))
        if x is not None and y is not None:
            top, left = (_index_at(y, heights, DEFAULT_ROW_POINTS),
                         _index_at(x, widths, DEFAULT_COLUMN_POINTS))
            # its far corner a hair inside, as the near one a hair past: edges are shared
            bottom = _index_at(y + (height or 0) - 1, heights, DEFAULT_ROW_POINTS)
            right = _index_at(x + (width or 0) - 1, widths, DEFAULT_COLUMN_POINTS)
            found.append((top, left, max(top, bottom), max(left, right)))
    return found


def _index_at(offset: float, runs: list[tuple[int, float]], default: float) -> int:
    """The 0-based index of the row (or column) `offset` points from the sheet's edge falls
    in, given runs of (count, size); past the last run, sizes are `default`. Lengths are
    saved rounded: a picture put at a cell's edge may lie a hair before it, so half a point
    is added."""
    offset += 0.5
    index, start = 0, 0.0
    for count, size in runs:
        if size > 0 and offset < start + count * size:
            return index + int((offset - start) // size)
        index, start = index + count, start + count * size
    return index + int((offset - start) // default)


def _ods_marks(sheet: RawSheet, row: int, column: int, found: dict[bytes, bytes],
               body: bytes) -> None:
    """Record one .ods cell's formula, error, percentage, merge or picture (1-based `row`),
    from its attributes `found` and its `body`."""
    ref = a1(row, column)
    formula = found.get(b"table:formula")
    if formula is not None:
        # "of:=SUM([.H3:.H13])": the namespace and "=" off, as an .xlsx's <f> holds it
        text = _unescape(formula)
        text = text.split(":", 1)[1] if _ODS_FORMULA_NAMESPACE.match(text) else text
        text = excel_spelling(text.removeprefix("="))
        saved = any(key.startswith(b"office:value") for key in found) or b"<text:p" in body
        sheet.formulas[ref] = (text, saved)
    if found.get(b"calcext:value-type") == b"error":
        shown = _ODS_TEXT.search(body)
        sheet.errors[ref] = _unescape(shown[1]) if shown else "#VALUE!"
    if found.get(b"office:value-type") == b"percentage":
        sheet.percent.add(ref)
    down = int(found.get(b"table:number-rows-spanned", b"1"))
    across = int(found.get(b"table:number-columns-spanned", b"1"))
    if down > 1 or across > 1:
        sheet.merged.append((row - 1, column, row + down - 2, column + across - 1))
    if b"<draw:frame" in body:
        sheet.pictures.append((row - 1, column, row - 1, column))


_ODS_FORMULA_NAMESPACE = re.compile(r"(?:of|oooc|msoxl):")
# a reference as OpenFormula spells it: [.E4], [.H7:.H8], [$Sheet1.A1], ['My sheet'.$A$1]
_ODF_REFERENCE = re.compile(r"\[((?:\$?'[^']*'|[^\[\]'#])*)\]")


def excel_spelling(formula: str) -> str:
    """An .ods formula as Calc, Excel and WPS show it: [.E4]*0.9 → E4*0.9, ROUND(x;1) →
    ROUND(x,1), [$Sheet1.A1] → Sheet1!A1. A reference into another file (['file:…'#…]) and
    text in quotes are left as they are."""
    parts = formula.split('"')
    for index in range(0, len(parts), 2):  # outside the quoted texts
        parts[index] = _ODF_REFERENCE.sub(_excel_reference, parts[index]).replace(";", ",")
    return '"'.join(parts)


def _excel_reference(found: re.Match[str]) -> str:
    spelled = []
    for end in found[1].split(":"):
        sheet, dot, cell = end.rpartition(".")
        sheet = sheet.removeprefix("$")
        spelled.append(f"{sheet}!{cell}" if dot and sheet else cell)
    return ":".join(spelled)
_ODS_MARKED = re.compile(rb"table:formula=|value-type=\"(?:percentage|error)\"|-spanned=\"")
_ODS_ATTRIBUTE = re.compile(rb'([\w:-]+)="([^"]*)"')
_ODS_TEXT = re.compile(rb"<text:p[^>]*>([^<]*)<")


def _ods_saved_at(package: Package, display: str) -> str:
    """When an .ods was saved (meta.xml's dc:date), in ISO form. LibreOffice records the
    clock's local time without its zone: taken as China's (UTC+8), where perfxl is used."""
    if not package.has("meta.xml"):
        return ""
    found = _ODS_DATE.search(_read_part(package, "meta.xml", display))
    if found is None:
        return ""
    text = _unescape(found[1]).strip()
    try:
        moment = datetime.fromisoformat(text[:26])  # nanoseconds past Python's micro
    except ValueError:
        return ""
    return (moment if moment.tzinfo else moment.replace(tzinfo=CHINA_TIME)).isoformat()


_ODS_DATE = re.compile(rb"<dc:date>([^<]+)</dc:date>")
CHINA_TIME = timezone(timedelta(hours=8))  # the offices' clocks (Beijing time)


def _read_xls(data: bytes, display: str) -> RawWorkbook:
    """An .xls: its values by calamine, its formulas and the like from its BIFF records;
    values alone (FILE_014 says so) where perfxl cannot walk them (BIFF5, damage)."""
    from . import biff

    try:
        found = biff.scan(data, MAX_SHEETS)
    except biff.BiffError:
        return _read_values_only(data, display)
    return _read_values_only(data, display, {sheet.name: sheet for sheet in found.sheets},
                             found.saved_at)


def _read_values_only(data: bytes, display: str, marks: dict[str, RawSheet] | None = None,
                      saved_at: str = "") -> RawWorkbook:
    """.xls and .ods: calamine reads their values. Their `marks` (formulas and the like,
    by sheet) are checked as an .xlsx's are; without them, a note says they could not be."""
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        metadata = book.sheets_metadata
        if len(metadata) > MAX_SHEETS:
            return _failed(
                display, make_issue("FILE_015", file=display,
                                    reason=_reason("sheets", count=len(metadata)))
            )
        twice = _repeated_name([meta.name for meta in metadata])
        if twice is not None:
            return _failed(display, make_issue("FILE_018", file=display, sheet=twice))
        sheets = []
        for meta in metadata:
            sheet = book.get_sheet_by_name(meta.name)
            # calamine's totals are the indexes of the last row and column, not counts
            last_row, last_column = sheet.total_height + 1, sheet.total_width
            if last_row > MAX_ROWS or last_column >= MAX_COLUMNS:
                return _failed(display, make_issue("FILE_007", file=display, sheet=meta.name,
                                                   ref=a1(last_row, last_column)))
            visibility = str(meta.visible).rsplit(".", 1)[-1].lower()
            marked = (marks or {}).get(meta.name)
            sheets.append(replace(marked, visibility=visibility, rows=_values(sheet))
                          if marked else RawSheet(meta.name, visibility, _values(sheet)))
    finally:
        book.close()
    return RawWorkbook(display, sheets, saved_at, checked_structure=marks is not None)
