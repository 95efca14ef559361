"""The issue record itself: the catalogue's texts and parameters written in each language."""

from __future__ import annotations

import pickle
import string

import pytest

from perfxl import i18n
from perfxl.issues import make_issue


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("code", sorted(i18n.ISSUES))
def test_both_languages_fill_the_same_placeholders(code: str) -> None:
    """A parameter named in one language only would print as a KeyError in the other."""
    _severity, zh, zh_fix, en, en_fix = i18n.ISSUES[code]
    assert _placeholders(zh + zh_fix) == _placeholders(en + en_fix)


def test_a_localized_parameter_is_written_in_the_language_of_the_message() -> None:
    names = i18n.in_each_language(i18n.listing, ["审核 (2)", "Sheet1"])
    issue = make_issue("REVIEW_016", file="review.xlsx", sheet="审核", others=names)
    assert "审核 (2)、Sheet1" in issue.message("zh")
    assert "审核 (2), Sheet1" in issue.message("en") and "、" not in issue.message("en")
    # verdicts cross from the reader processes to the main one
    assert pickle.loads(pickle.dumps(issue)) == issue


def test_text_keys_take_localized_parameters_too() -> None:
    part = i18n.Localized("整改措施", "measures")
    assert i18n.fill("“{part}”", "zh", {"part": part}) == "“整改措施”"
    assert i18n.fill("'{part}'", "en", {"part": part}) == "'measures'"


def test_no_text_names_a_placeholder_after_the_arguments_of_t() -> None:
    """i18n.t(key, lang, **params): a text with {key} or {lang} could never be filled (a
    TypeError where a message was wanted), as "fatal.bad_language" was."""
    clashing = {key for key, texts in i18n.TEXT.items() for text in texts
                if _placeholders(text) & {"key", "lang"}}
    assert clashing == set()


def test_a_reason_perfxl_gives_is_in_the_language_of_the_message() -> None:
    issue = make_issue("FILE_015", file="K02.xlsx", reason=i18n.t_each("reason.sheets", count=40))
    assert "（40 个工作表）" in issue.message("zh") and "(40 sheets)" in issue.message("en")
