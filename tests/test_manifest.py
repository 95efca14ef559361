"""manifest.json and `--json` output: the line-per-record layout is exactly the same data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfxl.manifest import dumps
from perfxl.workspace import Workspace

scalars = st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=20)


@given(st.dictionaries(st.text(max_size=8), values, max_size=6))
def test_dumps_round_trips(report: dict[str, Any]) -> None:
    assert json.loads(dumps(report)) == report


def test_each_record_of_a_top_level_list_is_one_line() -> None:
    report = {"run": {"year": 2020}, "sections": [{"code": "K01", "名称": "办公室"},
                                                  {"code": "K02"}], "issues": []}
    text = dumps(report)
    assert text.splitlines() == [
        "{", '  "run": {"year": 2020},', '  "sections": [',
        '    {"code": "K01", "名称": "办公室"},', '    {"code": "K02"}', "  ],",
        '  "issues": []', "}"]


def test_the_workspace_is_named_the_same_however_it_was_given(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-w .` inside the workspace wrote "." into the report, the full path otherwise."""
    from perfxl.pipeline import read_inbox

    monkeypatch.chdir(workspace.root)
    relative = read_inbox(Path(".")).to_json()["run"]["workspace"]
    absolute = read_inbox(workspace.root).to_json()["run"]["workspace"]
    assert relative == absolute == str(workspace.root.resolve())
