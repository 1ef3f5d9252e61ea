"""Killed at 50 % and rerun: how much of a corpus audit the rerun does again.

    python benchmarks/resume.py DIR [--at 0.5] [-- EXTRA AUDIT ARGS]

DIR: a corpus (``python benchmarks/corpus.py generate DIR --sentences 10000``). Runs
``auditor audit DIR --no-backtranslation`` with a fresh cache, SIGKILLs it once the cache
holds segmentations of ``--at`` of the documents, reruns it to the end, and reports: the
documents the killed run had segmented, those the rerun segmented (entries written after it
started: ``artifacts.created``), the redone ones (segmented by both), the wall times, and
whether the reports equal an uninterrupted run's.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEGMENTED = "SELECT count(*) FROM artifacts WHERE kind = 'segments'"


def count(cache: Path, sql: str, *args: object) -> int:
    db = cache / "backtranslations.sqlite3"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(sql, args).fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def audit(corpus: Path, out: Path, cache: Path, extra: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "auditor", "audit", str(corpus), "--out", str(out),
                             "--cache-dir", str(cache), "--no-backtranslation", "-q", "--format", "json", *extra],
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL)


def reports(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--at", type=float, default=0.5)
    ap.add_argument("extra", nargs="*")
    args = ap.parse_args()
    documents = sum(1 for _ in args.corpus.rglob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        start = time.monotonic()
        whole = audit(args.corpus, t / "whole", t / "cache-whole", args.extra)
        assert whole.wait() == 0
        whole_s = time.monotonic() - start

        start = time.monotonic()
        killed = audit(args.corpus, t / "resumed", t / "cache", args.extra)
        while count(t / "cache", SEGMENTED) < args.at * documents:
            assert killed.poll() is None, "the run ended before it was killed"
            time.sleep(0.02)
        killed.send_signal(signal.SIGKILL)
        killed.wait()
        killed_s = time.monotonic() - start
        done = count(t / "cache", SEGMENTED)
        started = time.time()
        start = time.monotonic()
        rerun = audit(args.corpus, t / "resumed", t / "cache", args.extra)
        assert rerun.wait() == 0
        rerun_s = time.monotonic() - start
        segmented = count(t / "cache", SEGMENTED + " AND created >= ?", started)
        result = {
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="minutes"),
            "load": os.getloadavg(), "documents": documents, "segmented_before_kill": done,
            "segmented_by_rerun": segmented, "redone": segmented - (documents - done),
            "redone_percent": round(100 * (segmented - (documents - done)) / documents, 2),
            "uninterrupted_s": round(whole_s, 1), "killed_after_s": round(killed_s, 1),
            "rerun_s": round(rerun_s, 1),
            "reports_identical": reports(t / "resumed") == reports(t / "whole"),
        }
    print(json.dumps(result, indent=1))  # noqa: T201


if __name__ == "__main__":
    main()
