"""The `perfxl` command line: each command parses, calls one pipeline function, prints, exits."""

from __future__ import annotations

import codecs
import contextlib
import functools
import json
import os
import re
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import click

from perfxl import __version__, click_text, i18n, pipeline
from perfxl.addresses import reachable
from perfxl.cells import shortened
from perfxl.issues import Issue, MasterError, PerfxlError, exception_text, system_reason
from perfxl.model import decimal_text, format_points, percent_text
from perfxl.wording import provisional_summary, status_label
from perfxl.workspace import as_typed, not_writable, workspace_lock

F = TypeVar("F", bound=Callable[..., Any])


def _help_language(argv: list[str]) -> str:
    """The language for --help texts, known before click parses anything: the last --lang
    given, as click takes the last (the first made one message in two languages)."""
    chosen = None
    for n, arg in enumerate(argv):
        given = argv[n + 1] if arg == "--lang" and n + 1 < len(argv) else \
            arg.split("=", 1)[1] if arg.startswith("--lang=") else None
        if given is not None and given.lower() in i18n.LANGUAGES:
            chosen = given.lower()
    if chosen is not None:
        return chosen
    chosen = os.environ.get("PERFXL_LANG", i18n.DEFAULT_LANGUAGE).lower()
    return chosen if chosen in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


HELP_LANG = _help_language(sys.argv)
click_text.install(HELP_LANG)


def hoist_language(args: list[str]) -> list[str]:
    """`args` with a --lang given after the command moved before it (`perfxl status --lang
    en` as `perfxl --lang en status`): --lang belongs to perfxl, not to any one command."""
    command = next((n for n, arg in enumerate(args)
                    if not arg.startswith("-") and (n == 0 or args[n - 1] != "--lang")), None)
    if command is None:
        return args
    head, tail, moved = args[:command], [], []
    rest = iter(args[command:])
    for arg in rest:
        if arg == "--":
            tail += [arg, *rest]
        elif arg == "--lang":
            value = next(rest, None)
            if value is None:  # none at the end: left there, for click to say it needs one
                tail.append(arg)
            else:
                moved += [arg, value]
        elif arg.startswith("--lang="):
            moved.append(arg)
        else:
            tail.append(arg)
    return [*head, *moved, *tail]


# a command's own options, typed before the command ("perfxl -w 2020 status"): moved after
# it, as --lang is moved before it (click said "没有选项 '-w'")
_COMMAND_VALUE_OPTIONS = frozenset(("-w", "--workspace", "--round", "--as-of", "--deadline"))
_COMMAND_FLAGS = frozenset(("--json", "--latest", "--force"))


def lower_command_options(args: list[str]) -> list[str]:
    """`args` with the command's options given before the command moved after it."""
    moved: list[str] = []
    position = 0
    while position < len(args):
        arg = args[position]
        option = arg.split("=", 1)[0]
        if arg == "--":
            return args
        if option in _COMMAND_VALUE_OPTIONS and "=" not in arg and position + 1 < len(args):
            moved += args[position : position + 2]
            position += 2
        elif option in _COMMAND_VALUE_OPTIONS or arg in _COMMAND_FLAGS or _attached(arg):
            moved.append(arg)
            position += 1
        elif arg == "--lang":  # perfxl's own, with its value
            position += 2
        elif arg.startswith("-"):
            position += 1
        else:  # the command
            if not moved:
                return args
            kept = [a for n, a in enumerate(args[:position]) if not _among(args, n, moved)]
            return [*kept, args[position], *moved, *args[position + 1:]]
    return args


def _among(args: list[str], index: int, moved: list[str]) -> bool:
    """Whether args[index] is one of the options (or an option's value) being moved."""
    arg = args[index]
    option = arg.split("=", 1)[0]
    before = args[index - 1] if index else ""
    return option in _COMMAND_VALUE_OPTIONS or arg in _COMMAND_FLAGS or _attached(arg) or (
        before in _COMMAND_VALUE_OPTIONS and "=" not in before)


def _attached(arg: str) -> bool:
    """-w with its value attached ("-wd1", "-w."), as click takes it after the command."""
    return arg.startswith("-w") and len(arg) > 2


def raise_usage(message: str) -> None:
    """A usage error found before click parses the line: said as click says its own."""
    click_text.install(_help_language(sys.argv))
    click.UsageError(message).show()
    sys.exit(2)


def _h(key: str) -> str:
    return i18n.t(key, HELP_LANG)


class _Command(click.Command):
    """A perfxl command: its help laid out for Chinese, its usage line in the user's words."""

    context_class = click_text.Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", _h("cli.metavar.options"))
        # extra words are refused here, with a hint, rather than by click
        kwargs["context_settings"] = {**kwargs.get("context_settings", {}),
                                      "allow_extra_args": True}
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        if ctx.args:
            lang = _lang(ctx) or HELP_LANG
            message = i18n.t("cli.extra_args", lang, args=" ".join(ctx.args))
            # `perfxl run 2021`, as one types `perfxl init 2021`: the workspace needs -w
            from click.core import ParameterSource

            given = [name for name in ctx.params  # a hint dropping --round would mislead
                     if ctx.get_parameter_source(name) is not ParameterSource.DEFAULT]
            if len(ctx.args) == 1 and "workspace" in ctx.params and Path(ctx.args[0]).is_dir() \
                    and not given:
                message += i18n.t("cli.use_workspace_option", lang,
                                  folder=as_typed(ctx.args[0]), command=ctx.command_path)
            raise click.UsageError(message, ctx)
        return super().invoke(ctx)


class _Perfxl(click.Group):
    """The command group: --lang anywhere on the line, and click's own messages (usage
    errors, help headings) in the chosen language."""

    context_class = click_text.Context
    command_class = _Command

    def main(self, args: Any = None, *more: Any, **options: Any) -> Any:
        # the command's options moved after it first: hoisting --lang looks for the command
        # and took -w's value for it ("perfxl -w ws1 status --lang en": 没有命令 'en')
        args = hoist_language(lower_command_options(list(sys.argv[1:] if args is None
                                                         else args)))
        if args and args[-1] == "--lang":  # nothing after it: what click would say of it
            raise_usage(i18n.t("cli.lang_needs_value", _help_language(args)))
        language = _help_language(args)
        click_text.install(language)
        if "--json" not in args or options.get("standalone_mode") is False:
            return super().main(args, *more, **options)
        try:  # bad usage still gives a script JSON to read
            code = super().main(args, *more, **{**options, "standalone_mode": False})
        except click.ClickException as error:
            error.show()
            _print_json({"error": {"code": "usage", "message": error.format_message(),
                                   "issues": []}})
            sys.exit(error.exit_code)
        except click.exceptions.Abort:
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--lang, or PERFXL_LANG: a wrong value names where it came from (EN is en)."""
    if value is None or value.lower() in i18n.LANGUAGES:
        return value.lower() if value is not None else None
    from click.core import ParameterSource

    from_environment = ctx.get_parameter_source(param.name or "") is ParameterSource.ENVIRONMENT
    raise click.BadParameter(i18n.t("cli.bad_language", HELP_LANG, value=value,
                                    choices=i18n.alternatives(i18n.LANGUAGES, HELP_LANG)),
                             param_hint="PERFXL_LANG" if from_environment else "'--lang'")


def _lang(ctx: click.Context) -> str | None:
    value: str | None = ctx.find_root().params.get("lang")
    return value


def _echo_issues(issues: list[Issue], lang: str, err: bool = True) -> None:
    for issue in issues:
        severity = i18n.t(f"severity.{issue.severity.value}", lang)
        where = " ".join(part for part in (issue.code, issue.location()) if part)
        click.echo(f"  [{severity}] {one_line(where)}{i18n.colon(lang)}"
                   f"{one_line(issue.message(lang))}", err=err)


# what a terminal would act on rather than show: line breaks (a fake report line after
# them), escape sequences (a window title set, colours), and text direction overrides
_TERMINAL_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """User text (a file name, a cell's value) as one printable line: each control
    character shown by its picture (␊, ␛), a direction override as �."""
    return _TERMINAL_CONTROLS.sub(
        lambda c: chr(0x2400 + ord(c[0])) if c[0] < " " else
        "\u2421" if c[0] == "\x7f" else "\ufffd", text)


NAME_WIDTH = 30  # a section's name in a console table; the workbooks keep it whole


def _folded(text: str) -> str:
    """A cell typed over several lines (a name, Alt+Enter, a phone number) on one."""
    return one_line(" ".join(part.strip() for part in text.splitlines() if part.strip()))


def handles_errors(command: F) -> F:
    """Turn PerfxlError into a one-line message and exit status 2 (a traceback with --debug)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        lang = _lang(ctx) or i18n.DEFAULT_LANGUAGE
        debug = ctx.find_root().params.get("debug")
        workspace = kwargs.get("workspace")  # init and demo make theirs
        try:
            _require_chinese_file_names()
            with workspace_lock(workspace) if workspace else contextlib.nullcontext():
                return command(*args, **kwargs)
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (see perfxl.console)
            if debug:
                raise
            # in the workspace's language, as its other messages; `status` writes no output
            with contextlib.suppress(KeyboardInterrupt, Exception):  # Ctrl-C pressed again
                lang = _lang(ctx) or pipeline.spoken_language(workspace) or lang
            said = "cli.interrupted.status" if ctx.info_name == "status" else "cli.interrupted"
            click.echo(i18n.t(said, lang), err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:  # whoever read perfxl's output stopped (`perfxl status | head`)
            _stop_writing()
            ctx.exit(EXIT_PIPE_CLOSED)
        # a folder perfxl writes to taken by a file, a full disk, a system that cannot name
        # files in Chinese: one line, as for perfxl's own errors
        except (PerfxlError, OSError, UnicodeEncodeError) as error:
            if debug:
                raise
            problem = error if isinstance(error, PerfxlError) else _system_problem(error)
            # without --lang, the workspace's own language (its master's 语言), as the
            # command would have spoken had it run
            lang = _lang(ctx) or pipeline.spoken_language(workspace) or lang
            click.echo(i18n.t("cli.error", lang, message=problem.message(lang)), err=True)
            if isinstance(problem, MasterError):
                _echo_issues(problem.issues, lang)
            if kwargs.get("as_json"):  # a script reading stdout gets JSON in every case
                _print_json({"error": {
                    "code": problem.key, "message": problem.message(lang),
                    "issues": [issue.to_json(lang) for issue in
                               (problem.issues if isinstance(problem, MasterError) else [])]}})
            ctx.exit(2)

    return wrapper  # type: ignore[return-value]


EXIT_PIPE_CLOSED = 141  # what a shell shows for a program ended by SIGPIPE
EXIT_INTERRUPTED = 130  # … and for one ended by Ctrl-C


def _stop_writing() -> None:
    """Point stdout and stderr at /dev/null, so nothing more (not even Python's final flush
    at exit) reports the closed pipe."""
    with contextlib.suppress(OSError, ValueError):
        quiet = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            os.dup2(quiet, stream.fileno())
        os.close(quiet)


def _require_chinese_file_names() -> None:
    """Refuse where the system names files in ASCII (LC_ALL=POSIX with Python's UTF-8 mode
    off): `check` stopped at the first Chinese name, but `status` read 佐证材料 folders as
    mojibake and reported their files missing. GB18030 and UTF-8 both name them."""
    import codecs

    encoding = sys.getfilesystemencoding()
    if codecs.lookup(encoding).name == "ascii":
        raise PerfxlError("fatal.encoding", encoding=encoding,
                          reason=i18n.t_each("reason.ascii_names"))


def _system_problem(error: OSError | UnicodeEncodeError) -> PerfxlError:
    """What the operating system refused, as perfxl's own error says it."""
    if isinstance(error, UnicodeEncodeError):
        return PerfxlError("fatal.encoding", encoding=sys.getfilesystemencoding(),
                           reason=exception_text(error))
    if error.filename:
        return not_writable(os.fsdecode(error.filename), error)
    return PerfxlError("fatal.system", reason=system_reason(error))


def report_output_failure(error: OSError) -> None:
    """One line on stderr (if it can still be written) and exit 2, for an output stream that
    failed outside any command; nothing more is written, not even at exit."""
    with contextlib.suppress(OSError, ValueError):
        message = _system_problem(error).message(HELP_LANG)
        click.echo(i18n.t("cli.error", HELP_LANG, message=message), err=True)
    _stop_writing()
    sys.exit(2)


def _folder(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    """A folder as typed; -w "" or a name of spaces (an unset $WS in a script) refused, not
    taken for the current folder (as Path("") would be) or a folder named by spaces."""
    if value is None:
        return None
    if not value.strip():
        raise click.BadParameter(i18n.t("cli.blank_folder", _lang(ctx) or HELP_LANG))
    return Path(value)


WORKSPACE = click.option(
    "-w",
    "--workspace",
    "workspace",
    type=click.Path(file_okay=False),
    default=".",
    callback=_folder,
    help=_h("cli.opt.workspace"),
)


@click.group(cls=_Perfxl, help=_h("cli.help"), options_metavar=_h("cli.metavar.options"),
             subcommand_metavar=_h("cli.metavar.command"))
@click.option(
    "--lang", default=None, envvar="PERFXL_LANG", metavar="[" + "|".join(i18n.LANGUAGES) + "]",
    callback=lambda ctx, param, value: _language(ctx, param, value), help=_h("cli.opt.lang"),
)
@click.option("--debug", is_flag=True, hidden=True)
@click.version_option(__version__, prog_name="perfxl")
@click.pass_context
def main(ctx: click.Context, lang: str | None, debug: bool) -> None:
    """perfxl command group."""
    # https://no-color.org: no colours even on a terminal; nor on one that shows none
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        ctx.color = False


@main.command(help=_h("cli.init.help"))
@click.argument("directory", type=click.Path(file_okay=False), required=False,
                metavar=_h("cli.metavar.directory"), callback=_folder)
@click.option("--sample", default=None, metavar=_h("cli.metavar.name"), help=_h("cli.opt.sample"))
@click.option("--from", "previous", default=None, help=_h("cli.opt.from"),
              type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.pass_context
@handles_errors
def init(ctx: click.Context, directory: Path | None, sample: str | None,
         previous: Path | None) -> None:
    lang = _lang(ctx) or i18n.DEFAULT_LANGUAGE
    if directory is None:  # click's own "Missing argument 'DIRECTORY'." names no example
        raise click.UsageError(i18n.t("cli.init.no_directory", lang), ctx)
    if sample is not None and previous is not None:  # --sample was dropped without a word
        raise click.UsageError(i18n.t("cli.init.sample_and_from", lang), ctx)
    if previous is not None:
        with workspace_lock(previous):  # a run there replaces the results being carried over
            workspace, notes = pipeline.continue_workspace(directory, previous,
                                                           lang=_lang(ctx))
        lang = _lang(ctx) or pipeline.spoken_language(workspace.root) or lang
        _echo_issues(notes, lang)
    else:
        workspace = pipeline.create_workspace(directory, sample=sample, lang=_lang(ctx))
    click.echo(i18n.t("cli.init.done", lang, path=workspace.root))
    click.echo(i18n.t("cli.init.next", lang, master=workspace.master,
                      path=as_typed(workspace.root)))


def _round(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--round's name; an option taken for it (`--round --json`, the name left out) is said
    to be missing, not looked for as a round."""
    if value is not None and value.startswith("-"):  # `--round -w WS` too
        raise click.BadParameter(i18n.t("cli.round_missing", _lang(ctx) or HELP_LANG,
                                        value=value))
    return value


ROUND = click.option("--round", "round_name", default=None, metavar=_h("cli.metavar.name"),
                     callback=_round, help=_h("cli.opt.round"))


class _Date(click.ParamType):
    """A date as people type it: 2020-09-30, 2020/9/30, 2020.9.30 or 2020年9月30日."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> date:
        from perfxl.cells import parse_date

        if isinstance(value, date):
            return value
        parsed = parse_date(str(value))
        if parsed is None:
            lang = (_lang(ctx) if ctx else None) or HELP_LANG
            self.fail(i18n.t("cli.bad_date", lang, value=value), param, ctx)
        return parsed


DATE = _Date()
DATE_METAVAR = "YYYY-MM-DD"


@main.command(help=_h("cli.templates.help"))
@WORKSPACE
@ROUND
@click.option("--deadline", default=None, type=DATE, metavar=DATE_METAVAR,
              help=_h("cli.opt.deadline"))
@click.option("--force", is_flag=True, help=_h("cli.opt.force_templates"))
@click.pass_context
@handles_errors
def templates(ctx: click.Context, workspace: Path, round_name: str | None,
              deadline: date | None, force: bool) -> None:
    result = pipeline.build_templates(workspace, lang=_lang(ctx), round_name=round_name,
                                      deadline=deadline, force=force)
    _echo_issues(result.warnings, result.lang)
    click.echo(
        i18n.t("cli.templates.done", result.lang, count=len(result.files), path=result.folder)
    )
    without = [f.section.label for f in result.files if not reachable(f.section.email)]
    if without:
        click.echo(i18n.t("cli.templates.no_email", result.lang, count=len(without),
                          sections=i18n.listing(without, result.lang)))


@main.command(help=_h("cli.demo.help"))
@click.argument(
    "directory", type=click.Path(file_okay=False), default="perfxl-demo", callback=_folder,
    metavar=f"[{_h('cli.metavar.directory')}]",
)
@click.pass_context
@handles_errors
def demo(ctx: click.Context, directory: Path) -> None:
    from perfxl import demo as demo_module

    lang = _lang(ctx) or i18n.DEFAULT_LANGUAGE
    outcome = demo_module.run_demo(directory, lang=lang)
    print_ranking(outcome.run)
    click.echo(i18n.t("cli.demo.done", lang, path=outcome.workspace.root))
    if outcome.rebuilt:
        click.echo(i18n.t("cli.demo.rebuilt", lang))
    click.echo(i18n.t("cli.demo.look", lang))
    for path in outcome.highlights:
        click.echo(f"  {path}")


JSON_FLAG = click.option("--json", "as_json", is_flag=True, help=_h("cli.opt.json"))
LATEST_FLAG = click.option("--latest", is_flag=True, help=_h("cli.opt.latest"))


class _Progress:
    """A tqdm bar on stderr while returns are read, only when a person is watching."""

    def __init__(self, lang: str, enabled: bool) -> None:
        self.lang = lang
        self.enabled = enabled
        self.bar: Any = None

    def start(self, total: int) -> None:
        if self.enabled and total:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=i18n.t("cli.reading", self.lang),
                            unit=i18n.t("cli.reading.unit", self.lang), file=sys.stderr,
                            leave=False)

    def step(self, count: int) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


T = TypeVar("T")


def _reading(ctx: click.Context, as_json: bool,
             call: Callable[[Callable[[int], None], Callable[[int], None]], T]) -> T:
    """Run `call(step, start)` with a progress bar over the returns being read."""
    lang = _lang(ctx) or i18n.DEFAULT_LANGUAGE
    bar = _Progress(lang, enabled=not as_json and sys.stderr.isatty())
    try:
        return call(bar.step, bar.start)
    finally:
        bar.close()


def reading_options(command: F) -> F:
    """-w, --json, --latest and --round: what every command that reads the inbox takes."""
    for option in (ROUND, LATEST_FLAG, JSON_FLAG, WORKSPACE):
        command = option(command)
    return command


GROUPED_OUTPUTS = ("narrative", "feedback", "binder")


def _echo_outputs(outputs: list[tuple[str, Path]]) -> None:
    """Each output file, except documents written by the hundred: their folder and count
    (a folder of a few, such as publish's three, is listed file by file)."""
    folders: dict[Path, list[Path]] = {}
    for kind, path in outputs:
        if kind in GROUPED_OUTPUTS:
            folders.setdefault(path.parent, []).append(path)
        else:
            click.echo(f"  {path}")
    for folder, paths in folders.items():
        if len(paths) <= FEW_OUTPUTS:
            for path in paths:
                click.echo(f"  {path}")
        else:
            click.echo(f"  {folder}{os.sep} ({len(paths)})")


FEW_OUTPUTS = 3  # one document in its three formats


def _print_json(report: dict[str, Any]) -> None:
    from perfxl.manifest import dumps

    click.echo(_encodable_json(dumps(report), sys.stdout), nl=False)


def _encodable_json(text: str, stream: Any) -> str:
    """JSON text a stream in a legacy encoding (GBK) can carry whole: each character it
    lacks written as its \\u escape, as JSON allows (never a "?" in the data)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        return text.encode(encoding, _JSON_ESCAPE).decode(encoding)
    except LookupError:  # an encoding Python does not know: as it is
        return text


def _json_escaped(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeEncodeError)
    # \\u203a; past the BMP, a pair of escapes
    return json.dumps(error.object[error.start:error.end])[1:-1], error.end


_JSON_ESCAPE = "perfxl-json"
codecs.register_error(_JSON_ESCAPE, _json_escaped)


def _print_issues_by_section(result: pipeline.CheckResult) -> None:
    """The problems grouped by section, errors first, as a readable list."""
    from perfxl.issue_writer import sort_issues

    lang = result.lang
    statuses = result.statuses()
    groups: dict[str, list[Issue]] = {}
    for issue in sort_issues(result.issues, result.master):
        groups.setdefault(issue.section or "", []).append(issue)
    for section in result.master.sections:
        found = groups.get(section.code, [])
        if not found:
            continue
        status = i18n.t(f"status.{statuses[section.code]}", lang)
        click.echo(i18n.t("cli.check.section", lang, label=section.label, status=status))
        for issue in found:
            _echo_issue(issue, lang)
    _echo_unattributed(result, groups.get("", []))


def _echo_unattributed(result: pipeline.CheckResult, issues: list[Issue]) -> None:
    """Problems of no section: each of the office's own workbooks' under its name, then the
    files perfxl could not tie to a section (a .et sent by a section the board lists as
    missing, say), then the workspace's own (last year beside this one)."""
    lang, workspace = result.lang, result.workspace
    headings = (("cli.master_heading", workspace.master, "MASTER_"),
                ("cli.register_heading", workspace.deductions, "DED_"),
                ("cli.review_heading", workspace.review, "REVIEW_"))

    def heading_of(issue: Issue) -> tuple[int, str] | None:
        """The office workbook's heading an issue goes under (master, register, review in
        that order): by the workbook's usual name, or by its code for one under another
        (deductions.ods, output/review.xlsx)."""
        return next(((order, i18n.t(key, lang, file=issue.file))
                     for order, (key, path, prefix) in enumerate(headings)
                     if issue.file is not None
                     and (issue.file == path.name or issue.code.startswith(prefix))), None)

    office: dict[tuple[int, str], list[Issue]] = {}
    for issue in issues:
        if (placed := heading_of(issue)) is not None:
            office.setdefault(placed, []).append(issue)
    groups = [(heading, group) for (_order, heading), group in sorted(office.items())]
    groups += [(i18n.t("unidentified", lang),
                [issue for issue in issues
                 if issue.file is not None and heading_of(issue) is None]),
               # last year beside this one (YOY_…): no file of the inbox
               (i18n.t("cli.workspace_heading", lang),
                [issue for issue in issues if issue.file is None])]
    for title, group in groups:
        if group:
            click.echo(title)
            for issue in group:
                _echo_issue(issue, lang)


def _echo_issue(issue: Issue, lang: str) -> None:
    severity = i18n.t(f"severity.{issue.severity.value}", lang)
    where = issue.location()
    color = {"error": "red", "warning": "yellow"}.get(issue.severity.value)
    lead = f" {one_line(where)}{i18n.colon(lang)}" if where else " "
    click.echo("  " + (click.style(f"[{severity}]", fg=color) if color else f"[{severity}]")
               + lead
               + one_line(issue.message(lang)))


def _summary(result: pipeline.CheckResult, statuses: list[str] | None = None) -> str:
    """The closing line: files read, sections by status (`statuses` where a run settled
    them beyond the returns), problems by severity."""
    statuses = statuses if statuses is not None else list(result.statuses().values())
    severities = [i.severity.value for i in result.issues]
    return i18n.t(
        "cli.check.summary", result.lang,
        # every file looked at, whatever became of it: the count of an unchanged inbox
        # stays the same when a return's errors leave its materials unused
        files=len(result.ingested.files),
        clutter=result.ingested.clutter,
        ok=statuses.count("ok"), error=statuses.count("error"),
        missing=statuses.count("missing"),
        errors=severities.count("error"), warnings=severities.count("warning"),
    )


@main.command(help=_h("cli.check.help"))
@reading_options
@click.pass_context
@handles_errors
def check(ctx: click.Context, workspace: Path, as_json: bool, latest: bool,
          round_name: str | None) -> None:
    result = _reading(ctx, as_json, lambda step, start: pipeline.check(
        workspace, lang=_lang(ctx), latest=latest, progress=step, on_total=start,
        round_name=round_name))
    if as_json:  # whether output/'s workbook and bulletin are the inbox's as it is now
        _print_json({**result.to_json(), "run_outdated": pipeline.run_is_stale(result)})
    else:
        _print_issues_by_section(result)
        click.echo(_summary(result))
        click.echo(i18n.t("cli.outputs", result.lang))
        _echo_outputs(result.outputs)
        outdated = pipeline.run_outdated(result)
        if outdated is not None:
            click.secho(i18n.t(outdated, result.lang), fg="yellow")
    ctx.exit(1 if result.has_errors else 0)


@main.command(help=_h("cli.status.help"))
@reading_options
@click.pass_context
@handles_errors
def status(ctx: click.Context, workspace: Path, as_json: bool, latest: bool,
           round_name: str | None) -> None:
    result = _reading(ctx, as_json, lambda step, start: pipeline.read_everything(
        workspace, lang=_lang(ctx), latest=latest, progress=step, on_total=start,
        round_name=round_name))
    report = result.to_json()
    if as_json:
        _print_json(report)
        ctx.exit(1 if result.has_errors else 0)
    lang = result.lang
    headers = [i18n.t(key, lang) for key in (
        "report.col.code", "report.col.section", "report.col.status", "cli.status.errors",
        "cli.status.warnings", "report.col.contact", "report.col.email")]
    rows = [[row["code"], shortened(row["name"], NAME_WIDTH),
             i18n.t(f"status.{row['status']}", lang),
             str(row["errors"]), str(row["warnings"]),
             *((_folded(row["contact"]), row["email"] or "—") if row["status"] != "ok"
               else ("", ""))]
            for row in report["sections"]]
    colors = {"ok": None, "error": "red", "missing": "yellow"}
    lines = format_table(headers, rows, right_aligned={3, 4})
    click.echo(lines[0])
    for line, row in zip(lines[1:], report["sections"], strict=True):
        click.echo(click.style(line, fg=colors[row["status"]]) if colors[row["status"]]
                   else line)  # (an uncoloured line would still end in a reset code)
    _echo_unattributed(result, [issue for issue in result.issues if not issue.section])
    chase = [r for r in report["sections"] if r["status"] == "missing"]
    if chase:
        click.echo(i18n.t("cli.status.chase", lang))
        for row in chase:
            click.echo(f"  {row['code']} {shortened(row['name'], NAME_WIDTH)}  "
                       f"{_folded(row['contact'])}  "
                       f"{row['email'] or '—'}")
    # those whose return came with errors: to be asked for a corrected one, and what for
    office = {result.workspace.master.name, result.workspace.deductions.name,
              result.workspace.review.name}
    first_error: dict[str, Issue] = {}
    for issue in result.issues:
        if issue.severity.value == "error" and issue.section and issue.file not in office:
            first_error.setdefault(issue.section, issue)
    resend = [r for r in report["sections"] if r["status"] == "error" and r["code"] in first_error]
    if resend:
        click.echo(i18n.t("cli.status.resend", lang))
        for row in resend:
            click.echo(f"  {row['code']} {shortened(row['name'], NAME_WIDTH)}  "
                       f"{_folded(row['contact'])}  {row['email'] or '—'}  "
                       f"{shortened(one_line(first_error[row['code']].message(lang)), 60)}")
    click.echo(_summary(result))
    ctx.exit(1 if result.has_errors else 0)


@main.command(help=_h("cli.review.help"))
@WORKSPACE
@LATEST_FLAG
@click.option("--force", is_flag=True, help=_h("cli.opt.force_review"))
@click.pass_context
@handles_errors
def review(ctx: click.Context, workspace: Path, latest: bool, force: bool) -> None:
    outcome = pipeline.build_review(workspace, lang=_lang(ctx), force=force, latest=latest)
    result = outcome.check
    click.echo(i18n.t("cli.review.done", result.lang, path=outcome.path,
                      count=len(result.ingested.returns)))
    if outcome.carried or outcome.not_carried:
        key = "cli.review.carried" if outcome.not_carried else "cli.review.carried_all"
        click.echo(i18n.t(key, result.lang, count=outcome.carried, left=outcome.not_carried))
    if outcome.notes_carried:
        click.echo(i18n.t("cli.review.notes_carried", result.lang, count=outcome.notes_carried))
    click.echo(_summary(result))  # exit 1 says some returns have errors: which, in numbers
    ctx.exit(1 if result.has_errors else 0)


def format_table(headers: list[str], rows: list[list[str]],
                 right_aligned: set[int] | None = None) -> list[str]:
    """Rows as aligned text columns, wide characters counted as two."""
    right_aligned = right_aligned or set()
    width = click_text.terminal_width
    widths = [max(width(r[n]) for r in [headers, *rows]) for n in range(len(headers))]
    lines = []
    for row in [headers, *rows]:
        cells = []
        for n, text in enumerate(row):
            gap = " " * (widths[n] - width(text))
            cells.append(gap + text if n in right_aligned else text + gap)
        lines.append("  ".join(cells).rstrip())
    return lines


def print_ranking(outcome: pipeline.RunResult) -> None:
    """The ranking as a table in the terminal, unranked sections after."""
    lang = outcome.lang
    assessment = outcome.assessment

    def number(value: Decimal | None, places: int | None = None) -> str:
        """Totals to the cent; bonuses as rounded (whole yuan, or a pool's own jiao)."""
        if value is None:
            return "—"
        return decimal_text(value, places) if places is not None else format_points(value)

    headers = [i18n.t(f"report.col.{k}", lang)
               for k in ("rank", "code", "section", "total", "grade", "bonus", "status")]
    rows = []
    for score in assessment.ranked + assessment.unranked:
        flags = [i18n.t("status.vetoed", lang)] if score.veto else []
        if score.tied_at_quota:
            flags.append(i18n.t("status.tied", lang))
        rows.append([
            str(score.rank or "—"), score.code, shortened(score.name, NAME_WIDTH),
            number(score.total, 2),
            i18n.grade_label(score.grade.value if score.grade else None, lang) or "—",
            number(score.bonus),
            i18n.listing([status_label(assessment, score, lang), *flags], lang),
        ])
    for line in format_table(headers, rows, right_aligned={0, 3, 5}):
        click.echo(line)


@main.command(help=_h("cli.run.help"))
@reading_options
@click.option("--as-of", "as_of", default=None, type=DATE, metavar=DATE_METAVAR,
              help=_h("cli.opt.as_of"))
@click.pass_context
@handles_errors
def run(ctx: click.Context, workspace: Path, as_json: bool, latest: bool,
        round_name: str | None, as_of: date | None) -> None:
    if round_name is not None:  # "" as well, refused there: an unset $ROUND in a script
        run_round(ctx, workspace, as_json, latest, round_name, as_of)
        return
    if as_of is not None:  # the annual assessment has no "as of": --round was left out
        raise click.UsageError(i18n.t("cli.as_of_without_round", _lang(ctx) or HELP_LANG), ctx)
    outcome = _reading(ctx, as_json, lambda step, start: pipeline.run(
        workspace, lang=_lang(ctx), latest=latest, progress=step, on_total=start))
    if os.environ.get("PERFXL_TIMINGS"):
        for stage, seconds in outcome.stages.items():
            click.echo(f"timing\t{stage}\t{seconds:.3f}", err=True)
    if as_json:
        _print_json(outcome.to_json())
        ctx.exit(1 if outcome.has_errors else 0)
    lang = outcome.lang
    print_ranking(outcome)
    click.echo(_summary(outcome.check, [s.status for s in outcome.assessment.scores]))
    if outcome.assessment.provisional:
        click.secho(provisional_summary(outcome.assessment, lang), fg="red")
    click.echo(i18n.t("cli.outputs", lang))
    _echo_outputs(outcome.outputs)
    ctx.exit(1 if outcome.has_errors else 0)


def run_round(ctx: click.Context, workspace: Path, as_json: bool, latest: bool,
              round_name: str, as_of: date | None) -> None:
    """`perfxl run --round NAME`: the monitoring round's check, workbook and brief."""
    outcome = _reading(ctx, as_json, lambda step, start: pipeline.run_round(
        workspace, round_name, as_of, lang=_lang(ctx), latest=latest, progress=step,
        on_total=start))
    if as_json:
        _print_json(outcome.to_json())
        ctx.exit(1 if outcome.has_errors else 0)
    lang = outcome.lang
    summary = outcome.summary
    click.echo(i18n.t("progress.subtitle", lang, as_of=summary.as_of.isoformat(),
                      expected=percent_text(summary.expected)))
    headers = [i18n.t(k, lang) for k in ("report.col.section", "report.col.id",
                                         "report.col.indicator", "progress.col.progress",
                                         "progress.col.lag")]
    rows = [[line.section_name, line.indicator_id, line.indicator_name,
             percent_text(line.progress or Decimal(0), 0), percent_text(line.lag or Decimal(0))]
            for line in summary.lagging]
    if rows:
        for line in format_table(headers, rows, right_aligned={3, 4}):
            click.echo(line)
    else:  # nothing reported is not everything on time
        click.echo(i18n.t("progress.none_lagging" if summary.lines else "progress.none_reported",
                          lang))
    # what the round itself says (an as-of date outside the year or not yet come, the
    # indicators not compared with the last round), where the office reads
    _echo_issues([i for i in outcome.issues if i.code.startswith("ROUND")
                  or i.code == "FILE_030"], lang)  # (no inbox: every section missing)
    click.echo(_summary(outcome.check))
    click.echo(i18n.t("cli.outputs", lang))
    _echo_outputs(outcome.outputs)
    ctx.exit(1 if outcome.has_errors else 0)


@main.command(help=_h("cli.publish.help"))
@WORKSPACE
@click.pass_context
@handles_errors
def publish(ctx: click.Context, workspace: Path) -> None:
    result = pipeline.publish(workspace, lang=_lang(ctx))
    # what the master's warnings say goes out to the public too: said here as well
    _echo_issues([*result.warnings, *result.issues], result.lang)
    click.echo(i18n.t("cli.publish.done", result.lang))
    _echo_outputs(result.outputs)
    ctx.exit(1 if result.issues else 0)
