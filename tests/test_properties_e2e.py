"""End to end on small generated workspaces (real returns, a filled review, pipeline.run): the
manifest and the summary workbook give tests/oracle.py's results, a rerun gives the same bytes;
and the workbook written from any assessment holds the library's numbers, shown to their unit."""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfxl import pipeline
from perfxl.analysis import Assessment, assess
from perfxl.ranking import bonus_unit, rank_and_grade
from perfxl.report_writer import report_file_name, write_report
from perfxl.scoring import score_sections
from perfxl.workspace import init_workspace
from tests.conftest import ReturnFactory
from tests.oracle import (
    BASIC_FULL,
    COEFFICIENTS,
    EXCELLENT_LINE,
    FAIR_LINE,
    GOOD_LINE,
    ref_bonus,
    ref_grades,
    ref_ranks,
    ref_score,
)
from tests.strategies import Bureau, bureaus, workspace_data

D = Decimal
F = Fraction

# each example builds a workspace and runs the pipeline (about a second): few, always the same
WORKSPACES = settings(max_examples=10, deadline=None, derandomize=True,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
WORKBOOKS = settings(WORKSPACES, max_examples=25)

BULLETIN = Path("output") / "narratives" / "考评情况通报.md"


def build_workspace(root: Path, data: dict[str, Any]) -> None:
    """A workspace from `workspace_data()`: master and register, the returns of the sections in
    data["_fill"] as they would type them, and review.xlsx approving data["_approved"]."""
    plain = {k: v for k, v in data.items() if not k.startswith("_")}
    workspace = init_workspace(root, data=json.loads(json.dumps(plain)), workspace_id="props")
    returns = ReturnFactory(workspace)
    for code, scores in data["_fill"].items():
        filling = returns.filling(code)
        filling.scores = dict(scores)
        returns.write(code, filling=filling)
    if data["_approved"]:
        pipeline.build_review(root)
        book = openpyxl.load_workbook(workspace.output / "review.xlsx")
        for row in book.worksheets[0].iter_rows(min_row=3):
            code, indicator_id = row[0].value, row[2].value
            if indicator_id in data["_approved"].get(code, {}):
                row[8].value = data["_approved"][code][indicator_id]  # 核定得分
                row[9].value = "核定调整"  # 核定说明
        book.save(workspace.review)


def expected_results(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """§4's results for `data` by section code, from the oracle and the spec's defaults."""
    register = [(d["section"], D(str(d["points"])), d["veto"] == "是")
                for d in data["deductions"]]
    rows: dict[str, tuple[Fraction, Fraction, Fraction]] = {}
    vetoes: dict[str, bool] = {}
    out: dict[str, dict[str, Any]] = {}
    for section in data["sections"]:
        code = section["code"]
        own = [(points, veto) for c, points, veto in register if c == code]
        out[code] = {"status": "missing", "veto": any(v for _p, v in own),
                     "deductions": sum((F(p) for p, _v in own), F(0))}
        if code not in data["_fill"]:
            continue
        owned = [(i["id"], i["category"] == "基础绩效指标", D(str(i["points"])))
                 for i in data["indicators"] if code in i["owners"].split("、")]
        typed = {k: D(repr(v)) for k, v in data["_fill"][code].items()}
        approved = {k: D(repr(v)) for k, v in data["_approved"].get(code, {}).items()}
        score = ref_score(code, owned, typed, approved, register, BASIC_FULL)
        out[code].update(status="ok", basic=score.basic, excellence=score.excellence,
                         total=score.total)
        rows[code] = (score.total, score.basic_exact, score.deductions)
        vetoes[code] = score.veto
    ranks = ref_ranks(rows)
    graded = ref_grades(rows, ranks, vetoes, D(str(data["settings"]["优秀比例"])),
                        EXCELLENT_LINE, GOOD_LINE, FAIR_LINE, BASIC_FULL)
    headcount = {s["code"]: s["headcount"] for s in data["sections"]}
    weights = {code: COEFFICIENTS[grade] * headcount[code]
               for code, grade in graded.grades.items()}
    bonus = ref_bonus(D(str(data["settings"]["奖金总额"])), weights,
                      {code: (ranks[code], code) for code in rows})
    for code in rows:
        out[code].update(rank=ranks[code], grade=graded.grades[code], bonus=bonus[code],
                         tied=code in graded.held_back)
    return out


def exact(value: object) -> Fraction | None:
    """A number as a cell or JSON gives it, as the decimal shown (0.1 + 0.2 reads 0.3)."""
    if value is None:
        return None
    if isinstance(value, float):
        return F(D(repr(value)))
    assert isinstance(value, (int, Decimal)) and not isinstance(value, bool), value
    return F(value)


@WORKSPACES
@given(workspace_data())
def test_run_gives_the_specs_results_in_the_manifest_and_the_workbook(
    data: dict[str, Any],
) -> None:
    """Through real files: the typed scores, the group's approved scores, the register; the
    manifest and the 排名, 奖金分配, 得分明细 and 指标分析 sheets all agree with the oracle."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        build_workspace(root, data)
        result = pipeline.run(root)
        errors = [(i.code, i.message()) for i in result.issues if i.severity.value == "error"]
        assert not errors
        want = expected_results(data)
        manifest = json.loads((root / "output" / "manifest.json").read_text("utf-8"))
        by_code = {s["code"]: s for s in manifest["sections"]}
        for code, exp in want.items():
            got = by_code[code]
            assert (got["status"], exact(got["deductions"]), got["veto"]) \
                == (exp["status"], exp["deductions"], exp["veto"]), code
            if exp["status"] != "ok":
                assert (got["rank"], got["total"], got["bonus"]) == (None, None, None), code
                continue
            assert (exact(got["basic"]), exact(got["excellence"]), exact(got["total"]),
                    got["rank"], got["grade"], exact(got["bonus"]), got["tied_at_quota"]) \
                == (exp["basic"], exp["excellence"], exp["total"], exp["rank"], exp["grade"],
                    exp["bonus"], exp["tied"]), code

        book = openpyxl.load_workbook(root / "output" / report_file_name(result.check.master,
                                                                          "zh"), read_only=True)
        seen = set()
        for row in book["排名"].iter_rows(min_row=4, values_only=True):
            if row[1] not in want:
                continue
            exp = want[row[1]]
            seen.add(row[1])
            if exp["status"] != "ok":
                assert row[0] in (None, "") and row[6] is None, row[1]
                continue
            assert (row[0], exact(row[3]), exact(row[4]), exact(row[6]), exact(row[8])) \
                == (exp["rank"], exp["basic"], exp["excellence"], exp["total"], exp["bonus"])
        assert seen == set(want)

        bonuses = {r[1]: exact(r[8]) for r in book["奖金分配"].iter_rows(min_row=4,
                                                                           values_only=True)
                   if r[1] in want}
        assert bonuses == {code: exp["bonus"] for code, exp in want.items() if exp["status"] == "ok"}

        # 得分明细: each owned cell holds the final score, the row ends with the total
        rows = list(book["得分明细"].iter_rows(values_only=True))
        header = next(n for n, r in enumerate(rows) if r and r[0] == "科室代码")
        ids = [i["id"] for i in data["indicators"]]
        finals = {s.code: {i.indicator_id: i.final for i in s.indicator_scores}
                  for s in result.assessment.scores}
        for r in rows[header + 3:]:
            if r[0] is None:  # the table of adjustments below the grid
                break
            if r[0] not in want:
                continue
            for column, indicator_id in enumerate(ids, start=2):
                final = finals[r[0]].get(indicator_id)
                assert exact(r[column]) == (None if final is None else F(final)), \
                    (r[0], indicator_id)
            if want[r[0]]["status"] == "ok":
                assert exact(r[2 + len(ids) + 5]) == want[r[0]]["total"], r[0]

        # 指标分析: the averages are the library's
        stats = {s.indicator.id: s for s in result.assessment.stats}
        for r in book["指标分析"].iter_rows(min_row=3, values_only=True):
            if r[0] in stats and stats[r[0]].average is not None:
                assert exact(r[7]) == F(stats[r[0]].average), r[0]
                assert exact(r[8]) == F(stats[r[0]].average_rate), r[0]
        book.close()


@settings(WORKSPACES, max_examples=6)
@given(workspace_data())
def test_a_second_run_on_the_same_inputs_gives_the_same_bytes(data: dict[str, Any]) -> None:
    """The workbook, the bulletin and the manifest's results, for any bureau (the sample's
    rerun is tests/test_run.py's): nothing depends on the clock or on dict order."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        build_workspace(root, data)
        first = pipeline.run(root)
        workbook = root / "output" / report_file_name(first.check.master, "zh")
        manifest = root / "output" / "manifest.json"
        before = (workbook.read_bytes(), (root / BULLETIN).read_bytes(),
                  json.loads(manifest.read_text("utf-8"))["sections"])
        pipeline.run(root)
        after = (workbook.read_bytes(), (root / BULLETIN).read_bytes(),
                 json.loads(manifest.read_text("utf-8"))["sections"])
        assert after == before


# --- the workbook written from an assessment ------------------------------------------------


def decimals_shown(number_format: str) -> int:
    """Decimals a plain Excel number format (0.00, #,##0, #,##0.0;…) shows."""
    match = re.search(r"0\.(0+)", number_format.split(";")[0])
    return len(match.group(1)) if match else 0


def assessment_of(bureau: Bureau) -> Assessment:
    master, self_scores, reviews, deductions, statuses = bureau
    scores = score_sections(master, self_scores, reviews, deductions, statuses)
    ranked, _issues = rank_and_grade(scores, master)
    return assess(master, ranked, deductions, {}, "zh")


@WORKBOOKS
@given(bureaus(max_sections=6, max_indicators=5),
       st.sampled_from([None, D(10000), D("100.5"), D("1000.25"), D(7)]))
def test_the_ranking_and_bonus_sheets_hold_the_library_numbers_shown_to_their_unit(
    bureau: Bureau, pool: Decimal | None
) -> None:
    """Every section's rank, basic, excellence, total and bonus in 排名, and its bonus in
    奖金分配, are the library's; bonus cells show as many decimals as the pool was shared in
    (a pool of 1000.25 yuan is shared to the fen: "#,##0" would show 333.42 as 333)."""
    if pool is not None:
        master = bureau.master
        bureau = bureau._replace(master=replace(
            master, settings=replace(master.settings, bonus_pool=pool)))
    assessment = assessment_of(bureau)
    with tempfile.TemporaryDirectory() as tmp:
        book = openpyxl.load_workbook(write_report(Path(tmp) / "r.xlsx", assessment, [], "zh"))
    by_code = {s.code: s for s in assessment.scores}
    unit = bonus_unit(assessment.master.settings.bonus_pool)
    places = max(0, -int(unit.as_tuple().exponent))
    seen = set()
    for row in book["排名"].iter_rows(min_row=4):
        score = by_code.get(row[1].value)
        if score is None:
            continue
        seen.add(score.code)
        assert row[0].value == score.rank or (row[0].value in (None, "") and score.rank is None)
        for column, value in ((3, score.basic), (4, score.excellence), (6, score.total),
                              (8, score.bonus)):
            assert exact(row[column].value) == (None if value is None else F(value)), \
                (score.code, column)
        if score.bonus is not None:
            assert decimals_shown(row[8].number_format) >= places, row[8].number_format
    assert seen == set(by_code)
    for row in book["奖金分配"].iter_rows(min_row=4):
        score = by_code.get(row[1].value)
        if score is not None and score.bonus is not None:
            assert exact(row[8].value) == F(score.bonus), score.code
            assert decimals_shown(row[8].number_format) >= places, row[8].number_format
