"""The data the audit stages hand on: a corpus of documents with what the stages before the
checks found about it (back-translations, aligned sources, signals), and the interface of
back-translation.

It sits below everything that reads it (the checks, :mod:`auditor.signals`,
:mod:`auditor.align`, the engine) and imports none of them, so data flows one way:
engine -> checks -> signals -> corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from .document import Document, Sentence

T = TypeVar("T")


@dataclass(frozen=True)
class Translation:
    """A model's translation of one sentence, with the model's own confidence."""

    text: str
    logprob_sum: float
    logprob_mean: float
    tokens: int
    truncated: bool = False


class Translator(Protocol):
    """What the engine needs from back-translation: a batch in, translations out."""

    def translate(self, texts: Sequence[str]) -> list[Translation]: ...

    def describe(self) -> dict[str, Any]: ...


@dataclass
class Corpus:
    """All documents of one run, read-only for checks, plus a memo for shared analyses.

    ``memo`` lets several checks share one expensive per-sentence analysis (figures, POS
    tags) without any of them owning it: ``corpus.memo(("figures", doc.id, s.index), fn)``.

    :meth:`view` cuts out one document with everything keyed by it: what a worker process
    gets to check that document.
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
    #: a view's: what the whole run provides (see :meth:`provides`), which the view's own
    #: dicts cannot tell (its document may have no back-translation where others have one)
    run_provides: frozenset[str] | None = None
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

    def provides(self) -> frozenset[str]:
        """What the run has beyond the text, in the words of ``Check.requires``:
        "backtranslation", "roundtrip", "source"."""
        if self.run_provides is not None:
            return self.run_provides
        have = set()
        if self.backtranslations:
            have.add("backtranslation")
        if self.roundtrip_done:
            have.add("roundtrip")
        if self.sources:
            have.add("source")
        return frozenset(have)

    def view(self, document: Document) -> Corpus:
        """``document`` alone, with its back-translations, signals, aligned sources, source
        document and alignment, and what the whole run provides; an empty memo."""
        # a run without a model has none of these: its sentences need not be read (made, when
        # the document keeps them as offsets) only to look nothing up
        keys = ([(document.id, s.index) for s in document.sentences]
                if self.backtranslations or self.sources or self.signals else [])
        source = self.source_documents.get(document.id)
        alignment = self.alignments.get(document.id)
        return Corpus(
            documents=[document],
            backtranslations={k: self.backtranslations[k] for k in keys if k in self.backtranslations},
            sources={k: self.sources[k] for k in keys if k in self.sources},
            source_documents={} if source is None else {document.id: source},
            alignments={} if alignment is None else {document.id: alignment},
            signals={k: self.signals[k] for k in keys if k in self.signals},
            roundtrip_done=self.roundtrip_done,
            run_provides=self.provides(),
        )


__all__ = ["Corpus", "Translation", "Translator"]
