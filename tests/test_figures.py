"""Figures as people read them: the bulletin, the console and the workbook round alike, and
bonuses show as they were shared. Found by a helper testing the scoring chain against an
independent reading of PRODUCT.md §4."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from perfxl import pipeline
from perfxl.cli import main
from perfxl.model import decimal_text, percent_text
from perfxl.narrative import bulletin_context
from perfxl.report_writer import report_file_name
from perfxl.scoring import to_cents
from perfxl.workspace import init_workspace
from tests.conftest import ReturnFactory, small_bureau

D = Decimal


@pytest.mark.parametrize(("value", "places", "shown"), [
    (D("0.125"), 2, "0.13"),  # Python's format gives 0.12 (halves to even); Excel 0.13
    (D("2.675"), 2, "2.68"),
    (D("-0.125"), 2, "-0.13"),
    (D("-0.001"), 2, "0.00"),  # never "-0.00"
    (D("81.25"), 1, "81.3"),
    (D(7), 2, "7.00"),
])
def test_decimals_are_shown_halves_away_from_zero(value: Decimal, places: int,
                                                  shown: str) -> None:
    assert decimal_text(value, places) == shown


def test_a_rate_is_shown_as_the_workbook_formats_it() -> None:
    assert percent_text(D("0.8125")) == "81.3%"  # the 指标分析 sheet's 0.0% shows 81.3%
    assert percent_text(D("0.2225")) == "22.3%"
    assert percent_text(D("0.5"), 0) == "50%"


@given(st.decimals(min_value=-1000, max_value=1000, places=4))
def test_to_cents_never_gives_negative_zero(value: Decimal) -> None:
    rounded = to_cents(value)
    assert str(rounded) != "-0.00" and rounded == value.quantize(D("0.01"), "ROUND_HALF_UP")


def _bureau(tmp_path: Path, pool: float, excellence: float | None = None) -> Path:
    """The small bureau with every section 良好 and one person each, so the pool is shared
    in three equal parts; K02's excellence indicator C01 scored `excellence` if given."""
    data = small_bureau()
    data["settings"]["奖金总额"] = pool
    for section in data["sections"]:
        section["headcount"] = 1
    data["deductions"] = []
    workspace = init_workspace(tmp_path / "ws", data=data, workspace_id="w")
    returns = ReturnFactory(workspace)
    for code in ("K01", "K02", "K03"):
        filling = returns.filling(code)
        filling.scores = {k: 0.85 * float(v) / 0.9 for k, v in filling.scores.items()}
        if code == "K02" and excellence is not None:
            filling.scores["C01"] = excellence
        returns.write(code, filling=filling)
    return workspace.root


def test_a_bonus_shared_to_the_jiao_shows_its_jiao(tmp_path: Path) -> None:
    """A pool of 100.5 yuan is shared 33.5 each; the workbook's "#,##0" showed 34, 34, 34 and
    a total of 101, the console 34 (it printed bonuses to whole yuan)."""
    root = _bureau(tmp_path, 100.5)
    result = CliRunner().invoke(main, ["run", "-w", str(root)])
    manifest = json.loads((root / "output" / "manifest.json").read_text("utf-8"))
    assert {s["code"]: s["bonus"] for s in manifest["sections"]} == {
        "K01": 33.5, "K02": 33.5, "K03": 33.5}
    ranked = [line.split() for line in result.output.splitlines() if " K0" in line]
    assert [(cells[1], cells[5]) for cells in ranked] == [
        ("K01", "33.5"), ("K02", "33.5"), ("K03", "33.5")]
    master_name = next((root / "output").glob("*汇总.xlsx")).name
    book = openpyxl.load_workbook(root / "output" / master_name)
    bonus_cells = [row[8] for name in ("排名", "奖金分配") for row in book[name].iter_rows()
                   if len(row) > 8 and isinstance(row[8].value, (int, float))]
    assert bonus_cells and {c.number_format for c in bonus_cells} == {"#,##0.0"}
    whole = _bureau(tmp_path / "whole", 9000)
    pipeline.run(whole)
    book = openpyxl.load_workbook(next((whole / "output").glob("*汇总.xlsx")))
    assert book["排名"].cell(4, 9).number_format == "#,##0"


def test_the_bulletin_rounds_as_the_workbook_does(tmp_path: Path) -> None:
    """An excellence score of 0.125 read 0.12 in the bulletin beside 0.13 in the workbook."""
    root = _bureau(tmp_path, 9000, excellence=0.125)
    result = pipeline.run(root)
    row = next(r for r in bulletin_context(result.assessment, "zh")["ranking"]
               if r["code"] == "K02")
    assert row["excellence"] == "0.13"
    assert report_file_name(result.check.master, "zh") in {
        p.name for p in (root / "output").iterdir()}


def test_a_self_score_with_more_digits_than_a_cell_holds_survives_the_review(
    tmp_path: Path,
) -> None:
    """A self score typed as the text "11.66666666666666667" is written into review.xlsx as
    the double 11.6666666666667: once the group approved that row, the run took the return
    for one sent again since (REVIEW_012) and left the section unranked."""
    workspace = init_workspace(tmp_path / "ws", data=small_bureau(), workspace_id="w")
    returns = ReturnFactory(workspace)
    for code in ("K01", "K02", "K03"):
        filling = returns.filling(code)
        if code == "K02":
            filling.scores["A02"] = "11.66666666666666667"
        returns.write(code, filling=filling)
    pipeline.build_review(workspace.root)
    book = openpyxl.load_workbook(workspace.output / "review.xlsx")
    for row in book.worksheets[0].iter_rows(min_row=3):
        if (row[0].value, row[2].value) == ("K02", "A02"):
            row[8].value, row[9].value = 10, "核减"
    book.save(workspace.review)
    result = pipeline.run(workspace.root)
    assert not [i.code for i in result.issues if i.code.startswith("REVIEW")]
    k02 = next(s for s in result.assessment.scores if s.code == "K02")
    assert k02.rank is not None
    assert next(i for i in k02.indicator_scores if i.indicator_id == "A02").final == 10


def test_indicators_at_full_marks_are_no_shortfall() -> None:
    """Every section at 100% on the five lowest: the bulletin listed them under 存在问题."""
    from perfxl.analysis import IndicatorStat, lowest_indicators
    from perfxl.model import Category, Indicator

    def stat(indicator_id: str, rate: str, category: Category = Category.BASIC) -> IndicatorStat:
        indicator = Indicator(id=indicator_id, category=category, subcategory="",
                              name=indicator_id, points=Decimal(10), criteria="",
                              owners=("K01",), evidence="", note="", row=2)
        return IndicatorStat(indicator, ("K01",), 1, Decimal(rate) * 10, Decimal(rate), None,
                             None, (), 0)

    stats = [stat("A1", "1"), stat("A2", "0.9"), stat("A3", "0.5"),
             stat("C1", "0.1", Category.EXCELLENCE)]
    assert [s.indicator.id for s in lowest_indicators(stats)] == ["A3", "A2"]
