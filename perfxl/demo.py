"""`perfxl demo`: the whole cycle on the bundled sample bureau, with simulated returns."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from perfxl import pipeline
from perfxl.workspace import Workspace

SAMPLE = "longyan-2020"
MARKER = ".perfxl-demo"


@dataclass(frozen=True)
class DemoOutcome:
    workspace: Workspace
    highlights: list[Path]


def prepare_demo_folder(root: Path) -> None:
    """Start from an empty folder; a previous demo's folder (and only that) is rebuilt."""
    if root.exists() and any(root.iterdir()):
        if not (root / MARKER).is_file():
            from perfxl.issues import PerfxlError

            raise PerfxlError("fatal.demo_folder_busy", path=root)
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text("perfxl demo workspace; `perfxl demo` may rebuild it\n")


def run_demo(root: Path, lang: str = "zh") -> DemoOutcome:
    prepare_demo_folder(root)
    workspace = pipeline.create_workspace(root, sample=SAMPLE, lang=lang)
    result = pipeline.build_templates(root, lang=lang)
    return DemoOutcome(workspace, [workspace.master, result.folder])
