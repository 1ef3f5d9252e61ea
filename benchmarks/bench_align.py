"""Speed of bilingual mode: sentence alignment and the source checks (MEA003-UNT004).

    python benchmarks/bench_align.py [--copies 23]

The three bilingual test pairs (tests/data/meaning) are repeated ``--copies`` times into one
long document pair (23 copies: about 800 sentences a side) and aligned without a model
(Gale-Church + anchors) and in Bleualign mode (the English source standing in for the
back-translations: the timing of chrF, not its quality). Then the source checks run through
the engine. Prints seconds and sentences/s for each.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from auditor.align import align_documents
from auditor.engine import AuditConfig, prepare_document, run_audit

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "meaning"
NAMES = ("austin", "ecb", "kremlin")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=23)
    args = ap.parse_args()
    english = "\n\n".join((DATA / f"{n}.en.txt").read_text("utf-8") for n in NAMES)
    german = "\n\n".join((DATA / f"{n}.de.txt").read_text("utf-8") for n in NAMES)
    src = prepare_document("src", "src.txt", "\n\n".join([english] * args.copies), "en")
    tgt = prepare_document("tgt", "tgt.txt", "\n\n".join([german] * args.copies), "de")
    n = len(tgt.sentences)
    align_documents(prepare_document("w", "w", english, "en"), prepare_document("w", "w", german, "de"))  # warm-up

    t0 = time.perf_counter()
    plain = align_documents(src, tgt)
    t_plain = time.perf_counter() - t0
    t0 = time.perf_counter()
    guided = align_documents(src, tgt, [s.text for s in src.sentences])  # same count on both sides
    t_guided = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = run_audit([tgt], AuditConfig(select=("MEA003", "MEA004", "MEA005", "MEA006", "UNT004")), sources={"tgt": src})
    t_checks = time.perf_counter() - t0
    flags = sum(len(r.flags) for r in result.documents[0].sentences)

    print(f"{n} target sentences, {len(src.sentences)} source sentences")
    print(f"gale-church: {t_plain:.2f} s ({n / t_plain:,.0f} sentences/s), "
          f"{sum(1 for p in plain.pairs if p.kind == '1-1')} 1-1 pairs")
    print(f"bleualign:   {t_guided:.2f} s ({n / t_guided:,.0f} sentences/s), method {guided.method}")
    print(f"engine with MEA003-UNT004 (alignment included): {t_checks:.2f} s "
          f"({n / t_checks:,.0f} sentences/s), {flags} flags")


if __name__ == "__main__":
    main()
