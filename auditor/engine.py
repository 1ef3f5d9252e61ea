"""The audit engine: segment -> back-translate -> align -> signals -> checks (map, reduce,
check) -> score, on in-memory objects.

No I/O here: the caller (CLI, tests, library users) reads files, builds the translator
(backend + cache) and writes reports. Everything the engine needs comes in as arguments.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from . import __version__
from .checks import REGISTRY, Check, Context, Evidence, Finding, select_checks
from .corpus import Corpus, Translation, Translator
from .document import Document, ParkedDocument, Sentence
from .parallel import Executor, chunk_indices, effective_workers, in_order, make_executor, map_in_order
from .scoring import score_flags
from .segment import segment
from .types import Severity


#: evidence kept per flag. A text that repeats one figure or name thousands of times would
#: otherwise give each of its flags every other place (quadratic: a 10 MB text of repeated
#: articles grew past 3.4 GB); the seeds need at most 11.
MAX_EVIDENCE = 20


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
    on_document: Callable[[Any, str], None] | None = None,
    *,
    workers: int | None = 1,
    executor: Executor | None = None,
    finish: Callable[[DocumentResult, str], Any] | None = None,
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

    ``finish`` is for bounded memory at corpus scale: each document's result is given to
    ``finish(result, signature)`` where the document was checked (in a worker: a picklable
    module-level function or instance), ``on_document`` gets what it returns instead of the
    result, and the AuditResult lists no documents. The caller writes each document's
    reports there and keeps only what it returns (an index row); the run's memory is then
    the corpus index, not every sentence's flags. ``documents``, if a list, is then the
    engine's to empty: each entry becomes None once its document is written, so a caller
    that hands over its only list holds no sentence of a finished document either.

    The stages: back-translation, alignment and signals here (one model per device; the
    signals' z-scores are the run's); then the checks as map (each document's facts, see
    ``Check.facts``), reduce (``Check.merge``: the corpus index, here) and check (every
    document against that index), the maps on ``executor`` (None: a local one for
    ``workers`` processes; None workers: every core once the corpus is large enough, see
    ``auditor.parallel.effective_workers``). The result is the same wherever they run.
    """
    config = config or AuditConfig()
    check_classes = config.checks()
    handed = finish is not None and isinstance(documents, list)
    corpus = Corpus(documents=documents if handed else list(documents), source_documents=dict(sources or {}),
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

    statuses = _statuses(corpus, translators, roundtrips, wants_roundtrip, backtranslation)
    first = statuses[corpus.documents[0].language] if corpus.documents else {"status": "disabled"}
    run_signature = signature(check_classes, first)

    owned = executor is None
    if executor is None:
        executor = make_executor(effective_workers(workers, sum(d.size for d in corpus.documents),
                                                   len(corpus.documents)))
    try:
        checks = [cls(config.check_options.get(cls.code)) for cls in check_classes]
        if handed:
            # from here to its check stage each document waits with its text compressed: the
            # texts were the largest thing a corpus run held (149 MB at a million sentences),
            # and the facts stage and the reduce come before any document is checked
            for i, doc in enumerate(corpus.documents):
                corpus.documents[i] = ParkedDocument.park(doc)
            _return_freed_memory()
        facts, totals = _map_facts(corpus, checks, executor)
        checks, failed = _reduce(corpus, checks, facts, totals, executor)
        del facts, totals
        run = _CheckRun(checks, failed, statuses, run_signature, finish)
        results = []
        for i, outcome in _check_documents(corpus, run, executor):
            if finish is None:
                results.append(_document_result(corpus, corpus.documents[i], outcome, run))
                outcome = results[-1]
            elif handed:
                corpus.documents[i] = None  # type: ignore[call-overload]  # written: its sentences may go
            if on_document is not None:
                on_document(outcome, run_signature)
    finally:
        if owned:
            executor.close()
    return AuditResult(results, run_signature, [c.code for c in check_classes])


def _statuses(corpus: Corpus, translators: dict[str, Translator], roundtrips: dict[str, Translator],
              wants_roundtrip: bool, given: dict[str, Any] | Mapping[str, dict[str, Any]] | None
              ) -> dict[str, dict[str, Any]]:
    """The back-translation status of each document language, for the reports. Described
    after translating: a lazy backend knows its device only once its model is loaded, and a
    run served wholly from the cache never loads it."""
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
            status = (given or {}).get(lang) if isinstance((given or {}).get(lang), Mapping) else given
            statuses[lang] = dict(status or {"status": "disabled", "reason": "back-translation was not requested"})
    return statuses


# ---------------------------------------------------------------------------- the check stages


@dataclass
class _Failed:
    """A check's facts that raised (a broken check must not take the audit down)."""

    error: str


@dataclass
class _CheckRun:
    """What the check stage's workers share: the checks with their indexes, the checks whose
    index failed, the back-translation status per language, the run's signature, and the
    caller's ``finish`` (None: outcomes go back to the audit process)."""

    checks: list[Check]
    failed: list[tuple[str, str]]
    statuses: dict[str, dict[str, Any]]
    signature: str
    finish: Callable[[DocumentResult, str], Any] | None


@dataclass
class _Checked:
    """One document's outcome in a worker: per sentence (flags, score, severity), in order."""

    sentences: list[tuple[list[Finding], float, Severity]]
    errors: list[CheckError]
    skipped: dict[str, str]


def _tasks(corpus: Corpus, executor: Executor) -> tuple[list[list[int]], Iterator[list[Corpus]]]:
    """Documents in chunks (one each in this process) and, lazily, each chunk's views."""
    if executor.workers > 1:
        chunks = list(chunk_indices([d.size for d in corpus.documents]))
    else:
        chunks = [[i] for i in range(len(corpus.documents))]
    return chunks, ([corpus.view(corpus.documents[i]) for i in chunk] for chunk in chunks)


def _map_facts(corpus: Corpus, checks: list[Check], executor: Executor
               ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Map: per document, the facts of every index (by ``Check.shared_index``), and the run's
    totals of the indexes whose maker ``combines``: those facts are folded as they arrive,
    in input order, so memory follows the corpus's distinct facts, not its documents."""
    makers = list({c.shared_index(): c for c in reversed(checks) if c.has_facts()}.values())[::-1]
    out: list[dict[str, Any]] = [{} for _ in corpus.documents]
    if not makers:
        return out, {}
    folded = {c.shared_index(): c for c in makers if c.combines()}
    totals: dict[str, Any] = {}
    chunks, tasks = _tasks(corpus, executor)
    # in input order: the totals do not depend on which worker finished first
    for n, rows in in_order(executor.run(_facts_task, tasks, makers)):
        for i, row in zip(chunks[n], rows):
            for key, found in row.items():
                if key not in folded:
                    out[i][key] = found
                elif not isinstance(totals.get(key), _Failed):  # a failure stays the index's
                    totals[key] = found if isinstance(found, _Failed) else folded[key].combine(totals.get(key), found)
    return out, totals


def _listed(view: Corpus) -> Corpus:
    """``view`` with its document's sentences in a list. The audit process may keep them as
    offsets (``SentenceRows``, which arrive in a worker as a list anyway); a check reads them
    many times over, and here the list lives only while this document is worked on."""
    doc = view.documents[0]
    if isinstance(doc, ParkedDocument):
        doc = doc.unparked()
    if not isinstance(doc.sentences, list):
        doc = replace(doc, sentences=list(doc.sentences))
    view.documents[0] = doc
    return view


def _facts_task(views: list[Corpus], checks: list[Check]) -> list[dict[str, Any]]:
    rows = []
    for view in map(_listed, views):
        row: dict[str, Any] = {}
        for check in checks:
            try:
                row[check.shared_index()] = check.facts(view.documents[0], view)
            except Exception as exc:
                row[check.shared_index()] = _Failed(_describe(exc))
        rows.append(row)
    return rows


@dataclass(frozen=True)
class _ParallelMap:
    """``Check.parallel`` on the run's executor."""

    executor: Executor

    def __call__(self, fn: Callable[[list[Any], Any], list[Any]], items: Sequence[Any], sizes: Sequence[int]
                 ) -> list[Any]:
        return map_in_order(self.executor, fn, list(items), list(sizes))


def _reduce(corpus: Corpus, checks: list[Check], facts: list[dict[str, Any]], totals: dict[str, Any],
            executor: Executor | None = None) -> tuple[list[Check], list[tuple[str, str]]]:
    """Reduce, here: each index merged once from every document's facts and given to the
    checks that read it (their ``Check.parallel`` steps on ``executor``). Returns the checks
    that can run and (code, error) of those that cannot."""
    indexes: dict[str, Any] = {}
    failed_keys: dict[str, str] = {}
    for check in checks:
        key = check.shared_index()
        if key in indexes or key in failed_keys or not check.cross_document():
            continue
        # a combined index's facts are the run's total alone (``Check.combine``)
        found = [totals[key]] if key in totals else [row.get(key) for row in facts]
        broken = next((f for f in found if isinstance(f, _Failed)), None)
        if broken is not None:
            failed_keys[key] = broken.error
            continue
        try:
            if executor is not None:
                check.parallel = _ParallelMap(executor)  # type: ignore[method-assign]
            indexes[key] = check.merge(found, corpus)
        except Exception as exc:
            failed_keys[key] = _describe(exc)
        finally:
            # the checks travel to the workers for the check stage: not with the executor
            check.__dict__.pop("parallel", None)
    ready, failed = [], []
    for check in checks:
        key = check.shared_index()
        if key in failed_keys:
            failed.append((check.code, failed_keys[key]))
        else:
            check.index = indexes.get(key)
            ready.append(check)
    return ready, failed


def _check_documents(corpus: Corpus, run: _CheckRun, executor: Executor) -> Iterator[tuple[int, Any]]:
    """Check: every document against the indexes, ``(its position, outcome)`` in input order
    as they are done (the outcome: ``_Checked``, or what ``run.finish`` made of it)."""
    chunks, tasks = _tasks(corpus, executor)
    for n, checked in in_order(executor.run(_check_task, tasks, run)):
        yield from zip(chunks[n], checked)


def _check_task(views: list[Corpus], run: _CheckRun) -> list[Any]:
    out = []
    for view in map(_listed, views):
        checked = _check_document(view, run.checks)
        if run.finish is not None:
            out.append(run.finish(_document_result(view, view.documents[0], checked, run), run.signature))
        else:
            out.append(checked)
    return out


def _document_result(corpus: Corpus, doc: Document, checked: _Checked, run: _CheckRun) -> DocumentResult:
    """``doc``'s result, from ``corpus`` (the run's, or the document's view in a worker)."""
    errors = [CheckError(code, doc.id, None, why) for code, why in run.failed] + checked.errors
    sentences = [
        SentenceResult(
            sentence=sentence,
            backtranslation=corpus.backtranslations.get((doc.id, sentence.index)),
            signals=corpus.signals.get((doc.id, sentence.index), {}),
            flags=flags,
            source=corpus.sources.get((doc.id, sentence.index), []),
            score=score,
            severity=severity,
        )
        for sentence, (flags, score, severity) in zip(doc.sentences, checked.sentences)
    ]
    return DocumentResult(doc, sentences, run.statuses[doc.language], errors, corpus.source_documents.get(doc.id),
                          _alignment_dict(corpus, doc.id), checked.skipped)


def _check_document(view: Corpus, checks: list[Check]) -> _Checked:
    doc = view.documents[0]
    ctx = Context(document=doc, corpus=view)
    active = [c for c in checks if c.applies_to(doc, view)]
    skipped = {c.code: _skip_reason(c, doc, view) for c in checks if c not in active}
    errors: list[CheckError] = []
    sentences = []
    for sentence in doc.sentences:
        flags: list[Finding] = []
        for check in active:
            try:
                flags.extend(_bounded(f) for f in check.check(sentence, ctx))
            except Exception as exc:
                errors.append(CheckError(check.code, doc.id, sentence.index, _describe(exc)))
        flags.sort(key=lambda f: (f.start, f.end, f.code))
        score, severity = score_flags(flags)
        sentences.append((flags, score, severity))
    return _Checked(sentences, errors, skipped)


def _bounded(finding: Finding) -> Finding:
    if len(finding.evidence) <= MAX_EVIDENCE:
        return finding
    more = len(finding.evidence) - MAX_EVIDENCE
    return replace(finding, evidence=finding.evidence[:MAX_EVIDENCE] + (
        Evidence(text=f"… and {more} more places", note=f"evidence is capped at {MAX_EVIDENCE} per flag"),))


def _skip_reason(check: Check, doc: Document, corpus: Corpus) -> str:
    if check.languages is not None and doc.language not in check.languages:
        return f"not made for language '{doc.language}'"
    provides = corpus.provides()
    if "backtranslation" in check.requires and "backtranslation" not in provides:
        return "needs the back-translation model"
    if "roundtrip" in check.requires and "roundtrip" not in provides:
        return "needs the round-trip model (models.yaml roundtrip or --roundtrip-model)"
    if "source" in check.requires and "source" not in provides:
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


def _return_freed_memory() -> None:
    """Give the pages the texts just freed back to the system. The texts (over 512 bytes
    each) lived in the C heap, where the small objects the next stages make never land
    (Python puts those in arenas of their own), so the freed pages would only count as
    resident until the process ends. glibc's ``malloc_trim`` returns them; elsewhere nothing.
    (The process's own symbols, not ``ctypes.util.find_library``, which runs ldconfig.)"""
    import ctypes

    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl, macOS): no malloc_trim
        pass


def _describe(exc: BaseException) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" ({frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})" if frame else ""
    return f"{type(exc).__name__}: {exc}{where}"


#: a short German text and its English original that make every check load what it loads
#: lazily: SoMaJo (both languages), HanTa, wordfreq, lingua (the English sentence), the
#: figure and name readers
_WARM_UP = ("Bundeskanzler Olaf Scholz sagte am Dienstag in Berlin, die Regierung werde 1,5 Milliarden Euro "
            "bereitstellen. „Das ist nicht genug“, sagte Müller. The committee will meet again next week.",
            "Chancellor Olaf Scholz said in Berlin on Tuesday that the government would provide 1.5 billion euros. "
            "\"That is not enough,\" Müller said. The committee will meet again next week.")


def warm_up() -> None:
    """Audit a short German text with its source once, for what the checks load on first use
    (about two seconds in all, measured): worker processes start with it loaded
    (``auditor.warm``), while the audit process is still reading and detecting languages,
    instead of loading it at their first task. Only German: the product's documents are."""
    target, source = _WARM_UP
    doc = prepare_document("warm-up", "warm-up", target, "de")
    run_audit([doc], sources={doc.id: prepare_document("warm-up:source", "warm-up", source, "en")})


__all__ = ["AuditConfig", "AuditResult", "DocumentResult", "SentenceResult", "Translator",
           "prepare_document", "run_audit", "warm_up", "REGISTRY"]
