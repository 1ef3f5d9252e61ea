"""Re-audits of an unchanged corpus: whole-run results and segmentations from the cache.

A back-translation cache alone leaves a re-audit of the seeds at about 1.6 s, of which the
model is 1 ms: the rest is loading what the checks load once per process (word lists, the
language detector, the POS model, about 1.1 s) and segmentation (SoMaJo, about 0.35 s).
Two more entries in the same SQLite file remove that:

- **segmentation**, per document text: an edited corpus re-segments only the edited files;
- **the whole run's result** (``AuditResult``, before any review decision is applied), keyed
  by everything that can change a flag: every input text with its name, language and
  encoding, the sources, the selected checks and their options, each language's
  back-translation status and model (identity, backend, settings), auditor's own files and
  the installed distributions' versions. Change any of it and the run is audited afresh
  (cross-document checks mean one edited file changes the whole run's key); the
  back-translation and segmentation caches still serve everything unchanged.

The key hashes auditor's package files by content, not its version string, so an edited
checkout never reuses results of the code before the edit, as ruff and mypy do for their
caches. Results are stored as JSON, never pickled: a cache folder another user can write to
must not be able to run code here. Runs that fell back to text checks or where a check
raised are not stored (either may be transient).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import zlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from .checks.base import Evidence, Finding, Translation
from .document import Document, Sentence, SentenceRows
from .engine import AuditConfig, AuditResult, CheckError, DocumentResult, SentenceResult

#: bump when the stored layout changes (the code fingerprint covers everything else)
FORMAT = 1
#: newest whole-run results kept per cache file (each is a few hundred KB at most)
KEEP_RESULTS = 32
SEGMENTS, LANGUAGES, RESULTS = "segments", "language", "audit"
#: ``on_result(index, sentences)``: one job's sentences, as soon as they are known
OnResult = Callable[[int, Sequence[Sentence]], None]


class ArtifactStore(Protocol):
    """What this module needs from the cache: named blobs (``TranslationCache`` has it)."""

    def get_artifact(self, kind: str, key: str) -> bytes | None: ...

    def put_artifact(self, kind: str, key: str, value: bytes, *, keep: int | None = None) -> None: ...


# --------------------------------------------------------------------------- fingerprints


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 of every file of the installed auditor package (about 10 ms)."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = Path(dirpath, name)
            try:
                data = path.read_bytes()
            except OSError:
                data = b"unreadable"
            h.update(str(path.relative_to(root)).encode() + b"\0" + data + b"\0")
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def environment_fingerprint() -> str:
    """Python's version and every installed distribution's name and version (their
    ``.dist-info`` folder names: one directory listing, not an import each). Only
    site-packages folders count: the working directory is on ``sys.path`` for ``python -m``
    and a checkout's own ``*.egg-info`` there would make the two ways of starting differ."""
    found: list[str] = [sys.version]
    for entry in sys.path:
        if os.path.basename(entry) not in ("site-packages", "dist-packages"):
            continue
        try:
            names = os.listdir(entry)
        except OSError:
            continue
        found.extend(n for n in names if n.endswith((".dist-info", ".egg-info")))
    return hashlib.sha256("\n".join(sorted(found)).encode()).hexdigest()


def _digest(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def run_key(
    documents: Sequence[tuple[str, str, str, str, str]],
    sources: Mapping[str, tuple[str, str, str, str, str]],
    config: AuditConfig,
    models: Mapping[str, Any],
) -> str:
    """The whole run's cache key.

    ``documents``: (id, label, text, language, encoding) per input, in order; ``sources``:
    the same for each target id's source; ``models``: per language, what the back-translation
    and round trip are (status, description, identity).
    """
    return _digest({
        "format": FORMAT,
        "code": code_fingerprint(),
        "environment": environment_fingerprint(),
        "documents": list(documents),
        "sources": dict(sources),
        "checks": [c.code for c in config.checks()],
        "check_options": config.check_options,
        "models": dict(models),
    })


# --------------------------------------------------------------------------- segmentation


def cached_segmenter(store: ArtifactStore | None, segment: Callable[..., Sequence[Sentence]],
                     **options: Any) -> Callable[[str, str], Sequence[Sentence]]:
    """``segment`` behind the cache: a text segmented before is rebuilt from its offsets.
    ``options`` (``max_sentence``) are passed to ``segment`` and are part of the key."""
    if store is None:
        return functools.partial(segment, **options) if options else segment

    def run(text: str, language: str) -> Sequence[Sentence]:
        key = _segment_key(text, language, options)
        found = _stored_sentences(store, key, text)
        if found is not None:
            return found
        sentences = segment(text, language, **options)
        store.put_artifact(SEGMENTS, key, json.dumps(_sentences(sentences)).encode())
        return sentences

    return run


def segment_corpus(store: ArtifactStore | None, jobs: Sequence[tuple[str, str]],
                   segment_all: Callable[[Sequence[tuple[str, str]], OnResult | None], list[Sequence[Sentence]]],
                   **options: Any) -> list[Sequence[Sentence]]:
    """The sentences of each ``(text, language)`` job: from the cache where a text was
    segmented before (the entries ``cached_segmenter`` reads and writes), the rest by one call
    of ``segment_all(jobs, on_result)`` (``auditor.parallel.segment_all``: all cores).
    ``options`` are the ones ``segment_all`` applies (``max_sentence``), part of the key as in
    ``cached_segmenter``.

    Each new segmentation is stored as it arrives (``on_result``), one small transaction
    each, not all at the end: a run killed half-way keeps the half it did, and its rerun
    segments only the rest (measured in README "Corpus scale": resumable runs)."""
    if store is None:
        return segment_all(jobs, None)
    out: list[Sequence[Sentence] | None] = []
    keys: list[str] = []
    missing: list[int] = []
    for i, (text, language) in enumerate(jobs):
        keys.append(_segment_key(text, language, options))
        out.append(_stored_sentences(store, keys[-1], text))
        if out[-1] is None:
            missing.append(i)

    def store_one(k: int, sentences: Sequence[Sentence]) -> None:
        store.put_artifact(SEGMENTS, keys[missing[k]], json.dumps(_sentences(sentences)).encode())

    for i, sentences in zip(missing, segment_all([jobs[i] for i in missing], store_one)):
        out[i] = sentences
    return out  # type: ignore[return-value]


def _segment_key(text: str, language: str, options: Mapping[str, Any]) -> str:
    return _digest([code_fingerprint(), environment_fingerprint(), language, text]
                   + ([sorted(options.items())] if options else []))


def _stored_sentences(store: ArtifactStore, key: str, text: str) -> SentenceRows | None:
    stored = store.get_artifact(SEGMENTS, key)
    if stored is not None:
        try:
            return _load_sentences(text, json.loads(stored))
        except (ValueError, TypeError):
            pass  # unreadable entry: segment again and overwrite it
    return None


def cached_detector(store: ArtifactStore | None,
                    detect: Callable[[Sequence[str], tuple[str, ...]], list[str | Exception]]
                    ) -> Callable[[Sequence[str], tuple[str, ...]], list[str | Exception]]:
    """``detect`` (language identification of many texts at once, each answer a code or the
    exception for a text it cannot decide) behind the cache: only the texts not answered
    before are given to it. Only answers are stored: an undecidable text is tried every time."""
    if store is None:
        return detect

    def run(texts: Sequence[str], candidates: tuple[str, ...]) -> list[str | Exception]:
        prefix = [code_fingerprint(), environment_fingerprint(), list(candidates)]
        keys = [_digest([*prefix, text]) for text in texts]
        answers: list[str | Exception | None] = []
        for key in keys:
            stored = store.get_artifact(LANGUAGES, key)
            answer = stored.decode("utf-8", "replace") if stored is not None else None
            answers.append(answer if answer in candidates else None)  # else damaged: detect again
        todo = [i for i, a in enumerate(answers) if a is None]
        for i, code in zip(todo, detect([texts[i] for i in todo], candidates)):
            answers[i] = code
            if isinstance(code, str):
                store.put_artifact(LANGUAGES, keys[i], code.encode())
        return answers  # type: ignore[return-value]  (every None was answered)

    return run


# --------------------------------------------------------------------------- results


def dump_result(result: AuditResult) -> bytes:
    """The result as compressed JSON (the inverse of ``load_result``)."""
    sources = {}
    for d in result.documents:
        if d.source_document is not None:
            sources[d.document.id] = _document(d.source_document)
    data = {
        "signature": result.signature,
        "checks": result.checks,
        "documents": [{
            "document": _document(d.document),
            "source_document": sources.get(d.document.id),
            "backtranslation": d.backtranslation,
            "errors": [[e.code, e.document, e.sentence, e.error] for e in d.errors],
            "alignment": d.alignment,
            "skipped": d.skipped,
            "sentences": [{
                "backtranslation": None if s.backtranslation is None else _translation(s.backtranslation),
                "signals": s.signals,
                "flags": [_finding(f) for f in s.flags],
                "source": [s2.index for s2 in s.source],
                "score": s.score,
                "severity": s.severity,
            } for s in d.sentences],
        } for d in result.documents],
    }
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 6)


def load_result(blob: bytes) -> AuditResult:
    """An AuditResult equal to the one ``dump_result`` was given. Raises ValueError on a
    damaged or foreign blob."""
    try:
        data = json.loads(zlib.decompress(blob).decode("utf-8"))
        documents = []
        for d in data["documents"]:
            doc = _load_document(d["document"])
            source = _load_document(d["source_document"]) if d["source_document"] is not None else None
            sentences = []
            for sentence, s in zip(doc.sentences, d["sentences"], strict=True):
                sentences.append(SentenceResult(
                    sentence=sentence,
                    backtranslation=None if s["backtranslation"] is None else Translation(*s["backtranslation"]),
                    signals=s["signals"],
                    flags=[_load_finding(f) for f in s["flags"]],
                    source=[source.sentences[i] for i in s["source"]] if source is not None else [],
                    score=s["score"],
                    severity=s["severity"],
                ))
            documents.append(DocumentResult(doc, sentences, d["backtranslation"],
                                            [CheckError(*e) for e in d["errors"]], source,
                                            d["alignment"], d["skipped"]))
        return AuditResult(documents, data["signature"], data["checks"])
    except (zlib.error, UnicodeDecodeError, KeyError, TypeError, IndexError, ValueError) as exc:
        raise ValueError(f"unreadable cached result ({exc})") from None


def _sentences(sentences: Sequence[Sentence]) -> list[list[int]] | list[tuple[int, int, int, int]]:
    """Sentences as offsets (their text is the document's, not stored twice)."""
    if isinstance(sentences, SentenceRows):
        return sentences.offsets()
    return [[s.start, s.end, s.paragraph, int(s.is_heading)] for s in sentences]


def _load_sentences(text: str, rows: list[list[int]]) -> SentenceRows:
    return SentenceRows(text, rows)


def _document(doc: Document) -> dict[str, Any]:
    return {"id": doc.id, "path": doc.path, "text": doc.text, "language": doc.language, "encoding": doc.encoding,
            "sentences": _sentences(doc.sentences), "locale": doc.locale}


def _load_document(d: dict[str, Any]) -> Document:
    return Document(d["id"], d["path"], d["text"], d["language"], d["encoding"],
                    _load_sentences(d["text"], d["sentences"]), locale=d.get("locale"))


def _translation(t: Translation) -> list[Any]:
    return [t.text, t.logprob_sum, t.logprob_mean, t.tokens, t.truncated]


def _finding(f: Finding) -> list[Any]:
    return [f.code, f.check, f.category, f.severity, f.message, f.start, f.end,
            [[e.text, e.document, e.sentence, e.start, e.end, e.note] for e in f.evidence]]


def _load_finding(f: list[Any]) -> Finding:
    *head, evidence = f
    return Finding(*head, evidence=tuple(Evidence(*e) for e in evidence))


__all__ = ["cached_detector", "cached_segmenter", "segment_corpus", "code_fingerprint", "dump_result", "load_result", "run_key"]
