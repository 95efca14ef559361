"""Scoring, ranking, grades, bonus and cell reading checked by property against tests/oracle.py,
an independent reading of PRODUCT.md §4 in exact fractions."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfxl.cells import exact_decimal, lenient_decimal
from perfxl.model import Master, Section, SectionScore, Settings
from perfxl.ranking import allocate_bonus, grade_sections, rank_and_grade, rank_sections
from perfxl.scoring import score_sections
from tests.oracle import ref_bonus, ref_grades, ref_ranks, ref_score
from tests.strategies import BASIC, Bureau, bureaus, scored_sections

D = Decimal
F = Fraction

# derandomize: the same examples on every run, so CI never fails on a new draw (and no database)
PROPERTY = settings(max_examples=100, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ORDER = settings(PROPERTY, max_examples=50)  # a shuffle finds an order dependence quickly
QUICK = settings(PROPERTY, max_examples=300)


# --- scoring ---------------------------------------------------------------------------------


@PROPERTY
@given(bureaus(finer=True))
def test_every_section_score_is_the_specs(bureau: Bureau) -> None:
    """Over whole bureaus (shared indicators, reviews of other sections' indicators, scores
    finer than a cent, basic_full 640.5): basic, excellence, deductions and total are §4's to
    the cent, rounded half up; each final score is the approved one when reviewed."""
    master, self_scores, reviews, deductions, statuses = bureau
    results = score_sections(master, self_scores, reviews, deductions, statuses)
    assert [r.code for r in results] == [s.code for s in master.sections]
    register = [(d.section_code, d.points, d.veto) for d in deductions]
    for result in results:
        own = [d for d in deductions if d.section_code == result.code]
        # deductions and veto are listed for every section, scored or not
        assert result.deductions == sum((d.points for d in own), D(0))
        assert result.veto == any(d.veto for d in own)
        if statuses[result.code] != "ok":
            assert result.status == statuses[result.code]
            assert (result.total, result.basic, result.rank) == (None, None, None)
            continue
        owned = master.indicators_for(result.code)
        approved = {r.indicator_id: r.approved_score for r in reviews
                    if r.section_code == result.code and r.indicator_id in {i.id for i in owned}}
        want = ref_score(result.code, [(i.id, i.category is BASIC, i.points) for i in owned],
                         self_scores[result.code], approved, register, master.settings.basic_full)
        assert result.basic is not None and result.excellence is not None
        assert result.total is not None
        assert (F(result.basic), F(result.excellence), F(result.deductions), F(result.total)) \
            == (want.basic, want.excellence, want.deductions, want.total)
        assert result.total.as_tuple().exponent == -2
        mine = self_scores[result.code]
        for item in result.indicator_scores:
            assert item.final == approved.get(item.indicator_id, mine[item.indicator_id])
            assert item.adjusted == (item.indicator_id in approved
                                     and approved[item.indicator_id] != mine[item.indicator_id])


@ORDER
@given(bureaus(), st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_the_order_of_sections_reviews_or_deductions(
    bureau: Bureau, rnd: random.Random
) -> None:
    master, self_scores, reviews, deductions, statuses = bureau
    first = score_sections(master, self_scores, reviews, deductions, statuses)
    sections, reviews2, deductions2 = list(master.sections), list(reviews), list(deductions)
    for items in (sections, reviews2, deductions2):
        rnd.shuffle(items)
    second = score_sections(replace(master, sections=tuple(sections)), self_scores, reviews2,
                            deductions2, statuses)
    assert {s.code: s for s in first} == {s.code: s for s in second}


# --- ranking, grades and bonus -----------------------------------------------------------------


class Expected(NamedTuple):
    """A ranked section's results by §4."""

    rank: int
    grade: str
    held_back: bool
    eligible: bool
    bonus: Fraction


def by_the_spec(scores: list[SectionScore], sections: tuple[Section, ...] | list[Section],
                config: Settings) -> dict[str, Expected]:
    """The oracle's results for the ranked ("ok") sections among `scores`."""
    ok = [s for s in scores if s.status == "ok"]
    rows = {s.code: (F(s.total or 0), F(s.basic_exact or s.basic or 0), F(s.deductions))
            for s in ok}
    ranks = ref_ranks(rows)
    graded = ref_grades(rows, ranks, {s.code: s.veto for s in ok}, config.excellent_ratio,
                        config.excellent_line, config.good_line, config.fair_line,
                        config.basic_full)
    coefficient = {"excellent": config.coef_excellent, "good": config.coef_good,
                   "fair": config.coef_fair, "poor": config.coef_poor}
    headcount = {s.code: s.headcount for s in sections}
    weights = {code: F(coefficient[grade]) * headcount.get(code, 0)
               for code, grade in graded.grades.items()}
    bonus = ref_bonus(config.bonus_pool, weights, {code: (ranks[code], code) for code in rows})
    return {code: Expected(ranks[code], graded.grades[code], code in graded.held_back,
                           code in graded.eligible, bonus[code]) for code in rows}


def assert_as_the_spec_says(result: list[SectionScore], scores: list[SectionScore],
                            sections: tuple[Section, ...] | list[Section],
                            config: Settings) -> None:
    want = by_the_spec(scores, sections, config)
    assert [s.code for s in result] == [s.code for s in scores]  # the given order is kept
    for score in result:
        if score.code not in want:
            assert (score.rank, score.grade, score.bonus, score.tied_at_quota,
                    score.eligible_excellent) == (None, None, None, False, False), score.code
            continue
        assert score.grade is not None and score.bonus is not None
        got = Expected(score.rank or 0, score.grade.value, score.tied_at_quota,
                       score.eligible_excellent, F(score.bonus))
        assert got == want[score.code], score.code


@PROPERTY
@given(scored_sections(), st.sampled_from([D("0.2"), D("0.4"), D(0), D("0.5"), D(1)]),
       st.sampled_from([D(10000), D(9999), D(1), D(0), D("100.5"), D(123457)]))
def test_ranks_grades_held_back_ties_and_bonuses_are_the_specs(
    drawn: tuple[list[SectionScore], list[Section]], ratio: Decimal, pool: Decimal
) -> None:
    """Totals on and beside every line, many ties: competition ranks, the 优秀 quota with ties
    across it held back, and each bonus to the unit by largest remainder (odd units to the
    better rank, then the lower code) — exactly, not only summing to the pool."""
    scores, sections = drawn
    config = Settings(excellent_ratio=ratio, bonus_pool=pool)
    result, _issues = rank_and_grade(scores, Master((), tuple(sections), config))
    assert_as_the_spec_says(result, scores, sections, config)


@PROPERTY
@given(bureaus(max_sections=10))
def test_scoring_then_ranking_gives_the_specs_results(bureau: Bureau) -> None:
    """The chain as the pipeline runs it, with totals scoring really gives and settings away
    from the defaults (coefficients of 0, pools of 0.03 and 1000.5 yuan, ratios 0 and 1)."""
    master, self_scores, reviews, deductions, statuses = bureau
    scores = score_sections(master, self_scores, reviews, deductions, statuses)
    result, _issues = rank_and_grade(scores, master)
    assert_as_the_spec_says(result, scores, master.sections, master.settings)


@ORDER
@given(scored_sections(), st.randoms(use_true_random=False))
def test_ranking_does_not_depend_on_the_order_of_scores_or_sections(
    drawn: tuple[list[SectionScore], list[Section]], rnd: random.Random
) -> None:
    scores, sections = drawn
    master = Master((), tuple(sections), Settings(bonus_pool=D(9999), excellent_ratio=D("0.4")))
    first, issues1 = rank_and_grade(scores, master)
    shuffled_scores, shuffled_sections = list(scores), list(sections)
    rnd.shuffle(shuffled_scores)
    rnd.shuffle(shuffled_sections)
    second, issues2 = rank_and_grade(shuffled_scores,
                                     replace(master, sections=tuple(shuffled_sections)))
    assert sorted(first, key=lambda s: s.code) == sorted(second, key=lambda s: s.code)
    assert [i.code for i in issues1] == [i.code for i in issues2]


@PROPERTY
@given(scored_sections(), st.integers(1, 10**7))
def test_a_larger_weight_never_gets_a_smaller_bonus(
    drawn: tuple[list[SectionScore], list[Section]], pool: int
) -> None:
    """Weight = coefficient × headcount. Rounding to the yuan may not reorder the shares:
    a heavier section gets at least as much, equal weights differ by at most the one yuan
    left over, and that yuan goes to the better rank, then the lower code."""
    scores, sections = drawn
    config = Settings(bonus_pool=D(pool))
    graded, _quota = grade_sections(rank_sections(scores), config)
    result, _issues = allocate_bonus(graded, sections, config)
    headcount = {s.code: s.headcount for s in sections}
    lines = [(F(config.coefficient(s.grade)) * headcount[s.code], s) for s in result
             if s.grade is not None]
    for weight_a, a in lines:
        for weight_b, b in lines:
            assert a.bonus is not None and b.bonus is not None
            if weight_a > weight_b:
                assert a.bonus >= b.bonus, (a.code, b.code)
            elif weight_a == weight_b:
                assert abs(a.bonus - b.bonus) <= 1, (a.code, b.code)
                if a.bonus > b.bonus:
                    assert (a.rank, a.code) < (b.rank, b.code)


def test_the_excellent_line_is_exact_for_a_basic_full_with_decimals() -> None:
    """0.9 × 640.5 = 576.45: neither rounded to a whole number nor compared as a float."""
    def scored(code: str, total: str) -> SectionScore:
        return SectionScore(code, code, "ok", basic=D(total), excellence=D(0),
                            deductions=D(0), total=D(total))

    config = Settings(basic_full=D("640.5"), excellent_ratio=D(1))
    graded, _quota = grade_sections(rank_sections([scored("K1", "576.45"),
                                                   scored("K2", "576.44")]), config)
    assert [s.eligible_excellent for s in graded] == [True, False]


# --- numbers read from cells -------------------------------------------------------------------


@QUICK
@given(st.integers(-10**9, 10**9), st.integers(0, 4))
def test_a_typed_number_reads_the_same_from_a_number_cell_or_a_text_cell(
    digits: int, places: int
) -> None:
    """A number saved as a float (what readers give) or typed as text ("numbers stored as
    text") is the decimal the person typed; from a number cell nothing needed cleaning."""
    typed = D(digits).scaleb(-places)
    assert lenient_decimal(float(typed)) == (typed, False)
    assert lenient_decimal(str(typed))[0] == typed


@QUICK
@given(st.integers(0, 10**6), st.integers(1, 999))
def test_excel_arithmetic_noise_reads_back_as_the_typed_decimal(cents: int, divisor: int) -> None:
    """A cell =A1/k*k is saved as the float Excel computed, often one bit off (40.000000000000007);
    it reads as the two-decimal number typed in A1, not merely close to it."""
    typed = D(cents) / 100
    assert exact_decimal(float(typed) / divisor * divisor) == typed


# --- folder names ----------------------------------------------------------------------------


@QUICK
@given(st.lists(st.text("k12-.", min_size=1, max_size=4), min_size=1, max_size=6, unique=True),
       st.text("k12-.x法", max_size=12))
def test_codes_in_a_folder_name_are_read_as_one_pattern_of_them_would(
        codes: list[str], name: str) -> None:
    """The codes a folder's name holds as words of their own, longest first and never
    overlapping ("k1-2" whole, not also "k1"): what one regular expression of every code
    finds, without compiling one over a city's thousand codes."""
    import re
    from types import SimpleNamespace

    from perfxl.ingest import _SectionNames

    sections = [SimpleNamespace(code=code, name="") for code in codes]
    pattern = re.compile("(?<![0-9a-z])(?:" + "|".join(
        map(re.escape, sorted(codes, key=len, reverse=True))) + ")(?![0-9a-z])")
    assert _SectionNames(sections)._codes_in(name) == set(pattern.findall(name))  # type: ignore[arg-type]


@QUICK
@given(st.lists(st.text("法制科人", min_size=1, max_size=4), min_size=1, max_size=6, unique=True),
       st.text("法制科人k1", max_size=12))
def test_names_in_a_folder_name_are_every_name_it_holds(names: list[str], name: str) -> None:
    """Section names are looked up by their first characters, not tested one by one
    against every file's name: the same names are found (one character long too)."""
    from types import SimpleNamespace

    from perfxl.ingest import _SectionNames

    sections = [SimpleNamespace(code=f"K{n}", name=text) for n, text in enumerate(names)]
    found = set(_SectionNames(sections)._names_in(name))  # type: ignore[arg-type]
    assert found == {f"K{n}" for n, text in enumerate(names) if text in name}
