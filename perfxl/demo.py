"""`perfxl demo`: the whole cycle on the bundled sample bureau, with simulated returns."""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from perfxl import i18n, pipeline
from perfxl.issues import PerfxlError
from perfxl.model import Master, format_points
from perfxl.simulate import fill_template, simulate_filling
from perfxl.workspace import Workspace, load_sample_texts

SAMPLE = "longyan-2020"
MARKER = ".perfxl-demo"
LATE_SECTION = "K11"  # its return has not arrived yet
FAULTY_SECTION = "K07"  # typed 无 into one score: a fixable error
REVIEWED = (("K02", Decimal("-2")), ("K05", Decimal("-3")), ("K09", Decimal("-1.5")))


@dataclass(frozen=True)
class DemoOutcome:
    workspace: Workspace
    run: pipeline.RunResult
    highlights: list[Path]


def prepare_demo_folder(root: Path) -> None:
    """Start from an empty folder; a previous demo's folder (and only that) is rebuilt."""
    if root.exists() and any(root.iterdir()):
        if not (root / MARKER).is_file():
            raise PerfxlError("fatal.demo_folder_busy", path=root)
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text("perfxl demo workspace; `perfxl demo` may rebuild it\n")


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
        folder = workspace.inbox / ("第一批" if section.code < "K06" else "第二批")
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{section.name}-{master.settings.year}自评表（已填）.xlsx"
        fill_template(templates[section.code], target, filling)


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


def run_demo(root: Path, lang: str = i18n.DEFAULT_LANGUAGE) -> DemoOutcome:
    """Sample workspace, templates, simulated returns, a review, deductions, `run`."""
    prepare_demo_folder(root)
    workspace = pipeline.create_workspace(root, sample=SAMPLE, lang=lang)
    templates = pipeline.build_templates(root, lang=lang)
    master = templates.master
    simulate_returns(workspace, master, {f.section.code: f.workbook for f in templates.files},
                     lang)
    pipeline.build_review(root, lang=lang)
    fill_review(workspace, master)
    outcome = pipeline.run(root, lang=lang)
    highlights = [path for kind, path in outcome.outputs if kind in ("workbook", "issues")]
    highlights += [templates.folder, workspace.output / "manifest.json"]
    return DemoOutcome(workspace, outcome, highlights)
