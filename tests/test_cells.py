"""Cell values to numbers and addresses: the cached fast paths give what the slow ones did."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfxl import i18n
from perfxl.cells import (
    EXTERNAL_REFERENCE,
    a1,
    column_index,
    exact_decimal,
    lenient_decimal,
    shortened,
)
from perfxl.model import format_points


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_becomes_the_decimal_excel_shows(value: float) -> None:
    """The shortest repr, within Excel's 15 significant digits: a number of 16 or 17 is
    float noise from a sum (40.000000000000007) that Excel shows as 40."""
    read = exact_decimal(value)
    assert read is not None and read == exact_decimal(value)  # the second answer comes cached
    shortest = Decimal(repr(value))
    if len(shortest.as_tuple().digits) <= 15:
        assert read == shortest
    else:
        assert len(read.normalize().as_tuple().digits) <= 15
        assert abs(read - shortest) <= abs(shortest).scaleb(-14)


def test_float_noise_is_read_as_excel_shows_it() -> None:
    assert exact_decimal(0.1 + 32.2 + 7.7) == 40  # stored 40.000000000000007
    assert exact_decimal(24.499999999999996) == Decimal("24.5")
    assert exact_decimal(0.1 + 0.2) == Decimal("0.3")
    assert exact_decimal(12.5) == Decimal("12.5")
    # Excel rounds the binary value (8.38333333333333463…), not its shortest repr (…335)
    assert exact_decimal(8.383333333333335) == Decimal("8.38333333333333")


def test_zero_is_plain_zero_whichever_sign_was_read_first() -> None:
    for first, second in ((-0.0, 0.0), (0.0, -0.0)):
        assert format_points(exact_decimal(first)) == "0"
        assert format_points(exact_decimal(second)) == "0"


def test_what_is_not_a_finite_number_is_none() -> None:
    for value in (math.nan, math.inf, -math.inf, True, "12", None):
        assert exact_decimal(value) is None
    assert lenient_decimal("１２．５分") == (Decimal("12.5"), True)
    for minus_zero in ("-0", "-0.0", "－０分"):  # shown as "0", never "-0"
        number, adjusted = lenient_decimal(minus_zero)
        assert adjusted and number == 0 and str(number) == "0"


@given(st.integers(1, 1_048_576), st.integers(0, 16_383))
def test_a1_names_the_row_and_column(row: int, column: int) -> None:
    address = a1(row, column)
    letters = address.rstrip("0123456789")
    assert address == f"{letters}{row}"
    assert column_index(letters) == column


@given(st.text(alphabet="扣分 1.5（），abc0123456789", max_size=80), st.integers(10, 60))
def test_shortened_never_cuts_inside_a_number(text: str, limit: int) -> None:
    """Last year's items were cut at 40 characters: "（扣分 1.5）" became "（扣分 1"."""
    short = shortened(text, limit)
    assert len(short) <= limit
    if short != text:
        kept = short[:-1]
        assert short.endswith("…") and text.startswith(kept)
        after = text[len(kept):len(kept) + 1]
        assert not (kept[-1:].isdigit() and (after.isdigit() or after == "."))


def test_shortened_examples() -> None:
    item = "2020-08-20 市效能办通报：窗口人员脱岗，群众投诉超期办结3件（扣分 1.5）"
    assert shortened(item, 40) == item[:item.index("（扣分") + 3] + "…"  # not "扣分 1"
    assert shortened("短", 40) == "短"


@pytest.mark.parametrize(("formula", "external"), [
    ("[1]Sheet1!A1", True),
    ("SUM([2]Data!A1:A3)", True),
    ("'[1]组内 打分'!K3*0.9", True),
    ("[Book2.XLSX]Sheet1!A1", True),
    ("Table1[Score]", False),  # a table's column, in this workbook
    ("SUM(Table1[[#This Row],[Score]])", False),
    ("Table1[2020]", False),
    ("A1*0.9", False),
])
def test_a_reference_into_another_workbook_is_told_from_a_table_column(
    formula: str, external: bool
) -> None:
    assert (EXTERNAL_REFERENCE.search(formula) is not None) == external


def test_a_long_name_in_a_footer_keeps_the_page_number() -> None:
    """A section name of 251 characters holding & was escaped, then cut at Excel's 255 for
    the whole footer: the page number went, and a lone & was left to start a code."""
    from perfxl.xlsx_style import page_footer

    footer = page_footer("A&" * 126, "zh")
    assert len(footer) <= 255 and footer.endswith("&C" + i18n.t("page_footer", "zh"))
    left = footer[2:footer.index("&C")]
    assert left.replace("&&", "").count("&") == 0 and left.endswith("…")
    # a name of 79 Chinese characters ran into the page number in the centre
    from perfxl.cells import display_width

    left = page_footer("法" * 79, "zh").split("&C")[0][2:]
    assert display_width(left) <= 40 and left.endswith("…")
    assert page_footer("法制科", "zh").startswith("&L法制科&C")


@pytest.mark.parametrize(("formula", "value"), [
    ("=30-4", Decimal(26)), ("=35/3*3", Decimal(35)), ("=30%+20%", Decimal("0.5")),
    ("=90%*40", Decimal(36)), ("=12.5%", Decimal("0.125")), ("=5%%", None),
    ("= 30%", Decimal("0.3")), ("=(20+30)%", Decimal("0.5")), ("=.5%", Decimal("0.005")),
    ("=50 %", Decimal("0.5")),
    ("=SUM(A1:A2)", None), ("=A2&\"x\"", None),
])
def test_arithmetic_perfxl_computes_itself(formula: str, value: Decimal | None) -> None:
    """A percentage in a formula is what Excel makes of it (30% is 0.3): =30%+20% typed in
    a progress cell and never computed was an error."""
    from perfxl.cells import evaluate_arithmetic

    assert evaluate_arithmetic(formula) == value
