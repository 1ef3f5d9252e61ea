"""The narrow interface every translation backend implements.

A backend owns one loaded model. It translates batches (text plus the model's own
log-probabilities) and scores given source/target pairs (forced decoding). Heavy imports
(torch, ctranslate2) happen inside the backend modules, never at auditor import time.
"""

from __future__ import annotations

import abc
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, ClassVar

from ..checks.base import Translation


@dataclass(frozen=True)
class GenerationSettings:
    """Explicit generation settings; recorded in every report and part of the cache key."""

    beams: int = 1
    #: new tokens are capped at ratio * source tokens + extra (never the model's 512):
    #: random or broken models that never emit EOS stop there.
    max_length_ratio: float = 1.5
    max_length_extra: int = 10
    batch_size: int = 32
    #: None: AUDITOR_THREADS if set, else the CPU count
    threads: int | None = None
    #: "auto" uses CUDA when torch sees a GPU
    device: str = "auto"
    #: CTranslate2 only: restrict the output projection to the target language's pieces
    #: plus the source's own pieces (a vocabulary map); other backends ignore it
    shortlist: bool = False

    def max_new_tokens(self, source_tokens: int) -> int:
        return int(self.max_length_ratio * source_tokens) + self.max_length_extra

    def resolved_threads(self) -> int:
        # AUDITOR_THREADS exists for busy machines: with more runnable threads than cores,
        # torch's OpenMP workers spin-wait for each other (measured here: a tiny model went
        # from 2.3 s to 95 s for the seeds with 2 threads on 2 cores shared with other jobs).
        env = os.environ.get("AUDITOR_THREADS", "")
        return self.threads or (int(env) if env.isdigit() and int(env) > 0 else 0) or max(1, os.cpu_count() or 1)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def cache_key(self) -> str:
        """The settings that change the output (threads and device do not)."""
        key = f"beams={self.beams};ratio={self.max_length_ratio};extra={self.max_length_extra}"
        # "decoder-scores": since 2026-11-21 a shortlist run keeps the decoder's
        # log-probabilities (normalised over the shortlist); entries cached before, re-scored
        # over the full vocabulary, must not be mixed into such a run
        return key + ";shortlist=decoder-scores" if self.shortlist else key


class Backend(abc.ABC):
    """One loaded translation model."""

    name: ClassVar[str]

    def __init__(self, model_dir: Path, model_id: str, settings: GenerationSettings) -> None:
        self.model_dir = Path(model_dir)
        self.model_id = model_id
        self.settings = settings

    @property
    def identity(self) -> str:
        """Model identity for cache keys: the model's name and the hash of its weights' config."""
        return f"{self.model_id}@{model_fingerprint(self.model_dir)}"

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        """Translate a batch; one Translation per text, in order. Blank texts get an empty
        translation without a model call."""
        results = [Translation("", 0.0, 0.0, 0)] * len(texts)
        todo = [i for i, text in enumerate(texts) if text.strip()]
        if todo:
            for i, translation in zip(todo, self._translate([texts[i] for i in todo])):
                results[i] = translation
        return results

    def score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Translation]:
        """Forced-decode ``targets`` given ``sources``; the returned text is the target. A
        pair with a blank side scores 0 without a model call."""
        if len(sources) != len(targets):
            raise ValueError(f"score(): {len(sources)} sources but {len(targets)} targets")
        results = [Translation(t, 0.0, 0.0, 0) for t in targets]
        todo = [i for i, (src, tgt) in enumerate(zip(sources, targets)) if src.strip() and tgt.strip()]
        if todo:
            scored = self._score([sources[i] for i in todo], [targets[i] for i in todo])
            for i, translation in zip(todo, scored):
                results[i] = translation
        return results

    # Hooks: the backends fill these; they only ever see non-blank texts.

    @abc.abstractmethod
    def _translate(self, texts: Sequence[str]) -> list[Translation]:
        """Translations of non-blank ``texts``, in order."""

    @abc.abstractmethod
    def _score(self, sources: Sequence[str], targets: Sequence[str]) -> list[Translation]:
        """Forced-decoding log-probabilities of non-blank ``targets`` given ``sources``."""

    def describe(self) -> dict[str, Any]:
        return {"backend": self.name, "model": self.model_id, "settings": self.settings.to_dict()}


def model_fingerprint(model_dir: Path) -> str:
    """A short hash of the files that define a model (config, vocab, weights' size and mtime)."""
    import hashlib

    h = hashlib.sha256()
    for path in sorted(Path(model_dir).iterdir()):
        if path.is_file():
            st = path.stat()
            h.update(f"{path.name}:{st.st_size}".encode())
            if path.suffix in {".json", ".yaml", ".txt"} and st.st_size < 1_000_000:
                h.update(path.read_bytes())
            elif path.suffix in {".safetensors", ".bin"}:
                # Same-sized weights are not the same weights (two random models, a retrained
                # one saved in place): in the HF cache the link names the blob's sha256,
                # elsewhere the modification time stands in for the content.
                h.update((Path(os.path.realpath(path)).name if path.is_symlink() else str(st.st_mtime_ns)).encode())
    return h.hexdigest()[:16]
