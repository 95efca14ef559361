"""Cell values to numbers and addresses: the cached fast paths give what the slow ones did."""

from __future__ import annotations

import math
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from perfxl.cells import a1, column_index, exact_decimal, lenient_decimal
from perfxl.model import format_points


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_becomes_the_decimal_of_its_shortest_repr(value: float) -> None:
    assert exact_decimal(value) == Decimal(repr(value))
    assert exact_decimal(value) == exact_decimal(value)  # the second answer comes cached


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
