"""`perfxl publish`: the indicator system as published rules (考评细则)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from perfxl.cli import main
from perfxl.master import load_master
from perfxl.workspace import init_workspace, load_sample
from tests.test_narratives import _libreoffice


def test_publish_sample_rules(tmp_path: Path) -> None:
    workspace = init_workspace(tmp_path / "ws", data=load_sample("longyan-2020"))
    result = CliRunner().invoke(main, ["publish", "-w", str(workspace.root)])
    assert result.exit_code == 0, result.output
    for suffix in (".md", ".html", ".docx"):  # named, not "output/ (3)"
        assert str(workspace.output / f"考评细则{suffix}") in result.output
    master, _ = load_master(workspace.master)
    html = (workspace.output / "考评细则.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html  # self-contained page
    assert "<script" not in html and "http" not in html.split("<style>")[0]
    for indicator in master.indicators:
        assert f"<td>{indicator.id}</td>" in html
    assert "总分值 840 分" in html and "规定指标（20 项，540 分）" in html
    assert "计分规则" in html and "扣分不封顶" in html
    # written before any result: the quota when every section is ranked, not "本次 2 个",
    # which a run with sections missing would contradict
    assert "12 个科室全部参加排名时为 2 个" in html and "本次" not in html
    # each rule follows its name without saying the name again ("总分：总分＝…")
    rules = re.findall(r"^\d+\. (.+?)：(.+)$", (workspace.output / "考评细则.md").read_text(
        encoding="utf-8"), flags=re.MULTILINE)
    assert len(rules) == 10 and [n for n, rule in rules if rule.startswith(n)] == []
    assert ("总分", "基础绩效指标得分＋争先创优得分－扣分，结果保留两位小数。") in rules
    document = Document(str(workspace.output / "考评细则.docx"))
    rows = sum(len(t.rows) - 1 for t in document.tables)
    assert rows == len(master.indicators)
    assert document.paragraphs[0].text == "龙岩市司法局2020年度绩效管理履职考评细则"


def test_a_line_break_in_a_cell_is_a_br_in_the_markdown_file(tmp_path: Path) -> None:
    """Alt+Enter in a 评分标准 cell put perfxl's own marker (U+FDD0) into 考评细则.md, shown by
    Markdown viewers as a box or nothing."""
    import openpyxl

    workspace = init_workspace(tmp_path / "ws", data=load_sample("longyan-2020"))
    book = openpyxl.load_workbook(workspace.master)
    sheet = book["指标"]
    column = [c.value for c in sheet[1]].index("评分标准") + 1
    sheet.cell(2, column).value = "1. 全部完成得满分；\n2. 缺项一次扣2分。"
    book.save(workspace.master)
    CliRunner().invoke(main, ["publish", "-w", str(workspace.root)])
    markdown = (workspace.output / "考评细则.md").read_text(encoding="utf-8")
    assert "\ufdd0" not in markdown and "1. 全部完成得满分；<br>2. 缺项一次扣2分。" in markdown
    html = (workspace.output / "考评细则.html").read_text(encoding="utf-8")
    assert "1. 全部完成得满分；<br>2. 缺项一次扣2分。" in html and "\ufdd0" not in html


def test_published_docx_converts_to_pdf(tmp_path: Path) -> None:
    soffice = _libreoffice()
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    workspace = init_workspace(tmp_path / "ws", data=load_sample("longyan-2020"))
    CliRunner().invoke(main, ["publish", "-w", str(workspace.root)])
    shutil.copy(workspace.output / "考评细则.docx", tmp_path / "rules.docx")
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "rules.docx")],
        check=True, capture_output=True, timeout=180,
    )
    assert (tmp_path / "rules.pdf").read_bytes().startswith(b"%PDF")


def test_the_published_total_is_what_a_section_can_score(tmp_path: Path) -> None:
    """Basic indicators count scaled to 基础指标折算分: with one mandated item typed 30 for
    40, the rules said "总分值 830 分" while a section at full marks scored 840."""
    from perfxl.master_writer import write_master

    data = load_sample("longyan-2020")
    first = next(i for i in data["indicators"] if i["subcategory"] == "规定指标")
    first["points"] = float(first["points"]) - 10
    workspace = init_workspace(tmp_path / "ws", data=data)
    write_master(workspace.master, data, workspace_id="ws")
    assert CliRunner().invoke(main, ["publish", "-w", str(workspace.root)]).exit_code == 0
    text = (workspace.output / "考评细则.md").read_text(encoding="utf-8")
    assert "总分值 840 分，其中基础绩效指标 640 分（32 项，各项分值合计 630 分，按比例折算为 640 分）" \
        in text


def test_publish_says_what_the_master_warns_of(tmp_path: Path) -> None:
    """"20分" read as 20, a blank 单位名称: templates said so, publish said nothing and put
    the rules before the public."""
    data = load_sample("longyan-2020")
    data["indicators"][0]["points"] = f"{data['indicators'][0]['points']}分"
    workspace = init_workspace(tmp_path / "ws", data=data)
    result = CliRunner().invoke(main, ["publish", "-w", str(workspace.root)])
    assert result.exit_code == 0, result.output
    assert "MASTER_030" in result.output and "已生成考评细则" in result.output
