"""Section scores: scaling of basic indicators, approved scores, uncapped deductions, vetoes."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfxl.model import (
    Category,
    Deduction,
    Indicator,
    Master,
    ReviewEntry,
    Section,
    SectionScore,
    Settings,
)
from perfxl.scoring import score_section, score_sections, unscored

D = Decimal
BASIC, EXCELLENCE = Category.BASIC, Category.EXCELLENCE


def indicator(id: str, category: Category, points: str, owners: str = "") -> Indicator:
    return Indicator(id, category, "", f"指标{id}", D(points), owners=tuple(owners.split()))


def deduction(code: str, points: str, veto: bool = False) -> Deduction:
    return Deduction(None, code, "上级通报", "事由", D(points), veto)


def small_master() -> Master:
    return Master(
        indicators=(
            indicator("A01", BASIC, "40", "K01 K02 K03"),
            indicator("A02", BASIC, "30", "K02"),
            indicator("B01", BASIC, "12.5", "K01 K03"),
            indicator("C01", EXCELLENCE, "20", "K01 K02"),
        ),
        sections=(Section("K01", "办公室"), Section("K02", "法制科"), Section("K03", "政工科")),
        settings=Settings(),
    )


def test_scores_by_hand() -> None:
    # K01 owns A01 (40), B01 (12.5), C01 (20)
    #   basic raw 36 + 12.5 = 48.5 of 52.5 → 48.5 × 640 / 52.5 = 591.238… → 591.24
    #   excellence: self 15 approved as 10 → 10; deductions 2 + 0.75 = 2.75
    #   total 591.24 + 10 − 2.75 = 598.49
    # K02 owns A01 (40), A02 (30), C01 (20)
    #   basic raw 20 + 10 = 30 of 70 → 30 × 640 / 70 = 274.285… → 274.29
    #   excellence 0; deductions 300 (veto) → total 274.29 − 300 = −25.71, below zero
    # K03 is missing: not scored, but its 1-point deduction is kept
    self_scores = {
        "K01": {"A01": D(36), "B01": D("12.5"), "C01": D(15)},
        "K02": {"A01": D(20), "A02": D(10), "C01": D(0)},
    }
    reviews = [ReviewEntry("K01", "C01", D(10)), ReviewEntry("K01", "A02", D(30))]
    deductions = [
        deduction("K01", "2"),
        deduction("K01", "0.75"),
        deduction("K02", "300", veto=True),
        deduction("K03", "1"),
    ]
    k01, k02, k03 = score_sections(
        small_master(), self_scores, reviews, deductions, {"K01": "ok", "K02": "ok"}
    )
    assert (
        k01.basic_raw,
        k01.basic_possible,
        k01.basic,
        k01.excellence,
        k01.deductions,
        k01.total,
        k01.veto,
    ) == (D("48.5"), D("52.5"), D("591.24"), D(10), D("2.75"), D("598.49"), False)
    assert [(i.indicator_id, i.final, i.adjusted) for i in k01.indicator_scores] == [
        ("A01", D(36), False),
        ("B01", D("12.5"), False),
        ("C01", D(10), True),
    ]  # the review of A02, which K01 does not own, is ignored
    assert (k02.basic, k02.excellence, k02.deductions, k02.total, k02.veto) == (
        D("274.29"),
        D(0),
        D(300),
        D("-25.71"),
        True,
    )
    assert k03 == SectionScore("K03", "政工科", "missing", deductions=D(1))


def test_basic_rounds_half_up() -> None:
    # 10.01 of 256 → 10.01 × 640 / 256 = 25.025 exactly → 25.03 (not banker's 25.02)
    indicators = (indicator("A", BASIC, "200"), indicator("B", BASIC, "56"))
    result = score_section(
        Section("K01", "办公室"), indicators, {"A": D("5.01"), "B": D(5)}, {}, [], Settings()
    )
    assert result.basic == D("25.03") and result.total == D("25.03")


def test_the_total_is_rounded_once_from_the_basic_score_unrounded() -> None:
    # 0.2 of 1024 → 0.2 × 640 / 1024 = 0.125 exactly, shown 0.13; with 1 point deducted the
    # total is round(0.125 − 1) = round(−0.875) = −0.88 (halves away from zero), where
    # rounding twice gave 0.13 − 1 = −0.87
    indicators = (indicator("A", BASIC, "1024"),)
    result = score_section(Section("K01", "办公室"), indicators, {"A": D("0.2")}, {},
                           [deduction("K01", "1")], Settings())
    assert (result.basic, result.basic_exact, result.total) == (D("0.13"), D("0.125"), D("-0.88"))


def test_a_tie_on_the_total_goes_to_the_higher_basic_score_unrounded() -> None:
    # K01: 101.5 of 111 → 585.2252…; K02: 272.5 of 298 → 585.2349…; both shown 585.23 and
    # both totals 585.23: K02's basic is the higher, so K02 ranks first (not a shared rank 1)
    from perfxl.ranking import rank_sections

    scores = [score_section(Section(code, code), (indicator("A", BASIC, points),),
                            {"A": D(score)}, {}, [], Settings())
              for code, points, score in (("K01", "111", "101.5"), ("K02", "298", "272.5"))]
    assert [(s.basic, s.total) for s in scores] == [(D("585.23"), D("585.23"))] * 2
    assert [(s.code, s.rank) for s in rank_sections(scores)] == [("K01", 2), ("K02", 1)]


def test_only_the_sections_own_deductions_count() -> None:
    indicators = (indicator("A", BASIC, "40"),)
    result = score_section(
        Section("K01", "办公室"),
        indicators,
        {"A": D(40)},
        {},
        [deduction("K02", "5", veto=True), deduction("K01", "0.5")],
        Settings(basic_full=D(100)),
    )
    assert (result.basic, result.deductions, result.total, result.veto) == (
        D("100.00"),
        D("0.5"),
        D("99.50"),
        False,
    )


def test_unscored_sections_keep_deductions_and_veto() -> None:
    result = unscored(
        Section("K02", "法制科"),
        "error",
        [deduction("K02", "3"), deduction("K02", "1.25", veto=True)],
    )
    assert (result.status, result.total, result.basic, result.deductions, result.veto) == (
        "error",
        None,
        None,
        D("4.25"),
        True,
    )


def test_a_section_absent_from_statuses_is_missing() -> None:
    results = score_sections(small_master(), {}, [], [], {})
    assert [s.status for s in results] == ["missing"] * 3


def test_contract_violations_raise() -> None:
    with pytest.raises(ValueError):
        score_section(
            Section("K01", "办公室"), (indicator("A", BASIC, "40"),), {}, {}, [], Settings()
        )
    with pytest.raises(ValueError):
        score_section(
            Section("K01", "办公室"),
            (indicator("C", EXCELLENCE, "20"),),
            {"C": D(1)},
            {},
            [],
            Settings(),
        )
    with pytest.raises(ValueError):
        score_sections(small_master(), {}, [], [], {"K01": "late"})


# --- properties ------------------------------------------------------------------------------------

HUNDREDTHS = st.integers(0, 100_00).map(lambda n: D(n) / 100)


@st.composite
def sections(
    draw: st.DrawFn,
) -> tuple[
    tuple[Indicator, ...], dict[str, Decimal], dict[str, Decimal], list[Deduction], Settings
]:
    count = draw(st.integers(1, 8))
    categories = [BASIC] + [draw(st.sampled_from([BASIC, EXCELLENCE])) for _ in range(count - 1)]
    indicators, self_scores, approved = [], {}, {}
    for number, category in enumerate(categories):
        points = D(draw(st.integers(1, 20_0))) / 2
        indicators.append(Indicator(f"I{number}", category, "", "", points))
        self_scores[f"I{number}"] = min(draw(HUNDREDTHS), points)
        if draw(st.booleans()):
            approved[f"I{number}"] = min(draw(HUNDREDTHS), points)
    deductions = [
        deduction("K01", str(D(draw(st.integers(1, 500_000))) / 1000), veto=draw(st.booleans()))
        for _ in range(draw(st.integers(0, 4)))
    ]
    config = Settings(basic_full=D(draw(st.sampled_from([100, 640, 1000]))))
    return tuple(indicators), self_scores, approved, deductions, config


@given(sections())
@settings(max_examples=300)
def test_total_is_basic_plus_excellence_minus_deductions(
    drawn: tuple[
        tuple[Indicator, ...], dict[str, Decimal], dict[str, Decimal], list[Deduction], Settings
    ],
) -> None:
    indicators, self_scores, approved, deductions, config = drawn
    result = score_section(
        Section("K01", "办公室"), indicators, self_scores, approved, deductions, config
    )
    assert result.basic is not None and result.excellence is not None and result.total is not None
    assert result.basic_exact is not None
    # §4 rounds the total once, from the basic score unrounded; basic is shown to the cent
    exact_total = result.basic_exact + result.excellence - result.deductions
    assert result.total == exact_total.quantize(D("0.01"), rounding=ROUND_HALF_UP)
    assert result.basic == result.basic_exact.quantize(D("0.01"), rounding=ROUND_HALF_UP)
    assert result.total.as_tuple().exponent == -2 and result.basic.as_tuple().exponent == -2
    final = {i: approved.get(i, s) for i, s in self_scores.items()}
    basic_ids = [i.id for i in indicators if i.category is BASIC]
    exact = (
        Fraction(sum(final[i] for i in basic_ids))
        * Fraction(config.basic_full)
        / Fraction(sum(i.points for i in indicators if i.category is BASIC))
    )
    assert abs(Fraction(result.basic) - exact) <= Fraction(1, 200)
    assert result.excellence == sum(
        (final[i.id] for i in indicators if i.category is EXCELLENCE), D(0)
    )
    assert result.deductions == sum((d.points for d in deductions), D(0))
    assert result.veto == any(d.veto for d in deductions)


def test_settling_statuses_keeps_the_office_inputs_apart() -> None:
    """An error in a return and an error in what the register says of a section both keep
    it unranked; only the first is the section's to fix."""
    from perfxl.analysis import settle_statuses
    from perfxl.issues import make_issue

    own = make_issue("SCORE_002", file="K01.xlsx", section="K01")
    register = make_issue("DED_003", file="deductions.xlsx", section="K02")
    review = make_issue("REVIEW_002", file="review.xlsx", section="K02", id="A01",
                        section_label="K02", value="99", points="40")
    warning = make_issue("DED_011", file="deductions.xlsx", section="K03")
    settled = settle_statuses({"K01": "ok", "K02": "ok", "K03": "ok", "K04": "missing"},
                              [own, register, review, warning], [register, review, warning],
                              [register, warning])
    assert settled.statuses == {"K01": "error", "K02": "error", "K03": "ok", "K04": "missing"}
    assert settled.errors == {"K01": 1}
    assert settled.held_by == {"K02": ("deductions.xlsx", "review.xlsx")}
    assert settled.faulty_inputs == ("deductions.xlsx", "review.xlsx")
    assert settled.deductions_unknown == frozenset({"K02"})


def test_only_basic_indicators_list_sections_below_60_percent() -> None:
    """An excellence indicator is there to be won: 指标分析 listed every section that did not
    win C01 as "below 60%", while the bulletin and notices rightly call it no shortfall."""
    from perfxl.analysis import indicator_stats

    master = small_master()
    scores = score_sections(master, {
        "K01": {"A01": D(40), "B01": D(7), "C01": D(0)},  # B01: 7 / 12.5 = 56%
        "K02": {"A01": D(23), "A02": D(30), "C01": D(10)},  # A01: 23 / 40 = 57.5%
        "K03": {"A01": D(24), "B01": D("7.5")},  # exactly 60%: not below
    }, [], [], {"K01": "ok", "K02": "ok", "K03": "ok"})
    below = {s.indicator.id: s.below_60 for s in indicator_stats(master, scores)}
    assert below == {"A01": ("K02 法制科",), "A02": (), "B01": ("K01 办公室",), "C01": ()}
