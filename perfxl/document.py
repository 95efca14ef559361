"""One narrative, three formats: a small Markdown subset rendered to HTML and to a .docx 公文.

Templates write Markdown; this module reads back only what they may use: `#` title, `##` and
`###` headings, paragraphs, `- ` lists, pipe tables, `-> ` right-aligned lines (signature,
date) and `---` rules. Everything else is plain text, escaped in HTML, never interpreted.
A pipe from data arrives escaped as `\\|` anywhere; a line break inside a table cell arrives
as CELL_BREAK.
"""

from __future__ import annotations

import functools
import html
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perfxl.cells import display_width
from perfxl.package import DEFLATE, Part, compress_part, write_package

CSS = """
body { font-family: "仿宋_GB2312", "FangSong_GB2312", "FangSong", "仿宋", "STFangsong", serif;
       font-size: 16pt; line-height: 1.75;
       max-width: 46em; margin: 2em auto; padding: 0 1em; color: #111; }
h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "SimSun", "宋体", serif; font-size: 22pt;
     text-align: center; font-weight: normal; line-height: 1.4; }
h2 { font-family: "SimHei", "黑体", sans-serif; font-size: 16pt; font-weight: normal; }
h3 { font-family: "楷体_GB2312", "KaiTi_GB2312", "KaiTi", "楷体", serif; font-size: 16pt;
     font-weight: normal; }
p { text-indent: 2em; margin: 0; }
p.right { text-align: right; text-indent: 0; }
table { border-collapse: collapse; width: 100%; font-size: 12pt; margin: 0.5em 0; }
th, td { border: 1px solid #444; padding: 2px 6px; vertical-align: top; }
th { background: #eee; font-family: "SimHei", "黑体", sans-serif; font-weight: normal; }
td.n { text-align: right; white-space: nowrap; }
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@media print { body { margin: 0; max-width: none; } thead { display: table-header-group; }
               h1, h2, h3 { break-after: avoid; } tr { break-inside: avoid; } }
"""


@dataclass
class Block:
    """One block of a narrative."""

    kind: str  # title | h2 | h3 | p | right | item | table | rule
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)  # tables: header first


CELL_BREAK = "\ufdd0"  # a noncharacter: never in user text (narrative.py strips it)


def markdown_file_text(markdown: str) -> str:
    """The Markdown as written to a .md file for people to read: a line break inside a table
    cell as the <br> Markdown viewers show, not perfxl's own marker."""
    return markdown.replace(CELL_BREAK, "<br>")
# what str.splitlines() breaks at; only the line feed ends a line of Markdown
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


# a cell ends at a pipe not escaped; a backslash escapes the character after it
_CELL_TEXT = re.compile(r"(?:\\.|[^|\\])*\\?")


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    if "\\" not in inner and CELL_BREAK not in inner:  # most rows: nothing to unescape
        inner = inner[:-1] if inner.endswith("|") else inner
        return [part.strip() for part in inner.split("|")]
    cells, position = [], 0
    while position <= len(inner):
        found = _CELL_TEXT.match(inner, position)
        assert found is not None  # the pattern matches the empty text too
        cells.append(_unescaped(found[0]).replace(CELL_BREAK, "\n").strip())
        position = found.end() + 1  # past the pipe
    if cells and not cells[-1] and inner.endswith("|"):
        cells.pop()  # the row's closing pipe
    return cells


_PREFIXES = (("### ", "h3"), ("## ", "h2"), ("# ", "title"), ("-> ", "right"), ("- ", "item"))


def parse(markdown: str) -> list[Block]:
    """Blocks of the Markdown subset; consecutive text lines join into one paragraph."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("p", "".join(paragraph)))
            paragraph.clear()

    # Only a line feed ends a line of Markdown. The other characters str.splitlines() breaks
    # at come from user text (Word's Shift+Enter pasted into Excel is \x0b, U+2028…): each
    # would cut a table row or start a heading in the middle of a section's sentence.
    lines = markdown.replace("\r\n", "\n").translate(_OTHER_LINE_BREAKS).split("\n")
    index = 0
    while index < len(lines):
        line = lines[index].rstrip()
        stripped = line.strip()
        index += 1
        if not stripped:
            flush()
            continue
        kind = next((k for p, k in _PREFIXES if stripped.startswith(p)), None) \
            if stripped[0] in "#-" else None
        if kind:
            flush()
            # ASCII spaces only: the blanks of a date to be written by hand ("　　　　年") stay
            blocks.append(Block(kind, _unescaped(stripped.split(" ", 1)[1].strip(" \t"))))
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
            paragraph.append(_unescaped(stripped))
    flush()
    return blocks


def _unescaped(text: str) -> str:
    """Text as typed: what a narrative escaped for Markdown viewers (narrative._escaped:
    "\\*", "\\<", a pipe) taken back out."""
    return _ESCAPE.sub(r"\1", text) if "\\" in text else text


_ESCAPE = re.compile(r"\\([\\`*_\[\]<>&~|])")


_NUMBER = re.compile(r"[-+]?[\d,]+(\.\d+)?%?")
_NUMBER_START = frozenset("-+0123456789,")


def _is_number(text: str) -> bool:
    return text[:1] in _NUMBER_START and _NUMBER.fullmatch(text) is not None


_HTML_SPECIAL = re.compile("[&<>\"'\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _html(text: str) -> str:
    """html.escape, and the control characters HTML does not allow left out (as in the
    .docx), skipped for the many texts with nothing to escape."""
    return html.escape(_INVALID_XML.sub("", text)) if _HTML_SPECIAL.search(text) else text


def to_html(blocks: list[Block], title: str, lang: str = "zh") -> str:
    """A self-contained HTML page; every text is escaped."""
    language = "en" if lang == "en" else "zh-CN"
    out = ["<!DOCTYPE html>", f'<html lang="{language}">', "<head>", '<meta charset="utf-8">',
           f"<title>{html.escape(title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>"]
    tags = {"title": "h1", "h2": "h2", "h3": "h3"}
    items: list[str] = []
    for block in blocks:
        if block.kind != "item" and items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        text = _html(block.text)
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
                f"<th>{_html(c)}</th>" for c in head) + "</tr></thead><tbody>")
            for row in body:
                cells = "".join(
                    f'<td class="n">{_html(c)}</td>' if _is_number(c)
                    else "<td>" + _html(c).replace("\n", "<br>") + "</td>"
                    for c in row)
                out.append(f"<tr>{cells}</tr>")
            out.append("</tbody></table>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


# --- .docx laid out as a Chinese official document (GB/T 9704) -----------------------------
#
# python-docx builds the package once (styles, page setup, the footer's page number); each
# document then only needs its body, written here as WordprocessingML. Building every cell
# through python-docx costs ~0.2 s a report, which a thousand sections cannot afford.

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
TABLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"  # English text in an English document
# The 公文 fonts are named as government machines have them (仿宋_GB2312 …); a stock
# Windows has 仿宋, 楷体 and 宋体 instead. Word takes the font table's altName (and the
# GB2312 charset, 86) to choose the one to show in their place.
FALLBACK_FONTS = "".join(
    f'<w:font w:name="{name}"><w:altName w:val="{alternative}"/><w:charset w:val="86"/>'
    f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
    for name, alternative, family in ((BODY_FONT, "仿宋", "modern"),
                                      (SUBHEADING_FONT, "楷体", "modern"),
                                      (TITLE_FONT, "宋体", "auto"),
                                      (HEADING_FONT, "SimHei", "modern"),
                                      (TABLE_FONT, "SimSun", "auto")))
TWIPS_PER_CM = 567
TEXT_WIDTH_CM = 15.6  # A4 less the 公文 margins
CENTRED = '<w:jc w:val="center"/>'
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NEEDS_ESCAPE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{BODY_FONT}" w:eastAsia="{BODY_FONT}" \
w:hAnsi="{BODY_FONT}" w:cs="{BODY_FONT}"/><w:sz w:val="32"/><w:szCs w:val="32"/>\
<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>\
<w:pPrDefault/></w:docDefaults>\
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>\
<w:qFormat/><w:pPr><w:jc w:val="both"/></w:pPr></w:style>\
<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/>\
<w:basedOn w:val="Normal"/></w:style>\
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">\
<w:name w:val="Default Paragraph Font"/></w:style>\
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>\
<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>\
<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>\
<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>\
<w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>{_BORDERS}</w:tblBorders></w:tblPr>\
</w:style>\
<w:style w:type="paragraph" w:customStyle="1" w:styleId="TableText"><w:name w:val="Table Text"/>\
<w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>\
<w:jc w:val="left"/></w:pPr>\
<w:rPr><w:rFonts w:ascii="{TABLE_FONT}" w:eastAsia="{TABLE_FONT}" w:hAnsi="{TABLE_FONT}" \
w:cs="{TABLE_FONT}"/><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:style>\
<w:style w:type="paragraph" w:customStyle="1" w:styleId="TableHeader">\
<w:name w:val="Table Header"/><w:basedOn w:val="TableText"/><w:pPr><w:jc w:val="center"/></w:pPr>\
<w:rPr><w:rFonts w:ascii="{HEADING_FONT}" w:eastAsia="{HEADING_FONT}" w:hAnsi="{HEADING_FONT}" \
w:cs="{HEADING_FONT}"/></w:rPr></w:style></w:styles>"""


@functools.lru_cache(maxsize=1)
def _skeleton() -> tuple[dict[str, bytes], bytes, bytes]:
    """(package parts, document.xml before the body content, after it), built once."""
    from docx import Document
    from docx.shared import Cm

    from perfxl.workspace import FIXED_TIME

    document = Document()
    core = document.core_properties
    core.author, core.last_modified_by, core.revision = "perfxl", "perfxl", 1
    core.comments = ""  # python-docx's default says "generated by python-docx"
    core.created = core.modified = FIXED_TIME
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _page_number_footer(section.footer.paragraphs[0])
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        parts = {n: package.read(n) for n in package.namelist()
                 if n != "docProps/thumbnail.jpeg"}
    body = parts.pop("word/document.xml")
    start = body.index(b"<w:body>") + len(b"<w:body>")
    end = body.index(b"<w:sectPr")
    parts["[Content_Types].xml"] = re.sub(
        rb'<Default Extension="jpeg"[^>]*/>|<Override PartName="/word/stylesWithEffects[^>]*/>',
        b"", parts["[Content_Types].xml"])
    # The default styles part is ~0.8 MB of latent styles; a document needs four styles.
    del parts["word/stylesWithEffects.xml"]
    parts["word/_rels/document.xml.rels"] = re.sub(
        rb"<Relationship [^>]*stylesWithEffects[^>]*/>", b"",
        parts["word/_rels/document.xml.rels"])
    parts["word/styles.xml"] = STYLES.encode("utf-8")
    parts["word/fontTable.xml"] = parts["word/fontTable.xml"].replace(
        b"</w:fonts>", FALLBACK_FONTS.encode("utf-8") + b"</w:fonts>")
    parts["_rels/.rels"] = re.sub(rb"<Relationship [^>]*thumbnail[^>]*/>", b"",
                                  parts["_rels/.rels"])
    parts["docProps/app.xml"] = re.sub(  # python-docx's template names a Mac Word
        rb"<Application>[^<]*</Application>", b"<Application>perfxl</Application>",
        parts["docProps/app.xml"])
    return parts, body[:start], body[end:]


def _page_number_footer(paragraph: Any) -> None:
    """"— 1 —" centred in the footer, from a PAGE field."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field_run = paragraph.add_run()
    for run in (paragraph.add_run("— "), field_run, paragraph.add_run(" —")):
        run.font.size = Pt(14)
        run.font.name = TABLE_FONT
    paragraph._p.remove(field_run._r)
    paragraph._p.insert(1 + len(paragraph._p.findall(qn("w:pPr"))), field_run._r)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        field_run._r.append(element)


_UNBREAKABLE = re.compile(r"[!-~]{24,}")  # 24 Latin characters without a space
_OTHER_LINE_BREAKS = str.maketrans({c: " " for c in LINE_BREAKS if c != "\n"})


def _escape(text: str) -> str:
    if _NEEDS_ESCAPE.search(text) is None:  # most texts: one scan, no copies
        return text
    return html.escape(_INVALID_XML.sub("", text), quote=False)


def _run(text: str, font: str, size: float, latin: str = "") -> str:
    return f"<w:r>{_run_properties(font, size, latin)}{_text_xml(text)}</w:r>"


def _text_xml(text: str) -> str:
    """The <w:t> elements of a run; line breaks become <w:br/>."""
    if "\n" in text:
        return "<w:br/>".join(f'<w:t xml:space="preserve">{_escape(p)}</w:t>'
                              for p in text.split("\n"))
    return f'<w:t xml:space="preserve">{_escape(text)}</w:t>'


@functools.lru_cache(maxsize=32)
def _run_properties(font: str, size: float, latin: str = "") -> str:
    """`font` for the text, or `latin` for its Latin letters and digits where given."""
    half_points = int(size * 2)
    latin = latin or font
    return (f'<w:rPr><w:rFonts w:ascii="{latin}" w:eastAsia="{font}" w:hAnsi="{latin}" '
            f'w:cs="{latin}"/><w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
            "</w:rPr>")


@dataclass(frozen=True)
class _Layout:
    """How a document's paragraphs are set: a Chinese 公文 justified, its Latin letters in
    the Chinese font; English text ragged right in a Latin font (justified, an English line
    is stretched into wide gaps)."""

    align: str = ""
    latin: str = ""


_LAYOUTS = {"zh": _Layout(), "en": _Layout("left", LATIN_FONT)}


def _paragraph(text: str, font: str, size: float, align: str = "", indent: bool = False,
               line: int = 560, after: int = 0, keep_next: bool = False,
               layout: _Layout = _LAYOUTS["zh"]) -> str:
    align = align or layout.align
    properties = (("<w:keepNext/>" if keep_next else "")
                  + f'<w:spacing w:after="{after}" w:line="{line}" w:lineRule="exact"/>'
                  + ('<w:ind w:firstLine="640"/>' if indent else "")
                  + (f'<w:jc w:val="{align}"/>' if align else ""))
    return f"<w:p><w:pPr>{properties}</w:pPr>{_run(text, font, size, layout.latin)}</w:p>"


CM_PER_UNIT = 0.19  # one half-width character at 10.5 pt
CELL_PADDING_CM = 0.45


def _column_widths_cm(rows: list[list[str]], width: int) -> list[float]:
    """Each column gets room for its header and short values; the rest of the line is shared
    in proportion to how much text the column holds on average (CJK characters count
    double), so 评分标准 gets more room than 责任科室 though both have a long cell."""
    minimum, extra = [], []
    for column in range(width):
        cells = [r[column] for r in rows if column < len(r)]
        # widths count up to 80 columns: longer lines need not be measured in full
        widest = max((display_width(line[:80]) for c in cells for line in c.split("\n")),
                     default=0)
        header = display_width(rows[0][column]) if column < len(rows[0]) else 0
        # a header wraps between words, never inside one ("Excellenc/e"); so does a date
        # or a number in the body ("2020-12-" over "09"), where Chinese text breaks anywhere
        word = max((display_width(w) for w in rows[0][column].split()), default=0) \
            if column < len(rows[0]) else 0
        token = max((len(t) for c in cells[1:] for t in c[:200].split() if t.isascii()),
                    default=0)
        # one unit to spare: a short code (A01) must not wrap in a font a little wider
        floor = max(min(widest, 8), min(header, 8), min(word, 14), min(token, 11), 2) + 1
        minimum.append(floor * CM_PER_UNIT + CELL_PADDING_CM)
        body = cells[1:] or cells
        typical = sum(display_width(c[:400]) for c in body) / len(body) if body else 0
        extra.append(max(min(typical, 400) - floor, 0))
    spare = max(TEXT_WIDTH_CM - sum(minimum), 0)
    total_extra = sum(extra) or 1
    return [m + spare * e / total_extra for m, e in zip(minimum, extra, strict=True)]


def _table_xml(rows: list[list[str]]) -> str:
    width = max(len(r) for r in rows)
    widths = [int(cm * TWIPS_PER_CM) for cm in _column_widths_cm(rows, width)]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
           '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr>'
           f"<w:tblGrid>{grid}</w:tblGrid>"]
    # Cells take their font, size and spacing from the TableText/TableHeader styles: a
    # report's table has hundreds of cells, and repeating the run properties in each one
    # made document.xml three times larger (and slower to write and to compress).
    for index, row in enumerate(rows):
        header = index == 0
        # a row is kept on one page (a short row split over two is hard to read); the
        # header row is repeated on each page the table runs onto
        out.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
                   + "</w:trPr>")
        for column in range(width):
            text = row[column] if column < len(row) else ""
            if header:
                properties = '<w:pStyle w:val="TableHeader"/>'
            else:
                properties = '<w:pStyle w:val="TableText"/>' + (
                    CENTRED if _is_number(text) else "")
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{widths[column]}" w:type="dxa"/></w:tcPr>'
                       f"<w:p><w:pPr>{properties}</w:pPr><w:r>{_text_xml(text)}</w:r></w:p>"
                       "</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def docx_body(blocks: list[Block], lang: str = "zh") -> str:
    """The WordprocessingML of the blocks: 小标宋 title, 仿宋 三号 body, 黑体/楷体 headings."""
    out = []
    layout = _LAYOUTS.get(lang, _LAYOUTS["zh"])
    paragraph = functools.partial(_paragraph, layout=layout)
    for index, block in enumerate(blocks):
        following = blocks[index + 1].kind if index + 1 < len(blocks) else ""
        if block.kind == "title":
            out.append(paragraph(block.text, TITLE_FONT, 22, "center", line=720, after=320,
                                 keep_next=True))
        elif block.kind in ("h2", "h3"):  # a heading is never left at the foot of a page
            font = HEADING_FONT if block.kind == "h2" else SUBHEADING_FONT
            out.append(paragraph(block.text, font, 16, indent=True, keep_next=True))
        elif block.kind in ("p", "item"):
            # a 公文 indents an item by a full-width space; English text wants a bullet
            mark = ("• " if lang == "en" else "　") if block.kind == "item" else ""
            # the line leading into a table, and the last before the signature, go with it;
            # a line holding an e-mail address or a long link, which cannot break, is set
            # ragged (justified, the Chinese before it was spaced out letter by letter)
            out.append(paragraph(mark + block.text, BODY_FONT, 16, indent=True,
                                 align="left" if _UNBREAKABLE.search(block.text) else "",
                                 keep_next=following in ("table", "right")))
        elif block.kind == "right":
            out.append(paragraph(block.text, BODY_FONT, 16, "right",
                                 keep_next=following == "right"))
        elif block.kind == "rule":
            out.append(paragraph("", BODY_FONT, 16))
        elif block.kind == "table":
            out.append(_table_xml(block.rows))
            # a table is followed by a paragraph (Word requires one before the section's
            # end); at the very end a hairline one, so that it cannot push onto a page alone
            out.append(paragraph("", BODY_FONT, 16) if following else
                       '<w:p><w:pPr><w:spacing w:after="0" w:line="20" w:lineRule="exact"/>'
                       '<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>')
    return "".join(out)


def to_docx(blocks: list[Block], path: Path, lang: str = "zh") -> None:
    """Write `blocks` as an A4 公文 .docx; the same blocks give the same bytes."""
    path.write_bytes(docx_bytes(blocks, lang))


def docx_bytes(blocks: list[Block], lang: str = "zh") -> bytes:
    """`blocks` as the bytes of an A4 公文 .docx, built in memory.

    The parts every document shares are compressed once; each document adds its body.
    """
    parts, head, tail = _skeleton()
    document = head + docx_body(blocks, lang).encode("utf-8") + tail
    title = next((block.text for block in blocks if block.kind == "title"), "")
    core = parts[CORE_PART].replace(  # the title Word and file browsers show
        b"<dc:title/>", f"<dc:title>{_escape(title)}</dc:title><dc:language>"
                        f"{'en-GB' if lang == 'en' else 'zh-CN'}</dc:language>".encode())
    return write_package([*_skeleton_parts(), compress_part(CORE_PART, core),
                          compress_part("word/document.xml", document)])


CORE_PART = "docProps/core.xml"  # per document: its title


def prepare_docx() -> None:
    """Build the parts every .docx shares now (python-docx, once per process)."""
    _skeleton_parts()


@functools.lru_cache(maxsize=1)
def _skeleton_parts() -> tuple[Part, ...]:
    """Every part of a .docx but word/document.xml, compressed (once)."""
    parts, _head, _tail = _skeleton()
    order = ["[Content_Types].xml",
             *(n for n in parts if n not in ("[Content_Types].xml", CORE_PART))]
    return tuple(compress_part(name, parts[name], level=9 if DEFLATE is zlib else 3)
                 for name in order)
