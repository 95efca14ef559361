"""The README documents every command and every problem code."""

from __future__ import annotations

from pathlib import Path

from perfxl.cli import main
from perfxl.i18n import ISSUES

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_issue_code_is_in_the_readme() -> None:
    missing = [code for code in ISSUES if f"`{code}`" not in README]
    assert missing == []


def test_every_command_is_in_the_readme() -> None:
    missing = [name for name in main.commands if f"perfxl {name}" not in README]
    assert missing == []
