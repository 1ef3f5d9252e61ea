"""Throughput of the text-only garbled/quote/repetition checks on the seed sentences.

    python benchmarks/garbled_speed.py [--sentences 2000] [--clean-only]

The seeds are repeated until the target count is reached; the POS memo is cleared before
every copy, so each copy pays for its own tagging as a corpus of distinct sentences would
(real corpora rarely repeat a sentence). Prints sentences/s and how many words were sent to
the POS tagger. The seeds are dense with errors (about one sentence in seven is garbled,
and every garbled one must be tagged to be confirmed); ``--clean-only`` drops the
sentences these checks flag, closer to a corpus of ordinary text. Target: >= 2,000 sentences/s for all text-only checks
together, so these six must stay well above it.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from auditor.checks import Context, Corpus, get_check
from auditor.engine import AuditConfig, prepare_document, run_audit
from auditor.text import pos

CODES = ("GAR001", "GAR002", "GAR003", "GAR004", "REP002", "FMT001")
SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sentences", type=int, default=2000)
    ap.add_argument("--clean-only", action="store_true")
    args = ap.parse_args()
    docs = [prepare_document(p.stem[:3], str(p), p.read_text("utf-8"), "de") for p in SEEDS]
    if args.clean_only:
        result = run_audit(docs, AuditConfig(select=CODES))
        for doc, res in zip(docs, result.documents):
            doc.sentences = [r.sentence for r in res.sentences if not r.flags]
    per_copy = sum(len(d.sentences) for d in docs)
    copies = max(1, -(-args.sentences // per_copy))
    checks = [get_check(c)() for c in CODES]
    # loading the tagger model and the wordfreq list is start-up, not throughput
    pos.tag_without_lemmas("Der Tagger wird einmal geladen.")
    from wordfreq import zipf_frequency

    zipf_frequency("laden", "de")
    zipf_frequency("load", "en")

    original_tag = pos.tag_without_lemmas
    tagged: set[str] = set()

    def counting_tag(text: str):
        tagged.add(text)
        return original_tag(text)

    import auditor.checks.garbled as garbled

    garbled.tag = counting_tag
    per_check = {c: 0.0 for c in CODES}
    total = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    for _ in range(copies):
        original_tag.cache_clear()
        pos.tag.cache_clear()
        corpus = Corpus(documents=docs)
        for check in checks:
            t0 = time.perf_counter()
            check.prepare(corpus)
            per_check[check.code] += time.perf_counter() - t0
        for doc in docs:
            ctx = Context(document=doc, corpus=corpus)
            for s in doc.sentences:
                total += 1
                for check in checks:
                    t0 = time.perf_counter()
                    list(check.check(s, ctx))
                    per_check[check.code] += time.perf_counter() - t0
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    garbled.tag = original_tag
    print(f"{total} sentences ({copies} copies of {per_copy}) in {elapsed:.3f} s: "
          f"{total / elapsed:,.0f} sentences/s wall, {total / cpu:,.0f} sentences/s of CPU time "
          f"(the CPU figure is the one to trust on a shared, loaded machine)")
    print(f"POS-tagged: {len(tagged)} windows for {per_copy} distinct sentences, "
          f"{sum(len(t.split()) for t in tagged)} words in all")
    for code, t in per_check.items():
        print(f"  {code}: {total / t:,.0f} sentences/s alone" if t else f"  {code}: -")


if __name__ == "__main__":
    main()
