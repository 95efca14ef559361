"""`perfxl run` on the sample bureau, checked against PRODUCT.md §4 worked out independently."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from perfxl.cli import main
from perfxl.master import load_master
from perfxl.master_writer import write_deductions
from perfxl.model import Category, Master
from perfxl.pipeline import build_review, build_templates
from perfxl.simulate import Filling, fill_template
from perfxl.workspace import Workspace, init_workspace, load_sample
from tests.conftest import ReturnFactory

RATES = {f"K{n:02d}": Decimal(100 - 3 * (n - 1)) / 100 for n in range(1, 13)}
CUT = {"K03": ("A15", Decimal(2))}  # the review lowers K03's A15 by 2
DEDUCTIONS = [
    {"date": "2020-09-01", "section": "K12", "source": "上级通报", "reason": "重大失误被通报",
     "points": 700, "veto": "否", "reference": "岩效督〔2020〕1号"},
    {"date": "2020-10-01", "section": "K01", "source": "明察暗访", "reason": "违反八项规定",
     "points": 0.5, "veto": "是", "reference": "岩效督〔2020〕2号"},
    {"date": "2020-11-01", "section": "K05", "source": "大督查大落实", "reason": "信息迟报",
     "points": 1.5, "veto": "否", "reference": "岩效督〔2020〕3号"},
]
HOSTILE_TEXTS = ('=HYPERLINK("http://example.com","点击")', "+1", "@SUM(1)", "-2+3")


def score_for(code: str, points: Decimal) -> Decimal:
    return (points * RATES[code] * 2).to_integral_value(ROUND_HALF_UP) / 2


def build_sample(root: Path, skip: tuple[str, ...] = (), hostile: bool = False,
                 names: dict[str, str] | None = None) -> Workspace:
    data = load_sample("longyan-2020")
    for section in data["sections"]:
        section["name"] = (names or {}).get(section["code"], section["name"])
    workspace = init_workspace(root, data=data, workspace_id="sample")
    write_deductions(workspace.deductions, DEDUCTIONS)
    master, _ = load_master(workspace.master)
    for made in build_templates(root).files:
        code = made.section.code
        if code in skip:
            continue
        filling = Filling(report={"overall": "总体良好", "practice": "做法", "problems": "问题",
                                  "next_steps": "打算"})
        for n, indicator in enumerate(master.indicators_for(code)):
            filling.scores[indicator.id] = float(score_for(code, indicator.points))
            text = HOSTILE_TEXTS[n % len(HOSTILE_TEXTS)] if hostile else f"{indicator.name}完成"
            filling.achievements[indicator.id] = text
            filling.evidence[indicator.id] = "工作台账.pdf"
        fill_template(made.workbook, workspace.inbox / f"{code}.xlsx", filling)
    build_review(root)
    book = openpyxl.load_workbook(workspace.output / "review.xlsx")
    for row in book.active.iter_rows(min_row=3):
        code, indicator_id, self_score = row[0].value, row[2].value, row[5].value
        if code in CUT and CUT[code][0] == indicator_id:
            row[8].value = float(Decimal(str(self_score)) - CUT[code][1])
            row[9].value = "佐证不足，核减"
    book.save(workspace.review)
    return workspace


def expected_results(master: Master, sections: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """PRODUCT.md §4 by hand: an independent working with fractions, not perfxl's code."""
    def cents(value: Fraction) -> Decimal:
        return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
            Decimal("0.01"), ROUND_HALF_UP)

    rows = {}
    for code in sections:
        raw = possible = excellence = Fraction(0)
        for indicator in master.indicators_for(code):
            final = score_for(code, indicator.points)
            if code in CUT and CUT[code][0] == indicator.id:
                final -= CUT[code][1]
            if indicator.category is Category.BASIC:
                raw += Fraction(final)
                possible += Fraction(indicator.points)
            else:
                excellence += Fraction(final)
        deducted = sum((Fraction(Decimal(str(d["points"]))) for d in DEDUCTIONS
                        if d["section"] == code), Fraction(0))
        basic = cents(raw / possible * 640)
        total = cents(Fraction(basic) + excellence - deducted)
        rows[code] = {"basic": basic, "excellence": cents(excellence),
                      "deductions": cents(deducted), "total": total,
                      "veto": any(d["veto"] == "是" for d in DEDUCTIONS if d["section"] == code)}
    key = {c: (-r["total"], -r["basic"], r["deductions"]) for c, r in rows.items()}
    for code, row in rows.items():
        row["rank"] = 1 + sum(1 for other in rows if key[other] < key[code])
    quota = max(1, int((Decimal("0.2") * len(rows)).to_integral_value(ROUND_FLOOR)))
    places = 0
    for code in sorted(rows, key=lambda c: rows[c]["rank"]):
        row = rows[code]
        if row["total"] >= 576 and not row["veto"] and places < quota:
            row["grade"], places = "excellent", places + 1
        elif row["total"] >= 512:
            row["grade"] = "good"
        elif row["total"] >= 384:
            row["grade"] = "fair"
        else:
            row["grade"] = "poor"
    coefficient = {"excellent": Fraction(6, 5), "good": Fraction(1), "fair": Fraction(4, 5),
                   "poor": Fraction(1, 2)}
    weight = {c: coefficient[r["grade"]] * master.section(c).headcount for c, r in rows.items()}
    shares = {c: 600000 * w / sum(weight.values()) for c, w in weight.items()}
    bonus = {c: int(s) for c, s in shares.items()}
    leftover = 600000 - sum(bonus.values())
    by_remainder = sorted(rows, key=lambda c: (-(shares[c] - bonus[c]), rows[c]["rank"], c))
    for code in by_remainder[:leftover]:
        bonus[code] += 1
    for code, row in rows.items():
        row["bonus"] = bonus[code]
    return rows


def run_json(root: Path, *options: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, [*options, "run", "-w", str(root), "--json"])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.output)


def test_sample_run_matches_the_rules_worked_by_hand(tmp_path: Path) -> None:
    workspace = build_sample(tmp_path / "ws")
    code, report = run_json(workspace.root)
    assert code == 0, [i for i in report["issues"] if i["severity"] == "error"]
    master, _ = load_master(workspace.master)
    expected = expected_results(master, tuple(s.code for s in master.sections))
    for section in report["sections"]:
        want = expected[section["code"]]
        assert section["status"] == "ok"
        for key in ("basic", "excellence", "deductions", "total"):
            assert Decimal(str(section[key])) == want[key], (section["code"], key)
        assert (section["rank"], section["grade"], section["bonus"], section["veto"]) == (
            want["rank"], want["grade"], want["bonus"], want["veto"]), section["code"]
    assert sum(s["bonus"] for s in report["sections"]) == 600000
    by_code = {s["code"]: s for s in report["sections"]}
    assert by_code["K12"]["total"] < 0
    assert by_code["K01"]["veto"] and by_code["K01"]["grade"] != "excellent"
    assert by_code["K01"]["total"] >= 576 and by_code["K01"]["rank"] <= 2  # would be 优秀
    assert (workspace.output / "manifest.json").is_file()
    manifest = json.loads((workspace.output / "manifest.json").read_text(encoding="utf-8"))
    assert {i["kind"] for i in manifest["run"]["inputs"]} == {"master", "deductions", "review"}
    assert {o["kind"] for o in manifest["outputs"]} >= {"workbook", "issues", "manifest"}


def _report_path(workspace: Workspace) -> Path:
    return workspace.output / "龙岩市司法局2020年度绩效考评汇总.xlsx"


def test_workbook_sheets_chart_and_print_setup(tmp_path: Path) -> None:
    workspace = build_sample(tmp_path / "ws")
    run_json(workspace.root)
    book = openpyxl.load_workbook(_report_path(workspace))
    assert book.sheetnames == ["排名", "得分明细", "审核调整", "扣分明细", "指标分析", "问题清单",
                               "未报送", "奖金分配", "计分规则"]
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.page_setup.paperSize == 9
        if sheet.title == "得分明细":  # 40 indicators: pages side by side, not 3-point digits
            assert not sheet.sheet_properties.pageSetUpPr.fitToPage
            assert sheet.page_setup.scale == 80 and sheet.print_title_cols == "$A:$B"
        else:
            assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.print_title_rows, sheet.title
        assert "&P" in (sheet.oddFooter.center.text or ""), sheet.title
        assert "龙岩市司法局2020" in str(sheet["A1"].value)
    with zipfile.ZipFile(_report_path(workspace)) as archive:
        assert any(n.startswith("xl/charts/chart") for n in archive.namelist())
    ranking = book["排名"]
    assert "全部报送且无错误" in ranking["A2"].value
    bonus_sheet = book["奖金分配"]
    amounts = [r[8] for r in bonus_sheet.iter_rows(min_row=4, values_only=True)
               if isinstance(r[8], (int, float))]
    assert amounts[-1] == 600000 and sum(amounts[:-1]) == 600000
    matrix = book["得分明细"]
    adjusted = [c for row in matrix.iter_rows() for c in row if c.comment]
    assert len(adjusted) == 1 and "核定" in adjusted[0].comment.text
    # the same change listed on its own sheet, the indicator's name whole
    changes = [r for r in book["审核调整"].iter_rows(min_row=3, values_only=True) if r[0]]
    assert len(changes) == 1 and changes[0][3] and changes[0][6] == changes[0][5] - changes[0][4]
    # the register's total shown as its entries are (12.50 under 2.50, not 12.5)
    deductions = [row[5] for row in book["扣分明细"].iter_rows(min_row=4)
                  if isinstance(row[5].value, (int, float))]
    assert len(deductions) > 2
    assert {cell.number_format for cell in deductions} == {"0.00;[Red]-0.00"}


def test_no_formula_or_link_from_return_text(tmp_path: Path) -> None:
    workspace = build_sample(tmp_path / "ws", hostile=True)
    run_json(workspace.root)
    outputs = [_report_path(workspace), workspace.output / "review.xlsx",
               workspace.output / "问题清单.xlsx"]
    for path in outputs:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            assert not any("hyperlink" in n.lower() for n in names if n.endswith(".rels")
                           and b"hyperlink" in archive.read(n)), path.name
            for name in names:
                if name.startswith("xl/worksheets/sheet"):
                    xml = archive.read(name).decode("utf-8")
                    formulas = re.findall(r"<f>(.*?)</f>", xml)
                    assert not any(t in f for f in formulas for t in
                                   ("HYPERLINK", "SUM(1)", "2+3")), (path.name, formulas)
                    assert "<hyperlink" not in xml
    review = openpyxl.load_workbook(workspace.output / "review.xlsx").active
    texts = {row[6] for row in review.iter_rows(min_row=3, values_only=True)}
    assert set(HOSTILE_TEXTS) <= texts  # kept, as plain text


def test_missing_and_faulty_sections_are_listed_not_ranked(tmp_path: Path) -> None:
    workspace = build_sample(tmp_path / "ws", skip=("K04",))
    book = openpyxl.load_workbook(workspace.inbox / "K06.xlsx")
    book["自评表"]["H3"] = "无"
    book.save(workspace.inbox / "K06.xlsx")
    code, report = run_json(workspace.root)
    assert code == 1
    by_code = {s["code"]: s for s in report["sections"]}
    assert (by_code["K04"]["status"], by_code["K04"]["rank"]) == ("missing", None)
    assert (by_code["K06"]["status"], by_code["K06"]["rank"]) == ("error", None)
    assert by_code["K06"]["bonus"] is None and by_code["K04"]["grade"] is None
    assert sum(s["bonus"] for s in report["sections"] if s["bonus"]) == 600000
    book = openpyxl.load_workbook(_report_path(workspace))
    assert book["排名"]["A2"].value.startswith("【临时结果】")
    assert "K04 机关党委 未报送" in book["排名"]["A2"].value
    assert book["未报送"]["A2"].value.startswith("未参加排名的科室：先列未报送的")
    missing = [(r[0], r[2]) for r in book["未报送"].iter_rows(min_row=4, values_only=True)]
    assert missing == [("K04", "未报送"), ("K06", "有错误")]
    problems = [r for r in book["问题清单"].iter_rows(min_row=3, values_only=True)]
    assert any(r[5] == "SCORE_002" and r[1] == "K06.xlsx" and r[3] == "H3" for r in problems)
    ranked = [r[1] for r in book["排名"].iter_rows(min_row=4, values_only=True)
              if isinstance(r[0], int)]
    assert "K04" not in ranked and "K06" not in ranked


def test_two_runs_give_identical_workbooks(tmp_path: Path) -> None:
    workspace = build_sample(tmp_path / "ws")
    digests = []
    for _ in range(2):
        run_json(workspace.root)
        digests.append(hashlib.sha256(_report_path(workspace).read_bytes()).hexdigest())
    assert digests[0] == digests[1]


@pytest.mark.parametrize("approved", ["99", "abc"])
def test_review_errors_keep_the_section_out(tmp_path: Path, approved: str) -> None:
    workspace = build_sample(tmp_path / "ws")
    book = openpyxl.load_workbook(workspace.review)
    sheet = book.active
    for row in sheet.iter_rows(min_row=3):
        if row[0].value == "K02" and row[2].value == "A02":
            row[8].value = approved if approved == "abc" else float(approved)
    book.save(workspace.review)
    code, report = run_json(workspace.root)
    assert code == 1
    codes = {i["code"] for i in report["issues"] if i["severity"] == "error"}
    assert codes == {"REVIEW_002" if approved == "99" else "REVIEW_003"}
    assert {s["code"]: s["status"] for s in report["sections"]}["K02"] == "error"


def test_an_approved_score_typed_with_its_unit_is_applied_and_said_so(tmp_path: Path) -> None:
    """核定得分 "28 分" was applied as 28 without a word (PRODUCT §6)."""
    workspace = build_sample(tmp_path / "ws")
    book = openpyxl.load_workbook(workspace.review)
    for row in book.active.iter_rows(min_row=3):
        if row[0].value == "K02" and row[2].value == "A02":
            row[8].value = "28 分"
            cell = row[8].coordinate
    book.save(workspace.review)
    code, report = run_json(workspace.root)
    assert code == 0  # warnings only
    typed = [(i["code"], i["cell"], i["severity"], i["value"]) for i in report["issues"]
             if i["file"] == "review.xlsx"]
    assert ("REVIEW_020", cell, "warning", "28 分") in typed  # beside REVIEW_001: no note
    assert {severity for _, _, severity, _ in typed} == {"warning"}
    assert {s["code"]: s["status"] for s in report["sections"]}["K02"] == "ok"
    book = openpyxl.load_workbook(_report_path(workspace))
    rows = [r for sheet in book for r in sheet.iter_rows(values_only=True)]
    assert any(r[:3] == ("K02", "办公室", "A02") and 28 in r for r in rows)  # adjusted


def test_a_review_with_section_codes_merged_down_reads_the_same(tmp_path: Path) -> None:
    """科室代码 merged over each section's rows (or typed on its first row only) leaves the
    rows below blank: their approved scores were dropped without a word."""
    workspace = build_sample(tmp_path / "ws")
    _code, before = run_json(workspace.root)
    book = openpyxl.load_workbook(workspace.review)
    sheet = book.active
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for row in sheet.iter_rows(min_row=3):
        if row[0].value:
            first.setdefault(row[0].value, row[0].row)
            last[row[0].value] = row[0].row
    for code, top in first.items():
        if last[code] > top:
            sheet.merge_cells(start_row=top, start_column=1, end_row=last[code], end_column=1)
    book.save(workspace.review)
    assert openpyxl.load_workbook(workspace.review).active.cell(first["K03"] + 1, 1).value is None
    _code, after = run_json(workspace.root)
    totals = {s["code"]: s["total"] for s in before["sections"]}
    assert {s["code"]: s["total"] for s in after["sections"]} == totals
    assert [i for i in after["issues"] if i["code"].startswith("REVIEW")] == []
    changed = [i for i in before["sections"] if i["code"] == "K03"]
    assert changed and changed[0]["total"] is not None


def test_matrix_header_rows_are_complete(tmp_path: Path) -> None:
    workspace = build_sample(tmp_path / "ws")
    run_json(workspace.root)
    matrix = openpyxl.load_workbook(_report_path(workspace))["得分明细"]
    ids, names, points = (list(r) for r in matrix.iter_rows(min_row=3, max_row=5,
                                                              values_only=True))
    master, _ = load_master(workspace.master)
    assert ids[2:42] == [i.id for i in master.indicators]
    assert names[2:42] == [i.name for i in master.indicators]
    assert points[2:42] == [i.points for i in master.indicators]


def test_constant_memory_mode_loses_no_cell(tmp_path: Path) -> None:
    """Constant-memory mode silently drops a cell written above the current row: compare."""
    from perfxl.pipeline import run
    from perfxl.report_writer import write_report

    workspace = build_sample(tmp_path / "ws", skip=("K02",))
    outcome = run(workspace.root)
    values = []
    for streamed in (True, False):
        path = tmp_path / f"report-{streamed}.xlsx"
        write_report(path, outcome.assessment, outcome.issues, "zh", constant_memory=streamed)
        book = openpyxl.load_workbook(path)
        values.append({s.title: list(s.iter_rows(values_only=True)) for s in book.worksheets})
    assert values[0] == values[1]


def test_wide_indicator_sets_are_listed_row_by_row(tmp_path: Path) -> None:
    from tests.conftest import ReturnFactory, small_bureau

    data = small_bureau()
    data["indicators"] = [
        {"id": f"X{n:03d}", "category": "基础绩效指标", "subcategory": "规定指标",
         "name": f"指标{n}", "points": 4, "owners": "全体"} for n in range(151)]
    workspace = init_workspace(tmp_path / "ws", data=data, workspace_id="wide")
    returns = ReturnFactory(workspace)
    returns.write("K01")
    returns.write("K02")
    run_json(workspace.root)
    book = openpyxl.load_workbook(next(workspace.output.glob("*汇总.xlsx")))
    sheet = book["得分明细"]
    assert [c.value for c in sheet[3]] == ["科室代码", "科室", "编号", "分值", "自评得分",
                                          "核定得分", "最终得分"]
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0]]
    assert len(rows) == 2 * 151
    assert rows[0][:4] == ("K01", "办公室", "X000", 4) and rows[0][6] == pytest.approx(3.6)


def test_a_review_reader_crash_is_one_issue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    """The review is read in a process of its own: if the reader aborts that process, the
    run reports REVIEW_009 and scores on the self scores."""
    import os

    import perfxl.review

    def abort(path: Path) -> None:
        os._exit(134)  # what a reader crashing in native code does to its process

    workspace = build_sample(tmp_path / "ws")
    monkeypatch.setattr(perfxl.review, "read_filled_review", abort)
    code, report = run_json(workspace.root)
    assert code == 1
    assert [i["code"] for i in report["issues"] if i["severity"] == "error"] == ["REVIEW_009"]
    assert all(s["total"] is not None for s in report["sections"])


def test_review_read_in_the_background_equals_read_here(tmp_path: Path) -> None:
    from perfxl.pipeline import read_inbox
    from perfxl.review import load_review

    workspace = build_sample(tmp_path / "ws")
    checked = read_inbox(workspace.root)
    here = load_review(workspace.review, checked.master, checked.ingested.returns)
    from perfxl.pipeline import _ReviewReading

    there = _ReviewReading(workspace).judge(checked.master, checked.ingested.returns)
    assert here == there and here[0]


def test_a_master_in_error_leaves_no_review_reader_behind(tmp_path: Path) -> None:
    """The review starts being read before the master is; when the master then stops the
    run, that reader is closed, not left to write into a pipe closed at exit (EBADF)."""
    import multiprocessing

    from perfxl.issues import MasterError
    from perfxl.pipeline import run

    workspace = build_sample(tmp_path / "ws")
    book = openpyxl.load_workbook(workspace.master)
    book["指标"]["A3"] = book["指标"]["A2"].value  # one 编号 twice
    book.save(workspace.master)
    with pytest.raises(MasterError):
        run(workspace.root)
    assert multiprocessing.active_children() == []


def test_a_bonus_nobody_can_share_is_said_in_its_sheet(tmp_path: Path) -> None:
    """Every 人数 0: the 奖金分配 sheet said "the shares add up to the pool" beside a total
    of 0; it now says that nothing was allocated, as BONUS_001 does."""
    workspace = build_sample(tmp_path / "ws")
    book = openpyxl.load_workbook(workspace.master)
    sheet = book["科室"]
    column = [c.value for c in sheet[1]].index("人数") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, column).value = 0
    book.save(workspace.master)
    _code, report = run_json(workspace.root)
    assert "BONUS_001" in {i["code"] for i in report["issues"]}
    bonus = openpyxl.load_workbook(_report_path(workspace))["奖金分配"]
    texts = [c.value for row in bonus.iter_rows(max_row=4) for c in row if isinstance(c.value, str)]
    assert any("奖金未分配" in text for text in texts)


def test_review_never_overwrites_a_review_being_filled(tmp_path: Path) -> None:
    """Approved scores entered in output/review.xlsx itself were wiped by the next `perfxl
    review` without a word; it now refuses (exit 2) unless told --force."""
    workspace = build_sample(tmp_path / "ws")
    generated = workspace.output / "review.xlsx"
    book = openpyxl.load_workbook(generated)
    book.active["I3"] = 20
    book.save(generated)
    before = generated.read_bytes()
    result = CliRunner().invoke(main, ["review", "-w", str(workspace.root)])
    assert result.exit_code == 2 and "已填写了 1 个核定得分或核定说明" in result.output
    assert generated.read_bytes() == before
    forced = CliRunner().invoke(main, ["review", "-w", str(workspace.root), "--force"])
    assert forced.exit_code in (0, 1)
    assert openpyxl.load_workbook(generated).active["I3"].value is None


def test_review_runs_again_over_the_decisions_it_carried_over_itself(tmp_path: Path) -> None:
    """After one `perfxl review` had carried review.xlsx's decisions into output/, every
    later one refused as if the group had typed them there (and saving that file as
    review.xlsx, as advised, changed nothing): only --force, which throws work away, ran."""
    workspace = build_sample(tmp_path / "ws")
    generated = workspace.output / "review.xlsx"
    for _late_return in range(2):  # a late return each time, say
        result = CliRunner().invoke(main, ["review", "-w", str(workspace.root)])
        assert result.exit_code in (0, 1), result.output
    shutil.copy(generated, workspace.review)  # the advice followed
    assert CliRunner().invoke(main, ["review", "-w", str(workspace.root)]).exit_code in (0, 1)
    book = openpyxl.load_workbook(generated)  # a decision typed in output/ only: kept
    book.active["I3"] = 20
    book.save(generated)
    assert CliRunner().invoke(main, ["review", "-w", str(workspace.root)]).exit_code == 2


@pytest.mark.parametrize("kind", ["folder", "broken link"])
def test_a_review_that_cannot_be_read_is_said_not_skipped(tmp_path: Path, kind: str) -> None:
    """review.xlsx as a folder or a link to nowhere: the run applied no review and said
    nothing, so the totals were the self scores without a sign."""
    workspace = build_sample(tmp_path / "ws")
    workspace.review.unlink()
    if kind == "folder":
        workspace.review.mkdir()
    else:
        workspace.review.symlink_to(tmp_path / "nowhere.xlsx")
    code, report = run_json(workspace.root)
    assert code == 1
    assert [i["code"] for i in report["issues"] if i["severity"] == "error"] == ["REVIEW_009"]


def test_long_and_dotted_names_give_every_section_its_own_files(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """An 80-character section or unit name made `templates` and `run` stop with "File name
    too long" (run after writing half its outputs); codes K.1 and K.2 both wrote the reports
    K.md, K.html, K.docx, since a suffix replaced everything after the name's last dot."""
    bureau["settings"]["单位名称"] = "长" * 80
    bureau["sections"][0].update(code="K.1", name="科" * 80)
    bureau["sections"][1].update(code="K.2", name="科技.信息科")
    for indicator in bureau["indicators"]:
        indicator["owners"] = indicator["owners"].replace("K01", "K.1").replace("K02", "K.2") \
            .replace("办公室", "K.1")
    bureau["deductions"][0]["section"] = "K.2"
    workspace = init_workspace(tmp_path / "ws", data=bureau, workspace_id="test-workspace")
    templates = build_templates(workspace.root).files
    assert len({t.workbook for t in templates}) == 3
    for template in templates:
        fill_template(template.workbook, workspace.inbox / f"{template.section.code}.xlsx",
                      Filling())
    code = CliRunner().invoke(main, ["run", "-w", str(workspace.root)]).exit_code
    assert code in (0, 1)
    written = [p for p in workspace.output.rglob("*") if p.is_file()]
    assert all(len(p.name.encode()) <= 255 for p in written)
    reports = sorted(p.name for p in (workspace.output / "narratives" / "自评报告").iterdir())
    assert len(reports) == 9 and any(name.startswith("K.2_科技.信息科.") for name in reports)
    assert (workspace.output / "manifest.json").is_file()


_MIXED = re.compile(r"[A-Za-z0-9)][、；：（]|[、；：）][A-Za-z(]")


def test_english_outputs_use_english_punctuation(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """Lists, clauses and notes were joined with Chinese punctuation in English outputs
    ("has 1 error(s)、K11 …", "not ranked；vetoed", "Bonus pool (yuan)：600000。Method:")."""
    bureau["deductions"].append({"date": "2020-11-02", "section": "K03", "source": "督查",
                                 "reason": "重大失误", "points": 5, "veto": "是",
                                 "reference": "文件"})
    workspace = init_workspace(tmp_path / "ws", data=bureau, workspace_id="test-workspace")
    for template in build_templates(workspace.root, lang="en").files:
        if template.section.code != "K02":  # K02 missing: a provisional result, a note
            fill_template(template.workbook, workspace.inbox / f"{template.section.code}.xlsx",
                          Filling())
    CliRunner().invoke(main, ["--lang", "en", "run", "-w", str(workspace.root)])
    texts = []
    for path in workspace.output.rglob("*"):
        if path.suffix in (".md", ".html"):
            texts.append((path, path.read_text(encoding="utf-8")))
        elif path.suffix in (".xlsx", ".docx"):
            with zipfile.ZipFile(path) as package:
                texts += [(path, package.read(n).decode()) for n in package.namelist()
                          if n.endswith(".xml")]
    assert len(texts) > 20
    mixed = [(path.name, found[0]) for path, text in texts for found in _MIXED.finditer(text)]
    assert mixed == []


def _review_row(workspace: Workspace, code: str, indicator_id: str) -> int:
    sheet = openpyxl.load_workbook(workspace.review).active
    return next(r[0].row for r in sheet.iter_rows(min_row=3)
                if r[0].value == code and r[2].value == indicator_id)


def _issues(report: dict[str, Any], prefix: str = "REVIEW") -> list[tuple[Any, ...]]:
    return [(i["code"], i["section"], i["cell"]) for i in report["issues"]
            if i["code"].startswith(prefix)]


def _k03_sent_again(workspace: Workspace, a15: object) -> None:
    """K03's return sent again after the review, its A15 self score now `a15`."""
    master, _ = load_master(workspace.master)
    template = next(t for t in build_templates(workspace.root).files if t.section.code == "K03")
    filling = Filling()
    for indicator in master.indicators_for("K03"):
        filling.scores[indicator.id] = float(score_for("K03", indicator.points))
    filling.scores["A15"] = a15
    fill_template(template.workbook, workspace.inbox / "K03.xlsx", filling)


def test_an_approved_score_decided_on_an_older_return_is_not_applied(tmp_path: Path) -> None:
    """K03 sent its return again after the review cut A15: the cut, decided on the old self
    score, was applied to the new one without a word (and could raise the score)."""
    workspace = build_sample(tmp_path / "ws")
    _k03_sent_again(workspace, 1.0)  # the corrected return
    _code, report = run_json(workspace.root)
    row = _review_row(workspace, "K03", "A15")
    assert _issues(report) == [("REVIEW_012", "K03", f"F{row}")]
    assert {s["code"]: s["status"] for s in report["sections"]}["K03"] == "error"


def test_a_self_score_now_unreadable_is_its_return_error_not_a_changed_review(
    tmp_path: Path
) -> None:
    """K03's return sent again with "abc" for A15: REVIEW_012 said the review showed 28 and
    the return "—", and told the office to type "—" into review.xlsx. The return's own error
    says what is wrong; once it is put right, a changed score is REVIEW_012 as before."""
    workspace = build_sample(tmp_path / "ws")
    _k03_sent_again(workspace, "abc")
    _code, report = run_json(workspace.root)
    assert _issues(report) == []
    assert [(i["code"], i["section"]) for i in report["issues"]
            if i["severity"] == "error"] == [("SCORE_002", "K03")]


def test_an_approved_score_for_other_points_is_not_applied(tmp_path: Path) -> None:
    workspace = build_sample(tmp_path / "ws")
    row = _review_row(workspace, "K03", "A15")
    book = openpyxl.load_workbook(workspace.review)
    book.active.cell(row, 5).value = 99  # the points the review was made for
    book.save(workspace.review)
    _code, report = run_json(workspace.root)
    assert _issues(report) == [("REVIEW_011", "K03", f"E{row}")]


def test_a_return_that_came_after_the_review_is_said_to_be_unreviewed(tmp_path: Path) -> None:
    workspace = build_sample(tmp_path / "ws", skip=("K05",))
    master, _ = load_master(workspace.master)
    template = next(t for t in build_templates(workspace.root).files if t.section.code == "K05")
    filling = Filling(report={"overall": "总体良好"})
    for indicator in master.indicators_for("K05"):
        filling.scores[indicator.id] = float(score_for("K05", indicator.points))
        filling.achievements[indicator.id] = "完成"
        filling.evidence[indicator.id] = "台账.pdf"
    fill_template(template.workbook, workspace.inbox / "K05.xlsx", filling)
    _code, report = run_json(workspace.root)
    assert _issues(report) == [("REVIEW_013", "K05", None)]
    assert {s["code"]: s["status"] for s in report["sections"]}["K05"] == "ok"  # a warning


def test_a_blank_code_is_the_rows_own_section_where_it_names_one(tmp_path: Path) -> None:
    """After a sort, the row below K02's last one may be K03's: its blank code, taken from
    above, blamed K03's cut on K02 (which does not own the indicator) or applied it there.
    The row's own 科室 says whose it is."""
    workspace = build_sample(tmp_path / "ws")
    row = _review_row(workspace, "K03", "A15")
    book = openpyxl.load_workbook(workspace.review)
    sheet = book.active
    sheet.cell(row, 1).value = None
    sheet.cell(row - 1, 1).value = "K02"  # the row above now K02's
    sheet.cell(row - 1, 2).value = "办公室"
    book.save(workspace.review)
    _code, report = run_json(workspace.root)
    # the row above, K03's self score under K02's name, is told apart from K02's own
    assert _issues(report) == [("REVIEW_032", "K02", f"F{row - 1}")]
    sections = {s["code"]: s for s in report["sections"]}
    assert sections["K03"]["status"] == "ok"


def _blank_codes_then(workspace: Workspace, edit: Any) -> None:
    """The review with 科室代码 on each section's first row only and the 科室 column
    deleted, as some groups lay it out, then `edit(sheet)`."""
    book = openpyxl.load_workbook(workspace.review)
    sheet = book.active
    above = None
    for row in range(3, sheet.max_row + 1):
        code = sheet.cell(row, 1).value
        if code == above:
            sheet.cell(row, 1).value = None
        above = code or above
    sheet.delete_cols(2)
    edit(sheet)
    book.save(workspace.review)


def test_codes_typed_once_per_section_are_read_in_the_order_written(tmp_path: Path) -> None:
    workspace = build_sample(tmp_path / "ws")
    _, before = run_json(workspace.root)
    _blank_codes_then(workspace, lambda sheet: None)
    _, after = run_json(workspace.root)
    assert _issues(after) == []
    assert [s["total"] for s in after["sections"]] == [s["total"] for s in before["sections"]]


def test_a_blank_code_sorted_away_from_its_section_is_an_error_not_a_guess(
    tmp_path: Path
) -> None:
    """Codes typed once per section, the 科室 column deleted, the rows then sorted: a row
    took the code of whatever row sat above it (K04's C07 applied to K01, which owns C07
    too), and a row sorted to the top lost its decision without a word."""
    workspace = build_sample(tmp_path / "ws")

    def sort_by_approved(sheet: Any) -> None:  # the cut rows first, as a sort would put them
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
        rows.sort(key=lambda values: (values[7] is None, str(values[1])))
        for number, values in enumerate(rows, start=3):
            for column, value in enumerate(values, start=1):
                sheet.cell(number, column).value = value

    _blank_codes_then(workspace, sort_by_approved)
    _code, report = run_json(workspace.root)
    codes = {code for code, _section, _cell in _issues(report)}
    assert "REVIEW_022" in codes
    assert all(cell.startswith("A") for code, _s, cell in _issues(report) if code == "REVIEW_022")



@pytest.mark.parametrize("sort_key", [
    lambda values: str(values[1]),  # by 编号
    lambda values: -float(values[4] or 0),  # by 自评得分, highest first
], ids=["by-id", "by-self-score"])
def test_rows_sorted_give_no_section_another_sections_decision(
    tmp_path: Path, sort_key: Any
) -> None:
    """Codes typed once per section, then every row sorted: by 编号, K12's block (its A01
    row, coded) took in everyone's A02; by score, K09's A01 row took the next row, another
    section's C05. A cut the group made for one section was applied to another, with exit 0
    or a false "the section resent its return"."""
    workspace = build_sample(tmp_path / "ws")
    _, before = run_json(workspace.root)

    def sort_rows(sheet: Any) -> None:
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
        rows.sort(key=sort_key)  # stable: rows alike keep their sections' order
        for number, values in enumerate(rows, start=3):
            for column, value in enumerate(values, start=1):
                sheet.cell(number, column).value = value

    _blank_codes_then(workspace, sort_rows)
    _code, report = run_json(workspace.root)
    # K03's cut row, sorted away, is said: whose it is cannot be told (and the result is
    # provisional until the code is typed on it); no section took it, or anyone's row
    assert {(code, section) for code, section, _cell in _issues(report)} == {
        ("REVIEW_022", None)}
    totals = {s["code"]: s["total"] for s in before["sections"]}
    for section in report["sections"]:
        if section["code"] not in CUT:
            assert section["total"] == totals[section["code"]]
    [k03] = [s["total"] for s in report["sections"] if s["code"] == "K03"]
    assert k03 > totals["K03"]  # its self score: the cut not applied

@pytest.mark.parametrize("broken", ["review", "deductions"])
def test_an_office_input_in_error_makes_the_result_provisional(
    tmp_path: Path, broken: str
) -> None:
    """A review without its header (REVIEW_008) or a register saved as .xls (DED_010): all
    sections ranked, and the workbook said "the result is final", the bulletin that there
    were no deductions."""
    workspace = build_sample(tmp_path / "ws")
    if broken == "review":
        book = openpyxl.load_workbook(workspace.review)
        book.active.cell(2, 9).value = "结果"  # 核定得分's header renamed
        book.save(workspace.review)
    else:
        workspace.deductions.rename(workspace.deductions.with_suffix(".xls"))
    run_json(workspace.root)
    ranking = openpyxl.load_workbook(_report_path(workspace))["排名"]
    note = str(ranking["A2"].value)
    assert note.startswith("【临时结果】")
    assert ("review.xlsx" if broken == "review" else "deductions.xls") in note
    bulletin = (workspace.output / "narratives" / "考评情况通报.md").read_text(encoding="utf-8")
    assert "临时结果" in bulletin


def test_a_review_saved_elsewhere_or_otherwise_is_said(tmp_path: Path) -> None:
    """review.xls (saved by LibreOffice) or the group's scores left in output/review.xlsx:
    the run applied no review and said nothing."""
    workspace = build_sample(tmp_path / "ws")
    filled = workspace.review.read_bytes()
    workspace.review.rename(workspace.root / "review.xls")
    _code, report = run_json(workspace.root)
    assert _issues(report) == [("REVIEW_014", None, None)]
    (workspace.root / "review.xls").unlink()
    (workspace.output / "review.xlsx").write_bytes(filled)
    _code, report = run_json(workspace.root)
    assert _issues(report) == [("REVIEW_015", None, None)]
    assert "output/review.xlsx" in json.dumps(report, ensure_ascii=False)


def test_a_review_under_another_name_is_said(tmp_path: Path) -> None:
    """"审核表（考评小组已填）.xlsx" with no review.xlsx: no approved score applied and no
    word; "review (1).xlsx" (a second member's copy) beside review.xlsx: never mentioned."""
    workspace = build_sample(tmp_path / "ws")
    filled = workspace.review.read_bytes()
    (workspace.root / "review (1).xlsx").write_bytes(filled)
    _code, report = run_json(workspace.root)
    assert _issues(report) == [("REVIEW_024", None, None)]
    assert {i["severity"] for i in report["issues"] if i["code"] == "REVIEW_024"} == {"warning"}
    workspace.review.rename(workspace.root / "审核表（考评小组已填）.xlsx")
    _code, report = run_json(workspace.root)
    assert sorted(_issues(report)) == [("REVIEW_023", None, None), ("REVIEW_023", None, None)]
    assert "审核表（考评小组已填）.xlsx" in json.dumps(report, ensure_ascii=False)


def test_review_notes_alone_are_the_groups_work_too(tmp_path: Path) -> None:
    workspace = build_sample(tmp_path / "ws")
    generated = workspace.output / "review.xlsx"
    book = openpyxl.load_workbook(generated)
    book.active["J3"] = "佐证材料待补充"  # a note, no approved score yet
    book.save(generated)
    result = CliRunner().invoke(main, ["review", "-w", str(workspace.root)])
    assert result.exit_code == 2


def test_approved_scores_on_a_copy_of_the_review_sheet_are_said(tmp_path: Path) -> None:
    """The group filled a copy (审核 (2)) and left 审核 blank: nothing was applied, silently;
    with both filled, only 审核 counted."""
    workspace = build_sample(tmp_path / "ws")
    book = openpyxl.load_workbook(workspace.review)
    copy = book.copy_worksheet(book.active)
    copy.title = "审核 (2)"
    copy["I3"] = 1
    book.save(workspace.review)
    _code, report = run_json(workspace.root)
    assert _issues(report) == [("REVIEW_016", None, None)]
    assert "审核 (2)" in json.dumps(report, ensure_ascii=False)
    assert "除“审核”外，工作表 审核 (2) 也填写了核定得分（如 K01 的 A01：“审核”未填，“审核 (2)”为 1）" \
        in json.dumps(report, ensure_ascii=False)
    # 审核 left blank, a sheet for each member of the group: not said to hold scores "too"
    for row in book["审核"].iter_rows(min_row=3):
        row[8].value = None
    second = book.copy_worksheet(copy)
    second.title = "组员乙"
    second["I4"] = 2
    book.save(workspace.review)
    _code, report = run_json(workspace.root, "--lang", "en")
    assert _issues(report) == [("REVIEW_016", None, None)]
    said = json.dumps(report, ensure_ascii=False)
    assert "the sheets 审核 (2), 组员乙 all hold approved scores (for example K01's A02: " \
        "nothing on '审核 (2)', 2 on '组员乙')" in said and "besides" not in said


def test_a_review_made_for_another_workspace_or_year_is_refused(tmp_path: Path) -> None:
    """Last year's review, or another bureau's with the same codes, set this year's scores
    without a word: the review now carries the workspace and year it was made for."""
    workspace = build_sample(tmp_path / "ws")
    book = openpyxl.load_workbook(workspace.review)
    assert book["perfxl_meta"].sheet_state == "veryHidden"
    book["perfxl_meta"]["B3"] = "2019"
    book.save(workspace.review)
    _code, report = run_json(workspace.root)
    assert _issues(report) == [("REVIEW_017", None, None)]
    assert "是为2019年度生成的" in json.dumps(report, ensure_ascii=False)
    book["perfxl_meta"]["B3"] = "2020"
    book["perfxl_meta"]["B2"] = "another-workspace"
    book.save(workspace.review)
    _code, report = run_json(workspace.root)
    assert _issues(report) == [("REVIEW_017", None, None)]
    assert "另一个工作区（同一年度）" in json.dumps(report, ensure_ascii=False)
    del book["perfxl_meta"]  # sheets copied into a new workbook: nothing to compare
    book.save(workspace.review)
    _code, report = run_json(workspace.root)
    assert _issues(report) == []


def test_an_approved_score_that_is_no_typed_number_is_said(tmp_path: Path) -> None:
    """A formula never computed (or #N/A, or one reaching into another file) read as blank,
    so the self score stood without a word; 75% read as 0.75 points."""
    workspace = build_sample(tmp_path / "ws")
    formula_row = _review_row(workspace, "K03", "A15")
    percent_row = _review_row(workspace, "K05", "A01")
    book = openpyxl.load_workbook(workspace.review)
    sheet = book.active
    sheet.cell(formula_row, 9).value = "=VLOOKUP(A3,[1]组内打分!A:B,2,FALSE)"
    sheet.cell(percent_row, 9).value = 0.75
    sheet.cell(percent_row, 9).number_format = "0%"
    book.save(workspace.review)
    _code, report = run_json(workspace.root)
    assert sorted(_issues(report)) == [("REVIEW_018", "K03", f"I{formula_row}"),
                                       ("REVIEW_018", "K05", f"I{percent_row}")]
    shown = {i["cell"]: i["message"] for i in report["issues"] if i["code"] == "REVIEW_018"}
    assert "75%" in shown[f"I{percent_row}"]


def test_a_review_without_a_header_names_the_one_missing(tmp_path: Path) -> None:
    """REVIEW_008 said "科室代码/编号/核定得分" whatever was missing, and a header pushed below
    row 10 (rows inserted above it) was not found."""
    workspace = build_sample(tmp_path / "ws")
    book = openpyxl.load_workbook(workspace.review)
    sheet = book.active
    sheet.insert_rows(1, 12)
    book.save(workspace.review)
    _code, report = run_json(workspace.root)
    assert _issues(report) == []  # found below the inserted rows: the review still applies
    sheet.cell(14, 9).value = "结果"  # 核定得分's header renamed
    book.save(workspace.review)
    _code, report = run_json(workspace.root)
    (issue,) = [i for i in report["issues"] if i["code"] == "REVIEW_008"]
    assert "“核定得分”" in issue["message"] and "编号" not in issue["message"]
    assert "Approved" not in issue["message"]  # a Chinese message, in Chinese


def test_a_veto_without_points_is_not_read_as_nothing(tmp_path: Path,
                                                      bureau: dict[str, Any]) -> None:
    bureau["deductions"].append({"date": "2020-11-02", "section": "K01", "source": "纪检监察",
                                 "reason": "违纪", "points": None, "veto": "是",
                                 "reference": "纪律处分决定"})
    workspace = init_workspace(tmp_path / "ws", data=bureau, workspace_id="test-workspace")
    for template in build_templates(workspace.root).files:
        fill_template(template.workbook, workspace.inbox / f"{template.section.code}.xlsx",
                      Filling())
    CliRunner().invoke(main, ["run", "-w", str(workspace.root)])
    bulletin = (workspace.output / "narratives" / "考评情况通报.md").read_text(encoding="utf-8")
    assert "纪检监察 1 次 0 分（含一票否决 1 次）" in bulletin


def test_indicator_analysis_counts_the_same_sections_throughout(tmp_path: Path) -> None:
    """填写佐证材料的科室数 counted sections in error too, so it could exceed 已评科室数."""
    workspace = build_sample(tmp_path / "ws")
    (workspace.inbox / "K04.xlsx").write_bytes(b"")  # K04: no usable return
    filling = Filling()
    master, _ = load_master(workspace.master)
    for indicator in master.indicators_for("K05"):
        filling.scores[indicator.id] = 999.0  # K05 in error: returned, not scored
        filling.evidence[indicator.id] = "台账.pdf"
    template = next(t for t in build_templates(workspace.root).files if t.section.code == "K05")
    fill_template(template.workbook, workspace.inbox / "K05.xlsx", filling)
    run_json(workspace.root)
    sheet = openpyxl.load_workbook(_report_path(workspace))["指标分析"]
    header = next(r for r in sheet.iter_rows(values_only=True) if r and "已评科室数" in r)
    scored, cited = header.index("已评科室数"), header.index("填写佐证材料的科室数")
    rows = [r for r in sheet.iter_rows(values_only=True)
            if r and isinstance(r[scored], int) and isinstance(r[cited], int)]
    assert rows and all(r[cited] <= r[scored] for r in rows)


def test_approved_scores_merged_over_several_rows_are_said(tmp_path: Path) -> None:
    """I3:I5 merged with 30 typed: the score applied to the first row only, the others kept
    their self scores, without a word."""
    workspace = build_sample(tmp_path / "ws")
    row = _review_row(workspace, "K05", "A01")
    book = openpyxl.load_workbook(workspace.review)
    sheet = book.active
    sheet.cell(row, 9).value = 1
    sheet.merge_cells(start_row=row, start_column=9, end_row=row + 2, end_column=9)
    book.save(workspace.review)
    _code, report = run_json(workspace.root)
    found = _issues(report)
    assert found == [("REVIEW_019", "K05", f"I{n}") for n in range(row, row + 3)]


def test_a_filled_copy_of_a_blank_review_sheet_is_the_review(tmp_path: Path) -> None:
    """The group filled 审核 (2) and left 审核 blank: which sheet counts is clear."""
    workspace = build_sample(tmp_path / "ws")
    _code, before = run_json(workspace.root)
    book = openpyxl.load_workbook(workspace.review)
    original = book.active
    copy = book.copy_worksheet(original)
    copy.title = "审核 (2)"
    for row in original.iter_rows(min_row=3):
        row[8].value = row[9].value = None
    book.save(workspace.review)
    _code, after = run_json(workspace.root)
    assert _issues(after) == []
    assert [s["total"] for s in after["sections"]] == [s["total"] for s in before["sections"]]


def test_a_formula_whose_result_is_blank_keeps_the_self_score(tmp_path: Path) -> None:
    """=IF(J3="","",F3-1) down 核定得分: the rows whose result is empty text were taken for
    formulas never computed (REVIEW_018), and their sections left out of the ranking."""
    workspace = build_sample(tmp_path / "ws")
    _code, before = run_json(workspace.root)
    row = _review_row(workspace, "K05", "A01")
    with zipfile.ZipFile(workspace.review) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    # what Excel and LibreOffice store for a formula whose result is "": an empty <v>
    empty = f'<c r="I{row}" t="str"><f>IF(J{row}="","",F{row}-1)</f><v></v></c>'.encode()
    parts[sheet] = re.sub(rf'<c r="I{row}"[^>]*?(/>|>.*?</c>)'.encode(), empty, parts[sheet],
                          count=1)
    assert empty in parts[sheet]
    with zipfile.ZipFile(workspace.review, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    _code, after = run_json(workspace.root)
    assert _issues(after) == []
    assert [s["total"] for s in after["sections"]] == [s["total"] for s in before["sections"]]


def test_review_latest_reviews_the_return_run_latest_scores(tmp_path: Path) -> None:
    """Two different returns for K01: `review` left K01 out and offered no --latest, so
    `run --latest` said K01 came after the review and could never have it reviewed."""
    workspace = build_sample(tmp_path / "ws")
    master, _ = load_master(workspace.master)
    filling = Filling()
    for indicator in master.indicators_for("K01"):
        filling.scores[indicator.id] = float(score_for("K01", indicator.points))
    template = next(t for t in build_templates(workspace.root).files if t.section.code == "K01")
    second = tmp_path / "K01-v2.xlsx"
    fill_template(template.workbook, second, filling)
    # saved later than the first: both were filled within one second on a fast machine (a
    # tie in saved time, which --latest refuses: DUP_006)
    from tests import hostile

    hostile.set_saved_time(second, "2099-01-01T00:00:00Z")
    shutil.copy(second, workspace.inbox / second.name)
    result = CliRunner().invoke(main, ["review", "-w", str(workspace.root), "--latest",
                                       "--force"])
    assert result.exit_code in (0, 1), result.output
    sheet = openpyxl.load_workbook(workspace.output / "review.xlsx").active
    assert any(r[0].value == "K01" for r in sheet.iter_rows(min_row=3))


def _set_review(workspace: Workspace, section: str, indicator: str, approved: float) -> None:
    book = openpyxl.load_workbook(workspace.review)
    for row in book.active.iter_rows(min_row=3):
        if row[0].value == section and row[2].value == indicator:
            row[8].value = approved
    book.save(workspace.review)


def test_an_adjustment_without_a_note_is_applied_and_said(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """核定得分 20 for K02's A02 (self score 27), 核定说明 left blank: applied, with a warning."""
    returns.write_all()
    build_review(workspace.root)
    shutil.copy(workspace.output / "review.xlsx", workspace.review)
    _set_review(workspace, "K02", "A02", 20)
    code, report = run_json(workspace.root)
    row = _review_row(workspace, "K02", "A02")
    assert [(i["code"], i["severity"], i["section"], i["cell"]) for i in report["issues"]
            if i["file"] == "review.xlsx"] == [("REVIEW_001", "warning", "K02", f"I{row}")]
    assert code == 0
    k02 = {s["code"]: s for s in report["sections"]}["K02"]
    # K02 owns A01 (36 of 40) and A02 (20 approved of 30): (36 + 20) / 70 × 640 = 512.00
    assert (k02["status"], Decimal(str(k02["basic"]))) == ("ok", Decimal("512.00"))


def test_an_error_in_the_review_alone_is_not_blamed_on_the_return(tmp_path: Path) -> None:
    """K02's return is in order; an approved score above the points (REVIEW_002) keeps it out
    of the ranking, and every output said its 自评表 had errors and asked it to fix it."""
    workspace = build_sample(tmp_path / "ws")
    _set_review(workspace, "K02", "A02", 99)
    result = CliRunner().invoke(main, ["run", "-w", str(workspace.root)])
    assert result.exit_code == 1
    assert "11 个科室正常，1 个有错误" in result.output  # as the table above it says
    assert "注意：本结果为临时结果（1 个科室在 review.xlsx 中的记录有错误）。" in result.output
    book = openpyxl.load_workbook(_report_path(workspace))
    notes = {r[1]: r[12] for r in book["排名"].iter_rows(min_row=4, values_only=True)}
    assert notes["K02"] == "review.xlsx 中关于本科室的记录有错误，未排名，见问题清单"
    held = {r[0]: (r[2], r[3]) for r in book["未报送"].iter_rows(min_row=4, values_only=True)}
    assert held == {"K02": ("review.xlsx 中的记录有误", "K02 办公室 在 review.xlsx 中的记录有错误")}
    bulletin = (workspace.output / "narratives" / "考评情况通报.md").read_text(encoding="utf-8")
    assert "因审核表中的记录有误暂未计分的 1 个（办公室）" in bulletin  # no file names
    assert "存在错误尚待补正" not in bulletin and "未报送和自评表有错误的科室" not in bulletin
    assert "局绩效办将核正审核表后重新计算" in bulletin and "review.xlsx" not in bulletin
    assert not (workspace.output / "feedback").is_dir() or not any(
        (workspace.output / "feedback").iterdir())


def test_deductions_of_a_section_not_ranked_are_still_shown(tmp_path: Path) -> None:
    """K12 missing: the manifest and 排名 gave its deductions as null beside veto and the
    bulletin's total of 702."""
    workspace = build_sample(tmp_path / "ws", skip=("K12",))
    _code, report = run_json(workspace.root)
    k12 = next(s for s in report["sections"] if s["code"] == "K12")
    assert (k12["status"], k12["total"], k12["deductions"]) == ("missing", None, 700)
    assert sum(s["deductions"] for s in report["sections"]) == 702
    ranking = openpyxl.load_workbook(_report_path(workspace))["排名"]
    row = next(r for r in ranking.iter_rows(min_row=4, values_only=True) if r[1] == "K12")
    assert row[5] == 700 and row[6] is None


def test_notices_go_to_every_section_next_year_follows_up(tmp_path: Path) -> None:
    """An indicator below 60% becomes next year's rectification item and is named in the
    bulletin's 整改要求, but its section got no notice; a veto without grade trouble or
    points was counted as a deduction of 0."""
    workspace = build_sample(tmp_path / "ws")
    _set_review(workspace, "K03", "A19", 0)  # K03: no deduction, no veto, one indicator at 0%
    run_json(workspace.root)
    notices = workspace.output / "narratives" / "整改通知"
    k03 = (notices / "K03_人事教育科.md").read_text(encoding="utf-8")
    assert "1 项指标得分率低于60%" in k03 and "| A19 |" in k03
    bulletin = (workspace.output / "narratives" / "考评情况通报.md").read_text(encoding="utf-8")
    assert re.search(r"报送整改情况报告：[^。]*人事教育科（得分率低于60%的指标）", bulletin)
    assert "市委依法治市办秘书科（察访核验扣分、一票否决）" in bulletin  # each its reasons
    assert "全年察访核验共发现问题 3 次（含一票否决 1 次），合计扣分 702 分。" in bulletin
    # K01, ranked first with a veto, is 良好: the results say why
    assert "市委依法治市办秘书科存在一票否决事项，按规则不评为优秀等次。" in bulletin
    k12 = (notices / "K12_法律职业资格管理科.md").read_text(encoding="utf-8")
    assert k12.count("较差") == 1  # "等次为较差，考评等次为较差"


def test_english_notices_and_bulletin_count_findings_in_english(tmp_path: Path) -> None:
    workspace = build_sample(tmp_path / "ws")
    CliRunner().invoke(main, ["--lang", "en", "run", "-w", str(workspace.root)])
    folder = workspace.output / "narratives"
    bulletin = (folder / "bulletin.md").read_text(encoding="utf-8")
    assert "3 findings (1 veto), 702 points deducted in all." in bulletin
    assert "a veto finding, so not graded Excellent under the rules" in bulletin
    notice = next((folder / "rectification notices").glob("K05_*.md")).read_text(encoding="utf-8")
    assert "with 1 inspection finding (1.5 points deducted)" in notice


def test_deductions_not_all_known_are_not_given_as_known(tmp_path: Path,
                                                          bureau: dict[str, Any]) -> None:
    """A register row about K02 in error is left out: K02's deductions were given as the sum
    of its other rows, as if final."""
    bureau["deductions"] += [
        {"date": "2020-11-02", "section": "K02", "source": "明察暗访", "reason": "",
         "points": 3, "veto": "否", "reference": ""}]
    workspace = init_workspace(tmp_path / "ws", data=bureau, workspace_id="test-workspace")
    for template in build_templates(workspace.root).files:
        fill_template(template.workbook, workspace.inbox / f"{template.section.code}.xlsx",
                      Filling())
    _code, report = run_json(workspace.root)
    assert "DED_004" in {i["code"] for i in report["issues"]}
    by_code = {s["code"]: s for s in report["sections"]}
    assert (by_code["K02"]["status"], by_code["K02"]["deductions"]) == ("error", None)
    assert by_code["K01"]["deductions"] is not None


def test_an_excellence_indicator_not_earned_is_no_shortfall(tmp_path: Path) -> None:
    """争先创优 indicators are there to be won: C01 at 0 made K03 a section to rectify, listed
    C01 among the bulletin's low-scoring indicators and would have been next year's item."""
    from perfxl.history import rectification_items

    workspace = build_sample(tmp_path / "ws")
    _set_review(workspace, "K03", "C01", 0)
    _code, report = run_json(workspace.root)
    notices = workspace.output / "narratives" / "整改通知"
    assert not (notices / "K03_人事教育科.md").exists()
    bulletin = (workspace.output / "narratives" / "考评情况通报.md").read_text(encoding="utf-8")
    assert "| C01 |" not in bulletin.split("（一）得分率较低的指标")[1].split("（二）")[0]
    master = load_master(workspace.master)[0]
    items = rectification_items(master, report["sections"], [], "zh")
    assert not [i for i in items if i.section_code == "K03"]
    # a veto without points is named a veto, not "扣分 0"
    from datetime import date

    from perfxl.model import Deduction

    veto = Deduction(date(2020, 11, 2), "K01", "纪检监察", "违纪", Decimal(0), True, "", row=9)
    [item] = [i for i in rectification_items(master, report["sections"], [veto], "zh")
              if i.section_code == "K01"]
    assert item.text == "2020-11-02 纪检监察：违纪（一票否决）"


def test_a_run_that_cannot_replace_an_output_writes_nothing(tmp_path: Path) -> None:
    """The summary workbook open in Excel (here: a folder in its place) stopped the run
    after the new notices were written beside the old workbook, the manifest deleted."""
    assert CliRunner().invoke(main, ["demo", str(tmp_path / "demo")]).exit_code == 0
    output = tmp_path / "demo" / "output"
    before = {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}
    workbook = output / "龙岩市司法局2020年度绩效考评汇总.xlsx"
    with zipfile.ZipFile(workbook) as package:  # every total at least 0: the axis from 0
        assert b'<c:min val="0"/>' in package.read("xl/charts/chart1.xml")
    workbook.unlink()
    workbook.mkdir()
    result = CliRunner().invoke(main, ["run", "-w", str(tmp_path / "demo")])
    assert result.exit_code == 2, result.output
    assert f"有 1 个输出文件或文件夹无法改写（这是一个文件夹，不是文件）：{workbook}。" in result.output
    assert "本次没有写入任何结果" in result.output
    del before[workbook]
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()} == before


def test_a_review_made_again_for_a_late_return_keeps_the_groups_decisions(
    tmp_path: Path
) -> None:
    """REVIEW_013 says to run `perfxl review` again for a return sent after the review: the
    new review.xlsx had every approved score blank, and saving it as review.xlsx, as told,
    lost the group's work."""
    workspace = build_sample(tmp_path / "ws", skip=("K12",))
    late = next(f for f in build_templates(workspace.root).files if f.section.code == "K12")
    master, _ = load_master(workspace.master)
    filling = Filling(report={"overall": "总体良好"})
    for indicator in master.indicators_for("K12"):
        filling.scores[indicator.id] = float(indicator.points)
        filling.evidence[indicator.id] = "台账.pdf"
    fill_template(late.workbook, workspace.inbox / "K12.xlsx", filling)
    result = CliRunner().invoke(main, ["review", "-w", str(workspace.root)])
    assert "已沿用工作区 review.xlsx 中的 1 个核定得分。" in result.output  # none left: no "（0 个…）"
    rows = [r for r in openpyxl.load_workbook(workspace.output / "review.xlsx").active
            .iter_rows(min_row=3, values_only=True)]
    decided = [(r[0], r[2], r[8], r[9]) for r in rows if r[8] is not None or r[9] is not None]
    self_score = next(r[5] for r in rows if r[:3:2] == ("K03", "A15"))
    assert decided == [("K03", "A15", self_score - 2, "佐证不足，核减")]
    assert any(r[0] == "K12" for r in rows)


def test_a_review_made_again_keeps_notes_on_scores_the_group_kept(tmp_path: Path) -> None:
    """A 核定说明 beside a blank 核定得分 ("self score kept, but…") was dropped when the
    review was made again; it is carried like an approved score, only where the row's
    自评得分 is still the one the group saw."""
    workspace = build_sample(tmp_path / "ws")
    book = openpyxl.load_workbook(workspace.review)
    noted = {("K01", "A01"): "佐证齐全，维持自评", ("K02", "A01"): "请补充会议纪要"}
    for row in book.active.iter_rows(min_row=3):
        note = noted.get((row[0].value, row[2].value))
        if note:
            row[9].value = note
        if (row[0].value, row[2].value) == ("K02", "A01"):
            row[5].value = row[5].value - 1  # decided on a self score the return no longer has
    book.save(workspace.review)
    result = CliRunner().invoke(main, ["review", "-w", str(workspace.root)])
    assert "另沿用了 1 条核定说明" in result.output
    rows = openpyxl.load_workbook(workspace.output / "review.xlsx").active.iter_rows(
        min_row=3, values_only=True)
    decided = [(r[0], r[2], r[8], r[9]) for r in rows if r[8] is not None or r[9] is not None]
    assert sorted(decided) == [("K01", "A01", None, "佐证齐全，维持自评"),
                               ("K03", "A15", decided[-1][2], "佐证不足，核减")]
    english = CliRunner().invoke(main, ["--lang", "en", "review", "-w", str(workspace.root),
                                        "--force"])
    assert "Also carried over 1 review note (a row where" in english.output


def test_the_review_names_sections_as_the_register_may(tmp_path: Path) -> None:
    """"k03" was accepted in deductions.xlsx but REVIEW_005 (no such section) in the review:
    the two office workbooks now read a section's code or name the same way (and its code
    and name together, "K03 人事教育科", as one section)."""
    workspace = build_sample(tmp_path / "ws")
    _code, before = run_json(workspace.root)
    typed = "K03"
    for spelling in ("k03 ", "人事教育科", "K03 人事教育科", "人事教育科（K03）", "K03、人事教育科"):
        book = openpyxl.load_workbook(workspace.review)
        cells = [row[0] for row in book.active.iter_rows(min_row=3) if row[0].value == typed]
        assert cells
        for cell in cells:
            cell.value = typed = spelling
        book.save(workspace.review)
        _code, after = run_json(workspace.root)
        assert [i["code"] for i in after["issues"] if i["file"] == "review.xlsx"] == []
        assert after["sections"] == before["sections"]  # K03's cut of 2 still applied


def _review_rows(workspace: Workspace, edit: Any) -> None:
    book = openpyxl.load_workbook(workspace.review)
    edit(book.active)
    book.save(workspace.review)


def _append_review_row(code: str, indicator_id: str, approved: float) -> Any:
    def edit(sheet: Any) -> None:
        sheet.append([code, "", indicator_id, "", None, None, None, None, approved, "说明"])
    return edit


@pytest.mark.parametrize(("edit", "code", "skip"), [
    pytest.param(_append_review_row("K01", "ZZ9", 1), "REVIEW_004", (), id="not-its-indicator"),
    pytest.param(_append_review_row("K99", "A01", 1), "REVIEW_005", (), id="unknown-section"),
    pytest.param(_append_review_row("K04", "A01", 1), "REVIEW_006", ("K04",),
                 id="no-usable-return"),
    pytest.param(_append_review_row("K03", "A15", 1), "REVIEW_007", (), id="row-twice"),
])
def test_review_rows_that_cannot_be_applied_are_each_said(
    tmp_path: Path, edit: Any, code: str, skip: tuple[str, ...]
) -> None:
    """Each row of the review that names what is not there is its own problem, at its cell."""
    workspace = build_sample(tmp_path / "ws", skip=skip)
    rows = openpyxl.load_workbook(workspace.review).active.max_row
    _review_rows(workspace, edit)
    _code, report = run_json(workspace.root)
    found = [(i["code"], i["cell"]) for i in report["issues"] if i["file"] == "review.xlsx"]
    assert found[-1][0] == code and found[-1][1].endswith(str(rows + 1)), found


def test_an_uncomputed_formula_approved_score_is_said(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """A 核定得分 written as a formula never computed (openpyxl saves <v></v>) was read as
    blank: the self score stood without a word (found by a helper auditing the tests)."""
    returns.write_all()
    build_review(workspace.root)
    shutil.copy(workspace.output / "review.xlsx", workspace.review)
    book = openpyxl.load_workbook(workspace.review)
    sheet = book["审核"]
    [row] = [r[0].row for r in sheet.iter_rows(min_row=3)
             if r[0].value == "K02" and r[2].value == "A02"]
    sheet.cell(row, 9).value = f"=F{row}-2"  # 核减 2 分: openpyxl stores no result
    sheet.cell(row, 10).value = "佐证不足，核减2分"
    book.save(workspace.review)
    with zipfile.ZipFile(workspace.review) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    # a numeric cell (no t="str") whose <v> is empty: no result was ever computed
    assert re.search(rf'<c r="I{row}"(?: s="\d+")?><f>F{row}-2</f><v\s*/?>(</v>)?</c>', xml)
    result = CliRunner().invoke(main, ["run", "-w", str(workspace.root), "--json"])
    report = json.loads(result.stdout)
    said = [(i["code"], i["cell"]) for i in report["issues"] if i["code"].startswith("REVIEW")]
    k02 = {s["code"]: s for s in report["sections"]}["K02"]
    # either the cut is applied (27 - 2 = 25) or the cell is reported; silence is the bug
    applied = k02["basic"] == 521.14  # (36 + 25) / 70 × 640
    assert applied or ("REVIEW_018", f"I{row}") in said, (said, k02["basic"])


@pytest.mark.parametrize("typed", ["同自评", "不变", "—"])
def test_an_approved_score_typed_as_no_change_keeps_the_self_score(
    workspace: Workspace, returns: ReturnFactory, typed: str
) -> None:
    """"同自评", "不变" or a dash in 核定得分 was REVIEW_003 (not a number), and the section
    left the ranking; it means what a blank cell means."""
    returns.write_all()
    build_review(workspace.root)
    shutil.copy(workspace.output / "review.xlsx", workspace.review)
    _set_review(workspace, "K02", "A02", typed)
    code, report = run_json(workspace.root)
    assert [i["code"] for i in report["issues"] if i["file"] == "review.xlsx"] == []
    k02 = {s["code"]: s for s in report["sections"]}["K02"]
    # the self scores stand: A01 36 of 40, A02 27 of 30, (36 + 27) / 70 × 640 = 576.00
    assert code == 0 and (k02["status"], Decimal(str(k02["basic"]))) == ("ok", Decimal("576.00"))


def test_a_review_without_its_code_column_names_sections_by_their_names(
    tmp_path: Path,
) -> None:
    """The group deleted 科室代码 (the 科室 column says it all): REVIEW_008 discarded the whole
    review, every approved score with it, and the run went on without them."""
    workspace = build_sample(tmp_path / "ws")
    _code, before = run_json(workspace.root)
    _review_rows(workspace, lambda sheet: sheet.delete_cols(1))
    _code, after = run_json(workspace.root)
    assert [i["code"] for i in after["issues"] if i["file"] == "review.xlsx"] == []
    assert after["sections"] == before["sections"]  # K03's cut of 2 still applied


def test_a_cut_written_in_the_note_alone_is_said(tmp_path: Path) -> None:
    """"核减2分" in 核定说明 with 核定得分 left blank: the self score stood without a word."""
    workspace = build_sample(tmp_path / "ws")
    _code, before = run_json(workspace.root)
    notes = {("K01", "A01"): "佐证不足，核减2分", ("K02", "A01"): "佐证齐全，维持自评"}

    def write_notes(sheet: Any) -> None:
        for row in sheet.iter_rows(min_row=3):
            if (row[0].value, row[2].value) in notes:
                row[9].value = notes[(row[0].value, row[2].value)]
    _review_rows(workspace, write_notes)
    _code, after = run_json(workspace.root)
    row = _review_row(workspace, "K01", "A01")
    assert [(i["code"], i["severity"], i["section"], i["cell"]) for i in after["issues"]
            if i["file"] == "review.xlsx"] == [("REVIEW_021", "warning", "K01", f"I{row}")]
    assert after["sections"] == before["sections"]  # said, not guessed: the self score stands


def test_another_sections_table_pasted_in_is_one_error_saying_so(tmp_path: Path) -> None:
    """人事教育科's 自评表 pasted into 办公室's file (its metadata says 办公室): a dozen
    RETURN_015 and RETURN_013, one a row, none saying why."""
    workspace = build_sample(tmp_path / "ws")
    theirs = openpyxl.load_workbook(workspace.inbox / "K03.xlsx")["自评表"]
    book = openpyxl.load_workbook(workspace.inbox / "K02.xlsx")
    mine = book["自评表"]
    mine.delete_rows(3, mine.max_row)
    for row in theirs.iter_rows(min_row=3, values_only=True):
        mine.append(row)
    book.save(workspace.inbox / "K02.xlsx")
    _code, report = run_json(workspace.root)
    said = [(i["code"], i["cell"]) for i in report["issues"] if i["file"] == "K02.xlsx"]
    assert said == [("RETURN_023", None)]
    [issue] = [i for i in report["issues"] if i["file"] == "K02.xlsx"]
    assert "K03 人事教育科" in issue["message"] and "K02 办公室" in issue["message"]
    assert {s["code"]: s["status"] for s in report["sections"]}["K02"] == "error"


def test_what_a_group_adds_to_the_review_beside_its_columns_is_said(tmp_path: Path) -> None:
    """Found filling review.xlsx in LibreOffice: a 核定得分（复审） column, a bonus row with no
    编号, and =F6/3 in 核定得分 were each taken or dropped without a word."""
    workspace = build_sample(tmp_path / "ws")
    book = openpyxl.load_workbook(workspace.review)
    sheet = book.active
    sheet.cell(2, 11).value = "核定得分（复审）"
    k05 = _review_row(workspace, "K05", "A01")
    sheet.cell(k05, 11).value = 20  # the second examination's word, not in 核定得分
    k06 = _review_row(workspace, "K06", "A01")
    sheet.cell(k06, 9).value = float(Decimal(str(sheet.cell(k06, 6).value)) * 2 / 3)
    sheet.cell(k06, 10).value = "按三分之二核定"
    sheet.insert_rows(k06 + 1)
    for column, value in enumerate(["K06", "社区矫正管理科", None, "加分：获省级表彰", None, None,
                                    None, None, 5, "额外加分"], start=1):
        sheet.cell(k06 + 1, column).value = value
    book.save(workspace.review)
    _code, report = run_json(workspace.root)
    said = {code: cell for code, _section, cell in _issues(report)}
    assert said["REVIEW_025"] == f"K{k05}"
    assert said["REVIEW_026"] == f"I{k06}"
    assert said["REVIEW_027"] == f"C{k06 + 1}"
    assert {i["severity"] for i in report["issues"]
            if i["code"] in ("REVIEW_025", "REVIEW_026", "REVIEW_027")} == {"warning"}


def test_a_note_merged_down_several_rows_explains_each(tmp_path: Path) -> None:
    """One 核定说明 merged over two cut rows: the second was REVIEW_001, "changed without a
    note", though the note stood beside it on screen."""
    workspace = build_sample(tmp_path / "ws")
    first = _review_row(workspace, "K03", "A01")
    book = openpyxl.load_workbook(workspace.review)
    sheet = book.active
    for row in (first, first + 1):
        sheet.cell(row, 9).value = float(Decimal(str(sheet.cell(row, 6).value)) - 1)
        sheet.cell(row, 10).value = None
    sheet.cell(first, 10).value = "两项佐证均不足，各核减1分"
    sheet.merge_cells(start_row=first, start_column=10, end_row=first + 1, end_column=10)
    book.save(workspace.review)
    _code, report = run_json(workspace.root)
    assert [code for code, _section, _cell in _issues(report) if code == "REVIEW_001"] == []


def test_an_approved_score_made_a_date_is_said_as_such(tmp_path: Path) -> None:
    """"1/2" typed in 核定得分 and made a date by the spreadsheet program: REVIEW_003 said
    "2026-01-02 is not a number"."""
    from datetime import datetime

    workspace = build_sample(tmp_path / "ws")
    row = _review_row(workspace, "K05", "A01")
    book = openpyxl.load_workbook(workspace.review)
    book.active.cell(row, 9).value = datetime(2026, 1, 2)
    book.save(workspace.review)
    _code, report = run_json(workspace.root)
    assert ("REVIEW_028", "K05", f"I{row}") in _issues(report)


def test_a_members_sheet_saying_what_the_review_says_is_no_second_word(tmp_path: Path) -> None:
    """A member's sheet kept beside 审核, which gathers (or copies) its decisions: refused
    whole (REVIEW_016), though nothing in it disagreed."""
    workspace = build_sample(tmp_path / "ws")
    _, before = run_json(workspace.root)
    book = openpyxl.load_workbook(workspace.review)
    book.copy_worksheet(book["审核"]).title = "组员甲"
    book.save(workspace.review)
    _, after = run_json(workspace.root)
    assert _issues(after) == _issues(before) == []
    assert [s["total"] for s in after["sections"]] == [s["total"] for s in before["sections"]]
    # each member fills the sections given to them; 审核 gathers every decision: a sheet
    # holding some of them was refused whole
    member = book["组员甲"]
    row = next(r for r in member.iter_rows(min_row=3) if r[0].value == "K05")
    book["审核"].cell(row[0].row, 9).value = 1  # a decision 审核 holds and 组员甲 does not
    book["审核"].cell(row[0].row, 10).value = "佐证不足"
    book.save(workspace.review)
    _, gathered = run_json(workspace.root)
    assert _issues(gathered) == []
    assert [s["total"] for s in gathered["sections"] if s["code"] == "K05"] < \
        [s["total"] for s in before["sections"] if s["code"] == "K05"]


def test_a_run_in_the_other_language_leaves_no_outputs_of_the_first(tmp_path: Path) -> None:
    """`run`, then `--lang en run`: output/ still held the Chinese workbook, problem list
    and binder folder beside the English ones, their results stale, the manifest silent."""
    workspace = build_sample(tmp_path / "ws")
    run_json(workspace.root)
    (workspace.output / "佐证材料" / "K01_办公室").mkdir(parents=True)  # as materials make
    chinese = {p.name for p in workspace.output.iterdir()}
    assert {_report_path(workspace).name, "问题清单.xlsx", "佐证材料"} <= chinese
    english = CliRunner().invoke(main, ["--lang", "en", "run", "-w", str(workspace.root)])
    assert english.exit_code in (0, 1), english.output
    names = {p.name for p in workspace.output.iterdir()}
    assert not names & {_report_path(workspace).name, "问题清单.xlsx", "佐证材料"}, names
    assert "problems.xlsx" in names


def _k03_total(report: dict[str, Any]) -> Any:
    return next(s["total"] for s in report["sections"] if s["code"] == "K03")


def test_review_rows_as_the_group_may_leave_them(tmp_path: Path) -> None:
    """What a review group does to the sheet once its protection is lifted: each was scored
    without a word (a stale saved result, a cut typed one column to the left, the columns
    that show a return sent again deleted); full-width codes and IDs were "not owned"."""
    from tests.test_deductions import _with_saved_result

    workspace = build_sample(tmp_path / "ws")
    pristine = workspace.review.read_bytes()
    _code, report = run_json(workspace.root)
    cut = _k03_total(report)
    row = _review_row(workspace, "K03", "A15")
    book = openpyxl.load_workbook(workspace.review)
    sheet = book.active
    self_score = sheet.cell(row, 6).value
    approved = sheet.cell(row, 9).value

    def edited(edit: Any) -> dict[str, Any]:
        workspace.review.write_bytes(pristine)
        book = openpyxl.load_workbook(workspace.review)
        edit(book.active)
        book.save(workspace.review)
        return run_json(workspace.root)[1]

    def width_and_case(sheet: Any) -> None:
        sheet.cell(row, 1).value, sheet.cell(row, 3).value = "Ｋ０３", "ａ１５"

    report = edited(width_and_case)
    assert _issues(report) == [] and _k03_total(report) == cut

    def arithmetic(sheet: Any) -> None:
        sheet.cell(row, 9).value = f"={self_score}-{self_score - approved}"

    report = edited(arithmetic)
    assert _issues(report) == [("REVIEW_029", "K03", f"I{row}")] and _k03_total(report) == cut

    def by_reference(sheet: Any) -> None:
        sheet.cell(row, 9).value = f"=F{row}-{self_score - approved}"

    workspace.review.write_bytes(pristine)
    book = openpyxl.load_workbook(workspace.review)
    by_reference(book.active)
    book.save(workspace.review)
    _with_saved_result(workspace.review, f"F{row}-{self_score - approved}", str(approved))
    _code, report = run_json(workspace.root)
    assert _issues(report) == [("REVIEW_030", "K03", f"I{row}")] and _k03_total(report) == cut

    def one_column_to_the_left(sheet: Any) -> None:
        sheet.cell(row, 6).value, sheet.cell(row, 9).value = approved, None
        sheet.cell(row, 10).value = None

    report = edited(one_column_to_the_left)
    assert _issues(report) == [("REVIEW_032", "K03", f"F{row}")]

    report = edited(lambda sheet: sheet.delete_cols(5, 2))
    assert _issues(report) == [("REVIEW_031", None, None)] and _k03_total(report) == cut


def test_a_bonus_nobody_could_share_says_why(workspace: Workspace) -> None:
    """No return in: the bonus sheet sent the office to the problem list for weights of 0,
    which holds no word of them."""
    from perfxl.pipeline import run

    run(workspace.root)
    [report] = workspace.output.glob("*汇总.xlsx")
    sheet = openpyxl.load_workbook(report)["奖金分配"]
    subtitle = next(c.value for c in sheet["A"] if c.value and "奖金总额" in str(c.value))
    assert subtitle.endswith("本次没有科室参加排名，奖金未分配。") and "见问题清单" not in subtitle
    # nor does the bulletin speak of the ranks "listed" as provisional: none are
    bulletin = (workspace.output / "narratives" / "考评情况通报.md").read_text(encoding="utf-8")
    assert "由于有科室未报送，排名和等次待补正后计算确定。" in bulletin


def test_long_section_names_get_rows_tall_enough(tmp_path: Path) -> None:
    """A long name in 排名, 奖金分配 and 未报送 showed one line of it in LibreOffice: rows
    without a stored height are not fitted to wrapped text there."""
    from perfxl.cells import wrapped_height

    long_name = "市委全面依法治市委员会办公室秘书科（综合协调与督查督办）"
    workspace = build_sample(tmp_path / "ws", skip=("K12",),
                             names={"K01": long_name, "K12": "市场监督管理综合行政执法支队第三大队"})
    run_json(workspace.root)
    book = openpyxl.load_workbook(next(workspace.output.glob("*汇总.xlsx")))
    seen = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in (long_name, "市场监督管理综合行政执法支队第三大队"):
                    width = sheet.column_dimensions[cell.column_letter].width
                    assert wrapped_height([(cell.value, width)]) > wrapped_height(())
                    height = sheet.row_dimensions[cell.row].height
                    # (xlsxwriter stores whole pixels: 44.5 points become 44.25)
                    assert height is not None and height >= wrapped_height(
                        [(cell.value, width)]) - 0.75, (sheet.title, cell.coordinate)
                    seen += 1
    assert {"排名", "奖金分配"} <= {s.title for s in book.worksheets
                                  if long_name in [c.value for r in s.iter_rows() for c in r]}
    assert seen >= 4


def test_a_run_that_cannot_empty_an_output_folder_deletes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """output/narratives read-only (or immutable): the run deleted the 33 reports and the
    manifest, then stopped, "无法写入 自评报告" naming no folder."""
    import os

    assert CliRunner().invoke(main, ["demo", str(tmp_path / "demo")]).exit_code == 0
    output = tmp_path / "demo" / "output"
    before = {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}
    locked = output / "narratives"
    access = os.access
    # (the tests run as root, whom a folder's permissions do not stop: as an office's user)
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: Path(path) != locked
                        and access(path, mode, **kw))
    result = CliRunner().invoke(main, ["run", "-w", str(tmp_path / "demo")])
    assert result.exit_code == 2, result.output
    assert f"（没有权限）：{locked}。" in result.output and "本次没有写入任何结果" in result.output
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()} == before
    monkeypatch.undo()
    locked.rename(tmp_path / "elsewhere")
    locked.symlink_to(tmp_path / "elsewhere")
    result = CliRunner().invoke(main, ["run", "-w", str(tmp_path / "demo")])
    assert f"（这是一个符号链接，perfxl 不替换它）：{locked}" in result.output


def test_a_workbook_interrupted_while_written_leaves_no_scratch_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while the summary workbook streamed its rows left xlsxwriter's row files in
    the system's temporary folder (12 a run, piling up in %TEMP%), and a full temporary
    folder was blamed on the output's disk."""
    import tempfile

    import perfxl.report_writer

    workspace = build_sample(tmp_path / "ws")
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(perfxl.report_writer, "_rules", interrupted)
    from perfxl.pipeline import run

    with pytest.raises(KeyboardInterrupt):
        run(workspace.root)
    assert not [p for p in workspace.output.iterdir() if p.name.startswith(".perfxl-")]
    assert not list(system_temp.iterdir())


def test_a_review_filled_again_in_output_is_said(tmp_path: Path) -> None:
    """The README's advice after a resubmission: run `perfxl review` again. The group
    filled that new output/review.xlsx; `run` went on with the old review.xlsx without a
    word. A generated one that only carries the old scores says nothing."""
    workspace = build_sample(tmp_path / "ws")
    book = openpyxl.load_workbook(workspace.review)  # the group's spellings: no new decision
    applied = next(r for r in book.active.iter_rows(min_row=3) if r[0].value == "K03")
    applied[0].value, applied[8].value = "ｋ０３", "26.0"
    book.save(workspace.review)
    result = CliRunner().invoke(main, ["review", "-w", str(workspace.root), "--force"])
    assert result.exit_code in (0, 1), result.output
    _code, report = run_json(workspace.root)
    assert "REVIEW_034" not in {i["code"] for i in report["issues"]}
    made = workspace.output / "review.xlsx"
    book = openpyxl.load_workbook(made)
    sheet = book.active
    k03 = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == "K03")
    k02 = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == "K02"
               and r[2].value == k03[2].value)
    k02[8].value, k03[8].value = k03[8].value, None  # the same score, given another section
    book.save(made)
    _code, report = run_json(workspace.root)
    assert "REVIEW_034" in {i["code"] for i in report["issues"]}
    k02[8].value = 1  # 核定得分
    book.save(made)
    _code, report = run_json(workspace.root)
    said = [i for i in report["issues"] if i["code"] == "REVIEW_034"]
    assert said and said[0]["file"] == "output/review.xlsx"
