"""Supporting materials (佐证材料): returns sent as folders or zips, what each cell cites, and
whether the files are there and are what their names say.

Materials are only ever read for their size, type and hash; nothing is opened or executed.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from perfxl import i18n
from perfxl.issues import Issue, exception_text, make_issue
from perfxl.model import Return, decimal_text

MAX_ZIP_MEMBERS = 2000
# A material larger than this is listed but not hashed, archived or bound: copying a 10 GB
# recording twice (archive/, the binder) would take minutes and that much disk.
MAX_MATERIAL_BYTES = 2 * 1024**3
MAX_ZIP_MEMBER_BYTES = 200 * 1024 * 1024
MAX_ZIP_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_ZIP_RATIO = 200
UTF8_FLAG = 0x800

EXTENSIONS = (
    "pdf", "doc", "docx", "wps", "xls", "xlsx", "et", "ppt", "pptx", "dps", "txt", "csv",
    "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "mp4", "avi", "mov", "wmv", "mp3",
    "wav", "ofd", "zip", "rar", "7z", "heic", "heif", "webp", "jfif", "m4a", "aac", "amr",
    "flac", "mkv", "webm", "m4v", "3gp", "flv", "rtf", "htm", "html",
)
# A cited name is a run of characters other than spaces and slashes ending in a known
# extension (the first one that ends a word). Extensions are found first and each name
# taken back to its run's start: one lazy pattern for the whole name retried from every
# position, which took minutes on a 32,767-character cell without one.
_RUN = re.compile(r"[^\s:]+")  # a folder's slash stays in ("A03/照片.jpg"); "见附件:" is no name
# an extension ends where no ASCII letter or digit follows ("a.pdf及b.jpg" holds two names)
_EXTENSION = re.compile(r"\.(?:" + "|".join(EXTENSIONS) + r")(?![A-Za-z0-9])", re.IGNORECASE)
_SEPARATORS = re.compile(r"[；;，,、\n\r\t]+")
_NUMBERING = re.compile(r"^(?:[(（]?\d{1,3}[.、．)）]|[①-⑳])\s*")

# content type by the file's first bytes, and the extensions each type may carry
SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"%PDF", 0, "pdf"),
    (b"\xff\xd8\xff", 0, "jpeg"),
    (b"\x89PNG", 0, "png"),
    (b"GIF8", 0, "gif"),
    (b"BM", 0, "bmp"),
    (b"II*\x00", 0, "tiff"),
    (b"MM\x00*", 0, "tiff"),
    (b"PK\x03\x04", 0, "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "ole"),
    (b"Rar!", 0, "rar"),
    (b"7z\xbc\xaf", 0, "7z"),
    (b"ftyp", 4, "mp4"),
    (b"RIFF", 0, "riff"),
    (b"ID3", 0, "mp3"),
    (b"#!AMR", 0, "amr"),
    (b"\x1a\x45\xdf\xa3", 0, "mkv"),
    (b"{\\rtf", 0, "rtf"),
)
# an ISO media file's brand (after "ftyp") that makes it a phone's photo or a sound
_BRANDS = {b"heic": "heic", b"heix": "heic", b"hevc": "heic", b"heim": "heic", b"heis": "heic",
           b"mif1": "heic", b"msf1": "heic", b"avif": "heic", b"M4A ": "m4a", b"M4B ": "m4a"}
EXTENSIONS_OF = {
    "pdf": {"pdf"}, "jpeg": {"jpg", "jpeg"}, "png": {"png"}, "gif": {"gif"}, "bmp": {"bmp"},
    "tiff": {"tif", "tiff"},
    "zip": {"zip", "docx", "xlsx", "pptx", "ofd", "xlsm", "wps", "et", "dps"},
    "ole": {"doc", "xls", "ppt", "wps", "et", "dps"}, "rar": {"rar"}, "7z": {"7z"},
    "mp4": {"mp4", "mov", "m4v", "3gp"}, "riff": {"avi", "wav"}, "mp3": {"mp3"},
    "heic": {"heic", "heif", "avif"}, "m4a": {"m4a", "aac"}, "webp": {"webp"},
    "amr": {"amr"}, "mkv": {"mkv", "webm"}, "rtf": {"rtf", "doc"}, "empty": set(),
}
TEXT_EXTENSIONS = {"txt", "csv"}


def content_kind(kind: str) -> i18n.Localized:
    """What a material's first bytes show, in words of each language ("pdf" → a PDF)."""
    known = f"content_kind.{kind}"
    return i18n.t_each(known if known in i18n.TEXT else "content_kind.unknown")


# What an Office file is, by its extension, once its content shows it is one: its first
# bytes only say "a zip" (current Office) or "an OLE file" (old Office).
_OFFICE_KINDS = {"docx": "word", "doc": "word", "wps": "word", "xlsx": "excel", "xls": "excel",
                 "xlsm": "excel", "et": "excel", "pptx": "slides", "ppt": "slides",
                 "dps": "slides", "ofd": "ofd", "zip": "zip_archive"}


def material_kind(material: Material) -> i18n.Localized:
    """What a material is, in words of each language: a Word document, an Excel workbook…
    where its content bears out its extension, else what its content shows."""
    specific = _OFFICE_KINDS.get(material.extension)
    if material.kind in ("zip", "ole") and specific and material.matches_extension:
        return i18n.t_each(f"content_kind.{specific}")
    return content_kind(material.kind)


def size_text(size: int) -> str:
    """A file size as people read it: 830 B, 11 KB, 1.2 MB, 2 MB, 25 MB, 1.5 GB (halves up)."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        amount = Decimal(size) / scale
        if amount >= Decimal("0.9995"):  # what would show as 1.0 or more
            text = decimal_text(amount, 1 if amount < 10 and unit != "KB" else 0)
            return f"{text.removesuffix('.0')} {unit}"
    return f"{size} B"


@dataclass(frozen=True)
class Material:
    """One supporting file sent with a return."""

    name: str  # the file's name as sent
    path: str  # where it is, relative to the inbox ("K03.zip/照片/1.jpg" inside a zip)
    size: int
    sha256: str
    kind: str  # the content type its first bytes show ("pdf", "jpeg" … or "unknown")
    source: str  # the file on disk, or the zip it is in
    member: str = ""  # its name inside the zip, as zipfile knows it
    index: int = -1  # its entry in the zip's directory (a zip may hold one name twice)

    @property
    def extension(self) -> str:
        return Path(self.name).suffix.lower().lstrip(".")

    @property
    def copy_key(self) -> tuple[str, str]:
        """Alike for the same file sent twice (two folders): its name and its bytes."""
        return normalized(self.name), self.sha256

    @property
    def matches_extension(self) -> bool:
        """False when the content contradicts the extension (a .pdf that is a picture); an
        empty file is said as such (EVIDENCE_014), not as a contradiction."""
        if self.kind == "empty":
            return True
        if self.kind == "unknown":
            return self.extension in TEXT_EXTENSIONS or self.extension not in {
                e for group in EXTENSIONS_OF.values() for e in group}
        return self.extension in EXTENSIONS_OF.get(self.kind, set())

    def read(self) -> bytes:
        """The file's bytes (to merge into the binder's PDF)."""
        with self.opened() as handle:
            return handle.read()

    @contextmanager
    def opened(self) -> Iterator[IO[bytes]]:
        """The file's content as a stream, from disk or from its own zip entry."""
        if not self.member:
            with Path(self.source).open("rb") as handle:
                yield handle
            return
        with zipfile.ZipFile(self.source) as archive:
            entries = archive.infolist()
            entry = entries[self.index] if 0 <= self.index < len(entries) else self.member
            with archive.open(entry) as member:
                yield member


def sniff(head: bytes) -> str:
    """What a file is, by its first SNIFFED bytes."""
    if not head:
        return "empty"
    for signature, offset, kind in SIGNATURES:
        if head[offset:offset + len(signature)] == signature:
            if kind == "mp4":
                return _BRANDS.get(head[8:12], kind)
            if kind == "riff" and head[8:12] == b"WEBP":
                return "webp"
            return kind
    if b"%PDF-" in head:  # a BOM or a line break before it: PDF readers look 1 KB in
        return "pdf"
    return "unknown"


SNIFFED = 1024


def material_from_file(path: Path, display: str, digest: str) -> Material:
    """A material that is a file of its own (named as shown, which for a zip member is the
    member's name, not the scratch copy's)."""
    with path.open("rb") as handle:
        head = handle.read(SNIFFED)
    name = display.rsplit("/", 1)[-1]
    return Material(name, display, path.stat().st_size, digest, sniff(head), str(path))


def normalized(name: str, numbered: bool = True) -> str:
    """A file name as compared: full-width folded, case-folded, no folder, and (unless
    `numbered`) no list number ("1.会议纪要.pdf" as 会议纪要.pdf)."""
    text = folded_path(name).rsplit("/", 1)[-1]
    return text if numbered else unnumbered(text)


def unnumbered(name: str) -> str:
    """A name without the list number before it: "1.会议纪要.pdf" is 会议纪要.pdf, but
    "1.jpg" is a file's whole name."""
    rest = _NUMBERING.sub("", name)
    return rest if "." in rest.lstrip(".") else name


def folded_path(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().replace("\\", "/").casefold()


def cited_files(evidence: str) -> list[str]:
    """The file names an evidence cell cites: anything with a known extension."""
    return [shown for shown, _candidates in citations_in(evidence)]


_CONNECTOR = re.compile(r"^(?:以及|及|和|与|或|\+|&)")  # "a.pdf及b.jpg", "a.pdf+b.jpg"
MAX_WORDS_IN_A_NAME = 6  # "新建 Microsoft Word 文档.docx", cited with its spaces


def citations_in(evidence: str, sent: Iterable[str] = ()) -> list[tuple[str, list[str]]]:
    """(the name as shown, the names it may be, likeliest first) for each file an evidence
    cell cites: as typed, without a list number or a joining word before it, and with the
    words before it for a name holding spaces. A name among `sent` (the files that came)
    is one name, whatever separators it holds ("党建、廉政工作总结.pdf")."""
    found: list[tuple[str, list[str]]] = []
    # ① before NFKC makes it a bare 1, stuck to the name: "①签到表.pdf" was "1签到表.pdf"
    # ① after a name's extension ("a.pdf②b.jpg") opens the next one, as after a separator
    text = _CIRCLED.sub(r"\1\2、", _STUCK_NUMBER.sub(r"\1、", evidence))
    text = unicodedata.normalize("NFKC", text)
    for piece in _pieces(text, sent):
        piece = piece.strip()
        for start, end, joined in _names_with_extensions(piece):
            typed = piece[start:end]
            if joined:  # right after another name: "及b.jpg" of "a.pdf及b.jpg"
                typed = _CONNECTOR.sub("", typed)
            # "材料/x.pdf" shown as x.pdf, "【台账.pdf】" as 台账.pdf
            shown = _unbracketed(unnumbered(re.split(r"[/\\]", typed)[-1]).strip())
            if not shown or shown in (f for f, _ in found):
                continue
            # the longest first: "上半年 工作总结.pdf" is not 工作总结.pdf when both were sent;
            # a name may start after a space or a label's colon ("见附件:2020年 总结.pdf")
            lefts = [m.end() for m in re.finditer(r"[\s:]+", piece[:start])]
            candidates = [piece[:end].strip()] if lefts else []
            candidates += [piece[left:end].strip() for left in lefts[-MAX_WORDS_IN_A_NAME:]]
            candidates += [typed, shown, re.sub("[《》“”]", "", shown),
                           _LEAD.sub("", shown),  # "详见补充材料.zip": 补充材料.zip
                           _inside_bracket(shown)]  # "会议记录（会议纪要.pdf）": 会议纪要.pdf
            found.append((shown, list(dict.fromkeys(c for c in candidates if c))))
    return found


# ① to ⑳ opening a name: a list number, kept one by the 、 ("附件①.pdf" keeps its ①)
_CIRCLED = re.compile("(^|[\\s；;，,、:：])([\u2460-\u2473])")
# words before a name with no colon after them; tried after the name as typed ("见面会.pdf")
_LEAD = re.compile(r"^(?:详见|参见|另见|见|附)")
# a circled number right after a name's extension ("a.pdf②b.jpg"), not inside a name
# ("汇报PPT①.pptx")
_STUCK_NUMBER = re.compile(r"(?<=\.)(" + "|".join(EXTENSIONS) + ")(?=[\u2460-\u2473])",
                           re.IGNORECASE)
_CLOSING = "】」』]）)\"”’'>》"
_PAIRS = {"【": "】", "「": "」", "『": "』", "[": "]", "（": "）", "(": ")", '"': '"', "《": "》",
          "“": "”", "‘": "’", "'": "'"}


def _inside_bracket(name: str) -> str:
    """What follows the last bracket opened in `name` and not closed in it, else ""."""
    for position in range(len(name) - 1, -1, -1):
        closer = _PAIRS.get(name[position])
        if closer is not None and closer not in name[position + 1:]:
            return name[position + 1:]
    return ""


def _unbracketed(name: str) -> str:
    """`name` without what stands around it rather than in it: brackets and quotes closing
    the name before it ("】【b.xlsx" of "【a.jpg】【b.xlsx】"), and one opening it that
    nothing in it closes ("（培训签到表.pdf", "\"纪要.pdf")."""
    name = name.lstrip(_CLOSING)
    if name[:1] in _PAIRS and _PAIRS[name[0]] not in name[1:]:
        name = name[1:]
    return name


_TITLE = re.compile(r"《[^《》]*》|“[^“”]*”")  # a document's title may hold a 、


# a list number before a name ("2、通知.pdf"): part of the name as sent, or a number to drop
_LISTED = re.compile(r"(^|[\s；;，,、])(\d{1,3})、")


def _pieces(text: str, sent: Iterable[str] = ()) -> list[str]:
    """The text split at separators outside 《…》 and “…”, outside the names of the files
    `sent`, and after a list number."""
    kept = _TITLE.sub(lambda title: title[0].translate(_HIDE_SEPARATORS), text)
    for name in sent:
        name = unicodedata.normalize("NFKC", name)
        if _SEPARATORS.search(name) and name.casefold() in kept.casefold():
            kept = re.sub(re.escape(name), lambda named: named[0].translate(_HIDE_SEPARATORS),
                          kept, flags=re.IGNORECASE)
    kept = _LISTED.sub(lambda listed: f"{listed[1]}{listed[2]}\uE000", kept)
    return [piece.translate(_SHOW_SEPARATORS) for piece in _SEPARATORS.split(kept)]


_HIDE_SEPARATORS = str.maketrans({"、": "\uE000", ",": "\uE001", ";": "\uE002"})
_SHOW_SEPARATORS = str.maketrans({"\uE000": "、", "\uE001": ",", "\uE002": ";"})


def _names_with_extensions(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, whether it follows another name directly) of each name in `text`."""
    for run in _RUN.finditer(text):
        start = run.start()
        for extension in _EXTENSION.finditer(text, run.start(), run.end()):
            if extension.start() > start:  # a name, not an extension alone
                yield start, extension.end(), start > run.start()
                start = extension.end()


# --- zips -------------------------------------------------------------------------------------


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's real name: UTF-8 when flagged, else the GBK/GB18030 of Chinese Windows."""
    if info.flag_bits & UTF8_FLAG:
        return info.filename
    raw = info.filename.encode("cp437")  # how zipfile decoded the unflagged bytes
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def unsafe_member(name: str) -> bool:
    """True for a member that would land outside its folder: absolute, drive, or `..`."""
    text = name.replace("\\", "/")
    return (text.startswith("/") or re.match(r"^[A-Za-z]:", text) is not None
            or ".." in text.split("/"))


@dataclass
class UnpackedZip:
    """A zip's workbooks (extracted for reading), its materials, and what was wrong."""

    workbooks: list[tuple[Path, str]] = field(default_factory=list)  # (extracted, display)
    materials: list[Material] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    refused: bool = False


def unpack_zip(path: Path, display: str, folder: Path, is_workbook: Iterable[str],
               is_clutter: Iterable[str] = ()) -> UnpackedZip:
    """Check a returned zip and extract its workbooks into `folder` (perfxl's own).

    Any member that escapes its folder, or sizes that say bomb, refuse the whole zip: nothing
    of it is extracted. Materials are not extracted; they are read in place when needed.
    """
    result = UnpackedZip()
    workbook_suffixes = set(is_workbook)
    clutter = set(is_clutter)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        result.issues.append(make_issue("FILE_002", file=display, reason=type(exc).__name__))
        result.refused = True
        return result
    with archive:
        entries = [(n, i) for n, i in enumerate(archive.infolist()) if not i.is_dir()]
        problem = _zip_problem([info for _n, info in entries], display)
        if problem is not None:
            result.issues.append(problem)
            result.refused = True
            return result
        seen: dict[str, int] = {}
        for index, info in entries:
            name = member_name(info).replace("\\", "/")  # as .NET and some tools write it
            base = name.rsplit("/", 1)[-1]
            if not base:  # a folder's own entry, written "材料\\"
                continue
            if base.lower() in clutter or base.startswith(("~$", ".~lock", "._")) or \
                    "__MACOSX/" in name:
                continue
            shown = _shown_apart(display, name, seen)
            if too_large_to_read(info):
                result.issues.append(make_issue("EVIDENCE_011", file=shown,
                                                size=size_text(info.file_size),
                                                limit=size_text(MAX_ZIP_MEMBER_BYTES)))
                continue
            try:
                data = archive.read(info)
            except _DAMAGED_MEMBER as exc:  # the others are still read
                result.issues.append(make_issue("FILE_024", file=shown,
                                                reason=exception_text(exc)))
                continue
            suffix = Path(base).suffix.lower()
            if suffix in workbook_suffixes:
                target = folder / f"{index:04d}{suffix}"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                result.workbooks.append((target, shown))
            else:
                result.materials.append(Material(
                    base, shown, len(data), hashlib.sha256(data).hexdigest(),
                    sniff(data[:SNIFFED]), str(path), info.filename, index))
    return result


def unpack_email(path: Path, display: str, folder: Path, is_workbook: Iterable[str],
                 is_clutter: Iterable[str] = ()) -> UnpackedZip:
    """A saved email (.eml, as Outlook, Foxmail and webmail save a message) opened as a zip
    is: its attached workbooks extracted into `folder` to be read, its other attachments
    kept as the return's materials, shown as "邮件.eml/附件名"."""
    import email
    import email.policy

    result = UnpackedZip()
    workbook_suffixes, clutter = set(is_workbook), set(is_clutter)
    try:
        with path.open("rb") as handle:
            message = email.message_from_binary_file(handle, policy=email.policy.default)
        attachments = [(_attachment_name(part), part.get_payload(decode=True))
                       for part in message.walk()
                       if part.get_filename() and not part.is_multipart()]
    except Exception as exc:  # the email package raises what a malformed message makes it
        result.issues.append(make_issue("FILE_002", file=display, reason=exception_text(exc)))
        result.refused = True
        return result
    seen: dict[str, int] = {}
    for index, (name, data) in enumerate(attachments):
        base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
        if not isinstance(data, bytes) or not base or base.lower() in clutter:
            continue
        shown = _shown_apart(display, base, seen)
        suffix = Path(base).suffix.lower()
        target = folder / f"{index:04d}{suffix if suffix.isascii() else ''}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if suffix in workbook_suffixes:
            result.workbooks.append((target, shown))
        else:
            result.materials.append(Material(base, shown, len(data),
                                             hashlib.sha256(data).hexdigest(),
                                             sniff(data[:SNIFFED]), str(target)))
    return result


def _attachment_name(part: Any) -> str:
    """An attachment's name: as the message declares it, or, for raw 8-bit bytes that
    declare nothing (older Foxmail and Outlook write GBK so; the parser makes them U+FFFD),
    those bytes as UTF-8 or as the GBK/GB18030 of Chinese Windows, as zip names are read."""
    decoded = str(part.get_filename() or "")
    if "\ufffd" not in decoded:
        return decoded
    for header, value in part.raw_items():  # as stored: the bytes kept as surrogates
        if header.lower() not in ("content-disposition", "content-type"):
            continue
        found = _RAW_NAME.search(re.sub(r"\r?\n[ \t]+", " ", value))  # unfolded
        if found is None:
            continue
        data = (found[1] if found[1] is not None else found[2].strip()).encode(
            "ascii", "surrogateescape")
        for encoding in ("utf-8", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    return decoded


# quoted, or not (and then up to the next ";": "会议 纪要.pdf" keeps its space)
_RAW_NAME = re.compile(r'\b(?:file)?name\s*=\s*(?:"([^"]*)"|([^;\r\n]+))', re.IGNORECASE)


MAX_NESTING = 3  # a zip in an email in a zip: opened; deeper, said (EVIDENCE_008)
CONTAINER_SUFFIXES = (".zip", ".eml")


def unpack(path: Path, display: str, folder: Path, is_workbook: Iterable[str],
           is_clutter: Iterable[str] = (), as_email: bool = False, depth: int = 1
           ) -> UnpackedZip:
    """A returned zip or email, and the zips and emails inside it (a zip of materials in the
    return's zip, a zip attached to an email), down to MAX_NESTING: their workbooks and
    materials are the outer one's, shown "K02.zip/材料.zip/照片.jpg". EVIDENCE_004 when
    it holds nothing at all."""
    opener = unpack_email if as_email else unpack_zip
    result = opener(path, display, folder, is_workbook, is_clutter)
    for number, material in enumerate(list(result.materials)):
        suffix = Path(material.name).suffix.lower()
        if suffix not in CONTAINER_SUFFIXES:
            continue
        if depth >= MAX_NESTING:
            result.issues.append(make_issue("EVIDENCE_008", file=material.path,
                                            depth=MAX_NESTING))
            continue
        inner_path = folder / f"nested-{number}{suffix}"
        inner_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            inner_path.write_bytes(material.read())
        except _DAMAGED_MEMBER as exc:
            result.issues.append(make_issue("FILE_024", file=material.path,
                                            reason=exception_text(exc)))
            continue
        inner = unpack(inner_path, material.path, folder / f"nested-{number}", is_workbook,
                       is_clutter, suffix == ".eml", depth + 1)
        result.issues += [i for i in inner.issues if i.code != "EVIDENCE_004"]
        if inner.refused:  # damaged or a bomb: said, and kept as the file it is
            continue
        result.materials.remove(material)
        result.workbooks += inner.workbooks
        result.materials += inner.materials
    if depth == 1 and not result.workbooks and not result.materials and not result.refused:
        result.issues.append(make_issue("EVIDENCE_004", file=display))  # empty (materials
    return result  # alone are said once it is known whether they go with a return)


def _shown_apart(display: str, name: str, seen: dict[str, int]) -> str:
    """A zip's or an email's file as shown ("K03.zip/照片.jpg"): one name twice, each entry
    shown apart (#2)."""
    seen[name] = seen.get(name, 0) + 1
    return f"{display}/{name}" + (f"#{seen[name]}" if seen[name] > 1 else "")


# what reading one damaged member raises: a bad CRC, a broken deflate stream, a short file
_DAMAGED_MEMBER = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError)
# methods zipfile extracts: stored, deflate, bzip2, lzma
_EXTRACTABLE = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_METHOD_NAMES = {6: "Implode", 9: "Deflate64", 93: "Zstandard", 95: "XZ", 98: "PPMd"}


def too_large_to_read(info: zipfile.ZipInfo) -> bool:
    """A member too large to read that compresses as ordinary files do (a video): left out
    on its own. One that inflates far beyond its packed size is a bomb: the zip is refused."""
    return info.file_size > MAX_ZIP_MEMBER_BYTES and _ratio(info) <= MAX_ZIP_RATIO


def _ratio(info: zipfile.ZipInfo) -> float:
    return info.file_size / max(info.compress_size, 1)


def _zip_problem(infos: Sequence[zipfile.ZipInfo], display: str) -> Issue | None:
    if len(infos) > MAX_ZIP_MEMBERS:
        return make_issue("FILE_015", file=display,
                          reason=i18n.t_each("reason.files", count=len(infos)))
    total = 0
    for info in infos:
        name = member_name(info)
        if unsafe_member(name):
            return make_issue("EVIDENCE_009", file=display, member=name)
        if info.flag_bits & 0x1:  # traditional or AES encryption: a password was set
            return make_issue("FILE_022", file=display)
        if info.compress_type not in _EXTRACTABLE:
            method = _METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
            return make_issue("FILE_023", file=display, member=name, method=method)
        if too_large_to_read(info):
            continue  # skipped when unpacked, with its own warning
        total += info.file_size
        ratio = _ratio(info)
        if total > MAX_ZIP_TOTAL_BYTES or (info.file_size > (1 << 20) and ratio > MAX_ZIP_RATIO):
            return make_issue("FILE_006", file=display, member=name, size=info.file_size,
                              ratio=f"{ratio:.0f}")
    return None


# --- matching what the cells cite against what was sent ----------------------------------------


@dataclass(frozen=True)
class Citation:
    """A file an indicator's evidence cell names, and the material it matched (if any)."""

    indicator_id: str
    name: str
    cell: str
    material: Material | None


def match_materials(returned: Return, materials: Sequence[Material],
                    too_large: frozenset[str] = frozenset(),
                    ) -> tuple[list[Citation], list[Issue]]:
    """(citations in indicator order, issues) for one return. A cited name among
    `too_large` (normalized) was sent and said too large to read (EVIDENCE_011): not "not
    sent" too.

    A workbook sent alone has no materials to check against: its citations are listed (as
    missing in the binder's catalogue) without a warning per cell.
    """
    by_name: dict[str, list[Material]] = {}  # as sent, then without a list number
    for numbered in (True, False):
        for material in materials:
            for name in (material.name, Path(material.name).stem):  # cited without extension
                by_name.setdefault(normalized(name, numbered), []).append(material)
    # the names sent that hold a separator, the longest first: most returns have none
    sent = sorted({name for m in materials
                   if _SEPARATORS.search(name := unicodedata.normalize("NFKC", m.name))},
                  key=len, reverse=True)
    # the zips and e-mails the materials came in, by name: "照片包.zip" cites what it holds
    contents: dict[str, list[Material]] = {}
    for material in materials:
        for folder in material.path.split("/")[:-1]:
            if folder.lower().endswith(CONTAINER_SUFFIXES):
                contents.setdefault(normalized(folder), []).append(material)
    citations: list[Citation] = []
    issues: list[Issue] = []
    for answer in returned.answers:
        cell = answer.evidence_cell
        for shown, candidates in citations_in(answer.evidence, sent):
            found, name = _cited(candidates, by_name, answer.indicator_id) or (None, shown)
            held = [] if found is not None else next(
                (contents[key] for c in candidates if (key := normalized(c)) in contents), [])
            citations += [Citation(answer.indicator_id, m.name, cell, m) for m in held] or [
                Citation(answer.indicator_id, name, cell, found)]
            if found is None and not held and materials and normalized(shown) not in too_large:
                issues.append(make_issue("EVIDENCE_001", file=returned.path,
                                         sheet=returned.sheet, cell=cell, value=name,
                                         section=returned.section_code,
                                         id=answer.indicator_id))
    used = {c.material.path for c in citations if c.material is not None}
    # a file sent twice, name and bytes (the return sent again in a second folder), is the
    # one cited, not a file of its own nobody cites
    copies = {c.material.copy_key for c in citations if c.material is not None}
    unreferenced = [m for m in materials if m.path not in used and m.copy_key not in copies]
    issues += [make_issue("EVIDENCE_002", file=m.path, section=returned.section_code)
               for m in unreferenced]
    issues += [make_issue("EVIDENCE_003", file=m.path, section=returned.section_code,
                          kind=content_kind(m.kind), extension=m.extension)
               for m in materials if not m.matches_extension]
    issues += [make_issue("EVIDENCE_014", file=m.path, section=returned.section_code)
               for m in materials if m.kind == "empty"]
    return citations, issues


def _cited(candidates: list[str], by_name: dict[str, list[Material]],
           indicator_id: str) -> tuple[Material, str] | None:
    """The material the first of `candidates` that names one names, and that name (without
    its folders). One name sent twice
    (a folder per indicator: A01/照片.jpg, A03/照片.jpg) is the one in the folders the
    citation gives, else in the indicator's own folder, else the first."""
    for candidate in candidates:
        found = list(dict.fromkeys(by_name.get(normalized(candidate), [])))
        if not found:
            continue
        # the first of the best fits, max keeping the first; named as the cell names it
        return (max(found, key=functools.partial(_fit, folded_path(candidate).split("/"),
                                                 f"/{folded_path(indicator_id)}/")),
                re.split(r"[/\\]", candidate)[-1])
    return None


def _fit(cited: list[str], own_folder: str, material: Material) -> tuple[int, bool]:
    """How well a material fits a citation: the folders it shares with it, from the name up
    (D:\\2020\\二月\\照片.jpg is 二月/照片.jpg), then whether it is in the indicator's own
    folder."""
    parts = folded_path(material.path).split("/")
    most = min(len(parts), len(cited))
    shared = next((n for n in range(most) if parts[-1 - n] != cited[-1 - n]), most)
    return shared, own_folder in f"/{folded_path(material.path)}"
