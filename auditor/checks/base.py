"""The check contract.

A check is a small class with a stable ``code`` (FIG001), a kebab ``name``, a ``category``,
a default ``severity`` and a docstring with the sections *What it catches*, *Why it
matters*, *Flags*, *Does not flag* (and optionally *Options*); ``auditor checks explain``
prints that docstring. The engine calls :meth:`Check.check` for every sentence, with a
:class:`Context` that holds the sentence's document and what the stages before found about
it (back-translation, aligned source, signals). Checks never do I/O.

A check that compares across documents (a figure here with the same noun elsewhere, one
name spelled two ways) does it in three steps, so that documents can be checked in worker
processes (:mod:`auditor.parallel`):

1. **map** :meth:`Check.facts`: per document, the small picklable facts it needs from it
   (the figures with their nouns, the spellings of names, the acronyms);
2. **reduce** :meth:`Check.merge`: the facts of all documents, in input order, merged into
   one compact index (in the audit process, with the whole corpus at hand for what must be
   decided in one place);
3. :meth:`Check.check` reads that index as ``self.index``, per sentence, anywhere.

Checks that share one index (the figure checks) name it alike in ``index_key``: its facts
and merge run once. :meth:`Check.prepare` runs the three steps in this process, for tests
and scripts that call a check by hand.

Checks report spans relative to the sentence (``self.flag(sentence, start, end, ...)``);
the finding carries document offsets, like every offset in auditor.
"""

from __future__ import annotations

import abc
import inspect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from ..corpus import Corpus, Translation
from ..document import Document, Sentence
from ..types import Category, Severity

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

    #: the cross-document index ``merge`` built (None: the check keeps none)
    index: Any = None
    #: checks with the same key share one index; None: the check's own code
    index_key: ClassVar[str | None] = None

    @staticmethod
    def parallel(fn: Callable[[list[Any], Any], list[Any]], items: Sequence[Any], sizes: Sequence[int]) -> list[Any]:
        """For ``merge``: ``fn(chunk, None)`` over ``items`` in chunks (``sizes``: each item's
        weight in characters, as ``auditor.parallel.map_in_order`` chunks them), one result
        per item, in order. The engine replaces it, before ``merge``, with one that runs
        where the map stage runs (the worker processes): a reduce step that is many
        independent pieces (NAM001's POS tagging) then does not run on one core while the
        others wait. ``fn`` must be a module-level function. Here: in this process."""
        return list(fn(list(items), None))

    def facts(self, document: Document, corpus: Corpus) -> Any:
        """Map: the picklable facts ``merge`` needs from one document (``corpus`` is that
        document's view, or the whole corpus; read only what belongs to ``document``).
        None: nothing."""
        return None

    def merge(self, facts: Sequence[Any], corpus: Corpus) -> Any:
        """Reduce: the index ``check`` reads as ``self.index``, from every document's facts
        (in input order) and the whole corpus. None: the check needs no index."""
        return None

    def combine(self, total: Any, facts: Any) -> Any:
        """Optional: ``total`` (None at first) with one more document's ``facts`` folded in, in
        input order, for a check whose ``merge`` needs only the corpus's totals (counts,
        sets). The map stage then holds one running total instead of every document's facts
        (at a million sentences, the name check's per-document facts were gigabytes), and
        ``merge`` receives ``[total]``; it must answer as it would for the whole list."""
        raise NotImplementedError

    def prepare(self, corpus: Corpus) -> None:
        """Map and reduce here, in one process: ``self.index`` for ``corpus``."""
        self.index = self.merge([self.facts(doc, corpus) for doc in corpus.documents], corpus)

    @classmethod
    def cross_document(cls) -> bool:
        """Whether the check builds an index across documents (overrides ``merge``)."""
        return cls.merge is not Check.merge

    @classmethod
    def has_facts(cls) -> bool:
        return cls.facts is not Check.facts

    @classmethod
    def combines(cls) -> bool:
        """Whether the map stage may fold this check's facts into one total (``combine``)."""
        return cls.combine is not Check.combine

    @classmethod
    def shared_index(cls) -> str:
        return cls.index_key or cls.code

    @abc.abstractmethod
    def check(self, sentence: Sentence, ctx: Context) -> Iterable[Finding]:
        """Yield the findings for one sentence."""

    def applies_to(self, document: Document, corpus: Corpus) -> bool:
        if self.languages is not None and document.language not in self.languages:
            return False
        return self.requires <= corpus.provides()

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
