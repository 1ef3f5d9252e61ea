"""`auditor eval LABELS...` (precision/recall against labels) and `auditor corrupt IN...`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import click

from ..checks import UnknownCheck
from ..engine import AuditConfig, run_audit
from ..evaluation.labels import LabelError, LabeledSet, load, write_jsonl
from ..evaluation.metrics import Evaluation, evaluate, label_counts
from ..types import CATEGORIES
from .common import EXIT_MODEL, AuditorError, split_list, warn


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.0f}"


def audit_set(labeled: LabeledSet, select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
              threshold: str = "medium", translator: Any = None) -> Evaluation:
    """Run the checks over a labeled set (text checks; model signals too with a translator) and score them."""
    sources = labeled.sources or None
    try:
        config = AuditConfig(select=select, ignore=ignore)
        config.checks()
    except UnknownCheck as exc:
        raise AuditorError(str(exc)) from None
    result = run_audit(labeled.documents, config, translator=translator, sources=sources)
    return evaluate(labeled, result, threshold)


def render_table(ev: Evaluation, details: bool = False) -> list[str]:
    lines = [f"{ev.name}: threshold {ev.threshold}; sentences "
             + ", ".join(f"{k} {v}" for k, v in sorted(ev.sentences.items()))]
    lines.append(f"{'category':<13} {'errors':>6} {'found':>5} {'any':>4} {'flags':>5} {'right':>5} "
                 f"{'P%':>4} {'R%':>4} {'F1%':>4} {'anyR%':>5}")
    rows = [(c, n) for c, n in ev.per_category.items() if n.errors or n.predictions] + [("overall", ev.overall)]
    for name, n in rows:
        lines.append(f"{name:<13} {n.errors:>6} {n.found:>5} {n.detected:>4} {n.predictions:>5} {n.correct:>5} "
                     f"{_pct(n.precision):>4} {_pct(n.recall):>4} {_pct(n.f1):>4} {_pct(n.any_recall):>5}")
    if ev.per_check:
        lines.append("per check (sentences flagged / with an error of its category): "
                     + ", ".join(f"{code} {c['right']}/{c['flags']}" for code, c in ev.per_check.items()))
    lines.append("labeled -> flagged (per labeled error; clean -> X: false positives on clean sentences):")
    for (a, b), count in sorted(ev.confusion.items()):
        lines.append(f"  {a:<13} -> {b:<13} {count}")
    found = [e for e in ev.errors if e.flagged]
    if found:
        lines.append("errors with a flag (labeled category -> flagged categories, codes):")
        for e in found:
            mark = "ok " if e.found else "cat"
            lines.append(f"  {mark} {e.label.document} {e.text[:50]!r}: {e.label.category} -> "
                         f"{','.join(e.flagged)} ({','.join(e.codes)})")
    if details:
        lines.append("missed errors:")
        for e in ev.errors:
            if not e.flagged:
                lines.append(f"  {e.label.document} {e.label.category}/{e.label.severity} {e.text[:60]!r}")
        lines.append("false positives:")
        for fp in ev.false_positives:
            lines.append(f"  {fp.document} #{fp.sentence} {fp.category} ({','.join(fp.codes)}) on {fp.labeled}: {fp.text[:70]!r}")
    return lines


def markdown_table(evals: list[Evaluation]) -> list[str]:
    """Set × category: P, R, F1 (percent) with counts, plus overall."""
    lines = ["| set | category | errors | flags | P % | R % | F1 % | any-flag R % |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for ev in evals:
        for c in (*CATEGORIES, "overall"):
            n = ev.overall if c == "overall" else ev.per_category[c]
            if c != "overall" and not (n.errors or n.predictions):
                continue
            label = f"**{c}**" if c == "overall" else c
            lines.append(f"| {ev.name} | {label} | {n.errors} | {n.predictions} | {_pct(n.precision)} | "
                         f"{_pct(n.recall)} | {_pct(n.f1)} | {_pct(n.any_recall)} |")
    return lines


@click.command("eval")
@click.argument("labels", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--texts", "text_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder with the documents (<id>.txt or <id>.de.txt); default: beside the labels, then seeds/.")
@click.option("--source", "source_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder with English originals <id>.en.txt: bilingual mode.")
@click.option("--select", multiple=True, help="Only these checks (code, name or category).")
@click.option("--ignore", multiple=True, help="Leave out these checks.")
@click.option("--threshold", type=click.Choice(["low", "medium", "high"]), default="medium", show_default=True,
              help="Lowest flag (and labeled error) severity that counts.")
@click.option("--model", default=None,
              help="Back-translate with this model (hub name or folder) so model-based checks run too.")
@click.option("--with-source", is_flag=True,
              help="MQM / critical-error TSV: audit with the file's English sources too (bilingual mode).")
@click.option("--json", "as_json", is_flag=True, help="Print the evaluation as JSON.")
@click.option("--markdown", is_flag=True, help="Print the README results table.")
@click.option("--details", is_flag=True, help="Also list missed errors and false positives.")
def eval_command(labels: tuple[Path, ...], text_dirs: tuple[Path, ...], source_dirs: tuple[Path, ...],
                 select: tuple[str, ...], ignore: tuple[str, ...], threshold: str, model: str | None,
                 with_source: bool, as_json: bool, markdown: bool, details: bool) -> None:
    """Agreement of the checks with labels (JSONL; docs/evaluation.md) or with human annotations of
    real MT output: an MQM TSV or a WMT critical-error TSV, recognised by their columns."""
    from ..evaluation.realmt import sniff

    select, ignore = split_list(select), split_list(ignore)
    for path in labels:
        if not path.is_file():
            raise AuditorError(f"{path}: no such file")
    kinds = {sniff(path) for path in labels}
    if kinds & {"mqm", "ced"}:
        if kinds - {"mqm", "ced"}:
            raise AuditorError("give either label files (JSONL) or annotation files (MQM / critical-error TSV), not both")
        if markdown or text_dirs or source_dirs:
            raise AuditorError("--markdown, --texts and --source are for label files; annotation files carry "
                               "their sources (--with-source)")
        _eval_annotations(labels, with_source, select, ignore, threshold, model, as_json, details)
        return
    if with_source:
        raise AuditorError("--with-source is for MQM / critical-error TSV files; label files take --source DIR")
    translator = _translator(model) if model else None
    evals = []
    for path in labels:
        try:
            labeled = load(path, text_dirs, source_dirs)
        except LabelError as exc:
            raise AuditorError(str(exc)) from None
        if source_dirs and not labeled.sources:
            warn(f"{path}: no English original <id>.en.txt in {', '.join(map(str, source_dirs))}; monolingual")
        ev = audit_set(labeled, select, ignore, threshold, translator)
        ev.name = path.stem if path.stem != "labels" else path.parent.name
        evals.append((ev, labeled))
    if as_json:
        out = []
        for ev, labeled in evals:
            d = ev.to_dict()
            d["labels"] = label_counts(labeled.labels)
            out.append(d)
        click.echo(json.dumps(out[0] if len(out) == 1 else out, ensure_ascii=False, indent=2))
    elif markdown:
        click.echo("\n".join(markdown_table([ev for ev, _ in evals])))
    else:
        for k, (ev, _) in enumerate(evals):
            if k:
                click.echo()
            click.echo("\n".join(render_table(ev, details)))


def _eval_annotations(paths: tuple[Path, ...], with_source: bool, select: tuple[str, ...],
                      ignore: tuple[str, ...], threshold: str, model: str | None, as_json: bool,
                      details: bool) -> None:
    from ..evaluation.realmt import AnnotationError, evaluate_file, render_evaluation

    translator = _translator(model) if model else None
    out = []
    for path in paths:
        try:
            ev = evaluate_file(path, with_source, threshold, select, ignore, translator)
        except AnnotationError as exc:
            raise AuditorError(str(exc)) from None
        except UnknownCheck as exc:
            raise AuditorError(str(exc)) from None
        out.append(ev)
    if as_json:
        dicts = [ev.to_dict(details) for ev in out]
        click.echo(json.dumps(dicts[0] if len(dicts) == 1 else dicts, ensure_ascii=False, indent=2))
        return
    for k, ev in enumerate(out):
        if k:
            click.echo()
        click.echo("\n".join(render_evaluation(ev, details)))


def _translator(model: str) -> Any:
    from ..backends import BackendUnavailable, GenerationSettings
    from ..models import ModelUnavailable
    from ..translate import build_translator

    try:
        return build_translator(model, backend="auto", settings=GenerationSettings(), cache=None)
    except (ModelUnavailable, BackendUnavailable) as exc:
        raise AuditorError(f"model {model} unavailable: {exc}", EXIT_MODEL) from None


@click.command("corrupt")
@click.argument("inputs", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--seed", type=int, required=True, help="Random seed: same inputs and seed, same output.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--variants", type=click.IntRange(1, 50), default=1, show_default=True,
              help="Corrupted copies per input, each seeded differently.")
@click.option("--rate", type=click.FloatRange(0.05, 1.0), default=0.6, show_default=True,
              help="Share of sentences to corrupt.")
@click.option("--only", "categories", multiple=True,
              help="Only these injectors or categories (lost-thousands, name, garbled, ...).")
def corrupt_command(inputs: tuple[Path, ...], seed: int, out_dir: Path, variants: int, rate: float,
                    categories: tuple[str, ...]) -> None:
    """Inject labeled errors into clean German texts; write <id>.txt files and labels.jsonl.

    An English original <id>.en.txt next to an input <id>.de.txt is used for names and
    English phrases and copied to the output, for bilingual evaluation with --source.
    """
    from ..evaluation.corrupt import corrupt_file, select_injectors

    try:
        select_injectors(categories)
    except ValueError as exc:
        raise AuditorError(str(exc)) from None
    out_dir.mkdir(parents=True, exist_ok=True)
    records: list[dict] = []
    errors = 0
    for path in inputs:
        try:
            produced = corrupt_file(path, seed, categories, variants, rate)
        except UnicodeDecodeError:
            raise AuditorError(f"{path}: not UTF-8 text") from None
        base = path.name.removesuffix(".txt").removesuffix(".de")
        en = path.with_name(f"{base}.en.txt")
        for doc_id, text, recs in produced:
            target = out_dir / f"{doc_id}.txt"
            tmp = target.with_suffix(".txt.tmp")
            tmp.write_text(text, "utf-8")
            tmp.replace(target)
            if en.is_file():
                shutil.copyfile(en, out_dir / f"{doc_id}.en.txt")
            records.extend(recs)
            errors += sum(r["label"] == "error" for r in recs)
    write_jsonl(out_dir / "labels.jsonl", records)
    click.echo(f"{len(records)} labels ({errors} injected errors) in {out_dir / 'labels.jsonl'}")
