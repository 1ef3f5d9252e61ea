"""JSON renderer: OUT/<document id>.json per document and OUT/index.json for the run."""

from __future__ import annotations

import json
from pathlib import Path

from ..fsutil import atomic_writer
from ..parallel import Executor, InProcess, map_in_order
from . import write_rendered
from .viewmodel import DocumentView, RunView


def dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def render_run(run: RunView, out_dir: Path, executor: Executor | None = None) -> list[Path]:
    """Write the reports; the per-document ones on ``executor`` (a local one: its workers
    write the files), the index here."""
    out_dir = Path(out_dir)
    map_in_order(executor or InProcess(), _write_documents, run.documents, [len(d.text) for d in run.documents],
                 out_dir)
    return [out_dir / d.report_name for d in run.documents] + [write_index([], run, out_dir)]


def context(out_dir: Path, known: frozenset[str], version: str) -> None:
    """What writing one document's report needs besides the document: nothing."""
    return None


def render_document(doc: DocumentView, context: None = None) -> tuple[dict[str, str], None]:
    """``<id>.json``'s text by file name; no index row (the index needs nothing more than the
    document's entry)."""
    return {doc.report_name: dumps(doc.to_json())}, None


def write_index(rows: list[None], run: RunView, out_dir: Path) -> Path:
    """``OUT/index.json`` from the run's entries (``rows``: what ``write_document`` returned)."""
    index = Path(out_dir) / "index.json"
    with atomic_writer(index) as fh:  # streamed: at 70,000 documents the joined pieces were 500 MB
        json.dump(run.to_json(), fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    return index


def _write_documents(docs: list[DocumentView], out_dir: Path) -> list[None]:
    for doc in docs:
        write_rendered(render_document(doc)[0], out_dir)
    return [None] * len(docs)
