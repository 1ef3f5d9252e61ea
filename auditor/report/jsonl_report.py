"""JSON Lines for pipelines: one line per document, the object of its JSON report, written as
each document's checks are done.

To a file (``OUT/reports.jsonl``) the lines go to a temporary file beside it, renamed into
place when the run ends: a killed run leaves the previous ``reports.jsonl`` whole, as every
other report. To standard output (``--out -``) they go straight out, flushed line by line,
for ``auditor audit DIR --format jsonl --out - | jq ...``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import IO

from ..engine import DocumentResult
from ..fsutil import remove_orphans
from .viewmodel import DocumentView, document_view

NAME = "reports.jsonl"


class JsonlWriter:
    """``add(result, signature)`` per document in order; ``close()`` to finish, ``abort()`` on failure."""

    def __init__(self, out_dir: Path | None) -> None:
        """``out_dir``: the reports folder, or None for standard output."""
        self.path = None if out_dir is None else Path(out_dir) / NAME
        self.written = 0
        self._tmp: str | None = None
        if self.path is None:
            self._fh: IO[str] = sys.stdout
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            remove_orphans(self.path.parent, f".{NAME}")
            fd, self._tmp = tempfile.mkstemp(prefix=f".{NAME}.{os.getpid()}.", suffix=".tmp", dir=self.path.parent)
            self._fh = os.fdopen(fd, "w", encoding="utf-8")

    def add(self, result: DocumentResult, signature: str) -> None:
        self.add_line(line(document_view(result, signature)))

    def add_line(self, text: str) -> None:
        """A document's line as ``line`` made it (where the document was checked)."""
        self._fh.write(text + "\n")
        self._fh.flush()
        self.written += 1

    def close(self) -> Path | None:
        if self._tmp is None:
            return None
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(self._tmp, self.path)
        self._tmp = None
        return self.path

    def abort(self) -> None:
        if self._tmp is not None:
            self._fh.close()
            Path(self._tmp).unlink(missing_ok=True)
            self._tmp = None


def line(view: DocumentView) -> str:
    """The document's JSON Lines line, without its newline."""
    return json.dumps(view.to_json(), ensure_ascii=False)


__all__ = ["NAME", "JsonlWriter", "line"]
