"""Scores sections from self scores, the review and the deduction register (PRODUCT.md §4)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, localcontext

from perfxl.model import (
    Category,
    Deduction,
    Indicator,
    IndicatorScore,
    Master,
    ReviewEntry,
    Section,
    SectionScore,
    Settings,
)

CENT = Decimal("0.01")
STATUSES = ("ok", "error", "missing")


def to_cents(value: Decimal) -> Decimal:
    """A score kept to two decimals, halves rounded away from zero; a total that rounds to
    zero from below is 0.00, not -0.00."""
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)


def score_section(
    section: Section,
    indicators: tuple[Indicator, ...],
    self_scores: dict[str, Decimal],
    approved: dict[str, Decimal],
    deductions: list[Deduction],
    settings: Settings,
) -> SectionScore:
    """The full score of a section whose return is usable (status "ok").

    `indicators` are the ones the section owns; each indicator's final score is its approved
    score when the review gives one, else its self score (validation has already kept both
    within 0..points). `basic` scales the basic indicators to `settings.basic_full`, shown
    to 0.01 (half up) and kept exact in `basic_exact`; excellence and deductions are exact
    sums, deductions uncapped; `total = basic + excellence − deductions` from the exact
    basic, rounded once to 0.01 (§4), possibly negative.

    Raises ValueError when a self score is missing or the section owns no basic indicator:
    both are kept out upstream (status "error", master error MASTER_010).
    """
    scores: list[IndicatorScore] = []
    for indicator in indicators:
        if indicator.id not in self_scores:
            raise ValueError(f"{section.code} has no self score for {indicator.id}")
        scores.append(
            IndicatorScore(
                indicator_id=indicator.id,
                self_score=self_scores[indicator.id],
                approved_score=approved.get(indicator.id),
                points=indicator.points,
            )
        )
    category = {i.id: i.category for i in indicators}
    basic_scores = [s for s in scores if category[s.indicator_id] is Category.BASIC]
    basic_raw = sum((s.final for s in basic_scores), Decimal(0))
    basic_possible = sum((s.points for s in basic_scores), Decimal(0))
    if basic_possible <= 0:
        raise ValueError(f"{section.code} owns no basic indicator")
    with localcontext() as context:
        context.prec = 60  # multiply before dividing, with room, so only the final rounding counts
        basic = basic_raw * settings.basic_full / basic_possible
    excellence = sum(
        (s.final for s in scores if category[s.indicator_id] is Category.EXCELLENCE), Decimal(0)
    )
    own = [d for d in deductions if d.section_code == section.code]
    deducted = sum_deductions(own)
    return SectionScore(
        code=section.code,
        name=section.name,
        status="ok",
        basic_raw=basic_raw,
        basic_possible=basic_possible,
        basic=to_cents(basic),
        basic_exact=basic,
        excellence=excellence,
        deductions=deducted,
        total=to_cents(basic + excellence - deducted),
        veto=any(d.veto for d in own),
        indicator_scores=tuple(scores),
    )


def unscored(section: Section, status: str, deductions: list[Deduction]) -> SectionScore:
    """A section listed but not scored (status "error" or "missing").

    Its deductions and veto are still recorded, so the outputs can show them.
    """
    own = [d for d in deductions if d.section_code == section.code]
    return SectionScore(
        code=section.code,
        name=section.name,
        status=status,
        deductions=sum_deductions(own),
        veto=any(d.veto for d in own),
    )


def sum_deductions(deductions: Iterable[Deduction]) -> Decimal:
    """The exact, uncapped sum of the points deducted."""
    return sum((d.points for d in deductions), Decimal(0))


def score_sections(
    master: Master,
    self_scores: dict[str, dict[str, Decimal]],
    reviews: list[ReviewEntry],
    deductions: list[Deduction],
    statuses: dict[str, str],
) -> list[SectionScore]:
    """One SectionScore per master section, in master order.

    `self_scores[code][indicator_id]` holds the accepted self scores; `statuses[code]` is
    "ok", "error" or "missing" (a section not in `statuses` is missing). Review entries
    give approved scores per (section, indicator); entries for unowned indicators are ignored.
    """
    approved: dict[str, dict[str, Decimal]] = {}
    for entry in reviews:
        approved.setdefault(entry.section_code, {})[entry.indicator_id] = entry.approved_score
    results: list[SectionScore] = []
    for section in master.sections:
        status = statuses.get(section.code, "missing")
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r} for {section.code}")
        if status != "ok":
            results.append(unscored(section, status, deductions))
            continue
        owned = master.indicators_for(section.code)
        owned_ids = {i.id for i in owned}
        results.append(
            score_section(
                section,
                owned,
                self_scores.get(section.code, {}),
                {k: v for k, v in approved.get(section.code, {}).items() if k in owned_ids},
                deductions,
                master.settings,
            )
        )
    return results
