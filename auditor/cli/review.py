"""`auditor review import FILE` and `auditor review export`: decisions in and out of a reports folder."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from ..fsutil import atomic_write_text
from .common import AuditorError

_REPORTS = click.option("--reports", "reports_dir", default="reports", show_default=True,
                        type=click.Path(file_okay=False), help="The reports folder holding the decisions.")


@click.group()
def review() -> None:
    """Import and export review decisions (confirmed / dismissed / fixed)."""


@review.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@_REPORTS
def import_(file: str, reports_dir: str) -> None:
    """Merge FILE (an "Export decisions" file from a report page) into the store; newer decisions win."""
    from ..review.catalog import ReportCatalog
    from ..review.exchange import MAX_IMPORT_BYTES, parse_export
    from ..review.store import DecisionStore, InvalidDecision

    folder = Path(reports_dir)
    if not folder.is_dir():
        raise AuditorError(f"{folder}: no such reports folder")
    path = Path(file)
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise AuditorError(f"{path}: larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MiB")
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditorError(f"{path}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        decisions = parse_export(text, ReportCatalog(folder).known_codes())
    except InvalidDecision as exc:
        raise AuditorError(f"{path}: {exc}") from None
    try:
        result = DecisionStore.in_folder(folder).merge(decisions, origin=f"import:{path.name}")
    except sqlite3.Error as exc:
        raise AuditorError(f"{folder}: cannot write the decision store ({exc})") from None
    click.echo(f"imported {result.applied} decision(s); kept {result.kept} newer or identical one(s)", err=True)


@review.command("export")
@_REPORTS
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of standard output.")
def export(reports_dir: str, fmt: str, output: str | None) -> None:
    """List every decision of the reports folder (for the team lead)."""
    from ..review.exchange import to_csv, to_json
    from ..review.store import DecisionStore

    folder = Path(reports_dir)
    if not DecisionStore.exists_in(folder):
        raise AuditorError(f"{folder}: no review decisions yet (none stored by 'auditor serve' or 'review import')")
    try:
        decisions = DecisionStore.in_folder(folder).decisions()
    except sqlite3.Error as exc:
        raise AuditorError(f"{folder}: cannot read the decision store ({exc})") from None
    text = to_csv(decisions) if fmt == "csv" else to_json(decisions)
    if output:
        atomic_write_text(Path(output), text)
    else:
        click.echo(text, nl=False)
