"""Corpus-scale audits: generate a corpus of N sentences, time the whole `auditor audit` process.

    python benchmarks/corpus.py generate DIR --sentences 10000
    python benchmarks/corpus.py run DIR [--workers N] [--profile FILE] [-- EXTRA AUDIT ARGS]
    python benchmarks/corpus.py bench --sentences 10000 [--workers 1,2]

The corpus: every clean evaluation text (auditor/evaluation/data/texts/*.de.txt) corrupted
by ``auditor.evaluation.corrupt`` again and again, each variant with its own seed, until the
documents hold N sentences. Every document is a different text (the corruptions differ);
many sentences recur across documents, as they do in a real batch of MT output of one
domain. The sentence count is the generator's own (the clean texts' SoMaJo sentences); the
audit's segmentation of corrupted text differs by a few percent.

`run` times `python -m auditor audit DIR --no-backtranslation --no-cache -q --format json`
in a child process: wall time and the child's peak RSS (``resource.getrusage`` of the
children, as /usr/bin/time reports it). Text checks only; no model is involved.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / "auditor" / "evaluation" / "data" / "texts"
sys.path.insert(0, str(ROOT))


def generate(out: Path, sentences: int, seed: str = "corpus") -> tuple[int, int]:
    """Write documents to ``out`` until they hold ``sentences`` sentences: (documents, sentences)."""
    from auditor.evaluation.corrupt import corrupt
    from auditor.segment import segment

    out.mkdir(parents=True, exist_ok=True)
    bases = []
    for path in sorted(TEXTS.glob("*.de.txt")):
        doc_id = path.name.removesuffix(".de.txt")
        sents = segment(path.read_text("utf-8"), "de")
        en_path = path.with_name(f"{doc_id}.en.txt")
        english = None
        if en_path.is_file():
            en = segment(en_path.read_text("utf-8"), "en")
            english = [s.text for s in en] if len(en) == len(sents) else None
        bases.append((doc_id, sents, english))
    docs = total = 0
    k = 0
    while total < sentences:
        k += 1
        for doc_id, sents, english in bases:
            if total >= sentences:
                break
            name = f"{doc_id}-{k:05d}"
            text, _ = corrupt([s.text for s in sents], f"{seed}:{doc_id}:{k}", english=english,
                              paragraphs=[s.paragraph for s in sents],
                              headings=[s.index for s in sents if s.is_heading], document=name)
            # numbered folders of 1,000 files: a flat folder of 10,000 is hard to look at
            folder = out / f"{docs // 1000:03d}"
            folder.mkdir(exist_ok=True)
            (folder / f"{name}.txt").write_text(text, "utf-8")
            docs += 1
            total += len(sents)
    return docs, total


def run(corpus: Path, workers: int | None, extra: list[str], profile: str | None = None) -> dict:
    """Time one whole audit process on ``corpus``: wall seconds and the child's peak RSS."""
    with tempfile.TemporaryDirectory(prefix="auditor-corpus-out-") as out:
        return _run(corpus, workers, extra, profile, out)


def _run(corpus: Path, workers: int | None, extra: list[str], profile: str | None, out: str) -> dict:
    cmd = [sys.executable]
    if profile:
        cmd += ["-m", "cProfile", "-o", profile]
    cmd += ["-m", "auditor", "audit", str(corpus), "--no-backtranslation", "--no-cache", "-q",
            "--format", "json", "--out", out]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    cmd += extra
    _adopt_orphans()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - t0
    _reap_orphans()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"audit failed with exit {proc.returncode}")
    index = json.loads((Path(out) / "index.json").read_text("utf-8"))
    sentences = sum(d["sentences"] for d in index["documents"])
    # ru_maxrss of the children is the largest single descendant (kB on Linux): the audit
    # process, or a pool worker if one grew larger
    return {"workers": workers, "documents": len(index["documents"]), "sentences": sentences,
            "wall_s": round(wall, 2), "sentences_per_s": round(sentences / wall, 1),
            "cpu_s": round((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), 2),
            "peak_rss_mb": round(after.ru_maxrss / 1024, 1)}


def _adopt_orphans() -> None:
    """Linux: become the "subreaper" of the audit's descendants. Its workers are children
    of a fork server, which outlives the audit process by a moment; orphaned, it would go to
    init, and neither its CPU time nor its workers' (nor their peak RSS) would reach this
    process's RUSAGE_CHILDREN. Adopted, they do once ``_reap_orphans`` waits for them."""
    try:
        import ctypes

        pr_set_child_subreaper = 36
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_child_subreaper, 1)
    except (OSError, AttributeError):
        pass  # not Linux: the fork server's workers go uncounted


def _reap_orphans() -> None:
    """Wait for every adopted descendant (the fork server ends once the audit process has)."""
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("dir", type=Path)
    g.add_argument("--sentences", type=int, default=10_000)
    r = sub.add_parser("run")
    r.add_argument("dir", type=Path)
    r.add_argument("--workers", type=int, default=None)
    r.add_argument("--profile", default=None, help="write a cProfile of the audit process here")
    r.add_argument("extra", nargs="*")
    b = sub.add_parser("bench")
    b.add_argument("--sentences", type=int, default=10_000)
    b.add_argument("--workers", default="1,2", help="comma-separated worker counts to time")
    b.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args()
    if args.cmd == "generate":
        docs, n = generate(args.dir, args.sentences)
        print(json.dumps({"documents": docs, "sentences": n}))
    elif args.cmd == "run":
        print(json.dumps(run(args.dir, args.workers, args.extra, args.profile)))
    else:
        work = args.workdir or Path(tempfile.mkdtemp(prefix="auditor-corpus-"))
        corpus = work / f"corpus-{args.sentences}"
        if not corpus.exists():
            generate(corpus, args.sentences)
        print(json.dumps({"date": datetime.date.today().isoformat(), "machine": platform.platform(),
                          "cpus": os.cpu_count(), "load_average": os.getloadavg()}))
        for w in (int(x) for x in args.workers.split(",")):
            print(json.dumps(run(corpus, w, [])), flush=True)


if __name__ == "__main__":
    main()
