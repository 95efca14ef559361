"""Figures the reports show beyond the scores: per-indicator analysis, bonus table, status notes.

Pure functions over plain data; the writers and narratives only format what is computed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from perfxl import i18n
from perfxl.issues import Issue
from perfxl.model import (
    Category,
    Deduction,
    Grade,
    Indicator,
    Master,
    PreviousResult,
    PreviousYear,
    RectificationItem,
    Return,
    SectionScore,
)
from perfxl.scoring import sum_deductions

LOW_RATE = Decimal("0.6")


def is_shortfall(indicator: Indicator | None, points: Decimal, final: Decimal) -> bool:
    """A basic indicator scored below 60%: a shortfall to rectify (and followed up next year).
    An excellence indicator not earned is no shortfall: it is there to be won."""
    return (indicator is not None and indicator.category is Category.BASIC
            and bool(points) and final / points < LOW_RATE)


CENT = Decimal("0.01")


@dataclass(frozen=True)
class IndicatorStat:
    """How the sections that own one indicator scored on it."""

    indicator: Indicator
    owners: tuple[str, ...]  # section labels
    scored: int  # sections with a final score
    average: Decimal | None  # average final score
    average_rate: Decimal | None  # average final score / points, 0..1
    lowest: Decimal | None
    highest: Decimal | None
    below_60: tuple[str, ...]  # sections under 60% of a basic indicator's points (labels)
    adjusted: int  # review changes
    cited: int = 0  # sections whose 佐证材料 cell for it is filled
    everyone: bool = False  # owned by every section (全体): owners is then not spelled out


@dataclass(frozen=True)
class BonusLine:
    """One ranked section's line in the bonus table."""

    code: str
    name: str
    grade: Grade
    coefficient: Decimal
    headcount: int
    weight: Decimal
    exact_share: Decimal
    bonus: Decimal


@dataclass(frozen=True)
class Adjustment:
    """A score the review changed."""

    code: str
    name: str
    indicator_id: str
    indicator_name: str
    self_score: Decimal
    approved: Decimal

    @property
    def change(self) -> Decimal:
        return self.approved - self.self_score


def rate(score: Decimal, points: Decimal) -> Decimal:
    return score / points if points else Decimal(0)


def indicator_stats(master: Master, scores: Sequence[SectionScore],
                    returns: Sequence[Return] = ()) -> list[IndicatorStat]:
    """Per indicator, over the sections whose return was scored (the count of those citing
    evidence too, so it never exceeds the count scored)."""
    scored = {score.code for score in scores if score.indicator_scores}
    cited: dict[str, int] = {}
    for returned in (r for r in returns if r.section_code in scored):
        for answer in returned.answers:
            if answer.evidence.strip():
                cited[answer.indicator_id] = cited.get(answer.indicator_id, 0) + 1
    labels = {s.code: s.label for s in master.sections}
    finals: dict[str, list[tuple[str, Decimal, bool]]] = {}
    for score in scores:
        for item in score.indicator_scores:
            finals.setdefault(item.indicator_id, []).append(
                (score.code, item.final, item.adjusted)
            )
    stats = []
    all_codes = set(labels)
    for indicator in master.indicators:
        everyone = len(indicator.owners) == len(all_codes) and set(indicator.owners) == all_codes
        found = finals.get(indicator.id, [])
        values = [value for _code, value, _adjusted in found]
        average = (sum(values, Decimal(0)) / len(values)) if values else None
        stats.append(
            IndicatorStat(
                indicator=indicator,
                owners=() if everyone else tuple(labels[c] for c in indicator.owners
                                                 if c in labels),
                scored=len(values),
                average=average.quantize(CENT, ROUND_HALF_UP) if average is not None else None,
                average_rate=(
                    rate(average, indicator.points).quantize(Decimal("0.0001"), ROUND_HALF_UP)
                    if average is not None
                    else None
                ),
                lowest=min(values) if values else None,
                highest=max(values) if values else None,
                below_60=tuple(
                    labels[code]
                    for code, value, _adjusted in found
                    if is_shortfall(indicator, indicator.points, value)
                ),
                adjusted=sum(1 for _code, _value, adjusted in found if adjusted),
                cited=cited.get(indicator.id, 0),
                everyone=everyone,
            )
        )
    return stats


def lowest_indicators(stats: Sequence[IndicatorStat], count: int = 5) -> list[IndicatorStat]:
    """The basic indicators with the lowest average score rate (ties by master order), short
    of full marks; excellence indicators are there to be won, not shortfalls."""
    rated = [s for s in stats if s.average_rate is not None and s.average_rate < 1
             and s.indicator.category is Category.BASIC]
    return sorted(rated, key=lambda s: s.average_rate or Decimal(0))[:count]


def bonus_lines(master: Master, scores: Sequence[SectionScore]) -> list[BonusLine]:
    """The bonus table: weight = coefficient × headcount, exact share, rounded bonus."""
    from perfxl.ranking import intended

    settings = master.settings
    ranked = [s for s in scores if s.grade is not None and s.bonus is not None]
    weights: dict[str, tuple[Fraction, int]] = {}
    for score in ranked:
        section = master.section(score.code)
        headcount = section.headcount if section else 0
        assert score.grade is not None
        # as allocate_bonus weighs them: "=4/3" as four thirds
        weights[score.code] = (intended(settings.coefficient(score.grade)), headcount)
    total_weight = sum((c * h for c, h in weights.values()), Fraction(0))
    lines = []
    for score in sorted(ranked, key=lambda s: (s.rank or 0, s.code)):
        coefficient, headcount = weights[score.code]
        weight = coefficient * headcount
        exact = Fraction(settings.bonus_pool) * weight / total_weight if total_weight else \
            Fraction(0)
        assert score.grade is not None and score.bonus is not None
        lines.append(
            BonusLine(
                score.code,
                score.name,
                score.grade,
                _shown_exactly(coefficient),
                headcount,
                _shown_exactly(weight),
                half_up_cents(exact),
                score.bonus,
            )
        )
    return lines


def _shown_exactly(value: Fraction) -> Decimal:
    """A coefficient or weight for the table: exact when it is a decimal (1.2, 36), else
    to 4 places (4/3 is 1.3333)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact if Fraction(exact) == value else exact.quantize(Decimal("0.0001"),
                                                                 ROUND_HALF_UP)


def half_up_cents(value: Fraction) -> Decimal:
    """An exact amount to the cent, halves away from zero."""
    with localcontext() as context:
        context.prec = 60
        return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
            CENT, ROUND_HALF_UP)


def adjustments(master: Master, scores: Sequence[SectionScore]) -> list[Adjustment]:
    names = {i.id: i.name for i in master.indicators}
    found = []
    for score in scores:
        for item in score.indicator_scores:
            if item.adjusted and item.approved_score is not None:
                found.append(
                    Adjustment(
                        score.code,
                        score.name,
                        item.indicator_id,
                        names.get(item.indicator_id, ""),
                        item.self_score,
                        item.approved_score,
                    )
                )
    return found


def deductions_by_source(deductions: Sequence[Deduction]) -> list[tuple[str, int, Decimal]]:
    """(source, count, points) in descending points."""
    totals: dict[str, tuple[int, Decimal]] = {}
    for deduction in deductions:
        count, points = totals.get(deduction.source or "—", (0, Decimal(0)))
        totals[deduction.source or "—"] = (count + 1, points + deduction.points)
    return sorted(
        ((source, count, points) for source, (count, points) in totals.items()),
        key=lambda item: (-item[2], item[0]),
    )


def spread(values: Sequence[Decimal]) -> tuple[Decimal, Decimal, Decimal] | None:
    """(average, lowest, highest) of the totals, or None when nothing was scored."""
    if not values:
        return None
    average = (sum(values, Decimal(0)) / len(values)).quantize(CENT, ROUND_HALF_UP)
    return average, min(values), max(values)


def scoring_rules(master: Master, quota: int, lang: str, published: bool = False
                  ) -> list[tuple[str, str]]:
    """The scoring rules in plain words, with the parameter values actually used. Rules
    `published` before any result state the quota as it is when every section is ranked."""
    from perfxl.model import decimal_text, format_points
    from perfxl.ranking import bonus_rounding, intended

    def shown(value: Decimal) -> str:  # =1/3 as 0.33, not 0.333333333333333
        if intended(value) == Fraction(value):
            return format_points(value)
        return format_points(Decimal(decimal_text(value, 2)).normalize())

    settings = master.settings
    full = settings.basic_full
    values = {
        "basic_full": format_points(full),
        "excellent_points": shown(full * settings.excellent_line),
        "excellent_line": shown(settings.excellent_line),
        "ratio_percent": shown(settings.excellent_ratio * 100),
        "quota": quota,
        "sections": len(master.sections),
        "good_points": shown(full * settings.good_line),
        "fair_points": shown(full * settings.fair_line),
        "pool": format_points(settings.bonus_pool),
        "rounding": bonus_rounding(settings.bonus_pool, lang),
        "coef_excellent": shown(settings.coef_excellent),
        "coef_good": shown(settings.coef_good),
        "coef_fair": shown(settings.coef_fair),
        "coef_poor": shown(settings.coef_poor),
    }
    keys = ("source", "basic", "excellence", "deductions", "total", "rank", "excellent",
            "grades", "bonus", "unranked")
    texts = {key: f"rules.{key}.text" for key in keys}
    if published:
        texts["excellent"] = "rules.excellent.published"
    return [(i18n.t(f"rules.{key}", lang), i18n.t(texts[key], lang, **values)) for key in keys]


@dataclass(frozen=True)
class Assessment:
    """Everything one run computed, as plain data for the workbook and the narratives."""

    master: Master
    scores: tuple[SectionScore, ...]
    deductions: tuple[Deduction, ...]
    stats: tuple[IndicatorStat, ...]
    bonus: tuple[BonusLine, ...]
    adjustments: tuple[Adjustment, ...]
    rules: tuple[tuple[str, str], ...]
    quota: int
    error_counts: dict[str, int]  # section code -> errors in its return
    previous: PreviousYear | None = None
    open_items: dict[str, tuple[RectificationItem, ...]] = field(default_factory=dict)
    answered_items: dict[str, int] = field(default_factory=dict)
    # the office's own inputs (the register, the review) with errors: what they hold was not
    # all applied, so no result is final, even with every section ranked
    faulty_inputs: tuple[str, ...] = ()
    # section code -> the office's inputs with an error in what they say of it (a register
    # row, a review score): its total cannot be known, though its return may be in order
    held_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # sections a register row in error names: their deductions are not all known
    deductions_unknown: frozenset[str] = frozenset()

    def rectified(self, code: str) -> tuple[int, int] | None:
        """(answered, all) of last year's items for a section, None when it had none."""
        if self.previous is None:
            return None
        total = len(self.previous.items_for(code))
        return (self.answered_items.get(code, 0), total) if total else None

    def previous_result(self, code: str) -> PreviousResult | None:
        return self.previous.result(code) if self.previous else None

    @property
    def ranked(self) -> list[SectionScore]:
        """Ranked sections, best first (ties by code)."""
        return sorted((s for s in self.scores if s.rank is not None),
                      key=lambda s: (s.rank or 0, s.code))

    @property
    def unranked(self) -> list[SectionScore]:
        return [s for s in self.scores if s.rank is None]

    @property
    def provisional(self) -> bool:
        return bool(self.unranked) or bool(self.faulty_inputs)

    def deductions_of(self, score: SectionScore) -> Decimal | None:
        """A section's deductions as far as they are known: None while a register row about
        it is in error (the row was left out), whether the section is ranked or not."""
        return None if score.code in self.deductions_unknown else score.deductions

    def held_only(self, score: SectionScore) -> tuple[str, ...]:
        """The office's inputs that alone keep a section out of the ranking (its return has
        no error), or () when its return is missing or in error, or it is ranked."""
        if score.status != "error" or self.error_counts.get(score.code, 0):
            return ()
        return self.held_by.get(score.code, ())

    @property
    def faulty(self) -> list[SectionScore]:
        """Sections whose own return has errors to fix."""
        return [s for s in self.scores if s.status == "error" and not self.held_only(s)]

    @property
    def held(self) -> list[SectionScore]:
        """Sections unranked for an error in the office's register or review alone."""
        return [s for s in self.scores if self.held_only(s)]

    @property
    def deduction_total(self) -> Decimal:
        """Every point the register deducted, from every section."""
        return sum_deductions(self.deductions)

    @property
    def bonus_total(self) -> Decimal:
        """The bonus shared out: the pool, when it could be shared."""
        return sum((line.bonus for line in self.bonus), Decimal(0))

    @property
    def held_inputs(self) -> list[str]:
        """The office's inputs that alone hold a section back, each once."""
        return sorted({name for score in self.held for name in self.held_only(score)})


@dataclass(frozen=True)
class Settled:
    """Each section's status once the office's own inputs are judged too, and why."""

    statuses: dict[str, str]  # ok / error / missing
    errors: dict[str, int]  # error count in a section's own return
    held_by: dict[str, tuple[str, ...]]  # the office's inputs whose record of it is in error
    faulty_inputs: tuple[str, ...]  # the office's inputs with any error
    deductions_unknown: frozenset[str]  # sections a register row in error is about


def settle_statuses(statuses: dict[str, str], issues: Sequence[Issue],
                    office_issues: Sequence[Issue], deduction_issues: Sequence[Issue]
                    ) -> Settled:
    """A section with an error in its return, or in what the register or the review says
    of it, is not ranked (status "error"); which of the two is kept apart, so the outputs
    blame the right one."""
    office = set(office_issues)
    errors: dict[str, int] = {}
    held_by: dict[str, set[str]] = {}
    for issue in issues:
        if issue.section and issue.severity.value == "error":
            if issue in office:
                held_by.setdefault(issue.section, set()).add(issue.file or "")
            else:
                errors[issue.section] = errors.get(issue.section, 0) + 1
    settled = {code: "error" if status == "ok" and (errors.get(code) or held_by.get(code))
               else status for code, status in statuses.items()}
    faulty = sorted({i.file or "" for i in office if i.severity.value == "error"} - {""})
    unknown = frozenset(i.section for i in deduction_issues
                        if i.section and i.severity.value == "error")
    return Settled(settled, errors,
                   {code: tuple(sorted(files - {""})) for code, files in held_by.items()},
                   tuple(faulty), unknown)


def assess(master: Master, scores: Sequence[SectionScore], deductions: Sequence[Deduction],
           error_counts: dict[str, int], lang: str, previous: PreviousYear | None = None,
           returns: Sequence[Return] = (), faulty_inputs: Sequence[str] = (),
           held_by: dict[str, tuple[str, ...]] | None = None,
           deductions_unknown: frozenset[str] = frozenset()) -> Assessment:
    """Bundle the scores with the figures derived from them."""
    answered: dict[str, int] = {}
    open_items: dict[str, tuple[RectificationItem, ...]] = {}
    if previous is not None:
        by_code = {r.section_code: r for r in returns}
        for section in master.sections:
            items = previous.items_for(section.code)
            returned = by_code.get(section.code)
            done = {a.key for a in returned.rectification if a.answered} if returned else set()
            answered[section.code] = sum(1 for i in items if i.key in done)
            open_items[section.code] = tuple(i for i in items if i.key not in done)
    from perfxl.ranking import excellent_quota

    ranked = sum(1 for s in scores if s.rank is not None)
    quota = excellent_quota(ranked, master.settings)
    return Assessment(
        master=master,
        scores=tuple(scores),
        deductions=tuple(sorted(deductions, key=lambda d: (d.date or date.min, d.row))),
        stats=tuple(indicator_stats(master, scores, returns)),
        bonus=tuple(bonus_lines(master, scores)),
        adjustments=tuple(adjustments(master, scores)),
        rules=tuple(scoring_rules(master, quota, lang)),
        quota=quota,
        error_counts=dict(error_counts),
        previous=previous,
        open_items=open_items,
        answered_items=answered,
        faulty_inputs=tuple(faulty_inputs),
        held_by=dict(held_by or {}),
        deductions_unknown=deductions_unknown,
    )
