"""The look shared by every workbook perfxl writes: formats, print setup, safe cell writing."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from perfxl import i18n
from perfxl.cells import column_letter, display_width, taller_than_a_line, title_lines
from perfxl.package import LEVEL, compress_part, write_package
from perfxl.workspace import FIXED_TIME

A4 = 9
WIDE_PRINT_SCALE = 80  # percent: 8-point digits at the 10-point font, on pages side by side


MAX_CELL_TEXT = 32_767  # UTF-16 units Excel holds in a cell; more, and it repairs the file


def cell_string(text: str) -> str:
    """`text` as xlsxwriter must be given it to show it as it is: cut to what a cell holds,
    and, when it looks like xlsxwriter's rich-text markup ("<r>…</r>", which it would write
    out unescaped: broken XML, every string of the book lost), written as one plain run."""
    text = _utf16_cut(text, MAX_CELL_TEXT)
    if not (text.startswith("<r>") and text.endswith("</r>")):
        return text
    inner = text
    while True:  # escaping lengthens it: cut the text until the run fits in a cell
        run = f'<r><t xml:space="preserve">{_escape_markup(inner)}</t></r>'
        over = len(run) - MAX_CELL_TEXT
        if over <= 0:
            return run
        inner = inner[:-over]


def _utf16_cut(text: str, limit: int) -> str:
    if len(text) <= limit // 2:  # cannot be over: every character is one or two units
        return text
    encoded = text.encode("utf-16-le")
    return text if len(encoded) <= 2 * limit else \
        encoded[:2 * limit].decode("utf-16-le", errors="ignore")  # no half surrogate pair


def _escape_markup(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Worksheet(Worksheet):
    """xlsxwriter's sheet, every string written through `cell_string`."""

    def _write_string(self, row: int, col: int, string: str,
                      cell_format: Format | None = None) -> Any:
        return super()._write_string(row, col, cell_string(string), cell_format)


def new_workbook(path: Path | io.BytesIO, scratch: Path | None = None) -> xlsxwriter.Workbook:
    """A workbook that never turns text into formulas or links, never takes text for markup,
    and has a fixed timestamp. With a `scratch` folder (workspace.scratch_folder) its rows
    stream through files there, in constant memory; without, it is built in memory."""
    book = xlsxwriter.Workbook(
        path if isinstance(path, io.BytesIO) else str(path),
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "constant_memory": scratch is not None,
            "in_memory": scratch is None,
            # beside the output, not in the system's temporary folder: removed however the
            # command ends, and a full disk is the one the message names
            **({"tmpdir": str(scratch)} if scratch is not None else {}),
        },
    )
    book.set_properties({"created": FIXED_TIME, "author": "perfxl", "company": ""})
    book.worksheet_class = _Worksheet
    return book


@dataclass(frozen=True)
class Formats:
    """The handful of cell formats every sheet uses."""

    title: Format
    header: Format
    text: Format
    text_center: Format
    number: Format
    input_number: Format
    input_text: Format
    subtotal: Format
    subtotal_number: Format
    note: Format
    title_wrapped: Format  # a title longer than its row, in lines


TITLE_LINE_POINTS = 21  # one line of the 16-point title


def merge_title(sheet: Worksheet, row: int, last_column: int, text: str, span: float,
                formats: Formats, height: float) -> None:
    """`text` merged over columns 0..`last_column` (`span`: their width) in the title's
    16 points, its row `height` tall; a title wider than its columns (a long unit and section
    name) is wrapped over as many lines, with the row for them: merged cells are never
    fitted, and a centred title too long for them was cut off at both ends."""
    lines = title_lines(text, span)
    sheet.set_row(row, height if lines == 1 else max(height, lines * TITLE_LINE_POINTS + 6))
    sheet.merge_range(row, 0, row, last_column, text,
                      formats.title if lines == 1 else formats.title_wrapped)





def make_formats(book: xlsxwriter.Workbook) -> Formats:
    base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter", "border": 1}
    yellow = "#FFF9DB"
    title = {"font_name": "宋体", "font_size": 16, "bold": True, "align": "center",
             "valign": "vcenter"}
    return Formats(
        title=book.add_format(title),
        header=book.add_format(
            {**base, "bold": True, "bg_color": "#DDEBF7", "align": "center", "text_wrap": True}
        ),
        text=book.add_format({**base, "text_wrap": True, "valign": "top"}),
        text_center=book.add_format({**base, "align": "center"}),
        # "General", not "0.##", which Excel shows as "40." for a whole number
        number=book.add_format({**base, "num_format": "General", "align": "center"}),
        input_number=book.add_format(
            {**base, "num_format": "General", "align": "center", "locked": False,
             "bg_color": yellow}
        ),
        input_text=book.add_format(
            {**base, "text_wrap": True, "valign": "top", "locked": False, "bg_color": yellow}
        ),
        subtotal=book.add_format({**base, "bold": True, "bg_color": "#F2F2F2"}),
        subtotal_number=book.add_format(
            {**base, "bold": True, "bg_color": "#F2F2F2", "num_format": "General",
             "align": "center"}
        ),
        note=book.add_format(
            {"font_name": "宋体", "font_size": 10, "text_wrap": True, "valign": "top"}
        ),
        title_wrapped=book.add_format({**title, "text_wrap": True}),
    )


def print_setup(sheet: Worksheet, header_rows: tuple[int, int] | None, footer: str,
                landscape: bool = True, pages_wide: bool = False) -> None:
    """A4 landscape (or portrait, for a sheet of text), one page wide, header rows
    repeated, a footer with page numbers. A sheet too wide to read on one page (a grid of
    fifty indicators) runs `pages_wide` instead, at a fixed scale."""
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_paper(A4)
    if pages_wide:
        sheet.set_print_scale(WIDE_PRINT_SCALE)
    else:
        sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if header_rows is not None:
        sheet.repeat_rows(*header_rows)
    sheet.set_footer(footer[:250])


def page_footer(left: str, lang: str) -> str:
    """A footer with `left` on the left and the page number in the centre."""
    return f"&L{footer_text(left)}&C{i18n.t('page_footer', lang)}"


# half-width columns of a name in a footer's left third: on a portrait A4 page more ran into
# the page number in the centre (Excel allows 255 characters in all)
FOOTER_TEXT_WIDTH = 40


def footer_text(text: str) -> str:
    """Header/footer text with `&` escaped, so section names cannot inject codes; a long
    one shortened before escaping (cut after, a footer lost its page number to a lone &)."""
    if display_width(text) > FOOTER_TEXT_WIDTH:
        while display_width(text) > FOOTER_TEXT_WIDTH - 2:
            text = text[:-1]
        text += "…"
    return text.replace("&", "&&")


def write_value(sheet: Worksheet, row: int, column: int, value: Any, fmt: Format | None) -> None:
    """Numbers as numbers, None as blank, everything else strictly as a string."""
    if value is None:
        sheet.write_blank(row, column, None, fmt)
    elif isinstance(value, (int, float, Decimal)):
        sheet.write_number(row, column, float(value), fmt)
    else:
        sheet.write_string(row, column, str(value), fmt)


def fit_row(sheet: Worksheet, row: int, texts: Sequence[tuple[str, float]]) -> None:
    """Store the height the row's wrapped texts (each with its column's width) need, when
    one needs more than a line: LibreOffice shows a row without a stored height one line
    tall, a long section name cut off."""
    height = taller_than_a_line(texts)
    if height is not None:
        sheet.set_row(row, height)


def add_score_validations(sheet: Worksheet, column: int, rows_by_points: dict[Decimal, list[int]],
                          prompt_title: str, prompt: str, error_title: str,
                          error: str) -> None:
    """One decimal 0..分值 validation per distinct 分值, covering every row worth that much.

    `prompt` and `error` are templates with `{points}`. A thousand sections would otherwise
    mean tens of thousands of validation records.
    """
    for points, rows in sorted(rows_by_points.items()):
        shown = format(points.normalize(), "f")
        maximum = int(points) if points == points.to_integral_value() else float(points)
        sheet.data_validation(rows[0], column, rows[0], column, {
            "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": maximum,
            "input_title": prompt_title[:32],
            "input_message": prompt.format(points=shown)[:255],
            "error_title": error_title[:32],
            "error_message": error.format(points=shown)[:255],
            "other_cells": [[r, column, r, column] for r in rows[1:]],
        })


_XML_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0d\x0e-\x1f]|_x[0-9A-Fa-f]{4}_")
_XML_REPLACEMENTS = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _xml_text(text: str) -> str:
    """Cell text for an inline string: markup escaped, control characters as _xHHHH_."""
    if _XML_SPECIAL.search(text):
        text = _XML_SPECIAL.sub(_escape_special, text)
    return text


def _escape_special(match: re.Match[str]) -> str:
    found = match[0]
    if found in _XML_REPLACEMENTS:
        return _XML_REPLACEMENTS[found]
    if found.startswith("_x"):
        return "_x005F" + found  # a literal _xHHHH_ in the text, kept literal
    return f"_x{ord(found):04X}_"


@dataclass(frozen=True)
class Formula:
    """A formula perfxl itself composes (never text from a return), e.g. "SUM(H3:H9)"."""

    text: str


CACHED_TEXT = 64  # longer texts (criteria, notes) are rarely repeated: not kept


class BulkRows:
    """Plain rows for one sheet, written as XML directly and spliced in after the book closes.

    xlsxwriter spends tens of microseconds on every cell; a sheet of sixty thousand rows
    (得分明细 at city scale) took most of the workbook's time. Rows added here are kept as
    finished, encoded XML; `splice_rows` puts them at the end of the sheet's data in
    the closed workbook. Strings (never read as formulas: shared strings, or inline ones in
    constant-memory mode, as xlsxwriter itself writes them), numbers, blanks and perfxl's own
    `Formula`s are written, each with one of the workbook's formats.
    """

    def __init__(self, sheet: Worksheet, first_row: int, columns: int,
                 shared_strings: bool = True) -> None:
        self.part = f"xl/worksheets/sheet{sheet.index + 1}.xml"
        self.next_row = first_row  # 0-based, like xlsxwriter's
        self._letters = [column_letter(n) for n in range(columns)]
        self._pending: list[str] = []  # rows not yet encoded
        # Finished cell endings by value: codes, names, ids and scores repeat on every row.
        # Values equal across types (12 and Decimal("12")) write the same number.
        self._tails: dict[object, str] = {}
        self._encoded: list[bytes] = []  # rows encoded in batches: compact, joined at splice
        # xlsxwriter's shared string table, which it writes out at close; private, but the
        # files then look like any other xlsxwriter (or Excel) workbook. `shared_strings`
        # False keeps a sheet's strings inline, out of the table (cheaper to write).
        shared = shared_strings and not sheet.constant_memory
        self._strings = sheet.str_table if shared else None

    @staticmethod
    def style(fmt: Format) -> int:
        """The cell-format index xlsxwriter gives `fmt`, registering it if it is new."""
        index: int = fmt._get_xf_index()  # private, but there is no public way to ask
        return index

    def add(self, cells: Sequence[tuple[str | float | Decimal | Formula | None, int]],
            height: float | None = None) -> None:
        """One row: (value, style index) per column from A; None leaves a styled blank.

        `height` (points) is written as the row's height but not as a custom one: LibreOffice
        shows wrapped text by it (it does not fit rows on opening), and Excel still fits the
        row again when a cell in it is edited."""
        number = self.next_row + 1
        out = [f'<row r="{number}" ht="{height:g}">' if height else f'<row r="{number}">']
        tails = self._tails
        for letters, (value, style) in zip(self._letters, cells, strict=False):
            if value is None:
                out.append(f'<c r="{letters}{number}" s="{style}"/>')
                continue
            tail = tails.get(value)
            if tail is None:
                tail = self._tail(value)
                if not isinstance(value, str) or (self._strings is None
                                                  and len(value) <= CACHED_TEXT):
                    tails[value] = tail  # (a shared string counts every use: not cached)
            out.append(f'<c r="{letters}{number}" s="{style}"{tail}')
        out.append("</row>")
        self._pending.append("".join(out))
        self.next_row += 1
        if len(self._pending) >= 2000:
            self._flush()

    def _tail(self, value: str | float | Decimal | Formula) -> str:
        """A cell's XML after its address and style: its type and value."""
        if isinstance(value, str) and self._strings is not None:
            index = self._strings._get_shared_string_index(cell_string(value))
            return f' t="s"><v>{index}</v></c>'
        if isinstance(value, str):
            value = _utf16_cut(value, MAX_CELL_TEXT)
            space = ' xml:space="preserve"' if value != value.strip() else ""
            return f' t="inlineStr"><is><t{space}>{_xml_text(value)}</t></is></c>'
        if isinstance(value, Formula):  # cached 0: the workbook recalculates on load
            return f"><f>{_xml_text(value.text)}</f><v>0</v></c>"
        return f"><v>{float(value):.16G}</v></c>"

    def _flush(self) -> None:
        self._encoded.append("".join(self._pending).encode("utf-8"))
        self._pending.clear()

    def sheet_part(self, data: bytes) -> bytes:
        """The sheet part `data` with the rows at the end of its <sheetData>."""
        self._flush()
        last = f"{self._letters[-1]}{max(self.next_row, 1)}"
        data = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>'.encode(),
                      data, count=1)
        if b"</sheetData>" in data:
            head, tail = data.split(b"</sheetData>", 1)
        else:
            head, tail = data.split(b"<sheetData/>", 1)
            head += b"<sheetData>"
        return b"".join((head, *self._encoded, b"</sheetData>", tail))


def splice_rows(source: io.BytesIO, target: Path, bulks: Sequence[BulkRows],
                level: int = LEVEL) -> None:
    """Write the closed workbook in `source` to `target`, each BulkRows in its sheet,
    its parts deflated at `level`."""

    by_part = {bulk.part: bulk for bulk in bulks}
    source.seek(0)
    parts = []
    # Every part is compressed a second time here: with ISA-L (perfxl.package), at a level
    # faster than zlib's fastest and as small as its default.
    with zipfile.ZipFile(source) as package:
        for info in package.infolist():
            data = package.read(info)
            bulk = by_part.get(info.filename)
            if bulk is not None:
                data = bulk.sheet_part(data)
            parts.append(compress_part(info.filename, data, level=level,
                                       date_time=info.date_time))
    target.write_bytes(write_package(parts))


def header_width(label: str, width: float) -> float:
    """A column's width, widened where one word of its header would not fit on a line
    ("Deductions" broke as "Deductio/ns" in a column 7 wide): wrapping stays between words."""
    longest = max((display_width(word) for word in label.split()), default=0)
    return max(width, longest + 2)  # the cell's margins, and a bold header's wider letters
