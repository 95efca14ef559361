"""What an English-speaking office types, read as its Chinese counterpart is (found by a
helper running a whole year in English: each was refused while the Chinese form passed)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfxl import i18n
from perfxl.cells import lenient_decimal
from perfxl.deductions import read_yes_no
from perfxl.master import _ROLE, _category, resolve_owners
from perfxl.model import Category, Section
from perfxl.review import _keeps


@pytest.mark.parametrize(("typed", "units", "read"), [
    ("12.5 points", "分", Decimal("12.5")), ("30 pts", "分", Decimal(30)),
    ("1 point", "分", Decimal(1)), ("6 people", "分人", Decimal(6)),
    ("100000 yuan", "元", Decimal(100000)), ("36分", "分", Decimal(36)),
])
def test_a_number_with_its_unit_in_english_is_read_and_said(
    typed: str, units: str, read: Decimal
) -> None:
    assert lenient_decimal(typed, units) == (read, True)


def test_an_english_unit_where_it_is_no_unit_is_no_number() -> None:
    assert lenient_decimal("6 people")[0] is None  # a score in people
    assert lenient_decimal("points")[0] is None


@pytest.mark.parametrize("word", ["unchanged", "Same", "no change", "as self"])
def test_the_review_keeps_the_self_score_in_english(word: str) -> None:
    assert _keeps(word) and _keeps("不变")


def test_none_is_no_veto() -> None:
    assert read_yes_no("None") is False and read_yes_no("无") is False


@pytest.mark.parametrize("typed", ["Basic indicators", "basic performance indicator", "Basic"])
def test_categories_as_english_writes_them(typed: str) -> None:
    assert _category(typed) is Category.BASIC
    assert _category("Excellence indicators") is Category.EXCELLENCE


def test_lead_and_support_marks_and_curly_apostrophes_in_owners() -> None:
    sections = [Section("S01", "Director's Office"), Section("S02", "Legal Affairs & Compliance")]
    assert resolve_owners("Lead: Legal Affairs & Compliance; Director’s Office", sections) == (
        ("S02", "S01"), [])
    assert resolve_owners("Legal Affairs & Compliance lead, Director's Office support",
                          sections) == (("S02", "S01"), [])
    assert _ROLE.sub("", "Leadership Office") == "Leadership Office"
    assert i18n.normalize_label("Director’s Office") == i18n.normalize_label("Director's Office")


def test_english_lists_end_with_and() -> None:
    assert i18n.joined(["A", "B", "C"], "en") == "A, B and C"
    assert i18n.joined(["A", "B"], "en") == "A and B"
    assert i18n.joined(["甲", "乙"], "zh") == "甲、乙"


def test_english_amounts_and_notes_as_offices_write_them() -> None:
    from perfxl.cells import is_note_label
    from perfxl.master import _typed_amount

    assert _typed_amount("100,000 yuan", "decimal") == 100000
    assert lenient_decimal("30 Pts.") == (Decimal(30), True)
    assert all(map(is_note_label, ("Prepared by", "Note", "Date: 2020-12-05", "Remarks")))
    assert not any(map(is_note_label, ("Notebook", "N1", "D01")))
