"""Atomic file writes: a failed or killed run never leaves a truncated file or clobbers the old one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, TextIO


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with _replacing(path, "wb") as fh:
        fh.write(data)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_writer(path: Path) -> AbstractContextManager[TextIO]:
    """A text file (UTF-8) to write ``path`` piece by piece, with ``atomic_write_bytes``'s
    promise: it replaces ``path`` only once the block ends without an error. For a file too
    large to build in memory first (a corpus's index: the pure-Python JSON encoder that
    ``indent`` needs holds every piece until it joins them)."""
    return _replacing(path, "w")


@contextmanager
def _replacing(path: Path, mode: str) -> Iterator[Any]:
    """A temporary file beside ``path``, fsynced and renamed over it when the block ends
    without an error, removed otherwise."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
