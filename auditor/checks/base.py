"""The check contract.

A check is a small class with a stable ``code`` (FIG001), a kebab ``name``, a ``category``,
a default ``severity`` and a docstring with the sections *What it catches*, *Why it
matters*, *Flags*, *Does not flag* (and optionally *Options*); ``auditor checks explain``
prints that docstring. The engine calls :meth:`Check.prepare` once per run with the whole
corpus (for checks that compare across sentences and documents), then :meth:`Check.check`
for every sentence. Checks never do I/O.

Checks report spans relative to the sentence (``self.flag(sentence, start, end, ...)``);
the finding carries document offsets, like every offset in auditor.
"""

from __future__ import annotations

import abc
import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from ..document import Document, Sentence
from ..types import Category, Severity

T = TypeVar("T")

DOC_SECTIONS = ("What it catches", "Why it matters", "Flags", "Does not flag")


@dataclass(frozen=True)
class Evidence:
    """Another place that supports a finding (the 10.000 Soldaten of another document)."""

    text: str
    document: str | None = None
    sentence: int | None = None
    start: int | None = None
    end: int | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Finding:
    code: str
    check: str
    category: Category
    severity: Severity
    message: str
    start: int
    end: int
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "check": self.check,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class Translation:
    """A model's translation of one sentence, with the model's own confidence."""

    text: str
    logprob_sum: float
    logprob_mean: float
    tokens: int
    truncated: bool = False


@dataclass
class Corpus:
    """All documents of one run, read-only for checks, plus a memo for shared analyses.

    ``memo`` lets several checks share one expensive per-sentence analysis (figures, POS
    tags) without any of them owning it: ``corpus.memo(("figures", doc.id, s.index), fn)``.
    """

    documents: list[Document]
    backtranslations: dict[tuple[str, int], Translation] = field(default_factory=dict)
    #: bilingual mode: target (doc id, sentence index) -> aligned source sentences
    sources: dict[tuple[str, int], list[Sentence]] = field(default_factory=dict)
    source_documents: dict[str, Document] = field(default_factory=dict)
    #: bilingual mode: target doc id -> auditor.align.Alignment (pairs, omissions, additions)
    alignments: dict[str, Any] = field(default_factory=dict)
    signals: dict[tuple[str, int], dict[str, float]] = field(default_factory=dict)
    #: the round trip (English back into the document language) ran for this corpus
    roundtrip_done: bool = False
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    def sentences(self) -> Iterator[tuple[Document, Sentence]]:
        for doc in self.documents:
            for s in doc.sentences:
                yield doc, s

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)


@dataclass(frozen=True)
class Context:
    """What a check sees for one sentence."""

    document: Document
    corpus: Corpus

    def backtranslation(self, sentence: Sentence) -> Translation | None:
        return self.corpus.backtranslations.get((self.document.id, sentence.index))

    def source(self, sentence: Sentence) -> list[Sentence]:
        return self.corpus.sources.get((self.document.id, sentence.index), [])

    def signals(self, sentence: Sentence) -> dict[str, float]:
        return self.corpus.signals.get((self.document.id, sentence.index), {})


class Check(abc.ABC):
    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[Category]
    severity: ClassVar[Severity]
    #: what the check needs beyond the text: "backtranslation", "roundtrip", "source"
    requires: ClassVar[frozenset[str]] = frozenset()
    #: the languages it understands; None means any
    languages: ClassVar[frozenset[str] | None] = frozenset({"de"})

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        self.options = dict(options or {})

    def prepare(self, corpus: Corpus) -> None:
        """Hook: build corpus-wide indexes once per run (names, figures)."""

    @abc.abstractmethod
    def check(self, sentence: Sentence, ctx: Context) -> Iterable[Finding]:
        """Yield the findings for one sentence."""

    def applies_to(self, document: Document, corpus: Corpus) -> bool:
        if self.languages is not None and document.language not in self.languages:
            return False
        if "backtranslation" in self.requires and not corpus.backtranslations:
            return False
        if "roundtrip" in self.requires and not corpus.roundtrip_done:
            return False
        if "source" in self.requires and not corpus.sources:
            return False
        return True

    def flag(
        self,
        sentence: Sentence,
        start: int,
        end: int,
        message: str,
        *,
        evidence: Iterable[Evidence] = (),
        severity: Severity | None = None,
    ) -> Finding:
        """A finding on ``sentence.text[start:end]`` (offsets relative to the sentence)."""
        if not 0 <= start <= end <= len(sentence.text):
            raise ValueError(f"{self.code}: span {start}:{end} outside the sentence")
        return Finding(
            code=self.code,
            check=self.name,
            category=self.category,
            severity=severity or self.severity,
            message=message,
            start=sentence.start + start,
            end=sentence.start + end,
            evidence=tuple(evidence),
        )

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """The docstring split into its named sections (``Section:`` lines)."""
        doc = inspect.getdoc(cls) or ""
        sections: dict[str, str] = {}
        current = "Summary"
        for line in doc.splitlines():
            m = re.fullmatch(r"([A-Z][a-z]+(?: [a-z]+)*):\s*", line)
            if m:
                current = m.group(1)
                sections[current] = ""
            else:
                sections[current] = (sections.get(current, "") + line + "\n")
        return {k: v.strip() for k, v in sections.items()}
