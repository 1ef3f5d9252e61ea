"""HTML renderer: OUT/<document id>.html per document and OUT/index.html for the run.

Each page is one self-contained file (CSS and JS inlined, no external request) so it works
offline, from file:// and as an e-mail attachment. The markup lives in Jinja2 templates with
autoescape on; this module only turns the view-model into presentation data (paragraphs of
sentences, each split into marked / unmarked pieces at the flag spans) and attaches the
review decisions already stored in the reports folder, so a flag dismissed before a
re-audit renders as dismissed.
"""

from __future__ import annotations

import base64
import hashlib
import sqlite3
from collections import Counter
from collections.abc import Container
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from jinja2.bccache import Bucket, BytecodeCache, FileSystemBytecodeCache

from .. import __version__
from ..fsutil import atomic_write_text
from ..parallel import Executor, InProcess, map_in_order
from ..review.fingerprint import decision_key, sentence_hash
from ..review.store import RESOLVED, STORE_NAME, Decision, DecisionStore
from ..types import CATEGORIES, SEVERITIES, SEVERITY_RANK, max_severity
from . import write_rendered
from .viewmodel import DocumentEntry, DocumentView, FlagView, RunView, SentenceView

SEVERITY_LABELS = {"high": "High", "medium": "Medium", "low": "Low", "none": "None"}
STATUS_LABELS = {"confirmed": "Confirmed error", "dismissed": "False alarm", "fixed": "Fixed"}
#: documents per page of index.html: a run of 10,000 documents shows the worst 100 first, and
#: the page lays out only those (the rest are in the file, hidden, for the search)
INDEX_PAGE_SIZE = 100
BT_LABELS = {"ok": "back-translated", "unavailable": "back-translation unavailable",
             "disabled": "no back-translation"}


@dataclass
class EvidenceItem:
    text: str
    where: str | None
    href: str | None
    note: str | None


@dataclass
class FlagItem:
    id: str
    code: str
    check: str
    category: str
    severity: str
    message: str
    excerpt: str
    evidence: list[EvidenceItem]
    key: str
    decision: Decision | None

    @property
    def resolved(self) -> bool:
        return self.decision is not None and self.decision.status in RESOLVED


@dataclass
class Piece:
    """A run of sentence text; ``flags`` are the ids of the flags whose span covers it."""

    text: str
    flags: tuple[str, ...] = ()
    codes: str = ""
    severity: str = "none"


@dataclass
class SentenceItem:
    index: int
    number: int
    text: str
    sha: str
    paragraph: int
    is_heading: bool
    severity: str
    score: float
    pieces: list[Piece]
    flags: list[FlagItem]
    backtranslation: str | None
    backtranslation_note: str | None
    signals: list[tuple[str, str]]
    source_text: str | None
    source_where: str | None
    #: localisation files: the translation unit's id
    unit: str | None = None

    @property
    def open_flags(self) -> list[FlagItem]:
        return [f for f in self.flags if not f.resolved]

    @property
    def open_severity(self) -> str:
        return max_severity(f.severity for f in self.open_flags)

    @property
    def state(self) -> str:
        if not self.flags:
            return "clean"
        return "open" if self.open_flags else "resolved"


@dataclass
class Paragraph:
    heading: bool
    #: sentences and the text between them (usually one space), in order
    items: list[SentenceItem | str]
    #: localisation files: the unit this paragraph opens (shown beside it, an anchor to jump to)
    unit: str | None = None


@dataclass
class Counts:
    """Open flags (not dismissed or fixed) by severity and category, plus decisions made."""

    by_severity: dict[str, int]
    by_category: dict[str, int]
    open_flags: int
    open_sentences: int
    reviewed: dict[str, int]
    max_severity: str


@dataclass
class DocumentPage:
    view: DocumentView
    file_name: str
    paragraphs: list[Paragraph]
    sentences: list[SentenceItem]
    counts: Counts
    categories: list[str]
    bt_status: str
    bt_label: str
    source_language: str | None
    decisions: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def flagged(self) -> list[SentenceItem]:
        return [s for s in self.sentences if s.flags]

    def row(self) -> IndexRow:
        return IndexRow(self.view.entry(), self.file_name, self.counts, self.categories, self.bt_status,
                        self.bt_label, [[f.key, f.severity, f.category] for s in self.sentences for f in s.flags],
                        self.decisions)


@dataclass
class IndexRow:
    """A document's row in index.html, what the run keeps of its page once it is written."""

    view: DocumentEntry
    file_name: str
    counts: Counts
    categories: list[str]
    bt_status: str
    bt_label: str
    #: [decision key, severity, category] of every flag: the page recounts open flags with
    #: the decisions it finds in the browser or on the server
    flags: list[list[str]]
    decisions: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class PageContext:
    """What writing one document's page needs besides the document."""

    #: the run's document ids: evidence in one of them links to its page
    known: frozenset[str]
    #: the review decisions stored in the reports folder
    decisions: dict[str, Decision]
    version: str


def page_name(doc_id: str) -> str:
    return f"{doc_id}.html"


def _href(doc_id: str, sentence: int, current: str) -> str:
    anchor = f"#s-{sentence}"
    return anchor if doc_id == current else quote(page_name(doc_id)) + anchor


def _evidence(f: FlagView, doc: DocumentView, known: Container[str]) -> list[EvidenceItem]:
    items = []
    for e in f.evidence:
        where = href = None
        target = e.document or (doc.id if e.sentence is not None else None)
        if target is not None:
            if e.sentence is None:
                where = "this document" if target == doc.id else target
            elif target == doc.id:
                where = f"sentence {e.sentence + 1}"
            else:
                where = f"{target}, sentence {e.sentence + 1}"
            if e.sentence is not None and target in known:
                href = _href(target, e.sentence, doc.id)
        items.append(EvidenceItem(e.text, where, href, e.note))
    return items


def _pieces(s: SentenceView, flags: list[FlagItem], spans: list[tuple[int, int]]) -> list[Piece]:
    """Split the sentence at every flag boundary; each piece knows which flags cover it."""
    n = len(s.text)
    cuts = {0, n}
    for start, end in spans:
        cuts.update((start, end))
    bounds = sorted(c for c in cuts if 0 <= c <= n)
    pieces: list[Piece] = []
    for a in bounds:
        # a zero-length flag marks a point (something missing): an empty marked piece
        for f, (start, end) in zip(flags, spans):
            if start == end == a:
                pieces.append(Piece("", (f.id,), f.code, f.severity))
        b = next((c for c in bounds if c > a), None)
        if b is None:
            break
        covering = [f for f, (start, end) in zip(flags, spans) if start <= a and end >= b and start < end]
        if covering:
            pieces.append(Piece(s.text[a:b], tuple(f.id for f in covering),
                                " ".join(dict.fromkeys(f.code for f in covering)),
                                max_severity(f.severity for f in covering)))
        elif pieces and not pieces[-1].flags:
            pieces[-1].text += s.text[a:b]
        else:
            pieces.append(Piece(s.text[a:b]))
    return pieces


def _format_signal(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if abs(value) < 1e6 else f"{value:.3g}"
    return str(value)


def _bt_note(doc: DocumentView, s: SentenceView) -> str | None:
    if s.backtranslation is not None:
        return None
    bt = doc.backtranslation
    status = bt.get("status", "disabled")
    reason = bt.get("reason")
    if status == "unavailable":
        return f"Unavailable: {reason}." if reason else "Unavailable for this audit."
    if status == "disabled":
        return f"Not run: {reason}." if reason else "Not run for this audit."
    return "The model returned no back-translation for this sentence."


def _sentence(doc: DocumentView, s: SentenceView, known: Container[str],
              decisions: dict[str, Decision]) -> SentenceItem:
    sha = sentence_hash(s.text, s.unit)
    flags, spans = [], []
    for k, f in enumerate(s.flags):
        start = max(0, min(len(s.text), f.start - s.start))
        end = max(start, min(len(s.text), f.end - s.start))
        key = decision_key(doc.id, sha, f.code)
        flags.append(FlagItem(
            id=f"f{s.index}-{k}", code=f.code, check=f.check, category=f.category,
            severity=f.severity, message=f.message, excerpt=s.text[start:end],
            evidence=_evidence(f, doc, known), key=key, decision=decisions.get(key)))
        spans.append((start, end))
    source_text = source_where = None
    if s.source is not None:
        source_text = s.source.text
        numbers = [i + 1 for i in s.source.sentences]
        if numbers:
            source_where = (f"sentence {numbers[0]}" if len(numbers) == 1
                            else f"sentences {numbers[0]}–{numbers[-1]}")
    return SentenceItem(
        index=s.index, number=s.index + 1, text=s.text, sha=sha, paragraph=s.paragraph,
        is_heading=s.is_heading, severity=s.severity, score=s.score,
        pieces=_pieces(s, flags, spans), flags=flags,
        backtranslation=s.backtranslation, backtranslation_note=_bt_note(doc, s),
        signals=[(k, _format_signal(v)) for k, v in sorted(s.signals.items())],
        source_text=source_text, source_where=source_where, unit=s.unit)


def _paragraphs(doc: DocumentView, sentences: list[SentenceItem]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    previous: SentenceItem | None = None
    views = {s.index: s for s in doc.sentences}
    for item in sentences:
        if previous is None or item.paragraph != previous.paragraph:
            opens_unit = item.unit is not None and (previous is None or previous.unit != item.unit)
            paragraphs.append(Paragraph(heading=True, items=[], unit=item.unit if opens_unit else None))
        else:
            gap = doc.text[views[previous.index].end:views[item.index].start] if doc.text else " "
            paragraphs[-1].items.append(gap or "")
        paragraphs[-1].items.append(item)
        paragraphs[-1].heading = paragraphs[-1].heading and item.is_heading
        previous = item
    return paragraphs


def _counts(sentences: list[SentenceItem]) -> Counts:
    open_flags = [f for s in sentences for f in s.open_flags]
    by_sev = Counter(f.severity for f in open_flags)
    by_cat = Counter(f.category for f in open_flags)
    reviewed = Counter(f.decision.status for s in sentences for f in s.flags if f.decision)
    return Counts(
        by_severity={s: by_sev.get(s, 0) for s in reversed(SEVERITIES) if s != "none"},
        by_category={c: by_cat.get(c, 0) for c in CATEGORIES if by_cat.get(c)},
        open_flags=len(open_flags),
        open_sentences=sum(1 for s in sentences if s.open_flags),
        reviewed={k: reviewed.get(k, 0) for k in STATUS_LABELS},
        max_severity=max_severity(f.severity for f in open_flags),
    )


def document_page(doc: DocumentView, known: Container[str],
                  decisions: dict[str, Decision]) -> DocumentPage:
    """The page of ``doc``; ``known``: the ids of the run's documents (evidence in one of
    them links to its page)."""
    sentences = [_sentence(doc, s, known, decisions) for s in doc.sentences]
    used = {f.key for s in sentences for f in s.flags}
    source_language = (doc.source or {}).get("language")
    status = doc.backtranslation.get("status", "disabled")
    return DocumentPage(
        view=doc, file_name=page_name(doc.id), paragraphs=_paragraphs(doc, sentences),
        sentences=sentences, counts=_counts(sentences),
        categories=[c for c in CATEGORIES if any(f.category == c for s in sentences for f in s.flags)],
        bt_status=status, bt_label=BT_LABELS.get(status, status), source_language=source_language,
        decisions={k: d.to_dict() for k, d in decisions.items() if k in used},
    )


# ---- assets and templates ------------------------------------------------------------

@dataclass(frozen=True)
class Assets:
    css: str
    js: str
    csp: str


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@lru_cache(maxsize=1)
def assets() -> Assets:
    static = resources.files("auditor.report").joinpath("static")
    css = static.joinpath("report.css").read_text("utf-8")
    js = static.joinpath("report.js").read_text("utf-8")
    # the files are inlined verbatim; a closing tag inside them would end the element early
    for name, text, tag in (("report.css", css, "</style"), ("report.js", js, "</script")):
        if tag in text.lower():
            raise ValueError(f"{name} must not contain {tag}")
    # Only the shipped script and stylesheet may run: hashes, no 'unsafe-inline'. connect-src
    # 'self' lets a page served by `auditor serve` talk to its own API; from file:// it is moot.
    csp = (f"default-src 'none'; script-src {_csp_hash(js)}; style-src {_csp_hash(css)}; "
           "img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'")
    return Assets(css=css, js=js, csp=csp)


class _QuietBytecodeCache(FileSystemBytecodeCache):
    """Compiled templates kept between processes (compiling them is 0.08 s of a re-audit
    whose result comes from the cache), in Jinja2's private per-user temporary folder. Keys
    hold the template source's checksum, so an edited template is compiled afresh. A
    cache that cannot be read or written is skipped: it must never cost a report."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _bytecode_cache() -> BytecodeCache | None:
    try:
        return _QuietBytecodeCache()
    except (OSError, RuntimeError):  # no private temporary folder to be had
        return None


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("auditor.report", "templates"),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(SEVERITY_LABELS=SEVERITY_LABELS, STATUS_LABELS=STATUS_LABELS,
                       SEVERITIES=[s for s in reversed(SEVERITIES) if s != "none"],
                       version=__version__)
    return env


def load_decisions(out_dir: Path) -> dict[str, Decision]:
    """Decisions stored by `auditor serve` / `auditor review import` in this reports folder."""
    if not DecisionStore.exists_in(out_dir):
        return {}
    try:
        return DecisionStore.in_folder(out_dir).by_key()
    except sqlite3.Error as exc:
        # rendering without them would show dismissed flags as open again: refuse instead
        raise OSError(f"cannot read the review decisions in {STORE_NAME} ({exc})") from None


def render_document(page: DocumentPage, run: RunView) -> str:
    return _render_page(page, run.version)


def _render_page(page: DocumentPage, version: str) -> str:
    a = assets()
    data = {"page": "document", "document": page.view.id, "decisions": page.decisions,
            "statusLabels": STATUS_LABELS}
    return environment().get_template("document.html.j2").render(
        page=page, doc=page.view, version=version, css=a.css, js=a.js, csp=a.csp, data=data)


def render_index(pages: list[IndexRow], run: RunView) -> str:
    a = assets()
    ordered = sorted(pages, key=lambda p: (-SEVERITY_RANK[p.counts.max_severity],
                                           -p.counts.open_flags, p.view.id))
    totals = {sev: sum(p.counts.by_severity.get(sev, 0) for p in pages)
              for sev in reversed(SEVERITIES) if sev != "none"}
    flags = {p.view.id: p.flags for p in pages}
    stored = {k: v for p in pages for k, v in p.decisions.items()}
    data = {"page": "index", "statusLabels": STATUS_LABELS, "flags": flags, "decisions": stored}
    return environment().get_template("index.html.j2").render(
        pages=ordered, run=run, totals=totals, page_size=INDEX_PAGE_SIZE,
        css=a.css, js=a.js, csp=a.csp, data=data)


def render_run(run: RunView, out_dir: Path, executor: Executor | None = None) -> list[Path]:
    """Write the pages; the per-document ones on ``executor`` (a local one: its workers write
    the files), the index here."""
    out_dir = Path(out_dir)
    ctx = context(out_dir, frozenset(d.id for d in run.documents), run.version)
    rows: list[IndexRow] = map_in_order(executor or InProcess(), _write_pages, run.documents,
                                        [len(d.text) for d in run.documents], (out_dir, ctx))
    return [out_dir / r.file_name for r in rows] + [write_index(rows, run, out_dir)]


def context(out_dir: Path, known: frozenset[str], version: str) -> PageContext:
    """Read once per run: the decisions stored in ``out_dir``."""
    return PageContext(known, load_decisions(Path(out_dir)), version)


def render_document(doc: DocumentView, context: PageContext) -> tuple[dict[str, str], IndexRow]:
    """``<id>.html``'s text by file name, and the document's row for the index."""
    page = document_page(doc, context.known, context.decisions)
    return {page.file_name: _render_page(page, context.version)}, page.row()


def write_index(rows: list[IndexRow], run: RunView, out_dir: Path) -> Path:
    index = Path(out_dir) / "index.html"
    atomic_write_text(index, render_index(rows, run))
    return index


def _write_pages(docs: list[DocumentView], shared: tuple[Path, PageContext]) -> list[IndexRow]:
    out_dir, ctx = shared
    rows = []
    for doc in docs:
        files, row = render_document(doc, ctx)
        write_rendered(files, out_dir)
        rows.append(row)
    return rows
