"""A small run for the HTML and review tests: the five seeds plus two documents with flags.

REP001 ("die die") is the check on main that fires, so ``redaktion`` carries doubled words
in real seed sentences, and ``injection`` carries markup that must render as text.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from auditor.engine import AuditConfig, prepare_document, run_audit
from auditor.report import json_report
from auditor.report.viewmodel import RunView, build_view
from auditor.review.server import ReviewServer

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(ROOT.joinpath("seeds").glob("*.txt"))

REDAKTION = (
    "Nordkoreanische Truppen in Kursk\n"
    "Die Vereinigten Staaten bestätigten, dass nordkoreanische Truppen in der russischen Region "
    "Kursk gegen ukrainische Truppen gekämpft haben. Die die Bestätigung durch Vedant Patel wird "
    "die Besorgnis verstärken.\n"
    "Die Soldaten, die die Grenze überquerten, trugen russische Uniformen.\n"
    "„Wir müssen mehr mehr tun, als nur die Ukraine im Kampf zu halten“, sagte Rutte. "
    "Der Kreml äußerte sich nicht zur Präsenz nordkoreanischer Truppen.\n"
)

INJECTIONS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>')

INJECTION = (
    "Überschrift <script>alert(1)</script>\n"
    "Die die Regierung sagte <script>alert(1)</script> etwas.\n"
    "Das Foto <img src=x onerror=alert(1)> zeigt zeigt Soldaten.\n"
    'Der Titel lautet "><svg onload=alert(1)> und und mehr.\n'
)


def documents(include_seeds: bool = True, redaktion: str = REDAKTION):
    docs = []
    if include_seeds:
        docs += [prepare_document(p.stem, str(p), p.read_text("utf-8"), "de") for p in SEEDS]
    docs.append(prepare_document("redaktion", "redaktion.txt", redaktion, "de"))
    docs.append(prepare_document("injection", "injection.txt", INJECTION, "de"))
    return docs


def build(include_seeds: bool = True, redaktion: str = REDAKTION, select: tuple[str, ...] = ()) -> RunView:
    return build_view(run_audit(documents(include_seeds, redaktion), AuditConfig(select=select)))


def write_reports(out: Path, include_seeds: bool = True, redaktion: str = REDAKTION,
                  select: tuple[str, ...] = ()) -> RunView:
    """JSON and HTML reports in ``out``, as `auditor audit` writes them (``select``: checks)."""
    from auditor.report import html_report

    view = build(include_seeds, redaktion, select)
    json_report.render_run(view, out)
    html_report.render_run(view, out)
    return view


@contextmanager
def serving(reports: Path) -> Iterator[ReviewServer]:
    """``auditor serve`` over real HTTP on a free port, for the length of the block."""
    server = ReviewServer(reports, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
