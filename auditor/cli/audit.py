"""`auditor audit FILE...`: read, audit as one corpus, write reports.

Bad input policy: every input is read and decoded before anything is audited or written.
If any input is unreadable (missing, a directory, no permission, binary), the run prints
one line per bad file and exits 2 without writing anything: all files of a run form one
corpus (names and figures are compared across them), so a partial corpus would give
different flags than the user asked for. An empty file is valid: it gets an empty report
and a warning.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ..backends import BackendUnavailable
from ..document import DecodeError, Document, decode_bytes
from ..review.baseline import is_resolved, resolved_keys
from ..types import SEVERITY_RANK
from .common import EXIT_FLAGS, EXIT_MODEL, EXIT_OK, AuditorError, split_list, warn


@dataclass
class Input:
    label: str  # as the user named it
    doc_id: str
    text: str
    encoding: str


def read_inputs(files: tuple[str, ...]) -> list[Input]:
    """Read and decode every file; raise AuditorError listing all that failed."""
    inputs: list[Input] = []
    problems: list[str] = []
    used_ids: set[str] = set()
    for name in files:
        try:
            data = sys.stdin.buffer.read() if name == "-" else _read(Path(name))
            text, encoding = decode_bytes(data)
        except (OSError, DecodeError) as exc:
            problems.append(f"{name}: {_reason(exc)}")
            continue
        stem = "stdin" if name == "-" else Path(name).stem
        doc_id, n = stem, 2
        while doc_id in used_ids:  # a/x.txt and b/x.txt must not overwrite each other's report
            doc_id, n = f"{stem}-{n}", n + 1
        used_ids.add(doc_id)
        inputs.append(Input(name, doc_id, text, encoding))
    if problems:
        for line in problems[:-1]:
            click.echo(f"auditor: error: {line}", err=True)
        raise AuditorError(problems[-1] + ("" if len(problems) == 1 else f" ({len(problems)} inputs failed; nothing was written)"))
    return inputs


def _read(path: Path) -> bytes:
    if path.is_dir():
        raise IsADirectoryError("is a directory")
    return path.read_bytes()


def _reason(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def _languages(inputs: list[Input], lang: str | None, configured: tuple[str, ...], cache=None) -> dict[str, str]:  # noqa: ANN001
    from ..language import LanguageUndecided, detect_language
    from ..runcache import cached_detector

    if lang:
        return {i.doc_id: lang for i in inputs}
    detect = cached_detector(cache, detect_language)
    found: dict[str, str] = {}
    # English is a candidate too: restricted to the configured languages, lingua would call an
    # English text Dutch; with English among them, it is named and refused clearly.
    candidates = tuple(dict.fromkeys((*configured, "en")))
    for i in inputs:
        if not i.text.strip():
            continue
        try:
            code = detect(i.text, candidates)
        except LanguageUndecided as exc:
            raise AuditorError(f"{i.label}: {exc}; name the language with --lang") from None
        if code not in configured:
            raise AuditorError(f"{i.label}: looks like '{code}', which has no back-translation model in "
                               f"models.yaml; name the language with --lang to audit it anyway")
        found[i.doc_id] = code
    fallback = max(set(found.values()), key=list(found.values()).count) if found else configured[0]
    return {i.doc_id: found.get(i.doc_id, fallback) for i in inputs}


def _open_cache(opts: dict[str, Any]):  # noqa: ANN202 (TranslationCache | None; imported lazily)
    """The cache (back-translations, segmentations, results), or None with --no-cache."""
    if opts["no_cache"]:
        return None
    from ..cache import TranslationCache, default_cache_dir

    cache = TranslationCache(Path(opts["cache_dir"]) if opts["cache_dir"] else default_cache_dir())
    for w in cache.warnings:
        warn(w)
    return cache


def _translators(languages: set[str], opts: dict[str, Any], say, cache) -> tuple[dict, dict, dict[str, dict[str, Any]]]:  # noqa: ANN001
    """One back-translator (and round-trip translator) per language; the others' status. No exit here."""
    if opts["no_backtranslation"]:
        return {}, {}, {lang: {"status": "disabled", "reason": "--no-backtranslation"} for lang in languages}
    from ..backends import BackendUnavailable, GenerationSettings
    from ..models import ModelUnavailable, load_models_config
    from ..translate import build_translator

    config = load_models_config()
    settings = GenerationSettings(beams=opts["beams"], batch_size=opts["batch_size"], threads=opts["threads"],
                                  shortlist=opts["shortlist"])
    translators: dict[str, Any] = {}
    roundtrips: dict[str, Any] = {}
    statuses: dict[str, dict[str, Any]] = {}
    for lang in sorted(languages):
        model = opts["model"] or (config[lang].backtranslation if lang in config else None)
        if model is None:
            statuses[lang] = {"status": "unavailable", "model": None,
                              "reason": f"no back-translation model configured for '{lang}' in models.yaml"}
            continue
        try:
            translators[lang] = build_translator(model, backend=opts["backend"], settings=settings, cache=cache)
        except (ModelUnavailable, BackendUnavailable) as exc:
            statuses[lang] = {"status": "unavailable", "model": model, "reason": str(exc)}
            continue
        reverse = opts["roundtrip_model"] or (config[lang].roundtrip if lang in config else None)
        if reverse and opts["wants_roundtrip"]:
            try:
                roundtrips[lang] = build_translator(reverse, backend=opts["backend"], settings=settings, cache=cache)
            except (ModelUnavailable, BackendUnavailable) as exc:
                say(f"round-trip model {reverse} unavailable ({exc}); no round-trip signal")
    return translators, roundtrips, statuses


@click.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--out", "out_dir", default="reports", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the reports.")
@click.option("--format", "formats", default=None,
              help="Report formats, comma-separated (default: json,html); xliff, po: write the localisation "
                   "inputs back with the findings as notes.")
@click.option("--input-format", type=click.Choice(["auto", "text", "xliff", "tmx", "po", "tsv", "csv"]),
              default="auto", show_default=True,
              help="How to read FILE...: by extension and content (auto), or force one reader.")
@click.option("--skip-units", default=None,
              help="Localisation files: leave out these units, comma-separated: untranslated, approved "
                   "(empty targets are never audited).")
@click.option("--mark-review", is_flag=True,
              help="Write-back: also set flagged units to needs review (XLIFF 1.2 needs-review-translation, "
                   "2.x initial, PO fuzzy).")
@click.option("--lang", default=None, help="Language of the documents (ISO 639-1); detected when omitted.")
@click.option("--model", default=None, help="Back-translation model: hub name or local directory (overrides models.yaml).")
@click.option("--backend", default="auto", show_default=True, help="Model backend: auto, transformers, ctranslate2.")
@click.option("--no-backtranslation", is_flag=True, help="Run the text checks only.")
@click.option("--require-model", is_flag=True, help="Exit 3 when the back-translation model is unavailable.")
@click.option("--fail-on", type=click.Choice(["low", "medium", "high", "never"]), default="never", show_default=True,
              help="Exit 1 when a flag reaches this severity.")
@click.option("--select", multiple=True, help="Only these checks (codes, names or categories; comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these checks (codes, names or categories; comma-separated).")
@click.option("--beams", type=click.IntRange(1, 16), default=1, show_default=True, help="Beam size for back-translation.")
@click.option("--batch-size", type=click.IntRange(1, 512), default=32, show_default=True)
@click.option("--threads", type=click.IntRange(1, 256), default=None,
              help="CPU threads for the model (default: AUDITOR_THREADS, else all cores).")
@click.option("--shortlist", is_flag=True,
              help="CTranslate2: restrict output to the target language's vocabulary (faster; see benchmarks/BACKTRANSLATION.md).")
@click.option("--cache-dir", default=None, envvar="AUDITOR_CACHE_DIR",
              help="Cache folder (back-translations, segmentations, results of unchanged runs).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the cache: audit everything afresh.")
@click.option("--source", "sources", multiple=True,
              help="The original of a FILE (bilingual mode); repeat it, paired with the FILEs in order.")
@click.option("--source-lang", default=None, help="Language of the --source files (detected when omitted).")
@click.option("--roundtrip-model", default=None,
              help="Model from English back into the document language (overrides models.yaml's roundtrip).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, summary or warnings.")
def audit(files: tuple[str, ...], out_dir: str, formats: str | None, lang: str | None, quiet: bool,
          fail_on: str, require_model: bool, select: tuple[str, ...], ignore: tuple[str, ...],
          sources: tuple[str, ...], source_lang: str | None, input_format: str, skip_units: str | None,
          mark_review: bool, **opts: Any) -> None:
    """Audit FILE... (one corpus; '-' reads standard input) and write reports to --out."""
    from ..checks import UnknownCheck
    from .. import runcache
    from ..engine import AuditConfig, prepare_document, run_audit
    from ..segment import segment
    from ..models import load_models_config
    from ..report import RENDERERS, build_view, renderer

    from ..l10n import WRITERS
    from ..l10n.documents import SKIPPABLE

    fmts = split_list((formats,)) if formats else tuple(RENDERERS)
    for f in fmts:
        if f not in RENDERERS and f not in WRITERS:
            raise AuditorError(f"unknown report format {f!r}; choose from {', '.join((*RENDERERS, *WRITERS))}")
    write_fmts = tuple(f for f in fmts if f in WRITERS)
    fmts = tuple(f for f in fmts if f in RENDERERS)
    if mark_review and not write_fmts:
        raise AuditorError("--mark-review changes the written-back file: give --format xliff or --format po")
    skip = split_list((skip_units,)) if skip_units else ()
    for k in skip:
        if k not in SKIPPABLE:
            raise AuditorError(f"unknown --skip-units value {k!r}; choose from {', '.join(SKIPPABLE)}")
    config = AuditConfig(select=split_list(select), ignore=split_list(ignore))
    try:
        config.checks()
    except UnknownCheck as exc:
        raise AuditorError(str(exc)) from None
    try:
        configured = tuple(load_models_config())
    except ValueError as exc:
        raise AuditorError(f"models.yaml: {exc}") from None

    if sources and len(sources) != len(files):
        raise AuditorError(f"--source given {len(sources)} times for {len(files)} FILE arguments; "
                           "give one --source per FILE, in the same order")
    cat_inputs: list = []
    if input_format != "text":
        from .l10n import split_inputs

        cat_inputs, text_files = split_inputs(files, input_format)
        if cat_inputs and sources:
            raise AuditorError("--source pairs plain-text FILEs with their originals; XLIFF, TMX, PO and "
                               "bilingual tables carry their source already")
        files = tuple(text_files)
    if write_fmts and not cat_inputs:
        raise AuditorError(f"--format {write_fmts[0]} writes back localisation inputs (XLIFF, PO), and none was given")
    inputs = read_inputs(files + sources)
    inputs, source_inputs = inputs[:len(files)], inputs[len(files):]
    say = (lambda m: None) if quiet else warn
    for i in inputs:
        if not i.text.strip():
            say(f"{i.label}: empty document; its report has no sentences")
    cache = _open_cache(opts)
    languages = _languages(inputs, lang, configured, cache)
    cat_docs: tuple[list, dict, dict] = ([], {}, {})
    if cat_inputs:
        from ..language import detect_language
        from .l10n import prepare_documents

        cat_docs = prepare_documents(
            cat_inputs, {i.doc_id for i in inputs}, lang, source_lang, skip,
            runcache.cached_segmenter(cache, segment),
            lambda text: detect_language(text, tuple(dict.fromkeys((*configured, "en")))))
        languages.update({d.id: d.language for d in cat_docs[0]})
    source_languages: dict[str, str] = {}
    if source_inputs:
        source_languages = _languages(source_inputs, source_lang, tuple(dict.fromkeys((*configured, "en"))), cache)
    # a second model costs load time and memory: only when a selected check uses the round trip
    opts["wants_roundtrip"] = any("roundtrip" in c.requires for c in config.checks())
    translators, roundtrips, statuses = _translators(set(languages.values()), opts, say, cache)
    for lang_code, status in statuses.items():
        if status["status"] == "unavailable":
            if require_model:
                raise AuditorError(f"back-translation model for '{lang_code}' unavailable: {status['reason']}", EXIT_MODEL)
            say(f"back-translation model {status.get('model')} unavailable ({status['reason']}); "
                f"running text checks only. Get it with: auditor models pull {lang_code}")

    # An unchanged run (same texts, checks, models, auditor) reuses its earlier result; the
    # key is computed before segmentation so that a reuse costs no segmentation either.
    key = None
    # runs with localisation files are not reused whole: the stored result has no room for
    # their units (segmentation and back-translation caches still serve them)
    if cache is not None and cache.enabled and not cat_inputs:
        key = runcache.run_key(
            [(i.doc_id, i.label, i.text, languages[i.doc_id], i.encoding) for i in inputs],
            {t.doc_id: (s.doc_id, s.label, s.text, source_languages[s.doc_id], s.encoding)
             for t, s in zip(inputs, source_inputs)},
            config,
            {lang_code: {"backtranslation": _model_key(translators.get(lang_code), statuses.get(lang_code)),
                         "roundtrip": _model_key(roundtrips.get(lang_code), None)}
             for lang_code in sorted(set(languages.values()))},
        )
    result = _reused_result(cache, key)
    reused = result is not None
    if result is None:
        segmenter = runcache.cached_segmenter(cache, segment)
        documents: list[Document] = [
            prepare_document(i.doc_id, i.label, i.text, languages[i.doc_id], i.encoding, segmenter=segmenter)
            for i in inputs
        ] + cat_docs[0]
        source_docs: dict[str, Document] = {
            target.id: prepare_document(src.doc_id, src.label, src.text, source_languages[src.doc_id],
                                        src.encoding, segmenter=segmenter)
            for target, src in zip(documents, source_inputs)
        }
        source_docs.update(cat_docs[1])
        total = len({s.text for d in documents if d.language in translators for s in d.sentences})
        fell_back = False
        try:
            with _progress(total, quiet or not translators) as progress:
                result = run_audit(documents, config, translator=translators or None, backtranslation=statuses,
                                   sources=source_docs or None, progress=progress, roundtrip=roundtrips or None,
                                   alignments=cat_docs[2] or None)
        except BackendUnavailable as exc:
            # Backends load their model on the first cache miss (a warm re-audit never loads
            # it), so a model that cannot run shows up here rather than at start-up.
            if require_model:
                raise AuditorError(f"back-translation model failed: {exc}", EXIT_MODEL) from None
            say(f"back-translation failed ({exc}); running text checks only")
            statuses.update({lang: {"status": "unavailable", "model": t.describe().get("model"), "reason": str(exc)}
                             for lang, t in translators.items()})
            result = run_audit(documents, config, backtranslation=statuses, sources=source_docs or None,
                               alignments=cat_docs[2] or None)
            translators = {}
            fell_back = True
        # a fallback or a raising check may be transient: audit those runs again next time
        if key is not None and not fell_back and not any(d.errors for d in result.documents):
            cache.put_artifact(runcache.RESULTS, key, runcache.dump_result(result), keep=runcache.KEEP_RESULTS)
    view = build_view(result)
    out = Path(out_dir)
    try:
        for fmt in fmts:
            renderer(fmt)(view, out)
    except OSError as exc:
        raise AuditorError(f"{out}: cannot write reports ({exc.strerror or exc})") from None

    # Flags an editor dismissed or marked fixed (decisions stored in the reports folder by
    # `auditor serve` / `auditor review import`) are the baseline: they never fail a run.
    try:
        resolved = resolved_keys(out)
    except OSError as exc:
        raise AuditorError(f"{out}: cannot read review decisions ({exc})") from None
    if write_fmts:
        from .l10n import write_back

        write_back(cat_inputs, write_fmts, result, out, resolved, mark_review)
    open_flags = [(d, s, f) for d in view.documents for s in d.sentences for f in s.flags
                  if not is_resolved(resolved, d.id, s.text, f.code, s.unit)]
    if not quiet:
        _summary(view, out, len(open_flags))
        if reused:
            click.echo("inputs, checks, models and auditor unchanged since an earlier run: its result was "
                       "reused (--no-cache audits afresh)", err=True)
        for lang_code, t in ({} if reused else translators).items():
            for w in t.warnings:
                warn(w)
            click.echo(f"back-translation ({lang_code}, {t.backend.name}): {t.stats.misses} sentences translated, "
                       f"{t.stats.hits} from cache", err=True)
    threshold = None if fail_on == "never" else SEVERITY_RANK[fail_on]
    worst = max((SEVERITY_RANK[f.severity] for _, _, f in open_flags), default=0)
    sys.exit(EXIT_FLAGS if threshold is not None and worst >= threshold else EXIT_OK)


def _model_key(translator, status: dict[str, Any] | None) -> dict[str, Any] | None:  # noqa: ANN001
    """A language's model for the run's cache key: backend, weights and every generation
    setting. Not ``describe()``: on the transformers backend that needs the loaded model
    for its device (torch alone takes seconds), and the device does not change outputs."""
    if translator is None:
        return status
    backend = translator.backend
    return {"backend": backend.name, "identity": backend.identity, "settings": backend.settings.to_dict()}


def _reused_result(cache, key: str | None):  # noqa: ANN001, ANN202 (AuditResult | None)
    from .. import runcache  # imported lazily like the rest of the audit's machinery

    if key is None:
        return None
    blob = cache.get_artifact(runcache.RESULTS, key)
    if blob is None:
        return None
    try:
        return runcache.load_result(blob)
    except ValueError:
        return None  # damaged entry: audit afresh (the new result replaces it)


class _progress:
    """A rich progress bar on a TTY; nothing otherwise (pipelines, --quiet)."""

    def __init__(self, total: int, silent: bool) -> None:
        self.total, self.silent = total, silent or not sys.stderr.isatty() or total == 0
        self._bar = None

    def __enter__(self):
        if self.silent:
            return None
        from rich.progress import Progress

        self._bar = Progress(transient=True)
        self._bar.start()
        task = self._bar.add_task("back-translating", total=self.total)
        return lambda done: self._bar.update(task, completed=done)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()


def _summary(view, out: Path, open_count: int) -> None:
    for d in view.documents:
        sev = d.summary.by_severity
        click.echo(f"{d.path}: {d.summary.sentences} sentences, {d.summary.flagged} flagged "
                   f"(high {sev['high']}, medium {sev['medium']}, low {sev['low']})", err=True)
        for e in d.errors:
            warn(f"{d.path}: check {e['code']} failed on sentence {e['sentence']}: {e['error']}")
    total = sum(len(s.flags) for d in view.documents for s in d.sentences)
    if total != open_count:
        click.echo(f"{total - open_count} of {total} flags were dismissed or fixed in an earlier review", err=True)
    click.echo(f"reports written to {out}/", err=True)
