"""The JSON contract of PRODUCT.md §7: what `--json` prints and `output/manifest.json` holds."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any

from perfxl import __version__
from perfxl.issues import Issue
from perfxl.model import InputFile, Master, SectionScore, Settings


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def settings_json(settings: Settings) -> dict[str, Any]:
    hidden = {"template_password"}  # never echoed into reports
    return {f.name: _plain(getattr(settings, f.name)) for f in fields(settings)
            if f.name not in hidden}


def section_json(score: SectionScore, deductions: Decimal | None) -> dict[str, Any]:
    """A section's line of the manifest; `deductions` as far as they are known."""
    return {
        "code": score.code,
        "name": score.name,
        "status": score.status,
        "basic": _plain(score.basic),
        "excellence": _plain(score.excellence),
        "deductions": _plain(deductions),
        "total": _plain(score.total),
        "rank": score.rank,
        "grade": score.grade.value if score.grade else None,
        "bonus": _plain(score.bonus),
        "veto": score.veto,
        "tied_at_quota": score.tied_at_quota,
        "indicators": [
            {"id": i.indicator_id, "points": _plain(i.points), "self_score": _plain(i.self_score),
             "approved": _plain(i.approved_score), "final": _plain(i.final)}
            for i in score.indicator_scores
        ],
    }


def build_report(
    master: Master,
    workspace: str,
    files: Sequence[InputFile],
    sections: Sequence[dict[str, Any]],
    issues: Sequence[Issue],
    lang: str,
    outputs: Sequence[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    report: dict[str, Any] = {
        "run": {
            "tool_version": __version__,
            "workspace": workspace,
            "master_sha256": master.sha256,
            "settings": settings_json(master.settings),
        },
        "files": [
            {"path": f.path, "sha256": f.sha256, "section": f.section, "status": f.status,
             "size": f.size, "saved_at": f.saved_at or None}
            for f in files
        ],
        "sections": list(sections),
        "issues": [i.to_json(lang) for i in issues],
    }
    if outputs is not None:
        report["outputs"] = [{"kind": kind, "path": path} for kind, path in outputs]
    return report


_compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def dumps(report: dict[str, Any]) -> str:
    """The report as JSON: one top-level key per line, and each record of a top-level list
    (a section, an issue, a file) on a line of its own.

    json's `indent=` falls back to its pure-Python encoder, which took seconds for the
    thousands of records of a city-wide run; every line here comes from the C encoder.
    """
    lines = ["{"]
    for n, (key, value) in enumerate(report.items()):
        comma = "," if n < len(report) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f"  {_compact(key)}: [")
            last = len(value) - 1
            lines += [f"    {_compact(item)}{',' if i < last else ''}"
                      for i, item in enumerate(value)]
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {_compact(key)}: {_compact(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"
