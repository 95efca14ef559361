"""The README documents every command and every problem code."""

from __future__ import annotations

from pathlib import Path

from perfxl.cli import main
from perfxl.i18n import catalogue_markdown

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_the_readme_holds_the_current_problem_catalogue() -> None:
    assert catalogue_markdown() in README, "regenerate it with: python -m perfxl.i18n"


def test_every_command_is_in_the_readme() -> None:
    missing = [name for name in main.commands if f"perfxl {name}" not in README]
    assert missing == []


def test_the_readme_names_the_english_outputs_as_perfxl_writes_them() -> None:
    """Scripts rely on these names (PRODUCT.md §7): the table must follow the catalogue."""
    from perfxl import i18n

    keys = ("template.file_name", "sendlist.file_name", "issues.file_name",
            "feedback.file_name", "report.file_name", "binder.folder", "narrative.bulletin",
            "narrative.reports", "narrative.notices", "progress.file_name", "progress.brief",
            "publish.name")
    table = README[README.index("| Chinese | English |"):]
    for key in keys:
        zh, en = i18n.TEXT[key]
        assert f"{zh}" in table and f"{en}" in table, key
    sheets = ("ranking", "matrix", "adjustments", "deductions", "indicators", "issues",
              "missing", "bonus", "rules")
    assert " · ".join(f"`{i18n.TEXT['report.sheet.' + k][1]}`" for k in sheets) in table
    for sheet in (i18n.SHEET_GUIDE, i18n.SHEET_SELF, i18n.SHEET_REPORT,
                  i18n.SHEET_RECTIFICATION, i18n.SHEET_PROGRESS):
        assert f"`{sheet.zh}`" in table and f"`{sheet.en}`" in table
