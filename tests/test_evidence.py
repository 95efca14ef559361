"""Returns as folders and zips, materials matched to what cells cite, and the binder."""

from __future__ import annotations

import hashlib
import io
import random
import re
import shutil
import unicodedata
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from perfxl import i18n
from perfxl.binder import plan_binder, write_binder
from perfxl.evidence import (
    EXTENSIONS,
    Material,
    citations_in,
    cited_files,
    material_from_file,
    material_kind,
    normalized,
    size_text,
    sniff,
)
from perfxl.pipeline import check, run
from perfxl.simulate import make_material, write_gbk_zip
from perfxl.workspace import Workspace, safe_file_name
from tests import hostile
from tests.conftest import ReturnFactory


def cites(returns: ReturnFactory, code: str, evidence: dict[str, str]) -> Path:
    """K-section's filled workbook (in a scratch folder) citing the given evidence."""
    filling = returns.filling(code)
    filling.evidence = {key: "工作台账" for key in filling.evidence} | evidence
    scratch = returns.workspace.root / "scratch"
    scratch.mkdir(exist_ok=True)
    return returns.write(code, name=f"../scratch/{code}.xlsx", filling=filling)


def tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_cited_names_and_matching() -> None:
    assert cited_files("1.党组会议记录汇编.pdf；2.专题学习照片.JPG、工作总结") == [
        "党组会议记录汇编.pdf", "专题学习照片.JPG"]
    assert cited_files("见附件 材料/２０２０年总结．ｄｏｃｘ") == ["2020年总结.docx"]
    # a list number stays with its name, to be matched with it or without it
    assert citations_in("1、通知.pdf、2、照片.jpg") == [
        ("通知.pdf", ["1、通知.pdf", "通知.pdf"]), ("照片.jpg", ["2、照片.jpg", "照片.jpg"])]
    # a 、 inside a document's title does not end the name
    assert cited_files("《关于加强、改进工作的通知》.pdf、照片.jpg") == [
        "《关于加强、改进工作的通知》.pdf", "照片.jpg"]
    assert normalized("（1）Ｐｈｏｔｏ.JPG", numbered=False) == normalized("材料\\photo.jpg") == \
        "photo.jpg"


# how names were cut before: one lazy pattern, the reference for the faster scan (an
# extension ends where no ASCII letter or digit follows)
_REFERENCE = re.compile(r"([^\s/\\]+?\.(?:" + "|".join(EXTENSIONS) + r"))(?![A-Za-z0-9])",
                        re.IGNORECASE)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a.pdfxoc 材/\\1、", max_size=30))
def test_cited_names_are_cut_as_the_one_pattern_cut_them(evidence: str) -> None:
    expected: list[str] = []
    for piece in re.split(r"[；;，,、\n\r\t]+", unicodedata.normalize("NFKC", evidence)):
        for match in _REFERENCE.finditer(piece.strip()):
            name = re.sub(r"^(?:[(（]?\d{1,3}[.、．)）]|[①-⑳])\s*", "", match[1].strip())
            name = name if "." in name.lstrip(".") else match[1].strip()  # "1.pdf" is a name
            if name and name not in expected:
                expected.append(name)
    assert cited_files(evidence) == expected


def test_a_long_evidence_cell_is_read_at_once() -> None:
    """32,767 characters (Excel's most) without a separator or with no name in them: the
    old pattern took minutes on these, retried from every position."""
    for text in ("详见附件1.2.3.4.5.6.7.8.9.10." * 2400, "x." * 16383, "." * 32767):
        assert cited_files(text[:32767]) == []
    assert cited_files("x" * 32000 + ".pdf") == ["x" * 32000 + ".pdf"]


def test_gbk_zip_is_read_and_bound_under_its_chinese_names(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    workbook = cites(returns, "K02", {"A01": "1.党组会议记录.pdf；2.活动照片.jpg",
                                      "A02": "执法案卷评查.PDF"})
    write_gbk_zip(workspace.inbox / "法制科材料.zip", {
        "法制科自评表.xlsx": workbook.read_bytes(),
        "佐证材料/党组会议记录.pdf": make_material("x.pdf", "A01"),
        "佐证材料/活动照片.jpg": make_material("x.jpg", "A01"),
        "佐证材料/执法案卷评查.pdf": make_material("x.pdf", "A02"),
        "佐证材料/其他照片.png": make_material("x.png", "none"),
    })
    with zipfile.ZipFile(workspace.inbox / "法制科材料.zip") as archive:
        assert not any(i.flag_bits & 0x800 for i in archive.infolist())  # really GBK
    returns.write("K01")
    outcome = run(workspace.root)
    assert outcome.check.statuses()["K02"] == "ok"
    files = {f.path: f.status for f in outcome.check.ingested.files}
    assert files["法制科材料.zip"] == "used"
    assert files["法制科材料.zip/法制科自评表.xlsx"] == "used"
    binder = workspace.output / "佐证材料" / "K02_法制科"
    assert {p.name for p in binder.iterdir()} >= {
        "01-A01-党组会议记录.pdf", "02-A01-活动照片.jpg", "03-A02-执法案卷评查.pdf",
        "04-未引用-其他照片.png", "佐证材料目录.xlsx", "佐证材料目录.docx",
        "K02_法制科_佐证材料.pdf"}
    catalogue = openpyxl.load_workbook(binder / "佐证材料目录.xlsx").active
    rows = [r for r in catalogue.iter_rows(min_row=3, values_only=True)]
    assert [(r[1], r[4], r[7]) for r in rows] == [
        ("A01", "01-A01-党组会议记录.pdf", "已报送"), ("A01", "02-A01-活动照片.jpg", "已报送"),
        ("A02", "03-A02-执法案卷评查.pdf", "已报送"), ("", "04-未引用-其他照片.png", "未引用")]
    assert all(len(r[8]) == 64 for r in rows)  # SHA-256 of each, last and not printed
    assert catalogue.print_area == "'佐证材料目录'!$A$1:$H$6"
    assert [str(r) for r in catalogue.merged_cells.ranges] == ["A1:H1"]  # the title as printed
    assert [r[5] for r in rows] == ["PDF 文件", "JPEG 图片", "PDF 文件", "PNG 图片"]  # not "jpeg"
    assert all(re.fullmatch(r"\d+ B|\d+ KB", r[6]) for r in rows)  # as people read sizes
    merged = PdfReader(binder / "K02_法制科_佐证材料.pdf")
    marks = [(o.title, merged.get_destination_page_number(o)) for o in merged.outline]
    assert marks == [("A01 党建工作成效", 0), ("A02 依法行政成效", 2),
                     ("04-未引用-其他照片.png", 3)]




def test_a_webp_picture_is_merged_as_other_pictures_are(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """A picture saved from a web page or WeChat as .webp was copied but left out of the
    merged PDF, which Pillow renders it into as any other picture."""
    from PIL import Image

    workbook = cites(returns, "K02", {"A01": "现场照片.webp"})
    folder = workspace.inbox / "法制科"
    folder.mkdir()
    shutil.move(workbook, folder / "K02.xlsx")
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(picture, "WEBP")
    (folder / "现场照片.webp").write_bytes(picture.getvalue())
    result = run(workspace.root)
    assert not [i for i in result.issues if i.code == "EVIDENCE_010"]
    merged = PdfReader(workspace.output / "佐证材料" / "K02_法制科" / "K02_法制科_佐证材料.pdf")
    assert len(merged.pages) == 1




def test_each_file_nobody_cites_has_a_bookmark_of_its_own(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """Two pictures nobody cited: both merged, one bookmark named after the first."""
    workbook = cites(returns, "K02", {"A01": "党组会议记录.pdf"})
    folder = workspace.inbox / "K02"
    folder.mkdir()
    shutil.move(workbook, folder / "K02.xlsx")
    (folder / "党组会议记录.pdf").write_bytes(make_material("x.pdf", "A01"))
    for name in ("其他照片.png", "另一张.png"):
        (folder / name).write_bytes(make_material("x.png", "none"))
    run(workspace.root)
    merged = PdfReader(workspace.output / "佐证材料" / "K02_法制科" / "K02_法制科_佐证材料.pdf")
    titles = [mark.title for mark in merged.outline]
    assert titles[0] == "A01 党建工作成效" and len(titles) == 3
    assert {title.split("-", 2)[-1] for title in titles[1:]} == {"其他照片.png", "另一张.png"}


@pytest.mark.parametrize("name", ["法制/科", "法" * 90 + "科"], ids=["slash", "long"])
def test_the_merged_pdf_is_named_as_safely_as_its_folder(
    tmp_path: Path, bureau: dict[str, Any], name: str
) -> None:
    """Named "<code>_<name>_佐证材料.pdf" as typed: a / put it in a folder of its own (../
    out of output/), and a name of 90 characters stopped the whole run (exit 2)."""
    from perfxl.workspace import init_workspace
    from tests.conftest import ReturnFactory

    bureau["sections"][1]["name"] = name
    workspace = init_workspace(tmp_path / "ws", data=bureau, workspace_id="test-workspace")
    returns = ReturnFactory(workspace)
    workbook = cites(returns, "K02", {"A01": "党组会议记录.pdf"})
    folder = workspace.inbox / "K02"
    folder.mkdir()
    shutil.move(workbook, folder / "K02.xlsx")
    (folder / "党组会议记录.pdf").write_bytes(make_material("x.pdf", "A01"))
    run(workspace.root)
    [binder] = [p for p in (workspace.output / "佐证材料").iterdir() if p.name.startswith("K02")]
    merged = [p.name for p in binder.iterdir() if p.suffix == ".pdf" and p.name.startswith("K02_")]
    assert len(merged) == 1 and "/" not in merged[0] and len(merged[0].encode()) <= 180
    assert not [p for p in binder.iterdir() if p.is_dir()]


@pytest.mark.parametrize("where", ["zip", "folder", "name"])
def test_a_template_under_another_sections_name_is_said(
    workspace: Workspace, returns: ReturnFactory, where: str
) -> None:
    """政工科 (K03) filled in and sent 法制科's (K02) template in "K03政工科.zip": K02 read as
    returned and K03 as missing, K03's materials bound into K02's folder, and not a word."""
    workbook = returns.write("K02", name="自评表.xlsx")
    if where == "zip":
        with zipfile.ZipFile(workspace.inbox / "K03政工科.zip", "w") as package:
            package.write(workbook, "自评表.xlsx")
            package.writestr("培训台账.pdf", make_material("x.pdf", "K03"))
        workbook.unlink()
        shown = "K03政工科.zip"
    elif where == "folder":
        folder = workspace.inbox / "政工科报送"
        folder.mkdir()
        workbook.rename(folder / "自评表.xlsx")
        shown = "政工科报送"
    else:
        workbook.rename(workspace.inbox / "政工科自评表.xlsx")
        shown = "政工科自评表.xlsx"
    returns.write("K01", name="办公室/K01.xlsx")  # a folder naming its own section: nothing
    result = check(workspace.root)
    [said] = [i for i in result.issues if i.code == "RETURN_027"]
    assert (said.section, dict(said.params)["where"]) == ("K02", shown)
    assert "K03 政工科" in said.message("zh") and "K02 法制科" in said.message("zh")
    assert result.statuses()["K02"] == "ok"


def test_a_saved_email_is_opened_as_a_zip_is(workspace: Workspace,
                                             returns: ReturnFactory) -> None:
    """The section's email saved into inbox/ (.eml) with the return attached was "not a
    workbook" (an info note), and the section was on the chase list with its return there.
    Its attachments are the return and its materials; an Outlook .msg is said unopened."""
    from email.message import EmailMessage

    workbook = cites(returns, "K02", {"A01": "党组会议记录.pdf"})
    message = EmailMessage()
    message["Subject"] = "法制科 2020 年度绩效自评表"
    message["From"] = "k02@example.gov.cn"
    message.set_content("附件是我科自评表和佐证材料。")
    message.add_attachment(workbook.read_bytes(), maintype="application",
                           subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           filename="法制科自评表.xlsx")
    minutes = make_material("x.pdf", "A01")
    message.add_attachment(minutes, maintype="application", subtype="pdf",
                           filename="党组会议记录.pdf")
    (workspace.inbox / "回复：自评表.eml").write_bytes(bytes(message))
    (workspace.inbox / "K03 自评表.msg").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(508))
    returns.write("K01")
    result = run(workspace.root).check
    assert result.statuses() == {"K01": "ok", "K02": "ok", "K03": "missing"}
    files = {f.path: f.status for f in result.ingested.files}
    assert files["回复：自评表.eml/法制科自评表.xlsx"] == "used"
    binder = workspace.output / "佐证材料" / "K02_法制科"
    assert (binder / "01-A01-党组会议记录.pdf").read_bytes() == minutes
    materials, _citations = result.ingested.materials["K02"]
    assert [m.path for m in materials] == ["回复：自评表.eml/党组会议记录.pdf"]
    assert not [i for i in result.issues if i.code.startswith("EVIDENCE")]
    assert [(i.code, i.file) for i in result.issues if i.code.startswith("FILE")] == [
        ("FILE_031", "K03 自评表.msg")]


def test_missing_and_uncited_files_in_a_folder(workspace: Workspace,
                                                returns: ReturnFactory) -> None:
    folder = workspace.inbox / "办公室报送"
    folder.mkdir()
    filling = returns.filling("K01")
    filling.evidence = {key: "工作台账" for key in filling.evidence}
    filling.evidence["A01"] = "会议记录.pdf；未发送的文件.docx"
    returns.write("K01", name="办公室报送/自评表.xlsx", filling=filling)
    (folder / "附件").mkdir()
    (folder / "附件" / "会议记录.PDF").write_bytes(make_material("x.pdf", "A01"))
    (folder / "说明.pdf").write_bytes(make_material("x.jpg", "not a pdf"))  # a picture
    (folder / "统计表.xlsx").write_bytes(make_material("x.xlsx", "table"))
    result = check(workspace.root)
    found = {(i.code, i.file, i.cell) for i in result.issues if i.code.startswith("EVIDENCE")}
    assert found == {
        ("EVIDENCE_001", "办公室报送/自评表.xlsx", "J3"),
        ("EVIDENCE_002", "办公室报送/说明.pdf", None),
        ("EVIDENCE_002", "办公室报送/统计表.xlsx", None),
        ("EVIDENCE_003", "办公室报送/说明.pdf", None),
    }
    missing = next(i for i in result.issues if i.code == "EVIDENCE_001")
    assert missing.value == "未发送的文件.docx" and missing.sheet == "自评表"
    wrong = next(i for i in result.issues if i.code == "EVIDENCE_003")  # said in words
    assert "文件内容（JPEG 图片）与扩展名 .pdf 不符" in wrong.message("zh")
    assert "The content (a JPEG picture) contradicts the extension .pdf" in wrong.message("en")
    assert result.statuses()["K01"] == "ok"  # a spreadsheet beside a return is evidence
    table = next(f for f in result.ingested.files if f.path == "办公室报送/统计表.xlsx")
    assert table.status == "used"  # listed among K01's materials
    assert table.sha256 == hashlib.sha256((folder / "统计表.xlsx").read_bytes()).hexdigest()


@pytest.mark.parametrize("bad", ["../../逃逸.txt", "/etc/passwd", "C:/Windows/x.txt"])
def test_zip_escaping_its_folder_is_refused(workspace: Workspace, returns: ReturnFactory,
                                            bad: str) -> None:
    workbook = cites(returns, "K02", {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("自评表.xlsx", workbook.read_bytes())
        archive.writestr(zipfile.ZipInfo(bad), b"x")
    (workspace.inbox / "k02.zip").write_bytes(buffer.getvalue())
    before = tree(workspace.root)
    result = check(workspace.root)
    assert [(i.code, i.file) for i in result.issues if i.severity.value == "error"] == [
        ("EVIDENCE_009", "k02.zip")]
    assert result.statuses()["K02"] == "missing"
    added = tree(workspace.root) - before
    assert all(p.startswith(("output/", "archive/")) for p in added), added
    assert not (workspace.root.parent / "逃逸.txt").exists()


def test_zip_bomb_member_is_refused(workspace: Workspace, returns: ReturnFactory) -> None:
    workbook = cites(returns, "K02", {})
    with zipfile.ZipFile(workspace.inbox / "k02.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("自评表.xlsx", workbook.read_bytes())
        with archive.open("材料/大文件.txt", "w") as handle:
            block = b"\0" * (1 << 20)
            for _ in range(260):  # 260 MB of zeros, a few hundred KB compressed
                handle.write(block)
    result = check(workspace.root)
    assert [(i.code, i.file) for i in result.issues if i.severity.value == "error"] == [
        ("FILE_006", "k02.zip")]
    assert not any(p.startswith("k02.zip/") for p in result.ingested.sources)


def test_zip_with_two_sections_and_zip_without_workbook(workspace: Workspace,
                                                         returns: ReturnFactory) -> None:
    k01, k02 = cites(returns, "K01", {}), cites(returns, "K02", {})
    with zipfile.ZipFile(workspace.inbox / "两个科室.zip", "w") as archive:
        archive.writestr("k01.xlsx", k01.read_bytes())
        archive.writestr("k02.xlsx", k02.read_bytes())
        archive.writestr("照片.jpg", make_material("x.jpg", "x"))
    with zipfile.ZipFile(workspace.inbox / "只有材料.zip", "w") as archive:
        archive.writestr("照片.jpg", make_material("x.jpg", "x"))
    result = check(workspace.root)
    found = {(i.code, i.file) for i in result.issues if i.code.startswith("EVIDENCE")}
    folder = workspace.inbox / "材料.zip"  # a folder named like a zip: it is said too
    folder.mkdir()
    (folder / "照片.jpg").write_bytes(make_material("x.jpg", "x"))
    result = check(workspace.root)
    found = {(i.code, i.file) for i in result.issues if i.code.startswith("EVIDENCE")}
    assert found == {("EVIDENCE_005", "两个科室.zip"), ("EVIDENCE_004", "只有材料.zip"),
                     ("EVIDENCE_004", "材料.zip")}
    assert result.statuses() == {"K01": "ok", "K02": "ok", "K03": "missing"}
    several = next(i for i in result.issues if i.code == "EVIDENCE_005")
    assert "（K01、K02）" in several.message("zh")
    assert "(K01, K02)" in several.message("en")


def test_zips_and_emails_inside_the_returned_zip_are_opened(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """A zip of materials inside the return's zip: its PDF, cited, was "not sent"
    (EVIDENCE_001). A zip attached to an email, holding the return: the section was missing.
    Nested deeper than MAX_NESTING: said, not opened."""
    workbook = cites(returns, "K02", {"A01": "会议记录.pdf"})
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as nested:
        nested.writestr("会议记录.pdf", b"%PDF-1.4\n%%EOF\n")
    with zipfile.ZipFile(workspace.inbox / "K02.zip", "w") as archive:
        archive.writestr("K02.xlsx", workbook.read_bytes())
        archive.writestr("材料.zip", inner.getvalue())
    result = check(workspace.root)
    assert {(i.code, i.file) for i in result.issues} == set()
    assert [m.path for m in result.ingested.materials["K02"][0]] == ["K02.zip/材料.zip/会议记录.pdf"]
    assert [c.material is not None for c in result.ingested.materials["K02"][1]] == [True]

    from email.message import EmailMessage

    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("K01.xlsx", returns.write("K01", name="x/K01.xlsx").read_bytes())
    (workspace.inbox / "x" / "K01.xlsx").unlink()
    (workspace.inbox / "x").rmdir()
    mail = EmailMessage()
    mail["Subject"] = "自评表"
    mail.set_content("见附件")
    mail.add_attachment(zipped.getvalue(), maintype="application", subtype="zip",
                        filename="办公室.zip")
    (workspace.inbox / "办公室.eml").write_bytes(bytes(mail))
    deeper = zipped.getvalue()
    for depth in range(3):
        outer = io.BytesIO()
        with zipfile.ZipFile(outer, "w") as archive:
            archive.writestr(f"第{depth}层.zip", deeper)
        deeper = outer.getvalue()
    (workspace.inbox / "套娃.zip").write_bytes(deeper)
    result = check(workspace.root)
    assert result.statuses()["K01"] == "ok"
    assert {f.path: f.status for f in result.ingested.files}["办公室.eml/办公室.zip/K01.xlsx"] \
        == "used"
    assert ("EVIDENCE_008", "套娃.zip/第2层.zip/第1层.zip/第0层.zip") in {
        (i.code, i.file) for i in result.issues}


def test_indicator_analysis_counts_sections_citing_materials(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    filling = returns.filling("K02")
    filling.evidence["A01"] = ""
    returns.write("K01")
    returns.write("K02", filling=filling)
    run(workspace.root)
    book = openpyxl.load_workbook(next(workspace.output.glob("*汇总.xlsx")))
    sheet = book["指标分析"]
    header = [c.value for c in sheet[2]]
    column = header.index("填写佐证材料的科室数")
    counts = {r[0]: r[column] for r in sheet.iter_rows(min_row=3, values_only=True) if r[0]}
    assert counts["A01"] == 1 and counts["A02"] == 1 and counts["C01"] == 2


def _errors(result: Any) -> list[tuple[str, str | None]]:
    return [(i.code, i.file) for i in result.issues if i.severity.value == "error"]


def test_a_damaged_material_in_a_zip_is_one_problem_and_the_return_is_still_read(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    workbook = cites(returns, "K02", {"A01": "党建台账.pdf"})
    zipped = hostile.raw_zip(workspace.inbox / "k02.zip", {
        "法制科/自评表.xlsx": workbook.read_bytes(),
        "法制科/党建台账.pdf": b"%PDF-1.4\n" + bytes(range(256)) * 40})
    hostile.damage_member(zipped, "法制科/党建台账.pdf")
    result = check(workspace.root)
    assert _errors(result) == [("FILE_024", "k02.zip/法制科/党建台账.pdf")]
    reason = dict(next(i for i in result.issues if i.code == "FILE_024").params)["reason"]
    assert reason.startswith(("BadZipFile: Bad CRC-32", "error: Error -3 while decompressing"))
    assert result.statuses()["K02"] == "ok"
    files = {f.path: f.status for f in result.ingested.files}
    assert files["k02.zip/法制科/自评表.xlsx"] == "used"


def test_a_damaged_return_in_a_zip_is_file_024_naming_it(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    zipped = hostile.raw_zip(workspace.inbox / "k02.zip",
                             {"自评表.xlsx": cites(returns, "K02", {}).read_bytes()},
                             method=zipfile.ZIP_STORED)  # stored: only the CRC can tell
    hostile.damage_member(zipped, "自评表.xlsx")
    result = check(workspace.root)
    assert _errors(result) == [("FILE_024", "k02.zip/自评表.xlsx")]
    assert result.statuses()["K02"] == "missing"


def test_a_password_protected_zip_is_file_022(workspace: Workspace, returns: ReturnFactory
                                               ) -> None:
    hostile.raw_zip(workspace.inbox / "k02.zip",
                    {"自评表.xlsx": cites(returns, "K02", {}).read_bytes()}, password=b"123456")
    before = tree(workspace.root)
    result = check(workspace.root)
    assert _errors(result) == [("FILE_022", "k02.zip")]
    assert result.statuses()["K02"] == "missing"
    assert not any(p.startswith("k02.zip/") for p in result.ingested.sources)
    assert all(p.startswith(("output/", "archive/")) for p in tree(workspace.root) - before)


@pytest.mark.parametrize(("method", "name"), [(9, "Deflate64"), (98, "PPMd"), (77, "method 77")])
def test_a_zip_method_zipfile_cannot_extract_is_file_023(
    workspace: Workspace, returns: ReturnFactory, method: int, name: str
) -> None:
    hostile.raw_zip(workspace.inbox / "k02.zip",
                    {"法制科/自评表.xlsx": cites(returns, "K02", {}).read_bytes()}, method=method)
    result = check(workspace.root)
    assert _errors(result) == [("FILE_023", "k02.zip")]
    params = dict(result.issues[0].params)
    assert (params["member"], params["method"]) == ("法制科/自评表.xlsx", name)


def test_a_zip_holding_one_name_twice_binds_each_entry_as_itself(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """Some archivers append a file again under the same name. Each entry is a material of
    its own (the second shown with #2); the binder reads the entry that was checked, not
    whichever one the name finds: here the good first one, the damaged second listed."""
    import io as _io

    buffer = _io.BytesIO()
    workbook = cites(returns, "K02", {"A01": "照片.pdf"})
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("自评表.xlsx", workbook.read_bytes())
        first = make_material("照片.pdf", "A01")
        archive.writestr("佐证材料/照片.pdf", first)
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("佐证材料/照片.pdf", b"%PDF-1.4 second " + bytes(range(256)) * 20)
    zipped = workspace.inbox / "k02.zip"
    zipped.write_bytes(buffer.getvalue())
    data = bytearray(zipped.read_bytes())
    with zipfile.ZipFile(zipped) as archive:
        second = archive.infolist()[2]
    data[second.header_offset + 30 + len(second.filename.encode()) + 40] ^= 0xFF
    zipped.write_bytes(bytes(data))
    outcome = run(workspace.root)
    assert [(i.code, i.file) for i in outcome.issues if i.severity.value == "error"] == [
        ("FILE_024", "k02.zip/佐证材料/照片.pdf#2")]
    binder = workspace.output / "佐证材料" / "K02_法制科"
    assert (binder / "01-A01-照片.pdf").read_bytes() == first


def test_a_long_material_name_is_shortened_in_the_binder(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """A name of 250 bytes is legal on disk; with the binder's number and indicator before
    it, it was not (File name too long), and that stopped the whole run."""
    name = "关于" + "全市法治政府建设年度重点工作任务推进情况的专项督查报告" * 3 + ".pdf"
    assert 240 < len(name.encode()) <= 255
    folder = workspace.inbox / "法制科"
    folder.mkdir()
    (folder / "K02.xlsx").write_bytes(cites(returns, "K02", {"A01": name}).read_bytes())
    material = make_material("x.pdf", "A01")
    (folder / name).write_bytes(material)
    outcome = run(workspace.root)
    assert not outcome.has_errors
    [copy] = [p for p in (workspace.output / "佐证材料" / "K02_法制科").iterdir()
              if p.name.startswith("01-A01-")]
    assert len(copy.name.encode()) <= 180 and copy.name.endswith("….pdf")
    assert copy.read_bytes() == material


def test_safe_file_name() -> None:
    assert safe_file_name("01-A01-台账.pdf") == "01-A01-台账.pdf"
    assert safe_file_name("01-A01-a:b?.pdf") == "01-A01-a_b_.pdf"
    assert safe_file_name("K02_法制\u202e科.md") == "K02_法制_科.md"  # no right-to-left override
    cut = safe_file_name("01-A01-" + "长" * 100 + ".docx", limit=60)
    assert cut.startswith("01-A01-长") and cut.endswith("….docx") and len(cut.encode()) <= 60
    assert safe_file_name("01-" + "x" * 100 + ".notanextension", limit=40) == "01-" + "x" * 34 + "…"


def test_a_material_too_large_is_listed_not_copied(
    workspace: Workspace, returns: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import perfxl.ingest

    monkeypatch.setattr(perfxl.ingest, "MAX_MATERIAL_BYTES", 1024 * 1024)
    folder = workspace.inbox / "法制科"
    folder.mkdir()
    (folder / "K02.xlsx").write_bytes(
        cites(returns, "K02", {"A01": "工作录像.mp4、会议.pdf"}).read_bytes())
    (folder / "工作录像.mp4").write_bytes(b"\0\0\0\x18ftypmp42" + bytes(2 * 1024 * 1024))
    (folder / "会议.pdf").write_bytes(make_material("会议.pdf", "K02"))
    result = check(workspace.root)
    # sent, and said too large: not also "not sent" where it is cited
    assert [i.code for i in result.issues if i.code.startswith("EVIDENCE")] == ["EVIDENCE_011"]
    [issue] = [i for i in result.issues if i.code == "EVIDENCE_011"]
    assert issue.file == "法制科/工作录像.mp4"
    assert dict(issue.params) == {"size": "2 MB", "limit": "1 MB"}
    assert {f.path: f.status for f in result.ingested.files}["法制科/工作录像.mp4"] == "skipped"
    assert not any(p.stat().st_size > 1024 * 1024 for p in workspace.archive.rglob("*.mp4"))


def test_a_material_gone_before_the_binder_is_listed_not_copied(
    tmp_path: Path, returns: ReturnFactory
) -> None:
    present = tmp_path / "在.pdf"
    content = make_material("x.pdf", "none")
    present.write_bytes(content)
    materials = [material_from_file(present, "法制科/在.pdf", "0" * 64),
                 material_from_file(present, "法制科/走了.pdf", "1" * 64)]
    gone = replace(materials[1], source=str(tmp_path / "走了.pdf"))
    section = returns.master.section("K02")
    assert section is not None
    entries = plan_binder(returns.master, section, [materials[0], gone], [])
    _written, issues = write_binder(tmp_path / "binder", returns.master, section, entries, "zh")
    assert [(i.code, i.file) for i in issues] == [("EVIDENCE_012", "法制科/走了.pdf")]
    assert (tmp_path / "binder" / "01-未引用-在.pdf").read_bytes() == content
    assert not (tmp_path / "binder" / "02-未引用-走了.pdf").exists()


def test_a_zip_member_too_large_to_read_is_left_out_not_the_zip(
    workspace: Workspace, returns: ReturnFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A video too large to read, packed as videos pack (no gain): that member is left out
    with a warning and the return beside it is read; it was refused as a zip bomb."""
    import perfxl.evidence

    monkeypatch.setattr(perfxl.evidence, "MAX_ZIP_MEMBER_BYTES", 1024 * 1024)
    video = bytes(random.Random(1).randrange(256) for _ in range(3 * 1024 * 1024))
    hostile.raw_zip(workspace.inbox / "k02.zip", {
        "自评表.xlsx": cites(returns, "K02", {}).read_bytes(), "录像.mp4": video},
        method=zipfile.ZIP_STORED)
    result = check(workspace.root)
    assert [(i.code, i.file) for i in result.issues if i.code.startswith(("EVIDENCE_011",
                                                                         "FILE_006"))] == [
        ("EVIDENCE_011", "k02.zip/录像.mp4")]
    assert result.statuses()["K02"] == "ok"


def test_a_material_that_cannot_be_merged_is_said_in_words(
    workspace: Workspace, returns: ReturnFactory, capfd: pytest.CaptureFixture[str]
) -> None:
    """EVIDENCE_010 gave pypdf's "PdfStreamError", and pypdf printed "EOF marker not found"
    on the console once per damaged PDF, naming no file."""
    import io

    from pypdf import PdfWriter

    folder = workspace.inbox / "办公室报送"
    folder.mkdir()
    filling = returns.filling("K01")
    filling.evidence = {key: "工作台账" for key in filling.evidence}
    filling.evidence["A01"] = "损坏.pdf；加密.pdf；照片.jpg"
    returns.write("K01", name="办公室报送/自评表.xlsx", filling=filling)
    (folder / "损坏.pdf").write_bytes(make_material("x.pdf", "A01")[:200])
    locked = PdfWriter()
    locked.add_blank_page(100, 100)
    locked.encrypt("mima")
    buffer = io.BytesIO()
    locked.write(buffer)
    (folder / "加密.pdf").write_bytes(buffer.getvalue())
    (folder / "照片.jpg").write_bytes(make_material("x.jpg", "A01")[:40])
    outcome = run(workspace.root)
    reasons = {i.file: (i.message("zh"), i.message("en")) for i in outcome.issues
               if i.code == "EVIDENCE_010"}
    assert "（PDF 已损坏或不完整）" in reasons["办公室报送/损坏.pdf"][0]
    assert "(the PDF is encrypted)" in reasons["办公室报送/加密.pdf"][1]
    assert "（图片已损坏或格式无法识别）" in reasons["办公室报送/照片.jpg"][0]
    assert "EOF marker" not in capfd.readouterr().err
    # the catalogue says so too: it said "已报送" for each, as if it were bound
    catalogue = openpyxl.load_workbook(next(
        (workspace.output / "佐证材料").glob("K01_*/*目录.xlsx"))).active
    statuses = {row[4]: row[7] for row in catalogue.iter_rows(min_row=3, values_only=True)
                if row[4]}
    unmerged = {name: status for name, status in statuses.items()
                if name.endswith(("损坏.pdf", "加密.pdf", "照片.jpg"))}
    assert len(unmerged) == 3 and set(unmerged.values()) == {"已报送，未能并入合并 PDF"}, statuses


@pytest.mark.parametrize(("size", "shown"), [
    (0, "0 B"), (830, "830 B"), (1023, "1023 B"), (1024, "1 KB"), (11386, "11 KB"),
    (1024 * 1024 - 1, "1 MB"), (1258291, "1.2 MB"), (1310720, "1.3 MB"),  # 1.25: half up
    (2 * 1024 * 1024, "2 MB"), (25 * 1024 * 1024 + 300_000, "25 MB"),
    (1536 * 1024 * 1024, "1.5 GB")])
def test_sizes_read_as_people_read_them(size: int, shown: str) -> None:
    assert size_text(size) == shown


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("报告.docx", "x.docx", "Word 文档"), ("台账.xlsx", "x.xlsx", "Excel 表格"),
    ("材料.zip", "x.docx", "ZIP 压缩包"), ("照片.docx", "x.jpg", "JPEG 图片"),
    ("说明.pdf", "x.pdf", "PDF 文件")])
def test_a_material_is_named_by_what_it_is(name: str, content: str, kind: str) -> None:
    """A Word document read "压缩包或新版 Office 文档" in the catalogue: its first bytes only
    say zip. Where the content bears the extension out, the extension names it."""
    data = make_material(content, "x")
    material = Material(name=name, path=name, size=len(data), sha256="", kind=sniff(data),
                        source="")
    assert material_kind(material).text("zh") == kind


def test_a_kind_in_the_english_catalogue_reads_as_a_label() -> None:
    """The Type column said "a Word document", "a PDF": running text's phrases in cells."""
    from perfxl.binder import _as_label

    assert [_as_label(i18n.t(f"content_kind.{kind}", "en"))
            for kind in ("word", "pdf", "unknown", "mp3")] == [
        "Word document", "PDF", "Unknown format", "audio"]
    assert _as_label(i18n.t("content_kind.word", "zh")) == "Word 文档"


def _attached(result: Any, code: str) -> dict[str, str | None]:
    """Each citation of `code`'s return: the material it found (its path), or None."""
    _materials, citations = result.ingested.materials.get(code, ((), ()))
    return {f"{c.indicator_id}:{c.name}": c.material.path if c.material else None
            for c in citations}


def test_materials_as_offices_name_and_cite_them(workspace: Workspace,
                                                  returns: ReturnFactory) -> None:
    """Numbered names (1.jpg, 1.会议纪要.pdf) all matched the first; the same name in a
    folder per indicator matched A01's for A03 too; "见附件：", "及" and a name holding
    spaces were no citations of the file sent."""
    workbook = cites(returns, "K01", {
        "A01": "1.jpg、1.会议纪要.pdf、A01/会议照片.jpg",
        "C01": "2.jpg；2.会议纪要.pdf；见附件：通知.pdf",
        "B01": "会议照片.jpg，台账.pdf及签到表.jpg，新建 Microsoft Word 文档.docx"})
    folder = workspace.inbox / "K01"
    folder.mkdir()
    (folder / "K01.xlsx").write_bytes(workbook.read_bytes())
    for name in ("1.jpg", "2.jpg", "1.会议纪要.pdf", "2.会议纪要.pdf", "通知.pdf", "台账.pdf",
                 "签到表.jpg", "新建 Microsoft Word 文档.docx", "A01/会议照片.jpg",
                 "B01/会议照片.jpg"):
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_bytes(make_material(name, name))
    result = check(workspace.root)
    assert _attached(result, "K01") == {
        "A01:1.jpg": "K01/1.jpg", "A01:1.会议纪要.pdf": "K01/1.会议纪要.pdf",
        "A01:会议照片.jpg": "K01/A01/会议照片.jpg",
        "C01:2.jpg": "K01/2.jpg", "C01:2.会议纪要.pdf": "K01/2.会议纪要.pdf",
        "C01:通知.pdf": "K01/通知.pdf",
        "B01:会议照片.jpg": "K01/B01/会议照片.jpg", "B01:台账.pdf": "K01/台账.pdf",
        "B01:签到表.jpg": "K01/签到表.jpg",
        "B01:新建 Microsoft Word 文档.docx": "K01/新建 Microsoft Word 文档.docx"}
    assert [i.code for i in result.issues if i.code.startswith("EVIDENCE")] == []


def test_materials_in_the_folders_offices_keep(workspace: Workspace,
                                               returns: ReturnFactory) -> None:
    """Returns filed under a dated folder (inbox/12月5日收/K01/…) lost every material; a
    return sent again with more materials lost the second folder's; materials sent on
    their own later were "no workbook"; a zip of materials in the section's folder was not
    opened."""
    k01 = cites(returns, "K01", {"A01": "照片.jpg"})
    k02 = cites(returns, "K02", {"A01": "照片.jpg", "A02": "补充.pdf"})
    k03 = cites(returns, "K03", {"A01": "照片.jpg", "B01": "台账.pdf"})
    dated = workspace.inbox / "12月5日收"
    for code, workbook in (("K01", k01), ("K02", k02)):
        (dated / code).mkdir(parents=True)
        (dated / code / f"{code}.xlsx").write_bytes(workbook.read_bytes())
        (dated / code / "照片.jpg").write_bytes(make_material("照片.jpg", code))
    again = workspace.inbox / "法制科补报"
    again.mkdir()
    (again / "K02.xlsx").write_bytes(k02.read_bytes())
    (again / "补充.pdf").write_bytes(make_material("补充.pdf", "K02"))
    (workspace.inbox / "K03").mkdir()
    (workspace.inbox / "K03" / "K03.xlsx").write_bytes(k03.read_bytes())
    with zipfile.ZipFile(workspace.inbox / "K03" / "材料.zip", "w") as archive:
        archive.writestr("照片.jpg", make_material("照片.jpg", "K03"))
    later = workspace.inbox / "K03政工科台账"
    later.mkdir()
    (later / "台账.pdf").write_bytes(make_material("台账.pdf", "K03"))
    result = check(workspace.root)
    assert _attached(result, "K01") == {"A01:照片.jpg": "12月5日收/K01/照片.jpg"}
    assert _attached(result, "K02") == {"A01:照片.jpg": "12月5日收/K02/照片.jpg",
                                        "A02:补充.pdf": "法制科补报/补充.pdf"}
    assert _attached(result, "K03") == {"A01:照片.jpg": "K03/材料.zip/照片.jpg",
                                        "B01:台账.pdf": "K03政工科台账/台账.pdf"}
    said = {(i.code, i.file) for i in result.issues if i.code.startswith("EVIDENCE")}
    assert said == {("EVIDENCE_013", "K03政工科台账")}


def test_a_file_cited_by_two_indicators_is_listed_and_bookmarked_for_both(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """The second indicator citing it vanished from the catalogue and the merged PDF's
    bookmarks; the file is still copied once."""
    workbook = cites(returns, "K02", {"A01": "党组会议记录.pdf", "A02": "党组会议记录.pdf"})
    folder = workspace.inbox / "K02"
    folder.mkdir()
    (folder / "K02.xlsx").write_bytes(workbook.read_bytes())
    (folder / "党组会议记录.pdf").write_bytes(make_material("x.pdf", "A01"))
    run(workspace.root)
    binder = workspace.output / "佐证材料" / "K02_法制科"
    assert sorted(p.name for p in binder.glob("0*")) == ["01-A01-党组会议记录.pdf"]
    catalogue = openpyxl.load_workbook(binder / "佐证材料目录.xlsx").active
    rows = [r for r in catalogue.iter_rows(min_row=3, values_only=True)]
    assert [(r[1], r[4], r[7]) for r in rows] == [
        ("A01", "01-A01-党组会议记录.pdf", "已报送"), ("A02", "01-A01-党组会议记录.pdf", "已报送")]
    merged = PdfReader(binder / "K02_法制科_佐证材料.pdf")
    assert len(merged.pages) == 1
    assert [(o.title, merged.get_destination_page_number(o)) for o in merged.outline] == [
        ("A01 党建工作成效", 0), ("A02 依法行政成效", 0)]


def test_phone_photos_recordings_and_empty_files_are_what_they_are(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """A real HEIC, M4A or WebP was "not what its extension says", and such names were no
    citation at all; an empty file was "of unknown content"; folder entries written with
    backslashes became nameless files."""
    heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 64
    m4a = b"\0\0\0\x20ftypM4A \0\0\0\0M4A mp42isom" + b"\0" * 64
    webp = b"RIFF\x24\0\0\0WEBPVP8 " + b"\0" * 64
    workbook = cites(returns, "K02", {"A01": "现场.HEIC、讲话.m4a、海报.webp、记录.pdf"})
    with zipfile.ZipFile(workspace.inbox / "K02.zip", "w") as archive:
        archive.writestr("K02.xlsx", workbook.read_bytes())
        archive.writestr("材料\\", b"")
        for name, data in (("材料\\现场.HEIC", heic), ("材料\\讲话.m4a", m4a),
                           ("材料\\海报.webp", webp), ("材料\\记录.pdf", b"")):
            archive.writestr(name, data)
    result = check(workspace.root)
    assert {(i.code, i.file) for i in result.issues if i.code.startswith("EVIDENCE")} == {
        ("EVIDENCE_014", "K02.zip/材料/记录.pdf")}
    assert sorted(_attached(result, "K02").values()) == sorted([
        "K02.zip/材料/海报.webp", "K02.zip/材料/现场.HEIC", "K02.zip/材料/讲话.m4a",
        "K02.zip/材料/记录.pdf"])


def test_materials_go_to_the_section_their_folder_names(workspace: Workspace,
                                                         returns: ReturnFactory) -> None:
    """A dated folder holding K03's return gave K03 the K01补充材料 folder beside it too; a
    name holding spaces matched the shorter name sent beside it; a path with a leading
    drive matched the first folder's file."""
    k01 = cites(returns, "K01", {"A01": "照片.jpg"})
    k03 = cites(returns, "K03", {"A01": "上半年 工作总结.pdf",
                                 "B01": r"D:\2020考核\二月\照片.jpg"})
    (workspace.inbox / "K01.xlsx").write_bytes(k01.read_bytes())
    dated = workspace.inbox / "12月7日收"
    (dated / "K03").mkdir(parents=True)
    (dated / "K03" / "K03.xlsx").write_bytes(k03.read_bytes())
    for n, name in enumerate(("上半年 工作总结.pdf", "工作总结.pdf", "一月/照片.jpg", "二月/照片.jpg")):
        (dated / "K03" / name).parent.mkdir(exist_ok=True)  # four different files
        (dated / "K03" / name).write_bytes(make_material(name, f"file {n}"))
    (dated / "K01补充材料").mkdir()
    (dated / "K01补充材料" / "照片.jpg").write_bytes(make_material("照片.jpg", "K01"))
    (dated / "说明.pdf").write_bytes(make_material("说明.pdf", "whose?"))
    result = check(workspace.root)
    assert {(i.code, i.file) for i in result.issues if i.code.startswith("EVIDENCE")} == {
        ("EVIDENCE_013", "12月7日收/K01补充材料"), ("EVIDENCE_015", "12月7日收"),
        ("EVIDENCE_002", "12月7日收/K03/一月/照片.jpg"),  # sent, cited by none
        ("EVIDENCE_002", "12月7日收/K03/工作总结.pdf")}
    assert _attached(result, "K03") == {
        "A01:上半年 工作总结.pdf": "12月7日收/K03/上半年 工作总结.pdf",
        "B01:照片.jpg": "12月7日收/K03/二月/照片.jpg"}
    assert _attached(result, "K01") == {"A01:照片.jpg": "12月7日收/K01补充材料/照片.jpg"}


def test_a_phone_photo_is_upright_in_the_merged_pdf(workspace: Workspace,
                                                    returns: ReturnFactory) -> None:
    """A phone stores a portrait photo as landscape pixels with an EXIF turn: it came out
    sideways in the merged PDF."""
    from PIL import Image

    photo = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show
    Image.new("RGB", (400, 300), "white").save(photo, "JPEG", exif=exif)
    workbook = cites(returns, "K02", {"A01": "现场.jpg"})
    folder = workspace.inbox / "K02"
    folder.mkdir()
    (folder / "K02.xlsx").write_bytes(workbook.read_bytes())
    (folder / "现场.jpg").write_bytes(photo.getvalue())
    run(workspace.root)
    [page] = PdfReader(workspace.output / "佐证材料" / "K02_法制科" / "K02_法制科_佐证材料.pdf").pages
    assert page.mediabox.width < page.mediabox.height  # portrait, as taken


def test_simulated_materials_are_the_same_every_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's evidence PDFs were dated when made (two demos' binders differed), and each
    .docx material left an empty folder in the system's temporary folder."""
    import tempfile

    pdf = make_material("会议记录.pdf", "A01")
    assert b"(D:20200101000000Z)" in pdf
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert make_material("方案.docx", "A01") == make_material("方案.docx", "A01")
    assert not list(tmp_path.iterdir())


def test_pictures_are_merged_as_a4_pages_as_they_look() -> None:
    """A transparent PNG (black text, as "save as picture" exports) merged as a black page,
    a 16-bit scan as a white one, a three-page fax TIFF as its first page, and every page
    as large as the picture at 150 dpi: a phone photo 68 cm wide, a screenshot 7 cm."""
    from PIL import Image

    from perfxl.binder import PAGE_MARGIN, _image_to_pdf, _on_a_page, _plain_rgb

    def encoded(image: Image.Image, kind: str, **options: object) -> bytes:
        buffer = io.BytesIO()
        image.save(buffer, kind, **options)
        return buffer.getvalue()

    def sizes(pdf: bytes) -> list[tuple[int, int]]:
        return [(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
                for p in PdfReader(io.BytesIO(pdf)).pages]

    text = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    text.paste((0, 0, 0, 255), (50, 140, 350, 160))
    flat = _plain_rgb(Image.open(io.BytesIO(encoded(text, "PNG"))))
    assert flat.getpixel((10, 10)) == (255, 255, 255) and flat.getpixel((100, 150)) == (0, 0, 0)
    scan = Image.new("I;16", (256, 4))
    for x in range(256):
        scan.paste(x * 257, (x, 0, x + 1, 4))
    grey = _plain_rgb(Image.open(io.BytesIO(encoded(scan, "PNG"))))
    assert [grey.getpixel((x, 0))[0] for x in (0, 128, 255)] == [0, 128, 255]
    fax = [Image.new("L", (1700, 2200), shade) for shade in (255, 128, 0)]
    assert sizes(_image_to_pdf(encoded(fax[0], "TIFF", save_all=True,
                                       append_images=fax[1:]))) == [(595, 842)] * 3
    assert sizes(_image_to_pdf(encoded(Image.new("RGB", (4032, 3024)), "JPEG"))) == [(842, 595)]
    page = _on_a_page(Image.new("RGB", (420, 300), "black"))  # a screenshot: not enlarged
    assert page.getbbox() is not None
    inverted = Image.eval(page, lambda v: 255 - v)
    left, top, right, bottom = inverted.getbbox()
    assert (right - left, bottom - top) == (420, 300)
    photo = _on_a_page(Image.new("RGB", (4032, 3024), "black"))
    left, top, right, bottom = Image.eval(photo, lambda v: 255 - v).getbbox()
    assert left >= PAGE_MARGIN and right <= photo.width - PAGE_MARGIN


def test_a_pdf_with_bytes_before_its_header_is_a_pdf() -> None:
    """A PDF saved with a BOM or a line break before %PDF (poppler and pypdf read it) was
    "content does not match .pdf" and left out of the merged PDF."""
    from perfxl.evidence import sniff

    pdf = make_material("记录.pdf", "A01")
    assert sniff(b"\xef\xbb\xbf" + pdf[:2000]) == sniff(b"\r\n" + pdf[:2000]) == "pdf"
    assert sniff(b"PK\x03\x04" + b"%PDF-" + bytes(100)) == "zip"  # a signature first still wins


def test_a_folder_in_a_sections_own_naming_another_section_stays_its_own(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """法制科's folder holding 办公室转发文件/, whose file its A01 cites: it was given to 办公室
    ("按名称归入 K01"), and 法制科 told the file was not sent."""
    workbook = cites(returns, "K02", {"A01": "办公室转发文件/上级通知.pdf"})
    folder = workspace.inbox / "法制科2020"
    (folder / "办公室转发文件").mkdir(parents=True)
    shutil.move(workbook, folder / "K02.xlsx")
    (folder / "办公室转发文件" / "上级通知.pdf").write_bytes(make_material("x.pdf", "A01"))
    returns.write("K01")
    result = check(workspace.root)
    codes = {i.code for i in result.issues}
    assert not codes & {"EVIDENCE_001", "EVIDENCE_013", "EVIDENCE_002"}, result.issues
    materials, _citations = result.ingested.materials["K02"]
    assert [m.path for m in materials] == ["法制科2020/办公室转发文件/上级通知.pdf"]
    # nobody's citation: a folder naming 办公室 is still 办公室's, and said (EVIDENCE_013)
    (folder / "办公室转发文件" / "上级通知.pdf").rename(folder / "办公室转发文件" / "别的.pdf")
    result = check(workspace.root)
    assert "EVIDENCE_013" in {i.code for i in result.issues}


@pytest.mark.parametrize(("cell", "sent", "meant"), [
    ("党建、廉政工作总结.pdf", ["党建、廉政工作总结.pdf"], ["党建、廉政工作总结.pdf"]),
    ("关于A、B的通知.PDF；台账.xlsx", ["关于A、B的通知.pdf", "台账.xlsx"],
     ["关于A、B的通知.PDF", "台账.xlsx"]),
    ("①会议签到表.pdf；②整改台账.xlsx", [], ["会议签到表.pdf", "整改台账.xlsx"]),
    ("见附件：2020年 工作总结.pdf", [], ["2020年 工作总结.pdf"]),
    ("【台账.pdf】", [], ["台账.pdf"]),
    ("会议记录.pdf+台账.xlsx", [], ["会议记录.pdf", "台账.xlsx"]),
    ("详见补充材料.zip", [], ["补充材料.zip"]),
    ("附件①.pdf", [], ["附件1.pdf"]),  # a ① inside a name is no list number
    ("①记录本扫描件.pdf②活动照片.jpg", [], ["记录本扫描件.pdf", "活动照片.jpg"]),
    ("【a.jpg】【b.xlsx】", [], ["a.jpg", "b.xlsx"]),
    ("见督导照片.jpg（签到表.pdf）", [], ["督导照片.jpg", "签到表.pdf"]),
    ("会议记录（会议纪要.pdf）", [], ["会议纪要.pdf"]),
    ('"会议纪要.pdf"', [], ["会议纪要.pdf"]),
    ("见面会记录.pdf", [], ["见面会记录.pdf"]),  # the whole name first, always
    ("汇报PPT①.pptx、汇报PPT②.pptx", [], ["汇报PPT1.pptx", "汇报PPT2.pptx"]),  # ① in a name
    ("见《会议纪要.pdf》", [], ["会议纪要.pdf"]),
])
def test_citations_are_read_as_people_write_them(cell: str, sent: list[str],
                                                 meant: list[str]) -> None:
    """A name holding 、 was cut in two even when that file came; ①② stuck to the name
    after NFKC made them digits; a name after "见附件：" with a space in it, one in 【】,
    one after "+", one after "详见" were never found."""
    from perfxl.evidence import citations_in

    found = citations_in(cell, sent)
    assert len(found) == len(meant)
    for (_shown, candidates), name in zip(found, meant, strict=True):
        assert name in candidates, candidates
    if cell == "见面会记录.pdf":
        assert found[0][1][0] == "见面会记录.pdf"


def test_a_cited_zip_cites_what_it_holds_and_a_copy_sent_twice_is_bound_once(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """"照片包.zip" cited, and sent: "not sent", its pictures "nobody's"; the return and its
    台账.pdf sent again in a second folder: the copy "not cited" and bound twice."""
    workbook = cites(returns, "K02", {"A01": "照片包.zip", "A02": "台账.pdf"})
    first, second = workspace.inbox / "12月1日" / "法制科", workspace.inbox / "12月5日" / "法制科"
    for folder in (first, second):
        folder.mkdir(parents=True)
        shutil.copy(workbook, folder / "K02.xlsx")
        (folder / "台账.pdf").write_bytes(make_material("台账.pdf", "A02"))
    with zipfile.ZipFile(first / "照片包.zip", "w") as package:
        package.writestr("1.jpg", make_material("1.jpg", "A01"))
        package.writestr("2.jpg", make_material("2.jpg", "A01 again"))
    result = run(workspace.root)
    codes = [i.code for i in result.issues if i.section == "K02"]
    assert "EVIDENCE_001" not in codes and "EVIDENCE_002" not in codes, result.issues
    binder = workspace.output / "佐证材料" / "K02_法制科"
    copies = sorted(p.name for p in binder.iterdir() if p.suffix in (".jpg", ".pdf")
                    and not p.name.startswith("K02_"))
    assert copies == ["01-A01-1.jpg", "02-A01-2.jpg", "03-A02-台账.pdf"]


def test_an_attachment_named_in_undeclared_gbk_keeps_its_name(tmp_path: Path) -> None:
    """Older Foxmail and Outlook write an attachment's name as raw GBK bytes: it came out
    "�ֳ���Ƭ.jpg", its citation "not sent" and the file "not cited"."""
    from perfxl.evidence import unpack_email

    raw = (b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
           b'--b\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename="'
           + "现场照片.jpg".encode("gbk") + b'"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
           b'AAAA\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; '
           b'filename="=?UTF-8?B?5Lya6K6u6K6w5b2VLnBkZg==?="\r\nContent-Transfer-Encoding: '
           b'base64\r\n\r\nAAAA\r\n--b\r\nContent-Type: application/pdf\r\n'
           b'Content-Disposition: attachment;\r\n filename=' + "会议 纪要.pdf".encode("gbk")
           + b'\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA\r\n--b--\r\n')
    (tmp_path / "回复.eml").write_bytes(raw)
    opened = unpack_email(tmp_path / "回复.eml", "回复.eml", tmp_path / "out", [".xlsx"])
    # unquoted, with a space, the header folded before it: as typed still
    assert [m.path for m in opened.materials] == [
        "回复.eml/现场照片.jpg", "回复.eml/会议记录.pdf", "回复.eml/会议 纪要.pdf"]


def test_a_spreadsheet_named_as_another_format_beside_a_return_is_evidence(
        workspace: Workspace, returns: ReturnFactory) -> None:
    """An .xlsx named .xls in a section's zip: an error of no section's ("该科室"), the
    cell citing it told "not sent", its binder row "缺失", and every run exit 1."""
    workbook = cites(returns, "K02", {"A01": "统计年报.xls"})
    with zipfile.ZipFile(workspace.inbox / "法制科材料.zip", "w") as package:
        package.write(workbook, "K02.xlsx")
        package.writestr("佐证材料/统计年报.xls", make_material("x.xlsx", "table"))
    result = check(workspace.root)
    said = {(i.code, i.file) for i in result.issues}
    assert ("EVIDENCE_003", "法制科材料.zip/佐证材料/统计年报.xls") in said
    assert not {code for code, _file in said} & {"FILE_003", "EVIDENCE_001"}
    assert result.statuses()["K02"] == "ok"
    _materials, citations = result.ingested.materials["K02"]
    assert [c.material.name for c in citations if c.material is not None] == ["统计年报.xls"]


def test_a_corrected_return_named_xls_beside_the_first_is_not_evidence(
        workspace: Workspace, returns: ReturnFactory) -> None:
    """The corrected return saved as an .xlsx named .xls beside the first one was filed as
    evidence: the old scores ranked, the correction ignored, the section "正常"."""
    folder = workspace.inbox / "法制科"
    returns.write("K02", name="法制科/K02.xlsx")
    filling = returns.filling("K02")
    filling.scores["A01"] = 33
    fixed = returns.write("K02", name="../scratch-fixed.xlsx", filling=filling)
    shutil.move(fixed, folder / "K02（修改）.xls")
    result = check(workspace.root)
    codes = {i.code for i in result.issues if i.file == "法制科/K02（修改）.xls"}
    assert "FILE_003" in codes and "EVIDENCE_003" not in codes


@pytest.mark.parametrize(("inside", "evidence"), [(b"", True), (b"perfxl_meta", False)])
def test_an_xls_named_xlsx_beside_a_return_is_evidence_unless_a_template(
        workspace: Workspace, returns: ReturnFactory, inside: bytes, evidence: bool) -> None:
    """A real .xls (BIFF) named .xlsx beside a return was an error of no section's again
    once templates were told from evidence by their xlsx parts alone."""
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + inside + bytes(512)
    folder = workspace.inbox / "法制科"
    returns.write("K02", name="法制科/K02.xlsx")
    (folder / "统计年报.xlsx").write_bytes(ole)
    result = check(workspace.root)
    codes = {i.code for i in result.issues if i.file == "法制科/统计年报.xlsx"}
    assert ("EVIDENCE_003" in codes) == evidence and ("FILE_003" in codes) != evidence
