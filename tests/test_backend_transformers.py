"""The transformers backend on the tiny random Marian model: real loading, generation,
length cap, truncation and forced re-scoring (no faked outputs)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.backends import BackendUnavailable, load_backend
from auditor.backends.base import GenerationSettings
from auditor.backends.transformers import TransformersBackend
from tiny_marian import seed_sentences

SETTINGS = GenerationSettings(threads=1, batch_size=4, device="cpu")


@pytest.fixture(scope="module")
def backend(tiny_model_dir: Path) -> TransformersBackend:
    loaded = load_backend("transformers", tiny_model_dir, "tiny", SETTINGS)
    assert isinstance(loaded, TransformersBackend)
    return loaded


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    lines = [s for s in seed_sentences() if len(s) < 200]
    return [lines[0], "", lines[5], lines[3], "   ", lines[10], lines[2]]


def source_tokens(backend: TransformersBackend, text: str) -> int:
    return len(backend.tokenizer(text)["input_ids"])


def test_one_translation_per_input_in_order(backend: TransformersBackend, sentences: list[str]) -> None:
    out = backend.translate(sentences)
    assert len(out) == len(sentences)
    for text, t in zip(sentences, out):
        if text.strip():
            assert t.tokens > 0
            assert t.text
            assert math.isfinite(t.logprob_sum) and t.logprob_sum < 0
            assert t.logprob_mean == pytest.approx(t.logprob_sum / t.tokens)
            assert not t.truncated
        else:
            assert (t.text, t.logprob_sum, t.logprob_mean, t.tokens) == ("", 0.0, 0.0, 0)
    # batching and length-sorting must not change any sentence's output
    alone = [backend.translate([s])[0] for s in sentences]
    assert [t.text for t in alone] == [t.text for t in out]
    assert [t.tokens for t in alone] == [t.tokens for t in out]


def test_length_cap_ends_generation(backend: TransformersBackend, sentences: list[str]) -> None:
    """Random weights never choose EOS: only the cap (ratio * source + extra) stops them."""
    for text, t in zip(sentences, backend.translate(sentences)):
        if text.strip():
            assert t.tokens == SETTINGS.max_new_tokens(source_tokens(backend, text))
            assert t.tokens < 128


def test_overlong_sentence_is_truncated_not_fatal(backend: TransformersBackend) -> None:
    long_text = " ".join(seed_sentences())[:3000]
    assert source_tokens(backend, long_text) > backend.max_tokens
    short, long_ = backend.translate(["Die Regierung in Kiew.", long_text])
    assert long_.truncated and not short.truncated
    assert 0 < long_.tokens <= backend.max_tokens - 1
    assert math.isfinite(long_.logprob_sum)


def test_score_agrees_with_greedy_translation(backend: TransformersBackend, sentences: list[str]) -> None:
    out = backend.translate(sentences)
    scored = backend.score(sentences, [t.text for t in out])
    for t, s in zip(out, scored):
        assert s.tokens == t.tokens
        assert s.logprob_sum == pytest.approx(t.logprob_sum, abs=1e-3)


def test_logprobs_match_the_models_own_step_distributions(backend: TransformersBackend,
                                                          sentences: list[str]) -> None:
    """Independent check of the forced re-scoring: generate() step by step (with its KV
    cache) exposes the raw logits of every step, the forced EOS step included."""
    import torch

    text = sentences[2]
    translation = backend.translate([text])[0]
    enc = backend.tokenizer([text], return_tensors="pt")
    with torch.inference_mode():
        out = backend.model.generate(
            **enc, num_beams=1, do_sample=False, max_new_tokens=translation.tokens, max_length=None,
            forced_eos_token_id=backend.eos_id, bad_words_ids=[[backend.pad_id]],
            return_dict_in_generate=True, output_logits=True,
        )
    generated = out.sequences[0, 1:]
    assert len(generated) == translation.tokens and generated[-1].item() == backend.eos_id
    steps = [torch.log_softmax(logits[0].float(), -1)[token].item() for logits, token in zip(out.logits, generated)]
    assert translation.logprob_sum == pytest.approx(sum(steps), abs=1e-3)
    # the step that generate() forced to EOS has a real, low probability, not 0
    assert steps[-1] < -1


def test_score_prefers_the_models_own_output(backend: TransformersBackend, sentences: list[str]) -> None:
    text = sentences[0]
    own = backend.translate([text])[0]
    other = backend.score([text], ["The government said on Monday that it would not comment."])[0]
    assert other.text.startswith("The government")
    assert own.logprob_mean > other.logprob_mean


def test_score_needs_pairs(backend: TransformersBackend) -> None:
    with pytest.raises(ValueError, match="2 sources but 1 targets"):
        backend.score(["a", "b"], ["c"])


def test_beam_search(tiny_model_dir: Path, sentences: list[str]) -> None:
    beam = load_backend("transformers", tiny_model_dir, "tiny", GenerationSettings(beams=3, threads=1, device="cpu"))
    out = beam.translate(sentences[:3])
    assert [bool(t.text) for t in out] == [bool(s.strip()) for s in sentences[:3]]
    assert all(math.isfinite(t.logprob_sum) for t in out)


def test_not_a_marian_directory(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"model_type": "marian"}', encoding="utf-8")
    with pytest.raises(BackendUnavailable, match="missing source.spm, target.spm, vocab.json"):
        TransformersBackend(tmp_path, "broken", SETTINGS)


def test_corrupt_weights(tmp_path: Path, tiny_model_dir: Path) -> None:
    for file in tiny_model_dir.iterdir():
        (tmp_path / file.name).write_bytes(file.read_bytes())
    (tmp_path / "model.safetensors").write_bytes(b"not a safetensors file")
    # the weights are read on first use (the CLI then falls back to text checks, or exits 3
    # with --require-model): construction only checks what needs no torch
    backend = TransformersBackend(tmp_path, "broken", SETTINGS)
    with pytest.raises(BackendUnavailable, match="cannot load a Marian model"):
        backend.translate(["Ein Satz."])


def test_construction_and_identity_need_no_torch(tiny_model_dir: Path) -> None:
    """A re-audit served from the cache builds the backend for its identity only: that must
    not import torch (seconds) or read the weights."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from auditor.backends import load_backend\n"
        "from auditor.backends.base import GenerationSettings\n"
        f"b = load_backend('transformers', Path({str(tiny_model_dir)!r}), 'tiny', GenerationSettings())\n"
        "print(b.identity.startswith('tiny@'), b.max_tokens, 'torch' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    limit = json.loads((tiny_model_dir / "config.json").read_text("utf-8"))["max_position_embeddings"]
    assert out.stdout.split() == ["True", str(limit), "False"]


def test_describe_and_identity(backend: TransformersBackend, tiny_model_dir: Path) -> None:
    info = backend.describe()
    assert info["backend"] == "transformers" and info["model"] == "tiny" and info["device"] == "cpu"
    assert info["settings"]["beams"] == 1
    assert backend.identity.startswith("tiny@")


def test_chunked_scoring_gives_the_same_numbers(backend: TransformersBackend, sentences: list[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import auditor.backends.transformers as module

    sources = [s for s in sentences if s.strip()]
    targets = (["The government in Kyiv.", "Russia sent 10,000 soldiers.", "Yes."] * 3)[: len(sources)]
    whole = backend.score(sources, targets)
    monkeypatch.setattr(module, "LOGITS_BUDGET", 1)  # one row per chunk
    chunked = backend.score(sources, targets)
    assert [t.logprob_sum for t in chunked] == pytest.approx([t.logprob_sum for t in whole], abs=1e-4)
