"""Atomic file writes: a failed or killed run never leaves a truncated file or clobbers the old one.

Two ways: one file at a time (``atomic_write_bytes``: a temporary file, fsynced and renamed
over the old), or a whole run's files at once (``StagedFolder``: written plainly into a
hidden folder, flushed to disk in one call and moved into place by ``commit``). A corpus
audit writes two reports a document; an fsync each cost about half a millisecond of waiting
on the journal, in the workers that should be checking (1,028 of them on 514 documents).
"""

from __future__ import annotations

import os
import shutil
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


def write_staged_text(path: Path, text: str) -> None:
    """``text`` into ``path`` inside a ``StagedFolder``, plainly: the folder is what is
    atomic, and its ``commit`` flushes every file in it at once."""
    Path(path).write_text(text, encoding="utf-8", newline="")


def flush_filesystem(folder: Path) -> None:
    """Everything written to the filesystem that holds ``folder`` on disk: one ``syncfs``
    (Linux) instead of an fsync a file; ``sync`` where there is none (every filesystem: more
    than needed, still one call)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.syncfs(fd) == 0:
            return
    except (OSError, AttributeError):
        pass  # no syncfs here (not Linux, or a libc without it)
    finally:
        os.close(fd)
    os.sync()


class StagedFolder:
    """Files written into a hidden folder inside ``out``, moved into ``out`` by ``commit``: a
    corpus audit writes each document's reports as it is checked, and a run that fails or is
    interrupted before the end leaves ``out`` as it was (``abort``). A killed one leaves the
    hidden folder; the next ``StagedFolder`` in ``out`` removes it once its process is gone."""

    PREFIX = ".auditor-staging"

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self._created = not self.out.exists()
        self.out.mkdir(parents=True, exist_ok=True)
        remove_orphans(self.out, self.PREFIX)
        self.path = Path(tempfile.mkdtemp(prefix=f"{self.PREFIX}.{os.getpid()}.", dir=self.out))

    def commit(self) -> None:
        """Every staged file flushed to disk and renamed into ``out`` (each rename atomic), the
        hidden folder removed. Flushed before the first rename: a power cut after it must not
        leave renamed reports whose contents never reached the disk."""
        flush_filesystem(self.path)
        for staged in sorted(self.path.iterdir()):
            os.replace(staged, self.out / staged.name)
        self.path.rmdir()

    def abort(self) -> None:
        """The staged files removed; ``out`` too when this run created it and it is empty."""
        shutil.rmtree(self.path, ignore_errors=True)
        if self._created:
            try:
                self.out.rmdir()
            except OSError:
                pass  # another writer (the JSON Lines stream) put something there


def remove_orphans(folder: Path, prefix: str) -> None:
    """What killed runs left in ``folder`` (SIGKILL gives no chance to clean up): entries
    named ``PREFIX.PID.*`` whose process is gone. Those of a run still going (another audit
    into the same folder) are left alone."""
    for leftover in Path(folder).glob(f"{prefix}.*"):
        pid = leftover.name[len(prefix) + 1:].split(".", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
        except PermissionError:
            pass  # alive, another user's
