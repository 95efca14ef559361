"""manifest.json and `--json` output: the line-per-record layout is exactly the same data."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from perfxl.manifest import dumps

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
