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
    """Progress reporting for one run; ``stage()`` per stage of the work. Stages may overlap
    (back-translation runs inside the checking stage's call): on a terminal they share one
    rich display, since rich allows one live display at a time."""

    def __init__(self, quiet: bool, stream: TextIO | None = None, *, every: float = PLAIN_EVERY) -> None:
        self.quiet, self.every = quiet, every
        self.stream = stream if stream is not None else sys.stderr
        self.terminal = self.stream.isatty()
        self._display = None
        self._open = 0

    @contextmanager
    def stage(self, name: str, total: int, unit: str = "documents") -> Iterator[Update]:
        """``update(done, sentences_done)`` for a stage over ``total`` units (documents, or
        sentences for back-translation)."""
        if self.quiet or total == 0:
            yield lambda done, sents: None
        elif self.terminal:
            with self._bar(name, total, unit) as update:
                yield update
        else:
            yield _PlainLines(name, total, unit, self.stream, self.every)

    @contextmanager
    def _bar(self, name: str, total: int, unit: str) -> Iterator[Update]:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        if self._display is None:
            self._display = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                     TextColumn("{task.fields[detail]}"), TimeRemainingColumn(),
                                     console=Console(file=self.stream), transient=True)
            self._display.start()
        display = self._display
        self._open += 1
        started = time.monotonic()
        task = display.add_task(name, total=total, detail=unit)

        def update(done: int, sents: int) -> None:
            rate = sents / max(time.monotonic() - started, 1e-6)
            detail = f"{unit}, {sents:,} sentences ({rate:,.0f}/s)" if unit != "sentences" else \
                f"sentences ({rate:,.0f}/s)"
            display.update(task, completed=done, detail=detail)

        try:
            yield update
        finally:
            display.remove_task(task)
            self._open -= 1
            if not self._open:
                display.stop()
                self._display = None


class _PlainLines:
    def __init__(self, name: str, total: int, unit: str, stream: TextIO, every: float) -> None:
        self.name, self.total, self.unit, self.stream, self.every = name, total, unit, stream, every
        self.started = self.last = time.monotonic()

    def __call__(self, done: int, sents: int) -> None:
        now = time.monotonic()
        if now - self.last < self.every or done >= self.total:
            return
        self.last = now
        self.stream.write(line(self.name, done, self.total, sents, now - self.started, self.unit) + "\n")
        self.stream.flush()


def line(name: str, done: int, total: int, sents: int, elapsed: float, unit: str = "documents") -> str:
    """``auditor: segmenting: 300/733 documents, 4,012 sentences (250/s), about 12 s left``"""
    rate = sents / elapsed if elapsed > 0 else 0.0
    left = elapsed * (total - done) / done if done else None
    eta = "" if left is None else f", about {_duration(left)} left"
    count = f", {sents:,} sentences" if unit != "sentences" else ""
    return f"auditor: {name}: {done:,}/{total:,} {unit}{count} ({rate:,.0f}/s){eta}"


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
