"""`auditor audit FILE|DIR...`: read, audit as one corpus, write reports.

Bad input policy: every input is read and decoded before anything is audited or written.
If a file named on the command line is unreadable (missing, no permission, binary, too
large), the run prints one line per bad file and exits 2 without writing anything: all
files of a run form one corpus (names and figures are compared across them), so a partial
corpus would give different flags than the user asked for. Files found by walking a
directory are different (a scraped folder must not go unaudited for one broken page): a
bad one is skipped with a warning and listed in the index (``--strict``: an error as
above). Which files a walk takes: auditor/inputs.py. The entries of a ``--manifest`` are
treated like walked files (auditor/inputs.py reads it). An empty file is valid: it gets an
empty report and a warning.

Ctrl+C (SIGINT) ends the run with one line saying what was written, and exit 130.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..backends import BackendUnavailable
from ..document import Document
from ..inputs import DEFAULT_MAX_BYTES, IdMaker, Input, InputError, Problem, parse_size, read_source, sources
from ..review.baseline import resolved_keys
from ..segment import MAX_SENTENCE
from ..types import SEVERITY_RANK
from .common import EXIT_FLAGS, EXIT_MODEL, EXIT_OK, AuditorError, Interrupted, split_list, warn
from .progress import CorpusProgress

#: a result of at most this many sentences is kept whole and stored in the cache, so that an
#: unchanged rerun reuses it; a larger one is written document by document as it is checked
#: and never held whole (about 3 KB a sentence: 100,000 sentences held 0.3 GB, 1M 1.3 GB).
#: Its segmentations and back-translations are cached all the same, so a rerun is still quick.
KEEP_RESULT_SENTENCES = 20_000


def read_inputs(args: tuple[str, ...], *, include: tuple[str, ...] = (), exclude: tuple[str, ...] = (),
                strict: bool = False, max_bytes: int = DEFAULT_MAX_BYTES, manifest: Path | None = None
                ) -> tuple[list[Input], list[Problem]]:
    """Read and decode every input (``args``, or the entries of ``manifest``): ``(inputs,
    skipped)``. A bad named input (or, with ``strict``, any bad input) raises AuditorError
    after one line per bad input."""
    from ..inputs import manifest as manifest_entries

    inputs: list[Input] = []
    errors: list[Problem] = []
    skipped: list[Problem] = []
    make_id = IdMaker()
    try:
        items = sources(args, include, exclude) if manifest is None else manifest_entries(manifest)
        for item in items:
            if isinstance(item, Problem):
                problem = item
            else:
                try:
                    text, encoding = read_source(item, max_bytes)
                    source = None
                    if item.source is not None:  # a manifest's original: the pair is skipped together
                        try:
                            source = Input(item.source.label, f"{item.doc_id}:source",
                                           *read_source(item.source, max_bytes), walked=True)
                        except InputError as exc:
                            raise InputError(f"its source {item.source.label}: {exc}") from None
                except InputError as exc:
                    problem = Problem(item.label, str(exc), item.walked)
                else:
                    inputs.append(Input(item.label, make_id(item), text, encoding, item.walked, item.lang, source))
                    continue
            (skipped if problem.walked and not strict else errors).append(problem)
    except InputError as exc:  # the manifest itself
        raise AuditorError(f"{manifest}: {exc}") from None
    if errors:
        for p in errors[:-1]:
            click.echo(f"auditor: error: {p.line()}", err=True)
        raise AuditorError(errors[-1].line() + ("" if len(errors) == 1 else f" ({len(errors)} inputs failed; nothing was written)"))
    return inputs, skipped


def _languages(inputs: list[Input], lang: str | None, configured: tuple[str, ...], cache=None,  # noqa: ANN001
               skipped: list[Problem] | None = None) -> dict[str, str]:
    """Each input's language. A walked input whose language cannot be audited goes to
    ``skipped`` (when a list is given, i.e. not --strict) and is left out of the answer; a
    named one is an error."""
    from ..language import LanguageUndecided, detect_languages
    from ..runcache import cached_detector

    if lang and not any(i.lang for i in inputs):
        return {i.doc_id: lang for i in inputs}
    # English is a candidate too: restricted to the configured languages, lingua would call an
    # English text Dutch; with English among them, it is named and refused clearly.
    candidates = tuple(dict.fromkeys((*configured, "en")))
    # a manifest entry's own "lang" comes first, then --lang, then detection (of all the
    # texts at once: lingua spreads them over the cores)
    unnamed = [i for i in inputs if not i.lang and not lang and i.text.strip()]
    detected = dict(zip((i.doc_id for i in unnamed),
                        cached_detector(cache, detect_languages)([i.text for i in unnamed], candidates)))
    found: dict[str, str] = {}
    left_out: set[str] = set()
    for i in inputs:
        if not i.text.strip() and not i.lang and not lang:
            continue
        try:
            code = _resolve_lang(i.lang, candidates)[0] if i.lang else lang or detected[i.doc_id]
            if isinstance(code, Exception):
                raise code
        except LanguageUndecided as exc:
            problem = f"{exc}; name the language with --lang"
        except AuditorError as exc:
            problem = f'"lang": {exc}'
        else:
            if code in configured or i.lang or lang:
                found[i.doc_id] = code
                continue
            problem = (f"looks like '{code}', which has no back-translation model in "
                       f"models.yaml; name the language with --lang to audit it anyway")
        if not (i.walked and skipped is not None):
            raise AuditorError(f"{i.label}: {problem}")
        skipped.append(Problem(i.label, problem, walked=True))
        left_out.add(i.doc_id)
    fallback = max(set(found.values()), key=list(found.values()).count) if found else configured[0]
    return {i.doc_id: found.get(i.doc_id, fallback) for i in inputs if i.doc_id not in left_out}


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


def _ray_executor(address: str, workers: int | None):  # noqa: ANN202 (RayExecutor; imported lazily)
    """``--ray [ADDRESS]``: connected to Ray, disconnected when the command ends."""
    if address and Path(address).exists():
        # an optional value takes the next word: `--ray FILE` would name the cluster FILE
        raise AuditorError(f"--ray took {address!r} for a Ray address; write --ray=ADDRESS, or --ray after the files")
    from ..ray_executor import RayExecutor, RayUnavailable

    try:
        executor = RayExecutor(address or None, workers)
    except RayUnavailable as exc:
        raise AuditorError(str(exc)) from None
    click.get_current_context().call_on_close(executor.close)
    return executor


def _nothing_to_audit(skipped: list[Problem]) -> str:
    """The one line for a run whose every input was bad: the first bad input and why."""
    more = f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""
    first = skipped[0].line() if skipped else "no inputs"
    return f"{first}{more}; no input could be audited, nothing was written"


def _resolve_lang(tag: str | None, accepted: tuple[str, ...]) -> tuple[str | None, str | None]:
    """``--lang de-CH`` -> ("de", "de_CH"); a tag naming no accepted language is an error."""
    if tag is None:
        return None, None
    from ..language import UnknownLanguageTag, resolve_language_tag

    try:
        return resolve_language_tag(tag, accepted)
    except UnknownLanguageTag as exc:
        raise AuditorError(str(exc)) from None


def _size_option(ctx, param, value: str) -> int:  # noqa: ANN001 - click callback
    try:
        return parse_size(value)
    except ValueError as exc:
        raise AuditorError(f"--max-size {exc}") from None


@click.command()
@click.argument("files", nargs=-1)
@click.option("--manifest", type=click.Path(dir_okay=True, path_type=Path), default=None, metavar="FILE.jsonl",
              help="Audit the documents a JSON Lines manifest lists (instead of FILE...; see README).")
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
@click.option("--lang", default=None,
              help="Language of the documents: a tag as tools write it (de, de-DE, de_AT, deu); detected when omitted.")
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
@click.option("--include", multiple=True, metavar="GLOB",
              help="Directory inputs: audit the files matching GLOB (repeatable; default: *.txt).")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Directory inputs: leave out files and folders matching GLOB (repeatable).")
@click.option("--strict", is_flag=True,
              help="A bad file found in a directory stops the run like a bad named file (exit 2, nothing written).")
@click.option("--max-size", "max_bytes", default=f"{DEFAULT_MAX_BYTES // 10**6}MB", show_default=True,
              callback=_size_option, help="Largest input; a larger one is refused (units: k, MB, GB).")
@click.option("--max-sentence", type=click.IntRange(100, 100_000), default=MAX_SENTENCE, show_default=True,
              help="Longest sentence in characters; a longer one is split at whitespace.")
@click.option("--workers", type=click.IntRange(1, 1024), default=None,
              help="Processes that segment and check the documents (default: every core when the corpus is "
                   "large enough to repay starting them; 1: this process only).")
@click.option("--ray", "ray_address", is_flag=False, flag_value="", default=None, metavar="[ADDRESS]",
              help="Run on Ray (pip install 'auditor[ray]'): documents as Ray tasks, back-translation in actors "
                   "that load the model once. No ADDRESS: a local Ray instance; auto: this machine's cluster; "
                   "HOST:PORT or ray://HOST:PORT: that cluster. Reports are the same as without it.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, summary or warnings.")
def audit(**kwargs: Any) -> None:
    """Audit FILE... (one corpus; a directory is walked; '-' reads standard input) and write reports to --out."""
    stage = _Stage(Path(kwargs["out_dir"]))
    try:
        _audit(stage, **kwargs)
    except KeyboardInterrupt:
        raise Interrupted(stage.interrupted()) from None


class _Stage:
    """How far a run got, for the one line Ctrl+C prints."""

    def __init__(self, out: Path) -> None:
        self.out, self.writing, self.written = out, False, False

    def interrupted(self) -> str:
        if self.written:
            return f"interrupted after the reports were written to {self.out}/"
        if self.writing:
            return (f"interrupted while writing reports to {self.out}/: each report there is whole, "
                    "some from this run and the others as before; run again to finish")
        return f"interrupted before any report was written; {self.out}/ is as it was"


def _audit(stage: _Stage, files: tuple[str, ...], out_dir: str, formats: str | None, lang: str | None, quiet: bool,
           fail_on: str, require_model: bool, select: tuple[str, ...], ignore: tuple[str, ...],
           sources: tuple[str, ...], source_lang: str | None, input_format: str, skip_units: str | None,
           mark_review: bool, include: tuple[str, ...], exclude: tuple[str, ...], strict: bool, max_bytes: int,
           max_sentence: int, workers: int | None, manifest: Path | None, ray_address: str | None,
           **opts: Any) -> None:
    from ..checks import UnknownCheck
    from .. import runcache
    from ..engine import AuditConfig
    from ..segment import segment
    from ..models import load_models_config
    from .. import __version__
    from ..report import RENDERERS, RunView

    from ..l10n import WRITERS
    from ..l10n.documents import SKIPPABLE

    to_stdout = out_dir == "-"
    fmts = split_list((formats,)) if formats else ("jsonl",) if to_stdout else tuple(RENDERERS)
    for f in fmts:
        if f not in RENDERERS and f not in WRITERS and f != "jsonl":
            raise AuditorError(f"unknown report format {f!r}; choose from {', '.join((*RENDERERS, 'jsonl', *WRITERS))}")
    if to_stdout and fmts != ("jsonl",):
        raise AuditorError("--out - writes JSON Lines to standard output: give --format jsonl alone")
    jsonl = "jsonl" in fmts
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

    if manifest is not None and (files or sources):
        raise AuditorError("--manifest lists the documents (and their sources): give no FILE or --source with it")
    if manifest is None and not files:
        raise AuditorError("give FILE... (files, directories or '-') or --manifest FILE.jsonl")
    if sources and len(sources) != len(files):
        raise AuditorError(f"--source given {len(sources)} times for {len(files)} FILE arguments; "
                           "give one --source per FILE, in the same order")
    if sources and any(Path(f).is_dir() for f in files):
        raise AuditorError("--source pairs one original with each FILE: give files, not directories")
    # English is the pivot: it has no model, but --lang en audits an English text with the
    # text checks (which the detector's refusal of English text suggests)
    with_pivot = tuple(dict.fromkeys((*configured, "en")))
    lang, locale = _resolve_lang(lang, with_pivot)
    source_lang, _ = _resolve_lang(source_lang, with_pivot)
    cat_inputs: list = []
    if input_format != "text":
        from .l10n import split_inputs

        cat_inputs, text_files = split_inputs(files, input_format, max_bytes)
        if cat_inputs and sources:
            raise AuditorError("--source pairs plain-text FILEs with their originals; XLIFF, TMX, PO and "
                               "bilingual tables carry their source already")
        files = tuple(text_files)
    if write_fmts and not cat_inputs:
        raise AuditorError(f"--format {write_fmts[0]} writes back localisation inputs (XLIFF, PO), and none was given")
    say = (lambda m: None) if quiet else warn
    inputs, skipped = ([], []) if not files + sources and manifest is None else read_inputs(
        files + sources, include=include, exclude=exclude, strict=strict, max_bytes=max_bytes, manifest=manifest)
    for p in skipped:
        say(f"{p.line()} (skipped)")
    if not inputs and not cat_inputs:
        raise AuditorError(_nothing_to_audit(skipped))
    inputs, source_inputs = inputs[:len(inputs) - len(sources)], inputs[len(inputs) - len(sources):]
    for i in inputs:
        if not i.text.strip():
            say(f"{i.label}: empty document; its report has no sentences")
    # local workers are started now (the fork server loads what the checks load, about 2 s)
    # while this process detects languages and prepares the run; Ray's are running already
    executor = None if ray_address is not None else _local_executor(
        workers, sum(len(i.text) + (len(i.source.text) if i.source else 0) for i in (*inputs, *source_inputs)),
        len(inputs) + len(cat_inputs))
    cache = _open_cache(opts)
    languages = _languages(inputs, lang, configured, cache, None if strict else skipped)
    if len(languages) < len(inputs):
        for p in skipped[len(skipped) - (len(inputs) - len(languages)):]:
            say(f"{p.line()} (skipped)")
        inputs = [i for i in inputs if i.doc_id in languages]
        if not inputs and not cat_inputs:
            raise AuditorError(_nothing_to_audit(skipped))
    cat_docs: tuple[list, dict, dict] = ([], {}, {})
    if cat_inputs:
        from ..language import detect_language
        from .l10n import prepare_documents

        cat_docs = prepare_documents(
            cat_inputs, {i.doc_id for i in inputs}, lang, source_lang, skip,
            runcache.cached_segmenter(cache, segment, max_sentence=max_sentence),
            lambda text: detect_language(text, with_pivot))
        languages.update({d.id: d.language for d in cat_docs[0]})
    if inputs and inputs[0].source is not None:  # a manifest's originals, of the inputs still audited
        source_inputs = [i.source for i in inputs if i.source is not None]
    source_languages: dict[str, str] = {}
    if source_inputs:
        source_languages = _languages(source_inputs, source_lang, with_pivot, cache)
    # a second model costs load time and memory: only when a selected check uses the round trip
    opts["wants_roundtrip"] = any("roundtrip" in c.requires for c in config.checks())
    translators, roundtrips, statuses = _translators(set(languages.values()), opts, say, cache)
    if executor is None:
        executor = _ray_executor(ray_address, workers)
    if ray_address is not None:  # the same models and cache, the misses translated in Ray actors
        translators = {k: executor.translator(t) for k, t in translators.items()}
        roundtrips = {k: executor.translator(t) for k, t in roundtrips.items()}
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
            [(i.doc_id, i.label, i.text, locale or languages[i.doc_id], i.encoding) for i in inputs],
            {t.doc_id: (s.doc_id, s.label, s.text, source_languages[s.doc_id], s.encoding)
             for t, s in zip(inputs, source_inputs)},
            config,
            {"max_sentence": max_sentence, **{lang_code: {"backtranslation": _model_key(translators.get(lang_code), statuses.get(lang_code)),
                         "roundtrip": _model_key(roundtrips.get(lang_code), None)}
             for lang_code in sorted(set(languages.values()))}},
        )
    result = _reused_result(cache, key)
    reused = result is not None
    progress = CorpusProgress(quiet)
    from ..fsutil import StagedFolder
    from ..report.documents import DocumentReports, write_indexes
    from ..report.jsonl_report import JsonlWriter

    out = Path(out_dir)
    try:
        # standard output has no reports folder, so no review decisions either
        resolved = frozenset() if to_stdout else resolved_keys(out)
    except OSError as exc:
        raise AuditorError(f"{out}: cannot read review decisions ({exc})") from None
    stream = staged = None
    try:
        # streamed as documents are done; to a file, renamed into place with the other reports
        stream = JsonlWriter(None if to_stdout else out) if jsonl else None
        # each document's reports are written as it is checked, into a hidden folder moved
        # into place at the end: a failed or interrupted run leaves the previous reports
        staged = StagedFolder(out) if fmts else None
        reports = DocumentReports(staged.path if staged else out, out, fmts,
                                  frozenset([*(i.doc_id for i in inputs), *(d.id for d in cat_docs[0])]),
                                  __version__, resolved, jsonl)
    except OSError as exc:
        if stream is not None:
            stream.abort()
        raise AuditorError(f"{out_dir}: cannot write reports ({exc.strerror or exc})") from None
    try:
        try:
            result, written, reused, translators = _run(
                result, stream, progress, inputs, source_inputs, languages, source_languages, locale, cat_docs,
                cache, max_sentence, config, translators, roundtrips, statuses, require_model, say, key, executor,
                reports)
            view = RunView([w.entry for w in written], result.signature, result.checks,
                           skipped=[p.to_dict() for p in skipped])
            stage.writing = True
            if staged is not None:
                staged.commit()
                staged = None
            write_indexes(written, view, fmts, out)
            if stream is not None:
                stream.close()
        except OSError as exc:
            raise AuditorError(f"{out_dir}: cannot write reports ({exc.strerror or exc})") from None
    finally:
        if stream is not None:
            stream.abort()  # a failed or interrupted run: the previous reports.jsonl stays
        if staged is not None:
            staged.abort()
    stage.written = True
    _finish(view, written, result, out, to_stdout, write_fmts, cat_inputs, mark_review, quiet, reused, translators,
            skipped, fail_on, resolved)


def _run(result, stream, progress, inputs, source_inputs, languages, source_languages, locale, cat_docs,  # noqa: ANN001, ANN202, PLR0913
         cache, max_sentence, config, translators, roundtrips, statuses, require_model, say, key, executor, reports):
    """Segment and audit (unless ``result`` was reused), each document's reports written by
    ``reports`` as it comes: ``(result, written, reused, translators)``. A run whose result is
    kept (in the cache, or for writing localisation files back) holds it whole; any other
    leaves each document's reports to the worker that checked it (a Ray task renders them and
    this process writes them) and keeps only its ``Written`` (``run_audit``'s ``finish``):
    memory for the corpus index, not every flag."""
    from .. import runcache
    from ..engine import prepare_document, run_audit
    from ..parallel import InProcess, map_in_order
    from ..report.documents import write_results

    reused = result is not None
    counter = _Counter(None, stream, reports)
    if result is None:
        from ..parallel import segment_all

        jobs = ([(i.text, languages[i.doc_id]) for i in inputs]
                + [(s.text, source_languages[s.doc_id]) for s in source_inputs])
        with progress.stage("segmenting", len(jobs)) as update:
            segmented = runcache.segment_corpus(
                cache, jobs, lambda todo, on_result: segment_all(
                    todo, max_sentence=max_sentence, progress=update, on_result=on_result, executor=executor),
                max_sentence=max_sentence)
        documents: list[Document] = [
            prepare_document(i.doc_id, i.label, i.text, languages[i.doc_id], i.encoding,
                             segmenter=lambda _text, _lang, given=sentences: given, locale=locale)
            for i, sentences in zip(inputs, segmented)
        ] + cat_docs[0]
        source_docs: dict[str, Document] = {
            target.id: prepare_document(src.doc_id, src.label, src.text, source_languages[src.doc_id],
                                        src.encoding, segmenter=lambda _text, _lang, given=sentences: given)
            for target, src, sentences in zip(documents, source_inputs, segmented[len(inputs):])
        }
        del segmented
        source_docs.update(cat_docs[1])
        # the documents hold the texts from here on; the inputs (the caller's lists, this
        # run's to empty as the documents are run_audit's) would keep every text to the end
        # of the run, past the point where the engine parks each document and then lets it
        # go (149 MB of texts at a million sentences)
        del jobs
        inputs.clear()
        source_inputs.clear()
        sentences = sum(len(d.sentences) for d in documents)
        # the result is kept whole only where something needs it: the cache (a small run:
        # a big result is a big blob, and its segmentations and back-translations are cached
        # anyway) or the localisation files written back. Workers on other machines (Ray)
        # render the files and this process writes them as they come.
        keep = (key is not None and sentences <= KEEP_RESULT_SENTENCES) or bool(cat_docs[0])
        finish = None if keep else reports if executor.local else reports.rendering()
        total = len({s.text for d in documents if d.language in translators for s in d.sentences})
        fell_back = False
        try:
            with progress.stage("back-translating", total if translators else 0, "sentences") as translated, \
                    progress.stage("checking", len(documents)) as update:
                counter.update = update
                result = run_audit(documents, config, translator=translators or None, backtranslation=statuses,
                                   sources=source_docs or None, progress=lambda done: translated(done, done),
                                   roundtrip=roundtrips or None, alignments=cat_docs[2] or None,
                                   on_document=counter, executor=executor, finish=finish)
        except BackendUnavailable as exc:
            # Backends load their model on the first cache miss (a warm re-audit never loads
            # it), so a model that cannot run shows up here rather than at start-up.
            if require_model:
                raise AuditorError(f"back-translation model failed: {exc}", EXIT_MODEL) from None
            say(f"back-translation failed ({exc}); running text checks only")
            if stream is not None and stream.written:
                raise AuditorError(f"back-translation failed after {stream.written} documents were streamed: "
                                   f"{exc}") from None
            statuses.update({lang: {"status": "unavailable", "model": t.describe().get("model"), "reason": str(exc)}
                             for lang, t in translators.items()})
            counter.written.clear()
            result = run_audit(documents, config, backtranslation=statuses, sources=source_docs or None,
                               alignments=cat_docs[2] or None, on_document=counter, executor=executor,
                               finish=finish)
            translators = {}
            fell_back = True
        # a fallback or a raising check may be transient: audit those runs again next time
        if key is not None and keep and not fell_back and not any(d.errors for d in result.documents):
            cache.put_artifact(runcache.RESULTS, key, runcache.dump_result(result), keep=runcache.KEEP_RESULTS)
    if len(counter.written) < len(result.documents):  # a whole result: its reports written now, in the workers
        if stream is not None:
            for d in result.documents[stream.written:]:  # a reused result: nothing was streamed yet
                stream.add(d, result.signature)
        counter.written = map_in_order(executor if executor.local else InProcess(), write_results, result.documents,
                                       [len(d.document.text) for d in result.documents], (reports, result.signature))
        for w in counter.written:
            w.line = None  # streamed above
    return result, counter.written, reused, translators


def _local_executor(workers: int | None, chars: int, documents: int):  # noqa: ANN202 (an Executor)
    """Worker processes for segmentation, the checks and the reports (``workers`` None: every
    core when the corpus of ``chars`` characters is large enough), starting from now on,
    ended when the command ends."""
    from ..parallel import effective_workers, make_executor

    executor = make_executor(effective_workers(workers, chars, documents), preload=("auditor.warm",))
    click.get_current_context().call_on_close(executor.close)
    executor.start()
    return executor


def _finish(view, written, result, out: Path, to_stdout: bool, write_fmts, cat_inputs, mark_review: bool,  # noqa: ANN001, PLR0913
            quiet: bool, reused: bool, translators, skipped, fail_on: str, resolved: frozenset[str]) -> None:
    """Write localisation files back, summarise and exit. Flags an editor dismissed or marked
    fixed (``resolved``: decisions stored in the reports folder by `auditor serve` / `auditor
    review import`) are the baseline: they never fail a run."""
    if write_fmts:
        from .l10n import write_back

        write_back(cat_inputs, write_fmts, result, out, resolved, mark_review)
    open_flags = [severity for w in written for severity in w.open]
    if not quiet:
        _summary(view, "standard output" if to_stdout else f"{out}/", len(open_flags), len(skipped))
        if reused:
            click.echo("inputs, checks, models and auditor unchanged since an earlier run: its result was "
                       "reused (--no-cache audits afresh)", err=True)
        for lang_code, t in ({} if reused else translators).items():
            for w in t.warnings:
                warn(w)
            click.echo(f"back-translation ({lang_code}, {t.backend.name}): {t.stats.misses} sentences translated, "
                       f"{t.stats.hits} from cache", err=True)
    threshold = None if fail_on == "never" else SEVERITY_RANK[fail_on]
    worst = max((SEVERITY_RANK[severity] for severity in open_flags), default=0)
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


class _Counter:
    """run_audit's ``on_document``: documents and sentences checked so far, to a progress
    stage; a document's JSON Lines line to the stream; what its reports' writer returned,
    with the files a worker elsewhere rendered written here (``reports``)."""

    def __init__(self, update, stream=None, reports=None) -> None:  # noqa: ANN001
        self.update, self.stream, self.reports, self.documents, self.sentences = update, stream, reports, 0, 0
        self.written: list = []  # auditor.report.documents.Written

    def __call__(self, result, signature: str) -> None:  # noqa: ANN001
        from ..report.documents import Written

        if isinstance(result, Written):  # written where it was checked
            if self.stream is not None:
                self.stream.add_line(result.line)
            result.line = None
            if self.reports is not None:
                self.reports.store(result)
            self.written.append(result)
            sentences = result.entry.summary.sentences
        else:
            if self.stream is not None:
                self.stream.add(result, signature)
            sentences = len(result.sentences)
        self.documents += 1
        self.sentences += sentences
        if self.update is not None:
            self.update(self.documents, self.sentences)


def _summary(view, out: str, open_count: int, skipped: int) -> None:
    for d in view.documents:
        sev = d.summary.by_severity
        click.echo(f"{d.path}: {d.summary.sentences} sentences, {d.summary.flagged} flagged "
                   f"(high {sev['high']}, medium {sev['medium']}, low {sev['low']})", err=True)
        for e in d.errors:
            warn(f"{d.path}: check {e['code']} failed on sentence {e['sentence']}: {e['error']}")
    total = sum(sum(d.summary.by_severity.values()) for d in view.documents)
    if total != open_count:
        click.echo(f"{total - open_count} of {total} flags were dismissed or fixed in an earlier review", err=True)
    if skipped:
        listed = "the index" if out == "standard output" else f"{out}index.json"
        click.echo(f"{skipped} input{'s' if skipped != 1 else ''} skipped (listed in {listed})", err=True)
    click.echo(f"reports written to {out}", err=True)
