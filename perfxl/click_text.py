"""click's own messages (usage errors, help headings) in the user's language.

click writes "Usage:", "Error: No such option" and the like through gettext, in English
unless a message catalogue is installed. perfxl's users read Chinese by default, so the
messages they can meet are translated here and handed to click's modules in place of their
gettext functions. The language is chosen per invocation (`LANGUAGE`, set by the command
group from its arguments before click parses them); anything not listed stays as click
wrote it.
"""

from __future__ import annotations

import gettext
import importlib
from collections.abc import Callable

LANGUAGE = "zh"

ZH: dict[str, str] = {
    "Usage:": "用法：",
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
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        replacements: dict[str, Callable[..., str]] = {"_": _gettext, "ngettext": _ngettext}
        for attribute, function in replacements.items():
            # only where click still uses gettext: a later click that stops is left alone
            if getattr(module, attribute, None) in (gettext.gettext, gettext.ngettext):
                setattr(module, attribute, function)
