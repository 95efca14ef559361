"""Ranking, grades within the 优秀 quota and the bonus, checked by hand and by property."""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from perfxl.model import (
    Category,
    Deduction,
    Grade,
    Indicator,
    Master,
    ReviewEntry,
    Section,
    SectionScore,
    Settings,
)
from perfxl.ranking import (
    allocate_bonus,
    bonus_rounding,
    excellent_quota,
    grade_sections,
    rank_and_grade,
    rank_sections,
)
from perfxl.scoring import score_sections

D = Decimal
BASIC, EXCELLENCE = Category.BASIC, Category.EXCELLENCE
EXCELLENT, GOOD, FAIR, POOR = Grade.EXCELLENT, Grade.GOOD, Grade.FAIR, Grade.POOR


def indicator(id: str, category: Category, points: int, owners: str) -> Indicator:
    return Indicator(id, category, "", f"指标{id}", D(points), owners=tuple(owners.split()))


def deduction(code: str, points: str, veto: bool = False) -> Deduction:
    return Deduction(None, code, "明察暗访", "事由", D(points), veto)


def scored(
    code: str, total: str, basic: str | None = None, deductions: str = "0", veto: bool = False
) -> SectionScore:
    """A scored section where only the ranking fields matter."""
    return SectionScore(
        code,
        code,
        "ok",
        basic=D(basic or total),
        excellence=D(0),
        deductions=D(deductions),
        total=D(total),
        veto=veto,
    )


# --- the worked example ------------------------------------------------------------------------

ALL = "K01 K02 K03 K04 K05 K06 K07"


def worked_master() -> Master:
    headcounts = {"K01": 5, "K02": 3, "K03": 4, "K04": 2, "K05": 6, "K06": 7, "K07": 1}
    return Master(
        indicators=(
            indicator("A01", BASIC, 40, ALL),
            indicator("A02", BASIC, 30, "K01 K02 K03"),
            indicator("A03", BASIC, 10, "K04 K05"),
            indicator("B01", BASIC, 20, "K01 K04"),
            indicator("C01", EXCELLENCE, 20, "K01 K02 K03 K04"),
            indicator("C02", EXCELLENCE, 10, "K05"),
        ),
        sections=tuple(Section(code, f"科室{code}", headcount=n) for code, n in headcounts.items()),
        settings=Settings(excellent_ratio=D("0.4"), bonus_pool=D(9999)),
    )


def worked_scores() -> list[SectionScore]:
    self_scores = {
        "K01": {"A01": D(38), "A02": D(30), "B01": D(18), "C01": D("11.9")},
        "K02": {"A01": D(38), "A02": D(27), "C01": D(20)},
        "K03": {"A01": D(36), "A02": D(27), "C01": D(5)},
        "K04": {"A01": D(35), "A03": D(9), "B01": D(19), "C01": D(5)},
        "K05": {"A01": D(4), "A03": D(1), "C02": D(0)},
        "K07": {"A01": D(40)},
    }
    reviews = [
        ReviewEntry("K01", "A02", D("28.5")),  # the group lowers K01's A02 from 30
        ReviewEntry("K02", "A01", D(38)),  # confirmed as is
        ReviewEntry("K06", "A01", D(40)),  # K06 never returned: ignored
    ]
    deductions = [
        deduction("K02", "1.5", veto=True),
        deduction("K05", "50"),
        deduction("K05", "24.5"),
        deduction("K06", "3"),
    ]
    statuses = {
        "K01": "ok",
        "K02": "ok",
        "K03": "ok",
        "K04": "ok",
        "K05": "ok",
        "K06": "missing",
        "K07": "error",
    }
    return score_sections(worked_master(), self_scores, reviews, deductions, statuses)


def test_worked_example_by_hand() -> None:
    # basic = raw / possible × 640, to 0.01 half up; total = basic + excellence − deductions
    # K01 owns A01 A02 B01 (possible 90): raw 38 + 28.5 (approved) + 18 = 84.5
    #     basic 84.5 × 640 / 90 = 600.888… → 600.89; + C01 11.9 → total 612.79
    # K02 owns A01 A02 (possible 70): raw 38 + 27 = 65 → 65 × 640 / 70 = 594.285… → 594.29
    #     + C01 20 − 1.5 (veto) → 612.79: ties K01 on total, loses on basic → rank 2
    # K03 owns A01 A02 (70): 36 + 27 = 63 → 576.00; + 5 → 581.00
    # K04 owns A01 A03 B01 (70): 35 + 9 + 19 = 63 → 576.00; + 5 → 581.00: a full tie with K03
    # K05 owns A01 A03 (50): 4 + 1 = 5 → 64.00; + 0 − (50 + 24.5) → −10.50, uncapped
    # K06 missing (its 3-point deduction still listed), K07 has errors: neither is ranked
    # quota = floor(0.4 × 5 ranked) = 2; excellent line 0.9 × 640 = 576
    #   eligible: K01 (612.79), K03, K04 (581); not K02 (veto), not K05
    #   K01 takes place 1; rank 3 holds K03 and K04 for the 1 place left → both held back
    #   good line 512: K02, K03, K04 良好; fair line 384: K05 (−10.50) 较差
    # bonus: weight = coefficient × headcount
    #   K01 1.2×5 = 6, K02 1.0×3 = 3, K03 1.0×4 = 4, K04 1.0×2 = 2, K05 0.5×6 = 3; Σ 18
    #   shares of 9999: 3333, 1666.5, 2222, 1111, 1666.5 → floors add up to 9998
    #   the 1 yuan left goes to remainder 0.5: K02 and K05 tie, K02 ranks better → 1667
    #   3333 + 1667 + 2222 + 1111 + 1666 = 9999
    results, issues = rank_and_grade(worked_scores(), worked_master())
    assert issues == []
    # fmt: off
    table = [
        (s.code, s.status, s.basic, s.excellence, s.deductions, s.total, s.veto, s.rank,
         s.grade, s.eligible_excellent, s.tied_at_quota, s.bonus)
        for s in results
    ]
    assert table == [
        ("K01", "ok", D("600.89"), D("11.9"), D(0), D("612.79"), False, 1, EXCELLENT, True, False, D(3333)),
        ("K02", "ok", D("594.29"), D(20), D("1.5"), D("612.79"), True, 2, GOOD, False, False, D(1667)),
        ("K03", "ok", D("576.00"), D(5), D(0), D("581.00"), False, 3, GOOD, True, True, D(2222)),
        ("K04", "ok", D("576.00"), D(5), D(0), D("581.00"), False, 3, GOOD, True, True, D(1111)),
        ("K05", "ok", D("64.00"), D(0), D("74.5"), D("-10.50"), False, 5, POOR, False, False, D(1666)),
        ("K06", "missing", None, None, D(3), None, False, None, None, False, False, None),
        ("K07", "error", None, None, D(0), None, False, None, None, False, False, None),
    ]
    # fmt: on
    assert sum(s.bonus for s in results if s.bonus is not None) == D(9999)


# --- ranks ---------------------------------------------------------------------------------------


def test_competition_ranks_keep_the_given_order() -> None:
    scores = [
        scored("K1", "500"),
        scored("K2", "600"),
        scored("K3", "550"),
        scored("K4", "550"),
        scored("K5", "400"),
        SectionScore("K6", "K6", "missing", rank=3),
    ]
    assert [(s.code, s.rank) for s in rank_sections(scores)] == [
        ("K1", 4),
        ("K2", 1),
        ("K3", 2),
        ("K4", 2),
        ("K5", 5),
        ("K6", None),
    ]


def test_tie_on_total_and_basic_goes_to_fewer_deductions() -> None:
    scores = [
        scored("K1", "500", "520", deductions="25"),
        scored("K2", "500", "520", deductions="20"),
        scored("K3", "500", "530", deductions="40"),
    ]
    assert [s.rank for s in rank_sections(scores)] == [3, 2, 1]


# --- grades --------------------------------------------------------------------------------------


def test_quota_is_a_fifth_rounded_down_but_at_least_one() -> None:
    default = Settings()
    assert [excellent_quota(n, default) for n in (0, 1, 4, 5, 9, 10, 11)] == [0, 1, 1, 1, 1, 2, 2]


def test_settings_typed_as_fractions_count_as_the_fractions_meant() -> None:
    """优秀比例 "=1/3" reads to 15 digits as Excel shows it (0.333333333333333): a third of
    6 sections is still 2 places (6 × 0.333333333333333 was rounded down to 1); a line of
    "=2/3" of 150 is 100, reached by a total of 100.00 (0.666666666666667 × 150 was not)."""
    third = Settings(excellent_ratio=D("0.333333333333333"))
    assert [excellent_quota(n, third) for n in (3, 5, 6, 9)] == [1, 1, 2, 3]
    assert excellent_quota(10, Settings(excellent_ratio=D("0.35"))) == 3  # itself: 3.5 → 3
    lines = Settings(basic_full=D(150), good_line=D("0.666666666666667"))
    graded, _ = grade_sections(rank_sections(
        [scored("K1", "100.00", veto=True), scored("K2", "99.99", veto=True)]), lines)
    assert [s.grade for s in graded] == [GOOD, FAIR]


def test_a_coefficient_typed_as_a_fraction_weighs_as_the_fraction() -> None:
    """优秀系数 "=4/3" (1.33333333333333): 优秀 with 3 people weighs 4, as 良好 with 4 does;
    101 yuan split 50.5 each, and the yuan left goes to the better rank (not to the 良好
    section, for a weight of 3.99999999999999)."""
    config = Settings(bonus_pool=D(101), coef_excellent=D("1.33333333333333"))
    graded, _ = grade_sections(rank_sections([scored("K01", "600"), scored("K02", "520")]),
                               config)
    assert [s.grade for s in graded] == [EXCELLENT, GOOD]
    sections = [Section("K01", "一", headcount=3), Section("K02", "二", headcount=4)]
    result, _ = allocate_bonus(graded, sections, config)
    assert [s.bonus for s in result] == [D(51), D(50)]
    # the bonus sheet shows the weights the allocation used (it gave 3.99999999999999)
    from perfxl.analysis import bonus_lines

    master = Master(indicators=(), sections=tuple(sections), settings=config)
    assert [(line.coefficient, line.weight, line.exact_share)
            for line in bonus_lines(master, result)] == [
        (D("1.3333"), D(4), D("50.50")), (D(1), D(4), D("50.50"))]


def test_a_tie_that_fits_the_quota_is_all_excellent() -> None:
    # 10 ranked → quota 2; the two tied at rank 1 fill it exactly
    scores = [scored("K1", "600"), scored("K2", "600")] + [scored(f"L{i}", "500") for i in range(8)]
    graded, quota = grade_sections(rank_sections(scores), Settings())
    assert quota == 2
    assert [(s.grade, s.tied_at_quota) for s in graded[:2]] == [(EXCELLENT, False)] * 2


def test_a_tie_across_the_quota_holds_back_the_whole_rank() -> None:
    # quota 1 for 5 sections; two eligible tied at rank 1 would need 2 places
    scores = [
        scored("K1", "600"),
        scored("K2", "600"),
        scored("K3", "590"),
        scored("K4", "500"),
        scored("K5", "300"),
    ]
    graded, _ = grade_sections(rank_sections(scores), Settings())
    assert [(s.code, s.grade, s.tied_at_quota) for s in graded] == [
        ("K1", GOOD, True),
        ("K2", GOOD, True),
        ("K3", GOOD, False),  # eligible, but may not jump the tied sections above it
        ("K4", FAIR, False),
        ("K5", POOR, False),
    ]


def test_a_veto_counts_in_the_quota_base_but_takes_no_place() -> None:
    # 10 ranked → quota 2; K1 is vetoed, so K2 and K3 take the two places
    scores = [
        scored("K1", "630", veto=True),
        scored("K2", "620"),
        scored("K3", "610"),
        scored("K4", "600"),
    ] + [scored(f"L{i}", "100") for i in range(6)]
    graded, _ = grade_sections(rank_sections(scores), Settings())
    assert [(s.code, s.grade, s.eligible_excellent) for s in graded[:4]] == [
        ("K1", GOOD, False),
        ("K2", EXCELLENT, True),
        ("K3", EXCELLENT, True),
        ("K4", GOOD, True),
    ]


def test_the_excellent_line_is_inclusive() -> None:
    graded, _ = grade_sections(
        rank_sections([scored("K1", "576.00"), scored("K2", "575.99")]), Settings()
    )
    assert [s.eligible_excellent for s in graded] == [True, False]


def test_the_good_and_fair_lines_are_inclusive() -> None:
    """良好 from 80% of 640 (512), 一般 from 60% (384): the lines themselves count."""
    totals = ["512.00", "511.99", "384.00", "383.99"]
    vetoed = [scored(f"K{n}", total, veto=True) for n, total in enumerate(totals)]  # none 优秀
    graded, _ = grade_sections(rank_sections(vetoed), Settings())
    assert [s.grade for s in graded] == [GOOD, FAIR, FAIR, POOR]


def test_every_line_is_a_share_of_the_basic_full_marks() -> None:
    """With 基础指标折算分 100 the lines are 90, 80 and 60, not 576, 512 and 384."""
    config = Settings(basic_full=D(100))
    totals = ["80", "79.99", "60", "59.99"]
    vetoed = [scored(f"K{n}", total, veto=True) for n, total in enumerate(totals)]
    graded, _ = grade_sections(rank_sections(vetoed), config)
    assert [s.grade for s in graded] == [GOOD, FAIR, FAIR, POOR]
    graded, _ = grade_sections(rank_sections([scored("K1", "90"), scored("K2", "89.99")]), config)
    assert [(s.grade, s.eligible_excellent) for s in graded] == [(EXCELLENT, True), (GOOD, False)]


# --- bonus ---------------------------------------------------------------------------------------


def test_no_headcount_means_no_bonus_and_one_warning() -> None:
    graded, _ = grade_sections(
        rank_sections(
            [scored("K1", "600"), scored("K2", "500"), SectionScore("K3", "K3", "missing")]
        ),
        Settings(),
    )
    sections = [Section("K1", "一"), Section("K2", "二"), Section("K3", "三", headcount=4)]
    result, issues = allocate_bonus(graded, sections, Settings(bonus_pool=D(1000)))
    assert [s.bonus for s in result] == [D(0), D(0), None]
    assert [i.code for i in issues] == ["BONUS_001"]


def test_coefficients_of_0_are_named_as_the_reason_nothing_was_shared() -> None:
    """较差系数 0 with every section 较差 was said to be "every headcount 0"."""
    graded, _ = grade_sections(rank_sections([scored("K1", "300"), scored("K2", "200")]),
                               Settings())
    sections = [Section("K1", "一", headcount=5), Section("K2", "二", headcount=6)]
    result, issues = allocate_bonus(graded, sections,
                                    Settings(bonus_pool=D(1000), coef_poor=D(0)))
    assert [s.bonus for s in result] == [D(0), D(0)]
    [issue] = issues
    assert issue.code == "BONUS_002"
    assert "（较差）" in issue.message("zh") and "(Poor)" in issue.message("en")
    # a 良好 section without people weighs 0 by its headcount, not by 良好's coefficient
    graded, _ = grade_sections(rank_sections([scored("K1", "600"), scored("K2", "200")]),
                               Settings())
    sections = [Section("K1", "一", headcount=0), Section("K2", "二", headcount=6)]
    _result, issues = allocate_bonus(graded, sections,
                                     Settings(bonus_pool=D(1000), coef_poor=D(0)))
    assert [i.message("zh") for i in issues] == [
        "参与分配奖金的科室所得等次（较差）的系数均为 0，奖金未分配。"
        "如需分配，请在主表“设置”表中把这些等次的系数改为大于 0 的数。"]


def test_a_pool_with_jiao_is_shared_to_the_jiao() -> None:
    graded, _ = grade_sections(
        rank_sections([scored(f"K{i}", "500") for i in range(3)]), Settings()
    )
    sections = [Section(f"K{i}", f"科{i}", headcount=1) for i in range(3)]
    result, _ = allocate_bonus(graded, sections, Settings(bonus_pool=D("100.5")))
    # 1005 jiao / 3 = 335 each, no remainder
    assert [s.bonus for s in result] == [D("33.5")] * 3
    # and the rules say so, not "whole yuan"
    assert bonus_rounding(D("100.5"), "zh") == "取整到 0.1 元（奖金总额本身不是整元）"
    assert bonus_rounding(D("100"), "en") == "rounded to whole yuan"


def test_the_yuan_left_over_goes_to_the_better_rank_before_the_lower_code() -> None:
    """3 yuan for two 一般 sections of one person each: 1.5 each, rounded down to 1 + 1; the
    yuan left goes to K02, ranked first, though K01 comes first by code."""
    graded, _ = grade_sections(rank_sections([scored("K01", "500"), scored("K02", "510")]),
                               Settings())
    assert [(s.code, s.rank, s.grade) for s in graded] == [("K01", 2, FAIR), ("K02", 1, FAIR)]
    sections = [Section("K01", "一", headcount=1), Section("K02", "二", headcount=1)]
    result, issues = allocate_bonus(graded, sections, Settings(bonus_pool=D(3)))
    assert issues == []
    assert [s.bonus for s in result] == [D(1), D(2)]


# --- properties ------------------------------------------------------------------------------------

POINTS = st.sampled_from([D(0), D("100.5"), D(384), D(512), D(576), D("576.01"), D(600), D(640)])
EXTRA = st.sampled_from([D(0), D(5), D("20.5")])
DEDUCTED = st.sampled_from([D(0), D("1.5"), D(20), D(700)])
COEFFICIENTS = st.sampled_from([D("1.2"), D(1), D("0.8"), D("0.5"), D(0)])
RATIOS = st.sampled_from([D(0), D("0.1"), D("0.2"), D("0.25"), D("0.5"), D(1)])


@st.composite
def bureaus(draw: st.DrawFn) -> tuple[list[SectionScore], list[Section], Settings]:
    scores: list[SectionScore] = []
    sections: list[Section] = []
    for number in range(draw(st.integers(1, 12))):
        code = f"K{number:02}"
        status = draw(st.sampled_from(["ok", "ok", "ok", "error", "missing"]))
        basic, extra, deducted = draw(POINTS), draw(EXTRA), draw(DEDUCTED)
        veto = draw(st.booleans()) and draw(st.booleans())
        if status == "ok":
            scores.append(
                SectionScore(
                    code,
                    code,
                    "ok",
                    basic=basic,
                    excellence=extra,
                    deductions=deducted,
                    total=basic + extra - deducted,
                    veto=veto,
                )
            )
        else:
            scores.append(SectionScore(code, code, status, deductions=deducted, veto=veto))
        sections.append(Section(code, code, headcount=draw(st.integers(0, 30))))
    config = Settings(excellent_ratio=draw(RATIOS), bonus_pool=D(draw(st.integers(0, 10**6))),
                      **{f"coef_{grade}": draw(COEFFICIENTS)
                         for grade in ("excellent", "good", "fair", "poor")})
    return scores, sections, config


def better(a: SectionScore, b: SectionScore) -> bool:
    assert (
        a.total is not None and a.basic is not None and b.total is not None and b.basic is not None
    )
    return (a.total, a.basic, -a.deductions) > (b.total, b.basic, -b.deductions)


@given(bureaus())
@settings(max_examples=300)
def test_ranks_are_competition_ranks(
    bureau: tuple[list[SectionScore], list[Section], Settings],
) -> None:
    scores, _, _ = bureau
    ranked = rank_sections(scores)
    assert [s.code for s in ranked] == [s.code for s in scores]
    ok = [s for s in ranked if s.status == "ok"]
    for score in ranked:
        if score.status != "ok":
            assert score.rank is None
        else:
            assert score.rank == 1 + sum(better(other, score) for other in ok)


@given(bureaus())
@settings(max_examples=300)
def test_grades_respect_quota_veto_and_order(
    bureau: tuple[list[SectionScore], list[Section], Settings],
) -> None:
    scores, _, config = bureau
    graded, quota = grade_sections(rank_sections(scores), config)
    ranked = [s for s in graded if s.rank is not None]
    expected_quota = int((config.excellent_ratio * len(ranked)).to_integral_value(ROUND_FLOOR))
    assert quota == (max(1, expected_quota) if ranked else 0)
    excellent = [s for s in graded if s.grade is EXCELLENT]
    assert len(excellent) <= quota
    assert not any(s.veto for s in excellent)
    line = config.excellent_line * config.basic_full
    for score in graded:
        assert (score.grade is None) == (score.rank is None)
        assert score.eligible_excellent == (
            score.rank is not None
            and score.total is not None
            and score.total >= line
            and not score.veto
        )
    passed_over = [s for s in graded if s.eligible_excellent and s.grade is not EXCELLENT]
    for winner in excellent:
        assert winner.eligible_excellent
        assert all(
            winner.rank is not None and other.rank is not None and winner.rank < other.rank
            for other in passed_over
        )
    held_back = [s for s in graded if s.tied_at_quota]
    assert len({s.rank for s in held_back}) <= 1
    assert all(s.eligible_excellent and s.grade is not EXCELLENT for s in held_back)
    if held_back:
        assert len(excellent) + len(held_back) > quota > len(excellent)


@given(bureaus())
@settings(max_examples=300)
def test_bonuses_add_up_to_the_pool(
    bureau: tuple[list[SectionScore], list[Section], Settings],
) -> None:
    scores, sections, config = bureau
    graded, _ = grade_sections(rank_sections(scores), config)
    result, issues = allocate_bonus(graded, sections, config)
    headcount = {s.code: s.headcount for s in sections}
    weight = {
        s.code: Fraction(config.coefficient(s.grade)) * headcount[s.code]
        for s in result
        if s.grade is not None
    }
    total_weight = sum(weight.values(), Fraction(0))
    for score in result:
        assert (score.bonus is None) == (score.grade is None)
    bonuses = {s.code: s.bonus for s in result if s.bonus is not None}
    assert all(b >= 0 and b == b.to_integral_value() for b in bonuses.values())
    if not bonuses:
        assert issues == []
    elif total_weight == 0:
        nobody = not any(headcount[code] for code in bonuses)
        assert set(bonuses.values()) == {D(0)}
        assert [i.code for i in issues] == ["BONUS_001" if nobody else "BONUS_002"]
    else:
        assert issues == []
        assert sum(bonuses.values()) == config.bonus_pool
        for code, bonus in bonuses.items():
            share = Fraction(config.bonus_pool) * weight[code] / total_weight
            assert abs(Fraction(bonus) - share) < 1


@st.composite
def graded_bureaus(draw: st.DrawFn) -> tuple[list[SectionScore], Settings]:
    """Totals on and beside every line, for 基础指标折算分 other than 640 too."""
    full = draw(st.sampled_from([D(100), D(640), D(1000)]))
    config = Settings(basic_full=full,
                      excellent_ratio=draw(st.sampled_from([D("0.2"), D("0.3"), D("0.5")])))
    shares = st.sampled_from([D(0), D("0.59"), D("0.6"), D("0.79"), D("0.8"), D("0.89"),
                              D("0.9"), D(1)])
    nudges = st.sampled_from([D(0), D("0.01"), D("-0.01")])
    scores = [scored(f"K{n:02}", str(full * draw(shares) + draw(nudges)), veto=draw(st.booleans()))
              for n in range(draw(st.integers(1, 10)))]
    return scores, config


def grades_by_the_rules(scores: list[SectionScore], config: Settings) -> dict[str, Grade]:
    """PRODUCT.md §4 worked independently of perfxl.ranking (basic = total here, so ranks go
    by total alone)."""
    full = config.basic_full
    totals = {s.code: s.total for s in scores}
    rank = {code: 1 + sum(other > total for other in totals.values())  # type: ignore[operator]
            for code, total in totals.items()}
    quota = max(1, int((config.excellent_ratio * len(scores)).to_integral_value(ROUND_FLOOR)))
    eligible = [s.code for s in scores
                if s.total >= config.excellent_line * full and not s.veto]  # type: ignore[operator]
    excellent: set[str] = set()
    for place in sorted({rank[code] for code in eligible}):
        tied = {code for code in eligible if rank[code] == place}
        if len(excellent) + len(tied) > quota:
            break  # held back, and nobody below may jump them
        excellent |= tied
    grades = {}
    for code, total in totals.items():
        assert total is not None
        if code in excellent:
            grades[code] = EXCELLENT
        elif total >= config.good_line * full:
            grades[code] = GOOD
        elif total >= config.fair_line * full:
            grades[code] = FAIR
        else:
            grades[code] = POOR
    return grades


@given(graded_bureaus())
@settings(max_examples=300, deadline=None)
def test_grades_are_the_rules_worked_independently(
    bureau: tuple[list[SectionScore], Settings],
) -> None:
    """The property above checks the 优秀 places; this one every grade, at every line."""
    scores, config = bureau
    graded, _ = grade_sections(rank_sections(scores), config)
    assert {s.code: s.grade for s in graded} == grades_by_the_rules(scores, config)


def test_grading_does_not_depend_on_input_order() -> None:
    scores = worked_scores()
    forward, _ = rank_and_grade(scores, worked_master())
    backward, _ = rank_and_grade(list(reversed(scores)), worked_master())
    assert sorted(forward, key=lambda s: s.code) == sorted(backward, key=lambda s: s.code)


def test_stale_rank_fields_are_cleared() -> None:
    stale = replace(
        SectionScore("K1", "K1", "error"),
        rank=1,
        grade=EXCELLENT,
        bonus=D(5),
        tied_at_quota=True,
        eligible_excellent=True,
    )
    result, _ = rank_and_grade([stale], worked_master())
    assert (
        result[0].rank,
        result[0].grade,
        result[0].bonus,
        result[0].tied_at_quota,
        result[0].eligible_excellent,
    ) == (None, None, None, False, False)
