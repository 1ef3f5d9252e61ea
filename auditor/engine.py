"""The audit engine: segment -> back-translate -> checks -> score, on in-memory objects.

No I/O here: the caller (CLI, tests, library users) reads files, builds the translator
(backend + cache) and writes reports. Everything the engine needs comes in as arguments.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from . import __version__
from .checks import REGISTRY, Check, Context, Corpus, Evidence, Finding, Translation, select_checks
from .document import Document, Sentence
from .scoring import score_flags
from .segment import segment
from .types import Severity


#: evidence kept per flag. A text that repeats one figure or name thousands of times would
#: otherwise give each of its flags every other place (quadratic: a 10 MB text of repeated
#: articles grew past 3.4 GB); the seeds need at most 11.
MAX_EVIDENCE = 20


class Translator(Protocol):
    """What the engine needs from back-translation: a batch in, translations out."""

    def translate(self, texts: Sequence[str]) -> list[Translation]: ...

    def describe(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class AuditConfig:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: per-check options, by code: {"FIG001": {"factor_tolerance": 0.1}}
    check_options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def checks(self) -> list[type[Check]]:
        return select_checks(self.select, self.ignore)


@dataclass
class SentenceResult:
    sentence: Sentence
    backtranslation: Translation | None = None
    signals: dict[str, float] = field(default_factory=dict)
    flags: list[Finding] = field(default_factory=list)
    source: list[Sentence] = field(default_factory=list)
    score: float = 0.0
    severity: Severity = "none"


@dataclass
class CheckError:
    code: str
    document: str
    sentence: int | None
    error: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "sentence": self.sentence, "error": self.error}


@dataclass
class DocumentResult:
    document: Document
    sentences: list[SentenceResult]
    backtranslation: dict[str, Any]
    errors: list[CheckError] = field(default_factory=list)
    source_document: Document | None = None
    #: bilingual mode: the alignment's method, length ratio and pairs (auditor.align.Alignment.to_dict)
    alignment: dict[str, Any] | None = None
    #: selected checks that did not run on this document, code -> why (no model, no source,
    #: another language), so a report can say what was not looked at
    skipped: dict[str, str] = field(default_factory=dict)


@dataclass
class AuditResult:
    documents: list[DocumentResult]
    signature: str
    checks: list[str]


def signature(checks: Sequence[type[Check]], backtranslation: dict[str, Any]) -> str:
    """A reproducibility string in the spirit of sacrebleu's: what produced these flags."""
    parts = [f"auditor:{__version__}"]
    if backtranslation.get("status") == "ok":
        settings = backtranslation.get("settings", {})
        parts.append(f"model:{backtranslation.get('model')}")
        parts.append(f"backend:{backtranslation.get('backend')}")
        parts.append(f"beams:{settings.get('beams')}")
    else:
        parts.append(f"bt:{backtranslation.get('status', 'disabled')}")
    parts.append("checks:" + ",".join(c.code for c in checks))
    return "|".join(parts)


def prepare_document(doc_id: str, path: str, text: str, language: str, encoding: str = "utf-8", *,
                     segmenter: Callable[[str, str], list[Sentence]] = segment,
                     locale: str | None = None) -> Document:
    """A Document with its sentences. ``segmenter`` is ``auditor.segment.segment`` (pure) or
    the caller's cached version of it (``auditor.runcache.cached_segmenter``); ``locale`` a
    regional variant of ``language`` (``de_CH``), or None."""
    return Document(id=doc_id, path=path, text=text, language=language, encoding=encoding,
                    sentences=segmenter(text, language), locale=locale)


def run_audit(
    documents: Sequence[Document],
    config: AuditConfig | None = None,
    translator: Translator | Mapping[str, Translator] | None = None,
    backtranslation: dict[str, Any] | Mapping[str, dict[str, Any]] | None = None,
    sources: dict[str, Document] | None = None,
    progress: Callable[[int], None] | None = None,
    roundtrip: Translator | Mapping[str, Translator] | None = None,
    alignments: Mapping[str, Any] | None = None,
    on_document: Callable[[DocumentResult, str], None] | None = None,
) -> AuditResult:
    """Audit a corpus of segmented documents.

    ``translator`` back-translates (None: no model); a mapping gives one per document
    language. ``backtranslation`` describes the model status for the report where there is
    no translator ("unavailable" with a reason, or "disabled"), also per language if a
    mapping of language to status. ``sources`` maps a target document id to its source document (bilingual
    mode). ``progress`` is called with the number of sentences back-translated so far.
    ``roundtrip`` translates English back into the document language (the ``roundtrip``
    model of models.yaml; a mapping gives one per language) for the round-trip signal;
    None: no round trip. ``alignments`` maps a target document id to a ready
    ``auditor.align.Alignment`` with its source (a CAT file's units, already paired): no
    alignment step runs for those documents. ``on_document(result, signature)`` is called
    as each document's checks are done, in input order (progress, streamed reports).
    """
    config = config or AuditConfig()
    check_classes = config.checks()
    corpus = Corpus(documents=list(documents), source_documents=dict(sources or {}),
                    alignments=dict(alignments or {}))

    translators = _per_language(translator, corpus)
    # the round trip doubles the model time: only when a selected check asks for it
    wants_roundtrip = any("roundtrip" in c.requires for c in check_classes)
    roundtrips = _per_language(roundtrip, corpus) if wants_roundtrip else {}
    done = 0
    for lang, t in translators.items():
        done = _backtranslate(corpus, lang, t, progress, done)

    if corpus.source_documents:
        from .align import align_corpus  # bilingual mode: fills corpus.sources

        align_corpus(corpus)

    if corpus.backtranslations:
        from .signals import compute_signals  # model signals and their corpus z-scores

        compute_signals(corpus, roundtrips)
        corpus.roundtrip_done = bool(roundtrips)

    # Described after translating: a lazy backend knows its device only once its model is
    # loaded, and a run served wholly from the cache never loads it.
    statuses: dict[str, dict[str, Any]] = {}
    for lang in {d.language for d in corpus.documents}:
        if lang in translators:
            statuses[lang] = {"status": "ok", **translators[lang].describe()}
            # the round trip is reported beside the back-translation: the meaning signals
            # say which of them ran
            statuses[lang]["roundtrip"] = (
                {"status": "ok", **roundtrips[lang].describe()} if lang in roundtrips
                else {"status": "disabled", "reason": "no round-trip model given" if wants_roundtrip
                      else "no selected check needs the round trip"})
        else:
            given = backtranslation or {}
            status = given.get(lang) if isinstance(given.get(lang), Mapping) else given
            statuses[lang] = dict(status or {"status": "disabled", "reason": "back-translation was not requested"})

    errors: dict[str, list[CheckError]] = {d.id: [] for d in corpus.documents}
    checks: list[Check] = []
    for cls in check_classes:
        check = cls(config.check_options.get(cls.code))
        try:
            check.prepare(corpus)
        except Exception as exc:  # a broken check must not take the audit down
            for doc in corpus.documents:
                errors[doc.id].append(CheckError(cls.code, doc.id, None, _describe(exc)))
            continue
        checks.append(check)

    first = statuses[corpus.documents[0].language] if corpus.documents else {"status": "disabled"}
    run_signature = signature(check_classes, first)
    results = []
    for doc in corpus.documents:
        ctx = Context(document=doc, corpus=corpus)
        active = [c for c in checks if c.applies_to(doc, corpus)]
        skipped = {c.code: _skip_reason(c, doc, corpus) for c in checks if c not in active}
        sentence_results = []
        for sentence in doc.sentences:
            flags: list[Finding] = []
            for check in active:
                try:
                    flags.extend(_bounded(f) for f in check.check(sentence, ctx))
                except Exception as exc:
                    errors[doc.id].append(CheckError(check.code, doc.id, sentence.index, _describe(exc)))
            flags.sort(key=lambda f: (f.start, f.end, f.code))
            score, severity = score_flags(flags)
            key = (doc.id, sentence.index)
            sentence_results.append(SentenceResult(
                sentence=sentence,
                backtranslation=corpus.backtranslations.get(key),
                signals=corpus.signals.get(key, {}),
                flags=flags,
                source=corpus.sources.get(key, []),
                score=score,
                severity=severity,
            ))
        results.append(DocumentResult(doc, sentence_results, statuses[doc.language], errors[doc.id],
                                      corpus.source_documents.get(doc.id),
                                      _alignment_dict(corpus, doc.id), skipped))
        if on_document is not None:
            on_document(results[-1], run_signature)
    return AuditResult(results, run_signature, [c.code for c in check_classes])


def _bounded(finding: Finding) -> Finding:
    if len(finding.evidence) <= MAX_EVIDENCE:
        return finding
    more = len(finding.evidence) - MAX_EVIDENCE
    return replace(finding, evidence=finding.evidence[:MAX_EVIDENCE] + (
        Evidence(text=f"… and {more} more places", note=f"evidence is capped at {MAX_EVIDENCE} per flag"),))


def _skip_reason(check: Check, doc: Document, corpus: Corpus) -> str:
    if check.languages is not None and doc.language not in check.languages:
        return f"not made for language '{doc.language}'"
    if "backtranslation" in check.requires and not corpus.backtranslations:
        return "needs the back-translation model"
    if "roundtrip" in check.requires and not corpus.roundtrip_done:
        return "needs the round-trip model (models.yaml roundtrip or --roundtrip-model)"
    if "source" in check.requires and not corpus.sources:
        return "needs the source text (--source)"
    return "does not apply to this document"


def _alignment_dict(corpus: Corpus, doc_id: str) -> dict[str, Any] | None:
    alignment = corpus.alignments.get(doc_id)
    return alignment.to_dict() if alignment is not None else None


def _per_language(translator: Translator | Mapping[str, Translator] | None, corpus: Corpus) -> dict[str, Translator]:
    if translator is None:
        return {}
    if isinstance(translator, Mapping):
        return dict(translator)
    return {lang: translator for lang in {d.language for d in corpus.documents}}


def _backtranslate(corpus: Corpus, language: str, translator: Translator,
                   progress: Callable[[int], None] | None, done: int) -> int:
    pairs = [(doc, s) for doc, s in corpus.sentences() if doc.language == language]
    keys = [(doc.id, s.index) for doc, s in pairs]
    texts = [s.text for _, s in pairs]
    unique = list(dict.fromkeys(texts))
    translated: dict[str, Translation] = {}
    # Progress comes in chunks; the translator batches within a chunk. Chunks of 64 left one
    # of CTranslate2's two workers idle (17.3 vs 21.5 sentences/s measured with 256).
    step = 256
    for i in range(0, len(unique), step):
        chunk = unique[i:i + step]
        translated.update(zip(chunk, translator.translate(chunk)))
        if progress:
            progress(done + min(i + step, len(unique)))
    for key, text in zip(keys, texts):
        t = translated[text]
        corpus.backtranslations[key] = t
        corpus.signals.setdefault(key, {}).update(
            bt_logprob_mean=round(t.logprob_mean, 4),
            bt_logprob_sum=round(t.logprob_sum, 4),
            bt_tokens=t.tokens,
        )
        if t.truncated:  # longer than the model's input limit: only the start was translated
            corpus.signals[key]["bt_truncated"] = 1
    return done + len(unique)


def _describe(exc: BaseException) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" ({frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})" if frame else ""
    return f"{type(exc).__name__}: {exc}{where}"


__all__ = ["AuditConfig", "AuditResult", "DocumentResult", "SentenceResult", "Translator",
           "prepare_document", "run_audit", "REGISTRY"]
