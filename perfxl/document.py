"""One narrative, three formats: a small Markdown subset rendered to HTML and to a .docx 公文.

Templates write Markdown; this module reads back only what they may use: `#` title, `##` and
`###` headings, paragraphs, `- ` lists, pipe tables, `-> ` right-aligned lines (signature,
date) and `---` rules. Everything else is plain text, escaped in HTML, never interpreted.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

CSS = """
body { font-family: "FangSong", "仿宋", "STFangsong", serif; font-size: 16pt; line-height: 1.75;
       max-width: 46em; margin: 2em auto; padding: 0 1em; color: #111; }
h1 { font-family: "FZXiaoBiaoSong-B05S", "SimSun", "宋体", serif; font-size: 22pt;
     text-align: center; font-weight: normal; line-height: 1.4; }
h2 { font-family: "SimHei", "黑体", sans-serif; font-size: 16pt; font-weight: normal; }
h3 { font-family: "KaiTi", "楷体", serif; font-size: 16pt; font-weight: normal; }
p { text-indent: 2em; margin: 0; }
p.right { text-align: right; text-indent: 0; }
table { border-collapse: collapse; width: 100%; font-size: 12pt; margin: 0.5em 0; }
th, td { border: 1px solid #444; padding: 2px 6px; vertical-align: top; }
th { background: #eee; font-family: "SimHei", "黑体", sans-serif; font-weight: normal; }
td.n { text-align: right; white-space: nowrap; }
@media print { body { margin: 0; } thead { display: table-header-group; } }
"""


@dataclass
class Block:
    """One block of a narrative."""

    kind: str  # title | h2 | h3 | p | right | item | table | rule
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)  # tables: header first


_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    parts = re.split(r"(?<!\\)\|", inner)
    return [p.strip().replace("\\|", "|").replace("<br>", "\n") for p in parts]


def parse(markdown: str) -> list[Block]:
    """Blocks of the Markdown subset; consecutive text lines join into one paragraph."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("p", "".join(paragraph)))
            paragraph.clear()

    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index].rstrip()
        stripped = line.strip()
        index += 1
        if not stripped:
            flush()
            continue
        prefixes = (("### ", "h3"), ("## ", "h2"), ("# ", "title"), ("-> ", "right"),
                    ("- ", "item"))
        kind = next((k for p, k in prefixes if stripped.startswith(p)), None)
        if kind:
            flush()
            blocks.append(Block(kind, stripped.split(" ", 1)[1].strip()))
        elif stripped == "---":
            flush()
            blocks.append(Block("rule"))
        elif stripped.startswith("|") and index < len(lines) and _TABLE_RULE.match(
                lines[index].strip()):
            flush()
            rows = [_cells(stripped)]
            index += 1  # the |---| line
            while index < len(lines) and lines[index].strip().startswith("|"):
                rows.append(_cells(lines[index]))
                index += 1
            blocks.append(Block("table", rows=rows))
        else:
            paragraph.append(stripped)
    flush()
    return blocks


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[-+]?[\d,]+(\.\d+)?%?", text))


def to_html(blocks: list[Block], title: str) -> str:
    """A self-contained HTML page; every text is escaped."""
    out = ["<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
           f"<title>{html.escape(title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>"]
    tags = {"title": "h1", "h2": "h2", "h3": "h3"}
    items: list[str] = []
    for block in blocks:
        if block.kind != "item" and items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        text = html.escape(block.text)
        if block.kind in tags:
            out.append(f"<{tags[block.kind]}>{text}</{tags[block.kind]}>")
        elif block.kind == "p":
            out.append(f"<p>{text}</p>")
        elif block.kind == "right":
            out.append(f'<p class="right">{text}</p>')
        elif block.kind == "item":
            items.append(f"<li>{text}</li>")
        elif block.kind == "rule":
            out.append("<hr>")
        elif block.kind == "table":
            head, *body = block.rows
            out.append("<table><thead><tr>" + "".join(
                f"<th>{html.escape(c)}</th>" for c in head) + "</tr></thead><tbody>")
            for row in body:
                cells = "".join(
                    f'<td class="n">{html.escape(c)}</td>' if _is_number(c)
                    else "<td>" + html.escape(c).replace("\n", "<br>") + "</td>"
                    for c in row)
                out.append(f"<tr>{cells}</tr>")
            out.append("</tbody></table>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


# --- .docx laid out as a Chinese official document (GB/T 9704) -----------------------------

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
TABLE_FONT = "宋体"


def to_docx(blocks: list[Block], path: Path) -> None:
    """Write `blocks` as an A4 公文: 小标宋 title, 仿宋 三号 body, page numbers in the footer."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Cm, Pt

    document = Document()
    core = document.core_properties
    core.author, core.last_modified_by, core.revision = "perfxl", "perfxl", 1
    from perfxl.workspace import FIXED_TIME

    core.created = core.modified = FIXED_TIME
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _page_number_footer(section)
    normal = document.styles["Normal"]
    _font(normal.font, BODY_FONT, 16)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)
    for block in blocks:
        if block.kind == "title":
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.line_spacing = Pt(36)
            paragraph.paragraph_format.space_after = Pt(16)
            _font(paragraph.add_run(block.text).font, TITLE_FONT, 22)
        elif block.kind in ("h2", "h3"):
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(32)
            font = HEADING_FONT if block.kind == "h2" else SUBHEADING_FONT
            _font(paragraph.add_run(block.text).font, font, 16)
        elif block.kind in ("p", "item"):
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(32)
            prefix = "" if block.kind == "p" else "　"
            _font(paragraph.add_run(prefix + block.text).font, BODY_FONT, 16)
        elif block.kind == "right":
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _font(paragraph.add_run(block.text).font, BODY_FONT, 16)
        elif block.kind == "rule":
            document.add_paragraph()
        elif block.kind == "table":
            _table(document, block.rows)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_fixed_zip_times(buffer.getvalue()))


def _fixed_zip_times(data: bytes) -> bytes:
    """The same package with every member dated 1980-01-01, so reruns give identical bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def _font(font: object, name: str, size: float) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font.name = name  # type: ignore[attr-defined]
    font.size = Pt(size)  # type: ignore[attr-defined]
    element = font.element  # type: ignore[attr-defined]
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)  # Chinese text uses the eastAsia font, not w:ascii


def _table(document: object, rows: list[list[str]]) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(rows):
        cells = table.rows[r].cells
        for c in range(width):
            text = row[c] if c < len(row) else ""
            paragraph = cells[c].paragraphs[0]
            paragraph.paragraph_format.first_line_indent = Pt(0)
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            if r == 0 or _is_number(text):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            _font(run.font, HEADING_FONT if r == 0 else TABLE_FONT, 10.5)
    for c, share in enumerate(_column_shares(rows, width)):
        for row_cells in table.rows:
            row_cells.cells[c].width = Cm(TEXT_WIDTH_CM * share)
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    document.add_paragraph()  # type: ignore[attr-defined]


TEXT_WIDTH_CM = 15.6  # A4 less the 公文 margins


def _column_shares(rows: list[list[str]], width: int) -> list[float]:
    """Column widths in proportion to their longest text, within sensible bounds."""
    longest = [
        min(max((len(r[c]) if c < len(r) else 0) for r in rows), 40) + 3 for c in range(width)
    ]
    return [n / sum(longest) for n in longest]


def _page_number_footer(section: object) -> None:
    """"— 1 —" centred in the footer, from a PAGE field."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— ").font, TABLE_FONT, 14)
    run = paragraph.add_run()
    _font(run.font, TABLE_FONT, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    _font(paragraph.add_run(" —").font, TABLE_FONT, 14)
