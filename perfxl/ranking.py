"""Ranks scored sections, gives grades within the 优秀 quota, and divides the bonus pool."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from perfxl import i18n
from perfxl.issues import Issue, make_issue
from perfxl.model import Grade, Master, Section, SectionScore, Settings


def ranking_key(score: SectionScore) -> tuple[Decimal, Decimal, Decimal]:
    """What orders two ranked sections, larger is better: total, then basic (exact: two
    bases of 585.2252 and 585.2349 both shown 585.23 are not equal), then −deductions."""
    basic = score.basic_exact if score.basic_exact is not None else score.basic
    if score.total is None or basic is None:
        raise ValueError(f"{score.code} has no score to rank")
    return (score.total, basic, -score.deductions)


def rank_sections(scores: Iterable[SectionScore]) -> list[SectionScore]:
    """Competition ranks for the sections with status "ok"; the others get rank None.

    Sections are ordered by total, highest first. A tie on total goes to the higher basic
    score, then to the lower deductions. Sections still equal share a rank and the next rank
    is skipped, so four sections where the middle two tie rank 1, 2, 2, 4: a section's rank
    is 1 + the number of sections strictly better than it. The result is in the given order.
    """
    given = list(scores)
    keys = sorted((ranking_key(s) for s in given if s.status == "ok"), reverse=True)
    first_place: dict[tuple[Decimal, Decimal, Decimal], int] = {}
    for position, key in enumerate(keys, start=1):
        first_place.setdefault(key, position)
    return [
        replace(s, rank=first_place[ranking_key(s)] if s.status == "ok" else None) for s in given
    ]


def intended(setting: Decimal) -> Fraction:
    """A ratio or coefficient as the office meant it. "=1/3" and "=4/3", read to 15 digits
    as Excel shows them (0.333333333333333), are one third and four thirds again: else 1/3
    of 6 sections gave 1.999999999999998 places, rounded down to 1, and a 优秀 section of 3
    people at 4/3 weighed less than a 良好 one of 4. A value that is no such fraction (0.2,
    0.35, 1.25) is itself."""
    exact = Fraction(setting)
    simple = exact.limit_denominator(1000)
    return simple if abs(exact - simple) < Fraction(1, 10**12) else exact


def excellent_quota(ranked: int, settings: Settings) -> int:
    """How many may be 优秀: excellent_ratio × ranked sections, rounded down, at least 1."""
    if ranked == 0:
        return 0
    return max(1, math.floor(intended(settings.excellent_ratio) * ranked))


def reaches(total: Decimal, line: Decimal, settings: Settings) -> bool:
    """Whether `total` reaches a grade's line (a fraction of basic_full)."""
    return Fraction(total) >= intended(line) * Fraction(settings.basic_full)


def grade_by_lines(total: Decimal, settings: Settings) -> Grade:
    """良好, 一般 or 较差 by the lines alone (优秀 also needs the quota, see grade_sections)."""
    if reaches(total, settings.good_line, settings):
        return Grade.GOOD
    if reaches(total, settings.fair_line, settings):
        return Grade.FAIR
    return Grade.POOR


def grade_sections(
    scores: Iterable[SectionScore], settings: Settings
) -> tuple[list[SectionScore], int]:
    """Grades for the ranked sections, and the 优秀 quota used; unranked sections get None.

    A ranked section is eligible for 优秀 when total ≥ excellent_line × basic_full and it has
    no veto. The quota is `excellent_quota` of the number of ranked sections (vetoed sections
    count in that number but never take a place). 优秀 goes to eligible sections in rank order,
    a whole tied rank at a time, and the quota is never exceeded: when the eligible sections
    sharing a rank do not all fit in the places left, none of them is 优秀, each is flagged
    `tied_at_quota`, and no lower-ranked section is 优秀 either. Every other ranked section is
    良好 (≥ good_line × basic_full), 一般 (≥ fair_line × basic_full) or 较差.
    """
    given = list(scores)
    ranked = [s for s in given if s.rank is not None]
    quota = excellent_quota(len(ranked), settings)
    eligible = {s.code for s in ranked if s.total is not None and not s.veto
                and reaches(s.total, settings.excellent_line, settings)}
    by_rank: dict[int, list[str]] = {}
    for score in sorted(ranked, key=lambda s: (s.rank, s.code)):
        if score.code in eligible and score.rank is not None:
            by_rank.setdefault(score.rank, []).append(score.code)
    excellent: set[str] = set()
    held_back: set[str] = set()
    places = quota
    for rank in sorted(by_rank):
        codes = by_rank[rank]
        if len(codes) > places:
            if places > 0:  # a rank that starts after the quota is full straddles nothing
                held_back.update(codes)
            break  # no lower rank may jump the sections held back above it
        excellent.update(codes)
        places -= len(codes)
    graded: list[SectionScore] = []
    for score in given:
        if score.rank is None or score.total is None:
            graded.append(replace(score, grade=None, eligible_excellent=False, tied_at_quota=False))
            continue
        excellent_here = score.code in excellent
        grade = Grade.EXCELLENT if excellent_here else grade_by_lines(score.total, settings)
        graded.append(
            replace(
                score,
                grade=grade,
                eligible_excellent=score.code in eligible,
                tied_at_quota=score.code in held_back,
            )
        )
    return graded, quota


def bonus_unit(pool: Decimal) -> Decimal:
    """Whole yuan, or the pool's own smallest digit if the pool itself is not whole yuan."""
    if pool == pool.to_integral_value():
        return Decimal(1)
    exponent = pool.normalize().as_tuple().exponent
    return Decimal(1).scaleb(int(exponent))


def bonus_rounding(pool: Decimal, lang: str) -> str:
    """How the bonuses are rounded, in words: to whole yuan, or to the pool's own unit."""
    unit = bonus_unit(pool)
    if unit == 1:
        return i18n.t("bonus.rounding.whole", lang)
    return i18n.t("bonus.rounding.unit", lang, unit=f"{unit:f}")


def allocate_bonus(
    scores: Iterable[SectionScore], sections: Iterable[Section], settings: Settings
) -> tuple[list[SectionScore], list[Issue]]:
    """Divide `settings.bonus_pool` among the graded sections; the others get bonus None.

    Each graded section weighs coefficient(grade) × headcount and its exact share is
    pool × weight / Σweight. Shares are rounded to whole yuan by largest remainder: every
    share is rounded down, then the yuan left over go one each to the largest remainders
    (equal remainders: better rank first, then section code), so the bonuses add up to the
    pool exactly and each is within one yuan of its share. When Σweight is 0 every graded
    section gets 0 and one warning says why: no headcounts (BONUS_001) or the coefficients
    of the grades given all 0 (BONUS_002).
    """
    given = list(scores)
    headcount = {s.code: s.headcount for s in sections}
    graded = [s for s in given if s.grade is not None]
    weights = {
        s.code: intended(settings.coefficient(s.grade)) * headcount.get(s.code, 0)
        for s in graded
        if s.grade is not None
    }
    total_weight = sum(weights.values(), Fraction(0))
    issues: list[Issue] = []
    unit = bonus_unit(settings.bonus_pool)
    units: dict[str, int] = {}
    if graded and total_weight == 0:
        issues.append(_nothing_to_share(graded, headcount))
        units = {s.code: 0 for s in graded}
    elif graded:
        order = {s.code: (s.rank or 0, s.code) for s in graded}
        units = largest_remainder(int(settings.bonus_pool / unit), weights, order)
    return [with_bonus(s, units, unit) for s in given], issues


def _nothing_to_share(graded: list[SectionScore], headcount: dict[str, int]) -> Issue:
    """Why weights adding up to 0 left the pool unshared: the headcounts, or the grades'
    coefficients (a 较差系数 of 0 with every section 较差)."""
    if not any(headcount.get(s.code, 0) for s in graded):
        return make_issue("BONUS_001")
    # the grades of the sections with people: theirs are the coefficients of 0
    given = [grade for grade in Grade
             if any(s.grade is grade and headcount.get(s.code, 0) for s in graded)]
    return make_issue("BONUS_002", grades=i18n.in_each_language(_grade_names, given))


def _grade_names(grades: list[Grade], lang: str) -> str:
    return i18n.listing((i18n.grade_label(grade.value, lang) for grade in grades), lang)


def largest_remainder(
    total: int, weights: dict[str, Fraction], order: dict[str, tuple[int, str]]
) -> dict[str, int]:
    """Split `total` units in proportion to `weights` (Σ > 0), summing exactly to `total`.

    Every exact share is rounded down; the units left over go one each to the largest
    remainders, equal remainders taken in `order` (rank, then code) so the result is stable.
    """
    whole = sum(weights.values(), Fraction(0))
    shares = {key: total * weight / whole for key, weight in weights.items()}
    units = {key: share.numerator // share.denominator for key, share in shares.items()}
    leftover = total - sum(units.values())
    by_remainder = sorted(shares, key=lambda k: (units[k] - shares[k], order[k]))
    for key in by_remainder[:leftover]:
        units[key] += 1
    return units


def with_bonus(score: SectionScore, units: dict[str, int], unit: Decimal) -> SectionScore:
    """The score with its bonus: units × unit when allocated, else None."""
    count = units.get(score.code)
    return replace(score, bonus=None if count is None else Decimal(count) * unit)


def rank_and_grade(
    scores: Iterable[SectionScore], master: Master
) -> tuple[list[SectionScore], list[Issue]]:
    """Rank, grade and allocate the bonus in one go, with the master's settings and headcounts."""
    ranked = rank_sections(scores)
    graded, _quota = grade_sections(ranked, master.settings)
    return allocate_bonus(graded, master.sections, master.settings)
