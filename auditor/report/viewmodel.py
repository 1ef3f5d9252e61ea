"""The view-model: what every report shows, computed once from an AuditResult.

Renderers (JSON, HTML) read only this; they never look at the engine's objects. The JSON
report is the view-model serialised as is (the report contract, versioned by
SCHEMA_VERSION and described by ``schema.json``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any

from .. import __version__
from ..document import Unit
from ..engine import AuditResult, DocumentResult, SentenceResult
from ..types import CATEGORIES, SEVERITIES, SEVERITY_RANK, max_severity

SCHEMA_VERSION = 1


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` for the views (dataclasses, lists, dicts of plain values),
    without its deep copies of every leaf: a third of the report writing, profiled."""
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


# The fields of checks.Evidence, copied on purpose: the report contract (schema.json) must
# not change when the check API does; a new Evidence field fails loudly in _sentence_view.
@dataclass
class EvidenceView:
    text: str
    document: str | None = None
    sentence: int | None = None
    start: int | None = None
    end: int | None = None
    note: str | None = None


@dataclass
class FlagView:
    code: str
    check: str
    category: str
    severity: str
    message: str
    start: int
    end: int
    evidence: list[EvidenceView] = field(default_factory=list)


@dataclass
class SourceView:
    """The aligned source span: from the first aligned source sentence to the last."""

    start: int
    end: int
    text: str
    sentences: list[int] = field(default_factory=list)


@dataclass
class SentenceView:
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    is_heading: bool
    backtranslation: str | None
    signals: dict[str, float]
    score: float
    severity: str
    flags: list[FlagView]
    source: SourceView | None = None
    #: localisation files: the id of the translation unit the sentence belongs to, and where
    #: the sentence starts in that unit's target text (as the checks read it)
    unit: str | None = None
    unit_offset: int | None = None


@dataclass
class Summary:
    sentences: int
    flagged: int
    max_severity: str
    by_severity: dict[str, int]
    by_category: dict[str, int]


@dataclass
class DocumentView:
    id: str
    path: str
    language: str
    encoding: str
    sha256: str
    text: str
    backtranslation: dict[str, Any]
    signature: str
    summary: Summary
    sentences: list[SentenceView]
    errors: list[dict[str, Any]]
    source: dict[str, Any] | None = None
    #: checks that did not run on this document, and why (no model, no source, language)
    skipped: dict[str, str] = field(default_factory=dict)
    #: bilingual mode: alignment method, length ratio and the sentence pairs
    alignment: dict[str, Any] | None = None
    #: localisation files: format, units audited and skipped (by reason)
    localisation: dict[str, Any] | None = None
    #: the regional variant given with --lang (babel's "de_CH"), when one was
    locale: str | None = None

    @property
    def report_name(self) -> str:
        return f"{self.id}.json"

    def entry(self) -> DocumentEntry:
        return DocumentEntry(self.id, self.path, self.language, {"status": self.backtranslation.get("status")},
                             self.summary, self.errors)

    def to_json(self) -> dict[str, Any]:
        sentences = []
        for s in self.sentences:
            d = _plain(s)
            if d["source"] is None:
                del d["source"]
            if d["unit"] is None:
                del d["unit"], d["unit_offset"]
            for flag in d["flags"]:  # evidence carries only what is known about the other place
                flag["evidence"] = [{k: v for k, v in e.items() if v is not None} for e in flag["evidence"]]
            sentences.append(d)
        document: dict[str, Any] = {"id": self.id, "path": self.path, "language": self.language,
                                    "encoding": self.encoding, "sha256": self.sha256}
        if self.locale is not None:
            document["locale"] = self.locale
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "document": document,
            "backtranslation": self.backtranslation,
            "signature": self.signature,
            "summary": _plain(self.summary),
            "errors": self.errors,
            "skipped": self.skipped,
            "sentences": sentences,
        }
        if self.source is not None:
            out["source"] = self.source
        if self.alignment is not None:
            out["alignment"] = self.alignment
        if self.localisation is not None:
            out["localisation"] = self.localisation
        return out


@dataclass
class DocumentEntry:
    """What a run keeps of a document once its reports are written: its line in the indexes
    and in the audit's summary (a corpus audit keeps these, not the sentences)."""

    id: str
    path: str
    language: str
    backtranslation: dict[str, Any]
    summary: Summary
    errors: list[dict[str, Any]]

    @property
    def report_name(self) -> str:
        return f"{self.id}.json"


@dataclass
class RunView:
    #: whole views, or (a corpus audit whose documents were written as they were checked)
    #: their entries: the indexes read only what both have
    documents: list[DocumentView] | list[DocumentEntry]
    signature: str
    checks: list[str]
    version: str = __version__
    #: inputs found in a directory that could not be audited: {"path", "reason"}
    skipped: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "auditor_version": self.version,
            "signature": self.signature,
            "checks": self.checks,
            "documents": [
                {"id": d.id, "path": d.path, "language": d.language, "report": d.report_name,
                 "backtranslation": d.backtranslation.get("status"), **_plain(d.summary)}
                for d in self.documents
            ],
            "skipped": list(self.skipped),
        }


def summarize(sentences: list[SentenceView]) -> Summary:
    flags = [f for s in sentences for f in s.flags]
    by_sev = Counter(f.severity for f in flags)
    by_cat = Counter(f.category for f in flags)
    return Summary(
        sentences=len(sentences),
        flagged=sum(1 for s in sentences if s.flags),
        max_severity=max_severity(s.severity for s in sentences),
        by_severity={s: by_sev.get(s, 0) for s in SEVERITIES if s != "none"},
        by_category={c: by_cat.get(c, 0) for c in CATEGORIES},
    )


def _sentence_view(r: SentenceResult, source_text: str | None, unit: Unit | None = None) -> SentenceView:
    source = None
    if r.source and source_text is not None:
        start, end = r.source[0].start, r.source[-1].end
        source = SourceView(start, end, source_text[start:end], [s.index for s in r.source])
    return SentenceView(
        index=r.sentence.index, start=r.sentence.start, end=r.sentence.end, text=r.sentence.text,
        paragraph=r.sentence.paragraph, is_heading=r.sentence.is_heading,
        backtranslation=r.backtranslation.text if r.backtranslation else None,
        signals=dict(r.signals), score=r.score, severity=r.severity,
        flags=[FlagView(f.code, f.check, f.category, f.severity, f.message, f.start, f.end,
                        [EvidenceView(**e.to_dict()) for e in f.evidence]) for f in r.flags],
        source=source,
        unit=unit.id if unit is not None else None,
        unit_offset=r.sentence.start - unit.start if unit is not None else None,
    )


def document_view(d: DocumentResult, signature: str) -> DocumentView:
    src = d.source_document
    doc = d.document
    sentences = [_sentence_view(r, src.text if src else None, doc.unit_of(r.sentence)) for r in d.sentences]
    return DocumentView(
        id=d.document.id, path=d.document.path, language=d.document.language,
        encoding=d.document.encoding, sha256=d.document.sha256, text=d.document.text,
        backtranslation=dict(d.backtranslation), signature=signature,
        summary=summarize(sentences), sentences=sentences,
        errors=[e.to_dict() for e in d.errors],
        source=({"path": src.path, "language": src.language, "sha256": src.sha256} if src else None),
        skipped=dict(d.skipped), alignment=d.alignment, locale=d.document.locale,
        localisation=dict(doc.localisation) if doc.localisation is not None else None,
    )


def build_view(result: AuditResult, skipped: list[dict[str, str]] | None = None) -> RunView:
    """The run's view; ``skipped``: inputs that were found but could not be audited."""
    docs = [document_view(d, result.signature) for d in result.documents]
    return RunView(documents=docs, signature=result.signature, checks=result.checks,
                   skipped=list(skipped or []))


def worst_first(docs: list[DocumentView]) -> list[DocumentView]:
    """Documents ordered for an editor's index: worst first (the JSON keeps input order)."""
    return sorted(docs, key=lambda d: (-SEVERITY_RANK[d.summary.max_severity],
                                       -sum(d.summary.by_severity.values()), d.id))
