"""The results table: ``python -m auditor.evaluation.table [--write docs/evaluation.md]``.

Runs the text checks (no model) over the shipped labeled sets — the seeds, the clean texts,
the generated dev set and the held-out set — and prints a Markdown table of precision,
recall and F1 per set and category at the medium threshold. ``--write FILE`` replaces the
block between the ``<!-- results:start -->`` and ``<!-- results:end -->`` markers in FILE,
so the documentation is regenerated whenever the checks change.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from importlib import resources
from pathlib import Path

from ..engine import AuditConfig, run_audit
from ..checks import REGISTRY
from .labels import LabelError, load
from .metrics import Evaluation, evaluate

START, END = "<!-- results:start -->", "<!-- results:end -->"


def data_dir() -> Path:
    return Path(str(resources.files("auditor.evaluation").joinpath("data")))


def shipped_sets() -> dict[str, Path]:
    """The labeled sets in report order: name -> label file."""
    d = data_dir()
    return {
        "seeds": d / "seeds.jsonl",
        "clean texts": d / "texts.jsonl",
        "dev (seed 1)": d / "generated" / "dev" / "labels.jsonl",
        "held-out (seed 2)": d / "generated" / "heldout" / "labels.jsonl",
    }


def evaluate_shipped(threshold: str = "medium") -> list[Evaluation]:
    out = []
    for name, path in shipped_sets().items():
        labeled = load(path)
        ev = evaluate(labeled, run_audit(labeled.documents, AuditConfig()), threshold)
        ev.name = name
        out.append(ev)
    return out


def render(evals: list[Evaluation]) -> str:
    from ..cli.evaluate import markdown_table

    checks = ", ".join(c.code for c in REGISTRY)
    today = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d")
    head = [f"Text checks only, no model; threshold medium; checks: {checks}; generated {today} "
            "by `python -m auditor.evaluation.table`.", ""]
    return "\n".join(head + markdown_table(evals))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m auditor.evaluation.table", description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="replace the results block in this Markdown file")
    args = parser.parse_args(argv)
    try:
        table = render(evaluate_shipped())
    except LabelError as exc:
        print(f"auditor: error: {exc}", file=sys.stderr)
        return 1
    if args.write is None:
        print(table)
        return 0
    text = args.write.read_text("utf-8") if args.write.is_file() else ""
    if START not in text or END not in text:
        print(f"auditor: error: {args.write} has no {START} ... {END} block", file=sys.stderr)
        return 1
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    tmp = args.write.with_suffix(args.write.suffix + ".tmp")
    tmp.write_text(f"{before}{START}\n{table}\n{END}{after}", "utf-8")
    tmp.replace(args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
