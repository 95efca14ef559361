"""What the outputs say of a run's state, in words: a section's status, why a result is not
final, a change of rank. `analysis` computes; the workbook, the narratives and the console
say it with these, the same way."""

from __future__ import annotations

from collections.abc import Sequence

from perfxl import i18n
from perfxl.analysis import Assessment
from perfxl.model import SectionScore


def input_label(file: str, lang: str) -> str:
    """审核表 for review.xlsx, 扣分登记簿 for deductions.xlsx: the office's inputs as the
    documents for leadership and the sections name them (the console and the workbook,
    read by the office, give the file)."""
    key = f"input.{file}"
    return i18n.t(key, lang) if key in i18n.TEXT else file


def status_label(assessment: Assessment, score: SectionScore, lang: str,
                 documents: bool = False) -> str:
    """有错误 / 未报送 / 正常; for a section held back by the office's inputs, which (by
    name in `documents`, else by file)."""
    held = assessment.held_only(score)
    if held:
        named = [input_label(f, lang) for f in held] if documents else held
        key = "status.held_named" if documents else "status.held"  # 扣分登记簿中, no space
        return i18n.t(key, lang, files=i18n.joined(named, lang))  # "the register and the review"
    return i18n.t(f"status.{score.status}", lang)


def provisional_reasons(assessment: Assessment, lang: str,
                        scores: Sequence[SectionScore] | None = None) -> list[str]:
    """Why the result is not final: each section of `scores` not ranked (all of them when
    not given) and, for the whole run, each faulty office input."""
    reasons = []
    for score in assessment.unranked if scores is None else scores:
        label = f"{score.code} {score.name}"
        held = assessment.held_only(score)
        if score.status == "missing":
            reasons.append(i18n.t("report.reason.missing", lang, label=label))
        elif held:
            reasons.append(i18n.t("report.reason.held", lang, label=label,
                                  files=i18n.listing(held, lang)))
        elif score.status == "error":
            reasons.append(i18n.t("report.reason.error", lang, label=label,
                                  count=assessment.error_counts.get(score.code, 0)))
    if scores is None:
        reasons += [i18n.t("report.reason.input", lang, file=name)
                    for name in assessment.faulty_inputs]
    return reasons


def provisional_summary(assessment: Assessment, lang: str) -> str:
    """Why the result is not final, in counts: one line however many sections."""
    missing = sum(1 for s in assessment.unranked if s.status == "missing")
    held, held_files, faulty = assessment.held, assessment.held_inputs, assessment.faulty
    parts = [
        *([i18n.t("provisional.missing", lang, count=missing)] if missing else []),
        *([i18n.t("provisional.faulty", lang, count=len(faulty))] if faulty else []),
        *([i18n.t("provisional.held", lang, count=len(held),
                  files=i18n.listing(held_files, lang))] if held else []),
        *[i18n.t("report.reason.input", lang, file=name) for name in assessment.faulty_inputs
          if name not in held_files],
    ]
    return i18n.t("cli.run.provisional", lang, reasons=i18n.clauses(parts, lang))


def rank_change(now: int | None, before: int | None, lang: str) -> str:
    """↑2 when a section climbed two places, ↓1 when it fell one, 持平 when it kept its place,
    "" when either year has no rank."""
    if now is None or before is None:
        return ""
    if now == before:
        return i18n.t("rank.same", lang)
    return f"↑{before - now}" if now < before else f"↓{now - before}"
