"""Narratives after `perfxl run`: the bulletin, section reports and notices in three formats."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from perfxl.document import parse, to_html
from perfxl.narrative import INERT, Renderer, paragraphs, table_cell
from perfxl.pipeline import RunResult, run
from perfxl.workspace import Workspace
from tests.test_run import build_sample

NARRATIVES = Path("output") / "narratives"


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, RunResult]:
    root = tmp_path_factory.mktemp("narratives") / "ws"
    workspace = build_sample(root, skip=("K04",))
    book = openpyxl.load_workbook(workspace.inbox / "K06.xlsx")
    book["自评报告"]["B3"] = "# 不是标题\n| 不是表格 |\n- 不是列表"
    book.save(workspace.inbox / "K06.xlsx")
    return workspace, run(root)


def test_bulletin_in_three_formats_matches_the_workbook(
    sample_run: tuple[Workspace, RunResult],
) -> None:
    workspace, _outcome = sample_run
    folder = workspace.root / NARRATIVES
    for suffix in (".md", ".html", ".docx"):
        assert (folder / f"考评情况通报{suffix}").is_file()
    markdown = (folder / "考评情况通报.md").read_text(encoding="utf-8")
    book = openpyxl.load_workbook(next((workspace.root / "output").glob("*汇总.xlsx")))
    ranked = [r for r in book["排名"].iter_rows(min_row=4, values_only=True)
              if isinstance(r[0], int)]
    assert len(ranked) == 11
    for rank, _code, name, basic, excellence, deductions, total, grade, *_ in ranked:
        row = f"| {rank} | {name} | {basic:.2f} | {excellence:.2f} | {deductions:.2f} | " \
              f"{total:.2f} | {grade} |"
        assert row in markdown
    assert "未报送 1 个（机关党委）" in markdown
    assert "临时结果" in markdown
    html = (folder / "考评情况通报.html").read_text(encoding="utf-8")
    docx_text = "\n".join(p.text for p in Document(str(folder / "考评情况通报.docx")).paragraphs)
    for _rank, _code, name, *_ in ranked:
        assert name in html
    assert "龙岩市司法局关于2020年度绩效考评情况的通报" in docx_text
    # a 公文 is dated under its signature: blanks to write in, the sample setting none
    assert markdown.rstrip().endswith("-> 　　　　年　　月　　日")
    # and so in print: the blank before 年 is where the year is written by hand
    assert docx_text.rstrip().endswith("\n　　　　年　　月　　日")
    assert ">　　　　年　　月　　日</p>" in html


def test_one_report_per_return_and_notices_by_rule(
    sample_run: tuple[Workspace, RunResult],
) -> None:
    workspace, outcome = sample_run
    reports = {p.stem for p in (workspace.root / NARRATIVES / "自评报告").glob("*.docx")}
    returned = {f"{r.section_code}_{outcome.check.master.section(r.section_code).name}"
                for r in outcome.check.ingested.returns}
    assert reports == returned and len(reports) == 11  # K04 sent nothing
    notices = {p.stem.split("_")[0]
               for p in (workspace.root / NARRATIVES / "整改通知").glob("*.docx")}
    expected = {s.code for s in outcome.assessment.scores
                if s.veto or s.deductions > 0 or (s.grade and s.grade.value == "poor")}
    assert notices == expected == {"K01", "K05", "K12"}


def test_no_none_nan_or_empty_heading(sample_run: tuple[Workspace, RunResult]) -> None:
    workspace, _ = sample_run
    for path in (workspace.root / NARRATIVES).rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert "None" not in text and "nan" not in text.lower(), path.name
        blocks = parse(text)
        for before, after in zip(blocks, [*blocks[1:], None], strict=True):
            if before.kind in ("h2", "h3"):
                assert after is not None and after.kind not in ("h2",), (path.name, before.text)


def test_user_text_never_becomes_structure(sample_run: tuple[Workspace, RunResult]) -> None:
    workspace, _ = sample_run
    report = next((workspace.root / NARRATIVES / "自评报告").glob("K06_*.md"))
    blocks = parse(report.read_text(encoding="utf-8"))
    texts = [b.text for b in blocks if b.kind == "p"]
    assert any("# 不是标题" in t for t in texts)
    assert not any(b.kind == "title" and "不是标题" in b.text for b in blocks)
    assert table_cell("a|b\nc") == "a\\|b\ufdd0c"
    assert paragraphs("- x\n\n普通") == "\u200b- x\n\n普通"
    assert "&lt;script&gt;" in to_html(parse("<script>alert(1)</script>"), "t")


def test_docx_opens_and_is_laid_out_as_an_official_document(
    sample_run: tuple[Workspace, RunResult],
) -> None:
    workspace, _ = sample_run
    document = Document(str(workspace.root / NARRATIVES / "考评情况通报.docx"))
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    title = document.paragraphs[0]
    assert title.alignment == 1 and title.runs[0].font.size.pt == 22  # centred, 二号
    body = next(p for p in document.paragraphs if p.text.startswith("根据"))
    assert body.runs[0].font.size.pt == 16 and body.paragraph_format.first_line_indent.pt == 32
    assert "仿宋" in body.runs[0].font.name
    table = document.tables[0]
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1
    header, cell = table.cell(0, 0).paragraphs[0], table.cell(1, 1).paragraphs[0]
    assert header.style.font.name == "黑体" and header.style.paragraph_format.alignment == 1
    assert cell.style.font.name == "宋体" and cell.style.font.size.pt == 10.5  # 五号
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer
    # what Word's File › Info and a file browser show: its own title, not python-docx's
    properties = document.core_properties
    assert properties.title == title.text and properties.language == "zh-CN"
    assert properties.comments == "" and properties.author == "perfxl"
    assert b"<Application>perfxl</Application>" in zipfile.ZipFile(
        workspace.root / NARRATIVES / "考评情况通报.docx").read("docProps/app.xml")


def _libreoffice() -> str | None:
    found = shutil.which("soffice")
    if found is None and os.environ.get("PERFXL_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail("LibreOffice is required (PERFXL_REQUIRE_LIBREOFFICE=1) but not installed")
    return found


def test_docx_converts_to_pdf_with_libreoffice(
    sample_run: tuple[Workspace, RunResult], tmp_path: Path
) -> None:
    soffice = _libreoffice()
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    workspace, _ = sample_run
    sources = [workspace.root / NARRATIVES / "考评情况通报.docx",
               next((workspace.root / NARRATIVES / "整改通知").glob("*.docx"))]
    for n, source in enumerate(sources):
        shutil.copy(source, tmp_path / f"doc{n}.docx")
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path),
         *[str(tmp_path / f"doc{n}.docx") for n in range(len(sources))]],
        check=True, capture_output=True, timeout=180,
    )
    for n in range(len(sources)):
        pdf = (tmp_path / f"doc{n}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_workspace_template_overrides_and_broken_template_is_reported(tmp_path: Path) -> None:
    workspace = build_sample(tmp_path / "ws")
    (workspace.templates / "bulletin.zh.md.j2").write_text(
        "# 自定义通报\n\n参加排名 {{ counts.ranked }} 个。\n", encoding="utf-8")
    run(workspace.root)
    bulletin = (workspace.root / NARRATIVES / "考评情况通报.md").read_text(encoding="utf-8")
    assert bulletin == "# 自定义通报\n\n参加排名 12 个。\n"
    (workspace.templates / "section_report.zh.md.j2").write_text(
        "# 报告\n\n第二行\n{% if %}\n", encoding="utf-8")
    outcome = run(workspace.root)
    problems = [i for i in outcome.issues if i.code == "TEMPLATE_001"]
    assert len(problems) == 1
    # relative to the workspace as every issue's file is (the path as -w was typed before)
    assert problems[0].file == "templates/section_report.zh.md.j2"
    assert "第 4 行" in problems[0].message("zh")
    assert outcome.has_errors
    assert next((workspace.root / "output").glob("*汇总.xlsx")).is_file()
    assert (workspace.root / NARRATIVES / "考评情况通报.docx").is_file()
    assert not (workspace.root / NARRATIVES / "自评报告").exists()


def test_undefined_variable_is_reported_with_its_line(tmp_path: Path) -> None:
    workspace = build_sample(tmp_path / "ws")
    (workspace.templates / "bulletin.zh.md.j2").write_text(
        "# 通报\n\n{{ counts.ranked }}\n{{ no_such_thing }}\n", encoding="utf-8")
    outcome = run(workspace.root)
    (problem,) = [i for i in outcome.issues if i.code == "TEMPLATE_001"]
    assert problem.file == "templates/bulletin.zh.md.j2"
    assert re.search(r"第 4 行", problem.message("zh")), problem.message("zh")
    assert "no_such_thing" in problem.message("zh")
    # found before the workbook was written: its 问题清单 sheet lists it too
    book = openpyxl.load_workbook(next((workspace.root / "output").glob("*汇总.xlsx")))
    listed = [row for row in book["问题清单"].iter_rows(values_only=True) if "TEMPLATE_001" in row]
    assert len(listed) == 1


_TRICKY = st.text(alphabet="ab |\\<>br#->*_`[]&~+=1.\n\r\x0b\u2028\ufdd0中 ", max_size=14)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TRICKY, min_size=1, max_size=6))
def test_a_table_cell_reads_back_as_written(texts: list[str]) -> None:
    """Whatever a cell holds (pipes, backslashes, "<br>", markers, any line break) comes back
    from the table as that text: its lines joined by line feeds, the noncharacter gone."""
    line = "| " + " | ".join(table_cell(t) for t in texts) + " |"
    (table,) = [b for b in parse(f"| h |\n|---|\n{line}\n") if b.kind == "table"]
    expected = ["\n".join(re.split("\r\n|[\n\r\x0b\u2028]", t.replace("\ufdd0", ""))).strip()
                for t in texts]
    assert table.rows[1] == expected


@settings(max_examples=300, deadline=None)
@given(_TRICKY, _TRICKY)
def test_any_value_in_a_markdown_template_stays_text(first: str, second: str) -> None:
    """Text from the master or the register (a section's name, a deduction's 来源) went into
    the narratives raw: a line break and "# " made a heading, a pipe an extra table column."""
    renderer = Renderer()
    template = renderer.markdown_environment.from_string(
        "{{ a }}说明：{{ b }}\n\n| 列 | 值 |\n|---|---|\n| {{ a }} | {{ b }} |\n")
    blocks = parse(template.render(a=first, b=second))

    def shown(text: str) -> str:
        return " ".join(re.split("\r\n|[\n\r\x0b\u2028]", text.replace("\ufdd0", "")))

    assert [b.kind for b in blocks] == (["p", "table"] if (shown(first) + "说明").strip()
                                        else ["table"])
    cells = [c.replace(INERT, "") for c in blocks[-1].rows[1]]
    assert cells == [shown(first).strip(), shown(second).strip()]


def test_line_breaks_other_than_a_line_feed_never_make_structure() -> None:
    """Word's Shift+Enter pasted into Excel (\\x0b), U+2028 and U+2029 split a Markdown line
    where str.splitlines() saw a break: a table lost its rows, a sentence became a heading."""
    for brk in ("\x0b", "\u2028", "\u2029", "\x0c", "\x85"):
        rows = [f"| A0{n} | {table_cell(f'第一句{brk}# 不是标题{brk}- 不是列表')} |"
                for n in range(1, 4)]
        blocks = parse("\n".join(["| 编号 | 说明 |", "|---|---|", *rows]))
        assert [b.kind for b in blocks] == ["table"], (repr(brk), blocks)
        inline = parse(f"完成情况：第一句{brk}# 不是标题{brk}- 不是列表")
        assert [b.kind for b in inline] == ["p"], (repr(brk), inline)


def _docx_parts(blocks: list[Any], lang: str) -> tuple[str, str]:
    import io
    import zipfile

    from perfxl.document import docx_bytes

    with zipfile.ZipFile(io.BytesIO(docx_bytes(blocks, lang))) as package:
        return (package.read("word/document.xml").decode(),
                package.read("word/fontTable.xml").decode())


def test_a_docx_keeps_headings_with_their_text_and_table_rows_whole() -> None:
    """A heading was left alone at the foot of a page, a table row split across two, the
    signature alone on the last page; a document ending in a table had a blank last page."""
    from perfxl.document import Block

    blocks = [Block("title", "通报"), Block("h2", "一、总体情况"), Block("p", "正文。"),
              Block("p", "扣分情况如下："), Block("table", rows=[["科室", "扣分"], ["办公室", "2"]]),
              Block("p", "特此通报。"), Block("right", "办公室"), Block("right", "2021年1月15日"),
              Block("h2", "附表"), Block("table", rows=[["a", "b"], ["1", "2"]])]
    document, _fonts = _docx_parts(blocks, "zh")
    paragraphs = re.findall(r"<w:p>.*?</w:p>", document)
    kept = [re.sub(r"<[^>]+>", "", p) for p in paragraphs if "<w:keepNext/>" in p]
    assert kept == ["通报", "一、总体情况", "扣分情况如下：", "特此通报。", "办公室", "附表"]
    rows = re.findall(r"<w:tr>.*?</w:tr>", document)
    assert len(rows) == 4 and all("<w:cantSplit/>" in row for row in rows)
    assert sum("<w:tblHeader/>" in row for row in rows) == 2
    # a line with an e-mail address (it cannot break) is set ragged, not spaced out
    mail, _fonts = _docx_parts([Block("p", "律师工作科（联系人：谢振东，邮箱：xie.zhendong@lysfj.example.gov.cn）"),
                                Block("p", "各科室要高度重视。")], "zh")
    first, second = re.findall(r"<w:p>.*?</w:p>", mail)
    assert '<w:jc w:val="left"/>' in first and "<w:jc " not in second
    assert document.split("<w:sectPr")[0].endswith(
        '<w:sz w:val="2"/></w:rPr></w:pPr></w:p>')  # a hairline paragraph last


def test_an_english_docx_is_set_ragged_right_in_a_latin_font() -> None:
    """English was justified in 仿宋_GB2312: wide gaps between words, spaced-out names."""
    from perfxl.document import Block

    blocks = [Block("h2", "1. Results"), Block("p", "Ten sections were assessed.")]
    english, fonts = _docx_parts(blocks, "en")
    chinese, _fonts = _docx_parts(blocks, "zh")
    assert '<w:jc w:val="left"/>' in english and 'w:ascii="Times New Roman"' in english
    assert 'w:eastAsia="仿宋_GB2312"' in english  # Chinese names in it stay in the 公文 font
    assert '<w:jc w:val="left"/>' not in chinese and "Times New Roman" not in chinese
    # the 公文 fonts fall back to those a stock Windows has
    assert re.search(r'<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>'
                     r'<w:charset w:val="86"/>', fonts)
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in fonts
    # a header wraps between words, never inside one ("Excellenc/e")
    from perfxl.document import CELL_PADDING_CM, CM_PER_UNIT, TWIPS_PER_CM

    table = [Block("table", rows=[["Rank", "Section", "Basic", "Excellence", "Deductions"],
                                  ["1", "Office", "600.00", "12.00", "1.00"]])]
    document, _fonts = _docx_parts(table, "en")
    grid = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', document)]
    for word, width in zip(("Excellence", "Deductions"), grid[3:], strict=True):
        assert width >= int(((len(word) + 1) * CM_PER_UNIT + CELL_PADDING_CM) * TWIPS_PER_CM)
    # nor does a date in a narrow column ("2020-12-" over "09"), beside a long text
    dated = [Block("table", rows=[["日期", "事由", "扣分"],
                                  ["2020-12-09", "窗口人员脱岗" * 20, "2"]])]
    document, _fonts = _docx_parts(dated, "zh")
    date_width = int(re.findall(r'<w:gridCol w:w="(\d+)"/>', document)[0])
    assert date_width >= int((11 * CM_PER_UNIT + CELL_PADDING_CM) * TWIPS_PER_CM)


def test_the_signing_date_is_written_as_a_document_writes_it() -> None:
    from datetime import date

    from perfxl.narrative import signing_date

    assert signing_date(date(2021, 1, 5), "zh") == "2021年1月5日"  # not 2021-01-05
    assert signing_date(date(2021, 1, 5), "en") == "5 January 2021"
    assert signing_date(None, "zh") == "　　　　年　　月　　日"


def test_the_leadership_workbook_speaks_to_leaders(
    sample_run: tuple[Workspace, RunResult],
) -> None:
    """The provisional banner told the 局长 to run "perfxl run" again; the chart's axis began
    at the lowest total, so a gap of a few points looked like half a bar."""
    import zipfile

    workspace, _outcome = sample_run
    path = next((workspace.root / "output").glob("*汇总.xlsx"))
    ranking = openpyxl.load_workbook(path)["排名"]
    banner = ranking["A2"].value
    assert banner.startswith("【临时结果】") and "perfxl" not in banner
    # tall enough for the why, which a merged cell is never fitted to: it was cut off
    from perfxl.cells import wrapped_height

    span = sum(ranking.column_dimensions[c].width for c in "ABCDEFGHIJKLM")
    assert ranking.row_dimensions[2].height >= max(36, wrapped_height([(banner, span)], 15))
    totals = [row[6] for row in ranking.iter_rows(min_row=4, values_only=True)
              if isinstance(row[0], int)]
    with zipfile.ZipFile(path) as package:
        chart = next(package.read(n).decode() for n in package.namelist()
                     if n.startswith("xl/charts/chart"))
    # from 0, unless a total is below it (K12's veto takes it to -189.5 here)
    assert min(totals) < 0 and '<c:min val="0"/>' not in chart



def test_what_each_section_is_told_is_as_provisional_as_the_bulletin(
    sample_run: tuple[Workspace, RunResult],
) -> None:
    """K04 sent nothing, so every rank may still change: the bulletin and 排名 said so, but
    each section's report and notice gave its rank and grade as settled, and the bonus
    sheet finance prints gave the whole pool out without a word."""
    workspace, _outcome = sample_run
    folder = workspace.root / NARRATIVES
    report = (folder / "自评报告" / "K02_办公室.md").read_text(encoding="utf-8")
    assert "排名第 1 位，等次为优秀。因有科室未报送，以上排名和等次为临时结果" in report
    notice = (folder / "整改通知" / "K05_行政执法监督协调科.md").read_text(encoding="utf-8")
    assert "以上排名和等次为临时结果，待补正后重新计算确定。现将需要整改的问题通知如下。\n\n## 一" \
        in notice
    path = next((workspace.root / "output").glob("*汇总.xlsx"))
    assert openpyxl.load_workbook(path)["奖金分配"]["A2"].value.startswith("【临时结果】")


def test_register_rows_in_error_and_sections_never_scored_are_said(tmp_path: Path) -> None:
    """A register row in error was left out of the bulletin's year total without a word,
    and a section that sent nothing was told "indicators below 60%: none"."""
    from perfxl.master_writer import write_deductions
    from tests.test_run import DEDUCTIONS

    workspace = build_sample(tmp_path / "ws", skip=("K04",))
    write_deductions(workspace.deductions, [
        *DEDUCTIONS,
        {"date": "2020-11-02", "section": "K04", "source": "明察暗访", "reason": "迟到",
         "points": 1, "veto": "否", "reference": ""},
        {"date": "2020-11-03", "section": "K02", "source": "明察暗访", "reason": "脱岗",
         "points": "abc", "veto": "否", "reference": ""}])
    run(workspace.root)
    folder = workspace.root / NARRATIVES
    bulletin = (folder / "考评情况通报.md").read_text(encoding="utf-8")
    assert "全年察访核验共发现问题 4 次" in bulletin
    assert "另有涉及办公室的扣分登记记录有误，未计入以上统计，待更正后计入。" in bulletin
    assert "扣分登记簿 中" not in bulletin and "（扣分登记簿中的记录有误）" in bulletin
    notice = (folder / "整改通知" / "K04_机关党委.md").read_text(encoding="utf-8")
    part = notice[notice.index("## 二"):notice.index("## 三")]
    assert "你科室未报送自评表，指标得分情况待补报后确定。" in part and "无。" not in part
    # the cause as it is: a register row in error beside the missing return
    assert "因有科室未报送、扣分登记簿中的记录有误，以上排名" in (
        folder / "自评报告" / "K01_市委依法治市办秘书科.md").read_text(encoding="utf-8")


def test_a_notice_dates_its_deadline_as_it_dates_itself(tmp_path: Path) -> None:
    """"于 2021-03-15 前" in the body, "2021年2月1日" under the signature."""
    workspace = build_sample(tmp_path / "ws")
    book = openpyxl.load_workbook(workspace.master)
    for row in book["设置"].iter_rows(min_row=2):
        if row[0].value in ("整改截止日期", "通报日期"):
            row[1].value = "2021-03-15" if row[0].value == "整改截止日期" else "2021-02-01"
    book.save(workspace.master)
    run(workspace.root)
    notice = next((workspace.root / NARRATIVES / "整改通知").glob("K05_*.md")).read_text(
        encoding="utf-8")
    assert "于2021年3月15日前向局绩效办报送" in notice and notice.rstrip().endswith("2021年2月1日")



def test_english_notices_read_as_english(tmp_path: Path) -> None:
    """"with a veto finding, with 1 inspection finding totalling 1 points deducted", and a
    bulletin blaming errors when sections had only not returned."""
    from perfxl.master_writer import write_deductions
    from tests.test_run import DEDUCTIONS

    workspace = build_sample(tmp_path / "ws", skip=("K04",))
    write_deductions(workspace.deductions, [{**DEDUCTIONS[1], "points": 1}])
    run(workspace.root, lang="en")
    folder = workspace.root / "output" / "narratives"
    notice = (folder / "rectification notices" / "K01_市委依法治市办秘书科.md").read_text(
        encoding="utf-8")
    assert "with 1 inspection finding (with a veto; 1 point deducted). " in notice  # one row
    bulletin = (folder / "bulletin.md").read_text(encoding="utf-8")
    assert "Because some sections have not returned, the ranks" in bulletin


def test_html_leaves_out_the_control_characters_it_does_not_allow() -> None:
    """A control character typed into a return (\\x01) reached the HTML narratives raw; the
    .docx already left it out."""
    from perfxl.document import Block, to_html

    page = to_html([Block("p", "完成\x01情况 <b>"), Block("table", rows=[["a"], ["x\x0bY"]])],
                   "标题")
    assert "\x01" not in page and "\x0b" not in page
    assert "<p>完成情况 &lt;b&gt;</p>" in page and "<td>xY</td>" in page


def test_the_bulletin_opening_says_what_was_done_and_a_blank_round_reads_whole(
        tmp_path: Path) -> None:
    """With no review and an empty register, the bulletin still said it had reviewed each
    return and taken inspection findings into account; a 轮次 left blank read
    "开展了2020年度绩效考评（），"."""
    from tests.test_run import write_deductions

    workspace = build_sample(tmp_path / "ws")
    bulletin = workspace.root / "output" / "narratives" / "考评情况通报.md"
    run(workspace.root)
    assert "对各科室的自评情况进行了审核，结合察访核验情况进行了计分和排名" in \
        bulletin.read_text(encoding="utf-8")
    workspace.review.unlink()
    write_deductions(workspace.deductions, [])
    book = openpyxl.load_workbook(workspace.master)
    for row in book["设置"].iter_rows(min_row=2):
        if row[0].value == "轮次":
            row[1].value = None
    book.save(workspace.master)
    run(workspace.root)
    text = bulletin.read_text(encoding="utf-8")
    assert "2020年度绩效考评（年度考评），根据各科室的自评情况，进行了计分和排名。" in text
    run(workspace.root, lang="en")
    english = (workspace.root / "output" / "narratives" / "bulletin.md").read_text(
        encoding="utf-8")
    assert "carried out the 2020 annual assessment: it scored and ranked the sections." in \
        english


def test_user_text_in_the_markdown_file_is_no_markup_for_a_viewer() -> None:
    """The .md is for Markdown viewers: "*强调*", "<img …>", "&amp;", "1. 编号" and "> 引用"
    in a section's text became emphasis, live HTML, "&", a list and a quote there."""
    from perfxl.narrative import inline

    typed = "办公室|<b>&amp;</b>*强调*[链接](http://x)"
    written = str(inline(typed))
    assert written == "办公室\\|\\<b\\>\\&amp;\\</b\\>\\*强调\\*\\[链接\\](http://x)"
    assert [b.text for b in parse(written)] == [typed]  # the documents show it as typed
    for line, start in (("1. 编号", INERT), ("> 引用", "\\>"), ("+ 加号", INERT),
                        ("===", INERT), ("--", INERT), ("### 标题", INERT)):
        shown = str(paragraphs(line))
        assert shown.startswith(start), shown
        assert [b.text.replace(INERT, "") for b in parse(shown)] == [line]
