"""Figure checks: speed and precision/recall on the seeds and synthetic corruptions.

    python benchmarks/figures.py            # both
    python benchmarks/figures.py speed      # sentences/s, extraction + all text-only figure checks
    python benchmarks/figures.py quality    # precision/recall on the labeled set

Speed: the five seeds audited with ``select=("figure",)`` (extraction, the corpus index and
FIG001-FIG005; FIG006/FIG007 need a back-translation or a source and do not run), with every
memo cleared before each repetition, so each repetition extracts every sentence afresh.

Quality: the labeled set is every seed sentence (the two lost-thousands sentences of seed
000 are the known errors, every other sentence is clean) plus synthetic corruptions of clean
seed sentences, one corrupted sentence per audited corpus (the other seeds unchanged):

* lost thousands: "10.000 Soldaten" -> "10 Soldaten" (FIG001, or FIG004 for an estimate;
  text-only checks can only see it when the run counts the same noun in thousands
  elsewhere, so the misses are listed);
* English grouping: "10.000" -> "10,000" (FIG002);
* English decimal point on a scaled figure: "N.000 Soldaten" -> "N.5 Millionen Soldaten"
  (FIG002);
* fractional count: "N.000 Soldaten" -> "N,5 Soldaten" (FIG003);
* wrong unit conversion: "(30 Meilen)" -> "(80 Meilen)", "(3 Meilen)", "(300 Meilen)" (FIG005).

A flag counts as a true positive when it is on a corrupted sentence (or on one of the two
known errors); every other flag is a false positive.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.engine import AuditConfig, prepare_document, run_audit  # noqa: E402
from auditor.text import figures as F  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
KNOWN_ERRORS = {("000_73587cd4eae8b89f", 7), ("000_73587cd4eae8b89f", 16)}


def _docs(replace: tuple[str, str, str] | None = None):
    docs = []
    for p in SEEDS:
        text = p.read_text("utf-8")
        if replace and p.stem == replace[0]:
            text = text.replace(replace[1], replace[2], 1)
        docs.append(prepare_document(p.stem, str(p), text, "de"))
    return docs


def _clear_caches() -> None:
    for fn in (F._extract, F._parse_digits, F._parse_words, F.noun_key):
        fn.cache_clear()


def speed(repetitions: int = 200) -> float:
    docs = _docs()
    n = sum(len(d.sentences) for d in docs)
    run_audit(docs, AuditConfig(select=("figure",)))  # warm imports and compiled patterns
    start = time.perf_counter()
    for _ in range(repetitions):
        _clear_caches()
        run_audit(docs, AuditConfig(select=("figure",)))
    elapsed = time.perf_counter() - start
    rate = n * repetitions / elapsed
    print(f"speed: {n} sentences x {repetitions} = {n * repetitions} in {elapsed:.2f}s: "
          f"{rate:,.0f} sentences/s (extraction + FIG001-FIG005, caches cleared per run)")
    return rate


def _flags(docs):
    result = run_audit(docs, AuditConfig(select=("figure",)))
    out = []
    for d in result.documents:
        for s in d.sentences:
            for f in s.flags:
                out.append((d.document.id, s.sentence.index, f.code, d.document.text[f.start:f.end]))
    return out


def _corruptions():
    """(kind, expected code, doc id, old sentence, new sentence, detectable)."""
    docs = _docs()
    for doc in docs:
        for s in doc.sentences:
            if (doc.id, s.index) in KNOWN_ERRORS:
                continue
            for m in re.finditer(r"(?<![\d.,])(\d{1,3})\.000(?![\d.,])", s.text):
                n = m.group(1)
                after = s.text[m.end():]
                counted = bool(re.match(r"[“\"]?\s*(?:[a-zäöü]\w*\s+)?[A-ZÄÖÜ]", after))
                variants = [("lost-thousands", "FIG001", n),
                            ("english-grouping", "FIG002", f"{n},000")]
                if counted:
                    variants.append(("fractional-count", "FIG003", f"{n},5"))
                    variants.append(("english-decimal", "FIG002", f"{n}.5 Millionen"))
                for kind, code, repl in variants:
                    new = s.text[:m.start()] + repl + s.text[m.end():]
                    yield kind, code, doc.id, s.text, new
            for m in re.finditer(r"\((\d+) Meilen\)", s.text):
                for wrong in ("80", "3", "300"):
                    new = s.text[:m.start(1)] + wrong + s.text[m.end(1):]
                    yield "unit-conversion", "FIG005", doc.id, s.text, new


def quality() -> dict[str, float]:
    # 1. the seeds as they are
    base = _flags(_docs())
    tp = sum(1 for d, i, _, _ in base if (d, i) in KNOWN_ERRORS)
    fp = len(base) - tp
    found_errors = {(d, i) for d, i, _, _ in base if (d, i) in KNOWN_ERRORS}
    print(f"seeds: {len(base)} figure flags, {tp} on the two known errors, {fp} elsewhere; "
          f"errors found {len(found_errors)}/{len(KNOWN_ERRORS)}")
    for flag in base:
        print("   ", flag)
    # 2. synthetic corruptions
    per_kind: dict[str, list[int]] = {}
    total_tp = total_fp = 0
    for kind, code, doc_id, old, new in _corruptions():
        docs = _docs((doc_id, old, new))
        doc = next(d for d in docs if d.id == doc_id)
        target = next(s.index for s in doc.sentences if s.text == new) if any(s.text == new for s in doc.sentences) else None
        flags = _flags(docs)
        accepted = {code, "FIG004"} if kind == "lost-thousands" else {code}
        hit = any(d == doc_id and i == target and c in accepted for d, i, c, _ in flags)
        on_target = [f for f in flags if f[0] == doc_id and f[1] == target]
        off_target = [f for f in flags if (f[0], f[1]) not in KNOWN_ERRORS and not (f[0] == doc_id and f[1] == target)]
        total_tp += len(on_target)
        total_fp += len(off_target)
        if not hit:
            print(f"    missed {kind}: {new[:110]!r}")
        per_kind.setdefault(kind, []).append(int(hit))
        for f in off_target:
            print(f"    FP while auditing a {kind} corruption: {f}")
    print("synthetic corruptions (recall per kind):")
    for kind, hits in per_kind.items():
        print(f"    {kind:18s} {sum(hits)}/{len(hits)} = {sum(hits) / len(hits):.0%}")
    all_hits = [h for hits in per_kind.values() for h in hits]
    precision = total_tp / (total_tp + total_fp) if total_tp + total_fp else 1.0
    recall = sum(all_hits) / len(all_hits)
    print(f"overall: recall {sum(all_hits)}/{len(all_hits)} = {recall:.1%}; "
          f"precision of flags {total_tp}/{total_tp + total_fp} = {precision:.1%}")
    return {"precision": precision, "recall": recall}


if __name__ == "__main__":
    what = sys.argv[1:] or ["speed", "quality"]
    if "quality" in what:
        quality()
    if "speed" in what:
        speed()
