"""The library API the CLI calls: one function per command, plain results, no printing."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfxl import i18n
from perfxl.addresses import reachable
from perfxl.ingest import Ingested, ingest
from perfxl.issues import Issue, PerfxlError, Severity, has_errors, make_issue
from perfxl.master import language_of, load_master, section_keys
from perfxl.model import Collection, Master, PreviousYear, Return, ReviewEntry, SectionScore
from perfxl.workspace import (
    Workspace,
    as_typed,
    ensure_replaceable,
    init_workspace,
    load_sample,
    refuse_existing,
    saved_in_another_format,
)

if TYPE_CHECKING:  # the writers and the analysis load only for the commands that use them
    from perfxl.analysis import Assessment
    from perfxl.progress import RoundSummary
    from perfxl.review import FilledReview
    from perfxl.template_writer import TemplateFile


def resolve_language(requested: str | None, master: Master | None = None) -> str:
    """`--lang` wins, then the master's 语言 setting, then zh."""
    lang = requested or (master.settings.language if master else "") or i18n.DEFAULT_LANGUAGE
    if lang not in i18n.LANGUAGES:
        raise PerfxlError("fatal.bad_language", language=lang)
    return lang


def spoken_language(root: Path | None) -> str | None:
    """The language of the workspace at `root` as its master says, for a message about why
    a command stopped: even a master too broken to use usually says it. None if unknown."""
    if root is None:
        return None
    path = Workspace(Path(root)).master
    return language_of(path) if os.path.isfile(path) else None


def create_workspace(root: Path, sample: str | None = None, lang: str | None = None) -> Workspace:
    """`perfxl init`: a blank workspace or the named sample bureau."""
    refuse_existing(root)
    data = load_sample(sample) if sample else None
    return init_workspace(root, data=data, lang=resolve_language(lang))


def continue_workspace(
    root: Path, previous_root: Path, lang: str | None = None
) -> tuple[Workspace, list[Issue]]:
    """`perfxl init NEW --from OLD`: next year, sections and indicators carried over."""
    from perfxl.history import init_from

    return init_from(root, previous_root, lang and resolve_language(lang))


def _previous_year(workspace: Workspace, master: Master, round_name: str | None
                   ) -> tuple[PreviousYear | None, list[Issue]]:
    """Last year as imported by init --from, named by this year's codes, and what aligning
    it said; none for a monitoring round, which compares with rounds, not years."""
    from perfxl.history import align_previous, load_previous

    previous = None if round_name else load_previous(workspace)
    return align_previous(previous, master) if previous is not None else (None, [])


def _round_like(workspace: Workspace, round_name: str) -> str | None:
    """An existing round named like `round_name` but for case, width, spaces or a full stop
    (Q3 for q3 or Ｑ３, 第三季度 for 第 三 季 度 or 第三季度。), when `round_name` itself is
    not one."""
    import unicodedata

    def folded(name: str) -> str:
        return re.sub(r"[\s.。、]+", "", unicodedata.normalize("NFKC", name)).casefold()

    existing = workspace.round_names()
    like = [name for name in existing if name != round_name and folded(name) == folded(round_name)]
    return sorted(like)[0] if like and round_name not in existing else None


def _refuse_a_round_like_another(workspace: Workspace, round_name: str) -> None:
    """A new round named like an existing one but for case or width (q3 beside Q3, Ｑ３):
    on Windows and on a shared drive q3 and Q3 are one folder, and its templates and returns
    would be mixed up; Ｑ３ beside Q3 is a mistake waiting to happen."""
    like = _round_like(workspace, round_name)
    if like is not None:
        raise PerfxlError("fatal.round_like", name=round_name, existing=like)


def _refuse_an_unknown_round(workspace: Workspace, round_name: str) -> None:
    """A round to read that has no folder: a typing mistake, named with the rounds there are
    (the advice to make the round is for a round that is really new)."""
    if workspace.round_dir(round_name).is_dir():
        return
    like = _round_like(workspace, round_name)
    if like is not None:
        raise PerfxlError("fatal.no_round.like", name=round_name, existing=like,
                          typed=as_typed(like), workspace=as_typed(workspace.root))
    existing = sorted(workspace.round_names())
    raise PerfxlError("fatal.no_round" if existing else "fatal.no_round.none", name=round_name,
                      path=workspace.round_dir(round_name), existing=existing,
                      workspace=as_typed(workspace.root), typed=as_typed(round_name))


def collection_for(round_name: str | None, workspace: Workspace | None = None) -> Collection:
    others = frozenset(name for name in (workspace.round_names() if workspace else [])
                       if name != round_name)
    return Collection("progress", round_name, others) if round_name else Collection(
        other_rounds=others)


@dataclass(frozen=True)
class TemplatesResult:
    master: Master
    folder: Path
    files: list[TemplateFile]
    warnings: list[Issue]
    lang: str


def build_templates(
    root: Path, lang: str | None = None, round_name: str | None = None,
    deadline: date | None = None, force: bool = False,
) -> TemplatesResult:
    """`perfxl templates [--round NAME] [--deadline DATE] [--force]`: one template and one
    email draft per section; `deadline` is the date the drafts ask for (else the master's
    截止日期, which a round's drafts do not use). Templates already in the folder that
    someone has typed into are not overwritten or removed unless `force`."""
    from perfxl.template_writer import write_templates

    workspace = Workspace(root)
    if round_name is not None:  # "" is refused: an unset $ROUND must not redo the annual
        workspace.round_dir(round_name)
    master, warnings = load_master(workspace.master)
    language = resolve_language(lang, master)
    collection = collection_for(round_name)
    output = workspace.round_output(round_name) if round_name else workspace.output
    previous, realigned = _previous_year(workspace, master, round_name)
    warnings += realigned
    if round_name:  # where the round's returns go, ready to be dropped in
        _refuse_a_round_like_another(workspace, round_name)
        workspace.round_inbox(round_name).mkdir(parents=True, exist_ok=True)
    _archive_inputs(workspace, ("master",))
    if not force:
        inbox = workspace.round_inbox(round_name) if round_name else workspace.inbox
        _refuse_to_overwrite_filled_templates(output / "templates", inbox.relative_to(
            workspace.root).as_posix() + "/", collection.kind)
    files = write_templates(master, output / "templates", workspace.templates, language,
                            collection, previous, deadline)
    if previous is not None:  # last year's items a recoded or dropped section takes nowhere
        from perfxl.history import compare_years

        warnings += [issue for issue in compare_years(previous, master)
                     if issue.severity.value == "warning"]
    if not round_name and deadline is None and master.settings.deadline is None:
        warnings.append(make_issue("MASTER_029", file=workspace.master.name,
                                   sheet=i18n.SHEET_SETTINGS.zh,
                                   example=f"{master.settings.year + 1}-01-31"))
    asked = deadline or (None if round_name else master.settings.deadline)  # as the drafts
    year = master.settings.year
    if asked is not None and not year <= asked.year <= year + 1:  # 2019 typed for 2020
        warnings.append(make_issue("TEMPLATE_002", value=asked.isoformat(), year=year,
                                   next_year=year + 1))
    return TemplatesResult(master, output / "templates", files, warnings, language)


def _refuse_to_overwrite_filled_templates(folder: Path, inbox: str, kind: str) -> None:
    """A template filled in place (for a section that has no e-mail, say) would be wiped
    out by writing the templates again: refused, naming each, as a filled review is."""
    from perfxl.parallel import map_in_chunks

    sent_lists = {i18n.t("sendlist.file_name", lang) for lang in i18n.LANGUAGES}
    candidates = sorted(path for path in folder.glob("*.xlsx")
                        if path.is_file() and path.name not in sent_lists) \
        if folder.is_dir() else []
    filled = [path for path, typed in zip(candidates, map_in_chunks(_typed_into, candidates),
                                          strict=True) if typed]
    if filled:
        raise PerfxlError("fatal.templates_filled", folder=folder, count=len(filled),
                          files=[path.name for path in filled[:3]]
                          + (["…"] if len(filled) > 3 else []), inbox=inbox,
                          kind=i18n.t_each(f"templates.kind.{kind}"))


def _typed_into(paths: Sequence[Path]) -> list[bool]:
    from perfxl.reader import read_file
    from perfxl.validate import typed_into

    return [not _as_perfxl_wrote_it(path) and typed_into(read_file(path, path.name))
            for path in paths]


def _as_perfxl_wrote_it(path: Path) -> bool:
    """Whether a workbook was never saved since perfxl wrote it: perfxl dates each part of
    its package 1980-01-01 (for identical bytes run after run), which any program saving
    it replaces with the time. Spares reading back a thousand untouched templates."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as package:
            return all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in package.infolist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return False


@dataclass
class CheckResult:
    """`perfxl check` / `status`: the returns found and every problem."""

    workspace: Workspace
    master: Master
    ingested: Ingested
    issues: list[Issue]
    lang: str
    outputs: list[tuple[str, Path]] = field(default_factory=list)
    output: Path | None = None  # where this collection's outputs go
    previous: PreviousYear | None = None
    inbox: Path | None = None
    round_name: str | None = None  # a monitoring round's, else the annual assessment's
    office_inputs: list[dict[str, str]] = field(default_factory=list)  # archived, hashed

    @property
    def output_dir(self) -> Path:
        return self.output or self.workspace.output

    @property
    def has_errors(self) -> bool:
        return has_errors(self.issues)

    def statuses(self) -> dict[str, str]:
        """Each section's status as `run` will settle it: a return in order is still "error"
        where the register or the review has an error about the section (check said 正常
        of a section run then left unranked)."""
        held = {i.section for i in self.issues if i.section and i.severity is Severity.ERROR}
        statuses = {s.code: self.ingested.section_status(s.code) for s in self.master.sections}
        return {code: "error" if status == "ok" and code in held else status
                for code, status in statuses.items()}

    def to_json(self) -> dict[str, Any]:
        from perfxl.manifest import build_report

        issue_counts = _count_by_section(self.issues)
        sections = [
            {"code": s.code, "name": s.name, "status": status, "basic": None, "excellence": None,
             "deductions": None, "total": None, "rank": None, "grade": None, "bonus": None,
             "veto": None, "errors": issue_counts.get((s.code, "error"), 0),
             "warnings": issue_counts.get((s.code, "warning"), 0),
             "contact": s.contact, "email": reachable(s.email)}
            for s, status in zip(self.master.sections, self.statuses().values(), strict=True)
        ]
        # relative to the workspace, as `run` gives them, however -w was typed
        outputs = [(kind, _relative(path, self.workspace.root)) for kind, path in self.outputs
                   ] if self.outputs else None
        return build_report(self.master, str(self.workspace.root.resolve()), self.ingested.files,
                            sections, self.issues, self.lang, outputs)


def _count_by_section(issues: list[Issue]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for issue in issues:
        key = (issue.section or "", issue.severity.value)
        counts[key] = counts.get(key, 0) + 1
    return counts


def read_inbox(
    root: Path,
    lang: str | None = None,
    latest: bool = False,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    round_name: str | None = None,
) -> CheckResult:
    """Read, archive and check every file in the inbox (or a round's); write nothing else."""

    workspace = Workspace(root)
    master, master_warnings = load_master(workspace.master)
    language = resolve_language(lang, master)
    previous, realigned = _previous_year(workspace, master, round_name)
    if round_name is not None:  # "" too: an unset $ROUND must not read the annual inbox
        _refuse_an_unknown_round(workspace, round_name)
    inbox = workspace.round_inbox(round_name) if round_name else workspace.inbox
    office_inputs = _archive_inputs(workspace)  # read by every command, so kept by each
    ingested = ingest(workspace, master, inbox=inbox, latest=latest,
                      collection=collection_for(round_name, workspace), previous=previous,
                      progress=progress, on_total=on_total)
    issues = [*master_warnings, *realigned, *ingested.issues]
    if previous is not None:  # what changed since last year, as `run` will say it
        from perfxl.history import compare_years

        issues += compare_years(previous, master)
    output = workspace.round_output(round_name) if round_name else workspace.output
    return CheckResult(workspace, master, ingested, issues, language, output=output,
                       previous=previous, inbox=inbox, round_name=round_name,
                       office_inputs=office_inputs)


def write_check_outputs(result: CheckResult) -> None:
    """output/问题清单.xlsx and a feedback copy for each section whose return has errors."""
    from perfxl.feedback import feedback_file_name, write_feedback_copy
    from perfxl.issue_writer import write_issue_list

    lang, output = result.lang, result.output_dir
    remove_translations(check_outputs(result)[0])
    path = write_issue_list(output / i18n.t("issues.file_name", lang), result.issues,
                            result.master, lang, result.round_name)
    result.outputs.append(("issues", path))
    folder = output / "feedback"
    for stale in folder.glob("*.xlsx") if folder.is_dir() else []:
        stale.unlink()
    by_file: dict[str | None, list[Issue]] = {}
    for issue in result.issues:
        by_file.setdefault(issue.file, []).append(issue)
    severity = {"error": 0, "warning": 1, "info": 2}
    for returned in result.ingested.returns:
        section = result.master.section(returned.section_code)
        # the section's to fix, errors first; not the office's own notes ("--latest chose…")
        mine = sorted((i for i in by_file.get(returned.path, []) if i.code not in _OFFICE_NOTES),
                      key=lambda issue: severity[issue.severity.value])
        if section is None or not has_errors(mine):
            continue
        inbox = result.inbox or result.workspace.inbox
        source = result.ingested.sources.get(returned.path, inbox / returned.path)
        copy = write_feedback_copy(source, folder / feedback_file_name(section, lang), mine,
                                   section, lang, result.master.settings, result.round_name)
        result.outputs.append(("feedback", copy))


_OFFICE_NOTES = frozenset(("DUP_003",))  # said to the office, of no use to the section


def run_is_stale(result: CheckResult) -> bool:
    """Whether output/ contradicts itself since `check` wrote beside the last `run`'s
    outputs: see `run_outdated`."""
    return run_outdated(result) is not None


def run_outdated(result: CheckResult) -> str | None:
    """Why the last `run`'s outputs (the consolidated workbook, the bulletin, the manifest)
    no longer agree with what `check` has just written beside them, as a `cli.run_stale*`
    key, or None when they do: the inputs changed since ("cli.run_stale"); the same files
    read with another choice of versions, `--latest` in one and not the other
    ("cli.run_stale_choice"); or the run's problem list or feedback copies replaced by this
    check's, in the other language ("cli.run_stale_outputs"; an output the office moved
    away, the bulletin sent on, is no matter of check's)."""
    manifest = result.workspace.output / "manifest.json"
    if result.round_name is not None or not manifest.is_file():
        return None
    try:
        written = json.loads(manifest.read_text(encoding="utf-8"))
        then = {(f["path"], f["sha256"]): f["status"] for f in written["files"]}
        # the office's own inputs too: the master, the register, the review
        inputs = {(i["path"], i["sha256"]) for i in written["run"].get("inputs", [])}
        # what check itself writes or removes (under its name in either language)
        listed = [o["path"] for o in written.get("outputs", [])
                  if o.get("kind") in ("issues", "feedback")]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # a manifest run cannot make sense of: `run` says so
    now = {(f.path, f.sha256): f.status for f in result.ingested.files}
    if set(then) != set(now) or _office_inputs_changed(result.workspace, inputs):
        return "cli.run_stale"
    if then != now:
        return "cli.run_stale_choice"
    root = result.workspace.root
    if any(isinstance(path, str) and not os.path.lexists(root / path) for path in listed):
        return "cli.run_stale_outputs"
    return None


def _office_inputs_changed(workspace: Workspace, inputs: set[tuple[str, str]]) -> bool:
    recorded = {path for path, _digest in inputs}
    if any(office.is_file() and office.name not in recorded
           for office in (workspace.deductions, workspace.review)):
        return True  # a register or review made since the run (the usual order)
    for path, digest in inputs:
        try:
            now = hashlib.sha256((workspace.root / path).read_bytes()).hexdigest()
        except OSError:
            return True  # gone since, or unreadable now
        if now != digest:
            return True
    return False


def check(root: Path, lang: str | None = None, latest: bool = False,
          progress: Callable[[int], None] | None = None,
          on_total: Callable[[int], None] | None = None,
          round_name: str | None = None) -> CheckResult:
    """`perfxl check`: read everything, then write the problem list and feedback copies.
    For the annual assessment, what `run` will find in the office's register and review is
    said now too, while there is time to fix it."""
    result = read_everything(root, lang, latest, progress, on_total, round_name)
    ensure_replaceable(*check_outputs(result))
    write_check_outputs(result)
    return result


def read_everything(root: Path, lang: str | None = None, latest: bool = False,
                    progress: Callable[[int], None] | None = None,
                    on_total: Callable[[int], None] | None = None,
                    round_name: str | None = None) -> CheckResult:
    """`check` and `status` before they write or print: the inbox read and, for the annual
    assessment, what `run` will find in the office's register and review."""
    review = None if round_name else _ReviewReading(Workspace(root))
    try:
        result = read_inbox(root, lang, latest, progress, on_total, round_name)
        if review is not None:
            result.issues += office_input_issues(result, review)
    finally:
        if review is not None:
            review.close()
    return result


def office_input_issues(result: CheckResult, review: _ReviewReading) -> list[Issue]:
    """The problems in the deductions register and the filled review, as `run` meets them."""
    from perfxl.deductions import load_deductions

    _, deduction_issues = load_deductions(result.workspace.deductions, result.master)
    _, review_issues = review.judge(result.master, result.ingested.returns)
    return [*deduction_issues, *review_issues]


def check_outputs(result: CheckResult) -> tuple[list[Path], list[Path]]:
    """What `check` replaces: the problem list (under its name in every language: a run in
    the other one left its own), and the feedback folder's copies."""
    output = result.output_dir
    return ([output / i18n.t("issues.file_name", lang) for lang in _this_first(result.lang)],
            [output / "feedback"])


def run_outputs(result: CheckResult) -> tuple[list[Path], list[Path]]:
    """What `run` replaces, files and folders, under their names in every language (not
    output/review.xlsx, which the group may have open)."""
    from perfxl.report_writer import report_file_name

    output, languages = result.workspace.output, _this_first(result.lang)
    files, folders = check_outputs(result)
    return ([*files, *(output / report_file_name(result.master, lang) for lang in languages),
             output / "manifest.json"],
            [*folders, output / "narratives",
             *(result.output_dir / i18n.t("binder.folder", lang) for lang in languages)])


def _this_first(lang: str) -> list[str]:
    return [lang, *(other for other in i18n.LANGUAGES if other != lang)]


def remove_translations(paths: list[Path]) -> None:
    """Remove what a run in another language wrote (`paths[1:]`, by _this_first): beside
    this run's outputs it would pass for a result of this run."""
    import shutil

    for stale in paths[1:]:
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale)
        elif os.path.lexists(stale):
            stale.unlink()


@dataclass
class _Outcome:
    """What `run` and `run --round` share: the check underneath and every problem."""

    check: CheckResult
    issues: list[Issue]

    @property
    def lang(self) -> str:
        return self.check.lang

    @property
    def has_errors(self) -> bool:
        return has_errors(self.issues)

    @property
    def outputs(self) -> list[tuple[str, Path]]:
        return self.check.outputs


@dataclass
class RunResult(_Outcome):
    """`perfxl run`: the check, the scores and every output written."""

    assessment: Assessment
    inputs: list[dict[str, str]]
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage

    def to_json(self) -> dict[str, Any]:
        from perfxl.manifest import build_report

        report = build_report(
            self.check.master,
            str(self.check.workspace.root.resolve()),  # the same however -w was typed
            self.check.ingested.files,
            [self._section(s) for s in self.assessment.scores],
            self.issues,
            self.lang,
            [(kind, _relative(path, self.check.workspace.root)) for kind, path in self.outputs],
        )
        report["run"]["inputs"] = self.inputs
        return report

    def _section(self, score: SectionScore) -> dict[str, Any]:
        from perfxl.manifest import section_json

        line = section_json(score, self.assessment.deductions_of(score))
        if self.assessment.previous is not None:  # what next year carries over
            line["open_items"] = [item.key
                                  for item in self.assessment.open_items.get(score.code, ())]
        return line


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _archive_inputs(workspace: Workspace, kinds: tuple[str, ...] = (
        "master", "deductions", "review")) -> list[dict[str, str]]:
    """The office's own inputs (master, register, review, or those of `kinds` a command
    reads), hashed and archived."""
    from perfxl.workspace import archive_copy

    inputs = []
    for kind, path in (("master", workspace.master), ("deductions", workspace.deductions),
                       ("review", workspace.review)):
        if kind in kinds and path.is_file():
            try:
                digest = archive_copy(workspace.archive, path)[0]
            except OSError:  # not ours to read: its reader reports it (DED_008, REVIEW_009)
                continue
            inputs.append({"kind": kind, "path": path.name, "sha256": digest})
    return inputs


class Stopwatch:
    """Seconds spent per stage of a run, for the benchmarks (`PERFXL_TIMINGS=1`)."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + now - self._last
        self._last = now


def run(root: Path, lang: str | None = None, latest: bool = False,
        progress: Callable[[int], None] | None = None,
        on_total: Callable[[int], None] | None = None) -> RunResult:
    """`perfxl run`: check, review, deductions, scores, ranking, and every output."""
    clock = Stopwatch()
    review = _ReviewReading(Workspace(root))
    try:  # however the run ends, the review's reader is not left behind
        result = read_inbox(root, lang, latest, progress, on_total)
        clock.lap("read and check")
        ensure_replaceable(*run_outputs(result))
        return _assess_and_write(result, review, clock)
    finally:
        review.close()


def _assess_and_write(result: CheckResult, review: _ReviewReading, clock: Stopwatch
                      ) -> RunResult:
    from perfxl.analysis import assess, settle_statuses
    from perfxl.deductions import load_deductions
    from perfxl.ranking import rank_and_grade
    from perfxl.scoring import score_sections

    workspace, master, language = result.workspace, result.master, result.lang
    # The last run's manifest lists outputs this run is about to replace: were it stopped
    # halfway, that manifest would vouch for a mixture. It comes back when the run completes.
    (workspace.output / "manifest.json").unlink(missing_ok=True)
    inputs = result.office_inputs
    deductions, deduction_issues = load_deductions(workspace.deductions, master)
    returns = result.ingested.returns
    reviews, review_issues = review.judge(master, returns)  # (as office_input_issues)
    issues = [*result.issues, *deduction_issues, *review_issues]
    clock.lap("review and deductions")
    settled = settle_statuses(result.statuses(), issues, [*deduction_issues, *review_issues],
                              deduction_issues)
    statuses = settled.statuses
    self_scores = {
        r.section_code: {a.indicator_id: a.self_score for a in r.answers
                         if a.self_score is not None}
        for r in returns if statuses.get(r.section_code) == "ok"
    }
    scores = score_sections(master, self_scores, reviews, deductions, statuses)
    scores, bonus_issues = rank_and_grade(scores, master)
    issues += bonus_issues
    result.issues = issues
    assessment = assess(master, scores, deductions, settled.errors, language, result.previous,
                        returns, settled.faulty_inputs, settled.held_by,
                        settled.deductions_unknown)
    clock.lap("score")
    # The documents render on the other cores while this process writes the workbook.
    template_issues, narratives = start_narrative_outputs(result, assessment)
    binder_issues = write_binders(result)
    clock.lap("binders")
    result.issues = issues = [*issues, *template_issues, *binder_issues]
    write_run_outputs(result, assessment)
    clock.lap("workbook")
    result.issues = issues = [*issues, *narratives()]
    clock.lap("narratives")
    write_check_outputs(result)
    clock.lap("problem list")
    outcome = RunResult(result, issues, assessment, inputs, clock.stages)
    manifest = workspace.output / "manifest.json"
    result.outputs.append(("manifest", manifest))
    from perfxl.manifest import dumps
    from perfxl.workspace import write_text

    write_text(manifest, dumps(outcome.to_json()))
    clock.lap("manifest")
    return outcome


_REVIEW_WORDS = ("review", "审核", "核定")


def other_reviews(workspace: Workspace) -> list[str]:
    """Workbooks in the workspace named like a review but not review.xlsx: a second member's
    copy, or the filled one saved under a name of its own. Only review.xlsx is read."""
    if not workspace.root.is_dir():
        return []
    known = {workspace.review.name.casefold(), workspace.master.name.casefold(),
             workspace.deductions.name.casefold()}
    return sorted(path.name for path in workspace.root.iterdir()
                  if path.suffix.casefold() in (".xlsx", ".xlsm", ".xls", ".ods")
                  and path.name.casefold() not in known
                  and not path.name.startswith(("~$", ".~lock"))
                  and any(word in path.stem.casefold() for word in _REVIEW_WORDS)
                  and path.is_file())


class _ReviewReading:
    """The filled review, read in a process of its own while the returns are read (a city's
    review holds every return's texts again); judged once they are in."""

    def __init__(self, workspace: Workspace) -> None:
        from perfxl.parallel import start_one
        from perfxl.review import read_filled_review

        self.path = path = workspace.review
        self.elsewhere: Path | None = None  # where a filled review may have been left
        # copies under other names ("review (1).xlsx", "审核表（考评小组已填）.xlsx")
        self.others = other_reviews(workspace)
        self.waiting = None
        self.generated = None  # output/review.xlsx beside the review applied
        made = workspace.output / "review.xlsx"
        if os.path.lexists(path):  # a broken link or a folder is reported, not skipped
            self.waiting = start_one(read_filled_review, path)
            if made.is_file():  # filled again after a later `perfxl review`?
                self.generated = start_one(read_filled_review, made)
        elif saved_in_another_format(path) is None and made.is_file():
            self.elsewhere = made
            self.waiting = start_one(read_filled_review, self.elsewhere)

    def judge(self, master: Master, returns: Sequence[Return]
              ) -> tuple[list[ReviewEntry], list[Issue]]:
        other = saved_in_another_format(self.path)
        if other is not None and not os.path.lexists(self.path):  # review.xls, review.ods
            return [], [make_issue("REVIEW_014", file=other.name, expected=self.path.name)]
        beside = [make_issue("REVIEW_024" if os.path.lexists(self.path) else "REVIEW_023",
                             file=name, expected=self.path.name) for name in self.others]
        if self.waiting is None:
            return [], beside
        entries, issues = self._judged(master, returns)
        return entries, beside + issues

    def _judged(self, master: Master, returns: Sequence[Return]
                ) -> tuple[list[ReviewEntry], list[Issue]]:
        from concurrent.futures.process import BrokenProcessPool

        from perfxl.review import judge_review

        assert self.waiting is not None
        try:
            filled = self.waiting()
        except BrokenProcessPool:  # the reader crashed on it: reported like an unreadable one
            filled = make_issue("REVIEW_009", file=self.path.name,
                                reason=i18n.t_each("reason.reader_ended"))
        from perfxl.review import FilledReview

        if self.elsewhere is not None:  # the group filled the generated one, left in output/
            if isinstance(filled, FilledReview) and filled.rows:
                return [], [make_issue("REVIEW_015", file=f"output/{self.elsewhere.name}",
                                       count=len(filled.rows), expected=self.path.name)]
            return [], []
        entries, issues = judge_review(filled, master, returns)
        later = self._filled_since(filled, master)
        return entries, issues + later

    def _filled_since(self, applied: object, master: Master) -> list[Issue]:
        """REVIEW_034 when output/review.xlsx holds approved scores or notes the review
        applied lacks or gives otherwise: the group filled the one `perfxl review` made
        again (after a section resent its return) and the run went on with the old one."""
        from perfxl.review import FilledReview

        if self.generated is None or not isinstance(applied, FilledReview):
            return []
        try:
            made = self.generated()
        except Exception:  # a copy that cannot be read (its reader crashed) adds nothing
            return []
        if not isinstance(made, FilledReview):
            return []
        sections = section_keys(master)
        newer = made.decisions(sections) - applied.decisions(sections)  # only in output/
        count = sum(newer.values())
        return [make_issue("REVIEW_034", file="output/review.xlsx", count=count,
                           expected=self.path.name)] if count else []

    def close(self) -> None:
        for started in (self.waiting, self.generated):
            if started is not None:
                started.close()


def start_narrative_outputs(
    result: CheckResult, assessment: Assessment
) -> tuple[list[Issue], Callable[[], list[Issue]]]:
    """Start writing the bulletin, the section reports and the rectification notices (.md,
    .html, .docx): the template errors found at once, and a function that waits for the rest."""
    import shutil

    from perfxl.narrative import plan_narratives, start_narratives

    folder = result.workspace.output / "narratives"
    if folder.is_dir():
        shutil.rmtree(folder)  # perfxl's own output folder, rewritten by every run
    plans = plan_narratives(assessment, result.ingested.returns, folder, result.lang)
    early, collect = start_narratives(plans, result.workspace.templates)

    def finish() -> list[Issue]:
        written, late = collect()
        result.outputs.extend(written)
        return late

    return early, finish


def write_binders(result: CheckResult) -> list[Issue]:
    """output/佐证材料/<code>_<name>/ for every return with materials or citations."""
    import shutil

    from perfxl.binder import plan_binder, write_binder
    from perfxl.workspace import safe_file_name

    folders = [result.output_dir / i18n.t("binder.folder", lang)
               for lang in _this_first(result.lang)]
    remove_translations(folders)
    folder = folders[0]
    if folder.is_dir():
        shutil.rmtree(folder)  # perfxl's own output folder, rewritten by every run
    issues: list[Issue] = []
    for returned in result.ingested.returns:
        section = result.master.section(returned.section_code)
        materials, citations = result.ingested.materials.get(returned.section_code, ((), ()))
        if section is None or not materials:
            continue  # a workbook sent alone: its citations are text, nothing to bind
        entries = plan_binder(result.master, section, materials, citations, result.lang)
        target = folder / safe_file_name(f"{section.code}_{section.name}")
        written, found = write_binder(target, result.master, section, entries, result.lang)
        result.outputs.extend(("binder", path) for path in written)
        issues += found
    return issues


def write_run_outputs(result: CheckResult, assessment: Assessment) -> None:
    """The consolidated workbook. (`perfxl review` writes the review workbook; a run reads
    the filled one and does not rewrite the blank one each time.)"""
    from perfxl.report_writer import report_file_name, write_report

    output, lang = result.workspace.output, result.lang
    remove_translations([output / report_file_name(result.master, other)
                         for other in _this_first(lang)])
    path = write_report(output / report_file_name(result.master, lang), assessment,
                        result.issues, lang)
    result.outputs.insert(0, ("workbook", path))


@dataclass
class ReviewResult:
    """`perfxl review`: the check underneath, and the group's decisions carried over from
    the workspace's review.xlsx (those on rows that changed since are not)."""

    check: CheckResult
    path: Path
    carried: int = 0
    not_carried: int = 0
    notes_carried: int = 0  # 核定说明 on rows where the group kept the self score


def build_review(root: Path, lang: str | None = None, force: bool = False,
                 latest: bool = False) -> ReviewResult:
    """`perfxl review`: output/review.xlsx from the current returns (the latest of two
    different ones with `latest`, as `run --latest` will score), with the approved scores
    and notes the group already gave in the workspace's review.xlsx on rows that have not
    changed since (a return sent late is reviewed without redoing the others). A review in
    output/ that the group has begun to fill is not overwritten unless `force`."""
    from perfxl.review import (
        FilledReview,
        judge_review,
        kept_notes,
        read_filled_review,
        write_review,
    )

    workspace = Workspace(root)
    target = workspace.output / "review.xlsx"
    filled = read_filled_review(target) if target.is_file() and not force else None
    given = read_filled_review(workspace.review)
    if isinstance(filled, FilledReview) and (filled.rows or filled.notes) and \
            _decided_only_there(filled, given, workspace):
        raise PerfxlError("fatal.review_filled", path=target,
                          count=max(len(filled.rows), filled.notes))
    result = read_inbox(root, lang, latest)
    returns = result.ingested.returns
    entries, _ = judge_review(given, result.master, returns)
    notes = kept_notes(given, result.master, returns)
    path = write_review(target, result.master, returns, result.lang, entries, notes)
    result.outputs.append(("review", path))
    decided = len(given.rows) if isinstance(given, FilledReview) else 0
    return ReviewResult(result, path, len(entries), decided - len(entries), len(notes))


def _decided_only_there(filled: FilledReview, given: object, workspace: Workspace) -> bool:
    """Whether output/review.xlsx holds a decision the workspace's review.xlsx does not:
    the group's work, not to be overwritten. Those perfxl carried over from review.xlsx
    itself (a late return reviewed) are there already: refusing for them refused every
    run after the first, and saving the file as review.xlsx, as advised, did not help."""
    from perfxl.review import FilledReview as Filled

    if not isinstance(given, Filled):
        return True
    master, _ = load_master(workspace.master)
    keys = section_keys(master)
    return bool(filled.decisions(keys) - given.decisions(keys))


@dataclass
class RoundResult(_Outcome):
    """`perfxl run --round NAME`: a monitoring round's check and progress summary."""

    summary: RoundSummary

    def to_json(self) -> dict[str, Any]:
        report = self.check.to_json()
        summary = self.summary
        report["round"] = {
            "name": summary.round,
            "as_of": summary.as_of.isoformat(),
            "expected": float(summary.expected),
            "previous_round": summary.previous.name if summary.previous else None,
            "lagging": [
                {"section": line.section_code, "indicator": line.indicator_id,
                 "progress": float(line.progress or 0), "lag": float(line.lag or 0)}
                for line in summary.lagging
            ],
        }
        report["issues"] = [i.to_json(self.lang) for i in self.issues]
        report["outputs"] = [{"kind": kind, "path": _relative(path, self.check.workspace.root)}
                             for kind, path in self.outputs]
        return report


def run_round(root: Path, round_name: str, as_of: date | None = None,
              lang: str | None = None, latest: bool = False,
              progress: Callable[[int], None] | None = None,
              on_total: Callable[[int], None] | None = None) -> RoundResult:
    """`perfxl run --round NAME [--as-of DATE]`: check a round's returns, find what lags."""
    from perfxl.manifest import dumps
    from perfxl.narrative import Narrative, brief_context, narrative_files, write_narratives
    from perfxl.progress import (
        find_previous_round,
        measured_as_of,
        redefined_since,
        save_round,
        summarize_round,
    )
    from perfxl.progress_writer import progress_file_name, write_progress_workbook
    from perfxl.workspace import write_text

    when = as_of or date.today()
    result = read_inbox(root, lang, latest, progress, on_total, round_name=round_name)
    workspace, master, language = result.workspace, result.master, result.lang
    output = result.output_dir
    files, folders = check_outputs(result)  # a symlinked feedback/ is refused, as by check
    ensure_replaceable(files, [output, *folders])  # every file there is the round's own
    if when.year != master.settings.year:  # a typo in --as-of would pass for a clean report
        result.issues.append(make_issue("ROUND_001", value=when.isoformat(),
                                        year=master.settings.year))
    elif as_of is not None and as_of > date.today():  # 2020-12-25 typed for 2020-09-25
        result.issues.append(make_issue("ROUND_003", value=as_of.isoformat(),
                                        today=date.today().isoformat()))
    damaged: list[Path] = []
    tied: list[str] = []
    previous = find_previous_round(workspace.root / "rounds", round_name, when, damaged, tied)
    result.issues.extend(make_issue("ROUND_002", file=str(path.relative_to(workspace.root)),
                                    round=path.parent.parent.name,
                                    typed=as_typed(path.parent.parent.name),
                                    workspace=as_typed(workspace.root))
                         for path in damaged if path.parent.parent.name != round_name)
    if previous is not None and tied:  # which of them the office meant cannot be told
        result.issues.append(make_issue(
            "ROUND_005", previous=previous.name, as_of=previous.as_of.isoformat(),
            others=i18n.in_each_language(lambda names, lang: i18n.listing(
                (i18n.t("quoted", lang, text=name) for name in names), lang), tied)))
    before = measured_as_of(output)
    if before is not None and before != when:  # a later round compares with this date
        result.issues.append(make_issue("ROUND_006", round=round_name, typed=as_typed(round_name),
                                        workspace=as_typed(workspace.root),
                                        before=before.isoformat(), now=when.isoformat()))
    if previous is not None:  # a code reused or an indicator redefined: not compared
        sections, indicators = redefined_since(previous, master)
        if sections or indicators:
            result.issues.append(make_issue(
                "ROUND_004", previous=previous.name,
                items=i18n.in_each_language(i18n.listing, sections + indicators)))
    summary = summarize_round(master, round_name, when, result.ingested.returns,
                              result.statuses(), previous)
    write_check_outputs(result)
    languages = _this_first(language)
    remove_translations([*(output / progress_file_name(summary, other) for other in languages),
                         *(path for other in languages[1:] for path in
                           narrative_files(output / i18n.t("progress.brief", other)))])
    workbook = write_progress_workbook(output / progress_file_name(summary, language), master,
                                       summary, result.issues, language)
    result.outputs.insert(0, ("workbook", workbook))
    result.outputs.append(("progress", save_round(output, summary)))
    settings = master.settings
    brief = Narrative(
        f"progress_brief.{language}.md.j2", partial(brief_context, master, summary, language),
        output / i18n.t("progress.brief", language),
        i18n.t("progress.brief_title", language, unit=settings.unit, year=settings.year,
               round=round_name),
    )
    written, template_issues = write_narratives([brief], workspace.templates)
    result.outputs.extend(written)
    outcome = RoundResult(result, [*result.issues, *template_issues], summary)
    manifest = output / "manifest.json"
    result.outputs.append(("manifest", manifest))
    write_text(manifest, dumps(outcome.to_json()))
    return outcome


@dataclass(frozen=True)
class PublishResult:
    outputs: list[tuple[str, Path]]
    issues: list[Issue]  # the narrative templates' own
    lang: str
    warnings: list[Issue] = field(default_factory=list)  # the master's, as templates says them


def publish(root: Path, lang: str | None = None) -> PublishResult:
    """`perfxl publish`: the indicator system as published rules (考评细则), .docx and .html."""
    from perfxl.narrative import Narrative, rules_context, write_narratives

    workspace = Workspace(root)
    master, warnings = load_master(workspace.master)
    language = resolve_language(lang, master)
    settings = master.settings
    plan = Narrative(f"rules.{language}.md.j2", partial(rules_context, master, language),
                     workspace.output / i18n.t("publish.name", language),
                     i18n.t("publish.title", language, unit=settings.unit, year=settings.year))
    _archive_inputs(workspace, ("master",))
    written, issues = write_narratives([plan], workspace.templates)
    return PublishResult(written, issues, language, warnings)
