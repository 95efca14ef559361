"""The problem record every stage reports, and the few exceptions that stop a command."""

from __future__ import annotations

import errno
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from perfxl import i18n


class Severity(str, Enum):
    """Errors keep a section out of the ranking; warnings and infos are listed only."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Issue:
    """One problem in one input, located as precisely as the input allows."""

    code: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    value: str | None = None
    section: str | None = None
    params: tuple[tuple[str, str | i18n.Localized], ...] = field(default=())

    @property
    def severity(self) -> Severity:
        return Severity(i18n.ISSUES[self.code][0])

    def _fill(self, template: str, lang: str) -> str:
        if not self.value:  # a blank cell is said to be blank, not quoted as “”
            template = template.replace("“{value}”", "（空白）").replace("'{value}'", "(blank)")
        values: dict[str, object] = {
            "file": self.file or "",
            "sheet": self.sheet or "",
            "cell": self.cell or "",
            "value": self.value if self.value is not None else "",
            "section": self.section or "",
            **dict(self.params),
        }
        return i18n.fill(template, lang, values)

    def what(self, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
        _, zh, _, en, _ = i18n.ISSUES[self.code]
        return self._fill(en if lang == "en" else zh, lang)

    def fix(self, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
        _, _, zh, _, en = i18n.ISSUES[self.code]
        return self._fill(en if lang == "en" else zh, lang)

    def message(self, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
        return f"{self.what(lang)}{'' if lang == 'zh' else ' '}{self.fix(lang)}"

    def location(self) -> str:
        """`file › sheet › cell`, omitting what is not known."""
        return " › ".join(part for part in (self.file, self.sheet, self.cell) if part)

    def to_json(self, lang: str = i18n.DEFAULT_LANGUAGE) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "section": self.section,
            "value": self.value,
            "message": self.message(lang),
        }


def make_issue(
    code: str,
    *,
    file: str | None = None,
    sheet: str | None = None,
    cell: str | None = None,
    value: object = None,
    section: str | None = None,
    **params: object,
) -> Issue:
    """Build an Issue; `code` must be in the catalogue, every parameter becomes text (a
    Localized one, text in each language)."""
    if code not in i18n.ISSUES:
        raise KeyError(f"unknown issue code {code}")
    return Issue(
        code=code,
        file=file,
        sheet=sheet,
        cell=cell,
        value=None if value is None else str(value),
        section=section,
        params=tuple((k, v if isinstance(v, i18n.Localized) else str(v))
                     for k, v in sorted(params.items())),
    )


def exception_text(exc: BaseException, limit: int = 200) -> str:
    """What failed, as a problem's reason: the exception's type and message, cut short."""
    return f"{type(exc).__name__}: {exc}"[:limit]


def system_reason(error: OSError) -> i18n.Localized | str:
    """What the system refused, in the message's language where perfxl knows the error
    ("Permission denied" is 没有权限 in a Chinese message), else as the system says it."""
    key = f"oserror.{errno.errorcode.get(error.errno or 0, '')}"
    if key in i18n.TEXT:
        return i18n.t_each(key)
    return error.strerror or type(error).__name__


def has_errors(issues: Iterable[Issue]) -> bool:
    return any(i.severity is Severity.ERROR for i in issues)


class PerfxlError(Exception):
    """A command cannot proceed: the CLI prints the message and exits 2."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
        """The message in `lang`; a list or tuple parameter is listed as that language lists."""
        return i18n.t(self.key, lang, **{
            name: i18n.listing(map(str, value), lang) if isinstance(value, (list, tuple))
            else value for name, value in self.params.items()})


class MasterError(PerfxlError):
    """The master workbook has errors; nothing can be built from it."""

    def __init__(self, path: str, issues: list[Issue]) -> None:
        super().__init__("cli.master_errors", path=path, count=len(issues))
        self.issues = issues
