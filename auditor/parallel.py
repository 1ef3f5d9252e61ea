"""Document-parallel work on all cores (or a cluster): the map part of a corpus audit.

Measured first (benchmarks/corpus.py, cProfile of a 10,000-sentence text-checks audit):
SoMaJo's segmentation is about three quarters of the whole process, the checks about a
sixth, report writing and language detection the rest. Three stages run in worker processes:
segmentation (a pure function of one text); the checks, as map (each document's facts),
reduce (the corpus index, in the audit process) and check (each document against that index;
see ``auditor.engine.run_audit`` and ``auditor.checks.base``); and writing each document's
reports (``map_in_order``; the indexes are written in the audit process). A reduce step
that is many independent pieces runs on the workers too (``Check.parallel``: NAM001's POS
tagging of its candidate names). Language
detection uses lingua's own threads. Back-translation, alignment and the signals' corpus
z-scores stay in the audit process: one model per device, never one per worker.

An **executor** runs a module-level function on tasks somewhere else and yields
``(task index, result)`` as tasks finish, with a bounded number in flight, so memory follows
the window, not the corpus. ``InProcess`` runs them here; ``ProcessPool`` in spawned worker
processes; ``auditor.ray_executor.RayExecutor`` (the ``auditor[ray]`` extra) on a Ray cluster.
``make_executor`` gives the local one for a number of workers. Every executor gives the same results:
the function is the same, only where it runs differs.

Workers are forked by a fork server ("forkserver"; "spawn" where there is none): never forked
from the audit process itself, whose threads (lingua's, torch's, rich's) a fork would copy
in mid-step. They ignore SIGINT: Ctrl+C reaches the parent, which cancels what is queued and
ends the pool. They are started once per audit, as early as it knows their number, and serve
all its stages. What the checks load on first use (SoMaJo, HanTa, wordfreq, lingua: about
two seconds a process, measured) the fork server loads once (``preload``), while the audit
process detects languages; every worker starts with it. Documents travel in chunks of about
``CHUNK_CHARS`` characters; sentences come back as offsets and stay offsets on the parent's
own text (``SentenceRows``).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol

from .document import Sentence, SentenceRows

#: characters per task sent to a worker: big enough that pickling and the round trip are
#: small beside SoMaJo's work (about 30 µs a character), small enough to balance the load
CHUNK_CHARS = 64_000
#: below this many characters in all, the default (``workers=None``) segments in-process:
#: starting a spawned worker (importing SoMaJo) takes about as long as segmenting this
AUTO_MIN_CHARS = 150_000
#: tasks in flight per worker
WINDOW = 3
#: seconds a worker waits for the others to take their copy of a run's shared value (they
#: are only starting, at worst)
BARRIER_TIMEOUT = 300
#: the start method that forks workers from a server process that imported ``preload`` once
_FORKSERVER = "forkserver"

Rows = list[tuple[int, int, int, int]]
Progress = Callable[[int, int], None]


class Executor(Protocol):
    """Where document-parallel tasks run. ``fn`` must be a module-level function (it is
    pickled by reference) and its tasks and results picklable."""

    #: how many tasks run at once
    workers: int
    #: whether tasks run on this machine (they may then write files the audit process reads)
    local: bool

    def run(self, fn: Callable[[Any, Any], Any], tasks: Iterable[Any], shared: Any = None
            ) -> Iterator[tuple[int, Any]]:
        """``(index, fn(task, shared))`` for each task, in the order they finish; at most about
        ``workers * WINDOW`` tasks are taken from ``tasks`` ahead of their results. ``shared``
        (read-only data every task needs, such as a corpus index) is sent to each worker once,
        not with every task."""
        ...

    def start(self) -> None:
        """Begin starting the workers now and return at once: the caller goes on with its own
        serial work (reading, language detection) while they start. Optional: ``run`` starts
        them otherwise."""
        ...

    def close(self) -> None: ...


class InProcess:
    """Tasks run here, one after another, in order."""

    workers = 1
    local = True

    def run(self, fn: Callable[[Any, Any], Any], tasks: Iterable[Any], shared: Any = None
            ) -> Iterator[tuple[int, Any]]:
        for i, task in enumerate(tasks):
            yield i, fn(task, shared)

    def start(self) -> None:
        pass

    def close(self) -> None:
        pass


class ProcessPool:
    """Tasks run in ``workers`` spawned processes on this machine. The processes are started
    on the first ``run`` and serve every later one until ``close`` (a corpus audit's stages,
    segmentation, facts and checks, pay for starting them and for their lazy imports once).
    Each run's ``shared`` reaches each worker exactly once: one copy per worker, each held at
    a barrier until every worker has taken its copy.

    ``preload``: modules to import before the first task, for what the tasks would otherwise
    load lazily in every worker (``auditor.warm``: SoMaJo, HanTa, wordfreq, lingua, about two
    seconds). Where there is a fork server (Linux, macOS) the workers are forked from it
    (forkserver, not fork: the audit process has lingua's and torch's threads), and it imports
    them once for all of them: the workers start loaded, sharing those pages. Elsewhere each
    spawned worker imports them as it starts. ``start`` starts the fork server before it returns
    and the workers in the background."""

    local = True

    def __init__(self, workers: int, preload: Sequence[str] = ()) -> None:
        import threading

        self.workers = workers
        self.preload = tuple(preload)
        self._pool: Any = None
        self._runs = 0
        self._lock = threading.Lock()
        self._starter: threading.Thread | None = None
        self._context: Any = None

    def _started(self) -> Any:
        with self._lock:  # ``start``'s thread and the first ``run`` may both get here first
            if self._pool is None:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                if _FORKSERVER in multiprocessing.get_all_start_methods():
                    context = multiprocessing.get_context(_FORKSERVER)
                    # effective when the process's fork server starts (its first pool)
                    context.set_forkserver_preload(list(self.preload))
                    imports: tuple[str, ...] = ()
                else:
                    context = multiprocessing.get_context("spawn")
                    imports = self.preload
                barrier = context.Barrier(self.workers, timeout=BARRIER_TIMEOUT)
                self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                                 initializer=_start_worker, initargs=(barrier, os.getpid(), imports))
                self._context = context
            return self._pool

    def start(self) -> None:
        if self._starter is None and self._pool is None:
            import threading

            self._started()
            if self._context.get_start_method() == _FORKSERVER:
                import multiprocessing.forkserver

                # Here, not in the thread below: measured, a thread that starts it waits for
                # the GIL while the caller runs lingua's language detection (a long
                # C-extension call that holds it) and the fork server began its imports only
                # after detection. Starting it takes milliseconds; its imports then run in
                # its own process, beside the caller.
                multiprocessing.forkserver.ensure_running()
            # starting the first worker waits for the fork server's imports: in a thread, so
            # that the caller goes on meanwhile
            self._starter = threading.Thread(target=self._spawn, name="auditor-workers", daemon=True)
            self._starter.start()

    def _spawn(self) -> None:
        try:
            pool = self._started()
            # the pool starts a worker for each task no idle one can take: one each starts all
            for _ in range(self.workers):
                pool.submit(_ping)
        except Exception:  # noqa: BLE001 - the first run meets the same failure and reports it
            pass

    def run(self, fn: Callable[[Any, Any], Any], tasks: Iterable[Any], shared: Any = None
            ) -> Iterator[tuple[int, Any]]:
        import pickle
        from concurrent.futures import FIRST_COMPLETED, wait

        pool = self._started()
        self._runs += 1
        run = self._runs
        blob = pickle.dumps(shared, protocol=pickle.HIGHEST_PROTOCOL)  # pickled once, not per worker
        finished = False
        try:
            for future in [pool.submit(_receive, run, blob) for _ in range(self.workers)]:
                future.result()
            # every worker has its copy: this generator lives as long as the stage, and the
            # check stage's blob (the corpus indexes) would stay with it to the end
            del blob
            pending: dict[Any, int] = {}
            queue = enumerate(tasks)
            while True:
                while len(pending) < self.workers * WINDOW:
                    nxt = next(queue, None)
                    if nxt is None:
                        break
                    pending[pool.submit(_call, fn, nxt[1], run)] = nxt[0]
                if not pending:
                    finished = True
                    return
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield pending.pop(future), future.result()
        finally:
            if not finished:
                # Ctrl+C, an error, or a caller that stopped reading: drop what is queued
                # (the workers hold nothing to keep)
                self.close()

    def close(self) -> None:
        if self._starter is not None:
            self._starter.join()
            self._starter = None
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def cpu_count() -> int:
    """The cores this process may run on (the affinity mask, which a container or ``taskset``
    narrows, rather than the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def effective_workers(workers: int | None, total_chars: int, documents: int) -> int:
    """How many processes segment and check: ``workers`` as given (None: every core, when the
    corpus is large enough to repay starting them), never more than there are documents."""
    if workers is None:
        workers = cpu_count() if total_chars >= AUTO_MIN_CHARS else 1
    return max(1, min(workers, documents))


def make_executor(workers: int, preload: Sequence[str] = ()) -> Executor:
    """The local executor for ``workers`` processes (1: this process; ``preload``: see
    ``ProcessPool``)."""
    return InProcess() if workers <= 1 else ProcessPool(workers, preload)


def to_rows(sentences: Sequence[Sentence]) -> Rows:
    """Sentences as offsets (their text is the document's: not sent or stored twice)."""
    return [(s.start, s.end, s.paragraph, int(s.is_heading)) for s in sentences]


def from_rows(text: str, rows: Sequence[Sequence[int]]) -> SentenceRows:
    """The sentences of ``text`` at these offsets, kept as offsets (see ``SentenceRows``)."""
    return SentenceRows(text, rows)


def segment_all(jobs: Sequence[tuple[str, str]], *, workers: int | None = None, max_sentence: int | None = None,
                progress: Progress | None = None, executor: Executor | None = None,
                on_result: Callable[[int, Sequence[Sentence]], None] | None = None) -> list[Sequence[Sentence]]:
    """The sentences of each ``(text, language)`` job, in order, as ``auditor.segment.segment``
    gives them. ``executor``: where to run (None: a local one for ``workers`` processes, see
    ``effective_workers``; it is closed at the end, a given one is not).
    ``progress(documents, sentences)`` is called as chunks finish, ``on_result(index,
    sentences)`` as each job's sentences are known (a cache can store them at once, so a
    killed run keeps what was done)."""
    options = {} if max_sentence is None else {"max_sentence": max_sentence}
    owned = executor is None
    if executor is None:
        executor = make_executor(effective_workers(workers, sum(len(t) for t, _ in jobs), len(jobs)))
    out: list[Sequence[Sentence] | None] = [None] * len(jobs)
    docs = sents = 0
    chunks = list(chunk_indices([len(t) for t, _ in jobs])) if executor.workers > 1 else [[i] for i in range(len(jobs))]
    try:
        tasks = (([jobs[i] for i in indices], options) for indices in chunks)
        for n, rows_list in executor.run(_segment_chunk, tasks):
            for i, rows in zip(chunks[n], rows_list):
                out[i] = from_rows(jobs[i][0], rows)
                sents += len(rows)
                if on_result:
                    on_result(i, out[i])  # type: ignore[arg-type]
            docs += len(chunks[n])
            if progress:
                progress(docs, sents)
    finally:
        if owned:
            executor.close()
    return out  # type: ignore[return-value]


def in_order(results: Iterable[tuple[int, Any]]) -> Iterator[tuple[int, Any]]:
    """An executor's ``(task index, result)`` pairs, which come as tasks finish, in task
    order: only the results that came early are held."""
    waiting: dict[int, Any] = {}
    nxt = 0
    for n, result in results:
        waiting[n] = result
        while nxt in waiting:
            yield nxt, waiting.pop(nxt)
            nxt += 1


def map_in_order(executor: Executor, fn: Callable[[list[Any], Any], list[Any]], items: Sequence[Any],
                 sizes: Sequence[int], shared: Any = None) -> list[Any]:
    """``fn(chunk, shared)`` over ``items`` in chunks of about ``CHUNK_CHARS`` (``sizes``: each
    item's characters; one item a task in this process), each call answering one result per
    item of its chunk: all the results, in the items' order."""
    chunks = list(chunk_indices(sizes)) if executor.workers > 1 else [[i] for i in range(len(items))]
    out: list[Any] = [None] * len(items)
    for n, results in executor.run(fn, ([items[i] for i in chunk] for chunk in chunks), shared):
        for i, result in zip(chunks[n], results):
            out[i] = result
    return out


def chunk_indices(sizes: Sequence[int], limit: int | None = None) -> Iterator[list[int]]:
    """Consecutive indices of items of the given sizes (characters), in chunks of about
    ``limit`` (default ``CHUNK_CHARS``): one task each."""
    limit = CHUNK_CHARS if limit is None else limit
    chunk: list[int] = []
    size = 0
    for i, n in enumerate(sizes):
        chunk.append(i)
        size += n
        if size >= limit:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


#: in a worker process: the barrier of its pool, and the current run's number and ``shared`` value
_BARRIER: Any = None
_SHARED: tuple[int, Any] = (0, None)


def _start_worker(barrier: Any, audit: int, imports: Sequence[str] = ()) -> None:
    global _BARRIER  # noqa: PLW0603 - one per worker process, set once at its start
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(audit)
    _BARRIER = barrier
    import importlib

    for name in imports:
        importlib.import_module(name)


def _ping() -> None:
    """The task ``ProcessPool.start`` sends each worker so that it is spawned now."""


def _die_with(audit: int) -> None:
    """This worker ends when the audit process (pid ``audit``) dies. A worker notices a dead
    audit process only when it asks for its next task, so one busy with a long task outlived
    an audit process the OOM killer had ended, and went on using memory.

    Spawned, the audit process is the parent, and the kernel kills the worker with it
    (Linux's parent-death signal). Forked by a fork server, the parent is the server, which
    lives as long as any of its children does (each holds its "alive" pipe open): a thread
    then waits on the audit process itself (a pidfd, Linux; elsewhere the next task ends it)."""
    if os.getppid() == audit:
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL))
        except (OSError, AttributeError):
            return  # not Linux: the worker ends at its next task instead
        if os.getppid() != audit:  # the parent died before the request took effect
            os._exit(1)
        return
    try:
        pidfd = os.pidfd_open(audit)
    except ProcessLookupError:
        os._exit(1)
    except (OSError, AttributeError):
        return  # no pidfds (not Linux, or before 5.3): the next task ends it
    import select
    import threading

    def watch() -> None:
        select.select([pidfd], [], [])  # readable once the process has ended
        os._exit(1)

    threading.Thread(target=watch, name="auditor-audit-watch", daemon=True).start()


def _receive(run: int, blob: bytes) -> None:
    global _SHARED  # noqa: PLW0603 - the run's value, replacing the last run's
    import pickle

    _SHARED = (run, pickle.loads(blob))
    _BARRIER.wait()  # no worker takes a second copy before every worker has its first


def _call(fn: Callable[[Any, Any], Any], task: Any, run: int) -> Any:
    if _SHARED[0] != run:
        raise RuntimeError(f"worker holds the shared value of run {_SHARED[0]}, not {run}")
    return fn(task, _SHARED[1])


def _segment_chunk(task: tuple[list[tuple[str, str]], dict[str, Any]], _shared: Any = None) -> list[Rows]:
    from .segment import segment

    jobs, options = task
    return [to_rows(segment(text, language, **options)) for text, language in jobs]


__all__ = ["AUTO_MIN_CHARS", "Executor", "InProcess", "ProcessPool", "chunk_indices", "cpu_count", "effective_workers",
           "from_rows", "in_order", "make_executor", "map_in_order", "segment_all", "to_rows"]
