"""JSON renderer: OUT/<document id>.json per document and OUT/index.json for the run."""

from __future__ import annotations

import json
from pathlib import Path

from ..fsutil import atomic_write_text
from .viewmodel import RunView


def dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def render_run(run: RunView, out_dir: Path) -> list[Path]:
    written = []
    for doc in run.documents:
        path = Path(out_dir) / doc.report_name
        atomic_write_text(path, dumps(doc.to_json()))
        written.append(path)
    index = Path(out_dir) / "index.json"
    atomic_write_text(index, dumps(run.to_json()))
    written.append(index)
    return written
