"""The CTranslate2 backend on the tiny random Marian model: real conversion, caching of the
converted model, atomicity when a conversion dies, agreement with the transformers
reference (text and log-probabilities), truncation, the vocabulary map, auto selection."""

from __future__ import annotations

import math
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from auditor.backends import BackendUnavailable, backend_class, load_backend
from auditor.backends.base import GenerationSettings
from auditor.backends.ctranslate2 import (
    COMPLETE_MARKER,
    VMAP_FILE,
    CTranslate2Backend,
    conversion_key,
    ensure_converted,
    thread_split,
    write_target_vmap,
)
from auditor.translate import build_translator
from tiny_marian import seed_sentences

SETTINGS = GenerationSettings(threads=2, batch_size=4, device="cpu")


@pytest.fixture(scope="module")
def ct2_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ct2-models")


def convert_here(model_dir: Path, dest: Path, quantization: str | None) -> None:
    """The real converter, in this process (torch is loaded here already; the child process
    of convert_in_subprocess is exercised by test_auto_picks_ctranslate2)."""
    from ctranslate2.converters import TransformersConverter

    TransformersConverter(str(model_dir)).convert(str(dest), quantization=quantization, force=True)


@pytest.fixture(scope="module")
def float32_dir(tiny_model_dir: Path, ct2_root: Path) -> Path:
    """Float32: int8 rounding of random weights flips near-tied argmax choices (measured:
    52 of 62 seed sentences agree); float32 must agree exactly, which is what proves
    tokenisation, decoding and the length cap equivalent."""
    return ensure_converted(tiny_model_dir, "tiny", None, root=ct2_root, converter=convert_here)


@pytest.fixture(scope="module")
def stopping_model_dir(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model with a bias towards EOS, so that its outputs end on their own (random
    weights alone never choose EOS, and the decoder's own scores are only used then)."""
    import torch
    from transformers import MarianMTModel

    path = tmp_path_factory.mktemp("tiny-stopping")
    for file in tiny_model_dir.iterdir():
        if file.name != "model.safetensors":
            shutil.copyfile(file, path / file.name)
    model = MarianMTModel.from_pretrained(str(tiny_model_dir))
    with torch.no_grad():
        model.final_logits_bias[0, model.config.eos_token_id] += 0.33  # measured: stops after 4 tokens
    model.save_pretrained(str(path))
    return path


@pytest.fixture(scope="module")
def ct2(tiny_model_dir: Path, float32_dir: Path) -> CTranslate2Backend:
    return CTranslate2Backend(tiny_model_dir, "tiny", SETTINGS, quantization=None, converted_dir=float32_dir)


@pytest.fixture(scope="module")
def reference(tiny_model_dir: Path):  # noqa: ANN201
    return load_backend("transformers", tiny_model_dir, "tiny", SETTINGS)


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    lines = [s for s in seed_sentences() if len(s) < 250]
    long_text = " ".join(seed_sentences())[:3000]
    return [lines[0], "", lines[5], lines[3], "   ", lines[10], lines[2], lines[20], lines[33], long_text]


def copy_converter(source: Path, *, partial: bool = False, ready: Path | None = None):  # noqa: ANN201
    """A stand-in for TransformersConverter that copies a finished conversion; ``partial``
    writes half of model.bin and dies like a killed process would."""
    calls: list[Path] = []

    def convert(model_dir: Path, dest: Path, quantization: str | None) -> None:
        calls.append(dest)
        if partial:
            data = (source / "model.bin").read_bytes()
            (dest / "model.bin").write_bytes(data[: len(data) // 2])
            raise RuntimeError("killed mid-conversion")
        for file in source.iterdir():
            if file.name not in (COMPLETE_MARKER, VMAP_FILE):
                shutil.copyfile(file, dest / file.name)

    convert.calls = calls  # type: ignore[attr-defined]
    return convert


# --------------------------------------------------------------------------- agreement


def test_greedy_output_agrees_with_transformers(ct2: CTranslate2Backend, reference, sentences: list[str]) -> None:
    ours, theirs = ct2.translate(sentences), reference.translate(sentences)
    assert len(ours) == len(sentences)
    assert [t.text for t in ours] == [t.text for t in theirs]
    assert [t.tokens for t in ours] == [t.tokens for t in theirs]
    assert [t.truncated for t in ours] == [t.truncated for t in theirs]
    for a, b in zip(ours, theirs):
        assert a.logprob_sum == pytest.approx(b.logprob_sum, rel=1e-3, abs=0.05)
        assert a.logprob_mean == pytest.approx(a.logprob_sum / a.tokens if a.tokens else 0.0)


def test_score_agrees_with_transformers(ct2: CTranslate2Backend, reference, sentences: list[str]) -> None:
    targets = ["The government said on Monday that it would not comment.", "x", "Die Regierung.",
               "", "y", "Kiev", "Kyiv", "The", "Ten thousand soldiers.", "A long one."]
    ours, theirs = ct2.score(sentences, targets), reference.score(sentences, targets)
    for a, b in zip(ours, theirs):
        assert (a.text, a.tokens, a.truncated) == (b.text, b.tokens, b.truncated)
        assert a.logprob_sum == pytest.approx(b.logprob_sum, rel=1e-3, abs=0.05)
    with pytest.raises(ValueError, match="2 sources but 1 targets"):
        ct2.score(["a", "b"], ["c"])


def test_outputs_that_end_on_their_own(stopping_model_dir: Path, tmp_path: Path, sentences: list[str]) -> None:
    """Log-probabilities taken from the decoder's scores (no re-scoring) are the same
    quantity as the transformers backend's forced re-scoring."""
    path = ensure_converted(stopping_model_dir, "stop", None, root=tmp_path, converter=convert_here)
    # caps of 4 to 8 tokens: the short sentences are cut, the longer ones end on their own
    settings = GenerationSettings(threads=2, batch_size=4, device="cpu", max_length_ratio=0.05, max_length_extra=3)
    ours = CTranslate2Backend(stopping_model_dir, "stop", settings, quantization=None, converted_dir=path)
    theirs = load_backend("transformers", stopping_model_dir, "stop", settings)
    texts = sentences[:-1]
    sources = [ours._encode(t, ours._spm_source)[0] for t in texts if t.strip()]
    free = [value is not None for value in ours._hypotheses(sources)[1]]
    assert any(free) and not all(free)  # both paths are exercised
    a, b = ours.translate(texts), theirs.translate(texts)
    assert [t.text for t in a] == [t.text for t in b]
    assert [t.tokens for t in a] == [t.tokens for t in b]
    for x, y in zip(a, b):
        assert x.logprob_sum == pytest.approx(y.logprob_sum, rel=1e-3, abs=0.05)


def test_own_output_scores_as_translated(ct2: CTranslate2Backend, sentences: list[str]) -> None:
    out = ct2.translate(sentences[:4])
    for t, s in zip(out, ct2.score(sentences[:4], [t.text for t in out])):
        if t.tokens:
            assert s.tokens == t.tokens
            assert s.logprob_sum == pytest.approx(t.logprob_sum, abs=1e-3)


def test_empty_and_overlong_inputs(ct2: CTranslate2Backend, sentences: list[str]) -> None:
    assert ct2.translate([]) == []
    empty, blank, short, long_ = ct2.translate(["", " \n", "Die Regierung in Kiew.", sentences[-1]])
    for t in (empty, blank):
        assert (t.text, t.logprob_sum, t.logprob_mean, t.tokens, t.truncated) == ("", 0.0, 0.0, 0, False)
    assert not short.truncated and short.text
    assert long_.truncated
    assert 0 < long_.tokens <= ct2.max_tokens - 1
    assert math.isfinite(long_.logprob_sum) and long_.logprob_sum < 0


def test_batching_does_not_change_outputs(ct2: CTranslate2Backend, sentences: list[str]) -> None:
    together = ct2.translate(sentences)
    alone = [ct2.translate([s])[0] for s in sentences]
    assert [t.text for t in alone] == [t.text for t in together]


def test_beam_search(tiny_model_dir: Path, float32_dir: Path, sentences: list[str]) -> None:
    beam = CTranslate2Backend(tiny_model_dir, "tiny", GenerationSettings(beams=3, threads=1, device="cpu"),
                              quantization=None, converted_dir=float32_dir)
    out = beam.translate(sentences[:3])
    assert [bool(t.text) for t in out] == [bool(s.strip()) for s in sentences[:3]]
    assert all(math.isfinite(t.logprob_sum) for t in out)


# --------------------------------------------------------------------------- conversion cache


def test_conversion_is_cached_and_reused(tiny_model_dir: Path, ct2_root: Path, float32_dir: Path) -> None:
    assert float32_dir.parent == ct2_root
    assert (float32_dir / COMPLETE_MARKER).is_file() and (float32_dir / VMAP_FILE).is_file()
    mtime = (float32_dir / "model.bin").stat().st_mtime_ns
    never = copy_converter(float32_dir)
    assert ensure_converted(tiny_model_dir, "tiny", None, root=ct2_root, converter=never) == float32_dir
    assert never.calls == []
    assert (float32_dir / "model.bin").stat().st_mtime_ns == mtime
    assert not list(ct2_root.glob(".*.tmp-*"))


def test_other_weights_get_their_own_conversion(tiny_model_dir: Path, tiny_reverse_model_dir: Path) -> None:
    # same layout, same vocabulary, different random weights
    assert conversion_key(tiny_model_dir, None) != conversion_key(tiny_reverse_model_dir, None)
    assert conversion_key(tiny_model_dir, None) != conversion_key(tiny_model_dir, "int8")


def test_failed_conversion_leaves_nothing_usable(tiny_model_dir: Path, float32_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "ct2"
    broken = copy_converter(float32_dir, partial=True)
    with pytest.raises(RuntimeError, match="killed mid-conversion"):
        ensure_converted(tiny_model_dir, "tiny", None, root=root, converter=broken)
    assert [p.name for p in root.iterdir() if not p.name.endswith(".lock")] == []
    good = copy_converter(float32_dir)
    path = ensure_converted(tiny_model_dir, "tiny", None, root=root, converter=good)
    assert len(good.calls) == 1
    backend = CTranslate2Backend(tiny_model_dir, "tiny", SETTINGS, quantization=None, converted_dir=path)
    assert backend.translate(["Die Regierung in Kiew."])[0].tokens > 0


def test_killed_conversion_is_ignored_and_cleaned(tiny_model_dir: Path, float32_dir: Path, tmp_path: Path) -> None:
    """A process killed (SIGKILL) mid-conversion leaves a temporary directory and a lock
    file; the next run neither loads the half model nor waits for the dead run's lock."""
    root, ready = tmp_path / "ct2", tmp_path / "ready"
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        sys.path[:0] = [{str(Path(__file__).parent.parent)!r}]
        from auditor.backends.ctranslate2 import ensure_converted

        def slow(model_dir, dest, quantization):
            (dest / "model.bin").write_bytes(b"half a model")
            Path({str(ready)!r}).write_text("x")
            time.sleep(60)

        ensure_converted(Path({str(tiny_model_dir)!r}), "tiny", None, root=Path({str(root)!r}), converter=slow)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert proc.poll() is None, "the converting child died early"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    key = conversion_key(tiny_model_dir, None)
    assert not (root / key).exists()
    assert len(list(root.glob(f".{key}.tmp-*"))) == 1

    good = copy_converter(float32_dir)
    path = ensure_converted(tiny_model_dir, "tiny", None, root=root, converter=good)
    assert path == root / key and len(good.calls) == 1
    assert not list(root.glob(f".{key}.tmp-*"))
    assert (path / "model.bin").read_bytes() == (float32_dir / "model.bin").read_bytes()


def test_concurrent_runs_convert_once(tiny_model_dir: Path, float32_dir: Path, tmp_path: Path) -> None:
    import threading

    root = tmp_path / "ct2"
    good = copy_converter(float32_dir)

    def slow(model_dir: Path, dest: Path, quantization: str | None) -> None:
        time.sleep(0.3)  # the second run arrives while the first converts
        good(model_dir, dest, quantization)

    paths: list[Path] = []
    threads = [threading.Thread(target=lambda: paths.append(
        ensure_converted(tiny_model_dir, "tiny", None, root=root, converter=slow))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(good.calls) == 1
    assert len(paths) == 2 and paths[0] == paths[1] and (paths[0] / COMPLETE_MARKER).is_file()


def test_subprocess_conversion_error_is_one_line(tmp_path: Path, tiny_model_dir: Path) -> None:
    for file in tiny_model_dir.iterdir():
        shutil.copyfile(file, tmp_path / file.name)
    (tmp_path / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(BackendUnavailable, match="cannot convert") as err:
        CTranslate2Backend(tmp_path, "broken", SETTINGS, quantization=None)
    assert "\n" not in str(err.value)


def test_not_a_marian_directory(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"model_type": "marian"}', encoding="utf-8")
    with pytest.raises(BackendUnavailable, match="missing source.spm, target.spm, vocab.json"):
        CTranslate2Backend(tmp_path, "broken", SETTINGS)


def test_unreadable_tokenizer_files_fail_on_first_use(tmp_path: Path, tiny_model_dir: Path,
                                                      float32_dir: Path, sentences: list[str]) -> None:
    """The vocabulary and SentencePiece models are read on first use (a re-audit from the
    cache never needs them); a broken one is then a BackendUnavailable, which the CLI turns
    into its text-checks fallback, never a traceback."""
    for file in tiny_model_dir.iterdir():
        shutil.copyfile(file, tmp_path / file.name)
    (tmp_path / "source.spm").write_bytes(b"not a sentencepiece model")
    backend = CTranslate2Backend(tmp_path, "broken", SETTINGS, quantization=None, converted_dir=float32_dir)
    with pytest.raises(BackendUnavailable, match="cannot load the SentencePiece model .*source.spm"):
        backend.translate(sentences[:1])
    (tmp_path / "source.spm").write_bytes((tiny_model_dir / "source.spm").read_bytes())
    (tmp_path / "vocab.json").write_text("[1, 2]", encoding="utf-8")
    backend = CTranslate2Backend(tmp_path, "broken", SETTINGS, quantization=None, converted_dir=float32_dir)
    with pytest.raises(BackendUnavailable, match="vocab.json is not a token -> id mapping"):
        backend.translate(sentences[:1])


# --------------------------------------------------------------------------- vocabulary map


def test_vocabulary_map_restricts_outputs(
    tiny_model_dir: Path, float32_dir: Path, ct2: CTranslate2Backend, sentences: list[str], tmp_path: Path
) -> None:
    restricted = tmp_path / "restricted"
    shutil.copytree(float32_dir, restricted)
    allowed = [p for p in ct2.vocab if p.startswith("\u2581")][:60]
    assert write_target_vmap(tiny_model_dir, restricted, allowed) == len(allowed)
    settings = GenerationSettings(threads=2, batch_size=4, device="cpu", shortlist=True)
    assert settings.cache_key() != SETTINGS.cache_key()
    mapped = CTranslate2Backend(tiny_model_dir, "tiny", settings, quantization=None, converted_dir=restricted)
    assert mapped.use_vmap and mapped.describe()["vocabulary_map"]
    texts = [s for s in sentences[:-1] if s.strip()]
    out = mapped.translate(texts)
    full = ct2.translate(texts)
    assert [t.text for t in out] != [t.text for t in full]
    sources = [mapped._encode(text, mapped._spm_source)[0] for text in texts]
    # CTranslate2 takes the union of candidates over a batch: all sources' pieces
    candidates = set(allowed).union(*sources)
    outputs, sums, _ = mapped._hypotheses(sources)
    for hypothesis in outputs:
        assert hypothesis and set(hypothesis) <= candidates, set(hypothesis) - candidates
    assert all(value is None for value in sums)  # random weights: every output is capped
    for text, t in zip(texts, out):
        # an output stopped at its cap is re-scored with its EOS, over the full vocabulary
        assert t.logprob_sum == pytest.approx(ct2.score([text], [t.text])[0].logprob_sum, abs=1e-3)


class TranslatorSpy:
    """A CTranslate2 translator that records the decoding lengths asked of it and counts
    the pairs it re-scores (also used by tests/test_bench.py)."""

    def __init__(self, translator: object) -> None:
        self.translator, self.max_lengths, self.scored = translator, [], 0

    def translate_batch(self, *args: object, **kwargs: object) -> object:
        self.max_lengths.append(kwargs["max_decoding_length"])
        return self.translator.translate_batch(*args, **kwargs)

    def score_batch(self, sources: list, *args: object, **kwargs: object) -> object:
        self.scored += len(sources)
        return self.translator.score_batch(sources, *args, **kwargs)


def spy_on(backend: CTranslate2Backend) -> TranslatorSpy:
    """Put a TranslatorSpy between ``backend`` and its (loaded) translator."""
    spy = TranslatorSpy(backend.translator)
    backend._translator = spy
    return spy


def test_vocabulary_map_scores_come_from_the_decoder_over_the_shortlist(
    stopping_model_dir: Path, tmp_path: Path, sentences: list[str]
) -> None:
    """With the map, an output that ends on its own keeps the decoder's log-probability,
    normalised over the shortlist (re-scoring it over the full vocabulary would cost more
    than the map saves); a map holding every piece gives the full-vocabulary value."""
    path = ensure_converted(stopping_model_dir, "stop", None, root=tmp_path / "ct2", converter=convert_here)
    settings = GenerationSettings(threads=2, batch_size=4, device="cpu", shortlist=True)
    plain = CTranslate2Backend(stopping_model_dir, "stop", GenerationSettings(threads=2, batch_size=4, device="cpu"),
                               quantization=None, converted_dir=path)
    texts = [s for s in sentences[:-1] if s.strip()]

    def mapped(pieces: list[str], name: str) -> tuple[CTranslate2Backend, TranslatorSpy]:
        directory = tmp_path / name
        shutil.copytree(path, directory)
        write_target_vmap(stopping_model_dir, directory, pieces)
        backend = CTranslate2Backend(stopping_model_dir, "stop", settings, quantization=None, converted_dir=directory)
        return backend, spy_on(backend)

    everything, spy = mapped(list(plain.vocab), "everything")
    ends = everything.translate(texts)
    assert spy.scored == 0  # every output ended on its own: nothing re-scored
    for text, t in zip(texts, ends):
        assert t.logprob_sum == pytest.approx(plain.score([text], [t.text])[0].logprob_sum, rel=1e-3, abs=1e-3)

    allowed = [p for p in plain.vocab if p.startswith("\u2581")][:200]
    narrow, spy = mapped(allowed, "narrow")
    out = narrow.translate(texts)
    assert spy.scored == 0
    gaps = [t.logprob_sum - plain.score([text], [t.text])[0].logprob_sum for text, t in zip(texts, out)]
    # fewer pieces share the probability: each output is at least as likely as over the
    # full vocabulary, and strictly more for this narrow map
    assert min(gaps) > -1e-3 and max(gaps) > 0.1


def test_default_vocabulary_map_is_the_target_side(float32_dir: Path, ct2: CTranslate2Backend) -> None:
    lines = (float32_dir / VMAP_FILE).read_text(encoding="utf-8").splitlines()
    fixed = lines[0].split("\t")[1].split(" ")
    assert lines[0].startswith("\t")
    target = ct2._spm_target
    assert set(fixed) == {target.id_to_piece(i) for i in range(target.get_piece_size())
                          if not (target.is_control(i) or target.is_unknown(i))} & set(ct2.vocab)


# --------------------------------------------------------------------------- selection


@pytest.fixture(scope="module")
def auditor_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One $AUDITOR_CACHE_DIR for the tests that convert through the default path (int8)."""
    return tmp_path_factory.mktemp("auditor-cache")


def test_auto_picks_ctranslate2(monkeypatch: pytest.MonkeyPatch, tiny_model_dir: Path, auditor_cache: Path,
                                sentences: list[str]) -> None:
    """backend=auto converts (int8, child process) into $AUDITOR_CACHE_DIR/ctranslate2."""
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(auditor_cache))
    translator = build_translator(str(tiny_model_dir), backend="auto", settings=SETTINGS, cache=None)
    assert translator.backend.name == "ctranslate2"
    assert translator.describe()["quantization"] == "int8"
    assert [p.parent for p in (auditor_cache / "ctranslate2").glob("*/model.bin")] != []
    out = translator.translate(sentences[:4])
    assert [bool(t.text) for t in out] == [bool(s.strip()) for s in sentences[:4]]
    assert translator.backend.identity.endswith("+ct2-int8")


def test_missing_library_is_backend_unavailable(monkeypatch: pytest.MonkeyPatch, tiny_model_dir: Path) -> None:
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # import ctranslate2 raises ImportError
    monkeypatch.delitem(sys.modules, "auditor.backends.ctranslate2", raising=False)
    with pytest.raises(BackendUnavailable, match="needs ctranslate2"):
        backend_class("ctranslate2")
    translator = build_translator(str(tiny_model_dir), backend="auto", settings=SETTINGS, cache=None)
    assert translator.backend.name == "transformers"


def test_thread_split() -> None:
    assert thread_split(1) == (1, 1)
    assert thread_split(2) == (2, 1)
    assert thread_split(8) == (4, 2)
    assert thread_split(16) == (4, 4)


def test_warm_cache_never_loads_the_model(tiny_model_dir: Path, float32_dir: Path, tmp_path: Path,
                                          sentences: list[str]) -> None:
    from auditor.cache import TranslationCache
    from auditor.translate import CachedTranslator

    texts = sentences[:4]
    cache = TranslationCache(tmp_path)
    cold = CachedTranslator(CTranslate2Backend(tiny_model_dir, "tiny", SETTINGS, quantization=None,
                                               converted_dir=float32_dir), cache)
    expected = cold.translate(texts)
    backend = CTranslate2Backend(tiny_model_dir, "tiny", SETTINGS, quantization=None, converted_dir=float32_dir)
    warm = CachedTranslator(backend, cache)
    assert warm.translate(texts) == expected
    assert warm.stats.misses == 0 and warm.stats.hits == 3
    assert backend._translator is None  # the model was never loaded


def test_batches_are_bounded_in_sentences_and_tokens(ct2: CTranslate2Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    import auditor.backends.ctranslate2 as module

    monkeypatch.setattr(module, "BATCH_TOKENS", 40)
    sources = [["x"] * n for n in (3, 12, 5, 9, 1, 20, 2, 7, 50)]
    batches = ct2._batches(sources)
    assert sorted(k for b in batches for k in b) == list(range(len(sources)))
    # longest batch first (submission order: the short batches fill the workers' gaps at
    # the end), each batch of similar lengths
    longest = [max(len(sources[k]) for k in b) for b in batches]
    assert longest == sorted(longest, reverse=True) and longest[0] == 50
    for b, shorter in zip(batches, batches[1:]):
        assert min(len(sources[k]) for k in b) >= max(len(sources[k]) for k in shorter)
    for b in batches:
        assert len(b) <= SETTINGS.batch_size
        assert len(b) == 1 or len(b) * max(len(sources[k]) for k in b) <= 40


def test_device_choice(tiny_model_dir: Path, float32_dir: Path) -> None:
    import ctranslate2

    def load(device: str) -> CTranslate2Backend:
        return CTranslate2Backend(tiny_model_dir, "tiny", GenerationSettings(threads=2, device=device),
                                  quantization=None, converted_dir=float32_dir)

    with pytest.raises(BackendUnavailable, match="cpu or cuda"):
        load("mps")
    if ctranslate2.get_cuda_device_count() == 0:
        assert load("auto").device == "cpu"
        with pytest.raises(BackendUnavailable, match="sees no GPU"):
            load("cuda:0")
    else:
        assert load("auto").device == "cuda"
        assert load("auto").translate(["Die Regierung in Kiew."])[0].tokens > 0


def test_cli_audit_with_ctranslate2_and_warm_cache(monkeypatch: pytest.MonkeyPatch, tiny_model_dir: Path,
                                                   auditor_cache: Path, tmp_path: Path) -> None:
    """`auditor audit` (backend auto): valid reports; the re-run is served by the cache and
    never loads the CTranslate2 model."""
    import json
    from importlib import resources

    import ctranslate2
    import jsonschema
    from click.testing import CliRunner

    import auditor.backends.ctranslate2 as module
    from auditor.cli import cli

    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(auditor_cache))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    loads: list[str] = []

    class CountingTranslator(ctranslate2.Translator):  # the real one, counted
        def __init__(self, path: str, *args: object, **kwargs: object) -> None:
            loads.append(path)
            super().__init__(path, *args, **kwargs)

    monkeypatch.setattr(module.ctranslate2, "Translator", CountingTranslator)
    seeds = sorted(str(p) for p in (Path(__file__).parent.parent / "seeds").glob("*.txt"))[:2]
    schema = json.loads(resources.files("auditor.report").joinpath("schema.json").read_text("utf-8"))
    args = ["audit", *seeds, "--out", str(tmp_path / "r"), "--model", str(tiny_model_dir), "--format", "json",
            "--cache-dir", str(tmp_path / "bt"), "--lang", "de"]
    first = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert first.exit_code == 0, first.output
    assert "(de, ctranslate2)" in first.output and " 0 from cache" in first.output
    assert len(loads) == 1
    for seed in seeds:
        report = json.loads((tmp_path / "r" / f"{Path(seed).stem}.json").read_text("utf-8"))
        jsonschema.validate(report, schema)
        assert report["backtranslation"]["backend"] == "ctranslate2"
        assert all(s["signals"]["bt_logprob_mean"] < 0 for s in report["sentences"])
    second = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert second.exit_code == 0 and "its result was reused" in second.output
    # another check selection: audited again, every back-translation from the cache
    third = CliRunner().invoke(cli, [*args, "--ignore", "REP001"], catch_exceptions=False)
    assert third.exit_code == 0 and "0 sentences translated" in third.output
    assert len(loads) == 1  # the model was not loaded again


def test_other_weights_get_their_own_cache_identity(tiny_model_dir: Path, tiny_reverse_model_dir: Path) -> None:
    """Two random models of one layout used to share an identity (sizes and configs only),
    so one model's cached translations were served for the other."""
    from auditor.backends.base import model_fingerprint

    assert model_fingerprint(tiny_model_dir) != model_fingerprint(tiny_reverse_model_dir)
