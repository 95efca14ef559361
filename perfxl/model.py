"""The plain data that flows between perfxl's stages: frozen dataclasses, no I/O."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from functools import cached_property
from typing import Protocol


class Category(str, Enum):
    """An indicator's category: basic indicators are scaled, excellence points count as-is."""

    BASIC = "basic"
    EXCELLENCE = "excellence"


class Grade(str, Enum):
    """The four grades (等次), best first."""

    EXCELLENT = "excellent"
    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"


@dataclass(frozen=True)
class Indicator:
    """One scored item of the master indicator set."""

    id: str
    category: Category
    subcategory: str
    name: str
    points: Decimal
    criteria: str = ""
    owners: tuple[str, ...] = ()  # section codes, resolved from names and 全体
    evidence: str = ""
    note: str = ""
    row: int = 0  # the row in the master's 指标 sheet, for messages


@dataclass(frozen=True)
class Section:
    """An internal unit being assessed (科室)."""

    code: str
    name: str
    head: str = ""
    contact: str = ""
    email: str = ""
    headcount: int = 0
    row: int = 0

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@dataclass(frozen=True)
class Settings:
    """The `设置` sheet: everything a bureau may tune, with the seed's defaults."""

    unit: str = ""
    year: int = 0
    round: str = "年度考评"
    deadline: date | None = None
    basic_full: Decimal = Decimal(640)
    excellent_ratio: Decimal = Decimal("0.2")
    excellent_line: Decimal = Decimal("0.9")
    good_line: Decimal = Decimal("0.8")
    fair_line: Decimal = Decimal("0.6")
    bonus_pool: Decimal = Decimal(0)
    coef_excellent: Decimal = Decimal("1.2")
    coef_good: Decimal = Decimal("1.0")
    coef_fair: Decimal = Decimal("0.8")
    coef_poor: Decimal = Decimal("0.5")
    template_password: str = ""
    language: str = "zh"
    workspace_id: str = ""
    office_contact: str = ""
    office_phone: str = ""
    office_email: str = ""
    rectification_deadline: date | None = None
    issue_date: date | None = None

    def coefficient(self, grade: Grade) -> Decimal:
        return {
            Grade.EXCELLENT: self.coef_excellent,
            Grade.GOOD: self.coef_good,
            Grade.FAIR: self.coef_fair,
            Grade.POOR: self.coef_poor,
        }[grade]


@dataclass(frozen=True)
class Master:
    """The master workbook: indicators, sections and settings."""

    indicators: tuple[Indicator, ...]
    sections: tuple[Section, ...]
    settings: Settings
    sha256: str = ""

    def section(self, code: str) -> Section | None:
        return self._sections.get(code)

    def indicator(self, indicator_id: str) -> Indicator | None:
        return self._indicators.get(indicator_id)

    def indicators_for(self, code: str) -> tuple[Indicator, ...]:
        """The indicators a section owns, in master order."""
        return self._owned.get(code, ())

    # Indexes built on first use: a city-wide master has thousands of indicators and
    # sections, and these are asked for once per section per stage.
    @cached_property
    def _sections(self) -> dict[str, Section]:
        return {s.code: s for s in self.sections}

    @cached_property
    def _indicators(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}

    @cached_property
    def _owned(self) -> dict[str, tuple[Indicator, ...]]:
        owned: dict[str, list[Indicator]] = {}
        for indicator in self.indicators:
            for code in indicator.owners:
                owned.setdefault(code, []).append(indicator)
        return {code: tuple(items) for code, items in owned.items()}


class IndicatorRow(Protocol):
    """Anything with an indicator's id, name and points (Indicator, TemplateRow)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def points(self) -> Decimal: ...


def fingerprint(indicators: Sequence[IndicatorRow]) -> str:
    """A short stable hash of the rows a template was made with (ids, names, points)."""
    rows = [[i.id, i.name, format_points(i.points)] for i in indicators]
    payload = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


@functools.lru_cache(maxsize=4096)  # a few hundred distinct scores, over and over
def format_points(value: Decimal) -> str:
    """Points as people write them: 40, 12.5 (no trailing zeros, no exponent)."""
    text = format(value.normalize(), "f")
    return text


def decimal_text(value: Decimal, places: int) -> str:
    """`value` to `places` decimals, halves away from zero as the workbooks show them
    (Python's own format rounds them to even: 0.125 would read 0.12 in a bulletin and 0.13 in
    the workbook beside it); never "-0.00"."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{abs(rounded) if rounded == 0 else rounded:.{places}f}"


def percent_text(value: Decimal, places: int = 1) -> str:
    """A rate as a percentage: 0.8125 is "81.3%"."""
    return f"{decimal_text(value * 100, places)}%"


@dataclass(frozen=True)
class TemplateRow:
    """One indicator row as the template recorded it in its hidden metadata."""

    id: str
    name: str
    points: Decimal


@dataclass(frozen=True)
class TemplateBinding:
    """What a template's hidden metadata says it was made for."""

    workspace_id: str
    unit: str
    year: int
    round: str
    section_code: str
    section_name: str
    kind: str  # "annual" or "progress"
    rows: tuple[TemplateRow, ...]
    fingerprint: str
    tool_version: str = ""


@dataclass(frozen=True)
class Collection:
    """What one collection of returns expects: the annual self-assessment or a progress round."""

    kind: str = "annual"  # annual | progress
    round: str = ""  # the round's name; "" means the master's 轮次
    # the workspace's other rounds: a return for one of them was filed in the wrong inbox
    other_rounds: frozenset[str] = frozenset()

    def round_name(self, settings: Settings) -> str:
        return self.round or settings.round


@dataclass(frozen=True)
class ProgressAnswer:
    """A section's progress report on one indicator in a monitoring round."""

    indicator_id: str
    progress: Decimal | None  # 0..1, None when unusable (an issue says why)
    note: str  # 进展情况
    problems: str  # 存在问题
    next_steps: str  # 下步措施
    cell: str
    row: int


@dataclass(frozen=True)
class RectificationItem:
    """One of last year's findings a section must answer for (改进提升)."""

    key: str  # stable within the year: R1, R2 …
    section_code: str
    kind: str  # deduction | veto | low
    text: str


@dataclass(frozen=True)
class RectificationAnswer:
    """What a section wrote against one rectification item."""

    key: str
    measures: str  # 整改措施
    results: str  # 整改成效
    row: int

    @property
    def answered(self) -> bool:
        return bool(self.measures.strip() and self.results.strip())


@dataclass(frozen=True)
class PreviousResult:
    """A section's result last year, as imported by `init --from`."""

    code: str
    name: str
    status: str
    total: Decimal | None
    rank: int | None
    grade: str | None


@dataclass(frozen=True)
class PreviousYear:
    """Last year's results, indicators and open rectification items."""

    year: int
    unit: str
    results: tuple[PreviousResult, ...]
    indicators: tuple[tuple[str, str], ...]  # (id, name)
    items: tuple[RectificationItem, ...]
    # last year's sections no longer assessed whose codes others hold now (their results
    # dropped by the alignment: no section's this year), by name
    gone: tuple[str, ...] = ()

    def result(self, code: str) -> PreviousResult | None:
        return next((r for r in self.results if r.code == code), None)

    def items_for(self, code: str) -> tuple[RectificationItem, ...]:
        return tuple(i for i in self.items if i.section_code == code)


@dataclass(frozen=True)
class Answer:
    """A section's self-assessment of one indicator, as read from its return."""

    indicator_id: str
    self_score: Decimal | None  # None when the cell was unusable (an issue says why)
    achievement: str
    evidence: str
    cell: str  # the A1 address of the 自评得分 cell
    row: int
    evidence_cell: str = ""  # the A1 address of its 佐证材料 cell


@dataclass(frozen=True)
class SelfReport:
    """The four parts of the `自评报告` sheet."""

    overall: str = ""
    practice: str = ""
    problems: str = ""
    next_steps: str = ""

    def parts(self) -> tuple[tuple[str, str], ...]:
        return (
            ("overall", self.overall),
            ("practice", self.practice),
            ("problems", self.problems),
            ("next_steps", self.next_steps),
        )


@dataclass(frozen=True)
class InputFile:
    """A file found in the inbox, with what became of it."""

    path: str  # relative to the inbox, with forward slashes
    sha256: str
    size: int
    section: str | None = None
    status: str = "skipped"  # used | duplicate | skipped | rejected
    saved_at: str = ""  # the workbook's own modified time (docProps), ISO text


@dataclass(frozen=True)
class Return:
    """A section's returned workbook, read into plain values (not yet judged)."""

    path: str
    sha256: str
    section_code: str
    answers: tuple[Answer, ...]
    report: SelfReport
    sheet: str  # the actual name of the self-assessment sheet
    # which template it was made from (its indicator rows are checked by validate and not
    # carried on); None when the metadata sheet was lost
    binding: TemplateBinding | None = None
    saved_at: str = ""
    progress: tuple[ProgressAnswer, ...] = ()  # monitoring rounds only
    rectification: tuple[RectificationAnswer, ...] = ()


@dataclass(frozen=True)
class Deduction:
    """One entry of the deduction register (扣分登记)."""

    date: date | None
    section_code: str
    source: str
    reason: str
    points: Decimal
    veto: bool
    reference: str = ""
    row: int = 0


@dataclass(frozen=True)
class ReviewEntry:
    """The assessment group's decision on one section × indicator."""

    section_code: str
    indicator_id: str
    approved_score: Decimal
    note: str = ""
    row: int = 0


@dataclass(frozen=True)
class IndicatorScore:
    """The final score of one indicator for one section, with where it came from."""

    indicator_id: str
    self_score: Decimal
    approved_score: Decimal | None
    points: Decimal

    @property
    def final(self) -> Decimal:
        return self.approved_score if self.approved_score is not None else self.self_score

    @property
    def adjusted(self) -> bool:
        return self.approved_score is not None and self.approved_score != self.self_score


@dataclass(frozen=True)
class SectionScore:
    """One section's result: scores when it was scored, else only its status."""

    code: str
    name: str
    status: str  # ok | error | missing
    basic_raw: Decimal | None = None
    basic_possible: Decimal | None = None
    basic: Decimal | None = None  # as shown, to 0.01
    excellence: Decimal | None = None
    deductions: Decimal = Decimal(0)
    total: Decimal | None = None
    veto: bool = False
    indicator_scores: tuple[IndicatorScore, ...] = ()
    rank: int | None = None
    # basic before rounding (§4 rounds only the total): what the total is made of and what
    # breaks a tie on it; None where it is `basic` itself
    basic_exact: Decimal | None = None
    grade: Grade | None = None
    bonus: Decimal | None = None
    tied_at_quota: bool = False  # held back from 优秀 by a tie across the quota boundary
    eligible_excellent: bool = False


@dataclass(frozen=True)
class RunResult:
    """Everything a run produced, as plain data for the writers and the JSON."""

    master: Master
    files: tuple[InputFile, ...]
    returns: tuple[Return, ...]
    scores: tuple[SectionScore, ...]
    deductions: tuple[Deduction, ...]
    reviews: tuple[ReviewEntry, ...] = ()
    outputs: tuple[tuple[str, str], ...] = field(default=())
