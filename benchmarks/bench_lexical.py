"""Throughput of the lexical text-only checks (NAM001, UNT001-003, BOI001).

Target: all text-only checks together >= 2,000 sentences/s. The five seeds are repeated
to about 2,000 sentences as separate documents of one run. Real corpora rarely repeat
sentences, so every memo that would make a repeated sentence free is cleared first, and a
second measurement runs the per-sentence English test on every sentence with no memo at
all. One-off model loads (HanTa, lingua) are reported separately and excluded.

    python benchmarks/bench_lexical.py [--sentences 2000]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from auditor.checks import untranslated
from auditor.engine import AuditConfig, prepare_document, run_audit
from auditor.text import names, pos

CODES = ("NAM001", "UNT001", "UNT002", "UNT003", "BOI001")
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def clear_caches() -> None:
    pos.tag.cache_clear()
    untranslated._freqs.cache_clear()
    names.fold.cache_clear()
    names.skeleton.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=2000)
    args = parser.parse_args()

    texts = [(p.stem[:3], p.read_text("utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    seed_docs = [prepare_document(i, f"{i}.txt", t, "de") for i, t in texts]
    per_copy = sum(len(d.sentences) for d in seed_docs)
    copies = max(1, round(args.sentences / per_copy))
    docs = [prepare_document(f"{i}-{k}", f"{i}-{k}.txt", t, "de") for k in range(copies) for i, t in texts]
    n = sum(len(d.sentences) for d in docs)

    t = time.perf_counter()
    pos._tagger()
    t_hanta = time.perf_counter() - t
    t = time.perf_counter()
    untranslated._english_stretches("Er sagte, according to officials.")
    t_lingua = time.perf_counter() - t
    from wordfreq import zipf_frequency

    t = time.perf_counter()
    zipf_frequency("Test", "de"), zipf_frequency("test", "en")
    untranslated._tables()
    untranslated._strong_words()
    t_wordfreq = time.perf_counter() - t
    print(f"one-off loads: HanTa {t_hanta:.2f} s, lingua de+en {t_lingua:.2f} s, "
          f"wordfreq de+en {t_wordfreq:.2f} s (excluded)")

    for code in ((),) + CODES + (CODES,):
        # () selects nothing of ours: REP001 alone, the engine's own cost per sentence
        select = (code if code else ("REP001",)) if isinstance(code, tuple) else (code,)
        clear_caches()
        t, c = time.perf_counter(), time.process_time()
        run_audit(docs, AuditConfig(select=select))
        dt, dc = time.perf_counter() - t, time.process_time() - c
        label = {(): "engine", CODES: "all five"}.get(code, code) if isinstance(code, tuple) else code
        # CPU time too: on a shared machine wall time mostly measures the neighbours
        print(f"{label:9s} {n} sentences ({copies} copies of the seeds): wall {dt:.3f} s = "
              f"{n / dt:,.0f} sentences/s, cpu {dc:.3f} s = {n / dc:,.0f} sentences/s")

    clear_caches()
    sentences = [s.text for d in docs for s in d.sentences]
    t = time.perf_counter()
    found = sum(1 for s in sentences if untranslated.english_spans(s))
    dt = time.perf_counter() - t
    print(f"english_spans without memo on every sentence: {n / dt:,.0f} sentences/s "
          f"({found} sentences with an English span)")


if __name__ == "__main__":
    main()
