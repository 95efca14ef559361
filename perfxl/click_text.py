"""click's own messages (usage errors, help headings) in the user's language.

click writes "Usage:", "Error: No such option" and the like through gettext, in English
unless a message catalogue is installed. perfxl's users read Chinese by default, so the
messages they can meet are translated here and handed to click's modules in place of their
gettext functions. The language is chosen per invocation (`LANGUAGE`, set by the command
group from its arguments before click parses them); anything not listed stays as click
wrote it. Help is laid out by `HelpFormatter`, which measures a Chinese character as the
two columns a terminal gives it.
"""

from __future__ import annotations

import gettext
import importlib
import re
import unicodedata
from collections.abc import Callable

import click
from click import formatting

LANGUAGE = "zh"

ZH: dict[str, str] = {
    "Usage:": "用法：",
    ":": "：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "请运行 '{command} {option}' 查看用法。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Did you mean {possibility}?": "您要输入的是 {possibility} 吗？",
    "(Did you mean one of: {possibilities}?)": "（您要输入的是其中之一吗：{possibilities}？）",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Got unexpected extra argument ({args})": "多出了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多出了参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 后面需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 后面不能带值。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是以下之一：{choices}。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合以下任一格式：{formats}。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数字（{number_type}）。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，不是文件夹。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹，不是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 无法读取（没有权限）。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 无法写入（没有权限）。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "default: {default}": "默认：{default}",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "Aborted!": "已中止。",
}

CATALOGUES = {"zh": ZH}

# click's modules that print messages a user can meet
_MODULES = ("core", "exceptions", "types", "parser", "decorators", "formatting", "termui", "utils")


def translate(message: str) -> str:
    return CATALOGUES.get(LANGUAGE, {}).get(message, message)


def _gettext(message: str) -> str:
    return translate(gettext.gettext(message))


def _ngettext(singular: str, plural: str, count: int) -> str:
    return translate(gettext.ngettext(singular, plural, count))


def install(language: str) -> None:
    """Have click speak `language` from now on (click's modules are patched once)."""
    global LANGUAGE
    LANGUAGE = language
    formatting.term_len = terminal_width
    formatting.wrap_text = wrap_text
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        replacements: dict[str, Callable[..., str]] = {"_": _gettext, "ngettext": _ngettext}
        for attribute, function in replacements.items():
            # only where click still uses gettext: a later click that stops is left alone
            if getattr(module, attribute, None) in (gettext.gettext, gettext.ngettext):
                setattr(module, attribute, function)


_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")


def terminal_width(x: str) -> int:
    """Columns text `x` takes on a terminal: a Chinese character takes two (click's `term_len`)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in _ANSI.sub("", x))


_click_wrap_text = formatting.wrap_text
_CLOSING = set("，。、；：！？）》」』】”’")


def wrap_text(text: str, width: int = 78, initial_indent: str = "",
              subsequent_indent: str = "", preserve_paragraphs: bool = False) -> str:
    """click's `wrap_text`, measuring Chinese characters as two columns: a line of Chinese
    breaks between characters (never inside a run of Latin letters or digits), not past
    the terminal's edge."""
    if terminal_width(text) == len(text):
        return _click_wrap_text(text, width, initial_indent, subsequent_indent,
                                preserve_paragraphs)
    lines: list[str] = []
    for paragraph in text.split("\n\n") if preserve_paragraphs else [text]:
        line = initial_indent if not lines else subsequent_indent
        if lines:
            lines.append("")
        for piece in re.findall(r"[\x21-\x7e]+|\s+|.", re.sub(r"\s*\n\s*", " ", paragraph)):
            hangs = piece in _CLOSING  # a closing mark stays on its line, past the edge
            if line.strip() and not hangs and terminal_width(line + piece.rstrip()) > width:
                lines.append(line.rstrip())
                line = subsequent_indent
                if piece.isspace():
                    continue
            line += piece
        lines.append(line.rstrip())
    return "\n".join(lines)


class HelpFormatter(click.HelpFormatter):
    """click's help layout with the headings' colon in the user's language and columns
    measured as a terminal shows them."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            usage = translate("Usage:")
            prefix = usage if usage.endswith("：") else f"{usage} "
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}{translate(':')}\n")


class Context(click.Context):
    formatter_class = HelpFormatter
