"""The command line: exit codes, messages without tracebacks, language switch."""

from __future__ import annotations

import email
import errno
import json
import os
import re
import shutil
import subprocess
import sys
from email import policy
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from perfxl import click_text, i18n
from perfxl.cli import hoist_language, main
from perfxl.click_text import terminal_width
from perfxl.issues import PerfxlError
from perfxl.master import load_master
from perfxl.master_writer import write_deductions
from perfxl.workspace import Workspace
from tests.conftest import ReturnFactory


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_init_sample_then_templates(tmp_path: Path) -> None:
    code, out = invoke("init", str(tmp_path / "ws"), "--sample", "longyan-2020")
    assert code == 0, out
    ws = Workspace(tmp_path / "ws")
    for folder in (ws.inbox, ws.output, ws.archive, ws.templates):
        assert folder.is_dir()
    code, out = invoke("templates", "-w", str(ws.root))
    assert code == 0, out
    folder = ws.output / "templates"
    assert len(list(folder.glob("*.xlsx"))) == 13  # 12 templates + the send list
    master, _ = load_master(ws.master)
    assert len(list(folder.glob("*.eml"))) == 12
    for section in master.sections:
        rows = [i.id for i in master.indicators_for(section.code)]
        template = next(folder.glob(f"{section.code}_*.xlsx"))
        sheet = openpyxl.load_workbook(template)["自评表"]
        found = {r[0]: r[4] for r in sheet.iter_rows(min_row=3, values_only=True) if r[0]}
        assert list(found) == rows
        assert all(found[i.id] == i.points for i in master.indicators_for(section.code))


def test_sample_master_totals(tmp_path: Path) -> None:
    invoke("init", str(tmp_path / "ws"), "--sample", "longyan-2020")
    master, warnings = load_master(tmp_path / "ws" / "master.xlsx")
    assert warnings == []
    totals: dict[str, tuple[int, int]] = {}
    for indicator in master.indicators:
        count, points = totals.get(indicator.subcategory, (0, 0))
        totals[indicator.subcategory] = (count + 1, points + int(indicator.points))
    assert totals == {"规定指标": (20, 540), "自选指标": (12, 100), "争先创优指标": (8, 200)}
    assert len(master.sections) == 12


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    assert invoke("init", str(tmp_path / "ws"))[0] == 0
    before = (tmp_path / "ws" / "master.xlsx").read_bytes()
    code, out = invoke("init", str(tmp_path / "ws"), "--sample", "longyan-2020")
    assert code == 2 and "Traceback" not in out
    assert "已是工作区" in out
    assert (tmp_path / "ws" / "master.xlsx").read_bytes() == before


def test_an_unknown_sample_names_the_samples_there_are(tmp_path: Path) -> None:
    code, out = invoke("init", str(tmp_path / "ws"), "--sample", "nowhere-1999")
    assert code == 2 and "Traceback" not in out
    assert "nowhere-1999" in out and "longyan-2020" in out
    assert not (tmp_path / "ws").exists()


def test_demo_refuses_a_folder_it_did_not_make_and_touches_nothing(tmp_path: Path) -> None:
    """`perfxl demo DIR` deletes DIR to rebuild a demo there: only a folder a demo made."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "工作底稿.xlsx").write_bytes(b"not a demo")
    code, out = invoke("demo", str(folder))
    assert code == 2 and "不是演示目录" in out
    assert [p.name for p in folder.iterdir()] == ["工作底稿.xlsx"]
    assert (folder / "工作底稿.xlsx").read_bytes() == b"not a demo"


def test_demo_rebuilds_a_folder_it_made_and_nothing_else(tmp_path: Path) -> None:
    """A second `perfxl demo` deleted the folder whole: a real return tried in its inbox,
    a folder of notes beside it, gone without a word."""
    folder = tmp_path / "demo"
    assert invoke("demo", str(folder))[0] == 0
    assert invoke("check", "-w", str(folder))[0] in (0, 1)  # outputs written again: the same
    (folder / "我的文件").mkdir()
    (folder / "我的文件" / "笔记.txt").write_text("important")
    code, out = invoke("demo", str(folder))
    assert code == 2 and "笔记.txt" in out and "未重建演示" in out
    assert (folder / "我的文件" / "笔记.txt").read_text() == "important"
    shutil.rmtree(folder / "我的文件")
    code, out = invoke("demo", str(folder))
    assert code == 0, out
    assert "先前的演示已被替换" in out and (folder / "output" / "manifest.json").is_file()


def test_demo_leaves_a_demo_folder_alone_while_a_command_works_there(tmp_path: Path) -> None:
    """`perfxl demo DIR` while `perfxl run -w DIR` was at work deleted the folder under it,
    leaving neither a workspace nor a demo. Now the demo is refused, as a second command is."""
    from perfxl.demo import MARKER, prepare_demo_folder
    from perfxl.workspace import workspace_lock

    folder = tmp_path / "demo"
    assert invoke("init", str(folder), "--sample", "longyan-2020")[0] == 0
    (folder / MARKER).write_text("")
    with workspace_lock(folder):
        before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
        with pytest.raises(PerfxlError) as refused:
            prepare_demo_folder(folder)
        assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before
    assert refused.value.key == "fatal.workspace_busy"


def test_blank_master_has_headers_and_defaults(tmp_path: Path) -> None:
    invoke("init", str(tmp_path / "ws"))
    book = openpyxl.load_workbook(tmp_path / "ws" / "master.xlsx")
    assert [c.value for c in book["指标"][1]] == [
        "编号", "类别", "子类", "指标名称", "分值", "评分标准", "责任科室", "佐证材料要求", "备注"]
    assert [c.value for c in book["科室"][1]] == ["代码", "名称", "负责人", "联系人", "邮箱", "人数"]
    assert all(c.comment for c in book["指标"][1])
    settings = {r[0]: r[1] for r in book["设置"].iter_rows(min_row=2, values_only=True)}
    assert settings["基础指标折算分"] == 640 and settings["优秀比例"] == 0.2  # numbers, not text
    assert settings["工作区标识"]


def test_bad_master_exits_2_with_every_problem(workspace: Workspace) -> None:
    book = openpyxl.load_workbook(workspace.master)
    sheet = book["指标"]
    sheet["A3"] = "A01"
    sheet["G4"] = "K09"
    sheet["E5"] = "二十"
    book.save(workspace.master)
    code, out = invoke("templates", "-w", str(workspace.root))
    assert code == 2
    assert "Traceback" not in out
    for cell, code_name in (("A3", "MASTER_004"), ("G4", "MASTER_008"), ("E5", "MASTER_005")):
        assert f"{code_name} master.xlsx › 指标 › {cell}" in out


def test_missing_master_exits_2(tmp_path: Path) -> None:
    code, out = invoke("templates", "-w", str(tmp_path))
    assert code == 2 and "perfxl init" in out and "Traceback" not in out


def test_english_switch(workspace: Workspace) -> None:
    code, out = invoke("--lang", "en", "templates", "-w", str(workspace.root))
    assert code == 0 and "Wrote 3 templates" in out
    names = [p.name for p in (workspace.output / "templates").glob("*.xlsx")]
    assert "K01_办公室_2020_self_assessment.xlsx" in names


def test_templates_deadline_reaches_the_guide_and_the_draft(workspace: Workspace) -> None:
    """What a given deadline replaces is tested in test_template_writer; here, that the
    command hands it on."""
    code, out = invoke("templates", "-w", str(workspace.root), "--deadline", "2021-02-15")
    assert code == 0, out
    folder = workspace.output / "templates"
    guide = openpyxl.load_workbook(next(folder.glob("K01_*.xlsx")))["填报说明"]
    assert "2021-02-15" in [c.value for row in guide.iter_rows() for c in row]
    draft = email.message_from_bytes(next(folder.glob("K01_*.eml")).read_bytes(),
                                     policy=policy.default)
    assert "2021年2月15日" in str(draft["Subject"])


def test_a_usage_mistake_is_explained_in_chinese_by_default() -> None:
    code, out = invoke("status", "--bogus")
    assert code == 2
    assert "错误：没有选项 '--bogus'。" in out
    assert "请运行 'main status --help' 查看用法。" in out  # prog name as CliRunner gives it
    code, out = invoke("check", "-w")
    assert code == 2 and "选项 '-w' 后面需要一个值。" in out


def test_a_workspace_given_without_w_is_shown_how_to_give_it(tmp_path: Path) -> None:
    """`perfxl run 2020`, typed as one types `perfxl init 2020`, said only 多出了参数."""
    invoke("init", str(tmp_path / "ws"), "--sample", "longyan-2020")
    code, out = invoke("status", str(tmp_path / "ws"))
    assert code == 2
    assert f"多出了参数：{tmp_path / 'ws'}。要在工作区 {tmp_path / 'ws'} 中运行，请写：" in out
    assert f"status -w {tmp_path / 'ws'}" in out
    code, out = invoke("init", str(tmp_path / "a"), "b")
    assert code == 2 and "多出了参数：b。" in out and not (tmp_path / "a").exists()


def test_a_usage_mistake_is_explained_in_english_on_request() -> None:
    for args in (("--lang", "en", "status", "--bogus"), ("status", "--bogus", "--lang=en")):
        code, out = invoke(*args)
        assert code == 2
        assert "Error: No such option '--bogus'." in out


def test_help_follows_the_language() -> None:
    """In a process of its own, as users run it (help texts are set up once per process)."""
    def shown(*args: str) -> str:
        return subprocess.run([sys.executable, "-m", "perfxl", *args], capture_output=True,
                              text=True, encoding="utf-8", check=True).stdout

    chinese, english = shown("--help"), shown("status", "--help", "--lang", "en")
    assert "选项" in chinese and "显示本帮助并退出。" in chinese and "报送情况" in chinese
    assert "Options" in english and "Show this message and exit." in english
    assert "显示" not in english


def test_chinese_help_is_chinese_and_lines_up_on_a_narrow_terminal() -> None:
    """Usage words in Chinese, the help column where the eye expects it although Chinese
    characters take two columns, and no line past the terminal's edge."""
    shown = subprocess.run([sys.executable, "-m", "perfxl", "templates", "--help"],
                           capture_output=True, text=True, encoding="utf-8", check=True,
                           env={**os.environ, "COLUMNS": "50", "PERFXL_LANG": "zh"}).stdout
    assert re.match(r"用法：.*perfxl templates\s+\[选项\]\n", shown)
    assert "选项：\n" in shown
    assert not {"OPTIONS", "TEXT", "%Y"} & set(re.findall(r"[A-Z%][A-Za-z]+", shown))
    rows = [line for line in shown.splitlines() if line.startswith("  -")]
    columns = {terminal_width(re.match(r"\s*\S.*?\s{2,}", row)[0]) for row in rows}  # type: ignore[index]
    assert len(rows) == 5 and len(columns) == 1
    options = shown[shown.index("选项：\n"):]
    continued = [line for line in options.splitlines() if line.startswith(" " * 10)]
    assert continued and {len(line) - len(line.lstrip()) for line in continued} == columns
    assert max(terminal_width(line.rstrip("，。）")) for line in shown.splitlines()) <= 50


def test_wrapping_chinese_keeps_words_and_closing_marks() -> None:
    text = "邮件草稿要求的报送截止日期（YYYY-MM-DD），代替设置中的截止日期"
    lines = click_text.wrap_text(text, width=20).splitlines()
    assert "".join(lines) == text
    assert any("YYYY-MM-DD" in line for line in lines)
    assert not any(line[0] in "，）。" for line in lines)
    assert click_text.wrap_text("plain English text", width=10) == "plain\nEnglish\ntext"


def test_init_without_a_folder_shows_how_to_name_one() -> None:
    code, out = invoke("init")
    assert code == 2 and "请写出要创建的工作区文件夹，例如：perfxl init" in out
    code, out = invoke("--lang", "en", "init")
    assert code == 2 and "Name the workspace folder to create" in out


def test_lang_may_come_after_the_command(tmp_path: Path) -> None:
    """`perfxl status --lang en` is `perfxl --lang en status`."""
    invoke("init", str(tmp_path / "ws"), "--sample", "longyan-2020")
    before = invoke("--lang", "en", "status", "-w", str(tmp_path / "ws"))
    after = invoke("status", "-w", str(tmp_path / "ws"), "--lang", "en")
    assert before == after
    assert before[1].splitlines()[0].split() == [
        "Code", "Section", "Status", "Errors", "Warnings", "Contact", "Email"]


def test_hoist_language() -> None:
    assert hoist_language(["status", "--lang", "en", "-w", "x"]) == [
        "--lang", "en", "status", "-w", "x"]
    assert hoist_language(["--lang", "en", "status"]) == ["--lang", "en", "status"]
    assert hoist_language(["check", "--lang=en"]) == ["--lang=en", "check"]
    assert hoist_language(["check", "--", "--lang", "en"]) == ["check", "--", "--lang", "en"]
    assert hoist_language(["--help"]) == ["--help"]


def test_a_master_saved_as_xls_is_named_with_the_way_to_fix_it(workspace: Workspace) -> None:
    """Only master.xls in the workspace: "run perfxl init" would have made a new, empty one."""
    workspace.master.rename(workspace.master.with_suffix(".xls"))
    code, out = invoke("check", "-w", str(workspace.root))
    assert code == 2
    assert "主表须为 master.xlsx，但工作区中只有 master.xls" in out and "perfxl init" not in out


def test_an_output_folder_taken_by_a_file_is_a_message_not_a_traceback(
    workspace: Workspace,
) -> None:
    (workspace.output / "templates").unlink(missing_ok=True)
    (workspace.output / "templates").write_text("x")
    code, out = invoke("templates", "-w", str(workspace.root))
    assert code == 2 and "是一个文件" in out and "templates" in out and "Traceback" not in out


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_outputs_are_readable_by_the_office_as_the_umask_allows(workspace: Workspace) -> None:
    """Outputs were written 0600 (as mkstemp makes them): private to whoever ran perfxl, on
    what is often a shared office folder."""
    import os

    previous = os.umask(0o022)
    try:
        code, _out = invoke("templates", "-w", str(workspace.root))
    finally:
        os.umask(previous)
    assert code == 0
    for path in (workspace.output / "templates").iterdir():
        assert path.stat().st_mode & 0o777 == 0o644, path


def test_a_closed_output_pipe_ends_quietly(tmp_path: Path) -> None:
    """`perfxl check | head -1`: once the reader has gone, perfxl stops without a word
    (no "cannot write" message, no traceback) with the status a shell shows for SIGPIPE."""
    invoke("init", str(tmp_path / "ws"), "--sample", "longyan-2020")
    process = subprocess.Popen([sys.executable, "-m", "perfxl", "check", "-w",
                                str(tmp_path / "ws")], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before perfxl has written anything: it starts in ~1 s
    errors = process.stderr.read()
    assert process.wait() == 141
    assert errors == b""


def test_a_second_command_in_a_busy_workspace_is_refused(tmp_path: Path) -> None:
    """Two commands at once cleared and filled the same output folders under each other
    (a return unpacked by one was deleted by the other and reported unreadable)."""
    from perfxl.workspace import workspace_lock

    invoke("init", str(tmp_path / "ws"), "--sample", "longyan-2020")
    with workspace_lock(tmp_path / "ws"):
        probe = subprocess.run([sys.executable, "-m", "perfxl", "status", "-w",
                                str(tmp_path / "ws")], capture_output=True, text=True,
                               encoding="utf-8")
    assert probe.returncode == 2
    assert probe.stderr.strip() == (f"无法运行：另一个 perfxl 命令（进程 {os.getpid()}）正在使用"
                                    f"工作区 {tmp_path / 'ws'}，请等它结束后再运行。")
    assert invoke("status", "-w", str(tmp_path / "ws"))[0] == 0  # free again


def test_a_system_naming_files_in_ascii_is_refused_by_every_command(tmp_path: Path) -> None:
    """LC_ALL=POSIX with Python's UTF-8 mode off: `check` stopped at the first Chinese name,
    but `status` read UTF-8 folder names as GB18030 mojibake, its evidence "not sent"."""
    invoke("init", str(tmp_path / "ws"), "--sample", "longyan-2020")
    environment = {**os.environ, "PYTHONUTF8": "0", "LC_ALL": "POSIX", "LANG": "POSIX"}
    for command in (["status", "-w", str(tmp_path / "ws")], ["review", "-w", str(tmp_path / "ws")]):
        probe = subprocess.run([sys.executable, "-m", "perfxl", *command], capture_output=True,
                               env=environment)
        assert probe.returncode == 2
        assert "LANG=C.UTF-8" in probe.stderr.decode("utf-8")


def test_a_share_without_locks_runs_the_command_unguarded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On NFS without lock support (ENOLCK) or some SMB shares (EOPNOTSUPP), every command
    stopped: "操作系统报告错误：No locks available。请检查磁盘空间和文件夹权限"."""
    import errno
    import fcntl

    invoke("init", str(tmp_path / "ws"), "--sample", "longyan-2020")

    def no_locks(*_args: object) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    code, output = invoke("status", "-w", str(tmp_path / "ws"))
    assert code == 0, output


def test_what_a_killed_command_left_half_written_is_swept_by_the_next(tmp_path: Path) -> None:
    """A run killed outright (power lost) left output/.perfxl-23377-5.xlsx for good, a
    stray workbook where Windows does not hide dot files; and xlsxwriter's row files piled
    up in the system's temporary folder."""
    invoke("init", str(tmp_path / "ws"), "--sample", "longyan-2020")
    output, archive = tmp_path / "ws" / "output", tmp_path / "ws" / "archive"
    (archive / "ab").mkdir(parents=True)
    left = [output / ".perfxl-23377-5.xlsx", archive / ".perfxl-23377-1",
            archive / "ab" / ".perfxl-23377-2.xlsx"]
    for path in left:
        path.write_bytes(b"half")
    (output / ".perfxl-scratch-x1").mkdir()
    (output / ".perfxl-scratch-x1" / "tmpab12").write_bytes(b"<row>")
    (output / "templates").mkdir()  # one folder down, as every output folder is swept
    left.append(output / "templates" / ".perfxl-23377-9.xlsx")
    left[-1].write_bytes(b"half")
    left.append(tmp_path / "ws" / ".perfxl-23377-8.xlsx")  # init's own, at the root
    left[-1].write_bytes(b"half")
    kept = [output / "mine.txt", archive / "ab" / "ab12.xlsx", tmp_path / "ws" / ".perfxl-demo"]
    for path in kept:
        path.write_bytes(b"not perfxl's temporary")
    assert invoke("check", "-w", str(tmp_path / "ws"))[0] in (0, 1)
    assert not any(path.exists() for path in left)
    assert not (output / ".perfxl-scratch-x1").exists()
    assert all(path.read_bytes() == b"not perfxl's temporary" for path in kept)


def test_a_command_in_a_folder_that_is_no_workspace_leaves_nothing_there(
    tmp_path: Path
) -> None:
    """`perfxl status` run in inbox/ by mistake left .perfxl.lock there, which every later
    check then reported as a file it could not read."""
    invoke("init", str(tmp_path / "ws"), "--sample", "longyan-2020")
    inbox = tmp_path / "ws" / "inbox"
    code, out = invoke("status", "-w", str(inbox))
    assert code == 2 and f"找不到主表 {inbox / 'master.xlsx'}。这里似乎是工作区 {tmp_path / 'ws'}" in out
    assert list(inbox.iterdir()) == []
    (inbox / ".perfxl.lock").write_text("123\n")  # left by an older perfxl
    code, out = invoke("check", "-w", str(tmp_path / "ws"))
    assert ".perfxl.lock" not in out and "跳过临时文件 1 个" in out


def test_perfxl_lang_switches_everything(tmp_path: Path) -> None:
    """PERFXL_LANG=en switched only click's own help and usage texts; the commands spoke
    Chinese. A value that is no language was ignored without a word."""
    invoke("init", str(tmp_path / "ws"), "--sample", "longyan-2020")
    english = CliRunner().invoke(main, ["status", "-w", str(tmp_path / "ws")],
                                 env={"PERFXL_LANG": "en"})
    assert english.output.splitlines()[0].split()[:3] == ["Code", "Section", "Status"]
    wrong = CliRunner().invoke(main, ["status", "-w", str(tmp_path / "ws")],
                               env={"PERFXL_LANG": "fr"})
    assert wrong.exit_code == 2
    assert "错误：PERFXL_LANG 的值无效：“fr”不是可用的语言，请用 zh 或 en。" in wrong.output
    flag = CliRunner().invoke(main, ["--lang", "zh", "status", "-w", str(tmp_path / "ws")],
                              env={"PERFXL_LANG": "en"})
    assert flag.output.startswith("科室代码")  # the option wins over the environment


def test_a_wrong_lang_option_is_blamed_on_the_option(workspace: Workspace) -> None:
    """The same value from PERFXL_LANG names PERFXL_LANG (above)."""
    code, out = invoke("--lang", "fr", "status", "-w", str(workspace.root))
    assert code == 2
    assert "错误：'--lang' 的值无效：“fr”不是可用的语言，请用 zh 或 en。" in out


def test_a_system_that_cannot_name_files_in_chinese_is_told_so(tmp_path: Path) -> None:
    """With an ASCII file-name encoding (LC_ALL=C without Python's UTF-8 mode) writing the
    first Chinese file name ended in a traceback."""
    invoke("init", str(tmp_path / "ws"), "--sample", "longyan-2020")
    environment = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-m", "perfxl", "templates", "-w",
                             str(tmp_path / "ws")], capture_output=True, text=True,
                            encoding="utf-8", env=environment)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "LANG=C.UTF-8" in result.stderr


def test_no_color_is_respected(tmp_path: Path) -> None:
    invoke("init", str(tmp_path / "ws"), "--sample", "longyan-2020")
    (tmp_path / "ws" / "inbox" / "K01.xlsx").write_bytes(b"")  # one section in error
    coloured = CliRunner().invoke(main, ["status", "-w", str(tmp_path / "ws")], color=True)
    plain = CliRunner().invoke(main, ["status", "-w", str(tmp_path / "ws")], color=True,
                               env={"NO_COLOR": "1"})
    assert "\x1b[" in coloured.output and "\x1b[" not in plain.output
    dumb = CliRunner().invoke(main, ["status", "-w", str(tmp_path / "ws")], color=True,
                              env={"TERM": "dumb"})
    assert "\x1b[" not in dumb.output
    # a row shown in no colour ends in no reset code either
    assert all("\x1b[0m" not in line for line in coloured.output.splitlines()
               if "\x1b[3" not in line)


def test_a_line_shown_in_no_colour_ends_in_no_reset_code(
        workspace: Workspace, returns: ReturnFactory) -> None:
    """Every `status` row and each [提示] line of `check` ended in "\x1b[0m", coloured or not."""
    returns.write("K01")
    (workspace.inbox / "K02.xlsx").write_bytes(b"")
    for command in ("status", "check"):
        shown = CliRunner().invoke(main, [command, "-w", str(workspace.root)], color=True)
        plain = [line for line in shown.output.splitlines() if "\x1b[3" not in line]
        assert any(line.startswith("K01") for line in plain) or command == "check"
        assert all("\x1b[" not in line for line in plain), shown.output


def test_run_table_flags_sections_tied_across_the_quota(
    workspace: Workspace, returns: ReturnFactory
) -> None:
    """Full marks, no deductions: K01 and K02 tie at 640 + 20 (C01) = 660 for the one 优秀
    place of three sections, so both are held back; K03 (640, no C01) may not jump them."""
    write_deductions(workspace.deductions, [])
    for section in returns.master.sections:
        filling = returns.filling(section.code)
        filling.scores = {i.id: float(i.points)
                          for i in returns.master.indicators_for(section.code)}
        returns.write(section.code, filling=filling)
    code, out = invoke("run", "-w", str(workspace.root))
    assert code == 0, out
    rows = {line.split()[1]: line for line in out.splitlines()
            if line.split()[1:2] in (["K01"], ["K02"], ["K03"])}
    assert ["并列暂缓评优" in rows[c] for c in ("K01", "K02", "K03")] == [True, True, False]
    assert all(" 良好 " in row for row in rows.values())  # the 优秀 place left empty


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_help_to_a_full_disk_is_one_line() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "perfxl", "--help"], stdout=full,
                                stderr=subprocess.PIPE, text=True, encoding="utf-8")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_english_messages_name_what_an_english_workspace_shows(tmp_path: Path) -> None:
    """English messages named Chinese settings ('优秀线'), report parts ('总体情况'), sheets
    and columns (核定说明, 扣分登记) that an English workspace does not show."""
    import string

    from perfxl import i18n

    for code, (_severity, _zh, _zh_fix, en, en_fix) in i18n.ISSUES.items():
        literal = "".join(text for text, *_ in string.Formatter().parse(en + en_fix))
        assert not any("\u4e00" <= char <= "\u9fff" for char in literal), code
    from perfxl.issues import make_issue
    from perfxl.master import _SETTING_LABELS

    issue = make_issue("MASTER_013", key=_SETTING_LABELS["excellent_line"], value="high",
                       kind=i18n.Localized("比例", "a ratio"), example="0.9")
    assert "'Excellent line'" in issue.message("en") and "优秀线" in issue.message("zh")


def test_an_english_workspace_says_why_it_cannot_run_in_english(tmp_path: Path) -> None:
    """Without --lang, a command that stops says why in the workspace's language (its
    master's 语言), as it would have spoken had it run: a blank English workspace's
    `templates`, and a working one's `run --round` of a round that does not exist, spoke
    Chinese."""
    blank = tmp_path / "blank"
    assert invoke("--lang", "en", "init", str(blank))[0] == 0
    code, out = invoke("templates", "-w", str(blank))
    assert code == 2
    assert out.startswith("Cannot run") and not re.search(r"[\u4e00-\u9fff]{3}", out), out
    sample = tmp_path / "sample"
    assert invoke("--lang", "en", "init", str(sample), "--sample", "longyan-2020")[0] == 0
    code, out = invoke("run", "-w", str(sample), "--round", "nosuch")
    assert code == 2 and out.startswith("Cannot run"), out
    code, out = invoke("--lang", "zh", "run", "-w", str(sample), "--round", "nosuch")
    assert code == 2 and out.startswith("无法运行"), out  # --lang still wins
    code, out = invoke("init", str(tmp_path / "next"), "--from", str(sample))
    assert code == 0 and i18n.t("cli.init.done", "en", path=tmp_path / "next") in out, out


@pytest.mark.parametrize("blocked", ["archive", "output"])
def test_a_file_where_a_workspace_folder_goes_is_named(
    workspace: Workspace, returns: ReturnFactory, blocked: str
) -> None:
    """archive/ or output/ made a file: the message named archive/4c or output/问题清单.xlsx
    with "File exists" untranslated, not the file in the way."""
    returns.write("K01")
    folder = workspace.root / blocked
    shutil.rmtree(folder, ignore_errors=True)
    folder.write_text("")
    code, out = invoke("check", "-w", str(workspace.root))
    assert code == 2
    assert f"{folder} 是一个文件" in out and "File exists" not in out, out


def test_an_error_while_stopping_never_silences_the_message(tmp_path: Path) -> None:
    """Path.is_dir raises on a path too long (or a folder not to be looked into): raised
    while the message was being made, it left exit status 2 and nothing said."""
    from perfxl.workspace import not_writable

    too_long = tmp_path / ("长" * 200) / "问题清单.xlsx"
    problem = not_writable(too_long, OSError(errno.ENAMETOOLONG, "File name too long"))
    assert "路径较短" in problem.message("zh") and "Excel" not in problem.message("zh")
    full = not_writable(tmp_path / "x.xlsx", OSError(errno.ENOSPC, "No space left"))
    assert "磁盘空间不足" in full.message("zh") and "Excel" not in full.message("zh")
    locked = not_writable(tmp_path / "x.xlsx", PermissionError(errno.EACCES, "denied"))
    assert "Excel" in locked.message("zh")


def test_json_is_printed_when_a_command_cannot_run(tmp_path: Path) -> None:
    """--json printed nothing on stdout at exit 2 (no master, a busy workspace …): a script
    parsing it got no JSON at all. It gets the error, and the master's problems."""
    result = CliRunner().invoke(main, ["check", "-w", str(tmp_path), "--json"])
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "fatal.no_master" and str(tmp_path) in error["message"]
    assert invoke("init", str(tmp_path / "blank"))[0] == 0
    result = CliRunner().invoke(main, ["status", "-w", str(tmp_path / "blank"), "--json"])
    error = json.loads(result.stdout)["error"]
    assert result.exit_code == 2 and error["code"] == "cli.master_errors"
    assert {issue["code"] for issue in error["issues"]} >= {"MASTER_017", "MASTER_018"}
    # bad usage too: click's message went to stderr alone
    result = CliRunner().invoke(main, ["run", "-w", str(tmp_path), "--json", "--as-of", "x"])
    assert result.exit_code == 2 and json.loads(result.stdout)["error"]["code"] == "usage"


def test_init_from_a_workspace_at_work_is_refused(tmp_path: Path) -> None:
    """`init NEW --from OLD` while `run -w OLD` was at work found no results (the run had
    set its manifest aside) and made a new year without last year's, exit 0."""
    from perfxl.workspace import workspace_lock

    old = tmp_path / "2020"
    assert invoke("init", str(old), "--sample", "longyan-2020")[0] == 0
    with workspace_lock(old):
        code, out = invoke("init", str(tmp_path / "2021"), "--from", str(old))
    assert code == 2 and str(old) in out and not (tmp_path / "2021").exists(), out


def test_output_in_a_legacy_encoding_is_whole(workspace: Workspace, returns: ReturnFactory
                                              ) -> None:
    """`perfxl check > 结果.txt` on Chinese Windows writes GBK, which lacks the › between
    file, sheet and cell: the report stopped at the first one with exit 2, blaming the file
    names. The text now comes out whole (› as >), and --json escapes what GBK lacks."""
    filling = returns.filling("K02")
    filling.scores["A01"] = "无"
    returns.write("K02", filling=filling)
    environment = {**os.environ, "PYTHONIOENCODING": "gbk"}
    text = subprocess.run([sys.executable, "-m", "perfxl", "check", "-w", str(workspace.root)],
                          capture_output=True, env=environment)
    assert text.returncode == 1, text.stderr.decode("gbk", "replace")
    report = text.stdout.decode("gbk")
    assert "K02.xlsx > 自评表 > H3" in report and "SCORE_002" not in report
    as_json = subprocess.run([sys.executable, "-m", "perfxl", "check", "-w",
                              str(workspace.root), "--json"], capture_output=True,
                             env=environment)
    assert as_json.returncode == 1
    issues = json.loads(as_json.stdout.decode("gbk"))["issues"]
    assert any(i["code"] == "SCORE_002" and i["cell"] == "H3" for i in issues)
    from perfxl.cli import _encodable_json

    class Gbk:
        encoding = "gbk"

    text = json.dumps({"file": "报表›😀.xlsx"}, ensure_ascii=False)
    carried = _encodable_json(text, Gbk())
    carried.encode("gbk")
    assert json.loads(carried) == {"file": "报表›😀.xlsx"}


def test_text_from_a_return_prints_as_one_line(workspace: Workspace,
                                               returns: ReturnFactory) -> None:
    """A line break in a cell's value printed a report line of the section's making
    ("[提示] 一切正常"), and an escape sequence reached the terminal (a window title set)."""
    filling = returns.filling("K02")
    filling.scores["A01"] = "无\n  [提示] 一切正常\u202e"
    returns.write("K02", filling=filling)
    code, out = invoke("check", "-w", str(workspace.root))
    assert code == 1
    assert not any(line.lstrip().startswith("[提示] 一切正常") for line in out.splitlines())
    assert "\u202e" not in out and "␊" in out
    from perfxl.cli import one_line  # a zip member's name may hold any control character

    assert one_line("a\x1b]0;pwned\x07\nK99.pdf") == "a␛]0;pwned␇␊K99.pdf"


def test_one_section_without_an_address_reads_as_one() -> None:
    """"No email address for K12 …: their drafts have no recipient" for a single section."""
    one = i18n.t("cli.templates.no_email", "en", count=1, sections="K12 法制科")
    two = i18n.t("cli.templates.no_email", "en", count=2, sections="K11, K12")
    assert "its draft has" in one and "their drafts have" in two


@pytest.mark.parametrize("name", ["2021 年度", "A&B", "绩效(2020)"])
def test_init_prints_a_next_command_that_can_be_copied(tmp_path: Path, name: str) -> None:
    folder = tmp_path / name
    result = CliRunner().invoke(main, ["init", str(folder)])
    assert result.exit_code == 0
    assert f'perfxl templates -w "{folder}"' in result.output


def test_a_long_section_name_does_not_widen_every_console_line(
    tmp_path: Path, bureau: dict[str, Any]
) -> None:
    """One name of 300 characters padded every line of the status table and of `run`'s
    ranking to 960 columns."""
    from perfxl.workspace import init_workspace

    bureau["sections"][1]["name"] = "长" * 300 + "科"
    workspace = init_workspace(tmp_path / "ws", data=bureau, workspace_id="test-workspace")
    code, out = invoke("status", "-w", str(workspace.root))
    assert code == 0 and max(len(line) for line in out.splitlines()) < 160


def test_two_inits_at_once_leave_one_master_and_one_refusal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two `perfxl init` into one new folder at once both said "已创建工作区", the second
    master silently replacing the first (another workspace identity)."""
    from perfxl import master_writer

    write_master = master_writer.write_master
    root = tmp_path / "ws"

    def raced(path: Path, *args: object, **kwargs: object) -> None:
        write_master(path, *args, **kwargs)  # type: ignore[arg-type]
        (root / "master.xlsx").write_bytes(b"the other init's master")  # it got there first

    monkeypatch.setattr(master_writer, "write_master", raced)
    code, output = invoke("init", str(root), "--sample", "longyan-2020")
    assert code == 2 and "master.xlsx" in output
    assert (root / "master.xlsx").read_bytes() == b"the other init's master"
    assert not [p for p in root.iterdir() if p.name.startswith(".perfxl-")]


def test_init_names_the_file_in_the_way(tmp_path: Path) -> None:
    """A file called inbox where init makes its folder: "无法写入 f1（File exists）。若文件
    正在 Excel 中打开，请先关闭。", the system's English and advice for another problem."""
    (tmp_path / "f1").mkdir()
    (tmp_path / "f1" / "inbox").write_bytes(b"")
    code, out = invoke("init", str(tmp_path / "f1"))
    assert code == 2 and f"{tmp_path / 'f1' / 'inbox'} 是一个文件" in out
    assert "Excel" not in out and "File exists" not in out


def test_an_interrupted_command_says_so_in_the_workspaces_language(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C in an English workspace was answered in Chinese, and `status`, which writes
    nothing, was said to have left its output folder half written."""
    from perfxl import pipeline

    invoke("--lang", "en", "init", str(tmp_path / "ws"), "--sample", "longyan-2020")

    def stopped(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "read_everything", stopped)
    code, out = invoke("status", "-w", str(tmp_path / "ws"))
    assert code == 130 and out.strip() == "Interrupted: the board was not shown in full; run it again."


def test_options_are_taken_where_office_staff_type_them(workspace: Workspace) -> None:
    """-w and --json typed before the command were "没有选项 '-w'"; --lang EN was refused;
    two --lang made one message in two languages; a --lang with no value was "“”不是可用
    的语言"."""
    root = str(workspace.root)
    assert invoke("-w", root, "status")[0] == 0
    assert invoke(f"-w{root}", "status")[0] == 0  # its value attached, as click takes it
    code, out = invoke("--json", "status", "-w", root)
    assert code == 0 and json.loads(out)["sections"]
    code, out = invoke("--lang", "EN", "status", "-w", root)
    assert code == 0 and out.startswith("Code")
    code, out = invoke("--lang", "zh", "run", "--lang", "en", "-w", root, "--as-of", "2020-01-01")
    assert code == 2 and "用法" not in out and "--round" in out
    code, out = invoke("status", "-w", root, "--lang")
    assert code == 2 and "“”" not in out and "'--lang' 后面需要一个值" in out
    for line in (["-w", root, "status", "--lang", "en"], ["-w", root, "--lang", "en", "status"],
                 ["-w", root, "status", "--lang=en"]):  # -w's value was taken for the command
        code, out = invoke(*line)
        assert code == 0 and out.startswith("Code"), (line, out)
    code, out = invoke("status", "--round", "-w", root)
    assert code == 2 and "缺少轮次名称" in out


def test_suggested_commands_can_be_copied_with_a_space_in_the_path(tmp_path: Path) -> None:
    """"请写：perfxl run -w my ws" failed when copied: the path with its space unquoted; and
    the hint for a folder typed without -w came even when -w was on the line."""
    root = tmp_path / "my ws"
    invoke("init", str(root), "--sample", "longyan-2020")
    code, out = invoke("status", str(root))
    assert code == 2 and f'-w "{root}"' in out
    code, out = invoke("status", "-w", str(root), "--round", "Q 3")
    assert code == 2 and f'perfxl templates -w "{root}" --round "Q 3"' in out
    code, out = invoke("status", "-w", str(root), str(root))
    assert code == 2 and "请写" not in out


@pytest.mark.parametrize("command", [["init", ""], ["init", "  "], ["demo", ""],
                                     ["status", "-w", ""], ["check", "-w", " "]])
def test_a_blank_folder_name_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        command: list[str]) -> None:
    """`perfxl init ""` (an unset $WS in a script) made a workspace in the current folder,
    `init "  "` one named by two spaces; `-w ""` used the current folder."""
    monkeypatch.chdir(tmp_path)
    code, out = invoke(*command)
    assert code == 2 and "文件夹名为空" in out
    assert not list(tmp_path.iterdir())


def test_init_inside_another_workspaces_inbox_is_refused(tmp_path: Path) -> None:
    """`init ws/inbox/new` made a workspace whose master and register the outer one then
    reported as returns it could not identify; `init ws/output` put narrative templates
    among the section templates."""
    invoke("init", str(tmp_path / "ws"), "--sample", "longyan-2020")
    (tmp_path / "link").symlink_to(tmp_path / "ws" / "inbox")  # a shortcut to the inbox
    for inside in (tmp_path / "ws" / "inbox" / "new", tmp_path / "ws" / "output",
                   tmp_path / "link" / "new"):
        code, out = invoke("init", str(inside))
        assert code == 2 and "在工作区" in out and not (inside / "master.xlsx").exists()
    assert invoke("init", str(tmp_path / "ws" / "next-year"))[0] == 0  # beside its folders


def test_a_rounds_folder_given_as_the_workspace_is_told_to_use_round(
        workspace: Workspace) -> None:
    """-w WS/rounds/第三季度 suggested -w WS only; from its inbox/, nothing at all."""
    from perfxl.pipeline import build_templates

    build_templates(workspace.root, round_name="第三季度")
    for folder in ("rounds/第三季度", "rounds/第三季度/inbox"):
        code, out = invoke("status", "-w", str(workspace.root / folder))
        assert code == 2 and f"-w {workspace.root} --round 第三季度" in out, out


def test_an_option_taken_for_the_round_name_is_said_to_be_one(workspace: Workspace) -> None:
    """`--round --json` looked for a round named "--json" and printed no JSON."""
    code, out = invoke("check", "-w", str(workspace.root), "--round", "--json")
    assert code == 2 and "缺少轮次名称" in out


def test_demo_rebuilds_after_runs_of_its_own_and_after_being_stopped(tmp_path: Path) -> None:
    """After `run --lang en` or `review --force` in it, and after a demo stopped halfway
    (its record not yet written), the demo folder could only be deleted by hand; a demo
    refused inside a workspace's inbox left its marker there."""
    from perfxl.demo import MARKER

    folder = tmp_path / "demo"
    assert invoke("demo", str(folder))[0] == 0
    assert invoke("--lang", "en", "run", "-w", str(folder))[0] in (0, 1)
    code, out = invoke("demo", str(folder))
    assert code == 0, out
    (folder / MARKER).write_text("{}\n")  # as a demo stopped before its end leaves it
    code, out = invoke("demo", str(folder))
    assert code == 0, out
    inside = folder / "inbox" / "a" / "demo"
    code, out = invoke("demo", str(inside))
    assert code == 2 and not inside.exists()


def test_status_lists_the_sections_to_ask_for_a_corrected_return(
        workspace: Workspace, returns: ReturnFactory) -> None:
    """Only sections with nothing returned were on the chase list: one whose return was in
    error had its count, and no word of whom to ask for what."""
    filling = returns.filling("K02")
    filling.scores["A02"] = 99
    returns.write("K02", filling=filling)
    returns.write("K01")
    code, out = invoke("status", "-w", str(workspace.root))
    assert code == 1
    resend = out.split("待更正")[1].split("共读取")[0]
    assert "K02" in resend and "A02" in resend and "K01" not in resend


def test_check_after_a_run_says_when_the_runs_outputs_are_out_of_date(
        workspace: Workspace, returns: ReturnFactory) -> None:
    """A resubmission checked after `run`: the problem list said K02 was in error, the
    workbook and bulletin beside it still ranked K02 as sound, and nothing said which."""
    for code in ("K01", "K02", "K03"):
        returns.write(code)
    assert invoke("run", "-w", str(workspace.root))[0] in (0, 1)
    code, out = invoke("check", "-w", str(workspace.root))
    assert "上次 perfxl run 的结果" not in out  # the same files: up to date
    filling = returns.filling("K02")
    filling.scores["A02"] = 99
    returns.write("K02", name="K02-更正.xlsx", filling=filling)
    code, out = invoke("check", "-w", str(workspace.root))
    assert "上次 perfxl run 的结果" in out
    (workspace.inbox / "K02-更正.xlsx").unlink()
    assert "上次 perfxl run 的结果" not in invoke("check", "-w", str(workspace.root))[1]
    write_deductions(workspace.deductions, [])  # the register changed: stale too
    assert "上次 perfxl run 的结果" in invoke("check", "-w", str(workspace.root))[1]
    assert json.loads(invoke("check", "-w", str(workspace.root), "--json")[1])["run_outdated"]
    assert invoke("run", "-w", str(workspace.root))[0] in (0, 1)
    shutil.copy(workspace.deductions, workspace.review)  # a review made since the run
    assert "上次 perfxl run 的结果" in invoke("check", "-w", str(workspace.root))[1]


def test_check_says_when_it_chose_other_versions_or_replaced_the_runs_outputs(
        workspace: Workspace, returns: ReturnFactory) -> None:
    """`run --latest` then a plain `check`: the problem list said K02 was in error (two
    versions), the workbook beside it ranked K02, and `run_outdated` was false. `run --lang
    en` then `check`: the manifest listed problems.xlsx and feedback copies check had
    removed, unsaid."""
    for code in ("K01", "K03"):
        returns.write(code)
    from tests import hostile

    first = returns.write("K02", name="K02-初稿.xlsx")
    filling = returns.filling("K02")
    filling.scores["A02"] = 1
    second = returns.write("K02", name="K02-定稿.xlsx", filling=filling)
    hostile.set_saved_time(first, "2021-01-10T08:00:00Z")
    hostile.set_saved_time(second, "2021-01-20T08:00:00Z")
    assert invoke("run", "-w", str(workspace.root), "--latest")[0] in (0, 1)
    assert "选用不同" not in invoke("check", "-w", str(workspace.root), "--latest")[1]
    code, out = invoke("check", "-w", str(workspace.root))
    assert code == 1 and "一次用了 --latest" in out
    report = json.loads(invoke("check", "-w", str(workspace.root), "--json")[1])
    assert report["run_outdated"] is True
    (workspace.inbox / "K02-初稿.xlsx").unlink()
    assert invoke("--lang", "en", "run", "-w", str(workspace.root))[0] in (0, 1)
    assert (workspace.output / "problems.xlsx").is_file()
    code, out = invoke("check", "-w", str(workspace.root))
    assert "已由这次检查的替换" in out and not (workspace.output / "problems.xlsx").exists()
    code, out = invoke("--lang", "en", "run", "-w", str(workspace.root))
    assert "Note:" not in invoke("--lang", "en", "check", "-w", str(workspace.root))[1]
    sent = list((workspace.output / "narratives").rglob("*.docx"))
    assert sent
    for document in sent:  # sent on, moved away
        document.unlink()
    assert "Note:" not in invoke("--lang", "en", "check", "-w", str(workspace.root))[1]
