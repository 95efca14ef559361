"""The hidden metadata that binds a template to its workspace, year, round and section."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from perfxl.cells import cell_text, lenient_decimal
from perfxl.model import TemplateBinding, TemplateRow, format_points

FORMAT = "perfxl-template-1"
_KEYS = (
    "workspace_id",
    "unit",
    "year",
    "round",
    "section_code",
    "section_name",
    "kind",
    "fingerprint",
    "tool_version",
)


def binding_rows(binding: TemplateBinding) -> list[tuple[str, ...]]:
    """The metadata sheet's rows: key/value pairs, then one row per indicator (id, points,
    name in cells of their own, so formats that drop tabs, like .ods, keep them apart)."""
    rows: list[tuple[str, ...]] = [("format", FORMAT)]
    rows += [(key, str(getattr(binding, key))) for key in _KEYS]
    rows.append(("rows", str(len(binding.rows))))
    rows += [(f"row:{r.id}", format_points(r.points), r.name) for r in binding.rows]
    return rows


def parse_binding(rows: Sequence[Sequence[Any]]) -> TemplateBinding | None:
    """Read the metadata sheet back; None when it is not perfxl's or is damaged."""
    values: dict[str, str] = {}
    indicator_rows: list[TemplateRow] = []
    for row in rows:
        if len(row) < 2:
            continue
        key, value = cell_text(row[0]), cell_text(row[1])
        if key.startswith("row:"):
            if len(row) > 2 and cell_text(row[2]):
                points_text, name = value, cell_text(row[2])
            else:  # the first templates kept both in one cell, tab-separated
                points_text, _, name = value.partition("\t")
            points, _adjusted = lenient_decimal(points_text)
            if points is None:
                return None
            indicator_rows.append(TemplateRow(key[4:], name, points))
        elif key:
            values[key] = value
    if values.get("format") != FORMAT or not all(k in values for k in _KEYS):
        return None
    try:
        year = int(values["year"])
    except ValueError:
        return None
    if values.get("rows") != str(len(indicator_rows)):
        return None
    return TemplateBinding(
        workspace_id=values["workspace_id"],
        unit=values["unit"],
        year=year,
        round=values["round"],
        section_code=values["section_code"],
        section_name=values["section_name"],
        kind=values["kind"],
        rows=tuple(indicator_rows),
        fingerprint=values["fingerprint"],
        tool_version=values["tool_version"],
    )
