"""Resumable corpus audits: a run killed half-way keeps what it did, its rerun does the rest.

The subprocess tests kill a real ``auditor audit`` with SIGKILL once the cache shows about
half the documents done, rerun it, and compare its reports with an uninterrupted run's. What
the rerun recomputed is read from the cache itself: every entry carries the time it was
written (``artifacts.created``, ``translations.created``), so an entry written after the
rerun started is work the rerun did.
"""

from __future__ import annotations

import itertools
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from auditor.cache import DB_NAME, TranslationCache
from auditor.runcache import SEGMENTS, segment_corpus
from auditor.segment import segment

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted((ROOT / "auditor" / "evaluation" / "data" / "texts").glob("*.de.txt"))


def _corpus(folder: Path, documents: int) -> Path:
    """``documents`` different German texts: pairs of the evaluation texts, one after the other,
    each line marked with its document: segmentation remembers the lines it has seen
    (``auditor.segment._memo_spans``), and a kill half-way needs every document to be new work."""
    texts = [p.read_text("utf-8").strip() for p in TEXTS]
    folder.mkdir(parents=True)
    for n, (a, b) in enumerate(itertools.islice(itertools.permutations(range(len(texts)), 2), documents)):
        lines = f"{texts[a]}\n\n{texts[b]}".split("\n")
        (folder / f"doc{n:03d}.txt").write_text("".join(f"{n}: {x}\n" if x.strip() else "\n" for x in lines), "utf-8")
    return folder


TEMPLATES = (
    "Am {a}. März besuchten {b} Menschen das Museum, {c} mehr als im Vorjahr.",
    "Der Stadtrat bewilligte {b} Euro für {c} neue Radwege im Bezirk {a}.",
    "Nach {a} Minuten stand es {c} zu {a}, vor {b} Zuschauern.",
)


def _figures_corpus(folder: Path, documents: int, sentences: int = 30) -> Path:
    """Documents whose every sentence is different (its figures): nothing is shared between
    them, so each document has its own back-translations."""
    folder.mkdir(parents=True)
    for n in range(documents):
        lines = [TEMPLATES[k % len(TEMPLATES)].format(a=n + 1, b=1000 * n + k, c=k + 2) for k in range(sentences)]
        (folder / f"doc{n:03d}.txt").write_text(" ".join(lines) + "\n", "utf-8")
    return folder


def _audit(corpus: Path, out: Path, cache: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "AUDITOR_THREADS": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "auditor", "audit", str(corpus), "--out", str(out), "--cache-dir", str(cache),
         "--lang", "de", "--workers", "1", "-q", "--format", "json,html,jsonl", *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _count(cache: Path, sql: str, *args: object) -> int:
    db = cache / DB_NAME
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(sql, args).fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0


SEGMENTED = f"SELECT count(*) FROM artifacts WHERE kind = '{SEGMENTS}'"
TRANSLATED = "SELECT count(*) FROM translations"


def _kill_when(proc: subprocess.Popen, cache: Path, sql: str, at: int) -> int:
    """SIGKILL ``proc`` once ``sql`` counts ``at`` rows; the count the kill left."""
    deadline = time.monotonic() + 300
    while _count(cache, sql) < at:
        assert proc.poll() is None, f"the run ended before it was killed: {proc.communicate()}"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return _count(cache, sql)


def _reports(out: Path) -> dict[str, bytes]:
    """The reports (not a hidden temporary file a SIGKILL leaves of the streamed jsonl)."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and not p.name.startswith(".")}


def _finish(proc: subprocess.Popen) -> None:
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr


def test_each_segmentation_is_stored_as_it_arrives(tmp_path: Path) -> None:
    """A run that dies after the first document keeps that document's segmentation."""
    texts = [p.read_text("utf-8") for p in TEXTS[:3]]
    jobs = [(t, "de") for t in texts]

    def dies_after_one(todo, on_result):  # noqa: ANN001, ANN202
        on_result(0, segment(*todo[0]))
        raise KeyboardInterrupt

    with TranslationCache(tmp_path) as store:
        with pytest.raises(KeyboardInterrupt):
            segment_corpus(store, jobs, dies_after_one)
        asked: list[list[tuple[str, str]]] = []

        def records(todo, on_result):  # noqa: ANN001, ANN202
            asked.append(list(todo))
            return [segment(t, lang) for t, lang in todo]

        got = segment_corpus(store, jobs, records)
    assert asked == [jobs[1:]]  # the first was not segmented again
    assert got == [segment(t, "de") for t in texts]


def test_killed_text_audit_resumes_where_it_stopped_with_identical_reports(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 60)
    documents = len(list(corpus.iterdir()))
    _finish(_audit(corpus, tmp_path / "whole", tmp_path / "cache-whole", "--no-backtranslation"))

    cache = tmp_path / "cache"
    killed = _audit(corpus, tmp_path / "resumed", cache, "--no-backtranslation")
    done = _kill_when(killed, cache, SEGMENTED, documents // 2)
    assert 0 < done < documents, "killed too late to show a resume"
    assert not (tmp_path / "resumed" / "index.json").exists()  # nothing written by the killed run
    assert list((tmp_path / "resumed").glob(".*.tmp"))  # but the jsonl's temporary file it had begun
    started = time.time()
    _finish(_audit(corpus, tmp_path / "resumed", cache, "--no-backtranslation"))
    redone = _count(cache, SEGMENTED + " AND created >= ?", started)
    assert redone == documents - done  # only the rest: nothing the killed run did is redone
    assert _count(cache, SEGMENTED) == documents
    assert _reports(tmp_path / "resumed") == _reports(tmp_path / "whole")
    # the killed run's temporary reports.jsonl is gone: its process is, so the rerun removed it
    assert not list((tmp_path / "resumed").glob(".*.tmp"))


def test_killed_backtranslation_resumes_where_it_stopped(tmp_path: Path, tiny_model_dir: Path) -> None:
    """Back-translations are stored per batch of 256 sentences: a rerun translates only the rest."""
    corpus = _figures_corpus(tmp_path / "corpus", 36)
    model = ("--model", str(tiny_model_dir), "--backend", "transformers")
    _finish(_audit(corpus, tmp_path / "whole", tmp_path / "cache-whole", *model))
    total = _count(tmp_path / "cache-whole", TRANSLATED)
    assert total > 2 * 256  # several batches, so that a kill can fall between them

    cache = tmp_path / "cache"
    killed = _audit(corpus, tmp_path / "resumed", cache, *model)
    done = _kill_when(killed, cache, TRANSLATED, total // 2)
    assert 0 < done < total
    started = time.time()
    _finish(_audit(corpus, tmp_path / "resumed", cache, *model))
    assert _count(cache, TRANSLATED + " WHERE created >= ?", started) == total - done
    assert _reports(tmp_path / "resumed") == _reports(tmp_path / "whole")
