"""Marian (opus-mt) models through transformers and torch.

MarianMTModel and MarianTokenizer are used directly (transformers 5 has no translation
pipeline) and only ever loaded from a local directory (see auditor.models). Per-sentence
log-probabilities come from forced re-scoring of the generated ids, not from
``generate(output_scores=True)``: a forced EOS step reports score 0 there, and beam scores
include the length penalty.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

from ..checks.base import Translation
from . import BackendUnavailable
from .base import Backend, GenerationSettings


#: logits computed at once when scoring (elements; 8M floats = 32 MB)
LOGITS_BUDGET = 8_000_000

#: files every opus-mt checkpoint has besides its weights
MARIAN_REQUIRED = ("config.json", "source.spm", "target.spm", "vocab.json")


class _Loaded(NamedTuple):
    torch: Any
    device: Any
    tokenizer: Any
    model: Any


def _read_json(path: Path, *, required: bool = True) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if required:
            raise BackendUnavailable(f"cannot read {path}: no such file") from None
        return {}
    except (OSError, ValueError) as exc:
        raise BackendUnavailable(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict):
        raise BackendUnavailable(f"{path} is not a JSON object")
    return data


class TransformersBackend(Backend):
    name: ClassVar[str] = "transformers"

    def __init__(self, model_dir: Path, model_id: str, settings: GenerationSettings) -> None:
        super().__init__(model_dir, model_id, settings)
        # torch and the model are loaded on first use (importing torch alone takes seconds):
        # a re-audit served from the cache never pays for them. What can be checked without
        # them is checked here, so a wrong directory still fails at start-up.
        for module in ("torch", "transformers"):
            if importlib.util.find_spec(module) is None:
                raise BackendUnavailable(f"backend 'transformers' needs {module}, which is not installed")
        missing = [f for f in MARIAN_REQUIRED if not (self.model_dir / f).is_file()]
        if not any((self.model_dir / w).is_file() for w in ("model.safetensors", "pytorch_model.bin")):
            missing.append("model.safetensors or pytorch_model.bin")
        if missing:
            # MarianTokenizer fails on a missing file with an unrelated TypeError
            raise BackendUnavailable(f"cannot load a Marian model from {self.model_dir}: missing {', '.join(missing)}")
        config = _read_json(self.model_dir / "config.json")
        if config.get("model_type") != "marian":
            raise BackendUnavailable(f"{self.model_dir} is not a Marian model (model_type {config.get('model_type')!r})")
        try:
            self.pad_id: int = int(config["pad_token_id"])
            eos = config["eos_token_id"]
            self.eos_id: int = int(eos if isinstance(eos, int) else eos[0])
            start = config.get("decoder_start_token_id")
            self.start_id: int = int(start) if start is not None else self.pad_id
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise BackendUnavailable(f"{self.model_dir / 'config.json'}: no usable special token ids ({exc})") from None
        tokenizer_config = _read_json(self.model_dir / "tokenizer_config.json", required=False)
        limits = [config.get("max_position_embeddings"), tokenizer_config.get("model_max_length")]
        #: longest source (and longest output) in tokens, EOS included
        self.max_tokens: int = min(n for n in limits if isinstance(n, int) and 0 < n < 1_000_000)

    @functools.cached_property
    def _loaded(self) -> _Loaded:
        """torch, the device, the tokenizer and the model, loaded on first use."""
        try:
            import torch
            from transformers import MarianMTModel, MarianTokenizer
        except ImportError as exc:
            raise BackendUnavailable(f"backend 'transformers' needs {exc.name}, which is not installed") from None

        torch.set_num_threads(self.settings.resolved_threads())
        if self.settings.device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        elif self.settings.device.startswith("cuda") and not torch.cuda.is_available():
            raise BackendUnavailable(f"device {self.settings.device!r} requested but torch sees no GPU")
        else:
            device = self.settings.device

        with warnings.catch_warnings():
            # MarianTokenizer only recommends sacremoses (punctuation normalisation); without
            # it the text goes in unnormalised, which is what we want to audit anyway.
            warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
            from transformers.utils import logging as hf_logging

            bar = hf_logging.is_progress_bar_enabled()
            hf_logging.disable_progress_bar()  # the CLI reports progress itself
            try:
                tokenizer = MarianTokenizer.from_pretrained(str(self.model_dir), local_files_only=True)
                model = MarianMTModel.from_pretrained(str(self.model_dir), local_files_only=True)
            except Exception as exc:  # transformers/safetensors raise many types for bad files
                reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                raise BackendUnavailable(
                    f"cannot load a Marian model from {self.model_dir}: {type(exc).__name__}: {reason}"
                ) from None
            finally:
                if bar:
                    hf_logging.enable_progress_bar()
        model.to(torch.device(device))
        model.eval()
        return _Loaded(torch, torch.device(device), tokenizer, model)

    @property
    def _torch(self) -> Any:
        return self._loaded.torch

    @property
    def device(self) -> Any:
        return self._loaded.device

    @property
    def tokenizer(self) -> Any:
        return self._loaded.tokenizer

    @property
    def model(self) -> Any:
        return self._loaded.model

    # ------------------------------------------------------------------ public

    def _translate(self, texts: Sequence[str]) -> list[Translation]:
        results: list[Translation] = [Translation("", 0.0, 0.0, 0)] * len(texts)
        encoded = self._encode_sources(texts)
        for batch in self._batches(encoded):
            for k, translation in zip(batch, self._translate_batch([encoded[k] for k in batch])):
                results[k] = translation
        return results

    def _score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Translation]:
        results: list[Translation] = [Translation(t, 0.0, 0.0, 0) for t in targets]
        encoded = self._encode_sources(sources)
        target_ids = self.tokenizer(text_target=list(targets), verbose=False)["input_ids"]
        target_ids = [self._truncate(list(ids))[0] for ids in target_ids]
        for batch in self._batches(encoded):
            sums = self._score_ids([encoded[k][0] for k in batch], [target_ids[k] for k in batch])
            for k, logprob in zip(batch, sums):
                n = len(target_ids[k])
                results[k] = Translation(targets[k], logprob, logprob / n, n, encoded[k][1])
        return results

    def describe(self) -> dict[str, Any]:
        # The device is known once torch is loaded; describing must not load it (seconds)
        # for a run whose every sentence came from the cache: no device is named then.
        if "_loaded" not in self.__dict__:
            return super().describe()
        return {**super().describe(), "device": str(self.device)}

    # ------------------------------------------------------------------ internals

    def _truncate(self, ids: list[int]) -> tuple[list[int], bool]:
        if len(ids) <= self.max_tokens:
            return ids, False
        return [*ids[: self.max_tokens - 1], self.eos_id], True

    def _cap(self, source_tokens: int) -> int:
        """New tokens allowed for a source of this length; the decoder's positions are
        bounded by the model too (start token + new tokens)."""
        return max(1, min(self.settings.max_new_tokens(source_tokens), self.max_tokens - 1))

    def _encode_sources(self, texts: list[str]) -> list[tuple[list[int], bool]]:
        """Token ids (EOS included) per text, cut to the model's input limit."""
        ids = self.tokenizer(texts, verbose=False)["input_ids"]
        return [self._truncate(list(seq)) for seq in ids]

    def _batches(self, encoded: list[tuple[list[int], bool]]) -> list[list[int]]:
        """Indices into ``encoded``, grouped into batches of similar length (less padding)."""
        order = sorted(range(len(encoded)), key=lambda k: len(encoded[k][0]))
        size = max(1, self.settings.batch_size)
        return [order[i:i + size] for i in range(0, len(order), size)]

    def _pad(self, seqs: list[list[int]]) -> tuple[Any, Any]:
        torch = self._torch
        width = max(len(s) for s in seqs)
        ids = torch.full((len(seqs), width), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(seqs), width), dtype=torch.long)
        for row, seq in enumerate(seqs):
            ids[row, : len(seq)] = torch.tensor(seq, dtype=torch.long)
            mask[row, : len(seq)] = 1
        return ids.to(self.device), mask.to(self.device)

    def _translate_batch(self, batch: list[tuple[list[int], bool]]) -> list[Translation]:
        torch = self._torch
        sources = [ids for ids, _ in batch]
        input_ids, attention_mask = self._pad(sources)
        max_new = self._cap(max(len(s) for s in sources))
        beam_options = {"length_penalty": 1.0, "early_stopping": True} if self.settings.beams > 1 else {}
        with torch.inference_mode():
            sequences = self.model.generate(
                input_ids=input_ids,
                attention_mask=attention_mask,
                num_beams=self.settings.beams,
                do_sample=False,
                max_new_tokens=max_new,
                max_length=None,
                min_length=0,
                num_return_sequences=1,
                **beam_options,
                forced_eos_token_id=self.eos_id,
                bad_words_ids=[[self.pad_id]],  # padding must never be generated: it marks ends
                pad_token_id=self.pad_id,
                eos_token_id=self.eos_id,
                decoder_start_token_id=self.start_id,
            )
        outputs = []
        for source, row in zip(sources, sequences.tolist()):
            generated = row[1:] if row and row[0] == self.start_id else row
            if self.eos_id in generated:
                generated = generated[: generated.index(self.eos_id) + 1]
            else:
                generated = [t for t in generated if t != self.pad_id]
            # Each sentence's own cap (its output must not depend on its batch-mates), ended
            # by EOS as generate() itself ends a capped output (forced_eos_token_id).
            cap = self._cap(len(source))
            if len(generated) > cap or (len(generated) == cap and generated[-1] != self.eos_id):
                generated = [*generated[: cap - 1], self.eos_id]
            outputs.append(generated)
        sums = self._score_ids(sources, outputs)
        texts = self.tokenizer.batch_decode(outputs, skip_special_tokens=True)
        return [
            Translation(text.strip(), logprob, logprob / len(out) if out else 0.0, len(out), truncated)
            for text, logprob, out, (_, truncated) in zip(texts, sums, outputs, batch)
        ]

    def _score_ids(self, sources: list[list[int]], targets: list[list[int]]) -> list[float]:
        """Sum of log P(target token | source, previous tokens) per pair, one forward pass."""
        torch = self._torch
        input_ids, attention_mask = self._pad(sources)
        labels, label_mask = self._pad([t or [self.eos_id] for t in targets])
        decoder_input_ids = torch.cat(
            [torch.full((labels.shape[0], 1), self.start_id, dtype=torch.long, device=self.device), labels[:, :-1]],
            dim=1,
        )
        sums: list[float] = []
        with torch.inference_mode():
            # The decoder states, then the vocabulary projection a few rows at a time: full
            # logits of a batch (32 x 60 x 58k floats) would take ~0.5 GB, twice over with
            # log_softmax. Same computation as MarianMTModel.forward's lm_logits.
            hidden = self.model.model(
                input_ids=input_ids,
                attention_mask=attention_mask,
                decoder_input_ids=decoder_input_ids,
                use_cache=False,
            ).last_hidden_state
            head = self.model.get_output_embeddings()
            bias = getattr(self.model, "final_logits_bias", None)
            rows = max(1, LOGITS_BUDGET // (labels.shape[1] * head.out_features))
            for i in range(0, labels.shape[0], rows):
                logits = head(hidden[i:i + rows])
                if bias is not None:
                    logits = logits + bias
                logprobs = torch.log_softmax(logits.float(), dim=-1)
                picked = logprobs.gather(-1, labels[i:i + rows].unsqueeze(-1)).squeeze(-1) * label_mask[i:i + rows]
                sums.extend(picked.sum(dim=1).tolist())
        return [s if t else 0.0 for s, t in zip(sums, targets)]


__all__ = ["TransformersBackend"]
