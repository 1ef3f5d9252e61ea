"""Agreement with human annotations of real MT output: MQM error spans and critical-error labels.

MT teams hold annotations their translators made (MQM, WMT critical-error labels) and want to
know how auditor's flags agree with them. This module reads the two standard layouts and
scores an audit against them; ``auditor eval`` picks it when given such a file.

**MQM TSV** (Freitag et al. 2021; the Marot / Anthea export): a header, then one row per
error ``system doc doc_id seg_id rater source target category severity [comment]``, the
error's span marked with ``<v>...</v>`` inside ``target``; an error-free segment has one row
with category ``No-error``. One German document per (system, doc), one segment per line in
``seg_id`` order, its English source likewise; each system is audited as one corpus, as a
user audits one system's output. A segment is **flagged** when a sentence that overlaps it
has a flag at or above the threshold.

**CED TSV** (WMT21 critical error detection): ``id source target [scores] label`` with label
``ERR`` or ``NOT``, no header, the German tokenised Moses-style. Each pair is its own
document; all pairs form one run.

Severities and categories are MQM's own; a segment "has an error" when it has any row with
a ``Major`` or ``Minor`` severity (``Neutral`` rows mark a preference, not an error).
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..document import Document
from ..engine import AuditConfig, prepare_document, run_audit
from ..types import SEVERITY_RANK

MQM_COLUMNS = ("system", "doc", "doc_id", "seg_id", "rater", "source", "target", "category", "severity")
NO_ERROR = "No-error"
ERROR_SEVERITIES = ("Major", "Minor")
_SPAN = re.compile(r"</?v>")


class AnnotationError(ValueError):
    """An annotation file auditor cannot read (one line naming the file, line and reason)."""


# --- reading -------------------------------------------------------------------------------

@dataclass(frozen=True)
class MqmError:
    category: str
    severity: str
    #: character offsets of the ``<v>`` span in the segment's clean target (None: no span)
    start: int | None
    end: int | None
    rater: str = ""
    comment: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity in ERROR_SEVERITIES and self.category != NO_ERROR


@dataclass
class MqmSegment:
    system: str
    doc: str
    seg_id: int
    source: str
    target: str
    annotations: list[MqmError] = field(default_factory=list)

    @property
    def errors(self) -> list[MqmError]:
        return [a for a in self.annotations if a.is_error]

    @property
    def error_free(self) -> bool:
        """Annotated as having no error at all (a ``No-error`` row and no Major/Minor one)."""
        return not self.errors and any(a.category == NO_ERROR for a in self.annotations)

    @property
    def major(self) -> bool:
        return any(a.severity == "Major" for a in self.errors)


def _strip_spans(marked: str) -> tuple[str, int | None, int | None]:
    """The target without ``<v>`` markers and the span they enclosed (first pair only)."""
    start = end = None
    out: list[str] = []
    pos = 0
    length = 0
    for m in _SPAN.finditer(marked):
        out.append(marked[pos:m.start()])
        length += m.start() - pos
        if m.group() == "<v>" and start is None:
            start = length
        elif m.group() == "</v>" and start is not None and end is None:
            end = length
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), start, end if start is not None else None


def read_mqm(path: Path) -> list[MqmSegment]:
    """The segments of an MQM TSV file, in file order of their first row."""
    segments: dict[tuple[str, str, int], MqmSegment] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows, None)
        if header is None or tuple(h.strip().lower() for h in header[:9]) != MQM_COLUMNS:
            raise AnnotationError(f"{path}:1: not an MQM TSV (expected the header {' '.join(MQM_COLUMNS)} [comment])")
        for lineno, row in enumerate(rows, start=2):
            if not row:
                continue
            if len(row) < 9:
                raise AnnotationError(f"{path}:{lineno}: {len(row)} columns, expected at least 9")
            system, doc, _doc_id, seg, rater, source, marked, category, severity = row[:9]
            try:
                seg_id = int(seg)
            except ValueError:
                raise AnnotationError(f"{path}:{lineno}: seg_id {seg!r} is not a number") from None
            target, start, end = _strip_spans(marked)
            key = (system, doc, seg_id)
            segment = segments.get(key)
            if segment is None:
                segment = segments[key] = MqmSegment(system, doc, seg_id, source, target)
            elif segment.target.split() != target.split():  # raters' exports may differ in spacing only
                raise AnnotationError(f"{path}:{lineno}: segment {system}/{doc}/{seg_id} has two different targets")
            segment.annotations.append(MqmError(category, severity, start, end, rater,
                                                row[9] if len(row) > 9 else ""))
    if not segments:
        raise AnnotationError(f"{path}: no annotated segments")
    return list(segments.values())


@dataclass
class CedPair:
    id: str
    source: str
    target: str
    critical: bool


def read_ced(path: Path) -> list[CedPair]:
    """WMT21 critical-error pairs; the Moses-tokenised German is detokenised."""
    pairs: list[CedPair] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for lineno, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
            if not row:
                continue
            if len(row) < 4 or row[-1] not in ("ERR", "NOT"):
                raise AnnotationError(f"{path}:{lineno}: not a critical-error row (id source target [scores] ERR|NOT)")
            pairs.append(CedPair(row[0], row[1], detokenize_german(row[2], row[1]), row[-1] == "ERR"))
    if not pairs:
        raise AnnotationError(f"{path}: no pairs")
    return pairs


def sniff(path: Path) -> str | None:
    """"mqm", "ced" or None (not an annotation file auditor knows) from the first line."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            first = fh.readline().rstrip("\r\n").split("\t")
    except (OSError, UnicodeDecodeError):
        return None
    if tuple(h.strip().lower() for h in first[:9]) == MQM_COLUMNS:
        return "mqm"
    if len(first) >= 4 and first[-1] in ("ERR", "NOT"):
        return "ced"
    return None


# Moses tokenisation as the WMT21 CED data has it: spaces around punctuation, quotes and
# brackets. sacremoses' detokenizer would do this, but installing sacremoses changes how
# transformers' MarianTokenizer normalises punctuation (it uses sacremoses when present), and
# the two back-translation backends must keep tokenising alike; these few rules undo what the
# German Moses tokenizer does to news-like text.
# "5 %" keeps its space: that is how German writes it (DIN 5008), and Moses cannot tell
_NO_SPACE_BEFORE = re.compile(r" +([,.!?;:)\]}…»])")
_NO_SPACE_AFTER = re.compile(r"([(\[{«„¿¡]) +")
# "don ' t", "Spar ' s": an English contraction or genitive split on both sides (a lone
# quote mark before a word, "zum ' Signieren '", stays apart)
_APOS = re.compile(r"(\w) +'(?=\w)|(\w)' +(?=s\b)|(\w) +' +(?=(?:t|s|ll|re|ve|d|m)\b)")


# a dash set off by spaces in the source: a Gedankenstrich the German may keep spaced
_SPACED_DASH = re.compile(r"\s(?:-|--|–|—)\s")


def detokenize_german(text: str, source: str | None = None) -> str:
    """Undo Moses tokenisation of German: ``Vielen Dank , Alison .`` -> ``Vielen Dank, Alison.``

    A hyphen the tokenizer set off by spaces ("Su - 47", "Talk - Seite") cannot be told from a
    dash by the German alone; with the ``source``, one that has no spaced dash of its own
    ("Su-47", "talk page") had none to translate, so the German's are hyphens and are joined.
    """
    text = re.sub(r" ?@([-/])@ ?", r"\1", text)
    if source is not None:
        dashes = bool(_SPACED_DASH.search(source))
        # the hyphen of an elided compound part stays with its word: "Vor- und Nachnamen"
        text = re.sub(r"(\w+) - (?=(?:und|oder|bis|sowie|als|noch)\b)",
                      lambda m: m.group(1) + ("- " if not dashes else " - "), text)
        text = re.sub(r"(\w+) - (?=(\w+))",
                      lambda m: m.group(1) + ("-" if not dashes or f"{m.group(1)}-{m.group(2)}" in source
                                              else " - "), text)

    # a number Moses split at its separator: "40 . 000", "40 , 6", "06 : 10"; with the
    # source, two figures it keeps apart stay apart ("17:53, 3 September", "October 3, 2007")
    def number(m: re.Match[str]) -> str:
        a, sep, b = m.groups()
        if source is not None and re.search(rf"(?<!\d){a}{re.escape(sep)}\s+{b}(?!\d)", source):
            return f"{a}{sep} "
        if sep == ":" and len(b) != 2 and not (source is not None and f"{a}:{b}" in source):
            return f"{a} : "
        return a + sep

    text = re.sub(r"(\d+) ([.,:]) (?=(\d+))", number, text)
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    text = _NO_SPACE_AFTER.sub(r"\1", text)
    text = re.sub(r" +“", "“", text)  # German closing quote „...“ leans left
    text = _APOS.sub(lambda m: (m.group(1) or m.group(2) or m.group(3)) + "'", text)
    # straight double quotes: alternately opening and closing
    out, open_ = [], False
    for part in re.split(r'( ?" ?)', text):
        if part.strip() == '"':
            out.append(' "' if not open_ else '" ')
            open_ = not open_
        else:
            out.append(part)
    return re.sub(r" {2,}", " ", "".join(out)).strip()


# --- auditing ------------------------------------------------------------------------------

def _document(doc_id: str, lines: Sequence[str], language: str) -> tuple[Document, list[tuple[int, int]]]:
    """One line per segment; returns the document and each segment's (start, end)."""
    spans, pos = [], 0
    for line in lines:
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return prepare_document(doc_id, doc_id, "\n".join(lines), language), spans


@dataclass
class SegmentOutcome:
    segment: MqmSegment
    #: every check that flagged a sentence overlapping the segment: code -> (highest severity, message)
    flags: dict[str, tuple[str, str]]
    threshold: str = "medium"

    @property
    def codes(self) -> list[str]:
        """The checks whose flag reaches the threshold."""
        rank = SEVERITY_RANK[self.threshold]
        return [code for code, (sev, _) in self.flags.items() if SEVERITY_RANK[sev] >= rank]

    @property
    def messages(self) -> list[str]:
        return [f"{code}: {self.flags[code][1]}" for code in self.codes]


def _flags_by_code(flags: Iterable[Any]) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for f in flags:
        if f.code not in out or SEVERITY_RANK[f.severity] > SEVERITY_RANK[out[f.code][0]]:
            out[f.code] = (f.severity, f.message)
    return out


def audit_mqm(segments: Sequence[MqmSegment], with_source: bool = False, threshold: str = "medium",
              select: tuple[str, ...] = (), ignore: tuple[str, ...] = (), translator: Any = None) -> list[SegmentOutcome]:
    """Audit each system's documents as one corpus; one outcome per segment."""
    by_system: dict[str, dict[str, list[MqmSegment]]] = defaultdict(lambda: defaultdict(list))
    for seg in segments:
        by_system[seg.system][seg.doc].append(seg)
    config = AuditConfig(select=select, ignore=ignore)
    outcomes: list[SegmentOutcome] = []
    for system, docs in by_system.items():
        documents, sources, spans = [], {}, {}
        for doc, segs in docs.items():
            segs.sort(key=lambda s: s.seg_id)
            doc_id = f"{system}:{doc}"
            document, seg_spans = _document(doc_id, [s.target for s in segs], "de")
            documents.append(document)
            spans[doc_id] = list(zip(segs, seg_spans))
            if with_source:
                sources[doc_id] = _document(f"{doc_id}:source", [s.source for s in segs], "en")[0]
        result = run_audit(documents, config, translator=translator, sources=sources or None)
        for dr in result.documents:
            flagged = [sr for sr in dr.sentences if sr.flags]
            for seg, (a, b) in spans[dr.document.id]:
                overlapping = [f for sr in flagged if sr.sentence.start < max(b, a + 1) and sr.sentence.end > a
                               for f in sr.flags]
                outcomes.append(SegmentOutcome(seg, _flags_by_code(overlapping), threshold))
    return outcomes


# --- scoring -------------------------------------------------------------------------------

def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


# Flags on segments the annotators left error-free that we judge to be real errors they let
# pass (a doubled "es es"): set, system, doc, seg_id, check code, reason. The measured
# precision is given with and without them; docs/realmt.md explains each class.
ADJUDICATED = Path(__file__).with_name("data") / "adjudicated.tsv"


def load_adjudications(set_name: str, path: Path = ADJUDICATED) -> dict[tuple[str, str, int], dict[str, str]]:
    """(system, doc, seg_id) -> {check code: reason} for the annotation file named ``set_name``."""
    table: dict[tuple[str, str, int], dict[str, str]] = defaultdict(dict)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["set"] == set_name:
                table[(row["system"], row["doc"], int(row["seg_id"]))][row["check"]] = row["reason"]
    return dict(table)


@dataclass
class MqmEvaluation:
    name: str
    mode: str  # "german" or "source"
    threshold: str
    outcomes: list[SegmentOutcome]
    #: false alarms judged real errors (load_adjudications)
    adjudicated: dict[tuple[str, str, int], dict[str, str]] = field(default_factory=dict)

    def at(self, threshold: str) -> MqmEvaluation:
        """The same audit scored at another threshold (flags of every severity are kept)."""
        outcomes = [SegmentOutcome(o.segment, o.flags, threshold) for o in self.outcomes]
        return MqmEvaluation(self.name, self.mode, threshold, outcomes, self.adjudicated)

    def _adjudicated(self, o: SegmentOutcome, code: str | None = None) -> bool:
        """A flag on an error-free segment that we judge a real error the annotators missed."""
        s = o.segment
        judged = self.adjudicated.get((s.system, s.doc, s.seg_id), {})
        return s.error_free and (any(c in judged for c in o.codes) if code is None else code in judged)

    def summary(self) -> dict[str, Any]:
        segs = self.outcomes
        flagged = [o for o in segs if o.codes]
        clean = [o for o in segs if o.segment.error_free]
        false_alarms = [o for o in flagged if o.segment.error_free]
        right = [o for o in flagged if o.segment.errors]
        adjudicated = [o for o in false_alarms if self._adjudicated(o)]
        right_major = [o for o in flagged if o.segment.major]
        major = [o for o in segs if o.segment.major]
        major_accuracy = [o for o in major if _major_categories(o.segment, "Accuracy/")]
        return {
            "segments": len(segs), "error_free": len(clean), "with_error": sum(bool(o.segment.errors) for o in segs),
            "with_major": len(major), "flagged": len(flagged), "false_alarms": len(false_alarms),
            "false_alarm_rate": _ratio(len(false_alarms), len(clean)),
            "precision": _ratio(len(right), len(flagged)),
            "precision_major": _ratio(len(right_major), len(flagged)),
            "adjudicated": len(adjudicated),
            "precision_adjudicated": _ratio(len(right) + len(adjudicated), len(flagged)),
            "major_accuracy_segments": len(major_accuracy),
            "major_accuracy_found": sum(bool(o.codes) for o in major_accuracy),
            "major_found": sum(bool(o.codes) for o in major),
        }

    def recall_by_category(self) -> dict[str, dict[str, int]]:
        """Segments with a Major error of each MQM category, and how many of them were flagged."""
        table: dict[str, dict[str, int]] = defaultdict(lambda: {"segments": 0, "found": 0})
        for o in self.outcomes:
            for cat in _major_categories(o.segment, ""):
                table[cat]["segments"] += 1
                table[cat]["found"] += bool(o.codes)
        return dict(sorted(table.items()))

    def per_check(self) -> dict[str, dict[str, Any]]:
        """Per check: segments flagged, of them error-free, with an error, with a Major one."""
        table: dict[str, dict[str, Any]] = {}
        for o in self.outcomes:
            for code in o.codes:
                row = table.setdefault(code, {"flags": 0, "error_free": 0, "with_error": 0, "with_major": 0,
                                              "adjudicated": 0})
                row["flags"] += 1
                row["error_free"] += o.segment.error_free
                row["with_error"] += bool(o.segment.errors)
                row["with_major"] += o.segment.major
                row["adjudicated"] += self._adjudicated(o, code)
        for row in table.values():
            row["precision"] = _ratio(row["with_error"], row["flags"])
            row["precision_adjudicated"] = _ratio(row["with_error"] + row["adjudicated"], row["flags"])
        return dict(sorted(table.items()))

    def false_alarms(self) -> list[SegmentOutcome]:
        return [o for o in self.outcomes if o.codes and o.segment.error_free]

    def misses(self) -> list[SegmentOutcome]:
        return [o for o in self.outcomes if not o.codes and o.segment.major]

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "kind": "mqm", "mode": self.mode, "threshold": self.threshold,
                             "summary": _rounded(self.summary()), "recall_by_category": self.recall_by_category(),
                             "per_check": _rounded(self.per_check())}
        if details:
            d["false_alarms"] = [_outcome_dict(o, self.adjudicated.get((o.segment.system, o.segment.doc,
                                                                        o.segment.seg_id)))
                                 for o in self.false_alarms()]
            d["misses"] = [_outcome_dict(o) for o in self.misses()]
        return d


def _major_categories(seg: MqmSegment, prefix: str) -> list[str]:
    return sorted({a.category for a in seg.errors if a.severity == "Major" and a.category.startswith(prefix)})


def _outcome_dict(o: SegmentOutcome, judged: dict[str, str] | None = None) -> dict[str, Any]:
    s = o.segment
    return {**({"adjudicated": judged} if judged else {}),"system": s.system, "doc": s.doc, "seg_id": s.seg_id, "target": s.target, "source": s.source,
            "flags": o.messages,
            "annotations": [{"category": a.category, "severity": a.severity,
                             "span": s.target[a.start:a.end] if a.start is not None and a.end is not None else None,
                             **({"comment": a.comment} if a.comment else {})}
                            for a in s.annotations]}


def _rounded(obj: Any) -> Any:
    if isinstance(obj, float):
        return round(obj, 4)
    if isinstance(obj, dict):
        return {k: _rounded(v) for k, v in obj.items()}
    return obj


@dataclass
class CedEvaluation:
    name: str
    mode: str
    threshold: str
    pairs: list[CedPair]
    #: per pair: code -> highest severity of its flags
    flags: list[dict[str, str]]

    @property
    def codes(self) -> list[list[str]]:
        rank = SEVERITY_RANK[self.threshold]
        return [sorted(c for c, sev in f.items() if SEVERITY_RANK[sev] >= rank) for f in self.flags]

    def at(self, threshold: str) -> CedEvaluation:
        return CedEvaluation(self.name, self.mode, threshold, self.pairs, self.flags)

    def counts(self, code: str | None = None) -> dict[str, Any]:
        tp = fp = fn = tn = 0
        for pair, codes in zip(self.pairs, self.codes, strict=True):
            flagged = bool(codes) if code is None else code in codes
            if flagged and pair.critical:
                tp += 1
            elif flagged:
                fp += 1
            elif pair.critical:
                fn += 1
            else:
                tn += 1
        denom = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
        return {"pairs": len(self.pairs), "critical": tp + fn, "flagged": tp + fp, "tp": tp, "fp": fp,
                "fn": fn, "tn": tn, "precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn),
                "mcc": (tp * tn - fp * fn) / denom if denom else 0.0}

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        used = sorted({c for codes in self.codes for c in codes})
        d: dict[str, Any] = {"name": self.name, "kind": "ced", "mode": self.mode, "threshold": self.threshold,
                             "summary": _rounded(self.counts()),
                             "per_check": {c: _rounded(self.counts(c)) for c in used}}
        if details:
            d["false_alarms"] = [{"id": p.id, "target": p.target, "source": p.source, "flags": c}
                                 for p, c in zip(self.pairs, self.codes) if c and not p.critical]
        return d


def audit_ced(pairs: Sequence[CedPair], with_source: bool = False, select: tuple[str, ...] = (), ignore: tuple[str, ...] = (), translator: Any = None) -> list[dict[str, str]]:
    """Per pair, each check that flagged it with its highest severity (each pair its own document, one run)."""
    documents, sources = [], {}
    for p in pairs:
        documents.append(prepare_document(p.id, p.id, p.target, "de"))
        if with_source:
            sources[p.id] = prepare_document(f"{p.id}:source", p.id, p.source, "en")
    result = run_audit(documents, AuditConfig(select=select, ignore=ignore), translator=translator,
                       sources=sources or None)
    return [{code: sev for code, (sev, _) in _flags_by_code(f for sr in dr.sentences for f in sr.flags).items()}
            for dr in result.documents]


def evaluate_file(path: Path, with_source: bool, threshold: str = "medium", select: tuple[str, ...] = (),
                  ignore: tuple[str, ...] = (), translator: Any = None) -> MqmEvaluation | CedEvaluation:
    kind = sniff(path)
    mode = "source" if with_source else "german"
    if kind == "mqm":
        segments = read_mqm(path)
        return MqmEvaluation(path.stem, mode, threshold,
                             audit_mqm(segments, with_source, threshold, select, ignore, translator),
                             load_adjudications(path.stem))
    if kind == "ced":
        pairs = read_ced(path)
        return CedEvaluation(path.stem, mode, threshold, pairs,
                             audit_ced(pairs, with_source, select, ignore, translator))
    raise AnnotationError(f"{path}: neither an MQM TSV (header {' '.join(MQM_COLUMNS)}) nor a critical-error TSV")


# --- rendering -----------------------------------------------------------------------------

_MODES = {"german": "German only", "source": "with the English sources"}


def _pct(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def render_evaluation(ev: MqmEvaluation | CedEvaluation, details: bool = False) -> list[str]:
    """The plain-text report of ``auditor eval`` on an annotation file."""
    d = ev.to_dict(details)
    s = d["summary"]
    if d["kind"] == "ced":
        lines = [f"{ev.name}: critical-error labels, {_MODES[ev.mode]}, threshold {ev.threshold}; "
                 f"{s['pairs']} pairs, {s['critical']} critical",
                 f"flagged {s['flagged']}: right {s['tp']}, false alarms {s['fp']}; missed {s['fn']}",
                 f"precision {_pct(s['precision'])}  recall {_pct(s['recall'])}  MCC {_pct(s['mcc'], 3)}",
                 "per check: flagged / right / precision / MCC"]
        lines += [f"  {code:<7} {r['flagged']:>5} {r['tp']:>5} {_pct(r['precision']):>5} {_pct(r['mcc'], 3):>6}"
                  for code, r in d["per_check"].items()]
        if details:
            lines.append("false alarms:")
            lines += [f"  {fa['id']} ({', '.join(fa['flags'])}): {fa['target'][:100]!r}" for fa in d["false_alarms"]]
        return lines
    lines = [f"{ev.name}: MQM, {_MODES[ev.mode]}, threshold {ev.threshold}; {s['segments']} segments, "
             f"{s['error_free']} error-free, {s['with_major']} with a Major error",
             f"flagged segments {s['flagged']}; on error-free segments {s['false_alarms']} "
             f"({100 * (s['false_alarm_rate'] or 0):.2f} % of them)",
             f"precision {_pct(s['precision'])} (segment has an annotated error; a Major one: "
             f"{_pct(s['precision_major'])}); with {s['adjudicated']} false alarms judged real errors the "
             f"annotators missed: {_pct(s['precision_adjudicated'])}",
             "segments with a Major error, found / all, per MQM category:"]
    lines += [f"  {cat:<40} {r['found']:>4} / {r['segments']}" for cat, r in d["recall_by_category"].items()]
    lines.append("per check: flagged segments / on error-free / precision / adjudicated precision")
    lines += [f"  {code:<7} {r['flags']:>5} {r['error_free']:>5} {_pct(r['precision']):>5} "
              f"{_pct(r['precision_adjudicated']):>5}" for code, r in d["per_check"].items()]
    if details:
        for title, key in (("false alarms (flags on error-free segments):", "false_alarms"),
                           ("missed segments with a Major error:", "misses")):
            lines.append(title)
            for o in d[key]:
                notes = "; ".join(f"{a['category']}/{a['severity']}" + (f" {a['span']!r}" if a["span"] else "")
                                  for a in o["annotations"])
                lines.append(f"  {o['system']} {o['doc']} #{o['seg_id']} [{', '.join(o['flags']) or notes}] "
                             f"{o['target']!r}" + (f" <- {o['source']!r}" if key == "false_alarms" else f" ({notes})"))
    return lines
