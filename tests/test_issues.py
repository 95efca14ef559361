"""The issue record itself: the catalogue's texts and parameters written in each language."""

from __future__ import annotations

import pickle
import string
from pathlib import Path

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
    which = i18n.t_each("review.also", sheet="审核", others=names)  # one inside another
    issue = make_issue("REVIEW_016", file="review.xlsx", sheet="审核", which=which, example="")
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


def test_a_text_for_one_thing_stands_in_for_its_plural_text() -> None:
    """`key.one` is the English for a count of 1; Chinese has no plural."""
    singular = [key for key in i18n.TEXT if key.endswith(".one")]
    assert singular
    for key in singular:
        plural = key.removesuffix(".one")
        assert i18n.TEXT[key][0] == i18n.TEXT[plural][0]
        assert _placeholders(i18n.TEXT[key][1]) == _placeholders(i18n.TEXT[plural][1])
        assert "count" in _placeholders(i18n.TEXT[plural][1])


def test_english_counts_agree_with_their_nouns() -> None:
    assert i18n.t("provisional.missing", "en", count=1) == "1 section missing"
    assert i18n.t("provisional.missing", "en", count=2) == "2 sections missing"
    assert i18n.t("provisional.missing", "zh", count=1) == "1 个科室未报送"
    assert [key for key, (_, en) in i18n.TEXT.items() if "(s)" in en] == []


def test_what_the_system_refused_is_said_in_the_message_language() -> None:
    from perfxl.issues import system_reason

    issue = make_issue("FILE_025", file="K02.xlsx",
                       reason=system_reason(PermissionError(13, "Permission denied")))
    assert "（没有权限）" in issue.message("zh") and "(permission denied)" in issue.message("en")
    assert system_reason(OSError(9999, "Something odd")) == "Something odd"


def test_a_folder_that_cannot_be_written_is_not_said_to_be_open_in_excel(
    tmp_path: Path
) -> None:
    from perfxl.workspace import not_writable

    denied = PermissionError(13, "Permission denied")
    folder = not_writable(tmp_path, denied).message("zh")
    assert folder.startswith(f"无法写入文件夹 {tmp_path}（没有权限）") and "Excel" not in folder
    assert "Excel" in not_writable(tmp_path / "汇总.xlsx", denied).message("zh")


def test_a_blank_value_is_said_to_be_blank() -> None:
    """分值“”不是数字: the empty quotes read as a typo."""
    issue = make_issue("MASTER_005", file="master.xlsx", sheet="指标", cell="E5", value="")
    assert issue.message("zh").startswith("分值（空白）不是数字。")
    assert issue.message("en").startswith("Points (blank) is not a number.")
    assert make_issue("MASTER_005", value="二十").message("zh").startswith("分值“二十”不是数字。")
