"""An independent reading of PRODUCT.md §4, written from the spec text (not from perfxl's code),
used as an oracle by the property tests. Exact arithmetic with Fraction.

§4:
- score(i) = approved score if the review gives one, else self score
- basic(s) = basic_raw / basic_possible × basic_full
- excellence(s) = Σ score over owned excellence indicators (points earned as-is)
- deductions(s) = Σ 扣分 — no cap
- total(s) = basic + excellence − deductions, kept to two decimals, may be negative
- Rank by total desc; ties: higher basic, then lower deductions; still equal → same rank (1,2,2,4)
- eligible for 优秀: total ≥ 90% of basic_full and no veto; 优秀 to eligible in rank order, at most
  quota = floor(20% × ranked), at least 1; ties across the boundary all held back.
  Others: 良好 ≥ 80%, 一般 ≥ 60%, else 较差.
- Bonus: pool × coef(grade) × headcount, normalized to the pool, whole yuan, largest remainder,
  sums exactly to the pool.

Two readings the spec leaves to the product, taken as perfxl documents them: "kept to two
decimals" rounds halves away from zero (as Excel shows 0.00), and a pool that is not itself
whole yuan (100.5) is shared in its own smallest unit (the workbook's rules say "取整到 0.1 元").
Equal remainders take the odd unit in rank order, then by section code.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

F = Fraction
Number = Decimal | Fraction | int

# §4's defaults, as the spec states them (not read from perfxl.model.Settings)
BASIC_FULL = F(640)
EXCELLENT_LINE, GOOD_LINE, FAIR_LINE = F(9, 10), F(8, 10), F(6, 10)
EXCELLENT_RATIO = F(2, 10)
COEFFICIENTS = {"excellent": F(6, 5), "good": F(1), "fair": F(4, 5), "poor": F(1, 2)}


def half_up(value: Fraction, places: int = 2) -> Fraction:
    """Round to `places` decimals, halves away from zero."""
    scale = 10**places
    magnitude = abs(value) * scale
    whole = math.floor(magnitude)
    if magnitude - whole >= F(1, 2):
        whole += 1
    return F(whole if value >= 0 else -whole, scale)


@dataclass(frozen=True)
class RefScore:
    """One section's figures by §4."""

    code: str
    basic: Fraction  # as shown, to 0.01
    excellence: Fraction
    deductions: Fraction
    total: Fraction
    veto: bool
    basic_exact: Fraction  # what the total is made of and what breaks a tie on it


def ref_score(
    code: str,
    indicators: Sequence[tuple[str, bool, Number]],
    self_scores: Mapping[str, Number],
    approved: Mapping[str, Number],
    deductions: Sequence[tuple[str, Number, bool]],
    basic_full: Number,
) -> RefScore:
    """The section's score. `indicators` are the ones it owns as (id, is_basic, points);
    `deductions` the whole register as (section code, points, veto)."""
    raw = possible = excellence = F(0)
    for indicator_id, is_basic, points in indicators:
        final = F(approved[indicator_id] if indicator_id in approved
                  else self_scores[indicator_id])
        if is_basic:
            raw += final
            possible += F(points)
        else:
            excellence += final
    basic = raw * F(basic_full) / possible  # not rounded: §4 rounds the total only
    own = [(F(points), veto) for section, points, veto in deductions if section == code]
    deducted = sum((points for points, _veto in own), F(0))
    total = half_up(basic + excellence - deducted)
    return RefScore(code, half_up(basic), excellence, deducted, total,
                    any(v for _p, v in own), basic)


def ref_ranks(rows: Mapping[str, tuple[Fraction, Fraction, Fraction]]) -> dict[str, int]:
    """Competition ranks from code → (total, basic, deductions): 1 + the number strictly
    better, better meaning higher total, then higher basic, then lower deductions."""
    def key(code: str) -> tuple[Fraction, Fraction, Fraction]:
        total, basic, deductions = rows[code]
        return (total, basic, -deductions)

    return {code: 1 + sum(1 for other in rows if key(other) > key(code)) for code in rows}


@dataclass(frozen=True)
class RefGrades:
    """Grades (grade values as perfxl.model.Grade spells them), the sections held back at the
    quota, the quota, and the sections eligible for 优秀."""

    grades: dict[str, str]
    held_back: set[str]
    quota: int
    eligible: set[str]


def ref_grades(
    rows: Mapping[str, tuple[Fraction, Fraction, Fraction]],
    ranks: Mapping[str, int],
    vetoes: Mapping[str, bool],
    ratio: Number = EXCELLENT_RATIO,
    excellent_line: Number = EXCELLENT_LINE,
    good_line: Number = GOOD_LINE,
    fair_line: Number = FAIR_LINE,
    basic_full: Number = BASIC_FULL,
) -> RefGrades:
    """Grades of the ranked sections `rows` (code → (total, basic, deductions))."""
    quota = max(1, math.floor(F(ratio) * len(rows))) if rows else 0
    full = F(basic_full)
    eligible = {code for code, (total, _b, _d) in rows.items()
                if total >= F(excellent_line) * full and not vetoes[code]}
    excellent: set[str] = set()
    held_back: set[str] = set()
    places = quota
    for rank in sorted({ranks[code] for code in eligible}):
        group = {code for code in eligible if ranks[code] == rank}
        if len(group) > places:
            if places > 0:  # the group straddles the quota's boundary
                held_back |= group
            break  # nobody ranked below may jump them
        excellent |= group
        places -= len(group)
    grades: dict[str, str] = {}
    for code, (total, _b, _d) in rows.items():
        if code in excellent:
            grades[code] = "excellent"
        elif total >= F(good_line) * full:
            grades[code] = "good"
        elif total >= F(fair_line) * full:
            grades[code] = "fair"
        else:
            grades[code] = "poor"
    return RefGrades(grades, held_back, quota, eligible)


def ref_bonus_unit(pool: Number) -> Fraction:
    """Whole yuan; for a pool that is not whole yuan, its own smallest decimal digit."""
    unit = F(1)
    while (F(pool) / unit).denominator != 1:
        unit /= 10
    return unit


def ref_bonus(
    pool: Number, weights: Mapping[str, Fraction], order: Mapping[str, tuple[int, str]]
) -> dict[str, Fraction]:
    """The pool shared by weight (coefficient × headcount) by largest remainder in the pool's
    unit; equal remainders in `order` (rank, code). Nothing is shared when Σ weight is 0."""
    whole = sum(weights.values(), F(0))
    if whole == 0:
        return {code: F(0) for code in weights}
    unit = ref_bonus_unit(pool)
    units_in_pool = int(F(pool) / unit)
    shares = {code: units_in_pool * weight / whole for code, weight in weights.items()}
    units = {code: math.floor(share) for code, share in shares.items()}
    left = units_in_pool - sum(units.values())
    by_remainder = sorted(shares, key=lambda code: (units[code] - shares[code], order[code]))
    for code in by_remainder[:left]:
        units[code] += 1
    return {code: count * unit for code, count in units.items()}
