"""Report renderers over the view-model, found by format name."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from ..fsutil import atomic_write_text
from .viewmodel import RunView, build_view

RENDERERS: dict[str, str] = {
    "json": "auditor.report.json_report:render_run",
    "html": "auditor.report.html_report:render_run",
}


#: ``render(run, out_dir, executor=None) -> written paths``; ``executor``, a local one
#: (``Executor.local``), writes the per-document files in its workers
Renderer = Callable[..., list[Path]]


def renderer(fmt: str) -> Renderer:
    module, _, attr = RENDERERS[fmt].partition(":")
    return getattr(importlib.import_module(module), attr)


def write_rendered(files: dict[str, str], out_dir: Path) -> None:
    """A renderer's ``render_document`` files (text by file name) into ``out_dir``."""
    for name, text in files.items():
        atomic_write_text(Path(out_dir) / name, text)


__all__ = ["RENDERERS", "Renderer", "RunView", "build_view", "renderer", "write_rendered"]
