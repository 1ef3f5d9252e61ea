"""Matching an audit's flags against labels: precision, recall and F1 per category.

Sentence level, because an editor reviews sentences:

* A labeled error is **found** when a sentence it overlaps has a flag at or above the
  threshold (default medium) whose category equals the label's. It is **detected** when
  such a sentence has any flag at or above the threshold, whatever its category
  (the category-agnostic "any flag" recall).
* Only errors whose labeled severity reaches the threshold count for recall; a sentence
  whose errors are all below it (a stray space before a full stop at the medium threshold)
  is neutral: neither counted as missed nor as a false positive when flagged.
* Each (sentence, flagged category) pair at or above the threshold is one **prediction**.
  It is correct when the sentence carries an error label of that category; otherwise it is
  a false positive (on a clean sentence, or a wrong category on an erroneous one).
* Sentences with a ``debatable`` label and no error label are excluded from both sides, as
  are sentences no label touches.

Precision = correct predictions / predictions; recall = found errors / errors;
F1 their harmonic mean; "overall" sums the counts over categories.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..engine import AuditResult
from ..types import CATEGORIES, SEVERITY_RANK
from .labels import Label, LabeledSet


@dataclass
class Counts:
    predictions: int = 0
    correct: int = 0
    errors: int = 0
    found: int = 0
    detected: int = 0

    @property
    def precision(self) -> float | None:
        return self.correct / self.predictions if self.predictions else None

    @property
    def recall(self) -> float | None:
        return self.found / self.errors if self.errors else None

    @property
    def any_recall(self) -> float | None:
        return self.detected / self.errors if self.errors else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.predictions += other.predictions
        self.correct += other.correct
        self.errors += other.errors
        self.found += other.found
        self.detected += other.detected

    def to_dict(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {"predictions": self.predictions, "correct": self.correct, "errors": self.errors,
                "found": self.found, "detected": self.detected, "precision": r(self.precision),
                "recall": r(self.recall), "f1": r(self.f1), "any_flag_recall": r(self.any_recall)}


@dataclass
class ErrorOutcome:
    label: Label
    text: str
    #: categories of the flags at or above the threshold on the error's sentence(s)
    flagged: tuple[str, ...]
    codes: tuple[str, ...]

    @property
    def found(self) -> bool:
        return self.label.category in self.flagged

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.label.document, "start": self.label.start, "end": self.label.end,
                "text": self.text, "category": self.label.category, "severity": self.label.severity,
                "found": self.found, "flagged": list(self.flagged), "codes": list(self.codes),
                "note": self.label.note}


@dataclass
class FalsePositive:
    document: str
    sentence: int
    text: str
    category: str
    codes: tuple[str, ...]
    #: "clean", or the labeled error categories when the flag's category is the wrong one
    labeled: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__, codes=list(self.codes))


@dataclass
class Evaluation:
    name: str
    threshold: str
    per_category: dict[str, Counts]
    overall: Counts
    errors: list[ErrorOutcome]
    false_positives: list[FalsePositive]
    #: (labeled category, flagged category or "-") -> count, over the labeled errors
    confusion: Counter = field(default_factory=Counter)
    sentences: dict[str, int] = field(default_factory=dict)
    #: the back-translation status of the audit ("disabled": text checks only)
    backtranslation: str = "disabled"
    #: per check code: sentences it flagged at or above the threshold ("flags") and how many
    #: of those carry an error of the check's category ("right")
    per_check: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "set": self.name,
            "threshold": self.threshold,
            "backtranslation": self.backtranslation,
            "sentences": self.sentences,
            "overall": self.overall.to_dict(),
            "categories": {c: n.to_dict() for c, n in self.per_category.items()},
            "checks": self.per_check,
            "confusion": [{"labeled": a, "flagged": b, "count": n} for (a, b), n in sorted(self.confusion.items())],
            "errors": [e.to_dict() for e in self.errors],
            "false_positives": [f.to_dict() for f in self.false_positives],
        }


def _at_least(severity: str | None, threshold: str) -> bool:
    return severity is not None and SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold]


def evaluate(labeled: LabeledSet, result: AuditResult, threshold: str = "medium") -> Evaluation:
    """Score an audit of ``labeled.documents`` against ``labeled.labels``."""
    per_category = {c: Counts() for c in CATEGORIES}
    outcomes: list[ErrorOutcome] = []
    false_positives: list[FalsePositive] = []
    confusion: Counter = Counter()
    status_counts: Counter = Counter()
    per_code: dict[str, Counter] = defaultdict(Counter)
    for doc_result in result.documents:
        doc = doc_result.document
        labels = labeled.labels_for(doc.id)
        # per sentence: the flagged categories (and codes) at or above the threshold
        flagged: dict[int, dict[str, set[str]]] = {}
        for sr in doc_result.sentences:
            cats: dict[str, set[str]] = defaultdict(set)
            for f in sr.flags:
                if _at_least(f.severity, threshold):
                    cats[f.category].add(f.code)
            flagged[sr.sentence.index] = cats

        def overlapping(lab: Label) -> list[int]:
            return [s.index for s in doc.sentences if lab.start < s.end and s.start < lab.end]

        sentence_labels: dict[int, list[Label]] = defaultdict(list)
        for lab in labels:
            for i in overlapping(lab):
                sentence_labels[i].append(lab)

        for lab in labels:
            if lab.label != "error" or not _at_least(lab.severity, threshold):
                continue
            cats: set[str] = set()
            codes: set[str] = set()
            for i in overlapping(lab):
                for c, cs in flagged[i].items():
                    cats.add(c)
                    codes |= cs
            outcome = ErrorOutcome(lab, doc.text[lab.start:lab.end], tuple(sorted(cats)), tuple(sorted(codes)))
            outcomes.append(outcome)
            counts = per_category[lab.category]
            counts.errors += 1
            counts.found += outcome.found
            counts.detected += bool(cats)
            for c in cats or {"-"}:
                confusion[(lab.category, c)] += 1

        for s in doc.sentences:
            labs = sentence_labels.get(s.index, [])
            errors = [lab for lab in labs if lab.label == "error"]
            status = ("error" if errors else "debatable" if any(lab.label == "debatable" for lab in labs)
                      else "clean" if labs else "unlabeled")
            status_counts[status] += 1
            if status in ("debatable", "unlabeled"):
                continue
            if errors and not any(_at_least(lab.severity, threshold) for lab in errors):
                continue  # only minor errors here: neutral at this threshold
            labeled_cats = {lab.category for lab in errors}
            for category, codes in flagged[s.index].items():
                counts = per_category[category]
                counts.predictions += 1
                for code in codes:
                    per_code[code]["flags"] += 1
                    per_code[code]["right"] += category in labeled_cats
                if category in labeled_cats:
                    counts.correct += 1
                else:
                    false_positives.append(FalsePositive(
                        doc.id, s.index, s.text, category, tuple(sorted(codes)),
                        ",".join(sorted(labeled_cats)) if labeled_cats else "clean"))
                    if not labeled_cats:
                        confusion[("clean", category)] += 1

    overall = Counts()
    for counts in per_category.values():
        overall.add(counts)
    status = result.documents[0].backtranslation.get("status", "disabled") if result.documents else "disabled"
    return Evaluation(labeled.name, threshold, per_category, overall, outcomes, false_positives,
                      confusion, dict(status_counts), status,
                      {code: dict(c) for code, c in sorted(per_code.items())})


def label_counts(labels: Iterable[Label]) -> dict[str, int]:
    """How many records of each kind: "error:figure", "clean", "debatable"."""
    out: Counter = Counter()
    for lab in labels:
        out[f"error:{lab.category}" if lab.label == "error" else lab.label] += 1
    return dict(sorted(out.items()))
