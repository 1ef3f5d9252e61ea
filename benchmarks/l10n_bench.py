"""Reading a 10,000-unit XLIFF 1.2 versus auditing it (text checks, no model).

The units are the sentence pairs of the evaluation's bilingual texts (aligned by
auditor.align), repeated until there are 10,000, each with a <g> code, written as Okapi
writes XLIFF 1.2. Times: read (lxml parse + inline codes, auditor.l10n.read), documents
(unit texts joined, segmentation, unit alignment) and the audit (run_audit, every text and
source check). Run: python benchmarks/l10n_bench.py [UNITS]
"""

from __future__ import annotations

import html
import sys
import time
from importlib import resources
from pathlib import Path

from auditor import l10n
from auditor.align import align_documents
from auditor.engine import AuditConfig, prepare_document, run_audit
from auditor.l10n.documents import prepare
from auditor.segment import segment


def build(n: int) -> bytes:
    data = resources.files("auditor.evaluation").joinpath("data/texts")
    pairs = []
    for de in sorted(Path(str(data)).glob("*.de.txt")):
        en = de.with_name(de.name.replace(".de.txt", ".en.txt"))
        t = prepare_document("d", str(de), de.read_text("utf-8"), "de")
        s = prepare_document("s", str(en), en.read_text("utf-8"), "en")
        for p in align_documents(s, t).pairs:
            if p.source and p.target:
                pairs.append((" ".join(s.sentences[i].text for i in p.source),
                              " ".join(t.sentences[i].text for i in p.target)))
    units = []
    for k in range(n):
        src, tgt = pairs[k % len(pairs)]
        w = src.split(" ", 1)
        v = tgt.split(" ", 1)
        units.append(f'      <trans-unit id="{k + 1}">\n'
                     f'        <source xml:lang="en">{html.escape(w[0])} <g id="1">{html.escape(w[-1])}</g></source>\n'
                     f'        <target xml:lang="de" state="translated">{html.escape(v[0])} <g id="1">{html.escape(v[-1])}</g></target>\n'
                     f'      </trans-unit>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
            '  <file original="bench" source-language="en" target-language="de" datatype="plaintext">\n    <body>\n'
            + "\n".join(units) + "\n    </body>\n  </file>\n</xliff>\n").encode("utf-8")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    data = build(n)
    segment("Warm-up. Der Tokenizer lädt einmal.", "de")
    segment("Warm-up. The tokenizer loads once.", "en")
    t0 = time.perf_counter()
    files = l10n.read("xliff", data, "bench.xlf")
    t1 = time.perf_counter()
    target, source, alignment = prepare(files[0], "bench", "bench.xlf", "de", "en", segmenter=segment)
    t2 = time.perf_counter()
    result = run_audit([target], AuditConfig(), sources={"bench": source}, alignments={"bench": alignment})
    t3 = time.perf_counter()
    flags = sum(len(r.flags) for r in result.documents[0].sentences)
    audit = (t2 - t1) + (t3 - t2)
    print(f"{n} units, {len(data) / 1e6:.1f} MB, {len(target.sentences)} target sentences, {flags} flags")
    print(f"read (parse + inline codes): {t1 - t0:.2f} s")
    print(f"documents (segmentation + unit alignment): {t2 - t1:.2f} s")
    print(f"checks (run_audit): {t3 - t2:.2f} s")
    print(f"read / audit (documents + checks): {100 * (t1 - t0) / audit:.1f} %")


if __name__ == "__main__":
    main()
