"""Section templates: structure, protection, validation, print setup, determinism, drafts."""

from __future__ import annotations

import email
import hashlib
import re
import zipfile
from email import policy
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from perfxl.binding import parse_binding
from perfxl.master import load_master
from perfxl.model import fingerprint
from perfxl.pipeline import build_templates
from perfxl.workspace import Workspace, init_workspace

HEADERS = ["编号", "类别", "子类", "指标名称", "分值", "评分标准", "佐证材料要求", "自评得分",
           "完成情况", "佐证材料"]


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_one_template_and_draft_per_section(workspace: Workspace) -> None:
    result = build_templates(workspace.root)
    names = sorted(p.name for p in result.folder.iterdir())
    assert names == [
        "K01_办公室_2020年度绩效自评表.eml",
        "K01_办公室_2020年度绩效自评表.xlsx",
        "K02_法制科_2020年度绩效自评表.eml",
        "K02_法制科_2020年度绩效自评表.xlsx",
        "K03_政工科_2020年度绩效自评表.eml",  # no email: a draft without a recipient
        "K03_政工科_2020年度绩效自评表.xlsx",
        "发送清单.xlsx",
    ]
    send_list = openpyxl.load_workbook(result.folder / "发送清单.xlsx").active
    rows = list(send_list.iter_rows(values_only=True))
    assert rows[3][0] == "K03" and rows[3][7].startswith("无邮箱")
    draft = email.message_from_bytes((result.folder / "K03_政工科_2020年度绩效自评表.eml")
                                     .read_bytes(), policy=policy.default)
    assert draft["To"] is None and draft["Subject"]


@pytest.mark.parametrize(("typed", "addresses"), [
    ("张三 <k01@example.gov.cn>", [("张三", "k01@example.gov.cn")]),
    ("k01＠example.gov.cn", [("", "k01@example.gov.cn")]),
    ("k01@example.gov.cn；k02@example.gov.cn", [("", "k01@example.gov.cn"),
                                               ("", "k02@example.gov.cn")]),
    ("k01@example.gov.cn（科长）", [("科长", "k01@example.gov.cn")]),
    ("k01@司法局.中国", [("", "k01@xn--sprq6q3no.xn--fiqs8s")]),
    # a name after or before the address, with a space: the name was glued onto the domain
    # (k01@….gov.xn--cn-…) or the whole cell sent as one name without an address
    ("k01@example.gov.cn 张三", [("张三", "k01@example.gov.cn")]),
    ("张三 k01@example.gov.cn", [("张三", "k01@example.gov.cn")]),
    ("张三：k01@example.gov.cn", [("张三", "k01@example.gov.cn")]),
    ('"Huang, Zhijian" <k01@example.gov.cn>', [("Huang, Zhijian", "k01@example.gov.cn")]),
    # a name, a Chinese comma, its address; a link's address copied from a web page
    ("张三，k01@example.gov.cn", [("张三", "k01@example.gov.cn")]),
    ("mailto:k01@example.gov.cn", [("", "k01@example.gov.cn")]),
    ("k01@example。gov。cn", [("", "k01@example.gov.cn")]),  # 。 typed for .
])
def test_drafts_take_addresses_as_offices_type_them(
    tmp_path: Path, typed: str, addresses: list[tuple[str, str]]
) -> None:
    """Any non-ASCII character in an address cell stopped `templates` (the draft header was
    encoded as ASCII); names, full-width forms, Chinese separators and domains now work."""
    from email.utils import getaddresses

    from perfxl.workspace import init_workspace
    from tests.conftest import small_bureau

    data = small_bureau()
    data["sections"][0]["email"] = typed
    data["settings"]["联系邮箱"] = "绩效办 <jxb@example.gov.cn>"
    workspace = init_workspace(tmp_path / "ws", data=data, workspace_id="drafts")
    result = build_templates(workspace.root)
    draft = email.message_from_bytes((result.folder / "K01_办公室_2020年度绩效自评表.eml")
                                     .read_bytes(), policy=policy.default)
    assert getaddresses([str(draft["To"])]) == addresses
    assert getaddresses([str(draft["From"])]) == [("绩效办", "jxb@example.gov.cn")]


@pytest.mark.parametrize(("typed", "warned"), [
    ("张三 <k01@example.gov.cn>；李四＠example.gov.cn", True),  # 李四 typed for a local part
    ("林晓燕", True),
    ('"Huang, Zhijian" <k01@example.gov.cn>', False),
    ("k01@example.gov.cn 张三", False),
    ("k01@example.gov.cn\nk02@example.gov.cn", False),  # Alt+Enter between two addresses
    # a name and a line break made a header of their own: Bcc to whoever was typed
    ("Evil\nBcc: attacker@evil.example k01@example.gov.cn", True),
    ('"Zhang San\r\nBcc: leak@evil.example" <k01@example.gov.cn>', True),
    # two addresses for one entry: the draft went to the first, unwarned
    ("Zhang San: zhangsan@private.example <k01@example.gov.cn>", True),
    ('"x" <leak@evil.example> <k01@example.gov.cn>', True),
])
def test_the_master_warns_of_the_addresses_a_draft_cannot_use(
    tmp_path: Path, typed: str, warned: bool
) -> None:
    """The master's check and the drafts' headers read addresses one way: a cell sent as one
    encoded name (no address) was not warned of, and a valid quoted name was."""
    from perfxl.workspace import init_workspace
    from tests.conftest import small_bureau

    data = small_bureau()
    data["sections"][0]["email"] = typed
    workspace = init_workspace(tmp_path / "ws", data=data, workspace_id="drafts")
    _master, warnings = load_master(workspace.master)
    assert any(w.code == "MASTER_023" for w in warnings) is warned


def test_no_address_cell_makes_a_header_of_its_own(tmp_path: Path) -> None:
    """A line break typed in 邮箱 (or 联系邮箱) after an English name reached the draft raw:
    a Bcc: or Reply-To: header of the cell's choosing."""
    from perfxl.workspace import init_workspace
    from tests.conftest import small_bureau

    data = small_bureau()
    data["sections"][0]["email"] = "Evil\nBcc: attacker@evil.example k01@example.gov.cn"
    data["settings"]["联系邮箱"] = "Office\r\nReply-To: attacker@evil.example jxb@example.gov.cn"
    workspace = init_workspace(tmp_path / "ws", data=data, workspace_id="drafts")
    result = build_templates(workspace.root)
    draft = email.message_from_bytes((result.folder / "K01_办公室_2020年度绩效自评表.eml")
                                     .read_bytes(), policy=policy.default)
    assert draft["Bcc"] is None and draft["Reply-To"] is None
    assert "attacker" in str(draft["To"]) and "attacker" in str(draft["From"])  # as typed


def test_drafts_end_every_line_with_crlf(workspace: Workspace) -> None:
    """Folded header lines (a long Chinese subject, the attachment's name) ended with a bare
    LF, which RFC 5322 forbids and some mail gateways reject."""
    result = build_templates(workspace.root)
    for draft in result.folder.glob("*.eml"):
        data = draft.read_bytes()
        assert data.count(b"\n") == data.count(b"\r\n"), draft.name


def test_template_structure(workspace: Workspace) -> None:
    result = build_templates(workspace.root)
    master, _ = load_master(workspace.master)
    book = openpyxl.load_workbook(result.files[1].workbook)  # K02
    assert [(s.title, s.sheet_state) for s in book.worksheets] == [
        ("填报说明", "visible"), ("自评表", "visible"), ("自评报告", "visible"),
        ("perfxl_meta", "veryHidden"),
    ]
    sheet = book["自评表"]
    assert [c.value for c in sheet[2]] == HEADERS
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=3) if row[0].value}
    assert list(rows) == [i.id for i in master.indicators_for("K02")] == ["A01", "A02", "C01"]
    for indicator in master.indicators_for("K02"):
        assert rows[indicator.id][4].value == indicator.points
    validations = {cell: dv for dv in sheet.data_validations.dataValidation
                   for cell in str(dv.sqref).split()}
    for indicator_id, row in rows.items():
        score_cell = row[7].coordinate
        dv = validations[score_cell]
        assert dv.type == "decimal" and dv.operator in (None, "between")
        assert float(dv.formula1) == 0
        assert float(dv.formula2) == float(master.indicator(indicator_id).points)
        assert dv.prompt and "0" in dv.prompt
    assert sheet.protection.sheet
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            unlocked = cell.column_letter in "HIJ" and row[0].value is not None and cell.row > 2
            assert cell.protection.locked is not unlocked, cell.coordinate
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.freeze_panes == "F3"
    report = book["自评报告"]
    assert [report.cell(r, 1).value for r in range(2, 6)] == [
        "总体情况", "主要做法与成效", "存在问题", "下一步打算"]
    assert all(not report.cell(r, 2).protection.locked for r in range(2, 6))
    assert report.protection.sheet and book["填报说明"].protection.sheet


def test_excellence_indicators_have_one_subtotal(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """An excellence indicator with its own 子类 gave two rows both named 争先创优指标小计."""
    bureau["indicators"].append({**bureau["indicators"][3], "id": "C02", "subcategory": "其他",
                                 "points": 5})
    workspace = init_workspace(tmp_path / "ws", data=bureau)
    sheet = openpyxl.load_workbook(build_templates(workspace.root).files[0].workbook)["自评表"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    subtotals = [row for row in rows if "争先创优指标小计" in row]
    assert len(subtotals) == 1 and 25 in subtotals[0]  # C01 20 and C02 5


def test_metadata_binds_the_template(workspace: Workspace) -> None:
    result = build_templates(workspace.root)
    master, _ = load_master(workspace.master)
    book = openpyxl.load_workbook(result.files[0].workbook)
    binding = parse_binding(list(book["perfxl_meta"].iter_rows(values_only=True)))
    assert binding is not None
    assert (binding.workspace_id, binding.year, binding.round, binding.section_code) == (
        "test-workspace", 2020, "年度考评", "K01")
    assert [r.id for r in binding.rows] == ["A01", "B01", "C01"]
    assert binding.fingerprint == fingerprint(master.indicators_for("K01"))


def test_templates_are_byte_identical_across_runs(workspace: Workspace) -> None:
    first = _digests(build_templates(workspace.root).folder)
    second = _digests(build_templates(workspace.root).folder)
    assert first == second


def test_template_password_is_used(workspace: Workspace) -> None:
    book = openpyxl.load_workbook(workspace.master)
    for row in book["设置"].iter_rows(min_row=2):
        if row[0].value == "模板密码":
            row[1].value = "secret"
    book.save(workspace.master)
    result = build_templates(workspace.root)
    sheet = openpyxl.load_workbook(result.files[0].workbook)["自评表"]
    assert sheet.protection.password  # stored as a hash, never in clear
    assert "MASTER_031" not in [w.code for w in result.warnings]


def test_a_chinese_template_password_is_warned_about(workspace: Workspace) -> None:
    """Excel hashes a password from its ANSI code page, xlsxwriter from the characters: a
    password in 汉字 protects templates Excel may never unprotect."""
    book = openpyxl.load_workbook(workspace.master)
    for row in book["设置"].iter_rows(min_row=2):
        if row[0].value == "模板密码":
            row[1].value = "绩效2020"
            cell = row[1].coordinate
    book.save(workspace.master)
    result = build_templates(workspace.root)
    assert [(w.code, w.cell) for w in result.warnings] == [("MASTER_031", cell)]


def test_email_draft(workspace: Workspace) -> None:
    result = build_templates(workspace.root)
    draft = result.files[0].email
    message = email.message_from_bytes(draft.read_bytes(), policy=policy.default)
    assert message["To"] == "k01@example.gov.cn"
    assert "2021年1月31日" in message["Subject"] and "办公室" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert "于2021年1月31日前" in body and "王五" in body
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == result.files[0].workbook.name
    assert attachment.get_content() == result.files[0].workbook.read_bytes()


@pytest.mark.parametrize("broken", ["{{ section.name ", "{{ nosuchvar }}"])
def test_an_email_template_that_cannot_render_stops_before_anything_is_written(
    workspace: Workspace, broken: str
) -> None:
    """The office's own email template with a typo was a traceback, one template written
    and no drafts; now one line naming the template and its line, and nothing written."""
    from click.testing import CliRunner

    from perfxl.cli import main

    template = workspace.templates / "email.zh.txt.j2"
    template.write_text("各科室：\n\n" + broken + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["templates", "-w", str(workspace.root)])
    assert result.exit_code == 2, result.output
    assert "邮件模板 templates/email.zh.txt.j2 第 3 行有错误" in result.output  # as issues name it
    assert "模板和邮件草稿均未生成" in result.output
    assert not list((workspace.output / "templates").glob("*.xlsx"))


def _draft_text(path: Path) -> tuple[str, str]:
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    return str(message["Subject"]), message.get_body(("plain",)).get_content()


def test_a_rounds_drafts_ask_for_progress(workspace: Workspace) -> None:
    """A monitoring round's draft was the annual letter (the annual deadline, 自评得分 and
    自评报告 asked for) around a 进度表; it asks for progress, by a date only when given."""
    from datetime import date

    result = build_templates(workspace.root, round_name="第三季度")
    assert workspace.round_inbox("第三季度").is_dir()  # where the README says to drop them
    subject, body = _draft_text(result.files[0].email)
    assert subject == "【绩效监控】测试局2020年度第三季度绩效目标进度表（办公室）"
    assert "完成进度" in body and "第三季度" in body and "按通知要求及时" in body
    assert "2021年1月31日" not in subject + body  # the master's annual deadline
    assert "自评得分" not in body and "自评报告" not in body
    dated = build_templates(workspace.root, round_name="第三季度", deadline=date(2020, 10, 10))
    subject, body = _draft_text(dated.files[0].email)
    # dated as a letter dates: 2020年10月10日, not 2020-10-10
    assert subject.startswith("【请于2020年10月10日前报送】") and "于2020年10月10日前" in body
    guide = openpyxl.load_workbook(dated.files[0].workbook)["填报说明"]
    shown = [c.value for row in guide.iter_rows() for c in row if c.value]
    assert "2020-10-10" in shown and "2021-01-31" not in shown  # not the annual deadline
    english = build_templates(workspace.root, lang="en", round_name="Q3")
    subject, body = _draft_text(english.files[0].email)
    assert subject.startswith("[Monitoring]") and "Next steps" in body


def test_a_deadline_given_replaces_the_masters(workspace: Workspace) -> None:
    from datetime import date

    result = build_templates(workspace.root, deadline=date(2021, 2, 5))
    subject, body = _draft_text(result.files[0].email)
    assert "2021年2月5日" in subject and "2021年2月5日" in body and "2021年1月31日" not in body
    guide = openpyxl.load_workbook(result.files[0].workbook)["填报说明"]
    shown = [c.value for row in guide.iter_rows() for c in row if c.value]
    assert "2021-02-05" in shown and "2021-01-31" not in shown


def test_indicator_rows_are_as_tall_as_their_wrapped_text(workspace: Workspace) -> None:
    """LibreOffice does not fit rows on opening: rows without a height printed their wrapped
    评分标准 over the rows below. The height is set, not as a custom one, so Excel still
    fits a row again when a section types into it."""
    import zipfile

    from perfxl.cells import LINE_POINTS

    result = build_templates(workspace.root)
    book = openpyxl.load_workbook(result.files[1].workbook)  # K02
    sheet = book["自评表"]
    heights = {row[0].value: sheet.row_dimensions[row[0].row].height
               for row in sheet.iter_rows(min_row=3) if row[0].value}
    assert all(height and height >= LINE_POINTS for height in heights.values())
    assert sheet.row_dimensions[2].height  # the header, whose labels wrap in narrow columns
    with zipfile.ZipFile(result.files[1].workbook) as package:
        xml = package.read("xl/worksheets/sheet2.xml").decode()
    assert re.search(r'<row r="3" ht="[\d.]+">', xml)  # a height, not a custom one


def test_a_long_criterion_makes_its_row_taller(tmp_path: Path) -> None:
    from perfxl.workspace import init_workspace
    from tests.conftest import small_bureau

    data = small_bureau()
    data["indicators"][0]["criteria"] = "按要求完成得满分；" * 20  # 180 characters
    workspace = init_workspace(tmp_path / "ws", data=data, workspace_id="tall")
    sheet = openpyxl.load_workbook(build_templates(workspace.root).files[0].workbook)["自评表"]
    heights = {row[0].value: sheet.row_dimensions[row[0].row].height
               for row in sheet.iter_rows(min_row=3) if row[0].value in ("A01", "B01")}
    assert heights["A01"] >= 3 * heights["B01"]


def test_english_templates_name_the_standard_subcategories_in_english(
    workspace: Workspace
) -> None:
    """"规定指标 Subtotal" beside "Excellence Subtotal"."""
    result = build_templates(workspace.root, lang="en")
    sheet = openpyxl.load_workbook(result.files[1].workbook)["Self-assessment"]
    texts = {c.value for row in sheet.iter_rows(min_row=3) for c in row if isinstance(c.value, str)}
    assert "Mandated" in texts and "Mandated subtotal" in texts
    assert not any("规定指标" in text for text in texts)


def test_without_a_deadline_the_letters_name_none_and_templates_warns(tmp_path: Path) -> None:
    """A blank 截止日期 gave "【请于—前报送】" and "于 — 前", with no warning."""
    from perfxl.workspace import init_workspace
    from tests.conftest import small_bureau

    data = small_bureau()
    data["settings"]["截止日期"] = None
    workspace = init_workspace(tmp_path / "ws", data=data, workspace_id="undated")
    result = build_templates(workspace.root)
    assert [w.code for w in result.warnings] == ["MASTER_029"]
    assert "--deadline 2021-01-31" in result.warnings[0].fix("zh")  # the year's, not 2020-12-31
    subject, body = _draft_text(result.files[0].email)
    assert subject == "【绩效自评】测试局2020年度绩效自评表（办公室）"
    assert "—" not in subject + body and "按通知要求及时将填好的表格" in body
    guide = openpyxl.load_workbook(result.files[0].workbook)["填报说明"]
    shown = [c.value for row in guide.iter_rows() for c in row if c.value]
    assert "以通知为准" in shown and "3 项，共 72.5 分" in shown


def test_stale_templates_are_removed(workspace: Workspace) -> None:
    folder = build_templates(workspace.root).folder
    stale = folder / "K99_旧科室_2020年度绩效自评表.xlsx"
    stale.write_bytes(b"old")
    build_templates(workspace.root)
    assert not stale.exists()


@pytest.mark.parametrize("lang", ["en"])
def test_english_templates(workspace: Workspace, lang: str) -> None:
    result = build_templates(workspace.root, lang=lang)
    book = openpyxl.load_workbook(result.files[0].workbook)
    assert [s.title for s in book.worksheets][:3] == [
        "Instructions", "Self-assessment", "Self-assessment report"]
    headers = [c.value for c in book["Self-assessment"][2]]
    assert headers[:4] == ["ID", "Category", "Subcategory", "Indicator"]
    assert "Self score" in headers


def test_noncharacters_from_the_master_never_reach_a_template(
    tmp_path: Path, bureau: dict[str, object]
) -> None:
    """U+FFFE in a section's name (read leniently from the master) went raw into the
    templates: XML no strict reader opens (openpyxl refused every template)."""
    from perfxl.workspace import init_workspace

    bureau["sections"][2]["name"] = "政工\ufffe科"  # type: ignore[index]
    bureau["indicators"][0]["criteria"] = "按要求完成得满分\uffff"  # type: ignore[index]
    workspace = init_workspace(tmp_path / "ws", data=bureau, workspace_id="test-workspace")
    # xlsxwriter escapes them (_xFFFE_); a master saved by another program may hold them raw
    with zipfile.ZipFile(workspace.master) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["xl/sharedStrings.xml"] = parts["xl/sharedStrings.xml"].replace(
        b"_xFFFE_", "\ufffe".encode()).replace(b"_xFFFF_", "\uffff".encode())
    with zipfile.ZipFile(workspace.master, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    for template in build_templates(workspace.root).files:
        book = openpyxl.load_workbook(template.workbook)  # well-formed XML
        shown = [str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row]
        assert not any("\ufffe" in t or "\uffff" in t for t in shown)
    assert load_master(workspace.master)[0].sections[2].name == "政工\ufffd科"


def test_points_show_without_a_trailing_point_in_excel(workspace: Workspace) -> None:
    """"0.##" shows 40 as "40." in Excel: points and scores are in the General format."""
    sheet = openpyxl.load_workbook(build_templates(workspace.root).files[0].workbook)["自评表"]
    formats = {sheet.cell(3, column).number_format for column in (5, 8)}  # 分值, 自评得分
    assert formats == {"General"}


def test_sheets_print_as_they_are_read(workspace: Workspace, tmp_path: Path) -> None:
    """The report sheet (four blocks of text) printed landscape, its last block alone on a
    page; English headers broke inside words ("Subcategor/y"); the master and the register,
    printed for meetings, had no print setup (eight portrait pages, columns split)."""
    template = openpyxl.load_workbook(build_templates(workspace.root).files[0].workbook)
    assert template["自评报告"].page_setup.orientation == "portrait"
    assert template["自评报告"].sheet_properties.pageSetUpPr.fitToPage
    assert template["自评表"].page_setup.orientation == "landscape"
    english = init_workspace(tmp_path / "en", lang="en")
    for path in (english.master, english.deductions, workspace.master, workspace.deductions):
        for sheet in openpyxl.load_workbook(path).worksheets:
            assert sheet.page_setup.orientation == "landscape", (path.name, sheet.title)
            assert sheet.sheet_properties.pageSetUpPr.fitToPage  # one page wide (1 is implied)
            assert sheet.page_setup.fitToWidth in (None, 1) and sheet.print_title_rows == "$1:$1"
    from perfxl.cells import display_width
    from perfxl.i18n import TEMPLATE_COLUMNS
    from perfxl.workspace import load_sample

    english = init_workspace(tmp_path / "en-sample", load_sample("longyan-2020"), lang="en")
    book = openpyxl.load_workbook(build_templates(english.root, lang="en").files[0].workbook)
    sheet = book["Self-assessment"] if "Self-assessment" in book.sheetnames else book.worksheets[1]
    for n, column in enumerate(TEMPLATE_COLUMNS):
        width = sheet.column_dimensions[chr(ord("A") + n)].width
        assert all(display_width(word) + 2 <= width for word in column.en.split()), column.en


def test_a_carriage_return_in_a_master_text_keeps_the_templates_valid(tmp_path: Path) -> None:
    """An indicator name pasted from Word (…\\r\\n…) was written raw into the template's
    hidden sheet; XML readers make CRLF a LF, so the template's own fingerprint failed and
    every section owning it was refused as tampered (RETURN_010), untouched or filled."""
    from perfxl.pipeline import check
    from perfxl.workspace import init_workspace
    from tests.conftest import ReturnFactory, small_bureau

    data = small_bureau()
    data["indicators"][0]["name"] = "党建工作成效\r\n（含意识形态）"
    workspace = init_workspace(tmp_path / "ws", data=data, workspace_id="cr")
    returns = ReturnFactory(workspace)
    returns.write_all()
    result = check(workspace.root)
    assert not [i for i in result.issues if i.code.startswith("RETURN")], result.issues
    assert set(result.statuses().values()) == {"ok"}


@pytest.mark.parametrize("typed", ["无", "同上", "/", "待定", "同K01"])
def test_a_placeholder_for_an_address_makes_no_to_line(tmp_path: Path, typed: str) -> None:
    """"无" went into the draft as its To: address; a section without one gets no To: line,
    for the office to fill in (the master warns of the cell)."""
    from perfxl.workspace import init_workspace
    from tests.conftest import small_bureau

    data = small_bureau()
    data["sections"][0]["email"] = typed
    workspace = init_workspace(tmp_path / "ws", data=data, workspace_id="drafts")
    _master, warnings = load_master(workspace.master)
    assert [w.code for w in warnings] == ["MASTER_023"]
    result = build_templates(workspace.root)
    draft = email.message_from_bytes((result.folder / "K01_办公室_2020年度绩效自评表.eml")
                                     .read_bytes(), policy=policy.default)
    assert draft["To"] is None


def test_a_deadline_outside_the_year_is_said(workspace: Workspace) -> None:
    from datetime import date

    made = build_templates(workspace.root, deadline=date(2019, 10, 10))
    assert [w.code for w in made.warnings] == ["TEMPLATE_002"]
    assert build_templates(workspace.root, deadline=date(2021, 1, 31)).warnings == []


def test_a_long_unit_and_section_name_wrap_the_titles(tmp_path: Path) -> None:
    """A 40-character unit and a 79-character section name: the 自评表 title was cut off at
    both ends (a centred title wider than its merged columns), and the name in 填报说明
    overprinted the row below it. A short title keeps its one line and height."""
    from perfxl.xlsx_style import TITLE_LINE_POINTS
    from tests.conftest import small_bureau

    data = small_bureau()
    data["settings"]["单位名称"] = "某某省某某市某某区人民政府办公室（区大数据发展管理局、区政务服务中心）"
    long_name = "综合协调与督查督办及政务公开和信息化建设以及机关事务后勤保障科" * 2
    old_name, data["sections"][0]["name"] = data["sections"][0]["name"], long_name
    for indicator in data["indicators"]:  # owners named by name follow it
        for key, value in indicator.items():
            if isinstance(value, str) and old_name in value:
                indicator[key] = value.replace(old_name, long_name)
    workspace = init_workspace(tmp_path / "ws", data=data, workspace_id="titles")
    result = build_templates(workspace.root)
    long_one, short_one = (openpyxl.load_workbook(f.workbook) for f in result.files[:2])
    title = long_one["自评表"]["A1"]
    assert title.alignment.wrap_text and long_name in title.value
    height = long_one["自评表"].row_dimensions[1].height
    assert height >= 2 * TITLE_LINE_POINTS
    report = long_one["自评报告"]  # its title names the section too
    assert report["A1"].alignment.wrap_text and report.row_dimensions[1].height > 30
    guide = long_one["填报说明"]
    [name_row] = [r for r in range(1, 10) if long_name in str(guide.cell(r, 2).value)]
    assert guide.row_dimensions[name_row].height >= 2 * 13.5
    workspace = init_workspace(tmp_path / "short", data=small_bureau(), workspace_id="short")
    short_one = openpyxl.load_workbook(build_templates(workspace.root).files[0].workbook)
    assert not short_one["自评表"]["A1"].alignment.wrap_text
    assert short_one["自评表"].row_dimensions[1].height == 30


def test_templates_are_not_regenerated_over_one_filled_in_place(tmp_path: Path) -> None:
    """A template the office filled in output/templates (for a section with no e-mail) was
    replaced by a blank one without a word; a blank one is regenerated as ever."""
    from click.testing import CliRunner

    from perfxl.cli import main
    from perfxl.simulate import Filling, fill_template

    root = tmp_path / "ws"
    assert CliRunner().invoke(main, ["init", str(root), "--sample", "longyan-2020"]).exit_code == 0
    assert CliRunner().invoke(main, ["templates", "-w", str(root)]).exit_code == 0
    folder = root / "output" / "templates"
    assert CliRunner().invoke(main, ["templates", "-w", str(root)]).exit_code == 0  # blank
    [k12] = folder.glob("K12_*.xlsx")
    fill_template(k12, k12, Filling(scores={"A01": 10}))
    before = k12.read_bytes()
    result = CliRunner().invoke(main, ["templates", "-w", str(root)])
    assert result.exit_code == 2 and k12.read_bytes() == before
    assert "1 份模板已填写" in result.output and k12.name in result.output
    assert "--force" in result.output
    result = CliRunner().invoke(main, ["templates", "-w", str(root), "--force"])
    assert result.exit_code == 0 and k12.read_bytes() != before
