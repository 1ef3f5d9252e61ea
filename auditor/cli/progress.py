"""Progress of a corpus audit's stages: documents, sentences per second and an ETA.

On a terminal: a rich progress bar per stage (transient: gone when the stage ends). Not on a
terminal (a CI log, a pipeline): a plain line every ``PLAIN_EVERY`` seconds, the first only
after that long, so short runs print nothing. ``--quiet``: nothing at all.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

#: seconds between plain progress lines (and before the first one)
PLAIN_EVERY = 10.0

Update = Callable[[int, int], None]


class CorpusProgress:
    """Progress reporting for one run; ``stage()`` per stage of the work."""

    def __init__(self, quiet: bool, stream: TextIO | None = None, *, every: float = PLAIN_EVERY) -> None:
        self.quiet, self.every = quiet, every
        self.stream = stream if stream is not None else sys.stderr
        self.terminal = self.stream.isatty()

    @contextmanager
    def stage(self, name: str, documents: int) -> Iterator[Update]:
        """``update(documents_done, sentences_done)`` for a stage over ``documents`` documents."""
        if self.quiet or documents == 0:
            yield lambda docs, sents: None
        elif self.terminal:
            with self._bar(name, documents) as update:
                yield update
        else:
            yield _PlainLines(name, documents, self.stream, self.every)

    @contextmanager
    def _bar(self, name: str, documents: int) -> Iterator[Update]:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        started = time.monotonic()
        bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("documents, {task.fields[sentences]} sentences ({task.fields[rate]}/s)"),
                       TimeRemainingColumn(), console=Console(file=self.stream), transient=True)
        task = bar.add_task(name, total=documents, sentences=0, rate=0)

        def update(docs: int, sents: int) -> None:
            elapsed = max(time.monotonic() - started, 1e-6)
            bar.update(task, completed=docs, sentences=f"{sents:,}", rate=f"{sents / elapsed:,.0f}")

        with bar:
            yield update


class _PlainLines:
    def __init__(self, name: str, total: int, stream: TextIO, every: float) -> None:
        self.name, self.total, self.stream, self.every = name, total, stream, every
        self.started = self.last = time.monotonic()

    def __call__(self, docs: int, sents: int) -> None:
        now = time.monotonic()
        if now - self.last < self.every or docs >= self.total:
            return
        self.last = now
        self.stream.write(line(self.name, docs, self.total, sents, now - self.started) + "\n")
        self.stream.flush()


def line(name: str, docs: int, total: int, sents: int, elapsed: float) -> str:
    """``auditor: segmenting: 300/733 documents, 4,012 sentences (250/s), about 12 s left``"""
    rate = sents / elapsed if elapsed > 0 else 0.0
    left = elapsed * (total - docs) / docs if docs else None
    eta = "" if left is None else f", about {_duration(left)} left"
    return f"auditor: {name}: {docs:,}/{total:,} documents, {sents:,} sentences ({rate:,.0f}/s){eta}"


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


__all__ = ["CorpusProgress", "line"]
