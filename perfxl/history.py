"""Connects the years: next year's workspace from last year's, and what carries over.

`init --from` copies the sections and indicators (the year bumped), and imports last year's
results and rectification items into `previous.json`; `run` then compares, matching sections
and indicators by code and reporting every rename, addition and removal.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfxl import i18n
from perfxl.analysis import is_shortfall
from perfxl.issues import Issue, PerfxlError, exception_text, make_issue
from perfxl.model import (
    Deduction,
    Grade,
    Master,
    PreviousResult,
    PreviousYear,
    RectificationItem,
    Settings,
    format_points,
)
from perfxl.workspace import Workspace, as_typed, write_text

PREVIOUS_FILE = "previous.json"


def _cell(value: object) -> Any:
    """A setting or 分值 as the master writer takes it: numbers stay numbers (written as
    text, next year's 分值 were "numbers stored as text", MASTER_030), dates as 2021-01-31."""
    if isinstance(value, date):
        return value.isoformat()
    return value


def _next_year(value: date | None) -> date | None:
    if value is None:
        return None
    try:
        return value.replace(year=value.year + 1)
    except ValueError:  # 29 February
        return value.replace(year=value.year + 1, day=28)


def next_year_settings(settings: Settings) -> Settings:
    """The same settings one year on: year, deadlines and dates moved by a year."""
    return replace(
        settings,
        year=settings.year + 1,
        deadline=_next_year(settings.deadline),
        rectification_deadline=_next_year(settings.rectification_deadline),
        issue_date=None,
        workspace_id="",
    )


def master_data(master: Master, lang: str | None = None) -> dict[str, Any]:
    """A master as the data `init_workspace` writes (the shape of a sample's JSON), its
    categories and owners worded in `lang` (the master's own language by default): an
    English workspace's next year had 基础绩效指标 and 全体 in its English sheets."""
    all_codes = {s.code for s in master.sections}
    english = (lang or master.settings.language) == "en"
    everyone, joiner = ("all", ", ") if english else ("全体", "、")
    settings = {
        zh: _cell(getattr(master.settings, key))
        for key, zh, _en, _kind, _default, _help in i18n.SETTINGS_SPEC
        if getattr(master.settings, key) not in (None, "")
    }
    return {
        "settings": settings,
        "sections": [
            {"code": s.code, "name": s.name, "head": s.head, "contact": s.contact,
             "email": s.email, "headcount": s.headcount}
            for s in master.sections
        ],
        "indicators": [
            {"id": i.id, "category": i18n.CATEGORY_LABELS[i.category.value].label(
                "en" if english else "zh"),
             "subcategory": i.subcategory, "name": i.name, "points": _cell(i.points),
             "criteria": i.criteria,
             "owners": everyone if set(i.owners) == all_codes else joiner.join(i.owners),
             "evidence": i.evidence, "note": i.note}
            for i in master.indicators
        ],
    }


def rectification_items(
    master: Master, sections: list[dict[str, Any]], deductions: list[Deduction], lang: str
) -> list[RectificationItem]:
    """Last year's open items per section: each deduction (or veto) and each indicator < 60%."""
    items: list[RectificationItem] = []
    names = {i.id: i.name for i in master.indicators}
    for section in master.sections:
        found: list[tuple[str, str]] = []
        for deduction in (d for d in deductions if d.section_code == section.code):
            when = deduction.date.isoformat() if deduction.date else ""
            deducted = (i18n.t("rect.veto", lang) if deduction.veto and not deduction.points
                        else i18n.t("rect.deducted", lang, count=1 if deduction.points == 1
                                    else format_points(deduction.points)))
            text = (f"{when} {deduction.source}{i18n.colon(lang)}{deduction.reason}"
                    f"{i18n.aside(deducted, lang)}")
            found.append(("veto" if deduction.veto else "deduction", text.strip()))
        result = next((s for s in sections if s.get("code") == section.code), None)
        for indicator in (result or {}).get("indicators", []):
            points, final = Decimal(str(indicator["points"])), Decimal(str(indicator["final"]))
            if is_shortfall(master.indicator(indicator["id"]), points, final):
                found.append(("low", f"{indicator['id']} {names.get(indicator['id'], '')}"
                                     f"{i18n.colon(lang)}"
                                     f"{format_points(final)}/{format_points(points)}"))
        items += [RectificationItem(f"R{n}", section.code, kind, text)
                  for n, (kind, text) in enumerate(found, start=1)]
    return items


def init_from(new_root: Path, old_root: Path, lang: str | None = None
              ) -> tuple[Workspace, list[Issue]]:
    """`perfxl init NEW --from OLD`: next year's workspace, with last year's results imported,
    in `lang` or else last year's language. Items last year left open carry over too."""
    from perfxl.deductions import load_deductions
    from perfxl.master import load_master
    from perfxl.workspace import init_workspace, refuse_existing

    refuse_existing(new_root)
    old = Workspace(old_root)
    if not old.master.is_file():  # load_master's message would suggest -w, which init lacks
        raise PerfxlError("fatal.from_not_workspace", path=old_root)
    master, _warnings = load_master(old.master)
    lang = lang or master.settings.language or i18n.DEFAULT_LANGUAGE
    issues: list[Issue] = []
    deductions, register_issues = load_deductions(old.deductions, master)
    faulty_rows = {issue.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for issue in register_issues
                   if issue.severity.value == "error" and issue.cell and issue.cell[0].isalpha()}
    if faulty_rows:  # their deductions become no rectification items: said, not dropped
        issues.append(make_issue("YOY_012", file=old.deductions.name, count=len(faulty_rows)))
    manifest_path = old.output / "manifest.json"
    sections: list[dict[str, Any]] = []
    # the year before's items, as last year's own runs saw them (K03 recoded K13 there); a
    # previous.json damaged by hand there stops this, with its own message
    earlier = load_previous(old)
    try:  # the results are read, and made sense of, before anything is created
        if manifest_path.is_file():
            manifest = json.loads(_text_of(manifest_path))
            _shaped(manifest, dict, "", "object")
            sections = manifest["sections"]
            _shaped(sections, list, "sections", "list")
            for entry in sections:
                _shaped(entry, dict, "sections", "objects")
                _previous_result(entry)  # a rank or grade previous.json would refuse next
            run = manifest.get("run") or {}
            _shaped(run, dict, "run", "object")
            master, changed = _as_run(master, run, old.master.name)
            issues += changed
        else:
            issues.append(make_issue("YOY_007", path=old_root, typed=as_typed(old_root)))
        if earlier is not None:
            earlier = align_previous(earlier, master)[0]
        carried, orphaned = _still_open(earlier, sections, master, lang)
        if earlier is not None and orphaned:
            issues.append(make_issue("YOY_016", year=earlier.year, count=len(orphaned),
                                     codes=i18n.in_each_language(i18n.listing, sorted(
                                         {item.section_code for item in orphaned})),
                                     last=master.settings.year))
        previous = _previous_year(master, sections, deductions, lang, carried)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ArithmeticError) as exc:
        issues.append(make_issue("YOY_008", path=manifest_path, old=old_root,
                                 typed=as_typed(old_root),
                                 reason=_json_reason(exc)))
        sections = []
        previous = _previous_year(master, [], deductions, lang)
    if any(s.get("status") != "ok" for s in sections):
        issues.append(make_issue("YOY_011", path=old_root, count=sum(
            1 for s in sections if s.get("status") != "ok")))
    data = master_data(replace(master, settings=next_year_settings(master.settings)), lang)
    workspace = init_workspace(new_root, data=data, lang=lang)
    save_previous(workspace, previous)
    return workspace, issues


def _as_run(master: Master, run: dict[str, Any], file: str) -> tuple[Master, list[Issue]]:
    """The master with the year the results were computed for, and YOY_014 when it was
    edited after that run (offices prepare next year in last year's file): 年度 set to
    2021 there labelled 2020's results 2021 and made the new workspace 2022."""
    if not run.get("master_sha256") or run["master_sha256"] == master.sha256:
        return master, []
    year = run.get("settings", {}).get("year")
    issues = [make_issue("YOY_014", file=file, year=year or master.settings.year)]
    if isinstance(year, int) and year != master.settings.year:
        master = replace(master, settings=replace(master.settings, year=year))
    return master, issues


def _still_open(earlier: PreviousYear | None, sections: list[dict[str, Any]], master: Master,
                lang: str) -> tuple[list[RectificationItem], list[RectificationItem]]:
    """(the items of the year before last that last year's returns left unanswered, all of
    them for a section whose run did not say: it never returned, or no run was made; the
    items of sections last year's master no longer had, which no section can answer)."""
    if earlier is None:
        return [], []
    open_keys = {str(s["code"]): set(s["open_items"]) for s in sections if "open_items" in s}
    kept = [item for item in earlier.items if master.section(item.section_code) is not None]
    return [RectificationItem("", item.section_code, "carried",
                              i18n.t("rect.carried", lang, year=earlier.year, text=item.text))
            for item in kept
            if item.key in open_keys.get(item.section_code, {item.key})], \
        [item for item in earlier.items if master.section(item.section_code) is None]


def _previous_year(master: Master, sections: list[dict[str, Any]],
                   deductions: list[Deduction], lang: str,
                   carried: Sequence[RectificationItem] = ()) -> PreviousYear:
    """Last year as the new workspace keeps it: results from the manifest's sections (every
    section "missing" without them), indicators and the rectification items, those carried
    from the year before numbered after each section's own."""
    items = rectification_items(master, sections, deductions, lang)
    numbered = Counter(item.section_code for item in items)
    for item in carried:
        numbered[item.section_code] += 1
        items.append(replace(item, key=f"R{numbered[item.section_code]}"))
    return PreviousYear(
        year=master.settings.year,
        unit=master.settings.unit,
        results=tuple(
            PreviousResult(
                code=str(s["code"]), name=str(s["name"]), status=str(s.get("status", "")),
                total=_finite(s["total"]) if s.get("total") is not None else None,
                rank=s.get("rank"), grade=s.get("grade"),
            )
            for s in sections
        ) or tuple(PreviousResult(s.code, s.name, "missing", None, None, None)
                   for s in master.sections),
        indicators=tuple((i.id, i.name) for i in master.indicators),
        items=tuple(items),
    )


MAX_TOTAL = 10**9  # a total beyond any assessment's, as typed over one by hand


def _finite(value: object) -> Decimal:
    """A total from last year's manifest: a finite number (NaN or 1e999 typed over one
    would be carried into previous.json and stop next year's every command)."""
    total = Decimal(str(value))
    if not total.is_finite() or abs(total) > MAX_TOTAL:
        raise ValueError(value)
    return total


def save_previous(workspace: Workspace, previous: PreviousYear) -> Path:
    payload = {
        "year": previous.year,
        "unit": previous.unit,
        "results": [
            {"code": r.code, "name": r.name, "status": r.status,
             "total": format_points(r.total) if r.total is not None else None,
             "rank": r.rank, "grade": r.grade}
            for r in previous.results
        ],
        "indicators": [list(pair) for pair in previous.indicators],
        "items": [{"key": i.key, "section": i.section_code, "kind": i.kind, "text": i.text}
                  for i in previous.items],
    }
    return write_text(workspace.root / PREVIOUS_FILE,
                      json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def load_previous(workspace: Workspace) -> PreviousYear | None:
    """Last year's data imported by `init --from`, or None for a first year."""
    path = workspace.root / PREVIOUS_FILE
    if not path.is_file():
        return None
    try:
        payload = json.loads(_text_of(path))
        _shaped(payload, dict, "", "object")
        for key in ("results", "indicators", "items"):
            _shaped(payload.get(key, []), list, key, "list")
        for key in ("results", "items"):
            for entry in payload.get(key, []):
                _shaped(entry, dict, key, "objects")
        for pair in payload.get("indicators", []):
            _shaped(pair, list, "indicators", "pairs")
            if len(pair) != 2:
                raise _Shape("indicators", "pairs", pair)
        year = payload["year"]
        if isinstance(year, bool) or not str(year).strip().isdigit():
            raise _Shape("year", "whole_number", year)
        return PreviousYear(
            year=int(str(year).strip()),
            unit=str(payload.get("unit", "")),
            results=tuple(_previous_result(r) for r in payload.get("results", [])),
            indicators=tuple((str(a), str(b)) for a, b in payload.get("indicators", [])),
            items=tuple(RectificationItem(str(i["key"]), str(i["section"]), str(i["kind"]),
                                          str(i["text"]))
                        for i in payload.get("items", [])),
        )
    # a file corrected by hand after an appeal: "7O7.27" for a total, a rank typed "第二"
    except _BadResult as bad:
        raise PerfxlError(f"fatal.previous_value.{bad.field}", path=path, section=bad.section,
                          value=bad.value) from bad
    # "[1,2]" typed over it, a year "x", a comma left out: said in words, not Python's
    except (ValueError, TypeError, KeyError, ArithmeticError, AttributeError) as exc:
        raise PerfxlError("fatal.previous_unreadable", path=path,
                          reason=_json_reason(exc)) from exc


def _json_reason(error: Exception) -> i18n.Localized | str:
    """Why a JSON file perfxl wrote cannot be used, in words rather than Python's."""
    if isinstance(error, _Shape):
        return i18n.t_each(f"reason.json_shape.{error.kind}", entry=error.entry or "—",
                           value=str(error.value)[:40])
    if isinstance(error, json.JSONDecodeError):
        return i18n.t_each("reason.json_syntax", line=error.lineno, column=error.colno)
    if isinstance(error, KeyError):
        return i18n.t_each("reason.json_missing",
                           entry=str(error.args[0]) if error.args else "?")
    if isinstance(error, UnicodeDecodeError):
        return i18n.t_each("reason.not_utf8")
    if isinstance(error, OSError):
        return exception_text(error, 120)
    return i18n.t_each("reason.json_values")  # a total "abc", a list where a number goes


class _Shape(ValueError):
    """A part of previous.json that is not what perfxl wrote there."""

    def __init__(self, entry: str, kind: str, value: object = None) -> None:
        super().__init__(entry)
        self.entry, self.kind, self.value = entry, kind, value


def _text_of(path: Path) -> str:
    """A JSON file perfxl wrote, as the office may have saved it again in Notepad: UTF-8
    with a BOM, "Unicode" (UTF-16) or ANSI (GBK on Chinese Windows)."""
    data = path.read_bytes()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Notepad's "Unicode" (UTF-16, with its BOM)
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _shaped(value: object, expected: type, entry: str, kind: str) -> None:
    if not isinstance(value, expected):
        raise _Shape(entry, kind, value)


class _BadResult(ValueError):
    """One value of a result in previous.json that is not what its field holds."""

    def __init__(self, record: dict[str, Any], field: str) -> None:
        super().__init__(field)
        self.section = str(record.get("code", "?"))
        self.field = field
        self.value = str(record.get(field))[:40]


_GRADES = {**{grade.value: grade.value for grade in Grade},
           **{i18n.t(f"grade.{grade.value}", lang).casefold(): grade.value
              for grade in Grade for lang in i18n.LANGUAGES}}


def _previous_result(record: dict[str, Any]) -> PreviousResult:
    """One section's result of last year, every field checked: previous.json is a file an
    office may correct by hand (a grade typed 优秀 is read as the grade it names)."""
    total = record.get("total")
    rank = record.get("rank")
    grade = record.get("grade")
    if grade not in (None, ""):
        grade = _GRADES.get(str(grade).strip().casefold())
        if grade is None:
            raise _BadResult(record, "grade")
    try:
        amount = Decimal(str(total).strip()) if total not in (None, "") else None
    except ArithmeticError:
        raise _BadResult(record, "total") from None
    if amount is not None and (not amount.is_finite() or abs(amount) > MAX_TOTAL):
        raise _BadResult(record, "total")  # 1e999 passed, then stopped run's bulletin
    try:
        place = int(rank) if rank not in (None, "") else None
    except (ValueError, TypeError, OverflowError):
        raise _BadResult(record, "rank") from None
    return PreviousResult(
        str(record["code"]), str(record["name"]), str(record.get("status", "")), amount,
        place, grade or None)


def align_previous(previous: PreviousYear, master: Master
                   ) -> tuple[PreviousYear, list[Issue]]:
    """Last year as this year's codes name its sections, and a warning when it is not the
    year before this one (YOY_015). Where codes were reassigned (K02
    办公室 and K06 社区矫正管理科 swapped), matching by code gave each section the other's
    results and rectification items, and a section recoded (K12 now K20) lost them; a
    section whose last-year name is now another code's, its own code gone or naming another
    section, is matched by name instead (YOY_013)."""
    year = master.settings.year
    gap = [make_issue("YOY_015", year=year, previous=previous.year, last=year - 1)] \
        if year and previous.year != year - 1 else []  # 年度 left unchanged, or skipped
    before = {r.code: r.name for r in previous.results}
    now = {s.code: s.name for s in master.sections}
    code_of_name: dict[str, list[str]] = {}
    for code, name in now.items():
        code_of_name.setdefault(name, []).append(code)

    def target(code: str) -> str | None:
        """The other code that now holds the name `code`'s section had, if exactly one."""
        holders = code_of_name.get(before[code], [])
        return holders[0] if len(holders) == 1 and holders[0] != code else None

    # a code whose last-year section is no longer under it: the code gone, or now naming
    # another of last year's sections (codes swapped, renumbered), or its section's name
    # now under a code whose own section moved on too (K02…K12 renumbered K01…K11 and a new
    # K12 added: K12's section is K11's now). A section only renamed keeps its code's last
    # year, though a new code takes its old name.
    leaving = {code for code in before if code not in now
               or now[code] in {name for other, name in before.items() if other != code}}
    grew = True
    while grew:
        grew = False
        for code in before:
            held = target(code)
            if code not in leaving and held is not None and held in leaving:
                leaving.add(code)
                grew = True
    moved = {code: held for code in leaving if (held := target(code)) is not None
             and (held not in before or held in leaving)}
    # a section gone whose code another now holds: its record is no section's
    gone = {code for code in leaving if code in now and code not in moved}
    if not moved and not gone:
        return previous, gap
    issues = gap + [make_issue("YOY_013", section_code=new, name=before[old], old_code=old)
                    for old, new in sorted(moved.items())]
    for code in sorted(gone):
        items = previous.items_for(code)
        issues.append(make_issue("YOY_009", section_code=code, name=before[code],
                                 count=len(items)) if items
                      else make_issue("YOY_003", section_code=code, name=before[code]))
    return replace(
        previous,
        results=tuple(replace(r, code=moved.get(r.code, r.code)) for r in previous.results
                      if r.code not in gone),
        items=tuple(replace(i, section_code=moved.get(i.section_code, i.section_code))
                    for i in previous.items if i.section_code not in gone),
        gone=(*previous.gone, *(before[code] for code in sorted(gone)))), issues


def compare_years(previous: PreviousYear, master: Master) -> list[Issue]:
    """Sections and indicators renamed, added or dropped between the years, matched by code."""
    issues: list[Issue] = []
    before = {r.code: r.name for r in previous.results}
    now = {s.code: s.name for s in master.sections}
    for code, name in now.items():
        if code not in before:
            issues.append(make_issue("YOY_002", section_code=code, name=name))
        elif before[code] != name:
            issues.append(make_issue("YOY_001", section_code=code, old=before[code], new=name))
    renamed_from = {name: code for code, name in before.items() if code not in now}
    for code, name in now.items():
        if code not in before and name in renamed_from:
            issues.append(make_issue("YOY_010", section_code=code, name=name,
                                     old_code=renamed_from[name]))
    for code, name in before.items():
        if code in now:
            continue
        items = previous.items_for(code)
        issues.append(make_issue("YOY_009", section_code=code, name=name, count=len(items))
                      if items else make_issue("YOY_003", section_code=code, name=name))
    old_indicators = dict(previous.indicators)
    new_indicators = {i.id: i.name for i in master.indicators}
    for indicator_id, name in new_indicators.items():
        if indicator_id not in old_indicators:
            issues.append(make_issue("YOY_005", id=indicator_id, name=name))
        elif old_indicators[indicator_id] != name:
            issues.append(make_issue("YOY_004", id=indicator_id,
                                     old=old_indicators[indicator_id], new=name))
    issues += [make_issue("YOY_006", id=indicator_id, name=name)
               for indicator_id, name in old_indicators.items()
               if indicator_id not in new_indicators]
    return issues

