"""`auditor checks list` and `auditor checks explain CODE`, generated from the check classes."""

from __future__ import annotations

import json

import click

from ..checks import REGISTRY, UnknownCheck, get_check
from ..checks.base import DOC_SECTIONS
from .common import AuditorError


def measured_line(code: str) -> str:
    """What the check did on human-annotated real MT output (auditor/checks/measured.json)."""
    from importlib import resources

    try:
        data = json.loads(resources.files("auditor.checks").joinpath("measured.json").read_text("utf-8"))
    except (OSError, ValueError):
        return "Measured on real MT output: no measurement shipped."
    row = data["checks"].get(code, {})
    where = f"Measured on real MT output ({data['data']}; {data.get('generated', 'undated')}):"
    mqm, medium, ced = row.get("mqm"), row.get("mqm_medium"), row.get("ced")
    parts = []
    if mqm:
        parts.append(f"MQM: {mqm['flags']} segments flagged, {mqm['error_free']} of them error-free per the "
                     f"translators; precision {mqm['precision']:.2f}"
                     + (f" ({mqm['precision_adjudicated']:.2f} counting {mqm['adjudicated']} flags judged real "
                        f"errors the annotators missed)" if mqm["adjudicated"] else ""))
        if medium and medium["flags"] != mqm["flags"]:
            parts.append(f"its medium/high flags alone: {medium['flags']}, precision "
                         f"{medium['precision_adjudicated']:.2f}")
    else:
        parts.append("MQM: no flag (not measurable there)")
    if ced:
        parts.append(f"critical errors: {ced['flagged']} pairs flagged, precision {ced['precision']:.2f}")
    return where + "\n  " + ";\n  ".join(parts) + "."


@click.group()
def checks() -> None:
    """List and explain the checks."""


@checks.command("list")
@click.option("--markdown", is_flag=True, help="A Markdown table (README's check table is made with it).")
def list_checks(markdown: bool) -> None:
    """One line per check: code, name, category, default severity, summary."""
    if markdown:
        click.echo("| code | name | category | severity | needs | what it flags |")
        click.echo("|---|---|---|---|---|---|")
    for cls in REGISTRY:
        summary = " ".join(cls.doc_sections().get("Summary", "").split())
        if markdown:
            needs = ", ".join(sorted(cls.requires)) or "text"
            click.echo(f"| `{cls.code}` | {cls.name} | {cls.category} | {cls.severity} | {needs} | {summary} |")
        else:
            click.echo(f"{cls.code:<7} {cls.name:<32} {cls.category:<13} {cls.severity:<7} {summary}")


@checks.command("explain")
@click.argument("code")
def explain(code: str) -> None:
    """What a check catches, why it matters, what it flags and what it must not."""
    try:
        cls = get_check(code)
    except UnknownCheck as exc:
        raise AuditorError(str(exc)) from None
    sections = cls.doc_sections()
    click.echo(f"{cls.code} {cls.name}  (category: {cls.category}, default severity: {cls.severity})")
    click.echo(measured_line(cls.code))
    click.echo()
    click.echo(sections.get("Summary", ""))
    for name in (*DOC_SECTIONS, "Options"):
        if sections.get(name):
            click.echo()
            click.echo(f"{name}:")
            for line in sections[name].splitlines():
                click.echo(f"  {line}")
