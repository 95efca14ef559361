"""Monitoring rounds (绩效监控): progress against the share of the year elapsed, round on round.

Pure functions over plain data, plus reading and writing the small `progress.json` a round
leaves behind so the next round can say what changed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from perfxl.model import Master, Return, format_points

PROGRESS_FILE = "progress.json"
PLACES = Decimal("0.0001")


def elapsed_share(year: int, as_of: date) -> Decimal:
    """How far through `year` the day `as_of` is, counting it: 0 before, 1 after the year."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    if as_of < start:
        return Decimal(0)
    if as_of >= end:
        return Decimal(1)
    days = (end - start).days + 1
    return (Decimal((as_of - start).days + 1) / days).quantize(PLACES, ROUND_HALF_UP)


LAG_SHOWN = Decimal("0.0005")  # 0.05 percentage points: 0.1% at one decimal, rounded half up


@dataclass(frozen=True)
class ProgressLine:
    """One section's progress on one indicator, against the time elapsed and the last round."""

    section_code: str
    section_name: str
    indicator_id: str
    indicator_name: str
    points: Decimal
    progress: Decimal | None
    expected: Decimal
    note: str
    problems: str
    next_steps: str
    previous: Decimal | None = None  # the same indicator's progress in the previous round

    @property
    def lag(self) -> Decimal | None:
        """How far behind the calendar it is (positive), None when progress is unknown."""
        return None if self.progress is None else self.expected - self.progress

    @property
    def lagging(self) -> bool:
        """Behind by as much as the one decimal shown can say (24.85% against 24.86% showed
        "24.9% | 24.9% | lag 0.0%"): the elapsed share is itself rounded to 0.01%."""
        return self.lag is not None and self.lag >= LAG_SHOWN

    @property
    def change(self) -> Decimal | None:
        if self.progress is None or self.previous is None:
            return None
        return self.progress - self.previous


@dataclass(frozen=True)
class PreviousRound:
    name: str
    as_of: date
    progress: dict[str, dict[str, Decimal]]  # section code -> indicator id -> progress
    # what the codes meant then (absent from files of earlier versions): a code reused for
    # another section, or an indicator redefined, is not compared as if it were the same
    sections: dict[str, str] = field(default_factory=dict)  # code -> name
    indicators: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (name, points)

    def same_section(self, code: str, name: str) -> bool:
        return self.sections.get(code, name) == name

    def same_indicator(self, indicator_id: str, name: str, points: Decimal) -> bool:
        then = self.indicators.get(indicator_id)
        return then is None or then == (name, format_points(points))


@dataclass(frozen=True)
class RoundSummary:
    """Everything a monitoring round's workbook and brief show."""

    round: str
    as_of: date
    expected: Decimal
    lines: tuple[ProgressLine, ...]
    reported: tuple[str, ...]  # section codes with a usable return
    missing: tuple[str, ...]  # section codes without one
    previous: PreviousRound | None
    faulty: tuple[str, ...] = ()  # reported, with errors to fix (a cell, a stray file)

    @property
    def lagging(self) -> list[ProgressLine]:
        """Lagging lines, furthest behind first."""
        behind = [line for line in self.lines if line.lagging]
        return sorted(behind, key=lambda line: (-(line.lag or 0), line.section_code,
                                                line.indicator_id))

    @property
    def changed(self) -> list[ProgressLine]:
        return [line for line in self.lines if line.change is not None]


def summarize_round(master: Master, round_name: str, as_of: date, returns: Sequence[Return],
                    statuses: dict[str, str], previous: PreviousRound | None) -> RoundSummary:
    """Progress lines for every usable return, in master order. A return with an error in
    one cell still reports the others: its section is faulty, not missing (a round ranks
    no one, so nothing waits for the fix); so is one rejected whole."""
    expected = elapsed_share(master.settings.year, as_of)
    by_code = {r.section_code: r for r in returns}
    names = {i.id: i for i in master.indicators}
    lines = []
    for section in master.sections:
        returned = by_code.get(section.code)
        if returned is None:
            continue
        earlier = previous.progress.get(section.code, {}) \
            if previous and previous.same_section(section.code, section.name) else {}
        for answer in returned.progress:
            indicator = names[answer.indicator_id]
            comparable = previous is None or previous.same_indicator(
                indicator.id, indicator.name, indicator.points)
            lines.append(ProgressLine(
                section.code, section.name, indicator.id, indicator.name, indicator.points,
                answer.progress, expected, answer.note, answer.problems, answer.next_steps,
                earlier.get(answer.indicator_id) if comparable else None,
            ))
    # a return sent but not usable at all (an outdated template) is faulty, not missing
    faulty = tuple(s.code for s in master.sections if statuses.get(s.code) == "error")
    reported = tuple(s.code for s in master.sections if s.code in by_code or s.code in faulty)
    missing = tuple(s.code for s in master.sections if s.code not in reported)
    return RoundSummary(round_name, as_of, expected, tuple(lines), reported, missing, previous,
                        faulty)


def save_round(folder: Path, summary: RoundSummary) -> Path:
    """`progress.json`: what the next round compares itself with."""
    from perfxl.workspace import write_text

    progress: dict[str, dict[str, str]] = {}
    for line in summary.lines:
        if line.progress is not None:
            progress.setdefault(line.section_code, {})[line.indicator_id] = str(line.progress)
    sections = {line.section_code: line.section_name for line in summary.lines}
    indicators = {line.indicator_id: [line.indicator_name, format_points(line.points)]
                  for line in summary.lines}
    payload = {"round": summary.round, "as_of": summary.as_of.isoformat(),
               "expected": str(summary.expected), "progress": progress,
               "sections": sections, "indicators": indicators}
    return write_text(folder / PROGRESS_FILE,
                      json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def _share(value: object) -> Decimal:
    """A progress share as written by perfxl: a finite number of sensible size."""
    share = Decimal(str(value))
    if not share.is_finite() or abs(share) > 1000:
        raise ValueError(f"not a progress share: {value!r}")
    return share


def find_previous_round(rounds_dir: Path, current: str, as_of: date,
                        damaged: list[Path] | None = None, tied: list[str] | None = None
                        ) -> PreviousRound | None:
    """The latest other round measured before `as_of` with any progress read (a round run
    with no returns compares with nothing), if any; the progress files that could not be
    used are added to `damaged`, and the names of other rounds measured on the same day as
    the one chosen to `tied`."""
    found: list[PreviousRound] = []
    for path in sorted(rounds_dir.glob(f"*/output/{PROGRESS_FILE}")):
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
            when = date.fromisoformat(payload["as_of"])
            name = str(payload["round"])
            progress = {str(code): {str(i): _share(v) for i, v in values.items()}
                        for code, values in payload.get("progress", {}).items()}
            sections = {str(code): str(name)
                        for code, name in payload.get("sections", {}).items()}
            indicators = {str(i): (str(meant[0]), str(meant[1]))
                          for i, meant in payload.get("indicators", {}).items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError, ArithmeticError):
            if damaged is not None:  # perfxl's own file, edited or cut short: said, skipped
                damaged.append(path)
            continue
        if name != current and when < as_of and any(progress.values()):
            found.append(PreviousRound(name, when, progress, sections, indicators))
    if not found:
        return None
    chosen = max(found, key=lambda r: (r.as_of, r.name))
    if tied is not None:
        tied += sorted(r.name for r in found if r.as_of == chosen.as_of and r is not chosen)
    return chosen


def measured_as_of(folder: Path) -> date | None:
    """The as-of date the round whose output `folder` is was last run for, if it was."""
    try:
        payload = json.loads((folder / PROGRESS_FILE).read_text(encoding="utf-8"))
        return date.fromisoformat(payload["as_of"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def redefined_since(previous: PreviousRound, master: Master) -> tuple[list[str], list[str]]:
    """(section codes now naming another section, indicator ids redefined) since the
    previous round: their progress is not compared with that round's."""
    sections = sorted(s.code for s in master.sections
                      if not previous.same_section(s.code, s.name))
    indicators = sorted(i.id for i in master.indicators
                        if not previous.same_indicator(i.id, i.name, i.points))
    return sections, indicators
