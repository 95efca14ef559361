"""Renders jinja2 templates from plain data; a workspace template overrides the default."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from perfxl import resources


class TemplateProblem(Exception):
    """A user template that cannot be rendered: which file, which line, what is wrong."""

    def __init__(self, name: str, line: int | None, reason: str) -> None:
        super().__init__(f"{name}:{line}: {reason}")
        self.name = name
        self.line = line
        self.reason = reason


class Renderer:
    """One jinja2 environment per command: templates are compiled once and cached."""

    def __init__(self, workspace_templates: Path | None = None) -> None:
        folders = [str(p) for p in (workspace_templates,) if p is not None and p.is_dir()]
        folders.append(str(resources.templates_dir()))
        self.environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(folders, encoding="utf-8"),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2")),
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def source_of(self, name: str) -> str:
        """Where the template named `name` is read from (for messages)."""
        loader = self.environment.loader
        assert loader is not None
        _source, filename, _uptodate = loader.get_source(self.environment, name)
        return filename or name

    def render(self, name: str, context: dict[str, Any]) -> str:
        """Render a template; any jinja2 failure becomes a TemplateProblem with its line."""
        try:
            return self.environment.get_template(name).render(context)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(exc.filename or name, exc.lineno, exc.message or "") from exc
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
