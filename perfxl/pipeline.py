"""The library API the CLI calls: one function per command, plain results, no printing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from perfxl import i18n
from perfxl.issues import Issue, PerfxlError
from perfxl.master import load_master
from perfxl.model import Master
from perfxl.narrative import Renderer
from perfxl.template_writer import TemplateFile, write_templates
from perfxl.workspace import Workspace, init_workspace, load_sample, refuse_existing


def resolve_language(requested: str | None, master: Master | None = None) -> str:
    """`--lang` wins, then the master's 语言 setting, then zh."""
    lang = requested or (master.settings.language if master else "") or i18n.DEFAULT_LANGUAGE
    if lang not in i18n.LANGUAGES:
        raise PerfxlError("fatal.bad_language", lang=lang)
    return lang


def create_workspace(root: Path, sample: str | None = None, lang: str | None = None) -> Workspace:
    """`perfxl init`: a blank workspace or the named sample bureau."""
    refuse_existing(root)
    data = load_sample(sample) if sample else None
    return init_workspace(root, data=data, lang=resolve_language(lang))


@dataclass(frozen=True)
class TemplatesResult:
    master: Master
    folder: Path
    files: list[TemplateFile]
    warnings: list[Issue]
    lang: str


def build_templates(root: Path, lang: str | None = None) -> TemplatesResult:
    """`perfxl templates`: one template and one email draft per section."""
    workspace = Workspace(root)
    master, warnings = load_master(workspace.master)
    language = resolve_language(lang, master)
    folder = workspace.output / "templates"
    renderer = Renderer(workspace.templates)
    files = write_templates(master, folder, renderer, language)
    return TemplatesResult(master, folder, files, warnings, language)
