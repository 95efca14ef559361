"""`perfxl demo`: the whole cycle on the bundled sample bureau, with simulated returns."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from perfxl import i18n, pipeline
from perfxl.evidence import cited_files
from perfxl.history import load_previous
from perfxl.issues import PerfxlError
from perfxl.model import Master, format_points
from perfxl.simulate import (
    Filling,
    fill_progress_template,
    fill_template,
    make_material,
    simulate_filling,
    simulate_progress,
    write_gbk_zip,
)
from perfxl.workspace import (
    LOCK_FILE,
    TEMPORARY_PREFIX,
    Workspace,
    load_sample_texts,
    refuse_existing,
    workspace_lock,
)

SAMPLE = "longyan-2020"
MARKER = ".perfxl-demo"
LATE_SECTION = "K11"  # its return has not arrived yet
FOLDER_SECTION = "K10"  # sends a folder: the workbook and its materials
ZIP_SECTION = "K05"  # sends one zip with GBK-encoded Chinese names
FAULTY_SECTION = "K07"  # typed 无 into one score: a fixable error
REVIEWED = (("K02", Decimal("-2")), ("K05", Decimal("-3")), ("K09", Decimal("-1.5")))


ROUNDS = {"zh": "第三季度", "en": "Q3"}  # the demo's monitoring round, named in its language
ROUND_AS_OF = date(2020, 9, 30)


@dataclass(frozen=True)
class DemoOutcome:
    workspace: Workspace
    run: pipeline.RunResult
    highlights: list[Path]
    round: pipeline.RoundResult | None = None
    next_year: pipeline.RunResult | None = None
    rebuilt: bool = False  # the folder held an earlier demo, now replaced


def prepare_demo_folder(root: Path) -> bool:
    """Start from an empty folder; a previous demo's folder (and only that) is rebuilt,
    and only while it holds nothing but what that demo wrote (a return dropped into its
    inbox/, a folder of notes, were deleted with it). Whether it was rebuilt."""
    rebuilt = False
    if root.exists() and any(root.iterdir()):
        if not (root / MARKER).is_file():
            raise PerfxlError("fatal.demo_folder_busy", path=root)
        with workspace_lock(root):  # a command still at work there is not pulled from under
            added = _not_the_demos(root)
            if added:
                raise PerfxlError("fatal.demo_folder_changed", path=root, count=len(added),
                                  files=[str(path) for path in added[:3]])
            shutil.rmtree(root)
        rebuilt = True
    refuse_existing(root)  # inside another workspace's inbox/: before anything is made
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text("{}\n", encoding="utf-8")  # written out once the demo ends
    return rebuilt


def _demo_files(root: Path) -> dict[str, str]:
    """Every file under `root` an office may have put there, by its path (as a/b) and
    SHA-256: not the marker, the lock, half-written temporaries, nor what perfxl itself
    writes again (output/ and archive/ in any workspace there: a run in English, a review
    made again)."""
    found = {}
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if path.is_file() and not path.is_symlink() and path.name != LOCK_FILE \
                and not path.name.startswith(TEMPORARY_PREFIX) \
                and not {"output", "archive"} & set(parts[:-1]):
            found["/".join(parts)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _not_the_demos(root: Path) -> list[Path]:
    """The files in a demo's folder that the demo did not write, or that were changed since
    (the marker records what it wrote). A demo stopped before it ended recorded nothing:
    then only files outside the folders a workspace has count."""
    try:
        written = json.loads((root / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        written = {}
    if not isinstance(written, dict):
        written = {}
    if not written:  # stopped halfway: whatever a workspace holds was the demo's
        return [root / name for name in _demo_files(root)
                if name.split("/", 1)[0] not in _WORKSPACE_ENTRIES]
    return [root / name for name, digest in _demo_files(root).items()
            if written.get(name) != digest]


# what a demo's folder holds at its top: a workspace's files and folders, and its next year
_WORKSPACE_ENTRIES = frozenset(("master.xlsx", "deductions.xlsx", "review.xlsx",
                                "previous.json", "inbox", "templates", "rounds", "next-year"))


def simulate_returns(workspace: Workspace, master: Master, templates: dict[str, Path],
                     lang: str) -> None:
    """Fill every template but the late section's, as the sections would, into inbox/."""
    texts = load_sample_texts(SAMPLE)
    rng = random.Random(2020)  # the same demo every time
    for section in master.sections:
        if section.code == LATE_SECTION:
            continue
        filling = simulate_filling(master, section, texts, rng)
        if section.code == FAULTY_SECTION:
            first = master.indicators_for(section.code)[0].id
            filling.scores[first] = "无"
        if section.code == "K03":
            second = master.indicators_for(section.code)[1]
            filling.scores[second.id] = f"{format_points(second.points)}分".translate(
                str.maketrans("0123456789.", "０１２３４５６７８９．"))
        name = f"{section.name}-{master.settings.year}自评表（已填）.xlsx"
        if section.code == FOLDER_SECTION:  # the workbook and its materials in one folder
            folder = workspace.inbox / f"{section.name}（含佐证材料）"
            folder.mkdir(parents=True, exist_ok=True)
            fill_template(templates[section.code], folder / name, filling)
            for material, data in materials_for(filling).items():
                (folder / "佐证材料" / material).parent.mkdir(parents=True, exist_ok=True)
                (folder / "佐证材料" / material).write_bytes(data)
            continue
        if section.code == ZIP_SECTION:  # one zip made on a Chinese Windows PC
            scratch = workspace.output / ".demo"
            scratch.mkdir(parents=True, exist_ok=True)
            fill_template(templates[section.code], scratch / name, filling)
            members = {name: (scratch / name).read_bytes()}
            members.update({f"佐证材料/{m}": d for m, d in materials_for(filling).items()})
            write_gbk_zip(workspace.inbox / f"{section.name}绩效自评材料.zip", members)
            shutil.rmtree(scratch)
            continue
        folder = workspace.inbox / ("第一批" if section.code < "K06" else "第二批")
        folder.mkdir(parents=True, exist_ok=True)
        fill_template(templates[section.code], folder / name, filling)


def materials_for(filling: Filling) -> dict[str, bytes]:
    """Real files for what the evidence cells cite, all but one (so one is missing), plus one
    file nobody cites."""
    cited = [(indicator, name) for indicator, text in filling.evidence.items()
             for name in cited_files(text)]
    files = {name: make_material(name, indicator) for indicator, name in cited[1:]}
    files["工作照片（未列入目录）.jpg"] = make_material("x.jpg", "extra")
    return files


def fill_review(workspace: Workspace, master: Master) -> None:
    """The assessment group lowers a few scores, with reasons, and saves review.xlsx."""
    import openpyxl

    book = openpyxl.load_workbook(workspace.output / "review.xlsx")
    sheet = book.active
    assert sheet is not None
    wanted = dict(REVIEWED)
    for row in sheet.iter_rows(min_row=3):
        code = str(row[0].value or "")
        if code in wanted and row[5].value is not None:
            self_score = Decimal(str(row[5].value))
            row[8].value = float(max(self_score + wanted.pop(code), Decimal(0)))
            row[9].value = "佐证材料不足以支撑自评得分，按评分标准核减。"
    book.save(workspace.review)


def simulate_round(workspace: Workspace, lang: str) -> pipeline.RoundResult:
    """A third-quarter monitoring round: progress templates, returns, the analysis."""
    round_name = ROUNDS.get(lang, ROUNDS["zh"])
    templates = pipeline.build_templates(workspace.root, lang=lang, round_name=round_name)
    rng = random.Random(930)
    inbox = workspace.round_inbox(round_name)
    inbox.mkdir(parents=True, exist_ok=True)
    for made in templates.files:
        if made.section.code == LATE_SECTION:
            continue
        filling = simulate_progress(templates.master, made.section, 0.75, rng)
        fill_progress_template(made.workbook, inbox / made.workbook.name, filling)
    return pipeline.run_round(workspace.root, round_name, ROUND_AS_OF, lang=lang)


def simulate_next_year(workspace: Workspace, lang: str) -> pipeline.RunResult:
    """2021 started from 2020 with `init --from`: every return answers last year's items."""
    root = workspace.root / "next-year"
    pipeline.continue_workspace(root, workspace.root, lang=lang)
    templates = pipeline.build_templates(root, lang=lang)
    master = templates.master
    previous = load_previous(Workspace(root))
    texts = load_sample_texts(SAMPLE)
    rng = random.Random(2021)
    for made in templates.files:
        filling = simulate_filling(master, made.section, texts, rng)
        items = previous.items_for(made.section.code) if previous else ()
        for n, item in enumerate(items):
            if n % 2 == 0:  # half the items answered, the rest left open
                filling.rectification[item.key] = ("已制定整改方案，逐项落实。", "问题已整改到位。")
        fill_template(made.workbook, Workspace(root).inbox / made.workbook.name, filling)
    return pipeline.run(root, lang=lang)


def run_demo(root: Path, lang: str = i18n.DEFAULT_LANGUAGE) -> DemoOutcome:
    """Sample workspace, templates, simulated returns, a review, deductions, `run`; then a
    monitoring round and the next year started from this one."""
    rebuilt = prepare_demo_folder(root)
    workspace = pipeline.create_workspace(root, sample=SAMPLE, lang=lang)
    with workspace_lock(root):  # as any command holds its workspace
        outcome = replace(_run_demo(workspace, lang), rebuilt=rebuilt)
        # what the demo wrote, so that a later demo rebuilds the folder only if nothing else
        # was put there
        (root / MARKER).write_text(json.dumps(_demo_files(root), ensure_ascii=False,
                                              indent=0) + "\n", encoding="utf-8")
        return outcome


def _run_demo(workspace: Workspace, lang: str) -> DemoOutcome:
    root = workspace.root
    templates = pipeline.build_templates(root, lang=lang)
    master = templates.master
    simulate_returns(workspace, master, {f.section.code: f.workbook for f in templates.files},
                     lang)
    pipeline.build_review(root, lang=lang)
    fill_review(workspace, master)
    outcome = pipeline.run(root, lang=lang)
    monitoring = simulate_round(workspace, lang)
    next_year = simulate_next_year(workspace, lang)
    highlights = [path for kind, path in outcome.outputs if kind in ("workbook", "issues")]
    highlights += [workspace.output / "narratives", templates.folder,
                   workspace.output / "manifest.json"]
    highlights += [path for kind, path in monitoring.outputs if kind == "workbook"]
    highlights += [path for kind, path in next_year.outputs if kind == "workbook"]
    return DemoOutcome(workspace, outcome, highlights, monitoring, next_year)
