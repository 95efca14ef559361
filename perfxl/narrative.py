"""Renders jinja2 templates from plain data; a workspace template overrides the default."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from perfxl import i18n, resources
from perfxl.addresses import reachable
from perfxl.analysis import (
    Assessment,
    deductions_by_source,
    is_shortfall,
    lowest_indicators,
    spread,
)
from perfxl.document import CELL_BREAK, LINE_BREAKS
from perfxl.issues import Issue, make_issue
from perfxl.model import (
    Deduction,
    Grade,
    IndicatorScore,
    Master,
    Return,
    SectionScore,
    decimal_text,
    format_points,
    percent_text,
)
from perfxl.parallel import start_in_chunks
from perfxl.progress import RoundSummary
from perfxl.scoring import sum_deductions
from perfxl.wording import input_label, rank_change, status_label


class TemplateProblem(Exception):
    """A user template that cannot be rendered: which file, which line, what is wrong."""

    def __init__(self, name: str, line: int | None, reason: str) -> None:
        super().__init__(f"{name}:{line}: {reason}")
        self.name = name
        self.line = line
        self.reason = reason


INERT = "\u200b"  # a zero-width space before a marker keeps user text from becoming structure
_LINE_BREAKS = re.compile(f"\r\n|[{LINE_BREAKS}]")
# what parse() reads as layout, and what a Markdown viewer reading the .md would (a list
# "1. " or "+ ", a heading's underline "===" or "--", "#" however many)
_STRUCTURE = re.compile(r"(\s*)(?:#+(?: |$)|-> |- |-+\s*$|=+\s*$|\+ |\d+[.)](?: |$)|\|)")
# what a Markdown viewer reads inside a line: emphasis, code, links, HTML, entities
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<>&~|])")


class Markdown(str):
    """Text a filter has already laid out as Markdown: put into the output as it is."""


def _escaped(text: str) -> str:
    """User text with every character a Markdown viewer would take for markup escaped by a
    backslash (document.parse takes them back out): "*强调*", "<img …>", "&amp;" as typed."""
    return _INLINE_MARKUP.sub(r"\\\1", text.replace(CELL_BREAK, ""))


def _inert(line: str) -> str:
    found = _STRUCTURE.match(line)
    return line if found is None else line[:found.end(1)] + INERT + line[found.end(1):]


def table_cell(value: object) -> Markdown:
    """Text safe inside a Markdown table cell: pipes escaped, line breaks kept as CELL_BREAK."""
    return Markdown(CELL_BREAK.join(_LINE_BREAKS.split(_escaped(str(value)))))


def paragraphs(value: object) -> Markdown:
    """User text as Markdown paragraphs, one per line, never read as headings, lists or tables."""
    lines = [line.strip() for line in _LINE_BREAKS.split(_escaped(str(value))) if line.strip()]
    return Markdown("\n\n".join(_inert(line) for line in lines))


def inline(value: object) -> object:
    """What every `{{ … }}` of a Markdown template writes: text on one line, its pipes
    escaped, never starting a heading or list, unless a filter (cell, paragraphs) laid it out
    already. The data in narratives comes from returns, the master and the register alike."""
    if not isinstance(value, str) or isinstance(value, Markdown):
        return value
    return _inert(" ".join(_LINE_BREAKS.split(_escaped(value))))


class Renderer:
    """jinja2 environments for one command: templates are compiled once and cached. A
    Markdown template (.md.j2) writes its values through `inline`; an email's are plain text."""

    def __init__(self, workspace_templates: Path | None = None) -> None:
        self.workspace_templates = workspace_templates
        folders = [str(p) for p in (workspace_templates,) if p is not None and p.is_dir()]
        folders.append(str(resources.templates_dir()))
        options: dict[str, Any] = {
            "loader": jinja2.FileSystemLoader(folders, encoding="utf-8"),
            "undefined": jinja2.StrictUndefined,
            "autoescape": jinja2.select_autoescape(enabled_extensions=("html", "html.j2"),
                                                   default_for_string=False),
            "keep_trailing_newline": True,
            "trim_blocks": True,
            "lstrip_blocks": True,
        }
        self.environment = jinja2.Environment(**options)
        self.markdown_environment = jinja2.Environment(finalize=inline, **options)
        for environment in (self.environment, self.markdown_environment):
            environment.filters["cell"] = table_cell
            environment.filters["paragraphs"] = paragraphs

    def _environment(self, name: str) -> jinja2.Environment:
        return self.markdown_environment if name.endswith(".md.j2") else self.environment

    def source_of(self, name: str) -> str:
        """Where the template named `name` is read from (for messages)."""
        loader = self.environment.loader
        assert loader is not None
        _source, filename, _uptodate = loader.get_source(self.environment, name)
        return self._shown(filename or name)

    def _shown(self, filename: str) -> str:
        """A template's file as issues name files: the workspace's relative to the workspace
        (templates/bulletin.zh.md.j2), however -w was typed; a bundled one by its name."""
        path = Path(filename)
        folder = self.workspace_templates
        if folder is not None:  # as resolved: jinja2 spells "ws/inbox/../templates" its way
            with contextlib.suppress(ValueError, OSError):
                return (Path(folder.name) / path.resolve().relative_to(folder.resolve())
                        ).as_posix()
        return path.name if path.is_absolute() else filename

    def render(self, name: str, context: dict[str, Any]) -> str:
        """Render a template; any jinja2 failure becomes a TemplateProblem with its line."""
        try:
            return self._environment(name).get_template(name).render(context)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(self._shown(exc.filename or name), exc.lineno,
                                  exc.message or "") from exc
        except jinja2.TemplateError as exc:
            raise TemplateProblem(
                self.source_of(name), _template_line(exc, name), str(exc)
            ) from exc


def _template_line(exc: BaseException, name: str) -> int | None:
    """The template line of a runtime error, found in the traceback jinja2 rewrites."""
    line = None
    trace = exc.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename.endswith(name):
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


# --- the data the narratives show: computed and formatted here, only laid out by templates ----


def _two(value: Decimal | None) -> str:
    return decimal_text(value, 2) if value is not None else "—"


def _percent(value: Decimal | None) -> str:
    return percent_text(value) if value is not None else "—"


def _points(value: Decimal | None) -> str:
    return format_points(value) if value is not None else "—"


def rectification_reasons(score: SectionScore, master: Master, deductions: Sequence[Deduction],
                          open_items: Sequence[object] = ()) -> list[str]:
    """Why a section is to rectify, as `rect.reason.*` keys: 较差, deductions, a veto, a basic
    indicator scored below 60% (next year follows each one up), last year's items still
    open. None of them: no notice."""
    own = [d for d in deductions if d.section_code == score.code]
    found = {
        "poor": score.grade is Grade.POOR,
        "deductions": any(d.points for d in own),
        "veto": score.veto,
        "low": any(_shortfall(item, master) for item in score.indicator_scores),
        "open": bool(open_items),
    }
    return [f"rect.reason.{reason}" for reason, present in found.items() if present]


def _shortfall(item: IndicatorScore, master: Master) -> bool:
    return is_shortfall(master.indicator(item.indicator_id), item.points, item.final)


def _ranking_row(score: SectionScore, assessment: Assessment, lang: str) -> dict[str, Any]:
    return {
        "rank": str(score.rank) if score.rank else "—",
        "code": score.code,
        "name": score.name,
        "basic": _two(score.basic),
        "excellence": _two(score.excellence),
        "deductions": _two(assessment.deductions_of(score)),
        "total": _two(score.total),
        "grade": i18n.grade_label(score.grade.value if score.grade else None, lang) or "—",
        "bonus": _points(score.bonus),
        "veto": score.veto,
        "tie": score.tied_at_quota,
        "status": status_label(assessment, score, lang, documents=True),
    }


def _deduction_row(deduction: Deduction, names: dict[str, str], lang: str) -> dict[str, Any]:
    return {
        "date": deduction.date.isoformat() if deduction.date else "",
        "section": names.get(deduction.section_code, deduction.section_code),
        "source": deduction.source,
        "reason": deduction.reason,
        "points": _points(deduction.points),
        "veto": i18n.t("yes" if deduction.veto else "no", lang),
        "reference": deduction.reference,
    }


def _low_indicators(score: SectionScore, master: Master) -> list[dict[str, str]]:
    found = []
    for item in score.indicator_scores:
        if _shortfall(item, master):
            indicator = master.indicator(item.indicator_id)
            found.append({
                "id": item.indicator_id,
                "name": indicator.name if indicator else "",
                "points": _points(item.points),
                "score": _points(item.final),
                "rate": _percent(item.final / item.points),
            })
    return found


def signing_date(when: date | None, lang: str) -> str:
    """A document's date under its signature: 2021年1月15日 (15 January 2021); blanks for
    it to be written in by hand when none is set."""
    if when is None:
        return i18n.t("narrative.no_date", lang)
    return i18n.written_date(when, lang)


def _common(assessment: Assessment, lang: str) -> dict[str, Any]:
    settings = assessment.master.settings
    return {
        "lang": lang,
        "unit": settings.unit,
        "year": settings.year,
        # a 轮次 left blank: "开展了2020年度绩效考评（）" read broken
        "round": settings.round or i18n.t("round.blank", lang),
        "office": i18n.t("narrative.office", lang, unit=settings.unit),
        # 成文日期 as a 公文 writes it; left to be filled in by hand when not set
        "date": signing_date(settings.issue_date, lang),
        # as the date under the signature is written: one document, one way of dating
        "rectification_deadline": (signing_date(settings.rectification_deadline, lang)
                                   if settings.rectification_deadline else ""),
        # a result still to be completed: what each section is told says so, and why, as
        # the bulletin does
        "provisional": assessment.provisional,
        "provisional_cause": _provisional_cause(assessment, lang),
        "quota": assessment.quota,
    }


def _provisional_cause(assessment: Assessment, lang: str) -> str:
    """Why the result is provisional, in a clause: "有科室未报送、扣分登记簿中的记录有误"."""
    causes = [
        *([i18n.t("narrative.cause.missing", lang)]
          if any(s.status == "missing" for s in assessment.unranked) else []),
        *([i18n.t("narrative.cause.faulty", lang)] if assessment.faulty else []),
        *(i18n.t("narrative.cause.input", lang, input=input_label(name, lang))
          for name in assessment.faulty_inputs),
    ]
    return i18n.joined(causes, lang)


def bulletin_context(assessment: Assessment, lang: str) -> dict[str, Any]:
    """Everything the bulletin (考评情况通报) says, as text ready to lay out."""
    master = assessment.master
    names = {s.code: s.name for s in master.sections}
    ranked = assessment.ranked
    totals = [s.total for s in ranked if s.total is not None]
    summary = spread(totals)
    grades = [(g, sum(1 for s in ranked if s.grade is g)) for g in Grade]
    missing = [s for s in assessment.scores if s.status == "missing"]
    faulty, held = assessment.faulty, assessment.held
    lowest = lowest_indicators(assessment.stats)
    deductions = list(assessment.deductions)

    def commended(score: SectionScore) -> dict[str, Any]:
        full = sum(1 for i in score.indicator_scores if i.final == i.points)
        basic_rate = (score.basic_raw / score.basic_possible
                      if score.basic_raw is not None and score.basic_possible else None)
        return {"name": score.name, "total": _two(score.total), "rank": score.rank,
                "basic_rate": _percent(basic_rate), "excellence": _two(score.excellence),
                "full_marks": full, "indicators": len(score.indicator_scores),
                "deductions": _two(score.deductions)}

    return {
        **_common(assessment, lang),
        "counts": {
            "sections": len(assessment.scores),
            "returned": len(assessment.scores) - len(missing),
            "missing": len(missing),
            "faulty": len(faulty),
            "held": len(held),
            "ranked": len(ranked),
        },
        "missing": [{"code": s.code, "name": s.name} for s in missing],
        "faulty": [{"code": s.code, "name": s.name,
                    "errors": assessment.error_counts.get(s.code, 0)} for s in faulty],
        "held": [{"code": s.code, "name": s.name} for s in held],
        "held_inputs": i18n.joined((input_label(f, lang) for f in assessment.held_inputs),
                                    lang),
        "faulty_inputs": [input_label(f, lang) for f in assessment.faulty_inputs],
        "spread": None if summary is None else {
            "average": _two(summary[0]), "lowest": _two(summary[1]),
            "highest": _two(summary[2]),
            "highest_names": i18n.listing((s.name for s in ranked if s.total == summary[2]),
                                          lang),
            "lowest_names": i18n.listing((s.name for s in ranked if s.total == summary[1]),
                                         lang),
        },
        "grades": [{"label": i18n.grade_label(g.value, lang), "count": n} for g, n in grades],
        "ranking": [_ranking_row(s, assessment, lang) for s in ranked],
        "unranked": [_ranking_row(s, assessment, lang) for s in assessment.unranked],
        "commended": [commended(s) for s in ranked if s.grade is Grade.EXCELLENT],
        "ties": [s.name for s in ranked if s.tied_at_quota],
        "vetoed": [s.name for s in assessment.scores if s.veto],
        "lowest_indicators": [
            {"id": s.indicator.id, "name": s.indicator.name,
             "points": _points(s.indicator.points), "average_rate": _percent(s.average_rate),
             "below": i18n.listing(s.below_60, lang)}
            for s in lowest
        ],
        "deductions": [_deduction_row(d, names, lang) for d in deductions],
        "deductions_by_source": [
            {"source": source, "count": count, "points": _points(points),
             # a veto may stand without points: "1 次 0 分" alone reads as nothing found
             "vetoes": sum(1 for d in deductions if d.veto and (d.source or "—") == source)}
            for source, count, points in deductions_by_source(deductions)
        ],
        # what the opening says was done: a review applied, inspection findings recorded
        "reviewed": any(item.approved_score is not None
                        for s in assessment.scores for item in s.indicator_scores),
        "inspected": bool(deductions),
        "deduction_total": _points(sum_deductions(deductions)),
        "veto_count": sum(1 for d in deductions if d.veto),
        # register rows in error are in no figure above: said, not silently left out
        "register_in_error": "deductions.xlsx" in assessment.faulty_inputs,
        "register_unknown": i18n.listing(sorted(names[c] for c in assessment.deductions_unknown
                                                if c in names), lang),
        "vetoed_ranked": i18n.joined((s.name for s in ranked if s.veto), lang),
        "rectify": [
            {"code": s.code, "name": s.name,
             "grade": i18n.grade_label(s.grade.value if s.grade else None, lang) or "—",
             "reasons": i18n.listing((i18n.t(key, lang) for key in reasons), lang)}
            for s in assessment.scores
            if (reasons := rectification_reasons(s, master, deductions,
                                                 assessment.open_items.get(s.code, ())))
        ],
        **_history_context(assessment, lang),
    }


def _history_context(assessment: Assessment, lang: str) -> dict[str, Any]:
    """Last year beside this year, and how many of last year's items each section answered."""

    previous = assessment.previous
    if previous is None:
        return {"previous": None}
    now = {s.code: s for s in assessment.scores}
    before = {r.code: r for r in previous.results}
    # no run last year (or its results unreadable): every section "missing", nothing to compare
    had_results = any(r.status != "missing" or r.total is not None for r in previous.results)
    comparison = []
    for score in assessment.ranked + assessment.unranked:
        old = before.get(score.code)
        if old is None or not had_results:
            continue
        comparison.append({
            "name": score.name, "total": _two(score.total), "previous_total": _two(old.total),
            "rank": str(score.rank or "—"), "previous_rank": str(old.rank or "—"),
            "change": rank_change(score.rank, old.rank, lang) or "—",  # —: nothing to compare
            "grade": i18n.grade_label(score.grade.value if score.grade else None, lang) or "—",
            "previous_grade": i18n.grade_label(old.grade, lang) or "—",
        })
    rectification = []
    for section in assessment.master.sections:
        counts = assessment.rectified(section.code)
        if counts:
            rectification.append({"name": section.name, "answered": counts[0],
                                  "total": counts[1], "open": counts[1] - counts[0]})
    # a year whose result stayed provisional (a section missing or in error then)
    provisional = had_results and any(r.status not in ("ok", "") for r in previous.results)
    return {
        "previous": {"year": previous.year, "provisional": provisional,
                     "had_results": had_results},
        "comparison": comparison,
        "only_now": [s.name for s in assessment.master.sections if s.code not in before],
        # gone, their codes held by others now, too (办公室 dropped, K02 renumbered K01)
        "only_before": [*(r.name for r in previous.results if r.code not in now),
                        *previous.gone],
        "rectification": rectification,
    }


def section_report_context(assessment: Assessment, score: SectionScore, returned: Return,
                           lang: str) -> dict[str, Any]:
    """One section's self-assessment report: its four parts and its indicator table."""
    master = assessment.master
    finals = {i.indicator_id: i for i in score.indicator_scores}
    answers = {a.indicator_id: a for a in returned.answers}
    indicators = []
    for indicator in master.indicators_for(score.code):
        answer = answers.get(indicator.id)
        final = finals.get(indicator.id)
        indicators.append({
            "id": indicator.id, "name": indicator.name, "points": _points(indicator.points),
            "self_score": _points(answer.self_score if answer else None),
            "approved": _points(final.approved_score if final and final.adjusted else None),
            "score": _points(final.final if final else None),
            "achievement": answer.achievement if answer else "",
            "evidence": answer.evidence if answer else "",
        })
    parts = [{"title": part.label(lang), "text": text}
             for part, (_key, text) in zip(i18n.REPORT_PARTS, returned.report.parts(),
                                           strict=True)]
    return {
        **_common(assessment, lang),
        "section": {"code": score.code, "name": score.name},
        "parts": parts,
        "indicators": indicators,
        "result": _ranking_row(score, assessment, lang),
        "ranked": score.rank is not None,
    }


def rectification_context(assessment: Assessment, score: SectionScore,
                          lang: str) -> dict[str, Any]:
    """A rectification notice: why, what was found, by when, what to report back."""
    names = {s.code: s.name for s in assessment.master.sections}
    own = [d for d in assessment.deductions if d.section_code == score.code]
    return {
        **_common(assessment, lang),
        "section": {"code": score.code, "name": score.name},
        "result": _ranking_row(score, assessment, lang),
        "ranked": score.rank is not None,
        "poor": score.grade is Grade.POOR,
        "veto": score.veto,
        "deductions": [_deduction_row(d, names, lang) for d in own],
        "deduction_total": _points(sum_deductions(own)),
        "low_indicators": _low_indicators(score, assessment.master),
        "scored": bool(score.indicator_scores),  # no return used: no indicator judged
        "missing": score.status == "missing",
        "open_items": [
            {"key": i.key, "kind": i18n.t(f"rect.kind.{i.kind}", lang), "text": i.text}
            for i in assessment.open_items.get(score.code, ())
        ],
        "previous_year": assessment.previous.year if assessment.previous else None,
    }


@dataclass(frozen=True)
class Narrative:
    """One narrative to write: its template, how to build its data, and where it goes
    (without suffix). The data is built where the document is rendered, in the workers: a
    city's thousand section reports hold every return's texts, built on every core."""

    template: str
    context: Callable[[], dict[str, Any]]
    target: Path
    title: str

    @property
    def lang(self) -> str:
        """The language its template is written in: name.<lang>.md.j2."""
        return self.template.rsplit(".", 3)[-3]


def plan_narratives(assessment: Assessment, returns: Sequence[Return], folder: Path,
                    lang: str) -> list[Narrative]:
    """Every narrative of a run: the bulletin, one report per return, the notices."""
    from perfxl.workspace import safe_file_name

    settings = assessment.master.settings
    bulletin = i18n.t("narrative.bulletin", lang)
    plans = [Narrative(f"bulletin.{lang}.md.j2", partial(bulletin_context, assessment, lang),
                       folder / bulletin,
                       i18n.t("narrative.bulletin_title", lang, unit=settings.unit,
                              year=settings.year))]
    by_code = {r.section_code: r for r in returns}
    reports = folder / i18n.t("narrative.reports", lang)
    notices = folder / i18n.t("narrative.notices", lang)
    for score in assessment.scores:
        stem = safe_file_name(f"{score.code}_{score.name}")
        returned = by_code.get(score.code)
        if returned is not None:
            plans.append(Narrative(
                f"section_report.{lang}.md.j2",
                partial(section_report_context, assessment, score, returned, lang), reports / stem,
                i18n.t("narrative.report_title", lang, section=score.name, year=settings.year)))
        if rectification_reasons(score, assessment.master, assessment.deductions,
                                 assessment.open_items.get(score.code, ())):
            plans.append(Narrative(
                f"rectification.{lang}.md.j2",
                partial(rectification_context, assessment, score, lang), notices / stem,
                i18n.t("narrative.notice_title", lang, section=score.name)))
    return plans


def write_narratives(plans: Sequence[Narrative], templates_dir: Path | None,
                     ) -> tuple[list[tuple[str, Path]], list[Issue]]:
    """Render each plan to .md, .html and .docx on every core.

    A broken template costs only the documents made from it: it becomes a TEMPLATE_001 issue.
    """
    early, collect = start_narratives(plans, templates_dir)
    written, late = collect()
    return written, early + late


def start_narratives(
    plans: Sequence[Narrative], templates_dir: Path | None
) -> tuple[list[Issue], Callable[[], tuple[list[tuple[str, Path]], list[Issue]]]]:
    """Check the templates here, then render on the other cores while the caller works.

    Returns the syntax errors found at once, and a function that waits for the documents and
    gives (written files, errors met while rendering).
    """
    renderer = Renderer(templates_dir)
    early: list[Issue] = []
    broken: set[str] = set()
    first_of = {plan.template: plan for plan in reversed(plans)}
    for name in sorted(first_of):
        # one document rendered here: a typo or an unknown name is found before the workbook
        # (whose 问题清单 sheet lists it) is written, not only while the others render
        try:
            renderer.render(name, first_of[name].context())
        except TemplateProblem as problem:
            broken.add(name)
            early.append(make_issue("TEMPLATE_001", file=problem.name,
                                    line=problem.line or "?", reason=problem.reason))
    usable = [plan for plan in plans if plan.template not in broken]
    if usable:
        from perfxl.document import prepare_docx

        prepare_docx()  # built here once, the forked workers inherit it (~0.5 s each else)
    # The workers are forked with the plans in memory; only their positions are sent, not
    # the contexts (every section's texts: ~100 MB to pickle at city scale).
    pending = start_in_chunks(
        partial(_write_planned, plans=usable, templates_dir=templates_dir),
        range(len(usable)))

    def collect() -> tuple[list[tuple[str, Path]], list[Issue]]:
        written: list[tuple[str, Path]] = []
        issues: dict[str, Issue] = {}
        for outcome in pending():
            if isinstance(outcome, Issue):
                issues.setdefault(outcome.file or "", outcome)
            else:
                written.extend(("narrative", path) for path in outcome)
        return written, list(issues.values())

    return early, collect


def _write_planned(indexes: Sequence[int], plans: Sequence[Narrative],
                   templates_dir: Path | None) -> list[list[Path] | Issue]:
    return _write_some([plans[i] for i in indexes], templates_dir)


def _write_some(plans: Sequence[Narrative], templates_dir: Path | None,
                ) -> list[list[Path] | Issue]:
    from perfxl.document import docx_bytes, markdown_file_text, parse, to_html
    from perfxl.workspace import write_bytes, write_text

    renderer = Renderer(templates_dir)
    results: list[list[Path] | Issue] = []
    for plan in plans:
        try:
            markdown = renderer.render(plan.template, plan.context())
        except TemplateProblem as problem:
            results.append(make_issue("TEMPLATE_001", file=problem.name,
                                      line=problem.line or "?", reason=problem.reason))
            continue
        blocks = parse(markdown)
        markdown_path, html_path, docx_path = narrative_files(plan.target)
        results.append([
            write_text(markdown_path, markdown_file_text(markdown)),
            write_text(html_path, to_html(blocks, plan.title, plan.lang)),
            write_bytes(docx_path, docx_bytes(blocks, plan.lang)),
        ])
    return results


def narrative_files(target: Path) -> list[Path]:
    """The .md, .html and .docx a narrative planned at `target` is written to."""
    # a name's own dots (K.1, 科技.信息科) are not a suffix to replace
    return [target.parent / f"{target.name}{suffix}" for suffix in (".md", ".html", ".docx")]


def brief_context(master: Master, summary: RoundSummary, lang: str) -> dict[str, Any]:
    """The monitoring round's brief: lagging indicators, who did not report, what changed."""
    settings = master.settings
    sections = {s.code: s for s in master.sections}
    changes = summary.changed
    improved = sorted((c for c in changes if (c.change or 0) > 0),
                      key=lambda c: (-(c.change or 0), c.section_code, c.indicator_id))[:5]
    # progress is cumulative: a fall is a slip or a wrong figure, either way worth a look
    declined = sorted((c for c in changes if (c.change or 0) < 0),
                      key=lambda c: (c.change or 0, c.section_code, c.indicator_id))
    return {
        "lang": lang,
        "unit": settings.unit,
        "year": settings.year,
        "round": summary.round,
        "as_of": summary.as_of.isoformat(),
        "expected": _percent(summary.expected),
        "office": i18n.t("narrative.office", lang, unit=settings.unit),
        "date": signing_date(summary.as_of, lang),
        "counts": {"sections": len(master.sections), "reported": len(summary.reported),
                   "lines": len(summary.lines), "lagging": len(summary.lagging),
                   # reported, but no progress could be read: not judged either way
                   "unreadable": sum(1 for line in summary.lines if line.progress is None)},
        "lagging": [
            {"section": line.section_name, "id": line.indicator_id, "name": line.indicator_name,
             "progress": _percent(line.progress), "expected": _percent(line.expected),
             "lag": _percent(line.lag), "problems": line.problems}
            for line in summary.lagging
        ],
        "missing": [{"name": sections[c].name, "contact": sections[c].contact,
                     "email": reachable(sections[c].email)} for c in summary.missing],
        "faulty": [sections[c].name for c in summary.faulty],
        "previous": None if summary.previous is None else {
            "round": summary.previous.name, "as_of": summary.previous.as_of.isoformat()},
        "changes": [{"section": c.section_name, "id": c.indicator_id,
                     "change": _percent(c.change)} for c in changes],
        "improved": [{"section": c.section_name, "id": c.indicator_id,
                      "change": i18n.t("progress.points_up", lang,
                                       points=decimal_text((c.change or Decimal(0)) * 100, 1))}
                     for c in improved],
        "stalled": sum(1 for c in changes if c.change == 0),
        "declined": [{"section": c.section_name, "id": c.indicator_id,
                      "change": i18n.t("progress.points_down", lang,
                                       points=decimal_text(-(c.change or Decimal(0)) * 100, 1))}
                     for c in declined],
    }


def rules_context(master: Master, lang: str) -> dict[str, Any]:
    """The indicator system as published rules (考评细则): categories, groups, indicators."""
    from perfxl.analysis import scoring_rules
    from perfxl.ranking import excellent_quota

    settings = master.settings
    labels = {s.code: s.name for s in master.sections}
    everyone = set(labels)
    categories = []
    total = Decimal(0)
    for category in ("basic", "excellence"):
        members = [i for i in master.indicators if i.category.value == category]
        if not members:
            continue
        groups: dict[str, list[Any]] = {}
        for indicator in members:
            groups.setdefault(indicator.subcategory, []).append(indicator)
        name = i18n.category_label(category, lang)
        typed = sum((i.points for i in members), Decimal(0))
        # basic indicators count scaled to 基础指标折算分, whatever their points add up to
        worth = settings.basic_full if category == "basic" else typed
        total += worth
        categories.append({
            "name": name,
            "points": _points(worth),
            "typed_points": _points(typed) if typed != worth else "",
            "count": len(members),
            "groups": [
                {"name": i18n.subcategory_label(group, lang), "count": len(items),
                 "points": _points(sum((i.points for i in items), Decimal(0))),
                 "indicators": [
                     {"id": i.id, "name": i.name, "points": _points(i.points),
                      "criteria": i.criteria, "evidence": i.evidence,
                      "owners": (i18n.t("rules.everyone", lang) if set(i.owners) == everyone
                                 else i18n.listing((labels[c] for c in i.owners), lang))}
                     for i in items
                 ]}
                for group, items in groups.items()
            ],
        })
    quota = excellent_quota(len(master.sections), settings)
    return {
        "lang": lang,
        "unit": settings.unit,
        "year": settings.year,
        "office": i18n.t("narrative.office", lang, unit=settings.unit),
        "total_points": _points(total),
        "categories": categories,
        "rules": [{"item": item, "rule": rule}
                  for item, rule in scoring_rules(master, quota, lang, published=True)],
    }
