"""The label format and its loader.

One JSON object per line::

    {"document": "000_73587cd4eae8b89f", "anchor": "10 Soldaten", "occurrence": 1,
     "label": "error", "category": "figure", "severity": "high", "note": "..."}

``anchor`` is an exact string of the document text and ``occurrence`` (1-based, default 1)
says which of its occurrences is meant; ``start``/``end`` (character offsets into the
document text) may be given instead of or besides the anchor, and must then agree with it.
``label`` is ``error`` (with ``category`` and ``severity``), ``clean`` or ``debatable``
(``category``/``severity`` optional: what the doubt is about). Every sentence of a labeled
document must be covered by at least one record: a clean sentence gets a ``clean`` record
anchored on the sentence, an erroneous one a record per error, on the error's span.

Documents are found by id in the text directories: ``<id>.txt`` or ``<id>.de.txt``. The
English original of a bilingual document is ``<id>.en.txt`` next to it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..document import Document
from ..engine import prepare_document
from ..types import CATEGORIES

LABELS = ("error", "clean", "debatable")
LABEL_SEVERITIES = ("low", "medium", "high")

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["document", "label"],
    "anyOf": [{"required": ["anchor"]}, {"required": ["start", "end"]}],
    "additionalProperties": False,
    "properties": {
        "document": {"type": "string", "minLength": 1},
        "anchor": {"type": "string", "minLength": 1},
        "occurrence": {"type": "integer", "minimum": 1},
        "start": {"type": "integer", "minimum": 0},
        "end": {"type": "integer", "minimum": 0},
        "label": {"enum": list(LABELS)},
        "category": {"enum": [*CATEGORIES, None]},
        "severity": {"enum": [*LABEL_SEVERITIES, None]},
        "note": {"type": "string"},
        "injector": {"type": "string"},
    },
    "if": {"properties": {"label": {"const": "error"}}},
    "then": {"required": ["category", "severity"],
             "properties": {"category": {"enum": list(CATEGORIES)},
                            "severity": {"enum": list(LABEL_SEVERITIES)}}},
}


class LabelError(ValueError):
    """A label file that does not match its documents (one line saying where and why)."""


@dataclass(frozen=True)
class Label:
    document: str
    start: int
    end: int
    label: str
    category: str | None = None
    severity: str | None = None
    note: str = ""
    anchor: str | None = None
    occurrence: int = 1
    injector: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None and v != ""}


@dataclass
class LabeledSet:
    """Documents and their labels, ready for an audit."""

    name: str
    documents: list[Document]
    labels: list[Label]
    sources: dict[str, Document]

    def labels_for(self, doc_id: str) -> list[Label]:
        return [lab for lab in self.labels if lab.document == doc_id]


def find_text(doc_id: str, dirs: Sequence[Path], suffixes: Sequence[str] = (".txt", ".de.txt")) -> Path | None:
    for d in dirs:
        for suffix in suffixes:
            p = d / f"{doc_id}{suffix}"
            if p.is_file():
                return p
    return None


def resolve(record: dict[str, Any], text: str, where: str) -> Label:
    """A validated record with its span resolved against the document text."""
    import jsonschema  # here, not at the top: 50 ms of every `auditor` command otherwise

    try:
        jsonschema.validate(record, SCHEMA)
    except jsonschema.ValidationError as exc:
        raise LabelError(f"{where}: {exc.message}") from None
    anchor = record.get("anchor")
    occurrence = record.get("occurrence", 1)
    if anchor is not None:
        pos = -1
        for _ in range(occurrence):
            pos = text.find(anchor, pos + 1)
            if pos < 0:
                raise LabelError(f"{where}: anchor {anchor!r} (occurrence {occurrence}) not in {record['document']}")
        start, end = pos, pos + len(anchor)
        if "start" in record and (record["start"], record["end"]) != (start, end):
            raise LabelError(f"{where}: start/end {record['start']}:{record['end']} disagree with anchor at {start}:{end}")
    else:
        start, end = record["start"], record["end"]
        if not 0 <= start < end <= len(text):
            raise LabelError(f"{where}: span {start}:{end} outside {record['document']}")
    return Label(document=record["document"], start=start, end=end, label=record["label"],
                 category=record.get("category"), severity=record.get("severity"),
                 note=record.get("note", ""), anchor=anchor, occurrence=occurrence,
                 injector=record.get("injector"))


def read_records(path: Path) -> list[tuple[str, dict[str, Any]]]:
    records = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LabelError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(rec, dict):
            raise LabelError(f"{where}: not a JSON object")
        records.append((where, rec))
    return records


def default_text_dirs(labels_path: Path) -> list[Path]:
    """The label file's folder, its ``texts/`` sibling and the repository's ``seeds/``."""
    repo_seeds = Path(__file__).resolve().parents[2] / "seeds"
    return [labels_path.parent, labels_path.parent / "texts", repo_seeds, Path.cwd() / "seeds"]


def load(path: Path | str, text_dirs: Iterable[Path | str] = (), source_dirs: Iterable[Path | str] = (),
         language: str = "de", check_coverage: bool = True) -> LabeledSet:
    """Read a label file, find and segment its documents, resolve and validate every label.

    ``source_dirs``: where the English originals ``<id>.en.txt`` lie (bilingual mode); a
    document without one is audited monolingually.
    """
    path = Path(path)
    if not path.is_file():
        raise LabelError(f"{path}: no such label file")
    dirs = [Path(d) for d in text_dirs] + default_text_dirs(path)
    records = read_records(path)
    documents: dict[str, Document] = {}
    sources: dict[str, Document] = {}
    labels: list[Label] = []
    for where, rec in records:
        doc_id = rec.get("document")
        if isinstance(doc_id, str) and doc_id not in documents:
            text_path = find_text(doc_id, dirs)
            if text_path is None:
                raise LabelError(f"{where}: no text for document {doc_id!r} (looked for {doc_id}.txt / .de.txt)")
            documents[doc_id] = prepare_document(doc_id, str(text_path), text_path.read_text("utf-8"), language)
            src = find_text(doc_id, [Path(d) for d in source_dirs], (".en.txt",))
            if src is not None:
                sources[doc_id] = prepare_document(f"{doc_id}.en", str(src), src.read_text("utf-8"), "en")
        text = documents[doc_id].text if isinstance(doc_id, str) else ""
        labels.append(resolve(rec, text, where))
    labeled = LabeledSet(path.stem, list(documents.values()), labels, sources)
    if check_coverage:
        missing = uncovered(labeled)
        if missing:
            doc, s = missing[0]
            raise LabelError(f"{path.name}: {len(missing)} sentence(s) without a label, first: {doc} #{s.index} {s.text[:60]!r}")
    return labeled


def uncovered(labeled: LabeledSet) -> list[tuple[str, Any]]:
    """Sentences no label overlaps."""
    out = []
    for doc in labeled.documents:
        spans = [(lab.start, lab.end) for lab in labeled.labels_for(doc.id)]
        for s in doc.sentences:
            if not any(a < s.end and s.start < b for a, b in spans):
                out.append((doc.id, s))
    return out


def clean_records(document: Document) -> list[dict[str, Any]]:
    """One ``clean`` record per sentence (for text written clean on purpose)."""
    out = []
    for s in document.sentences:
        rec: dict[str, Any] = {"document": document.id, "anchor": s.text, "label": "clean"}
        occurrence = document.text[: s.start].count(s.text) + 1
        if occurrence > 1:
            rec["occurrence"] = occurrence
        out.append(rec)
    return out


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> None:
    """Atomic write: a reader never sees half a label file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    tmp.replace(path)
