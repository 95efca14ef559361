"""Builders of hostile and odd inbox files, made in code from real filled returns.

Every function writes a file and returns its path; nothing binary is stored in the repo.
Most start from a correct return (written with `perfxl.simulate.fill_template`) and change
one thing at the byte, zip-member or XML level, the way a broken or malicious file would.
"""

from __future__ import annotations

import io
import os
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from perfxl.ingest import _limit_memory as _PERFXL_LIMIT_MEMORY  # before any test patches it
from perfxl.reader import RawWorkbook, read_file

Patch = Callable[[bytes], bytes]

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# --- zip and XML plumbing ------------------------------------------------------------------


def rewrite_zip(
    source: Path,
    target: Path,
    patches: dict[str, Patch] | None = None,
    add: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
) -> Path:
    """Copy the zip `source` to `target`, patching, adding or dropping members by name."""
    patches = patches or {}
    add = dict(add or {})
    data = {}
    with zipfile.ZipFile(source) as archive:
        for info in archive.infolist():
            if info.filename in drop:
                continue
            content = archive.read(info.filename)
            if info.filename in patches:
                content = patches[info.filename](content)
            data[info.filename] = content
    for name in patches:
        if name not in data and name not in drop:
            raise KeyError(f"{source} has no member {name}")
    data.update(add)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in data.items():
            archive.writestr(name, content)
    return target


def sheet_part(path: Path, sheet: str) -> str:
    """The zip member holding worksheet `sheet` (by workbook.xml and its relationships)."""
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode("utf-8")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = {}
    for match in re.finditer(r"<Relationship\b([^>]*)/?>", rels):
        attributes = dict(re.findall(r'(\w+)="([^"]*)"', match[1]))
        targets[attributes["Id"]] = attributes["Target"]
    for match in re.finditer(r"<(?:\w+:)?sheet\b([^>]*)/?>", workbook):
        attributes = {k.split(":")[-1]: v for k, v in re.findall(r'([\w:]+)="([^"]*)"', match[1])}
        if _xml_unescape(attributes.get("name", "")) == sheet:
            target = targets[attributes["id"]]
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise KeyError(f"{path} has no sheet {sheet}")


def _xml_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def patch_sheet(source: Path, target: Path, sheet: str, patch: Patch) -> Path:
    return rewrite_zip(source, target, {sheet_part(source, sheet): patch})


def _cell_pattern(ref: str) -> re.Pattern[bytes]:
    return re.compile(rb'<c r="' + ref.encode() + rb'"(?=[\s>/])([^>]*?)(?:/>|>(.*?)</c>)', re.S)


def replace_cell(xml: bytes, ref: str, inner: str, cell_type: str | None = None) -> bytes:
    """Replace cell `ref` by one holding `inner` XML (keeping its style), typed `cell_type`."""
    pattern = _cell_pattern(ref)
    match = pattern.search(xml)
    if match is None:
        raise KeyError(f"no cell {ref} in the sheet")
    style = re.search(rb'\bs="\d+"', match[1])
    attributes = b' r="' + ref.encode() + b'"'
    if style:
        attributes += b" " + style[0]
    if cell_type:
        attributes += b' t="' + cell_type.encode() + b'"'
    new = b"<c" + attributes + b">" + inner.encode("utf-8") + b"</c>"
    return xml[: match.start()] + new + xml[match.end() :]


def drop_addresses(xml: bytes, row: int) -> bytes:
    """Row `row` with its cells' r attributes left out, as some writers save (the spec makes
    them optional); the cells must run from column A without a gap, so none moves."""
    found = re.search(rb'<row r="%d"[^>]*>(.*?)</row>' % row, xml, re.S)
    if found is None:
        raise KeyError(f"no row {row}")
    addresses = re.findall(rb'<c r="([A-Z]+)%d"' % row, found[1])
    if [a.decode() for a in addresses] != [chr(65 + i) for i in range(len(addresses))]:
        raise ValueError(f"row {row} has gaps: {addresses}")
    cells = re.sub(rb'<c r="[A-Z]+%d"' % row, b"<c", found[1])
    return xml[: found.start(1)] + cells + xml[found.end(1) :]


def set_cell_xml(
    source: Path, target: Path, sheet: str, ref: str, inner: str, cell_type: str | None = None
) -> Path:
    """A copy of `source` whose cell `ref` on `sheet` is rewritten at the XML level."""
    return patch_sheet(source, target, sheet, lambda xml: replace_cell(xml, ref, inner, cell_type))


def append_rows(xml: bytes, rows: bytes) -> bytes:
    """Raw `<row>` XML appended at the end of `<sheetData>`."""
    if b"</sheetData>" not in xml:
        raise ValueError("no sheetData")
    return xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)


_MODIFIED = re.compile(rb"<dcterms:modified\b[^>]*>[^<]*</dcterms:modified>")


def set_saved_time(path: Path, when: str | None) -> Path:
    """Set (or with None remove) docProps/core.xml's modified time, e.g. 2021-01-20T08:00:00Z.

    openpyxl overwrites `properties.modified` with the current time on save, so this edits
    the saved file in place (it is not yet in the inbox when tests call it).
    """

    def patch(xml: bytes) -> bytes:
        element = (
            b""
            if when is None
            else b'<dcterms:modified xmlns:dcterms="http://purl.org/dc/terms/" '
            b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            b'xsi:type="dcterms:W3CDTF">' + when.encode() + b"</dcterms:modified>"
        )
        if not _MODIFIED.search(xml):
            raise ValueError("core.xml has no modified time")
        return _MODIFIED.sub(element, xml, count=1)

    temporary = path.with_name(path.name + ".tmp")
    rewrite_zip(path, temporary, {"docProps/core.xml": patch})
    os.replace(temporary, path)
    return path


# --- not a workbook at all -----------------------------------------------------------------


def zero_byte(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"")
    return target


def truncated(source: Path, target: Path) -> Path:
    """The first half of `source`'s bytes (an interrupted download or email attachment)."""
    data = source.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def csv_text(target: Path, encoding: str = "utf-8") -> Path:
    rows = ["编号,指标名称,分值,自评得分", "A01,党建工作成效,40,36", "A02,依法行政成效,30,27"]
    target.write_bytes(("\r\n".join(rows) + "\r\n").encode(encoding))
    return target


def html_table(target: Path, bom: bool = False) -> Path:
    """What many web systems export as "Excel": an HTML table named .xls."""
    page = (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">\n'
        '<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>\n'
        "<body><table><tr><td>编号</td><td>自评得分</td></tr>"
        "<tr><td>A01</td><td>36</td></tr></table></body></html>\n"
    )
    target.write_bytes((b"\xef\xbb\xbf" if bom else b"") + page.encode("utf-8"))
    return target


def docx_document(target: Path) -> Path:
    """A real Word document (python-docx), to be saved under an Excel name."""
    import docx

    document = docx.Document()
    document.add_paragraph("法制科2020年度绩效自评报告")
    document.save(str(target))
    return target


# --- password protection -------------------------------------------------------------------

_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_SECTOR = 512


def _dir_entry(
    name: str, kind: int, start: int, size: int, child: int = _FREE, right: int = _FREE
) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    entry = encoded.ljust(64, b"\0")
    entry += struct.pack("<HBB", len(encoded), kind, 1 if kind else 0)  # length, type, black
    entry += struct.pack("<III", _FREE, right, child)  # left, right sibling, child
    entry += b"\0" * 16 + b"\0" * 4 + b"\0" * 16  # CLSID, state bits, times
    entry += struct.pack("<IQ", start, size)
    assert len(entry) == 128
    return entry


def xlsb_container(target: Path) -> Path:
    """A zip laid out as Excel's binary workbook (.xlsb): the parts are .bin records, so the
    content itself does not matter to the reader, only the layout."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"><Default Extension="bin" ContentType='
                         '"application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>')
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00\x84\x01\x00")
        archive.writestr("xl/worksheets/sheet1.bin", b"\x81\x01\x00\x82\x01\x00")
    return target


def cfb_container(target: Path, streams: dict[str, bytes]) -> Path:
    """A minimal but valid OLE2 compound file (CFB v3) holding `streams` in the root.

    Each stream is padded to at least 4096 bytes so it lives in regular sectors (no mini
    stream). Enough for olefile to list the streams and for perfxl to see what it holds.
    """
    payloads = [(name, data.ljust(4096, b"\0")) for name, data in streams.items()]
    # names in the order CFB's red-black tree compares them: by length, then upper case
    payloads.sort(key=lambda item: (len(item[0]), item[0].upper()))
    entries = [_dir_entry("Root Entry", 5, _END, 0, child=1 if payloads else _FREE)]
    fat = [_FAT, _END]  # sector 0: the FAT itself; sector 1: the directory
    sectors: list[bytes] = []
    for index, (name, data) in enumerate(payloads):
        count = -(-len(data) // _SECTOR)
        start = 2 + len(sectors)
        fat += [start + i + 1 for i in range(count - 1)] + [_END]
        sectors += [data[i * _SECTOR : (i + 1) * _SECTOR].ljust(_SECTOR, b"\0")
                    for i in range(count)]
        right = index + 2 if index + 1 < len(payloads) else _FREE
        entries.append(_dir_entry(name, 2, start, len(data), right=right))
    if len(fat) > _SECTOR // 4 or len(entries) > 4:
        raise ValueError("too much for this minimal writer")
    while len(entries) < 4:
        entries.append(_dir_entry("", 0, 0, 0))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x003E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108  # DIFAT: FAT in sector 0
    assert len(header) == _SECTOR
    fat_sector = struct.pack(f"<{_SECTOR // 4}I", *(fat + [_FREE] * (_SECTOR // 4 - len(fat))))
    target.write_bytes(header + fat_sector + b"".join(entries) + b"".join(sectors))
    return target


def encrypted_container(target: Path) -> Path:
    """What Excel's "Encrypt with Password" produces, structurally: an OLE file holding the
    EncryptionInfo and EncryptedPackage streams (contents here are filler)."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b"\0" * 64  # agile encryption version 4.4
    return cfb_container(target, {"EncryptionInfo": info, "EncryptedPackage": os.urandom(64)})


def encrypted_xlsx(source: Path, target: Path, password: str = "密码123") -> Path:
    """A really encrypted copy of `source` (needs the msoffcrypto-tool package)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    with source.open("rb") as plain, target.open("wb") as out:
        OOXMLFile(plain).encrypt(password, out)
    return target


# --- bombs -----------------------------------------------------------------------------------


def damaged_member(source: Path, target: Path, member: str = "xl/worksheets/sheet2.xml"
                   ) -> Path:
    """`source` with 16 bytes in the middle of `member`'s compressed data overwritten, its
    zip headers intact: the way a disk or a mail gateway damages a file."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(member)
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    middle = start + info.compress_size // 2
    data[middle : middle + 16] = b"\xff" * 16
    target.write_bytes(bytes(data))
    return target


def zip_bomb(source: Path, target: Path, sheet: str = "自评表", megabytes: int = 100) -> Path:
    """`source` whose `sheet` part is the real sheet followed by `megabytes` of spaces,
    deflated while streaming (a few hundred KB on disk)."""
    part = sheet_part(source, sheet)
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(source) as archive_in, zipfile.ZipFile(
        target, "w", zipfile.ZIP_DEFLATED, compresslevel=1
    ) as archive_out:
        for info in archive_in.infolist():
            data = archive_in.read(info.filename)
            if info.filename != part:
                archive_out.writestr(info.filename, data)
                continue
            head, _, tail = data.rpartition(b"</worksheet>")
            with archive_out.open(part, "w", force_zip64=True) as handle:
                handle.write(head)
                for _ in range(megabytes):
                    handle.write(chunk)
                handle.write(b"</worksheet>" + tail)
    return target


def lying_size(
    source: Path, target: Path, sheet: str = "自评表", declared: int = 4096,
    padding: int = 2 << 20,
) -> Path:
    """`source` whose sheet member expands to more than its headers declare.

    The member is `padding` spaces then the real sheet XML; the local header and the central
    directory both claim `declared` bytes, with the CRC of those first bytes, so Python's
    zipfile reads a plausible short member while the real stream is much longer.
    """
    part = sheet_part(source, sheet)
    with zipfile.ZipFile(source) as archive:
        xml = archive.read(part)
    real = b" " * padding + xml
    rewrite_zip(source, target, {part: lambda _old: real})
    raw = bytearray(target.read_bytes())
    crc = zlib.crc32(real[:declared])
    name = part.encode()
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive:
        offset = archive.getinfo(part).header_offset
    struct.pack_into("<I", raw, offset + 14, crc)
    struct.pack_into("<I", raw, offset + 22, declared)
    position = 0
    while (position := raw.find(b"PK\x01\x02", position)) >= 0:
        length = struct.unpack_from("<H", raw, position + 28)[0]
        if raw[position + 46 : position + 46 + length] == name:
            struct.pack_into("<I", raw, position + 16, crc)
            struct.pack_into("<I", raw, position + 24, declared)
        position += 4
    target.write_bytes(bytes(raw))
    return target


BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + "]>\n"
)


def entity_bomb_in_shared_strings(source: Path, target: Path) -> Path:
    """`source` plus a shared-strings part whose string is a billion-laughs entity."""
    strings = (
        BILLION_LAUGHS
        + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    ).encode()
    patches: dict[str, Patch] = {}
    with zipfile.ZipFile(source) as archive:
        names = set(archive.namelist())
    if "xl/sharedStrings.xml" in names:
        patches["xl/sharedStrings.xml"] = lambda _old: strings
        return rewrite_zip(source, target, patches)
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    relation = (
        b'<Relationship Id="rIdStrings" Type="' + REL_NS.encode() + b'/sharedStrings" '
        b'Target="sharedStrings.xml"/></Relationships>'
    )
    patches["[Content_Types].xml"] = lambda xml: xml.replace(b"</Types>", override)
    patches["xl/_rels/workbook.xml.rels"] = lambda xml: xml.replace(b"</Relationships>", relation)
    return rewrite_zip(source, target, patches, add={"xl/sharedStrings.xml": strings})


def entity_bomb_in_part(source: Path, target: Path, part: str) -> Path:
    """`source` whose member `part` starts with a billion-laughs DOCTYPE (and uses it)."""

    def patch(xml: bytes) -> bytes:
        body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", xml)
        return BILLION_LAUGHS.encode() + body

    return rewrite_zip(source, target, {part: patch})


def far_cell(source: Path, target: Path, sheet: str, ref: str, spelling: str = "plain") -> Path:
    """`source` with one more cell holding 1 at `ref` (e.g. XFD1048576).

    `spelling` writes the attributes the way XML allows but regexes may not expect:
    "plain" r="..", "single" r='..', "spaced" r = "..".
    """
    row = re.fullmatch(r"[A-Z]+(\d+)", ref)
    if row is None:
        raise ValueError(ref)
    quote = {"plain": '="{}"', "single": "='{}'", "spaced": ' = "{}"'}[spelling]
    xml = (f"<row r{quote.format(row[1])}><c r{quote.format(ref)}><v>1</v></c></row>").encode()
    return patch_sheet(source, target, sheet, lambda old: append_rows(old, xml))


def lying_dimension(source: Path, target: Path, sheet: str = "自评表") -> Path:
    """`source` whose `<dimension>` claims the whole grid while the cells stay normal."""

    def patch(xml: bytes) -> bytes:
        new, count = re.subn(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)
        if count != 1:
            raise ValueError("no dimension element")
        return new

    return patch_sheet(source, target, sheet, patch)


def duplicate_member(source: Path, target: Path, member: str = "xl/worksheets/sheet2.xml"
                     ) -> Path:
    """`source` holding `member` twice, the first copy with its first number cell replaced by
    a formula: readers that take different copies would disagree about the sheet."""
    import warnings

    with zipfile.ZipFile(source) as archive:
        contents = {info.filename: archive.read(info) for info in archive.infolist()}
    with warnings.catch_warnings(), zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name: the point here
        for name, content in contents.items():
            if name == member:
                out.writestr(name, re.sub(rb"<v>([\d.]+)</v>", rb"<f>999</f><v>\1</v>", content,
                                          count=1))
            out.writestr(name, content)
    return target


def duplicate_relationship(source: Path, target: Path, sheet: str = "自评表") -> Path:
    """`source` whose workbook relationships give `sheet`'s id twice, first to a copy of the
    sheet with a formula in its first number cell."""
    part = sheet_part(source, sheet)
    with zipfile.ZipFile(source) as archive:
        copy = re.sub(rb"<v>([\d.]+)</v>", rb"<f>999</f><v>\1</v>", archive.read(part), count=1)
    folder, _, file_name = part.rpartition("/")
    twin = f"{folder}/twin-{file_name}"

    def patch(xml: bytes) -> bytes:
        entry = re.search(rb'<Relationship [^>]*Target="[^"]*' + re.escape(file_name.encode())
                          + rb'"[^>]*/>', xml)
        if entry is None:
            raise ValueError(f"no relationship to {part}")
        forged = entry[0].replace(file_name.encode(), f"twin-{file_name}".encode())
        return xml.replace(entry[0], forged + entry[0], 1)

    return rewrite_zip(source, target, {"xl/_rels/workbook.xml.rels": patch}, add={twin: copy})


def retarget_sheet(source: Path, target: Path, sheet: str, change: Callable[[str], str]) -> Path:
    """`source` whose workbook relationship to `sheet`'s part says `change(target)` instead
    (another case, backslashes), the part itself unchanged."""
    part = sheet_part(source, sheet)
    file_name = part.rpartition("/")[2]

    def patch(xml: bytes) -> bytes:
        entry = re.search(rb'Target="([^"]*' + re.escape(file_name.encode()) + rb')"', xml)
        if entry is None:
            raise ValueError(f"no relationship to {part}")
        new = change(entry[1].decode()).encode()
        return xml[: entry.start(1)] + new + xml[entry.end(1) :]

    return rewrite_zip(source, target, {"xl/_rels/workbook.xml.rels": patch})


_STRICT_NAMESPACES = (
    (b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
     b"http://purl.oclc.org/ooxml/spreadsheetml/main"),
    (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     b"http://purl.oclc.org/ooxml/officeDocument/relationships"),
    (b"http://schemas.openxmlformats.org/drawingml/2006/",
     b"http://purl.oclc.org/ooxml/drawingml/"),
)


def strict_ooxml(source: Path, target: Path) -> Path:
    """`source` as Excel saves it under "Strict Open XML Spreadsheet": the same parts in the
    ISO 29500 Strict namespaces (the package's own relationship and content-type namespaces
    stay as they are)."""
    with zipfile.ZipFile(source) as archive:
        names = [n for n in archive.namelist() if n.endswith((".xml", ".rels"))]

    def strict(xml: bytes) -> bytes:
        for transitional, iso in _STRICT_NAMESPACES:
            xml = xml.replace(transitional, iso)
        return xml.replace(b"<workbook ", b'<workbook conformance="strict" ', 1)

    return rewrite_zip(source, target, {name: strict for name in names})


def duplicate_sheet_name(source: Path, target: Path, sheet: str = "自评表") -> Path:
    """`source` whose first sheet is renamed to `sheet`, the name of another: two sheets share
    it, which Excel and LibreOffice never save but a broken tool can."""

    def patch(xml: bytes) -> bytes:
        name = sheet.encode()
        new, count = re.subn(rb'(<sheet [^>]*?name=")[^"]*"', lambda m: m[1] + name + b'"', xml,
                             count=1)
        if count != 1 or new.count(b'name="' + name + b'"') != 2:
            raise ValueError(f"the first sheet was already {sheet}, or no sheet is")
        return new

    return rewrite_zip(source, target, {"xl/workbook.xml": patch})


def overflowing_formula(factors: int = 260, digits: int = 4000) -> str:
    """Plain arithmetic whose value exceeds Decimal's exponent range (about 10**1040000).

    Random digits so the sheet part does not compress like a zip bomb; seeded, so the file
    is the same each run. About 1 MB of formula text.
    """
    rng = random.Random(20201231)
    numbers = ["9" + str(rng.getrandbits(digits * 10 // 3))[: digits - 1] for _ in range(factors)]
    return "*".join(numbers)


# --- pictures --------------------------------------------------------------------------------


def tiny_png() -> bytes:
    """A valid 2×2 red PNG built with struct and zlib."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\0" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _cell_index(ref: str) -> tuple[int, int]:
    match = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    if match is None:
        raise ValueError(ref)
    column = 0
    for letter in match[1]:
        column = column * 26 + ord(letter) - 64
    return int(match[2]) - 1, column - 1


def add_picture(source: Path, target: Path, sheet: str, anchor: str, to: str | None = None
                ) -> Path:
    """`source` with a PNG picture drawn over the sheet, its top-left corner in `anchor` and
    its bottom-right one at the end of that cell, or inside the cell `to`.

    The parts Excel writes for Insert › Picture: the image, a drawing with a two-cell anchor,
    the relationships between them and the content types.
    """
    part = sheet_part(source, sheet)
    folder, _, file_name = part.rpartition("/")
    sheet_rels = f"{folder}/_rels/{file_name}.rels"
    row, column = _cell_index(anchor)
    last_row, last_column = _cell_index(to) if to else (row + 1, column + 1)
    offset = 19050 if to else 0
    drawing = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<xdr:twoCellAnchor editAs="oneCell">'
        f"<xdr:from><xdr:col>{column}</xdr:col><xdr:colOff>19050</xdr:colOff>"
        f"<xdr:row>{row}</xdr:row><xdr:rowOff>19050</xdr:rowOff></xdr:from>"
        f"<xdr:to><xdr:col>{last_column}</xdr:col><xdr:colOff>{offset}</xdr:colOff>"
        f"<xdr:row>{last_row}</xdr:row><xdr:rowOff>{offset}</xdr:rowOff></xdr:to>"
        '<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="图片 1"/><xdr:cNvPicPr>'
        '<a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>'
        '<xdr:blipFill><a:blip xmlns:r="' + REL_NS + '" r:embed="rId1"/>'
        "<a:stretch><a:fillRect/></a:stretch></xdr:blipFill>"
        '<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="190500" cy="190500"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic>'
        "<xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>"
    )
    relationships = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="{id}" Type="' + REL_NS + '/{kind}" Target="{target}"/>'
        "</Relationships>"
    )
    with zipfile.ZipFile(source) as archive:
        if sheet_rels in archive.namelist() or "xl/drawings/drawing1.xml" in archive.namelist():
            raise ValueError("this builder expects a sheet without drawings")

    def patch_sheet_xml(xml: bytes) -> bytes:
        element = b'<drawing xmlns:r="' + REL_NS.encode() + b'" r:id="rIdPicture1"/>'
        for closing in (b"<legacyDrawing", b"<tableParts", b"<extLst", b"</worksheet>"):
            if closing in xml:
                index = xml.index(closing)
                return xml[:index] + element + xml[index:]
        raise ValueError("no end of worksheet")

    def patch_types(xml: bytes) -> bytes:
        extra = b""
        if b'Extension="png"' not in xml:
            extra += b'<Default Extension="png" ContentType="image/png"/>'
        extra += (
            b'<Override PartName="/xl/drawings/drawing1.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>'
        )
        return xml.replace(b"</Types>", extra + b"</Types>")

    return rewrite_zip(
        source,
        target,
        {part: patch_sheet_xml, "[Content_Types].xml": patch_types},
        add={
            "xl/media/image1.png": tiny_png(),
            "xl/drawings/drawing1.xml": drawing.encode(),
            "xl/drawings/_rels/drawing1.xml.rels": relationships.format(
                id="rId1", kind="image", target="../media/image1.png"
            ).encode(),
            sheet_rels: relationships.format(
                id="rIdPicture1", kind="drawing", target="../drawings/drawing1.xml"
            ).encode(),
        },
    )


# --- OpenDocument --------------------------------------------------------------------------


def ods_workbook(target: Path, table_xml: str, sheet: str = "自评表") -> Path:
    """A minimal .ods (mimetype, content.xml, manifest) with one table of raw `table_xml`."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">{table_xml}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return target


def ods_repeat_bomb(target: Path, rows: int = 100_000, columns: int = 1000) -> Path:
    """A 1 KB .ods whose one numeric cell is repeated `columns` times in `rows` rows
    (OpenDocument's table:number-*-repeated), i.e. 10^8 cells once expanded."""
    cell = (
        f'<table:table-cell table:number-columns-repeated="{columns}" '
        'office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
    )
    return ods_workbook(
        target, f'<table:table-row table:number-rows-repeated="{rows}">{cell}</table:table-row>'
    )


# --- openpyxl edits (for ReturnFactory.write(edit=...)) ------------------------------------


def set_meta(key: str, value: str) -> Callable[[object], None]:
    """An edit that rewrites one value of the hidden metadata sheet."""

    def edit(book: object) -> None:
        sheet = book["perfxl_meta"]  # type: ignore[index]
        for row in sheet.iter_rows(min_col=1, max_col=2):
            if row[0].value == key:
                row[1].value = value
                return
        raise KeyError(key)

    return edit


def copy_values_to_new_workbook(source: Path, target: Path) -> Path:
    """What a section does when it pastes the template's content into a new workbook: every
    visible sheet's values, same names and positions; the hidden metadata is left behind."""
    import openpyxl

    book = openpyxl.load_workbook(source)
    fresh = openpyxl.Workbook()
    fresh.remove(fresh.active)
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        copy = fresh.create_sheet(sheet.title)
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    copy.cell(cell.row, cell.column).value = cell.value
    fresh.save(target)
    return target


def quiet_worker_setup() -> None:
    """perfxl.ingest's worker initializer (the memory limit), plus no faulthandler dump when
    a worker is aborted on purpose by a test."""
    import faulthandler

    faulthandler.disable()
    _PERFXL_LIMIT_MEMORY()


def no_core_dumps() -> None:
    """Keep a deliberately crashing reader from writing a core file."""
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def slow_read_file(path: Path, display: str, data: bytes | None = None) -> RawWorkbook:
    """read_file, taking a minute over any file named *-SLOW*: what a sheet crafted to make
    the scan's patterns slow does, in a reader process with an alarm set."""
    if "-SLOW" in path.name:
        import time

        time.sleep(60)
    return read_file(path, display, data)


def crashing_read_file(path: Path, display: str, data: bytes | None = None) -> RawWorkbook:
    """Stand-in for perfxl.reader.read_file that aborts its process on files named *CRASH*,
    the way a native reader dies on a hostile file; any other file is read normally."""

    if "CRASH" in display:
        no_core_dumps()
        os.abort()
    return read_file(path, display, data)


# --- zips as other archivers write them ----------------------------------------------------

def _crc_table() -> list[int]:
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0xEDB88320 if c & 1 else c >> 1
        table.append(c)
    return table


class _ZipCrypto:
    """PKWARE's traditional zip encryption (APPNOTE 6.1), which WinRAR, 7-Zip and Bandizip
    write when asked for a password with the classic ZIP option; zipfile decrypts it."""

    TABLE = _crc_table()

    def __init__(self, password: bytes) -> None:
        self.keys = [0x12345678, 0x23456789, 0x34567890]
        for byte in password:
            self._update(byte)

    def _crc(self, crc: int, byte: int) -> int:
        return self.TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)

    def _update(self, byte: int) -> None:
        k0, k1, k2 = self.keys
        k0 = self._crc(k0, byte)
        k1 = ((k1 + (k0 & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        k2 = self._crc(k2, k1 >> 24)
        self.keys = [k0, k1, k2]

    def encrypt(self, data: bytes) -> bytes:
        out = bytearray()
        for byte in data:
            temp = (self.keys[2] | 2) & 0xFFFF
            out.append(byte ^ (((temp * (temp ^ 1)) >> 8) & 0xFF))
            self._update(byte)
        return bytes(out)


def raw_zip(target: Path, members: dict[str, bytes], password: bytes | None = None,
            method: int = zipfile.ZIP_DEFLATED) -> Path:
    """A zip written byte by byte: its members deflated (or stored, for method 0), or, for
    an archiver's method zipfile cannot extract (9 = Deflate64, 98 = PPMd), deflated but
    labelled so; with `password`, encrypted as classic ZipCrypto."""
    local, central = bytearray(), bytearray()
    for name, content in members.items():
        crc = zlib.crc32(content)
        packed = content if method == zipfile.ZIP_STORED else zlib.compress(content)[2:-4]
        flags = 0x800  # UTF-8 names
        if password is not None:
            flags |= 0x1
            header = bytes(random.Random(name).randrange(256) for _ in range(11)) + bytes(
                [crc >> 24])
            packed = _ZipCrypto(password).encrypt(header + packed)
        encoded = name.encode()
        fields = struct.pack("<HHHHHIIIHH", 20, flags, method, 0, 0x21, crc, len(packed),
                             len(content), len(encoded), 0)
        offset = len(local)
        local += b"PK\x03\x04" + fields + encoded + packed
        central += (b"PK\x01\x02" + struct.pack("<H", 20) + fields
                    + struct.pack("<HHHII", 0, 0, 0, 0, offset) + encoded)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members),
                      len(central), len(local), 0)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(bytes(local + central + end))
    return target


def damage_member(zip_path: Path, member: str) -> Path:
    """`zip_path` with bytes in the middle of `member`'s compressed data overwritten: the
    zip directory stays intact, the member no longer inflates (or fails its CRC)."""
    data = bytearray(zip_path.read_bytes())
    with zipfile.ZipFile(zip_path) as archive:
        info = archive.getinfo(member)
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    for position in range(start + info.compress_size // 3, start + info.compress_size // 2):
        data[position] ^= 0x5A
    zip_path.write_bytes(bytes(data))
    return zip_path
