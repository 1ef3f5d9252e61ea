"""Report renderers over the view-model, found by format name."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

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


__all__ = ["RENDERERS", "Renderer", "RunView", "build_view", "renderer"]
