"""The real-MT table: ``python -m auditor.evaluation.realmt_table --data DIR [--write README.md | --check README.md]``.

Audits the human-annotated real MT output in DIR (``mqm_ted_ende.tsv``, ``ced_ende_dev.tsv``;
the project reads them from ``../shared/realmt/`` and never ships them) German only and with
the English sources, and prints:

* the summary table of README's "Detection quality on real MT output" (false alarms on
  error-free segments, precision, Major accuracy errors found, CED precision / recall / MCC);
* every check's measured precision on that output, which ``auditor checks explain`` shows
  and which decides whether a check may default to medium or high (``calibration_problems``).

``--write FILE`` replaces the block between ``<!-- realmt:start -->`` and
``<!-- realmt:end -->`` in FILE and rewrites ``auditor/checks/measured.json``; ``--check FILE``
exits 1 when either is stale (the date aside).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import re
import sys
from pathlib import Path
from typing import Any

from ..checks import REGISTRY
from .table import replace_block
from .realmt import AnnotationError, CedEvaluation, MqmEvaluation, evaluate_file

START, END = "<!-- realmt:start -->", "<!-- realmt:end -->"
MQM_FILE, CED_FILE = "mqm_ted_ende.tsv", "ced_ende_dev.tsv"
MEASURED = Path(__file__).resolve().parent.parent / "checks" / "measured.json"

#: a check defaulting to medium or high must be right this often on real output ...
MIN_PRECISION = 0.8
#: ... once it has at least this many medium/high flags there (fewer say little either way)
MIN_FLAGS = 5


def default_data_dir() -> Path:
    """``../shared/realmt`` beside the repository checkout (where the project keeps the data)."""
    return Path(__file__).resolve().parents[3] / "shared" / "realmt"


def run(data: Path) -> dict[str, Any]:
    """Every evaluation the table needs, at the medium threshold."""
    evals: dict[str, Any] = {}
    for key, name in (("mqm", MQM_FILE), ("ced", CED_FILE)):
        path = data / name
        if not path.is_file():
            raise AnnotationError(f"{path}: not found (the real-MT data lives in ../shared/realmt/)")
        for mode in ("german", "source"):
            evals[f"{key}_{mode}"] = evaluate_file(path, with_source=mode == "source")
    return evals


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def _p(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def measured(evals: dict[str, Any]) -> dict[str, Any]:
    """Per check, its flags on the real output (with the sources, so that every check runs)."""
    mqm: MqmEvaluation = evals["mqm_source"]
    ced: CedEvaluation = evals["ced_source"]
    every, medium = mqm.at("low").per_check(), mqm.at("medium").per_check()
    ced_all = ced.at("low").to_dict()["per_check"]
    out: dict[str, Any] = {}
    for cls in REGISTRY:
        row: dict[str, Any] = {"mqm": every.get(cls.code), "mqm_medium": medium.get(cls.code),
                               "ced": ced_all.get(cls.code)}
        out[cls.code] = {k: _rounded(v) for k, v in row.items() if v}
    return {"data": f"WMT21 TED talks en-de, MQM ({len(mqm.outcomes)} segments of 14 systems) and WMT21 "
                    f"critical-error detection en-de dev ({len(ced.pairs)} pairs); audited with the English sources",
            "checks": out}


def _rounded(row: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}


def calibration_problems(measures: dict[str, Any]) -> list[str]:
    """Checks that default to medium/high (or emit medium/high flags) below MIN_PRECISION on real output."""
    problems = []
    for cls in REGISTRY:
        row = measures["checks"].get(cls.code, {}).get("mqm_medium")
        if not row or row["flags"] < MIN_FLAGS:
            continue
        if row["precision_adjudicated"] < MIN_PRECISION:
            problems.append(f"{cls.code}: {row['flags']} medium/high flags on real output, precision "
                            f"{row['precision_adjudicated']:.2f} < {MIN_PRECISION}")
    return problems


def render(evals: dict[str, Any]) -> str:
    today = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d")
    lines = [f"Generated {today} by `python -m auditor.evaluation.realmt_table --data ../shared/realmt`; "
             "no model (text checks, and the source checks with the English sources); threshold medium.", "",
             "| data | mode | flagged | on error-free segments | precision | precision (Major) | "
             "precision, adjudicated | Major Untranslated + Omission + Addition found |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    wanted = ("Accuracy/Untranslated text", "Accuracy/Omission", "Accuracy/Addition")
    for mode in ("german", "source"):
        ev: MqmEvaluation = evals[f"mqm_{mode}"]
        s = ev.summary()
        rec = ev.recall_by_category()
        found = sum(rec.get(c, {}).get("found", 0) for c in wanted)
        total = sum(rec.get(c, {}).get("segments", 0) for c in wanted)
        lines.append(f"| MQM TED | {'German only' if mode == 'german' else 'with sources'} | {s['flagged']} | "
                     f"{s['false_alarms']} ({_pct(s['false_alarm_rate'])} % of {s['error_free']}) | "
                     f"{_p(s['precision'])} | {_p(s['precision_major'])} | {_p(s['precision_adjudicated'])} | "
                     f"{found} / {total} |")
    lines += ["", "| data | mode | pairs flagged | precision | recall | MCC |", "|---|---|---:|---:|---:|---:|"]
    for mode in ("german", "source"):
        c = evals[f"ced_{mode}"].counts()
        lines.append(f"| CED dev | {'German only' if mode == 'german' else 'with sources'} | {c['flagged']} | "
                     f"{_p(c['precision'])} | {_p(c['recall'])} | {c['mcc']:.3f} |")
    lines += ["", "Per check, with the sources (every flag, any severity; medium/high flags in brackets). "
              "Precision: share of flagged segments the translators annotated with an error; adjudicated: "
              "also counting flags we judge real errors the annotators let pass (docs/realmt.md).", "",
              "| check | severity | MQM flags | on error-free | precision | adjudicated | CED flags | CED precision |",
              "|---|---|---:|---:|---:|---:|---:|---:|"]
    m = measured(evals)["checks"]
    for cls in REGISTRY:
        row = m.get(cls.code, {})
        a, med, ced = row.get("mqm"), row.get("mqm_medium"), row.get("ced")
        if not (a or ced):
            continue
        medium_note = f" ({med['flags']})" if med and a and med["flags"] != a["flags"] else ""
        lines.append(f"| `{cls.code}` | {cls.severity} | {a['flags'] if a else 0}{medium_note} | "
                     f"{a['error_free'] if a else 0} | {_p(a['precision']) if a else '–'} | "
                     f"{_p(a['precision_adjudicated']) if a else '–'} | {ced['flagged'] if ced else 0} | "
                     f"{_p(ced['precision']) if ced else '–'} |")
    return "\n".join(lines)


def _undated(text: str) -> str:
    return re.sub(r"[Gg]enerated \d{4}-\d{2}-\d{2}", "generated", text).strip()


def _block(text: str) -> str | None:
    if START not in text or END not in text:
        return None
    return text.split(START, 1)[1].split(END, 1)[0]


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, "utf-8")
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m auditor.evaluation.realmt_table",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir(),
                        help="folder with mqm_ted_ende.tsv and ced_ende_dev.tsv (default: ../shared/realmt)")
    parser.add_argument("--write", type=Path, help="replace the real-MT block in this Markdown file "
                                                   "and rewrite auditor/checks/measured.json")
    parser.add_argument("--check", type=Path, help="exit 1 when this file's block or measured.json is stale")
    args = parser.parse_args(argv)
    try:
        evals = run(args.data)
    except AnnotationError as exc:
        print(f"auditor: error: {exc}", file=sys.stderr)
        return 1
    table = render(evals)
    measures = measured(evals)
    if args.check is not None:
        block = _block(args.check.read_text("utf-8") if args.check.is_file() else "")
        stale = []
        if block is None or _undated(block) != _undated(table):
            stale.append(f"{args.check}: real-MT table")
        shipped = json.loads(MEASURED.read_text("utf-8")) if MEASURED.is_file() else {}
        if {k: v for k, v in shipped.items() if k != "generated"} != measures:
            stale.append(str(MEASURED))
        if stale:
            print(f"auditor: error: stale: {', '.join(stale)}; run python -m auditor.evaluation.realmt_table "
                  f"--write {args.check}", file=sys.stderr)
            return 1
        return 0
    if args.write is None:
        print(table)
        for line in calibration_problems(measures):
            print(f"calibration: {line}", file=sys.stderr)
        return 0
    text = args.write.read_text("utf-8") if args.write.is_file() else ""
    try:
        _write_atomic(args.write, replace_block(text, table, START, END))
    except ValueError as exc:
        print(f"auditor: error: {args.write}: {exc}", file=sys.stderr)
        return 1
    today = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d")
    _write_atomic(MEASURED, json.dumps({"generated": today, **measures}, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
