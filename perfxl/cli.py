"""The `perfxl` command line: each command parses, calls one pipeline function, prints, exits."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from perfxl import __version__, i18n, pipeline
from perfxl.issues import Issue, MasterError, PerfxlError

F = TypeVar("F", bound=Callable[..., Any])


def _help_language(argv: list[str]) -> str:
    """The language for --help texts, known before click parses anything."""
    for n, arg in enumerate(argv):
        if arg == "--lang" and n + 1 < len(argv):
            return argv[n + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return os.environ.get("PERFXL_LANG", i18n.DEFAULT_LANGUAGE)


HELP_LANG = _help_language(sys.argv)


def _h(key: str) -> str:
    return i18n.t(key, HELP_LANG if HELP_LANG in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE)


def _lang(ctx: click.Context) -> str | None:
    value: str | None = ctx.find_root().params.get("lang")
    return value


def _echo_issues(issues: list[Issue], lang: str, err: bool = True) -> None:
    for issue in issues:
        severity = i18n.t(f"severity.{issue.severity.value}", lang)
        click.echo(f"  [{severity}] {issue.code} {issue.location(lang)}：{issue.message(lang)}",
                   err=err)


def handles_errors(command: F) -> F:
    """Turn PerfxlError into a one-line message and exit status 2 (a traceback with --debug)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        lang = _lang(ctx) or i18n.DEFAULT_LANGUAGE
        try:
            return command(*args, **kwargs)
        except PerfxlError as error:
            if ctx.find_root().params.get("debug"):
                raise
            click.echo(i18n.t("cli.error", lang, message=error.message(lang)), err=True)
            if isinstance(error, MasterError):
                _echo_issues(error.issues, lang)
            ctx.exit(2)

    return wrapper  # type: ignore[return-value]


WORKSPACE = click.option(
    "-w", "--workspace", "workspace", type=click.Path(file_okay=False, path_type=Path),
    default=Path("."), show_default=True, help=_h("cli.opt.workspace"),
)


@click.group(help=_h("cli.help"))
@click.option("--lang", type=click.Choice(list(i18n.LANGUAGES)), default=None,
              help=_h("cli.opt.lang"))
@click.option("--debug", is_flag=True, hidden=True)
@click.version_option(__version__, prog_name="perfxl")
def main(lang: str | None, debug: bool) -> None:
    """perfxl command group."""


@main.command(help=_h("cli.init.help"))
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--sample", default=None, help=_h("cli.opt.sample"))
@click.pass_context
@handles_errors
def init(ctx: click.Context, directory: Path, sample: str | None) -> None:
    lang = _lang(ctx) or i18n.DEFAULT_LANGUAGE
    workspace = pipeline.create_workspace(directory, sample=sample, lang=_lang(ctx))
    click.echo(i18n.t("cli.init.done", lang, path=workspace.root))
    click.echo(i18n.t("cli.init.next", lang, master=workspace.master, path=workspace.root))


@main.command(help=_h("cli.templates.help"))
@WORKSPACE
@click.pass_context
@handles_errors
def templates(ctx: click.Context, workspace: Path) -> None:
    result = pipeline.build_templates(workspace, lang=_lang(ctx))
    _echo_issues(result.warnings, result.lang)
    click.echo(i18n.t("cli.templates.done", result.lang, count=len(result.files),
                      path=result.folder))
    without = [f.section.label for f in result.files if f.email is None]
    if without:
        click.echo(i18n.t("cli.templates.no_email", result.lang, sections="、".join(without)))


@main.command(help=_h("cli.demo.help"))
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path),
                default=Path("perfxl-demo"))
@click.pass_context
@handles_errors
def demo(ctx: click.Context, directory: Path) -> None:
    from perfxl import demo as demo_module

    lang = _lang(ctx) or i18n.DEFAULT_LANGUAGE
    outcome = demo_module.run_demo(directory, lang=lang)
    click.echo(i18n.t("cli.demo.done", lang, path=outcome.workspace.root))
    click.echo(i18n.t("cli.demo.look", lang))
    for path in outcome.highlights:
        click.echo(f"  {path}")
