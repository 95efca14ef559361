"""Finds the files shipped with perfxl: default narrative templates and sample bureaus."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _locate(package: str, source_folder: str) -> Path:
    # Installed, the folders are the packages perfxl.default_templates and perfxl.samples;
    # in a source checkout they are the repository's top-level folders.
    installed = _HERE / package
    return installed if installed.is_dir() else _HERE.parent / source_folder


def templates_dir() -> Path:
    """The default jinja2 templates (emails, narratives)."""
    return _locate("default_templates", "templates")


def samples_dir() -> Path:
    """The bundled sample bureaus, one folder each."""
    return _locate("samples", "samples")


def sample_names() -> list[str]:
    return sorted(p.name for p in samples_dir().iterdir() if (p / "sample.json").is_file())
