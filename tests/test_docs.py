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
