"""The results table: ``python -m auditor.evaluation.table [--write README.md]``.

Runs the text checks (no model) over the shipped labeled sets — the seeds, the clean texts,
the generated dev set and the held-out set, and the bilingual sets again with their English
originals (``--source``) — and prints a Markdown table of precision,
recall and F1 per set and category at the medium threshold. ``--write FILE`` replaces the
block between the ``<!-- results:start -->`` and ``<!-- results:end -->`` markers in FILE,
so the documentation is regenerated whenever the checks change.
"""

from __future__ import annotations

import argparse
import re
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


def bilingual_sets() -> dict[str, tuple[Path, Path]]:
    """The sets with English originals: name -> (label file, folder of <id>.en.txt)."""
    d = data_dir()
    return {
        "clean texts + source": (d / "texts.jsonl", d / "texts"),
        "dev + source": (d / "generated" / "dev" / "labels.jsonl", d / "generated" / "dev"),
        "held-out + source": (d / "generated" / "heldout" / "labels.jsonl", d / "generated" / "heldout"),
    }


def evaluate_shipped(threshold: str = "medium") -> list[Evaluation]:
    """Every shipped set without a model, monolingual and then bilingual (with the English originals)."""
    runs: list[tuple[str, Path, Path | None]] = [(n, p, None) for n, p in shipped_sets().items()]
    runs += [(n, p, src) for n, (p, src) in bilingual_sets().items()]
    out = []
    for name, path, src in runs:
        labeled = load(path, source_dirs=[src] if src else ())
        result = run_audit(labeled.documents, AuditConfig(), sources=labeled.sources or None)
        ev = evaluate(labeled, result, threshold)
        ev.name = name
        out.append(ev)
    return out


def render(evals: list[Evaluation]) -> str:
    from ..cli.evaluate import markdown_table

    checks = ", ".join(c.code for c in REGISTRY)
    today = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d")
    head = [f"No model (no back-translation); threshold medium; registered checks: {checks}; generated {today} "
            "by `python -m auditor.evaluation.table`.", ""]
    return "\n".join(head + markdown_table(evals))


def _undated(table: str) -> str:
    return re.sub(r"generated \d{4}-\d{2}-\d{2}", "generated", table)


def replace_block(text: str, table: str, start: str = START, end: str = END) -> str:
    """``text`` with the part between the ``start`` and ``end`` markers replaced by ``table``."""
    if start not in text or end not in text or text.index(start) > text.index(end):
        raise ValueError(f"no {start} ... {end} block")
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    return f"{before}{start}\n{table}\n{end}{after}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m auditor.evaluation.table", description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="replace the results block in this Markdown file")
    parser.add_argument("--check", type=Path, help="exit 1 when this file's results block is stale (the date aside)")
    args = parser.parse_args(argv)
    try:
        table = render(evaluate_shipped())
    except LabelError as exc:
        print(f"auditor: error: {exc}", file=sys.stderr)
        return 1
    if args.check is not None:
        current = args.check.read_text("utf-8") if args.check.is_file() else ""
        if START not in current or END not in current:
            print(f"auditor: error: {args.check}: no {START} ... {END} block", file=sys.stderr)
            return 1
        block = current.split(START, 1)[1].split(END, 1)[0]
        if _undated(block.strip()) != _undated(table.strip()):
            print(f"auditor: error: {args.check}: results table is stale; run "
                  f"python -m auditor.evaluation.table --write {args.check}", file=sys.stderr)
            return 1
        return 0
    if args.write is None:
        print(table)
        return 0
    text = args.write.read_text("utf-8") if args.write.is_file() else ""
    try:
        new = replace_block(text, table)
    except ValueError as exc:
        print(f"auditor: error: {args.write}: {exc}", file=sys.stderr)
        return 1
    tmp = args.write.with_suffix(args.write.suffix + ".tmp")
    tmp.write_text(new, "utf-8")
    tmp.replace(args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
