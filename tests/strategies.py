"""Hypothesis strategies for the property tests: bureaus built in code, ranked score lists, and
the data of a small workspace to build on disk."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

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

D = Decimal
BASIC, EXCELLENCE = Category.BASIC, Category.EXCELLENCE

# points as a master may hold them: positive, at most two decimals
POINTS = st.one_of(
    st.integers(1, 100).map(D),
    st.integers(1, 200).map(lambda n: D(n) / 4),
    st.integers(1, 10_000).map(lambda n: D(n) / 100),
)


def score_within(points: Decimal, finer: bool = False) -> st.SearchStrategy[Decimal]:
    """A self or approved score in 0..points: the bounds, to the cent, and with `finer` to the
    tenth of a cent, often a half cent (a formula such as =35/3 gives 11.6666666666667;
    validation only checks 0..points, so scoring rounds what it is given, and a total of
    x.xx5 tells rounding half up from half to even)."""
    cents = int(points * 100)
    if not finer:
        return st.one_of(st.sampled_from([D(0), points]),
                         st.integers(0, cents).map(lambda n: D(n) / 100))
    return st.one_of(
        st.sampled_from([D(0), points]),
        st.integers(0, cents).map(lambda n: D(n) / 100),
        st.integers(0, int(points * 1000)).map(lambda n: D(n) / 1000),
        st.integers(0, max(0, cents - 1)).map(lambda n: D(n) / 100 + D("0.005")),
    )


class Bureau(NamedTuple):
    """What scoring takes: the master, accepted self scores, the review, the register and
    each section's status ("ok", "error" or "missing")."""

    master: Master
    self_scores: dict[str, dict[str, Decimal]]
    reviews: list[ReviewEntry]
    deductions: list[Deduction]
    statuses: dict[str, str]


@st.composite
def bureaus(
    draw: st.DrawFn, max_sections: int = 8, max_indicators: int = 8, finer: bool = False
) -> Bureau:
    """A bureau in code: sections owning overlapping indicators (each at least one basic one),
    settings away from the defaults (basic_full 640.5, a pool of 0.03 yuan, a ratio of 0),
    reviews of about one score in four, and deductions large enough to go below zero."""
    codes = [f"K{i:02}" for i in range(draw(st.integers(1, max_sections)))]
    sections = tuple(Section(c, f"科{c}", headcount=draw(st.integers(0, 12))) for c in codes)
    indicators = []
    for i in range(draw(st.integers(1, max_indicators))):
        category = BASIC if i == 0 else draw(st.sampled_from([BASIC, BASIC, EXCELLENCE]))
        # the first is everyone's, so every section owns a basic indicator (MASTER_010)
        owners = codes if i == 0 else draw(st.lists(st.sampled_from(codes), min_size=1,
                                                    unique=True))
        indicators.append(Indicator(f"I{i:02}", category, "", f"指标{i}", draw(POINTS),
                                    owners=tuple(sorted(owners, key=codes.index))))
    settings = Settings(
        basic_full=draw(st.sampled_from([D(640), D(100), D(1000), D("640.5")])),
        excellent_ratio=draw(st.sampled_from([D("0.2"), D("0.4"), D(0), D("0.5"), D(1),
                                              D("0.33")])),
        bonus_pool=draw(st.one_of(st.integers(0, 10**6).map(D),
                                  st.sampled_from([D(9999), D(100000), D("1000.5"),
                                                   D("0.03")]))),
        coef_excellent=draw(st.sampled_from([D("1.2"), D("1.5")])),
        coef_good=draw(st.sampled_from([D("1.0"), D("0.9")])),
        coef_fair=draw(st.sampled_from([D("0.8"), D("0.7")])),
        coef_poor=draw(st.sampled_from([D("0.5"), D(0)])),
    )
    master = Master(tuple(indicators), sections, settings)
    self_scores: dict[str, dict[str, Decimal]] = {}
    reviews: list[ReviewEntry] = []
    statuses: dict[str, str] = {}
    for code in codes:
        statuses[code] = draw(st.sampled_from(["ok", "ok", "ok", "ok", "error", "missing"]))
        self_scores[code] = {}
        for indicator in master.indicators_for(code):
            self_scores[code][indicator.id] = draw(score_within(indicator.points, finer))
            if draw(st.integers(0, 3)) == 0:
                approved = draw(score_within(indicator.points, finer))
                reviews.append(ReviewEntry(code, indicator.id, approved))
    deductions = [
        Deduction(None, draw(st.sampled_from(codes)), "明察暗访", "事由",
                  draw(st.one_of(st.integers(1, 300).map(lambda n: D(n) / 4),
                                 st.integers(1, 1_000_000).map(lambda n: D(n) / 100))),
                  draw(st.integers(0, 5)) == 0)
        for _ in range(draw(st.integers(0, 6)))
    ]
    return Bureau(master, self_scores, reviews, deductions, statuses)


# totals on and beside the default lines (576, 512, 384 of 640) so ties and boundaries are common
TOTALS = st.sampled_from(["640", "600", "576.01", "576", "575.99", "512", "511.99", "384",
                          "383.99", "0", "-10.5", "700"])


@st.composite
def scored_sections(draw: st.DrawFn) -> tuple[list[SectionScore], list[Section]]:
    """Up to 14 sections as scoring leaves them, some unranked ("error", "missing"), with
    totals that tie often and basics and deductions that break some of the ties; and the
    sections with their headcounts."""
    scores: list[SectionScore] = []
    sections: list[Section] = []
    for i in range(draw(st.integers(1, 14))):
        code = f"K{i:02}"
        sections.append(Section(code, code, headcount=draw(st.integers(0, 9))))
        status = draw(st.sampled_from(["ok", "ok", "ok", "ok", "error", "missing"]))
        if status != "ok":
            scores.append(SectionScore(code, code, status,
                                       deductions=D(draw(st.sampled_from(["0", "2"])))))
            continue
        total = draw(TOTALS)
        scores.append(SectionScore(
            code, code, "ok", basic=D(draw(st.sampled_from([total, "600", "500"]))),
            excellence=D(0), deductions=D(draw(st.sampled_from(["0", "1.5", "3"]))),
            total=D(total), veto=draw(st.integers(0, 4)) == 0))
    return scores, sections


WORKSPACE_POINTS = [40, 30, 12.5, 20, 10, 7.25, 100, 3]
SECTION_NAMES = ["办公室", "法制科", "政工科", "财务科", "宣传科", "督查科"]


@st.composite
def workspace_data(draw: st.DrawFn) -> dict[str, Any]:
    """The data `init_workspace` takes (settings, sections, indicators, deductions), plus
    "_fill": code → indicator → the self score a section types (to the cent), for the sections
    that return, and "_approved": code → indicator → the review group's approved score."""
    codes = [f"K{i:02}" for i in range(1, draw(st.integers(2, 6)) + 1)]
    sections = [{"code": c, "name": SECTION_NAMES[i], "head": "张三", "contact": "李四",
                 "email": f"{c.lower()}@example.gov.cn", "headcount": draw(st.integers(0, 9))}
                for i, c in enumerate(codes)]
    indicators: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, 5))):
        basic = i == 0 or draw(st.booleans())
        owners = codes if i == 0 else draw(st.lists(st.sampled_from(codes), min_size=1,
                                                    unique=True))
        indicators.append({
            "id": f"{'A' if basic else 'C'}{i:02}",
            "category": "基础绩效指标" if basic else "争先创优指标",
            "subcategory": "规定指标" if basic else "争先创优指标",
            "name": f"指标{i}", "points": draw(st.sampled_from(WORKSPACE_POINTS)),
            "criteria": "按要求完成得满分。", "owners": "、".join(sorted(owners)),
            "evidence": "台账"})
    deductions = [{"date": "2020-10-12", "section": draw(st.sampled_from(codes)),
                   "source": draw(st.sampled_from(["明察暗访", "上级通报"])), "reason": "事由",
                   "points": draw(st.sampled_from([2, 0.5, 1.25, 30, 700])),
                   "veto": "是" if draw(st.integers(0, 4)) == 0 else "否", "reference": "文件"}
                  for _ in range(draw(st.integers(0, 4)))]
    settings = {"单位名称": "测试局", "年度": 2020, "轮次": "年度考评", "截止日期": "2021-01-31",
                "奖金总额": draw(st.sampled_from([10000, 9999, 123457, 1, 100.5])),
                "优秀比例": draw(st.sampled_from([0.2, 0.4, 0.5])), "绩效办联系人": "王五"}
    fill: dict[str, dict[str, float]] = {}
    approved: dict[str, dict[str, float]] = {}
    for code in draw(st.lists(st.sampled_from(codes), min_size=1, unique=True)):
        fill[code] = {}
        # at least this share of each indicator's points: some sections reach 优秀, some tie
        floor = draw(st.sampled_from([D(0), D("0.8"), D("0.95"), D(1)]))
        for indicator in indicators:
            if code in indicator["owners"].split("、"):
                cents = int(D(str(indicator["points"])) * 100)
                typed = draw(st.integers(int(cents * floor), cents))
                fill[code][indicator["id"]] = float(D(typed) / 100)
                if draw(st.integers(0, 3)) == 0:
                    approved.setdefault(code, {})[indicator["id"]] = float(
                        D(draw(st.integers(0, cents))) / 100)
    return {"settings": settings, "sections": sections, "indicators": indicators,
            "deductions": deductions, "_fill": fill, "_approved": approved}
