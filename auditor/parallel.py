"""Segmentation of many documents on all cores: the document-parallel part of a corpus audit.

Measured first (benchmarks/corpus.py, cProfile of a 10,000-sentence text-checks audit):
SoMaJo's segmentation is about three quarters of the whole process, the checks (their
``prepare(corpus)`` and per-sentence calls) about a sixth, report writing and language
detection the rest. Segmentation is a pure function of one text, so it is what runs in worker
processes; the checks compare across documents and stay in the one process that holds the
corpus, as does back-translation (one model per device, never one per worker).

Workers are started with "spawn" (safe with the threads that lingua, torch and rich start in
the parent, unlike fork) and ignore SIGINT: Ctrl+C reaches the parent, which cancels what is
queued and ends the pool. Documents travel in chunks of about ``CHUNK_CHARS`` characters, at
most a few chunks per worker in flight at a time, so memory stays bounded by the window, not
the corpus; sentences come back as offsets and are rebuilt on the parent's own text.
A result is identical to the serial path's: each text is segmented by the same function.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from .document import Sentence

#: characters per task sent to a worker: big enough that pickling and the round trip are
#: small beside SoMaJo's work (about 30 µs a character), small enough to balance the load
CHUNK_CHARS = 64_000
#: below this many characters in all, the default (``workers=None``) segments in-process:
#: starting a spawned worker (importing SoMaJo) takes about as long as segmenting this
AUTO_MIN_CHARS = 150_000
#: chunks in flight per worker
WINDOW = 3

Rows = list[tuple[int, int, int, int]]
Progress = Callable[[int, int], None]


def cpu_count() -> int:
    """The cores this process may run on (the affinity mask, which a container or ``taskset``
    narrows, rather than the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def to_rows(sentences: Sequence[Sentence]) -> Rows:
    """Sentences as offsets (their text is the document's: not sent or stored twice)."""
    return [(s.start, s.end, s.paragraph, int(s.is_heading)) for s in sentences]


def from_rows(text: str, rows: Sequence[Sequence[int]]) -> list[Sentence]:
    return [Sentence(i, start, end, text[start:end], paragraph, bool(heading))
            for i, (start, end, paragraph, heading) in enumerate(rows)]


def effective_workers(workers: int | None, total_chars: int, documents: int) -> int:
    """How many processes segment: ``workers`` as given (None: every core, when the corpus is
    large enough to repay starting them), never more than there are documents."""
    if workers is None:
        workers = cpu_count() if total_chars >= AUTO_MIN_CHARS else 1
    return max(1, min(workers, documents))


def segment_all(jobs: Sequence[tuple[str, str]], *, workers: int | None = None, max_sentence: int | None = None,
                progress: Progress | None = None) -> list[list[Sentence]]:
    """The sentences of each ``(text, language)`` job, in order, as ``auditor.segment.segment``
    gives them. ``workers``: processes to use (1: this process only; None: see
    ``effective_workers``). ``progress(documents, sentences)`` is called as jobs finish."""
    n = effective_workers(workers, sum(len(t) for t, _ in jobs), len(jobs))
    options = {} if max_sentence is None else {"max_sentence": max_sentence}
    out: list[list[Sentence] | None] = [None] * len(jobs)
    docs = sents = 0
    if n == 1:
        from .segment import segment

        for i, (text, language) in enumerate(jobs):
            out[i] = segment(text, language, **options)
            docs, sents = docs + 1, sents + len(out[i])
            if progress:
                progress(docs, sents)
        return out  # type: ignore[return-value]

    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    chunks = list(_chunks(jobs))
    pool = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_ignore_sigint)
    try:
        pending: dict[Any, list[int]] = {}
        queue = iter(chunks)
        while True:
            while len(pending) < n * WINDOW:
                indices = next(queue, None)
                if indices is None:
                    break
                pending[pool.submit(_segment_chunk, [jobs[i] for i in indices], options)] = indices
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                indices = pending.pop(future)
                for i, rows in zip(indices, future.result()):
                    out[i] = from_rows(jobs[i][0], rows)
                    sents += len(rows)
                docs += len(indices)
                if progress:
                    progress(docs, sents)
    finally:
        # Ctrl+C or an error: drop what is queued, end the workers (they hold nothing to keep)
        pool.shutdown(wait=True, cancel_futures=True)
    return out  # type: ignore[return-value]


def _chunks(jobs: Sequence[tuple[str, str]]) -> Iterator[list[int]]:
    chunk: list[int] = []
    size = 0
    for i, (text, _) in enumerate(jobs):
        chunk.append(i)
        size += len(text)
        if size >= CHUNK_CHARS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _segment_chunk(jobs: list[tuple[str, str]], options: dict[str, Any]) -> list[Rows]:
    from .segment import segment

    return [to_rows(segment(text, language, **options)) for text, language in jobs]


__all__ = ["AUTO_MIN_CHARS", "cpu_count", "effective_workers", "from_rows", "segment_all", "to_rows"]
