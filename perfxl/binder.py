"""The binder (佐证材料装订): each section's materials copied in indicator order, a catalogue,
and one merged PDF with a bookmark per indicator.

Materials are copied, never moved; the returned files stay as they are in the inbox.
"""

from __future__ import annotations

import io
import shutil
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from perfxl import i18n
from perfxl.cells import wrapped_height
from perfxl.evidence import Citation, Material, material_kind, size_text
from perfxl.issues import Issue, exception_text, make_issue, system_reason
from perfxl.model import Master, Section
from perfxl.workspace import safe_file_name, write_atomically, write_bytes
from perfxl.xlsx_style import (
    make_formats,
    merge_title,
    new_workbook,
    page_footer,
    print_setup,
    write_value,
)

PDF_KINDS = {"pdf"}
IMAGE_KINDS = {"jpeg", "png", "gif", "bmp", "tiff", "webp"}  # what Pillow opens as it is
# what reading a material may raise: gone or locked on disk, a damaged or encrypted zip entry
_UNREADABLE = (OSError, zipfile.BadZipFile, zlib.error, EOFError, RuntimeError)


@dataclass(frozen=True)
class BinderEntry:
    """One line of the catalogue: a cited file (found or missing) or an unreferenced one."""

    number: int | None  # its place in the binder, None when missing
    indicator_id: str  # "" for unreferenced
    indicator_name: str
    cited: str  # the name as the cell wrote it
    material: Material | None
    file_name: str  # the copy's name in the binder
    unmerged: bool = False  # a PDF or picture the merged PDF could not take (EVIDENCE_010)

    @property
    def status(self) -> str:
        if self.material is None:
            return "missing"
        if self.unmerged:
            return "unmerged"
        return "unreferenced" if not self.indicator_id else "present"


def plan_binder(master: Master, section: Section, materials: Sequence[Material],
                citations: Sequence[Citation], lang: str = "zh") -> list[BinderEntry]:
    """The catalogue in indicator order; each file copied once, where it is first cited, and
    listed again (its number and copy named) for each other indicator citing it."""
    names = {i.id: i.name for i in master.indicators}
    order = {i.id: n for n, i in enumerate(master.indicators_for(section.code))}
    entries: list[BinderEntry] = []
    placed: dict[str, BinderEntry] = {}
    number = 0
    for citation in sorted(citations, key=lambda c: order.get(c.indicator_id, len(order))):
        material = citation.material
        if material is None:
            entries.append(BinderEntry(None, citation.indicator_id,
                                       names.get(citation.indicator_id, ""), citation.name,
                                       None, ""))
            continue
        first = placed.get(material.path)
        if first is not None:
            if first.indicator_id != citation.indicator_id:  # cited by another indicator
                entries.append(replace(first, indicator_id=citation.indicator_id,
                                       indicator_name=names.get(citation.indicator_id, ""),
                                       cited=citation.name))
            continue
        number += 1
        copy_name = safe_file_name(f"{number:02d}-{citation.indicator_id}-{material.name}")
        placed[material.path] = BinderEntry(number, citation.indicator_id,
                                            names.get(citation.indicator_id, ""),
                                            citation.name, material, copy_name)
        entries.append(placed[material.path])
    bound = {entry.material.copy_key for entry in placed.values() if entry.material}
    for material in materials:
        if material.path not in placed and material.copy_key not in bound:  # once if sent twice
            bound.add(material.copy_key)
            number += 1
            label = i18n.t("binder.unreferenced", lang)
            entries.append(BinderEntry(number, "", "", "", material,
                                       safe_file_name(f"{number:02d}-{label}-{material.name}")))
    return entries


def write_binder(folder: Path, master: Master, section: Section,
                 entries: Sequence[BinderEntry], lang: str) -> tuple[list[Path], list[Issue]]:
    """Copy the materials, write the catalogue (.xlsx, .docx) and the merged PDF. A material
    that cannot be read now (gone, locked, a damaged zip entry) is listed, not copied."""
    written: list[Path] = []
    issues: list[Issue] = []
    copied: list[BinderEntry] = []
    for entry in entries:
        if entry.material is None:
            continue
        if any(done.file_name == entry.file_name for done in copied):  # cited again
            copied.append(entry)
            continue
        try:
            written.append(_copy(entry.material, folder / entry.file_name))
            copied.append(entry)
        except _UNREADABLE as exc:
            issues.append(make_issue("EVIDENCE_012", file=entry.material.path,
                                     section=section.code,
                                     reason=exception_text(exc, 160)))
    merged, merge_issues = merge_pdf(folder / safe_file_name(i18n.t(
        "binder.merged", lang, code=section.code, name=section.name)), copied, section)
    issues += merge_issues
    # the catalogue says which files the merged PDF lacks: it said "sent" for an encrypted
    # or damaged one, printed as if bound
    unmerged = {issue.file for issue in merge_issues if issue.code == "EVIDENCE_010"}
    entries = [replace(entry, unmerged=True) if entry.material is not None
               and entry.material.path in unmerged else entry for entry in entries]
    catalogue = folder / i18n.t("binder.catalogue", lang)
    written.append(write_catalogue(catalogue.with_suffix(".xlsx"), master, section, entries,
                                   lang))
    written.append(write_catalogue_docx(catalogue.with_suffix(".docx"), master, section,
                                        entries, lang))
    if merged is not None:
        written.append(merged)
    return written, issues


def _copy(material: Material, target: Path) -> Path:
    """The material streamed into `target` (a video need not fit in memory)."""
    with material.opened() as source:
        return write_atomically(target, lambda path: _stream(source, path))


def _stream(source: IO[bytes], path: Path) -> None:
    with path.open("wb") as handle:
        shutil.copyfileobj(source, handle, 1 << 20)


def _rows(entries: Sequence[BinderEntry], lang: str) -> list[list[object]]:
    rows: list[list[object]] = []
    for entry in entries:
        material = entry.material
        rows.append([
            entry.number, entry.indicator_id, entry.indicator_name,
            entry.cited or (material.name if material else ""), entry.file_name,
            _as_label(material_kind(material).text(lang)) if material else "",
            size_text(material.size) if material else "",
            i18n.t(f"binder.status.{entry.status}", lang), material.sha256 if material else "",
        ])
    return rows


def _as_label(kind: str) -> str:
    """A kind as a table cell says it: "Word document", not the running text's "a Word
    document"."""
    bare = kind.removeprefix("an ").removeprefix("a ")
    return bare[:1].upper() + bare[1:] if bare != kind else kind


def write_catalogue(path: Path, master: Master, section: Section,
                    entries: Sequence[BinderEntry], lang: str) -> Path:
    # the hash last, in full on one line: kept for checking a copy, not for reading
    keys = ("number", "id", "indicator", "cited", "file", "kind", "size", "status", "sha256")
    widths = (6, 7, 24, 28, 34, 11, 9, 9, 66)

    def write(target: Path) -> None:
        book = new_workbook(target)
        formats = make_formats(book)
        sheet = book.add_worksheet(i18n.t("binder.sheet", lang))
        title = i18n.t("binder.title", lang, unit=master.settings.unit,
                       year=master.settings.year, section=section.name)
        merge_title(sheet, 0, len(keys) - 2, title, sum(widths[:-1]), formats,  # as printed:
                    28)  # not over the hash
        for n, (key, width) in enumerate(zip(keys, widths, strict=True)):
            sheet.set_column(n, n, width)
            sheet.write_string(1, n, i18n.t(f"binder.col.{key}", lang), formats.header)
        plain = book.add_format({"font_name": "宋体", "font_size": 10, "border": 1,
                                 "valign": "top"})
        for row, values in enumerate(_rows(entries, lang), start=2):
            sheet.set_row(row, wrapped_height([(str(value), width) for value, width
                                               in zip(values[:-1], widths, strict=False)]))
            for column, value in enumerate(values):
                write_value(sheet, row, column, value,
                            plain if column == len(keys) - 1 else formats.text)
        if not entries:
            sheet.write_string(2, 0, i18n.t("report.none", lang), formats.text)
        sheet.freeze_panes(2, 0)
        sheet.set_row(0, 28)
        sheet.print_area(0, 0, max(len(entries), 1) + 1, len(keys) - 2)  # not the hash
        print_setup(sheet, (1, 1), page_footer(section.name, lang))
        book.close()

    return write_atomically(path, write)


def write_catalogue_docx(path: Path, master: Master, section: Section,
                         entries: Sequence[BinderEntry], lang: str) -> Path:
    from perfxl.document import Block, docx_bytes

    header = [i18n.t(f"binder.col.{k}", lang)
              for k in ("number", "id", "indicator", "file", "kind", "size", "status")]
    table = [header]
    for values in _rows(entries, lang):
        number, indicator_id, indicator, _cited, file_name, kind, size, status, _hash = values
        table.append([str(number or "—"), str(indicator_id), str(indicator),
                      str(file_name or _cited), str(kind), str(size or ""), str(status)])
    blocks = [Block("title", i18n.t("binder.title", lang, unit=master.settings.unit,
                                    year=master.settings.year, section=section.name))]
    blocks.append(Block("table", rows=table) if entries else Block("p",
                                                                   i18n.t("report.none", lang)))
    return write_bytes(path, docx_bytes(blocks, lang))


def merge_pdf(path: Path, entries: Sequence[BinderEntry],
              section: Section) -> tuple[Path | None, list[Issue]]:
    """One PDF of the PDF and image materials, in binder order, a bookmark per indicator."""
    import logging

    from pypdf import PdfReader, PdfWriter

    # pypdf logs what it repairs or gives up on ("EOF marker not found") to the console,
    # naming no file; the problem is the material's EVIDENCE_010, in the user's language
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    writer = PdfWriter()
    issues: list[Issue] = []
    marked: set[str] = set()
    starts: dict[str, int] = {}  # a file merged -> its first page, for another citing it
    for entry in entries:
        material = entry.material
        if material is None or material.kind not in PDF_KINDS | IMAGE_KINDS:
            continue
        if material.path in starts:  # cited by another indicator: a bookmark, not the pages
            key = entry.indicator_id or "unreferenced"
            if key not in marked and starts[material.path] >= 0:  # -1: it could not merge
                marked.add(key)
                writer.add_outline_item(title=f"{entry.indicator_id} {entry.indicator_name}",
                                        page_number=starts[material.path])
            continue
        try:
            data = material.read()
            pdf = data if material.kind in PDF_KINDS else _image_to_pdf(data)
            reader = PdfReader(io.BytesIO(pdf))
            first = len(writer.pages)
            for page in reader.pages:
                writer.add_page(page)
        except Exception as exc:  # a damaged or encrypted file is listed, not merged
            starts[material.path] = -1
            issues.append(make_issue("EVIDENCE_010", file=material.path, section=section.code,
                                     reason=_unmergeable(exc, material.kind in IMAGE_KINDS)))
            continue
        starts[material.path] = first
        # an indicator's files under its one bookmark; each file nobody cites under its own
        key = entry.indicator_id or f"unreferenced:{entry.file_name}"
        if key not in marked and len(writer.pages) > first:
            marked.add(key)
            title = f"{entry.indicator_id} {entry.indicator_name}".strip() or entry.file_name
            writer.add_outline_item(title=title, page_number=first)
    if not writer.pages:
        return None, issues

    def write(target: Path) -> None:
        with target.open("wb") as handle:
            writer.write(handle)

    return write_atomically(path, write), issues


def _unmergeable(error: Exception, image: bool) -> i18n.Localized | str:
    """Why a material could not go into the merged PDF, as a user reads it (not pypdf's
    "PdfStreamError")."""
    from pypdf.errors import FileNotDecryptedError, WrongPasswordError

    if isinstance(error, (FileNotDecryptedError, WrongPasswordError)):
        return i18n.t_each("reason.encrypted_pdf")
    if isinstance(error, OSError) and error.errno is not None:  # the file itself unreadable
        return system_reason(error)
    if isinstance(error, MemoryError) or type(error).__name__ == "DecompressionBombError":
        return i18n.t_each("reason.image_too_large")
    return i18n.t_each("reason.damaged_image" if image else "reason.damaged_pdf")


def _image_to_pdf(data: bytes) -> bytes:
    """A picture as A4 pages, one a frame of a multi-page TIFF (a fax, a scanner's batch):
    fitted inside the page's margins, never enlarged, upright as the camera held it, on
    white. Pages had the picture's own size at 150 dpi (a phone photo 68 cm wide, a
    screenshot 7 cm), a transparent PNG was black and a 16-bit scan white."""
    import warnings

    from PIL import Image, ImageOps, ImageSequence

    pages = []
    with warnings.catch_warnings():
        # a 100-megapixel phone photo is no decompression bomb: JPEG is decoded at the
        # page's size (draft), and anything past the limit below is refused, said
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as image:
            frames = ImageSequence.Iterator(image) if image.format == "TIFF" else [image]
            for frame in frames:
                if frame.format == "JPEG":
                    frame.draft("RGB", (PAGE_PIXELS[1], PAGE_PIXELS[1]))
                # turned first: flattening a transparent picture drops its EXIF turn
                pages.append(_on_a_page(_plain_rgb(ImageOps.exif_transpose(frame))))
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=PAGE_DPI, save_all=True, append_images=pages[1:])
    return buffer.getvalue()


PAGE_DPI = 200.0
PAGE_PIXELS = (1654, 2339)  # A4 at PAGE_DPI
PAGE_MARGIN = 79  # 10 mm


def _plain_rgb(frame: Any) -> Any:
    """`frame` as 8-bit RGB, transparency laid on white and 16-bit scans scaled down."""
    from PIL import Image

    if frame.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        frame = frame.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    elif frame.mode == "F":
        frame = frame.convert("L")
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        white = Image.new("RGB", rgba.size, "white")
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return frame.convert("RGB")


def _on_a_page(picture: Any) -> Any:
    """`picture` centred on a white A4 page (landscape for a wide one), shrunk to fit."""
    from PIL import Image

    short, long = PAGE_PIXELS
    size = (long, short) if picture.width > picture.height else (short, long)
    room = (size[0] - 2 * PAGE_MARGIN, size[1] - 2 * PAGE_MARGIN)
    if picture.width > room[0] or picture.height > room[1]:
        picture = picture.copy()
        picture.thumbnail(room, Image.Resampling.LANCZOS)
    page = Image.new("RGB", size, "white")
    page.paste(picture, ((size[0] - picture.width) // 2, (size[1] - picture.height) // 2))
    return page
