"""One document's reports, written where the document was checked, and what the run keeps of it.

A corpus audit does not hold every sentence's flags until the end: the engine hands each
document's result to ``DocumentReports`` in the worker that checked it (``run_audit``'s
``finish``), which writes the document's JSON report and HTML page and returns a
``Written``: the document's entry in the indexes, its row in index.html, its JSON Lines
line and the severities of its open flags. The audit process keeps those and writes the
indexes at the end. Where the workers do not share this machine's disk (a Ray cluster),
they render the files and return them in the ``Written`` (``DocumentReports.rendering``),
and the audit process writes them as each document arrives (``DocumentReports.store``):
it still never holds more than the documents in flight. A run whose result is whole (a small one, kept in the cache; one
reused from the cache) goes through the same writer, so the files are the same either way.
"""

from __future__ import annotations

import importlib
import copy
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from ..engine import DocumentResult
from ..review.baseline import is_resolved
from ..fsutil import write_staged_text
from . import RENDERERS
from .jsonl_report import line
from .viewmodel import DocumentEntry, DocumentView, RunView, document_view


@dataclass
class Written:
    """What the run keeps of a document whose reports are written."""

    entry: DocumentEntry
    #: per report format, the document's row in that format's index
    rows: dict[str, Any]
    #: the document's JSON Lines line (None once the stream took it, or when not asked for)
    line: str | None
    #: severities of the flags no review dismissed or fixed
    open: list[str]
    #: the rendered files (text by file name) not written yet: a worker without this
    #: machine's disk made them (``DocumentReports.rendering``); empty once stored
    files: dict[str, str] = field(default_factory=dict)


def _module(fmt: str) -> ModuleType:
    return importlib.import_module(RENDERERS[fmt].partition(":")[0])


class DocumentReports:
    """Writes a document's per-document reports into ``write_to`` (an
    ``auditor.fsutil.StagedFolder``, whose commit flushes them to disk at once) and
    returns its ``Written``. Picklable: the engine sends it to its workers once per run.

    ``out``: the reports folder, whose stored review decisions the pages show; ``known``: the
    ids of the run's documents (evidence in one of them links to its page); ``resolved``:
    the keys of flags dismissed or fixed there (``auditor.review.baseline.resolved_keys``)."""

    def __init__(self, write_to: Path, out: Path, formats: tuple[str, ...], known: frozenset[str],
                 version: str, resolved: frozenset[str], jsonl: bool) -> None:
        self.write_to: Path | None = Path(write_to)
        self.formats = formats
        self.contexts = {fmt: _module(fmt).context(Path(out), known, version) for fmt in formats}
        self.resolved = resolved
        self.jsonl = jsonl

    def __call__(self, result: DocumentResult, signature: str) -> Written:
        return self.write(document_view(result, signature))

    def rendering(self) -> DocumentReports:
        """This writer for workers that do not share this machine's disk: it writes nothing
        and returns each document's files in its ``Written``, for ``store`` here."""
        remote = copy.copy(self)
        remote.write_to = None
        return remote

    def write(self, view: DocumentView) -> Written:
        files: dict[str, str] = {}
        rows = {}
        for fmt in self.formats:
            rendered, rows[fmt] = _module(fmt).render_document(view, self.contexts[fmt])
            files.update(rendered)
        open_flags = [f.severity for s in view.sentences for f in s.flags
                      if not is_resolved(self.resolved, view.id, s.text, f.code, s.unit)]
        written = Written(view.entry(), rows, line(view) if self.jsonl else None, open_flags, files)
        if self.write_to is not None:
            self.store(written)
        return written

    def store(self, written: Written) -> None:
        """Write the files a rendering worker returned (none: nothing to do) and drop them."""
        if written.files:
            assert self.write_to is not None, "store() is the writing side's: rendering() writes nothing"
            for name, text in written.files.items():
                write_staged_text(self.write_to / name, text)
            written.files = {}


def write_results(results: list[DocumentResult], shared: tuple[DocumentReports, str]) -> list[Written]:
    """``DocumentReports`` over a whole result's documents (``auditor.parallel.map_in_order``)."""
    reports, signature = shared
    return [reports(r, signature) for r in results]


def write_indexes(written: list[Written], run: RunView, formats: tuple[str, ...], out: Path) -> list[Path]:
    """Each format's index over the documents written (``run.documents``: their entries)."""
    return [_module(fmt).write_index([w.rows[fmt] for w in written], run, Path(out)) for fmt in formats]


__all__ = ["DocumentReports", "Written", "write_indexes", "write_results"]
