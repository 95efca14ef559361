"""Monitoring rounds: progress templates, `run --round`, lagging indicators, round on round."""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from perfxl.cli import main
from perfxl.pipeline import build_templates, run_round
from perfxl.progress import elapsed_share
from perfxl.simulate import ProgressFilling, fill_progress_template
from perfxl.validate import parse_progress
from perfxl.workspace import LOCK_FILE, Workspace
from tests.conftest import ReturnFactory

ROUND = "第三季度"
SEPT_30 = date(2020, 9, 30)  # 274 of 366 days: 74.86%


def progress_returns(workspace: Workspace, round_name: str, values: dict[str, dict[str, object]],
                     skip: tuple[str, ...] = ()) -> dict[str, Path]:
    made = build_templates(workspace.root, round_name=round_name)
    inbox = workspace.round_inbox(round_name)
    inbox.mkdir(parents=True, exist_ok=True)
    templates = {}
    for item in made.files:
        templates[item.section.code] = item.workbook
        if item.section.code in skip:
            continue
        filling = ProgressFilling(progress=dict(values.get(item.section.code, {})))
        for indicator in made.master.indicators_for(item.section.code):
            filling.progress.setdefault(indicator.id, 0.9)
            filling.note[indicator.id] = "按计划推进"
            filling.problems[indicator.id] = "人手紧张" if indicator.id == "A02" else ""
        fill_progress_template(item.workbook, inbox / item.workbook.name, filling)
    return templates


def test_elapsed_share() -> None:
    assert elapsed_share(2020, SEPT_30) == Decimal("0.7486")
    assert elapsed_share(2020, date(2019, 12, 31)) == 0
    assert elapsed_share(2020, date(2021, 1, 5)) == 1


@pytest.mark.parametrize(("typed", "read", "adjusted"), [
    (0.75, Decimal("0.75"), False), ("75%", Decimal("0.75"), True),
    ("７５％", Decimal("0.75"), True), (75, Decimal("0.75"), True), ("无", None, False),
    (150, Decimal("150"), False), (1, Decimal(1), True), ("1", Decimal(1), True),
    (0.5, Decimal("0.5"), False),
])
def test_parse_progress(typed: object, read: Decimal | None, adjusted: bool) -> None:
    assert parse_progress(typed) == (read, adjusted)


@pytest.mark.parametrize(("typed", "read", "adjusted"), [
    (0.75, Decimal("0.75"), False), (1.5, Decimal("1.5"), False), (75, Decimal("75"), False),
    ("75%", Decimal("0.75"), True), ("75", Decimal("0.75"), True), (1, Decimal(1), False),
])
def test_a_number_in_a_percentage_cell_is_what_the_cell_shows(typed: object, read: Decimal,
                                                               adjusted: bool) -> None:
    """1.5 in the template's 0% cell shows as 150%: reading it as 1.5% hid the slip."""
    assert parse_progress(typed, shown_as_percent=True) == (read, adjusted)


def test_progress_template_structure(workspace: Workspace) -> None:
    made = build_templates(workspace.root, round_name=ROUND)
    assert made.folder == workspace.round_output(ROUND) / "templates"
    book = openpyxl.load_workbook(made.files[1].workbook)  # K02
    assert book["perfxl_meta"].sheet_state == "veryHidden"
    sheet = book["进度表"]
    assert [c.value for c in sheet[2]] == ["编号", "指标名称", "分值", "完成进度", "进展情况",
                                          "存在问题", "下步措施"]
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "decimal" and str(validation.sqref) == "D3:D5"
    assert (float(validation.formula1), float(validation.formula2)) == (0, 1)
    for row in sheet.iter_rows(min_row=3):
        assert [c.protection.locked for c in row] == [True, True, True, False, False, False,
                                                      False]
    assert sheet.protection.sheet
    meta = {r[0]: r[1] for r in book["perfxl_meta"].iter_rows(values_only=True)}
    assert (meta["kind"], meta["round"]) == ("progress", ROUND)


def test_run_round_names_every_lagging_indicator(workspace: Workspace) -> None:
    progress_returns(workspace, ROUND, {"K01": {"A01": 0.5}, "K02": {"A02": "60%"}},
                     skip=("K03",))
    outcome = run_round(workspace.root, ROUND, SEPT_30)
    lagging = {(line.section_code, line.indicator_id): line.lag
               for line in outcome.summary.lagging}
    assert lagging == {("K01", "A01"): Decimal("0.2486"), ("K02", "A02"): Decimal("0.1486")}
    assert outcome.summary.missing == ("K03",)
    assert {i.code for i in outcome.issues} >= {"PROGRESS_004"}
    [typed] = [i for i in outcome.issues if i.code == "PROGRESS_004"]
    assert dict(typed.params)["parsed"] == "60%"  # not "60.00%" or "60.0%"
    output = workspace.round_output(ROUND)
    book = openpyxl.load_workbook(output / f"{ROUND}绩效进度汇总.xlsx")
    rows = [r for r in book["进度滞后"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert [(r[0], r[2], round(r[7], 4)) for r in rows] == [
        ("K01", "A01", 0.2486), ("K02", "A02", 0.1486)]
    sections = {r[0]: r[2] for r in book["科室报送"].iter_rows(min_row=4, values_only=True)}
    assert sections == {"K01": "正常", "K02": "正常", "K03": "未报送"}
    brief = (output / "绩效运行分析简报.md").read_text(encoding="utf-8")
    assert "| 办公室 | A01 | 党建工作成效 | 50.0% | 74.9% | 24.9% |" in brief
    assert "| 法制科 | A02 | 依法行政成效 | 60.0% | 74.9% | 14.9% | 人手紧张 |" in brief
    assert "政工科" in brief  # not reported
    for suffix in (".html", ".docx"):
        assert (output / f"绩效运行分析简报{suffix}").is_file()
    assert not any(workspace.output.glob("*进度*"))  # the annual output is untouched


def test_wrong_round_and_annual_template_are_rejected(workspace: Workspace) -> None:
    other = progress_returns(workspace, "第二季度", {})
    inbox = workspace.round_inbox(ROUND)
    inbox.mkdir(parents=True)
    shutil.copy(workspace.round_inbox("第二季度") / other["K01"].name, inbox / "k01.xlsx")
    shutil.rmtree(workspace.round_dir("第二季度"))  # a round no longer in the workspace
    annual = build_templates(workspace.root).files[1].workbook
    shutil.copy(annual, inbox / "k02.xlsx")
    outcome = run_round(workspace.root, ROUND, SEPT_30)
    found = {(i.code, i.file) for i in outcome.issues if i.severity.value == "error"}
    assert found == {("RETURN_005", "k01.xlsx")}
    message = next(i for i in outcome.issues if i.code == "RETURN_005").message("zh")
    assert "第二季度" in message and ROUND in message
    # this workspace's annual template in the round's inbox: misfiled by the office, set
    # aside with a warning saying where it goes; it had made K02 faulty in the round
    kind = next(i for i in outcome.issues if i.code == "RETURN_024")
    assert kind.file == "k02.xlsx" and kind.severity.value == "warning"
    assert "annual self-assessment" in kind.message("en") and "年度" not in kind.message("en")
    assert "年度自评" in kind.message("zh") and "inbox/" in kind.message("zh")
    assert outcome.check.statuses()["K02"] == "missing"
    assert outcome.has_errors


def test_bad_progress_values(workspace: Workspace) -> None:
    progress_returns(workspace, ROUND, {"K02": {"A01": "无", "A02": 1.5, "C01": None}},
                     skip=("K01", "K03"))
    outcome = run_round(workspace.root, ROUND, SEPT_30)
    found = {(i.code, i.cell, dict(i.params).get("value"))
             for i in outcome.issues if i.section == "K02"}
    # 1.5 in the template's percentage cell shows as 150%
    assert found == {("PROGRESS_002", "D3", None), ("PROGRESS_003", "D4", None),
                     ("PROGRESS_001", "D5", None)}
    [too_far] = [i for i in outcome.issues if i.code == "PROGRESS_003"]
    assert too_far.value == "150%" and "7500%" not in too_far.fix("zh")  # 150% typed: no slip
    # nothing lags among what could be read; the brief does not say that all is on time
    brief = next(workspace.round_output(ROUND).rglob("*.md")).read_text(encoding="utf-8")
    assert "另有 3 项进度有误" in brief and "均不低于时序进度" not in brief
    # the feedback copy is the round's 进度表's, not the annual self-assessment's
    [copy] = (workspace.round_output(ROUND) / "feedback").glob("*.xlsx")
    front = openpyxl.load_workbook(copy).worksheets[0]
    assert front["A1"].value == "测试局2020年度绩效监控进度表问题反馈（第三季度，法制科）"
    assert front["A2"].value.startswith("请按下表逐项修改进度表") and "自评表" not in front["A2"].value


def test_progress_cells_say_what_they_show(workspace: Workspace, tmp_path: Path) -> None:
    """An Excel error and a formula never computed were "blank"; 100.0001% was reported as
    "100% is outside 0% to 100%"."""
    from tests import hostile

    progress_returns(workspace, ROUND, {"K02": {"A01": "100.0001%"}}, skip=("K01", "K03"))
    [path] = workspace.round_inbox(ROUND).glob("*.xlsx")
    staged = tmp_path / "k02.xlsx"
    hostile.patch_sheet(path, staged, "进度表", lambda xml: hostile.replace_cell(
        hostile.replace_cell(xml, "D4", "<v>#DIV/0!</v>", "e"), "D5", "<f>30%+20%</f>"))
    staged.replace(path)
    outcome = run_round(workspace.root, ROUND, SEPT_30)
    found = {(i.code, i.cell, i.value or dict(i.params).get("value"))
             for i in outcome.issues if i.section == "K02"}
    [typed] = [i for i in outcome.issues if i.code == "PROGRESS_003"]
    assert "7500%" not in typed.fix("zh")  # "100.0001%" typed with its sign: no such slip
    # =30%+20% never computed was "not a percentage": perfxl computes it, and says so
    assert found == {("PROGRESS_003", "D3", "100.0001%"), ("PROGRESS_002", "D4", "#DIV/0!"),
                     ("PROGRESS_006", "D5", None)}
    k02 = {line.indicator_id: line.progress for line in outcome.summary.lines
           if line.section_code == "K02"}
    assert k02["C01"] == Decimal("0.5")
    hostile.patch_sheet(path, staged, "进度表", lambda xml: hostile.replace_cell(
        xml, "D5", "<f>SUM(A1:A2)</f>"))
    staged.replace(path)
    outcome = run_round(workspace.root, ROUND, SEPT_30)
    [unsaved] = [i for i in outcome.issues if i.cell == "D5"]
    assert unsaved.code == "PROGRESS_005" and "SUM(A1:A2)" in unsaved.message("zh")


def test_changes_since_the_previous_round(workspace: Workspace) -> None:
    progress_returns(workspace, "第二季度", {"K01": {"A01": 0.4}})
    run_round(workspace.root, "第二季度", date(2020, 6, 30))
    progress_returns(workspace, ROUND, {"K01": {"A01": 0.7}})
    outcome = run_round(workspace.root, ROUND, SEPT_30)
    assert outcome.summary.previous is not None
    assert outcome.summary.previous.name == "第二季度"
    change = {(line.section_code, line.indicator_id): line.change
              for line in outcome.summary.changed}
    assert change[("K01", "A01")] == Decimal("0.3")
    brief = (workspace.round_output(ROUND) / "绩效运行分析简报.md").read_text(encoding="utf-8")
    assert "与“第二季度”（截至 2020-06-30）相比" in brief
    assert "办公室A01（提高 30.0 个百分点）" in brief  # a change of shares, not "+30.0%"


def test_progress_that_fell_since_the_last_round_is_named(workspace: Workspace) -> None:
    """Progress is cumulative: the brief named the biggest rises and the unchanged, and said
    nothing of K01's A01 falling from 70% to 10%."""
    progress_returns(workspace, "第二季度", {"K01": {"A01": 0.7}})
    run_round(workspace.root, "第二季度", date(2020, 6, 30))
    progress_returns(workspace, ROUND, {"K01": {"A01": 0.1}})
    run_round(workspace.root, ROUND, SEPT_30)
    brief = (workspace.round_output(ROUND) / "绩效运行分析简报.md").read_text(encoding="utf-8")
    assert "进度比上轮回落的 1 项，请核实：办公室A01（回落 60.0 个百分点）" in brief


def test_cli_round(workspace: Workspace) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["templates", "-w", str(workspace.root), "--round", ROUND])
    assert result.exit_code == 0, result.output
    progress_returns(workspace, ROUND, {"K01": {"A01": 0.5}})
    result = runner.invoke(main, ["run", "-w", str(workspace.root), "--round", ROUND,
                                  "--as-of", "2020-09-30", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["round"]["lagging"] == [
        {"section": "K01", "indicator": "A01", "progress": 0.5, "lag": 0.2486}]
    assert (workspace.round_output(ROUND) / "manifest.json").is_file()
    problems = openpyxl.load_workbook(workspace.round_output(ROUND) / "问题清单.xlsx").active
    assert problems["A1"].value == f"测试局2020年度绩效监控问题清单（{ROUND}）"  # not the annual
    # a date as people type it
    again = runner.invoke(main, ["run", "-w", str(workspace.root), "--round", ROUND,
                                 "--as-of", "2020年9月30日", "--json"])
    assert json.loads(again.output)["round"]["lagging"] == report["round"]["lagging"]
    wrong = runner.invoke(main, ["run", "-w", str(workspace.root), "--round", ROUND,
                                 "--as-of", "2020/13/30"])
    assert wrong.exit_code == 2
    assert "“2020/13/30”不是日期，请写成 2020-09-30 或 2020年9月30日 这样的形式。" in wrong.output


def test_cli_round_lists_the_lagging_indicators_for_people(workspace: Workspace) -> None:
    """The table `run --round` prints without --json: by 30 September 74.9% of the year has
    gone, K01's A01 at 50% lags by 24.9 points, everything else at 90% is on time."""
    progress_returns(workspace, ROUND, {"K01": {"A01": 0.5}})
    result = CliRunner().invoke(main, ["run", "-w", str(workspace.root), "--round", ROUND,
                                       "--as-of", "2020-09-30"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "2020-09-30" in lines[0] and "74.9%" in lines[0]
    assert [line.split() for line in lines[1:3]] == [
        ["科室", "编号", "指标", "完成进度", "滞后"], ["办公室", "A01", "党建工作成效", "50%", "24.9%"]]
    assert lines[3].startswith("共读取 3 个文件")  # the table ends there


@pytest.mark.parametrize("name", ["..", "../escape", "/abs", "a/b", ".", "第三季度/", " 第三季度",
                                  "a\tb", "x" * 41, "CON", "nul", "com1.txt", "Q3."])
def test_a_round_name_that_is_no_folder_name_is_refused(workspace: Workspace, name: str
                                                        ) -> None:
    """The round name is a folder under rounds/: `..` wrote into the annual output (its
    manifest and problem list overwritten), `/abs` at the root of the disk."""
    before = sorted(p.relative_to(workspace.root.parent) for p in workspace.root.parent.rglob("*"))
    for command in (["templates"], ["check"], ["run"]):
        result = CliRunner().invoke(main, [*command, "-w", str(workspace.root), "--round", name])
        assert result.exit_code == 2, result.output
        assert "轮次名称" in result.output and "Traceback" not in result.output
    after = sorted(p.relative_to(workspace.root.parent) for p in workspace.root.parent.rglob("*"))
    assert [p for p in after if p.name != LOCK_FILE] == before  # only the command's lock


def test_a_round_that_does_not_exist_is_named_not_created(workspace: Workspace) -> None:
    result = CliRunner().invoke(main, ["check", "-w", str(workspace.root), "--round", "第三李度"])
    assert result.exit_code == 2 and "没有名为“第三李度”的轮次" in result.output
    assert not (workspace.root / "rounds" / "第三李度").exists()


@pytest.mark.parametrize("payload", [
    '{"as_of": "2020-06-30", "round": "第二季度", "progress": "x"}',
    '{"as_of": "2020-06-30", "round": "第二季度", "progress": {"K01": "x"}}',
    '{"as_of": "2020-06-30", "round": "第二季度", "progress": {"K01": {"A01": "NaN"}}}',
    '{"as_of": "2020-06-30", "round": "第二季度", "progress": {"K01": {"A01": "1e999999999"}}}',
    '{"as_of": "2020-06-30", "round": "第二季度", "progress": {"K01": {"A01": "sNaN"}}}',
    '{"as_of": "2020-06-30", "round": "第二季度", "progress": {"K01": null}}',
    "[1, 2]", "", "{not json",
])
def test_a_damaged_progress_file_of_another_round_only_loses_the_comparison(
    tmp_path: Path, payload: str
) -> None:
    """perfxl's own progress.json of an earlier round, edited or cut short, stopped the next
    round's run (AttributeError, decimal.Overflow, NaN written to the workbook)."""
    from perfxl.progress import PROGRESS_FILE, find_previous_round

    good = tmp_path / "rounds" / "第一季度" / "output"
    good.mkdir(parents=True)
    (good / PROGRESS_FILE).write_text(
        '{"as_of": "2020-03-31", "round": "第一季度", "progress": {"K01": {"A01": "0.2"}}}',
        encoding="utf-8")
    damaged = tmp_path / "rounds" / "第二季度" / "output"
    damaged.mkdir(parents=True)
    (damaged / PROGRESS_FILE).write_text(payload, encoding="utf-8")
    damaged_files: list[Path] = []
    previous = find_previous_round(tmp_path / "rounds", "第三季度", date(2020, 9, 30),
                                   damaged_files)
    assert previous is not None and previous.name == "第一季度"
    assert previous.progress == {"K01": {"A01": Decimal("0.2")}}
    assert damaged_files == [damaged / PROGRESS_FILE]


def test_a_damaged_progress_file_of_another_round_is_said(workspace: Workspace) -> None:
    from perfxl.progress import PROGRESS_FILE

    progress_returns(workspace, "第二季度", {})
    run_round(workspace.root, "第二季度", date(2020, 6, 30))
    (workspace.round_output("第二季度") / PROGRESS_FILE).write_text("{", encoding="utf-8")
    progress_returns(workspace, ROUND, {})
    outcome = run_round(workspace.root, ROUND, SEPT_30)
    assert [(i.code, i.file) for i in outcome.issues if i.code == "ROUND_002"] == [
        ("ROUND_002", f"rounds/第二季度/output/{PROGRESS_FILE}")]
    assert outcome.summary.previous is None


def test_an_as_of_date_outside_the_year_is_a_warning(workspace: Workspace) -> None:
    """--as-of 2019-06-30 for 2020 gave a clean report: 0% elapsed, nothing lagging."""
    progress_returns(workspace, ROUND, {})
    outcome = run_round(workspace.root, ROUND, date(2019, 6, 30))
    assert [(i.code, i.value) for i in outcome.issues if i.code == "ROUND_001"] == [
        ("ROUND_001", "2019-06-30")]
    assert not [i for i in run_round(workspace.root, ROUND, SEPT_30).issues
                if i.code == "ROUND_001"]


def test_a_section_with_an_error_still_reported_its_progress(workspace: Workspace) -> None:
    """A return in error beside K01's good progress return made the round call K01 未报送,
    in its workbook and its brief, its progress dropped."""
    progress_returns(workspace, ROUND, {})
    made = build_templates(workspace.root, round_name=ROUND).files[0].workbook
    broken = workspace.round_inbox(ROUND) / "k01-again.xlsx"
    # K01's template sent again, half filled: different, in error (a blank one is ignored)
    fill_progress_template(made, broken, ProgressFilling(progress={"A01": 0.3}))
    outcome = run_round(workspace.root, ROUND, SEPT_30)
    summary = outcome.summary
    assert "K01" in summary.reported and summary.faulty == ("K01",) and not summary.missing
    brief = next(workspace.round_output(ROUND).rglob("*.md")).read_text(encoding="utf-8")
    assert "办公室的进度表有错误" in brief and "未报送 " not in brief
    # next steps only for what there is: no section missing, one in error
    steps = brief.split("四、下步工作")[1]
    assert "进度表有错误的科室请按问题清单更正" in steps and "未报送的科室" not in steps


def test_an_annual_template_in_the_rounds_inbox_is_set_aside(workspace: Workspace) -> None:
    """This workspace's annual template dropped beside K01's progress return (the office's
    slip): it made K01 faulty in the round."""
    progress_returns(workspace, ROUND, {})
    annual = build_templates(workspace.root).files[0].workbook
    shutil.copy(annual, workspace.round_inbox(ROUND) / "k01-annual.xlsx")
    outcome = run_round(workspace.root, ROUND, SEPT_30)
    assert outcome.summary.faulty == () and "K01" in outcome.summary.reported
    assert [(i.code, i.file) for i in outcome.issues if i.code.startswith("RETURN")] == [
        ("RETURN_024", "k01-annual.xlsx")]


def test_a_round_return_rejected_whole_is_faulty_not_missing(workspace: Workspace) -> None:
    """K02's 进度表 made before A02 moved to K01: rejected (RETURN_008), it was 未报送 in the
    round's workbook and brief, and the brief asked K02 to send one, though the CLI said
    有错误."""
    import openpyxl

    progress_returns(workspace, ROUND, {})
    book = openpyxl.load_workbook(workspace.master)
    for row in book["指标"].iter_rows(min_row=2):
        if row[0].value == "A02":
            row[6].value = "K01"
    book.save(workspace.master)
    outcome = run_round(workspace.root, ROUND, SEPT_30)
    assert outcome.check.statuses()["K02"] == "error"
    assert "K02" in outcome.summary.faulty and outcome.summary.missing == ()
    sheet = openpyxl.load_workbook(
        workspace.round_output(ROUND) / f"{ROUND}绩效进度汇总.xlsx")["科室报送"]
    shown = {r[0]: r[2] for r in sheet.iter_rows(min_row=4, values_only=True) if r[0]}
    assert shown["K02"] == "有错误"
    brief = (workspace.round_output(ROUND) / "绩效运行分析简报.md").read_text(encoding="utf-8")
    assert "已报送 3 个（其中" in brief and "法制科" in brief.split("进度表有错误")[0]
    assert "未报送" not in brief.splitlines()[2]
    # nothing read lags, but K02's progress was never read: not "all on time"
    assert "均不低于时序进度" not in brief.replace("已读取的指标完成进度均不低于时序进度", "")
    assert "法制科的进度表有错误，其进度未能全部读取" in brief


def test_a_progress_return_in_the_annual_inbox_is_set_aside(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """K03's 进度表 misfiled in inbox/ beside its good annual return: K03 was left out of
    the ranking, the result provisional, and the section told to fill the template again."""
    from perfxl.pipeline import check

    returns.write_all()
    made = progress_returns(workspace, ROUND, {})
    shutil.copy(workspace.round_inbox(ROUND) / made["K03"].name, workspace.inbox / "K03进度.xlsx")
    result = check(workspace.root)
    assert result.statuses() == {"K01": "ok", "K02": "ok", "K03": "ok"}
    [issue] = [i for i in result.issues if i.file == "K03进度.xlsx"]
    assert issue.code == "RETURN_024" and issue.severity.value == "warning"
    assert f"rounds/{ROUND}/inbox/" in issue.message("zh")


def test_a_return_for_another_round_of_the_workspace_is_set_aside(workspace: Workspace) -> None:
    """A 第二季度 return dropped into 第三季度's inbox: "ask the section to fill the 第三季度
    template" sent it to refill; the office's fix is to move the file."""
    other = progress_returns(workspace, "第二季度", {})
    progress_returns(workspace, ROUND, {}, skip=("K01",))
    shutil.copy(workspace.round_inbox("第二季度") / other["K01"].name,
                workspace.round_inbox(ROUND) / "k01.xlsx")
    outcome = run_round(workspace.root, ROUND, SEPT_30)
    [issue] = [i for i in outcome.issues if i.file == "k01.xlsx"]
    assert issue.code == "RETURN_024" and "rounds/第二季度/inbox/" in issue.message("zh")
    assert "进度监控（第二季度）" in issue.message("zh")
    assert outcome.check.statuses()["K01"] == "missing"


def test_a_round_template_made_before_a_master_change_names_the_rounds_command(
    workspace: Workspace
) -> None:
    import openpyxl

    progress_returns(workspace, ROUND, {})
    book = openpyxl.load_workbook(workspace.master)
    for row in book["指标"].iter_rows(min_row=2):
        if row[0].value == "A02":
            row[4].value = 25
    book.save(workspace.master)
    outcome = run_round(workspace.root, ROUND, SEPT_30)
    [issue] = [i for i in outcome.issues if i.code == "RETURN_007"]
    assert f"perfxl templates --round {ROUND}" in issue.message("zh")


def test_an_as_of_date_not_yet_come_is_said(workspace: Workspace) -> None:
    """--as-of 12-25 typed for 09-25 passed without a word: everything looked behind."""
    import openpyxl

    today = date.today()
    if (today.month, today.day) == (12, 31):
        pytest.skip("no later day in this year")
    book = openpyxl.load_workbook(workspace.master)
    for row in book["设置"].iter_rows(min_row=2):
        if row[0].value == "年度":
            row[1].value = today.year
    book.save(workspace.master)
    progress_returns(workspace, ROUND, {})
    outcome = run_round(workspace.root, ROUND, date(today.year, 12, 31))
    assert [i.code for i in outcome.issues if i.code.startswith("ROUND")] == ["ROUND_003"]


@pytest.mark.parametrize("typed", ["q3", "Ｑ３", "Q 3", "Q3。"])
def test_a_round_named_like_another_but_for_case_is_refused(
    workspace: Workspace, typed: str
) -> None:
    """templates --round q3 beside Q3 made a second round: on a Windows share the same
    folder, Q3's templates overwritten and its returns refused."""
    build_templates(workspace.root, round_name="Q3")
    result = CliRunner().invoke(main, ["templates", "-w", str(workspace.root), "--round", typed])
    assert result.exit_code == 2 and "“Q3”" in result.output
    assert not (workspace.root / "rounds" / typed).exists()


def test_an_indicator_redefined_or_a_code_reused_since_the_last_round_is_not_compared(
    workspace: Workspace
) -> None:
    """A04 renamed with new points, or a section's code given to a new section, between two
    rounds: the old progress was shown as its 上轮进度, without a word."""
    import openpyxl

    progress_returns(workspace, "第二季度", {"K01": {"A01": 0.4}})
    run_round(workspace.root, "第二季度", date(2020, 6, 30))
    book = openpyxl.load_workbook(workspace.master)
    for row in book["指标"].iter_rows(min_row=2):
        if row[0].value == "A01":
            row[3].value, row[4].value = "新的党建指标", 45
    for row in book["科室"].iter_rows(min_row=2):
        if row[0].value == "K02":
            row[1].value = "新设科"
    book.save(workspace.master)
    progress_returns(workspace, ROUND, {"K01": {"A01": 0.7}})
    outcome = run_round(workspace.root, ROUND, SEPT_30)
    [said] = [i for i in outcome.issues if i.code == "ROUND_004"]
    assert "K02" in said.message("zh") and "A01" in said.message("zh")
    lines = {(line.section_code, line.indicator_id): line for line in outcome.summary.lines}
    assert lines[("K01", "A01")].previous is None  # redefined: no 上轮进度
    assert all(line.previous is None for key, line in lines.items() if key[0] == "K02")
    assert lines[("K01", "B01")].previous is not None  # unchanged ones still compared


def test_the_round_command_says_what_the_round_found(workspace: Workspace) -> None:
    """ROUND_001 (an as-of date outside the year) was only counted on the terminal, and a
    round with nothing behind printed the table's header over no rows."""
    progress_returns(workspace, ROUND, {})
    result = CliRunner().invoke(main, ["run", "-w", str(workspace.root), "--round", ROUND,
                                       "--as-of", "2021-09-30"])
    assert "ROUND_001" in result.output and "2021-09-30" in result.output
    result = CliRunner().invoke(main, ["run", "-w", str(workspace.root), "--round", ROUND,
                                       "--as-of", SEPT_30.isoformat()])
    assert "没有进度落后于时序进度的指标" in result.output  # every one at 90%, the year at 75%
    assert "滞后\n" not in result.output


def test_a_round_run_in_the_other_language_leaves_no_earlier_results_behind(
    workspace: Workspace
) -> None:
    """A round run in Chinese and again in English: beside the new progress workbook and
    brief, the Chinese ones (last week's figures) would pass for this run's results."""
    progress_returns(workspace, ROUND, {})
    output = workspace.round_output(ROUND)

    def names() -> set[str]:
        return {path.name for path in output.iterdir()}

    run_round(workspace.root, ROUND, SEPT_30, lang="zh")
    chinese = {f"{ROUND}绩效进度汇总.xlsx", *(f"绩效运行分析简报{s}" for s in (".md", ".html", ".docx"))}
    assert chinese <= names()
    run_round(workspace.root, ROUND, SEPT_30, lang="en")
    english = {f"{ROUND}_progress.xlsx", *(f"progress brief{s}" for s in (".md", ".html", ".docx"))}
    assert english <= names() and not chinese & names()
    run_round(workspace.root, ROUND, SEPT_30, lang="zh")
    assert chinese <= names() and not english & names()


def test_an_empty_round_name_is_refused_not_taken_for_the_annual(workspace: Workspace) -> None:
    """`--round "$ROUND"` with $ROUND unset regenerated the annual templates and rewrote the
    annual results; `run --as-of` without --round ran the annual assessment unsaid."""
    for command in (["templates"], ["check"], ["status"], ["run"], ["run", "--as-of", "2020-09-30"]):
        result = CliRunner().invoke(main, [*command, "-w", str(workspace.root), "--round", ""])
        assert result.exit_code == 2, (command, result.output)
        assert "轮次名称“”为空" in result.output
    assert not (workspace.output / "templates").exists()
    assert not (workspace.output / "manifest.json").exists()
    result = CliRunner().invoke(main, ["run", "-w", str(workspace.root), "--as-of", "2020-09-30"])
    assert result.exit_code == 2 and "--as-of 用于监控轮次，须与 --round 一起使用" in result.output
    assert not (workspace.output / "manifest.json").exists()


def test_a_mistyped_round_is_told_the_rounds_there_are(workspace: Workspace) -> None:
    def refusal(name: str) -> str:
        result = CliRunner().invoke(main, ["run", "-w", str(workspace.root), "--round", name])
        assert result.exit_code == 2
        return result.output

    assert "工作区中还没有任何轮次" in refusal("第三季度")
    build_templates(workspace.root, round_name="第三季度")
    build_templates(workspace.root, round_name="Q4")
    assert "工作区中的轮次：Q4、第三季度。" in refusal("第3季度")
    assert "工作区中有轮次“Q4”" in refusal("q4") and "--round Q4。" in refusal("q4")
    assert not (workspace.root / "rounds" / "q4").exists()


def test_a_round_nobody_reported_in_is_not_all_on_time(workspace: Workspace) -> None:
    build_templates(workspace.root, round_name=ROUND)
    result = CliRunner().invoke(main, ["run", "-w", str(workspace.root), "--round", ROUND,
                                       "--as-of", "2020-09-30"])
    assert "本轮还没有可用的进度报送" in result.output and "没有进度落后" not in result.output
    brief = (workspace.round_output(ROUND) / "绩效运行分析简报.md").read_text(encoding="utf-8")
    assert "本轮还没有可用的进度报送" in brief and "均不低于时序进度" not in brief


def test_a_lag_too_small_to_show_is_no_lag() -> None:
    """24.85% against 24.86% elapsed was listed as lagging, shown "24.9% 24.9% 0.0%"."""
    from perfxl.progress import ProgressLine

    def line(progress: str) -> ProgressLine:
        return ProgressLine("K01", "办公室", "A01", "党建", Decimal(40), Decimal(progress),
                            Decimal("0.2486"), "", "", "")

    assert not line("0.2485").lagging and not line("0.2482").lagging
    assert line("0.2481").lagging and line("0.2").lagging


def test_the_previous_round_is_one_with_progress_on_a_day_of_its_own(
        workspace: Workspace) -> None:
    """A round run with no returns hid the real previous round (compared with nothing); of
    two rounds measured on one day, one was taken by its name's code points, unsaid; a
    round run again for another day moved under the later rounds, unsaid."""
    progress_returns(workspace, "第二季度", {"K01": {"A01": 0.4}})
    run_round(workspace.root, "第二季度", date(2020, 6, 30))
    build_templates(workspace.root, round_name="补报")
    run_round(workspace.root, "补报", date(2020, 8, 31))  # nobody sent anything
    progress_returns(workspace, ROUND, {"K01": {"A01": 0.7}})
    outcome = run_round(workspace.root, ROUND, SEPT_30)
    assert outcome.summary.previous is not None
    assert outcome.summary.previous.name == "第二季度"
    assert not [i for i in outcome.issues if i.code in ("ROUND_005", "ROUND_006")]
    progress_returns(workspace, "上半年", {"K01": {"A01": 0.5}})
    run_round(workspace.root, "上半年", date(2020, 6, 30))
    outcome = run_round(workspace.root, ROUND, SEPT_30)
    [tie] = [i for i in outcome.issues if i.code == "ROUND_005"]
    assert dict(tie.params)["as_of"] == "2020-06-30"
    assert {dict(tie.params)["previous"], dict(tie.params)["others"].text("zh")} == {
        "第二季度", "“上半年”"}
    assert "轮次“第二季度”和“上半年”的截至日期都是 2020-06-30" in tie.message("zh")
    result = CliRunner().invoke(main, ["run", "-w", str(workspace.root), "--round", ROUND,
                                       "--as-of", "2020-10-10"])
    assert "ROUND_006" in result.output and "--as-of 2020-09-30" in result.output


def test_a_rounds_feedback_folder_linked_elsewhere_is_refused(
        workspace: Workspace, tmp_path: Path) -> None:
    """rounds/…/output/feedback a symbolic link to a folder elsewhere: `run --round` emptied
    that folder's workbooks (check --round and the annual run refused it)."""
    progress_returns(workspace, ROUND, {"K02": {"A01": "无"}}, skip=("K01", "K03"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "重要表格.xlsx").write_bytes(b"keep")
    output = workspace.round_output(ROUND)
    output.mkdir(parents=True, exist_ok=True)
    (output / "feedback").symlink_to(elsewhere)
    result = CliRunner().invoke(main, ["run", "-w", str(workspace.root), "--round", ROUND,
                                       "--as-of", "2020-09-30"])
    assert result.exit_code == 2 and "符号链接" in result.output
    assert (elsewhere / "重要表格.xlsx").read_bytes() == b"keep"


def test_a_whole_percentage_typed_as_a_number_is_told_how_it_shows(workspace: Workspace) -> None:
    """75 typed into the percentage cell shows as 7500%: the hint says why; 1.2 ("120%"
    typed) and a computed 100.01% get no such hint."""
    progress_returns(workspace, ROUND, {"K02": {"A01": 75, "A02": 1.2}}, skip=("K01", "K03"))
    outcome = run_round(workspace.root, ROUND, SEPT_30)
    hints = {i.cell: "7500%" in i.fix("zh") for i in outcome.issues if i.code == "PROGRESS_003"}
    assert hints == {"D3": True, "D4": False}


def test_round_templates_filled_in_place_are_kept_and_sent_to_the_rounds_inbox(
        workspace: Workspace) -> None:
    """The refusal told to move a filled progress template to inbox/, where it is refused
    as another collection's (RETURN_024): the round's inbox is named, and 进度表."""
    made = build_templates(workspace.root, round_name=ROUND).files[0].workbook
    fill_progress_template(made, made, ProgressFilling(progress={"A01": 0.3}))
    result = CliRunner().invoke(main, ["templates", "-w", str(workspace.root),
                                       "--round", ROUND])
    assert result.exit_code == 2
    assert f"已填好的进度表请移到 rounds/{ROUND}/inbox/" in result.output
